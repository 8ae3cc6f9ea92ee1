"""Notebook 03's apps and plots: wiring, in-place updates, the editor's clicks, the capacity run."""

from types import SimpleNamespace
from unittest import mock

import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import hopfield as hf
from course_lib.apps import CapacityApp, EnergyLandscapeApp, HopfieldApp, PatternEditorApp
from course_lib.plotting import hopfield as ph

X = hf.pattern_x().ravel()
SMILEY = hf.pattern_smiley().ravel()


@pytest.fixture(scope="module")
def capacity_app():
    return CapacityApp(trials=20)


# ---------------------------------------------------------------------------
# HopfieldApp
# ---------------------------------------------------------------------------


def test_hopfield_app_defaults_recall_the_x():
    app = HopfieldApp()
    assert {"flip", "target", "stored", "rule", "beta", "seed", "zero_diag"} <= set(app.sliders)
    assert np.array_equal(app.result.final, X)
    end = app.artists["snaps"][3]["image"].get_array()
    assert np.array_equal(np.asarray(end).ravel(), X)
    cue = np.asarray(app.artists["snaps"][0]["image"].get_array()).ravel()
    assert int((cue != X).sum()) == 19  # 30% of 64 bits
    E = app.energies
    assert np.all(np.diff(E) <= 1e-12)  # async: downhill
    x, y = app.artists["overlaps"]["lines"][0].get_data()
    assert y[0] == pytest.approx(1 - 2 * 19 / 64) and y[-1] == 1.0
    assert "X" in app.readout.value and "settled" in app.readout.value


def test_slider_moves_change_the_drawn_data():
    app = HopfieldApp()
    png0 = app._canvas_view.value
    act0 = np.asarray(app.artists["activity"]["image"].get_array()).copy()
    cue0 = np.asarray(app.artists["snaps"][0]["image"].get_array()).copy()
    app.sliders["flip"].value = 0.45
    cue1 = np.asarray(app.artists["snaps"][0]["image"].get_array())
    assert int((cue1.ravel() != X).sum()) == round(0.45 * 64)
    assert not np.array_equal(cue0, cue1)
    assert not np.array_equal(act0, np.asarray(app.artists["activity"]["image"].get_array()))
    assert app._canvas_view.value != png0
    app.sliders["target"].value = "smiley"
    app.sliders["flip"].value = 0.1
    assert np.array_equal(app.result.final, SMILEY)
    assert app.last_error is None


def test_weights_follow_the_stored_set_and_the_diagonal():
    app = HopfieldApp()
    app.sliders["stored"].value = "X"
    W = np.asarray(app.artists["W"]["image"].get_array())
    np.testing.assert_allclose(W, hf.hebbian_weights(X))
    app.sliders["zero_diag"].value = False
    W = np.asarray(app.artists["W"]["image"].get_array())
    assert np.all(np.diag(W) == 1 / 64)
    app.set(stored="X + smiley + T", zero_diag=True)
    assert len(app.patterns) == 3
    assert len(app.artists["overlaps"]["lines"][2].get_xdata()) > 0  # a third overlap curve
    assert app.last_error is None


def test_gain_one_stores_nothing_and_sign_recalls():
    app = HopfieldApp(stored="X")
    app.set(rule="tanh", beta=1.0, flip=0.2)
    m = app.artists["overlaps"]["lines"][0].get_ydata()
    assert m[-1] < 0.6 * m[0]  # fading (slowly: no memory state, only a decay)
    assert "no memory state" in app.readout.value
    app.set(beta=2.0)
    m = app.artists["overlaps"]["lines"][0].get_ydata()
    assert m[-1] > 0.9 and "memory states exist" in app.readout.value
    app.set(beta=4.0, stored="X + smiley")
    assert np.array_equal(app.result.final, X)
    app.set(rule="sign")
    assert np.array_equal(app.result.final, X)
    assert len(app.t) == 101 and app.t[-1] == pytest.approx(10)
    app.set(rule="sync")
    assert np.array_equal(app.result.final, X) and len(app.t) == 11
    assert app.last_error is None


