"""Lecture mode: show a notebook as a clean app, without code, in big type.

Usage::

    python -m course_lib.lecture 01                 # notebook 01, opens a browser tab
    python -m course_lib.lecture 03 --port 8870 --scale 1.5 --no-browser

The notebook's lecture version (exercises, checks and solutions removed; see
``course_lib.nbtools``) is served by voila on http://127.0.0.1:PORT/. Code
cells are hidden; markdown, figures and apps remain. Figures are drawn
``--scale`` times larger (default 1.3) and text is enlarged, for the back of
a lecture hall. Reload the page to reset every slider; Ctrl+C stops it.

Lecture halls are often offline: the page loads nothing from outside the
machine. voila's own template links Font Awesome (the icons of the buttons)
from a CDN; lecture mode serves it from the ``fontawesomefree`` package
instead, through a template of its own.

Whatever ends it (Ctrl+C, ``kill``, closing the terminal), lecture mode stops
voila and every kernel it started, frees the port and removes its temporary
files.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
TEMPLATE = "course-lecture"

LECTURE_CSS = """
<style>
  body, .jp-RenderedHTMLCommon, .jp-RenderedMarkdown { font-size: 22px !important; line-height: 1.5; }
  .jp-RenderedHTMLCommon h1 { font-size: 2.0em; } .jp-RenderedHTMLCommon h2 { font-size: 1.6em; }
  .widget-label, .widget-readout, .widget-label-basic, .widget-button, .widget-toggle-button,
  .widget-html-content, .course-readout, .course-status { font-size: 20px !important; }
  .widget-readout { min-width: 5em !important; }
  /* the bigger label and readout leave the track room: at 260 px it shrank to its handle */
  .widget-hslider, .widget-islider { min-width: 420px !important; max-width: 600px !important; }
  .widget-dropdown select, .widget-text input { font-size: 20px !important; }
  .widget-text { width: 210px !important; }
  .noUi-handle { transform: scale(1.3); }
  .jp-OutputArea-output pre { font-size: 18px; }
</style>
"""


class LectureError(Exception):
    """A problem the instructor can fix, said in one line."""


def find_notebook(name: str) -> Path:
    """A notebook path from a number ('01'), a stem or a path."""
    p = Path(name)
    if p.suffix == ".ipynb":
        if p.exists():
            return p.resolve()
        raise LectureError(f"no notebook at {name}")
    matches = sorted(NOTEBOOKS.glob(f"{name}*.ipynb")) or sorted(NOTEBOOKS.glob(f"*{name}*.ipynb"))
    if len(matches) != 1:
        found = ", ".join(m.name[:2] for m in sorted(NOTEBOOKS.glob("[0-9]*.ipynb")))
        raise LectureError(f"no single notebook matches {name!r}; choose one of {found}")
    return matches[0]


def port_number(text: str) -> int:
    """argparse type: a TCP port, 1-65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number in 1-65535, got {text!r}")
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"must be in 1-65535, got {port}")
    return port


def scale_factor(text: str) -> float:
    """argparse type: the figure magnification, 0.5-3."""
    try:
        scale = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number in [0.5, 3], got {text!r}")
    if not 0.5 <= scale <= 3.0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be in [0.5, 3], got {text}")
    return scale


