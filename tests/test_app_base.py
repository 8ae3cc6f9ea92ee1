"""The app pattern: wiring, in-place updates, redraw requests, errors, both backends."""

import base64
import gc
import weakref
from types import SimpleNamespace
from unittest import mock

import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib.apps import base
from course_lib.apps.base import App, Control


class DecayApp(App):
    controls = (
        Control("tau", "τ", 0.5, 5.0, 0.1, value=1.0, unit="ms"),
        Control("amp", "A", 0.0, 1.0, 0.05, value=1.0, live=False),
        Control("mode", "mode", kind="choice", options=("exp", "lin"), value="exp"),
    )
    figsize = (4, 3)

    def setup(self):
        self.shift = 0.0
        self.shift_button = self.button("shift", self.add_shift, css="course-shift")
        self.seen = []

    def add_shift(self):
        self.shift += 0.1
        self.refresh("shift")

    def build(self, fig):
        ax = fig.subplots()
        ax.set(xlim=(0, 10), ylim=(0, 1.2))
        (line,) = ax.plot([], [], animated=True)
        return SimpleNamespace(line=line, ax=ax)

    def update(self, art, changed, *, tau, amp, mode):
        self.seen.append(changed)
        if tau > 4.95:
            raise ValueError("tau too large for this test")
        t = np.linspace(0, 10, 50)
        y = amp * np.exp(-t / tau) if mode == "exp" else amp * np.clip(1 - t / (3 * tau), 0, 1)
        art.line.set_data(t, y + self.shift)
        return "full" if mode == "lin" else None

    def extra_widgets(self):
        return [self.shift_button]


def test_controls_built_from_table():
    app = DecayApp()
    assert set(app.sliders) == {"tau", "amp", "mode"}
    assert app.sliders["tau"].description == "τ (ms)"
    assert app.sliders["tau"].continuous_update is False  # inline mode: update on release
    assert app.params == {"tau": 1.0, "amp": 1.0, "mode": "exp"}


def test_slider_changes_drawn_data_and_image():
    app = DecayApp()
    before_y = app.artists.line.get_ydata().copy()
    before_png = app._canvas_view.value
    app.sliders["tau"].value = 3.0
    after_y = app.artists.line.get_ydata()
    assert not np.allclose(before_y, after_y)
    np.testing.assert_allclose(after_y[-1], np.exp(-10 / 3.0))
    assert app._canvas_view.value != before_png  # a new picture was pushed


def test_no_figure_created_per_update():
    import matplotlib.pyplot as plt

    app = DecayApp()
    n_before = len(plt.get_fignums())
    with mock.patch.object(Figure, "__init__", side_effect=AssertionError("new figure")):
        for v in np.linspace(0.5, 4.5, 9):
            app.sliders["tau"].value = float(v)
    assert app.last_error is None
    assert len(plt.get_fignums()) == n_before


def test_one_update_per_change_and_set_batches():
    app = DecayApp()
    n = app.n_updates
    app.sliders["tau"].value = 2.0
    assert app.n_updates == n + 1
    app.set(tau=3.0, amp=0.5)
    assert app.n_updates == n + 2
    assert app.params["amp"] == 0.5


def test_values_are_snapped_to_the_step():
    app = DecayApp()
    app.sliders["tau"].value = 1.9999999999999998
    assert app.params["tau"] == 2.0


def test_bad_initial_values_name_the_control():
    with pytest.raises(ValueError, match=r"tau must be a number in \[0.5, 5\]"):
        DecayApp(tau=7)
    with pytest.raises(ValueError, match="no control named 'sigma'"):
        DecayApp(sigma=1)
    with pytest.raises(ValueError, match="mode must be one of"):
        DecayApp(mode="log")
    with pytest.raises(ValueError, match="amp must be a number"):
        DecayApp(amp=float("nan"))


def test_error_in_callback_is_shown_in_the_app():
    app = DecayApp()
    app.sliders["tau"].value = 5.0
    assert isinstance(app.last_error, ValueError)
    assert "tau too large" in app.status.value
    assert "course-error" in app.status.value
    app.sliders["tau"].value = 2.0  # recovering clears the message
    assert app.last_error is None
    assert app.status.value == ""


