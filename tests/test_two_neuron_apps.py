"""Notebook 02's apps and plots: wiring, in-place updates, clicks, every slider position."""

from types import SimpleNamespace
from unittest import mock

import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import two_neuron as tn
from course_lib.apps import NullclineBifurcationApp, PhasePlaneApp
from course_lib.plotting import two_neuron as ptn


def test_phase_plane_app_defaults_show_table_1():
    app = PhasePlaneApp()
    assert set(app.sliders) == {"w1", "w2", "I", "x0", "y0"}
    assert [fp.kind for fp in app.fixed_points] == ["stable node", "saddle", "stable node"]
    assert "saddle" in app.table.value and "+4" in app.table.value and "-24" in app.table.value
    assert "bistable" in app.readout.value
    # the separatrix drawn is x + y = 50, and both basins are shaded
    x, y = app.artists["sep"]["line"].get_data()
    np.testing.assert_allclose(np.asarray(x) + np.asarray(y), 50, atol=1e-9)
    assert all(p.get_visible() for p in app.artists["sep"]["basins"])
    assert len(app.artists["traj"]["lines"].get_segments()) == 7  # the report's seven starts


def test_slider_moves_change_what_is_drawn():
    app = PhasePlaneApp()
    U0 = app.artists["field"]["quiver"].U.copy()
    null0 = app.artists["null"]["y"].get_ydata().copy()
    png0 = app._canvas_view.value
    app.sliders["I"].value = -20.0  # below the first saddle-node: only the low state
    assert len(app.fixed_points) == 1 and app.fixed_points[0].x < 1
    assert not np.allclose(U0, app.artists["field"]["quiver"].U)
    assert not np.array_equal(null0, app.artists["null"]["y"].get_ydata())
    assert app._canvas_view.value != png0
    assert len(app.artists["sep"]["line"].get_xdata()) == 0  # no saddle, no separatrix
    basins = app.artists["sep"]["basins"]
    assert basins[0].get_visible() and not basins[1].get_visible()  # all of it is low's basin
    assert "one attractor" in app.readout.value
    for seg in app.artists["traj"]["lines"].get_segments():
        assert seg[-1, 0] < 1 and seg[-1, 1] < 1  # every run ends low


def test_asymmetric_and_inhibitory_couplings():
    app = PhasePlaneApp()
    app.set(w1=0.4, w2=-0.6, I=-5.0)
    assert app.last_error is None
    assert [fp.kind for fp in app.fixed_points] == ["stable spiral"]
    assert "spiral" in app.table.value
    app.set(w1=-0.8, w2=-0.8, I=5.0)
    assert [fp.kind for fp in app.fixed_points] == ["stable node", "saddle", "stable node"]
    x, y = app.artists["sep"]["line"].get_data()
    np.testing.assert_allclose(x, y, atol=1e-9)


def test_preview_follows_x0_y0_without_recomputing_the_plane():
    app = PhasePlaneApp()
    with mock.patch.object(tn, "fixed_points", wraps=tn.fixed_points) as fp:
        app.set(x0=40.0, y0=5.0)
        fp.assert_not_called()  # cached: only the preview changed
    x, y = app.artists["probe"].get_data()
    assert (x[0], y[0]) == (40.0, 5.0)
    assert x[-1] < 1  # x + y = 45 < 50: ends low
    assert list(app.artists["probe_start"].get_xdata()) == [40.0]


def test_launch_button_clear_and_reset():
    app = PhasePlaneApp()
    app.set(x0=33.0, y0=20.0)
    app.launch_button.click()
    segs = app.artists["traj"]["lines"].get_segments()
    assert len(segs) == 8 and tuple(segs[-1][0]) == (33.0, 20.0)
    assert segs[-1][-1, 0] > 49  # 33 + 20 > 50: ends high
    app.clear_button.click()
    assert len(app.artists["traj"]["lines"].get_segments()) == 0
    assert len(app.artists["tc"]["x"].get_segments()) == 0
    app.reset_button.click()
    assert len(app.artists["traj"]["lines"].get_segments()) == 7
    for _ in range(20):  # older launches drop out
        app.launch(10, 10)
    assert len(app.starts) == PhasePlaneApp.MAX_LAUNCHED
    assert app.last_error is None


