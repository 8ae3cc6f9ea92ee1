"""Notebook 01's apps and plots: what they draw, and the state they keep.

The checks every app gets (every control at both ends, no new figure per
update, a rebuild keeps the picture, close frees the app) are in the
all-apps tests; here: what is specific to the self-connected neuron.
"""

import dataclasses
import re
from unittest import mock

import matplotlib
import matplotlib.collections
import matplotlib.patches
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import self_excited as se
from course_lib.apps import BifurcationApp, NoiseApp, SelfExcitedApp
from course_lib.plotting import self_excited as pse


@pytest.fixture
def ax():
    return Figure().subplots()


def _drawn(art):
    """(x, y) data of every line in a plot container, to compare pictures."""
    out = {}
    for f in dataclasses.fields(art):
        value = getattr(art, f.name)
        if isinstance(value, matplotlib.lines.Line2D):
            out[f.name] = tuple(np.asarray(a, dtype=float).tolist() for a in value.get_data())
    return out


# -- plot helpers ------------------------------------------------------------------

def test_every_container_documents_its_fields():
    containers = [pse.TransferArtists, pse.RateArtists, pse.FluxArtists, pse.PotentialArtists,
                  pse.PlaneArtists, pse.BranchArtists, pse.HysteresisArtists,
                  pse.NoiseRunArtists]
    for cls in containers:
        section = cls.__doc__.split("Attributes")[1]
        for f in dataclasses.fields(cls):
            assert re.search(rf"^\s*([\w, ]*\b)?{f.name}\b.*:", section, re.M), (cls, f.name)


def test_flux_plot_marks_the_zeros_of_the_flux(ax):
    art = pse.plot_flux(ax, 0.04, -2.4)
    assert isinstance(art, pse.FluxArtists)
    r, v = art.curve.get_data()
    np.testing.assert_allclose(v, se.flux(r, 0.04, -2.4))
    np.testing.assert_allclose(art.stable.get_xdata(), [1.0659254, 118.9340746], atol=1e-7)
    np.testing.assert_allclose(art.unstable.get_xdata(), [60.0])
    pse.update_flux(art, 0.04, -1.5)  # past the upper fold: one high state
    assert len(art.stable.get_xdata()) == 1 and art.stable.get_xdata()[0] > 100
    assert len(art.unstable.get_xdata()) == 0
    np.testing.assert_allclose(art.curve.get_ydata(), se.flux(r, 0.04, -1.5))


def test_potential_plot_puts_the_wells_at_the_minima(ax):
    art = pse.plot_potential(ax, 0.05, -2.0)
    r, u = art.curve.get_data()
    inside = (r >= 0) & (r <= 120)
    assert u[inside].min() == pytest.approx(0.0) and u[inside].max() == pytest.approx(1.0)
    # the markers sit on the curve: same scaling for both
    for line in (art.stable, art.unstable):
        x, y = line.get_data()
        np.testing.assert_allclose(y, np.interp(x, r, u), atol=2e-3)
    wells = art.stable.get_ydata()
    assert np.all(wells < art.unstable.get_ydata()[0])
    lo, hi = se.barrier_heights(0.05, -2.0)
    assert f"{lo:.3g}" in art.text.get_text() and f"{hi:.3g}" in art.text.get_text()
    pse.update_potential(art, 0.04, 0.5)
    assert art.text.get_text() == "one well: no barrier, no memory"


