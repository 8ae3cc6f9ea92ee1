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
            return {"line": line}

        def update(self, artists, *, tau):
            t = np.linspace(0, 10, 200)
            artists["line"].set_data(t, np.exp(-t / tau))

What the base class does for every app:

* **Controls from a table.** Each :class:`Control` becomes a slider (or
  dropdown, toggle, ...) with its label, unit and range; ``app.sliders`` maps
  names to widgets. Values are snapped to the step before use (ipywidgets can
  deliver ``1.9999999999999998``).
* **Figure built once.** :meth:`App.build` creates the axes and artists once.
  Each change calls :meth:`App.update` exactly once with all current values
  and then redraws. No figure is created per update.
* **Fast redraws.** Artists created with ``animated=True`` are redrawn by
  blitting onto a cached background: tick labels and other static text are not
  re-rendered, which is most of the cost of a full draw. Return ``"full"``
  from :meth:`App.update` when something static changed (axis limits, say).
* **Two display modes.** With ipympl (``%matplotlib widget``) the canvas is a
  live widget updated in place. Without it (Colab, nbconvert, voila without
  ipympl) the same figure is encoded to PNG into an ``ipywidgets.Image``,
  which is replaced in place, without flicker; sliders then update on release.
* **Errors are shown.** An exception in a callback is displayed inside the
  app (and kept in ``app.last_error``), never swallowed by the widget
  machinery.
* **Readouts.** Numbers that change on every move go to ``app.readout`` (an
  HTML line under the figure, :meth:`App.set_readout`), not into figure text,
  which matplotlib re-renders glyph by glyph on every frame.
* **Busy indicator.** Controls marked ``live=False`` update on release and
  show "computing…" while they work.
* **State that is not a control.** Buttons, clicks and the like change the
  app's own state and then call :meth:`App.refresh`, which updates and
  redraws exactly as a slider move does (errors shown, busy indicator if
  asked).
* **Cheap frames.** Each frame, live or inline, is written by
  :func:`encode_png` (PNG "None" filter, zlib level 1): 2-3x faster than
  Pillow's default for plots, which made it most of a frame's cost.

Display an app by making it the last expression of a cell. It needs no
figure or widget boilerplate in the notebook.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import math
import os
import traceback
import weakref
from dataclasses import dataclass, field
from typing import Any, ClassVar, Sequence

import ipywidgets as widgets
import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..plotting.style import style_context

__all__ = ["Control", "App", "ipympl_active", "busy_html", "lecture_scale"]


