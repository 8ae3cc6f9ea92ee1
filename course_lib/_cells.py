"""Re-running a notebook cell frees what that cell made the last time.

Students re-run cells all the time; a class hub gives each kernel a few hundred
MB. Without this, every re-run of a cell that shows an app (or a pyplot figure
under ipympl, which pyplot keeps in its figure list) adds its figure, artists
and widgets to the kernel for good.

How: IPython's ``pre_run_cell`` event tells which cell is about to run
(JupyterLab sends the cell's id; without one, e.g. under nbclient, the cell's
source stands in). Whatever registered itself with :func:`on_rerun` while a
cell ran is closed when the same cell runs again. :func:`track_figures` does
the same for pyplot figures a cell creates.

Nothing happens outside IPython, and nothing here imports matplotlib or
ipywidgets.
"""

from __future__ import annotations

import sys
import weakref
from typing import Any, Callable

__all__ = ["on_rerun", "install", "current_cell"]

_STATE: dict[str, Any] = {"key": None, "shell": None, "figures": False, "before": ()}
_CLOSERS: dict[Any, list[Callable[[], None]]] = {}


def _cell_key(info) -> Any:
    cell_id = getattr(info, "cell_id", None)
    if cell_id:
        return ("id", cell_id)
    return ("source", hash(getattr(info, "raw_cell", "") or ""))


def current_cell() -> Any:
    """The key of the cell running now (None outside a cell)."""
    return _STATE["key"]


def _pre_run_cell(info) -> None:
    key = _cell_key(info)
    for close in _CLOSERS.pop(key, []):
        try:
            close()
        except Exception:  # a closer must never break the learner's cell
            pass
    _STATE["key"] = key
    if _STATE["figures"] and "matplotlib.pyplot" in sys.modules:
        _STATE["before"] = tuple(sys.modules["matplotlib.pyplot"].get_fignums())


def _post_run_cell(*_args) -> None:
    key = _STATE["key"]
    _STATE["key"] = None
    if key is None or not _STATE["figures"] or "matplotlib.pyplot" not in sys.modules:
        return
    plt = sys.modules["matplotlib.pyplot"]
    new = [n for n in plt.get_fignums() if n not in _STATE["before"]]
    for num in new:
        fig = weakref.ref(plt.figure(num))  # the figure itself: numbers can be reused

        def close(fig=fig):
            f = fig()
            if f is not None:
                plt.close(f)

        _CLOSERS.setdefault(key, []).append(close)


def install(shell=None, *, figures: bool = False) -> bool:
    """Listen to the shell's cell events (once). Returns False outside IPython.

    Parameters
    ----------
    shell : IPython.core.interactiveshell.InteractiveShell or None
        The shell; by default the running one.
    figures : bool
        Also close, on a re-run, the pyplot figures the cell made before
        (:func:`course_lib.setup_notebook` turns this on under ipympl).
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython comes with ipykernel
            return False
        shell = get_ipython()
    if shell is None:
        return False
    if _STATE["shell"] is not shell:
        shell.events.register("pre_run_cell", _pre_run_cell)
        shell.events.register("post_run_cell", _post_run_cell)
        _STATE["shell"] = shell
    _STATE["figures"] = _STATE["figures"] or figures
    return True


def on_rerun(close: Callable[[], None]) -> bool:
    """Call ``close()`` when the cell running now runs again. False outside a cell.

    Keep ``close`` from holding what it frees alive (pass a weak reference's
    method, as :class:`course_lib.apps.base.App` does).
    """
    if not install() or _STATE["key"] is None:
        return False
    _CLOSERS.setdefault(_STATE["key"], []).append(close)
    return True
