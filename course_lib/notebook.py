"""One call at the top of every notebook: live plots if possible, the course style.

``setup_notebook()`` makes the apps live (each on its own ipympl canvas) when
ipympl is installed and the notebook runs in a Jupyter kernel; otherwise the
apps draw pictures and say so, with what to do. Apps work either way: live
they update while a slider is dragged; otherwise they redraw a picture when
the slider is released.

The notebook's static figures (``plt.subplots()`` in a cell) are always inline
pictures, drawn at twice the pixels ("retina"): a picture shrinks to fit any
column, is sharp on HiDPI screens, and stays in the notebook's saved outputs.

Set the environment variable ``COURSE_BACKEND=inline`` to force the inline
fallback (the tests use it to check the notebooks where students without
ipympl are, e.g. Colab).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass

__all__ = ["PlotStatus", "setup_notebook", "plot_status"]

COLAB_HELP = (
    "On Colab, run `!pip install ipympl` once, then "
    "`from google.colab import output; output.enable_custom_widget_manager()`, "
    "and restart the runtime (Runtime > Restart session)."
)
LOCAL_HELP = (
    "Install ipympl in the environment that runs this kernel "
    "(`pip install ipympl`, or `pip install -e .` in the course folder), "
    "then restart the kernel and reload the page."
)


@dataclass(frozen=True)
class PlotStatus:
    """Which plotting mode a notebook is in, and why.

    Attributes
    ----------
    live : bool
        ipympl is active: plots update in place while sliders move.
    backend : str
        matplotlib's backend name.
    reason : str
        A sentence for the learner: what is active and what to do if not.
    """

    live: bool
    backend: str
    reason: str

    def __str__(self) -> str:
        mark = "\u2705" if self.live else "\u2139\ufe0f"
        return f"{mark} {self.reason}"

    __repr__ = __str__  # shown as the last line of a cell


def _in_colab() -> bool:
    return "google.colab" in sys.modules


def _ipython():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return None
    return get_ipython()


def plot_status() -> PlotStatus:
    """Describe the current plotting mode without changing it."""
    import matplotlib

    from .apps.base import live_default

    backend = matplotlib.get_backend()
    if live_default():
        return PlotStatus(True, backend, "Live plots are on (ipympl): figures update while you "
                          "drag a slider.")
    if importlib.util.find_spec("ipympl") is None:
        help_ = COLAB_HELP if _in_colab() else LOCAL_HELP
        return PlotStatus(
            False, backend,
            "Live plots are off: ipympl is not installed, so figures redraw when you release "
            f"a slider. Everything still works. For live plots: {help_}",
        )
    if os.environ.get("COURSE_BACKEND", "").lower() == "inline":
        return PlotStatus(False, backend, "Live plots are off (COURSE_BACKEND=inline): figures "
                          "redraw when you release a slider.")
    return PlotStatus(
        False, backend,
        "Live plots are off: figures redraw when you release a slider. Run "
        "`course_lib.setup_notebook()` in a cell to turn them on.",
    )


def setup_notebook(backend: str | None = None) -> PlotStatus:
    """Choose the plotting backend, apply the course style, report the mode.

    Parameters
    ----------
    backend : {"widget", "inline"} or None
        ``None`` (default): ipympl when available, unless the environment
        variable ``COURSE_BACKEND`` says ``inline``.
    Returns
    -------
    PlotStatus
        What is active; as the last line of a cell it shows itself.
    """
    from .plotting.style import use_style

    choice = (backend or os.environ.get("COURSE_BACKEND", "") or "widget").lower()
    if choice not in ("widget", "inline", "ipympl"):
        raise ValueError(f"backend must be 'widget' or 'inline', got {backend!r}")
    ip = _ipython()
    if ip is not None:
        from . import _cells

        from .apps.base import set_live_default

        # Re-running a cell closes the apps (and any pyplot figures) it made before.
        _cells.install(ip, figures=True)
        live = choice in ("widget", "ipympl") and importlib.util.find_spec("ipympl") is not None
        if live and _in_colab():  # third-party widgets need Colab's custom widget manager
            from google.colab import output  # type: ignore[import-not-found]

            output.enable_custom_widget_manager()
        # Static figures: pictures that fit any column, sharp on HiDPI screens.
        ip.run_line_magic("matplotlib", "inline")
        ip.run_line_magic("config", "InlineBackend.figure_formats = ['retina']")
        set_live_default(live)
    use_style()
    if os.environ.get("COURSE_LECTURE") and ip is not None:  # python -m course_lib.lecture
        from IPython.display import HTML, display

        from .lecture import LECTURE_CSS

        display(HTML(LECTURE_CSS))
    return plot_status()