def test_busy_indicator_shown_during_release_only_update():
    seen = []

    class Spy(DecayApp):
        def update(self, artists, changed, **params):
            seen.append(self.status.value)
            return super().update(artists, changed, **params)

    app = Spy()
    seen.clear()
    app.sliders["amp"].value = 0.5  # live=False control
    assert "course-busy" in seen[-1]
    app.sliders["tau"].value = 2.0  # live control: no busy flash
    assert seen[-1] == ""
    assert app.status.value == ""


def test_full_redraw_requested_when_update_says_so():
    app = DecayApp()
    with mock.patch.object(app.fig.canvas, "draw", wraps=app.fig.canvas.draw) as draw:
        app.sliders["tau"].value = 2.0
        assert draw.call_count == 0  # blitted
        app.sliders["mode"].value = "lin"
        assert draw.call_count == 1


def test_render_full_builds_a_separate_figure():
    app = DecayApp()
    line = app.artists.line
    png = app.render_full()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert app.artists.line is line


def test_display_bundle_has_widget_and_static_fallback():
    app = DecayApp()
    bundle = app._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]) == app._canvas_view.value
    assert bundle["text/plain"].startswith("DecayApp(tau=1.0")


def test_ipympl_mode_updates_in_place_and_requests_redraw(ipympl_backend):
    app = DecayApp()
    assert app.live
    canvas = app.fig.canvas
    assert app.sliders["tau"].continuous_update is True
    assert app._canvas_view is canvas
    canvas.draw()  # what the browser triggers on first display: caches the background
    assert app._render.background is not None
    with mock.patch.object(canvas, "blit") as blit, mock.patch.object(canvas, "draw_idle") as idle:
        app.sliders["tau"].value = 2.5
        assert blit.call_count + idle.call_count == 1
    np.testing.assert_allclose(app.artists.line.get_ydata()[-1], np.exp(-10 / 2.5))
    with mock.patch.object(canvas, "draw_idle") as idle:
        app.sliders["mode"].value = "lin"
        idle.assert_called_once()
    app.close()


def test_ipympl_frames_carry_exactly_the_figure_pixels(ipympl_backend):
    """The faster PNG frames keep ipympl's protocol: a full frame, then diffs that
    (pasted over it where not transparent) rebuild exactly the figure's pixels."""
    import io

    from PIL import Image

    app = DecayApp()
    canvas = app.fig.canvas
    frames = []

    class Socket:
        def send_binary(self, data):
            frames.append((canvas._current_image_mode, data))

        def send_json(self, content):
            pass

    canvas.manager.web_sockets.append(Socket())
    canvas.draw()
    for tau in (2.0, 3.0):
        app.sliders["tau"].value = tau
    assert [mode for mode, _ in frames] == ["full", "diff", "diff"]
    shown = None
    for _, data in frames:
        rgba = np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))
        shown = rgba.copy() if shown is None else np.where(rgba[..., 3:] > 0, rgba, shown)
    np.testing.assert_array_equal(shown, np.asarray(canvas.buffer_rgba()))
    app.close()


def test_a_live_frame_allocates_no_full_size_copy(ipympl_backend):
    """A frame of a 9.6 x 7.8 in figure (3 MB of pixels) is diffed and deflated block
    by block: a move allocates less than half the figure in all (matplotlib's own
    get_diff_image makes four full-size arrays, which a kernel's heap then keeps)."""
    import tracemalloc

    app = DecayApp()
    app.fig.set_size_inches(9.6, 7.8)
    canvas = app.fig.canvas
    sent = []

    class Socket:
        def send_binary(self, data):
            sent.append(data)

        def send_json(self, content):
            pass

    canvas.manager.web_sockets.append(Socket())
    canvas.draw()
    app.sliders["tau"].value = 2.0  # first diff: the previous-frame buffer exists now
    frame_bytes = np.asarray(canvas.buffer_rgba()).nbytes
    tracemalloc.start()
    try:
        for tau in (2.5, 3.0, 3.5):
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            app.sliders["tau"].value = tau
            peak = tracemalloc.get_traced_memory()[1] - before
            assert peak < frame_bytes / 2, (tau, peak, frame_bytes)
    finally:
        tracemalloc.stop()
    assert len(sent) == 5 and canvas._current_image_mode == "diff"
    app.close()


