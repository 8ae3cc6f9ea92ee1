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
_CLOSERS: dict[Any, list[tuple[Callable[[], None], Any]]] = {}


def _cell_key(info) -> Any:
    cell_id = getattr(info, "cell_id", None)
    if cell_id:
        return ("id", cell_id)
    return ("source", hash(getattr(info, "raw_cell", "") or ""))


def current_cell() -> Any:
    """The key of the cell running now (None outside a cell)."""
    return _STATE["key"]


def _forget_outputs(objs: list) -> None:
    """Drop ``objs`` from IPython's output history (``Out``, ``_``, ``_12``, ...).

    The value of a cell's last expression (``SelfExcitedApp()``) stays in
    ``Out`` for the life of the kernel: a re-run cell's old app would never be
    freed, closed or not.
    """
    shell = _STATE["shell"]
    if shell is None or not objs:
        return
    ns = getattr(shell, "user_ns", {})
    hist = getattr(getattr(shell, "history_manager", None), "output_hist", None)
    for store in (hist, ns.get("Out"), ns.get("_oh")):
        if isinstance(store, dict):
            for k in [k for k, v in store.items() if any(v is o for o in objs)]:
                del store[k]
    hidden = getattr(shell, "user_ns_hidden", {})  # push(interactive=False) copies there
    for space in (ns, hidden):
        for name, value in list(space.items()):
            if not any(value is o for o in objs):
                continue
            if name in ("_", "__", "___"):
                space[name] = None
            elif name.startswith("_") and name[1:].isdigit():  # _12: Out[12]
                del space[name]
    hook = getattr(shell, "displayhook", None)
    for attr in ("_", "__", "___"):  # the display hook keeps its own copies
        if any(getattr(hook, attr, None) is o for o in objs):
            setattr(hook, attr, None)
    last = getattr(shell, "last_execution_result", None)
    if last is not None and any(getattr(last, "result", None) is o for o in objs):
        last.result = None


