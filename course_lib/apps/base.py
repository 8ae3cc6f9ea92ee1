"""The app pattern every interactive view of the course follows.

An app is a small class that wires a table of controls to a figure that is
built once and then updated in place:

.. code-block:: python

    class DecayApp(App):
        controls = (
            Control("tau", "τ", 0.5, 5.0, 0.1, value=1.0, unit="ms"),
        )

        def build(self, fig):
            ax = fig.subplots()
            ax.set(xlim=(0, 10), ylim=(0, 1))
            (line,) = ax.plot([], [], animated=True)   # redrawn on every change
            return SimpleNamespace(line=line)

        def update(self, art, changed, *, tau):
            t = np.linspace(0, 10, 200)
            art.line.set_data(t, np.exp(-t / tau))

The contract, in the order the base class calls it:

1. :meth:`App.setup` (optional), once: the app's own state (launched
   trajectories, stored memories, a sweep, ...) and any widgets beyond the
   controls (buttons, tables, progress bars). Nothing here touches the figure.
2. :meth:`App.build`, whenever a figure is (re)built: axes and artists only,
   returned as one object (a small named container). It may run again at any
   time (re-fit to a new column width, lecture scale, :meth:`App.render_full`)
   and must not create or reset state.
3. :meth:`App.update`, once per change: ``update(artists, changed, **params)``
   recomputes what ``changed`` says changed and updates the artists in place.
   ``changed`` (a :class:`Changed`) holds the names of the controls whose
   values differ from the last drawn picture and the names of state passed to
   :meth:`App.refresh`; after a (re)build it contains everything. Return
   ``"full"`` when something static changed (axis limits, a static label).
4. :meth:`App.controls_box` and :meth:`App.extra_widgets`: layout only, of
   widgets made in ``__init__`` / :meth:`setup`.

Every change, from a slider, a button, a click or code, goes through
:meth:`App.refresh`: one update, one redraw, errors shown in the app.
Buttons and clicks change the app's state and call ``self.refresh("name")``
with the name of what they changed; :meth:`App.button` makes such a button.

What the base class does for every app:

* **Controls from a table.** Each :class:`Control` becomes a slider (or
  dropdown, toggle, ...) with its label, unit and range; ``app.sliders`` maps
  names to widgets. Values are checked and snapped to the step before use
  (ipywidgets can deliver ``1.9999999999999998``); a value a control cannot
  take (NaN set from code, ``None`` in a choice) is refused with a sentence
  in the status line and the control keeps its last good value.
* **Fast redraws.** Artists created with ``animated=True`` are redrawn by
  blitting onto a cached background: tick labels and other static text are not
  re-rendered, which is most of the cost of a full draw.
* **Two display modes.** With ipympl (``%matplotlib widget``) the canvas is a
  live widget updated in place. Without it (Colab, nbconvert, voila without
  ipympl) the same figure is encoded to PNG into an ``ipywidgets.Image``,
  which is replaced in place, without flicker; sliders then update on release.
* **A status line with states.** ``"error"`` (kept until the next good
  update), ``"busy"`` (while a release-only control or a slow button works),
  ``"info"`` (:meth:`App.info`, cleared by the next change) or ``"clear"``.
* **Readouts.** Numbers that change on every move go to ``app.readout`` (an
  HTML line under the figure, :meth:`App.set_readout`), not into figure text,
  which matplotlib re-renders glyph by glyph on every frame.
* **A lifecycle.** :meth:`App.close` frees the figure, every widget the app
  made and every observer; re-running the notebook cell that showed an app
  closes the app it showed before, so a kernel's memory stays flat.
* **Cheap frames.** Each frame, live or inline, is written by
  :func:`encode_png` (PNG "None" filter, zlib level 1): 2-3x faster than
  Pillow's default for plots, which made it most of a frame's cost.

Display an app by making it the last expression of a cell. It needs no
figure or widget boilerplate in the notebook.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import html
import importlib.util
import io
import math
import os
import traceback
import weakref
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Iterable, Sequence

import ipywidgets as widgets
import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .. import _cells
from .._validate import _is_number
from ..plotting.style import style_context

__all__ = ["Control", "Changed", "App", "ipympl_active", "live_default", "set_live_default",
           "busy_html", "lecture_scale", "encode_png", "fitted_size"]


# --------------------------------------------------------------------------
# controls
# --------------------------------------------------------------------------


# A control's value is a number by the library's one rule (any numeric type, never a bool).
_is_real = _is_number


@dataclass(frozen=True)
class Control:
    """One row of an app's control table.

    Parameters
    ----------
    name : str
        Keyword under which the value reaches :meth:`App.update`.
    label : str
        Short label shown beside the control (math symbols welcome: "σ").
    min, max, step : float
        Range and step of a slider (``kind`` "float" or "int").
    value : Any
        Initial value. For "choice", one of ``options``; for "toggle", a bool.
    unit : str
        Unit shown after the label, e.g. "Hz".
    kind : {"float", "int", "choice", "toggle"}
        Widget type: a slider, an integer slider, toggle buttons / dropdown,
        or a checkbox.
    options : sequence
        Choices for ``kind="choice"``: values, or ``(label, value)`` pairs.
    live : bool
        ``True``: the figure follows the slider while it is dragged (the
        update must be fast). ``False``: update on release, with a busy
        indicator (for recomputes over ~40 ms).
    help : str
        Tooltip: what the control means.
    fmt : str or None
        Readout format such as ".3f"; by default derived from ``step``.
    """

    name: str
    label: str
    min: float | None = None
    max: float | None = None
    step: float | None = None
    value: Any = None
    unit: str = ""
    kind: str = "float"
    options: Sequence = ()
    live: bool = True
    help: str = ""
    fmt: str | None = None

    def __post_init__(self):
        if self.kind not in ("float", "int", "choice", "toggle"):
            raise ValueError(f"Control {self.name!r}: kind must be float, int, choice or toggle")
        if self.kind in ("float", "int"):
            if None in (self.min, self.max, self.step, self.value):
                raise ValueError(f"Control {self.name!r}: a slider needs min, max, step and value")
            if not self.min <= self.value <= self.max:
                raise ValueError(
                    f"Control {self.name!r}: value {self.value} outside [{self.min}, {self.max}]"
                )
        if self.kind == "choice" and self.value not in self.option_values:
            raise ValueError(f"Control {self.name!r}: value {self.value!r} not among the options")

    # -- helpers ----------------------------------------------------------
    @property
    def option_values(self) -> list:
        """The values a choice control can take (labels removed)."""
        return [o[1] if isinstance(o, tuple) else o for o in self.options]

    @property
    def decimals(self) -> int:
        """Decimals of the step: what the readout shows and values are rounded to."""
        if self.kind != "float":
            return 0
        s = f"{self.step:.10f}".rstrip("0")
        return max(0, len(s.split(".")[1])) if "." in s else 0

    @property
    def description(self) -> str:
        """The label with its unit, as shown beside the control."""
        return f"{self.label} ({self.unit})" if self.unit else self.label

    @property
    def allowed(self) -> str:
        """The allowed values in words, for error messages."""
        if self.kind in ("float", "int"):
            what = "an integer" if self.kind == "int" else "a number"
            return f"{what} in [{self.min:g}, {self.max:g}]"
        if self.kind == "choice":
            return "one of " + ", ".join(repr(v) for v in self.option_values)
        return "True or False"

    def snap(self, value):
        """Round ``value`` to the control's grid.

        A slider set from the browser can deliver ``1.9999999999999998`` for
        2.0 (ipywidgets with JupyterLab); rounding to the step makes the value
        the one the learner sees.
        """
        if self.kind == "float":
            k = round((float(value) - self.min) / self.step)
            return round(self.min + k * self.step, self.decimals + 2)
        if self.kind == "int":
            return int(round(value))
        return value

    def validate(self, value):
        """Return ``value`` snapped to the grid, or raise ``ValueError`` naming the control.

        Numbers of any numeric type are accepted (``3``, ``3.0``,
        ``numpy.int64(3)``); strings and booleans are not numbers.
        """
        if self.kind in ("float", "int"):
            ok = _is_real(value) and math.isfinite(float(value))
            if ok and self.kind == "int" and not float(value).is_integer():
                ok = False
            if not ok or not self.min <= float(value) <= self.max:
                raise ValueError(f"{self.name} must be {self.allowed}, got {value!r}")
            return self.snap(value)
        if self.kind == "choice":
            # True == 1.0 in Python: a bool is an option only when the options are bools.
            is_bool = isinstance(value, bool) or type(value).__name__ == "bool_"
            try:
                ok = any(value == v and is_bool == isinstance(v, bool)
                         for v in self.option_values)
            except (TypeError, ValueError):  # e.g. an array compared with the options
                ok = False
            if not ok:
                raise ValueError(f"{self.name} must be {self.allowed}; got {value!r}")
            return value
        import numpy as np

        if not isinstance(value, (bool, np.bool_)):
            raise ValueError(f"{self.name} must be True or False, got {value!r}")
        return bool(value)

    def make_widget(self, continuous: bool) -> widgets.Widget:
        """The widget for this control (``continuous``: follow a drag, ipympl only)."""
        style = {"description_width": "initial"}
        # A Layout is a widget too: make one only for a widget that uses it (an unused one
        # stays in ipywidgets' registry for the life of the kernel).
        def layout():
            return widgets.Layout(width="auto", min_width="260px", max_width="420px")

        common = dict(description=self.description, tooltip=self.help or self.description,
                      style=style)
        if self.kind == "float":
            fmt = self.fmt or f".{self.decimals}f"
            w = widgets.FloatSlider(
                value=self.value, min=self.min, max=self.max, step=self.step,
                readout_format=fmt, continuous_update=continuous and self.live,
                layout=layout(), **common,
            )
        elif self.kind == "int":
            w = widgets.IntSlider(
                value=self.value, min=self.min, max=self.max, step=self.step,
                continuous_update=continuous and self.live, layout=layout(), **common,
            )
        elif self.kind == "choice":
            opts = list(self.options)
            if len(opts) <= 6:
                w = widgets.ToggleButtons(
                    options=opts, value=self.value, style={"button_width": "auto",
                                                           "description_width": "initial"},
                    description=self.description, tooltip=self.help or self.description,
                )
            else:
                w = widgets.Dropdown(options=opts, value=self.value, layout=layout(), **common)
        else:
            w = widgets.Checkbox(value=bool(self.value), indent=False,
                                 layout=widgets.Layout(width="auto"), **common)
        w.add_class("course-control")
        w.add_class(f"course-control-{self.name}")
        w.add_class("course-live" if self.live else "course-on-release")
        return w


class Changed:
    """What changed since the picture was last drawn: names of controls and of state.

    Passed to :meth:`App.update`. ``"w" in changed`` and ``changed("w", "I")``
    (true if any of them changed) are the two ways to ask. After a (re)build
    everything counts as changed.

    >>> c = Changed({"w"})
    >>> c("w", "I"), "I" in c
    (True, False)
    >>> Changed(everything=True)("anything")
    True
    """

    __slots__ = ("names", "everything")

    def __init__(self, names: Iterable[str] = (), everything: bool = False):
        self.names = frozenset(names)
        self.everything = bool(everything)

    def __contains__(self, name) -> bool:
        return self.everything or name in self.names

    def __call__(self, *names: str) -> bool:
        return self.everything or not self.names.isdisjoint(names)

    def __bool__(self) -> bool:
        return self.everything or bool(self.names)

    def __repr__(self) -> str:
        return "Changed(everything)" if self.everything else f"Changed({sorted(self.names)})"


# --------------------------------------------------------------------------
# backend
# --------------------------------------------------------------------------


PNG_BLOCK_ROWS = 64
"""Rows deflated at a time: the temporaries of a frame stay ~0.25 MB, not 3-10 MB."""


def encode_png(pixels, level: int = 1) -> bytes:
    """A PNG of an ``(h, w, 3)`` RGB or ``(h, w, 4)`` RGBA uint8 array, written for speed.

    Every row uses PNG's "None" filter and the data is deflated at level 1,
    by ISA-L (the ``isal`` package) where it is installed, else by zlib. For
    plots (flat colours) and for ipympl's diff frames (mostly transparent
    zeros) this is many times faster to write than Pillow's adaptive filtering
    and no larger; ISA-L deflates a 960 x 760 diff frame in ~0.5 ms against
    ~11 ms for zlib (measured on the course machines), which is most of what
    a frame costs a class server. The rows are streamed through the
    compressor :data:`PNG_BLOCK_ROWS` at a time, so a frame allocates no
    full-size copy of itself.

    Parameters
    ----------
    pixels : array_like, shape (h, w, 3) or (h, w, 4)
        The image, uint8.
    level : int, default 1
        zlib compression level.

    Returns
    -------
    bytes
        The PNG file.
    """
    import numpy as np

    pixels = np.asarray(pixels)
    if pixels.ndim != 3:
        raise ValueError(f"pixels must have shape (h, w, 3) or (h, w, 4), got {pixels.shape}")
    h, w, channels = pixels.shape
    if channels not in (3, 4):
        raise ValueError(f"pixels must have 3 (RGB) or 4 (RGBA) channels, got {channels}")
    pixels = pixels.astype(np.uint8, copy=False)
    blocks = (pixels[i:i + PNG_BLOCK_ROWS] for i in range(0, h, PNG_BLOCK_ROWS))
    return _png_from_blocks(h, w, channels, blocks, level)


def _png_from_blocks(h: int, w: int, channels: int, blocks, level: int = 1) -> bytes:
    """A PNG whose rows come as ``(n, w, channels)`` uint8 blocks, top to bottom."""
    import struct
    import zlib

    import numpy as np

    compressor = _deflate().compressobj(level)
    raw = np.empty((min(h, PNG_BLOCK_ROWS), w * channels + 1), np.uint8)
    raw[:, 0] = 0  # each row starts with its filter type: 0, "None"
    parts = []
    for block in blocks:
        n = block.shape[0]
        raw[:n, 1:] = block.reshape(n, w * channels)
        parts.append(compressor.compress(memoryview(raw[:n]).cast("B")))
    parts.append(compressor.flush())

    def chunk(tag: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + tag + body
                + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF))

    color_type = 6 if channels == 4 else 2
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, color_type, 0, 0, 0))
            + chunk(b"IDAT", b"".join(parts))
            + chunk(b"IEND", b""))


@functools.lru_cache(maxsize=None)
def _deflate():
    """The zlib-compatible module that deflates frames: ISA-L's if installed, else zlib."""
    try:
        from isal import isal_zlib

        return isal_zlib
    except ImportError:  # a plain zlib stream is the same format, only slower to make
        import zlib

        return zlib