def test_branch_plot_draws_the_saddle_nodes_of_the_model(ax):
    art = pse.plot_branch(ax, 0.04, -2.4)
    sn = se.saddle_node_points(0.04)
    np.testing.assert_array_equal(art.saddle_nodes.get_xdata(), sn.I)
    np.testing.assert_array_equal(art.saddle_nodes.get_ydata(), sn.r)
    assert list(art.vline.get_xdata()) == [-2.4, -2.4]
    assert len(art.fp_stable.get_ydata()) == 2 and len(art.fp_unstable.get_ydata()) == 1
    I, r = art.unstable.get_data()
    keep = np.isfinite(r)
    slopes = [se.flux_slope(r_, 0.04, I_) for r_, I_ in zip(r[keep][1:-1], I[keep][1:-1])]
    assert min(slopes) > 0  # dashed = unstable (its ends join the folds)
    pse.update_branch(art, 0.01)  # below the cusp: no fold to mark
    assert not np.isfinite(art.saddle_nodes.get_xdata()).any()
    pse.update_branch_input(art, 0.01, None)
    assert len(art.fp_stable.get_xdata()) == 0


def test_plane_and_hysteresis_helpers(ax):
    plane = pse.plot_bifurcation_plane(ax, w=0.08, I=-4.0)
    assert list(plane.marker.get_xdata()) == [0.08]
    c = se.saddle_node_curves(600)
    np.testing.assert_array_equal(plane.low.get_ydata(), c.I_low)
    hyst = pse.plot_hysteresis(ax)
    assert len(hyst.up.get_xdata()) == 0
    sweep = se.hysteresis_sweep(0.04, T_ramp=200.0)
    pse.update_hysteresis(hyst, sweep)
    np.testing.assert_array_equal(hyst.down.get_ydata(), sweep.r_down)


def test_noise_run_is_a_rate_container(ax):
    sim = se.simulate([59, 60, 61], T=5.0, sigma=1.0, rng=0)
    art = pse.plot_noise_run(ax, sim.t, sim.r, title="three runs")
    assert isinstance(art, pse.RateArtists) and len(art.lines) == 3
    assert [g.get_ydata()[0] for g in art.guides] == [fp.r for fp in se.fixed_points()]
    pse.update_noise_run(art, sim.t, sim.r[::-1], title="reversed")
    np.testing.assert_array_equal(art.lines[0].get_ydata(), sim.r[2])
    assert art.title.get_text() == "reversed"


# -- SelfExcitedApp ------------------------------------------------------------------

def test_self_excited_app_follows_the_sliders():
    app = SelfExcitedApp()
    assert set(app.sliders) == {"w", "I"}
    assert [round(fp.r, 4) for fp in app.fixed_points] == [1.0659, 60.0, 118.9341]
    assert "773" in app.readout.value  # the barrier, from the model
    app.sliders["I"].value = -1.5  # past the upper saddle-node: one high state
    assert len(app.fixed_points) == 1
    r, v = app.artists.flux.curve.get_data()
    np.testing.assert_allclose(v, se.flux(r, 0.04, -1.5))
    for line in app.artists.main.lines:  # every trace now ends high
        assert line.get_ydata()[-1] > 100
    assert "unstable" not in app.readout.value and "no barrier" in app.readout.value
    app.close()


def test_self_excited_traces_are_simulations_of_the_model():
    app = SelfExcitedApp(w=0.05, I=-3.0)
    sim = se.simulate([*app.r0_fan, *app.r0_main], 0.05, -3.0, T=app.T)
    lines = app.artists.fan.lines + app.artists.main.lines
    np.testing.assert_allclose([ln.get_ydata() for ln in lines], sim.r)
    app.close()


# -- NoiseApp ----------------------------------------------------------------------

def test_noise_app_counts_switches_and_presets_set_sigma():
    app = NoiseApp()
    assert app.params["sigma"] == 20.0
    assert app.switches.sum() > 0
    labels = [b.description for b in app.preset_buttons]
    assert "story: 63" in labels
    app.preset_buttons[labels.index("report: 5")].click()
    assert app.params["sigma"] == 5.0
    assert app.switches.sum() == 0  # the report's "medium" noise never switches
    app.set(sigma=63.0)
    assert app.switches.min() > 50
    app.set(seed=1, clip=True)
    assert app.last_error is None
    assert min(run.lines[0].get_ydata().min() for run in app.artists.runs) >= 0
    app.close()


