"""Notebook 01's apps and plots: what they draw, and the state they keep.

The checks every app gets (every control at both ends, no new figure per
update, a rebuild keeps the picture, close frees the app) are in the
all-apps tests; here: what is specific to the self-connected neuron.
"""

import dataclasses
import re
from unittest import mock

import matplotlib
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
    assert f"expected {se.expected_switches(app.T, 20.0):.3g}" in app.readout.value
    assert "np." not in app.readout.value and "int64" not in app.readout.value
    assert [label.get_text() for label in app.artists.labels] == ["r(0) = 59", "r(0) = 60",
                                                                   "r(0) = 61"]
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