def _fast_diff_image(canvas):
    """Matplotlib's WebAgg ``get_diff_image``, with the PNG written by :func:`encode_png`.

    Every live frame is a full-size RGBA PNG (the pixels that changed,
    transparent elsewhere). Same protocol and same pixels as matplotlib's
    (a test rebuilds the figure from the frames), but cheaper for a class
    server: block by block, with the previous frame updated in place, so a
    frame allocates a few small blocks instead of four full-size arrays
    (which glibc then keeps: a kernel grew 10-20 MB per minute of dragging).
    """
    import numpy as np

    if not canvas._png_is_old:
        return None
    pixels = np.asarray(canvas.get_renderer().buffer_rgba())
    buff = pixels.view(np.uint32).squeeze(2)  # little-endian RGBA: alpha is the top byte
    last = canvas._last_buff
    full = (canvas._force_full or last.shape != buff.shape
            or bool(buff.size and buff.min() < 0xFF000000))  # some pixel not opaque
    canvas.set_image_mode("full" if full else "diff")
    if last.shape != buff.shape:
        last = canvas._last_buff = np.empty_like(buff)
    h, w = buff.shape

    def blocks():
        for i in range(0, h, PNG_BLOCK_ROWS):
            new, old = buff[i:i + PNG_BLOCK_ROWS], last[i:i + PNG_BLOCK_ROWS]
            out = new if full else np.where(new != old, new, 0)
            old[...] = new
            yield out.view(np.uint8).reshape(out.shape[0], w, 4)

    png = _png_from_blocks(h, w, 4, blocks())
    canvas._force_full = False
    canvas._png_is_old = False
    return png