# --------------------------------------------------------------------------
# controls
# --------------------------------------------------------------------------


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
        return [o[1] if isinstance(o, tuple) else o for o in self.options]

    @property
    def decimals(self) -> int:
        if self.kind != "float":
            return 0
        s = f"{self.step:.10f}".rstrip("0")
        return max(0, len(s.split(".")[1])) if "." in s else 0

    @property
    def description(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label

    def snap(self, value):
        """Round ``value`` to the control's grid (see STACK.md's slider bug)."""
        if self.kind == "float":
            k = round((float(value) - self.min) / self.step)
            return round(self.min + k * self.step, self.decimals + 2)
        if self.kind == "int":
            return int(round(value))
        return value

    def validate(self, value):
        """Raise ``ValueError`` naming the control and its allowed values."""
        if self.kind in ("float", "int"):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            if not ok or not math.isfinite(value) or not self.min <= value <= self.max:
                raise ValueError(
                    f"{self.name} must be a number in [{self.min:g}, {self.max:g}], got {value!r}"
                )
        elif self.kind == "choice":
            if value not in self.option_values:
                allowed = ", ".join(repr(v) for v in self.option_values)
                raise ValueError(f"{self.name} must be one of {allowed}; got {value!r}")
        elif not isinstance(value, bool):
            raise ValueError(f"{self.name} must be True or False, got {value!r}")
        return self.snap(value)

    def make_widget(self, continuous: bool) -> widgets.Widget:
        style = {"description_width": "initial"}
        layout = widgets.Layout(width="auto", min_width="260px", max_width="420px")
        common = dict(description=self.description, tooltip=self.help or self.description,
                      style=style)
        if self.kind == "float":
            fmt = self.fmt or f".{self.decimals}f"
            w = widgets.FloatSlider(
                value=self.value, min=self.min, max=self.max, step=self.step,
                readout_format=fmt, continuous_update=continuous and self.live,
                layout=layout, **common,
            )
        elif self.kind == "int":
            w = widgets.IntSlider(
                value=self.value, min=self.min, max=self.max, step=self.step,
                continuous_update=continuous and self.live, layout=layout, **common,
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
                w = widgets.Dropdown(options=opts, value=self.value, layout=layout, **common)
        else:
            w = widgets.Checkbox(value=bool(self.value), indent=False,
                                 layout=widgets.Layout(width="auto"), **common)
        w.add_class("course-control")
        w.add_class(f"course-control-{self.name}")
        w.add_class("course-live" if self.live else "course-on-release")
        return w


# --------------------------------------------------------------------------
# backend
# --------------------------------------------------------------------------


def encode_png(pixels, level: int = 1) -> bytes:
    """A PNG of an ``(h, w, 3)`` RGB or ``(h, w, 4)`` RGBA uint8 array, written for speed.

    Every row uses PNG's "None" filter and the data is deflated at zlib level 1.
    For plots (flat colours) and for ipympl's diff frames (mostly transparent
    zeros) this is 2-3x faster to write than Pillow's adaptive filtering
    (~7 ms instead of 17-23 ms for a 960 x 760 frame), no larger, and faster
    for the browser to decode.
    """
    import struct
    import zlib

    import numpy as np

    pixels = np.ascontiguousarray(pixels, dtype=np.uint8)
    h, w, channels = pixels.shape
    if channels not in (3, 4):
        raise ValueError(f"pixels must have 3 (RGB) or 4 (RGBA) channels, got {channels}")
    raw = np.zeros((h, w * channels + 1), np.uint8)  # a leading 0 per row: filter "None"
    raw[:, 1:] = pixels.reshape(h, w * channels)

    def chunk(tag: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + tag + body
                + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF))

    color_type = 6 if channels == 4 else 2
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, color_type, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw.tobytes(), level))
            + chunk(b"IEND", b""))


def _fast_diff_image(canvas):
    """Matplotlib's WebAgg ``get_diff_image``, with the PNG written by :func:`encode_png`.

    Every live frame is a full-size RGBA PNG (the pixels that changed,
    transparent elsewhere); with Pillow's default encoder that is most of the
    kernel's cost of a frame. Same protocol, same pixels (a test checks both).
    """
    import numpy as np

    if not canvas._png_is_old:
        return None
    pixels = np.asarray(canvas.get_renderer().buffer_rgba())
    buff = pixels.view(np.uint32).squeeze(2)
    if (canvas._force_full or buff.shape != canvas._last_buff.shape
            or (pixels[:, :, 3] != 255).any()):
        canvas.set_image_mode("full")
        output = buff
    else:
        canvas.set_image_mode("diff")
        output = np.where(buff != canvas._last_buff, buff, 0)
    canvas._last_buff = buff.copy()
    canvas._force_full = False
    canvas._png_is_old = False
    return encode_png(output.view(dtype=np.uint8).reshape((*output.shape, 4)))


def _use_fast_png(canvas) -> None:
    """Give an ipympl canvas :func:`_fast_diff_image`, if its matplotlib has the same internals."""
    if all(hasattr(canvas, a) for a in ("_png_is_old", "_force_full", "_last_buff",
                                         "set_image_mode", "get_renderer")):
        canvas.get_diff_image = lambda: _fast_diff_image(canvas)


def ipympl_active() -> bool:
    """True when matplotlib's backend is ipympl (``%matplotlib widget``)."""
    backend = matplotlib.get_backend().lower()
    return "ipympl" in backend or backend in ("widget", "module://ipympl.backend_nbagg")


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