def test_noise_app_readout_shows_plain_numbers():
    app = NoiseApp()
    for r0, n in zip(app.r0, app.switches):
        assert f"{n} from r(0) = {r0:g}" in app.readout.value
    assert f"{se.expected_switches(app.T, 20.0):.3g} expected" in app.readout.value
    assert "np." not in app.readout.value and "int64" not in app.readout.value
    titles = [ax.get_title(loc="left") for ax in app.fig.axes]
    assert titles == ["from r(0) = 59", "from r(0) = 60", "from r(0) = 61"]
    app.close()


def test_noise_app_computes_each_switching_time_once_per_sigma():
    """A sigma move needs the exact mean switching time from both wells, for the
    expected count and for its text: two quadratures, not four; back at a sigma
    already seen, none (and a bad sigma is still refused before any cache)."""
    app = NoiseApp()
    cache = se._log_mean_switch_time_of
    before = cache.cache_info().misses
    app.set(sigma=33.3)
    assert cache.cache_info().misses - before == 2  # "low" and "high"
    app.set(sigma=20.0)
    app.set(sigma=33.3)
    assert cache.cache_info().misses - before <= 4
    seen = cache.cache_info().misses
    app.set(sigma=33.3 + app.controls[0].step)
    assert cache.cache_info().misses - seen == 2
    with pytest.raises(ValueError, match="sigma"):
        se.mean_switch_time(-1.0)
    app.close()


def test_noise_app_buttons_are_made_once():
    app = NoiseApp()
    buttons = list(app.preset_buttons)
    assert len(buttons) == len(NoiseApp.PRESETS)
    app.rebuild()
    assert app.preset_buttons == buttons
    shown = [w for box in app.extra_widgets() for w in box.children]
    assert all(any(b is w for w in shown) for b in buttons)  # layout only, no new buttons
    (action,) = app.bench_actions().values()
    sigmas = []
    for _ in buttons:
        action()
        sigmas.append(app.params["sigma"])
    assert sigmas == [value for _, value in NoiseApp.PRESETS]
    app.close()


# -- BifurcationApp ----------------------------------------------------------------

def test_bifurcation_app_marks_current_point_and_runs_sweep():
    app = BifurcationApp()
    app.set(w=0.08, I=-4.0)
    assert list(app.artists.plane.marker.get_xdata()) == [0.08]
    lo, hi = se.bistable_range(0.08)
    assert f"{lo:.3f}" in app.readout.value
    n = app.n_updates
    app.sweep_button.click()
    assert app.n_updates == n + 1  # through refresh(): one update, one redraw
    sweep = app.sweep
    assert sweep.w == 0.08 and sweep.I_jump_up > sweep.I_jump_down
    np.testing.assert_array_equal(app.artists.hyst.up.get_xdata(), sweep.I_up)
    assert f"{sweep.I_jump_up:.2f}" in app.readout.value
    app.close()


def test_a_rebuild_keeps_the_sweep():
    app = BifurcationApp(w=0.06)
    sweep = app.run_sweep()
    drawn, readout = _drawn(app.artists.hyst), app.readout.value
    app.rebuild()
    assert app.sweep is sweep
    assert _drawn(app.artists.hyst) == drawn and len(drawn["up"][0]) == len(sweep.I_up)
    assert app.readout.value == readout
    app.rebuild((8.0, 4.0))  # a re-fit to a narrower column
    assert app.sweep is sweep and app.last_error is None
    app.close()


def test_a_sweep_belongs_to_its_w():
    app = BifurcationApp()
    app.run_sweep()
    app.sliders["I"].value = -3.0  # the input does not change what a sweep at this w shows
    assert app.sweep is not None and len(app.artists.hyst.up.get_xdata()) > 0
    app.sliders["w"].value = 0.09
    assert app.sweep is None and len(app.artists.hyst.up.get_xdata()) == 0
    assert "sweep" not in app.readout.value
    app.sliders["w"].value = 0.04  # back again: the old sweep does not come back
    assert app.sweep is None
    app.close()