def test_a_frame_with_transparent_pixels_is_sent_whole(ipympl_backend):
    """ipympl pastes diff frames over the last one: where the figure itself is not
    opaque a diff would show stale pixels, so such frames go out "full" (as matplotlib's)."""
    app = DecayApp()
    canvas = app.fig.canvas
    modes = []

    class Socket:
        def send_binary(self, data):
            modes.append(canvas._current_image_mode)

        def send_json(self, content):
            pass

    canvas.manager.web_sockets.append(Socket())
    canvas.draw()
    app.sliders["tau"].value = 2.0
    app.fig.patch.set_alpha(0.5)
    canvas.draw()
    app.sliders["tau"].value = 3.0
    assert modes == ["full", "diff", "full", "full"]
    app.close()


@pytest.mark.parametrize("channels", [3, 4])
@pytest.mark.parametrize("height", [1, 37, base.PNG_BLOCK_ROWS, 2 * base.PNG_BLOCK_ROWS + 5])
def test_encode_png_round_trips_exactly(channels, height):
    """One block, exactly one, and several with a short last one: the same pixels back."""
    import io

    from PIL import Image

    from course_lib.apps.base import encode_png

    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, (height, 53, channels), dtype=np.uint8)
    pixels[:10] = 0  # flat rows, as in plots and diff frames
    back = np.asarray(Image.open(io.BytesIO(encode_png(pixels))))
    np.testing.assert_array_equal(back, pixels)


def test_encode_png_names_a_bad_shape():
    from course_lib.apps.base import encode_png

    with pytest.raises(ValueError, match="channels"):
        encode_png(np.zeros((4, 4, 2), np.uint8))


# -- what changed, state, rebuilds --------------------------------------------------


def test_update_is_told_what_changed():
    app = DecayApp()
    assert app.seen[-1].everything  # the first picture: everything
    app.sliders["tau"].value = 2.0
    assert app.seen[-1].names == {"tau"}
    app.set(amp=0.5, mode="lin")
    assert app.seen[-1].names == {"amp", "mode"}
    app.shift_button.click()
    assert app.seen[-1].names == {"shift"} and app.shift == pytest.approx(0.1)
    n = app.n_updates
    app.sliders["tau"].value = 1.9999999999999998  # the browser's 2.0: nothing to redraw
    assert app.n_updates == n


def test_a_failed_update_is_retried_with_the_same_changes():
    app = DecayApp()
    app.sliders["tau"].value = 5.0  # update raises
    assert app.last_error is not None
    app.shift_button.click()  # the picture still lacks tau = 5 (and the shift)
    assert app.seen[-1].names == {"tau", "shift"}


def test_rebuild_keeps_state_and_widgets():
    app = DecayApp()
    app.set(tau=2.5, amp=0.5)
    app.shift_button.click()
    before = app.artists.line.get_ydata().copy()
    shown = app.widget.children
    app.rebuild(figsize=(5, 3))
    assert app.seen[-1].everything
    assert app.fig.get_size_inches().tolist() == [5, 3]
    np.testing.assert_allclose(app.artists.line.get_ydata(), before)
    assert app.widget.children == shown and app.shift_button in shown
    app.shift_button.click()  # the button still acts on the new artists
    np.testing.assert_allclose(app.artists.line.get_ydata(), before + 0.1)


def test_status_line_states():
    app = DecayApp()
    assert app.status_kind == "clear"
    app.info("This pattern is already stored.")
    assert app.status_kind == "info" and "already stored" in app.status.value
    app.sliders["tau"].value = 2.0  # the next change clears a note
    assert app.status_kind == "clear" and app.status.value == ""
    app.sliders["tau"].value = 5.0
    assert app.status_kind == "error"
    app.shift_button.click()  # still failing: the error stays
    assert app.status_kind == "error"
    app.sliders["tau"].value = 2.0
    assert app.status_kind == "clear"


def test_values_a_control_cannot_take_are_refused_with_a_sentence():
    app = DecayApp()
    app.sliders["tau"].value = float("nan")
    assert app.status_kind == "error"
    assert "tau must be a number in [0.5, 5]" in app.status.value
    assert app.params["tau"] == 1.0 and app.sliders["tau"].value == 1.0  # kept
    app.sliders["tau"].value = 3.0  # every later move works
    assert app.last_error is None and app.params["tau"] == 3.0
    app.sliders["mode"].value = None
    assert "mode must be one of 'exp', 'lin'" in str(app.last_error)
    assert app.params["mode"] == "exp"
    app.sliders["amp"].value = 0.25
    assert app.last_error is None