def test_every_control_position_is_safe():
    app = HopfieldApp()
    for ctl in HopfieldApp.controls:
        w = app.sliders[ctl.name]
        values = (np.linspace(ctl.min, ctl.max, 6) if ctl.kind == "float" else
                  range(int(ctl.min), int(ctl.max) + 1, 33) if ctl.kind == "int" else
                  ctl.option_values if ctl.kind == "choice" else (False, True))
        for v in values:
            w.value = float(v) if ctl.kind == "float" else v
            assert app.last_error is None, (ctl.name, v, app.last_error)
        w.value = ctl.value


def test_no_figure_per_update():
    app = HopfieldApp()
    with mock.patch.object(Figure, "__init__", side_effect=AssertionError("new figure")):
        for f in (0.1, 0.2, 0.4):
            app.sliders["flip"].value = f
    assert app.last_error is None and app.n_updates == 4


def test_hopfield_app_blits_with_ipympl(ipympl_backend):
    app = HopfieldApp()
    assert app.live
    canvas = app.fig.canvas
    canvas.draw()
    with mock.patch.object(canvas, "blit") as blit:
        app.sliders["flip"].value = 0.2
        blit.assert_called_once()
    app.close()


# ---------------------------------------------------------------------------
# PatternEditorApp
# ---------------------------------------------------------------------------


def test_editor_toggle_store_and_recall_a_drawing():
    app = PatternEditorApp()
    app.clear()
    assert np.all(app.drawing == -1)
    for r in range(8):  # draw a vertical bar ...
        app.toggle(r, 2)
    app.toggle(0, 5)  # ... and a dot
    drawn = app.drawing.ravel().copy()
    shown = np.asarray(app.artists["edit"]["image"].get_array()).ravel()
    assert np.array_equal(shown, drawn)
    n = len(app.memories)
    app.store("bar")
    assert len(app.memories) == n + 1 and app.memories[-1][0] == "bar"
    thumb = np.asarray(app.artists["thumbs"][n]["image"].get_array()).ravel()
    assert np.array_equal(thumb, drawn)
    assert "bar" in app.forget_choice.options
    app.set(flip=0.1)
    app.show_end()
    assert np.array_equal(app.recall_result.final, drawn)
    now = np.asarray(app.artists["now"]["image"].get_array()).ravel()
    assert np.array_equal(now, drawn)
    assert "recalled" in app.readout.value and "bar" in app.readout.value
    app.forget("bar")
    assert "bar" not in [name for name, _ in app.memories]
    assert app.last_error is None


def test_editor_cue_follows_the_flip_slider():
    app = PatternEditorApp()
    cue0 = np.asarray(app.artists["cue"]["image"].get_array()).copy()
    png0 = app._canvas_view.value
    app.sliders["flip"].value = 0.5
    cue = np.asarray(app.artists["cue"]["image"].get_array()).ravel()
    assert int((cue != app.drawing.ravel()).sum()) == 32
    assert not np.array_equal(cue0.ravel(), cue)
    assert app._canvas_view.value != png0
    before = app.cue.copy()
    app.corrupt_button.click()
    assert not np.array_equal(before, app.cue)
    assert int((app.cue != app.drawing.ravel()).sum()) == 32


def test_editor_step_and_play_walk_through_the_recall():
    app = PatternEditorApp()
    assert app.play.max == len(app.frames) - 1 >= 2
    now = lambda: np.asarray(app.artists["now"]["image"].get_array()).ravel()  # noqa: E731
    assert np.array_equal(now(), app.cue)
    app.step_button.click()
    assert app.frame == 1 and np.array_equal(now(), app.frames[1])
    # neighbouring frames differ in at most 8 neurons (8 single-neuron updates)
    assert np.all((np.diff(app.frames, axis=0) != 0).sum(axis=1) <= 8)
    app.play.value = app.play.max  # what the Play widget does in the browser
    assert np.array_equal(now(), app.recall_result.final)
    assert list(app.artists["cursor"].get_xdata())[0] == app.frames_t[-1]
    app.recall_button.click()
    assert app.play.value == 0 and app.play.playing
    assert app.last_error is None