def test_bifurcation_app_recomputes_only_what_changed():
    app = BifurcationApp()
    with mock.patch.object(pse, "update_branch", wraps=pse.update_branch) as branch, \
            mock.patch.object(pse, "update_hysteresis", wraps=pse.update_hysteresis) as hyst:
        app.sliders["I"].value = -2.0  # the S-curve depends on w only
        assert branch.call_count == 0 and hyst.call_count == 0
        app.run_sweep()
        assert branch.call_count == 0 and hyst.call_count == 1
        app.sliders["w"].value = 0.05
        assert branch.call_count == 1
    assert app.last_error is None
    app.close()


def test_a_failed_sweep_is_shown_in_the_app():
    app = BifurcationApp()
    with mock.patch.object(se, "hysteresis_sweep", side_effect=RuntimeError("no ramp")):
        app.sweep_button.click()
    assert isinstance(app.last_error, RuntimeError) and "no ramp" in app.status.value
    assert app.sweep is None
    app.close()


def test_apps_reject_out_of_range_start_values():
    with pytest.raises(ValueError, match=r"w must be a number in \[0, 0.2\]"):
        SelfExcitedApp(w=0.5)
    with pytest.raises(ValueError, match="sigma must be a number"):
        NoiseApp(sigma=-1)


# -- what the learner reads: the sweep, the noise, the fixed points -----------------------

def test_below_the_cusp_the_sweep_reports_no_hysteresis_but_the_lag():
    app = BifurcationApp(w=0.015)
    sweep = app.run_sweep()
    text = app.readout.value
    assert np.isnan(sweep.I_jump_up) and np.isnan(sweep.I_jump_down)
    assert "no jump and no hysteresis" in text and "jumped" not in text
    # the gap it does see is the ramp's lag: named, with the numbers of the sweep
    assert "lags behind" in text and f"{sweep.I_cross_up:.2f}" in text
    assert sweep.I_cross_down < sweep.I_cross_up
    app.close()


def test_two_saddle_nodes_on_the_way_make_hysteresis_one_makes_a_single_jump():
    app = BifurcationApp(w=0.04)
    sweep = app.run_sweep()
    lo, hi = se.bistable_range(0.04)
    assert "hysteresis" in app.readout.value
    assert f"{sweep.I_jump_up:.2f}" in app.readout.value
    assert f"{sweep.I_jump_down:.2f}" in app.readout.value
    assert f"{hi:.3f}" in app.readout.value and f"{lo:.3f}" in app.readout.value
    app.set(w=0.2)  # I_low(0.2) = -21.6: outside the ramp, the rate never jumps down
    sweep = app.run_sweep()
    assert not np.isnan(sweep.I_jump_up) and np.isnan(sweep.I_jump_down)
    assert "hysteresis" not in app.readout.value and "nan" not in app.readout.value
    assert f"{se.bistable_range(0.2)[0]:.2f}" in app.readout.value  # where the fold is
    app.close()


@pytest.mark.parametrize("sigma", [0.1, 1.0, 5.0])
def test_weak_noise_says_never_in_practice_with_the_number(sigma):
    text = pse.switch_time_text(sigma)
    assert text.startswith("never, in practice: one switch per ~")
    exponent = int(se.mean_switch_time_log10(sigma))
    assert f"e{exponent} τ" in text and "inf" not in text


def test_switch_time_text_gives_the_expected_count_where_switches_happen():
    text = pse.switch_time_text(20.0, T=1000)
    assert "never" not in text
    assert f"{se.expected_switches(1000, 20.0):.3g} expected in T = 1000" in text
    assert f"one switch per {se.mean_switch_time(20.0):.3g} τ" in text
    assert pse.switch_time_text(0.0) == "no noise: no switches"