def test_click_launches_with_ipympl(ipympl_backend):
    app = PhasePlaneApp()
    assert app.live
    canvas = app.fig.canvas
    canvas.draw()
    n = len(app.starts)
    event = SimpleNamespace(inaxes=app.ax_phase, button=1, xdata=12.5, ydata=44.0)
    with mock.patch.object(canvas, "blit") as blit, \
            mock.patch.object(Figure, "__init__", side_effect=AssertionError("new figure")):
        app._on_click(event)
        blit.assert_called_once()
    assert len(app.starts) == n + 1 and app.starts[-1] == (12.5, 44.0)
    # a click outside the plane (on the time courses) does nothing
    app._on_click(SimpleNamespace(inaxes=None, button=1, xdata=1.0, ydata=1.0))
    assert len(app.starts) == n + 1
    # the real event path reaches the handler
    callbacks = canvas.callbacks.callbacks.get("button_press_event", {})
    assert callbacks, "no button_press_event handler connected"
    x_before = app.artists["null"]["y"].get_xdata().copy()
    with mock.patch.object(canvas, "blit") as blit:
        app.sliders["w1"].value = 0.5
        blit.assert_called_once()  # redrawn in place
    assert app.last_error is None
    assert not np.array_equal(x_before, app.artists["null"]["y"].get_xdata())
    app.close()


@pytest.mark.parametrize("cls", [PhasePlaneApp, NullclineBifurcationApp])
def test_every_slider_position_is_safe(cls):
    app = cls()
    for name, ctl in zip(app.sliders, cls.controls):
        for v in np.linspace(ctl.min, ctl.max, 11):
            app.sliders[name].value = float(v)
            assert app.last_error is None, (name, v, app.last_error)
        app.sliders[name].value = ctl.value


def test_no_figure_per_update():
    app = PhasePlaneApp()
    with mock.patch.object(Figure, "__init__", side_effect=AssertionError("new figure")):
        for I in (-12.0, -8.0, -4.0):
            app.sliders["I"].value = I
        app.launch(30, 30)
    assert app.last_error is None


def test_bifurcation_app_marks_current_input():
    app = NullclineBifurcationApp()
    assert "-16.057 &lt; I &lt; -3.943" in app.readout.value
    x, y = app.artists["branch"]["sn"].get_data()
    np.testing.assert_allclose(x, tn.saddle_node_values(0.4), atol=1e-9)
    app.sliders["I"].value = -2.0  # above the second saddle-node: only the high state
    assert len(app.fixed_points) == 1 and app.fixed_points[0].x > 49
    assert list(app.artists["branch"]["vline"].get_xdata()) == [-2.0, -2.0]
    assert list(app.artists["cusp"]["marker"].get_data()[0]) == [-2.0]  # I is horizontal
    stable_I, _ = app.artists["branch"]["current"]["stable"].get_data()
    assert list(stable_I) == [-2.0]
    app.sliders["w"].value = 0.05  # below the cusp
    assert "one fixed point for every I" in app.readout.value
    assert len(app.artists["branch"]["sn"].get_xdata()) == 0
    assert app.last_error is None


def test_bifurcation_app_redraws_in_place_with_ipympl(ipympl_backend):
    app = NullclineBifurcationApp()
    canvas = app.fig.canvas
    canvas.draw()
    with mock.patch.object(canvas, "blit") as blit:
        app.sliders["I"].value = -5.0
        blit.assert_called_once()
    app.close()


def test_apps_reject_out_of_range_start_values():
    with pytest.raises(ValueError, match=r"w1 must be a number in \[-1, 1\]"):
        PhasePlaneApp(w1=2)
    with pytest.raises(ValueError, match="I must be a number"):
        NullclineBifurcationApp(I=float("nan"))
    app = PhasePlaneApp()
    with pytest.raises(ValueError, match="x0"):
        app.launch(float("nan"), 3)


def test_plot_helpers_draw_on_the_given_axes():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    n_figs = len(plt.get_fignums())
    sim = tn.simulate([5, 45], [5, 45], T=10)
    art = ptn.plot_trajectories(ax, sim.x, sim.y)
    assert len(art["lines"].get_segments()) == 2
    U = art["arrows"].U
    assert np.count_nonzero(U) == 4  # two arrows per trajectory
    fps = tn.fixed_points()
    fpa = ptn.plot_fixed_points(ax, fps)
    assert len(fpa["stable"].get_xdata()) == 2 and len(fpa["saddle"].get_xdata()) == 1
    b = ptn.plot_branch(ax, 0.4, -10)
    assert len(b["current"]["saddle"].get_xdata()) == 1
    with pytest.raises(ValueError, match="at most 2"):
        ptn.update_trajectories(art, np.zeros((3, 5)), np.zeros((3, 5)))
    assert len(plt.get_fignums()) == n_figs