def _rss_mb() -> float:
    """This process's resident memory in MB (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _trim() -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # not glibc (musl, ...): nothing to trim
            pass


IDLE_TRIM_S = 1.0
"""Seconds without app activity after which freed heap memory is handed back."""


def trim_when_idle(delay: float | None = None) -> bool:
    """Hand freed heap memory back to the system once the kernel has been quiet a while.

    A burst of moves allocates and frees many arrays (new curves, a
    re-simulation, the background of every full draw); glibc keeps freed
    blocks in its heap, so a kernel whose student drags sliders for a minute
    grew by 10-20 MB that nothing used (measured on the class hub,
    ``benchmarks/bench_class.py``). Each call (re)starts a timer on the
    kernel's event loop: ``malloc_trim`` runs ``delay`` seconds (default
    :data:`IDLE_TRIM_S`) after the last call, i.e. once per burst of moves
    (~0.1-3 ms), never between the frames of a drag. Returns False where
    there is no running event loop (a script, a test), which then keeps what
    it has.
    """
    import asyncio

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return False
    handle = _STATE.get("trim_handle")
    if handle is not None:
        handle.cancel()
    _STATE["trim_handle"] = loop.call_later(IDLE_TRIM_S if delay is None else delay, _trim_idle)
    return True


def _trim_idle() -> None:
    _STATE["trim_handle"] = None
    _trim()


def _release_memory() -> None:
    """Collect what the closed apps held and hand freed heap pages back to the system.

    A figure's pixel buffers are large and short-lived; glibc keeps freed
    memory in its arenas, so without ``malloc_trim`` a kernel's resident size
    only ever grows, although nothing is alive any more.
    """
    import gc

    gc.collect()
    _trim()


def _pre_run_cell(info) -> None:
    key = _cell_key(info)
    closed = []
    for close, ref in _CLOSERS.pop(key, []):
        try:
            close()
        except Exception:  # a closer must never break the learner's cell
            pass
        obj = ref() if ref is not None else None
        if obj is not None:
            closed.append(obj)
    try:
        _forget_outputs(closed)
    except Exception:  # never break the learner's cell
        pass
    if closed:
        del closed
        _release_memory()
    _STATE["key"] = key
    _STATE["rss"] = _rss_mb()
    if _STATE["figures"] and "matplotlib.pyplot" in sys.modules:
        _STATE["before"] = tuple(sys.modules["matplotlib.pyplot"].get_fignums())


TRIM_AFTER_MB = 4.0
"""A cell that grew the kernel by more than this gets its freed memory handed back."""


def _figures_in(value) -> list:
    """The matplotlib figures a namespace value refers to (a Figure, an Axes, an array of Axes)."""
    mfig, maxes = sys.modules.get("matplotlib.figure"), sys.modules.get("matplotlib.axes")
    if mfig is None or maxes is None:
        return []
    if isinstance(value, mfig.Figure):
        return [value]
    if isinstance(value, maxes.Axes):
        return [value.figure]
    if type(value).__name__ == "ndarray" and value.dtype == object and value.size:
        first = value.flat[0]
        return [first.figure] if isinstance(first, maxes.Axes) else []
    return []


def _drop_pixels_of_shown_figures() -> None:
    """Free the pixel buffers that the learner's ``fig`` and ``ax`` keep alive.

    Once the inline backend has shown and closed a figure, a variable such as
    ``fig`` or ``axes`` keeps it, and with it Agg's renderer of the last draw:
    a full-size pixel buffer at the retina resolution (12 MB for a 9.6 x 7.5 in
    figure), for every figure cell of a notebook. Two things hold it: the
    text artists (their last renderer) and pyplot's figure manager, which
    matplotlib leaves among the figure's "axes observers" after closing it
    (its toolbar hook, a closure over the manager and so over the figure's
    former Agg canvas). Each text makes its renderer again when it is next
    drawn or measured, and a closed figure has no toolbar to update, so
    redrawing, showing or saving the figure still works. Figures still open
    in pyplot and the figures of apps (which blit from their buffers) are
    left alone.
    """
    shell = _STATE["shell"]
    mtext = sys.modules.get("matplotlib.text")
    if shell is None or mtext is None:
        return
    helpers = sys.modules.get("matplotlib._pylab_helpers")
    still_open = {id(m.canvas.figure) for m in helpers.Gcf.get_all_fig_managers()} if helpers else set()
    for value in list(shell.user_ns.values()):
        for fig in _figures_in(value):
            if getattr(fig, "_course_app", False) or id(fig) in still_open:
                continue
            for text in fig.findobj(mtext.Text):
                text._renderer = None
            observers = getattr(fig, "_axobservers", None)
            if observers is not None and getattr(observers, "callbacks", None):
                fig._axobservers = type(observers)()
            canvas = fig.canvas
            if "renderer" in vars(canvas):
                del canvas.renderer
                canvas._lastKey = None


def _post_run_cell(*_args) -> None:
    key = _STATE["key"]
    _STATE["key"] = None
    try:
        _drop_pixels_of_shown_figures()
    except Exception:  # never break the learner's cell
        pass
    if _rss_mb() - _STATE.get("rss", 0.0) > TRIM_AFTER_MB:
        # A shown figure is a reference cycle that waits for the garbage collector's
        # rare full pass, and a batch of simulations leaves glibc's heap full of freed
        # blocks: collect and give them back (~20-60 ms), after such a cell only.
        _release_memory()
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

        _CLOSERS.setdefault(key, []).append((close, None))


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


def on_rerun(close: Callable[[], None], obj=None) -> bool:
    """Call ``close()`` when the cell running now runs again. False outside a cell.

    Keep ``close`` from holding what it frees alive (pass a weak reference's
    method, as :class:`course_lib.apps.base.App` does). ``obj``, if given, is
    also dropped from the output history (``Out``) then.
    """
    if not install() or _STATE["key"] is None:
        return False
    ref = weakref.ref(obj) if obj is not None else None
    _CLOSERS.setdefault(_STATE["key"], []).append((close, ref))
    return True
