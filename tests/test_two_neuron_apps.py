"""Notebook 02's apps and plots: what they draw, state that survives a rebuild, clicks, buttons.

The checks every app shares (every control at both ends, no new figure per
update, rebuild keeps the picture, close frees everything) are in
``tests/test_apps.py``.
"""

import dataclasses
from unittest import mock

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.artist import Artist
from matplotlib.backend_bases import MouseEvent
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from course_lib import two_neuron as tn
from course_lib.apps import NullclineBifurcationApp, PhasePlaneApp
from course_lib.apps.two_neuron import fixed_point_html
from course_lib.plotting import two_neuron as ptn


# -- helpers that read what the learner sees (the figure, the displayed widgets) --------


def launched_segments(app) -> list:
    """The launched trajectories drawn in the app's figure."""
    (lc,) = [a for a in app.fig.findobj(LineCollection)
             if a.get_label() == "launched trajectory"]
    return lc.get_segments()


def displayed_widgets(root):
    """Every widget reachable from ``root`` through box children."""
    yield root
    for child in getattr(root, "children", ()):
        yield from displayed_widgets(child)


def displayed_table(app) -> widgets.HTML:
    """The fixed-point table the learner sees under the figure."""
    (table,) = [w for w in displayed_widgets(app.widget)
                if "course-fp-table" in getattr(w, "_dom_classes", ())]
    return table


def click(app, x, y, button=1):
    """A real mouse press at data point (x, y) of the phase plane, through the canvas."""
    canvas = app.fig.canvas
    px, py = app.artists.phase.transData.transform((x, y))
    event = MouseEvent("button_press_event", canvas, px, py, button=button)
    canvas.callbacks.process("button_press_event", event)


# -- PhasePlaneApp --------------------------------------------------------------------


def test_phase_plane_app_defaults_show_table_1():
    app = PhasePlaneApp()
    assert set(app.sliders) == {"w1", "w2", "I", "x0", "y0"}
    assert [fp.kind for fp in app.fixed_points] == ["stable node", "saddle", "stable node"]
    table = displayed_table(app).value
    assert "saddle" in table and "+4" in table and "-24" in table
    assert "bistable" in app.readout.value
    # the separatrix drawn is x + y = 50, and both basins are shaded
    x, y = app.artists.sep.line.get_data()
    np.testing.assert_allclose(np.asarray(x) + np.asarray(y), 50, atol=1e-9)
    assert all(p.get_visible() for p in app.artists.sep.basins)
    assert len(launched_segments(app)) == 7  # the report's seven starts


def test_slider_moves_change_what_is_drawn():
    app = PhasePlaneApp()
    U0 = app.artists.field.quiver.U.copy()
    null0 = app.artists.null.y.get_ydata().copy()
    png0 = app._canvas_view.value
    app.sliders["I"].value = -20.0  # below the first saddle-node: only the low state
    assert len(app.fixed_points) == 1 and app.fixed_points[0].x < 1
    assert not np.allclose(U0, app.artists.field.quiver.U)
    assert not np.array_equal(null0, app.artists.null.y.get_ydata())
    assert app._canvas_view.value != png0
    assert len(app.artists.sep.line.get_xdata()) == 0  # no saddle, no separatrix
    basins = app.artists.sep.basins
    assert basins[0].get_visible() and not basins[1].get_visible()  # all of it is low's basin
    assert "one attractor" in app.readout.value
    for seg in launched_segments(app):
        assert seg[-1, 0] < 1 and seg[-1, 1] < 1  # every run ends low


def test_asymmetric_and_inhibitory_couplings():
    app = PhasePlaneApp()
    app.set(**tn.SPIRAL)
    assert app.last_error is None
    assert [fp.kind for fp in app.fixed_points] == ["stable spiral"]
    assert "spiral" in displayed_table(app).value
    app.set(w1=-0.8, w2=-0.8, I=5.0)
    assert [fp.kind for fp in app.fixed_points] == ["stable node", "saddle", "stable node"]
    x, y = app.artists.sep.line.get_data()
    np.testing.assert_allclose(x, y, atol=1e-9)