def test_editor_library_and_pixel_buttons_inline():
    app = PatternEditorApp()
    assert not app.live
    assert len(app.pixel_buttons) == 64
    app.library_choice.value = "T"
    app.load_button.click()
    assert np.array_equal(app.drawing, hf.pattern_library()["T"])
    assert [b.value for b in app.pixel_buttons] == list(app.drawing.ravel() > 0)
    before = app.drawing[0, 0]
    app.pixel_buttons[0].value = not app.pixel_buttons[0].value  # a click on the first button
    assert app.drawing[0, 0] == -before
    app.invert_button.click()
    assert app.drawing[0, 0] == before
    app.store_button.click()
    assert app.memories[-1][1].tolist() == app.drawing.ravel().tolist()
    app.store_button.click()  # the same again: not stored twice
    assert "already stored" in app.status.value
    assert app.last_error is None


def test_editor_without_memories_says_so():
    app = PatternEditorApp()
    app.forget("X")
    app.forget("smiley")
    assert "No memories" in app.readout.value
    with pytest.raises(ValueError, match="name must be one of the memories"):
        app.forget("nothing")
    with pytest.raises(ValueError, match="row and col"):
        app.toggle(8, 0)


def test_editor_click_toggles_a_pixel_with_ipympl(ipympl_backend):
    app = PatternEditorApp()
    assert app.live
    canvas = app.fig.canvas
    canvas.draw()
    before = app.drawing.copy()
    # a real MouseEvent through the canvas, at the centre of pixel (row 2, col 5)
    from matplotlib.backend_bases import MouseEvent
    x, y = app.ax_edit.transData.transform((5, 2))
    with mock.patch.object(canvas, "blit") as blit:
        MouseEvent("button_press_event", canvas, x, y, button=1)._process()
        blit.assert_called()
    assert app.drawing[2, 5] == -before[2, 5]
    assert np.sum(app.drawing != before) == 1
    shown = np.asarray(app.artists["edit"]["image"].get_array())
    assert np.array_equal(shown, app.drawing)
    # a click elsewhere (on the cue) changes nothing
    app._on_click(SimpleNamespace(inaxes=None, button=1, xdata=1.0, ydata=1.0))
    assert np.sum(app.drawing != before) == 1
    assert app.last_error is None
    app.close()


# ---------------------------------------------------------------------------
# CapacityApp
# ---------------------------------------------------------------------------


def test_capacity_app_runs_on_the_button_with_progress(capacity_app):
    app = capacity_app
    assert len(app.runs) == 1  # the default protocol, computed once at the start
    P, f, label, settings = app.runs[0]
    assert settings["flip"] == 0.1 and "exact" in label and f[0] == 1.0
    text = app.artists["protocol"].get_text()
    assert text.startswith("protocol:") and "10% of bits flipped" in text and "exact" in text
    # changing a control states the next protocol but computes nothing
    with mock.patch.object(hf, "capacity_curve", side_effect=AssertionError("ran")):
        app.sliders["flip"].value = 0.3
    assert app.artists["protocol"].get_text().startswith("next run")
    assert "30% of bits flipped" in app.artists["protocol"].get_text()
    ticks = []
    app.progress.observe(lambda c: ticks.append(c["new"]), names="value")
    app.run_button.click()
    assert app.last_error is None
    assert ticks[-1] == app.progress.max == 20 and len(ticks) >= 20
    assert len(app.runs) == 2 and app.runs[0][3]["flip"] == 0.3
    new = app.artists["curves"][0].get_ydata()
    old = app.artists["curves"][1].get_ydata()
    assert np.all(np.asarray(new) <= np.asarray(old) + 0.15)  # 30% flipped is harder
    assert "30% flipped" in app.artists["curves"][0].get_label()
    assert app.artists["protocol"].get_text().startswith("protocol:")
    assert "95%" in app.readout.value