def test_noise_app_readout_never_prints_inf():
    app = NoiseApp()
    for sigma in (0.0, 0.1, 1.0, 5.0):
        app.set(sigma=sigma)
        assert app.last_error is None
        assert "inf" not in app.readout.value and "1e308" not in app.readout.value
        assert pse.switch_time_text(sigma) in app.readout.value
    app.set(sigma=20.0, clip=True)  # the exact count is for the model without clipping
    assert "exact (without clipping)" in app.readout.value
    app.close()


def test_the_readout_lists_exactly_the_drawn_fixed_points():
    app = SelfExcitedApp()
    for I in (-2.4, -1.5, -3.5):
        app.set(I=I)
        flux = app.artists.flux
        n_stable, n_unstable = len(flux.stable.get_xdata()), len(flux.unstable.get_xdata())
        text = app.readout.value
        assert text.count("&#9679;") == n_stable and text.count("&#9675;") == n_unstable
        for fp in app.fixed_points:
            assert f"{fp.r:.2f} Hz {'stable' if fp.stable else 'unstable'}" in text
    app.close()


def test_flux_arrows_point_the_way_the_rate_moves(ax):
    for w, I in [(0.04, -2.4), (0.04, 0.5), (0.0, -1.0), (0.2, -5.0)]:
        art = pse.plot_flux(ax, w, I)
        right, left = art.right.get_xdata(), art.left.get_xdata()
        assert len(right) >= 1 and len(left) >= 1  # r < 0 grows, r > 120 shrinks, always
        assert np.all(se.flux(right, w, I) > 0) and np.all(se.flux(left, w, I) < 0)
        fps = [fp.r for fp in se.fixed_points(w, I)]
        # one arrow per stretch between fixed points: never two with no fixed point between
        xs = np.sort(np.concatenate((right, left)))
        for a, b in zip(xs[:-1], xs[1:]):
            assert any(a < r < b for r in fps)
        ax.clear()


def test_the_plane_is_drawn_the_course_way(ax):
    """Notebook 01's (w, I) plane is the course's convention (notebook 02 follows it)."""
    from matplotlib.colors import to_rgba

    from course_lib.plotting.style import PALETTE

    art = pse.plot_bifurcation_plane(ax, w=0.04, I=-2.4)
    assert ax.get_xlabel().startswith("self-coupling w") and ax.get_ylabel() == "input I"
    c = se.saddle_node_curves(600)
    np.testing.assert_array_equal(art.low.get_xdata(), c.w)  # w horizontal
    assert art.region.get_label() == "bistable (3 fixed points)"
    assert to_rgba(art.region.get_facecolor()[0])[:3] == to_rgba(PALETTE["sky"])[:3]
    assert art.region.get_alpha() == pytest.approx(0.45)
    assert art.low.get_color() == PALETTE["blue"] and "high state appears" in art.low.get_label()
    assert (art.high.get_color() == PALETTE["vermillion"]
            and "low state vanishes" in art.high.get_label())
    assert (art.cusp.get_marker(), art.cusp.get_markersize()) == ("*", 15)
    assert art.cusp.get_color() == PALETTE["black"] and art.cusp.get_label() == "cusp"
    assert art.marker.get_marker() == "X" and art.marker.get_color() == PALETTE["orange"]
    assert to_rgba(art.marker.get_markeredgecolor()) == to_rgba("black")
    assert art.marker.get_label() == "current (w, I)"
    assert ax.get_legend() is None  # the caller puts the legend outside the data


# -- legends: outside the data, and only what is drawn -------------------------------------

def _data_axes(fig):
    return [ax for ax in fig.axes if ax.axison and ax.get_visible()]


def _drawn_labels(fig) -> set:
    out = set()
    for ax in _data_axes(fig):
        for a in ax.get_children():
            if not isinstance(a, (matplotlib.lines.Line2D, matplotlib.collections.Collection,
                                  matplotlib.patches.Patch)):
                continue
            label = a.get_label()
            if not label or label.startswith("_") or not a.get_visible():
                continue
            if isinstance(a, matplotlib.lines.Line2D):
                x, y = (np.asarray(v, dtype=float) for v in a.get_data())
                if not (np.isfinite(x) & np.isfinite(y)).any():
                    continue
            out.add(label)
    return out


