# JupyterHub configuration for teaching the course to a class on ONE server.
#
# Start it with `python deploy/hub.py` (see deploy/README.md), which checks the set-up
# (node, the proxy, free ports), fills in the COURSE_HUB_* environment variables read
# below and runs `jupyterhub -f deploy/jupyterhub_config.py`. Running jupyterhub on this
# file directly also works; every setting then takes the default shown here.
#
# The parts:
#   * JupyterHub (pip) with configurable-http-proxy (npm, pinned in deploy/package.json,
#     installed into deploy/node_modules by `npm ci`);
#   * local users: the system's users log in with their password (PAM), members of the
#     group COURSE_HUB_GROUP (default "students"), plus the admins in COURSE_HUB_ADMINS;
#   * a local spawner, one Jupyter server per student, running as that student:
#       COURSE_HUB_SPAWNER=systemd  SystemdSpawner: each server is a transient systemd unit;
#                                   mem_limit -> MemoryMax= and cpu_limit -> CPUQuota= of the
#                                   unit's cgroup. ENFORCED by the kernel: a student's server
#                                   and all its kernels together cannot use more (a kernel
#                                   that exceeds it is OOM-killed; CPU is throttled).
#       COURSE_HUB_SPAWNER=local    LocalProcessSpawner: plain processes (setuid to the user).
#                                   The limits are NOT enforced: they are only passed to the
#                                   server as MEM_LIMIT / CPU_LIMIT environment variables
#                                   (advisory; e.g. jupyter-resource-usage displays them).
#     On Kubernetes (Zero to JupyterHub, deploy/z2jh/values.yaml) the same numbers become the
#     pod's requests (guarantees) and limits: enforced by the kubelet/cgroups.
#   * idle culling: jupyterhub-idle-culler as a hub-managed service stops servers idle for
#     COURSE_HUB_IDLE_TIMEOUT seconds; inside each server, kernels without an open notebook
#     are shut down after COURSE_HUB_KERNEL_IDLE_TIMEOUT seconds;
#   * the course preinstalled for every user: the course's Python package lives in the
#     environment the hub runs in (every server and kernel uses it), and the notebooks are
#     copied into ~/course of each student when their server starts (files the student
#     already has are never overwritten, so their work survives; new notebooks are added).
#
# The per-user numbers below come from benchmarks/bench_class.py (README "Teaching a
# class", deploy/README.md).

import os
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def env(name, default):
    value = os.environ.get(f"COURSE_HUB_{name}")
    return default if value in (None, "") else value


STATE = Path(env("STATE_DIR", str(HERE / "state")))
STATE.mkdir(parents=True, exist_ok=True, mode=0o700)
NOTEBOOKS = Path(env("NOTEBOOKS", str(REPO / "notebooks")))

# -- network: students reach the proxy; the hub and the proxy's API stay on loopback --------
c.JupyterHub.bind_url = f"http://{env('IP', '0.0.0.0')}:{env('PORT', '8000')}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{env('HUB_PORT', '8081')}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env('PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [
    env("PROXY", str(HERE / "node_modules" / ".bin" / "configurable-http-proxy"))
]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
# Stopping the hub stops the proxy and every student's server (and so their kernels).
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
# A whole class logs in within minutes: let them all start at once.
c.JupyterHub.concurrent_spawn_limit = int(env("CONCURRENT_SPAWNS", "200"))
c.JupyterHub.active_server_limit = int(env("ACTIVE_SERVERS", "0"))  # 0: no limit

# -- users: the machine's own accounts (PAM) ---------------------------------------------
c.JupyterHub.authenticator_class = "pam"
c.LocalAuthenticator.allowed_groups = set(filter(None, env("GROUP", "students").split(",")))
c.Authenticator.admin_users = set(filter(None, env("ADMINS", "").split(",")))

# -- one server per student ----------------------------------------------------------------
SPAWNER = env("SPAWNER", "systemd")
if SPAWNER == "systemd":
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
    c.SystemdSpawner.isolate_tmp = True  # each student their own /tmp
    c.SystemdSpawner.disable_user_sudo = True
elif SPAWNER == "local":
    c.JupyterHub.spawner_class = "localprocess"
else:  # the launcher checks this too; keep a clear message for direct use
    raise ValueError(f"COURSE_HUB_SPAWNER must be 'systemd' or 'local', got {SPAWNER!r}")

