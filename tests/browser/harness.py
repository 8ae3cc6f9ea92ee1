"""Start JupyterLab or voila on loopback and drive it with headless Chromium.

Used by the browser test suite (tests/browser) and by
benchmarks/bench_browser.py. Recipe measured on the course machines: see the
project notes (STACK.md). Every server is started in its own session with a
parent-death signal and stopped by PID (SIGTERM, wait, SIGKILL of the group),
so a killed test run leaves nothing behind.

Three parts:

* :class:`Server`: JupyterLab (its app object exposed to the page, so the
  suite can open notebooks, toggle the file browser and ask the kernel
  without reloading Lab), voila, or lecture mode (``python -m
  course_lib.lecture``), each in a scratch copy of the notebooks;
* :func:`launch` / :func:`new_page`: Chromium and one page per window
  :class:`Size` (device scale factor included), console errors and
  requests that leave the machine recorded;
* :class:`LabPage`: one JupyterLab page that opens notebook after notebook,
  runs them, reads the apps' state from the kernel, and measures overflow.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
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
TOLERANCE_PX = 1.0
"""How far (CSS px) an element may reach past the edge of the column before it counts."""


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


# -- window sizes ------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    """A browser window: CSS pixels and device pixel ratio."""

    width: int
    height: int
    scale: float = 1.0

    @property
    def name(self) -> str:
        tail = f"-dpr{self.scale:g}" if self.scale != 1 else ""
        return f"{self.width}x{self.height}{tail}"

    def __str__(self) -> str:
        return self.name


LAPTOP = Size(1280, 800)  # the new user: JupyterLab's default layout, file browser open
PROJECTOR = Size(1024, 768)
HIDPI = Size(1920, 1080, 2.0)  # a 1080p screen at device scale 2 (live and inline pixels x2)
WIDE = Size(1920, 1080)
LAB_SIZES = (LAPTOP, PROJECTOR, HIDPI)


# -- servers -----------------------------------------------------------------------


class Server:
    """JupyterLab, voila or lecture mode on a free loopback port, in a scratch copy of the
    notebooks."""

    def __init__(self, kind: str = "lab", notebooks=None, env: dict | None = None,
                 extra_args=(), workdir: Path | None = None):
        self.kind = kind
        self.token = "course-test-token"
        self.port = free_port()
        self.tmp = Path(tempfile.mkdtemp(prefix=f"course-{kind}-"))
        self.root = workdir or self.tmp / "notebooks"
        src = ROOT / "notebooks"
        names = notebooks or sorted(p.name for p in src.glob("*.ipynb"))
        self.notebooks = list(names)
        if workdir is None:
            self.root.mkdir(parents=True)
            for n in names:
                shutil.copy(src / n, self.root / n)
        home = self.tmp / "home"
        settings = home / "lab-settings" / "@jupyterlab" / "apputils-extension"
        settings.mkdir(parents=True)
        (settings / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        # No autosave: a notebook saved with its outputs would show, when opened again in
        # another page, widget views whose models are gone ("widget model not found").
        docmanager = home / "lab-settings" / "@jupyterlab" / "docmanager-extension"
        docmanager.mkdir(parents=True)
        (docmanager / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
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
                   "--LabApp.news_url=None",
                   # window.jupyterapp: open notebooks, toggle the sidebar, ask the kernel
                   "--LabApp.expose_app_in_browser=True", *extra_args]
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
        self.cmd = cmd
        self.extra_args = extra_args
        self.log = open(self.tmp / "server.log", "w")
        self.proc = None
        self.pids: list[int] = []

    # -- lifecycle ---------------------------------------------------------
    def launch(self) -> "Server":
        """Start the process without waiting for it to answer (see :meth:`wait_ready`)."""
        self.proc = subprocess.Popen(self.cmd, env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        return self

    def wait_ready(self, timeout: float = 120.0) -> "Server":
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

    def start(self, timeout: float = 120.0) -> "Server":
        return self.launch().wait_ready(timeout)

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

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()

    # -- helpers -----------------------------------------------------------
    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def read_log(self) -> str:
        self.log.flush()
        return (self.tmp / "server.log").read_text()[-4000:]

    def lab_url(self, notebook: str | None = None) -> str:
        path = f"/tree/{notebook}" if notebook else ""
        return f"{self.base}/lab{path}?reset&token={self.token}"


# -- the browser -------------------------------------------------------------------

LOCAL_URL = re.compile(r"^(https?|wss?)://(127\.0\.0\.1|localhost)(:\d+)?/")
NOT_LOCAL = re.compile(r"^(?!(https?|wss?)://(127\.0\.0\.1|localhost)(:\d+)?/)")


def launch(playwright):
    """Headless Debian Chromium (``playwright install`` is neither needed nor possible here)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def new_page(browser, size: Size = LAPTOP, offline: bool = False):
    """A page in a context of its own at ``size``; ``offline``: nothing leaves the machine.

    The page records ``console_errors`` (console errors and uncaught
    exceptions) and ``external_requests`` (every request to anything but
    127.0.0.1, which ``offline`` aborts: a lecture hall without network).
    """
    ctx = browser.new_context(viewport={"width": size.width, "height": size.height},
                              device_scale_factor=size.scale)
    page = ctx.new_page()
    page.size = size
    page.console_errors = []
    page.external_requests = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    if offline:
        def block(route):
            page.external_requests.append(route.request.url)
            route.abort("internetdisconnected")
        ctx.route(NOT_LOCAL, block)
    else:
        page.on("request", lambda r: None if LOCAL_URL.match(r.url) or r.url.startswith(
            ("data:", "blob:")) else page.external_requests.append(r.url))
    return page