def _use_fast_png(canvas) -> None:
    """Give an ipympl canvas :func:`_fast_diff_image`, if its matplotlib has the same internals."""
    if all(hasattr(canvas, a) for a in ("_png_is_old", "_force_full", "_last_buff",
                                         "set_image_mode", "get_renderer")):
        canvas.get_diff_image = lambda: _fast_diff_image(canvas)


@functools.lru_cache(maxsize=None)
def _ipympl_classes():
    """ipympl's Canvas and FigureManager, imported without switching pyplot's backend.

    ``import ipympl`` switches matplotlib to ipympl when matplotlib is loaded
    (its ``__init__`` calls ``matplotlib.use``): the notebook's static figures
    would become fixed-size canvases from then on. The apps need only the
    classes; pyplot's backend is put back.
    """
    from matplotlib import rcsetup

    before = dict.__getitem__(matplotlib.rcParams, "backend")
    from ipympl.backend_nbagg import Canvas, FigureManager

    if (dict.__getitem__(matplotlib.rcParams, "backend") != before
            and before is not rcsetup._auto_backend_sentinel):
        matplotlib.use(before)
    return Canvas, FigureManager


def ipympl_active() -> bool:
    """True when matplotlib's backend is ipympl (``%matplotlib widget``)."""
    backend = matplotlib.get_backend().lower()
    return "ipympl" in backend or backend in ("widget", "module://ipympl.backend_nbagg")