# Per-user limits (a student's server plus all its kernels), the same numbers as
# deploy/z2jh/values.yaml. See the header for which spawner enforces them. Measured
# (benchmarks/bench_class.py): server ~150 MB, each open notebook's kernel ~150 MB (PSS;
# peak RSS 181-188 MB for notebook 01), so one notebook ~300 MB and all five ~880 MB.
# Guarantee: two notebooks open. Limit: all five open at once.
c.Spawner.mem_guarantee = env("MEM_GUARANTEE", "512M")  # used by Kubernetes; advisory here
c.Spawner.mem_limit = env("MEM_LIMIT", "1G")
# CPU: a class of 40 shares 2 cores (0.05 core each on average); one student never gets
# more than one core, so a slow button cannot stall everybody else's sliders.
c.Spawner.cpu_guarantee = float(env("CPU_GUARANTEE", "0.05"))  # used by Kubernetes
c.Spawner.cpu_limit = float(env("CPU_LIMIT", "1"))

# The server runs from the hub's own environment: the course's package is importable in
# every kernel without anything installed per user.
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab/tree/course/00_start_here.ipynb"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {
    "JUPYTER_PLATFORM_DIRS": "1",
    # numpy/OpenBLAS: one thread per kernel. A class shares the cores; a student's kernel
    # that spins up a BLAS thread per core only adds contention.
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}
c.Spawner.args = [
    # Kernels left running without an open notebook are shut down (their memory freed).
    f"--MappingKernelManager.cull_idle_timeout={env('KERNEL_IDLE_TIMEOUT', '1200')}",
    "--MappingKernelManager.cull_interval=120",
    "--MappingKernelManager.cull_connected=False",
    # Kernel messages are relayed, not re-parsed, when the front end speaks the v1
    # websocket protocol (JupyterLab 4 does); the iopub rate limit would parse every
    # message's header again to count it, and a course kernel does not flood output.
    "--ZMQChannelsWebsocketConnection.limit_rate=False",
    # Frames leave at once: tornado keeps Nagle's algorithm on for websockets, which held
    # each frame up to 40 ms for the proxy's delayed ACK (course_lib/server.py; a move's
    # frame through the hub: median 48 -> 19 ms).
    "--ServerApp.kernel_websocket_connection_class="
    "course_lib.server.NoDelayKernelWebsocketConnection",
]
# A whole class logging in at once is CPU-bound: on 2 cores, 40 servers and their first
# Run All take minutes (benchmarks/bench_class.py measures it); do not fail them meanwhile.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 180


def copy_course(spawner):
    """Put the course's notebooks into ~/course, keeping every file the student has."""
    home = getattr(spawner, "home_dir", None)
    uid = gid = None
    if not home:
        import pwd

        try:
            entry = pwd.getpwnam(spawner.user.name)
        except KeyError:
            return  # no such system user (the spawner will say so)
        home, uid, gid = entry.pw_dir, entry.pw_uid, entry.pw_gid
    target = Path(home) / "course"
    target.mkdir(parents=True, exist_ok=True)
    made = [target]
    for nb in sorted(NOTEBOOKS.glob("*.ipynb")):
        dest = target / nb.name
        if not dest.exists():
            shutil.copyfile(nb, dest)
            made.append(dest)
    if uid is not None and os.geteuid() == 0:
        for path in made:
            os.chown(path, uid, gid)


# One fixed port per student's server: SERVER_PORT_BASE + the student's id in the hub,
# below Linux's ephemeral range (32768-60999), where every kernel binds its five random
# ports. JupyterHub's own choice (a random port, released, bound by the server a few
# seconds later: jupyterhub#3005) lost that race with 40 students spawning at once: in
# benchmarks/bench_class.py one student of 40 got another student's server, once a spawn
# failed. Ids up to 12,000 stay below the ephemeral range with the default base.
SERVER_PORT_BASE = int(env("SERVER_PORT_BASE", "20000"))


def pre_spawn(spawner):
    """A fixed port for the student's server, and the course in ~/course."""
    spawner.port = SERVER_PORT_BASE + spawner.user.id
    copy_course(spawner)


c.Spawner.pre_spawn_hook = pre_spawn

# -- idle culling ------------------------------------------------------------------------
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable, "-m", "jupyterhub_idle_culler",
            f"--timeout={env('IDLE_TIMEOUT', '3600')}",
            f"--cull-every={env('CULL_EVERY', '300')}",
        ],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