def test_preview_follows_x0_y0_and_recomputes_nothing_else():
    app = PhasePlaneApp()
    segments = launched_segments(app)
    with mock.patch.object(tn, "fixed_points", wraps=tn.fixed_points) as fp, \
            mock.patch.object(tn, "simulate", wraps=tn.simulate) as sim:
        app.set(x0=40.0, y0=5.0)
        fp.assert_not_called()  # the plane did not change
        sim.assert_called_once()
        assert np.size(sim.call_args.args[0]) == 1  # only the preview is run again
    x, y = app.artists.probe.get_data()
    assert (x[0], y[0]) == (40.0, 5.0)
    assert x[-1] < 1  # x + y = 45 < 50: ends low
    assert list(app.artists.probe_start.get_xdata()) == [40.0]
    assert all(np.array_equal(a, b) for a, b in zip(segments, launched_segments(app)))


def test_launch_button_clear_and_reset_go_through_refresh():
    app = PhasePlaneApp()
    app.set(x0=33.0, y0=20.0)
    n = app.n_updates
    app.launch_button.click()
    assert app.n_updates == n + 1  # one update, one redraw, like a slider's
    segs = launched_segments(app)
    assert len(segs) == 8 and tuple(segs[-1][0]) == (33.0, 20.0)
    assert segs[-1][-1, 0] > 49  # 33 + 20 > 50: ends high
    app.clear_button.click()
    assert app.n_updates == n + 2
    assert len(launched_segments(app)) == 0
    assert len(app.artists.tc.x.get_segments()) == 0
    assert len(app.artists.probe.get_xdata()) > 0  # the preview stays
    app.reset_button.click()
    assert app.n_updates == n + 3
    assert len(launched_segments(app)) == 7
    for _ in range(20):  # older launches drop out
        app.launch(10, 10)
    assert len(app.starts) == PhasePlaneApp.MAX_LAUNCHED
    assert len(launched_segments(app)) == PhasePlaneApp.MAX_LAUNCHED
    assert app.last_error is None


def test_a_failing_launch_is_shown_in_the_app():
    app = PhasePlaneApp()
    with mock.patch.object(tn, "simulate", side_effect=RuntimeError("solver broke")):
        app.launch_button.click()  # does not raise into the widget machinery
    assert isinstance(app.last_error, RuntimeError)
    assert app.status_kind == "error" and "solver broke" in app.status.value
    app.clear_button.click()  # the next good update clears it
    assert app.last_error is None and app.status_kind == "clear"


@pytest.mark.parametrize("again", ["render_full", "rebuild"])
def test_building_again_keeps_the_launched_trajectories(again):
    """render_full() and rebuild() call build() again: the launched starts must survive it."""
    app = PhasePlaneApp()
    app.launch(33.0, 20.0)
    assert len(launched_segments(app)) == 8
    getattr(app, again)()
    assert len(launched_segments(app)) == 8
    app.sliders["I"].value = -4.0
    assert len(launched_segments(app)) == 8
    assert tuple(launched_segments(app)[-1][0]) == (33.0, 20.0)
    assert app.last_error is None


@pytest.mark.parametrize("again", ["render_full", "rebuild"])
def test_building_again_keeps_the_displayed_table_live(again):
    """After build() runs again, the table the learner sees still follows the sliders."""
    app = PhasePlaneApp()
    getattr(app, again)()
    app.sliders["I"].value = -4.0  # still bistable; the saddle leaves (25, 25)
    table = displayed_table(app).value
    assert "(25, 25)" not in table
    assert table == fixed_point_html(tn.fixed_points(0.4, 0.4, -4.0))
    assert app.last_error is None