_LIVE_DEFAULT: dict[str, bool | None] = {"live": None}


def set_live_default(live: bool | None) -> None:
    """Make new apps live (ipympl canvases) or not, whatever pyplot's backend is.

    :func:`course_lib.setup_notebook` calls it: apps draw on their own ipympl
    canvas (no pyplot involved) while the notebook's static figures stay
    inline pictures, which fit any column and are sharp on HiDPI screens.
    ``None`` goes back to following pyplot's backend (:func:`ipympl_active`).
    """
    _LIVE_DEFAULT["live"] = None if live is None else bool(live)


def live_default() -> bool:
    """Whether a new app is live: as set by :func:`set_live_default`, else pyplot's backend."""
    live = _LIVE_DEFAULT["live"]
    return ipympl_active() if live is None else live


def lecture_scale() -> float:
    """Figure magnification for a projector: ``COURSE_LECTURE_SCALE`` (default 1).

    Lecture mode (``python -m course_lib.lecture``) sets it to 1.3, so apps
    fill a wide screen and their text reads from the back of the room.
    """
    try:
        scale = float(os.environ.get("COURSE_LECTURE_SCALE", "1"))
    except ValueError:
        return 1.0
    return scale if 0.5 <= scale <= 3.0 else 1.0


COLUMN_MARGIN_PX = 12
"""Pixels kept free between the figure and the column's right edge (borders, padding)."""
WIDTH_STEP_PX = 16
"""Figure widths are rounded down to this step, so small column changes cause no re-fit."""


def exact_inches(size, dpi: float) -> tuple[float, float]:
    """``size`` (inches) nudged so that ``size * dpi`` is a whole number of pixels, or a hair above.

    10.2 in at 100 dpi is 1019.9999999999999 px in floating point: the
    kernel's buffer and the browser's canvas round that differently (1020
    against 1019), and the page would show a picture one pixel short of
    the kernel's. A size a few ulp larger gives the same whole number everywhere.
    """
    out = []
    for inches in size:
        px = round(float(inches) * dpi)
        x = px / dpi
        while x * dpi < px:
            x = math.nextafter(x, math.inf)
        out.append(x)
    return out[0], out[1]


def fitted_size(column_px: float, figsize, narrow_figsize=None, dpi: float = 100.0):
    """The figure size (inches) and layout for a notebook column ``column_px`` wide.

    A figure is never wider than its design width ``figsize[0]``. In a column
    narrower than that it shrinks to fit (text keeps its size: fonts are set
    in points and the dpi stays); below 72% of the design width an app with a
    narrow layout (``narrow_figsize``: panels stacked) switches to it.

    Parameters
    ----------
    column_px : float
        Width of the column in CSS pixels (0: unknown, keep the design size).
    figsize, narrow_figsize : (float, float)
        Design sizes in inches of the wide and (optional) narrow layout.
    dpi : float
        Figure dots per inch (100, times the lecture scale).

    Returns
    -------
    (tuple of float, bool)
        The size in inches and whether the narrow layout is used.

    Examples
    --------
    >>> fitted_size(1200, (9.6, 5.0))
    ((9.6, 5.0), False)
    >>> fitted_size(848, (9.6, 5.0), (6.0, 8.0))
    ((8.32, 5.0), False)
    >>> fitted_size(600, (9.6, 5.0), (6.0, 8.0))
    ((5.76, 8.0), True)
    """
    w, h = figsize
    if not column_px or column_px <= 0:
        return (w, h), False
    avail = column_px - COLUMN_MARGIN_PX
    if avail >= w * dpi:
        return (w, h), False
    if narrow_figsize is not None and avail < 0.72 * w * dpi:
        nw, nh = narrow_figsize
        px = min(avail, nw * dpi)
        px = max(WIDTH_STEP_PX, px - px % WIDTH_STEP_PX)
        return (round(px / dpi, 4), nh), True
    px = max(WIDTH_STEP_PX, avail - avail % WIDTH_STEP_PX)
    return (round(px / dpi, 4), h), False


@functools.lru_cache(maxsize=None)
def _probe_class():
    """The ColumnProbe widget class (defined once; None without anywidget)."""
    try:
        import anywidget
        import traitlets
    except ImportError:  # pragma: no cover - a runtime dependency
        return None

    class ColumnProbe(anywidget.AnyWidget):
        _esm = """
        function render({ model, el }) {
          el.style.width = "100%";
          el.style.height = "0px";
          el.style.overflow = "hidden";
          let timer = null;
          const report = () => {
            const w = Math.floor(el.getBoundingClientRect().width);
            const r = window.devicePixelRatio || 1;
            if (w > 0 && (w !== model.get("width") || r !== model.get("ratio"))) {
              model.set("width", w);
              model.set("ratio", r);
              model.save_changes();
            }
          };
          const observer = new ResizeObserver(() => {
            clearTimeout(timer);
            timer = setTimeout(report, 150);
          });
          observer.observe(el);
          const media = window.matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
          media.addEventListener("change", report);
          report();
          return () => { observer.disconnect(); media.removeEventListener("change", report); };
        }
        export default { render };
        """
        width = traitlets.Int(0).tag(sync=True)
        ratio = traitlets.Float(1.0).tag(sync=True)

    return ColumnProbe


def _column_probe():
    """A zero-height widget that reports its width and the device pixel ratio (or None).

    Made with anywidget (a ResizeObserver in the browser, debounced 150 ms),
    so an app learns the width of the column it is shown in: the sidebar
    opened, the window resized, a projector. Without a widget front end
    (nbconvert, CI) it reports nothing and the app keeps its design size.
    """
    cls = _probe_class()
    if cls is None:
        return None
    probe = cls(layout=widgets.Layout(width="100%", height="0px"))
    probe.add_class("course-column-probe")
    return probe