# -- what a page shows ---------------------------------------------------------------

APP_NAME_JS = """(el) => {
    const c = [...el.classList].find(c => c.startsWith('course-app-'));
    return c ? c.slice('course-app-'.length) : 'App';
}"""

SNAPSHOT_JS = """(el) => {
    const c = el.querySelector('.jupyter-matplotlib-canvas-div canvas');
    if (c) return c.toDataURL();
    const img = el.querySelector('.course-figure img, img.course-figure, img');
    return img ? img.src : null;
}"""

# Every output area of the page (or of the notebook panel ``root``), each scrolled into view
# (JupyterLab skips the layout of cells out of view), measured against the column: the
# output area's own box. An element that reaches past the right edge of the column or of
# the nearest box that clips it, a box that clips or scrolls its content sideways, an
# output area that scrolls, or a column wider than the visible notebook: each is a problem.
OVERFLOW_JS = r"""async ([rootSelector, tol]) => {
    const root = (rootSelector && document.querySelector(rootSelector)) || document.body;
    const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const describe = el => {
        const skip = /^(lm-|jupyter-widgets$|widget-inline-hbox$|jp-mod-)/;
        const cls = [...el.classList].filter(c => !skip.test(c)).slice(0, 3);
        const text = (el.textContent || '').trim().replace(/\s+/g, ' ');
        const quote = text && text.length <= 40 && !el.querySelector('canvas, img, svg')
            ? ` "${text}"` : '';
        return el.tagName.toLowerCase() + (cls.length ? '.' + cls.join('.') : '') + quote;
    };
    const scrollerOf = el => {
        for (let p = el.parentElement; p; p = p.parentElement) {
            const oy = getComputedStyle(p).overflowY;
            if ((oy === 'auto' || oy === 'scroll') && p.scrollHeight > p.clientHeight) return p;
        }
        return document.scrollingElement;
    };
    const outputs = [...root.querySelectorAll('.jp-OutputArea-output')];
    const result = [];
    for (let index = 0; index < outputs.length; index++) {
        const o = outputs[index];
        if (!o.getClientRects().length) continue;
        o.scrollIntoView({block: 'start'});
        scrollerOf(o).scrollLeft = 0;  // a wide output may have scrolled the notebook sideways
        await frame();
        const r = o.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const app = o.querySelector('.course-app');
        const appName = app && ([...app.classList].find(c => c.startsWith('course-app-')) ||
                                 'course-app-App').slice('course-app-'.length);
        const kind = appName || (o.querySelector('img') ? 'figure' :
                                 o.querySelector('canvas') ? 'canvas' : 'text');
        const rec = {index, kind, app: appName, column: o.clientWidth, problems: [],
                     canvases: [], images: []};
        const problem = (what, px) => rec.problems.push({what, px: Math.round(px * 10) / 10});
        if (o.scrollWidth > o.clientWidth + tol)
            problem('the output area scrolls sideways', o.scrollWidth - o.clientWidth);
        const scroller = scrollerOf(o);
        const sr = scroller.getBoundingClientRect();
        const visibleRight = scroller === document.scrollingElement ? window.innerWidth
                                                                   : sr.left + scroller.clientWidth;
        if (r.right > visibleRight + tol)
            problem('the column reaches past the visible notebook', r.right - visibleRight);
        const columnRight = r.left + o.clientLeft + o.clientWidth;
        // The clip in force inside each element visited (an absolutely positioned element
        // is clipped by the boxes around its containing block, not by those around it).
        const clips = new Map([[o, [columnRight, 'the column']]]);
        const walk = (el, clipRight, clipName) => {
            for (const child of el.children) {
                const cs = getComputedStyle(child);
                // ipympl's toolbar is hidden until the pointer is over the figure: count it
                const hover = child.classList.contains('jupyter-matplotlib-toolbar');
                if (cs.display === 'none' || (cs.visibility === 'hidden' && !hover)) continue;
                let [right0, name0] = [clipRight, clipName];
                if (cs.position === 'absolute' || cs.position === 'fixed') {
                    const cb = cs.position === 'fixed' ? null : child.offsetParent;
                    [right0, name0] = clips.get(cb) || [columnRight, 'the column'];
                }
                const cr = child.getBoundingClientRect();
                const tag = child.tagName.toLowerCase();
                // ipympl's picture is the first canvas of its div (the next: rubber band)
                if (tag === 'canvas' && cr.width > 0 && child === child.parentElement
                        .querySelector('canvas'))
                    rec.canvases.push({right: cr.right - columnRight, css: cr.width,
                                       backing: child.width});
                if (tag === 'img' && cr.width > 0)
                    rec.images.push({right: cr.right - columnRight, css: cr.width,
                                     natural: child.naturalWidth});
                let reported = false;
                if (cr.width > 0 && cr.height > 0 && cr.right > right0 + tol) {
                    problem(`${describe(child)} reaches past ${name0}`, cr.right - right0);
                    reported = true;
                }
                let next = right0, nextName = name0;
                if (cs.overflowX !== 'visible') {
                    if (child.scrollWidth > child.clientWidth + tol && child.clientWidth > 0) {
                        const how = cs.overflowX === 'hidden' || cs.overflowX === 'clip'
                            ? 'clips' : 'scrolls';
                        problem(`${describe(child)} ${how} its content sideways`,
                                child.scrollWidth - child.clientWidth);
                        reported = true;
                    }
                    const right = cr.left + child.clientLeft + child.clientWidth;
                    if (right < next) { next = right; nextName = describe(child); }
                }
                clips.set(child, [next, nextName]);
                if (!reported) walk(child, next, nextName);
            }
        };
        walk(o, columnRight, 'the column');
        result.push(rec);
    }
    // The notebook (or page) as a whole: does it scroll sideways, and what makes it?
    const first = outputs[0] || root.querySelector('.jp-Cell');
    if (first) {
        const scroller = scrollerOf(first);
        if (scroller.scrollWidth > scroller.clientWidth + tol) {
            const sr = scroller.getBoundingClientRect();
            const right = scroller === document.scrollingElement ? window.innerWidth
                                                                 : sr.left + scroller.clientWidth;
            const cells = [...root.querySelectorAll('.jp-Cell')];
            const rec = {index: -1, kind: 'notebook', app: null, column: scroller.clientWidth,
                         problems: [], canvases: [], images: []};
            // What makes it scroll: the outermost elements past the edge that no box between
            // them and the scroller clips.
            const contained = el => {
                for (let a = el.parentElement; a && a !== scroller; a = a.parentElement) {
                    const ox = getComputedStyle(a).overflowX;
                    if (ox !== 'visible' && a.getBoundingClientRect().right <= right + tol)
                        return true;
                }
                return false;
            };
            const past = [...scroller.querySelectorAll('*')].filter(el => {
                const r = el.getBoundingClientRect();
                return r.width > 0 && r.right > right + tol;
            });
            const set = new Set(past);
            const culprits = past.filter(el => !set.has(el.parentElement) && !contained(el))
                                 .map(el => [el, el.getBoundingClientRect().right - right]);
            rec.problems.push({what: 'the notebook scrolls sideways', px:
                               scroller.scrollWidth - scroller.clientWidth});
            for (const [el, px] of culprits.slice(0, 5)) {
                const cell = el.closest('.jp-Cell');
                const kind = !cell ? 'not in a cell' :
                    cell.classList.contains('jp-MarkdownCell') ? 'markdown' : 'code';
                rec.problems.push({what: `cell ${cells.indexOf(cell)} (${kind}): ${describe(el)}`
                                         + ' reaches past the visible notebook',
                                   px: Math.round(px * 10) / 10});
            }
            result.push(rec);
        }
    }
    return result;
}"""


