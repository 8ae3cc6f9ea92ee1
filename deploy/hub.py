"""Start the course's JupyterHub for a class on this server: one command.

Usage (as root, so that students log in with their own accounts)::

    sudo .venv/bin/python deploy/hub.py                 # port 8000, SystemdSpawner
    sudo .venv/bin/python deploy/hub.py --spawner local --port 8080

It checks the set-up first and stops with one line saying what is missing
(no node, no proxy and no npm to install it, a port in use, ...); it installs
the pinned proxy with ``npm ci`` when ``deploy/node_modules`` is missing; then
it runs ``jupyterhub -f deploy/jupyterhub_config.py`` in the foreground.
Ctrl+C stops the hub, the proxy and every student's server.

The same module starts a hub in the background for the tests and the class
benchmark (:class:`Hub`): in its own session, with a parent-death signal,
stopped by PID; :meth:`Hub.leftovers` says which of its processes and ports
survived the stop.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "jupyterhub_config.py"
PROXY = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
NODE_MIN = 20


class SetupError(RuntimeError):
    """Something the hub needs is missing; the message is one line saying what to do."""


# -- checks ---------------------------------------------------------------------------------


def check_node() -> str:
    """Path of node (>= 20), or :class:`SetupError`."""
    node = shutil.which("node")
    if node is None:
        raise SetupError(f"node (Node.js >= {NODE_MIN}) is not installed; the hub's proxy needs "
                         "it: `sudo apt-get install nodejs npm`")
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30)
        major = int(out.stdout.strip().lstrip("v").split(".")[0])
    except (OSError, ValueError, subprocess.TimeoutExpired):
        raise SetupError(f"{node} --version did not answer: is Node.js installed correctly?")
    if major < NODE_MIN:
        raise SetupError(f"node {out.stdout.strip()} is too old: the proxy needs Node.js >= "
                         f"{NODE_MIN}")
    return node


def ensure_proxy(install: bool = True) -> Path:
    """The pinned configurable-http-proxy, installed with ``npm ci`` if missing."""
    check_node()
    if PROXY.exists():
        return PROXY
    if not install:
        raise SetupError(f"the proxy is not installed: run `npm ci` in {HERE}")
    npm = shutil.which("npm")
    if npm is None:
        raise SetupError("configurable-http-proxy is not installed and npm is missing to install "
                         "it: `sudo apt-get install npm`, then `npm ci` in deploy/")
    try:
        out = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                             cwd=HERE, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        raise SetupError("`npm ci` in deploy/ did not finish in 10 minutes: is the npm "
                         "registry reachable?")
    if out.returncode != 0 or not PROXY.exists():
        lines = [ln for ln in (out.stderr or out.stdout).splitlines() if ln.strip()]
        why = lines[-1].strip() if lines else f"exit code {out.returncode}"
        raise SetupError(f"`npm ci` in deploy/ failed (is the npm registry reachable?): {why}")
    return PROXY


def check_port(ip: str, port: int, what: str) -> None:
    """:class:`SetupError` if ``port`` cannot be bound on ``ip``."""
    with socket.socket() as s:
        try:
            s.bind((ip, port))
        except PermissionError:
            raise SetupError(f"port {port} ({what}) needs root: choose one above 1023")
        except OSError:
            raise SetupError(f"port {port} on {ip} ({what}) is already in use: stop what uses it "
                             f"(`ss -ltnp 'sport = :{port}'`) or choose another port")


def check_python() -> None:
    for module, pip_name in (("jupyterhub", "jupyterhub"),
                             ("jupyterhub_idle_culler", "jupyterhub-idle-culler"),
                             ("course_lib", "the course")):
        try:
            __import__(module)
        except ImportError:
            raise SetupError(f"{pip_name} is not installed in {sys.executable}: run "
                             "`pip install \".[hub]\"` in the course folder")


def check_accounts(group: str, admins: list[str]) -> None:
    """:class:`SetupError` unless the students' group and every admin exist on this system."""
    import grp
    import pwd

    try:
        grp.getgrnam(group)
    except KeyError:
        raise SetupError(f"group {group!r} does not exist: `sudo groupadd {group}`, then add each "
                         f"student with `sudo useradd -m -G {group} NAME` (or choose --group)")
    for name in admins:
        try:
            pwd.getpwnam(name)
        except KeyError:
            raise SetupError(f"admin {name!r} is not a user on this system: `sudo useradd -m "
                             f"{name}` first (the hub logs admins in with their system password)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- processes ------------------------------------------------------------------------------


def _die_with_parent():  # runs in the child between fork and exec
    os.setsid()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def process_tree(root: int) -> list[int]:
    """PIDs below ``root`` (children, grandchildren, ...), from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def running(pid: int) -> bool:
    """True if ``pid`` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _socket_inodes(pids) -> set[str]:
    inodes = set()
    for pid in pids:
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    target = os.readlink(fd)
                    if target.startswith("socket:["):
                        inodes.add(target[8:-1])
    return inodes


def _listening() -> dict[str, int]:
    """Every listening TCP socket on this machine: inode -> port (from /proc/net/tcp*)."""
    out = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                f = line.split()
                if f[3] == "0A":  # LISTEN
                    out[f[9]] = int(f[1].rsplit(":", 1)[1], 16)
    return out


def listening_sockets(pids) -> dict[str, int]:
    """The listening sockets of ``pids``: inode -> port."""
    mine = _socket_inodes(pids)
    return {inode: port for inode, port in _listening().items() if inode in mine}


class Hub:
    """A JupyterHub run from a config file, in the background, stopped by PID.

    Parameters
    ----------
    config : Path
        The JupyterHub config file (``deploy/jupyterhub_config.py`` or one that loads it).
    ip : str
        Address the proxy listens on for students.
    port : int or None
        The proxy's public port (None: a free one).
    env : dict
        Extra environment for the hub (``COURSE_HUB_*`` settings).
    state_dir : Path or None
        Database, cookie secret, pid files and the log (None: a new temporary folder,
        removed by :meth:`cleanup`).
    """

    def __init__(self, config: Path = CONFIG, *, ip: str = "127.0.0.1", port: int | None = None,
                 env: dict | None = None, state_dir: Path | None = None):
        self.config = Path(config).resolve()
        self.ip = ip
        self.port = port or free_port()
        self.hub_port = free_port()
        self.api_port = free_port()
        self._own_state = state_dir is None
        self.state = Path(state_dir or tempfile.mkdtemp(prefix="course-hub-"))
        self.state.mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ)
        self.env.update({
            "COURSE_HUB_IP": ip,
            "COURSE_HUB_PORT": str(self.port),
            "COURSE_HUB_HUB_PORT": str(self.hub_port),
            "COURSE_HUB_PROXY_API_PORT": str(self.api_port),
            "COURSE_HUB_STATE_DIR": str(self.state),
            "COURSE_HUB_PROXY": str(PROXY),
        })
        self.env.update(env or {})
        self.proc: subprocess.Popen | None = None
        self.pids: list[int] = []
        self.sockets: dict[str, int] = {}  # listening sockets at stop(): inode -> port
        self.log_path = self.state / "jupyterhub.log"
        self.log = None

    @property
    def url(self) -> str:
        return f"http://{'127.0.0.1' if self.ip in ('0.0.0.0', '') else self.ip}:{self.port}"

    def preflight(self) -> None:
        """Every check that can fail before starting, as :class:`SetupError`."""
        check_python()
        ensure_proxy()
        for port, what in ((self.port, "the hub's public port"), (self.hub_port, "the hub API"),
                           (self.api_port, "the proxy's API")):
            check_port(self.ip if port == self.port else "127.0.0.1", port, what)

    def start(self, timeout: float = 90.0) -> "Hub":
        self.preflight()
        self.log = open(self.log_path, "w")
        cmd = [sys.executable, "-m", "jupyterhub", "-f", str(self.config)]
        self.proc = subprocess.Popen(cmd, env=self.env, cwd=self.state, stdout=self.log,
                                     stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited early:\n{self.read_log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=2) as r:
                    if r.status == 200 and "version" in json.load(r):
                        return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"jupyterhub did not answer within {timeout:.0f} s:\n{self.read_log()}")

    def descendants(self) -> list[int]:
        return process_tree(self.proc.pid) if self.proc else []

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM the hub (it stops the proxy and the servers), then SIGKILL what is left.

        Records every PID below the hub, and every socket they listen on, first:
        :meth:`leftovers` checks them afterwards.
        """
        if self.proc is not None and self.proc.poll() is None:
            self.pids = [self.proc.pid, *self.descendants()]
            self.sockets = listening_sockets(self.pids)
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
            deadline = time.monotonic() + 10
            while any(running(p) for p in self.pids[1:]) and time.monotonic() < deadline:
                time.sleep(0.2)
            for pid in self.pids:
                if running(pid):
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)
        if self.log is not None and not self.log.closed:
            self.log.close()

    @property
    def ports(self) -> set[int]:
        """The ports the hub's processes listened on when :meth:`stop` began."""
        return set(self.sockets.values())

    def leftovers(self, wait: float = 10.0) -> tuple[list[int], list[int]]:
        """(PIDs still running, ports still listening) of those recorded at :meth:`stop`.

        A port counts while the very socket recorded then still listens (same inode), so
        another program that later takes the same free port number is not blamed.
        """
        deadline = time.monotonic() + wait
        while True:
            pids = [p for p in self.pids if running(p)]
            listening = _listening()
            ports = sorted({port for inode, port in self.sockets.items() if inode in listening})
            if (not pids and not ports) or time.monotonic() > deadline:
                return pids, ports
            time.sleep(0.2)

    def cleanup(self) -> None:
        if self._own_state:
            shutil.rmtree(self.state, ignore_errors=True)

    def read_log(self, chars: int = 4000) -> str:
        if self.log is not None and not self.log.closed:
            self.log.flush()
        try:
            return self.log_path.read_text()[-chars:]
        except OSError:
            return ""

    def __enter__(self) -> "Hub":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        self.cleanup()


