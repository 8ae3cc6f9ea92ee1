"""Lecture mode: show a notebook as a clean app, without code, in big type.

Usage::

    python -m course_lib.lecture 01                 # notebook 01, opens a browser tab
    python -m course_lib.lecture 03 --port 8870 --scale 1.5 --no-browser

The notebook's lecture version (exercises, checks and solutions removed; see
``course_lib.nbtools``) is served by voila on http://127.0.0.1:PORT/. Code
cells are hidden; markdown, figures and apps remain. Figures are drawn
``--scale`` times larger (default 1.3) and text is enlarged, for the back of
a lecture hall. Reload the page to reset every slider; Ctrl+C stops it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

LECTURE_CSS = """
<style>
  body, .jp-RenderedHTMLCommon, .jp-RenderedMarkdown { font-size: 22px !important; line-height: 1.5; }
  .jp-RenderedHTMLCommon h1 { font-size: 2.0em; } .jp-RenderedHTMLCommon h2 { font-size: 1.6em; }
  .widget-label, .widget-readout, .widget-label-basic, .widget-button, .widget-toggle-button,
  .widget-html-content, .course-readout, .course-status { font-size: 20px !important; }
  .widget-readout { min-width: 5em !important; }
  .noUi-handle { transform: scale(1.3); }
  .jp-OutputArea-output pre { font-size: 18px; }
</style>
"""


def find_notebook(name: str) -> Path:
    """A notebook path from a number ('01'), a stem or a path."""
    p = Path(name)
    if p.suffix == ".ipynb" and p.exists():
        return p.resolve()
    matches = sorted(NOTEBOOKS.glob(f"{name}*.ipynb")) or sorted(NOTEBOOKS.glob(f"*{name}*.ipynb"))
    if len(matches) != 1:
        found = ", ".join(m.name for m in sorted(NOTEBOOKS.glob("*.ipynb")))
        raise SystemExit(f"no single notebook matches {name!r}; the notebooks are: {found}")
    return matches[0]


def command(notebook: Path, port: int, open_browser: bool) -> list[str]:
    return [sys.executable, "-m", "voila", str(notebook), f"--port={port}",
            "--Voila.ip=127.0.0.1", "--theme=light", "--show_tracebacks=True",
            # nbgrader (the homework extra) brings JupyterLab extensions that fail in voila
            "--VoilaConfiguration.extension_denylist="
            "['@jupyter/nbgrader', '@jupyter-notebook/lab-extension']",
            *([] if open_browser else ["--no-browser"])]


def prepare(notebook: Path, folder: Path) -> Path:
    """Write the lecture version of ``notebook`` into ``folder``; return its path."""
    import nbformat

    from .nbtools import make_version

    nb = make_version(nbformat.read(notebook, as_version=4), "lecture")
    target = folder / notebook.name
    nbformat.write(nb, target)
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course_lib.lecture",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("notebook", help="number (01), name or path of the notebook")
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--scale", type=float, default=1.3,
                        help="figure magnification, 0.5 to 3 (default 1.3)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    args = parser.parse_args(argv)
    if not 0.5 <= args.scale <= 3.0:
        parser.error(f"--scale must be in [0.5, 3], got {args.scale}")
    try:
        import voila  # noqa: F401
    except ImportError:
        raise SystemExit("lecture mode needs voila: pip install -e '.[lecture]'") from None
    notebook = find_notebook(args.notebook)
    env = dict(os.environ, COURSE_LECTURE="1", COURSE_LECTURE_SCALE=str(args.scale))
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory(prefix="course-lecture-") as tmp:
        target = prepare(notebook, Path(tmp))
        print(f"Lecture mode: {notebook.name} at http://127.0.0.1:{args.port}/  (Ctrl+C stops)",
              flush=True)
        try:
            return subprocess.call(command(target, args.port, not args.no_browser), env=env)
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    sys.exit(main())