def test_click_launches_with_ipympl(ipympl_backend):
    app = PhasePlaneApp()
    assert app.live
    canvas = app.fig.canvas
    canvas.draw()
    n = len(app.starts)
    with mock.patch.object(canvas, "blit") as blit, \
            mock.patch.object(Figure, "__init__", side_effect=AssertionError("new figure")):
        click(app, 12.5, 44.0)
        blit.assert_called_once()
    assert len(app.starts) == n + 1
    np.testing.assert_allclose(app.starts[-1], (12.5, 44.0), atol=0.1)
    assert len(launched_segments(app)) == n + 1
    # a click on the time courses, or with another button, launches nothing
    px, py = app.fig.axes[1].transAxes.transform((0.5, 0.5))
    canvas.callbacks.process("button_press_event",
                             MouseEvent("button_press_event", canvas, px, py, button=1))
    click(app, 30.0, 30.0, button=3)
    assert len(app.starts) == n + 1
    # after a rebuild a click still launches exactly one trajectory (one handler, not two)
    app.rebuild()
    canvas.draw()
    click(app, 40.0, 8.0)
    assert len(app.starts) == n + 2 and len(launched_segments(app)) == n + 2
    assert app.last_error is None
    app.close()


def test_apps_reject_out_of_range_start_values():
    with pytest.raises(ValueError, match=r"w1 must be a number in \[-1, 1\]"):
        PhasePlaneApp(w1=2)
    with pytest.raises(ValueError, match="I must be a number"):
        NullclineBifurcationApp(I=float("nan"))
    app = PhasePlaneApp()
    with pytest.raises(ValueError, match="x0"):
        app.launch(float("nan"), 3)


# -- NullclineBifurcationApp -----------------------------------------------------------


def test_bifurcation_app_marks_current_input():
    app = NullclineBifurcationApp()
    assert "-16.057 &lt; I &lt; -3.943" in app.readout.value
    x, y = app.artists.branch.sn.get_data()
    np.testing.assert_allclose(x, tn.saddle_node_values(0.4), atol=1e-9)
    app.sliders["I"].value = -2.0  # above the second saddle-node: only the high state
    assert len(app.fixed_points) == 1 and app.fixed_points[0].x > 49
    assert list(app.artists.branch.vline.get_xdata()) == [-2.0, -2.0]
    assert [list(v) for v in app.artists.cusp.marker.get_data()] == [[0.4], [-2.0]]  # (w, I)
    stable_I, _ = app.artists.branch.current.stable.get_data()
    assert list(stable_I) == [-2.0]
    app.sliders["w"].value = 0.05  # below the cusp
    assert "one fixed point for every I" in app.readout.value
    assert len(app.artists.branch.sn.get_xdata()) == 0
    assert app.last_error is None


def test_bifurcation_app_redraws_only_what_depends_on_what_moved():
    app = NullclineBifurcationApp()
    family = [s.copy() for s in app.artists.family.x.get_segments()]
    branch = app.artists.branch.stable.get_ydata().copy()
    with mock.patch.object(tn, "nullclines", wraps=tn.nullclines) as nc, \
            mock.patch.object(tn, "symmetric_branch", wraps=tn.symmetric_branch) as sb:
        app.sliders["I"].value = -5.0
        assert nc.call_count == 1  # the bold pair only; the family depends on w alone
        sb.assert_not_called()
    app.sliders["w"].value = 0.7
    assert not np.array_equal(branch, app.artists.branch.stable.get_ydata())
    moved = app.artists.family.x.get_segments()
    assert not all(np.array_equal(a, b) for a, b in zip(family, moved))
    assert app.last_error is None


def test_bifurcation_app_redraws_in_place_with_ipympl(ipympl_backend):
    app = NullclineBifurcationApp()
    canvas = app.fig.canvas
    canvas.draw()
    with mock.patch.object(canvas, "blit") as blit:
        app.sliders["I"].value = -5.0
        blit.assert_called_once()
    app.close()


# -- plot helpers -------------------------------------------------------------------