def test_capacity_reference_lines_follow_n(capacity_app):
    app = capacity_app
    x = app.artists["vlines"]["0.138 N"].get_xdata()[0]
    assert x == pytest.approx(0.138 * 64)
    app.sliders["N"].value = 36
    assert app.artists["vlines"]["N / (2 ln N)"].get_xdata()[0] == pytest.approx(
        36 / (2 * np.log(36)))
    assert app.ax.get_xlim()[1] < 20
    app.sliders["N"].value = 64
    app.clear_button.click()
    assert len(app.runs) == 1


# ---------------------------------------------------------------------------
# EnergyLandscapeApp
# ---------------------------------------------------------------------------


def test_landscape_runs_end_in_corners_and_mixture_with_three():
    app = EnergyLandscapeApp()
    segs = app.artists["runs"]["lines"].get_segments()
    assert len(segs) == 8
    for s in segs:  # two stored patterns: every run ends at a corner ±X or ±smiley
        assert np.isclose(np.abs(s[-1]).max(), 1.0)
    app.sliders["n_starts"].value = 20
    assert len(app.artists["runs"]["lines"].get_segments()) == 20
    assert "not a fixed point" in app.readout.value
    img0 = np.asarray(app.artists["land"]["image"].get_array()).copy()
    app.sliders["stored"].value = "X + smiley + T"
    assert "a fixed point" in app.readout.value and "not a fixed point" not in app.readout.value
    _, E = app.artists["path_mix"].get_data()
    assert E[-1] > E[0] and E[-1] < max(E)  # the mixture is a valley, above the memories
    img1 = np.asarray(app.artists["land"]["image"].get_array())
    assert np.nanmax(img1) == pytest.approx(np.nanmax(img0) + 0.5)  # P/2 moved by 1/2
    assert app.last_error is None


def test_plot_helpers_draw_on_the_given_axes():
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 3)
    n_figs = len(plt.get_fignums())
    art = ph.plot_pattern(axes[0, 0], X)
    assert art["image"].get_array().shape == (8, 8)
    W = hf.hebbian_weights([X, SMILEY])
    wa = ph.plot_weights(axes[0, 1], W)
    lo, hi = wa["image"].get_clim()
    assert lo == -hi  # centred on 0
    r = hf.recall(W, hf.corrupt(X, 0.3, 0), rng=0, record="update")
    ph.plot_activity(axes[0, 2], r.t, r.states)
    ov = ph.plot_overlaps(axes[1, 0], r.t, hf.overlap(r.states, [X, SMILEY]), labels=["X", "☺"])
    assert len(ov["lines"]) == 2
    cap = ph.plot_capacity(axes[1, 1], 64)
    ph.update_capacity(cap, [(np.arange(1, 4), np.array([1.0, 0.9, 0.4]), "run")])
    assert cap["cross"].get_xdata()[0] == pytest.approx(hf.crossing([1, 2, 3], [1, .9, .4], .95))
    ph.plot_landscape(axes[1, 2], X, SMILEY)
    with pytest.raises(ValueError, match="square picture"):
        ph.plot_pattern(axes[0, 0], np.ones(10))
    assert len(plt.get_fignums()) == n_figs


def test_apps_reject_bad_start_values():
    with pytest.raises(ValueError, match=r"flip must be a number in \[0, 0.5\]"):
        HopfieldApp(flip=0.7)
    with pytest.raises(ValueError, match="rule must be one of"):
        HopfieldApp(rule="random")
    with pytest.raises(ValueError, match="no control named"):
        EnergyLandscapeApp(beta=2)
