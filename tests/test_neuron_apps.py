"""Apps and plot helpers of notebook 04: what they show, what they recompute, their state."""

from unittest import mock

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import neuron as nrn
from course_lib.apps import NeuronApp, NXX1App, SpikeVsRateApp, TugOfWarApp
from course_lib.apps import neuron as apps_neuron
from course_lib.plotting import neuron as pn

APPS = [TugOfWarApp, NXX1App, NeuronApp, SpikeVsRateApp]


@pytest.fixture
def make():
    """Construct apps (small sweeps for SpikeVsRateApp) and close them after the test."""
    made = []

    def _make(cls, **values):
        if cls is SpikeVsRateApp:
            values.setdefault("n_samples", 2)
        app = cls(**values)
        made.append(app)
        return app

    yield _make
    for app in made:
        app.close()


def _registry():
    from ipywidgets.widgets import widget

    return widget._instances


def _new_widgets(before):
    reg = _registry()
    return [reg[k] for k in set(reg) - before]


def _shown(app):
    """Every widget in the app's displayed tree."""
    out, stack = [], [app.widget]
    while stack:
        w = stack.pop()
        out.append(w)
        stack.extend(getattr(w, "children", ()))
    return out


# ------------------------------------------------------------------ the contract


@pytest.mark.parametrize("cls", APPS, ids=lambda c: c.__name__)
def test_layout_hooks_and_build_make_no_buttons_or_bars(cls, make):
    """controls_box/extra_widgets only arrange; build only draws (widgets come from setup)."""
    app = make(cls)
    before = set(_registry())
    app.extra_widgets()
    app.build(Figure())
    app.render_full()
    assert _new_widgets(before) == []
    app.controls_box()   # rows of the existing controls: boxes and their layouts only
    assert all(isinstance(w, (widgets.Box, widgets.Layout)) for w in _new_widgets(before))


def test_neuron_app_act_fun_only_changes_what_is_shown(make):
    app = make(NeuronApp)
    run = app.run
    with mock.patch.object(nrn, "run_unit", side_effect=AssertionError("re-simulated")):
        app.sliders["act_fun"].value = "rate"
        assert app.last_error is None
        assert app.artists.act.get_visible() and not app.artists.spikes.get_visible()
        assert not app.artists.act_eq.get_visible()
        app.sliders["act_fun"].value = "spike"
        assert app.last_error is None
    assert app.run is run
    assert app.artists.spikes.get_visible() and not app.artists.act.get_visible()


def test_neuron_app_noise_button_is_one_refresh_and_survives_a_rebuild(make):
    app = make(NeuronApp, noise=0.2)
    assert app.noise_button in _shown(app)
    first = app.run.v_m.copy()
    n = app.n_updates
    app.noise_button.click()
    assert app.last_error is None and app.n_updates == n + 1 and app.seed == 1
    second = app.run.v_m.copy()
    assert not np.array_equal(first, second)
    assert "sample 1" in app.readout.value
    # the same sample while the other sliders move, and after a rebuild
    app.sliders["g_bar_e"].value = 0.31
    app.sliders["g_bar_e"].value = 0.3
    np.testing.assert_array_equal(app.run.v_m, second)
    app.rebuild()
    np.testing.assert_array_equal(app.run.v_m, second)
    np.testing.assert_array_equal(app.artists.vm.v_m.get_ydata(), second)
    assert app.seed == 1


def test_neuron_app_shows_the_checkpoint_and_changes_the_data(make):
    app = make(NeuronApp, act_fun="rate")
    assert "0.877903" in app.readout.value
    y0 = app.artists.act.get_ydata().copy()
    png = app._canvas_view.value
    app.sliders["adapt"].value = True
    assert "0.438318" in app.readout.value
    assert not np.allclose(app.artists.act.get_ydata(), y0)
    assert app._canvas_view.value != png
    app.set(adapt=False, g_bar_l=0.75)
    assert app.run.spike.sum() == 0 and "0 spikes" in app.readout.value
    assert len(app.artists.spikes.get_segments()) == 0


def test_neuron_app_draws_the_run_it_reports(make):
    app = make(NeuronApp, g_bar_e=0.5)
    run = app.run
    np.testing.assert_array_equal(app.artists.traces["net"].get_ydata(), run.net)
    np.testing.assert_array_equal(app.artists.act_eq.get_ydata(),
                                  nrn.spike_rate_estimate(run.spike))
    ticks = app.artists.spikes.get_segments()
    assert len(ticks) == run.spike.sum()
    assert f"{int(run.spike.sum())} spikes" in app.readout.value