def busy_html(message: str) -> str:
    """The status line's "busy" look: an hourglass and ``message``."""
    return (
        '<span class="course-busy" style="color:#0072B2">'
        f"&#9203; {html.escape(message)}</span>"
    )


def _error_html(exc: BaseException) -> str:
    tb = traceback.format_exception(type(exc), exc, exc.__traceback__)
    return (
        '<div class="course-error" style="color:#D55E00">'
        f"<b>&#9888; {html.escape(type(exc).__name__)}:</b> {html.escape(str(exc))}"
        f'<details><summary>details</summary><pre style="font-size:80%">'
        f"{html.escape(''.join(tb))}</pre></details></div>"
    )


def _info_html(message: str) -> str:
    return f'<span class="course-info" style="color:#333"><i>{message}</i></span>'


def _iter_widgets(obj, depth: int = 0):
    """Widgets held by ``obj`` (a widget, or a list / tuple / dict of them), one level deep."""
    if isinstance(obj, widgets.Widget):
        yield obj
    elif isinstance(obj, (list, tuple, set)) and depth < 2:
        for item in obj:
            yield from _iter_widgets(item, depth + 1)
    elif isinstance(obj, dict) and depth < 2:
        for item in obj.values():
            yield from _iter_widgets(item, depth + 1)


def _close_widget_tree(roots) -> int:
    """Close every widget reachable from ``roots`` through widget-valued traits.

    ``Widget.close()`` closes only that widget: its ``layout`` and ``style``
    (widgets too), a box's children and a canvas's toolbar stay in ipywidgets'
    registry for the life of the kernel. Returns how many were closed.
    """
    seen: set[int] = set()
    stack = [w for r in roots for w in _iter_widgets(r)]
    n = 0
    while stack:
        w = stack.pop()
        if id(w) in seen:
            continue
        seen.add(id(w))
        for name in w.trait_names():
            if name.startswith("_") and name not in ("_dom_classes",):
                continue
            try:
                value = getattr(w, name)
            except Exception:  # a trait that cannot be read any more
                continue
            stack.extend(_iter_widgets(value))
        toolbar = getattr(w, "toolbar", None)  # ipympl's canvas
        if isinstance(toolbar, widgets.Widget):
            stack.append(toolbar)
        try:
            w.close()
            n += 1
        except Exception:  # already closed, or its comm is gone
            pass
    return n


def _close_on_rerun(app: "App") -> None:
    """Close ``app`` when the notebook cell that made it runs again (see course_lib._cells)."""
    ref = weakref.ref(app)

    def close():
        a = ref()
        if a is not None:
            a.close()

    _cells.on_rerun(close, app)


# --------------------------------------------------------------------------
# the app
# --------------------------------------------------------------------------


@dataclass
class _Render:
    """What the redraw path needs to know about the figure."""

    animated: list = field(default_factory=list)
    background: Any = None