def check_port_free(port: int, host: str = "127.0.0.1") -> None:
    """Raise LectureError if ``port`` is taken (voila would silently move to another)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            raise LectureError(f"port {port} is in use (another lecture or server?); "
                               f"choose another with --port") from None


def font_awesome_dir() -> Path:
    """The Font Awesome files (css/, webfonts/) of the ``fontawesomefree`` package."""
    try:
        import fontawesomefree
    except ImportError:
        raise LectureError("lecture mode needs its extra: pip install -e '.[lecture]'") from None
    root = Path(fontawesomefree.__file__).parent / "static" / "fontawesomefree"
    if not (root / "css" / "all.min.css").exists():
        raise LectureError(f"Font Awesome files missing in {root}; reinstall fontawesomefree")
    return root


def write_template(data_dir: Path) -> Path:
    """Write voila's lab template without its CDN links, Font Awesome served locally.

    The template lives in ``data_dir/voila/templates/course-lecture`` (put
    ``data_dir`` on ``JUPYTER_PATH``). Its index is voila's lab index with the
    two ``cdn.jsdelivr.net`` stylesheet links replaced by the same stylesheets
    from this template's ``static/`` folder.
    """
    import voila

    lab = Path(voila.__file__).resolve()
    candidates = [Path(sys.prefix) / "share" / "jupyter" / "voila" / "templates" / "lab",
                  lab.parent.parent / "share" / "jupyter" / "voila" / "templates" / "lab"]
    source = next((c for c in candidates if (c / "index.html.j2").exists()), None)
    if source is None:
        raise LectureError("voila's lab template was not found; reinstall voila")
    target = data_dir / "voila" / "templates" / TEMPLATE
    static = target / "static"
    fa = font_awesome_dir()
    static.mkdir(parents=True)
    shutil.copytree(fa / "css", static / "css")
    shutil.copytree(fa / "webfonts", static / "webfonts")
    local = ('<link rel="stylesheet" href="{{ resources.base_url }}voila/templates/'
             f'{TEMPLATE}/static/css/{{name}}" type="text/css" />')
    lines = []
    for line in (source / "index.html.j2").read_text().splitlines():
        if "cdn.jsdelivr.net" in line and "fontawesome" in line:
            name = "v4-shims.min.css" if "v4-shims" in line else "all.min.css"
            line = "  " + local.replace("{name}", name)
        elif "https://" in line and "<link" in line:
            continue  # any other remote stylesheet: dropped (no request outside the machine)
        lines.append(line)
    (target / "index.html.j2").write_text("\n".join(lines) + "\n")
    for name in os.listdir(source):
        if name != "index.html.j2" and (source / name).is_file():
            shutil.copy(source / name, target / name)
    (target / "conf.json").write_text('{"base_template": "lab"}\n')
    return target


def command(notebook: Path, port: int, open_browser: bool) -> list[str]:
    """The voila command line for ``notebook`` on ``port``."""
    return [sys.executable, "-m", "voila", str(notebook), f"--port={port}",
            "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", f"--template={TEMPLATE}",
            "--theme=light", "--show_tracebacks=True",
            # nbgrader (the homework extra) brings JupyterLab extensions that fail in voila
            "--VoilaConfiguration.extension_denylist="
            "['@jupyter/nbgrader', '@jupyter-notebook/lab-extension']",
            *([] if open_browser else ["--no-browser"])]


def prepare(notebook: Path, folder: Path) -> Path:
    """Write the lecture version of ``notebook`` into ``folder``; return its path."""
    import nbformat

    from .nbtools import make_version

    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception as exc:  # not JSON, not a notebook
        raise LectureError(f"{notebook.name} is not a readable notebook: {exc}") from None
    nb = make_version(nb, "lecture")
    target = folder / notebook.name
    nbformat.write(nb, target)
    return target


def _die_with_parent() -> None:  # in the child, between fork and exec
    os.setsid()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children, grandchildren...), from /proc."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for t in tasks:
            try:
                kids = Path(f"/proc/{p}/task/{t}/children").read_text().split()
            except OSError:
                continue
            for k in map(int, kids):
                if k not in out:
                    out.append(k)
                    todo.append(k)
    return out


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:  # a zombie is gone for our purposes
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def stop(proc: subprocess.Popen, grace: float = 8.0) -> None:
    """Stop voila and everything it started: SIGTERM, wait, then SIGKILL what is left."""
    if proc.poll() is not None:
        return
    family = _descendants(proc.pid)
    with contextlib.suppress(OSError):
        os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    family += [p for p in _descendants(proc.pid) if p not in family]
    if proc.poll() is None:
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
    for pid in family:  # kernels run in sessions of their own
        if _alive(pid):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline and any(_alive(p) for p in family):
        time.sleep(0.1)
    for pid in family:
        if _alive(pid):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        proc.wait(timeout=5)


class _Parser(argparse.ArgumentParser):
    """argparse, with a mistake said in one line (not the usage block) and exit status 2."""

    def error(self, message):
        self.exit(2, f"lecture mode: {message} (see --help)\n")


class _Stop(Exception):
    def __init__(self, signum: int):
        self.signum = signum


def main(argv=None) -> int:
    parser = _Parser(prog="python -m course_lib.lecture", description=__doc__.splitlines()[0])
    parser.add_argument("notebook", help="number (01), name or path of the notebook")
    parser.add_argument("--port", type=port_number, default=8866, help="1-65535 (default 8866)")
    parser.add_argument("--scale", type=scale_factor, default=1.3,
                        help="figure magnification, 0.5 to 3 (default 1.3)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    args = parser.parse_args(argv)
    try:
        import voila  # noqa: F401
    except ImportError:
        print("lecture mode needs voila: pip install -e '.[lecture]'", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="course-lecture-"))
    proc = None

    def on_signal(signum, _frame):
        raise _Stop(signum)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        notebook = find_notebook(args.notebook)
        check_port_free(args.port)
        write_template(tmp / "data")
        target = prepare(notebook, tmp)
        env = dict(os.environ, COURSE_LECTURE="1", COURSE_LECTURE_SCALE=str(args.scale))
        env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(tmp / "data"),
                                                            env.get("JUPYTER_PATH")]))
        root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
        print(f"Lecture mode: {notebook.name} at http://127.0.0.1:{args.port}/  (Ctrl+C stops)",
              flush=True)
        proc = subprocess.Popen(command(target, args.port, not args.no_browser), env=env,
                                preexec_fn=_die_with_parent)
        return proc.wait()
    except LectureError as exc:
        print(f"lecture mode: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    except _Stop as stopped:
        return 128 + stopped.signum
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if proc is not None:
            # Ctrl+C reached voila too (same terminal); any other way, we stop it here.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            stop(proc)
            signal.signal(signal.SIGINT, signal.default_int_handler)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