def test_tug_of_war_readout_compares_formula_and_simulation(make):
    app = make(TugOfWarApp, g_bar_i=0.0)
    assert "0.6500" in app.readout.value and "0.1200" in app.readout.value
    assert app.result.v[-1] == pytest.approx(app.result.v_eq, abs=1e-6)
    app.sliders["g_bar_e"].value = 0.1
    assert "stays silent" in app.readout.value


def test_tug_of_war_reversal_lines_follow_their_sliders(make):
    app = make(TugOfWarApp)
    app.sliders["e_rev_l"].value = 0.2
    assert app.artists.reversals["e_rev_l"].get_ydata()[0] == pytest.approx(0.2)
    assert app.artists.reversals["e_rev_e"].get_ydata()[0] == pytest.approx(nrn.E_REV_E)
    assert app.artists.v_eq.get_ydata()[0] == pytest.approx(app.result.v_eq)


def test_nxx1_app_tends_to_xx1(make):
    app = make(NXX1App)
    assert "NXX1(0) = 0.0992" in app.readout.value
    app.sliders["nvar"].value = 0.0
    x, y = app.artists.nxx1.get_data()
    np.testing.assert_allclose(y, nrn.xx1(x, 100.0), atol=0.05)
    gap = np.max(np.abs(y - nrn.xx1(x, 100.0)))
    assert f"{gap:.4f}" in app.readout.value


def test_spike_vs_rate_app_progress_and_a_rebuild(make):
    app = make(SpikeVsRateApp)
    bar = app.progress
    assert bar.value == bar.max == 50
    assert bar in app.widget.children
    assert app.artists.rate.mean.get_xdata().size == 25
    assert app.artists.rate.trials.get_offsets().shape == (50, 2)
    before = app.result.rate.copy()
    app.sliders["seed"].value = 5
    assert not np.array_equal(app.result.rate, before)
    after = app.result.rate.copy()
    app.rebuild()
    assert app.progress is bar and bar.value == bar.max == 50
    np.testing.assert_array_equal(app.result.rate, after)
    assert app.last_error is None


def test_shared_controls_are_defined_once():
    assert TugOfWarApp.controls[0] is NeuronApp.controls[0] is apps_neuron.G_BAR_E
    noise = {c.name: c for c in SpikeVsRateApp.controls}["noise"]
    assert noise.label == apps_neuron.NOISE_VAR.label and not noise.live


def test_ipympl_mode(ipympl_backend, make):
    app = make(NeuronApp)
    assert app.live
    canvas = app.fig.canvas
    canvas.draw()
    with mock.patch.object(canvas, "blit") as blit, mock.patch.object(canvas, "draw_idle") as idle:
        app.sliders["g_bar_e"].value = 0.5
        assert blit.call_count + idle.call_count == 1
    assert app.run.net.max() == pytest.approx(0.5, abs=1e-3)


def test_apps_are_registered():
    from course_lib.apps import all_app_classes

    names = {c.__name__ for c in all_app_classes()}
    assert {"NeuronApp", "TugOfWarApp", "NXX1App", "SpikeVsRateApp"} <= names


# ------------------------------------------------------------------ plot helpers


def test_plot_vm_returns_its_artists_and_update_moves_the_ticks_with_theta():
    ax = Figure().subplots()
    t = np.arange(nrn.N_CYCLES)
    run = nrn.run_ccn()
    art = pn.plot_vm(ax, t, run)
    assert isinstance(art, pn.VmArtists)
    assert len(art.spikes.get_segments()) == run.spike.sum() == 30
    seg = art.spikes.get_segments()[0]
    assert seg[0][1] == pytest.approx(nrn.THETA + pn.SPIKE_TICK[0])
    quiet = nrn.run_ccn(g_bar_l=0.75)
    pn.update_vm(art, t, quiet)
    assert len(art.spikes.get_segments()) == 0
    np.testing.assert_array_equal(art.v_m_eq.get_ydata(), quiet.v_m_eq)
    pn.update_vm(art, t, run, theta=0.45)
    assert art.theta.get_ydata()[0] == 0.45
    assert art.spikes.get_segments()[0][1][1] == pytest.approx(0.45 + pn.SPIKE_TICK[1])
    assert pn.plot_vm(ax, t, run, show_eq=False).v_m_eq is None


