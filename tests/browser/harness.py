"""Start JupyterLab or voila on loopback and drive it with headless Chromium.

Used by the browser test suite (tests/browser) and by
benchmarks/bench_browser.py. Recipe measured on the course machines: see the
project notes (STACK.md). Every server is started in its own session with a
parent-death signal and stopped by PID (SIGTERM, wait, SIGKILL of the group),
so a killed test run leaves nothing behind.
"""

from __future__ import annotations

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

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
INSTALL_HINT = ("Chromium is not installed: `sudo apt-get install chromium` (Debian/Ubuntu) "
                "to run the browser tests; .ci/run installs it.")


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent():  # runs in the child between fork and exec
    os.setsid()
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class Server:
    """A Jupyter server (lab or voila) on a free loopback port, in a scratch copy of the notebooks."""

    def __init__(self, kind: str = "lab", notebooks=None, env: dict | None = None,
                 extra_args=(), workdir: Path | None = None):
        self.kind = kind
        self.token = "course-test-token"
        self.port = free_port()
        self.tmp = Path(tempfile.mkdtemp(prefix=f"course-{kind}-"))
        self.root = workdir or self.tmp / "notebooks"
        src = ROOT / "notebooks"
        names = notebooks or [p.name for p in src.glob("*.ipynb")]
        if workdir is None:
            self.root.mkdir(parents=True)
            for n in names:
                shutil.copy(src / n, self.root / n)
        home = self.tmp / "home"
        settings = home / "lab-settings" / "@jupyterlab" / "apputils-extension"
        settings.mkdir(parents=True)
        (settings / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        self.env = dict(os.environ)
        self.env.update({
            "HOME": str(home),
            "JUPYTER_CONFIG_DIR": str(home / "config"),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTER_DATA_DIR_EXTRA": "",
            "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
            "JUPYTERLAB_SETTINGS_DIR": str(home / "lab-settings"),
            "IPYTHONDIR": str(home / "ipython"),
            "MPLCONFIGDIR": str(home / "mpl"),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        })
        self.env.pop("MPLBACKEND", None)  # let the notebooks choose (ipympl)
        self.env.update(env or {})
        if kind == "lab":
            cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
                   f"--port={self.port}", "--ServerApp.port_retries=0",
                   f"--ServerApp.token={self.token}", f"--ServerApp.root_dir={self.root}",
                   "--LabApp.news_url=None"]
            if os.geteuid() == 0:
                cmd.append("--allow-root")
        elif kind == "lecture":  # the README's lecture-mode command, on the first notebook given
            cmd = [sys.executable, "-m", "course_lib.lecture", str(ROOT / "notebooks" / names[0]),
                   f"--port={self.port}", "--no-browser", *extra_args]
        elif kind == "voila":
            cmd = [sys.executable, "-m", "voila", str(self.root), "--no-browser",
                   f"--port={self.port}", "--Voila.ip=127.0.0.1", *extra_args]
        else:
            raise ValueError(f"kind must be 'lab', 'voila' or 'lecture', got {kind!r}")
        self.cmd = cmd + list(extra_args if kind == "lab" else [])
        self.extra_args = extra_args
        self.log = open(self.tmp / "server.log", "w")
        self.proc = None
        self.pids: list[int] = []

    # -- lifecycle ---------------------------------------------------------
    def start(self, timeout: float = 90.0) -> "Server":
        self.proc = subprocess.Popen(self.cmd, env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + timeout
        probe = (f"{self.base}/api/status?token={self.token}" if self.kind == "lab"
                 else f"{self.base}/")
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.kind} exited early:\n{self.read_log()}")
            try:
                with urllib.request.urlopen(probe, timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{self.kind} did not answer within {timeout:.0f} s:\n{self.read_log()}")

    def descendants(self) -> list[int]:
        """PIDs of every process below the server (kernels live in their own sessions)."""
        if self.proc is None:
            return []
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        out, todo = [], [self.proc.pid]
        while todo:
            for child in children.get(todo.pop(), []):
                out.append(child)
                todo.append(child)
        return out

    def stop(self) -> None:
        """SIGTERM the server's group, wait, then SIGKILL it and every recorded descendant."""
        if self.proc is not None and self.proc.poll() is None:
            self.pids = [self.proc.pid, *self.descendants()]
            pgid = os.getpgid(self.proc.pid)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
            for pid in self.pids[1:]:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)
        if not self.log.closed:
            self.log.close()

    def alive(self, wait: float = 10.0) -> list[int]:
        """Which processes recorded at stop() still run after ``wait`` s (zombies count as gone)."""
        deadline = time.monotonic() + wait
        while True:
            alive = []
            for pid in self.pids:
                try:
                    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
                except OSError:
                    continue
                if state != "Z":
                    alive.append(pid)
            if not alive or time.monotonic() > deadline:
                return alive
            time.sleep(0.2)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- helpers -----------------------------------------------------------
    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def read_log(self) -> str:
        self.log.flush()
        return (self.tmp / "server.log").read_text()[-4000:]

    def lab_url(self, notebook: str) -> str:
        return f"{self.base}/lab/tree/{notebook}?reset&token={self.token}"

    def voila_url(self, notebook: str) -> str:
        return f"{self.base}/voila/render/{notebook}"

    def contents(self, notebook: str) -> dict:
        url = f"{self.base}/api/contents/{notebook}?token={self.token}&content=1"
        with urllib.request.urlopen(url, timeout=10) as r:
            return json.load(r)["content"]