def test_numbers_of_any_numeric_type_are_accepted_strings_and_bools_not():
    app = DecayApp(tau=np.float32(2.0), amp=np.int64(1))
    assert app.params == {"tau": 2.0, "amp": 1.0, "mode": "exp"}
    app.set(tau=np.int64(3))
    assert app.params["tau"] == 3.0
    for bad in ("2.0", True, None):
        with pytest.raises(ValueError, match=r"tau must be a number in \[0.5, 5\]"):
            app.set(tau=bad)


# -- lifecycle -----------------------------------------------------------------------


def _registry():
    from ipywidgets.widgets import widget

    return widget._instances


@pytest.mark.parametrize("live", [False, True], ids=["inline", "ipympl"])
def test_close_frees_every_widget_and_the_app(live, request):
    import matplotlib.pyplot as plt

    if live:
        request.getfixturevalue("ipympl_backend")
    before = set(_registry())
    apps = [DecayApp() for _ in range(5)]
    assert len(DecayApp.instances()) >= 5
    refs = [weakref.ref(a) for a in apps]
    for a in apps:
        a.close()
        a.close()  # twice is fine
    del apps, a
    gc.collect()
    assert [r for r in refs if r() is not None] == []
    assert set(_registry()) - before == set()
    assert plt.get_fignums() == []


def test_a_closed_app_draws_nothing():
    app = DecayApp()
    app.close()
    app.refresh()
    app.shift_button.click()
    assert app.closed and app.artists is None
    assert "closed" in app._repr_mimebundle_()["text/plain"]


def test_a_burst_of_moves_hands_memory_back_once_when_quiet(monkeypatch):
    """On the kernel's event loop, moves (re)start one timer: malloc_trim runs once,
    after the last move and a quiet delay, never between the frames of a drag. (The
    delay is long against the 10 ms between moves, so a slow CI machine, where one
    move may take 100 ms, cannot fire it mid-drag.)"""
    QUIET = 0.5
    import asyncio

    from course_lib import _cells

    import concurrent.futures

    trims = []
    monkeypatch.setattr(_cells, "_trim", lambda: trims.append(asyncio.get_running_loop().time()))
    # In a thread of its own: in the full suite the browser tests' Playwright keeps an
    # event loop running in the main thread.
    pool = concurrent.futures.ThreadPoolExecutor(1)
    # no running loop (a script): nothing scheduled
    assert not pool.submit(_cells.trim_when_idle).result()

    async def drag():
        app = DecayApp()
        loop = asyncio.get_running_loop()
        for tau in np.linspace(1.0, 3.0, 8):
            last_move = loop.time()  # the timer (re)starts during this move
            app.sliders["tau"].value = float(tau)
            await asyncio.sleep(0.01)
            assert trims == []  # still dragging
        await asyncio.sleep(3 * QUIET)
        app.close()
        return last_move

    monkeypatch.setattr(_cells, "IDLE_TRIM_S", QUIET)
    last_move = pool.submit(asyncio.run, drag()).result()
    pool.shutdown()
    assert len(trims) == 1 and trims[0] >= last_move + QUIET


def test_rerunning_a_cell_closes_the_apps_it_made(request):
    from IPython.core.interactiveshell import InteractiveShell

    from course_lib import _cells

    shell = InteractiveShell.instance()
    request.addfinalizer(InteractiveShell.clear_instance)  # no global shell for later tests
    assert _cells.install(shell)
    cell = SimpleNamespace(cell_id="cell-1", raw_cell="DecayApp()")
    shell.events.trigger("pre_run_cell", cell)
    first = DecayApp()
    shell.displayhook.update_user_ns(first)  # the cell's value: Out[n], _n and _ hold the app
    held = [k for k, v in shell.user_ns.items() if v is first]
    assert held
    shell.events.trigger("post_run_cell", None)
    shell.events.trigger("pre_run_cell", SimpleNamespace(cell_id="cell-2", raw_cell="x = 1"))
    shell.events.trigger("post_run_cell", None)
    assert not first.closed  # another cell ran: the app lives on
    shell.events.trigger("pre_run_cell", cell)  # the same cell again
    second = DecayApp()
    shell.events.trigger("post_run_cell", None)
    assert first.closed and not second.closed
    assert not any(v is first for v in shell.user_ns["Out"].values())  # the history lets go
    assert not any(v is first for v in shell.user_ns.values())
    ref = weakref.ref(first)
    del first
    gc.collect()
    assert ref() is None
    second.close()