def test_plot_xx1_nxx1_draws_the_model_and_follows_gain_and_nvar():
    ax = Figure().subplots()
    x = np.linspace(-0.05, 0.15, 201)
    art = pn.plot_xx1_nxx1(ax, x, 100.0, 0.005)
    assert isinstance(art, pn.XX1Artists)
    np.testing.assert_array_equal(art.nxx1.get_ydata(), nrn.nxx1(x, 100.0, 0.005))
    pn.update_xx1_nxx1(art, 40.0, 0.02)
    np.testing.assert_array_equal(art.xx1.get_xdata(), x)
    np.testing.assert_array_equal(art.xx1.get_ydata(), nrn.xx1(x, 40.0))
    np.testing.assert_array_equal(art.nxx1.get_ydata(), nrn.nxx1(x, 40.0, 0.02))
    z, k = art.kernel.get_data()
    assert z[0] == pytest.approx(-0.06) and k.max() == pytest.approx(0.25)
    assert pn.plot_xx1_nxx1(ax, x, show_kernel=False).kernel is None


def test_plot_spike_vs_rate_means_trials_and_threshold():
    ax_a, ax_h = Figure().subplots(1, 2)
    res = nrn.spike_vs_rate(g_bar_e_values=[0.1, 0.3, 0.5], n_samples=3, rng=0)
    art = pn.plot_spike_vs_rate(ax_a, ax_h, res, g_e_theta=0.12)
    assert isinstance(art, pn.SpikeVsRateArtists)
    np.testing.assert_allclose(art.spike_hz.mean.get_ydata(), res.spike_hz.mean(axis=1))
    assert art.rate.trials.get_offsets().shape == (9, 2)
    pn.update_spike_vs_rate(art, res, g_e_theta=0.2)
    assert art.theta_act.get_xdata()[0] == art.theta_hz.get_xdata()[0] == 0.2
    bare = pn.plot_spike_vs_rate(ax_a, ax_h, res)
    assert bare.theta_act is None and bare.theta_hz is None


def test_plot_traces_spikes_and_activation_dynamics():
    ax = Figure().subplots()
    t = np.arange(nrn.N_CYCLES)
    run = nrn.run_ccn()
    lines = pn.plot_traces(ax, t, {"net": run.net, "adapt": run.adapt})
    assert list(lines) == ["net", "adapt"]
    pn.update_traces(lines, t, {"net": 2 * run.net})
    np.testing.assert_array_equal(lines["net"].get_ydata(), 2 * run.net)
    coll = pn.plot_spikes(ax, t, run.spike, y0=0.0, y1=1.0)
    pn.update_spikes(coll, t, run.spike, y0=0.2, y1=0.4)
    assert {tuple(s[:, 1]) for s in coll.get_segments()} == {(0.2, 0.4)}
    dyn = pn.plot_activation_dynamics(ax, t, run)
    assert isinstance(dyn, pn.ActivationArtists)
    np.testing.assert_array_equal(dyn.y_star.get_ydata(), run.y_star)
    lines = pn.plot_rate_vs_vm(ax, *nrn.rate_vs_vm_eq([0.1, 0.3], [0.0, 0.5]), [0.0, 0.5])
    assert len(lines) == 2


# ------------------------------------------------------------------ legends: only what is drawn,
# never on data


def _drawn_points(art, ax_box, step=2.0):
    """Display positions (px) along what ``art`` draws inside the axes, every ``step`` px."""
    from matplotlib.collections import LineCollection, PathCollection
    from matplotlib.lines import Line2D

    if isinstance(art, Line2D):
        paths = [art.get_transform().transform(art.get_xydata())]
    elif isinstance(art, LineCollection):
        paths = [art.get_transform().transform(np.asarray(s)) for s in art.get_segments()]
    elif isinstance(art, PathCollection):
        paths = [art.get_offset_transform().transform(art.get_offsets())]
        step = None
    else:
        return np.zeros((0, 2))
    out = []
    for xy in paths:
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if step is None or len(xy) < 2:
            out.append(xy)
            continue
        a, b = xy[:-1], xy[1:]
        n = np.maximum(2, (np.hypot(*(b - a).T) / step).astype(int) + 1)
        seg = np.repeat(np.arange(len(a)), n)                # points along each segment
        frac = _fractions(n)
        out.append(a[seg] + frac[:, None] * (b - a)[seg])
    pts = np.concatenate(out) if out else np.zeros((0, 2))
    inside = ((pts[:, 0] >= ax_box.x0) & (pts[:, 0] <= ax_box.x1)
              & (pts[:, 1] >= ax_box.y0) & (pts[:, 1] <= ax_box.y1))
    return pts[inside]