def assert_legends_clean(fig, renderer=None):
    """Every legend sits outside every data panel (its ticks and labels too) and lists
    only artists that are drawn (or, for "1 fixed point", the panel's background)."""
    renderer = renderer or fig.canvas.get_renderer()
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    assert legends, "no legend at all"
    drawn = _drawn_labels(fig)
    backgrounds = {matplotlib.colors.to_hex(ax.get_facecolor()) for ax in _data_axes(fig)}
    for legend in legends:
        box = legend.get_window_extent(renderer).expanded(0.98, 0.98)
        for ax in _data_axes(fig):
            assert not box.overlaps(ax.get_tightbbox(renderer)), (
                f"a legend ({[t.get_text() for t in legend.get_texts()]}) covers a panel")
        for text, handle in zip(legend.get_texts(), legend.legend_handles):
            label = text.get_text()
            if label == pse.PLANE_LABELS["one"]:
                assert matplotlib.colors.to_hex(handle.get_facecolor()) in backgrounds
            else:
                assert label in drawn, f"the legend lists {label!r}, which is not drawn"


SETTINGS = {
    SelfExcitedApp: [dict(w=0.04, I=-2.4), dict(w=0.0, I=1.0), dict(w=0.2, I=-8.0),
                     dict(w=0.04, I=-1.5)],
    NoiseApp: [dict(sigma=20.0), dict(sigma=0.0), dict(sigma=80.0, clip=True)],
    BifurcationApp: [dict(w=0.04, I=-2.4), dict(w=0.015, I=-2.4), dict(w=0.2, I=1.0),
                     dict(w=0.0, I=-8.0)],
}


@pytest.mark.parametrize("column", [600, 848, 1600])
@pytest.mark.parametrize("cls", list(SETTINGS), ids=lambda c: c.__name__)
def test_legends_never_cover_data_nor_list_what_is_not_drawn(cls, column):
    app = cls()
    app.fit(column)
    for values in SETTINGS[cls]:
        app.set(**values)
        for sweep in ([False, True] if cls is BifurcationApp else [False]):
            if sweep:
                app.run_sweep()
            assert app.last_error is None, repr(app.last_error)
            app.redraw(full=True)
            assert_legends_clean(app.fig)
    app.close()


def test_the_s_curve_legend_follows_what_is_drawn():
    app = BifurcationApp(w=0.04)

    def entries():
        return [t.get_text() for t in app.artists.legend_axes.get_legend().get_texts()]

    assert entries() == ["stable fixed points", "unstable fixed points", "saddle-node",
                         "current I"]
    app.run_sweep()
    assert entries()[-2:] == ["I swept up", "I swept down"]
    app.set(w=0.015)  # below the cusp: one stable branch, no fold; the sweep is gone
    assert entries() == ["stable fixed points", "current I"]
    app.rebuild()
    assert entries() == ["stable fixed points", "current I"]
    app.close()


# -- every screen: stacked panels in a narrow column ----------------------------------------

@pytest.mark.parametrize("cls", [SelfExcitedApp, BifurcationApp], ids=lambda c: c.__name__)
def test_narrow_columns_stack_the_panels_at_full_width(cls):
    app = cls()
    app.fit(600)
    assert app.narrow
    app.redraw(full=True)
    panels = sorted(_data_axes(app.fig), key=lambda ax: -ax.get_position().y0)
    fig_w = app.fig.get_size_inches()[0]
    for ax in panels:
        assert ax.get_position().width * fig_w > 4.0  # inches: not squeezed side by side
    for upper, lower in zip(panels[:-1], panels[1:]):
        assert lower.get_position().y1 <= upper.get_position().y0  # one above the other
    app.fit(1600)
    assert not app.narrow and app.last_error is None
    app.close()