def measure_overflow(page, root: str | None = None) -> list[dict]:
    """For every output area: what reaches past the column, and its canvases and images.

    Returns one dict per visible output area: ``index``, ``kind`` (an app's
    class name, "figure" or "text"), ``app``, ``column`` (px), ``problems``
    (``{"what", "px"}``: how far past the edge, or how much scrolls), and
    ``canvases`` / ``images`` (right edge relative to the column's, CSS and
    backing / natural widths in px).
    """
    return page.evaluate(OVERFLOW_JS, [root, TOLERANCE_PX])


def hidpi_problems(records: list[dict], ratio: float) -> list[tuple[str, str]]:
    """Canvases and images drawn at fewer than ``ratio`` device pixels per CSS pixel.

    Returns ``(kind, sentence)`` pairs (kind: the app's class name or "figure").
    """
    out = []
    for rec in records:
        pictures = [("canvas", c["css"], c["backing"]) for c in rec["canvases"]]
        pictures += [("image", m["css"], m["natural"]) for m in rec["images"]]
        for what, css, pixels in pictures:
            if css >= 32 and pixels < ratio * css - 2:
                out.append((rec["kind"], f"output {rec['index']} ({rec['kind']}): {what} "
                            f"{css:.0f} CSS px wide has {pixels} px ({pixels / css:.2f}x, "
                            f"want {ratio:g}x)"))
    return out