def _is_artists(value) -> bool:
    if dataclasses.is_dataclass(value):
        return all(_is_artists(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, tuple):
        return all(_is_artists(v) for v in value)
    return isinstance(value, Artist)


def test_plot_helpers_return_containers_of_artists_only():
    """Every field of every container is an artist on the given axes: no settings mixed in."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    n_figs = len(plt.get_fignums())
    fps = tn.fixed_points()
    sep = tn.separatrix()
    sim = tn.simulate([5, 45], [5, 45], T=10)
    made = [
        ptn.plot_vector_field(ax, 0.4, 0.4, -10),
        ptn.plot_nullclines(ax, 0.4, 0.4, -10),
        ptn.plot_fixed_points(ax, fps),
        ptn.plot_separatrix(ax, sep, tn.basin_polygons(fps, sep)),
        ptn.plot_trajectories(ax, sim.x, sim.y),
        ptn.plot_time_courses(ax, ax, sim.t, sim.x, sim.y),
        ptn.plot_branch(ax, 0.4, -10),
        ptn.plot_count(ax, 0.4),
        ptn.plot_cusp(ax, w=0.4, I=-10),
        ptn.plot_nullcline_family(ax, 0.4, (-12, -8)),
    ]
    for art in made:
        assert dataclasses.is_dataclass(art) and _is_artists(art), type(art).__name__
        for f in dataclasses.fields(art):
            value = getattr(art, f.name)
            for a in (value if isinstance(value, tuple) else (value,)):
                if isinstance(a, Artist):
                    assert a.axes is ax
    assert len(plt.get_fignums()) == n_figs


def test_plot_helpers_draw_what_they_are_given():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    sim = tn.simulate([5, 45], [5, 45], T=10)
    art = ptn.plot_trajectories(ax, sim.x, sim.y, n_max=3)
    assert art.n_max == 3 and len(art.lines.get_segments()) == 2
    assert np.count_nonzero(art.arrows.U) == 2 * len(ptn.ARROW_FRACTIONS)
    with pytest.raises(ValueError, match="at most 3"):
        ptn.update_trajectories(art, np.zeros((4, 5)), np.zeros((4, 5)))
    fpa = ptn.plot_fixed_points(ax, tn.fixed_points())
    assert len(fpa.stable.get_xdata()) == 2 and len(fpa.saddle.get_xdata()) == 1
    b = ptn.plot_branch(ax, 0.4, -10)
    assert len(b.current.saddle.get_xdata()) == 1
    ptn.mark_branch_input(b, None, [])
    assert not b.vline.get_visible() and len(b.current.saddle.get_xdata()) == 0
    # the nullclines drawn satisfy their equations, and follow an update
    nc = ptn.plot_nullclines(ax, 0.3, 0.7, -8)
    dx, _ = tn.velocity(*nc.x.get_data(), 0.3, 0.7, -8)
    np.testing.assert_allclose(dx, 0, atol=1e-12)
    ptn.update_nullclines(nc, 0.5, 0.2, -4)
    _, dy = tn.velocity(*nc.y.get_data(), 0.5, 0.2, -4)
    np.testing.assert_allclose(dy, 0, atol=1e-12)
    # the arrows of the field point along the flow
    vf = ptn.plot_vector_field(ax, 0.4, 0.4, -10, n=5)
    U, V = tn.velocity(vf.quiver.X, vf.quiver.Y, 0.4, 0.4, -10)
    np.testing.assert_allclose(np.arctan2(vf.quiver.V, vf.quiver.U), np.arctan2(V, U))
    # the cusp's cross is at (w, I): w across, I up
    c = ptn.plot_cusp(ax, w=0.3, I=-7)
    assert [list(v) for v in c.marker.get_data()] == [[0.3], [-7]]
    ptn.update_cusp(c, None, -7)
    assert len(c.marker.get_xdata()) == 0


# -- what the learner sees is right (issue 13) ------------------------------------------


def test_the_spiral_example_is_a_spiral_you_can_see():
    """tn.SPIRAL: complex eigenvalues with a turn faster than the leak, and runs from below
    that rise past the fixed point and come back (an overshoot a node would not make)."""
    (fp,) = tn.fixed_points(**tn.SPIRAL)
    assert fp.kind == "stable spiral" and fp.eigenvalues[0].imag > 1.2
    run = tn.simulate([0.0, 10.0, 40.0], [0.0, 0.0, 0.0], **tn.SPIRAL, T=15)
    assert np.all(run.y.max(axis=1) > fp.y + 3)  # visibly (> 3 Hz) past y*, then back
    np.testing.assert_allclose(run.y[:, -1], fp.y, atol=1e-3)
    app = PhasePlaneApp(**tn.SPIRAL)  # the notebook's suggestion is a valid start
    assert [f.kind for f in app.fixed_points] == ["stable spiral"] and app.last_error is None


def test_the_w_I_plane_is_drawn_as_in_notebook_01():
    """One convention across the course: w across, I up, the same colours and markers."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_rgba

    from course_lib.plotting import self_excited as pse
    from course_lib.plotting.style import PALETTE

    fig, (ax1, ax2) = plt.subplots(1, 2)
    mine = ptn.plot_cusp(ax2, w=0.4, I=-10)
    theirs = pse.plot_bifurcation_plane(ax1, w=0.1, I=-2)
    assert ax2.get_xlabel().startswith("coupling w") and ax2.get_ylabel() == "input I"
    x, y = mine.cusp.get_data()
    assert (x[0], y[0]) == (tn.W_CUSP, tn.I_CUSP)
    assert np.allclose(mine.fill.get_facecolor()[0], to_rgba(PALETTE["sky"], 0.45))
    assert mine.fill.get_label() == "bistable (3 fixed points)"
    assert mine.low.get_color() == PALETTE["blue"]
    assert mine.high.get_color() == PALETTE["vermillion"]
    assert "high state appears" in mine.low.get_label()
    assert "low state vanishes" in mine.high.get_label()
    assert (mine.cusp.get_marker(), mine.cusp.get_markersize()) == ("*", 15)
    assert mine.cusp.get_label() == "cusp" and mine.marker.get_label() == "current (w, I)"
    assert (mine.marker.get_marker(), mine.marker.get_color()) == ("X", PALETTE["orange"])
    assert to_rgba(mine.marker.get_markeredgecolor()) == to_rgba(PALETTE["black"])
    # ... and notebook 01's plane looks the same
    assert np.allclose(theirs.region.get_facecolor(), mine.fill.get_facecolor())
    for a, b in ((theirs.low, mine.low), (theirs.high, mine.high), (theirs.cusp, mine.cusp),
                 (theirs.marker, mine.marker)):
        assert (a.get_color(), a.get_marker()) == (b.get_color(), b.get_marker())
    # the app's panel is this plane, with every artist in its legend
    app = NullclineBifurcationApp()
    legends = [a.get_legend() for a in app.fig.axes if a.get_legend() is not None]
    labels = {t.get_text() for leg in legends for t in leg.get_texts()}
    assert {h.get_label() for h in app.artists.cusp.handles} <= labels


def legend_labels(panel) -> list:
    """The entries of a legend panel (the legend picture the learner sees)."""
    return list(panel.labels)


def legend_boxes(app):
    """Window extents of every legend in the app's figure: pictures and ordinary ones."""
    renderer = app.fig.canvas.get_renderer()
    out = []
    for value in vars(app.artists).values():
        if isinstance(value, ptn.LegendPanelArtists):
            out.append((value.image.axes, value.image.get_window_extent(renderer)))
    for ax in app.fig.axes:
        if ax.get_legend() is not None:
            out.append((ax, ax.get_legend().get_window_extent(renderer)))
    return out


def test_the_phase_plane_legend_lists_what_is_drawn_and_only_that():
    app = PhasePlaneApp()
    art = app.artists
    assert legend_labels(art.legend) == [
        "separatrix", "basin: x ends low", "basin: x ends high", "x-nullcline (dx/dt = 0)",
        "y-nullcline (dy/dt = 0)", "launched trajectory", "preview from (x₀, y₀)",
        "stable fixed point", "saddle"]
    app.sliders["I"].value = -20.0  # one attractor (low): no saddle, no separatrix
    labels = legend_labels(art.legend)
    assert "saddle" not in labels and "separatrix" not in labels
    assert "basin: x ends low" in labels and "basin: x ends high" not in labels
    app.sliders["I"].value = 0.0  # one attractor (high): its basin is the orange one
    labels = legend_labels(art.legend)
    assert "basin: x ends high" in labels and "basin: x ends low" not in labels
    assert art.sep.basins[0].get_facecolor()[:3] == pytest.approx(
        to_rgb(ptn.BASIN_COLORS[1]), abs=1e-3)
    app.clear_button.click()
    assert "launched trajectory" not in legend_labels(art.legend)
    app.launch(10, 10)
    assert "launched trajectory" in legend_labels(art.legend)
    app.set(w1=0.08, w2=0.08, I=-2.0)  # the cusp: one non-hyperbolic fixed point
    assert legend_labels(art.legend)[-1] == "saddle-node (det = 0)"
    assert app.last_error is None


def test_the_bifurcation_legends_list_what_is_drawn_and_only_that():
    app = NullclineBifurcationApp()
    branch, null = app.artists.legend_branch, app.artists.legend_null
    assert legend_labels(branch) == ["stable fixed points", "saddles", "saddle-node",
                                     "current I"]
    # side by side, 9a's legend names the markers of both panels
    assert legend_labels(null) == ["x-nullcline (dx/dt = 0)", "y-nullcline (dy/dt = 0)",
                                   "the same at I = -20, -16, …, 0"]
    app.sliders["w"].value = 0.05  # below the cusp: no saddle anywhere
    assert legend_labels(branch) == ["stable fixed points", "current I"]
    app.set(w=0.08, I=-2.0)  # on the cusp
    assert "saddle-node" in legend_labels(branch)
    assert "cusp" in app.readout.value and app.last_error is None
    app.fit(600)  # stacked: 9b's legend names its own markers
    assert app.narrow and legend_labels(app.artists.legend_null)[-1] == "saddle-node (det = 0)"
    app.set(w=0.4, I=-10.0)
    assert legend_labels(app.artists.legend_null)[-2:] == ["stable fixed point", "saddle"]
    app.sliders["w"].value = 0.05
    assert legend_labels(app.artists.legend_null)[-1] == "stable fixed point"
    assert app.last_error is None


@pytest.mark.parametrize("cls", [PhasePlaneApp, NullclineBifurcationApp])
@pytest.mark.parametrize("column", [600, 848, 1600])
def test_legends_never_cover_a_panel(cls, column):
    """Each legend sits whole in a cell of its own, clear of every panel and its labels,
    at every column width; its text is legible (>= 9 px)."""
    app = cls()
    app.fit(column)
    app.redraw(full=True)
    renderer = app.fig.canvas.get_renderer()
    boxes = legend_boxes(app)
    assert len(boxes) >= 1 + (cls is NullclineBifurcationApp) * 2
    data_axes = [a for a in app.fig.axes if a.axison]
    for own_axes, box in boxes:
        assert box.width > 20 and box.height > 20  # a legend is drawn
        for ax in data_axes:
            assert not box.overlaps(ax.get_tightbbox(renderer)), ax.get_title()
        own = own_axes.bbox.padded(1)
        assert own.x0 <= box.x0 and box.x1 <= own.x1 and own.y0 <= box.y0 and box.y1 <= own.y1
    for value in vars(app.artists).values():
        if isinstance(value, ptn.LegendPanelArtists):
            assert value._legend_kw["fontsize"] * app.fig.dpi / 72 >= 9
    app.close()


@pytest.mark.parametrize("cls", [PhasePlaneApp, NullclineBifurcationApp])
def test_a_change_of_legend_does_not_move_the_panels(cls):
    app = cls()
    app.redraw(full=True)
    before = [tuple(a.get_position().bounds) for a in app.fig.axes]
    app.set(**({"I": -20.0} if cls is PhasePlaneApp else {"w": 0.05}))  # entries leave
    app.redraw(full=True)
    app.rebuild()
    app.redraw(full=True)
    app.set(**({"I": -10.0} if cls is PhasePlaneApp else {"w": 0.4}))  # and come back
    app.redraw(full=True)
    np.testing.assert_allclose([tuple(a.get_position().bounds) for a in app.fig.axes], before,
                               atol=1e-9)
    app.close()


def test_narrow_columns_stack_the_panels():
    app = PhasePlaneApp()
    app.fit(600)
    assert app.narrow
    app.redraw(full=True)
    art = app.artists
    plane, tx, ty = art.phase.bbox, art.tc.x.axes.bbox, art.tc.y.axes.bbox
    assert plane.y0 > tx.y1 > ty.y1  # the plane on top, x(t) and y(t) under it
    cell = art.legend.image.axes.bbox
    assert cell.y1 <= plane.y0 and cell.x0 >= tx.x1  # the legend beside them
    assert plane.width > 0.7 * app.fig.bbox.width  # the plane gets the width
    app.fit(1600)
    assert not app.narrow
    app.redraw(full=True)
    art = app.artists
    assert art.phase.bbox.x1 < art.tc.x.axes.bbox.x0  # side by side again
    app.close()
    app = NullclineBifurcationApp()
    app.fit(600)
    app.redraw(full=True)
    a = app.artists
    boxes = [a.count.line.axes.bbox, a.branch.stable.axes.bbox, a.null.x.axes.bbox,
             a.cusp.low.axes.bbox]
    assert all(b0.y0 > b1.y1 for b0, b1 in zip(boxes, boxes[1:]))  # stacked, top to bottom
    app.close()


@pytest.mark.parametrize("column", [600, 700, 848, 1600])
def test_a_click_after_a_refit_launches_from_the_point_under_the_pointer(column,
                                                                        ipympl_backend):
    app = PhasePlaneApp()
    app.fit(column)
    canvas = app.fig.canvas
    canvas.draw()  # the layout engine places the axes at draw time, as in the browser
    n = len(app.starts)
    for x, y in ((12.5, 44.0), (47.0, 3.0)):
        click(app, x, y)
        np.testing.assert_allclose(app.starts[-1], (x, y), atol=1e-6)
    assert len(app.starts) == n + 2
    seg = launched_segments(app)[-1]
    np.testing.assert_allclose(seg[0], (47.0, 3.0), atol=1e-6)  # the run starts there
    assert app.last_error is None
    app.close()


@pytest.mark.parametrize("cls,move", [(PhasePlaneApp, {"I": -20.0}),
                                      (NullclineBifurcationApp, {"w": 0.05})])
def test_a_new_legend_is_blitted_not_a_full_redraw(cls, move):
    """Crossing a bifurcation changes the legend: the frame is still a blit (the legend is a
    picture, rendered once per set of entries), so the slider stays live."""
    app = cls()
    before = [list(p.labels) for p in vars(app.artists).values()
              if isinstance(p, ptn.LegendPanelArtists)]
    with mock.patch.object(app.fig.canvas, "draw", wraps=app.fig.canvas.draw) as draw:
        app.set(**move)
        after = [list(p.labels) for p in vars(app.artists).values()
                 if isinstance(p, ptn.LegendPanelArtists)]
        assert after != before
        draw.assert_not_called()
    assert app.last_error is None
    app.close()