@contextlib.contextmanager
def browser(viewport=(1400, 1000)):
    """A headless Chromium page (playwright), closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            ctx = b.new_context(viewport={"width": viewport[0], "height": viewport[1]})
            page = ctx.new_page()
            page.console_errors = []
            page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
            page.on("pageerror", lambda e: page.console_errors.append(str(e)))
            yield page
        finally:
            b.close()


# -- JupyterLab page actions ----------------------------------------------------

KERNEL_IDLE = "text=Python 3 (ipykernel) | Idle"


def open_notebook(page, server: Server, notebook: str, timeout: float = 120_000) -> None:
    page.goto(server.lab_url(notebook))
    page.wait_for_selector(".jp-Notebook", timeout=timeout)
    page.wait_for_selector(KERNEL_IDLE, timeout=timeout)


def run_all(page, timeout: float = 600_000) -> None:
    """Menu Run > Run All Cells, then wait until no cell is queued or running."""
    page.click('.lm-MenuBar-itemLabel:text-is("Run")', timeout=30_000)
    page.click('.lm-Menu-itemLabel:text-is("Run All Cells")', timeout=30_000)
    page.wait_for_timeout(1500)
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-InputArea-prompt')];
            return prompts.length > 0 && prompts.every(p => !p.textContent.includes('*'));
        }""",
        timeout=timeout,
    )
    page.wait_for_selector(KERNEL_IDLE, timeout=timeout)


def close_all(page) -> None:
    """Close every open tab (File > Close All Tabs), discarding nothing: call save() first."""
    page.click('.lm-MenuBar-itemLabel:text-is("File")', timeout=30_000)
    page.click('.lm-Menu-itemLabel:text-is("Close All Tabs")', timeout=30_000)
    page.wait_for_timeout(500)
    dialog = page.query_selector(".jp-Dialog button.jp-mod-accept, .jp-Dialog .jp-mod-warn")
    if dialog:
        dialog.click()


def save(page) -> None:
    page.keyboard.press("Control+s")
    page.wait_for_timeout(1500)


def error_outputs(nb: dict) -> list[str]:
    """Errors recorded in a saved notebook's outputs."""
    out = []
    for i, cell in enumerate(nb["cells"]):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                out.append(f"cell {i}: {o.get('ename')}: {o.get('evalue')}")
    return out


def canvas_snapshot(app):
    """A fingerprint of what an app shows now: ipympl canvas pixels or the inline PNG's src."""
    return app.evaluate(
        """(el) => {
            const c = el.querySelector('.jupyter-matplotlib-canvas-div canvas');
            if (c) return c.toDataURL();
            const img = el.querySelector('.course-figure img, img');
            return img ? img.src : null;
        }"""
    )


def wait_for_change(app, before, timeout_ms: float = 1000) -> float | None:
    """Milliseconds until the app's picture differs from ``before`` (None if it did not).

    Polls inside the page (requestAnimationFrame), so the time measured is
    the page's own, not the round trips of the test driver.
    """
    return app.evaluate(
        """(el, [before, timeout]) => new Promise(resolve => {
            const snap = () => {
                const c = el.querySelector('.jupyter-matplotlib-canvas-div canvas');
                if (c) return c.toDataURL();
                const img = el.querySelector('.course-figure img, img');
                return img ? img.src : null;
            };
            const t0 = performance.now();
            const tick = () => {
                const dt = performance.now() - t0;
                if (snap() !== before) return resolve(dt);
                if (dt > timeout) return resolve(null);
                requestAnimationFrame(tick);
            };
            tick();
        })""",
        [before, timeout_ms],
    )


def press_slider(page, app, index: int = 0, key: str = "ArrowRight") -> float:
    """Focus an app's slider handle and press a key; return performance.now() at the press."""
    handle = app.query_selector_all(".noUi-handle")[index]
    handle.focus()
    t = page.evaluate("() => performance.now()")
    page.keyboard.press(key)
    return t