def app_name(app) -> str:
    return app.evaluate(APP_NAME_JS)


def canvas_snapshot(app):
    """A fingerprint of what an app shows now: ipympl canvas pixels or the inline PNG's src."""
    return app.evaluate(SNAPSHOT_JS)


def wait_for_change(app, before, timeout_ms: float = 15_000) -> float | None:
    """Milliseconds until the app's picture differs from ``before`` (None if it did not).

    Polls inside the page (requestAnimationFrame), so the time measured is
    the page's own, not the round trips of the test driver.
    """
    return app.evaluate(
        """(el, [before, timeout]) => new Promise(resolve => {
            const snap = """ + SNAPSHOT_JS + """;
            const t0 = performance.now();
            const tick = () => {
                const dt = performance.now() - t0;
                if (snap(el) !== before) return resolve(dt);
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


def save_png(data_url: str | None, path: Path) -> None:
    if data_url and data_url.startswith("data:image/png;base64,"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data_url.split(",", 1)[1]))


SCROLL_ON_JS = """(el) => {
    let s = el.parentElement;
    for (; s; s = s.parentElement) {
        const oy = getComputedStyle(s).overflowY;
        if ((oy === 'auto' || oy === 'scroll') && s.scrollHeight > s.clientHeight) break;
    }
    s = s || document.scrollingElement;
    const r = el.getBoundingClientRect();
    const view = s === document.scrollingElement ? window.innerHeight
                                                 : s.getBoundingClientRect().bottom;
    if (r.bottom <= view + 1) return false;
    s.scrollBy(0, Math.min(r.bottom - view, 0.85 * s.clientHeight));
    return true;
}"""


def screenshot_of(page, element, path: Path, max_parts: int = 3,
                  scale: str = "device") -> list[Path]:
    """What the learner sees of ``element``: the window scrolled to its top, then further down.

    An element taller than the window gives up to ``max_parts`` pictures
    (``name.png``, ``name_2.png``, ...), each a window's worth, as the
    learner scrolls through it; an element screenshot would hide what
    reaches past the column and is unreliable inside JupyterLab's scroller.
    ``scale`` "css" takes a HiDPI window at one pixel per CSS pixel (cheaper).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    element.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(150)
    paths = []
    for part in range(1, max_parts + 1):
        p = path if part == 1 else path.with_name(f"{path.stem}_{part}{path.suffix}")
        page.screenshot(path=str(p), scale=scale)
        paths.append(p)
        if part == max_parts or not element.evaluate(SCROLL_ON_JS):
            break
        page.wait_for_timeout(150)
    return paths


# -- JupyterLab --------------------------------------------------------------------

# Kernel-side helpers, run with exec() in a namespace of their own (the notebook's stays clean).
KERNEL_STATE = r"""
import json
from course_lib.apps.base import App, lecture_scale
out = []
for a in App.instances():
    d = dict(cls=type(a).__name__, column=a.column_px, size=list(a._size), narrow=a.narrow,
             live=a.live, n=a.n_updates, ratio=a.device_ratio,
             css_width=round(a._size[0] * 100 * lecture_scale()),
             params={k: (v if isinstance(v, (int, float, str, bool)) else repr(v))
                     for k, v in a.params.items()},
             error=None if a.last_error is None else
             f"{type(a.last_error).__name__}: {a.last_error}")
    if hasattr(a, "starts"):
        d["starts"] = [[float(x), float(y)] for x, y in a.starts]
    if hasattr(a, "drawing"):
        d["drawing"] = [[int(v) for v in row] for row in a.drawing]
    out.append(d)
print(json.dumps(out))
"""

# Where a data point of an axes is on the figure, as fractions from the bottom left.
KERNEL_POINT = r"""
import json
from course_lib.apps.base import App
a = App.instances()[{index}]
ax = {axes}
x, y = {point}
fx, fy = a.fig.transFigure.inverted().transform(ax.transData.transform((x, y)))
(x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
bb = ax.get_position()
print(json.dumps(dict(fx=float(fx), fy=float(fy), x_per_fig=float((x1 - x0) / bb.width),
                      y_per_fig=float((y1 - y0) / bb.height))))
"""


# A coarse fingerprint of what the app's figure holds now: mean grey level of n x n blocks of
# its pixel buffer (the pixels ipympl sends, or the inline PNG), and the buffer's size.
KERNEL_GRID = r"""
import json
import numpy as np
from course_lib.apps.base import App
a = App.instances()[{index}]
buf = np.asarray(a.fig.canvas.buffer_rgba())[..., :3].astype(float).mean(axis=2)
h, w = buf.shape
n = {n}
ys = [i * h // n for i in range(n + 1)]
xs = [j * w // n for j in range(n + 1)]
grid = [[float(buf[ys[i]:ys[i + 1], xs[j]:xs[j + 1]].mean()) for j in range(n)] for i in range(n)]
print(json.dumps(dict(w=w, h=h, grid=grid)))
"""

# The same fingerprint of what the page shows: the live canvas's backing store, or the
# inline picture's own pixels.
PAGE_GRID_JS = """async (el, n) => {
    let src = el.querySelector('.jupyter-matplotlib-canvas-div canvas');
    if (!src) {
        const img = el.querySelector('.course-figure img, img.course-figure, img');
        if (!img) return null;
        await img.decode().catch(() => null);
        src = document.createElement('canvas');
        src.width = img.naturalWidth;
        src.height = img.naturalHeight;
        src.getContext('2d').drawImage(img, 0, 0);
    }
    const w = src.width, h = src.height;
    if (!w || !h) return {w, h, grid: null};
    const d = src.getContext('2d').getImageData(0, 0, w, h).data;
    const grid = [];
    for (let i = 0; i < n; i++) {
        const y0 = Math.floor(i * h / n), y1 = Math.floor((i + 1) * h / n);
        const row = [];
        for (let j = 0; j < n; j++) {
            const x0 = Math.floor(j * w / n), x1 = Math.floor((j + 1) * w / n);
            let sum = 0;
            for (let y = y0; y < y1; y++)
                for (let x = x0; x < x1; x++) {
                    const k = 4 * (y * w + x);
                    sum += (d[k] + d[k + 1] + d[k + 2]) / 3;
                }
            row.push(sum / Math.max(1, (y1 - y0) * (x1 - x0)));
        }
        grid.push(row);
    }
    return {w, h, grid};
}"""


def grid_difference(kernel: dict, page: dict | None) -> str | None:
    """None if the page shows the kernel's figure; else what differs, in a sentence."""
    if page is None or page.get("grid") is None:
        return "the page shows no picture"
    if (page["w"], page["h"]) != (kernel["w"], kernel["h"]):
        return (f"the page's picture has {page['w']} x {page['h']} pixels, the kernel's figure "
                f"{kernel['w']} x {kernel['h']}")
    diffs = [abs(a - b) for ra, rb in zip(kernel["grid"], page["grid"]) for a, b in zip(ra, rb)]
    bad = [d for d in diffs if d > 4.0]  # grey levels of 255: more than rounding
    if not bad:
        return None
    return (f"{len(bad)} of {len(diffs)} blocks differ from the kernel's figure (by up to "
            f"{max(bad):.0f} grey levels of 255): a stale, cropped or missing frame")


class LabPage:
    """One JupyterLab page: open notebook after notebook in it, without reloading Lab."""

    PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

    def __init__(self, page, server: Server):
        self.page = page
        self.server = server
        self.notebook: str | None = None

    @property
    def size(self) -> Size:
        return self.page.size

    def start(self, timeout: float = 180_000) -> "LabPage":
        self.page.goto(self.server.lab_url())
        self.page.wait_for_function("() => window.jupyterapp !== undefined", timeout=timeout)
        self.page.evaluate("async () => { await window.jupyterapp.restored; }")
        self.page.wait_for_selector("#filebrowser", timeout=timeout)
        return self

    # -- notebooks ---------------------------------------------------------
    def open(self, notebook: str, timeout: float = 180_000) -> None:
        """Open a fresh copy of ``notebook`` (as committed) in a new tab; wait for its kernel."""
        shutil.copy(ROOT / "notebooks" / notebook, self.server.root / notebook)
        self.page.evaluate(
            """async (path) => {
                const panel = await window.jupyterapp.commands.execute('docmanager:open',
                                                                       {path});
                window.__coursePanel = panel;
                await panel.context.ready;
                await panel.sessionContext.ready;
            }""", notebook)
        self.page.wait_for_function(
            """() => {
                const k = window.__coursePanel.sessionContext.session?.kernel;
                return k && k.connectionStatus === 'connected' && k.status === 'idle';
            }""", timeout=timeout)
        self.page.wait_for_selector(f"{self.PANEL} .jp-Notebook", timeout=timeout)
        self.notebook = notebook

    def run_all(self, timeout: float = 600_000) -> None:
        """Run > Run All Cells (the command); wait until every cell ran and the kernel idles."""
        self.page.evaluate(
            """() => {
                window.__courseRunAll = null;
                window.jupyterapp.commands.execute('notebook:run-all-cells').then(
                    ok => { window.__courseRunAll = {ok}; },
                    e => { window.__courseRunAll = {ok: false, error: String(e)}; });
            }""")
        self.page.wait_for_function("() => window.__courseRunAll !== null", timeout=timeout)
        self.page.wait_for_function(
            """() => {
                const panel = window.__coursePanel;
                const k = panel.sessionContext.session?.kernel;
                const prompts = [...panel.node.querySelectorAll('.jp-InputArea-prompt')];
                return k && k.status === 'idle'
                    && prompts.every(p => !p.textContent.includes('*'));
            }""", timeout=timeout)

    def set_env(self, **env: str) -> None:
        """Set environment variables in the kernel (before Run All), e.g. COURSE_BACKEND."""
        code = "import os\n" + "".join(f"os.environ[{k!r}] = {v!r}\n" for k, v in env.items())
        self.kernel(code)

    def cell_errors(self) -> list[str]:
        """Errors recorded in the open notebook's outputs."""
        return self.page.evaluate(
            """() => {
                const out = [];
                const cells = window.__coursePanel.model.cells;
                for (let i = 0; i < cells.length; i++) {
                    const c = cells.get(i);
                    if (c.type !== 'code') continue;
                    for (const o of c.outputs.toJSON())
                        if (o.output_type === 'error')
                            out.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
                }
                return out;
            }""")

    def close(self) -> None:
        """Shut the notebook's kernel down and close its tab (nothing saved, no dialog)."""
        self.page.evaluate(
            """async () => {
                const panel = window.__coursePanel;
                if (!panel) return;
                try { await panel.sessionContext.shutdown(); } catch (e) {}
                panel.dispose();
                window.__coursePanel = null;
            }""")
        self.notebook = None

    # -- the kernel ----------------------------------------------------------
    def kernel(self, code: str, timeout: float = 60_000) -> str:
        """Run ``code`` in the open notebook's kernel (outside any cell); return its stdout."""
        result = self.page.evaluate(
            """async ([code, timeout]) => {
                const kernel = window.__coursePanel.sessionContext.session.kernel;
                const future = kernel.requestExecute({code, silent: false,
                                                      store_history: false});
                let out = '', error = null;
                future.onIOPub = msg => {
                    const t = msg.header.msg_type;
                    if (t === 'stream') out += msg.content.text;
                    if (t === 'error') error = `${msg.content.ename}: ${msg.content.evalue}`;
                };
                const timer = new Promise(r => setTimeout(() => r('timeout'), timeout));
                const done = await Promise.race([future.done.then(() => 'done'), timer]);
                return {out, error, done};
            }""", [f"exec({code!r}, {{}})", timeout])
        if result["done"] != "done":
            raise TimeoutError(f"the kernel did not answer within {timeout / 1000:.0f} s")
        if result["error"]:
            raise RuntimeError(f"kernel: {result['error']}")
        return result["out"]

    def app_states(self) -> list[dict]:
        """Every open app of the kernel (oldest first): class, column, size, params, state."""
        return json.loads(self.kernel(KERNEL_STATE))

    def figure_point(self, index: int, axes: str, point) -> dict:
        """Figure fractions of data ``point`` in ``axes`` (an expression of ``a``, the app)."""
        code = KERNEL_POINT.replace("{index}", str(index)).replace("{axes}", axes)
        return json.loads(self.kernel(code.replace("{point}", repr(tuple(point)))))

    def picture_mismatch(self, index: int, timeout_s: float = 15.0,
                         n: int = 16) -> tuple[str | None, float]:
        """Wait until app ``index`` shows its kernel's figure: ``(None, seconds)``, or what
        still differs after ``timeout_s``.

        Compares the kernel's pixel buffer (:data:`KERNEL_GRID`) with the
        live canvas or inline picture in the page (:data:`PAGE_GRID_JS`).
        """
        app = self.apps()[index]
        t0 = time.monotonic()
        while True:
            kernel = json.loads(self.kernel(KERNEL_GRID.replace("{index}", str(index))
                                            .replace("{n}", str(n))))
            why = grid_difference(kernel, app.evaluate(PAGE_GRID_JS, n))
            if why is None or time.monotonic() - t0 > timeout_s:
                return why, time.monotonic() - t0
            self.page.wait_for_timeout(300)

    # -- the page ------------------------------------------------------------
    def apps(self):
        return self.page.query_selector_all(f"{self.PANEL} .course-app")

    def column_width(self) -> float:
        """Width of the notebook's output column (CSS px), from an output area or a cell."""
        return self.page.evaluate(
            """(sel) => {
                const o = document.querySelector(sel + ' .jp-OutputArea-output');
                if (o) return o.clientWidth;
                const cell = document.querySelector(sel + ' .jp-RenderedMarkdown');
                return cell ? cell.getBoundingClientRect().width : 0;
            }""", self.PANEL)

    def left_area_open(self) -> bool:
        return self.page.evaluate("() => !window.jupyterapp.shell.leftCollapsed")

    def file_browser_open(self) -> bool:
        return self.page.evaluate(
            """() => { const fb = document.querySelector('#filebrowser');
                       return !!fb && !window.jupyterapp.shell.leftCollapsed
                              && fb.getBoundingClientRect().width > 0; }""")

    def toggle_left_area(self) -> None:
        self.page.evaluate(
            "() => window.jupyterapp.commands.execute('application:toggle-left-area')")

    def overflow(self) -> list[dict]:
        return measure_overflow(self.page, self.PANEL)

    def probe_widths(self) -> list[int]:
        """What each app's column probe measures now (the width it reports, px)."""
        return self.page.evaluate(
            """(sel) => [...document.querySelectorAll(sel + ' .course-app')].map(app => {
                const p = app.querySelector('.course-column-probe');
                return p ? Math.floor(p.getBoundingClientRect().width) : null;
            })""", self.PANEL)

    def figure_widths(self) -> list[float | None]:
        """CSS width of each app's picture (live canvas or inline image)."""
        return self.page.evaluate(
            """(sel) => [...document.querySelectorAll(sel + ' .course-app')].map(app => {
                const c = app.querySelector('.jupyter-matplotlib-canvas-div canvas')
                          || app.querySelector('img');
                return c ? c.getBoundingClientRect().width : null;
            })""", self.PANEL)

    def wait_fitted(self, index: int | None = None, timeout_s: float = 15.0):
        """Wait until the apps' kernels have fitted them to the column their probes measure.

        For each app (or only ``index``): scrolled into view (JupyterLab does
        not lay out cells out of view, so a probe there reports nothing), the
        kernel's ``column_px`` equals the width its probe measures and the
        picture's CSS width the kernel's fitted width (live), unchanged over
        two polls. Returns ``(states, seconds, unfitted)``: the kernel's
        states, how long it took, and ``(class, sentence)`` for each app that
        did not get there within ``timeout_s``.
        """
        apps = self.apps()
        which = range(len(apps)) if index is None else [index]
        t0 = time.monotonic()
        unfitted = []
        states = []
        for k in which:
            apps[k].evaluate("el => el.scrollIntoView({block: 'start'})")
            deadline = time.monotonic() + timeout_s
            last = None
            while True:
                states = self.app_states()
                probes, widths = self.probe_widths(), self.figure_widths()
                s = states[k] if k < len(states) else None
                why = None
                if s is None:
                    why = f"the kernel has {len(states)} apps, the page {len(apps)}"
                elif probes[k] is None:
                    why = "no column probe"
                elif s["column"] != probes[k]:
                    why = f"kernel column {s['column']} px, probe measures {probes[k]} px"
                elif widths[k] is None:
                    why = "no picture"
                elif abs(widths[k] - s["css_width"]) > 1:
                    why = f"picture {widths[k]:.0f} px wide, kernel fitted {s['css_width']} px"
                now = (probes[k], widths[k], s and s["column"], s and s["size"])
                if why is None and now == last:
                    break
                last = now if why is None else None
                if time.monotonic() > deadline:
                    unfitted.append((s["cls"] if s else "?",
                                     f"app {k}: not fitted within {timeout_s:g} s: "
                                     f"{why or 'still changing'}"))
                    break
                self.page.wait_for_timeout(250)
        return states, time.monotonic() - t0, unfitted