def _fractions(n):
    """0 .. 1 in ``n[k]`` steps for each segment k, concatenated."""
    start = np.repeat(np.cumsum(n) - n, n)
    idx = np.arange(n.sum()) - start
    return idx / np.repeat(n - 1, n)


def legend_problems(fig, draw=True):
    """Legends that cover drawn data, or list an artist that is not drawn.

    ``draw=False``: the figure was just drawn (an app's refresh), use that layout.
    """
    if draw:
        fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    problems = []
    legends = [(ax.get_legend(), [ax]) for ax in fig.axes] + [(leg, fig.axes)
                                                             for leg in fig.legends]
    for leg, axes in legends:
        if leg is None or not leg.get_visible():
            continue
        children = [a for ax in axes for a in ax.get_children()]
        for text in leg.get_texts():
            owner = [a for a in children if a.get_label() == text.get_text()]
            if owner and not any(a.get_visible() for a in owner):
                problems.append(f"{text.get_text()!r} is listed but not drawn")
        box = leg.get_window_extent(renderer).padded(-2)
        for ax, art in ((ax, a) for ax in axes for a in [*ax.lines, *ax.collections]):
            ax_box = ax.get_window_extent(renderer)
            if not art.get_visible():
                continue
            pts = _drawn_points(art, ax_box)
            hit = ((pts[:, 0] > box.x0) & (pts[:, 0] < box.x1)
                   & (pts[:, 1] > box.y0) & (pts[:, 1] < box.y1))
            if hit.any():
                problems.append(f"the legend of {ax.get_title() or ax.get_ylabel()!r} covers "
                                f"{art.get_label()!r}")
    return problems


def _other(c):
    """A valid value of control ``c`` other than its default."""
    if c.kind in ("float", "int"):
        return c.max if c.value != c.max else c.min
    if c.kind == "choice":
        return next(v for v in c.option_values if v != c.value)
    return not c.value


def _combos(cls):
    """Every control at both ends (the others at their defaults), all at min, all at max."""
    sliders = [c for c in cls.controls if c.kind in ("float", "int")]
    out = [{}]
    for c in cls.controls:
        values = ([c.min, c.max] if c.kind in ("float", "int") else
                  c.option_values if c.kind == "choice" else [True, False])
        out += [{c.name: v} for v in values]
    out.append({c.name: c.min for c in sliders})
    out.append({c.name: c.max for c in sliders})
    return out


@pytest.mark.parametrize("column", [600, 1600])
@pytest.mark.parametrize("cls", [TugOfWarApp, NXX1App, NeuronApp], ids=lambda c: c.__name__)
def test_legends_list_only_what_is_drawn_and_never_cover_data(cls, column, make):
    app = make(cls)
    app.fit(column)
    for values in _combos(cls):
        app.set(**{**{c.name: c.value for c in cls.controls}, **values})
        assert app.last_error is None, (values, app.last_error)
        assert legend_problems(app.fig, draw=False) == [], (column, values)


@pytest.mark.parametrize("column", [600, 1600])
def test_spike_vs_rate_legends_never_cover_data(column, make):
    app = make(SpikeVsRateApp)
    app.fit(column)
    for values in ({}, {"spiking": "adex"}, {"spiking": "adex", "adapt": True},
                   {"adapt": True, "noise": 0.5}, {"noise": 0.0}):
        app.set(**{"noise": 0.1, "adapt": False, "spiking": "reset", **values})
        assert legend_problems(app.fig, draw=False) == [], (column, values)


def test_neuron_app_legend_follows_act_fun(make):
    app = make(NeuronApp)
    labels = lambda: [t.get_text() for t in app.artists.ax_a.get_legend().get_texts()]  # noqa
    assert not any("NXX1" in s for s in labels()) and any("act_eq" in s for s in labels())
    app.sliders["act_fun"].value = "rate"
    assert any("NXX1" in s for s in labels()) and not any("act_eq" in s for s in labels())
    assert legend_problems(app.fig) == []
    app.rebuild()
    assert any("NXX1" in s for s in labels())