def busy_html(message: str) -> str:
    return (
        '<span class="course-busy" style="color:#0072B2">'
        f"&#9203; {html.escape(message)}</span>"
    )


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
    :attr:`figsize`, and implement :meth:`build` and :meth:`update`.

    Parameters
    ----------
    live : bool or None
        Force the display mode: ``True`` needs ipympl, ``False`` draws PNG
        images. ``None`` (default) uses ipympl when it is the active backend.
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
        Shows "computing…" and error messages.
    last_error : BaseException or None
        The last exception raised in a callback.
    widget : ipywidgets.VBox
        The whole app (controls, figure, status).
    """

    _instances: ClassVar[weakref.WeakSet] = weakref.WeakSet()

    controls: ClassVar[tuple[Control, ...]] = ()
    figsize: ClassVar[tuple[float, float]] = (9.6, 5.0)
    """Figure size in inches at 100 dpi. Keep the width <= 9.6 (960 px): an
    ipympl canvas does not shrink, and a notebook column on a laptop is
    about 1000 px wide."""
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
        initial = {name: c.validate(values.get(name, c.value)) for name, c in table.items()}
        self._table = table
        self.live = ipympl_active() if live is None else bool(live)
        if self.live and not ipympl_active():
            raise ValueError("live=True needs the ipympl backend: run `%matplotlib widget` first")
        self._hold = 0
        self._pending = False
        App._serial_counter = getattr(App, "_serial_counter", 0) + 1
        self._serial = App._serial_counter
        self.last_error: BaseException | None = None
        self.n_updates = 0

        # widgets ---------------------------------------------------------
        self.sliders: dict[str, widgets.Widget] = {}
        for name, c in table.items():
            w = c.make_widget(continuous=self.live)
            w.value = initial[name]
            w.observe(self._on_control, names="value")
            self.sliders[name] = w
        self._names = {id(w): name for name, w in self.sliders.items()}
        self.status = widgets.HTML(value="", layout=widgets.Layout(min_height="1.6em"))
        self.status.add_class("course-status")
        self.readout = widgets.HTML(value="")
        self.readout.add_class("course-readout")

        # figure ----------------------------------------------------------
        self._render = _Render()
        self.fig = self._new_figure(interactive=self.live)
        with style_context():
            self.artists = self.build(self.fig)
        self._render.animated = sorted(
            (a for a in self.fig.findobj() if a.get_animated()), key=lambda a: a.get_zorder()
        )
        self.fig.canvas.mpl_connect("draw_event", self._on_draw)
        if self.live:
            self._canvas_view = self.fig.canvas
        else:
            self._canvas_view = widgets.Image(format="png", layout=widgets.Layout(
                width="auto", max_width="100%", height="auto"))
            self._canvas_view.add_class("course-figure")
        self.refresh(full=True)
        self.widget = widgets.VBox(
            [self._controls_box(), self._canvas_view, self.readout, *self.extra_widgets(),
             self.status]
        )
        self.widget.add_class(self.css_class)
        self.widget.add_class(f"{self.css_class}-{type(self).__name__}")
        App._instances.add(self)

    @classmethod
    def instances(cls) -> list:
        """The apps of this class (and subclasses) alive in this kernel, oldest first."""
        return sorted((a for a in App._instances if isinstance(a, cls)),
                      key=lambda a: a._serial)

    # -- to implement -----------------------------------------------------
    def build(self, fig: Figure):
        """Create the axes and artists on ``fig`` once; return them.

        Mark artists that change with ``animated=True``: they are redrawn by
        blitting. Whatever is returned is passed back to :meth:`update`.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement build(fig)")

    def update(self, artists, **params) -> str | None:
        """Recompute for ``params`` and update ``artists`` in place.

        Return ``"full"`` if something that is not animated changed (axis
        limits, a static label); otherwise return nothing.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement update(artists, ...)")

    def set_readout(self, text: str) -> None:
        """Show ``text`` (HTML allowed) in the readout line under the figure.

        Use it for numbers that change with every move (fixed points, counts):
        a widget costs nothing to update, while text in the figure is
        re-rendered glyph by glyph on every frame (~5 ms per label).
        """
        self.readout.value = f'<div style="font-size:110%">{text}</div>'

    def bench_actions(self) -> dict:
        """Named actions (button handlers) the benchmark should time; default none."""
        return {}

    def extra_widgets(self) -> list:
        """Widgets shown below the figure (readouts, buttons); default none."""
        return []

    def controls_box(self) -> widgets.Widget:
        """Layout of the controls; override to group them differently."""
        return widgets.HBox(
            list(self.sliders.values()),
            layout=widgets.Layout(flex_flow="row wrap", align_items="center",
                                  grid_gap="2px 16px"),
        )

    # -- public -----------------------------------------------------------
    @property
    def params(self) -> dict:
        """Current control values, snapped to each control's step."""
        return {name: self._table[name].snap(w.value) for name, w in self.sliders.items()}

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
            if self._hold == 0 and self._pending:
                self._pending = False
                self.refresh()

    @contextlib.contextmanager
    def busy(self, message: str = "computing…"):
        """Show ``message`` in the status line while the block runs."""
        shown = busy_html(message)
        self.status.value = shown
        try:
            yield
        finally:
            if self.status.value == shown:  # an error message stays
                self.status.value = ""

    def guard(self, fn):
        """Wrap a callback so that an exception is shown in the app.

        Use for button handlers: ``button.on_click(self.guard(self._on_run))``.
        """

        def wrapped(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # shown to the learner, not swallowed
                self._show_error(exc)
                return None

        return wrapped

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

    def render_full(self) -> bytes:
        """Build a fresh figure for the current values and encode it as PNG.

        This is what an ``interact`` callback that rebuilds its figure pays
        on every slider move; the benchmark compares it with :meth:`redraw`.
        """
        fig = self._new_figure(interactive=False)
        with style_context():
            artists = self.build(fig)
            self.update(artists, **self.params)
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        return buf.getvalue()

    def close(self) -> None:
        """Close the figure and the widgets."""
        import matplotlib.pyplot as plt

        if self.live:
            plt.close(self.fig)
        self.widget.close()
        for w in self.sliders.values():
            w.close()

    # -- display ----------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs):
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
    def _controls_box(self):
        box = self.controls_box()
        box.add_class("course-controls")
        return box

    def _new_figure(self, interactive: bool) -> Figure:
        scale = lecture_scale()
        with style_context(), matplotlib.rc_context({"figure.dpi": 100 * scale,
                                                     "savefig.dpi": 100 * scale}):
            if interactive:
                import matplotlib.pyplot as plt

                with plt.ioff():
                    fig = plt.figure(figsize=self.figsize)
                canvas = fig.canvas
                canvas.header_visible = False
                canvas.footer_visible = False
                canvas.resizable = False
                canvas.capture_scroll = False
                canvas.toolbar_visible = "fade-in-fade-out"
                canvas.toolbar_position = "right"
                canvas.add_class("course-canvas")
                _use_fast_png(canvas)
            else:
                fig = Figure(figsize=self.figsize)
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

    def _push_png(self) -> None:
        import numpy as np

        rgba = np.asarray(self.fig.canvas.buffer_rgba())
        self._canvas_view.value = encode_png(rgba[:, :, :3])

    def _on_control(self, change) -> None:
        if self._hold:
            self._pending = True
            return
        name = self._names.get(id(change["owner"]))
        # A change behind a release-only control is slow: show the busy indicator.
        self.refresh(slow=name is not None and not self._table[name].live)

    def refresh(self, full: bool = False, slow: bool = False) -> None:
        """Recompute from the current controls and redraw, as a control change does.

        Call it after changing state that is not a control (a button, a click,
        a new noise sample). An error is shown in the app and kept in
        ``last_error``, never raised into the widget machinery. ``full``
        redraws everything (not only the animated artists); ``slow`` shows the
        busy indicator while it runs.
        """
        params = self.params
        ctx = self.busy() if slow else contextlib.nullcontext()
        try:
            with ctx, style_context():
                changed = self.update(self.artists, **params)
            self.n_updates += 1
            self.redraw(full=full or changed == "full")
            if self.status.value and "course-error" in self.status.value:
                self.status.value = ""
            self.last_error = None
        except Exception as exc:  # shown to the learner, not swallowed
            self._show_error(exc)

    def _show_error(self, exc: BaseException) -> None:
        self.last_error = exc
        tb = traceback.format_exception(type(exc), exc, exc.__traceback__)
        self.status.value = (
            '<div class="course-error" style="color:#D55E00">'
            f"<b>&#9888; {html.escape(type(exc).__name__)}:</b> {html.escape(str(exc))}"
            f'<details><summary>details</summary><pre style="font-size:80%">'
            f"{html.escape(''.join(tb))}</pre></details></div>"
        )