class App:
    """Base class of the course's interactive views.

    Subclasses set :attr:`controls` (a tuple of :class:`Control`) and
    :attr:`figsize`, and implement :meth:`build` and :meth:`update`; state and
    extra widgets go into :meth:`setup`.

    Parameters
    ----------
    live : bool or None
        Force the display mode: ``True`` needs ipympl, ``False`` draws PNG
        images. ``None`` (default): what :func:`course_lib.setup_notebook`
        chose (:func:`live_default`).
    **values
        Initial control values, overriding the table's defaults; checked
        against each control's range.

    Attributes
    ----------
    fig : matplotlib.figure.Figure
        The app's one figure.
    sliders : dict[str, ipywidgets.Widget]
        The controls, by name.
    artists : object
        Whatever :meth:`build` returned.
    status : ipywidgets.HTML
        The status line: errors, "computing…", short notes.
    status_kind : {"clear", "info", "busy", "error"}
        What the status line shows.
    readout : ipywidgets.HTML
        The line of numbers under the figure.
    last_error : BaseException or None
        The exception of the last failed update (None after a good one).
    n_updates : int
        Updates drawn so far (one per change).
    widget : ipywidgets.VBox
        The whole app (controls, figure, readout, extra widgets, status).
    closed : bool
        :meth:`close` has run.
    """

    _instances: ClassVar[weakref.WeakSet] = weakref.WeakSet()
    _serial_counter: ClassVar[int] = 0

    controls: ClassVar[tuple[Control, ...]] = ()
    figsize: ClassVar[tuple[float, float]] = (9.6, 5.0)
    """Design size of the figure in inches at 100 dpi (the widest it is drawn)."""
    narrow_figsize: ClassVar[tuple[float, float] | None] = None
    """Size of the narrow layout (panels stacked), or None if the app has none.

    In a column narrower than 72% of the design width the app is rebuilt
    with ``self.narrow = True`` and this size; :meth:`build` then stacks its
    panels (see :func:`fitted_size`)."""
    css_class: ClassVar[str] = "course-app"

    def __init__(self, *, live: bool | None = None, **values):
        table = {c.name: c for c in self.controls}
        unknown = sorted(set(values) - set(table))
        if unknown:
            allowed = ", ".join(table) or "none"
            raise ValueError(
                f"{type(self).__name__} has no control named {', '.join(map(repr, unknown))}; "
                f"the controls are: {allowed}"
            )
        self._values = {name: c.validate(values.get(name, c.value)) for name, c in table.items()}
        self._table = table
        self.live = live_default() if live is None else bool(live)
        if self.live and importlib.util.find_spec("ipympl") is None:
            raise ValueError("live=True needs ipympl: pip install ipympl, then restart the kernel")
        App._serial_counter += 1
        self._serial = App._serial_counter
        self._hold = 0
        self._pending: set[str] = set()
        self._pending_refresh = False
        self._drawn: dict | None = None  # the values of the last drawn picture
        self._reverting = False
        self._cids: list[int] = []
        self.closed = False
        self.narrow = False  # build() stacks its panels when True (a narrow column)
        self.column_px = 0  # the width of the column the app is shown in (0: unknown)
        self.device_ratio = 1.0
        self._size = tuple(self.figsize)
        self.last_error: BaseException | None = None
        self.n_updates = 0
        self.status_kind = "clear"

        # widgets of the controls ------------------------------------------
        self.sliders: dict[str, widgets.Widget] = {}
        for name, c in table.items():
            w = c.make_widget(continuous=self.live)
            w.value = self._values[name]
            w.observe(self._on_control, names="value")
            self.sliders[name] = w
        self._names = {id(w): name for name, w in self.sliders.items()}
        self.status = widgets.HTML(value="", layout=widgets.Layout(min_height="1.6em"))
        self.status.add_class("course-status")
        self.readout = widgets.HTML(value="")
        self.readout.add_class("course-readout")

        # the app's own state and widgets ------------------------------------
        self.setup()

        # figure ----------------------------------------------------------
        self._render = _Render()
        self.fig = self._new_figure(interactive=self.live)
        self._build()
        self._cids.append(self.fig.canvas.mpl_connect("draw_event", self._on_draw))
        if self.live and type(self).on_press is not App.on_press:
            self._cids.append(self.fig.canvas.mpl_connect("button_press_event",
                                                          self._on_press_event))
        if self.live:
            self._canvas_view = self.fig.canvas
        else:
            self._canvas_view = widgets.Image(format="png", layout=widgets.Layout(
                width="auto", max_width="100%", height="auto"))
            self._canvas_view.add_class("course-figure")
        self.refresh(full=True)
        controls = self.controls_box()
        controls.add_class("course-controls")
        self._probe = _column_probe()
        top = [self._probe] if self._probe is not None else []
        if self._probe is not None:
            self._probe.observe(self._on_column, names=["width", "ratio"])
        self.widget = widgets.VBox(
            [*top, controls, self._canvas_view, self.readout, *self.extra_widgets(), self.status],
            layout=widgets.Layout(max_width="100%"),
        )
        self.widget.add_class(self.css_class)
        self.widget.add_class(f"{self.css_class}-{type(self).__name__}")
        App._instances.add(self)
        _close_on_rerun(self)

    @classmethod
    def instances(cls) -> list:
        """The open apps of this class (and subclasses) in this kernel, oldest first."""
        return sorted((a for a in App._instances if isinstance(a, cls) and not a.closed),
                      key=lambda a: a._serial)

    # -- to implement -----------------------------------------------------
    def setup(self) -> None:
        """Create the app's own state and widgets (called once, before :meth:`build`).

        Buttons (:meth:`button`), tables, progress bars, lists of launched
        trajectories, stored memories: everything that must survive a
        rebuild of the figure. The control values are in ``self.params``.
        """

    def build(self, fig: Figure):
        """Create the axes and artists on ``fig``; return them as one object.

        Called once per figure (and again on :meth:`rebuild`): it must not
        create or reset state. Mark artists that change with
        ``animated=True``: they are redrawn by blitting. Whatever is returned
        is passed to :meth:`update`.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement build(fig)")

    def update(self, artists, changed: Changed, **params) -> str | None:
        """Recompute what ``changed`` names and update ``artists`` in place.

        Parameters
        ----------
        artists : object
            What :meth:`build` returned.
        changed : Changed
            Names of the controls and state that changed since the last
            drawn picture (everything after a build).
        **params
            The current value of every control.

        Returns
        -------
        "full" or None
            ``"full"`` if something that is not animated changed (axis
            limits, a static label); otherwise nothing.
        """
        raise NotImplementedError(
            f"{type(self).__name__} must implement update(artists, changed, ...)")

    def on_press(self, event) -> None:
        """Handle a mouse press on the live figure (override to use clicks).

        Called with matplotlib's event, only in live mode (ipympl) and not
        while the toolbar is zooming or panning. Change state, then call
        :meth:`refresh`; errors are shown in the app.
        """

    def controls_box(self) -> widgets.Widget:
        """Layout of the controls (and buttons made in :meth:`setup`); layout only."""
        return self.rows(list(self.sliders.values()))

    def extra_widgets(self) -> list:
        """Widgets shown below the figure (made in :meth:`setup`); layout only."""
        return []

    def bench_actions(self) -> dict:
        """Named actions (button handlers) the benchmark should time; default none."""
        return {}

    # -- helpers for subclasses ---------------------------------------------
    def button(self, label: str, action: Callable[[], Any], *, icon: str = "",
               style: str = "", tooltip: str = "", css: str = "") -> widgets.Button:
        """A button that runs ``action()``, its errors shown in the app.

        Make buttons in :meth:`setup`; ``action`` changes the app's state and
        calls :meth:`refresh` (or a control's value).
        """
        b = widgets.Button(description=label, icon=icon, button_style=style,
                           tooltip=tooltip or label, layout=widgets.Layout(width="auto"))
        if css:
            b.add_class(css)
        b.on_click(self.guard(lambda _b: action()))
        return b

    @staticmethod
    def rows(*rows: Sequence[widgets.Widget]) -> widgets.Widget:
        """Rows of widgets that wrap in a narrow column (one VBox of HBoxes)."""
        layout = dict(flex_flow="row wrap", align_items="center", grid_gap="2px 16px")
        boxes = [widgets.HBox(list(r), layout=widgets.Layout(**layout)) for r in rows]
        return boxes[0] if len(boxes) == 1 else widgets.VBox(boxes)

    def set_readout(self, text: str) -> None:
        """Show ``text`` (HTML allowed) in the readout line under the figure.

        Use it for numbers that change with every move (fixed points, counts):
        a widget costs nothing to update, while text in the figure is
        re-rendered glyph by glyph on every frame (~5 ms per label).
        """
        self.readout.value = f'<div style="font-size:110%">{text}</div>'

    def info(self, message: str) -> None:
        """A short note in the status line (HTML allowed), cleared by the next change."""
        self._set_status("info", _info_html(message))

    # -- public -----------------------------------------------------------
    @property
    def params(self) -> dict:
        """Current control values (checked, snapped to each control's step)."""
        return dict(self._values)

    def set(self, **values) -> None:
        """Set several controls at once, with one update and one redraw.

        >>> app.set(w=0.05, I=-3.0)   # doctest: +SKIP
        """
        checked = {}
        for name, value in values.items():
            if name not in self._table:
                raise ValueError(
                    f"no control named {name!r}; the controls are: {', '.join(self._table)}"
                )
            checked[name] = self._table[name].validate(value)
        with self.hold():
            for name, value in checked.items():
                w = self.sliders[name]
                with w.hold_sync():
                    w.value = value

    @contextlib.contextmanager
    def hold(self):
        """Suspend updates inside the block; one update runs at its end."""
        self._hold += 1
        try:
            yield self
        finally:
            self._hold -= 1
            if self._hold == 0 and self._pending_refresh:
                self._pending_refresh = False
                self.refresh()

    @contextlib.contextmanager
    def busy(self, message: str = "computing…"):
        """Show ``message`` in the status line while the block runs."""
        before = (self.status_kind, self.status.value)
        self._set_status("busy", busy_html(message))
        try:
            yield
        finally:
            if self.status_kind == "busy":  # an error raised meanwhile stays
                self._set_status(*before)

    def guard(self, fn):
        """Wrap a callback so that an exception is shown in the app, never lost.

        Used by :meth:`button`; wrap other callbacks (a Play widget's
        observer, say) the same way.
        """

        def wrapped(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # shown to the learner, not swallowed
                self._show_error(exc)
                return None

        return wrapped

    def refresh(self, *state: str, full: bool = False, slow: bool = False) -> None:
        """Recompute and redraw: the one path of every change.

        Parameters
        ----------
        *state : str
            Names of state that changed (besides the controls, which the base
            compares itself), passed on to :meth:`update` in ``changed``.
        full : bool
            Redraw everything, not only the animated artists.
        slow : bool
            Show the busy indicator while it runs (automatic when a
            release-only control changed).

        Notes
        -----
        An error is shown in the app and kept in ``last_error``, never raised
        into the widget machinery; the next good update clears it. Inside
        :meth:`hold` the refresh waits for the end of the block.
        """
        if self.closed:
            return
        self._pending.update(state)
        if self._hold:
            self._pending_refresh = True
            return
        params = self.params
        changed = self._changes(params)
        slow = slow or any(not self._table[n].live for n in changed.names if n in self._table)
        if self.status_kind == "info":
            self._set_status("clear", "")
        ctx = self.busy() if slow else contextlib.nullcontext()
        try:
            with ctx, style_context():
                result = self.update(self.artists, changed, **params)
            self._drawn = params
            self._pending.clear()
            self.n_updates += 1
            self.redraw(full=full or result == "full")
            _cells.trim_when_idle()
            if self.status_kind == "error":
                self._set_status("clear", "")
            self.last_error = None
        except Exception as exc:  # shown to the learner, not swallowed
            self._show_error(exc)

    def redraw(self, full: bool = False) -> None:
        """Show the current state of the artists.

        Blits the animated artists onto the cached background; a full draw
        when ``full`` is true or nothing is cached yet.
        """
        canvas = self.fig.canvas
        r = self._render
        if full or r.background is None or not r.animated:
            if self.live:
                canvas.draw_idle()
            else:
                canvas.draw()
                self._push_png()
            return
        canvas.restore_region(r.background)
        for a in r.animated:
            self.fig.draw_artist(a)
        if self.live:
            canvas.blit(self.fig.bbox)
        else:
            self._push_png()

    def rebuild(self, figsize: tuple[float, float] | None = None) -> None:
        """Build the figure again (optionally at a new size), keeping all state.

        The artists are made anew by :meth:`build` and drawn with every
        control value and every bit of state the learner had: this is what a
        re-fit to a new column width or a new lecture scale does.
        """
        if self.closed:
            return
        self.fig.clear()
        if figsize is not None:
            self.fig.set_size_inches(*exact_inches(figsize, self.fig.dpi), forward=True)
        self._build()
        self._drawn = None
        self.refresh(full=True)

    def fit(self, column_px: float, device_ratio: float = 1.0) -> bool:
        """Fit the figure to a column ``column_px`` CSS pixels wide; True if it changed.

        Called by the column probe when the column changes (sidebar, window,
        lecture scale): the figure is rebuilt at the size :func:`fitted_size`
        gives, in the narrow layout where the app has one and the column is
        narrow, with every bit of state kept. Inline, ``device_ratio`` 2
        (HiDPI screens) draws the picture at twice the pixels, shown at the
        same size; live, ipympl does that itself.
        """
        if self.closed:
            return False
        self.column_px = int(column_px)
        dpi = 100.0 * lecture_scale()
        size, narrow = fitted_size(column_px, self.figsize, self.narrow_figsize, dpi)
        ratio = 1.0 if self.live else max(1.0, min(3.0, float(device_ratio or 1.0)))
        if size == self._size and narrow == self.narrow and ratio == self.device_ratio:
            return False
        self.narrow = narrow
        self._size = size
        if ratio != self.device_ratio:
            self.device_ratio = ratio
            self.fig.set_dpi(dpi * ratio)
        if not self.live:
            self._canvas_view.layout.width = f"{round(size[0] * dpi)}px"
        self.rebuild(figsize=size)
        return True

    def render_full(self) -> bytes:
        """Build a fresh figure for the current values and encode it as PNG.

        This is what an ``interact`` callback that rebuilds its figure pays
        on every slider move; the benchmark compares it with :meth:`redraw`.
        The app's own figure, artists and state are left as they are.
        """
        fig = self._new_figure(interactive=False)
        fig.set_size_inches(*exact_inches(self._size, fig.dpi))
        with style_context():
            artists = self.build(fig)
            self.update(artists, Changed(everything=True), **self.params)
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        return buf.getvalue()

    def close(self) -> None:
        """Free everything the app made: widgets, observers, figure, artists.

        Safe to call twice. A closed app draws nothing more.
        """
        if self.closed:
            return
        self.closed = True
        App._instances.discard(self)
        for w in self.sliders.values():
            with contextlib.suppress(ValueError):
                w.unobserve(self._on_control, names="value")
        if getattr(self, "_probe", None) is not None:
            with contextlib.suppress(ValueError):
                self._probe.unobserve(self._on_column, names=["width", "ratio"])
        canvas = self.fig.canvas
        for cid in self._cids:
            canvas.mpl_disconnect(cid)
        self._cids.clear()
        roots = [getattr(self, "widget", None), self.sliders, self.status, self.readout,
                 getattr(self, "_canvas_view", None)]
        roots += [v for k, v in vars(self).items() if k not in ("widget", "sliders", "fig")]
        _close_widget_tree([r for r in roots if r is not None])
        if self.live:
            manager = getattr(canvas, "manager", None)
            toolbar = getattr(manager, "toolbar", None)
            if isinstance(toolbar, widgets.Widget):
                toolbar.close()
            with contextlib.suppress(Exception):
                canvas.close()
        self.fig.clear()
        # The heavy parts go now, even if something (a variable, IPython's Out) still holds
        # the app: the canvas's pixel buffers and the last picture.
        if getattr(canvas, "renderer", None) is not None:
            canvas.renderer = None
            canvas._lastKey = None
        if hasattr(canvas, "_last_buff"):
            canvas._last_buff = None
        if isinstance(self._canvas_view, widgets.Image):
            self._canvas_view.value = b""
        self.artists = None
        self._render = _Render()

    # -- display ----------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs):
        if self.closed:
            return {"text/plain": f"{type(self).__name__} (closed)"}
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if bundle is None:
            return None
        params = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        bundle["text/plain"] = f"{type(self).__name__}({params})"
        if not self.live and self._canvas_view.value:
            # Static renderers (GitHub, nbconvert to HTML) show this picture.
            # base64 text, as nbformat requires (raw bytes reach the notebook as a list of ints)
            bundle["image/png"] = base64.b64encode(self._canvas_view.value).decode("ascii")
        return bundle

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{type(self).__name__}({params})"

    # -- internals --------------------------------------------------------
    def _changes(self, params: dict) -> Changed:
        if self._drawn is None:
            return Changed(everything=True)
        names = {n for n, v in params.items() if self._drawn.get(n) != v}
        return Changed(names | self._pending)

    def _build(self) -> None:
        with style_context():
            self.artists = self.build(self.fig)
        self._render.animated = sorted(
            (a for a in self.fig.findobj() if a.get_animated()), key=lambda a: a.get_zorder()
        )
        self._render.background = None

    def _set_status(self, kind: str, value: str) -> None:
        self.status_kind = kind
        self.status.value = value

    def _show_error(self, exc: BaseException) -> None:
        self.last_error = exc
        self._set_status("error", _error_html(exc))

    def _new_figure(self, interactive: bool) -> Figure:
        scale = lecture_scale()
        with style_context(), matplotlib.rc_context({"figure.dpi": 100 * scale,
                                                     "savefig.dpi": 100 * scale}):
            fig = Figure(figsize=exact_inches(getattr(self, "_size", self.figsize), 100 * scale))
            fig._course_app = True  # its pixel buffers serve the blits: _cells leaves them
            if interactive:
                # An ipympl canvas without pyplot: nothing registered globally, so
                # close() leaves nothing behind in pyplot's figure list.
                Canvas, FigureManager = _ipympl_classes()
                canvas = Canvas(fig)
                FigureManager(canvas, self._serial)
                canvas.header_visible = False
                canvas.footer_visible = False
                canvas.resizable = False
                canvas.capture_scroll = False
                canvas.toolbar_visible = "fade-in-fade-out"
                canvas.toolbar_position = "right"
                canvas.add_class("course-canvas")
                _use_fast_png(canvas)
            else:
                FigureCanvasAgg(fig)
        return fig

    def _on_draw(self, event) -> None:
        canvas = self.fig.canvas
        if getattr(canvas, "is_saving", lambda: False)():
            return
        r = self._render
        r.background = canvas.copy_from_bbox(self.fig.bbox)
        for a in r.animated:
            self.fig.draw_artist(a)
        _cells.trim_when_idle()

    def _on_column(self, change) -> None:
        probe = change["owner"]
        try:
            self.fit(probe.width, probe.ratio)
        except Exception as exc:  # shown, never lost in the widget machinery
            self._show_error(exc)

    def _on_press_event(self, event) -> None:
        toolbar = getattr(self.fig.canvas, "toolbar", None)
        if toolbar is not None and str(getattr(toolbar, "mode", "")):
            return  # zooming or panning
        self.guard(self.on_press)(event)

    def _push_png(self) -> None:
        import numpy as np

        rgba = np.asarray(self.fig.canvas.buffer_rgba())
        self._canvas_view.value = encode_png(rgba[:, :, :3])

    def _on_control(self, change) -> None:
        if self._reverting or self.closed:
            return
        name = self._names.get(id(change["owner"]))
        if name is None:
            return
        try:
            value = self._table[name].validate(change["new"])
        except ValueError as exc:
            # A value the control cannot take (NaN from code, None in a choice):
            # keep the last good one and say why.
            self._reverting = True
            try:
                change["owner"].value = self._values[name]
            except Exception:  # the widget refuses even its old value: leave it
                pass
            finally:
                self._reverting = False
            self._show_error(ValueError(f"{exc}; kept {self._values[name]!r}"))
            return
        if value == self._values[name] and self._drawn is not None:
            return  # e.g. 2.0 after 1.9999999999999998: nothing the learner can see changed
        self._values[name] = value
        self.refresh()