# ------------------------------------------------------------------ every value gives a picture
# or a sentence


def test_tug_of_war_without_any_conductance_says_why(make):
    app = make(TugOfWarApp)
    app.set(g_bar_e=0.0, g_bar_i=0.0, g_bar_l=0.0)
    assert app.last_error is None and app.result is None
    text = app.readout.value
    assert "All three conductances are 0" in text and "undefined" in text
    assert "nan" not in text.lower()
    np.testing.assert_array_equal(app.artists.v.get_ydata(), 0.4)   # V_m stays where it starts
    assert not app.artists.v_eq.get_visible()
    app.sliders["g_bar_l"].value = 0.3                               # and the app goes on
    assert app.last_error is None and app.artists.v_eq.get_visible()
    assert app.result.v_eq == pytest.approx(nrn.E_REV_L)


def test_neuron_app_without_leak_or_excitation_says_v_eq_is_undefined(make):
    app = make(NeuronApp)
    app.set(g_bar_e=0.0, g_bar_l=0.0)
    assert app.last_error is None
    assert "undefined" in app.readout.value and "nan" not in app.readout.value.lower()
    assert app.run.spike.sum() == 0


def test_the_axes_widen_for_traces_that_would_leave_them(make):
    app = make(TugOfWarApp)
    lo, hi = app.artists.ax_i.get_ylim()
    app.set(g_bar_e=1.0, g_bar_i=1.0, g_bar_l=0.0, e_rev_e=1.2, e_rev_i=0.0)
    cur = np.concatenate([ln.get_ydata() for ln in app.artists.currents.values()])
    new_lo, new_hi = app.artists.ax_i.get_ylim()
    assert new_lo <= cur.min() and cur.max() <= new_hi and (new_lo, new_hi) != (lo, hi)
    app = make(NeuronApp, g_bar_e=1.0, e_rev_e=1.2, g_bar_l=0.0, noise=0.5)
    v_lo, v_hi = app.artists.ax_v.get_ylim()
    n_lo, n_hi = app.artists.ax_n.get_ylim()
    assert app.run.v_m_eq.max() <= v_hi and app.run.net.max() <= n_hi
    assert n_lo <= app.run.i_net.min()


@pytest.mark.parametrize("cls", APPS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("bad", [float("nan"), None, -1e9, 1e9, "0.3", True, [0.3]])
def test_a_bad_value_from_code_is_a_sentence_and_the_app_goes_on(cls, bad, make):
    """app.set refuses it naming the control; a widget set directly clamps, casts or refuses
    (ipywidgets' own rules; NaN reaches the app, which keeps its value and says why); either
    way the next good value draws."""
    import traitlets

    app = make(cls)
    for c in cls.controls:
        if c.kind == "toggle" and isinstance(bad, bool):
            continue
        with pytest.raises(ValueError, match=c.name):
            app.set(**{c.name: bad})
        good = app.params[c.name]
        try:
            app.sliders[c.name].value = bad
        except traitlets.TraitError:
            pass
        if c.kind == "float" and isinstance(bad, float) and bad != bad:
            assert c.name in str(app.last_error) and app.params[c.name] == good
        app.set(**{c.name: _other(c)})
        assert app.last_error is None, (c.name, app.last_error)
        app.set(**{c.name: c.value})
    n = app.n_updates
    first = cls.controls[0]
    app.set(**{first.name: np.float64(first.max) if first.kind == "float" else first.value})
    assert app.last_error is None and (app.n_updates > n or first.kind != "float")


def test_spike_vs_rate_app_adex_choice_runs_the_adex_neuron(make):
    app = make(SpikeVsRateApp)
    reset_hz = app.result.spike_hz.mean(axis=1)
    app.sliders["spiking"].value = "adex"
    assert app.last_error is None
    adex_hz = app.result.spike_hz.mean(axis=1)
    expected = nrn.spike_vs_rate(nrn.UnitParams.adex(), n_samples=2, rng=0)
    np.testing.assert_array_equal(app.result.spike_hz, expected.spike_hz)
    assert adex_hz[-1] < reset_hz[-1]
    assert "largest gap" in app.readout.value