# -- the one command ------------------------------------------------------------------------


def default_state_dir() -> Path:
    if os.geteuid() == 0:
        return Path("/var/lib/course-hub")
    return Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state")) / "course-hub"


def main(argv=None) -> int:
    systemd = Path("/run/systemd/system").is_dir()
    p = argparse.ArgumentParser(description="Start the course's JupyterHub for a class.")
    p.add_argument("--ip", default="0.0.0.0", help="address students connect to (default all)")
    p.add_argument("--port", type=int, default=8000, help="public port (default 8000)")
    p.add_argument("--spawner", choices=("systemd", "local"),
                   default="systemd" if systemd else "local",
                   help="systemd: limits enforced per student (cgroups); local: plain "
                        "processes, limits advisory only (default: systemd if it runs here)")
    p.add_argument("--group", default="students",
                   help="system group whose members may log in (default students)")
    p.add_argument("--admins", default="", help="comma-separated admin user names")
    p.add_argument("--mem-limit", default=None, help="per-student memory limit, e.g. 768M")
    p.add_argument("--cpu-limit", default=None, help="per-student CPU limit in cores, e.g. 1")
    p.add_argument("--idle-timeout", type=int, default=3600,
                   help="stop a student's server after this many idle seconds (default 3600)")
    p.add_argument("--state-dir", type=Path, default=None,
                   help="database, cookie secret, logs (default /var/lib/course-hub as root)")
    args = p.parse_args(argv)

    try:
        if args.spawner == "systemd" and not systemd:
            raise SetupError("--spawner systemd needs systemd running on this machine; use "
                             "--spawner local (limits then advisory only)")
        if os.geteuid() != 0:
            raise SetupError("run as root (sudo): the hub logs students in with their system "
                             "passwords and starts each server as that student")
        check_python()
        check_accounts(args.group, [a for a in args.admins.split(",") if a])
        proxy = ensure_proxy()
        check_port(args.ip, args.port, "the hub's public port")
        check_port("127.0.0.1", 8081, "the hub API")
        check_port("127.0.0.1", 8001, "the proxy's API")
    except SetupError as e:
        print(f"course hub: {e}", file=sys.stderr)
        return 2

    state = args.state_dir or default_state_dir()
    state.mkdir(parents=True, exist_ok=True, mode=0o700)
    env = dict(os.environ)
    env.update({
        "COURSE_HUB_IP": args.ip, "COURSE_HUB_PORT": str(args.port),
        "COURSE_HUB_HUB_PORT": "8081", "COURSE_HUB_PROXY_API_PORT": "8001",
        "COURSE_HUB_STATE_DIR": str(state), "COURSE_HUB_PROXY": str(proxy),
        "COURSE_HUB_SPAWNER": args.spawner, "COURSE_HUB_GROUP": args.group,
        "COURSE_HUB_ADMINS": args.admins, "COURSE_HUB_IDLE_TIMEOUT": str(args.idle_timeout),
    })
    if args.mem_limit:
        env["COURSE_HUB_MEM_LIMIT"] = args.mem_limit
    if args.cpu_limit:
        env["COURSE_HUB_CPU_LIMIT"] = args.cpu_limit
    print(f"course hub: http://{args.ip}:{args.port}/ (spawner {args.spawner}, state in {state}); "
          "Ctrl+C stops it", flush=True)
    os.chdir(state)
    os.execve(sys.executable, [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)], env)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