# -- fitting the column ----------------------------------------------------------------


class TwoPanelApp(DecayApp):
    figsize = (9.6, 4.0)
    narrow_figsize = (5.8, 7.0)

    def build(self, fig):
        axes = fig.subplots(2, 1) if self.narrow else fig.subplots(1, 2)
        (line,) = axes[0].plot([], [], animated=True)
        axes[0].set(xlim=(0, 10), ylim=(0, 1.2))
        return SimpleNamespace(line=line, ax=axes[0], axes=axes)


def test_fitted_size_never_exceeds_the_column_or_the_design():
    from course_lib.apps.base import COLUMN_MARGIN_PX, fitted_size

    for column in (600, 700, 848, 930, 1010, 1280, 1600):
        for dpi in (100, 130):
            (w, h), narrow = fitted_size(column, (9.6, 5.0), (6.0, 9.0), dpi)
            assert w * dpi <= column - COLUMN_MARGIN_PX + 1e-9
            assert w <= 9.6
            assert narrow == (column - COLUMN_MARGIN_PX < 0.72 * 9.6 * dpi)
    assert fitted_size(0, (9.6, 5.0)) == ((9.6, 5.0), False)  # unknown column: design size


def test_fit_rebuilds_at_the_column_width_keeping_state():
    app = TwoPanelApp()
    app.set(tau=2.5)
    app.shift_button.click()
    y = app.artists.line.get_ydata().copy()
    assert app.fit(848)
    w_px = app.fig.get_size_inches()[0] * app.fig.dpi
    assert w_px <= 848 - 12 and not app.narrow
    assert app._canvas_view.layout.width == f"{round(w_px)}px"
    np.testing.assert_allclose(app.artists.line.get_ydata(), y)
    assert not app.fit(850)  # a few pixels more: no re-fit, no flicker
    assert app.fit(600)
    assert app.narrow and len(app.artists.axes) == 2
    assert app.artists.axes[0].get_position().y0 > app.artists.axes[1].get_position().y0
    np.testing.assert_allclose(app.artists.line.get_ydata(), y)
    assert app.fit(1400) and not app.narrow
    assert tuple(app.fig.get_size_inches()) == TwoPanelApp.figsize


def test_inline_pictures_are_sharp_on_hidpi_screens():
    import io

    from PIL import Image

    app = DecayApp()
    app.fit(1000, device_ratio=2.0)
    css_px = int(app._canvas_view.layout.width.removesuffix("px"))
    png = Image.open(io.BytesIO(app._canvas_view.value))
    assert png.width == 2 * css_px  # twice the pixels, shown at the same size


def test_the_probe_reports_into_fit():
    app = TwoPanelApp()
    probe = app._probe
    assert probe is not None and probe in app.widget.children
    probe.width = 640
    assert app.narrow
    probe.width = 1300
    assert not app.narrow


def test_frames_are_the_same_picture_with_or_without_isal(monkeypatch):
    """ISA-L only makes deflating faster: the PNG decodes to the same pixels with zlib."""
    import io
    import zlib

    from PIL import Image

    from course_lib.apps import base

    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 256, (40, 30, 4), dtype=np.uint8)
    fast = base.encode_png(pixels)
    base._deflate.cache_clear()
    monkeypatch.setitem(__import__("sys").modules, "isal", None)  # as if not installed
    try:
        assert base._deflate() is zlib
        slow = base.encode_png(pixels)
    finally:
        base._deflate.cache_clear()
    for png in (fast, slow):
        np.testing.assert_array_equal(np.asarray(Image.open(io.BytesIO(png))), pixels)


@pytest.mark.parametrize("dpi", [100.0, 130.0, 200.0, 260.0])
def test_exact_inches_give_whole_pixels_that_truncate_and_round_alike(dpi):
    """10.2 in x 100 dpi is 1019.999... px: the kernel's buffer and the browser's canvas
    disagreed by a pixel. Sizes from exact_inches are a whole number of pixels or a hair above."""
    from matplotlib.figure import Figure

    for inches in (10.2, 5.76, 4.6, 8.48, 3.3333, 9.6):
        w, h = base.exact_inches((inches, inches / 2), dpi)
        fig = Figure(figsize=(w, h), dpi=dpi)
        for size, want in zip(fig.bbox.size, (round(inches * dpi), round(inches / 2 * dpi))):
            assert int(size) == round(size) == want
            assert 0 <= size - want < 1e-6
