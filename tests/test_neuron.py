"""The conductance neuron and NXX1: the CCN simulation's checkpoints, docs/neuron.md, invariants."""

import numpy as np
import pytest

from course_lib import neuron as nrn

# Emergent 8.1.1's CycleOutputData of the "Neuron" project (rate code, g_bar_e 0.3),
# a few rows (1-based cycle: net, I_net, v_m, act, v_m_eq), adaptation off and on.
EMERGENT_OFF = {
    1: (0.0, -0.0286364, 0.391322, 0.0, 0.390909),
    11: (0.214286, 0.119181, 0.376458, 0.0, 0.378),
    14: (0.298001, 0.105429, 0.48691, 0.0136453, 0.496607),
    15: (0.299429, 0.0, 0.3, 0.275438, 0.524409),
    16: (0.299837, 0.19081, 0.357821, 0.457973, 0.547221),
    30: (0.3, 0.0, 0.3, 0.875223, 0.643808),
}
EMERGENT_ON = {  # adaptation on: (net, I_net, v_m, act, v_m_eq, adapt)
    2: (0.0, -0.0261756, 0.38339, 0.0, 0.382637, 4.83551e-05),
    16: (0.299837, 0.183212, 0.355519, 0.454189, 0.544411, 0.00831596),
    21: (0.3, 0.0, 0.3, 0.799238, 0.60255, 0.0162495),
    137: (0.3, 0.0, 0.3, 0.558608, 0.526107 + 0.0, None),
}


def test_checkpoints_of_the_simulation():
    run = nrn.run_ccn()
    assert round(float(run.act[nrn.CHECK_CYCLE]), 6) == 0.877903
    assert round(float(run.v_m_eq[nrn.CHECK_CYCLE]), 6) == 0.65
    run_a = nrn.run_ccn(adapt=True)
    assert round(float(run_a.act[nrn.CHECK_CYCLE]), 6) == 0.438318


@pytest.mark.parametrize("cycle", sorted(EMERGENT_OFF))
def test_traces_match_emergent_without_adaptation(cycle):
    run = nrn.run_ccn()
    k = cycle - 1
    got = (run.net[k], run.i_net[k], run.v_m[k], run.act[k], run.v_m_eq[k])
    np.testing.assert_allclose(got, EMERGENT_OFF[cycle], atol=2e-6)


@pytest.mark.parametrize("cycle", sorted(EMERGENT_ON))
def test_traces_match_emergent_with_adaptation(cycle):
    run = nrn.run_ccn(adapt=True)
    k = cycle - 1
    want = EMERGENT_ON[cycle]
    got = (run.net[k], run.i_net[k], run.v_m[k], run.act[k])
    np.testing.assert_allclose(got, want[:4], atol=2e-6)
    if want[5] is not None:
        np.testing.assert_allclose([run.v_m_eq[k], run.adapt[k]], want[4:], atol=2e-6, rtol=1e-4)


def test_spikes_reset_and_record_zero_current():
    run = nrn.run_ccn()
    s = run.spike > 0
    assert s.sum() == 30
    assert np.all(run.v_m[s] == 0.3) and np.all(run.i_net[s] == 0.0)
    assert np.all(run.v_m <= nrn.THETA)          # after reset nothing stays above θ
    assert not s[:nrn.ON_CYCLE].any()


def test_science_values():
    assert nrn.vm_equilibrium(0.3, 0.0, 0.3) == pytest.approx(0.65, abs=1e-15)
    assert nrn.ge_threshold(0.0, 0.3) == pytest.approx(0.12, abs=1e-15)
    g_i = np.linspace(0, 2, 9)
    np.testing.assert_allclose(nrn.ge_threshold(g_i, 0.1), 0.5 * g_i + 0.04, atol=1e-14)
    assert nrn.gl_threshold(0.3) == pytest.approx(0.75, abs=1e-15)
    x = [-0.005, 0.0, 0.005, 0.01, 0.02, 0.05, 0.1]
    want = [0.009611, 0.099229, 0.305803, 0.482907, 0.661831, 0.832749, 0.908997]
    np.testing.assert_allclose(nrn.nxx1(x, 100.0, 0.005), want, atol=5e-7)
    # a literal variance of 0.005 (sd 0.0707 = nvar / sqrt 2 with nvar 0.1) over-smooths
    assert nrn.nxx1(0.0, 100.0, np.sqrt(2 * 0.005)) == pytest.approx(0.378, abs=5e-4)


def test_g_bar_l_075_stops_firing_and_just_below_fires():
    assert nrn.run_ccn(g_bar_l=0.75).spike.sum() == 0
    assert nrn.run_ccn(g_bar_l=0.74).spike.sum() > 0
    run = nrn.run_ccn(g_bar_l=0.75)
    assert run.v_m_eq.max() <= nrn.THETA


def test_equilibrium_is_where_the_net_current_vanishes():
    rng = np.random.default_rng(1)
    g = rng.uniform(0, 1, size=(3, 50))
    v = nrn.vm_equilibrium(*g)
    np.testing.assert_allclose(nrn.currents(v, *g).i_net, 0.0, atol=1e-14)
    # and at g_e = g_e^θ the equilibrium is θ
    gthr = nrn.ge_threshold(g[1], g[2])
    np.testing.assert_allclose(nrn.vm_equilibrium(np.maximum(gthr, 0), g[1], g[2]), nrn.THETA,
                               atol=1e-12)


def test_simulated_steady_state_matches_the_formula():
    for g_i in (0.0, 0.2, 0.7):
        tw = nrn.tug_of_war(nrn.UnitParams(g_bar_i=g_i), n_cycles=150)
        assert tw.v[-1] == pytest.approx(tw.v_eq, abs=1e-9)


@pytest.mark.parametrize("gain,nvar", [(100.0, 0.005), (40.0, 0.01), (10.0, 0.03), (200.0, 0.0)])
def test_nxx1_monotone_in_unit_interval(gain, nvar):
    x = np.linspace(-0.2, 1.5, 20001)
    y = nrn.nxx1(x, gain, nvar)
    assert np.all(np.diff(y) >= -1e-15)
    assert y.min() >= 0.0 and y.max() < 1.0
    assert np.all(y[x <= -3 * nvar - 1e-9] == 0.0)


def test_nxx1_tends_to_xx1_as_noise_vanishes():
    x = np.linspace(-0.05, 0.5, 2001)
    gaps = [np.max(np.abs(nrn.nxx1(x, 100.0, nv) - nrn.xx1(x, 100.0)))
            for nv in (0.02, 0.01, 0.005, 0.002, 0.0)]
    assert all(a > b for a, b in zip(gaps, gaps[1:]))
    assert gaps[-1] < 0.05  # nvar 0: XX1 read through a 0.001 grid (its kink)
    grid = np.round(np.arange(-50, 500) * 0.001, 6)
    np.testing.assert_allclose(nrn.nxx1(grid, 100.0, 0.0), nrn.xx1(grid, 100.0), atol=1e-12)


def test_nxx1_table_is_cached_and_uses_xx1_above_one():
    a = nrn.nxx1_table(40.0, 0.01)
    b = nrn.nxx1_table(40.0, 0.01)
    assert a[1] is b[1]
    assert not a[1].flags.writeable
    assert nrn.nxx1(1.5, 40.0, 0.01) == pytest.approx(60 / 61)
    x, y, w = a
    assert x[0] == pytest.approx(-0.03) and len(w) == 61


PARAM_SETS = [
    {},
    dict(adapt=True, g_bar_e=0.4),
    dict(noise=0.2),
    dict(noise=0.3, adapt=True, g_bar_e=0.5, g_bar_i=0.4),
    dict(g_bar_l=0.75, e_rev_l=0.2, vm_tau=2.0, net_tau=3.0),
    dict(gain=100.0, nvar=0.0, g_bar_e=0.2, noise=0.05, theta=0.45, vm_r=0.35),
    dict(exp_slope=0.02, spk_thr=1.2),
    dict(exp_slope=0.02, adapt=True, noise=0.1, g_bar_e=0.45),
    dict(exp_slope=0.004, spk_thr=0.9, g_bar_e=0.6, g_bar_i=0.2),
]


@pytest.mark.parametrize("changes", PARAM_SETS)
def test_one_run_as_floats_equals_the_same_run_in_a_batch(changes):
    """The cycle loop's two forms (floats for one run, arrays for a batch) agree to the bit."""
    from course_lib.neuron.simulation import _simulate

    p = nrn.UnitParams(**changes)
    x = np.stack([nrn.ccn_input(), nrn.ccn_input(on_cycle=30, value=0.7),
                  nrn.ccn_input(off_cycle=90)])
    g_i = np.stack([0.0 * x[0], 0.3 * x[1], 0.1 + 0 * x[2]])
    g_bar_e = np.array([p.g_bar_e, 0.6, 0.25])
    xi = np.random.default_rng(11).standard_normal(x.shape[::-1]) if p.noise > 0 else None
    batch = _simulate(p, x.T.copy(), g_i.T.copy(), xi, g_bar_e)
    for k in range(x.shape[0]):
        single = _simulate(p, x[k].tolist(), g_i[k].tolist(),
                           None if xi is None else xi[:, k].tolist(), float(g_bar_e[k]))
        for name in single._fields:
            np.testing.assert_array_equal(batch[name][k], single[name], err_msg=name)


def test_a_single_run_draws_the_noise_of_a_batch_of_one():
    p = nrn.UnitParams(noise=0.25, adapt=True)
    single = nrn.run_unit(p, rng=5)
    batch = nrn.run_unit(p, nrn.ccn_input()[None, :], rng=5)
    for name in single._fields:
        np.testing.assert_array_equal(batch[name][0], single[name], err_msg=name)


@pytest.mark.parametrize("gain,nvar", [(100.0, 0.005), (40.0, 0.01), (10.0, 0.0)])
def test_scalar_nxx1_reader_equals_the_vectorised_one(gain, nvar):
    from course_lib.neuron.rate_code import _Lookup

    x = np.concatenate([np.linspace(-0.1, 1.2, 4001), [-3 * nvar, 1.0, 0.999999, 5.0]])
    read = _Lookup(gain, nvar)
    np.testing.assert_array_equal([read(float(v)) for v in x], nrn.nxx1(x, gain, nvar))


def test_noise_is_reproducible_and_does_something():
    p = nrn.UnitParams(noise=0.2)
    a = nrn.run_unit(p, rng=3)
    b = nrn.run_unit(p, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(a.v_m, b.v_m)
    assert not np.allclose(a.net, nrn.run_unit().net)


def test_fig_2_5_not_one_to_one():
    vm, hz = nrn.rate_vs_vm_eq(np.linspace(0.0, 2.0, 41), [0.0, 0.5, 1.0])
    # at (nearly) the same V_eq, more total conductance fires faster
    target = 0.55
    rates = [np.interp(target, v, r) for v, r in zip(vm, hz)]
    assert rates[0] < rates[1] < rates[2]
    assert hz[vm <= nrn.THETA].max() == 0.0


def test_spike_vs_rate_shapes_progress_and_threshold():
    calls = []
    res = nrn.spike_vs_rate(n_samples=4, rng=0, progress=lambda d, t: calls.append((d, t)),
                            chunk=2)
    assert res.g_bar_e.size == 25 and res.g_bar_e[0] == 0.1 and res.g_bar_e[-1] == 0.7
    assert res.rate.shape == res.spike.shape == res.spike_hz.shape == (25, 4)
    assert calls[-1] == (100, 100) and len(calls) == 2
    below = res.g_bar_e < 0.1 + 1e-9
    assert res.rate[below].max() < 0.05 and res.spike_hz[-1].min() > 300


def test_spike_rate_estimate_and_firing_rate():
    spikes = np.zeros(500)
    spikes[::10] = 1
    assert nrn.firing_rate(spikes) == 100.0
    assert nrn.spike_rate_estimate(spikes)[-10:].mean() == pytest.approx(0.8, abs=0.03)


def test_units_round_trip_and_table():
    for val, unit in ((-70, "mV"), (281, "pF"), (10, "nS"), (144, "ms"), (0.0805, "nA")):
        assert nrn.to_biological(nrn.to_normalized(val, unit), unit) == pytest.approx(val)
    rows = {r.name: r for r in nrn.unit_table()}
    assert rows["e_rev_e (excitation)"].norm == 1.0
    assert rows["exp_slope (Δ_T in AdEx)"].norm == pytest.approx(0.02)
    assert rows["spk_thr (exp cutoff in AdEx)"].norm == pytest.approx(1.2)
    assert 1 / rows["C (membrane capacitance)"].norm == pytest.approx(0.3559, abs=5e-5)
    assert "page: 1 nS" in nrn.format_unit_table()


def test_model_does_not_import_plotting_or_widgets():
    import subprocess
    import sys

    code = ("import sys, course_lib.neuron; "
            "print([m for m in ('matplotlib', 'ipywidgets') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_public_name_is_reachable_from_the_package():
    from course_lib.neuron import membrane, rate_code, simulation, units

    parts = [membrane.__all__, rate_code.__all__, simulation.__all__, units.__all__]
    assert sum(map(len, parts)) == len(set(nrn.__all__))          # each name defined once
    for module, names in zip((membrane, rate_code, simulation, units), parts):
        for name in names:
            assert getattr(nrn, name) is getattr(module, name), name
    assert callable(nrn.nxx1) and callable(nrn.run_unit)


def test_the_numbers_in_docs_neuron_md_are_the_models():
    from pathlib import Path

    text = Path(__file__).resolve().parents[1].joinpath("docs", "neuron.md").read_text()
    off, on = nrn.run_ccn(), nrn.run_ccn(adapt=True)
    res = nrn.spike_vs_rate(n_samples=20, rng=0)
    pick = [0, 4, 8, 12, 24]                       # g_bar_e 0.1, 0.2, 0.3, 0.4, 0.7
    vm, hz = nrn.rate_vs_vm_eq(np.linspace(0.0, 2.0, 41), [0.0, 0.5, 1.0])
    expected = [
        f"{off.act[nrn.CHECK_CYCLE]:.6f} (30 spikes",
        f"{on.act[nrn.CHECK_CYCLE]:.6f} (16 spikes)",
        " | ".join(f"{v:.6f}" for v in nrn.nxx1([-0.005, 0, 0.005, 0.01, 0.02, 0.05, 0.1],
                                                100.0, 0.005)),
        f"NXX1(0) is then {nrn.nxx1(0.0, 100.0, 0.1):.3f}",
        f"`1/C = {1 / nrn.to_normalized(281, 'pF'):.4f}`",
        f"fires {int(nrn.run_ccn(g_bar_l=0.74).spike.sum())}.",
        " | ".join(f"{v:.3f}" for v in res.rate.mean(axis=1)[pick]),
        " | ".join(f"{v:.3f}" for v in res.spike.mean(axis=1)[pick]),
        " | ".join(f"{v:.0f}" for v in res.spike_hz.mean(axis=1)[pick]),
        "about {:.0f}, {:.0f} and {:.0f} Hz".format(*(np.interp(0.55, v, r)
                                                       for v, r in zip(vm, hz))),
        "`0.04, 0.29, 0.54`",
    ]
    for s in expected:
        assert s in text, s
    assert [round(float(nrn.ge_threshold(g, 0.1)), 2) for g in (0, 0.5, 1)] == [0.04, 0.29, 0.54]


def _comparison():
    """The rows of docs/neuron.md's and notebook 04's table of rate against g_e - g_e^θ."""
    models = {"threshold and reset": nrn.UnitParams(),
              "with adaptation": nrn.UnitParams(adapt=True),
              "AdEx": nrn.UnitParams.adex(),
              "AdEx with adaptation": nrn.UnitParams.adex(adapt=True)}
    return {name: nrn.rate_vs_excess([0.02, 0.1], [0.0, 0.5, 1.0, 2.0], p)
            for name, p in models.items()}


def _gaps():
    out = []
    for p in (nrn.UnitParams(), nrn.UnitParams(adapt=True), nrn.UnitParams.adex(),
              nrn.UnitParams.adex(adapt=True)):
        res = nrn.spike_vs_rate(p, rng=0)
        out.append(np.abs(res.rate.mean(axis=1) - res.spike.mean(axis=1)).max())
    return out


def test_the_comparison_in_docs_neuron_md_is_the_models():
    from pathlib import Path

    text = Path(__file__).resolve().parents[1].joinpath("docs", "neuron.md").read_text()
    text = " ".join(text.split())                 # line breaks as spaces
    rows = _comparison()
    for res in rows.values():
        for k in (0, 1):
            assert " / ".join(f"{r:.0f}" for r in res.rate[:, k]) in text
    adex = rows["AdEx"].onset
    assert " / ".join(f"{o:+.3f}" for o in adex).replace("-", "−") in text
    assert ("is −0.011, +0.018, +0.071 and +0.218" in text
            and [f"{o:+.3f}" for o in adex] == ["-0.011", "+0.018", "+0.071", "+0.218"])
    assert " / ".join(f"{o:+.3f}" for o in rows["AdEx with adaptation"].onset) in text
    intervals = np.round(1000 / rows["threshold and reset"].rate[:, 0]).astype(int)
    assert f"intervals of {intervals[0]}, {intervals[1]}, {intervals[2]} and {intervals[3]}" in text
    # counted over a 200-cycle window (the numbers)
    g_e = nrn.ge_threshold(np.array([0.0, 0.5, 1.0, 2.0]), 0.3) + 0.02
    x = np.repeat(g_e[:, None], 300, axis=1)
    counted = nrn.firing_rate(nrn.run_unit(nrn.UnitParams(g_bar_e=1.0), x,
                                           np.repeat([[0.0], [0.5], [1.0], [2.0]], 300, 1)).spike,
                              100)
    assert " / ".join(f"{r:.0f}" for r in counted) + " Hz" in text
    gaps = _gaps()
    assert ("is {:.2f} for this neuron, {:.2f} with adaptation, {:.2f} for AdEx and {:.2f} "
            "for AdEx with adaptation".format(*gaps)) in text


def test_the_numbers_in_notebook_04_are_the_models():
    """The text repeats what the cells print: the same numbers, from course_lib."""
    import json
    from pathlib import Path

    nb = json.loads(Path(__file__).resolve().parents[1].joinpath(
        "notebooks", "04_conductance_neuron.ipynb").read_text())
    text = " ".join(" ".join("".join(c["source"]).split()) for c in nb["cells"]
                    if c["cell_type"] == "markdown")
    rows = _comparison()
    plain, adapted = rows["threshold and reset"], rows["with adaptation"]
    adex = rows["AdEx"].onset
    assert f"the same {adapted.onset[0]:+.3f} for all of them" in text
    assert np.ptp(adapted.onset) < 1e-12
    lo, hi = adapted.rate[:, 1].min(), adapted.rate[:, 1].max()
    assert f"({lo:.0f} to {hi:.0f} Hz at +0.1 for every $g_i$)" in text
    assert " / ".join(f"{r:.0f}" for r in plain.rate[:, 0]) + " Hz at +0.02" in text
    assert f"from {adex[0]:+.3f} at $g_i = 0$ to {adex[-1]:+.3f} at $g_i = 2$".replace(
        "-", "−") in text
    gaps = _gaps()          # threshold and reset, with adaptation, AdEx, AdEx with adaptation
    assert f"and still differs by {gaps[3]:.2f}" in text and gaps[3] == min(gaps)
    rate = 1 / nrn.to_normalized(281, "pF")
    assert f"1/2.81 = {rate:.4f} (the page truncates it to .355)" in text



# -- the spike mechanisms: threshold and reset, AdEx, with and without adaptation -------------

MODELS = {
    "threshold and reset": nrn.UnitParams(),
    "threshold and reset, adaptation": nrn.UnitParams(adapt=True),
    "AdEx": nrn.UnitParams.adex(),
    "AdEx, adaptation": nrn.UnitParams.adex(adapt=True),
}
EXCESS = np.round(np.arange(-0.03, 0.3001, 0.0025), 4)
G_I = (0.0, 0.5, 1.0, 2.0)


@pytest.fixture(scope="module")
def sweeps():
    return {name: nrn.rate_vs_excess(EXCESS, G_I, p) for name, p in MODELS.items()}


def test_adex_is_the_table_2_1_neuron():
    p = nrn.UnitParams.adex(adapt=True)
    rows = {r.name: r.norm for r in nrn.unit_table()}
    assert p.exp_slope == pytest.approx(rows["exp_slope (Δ_T in AdEx)"])
    assert p.spk_thr == pytest.approx(rows["spk_thr (exp cutoff in AdEx)"])
    assert p.adapt_tau == rows["adapt tau (τ_w in AdEx)"]
    assert p.vm_gain == pytest.approx(rows["adapt vm_gain (a in AdEx)"])
    assert p.spike_gain == pytest.approx(rows["adapt spike_gain (b in AdEx)"])
    assert p.spike_threshold == 1.2 and nrn.UnitParams().spike_threshold == nrn.THETA


def test_adex_spike_current_drives_v_m_past_theta_to_the_cut_off():
    """Below θ the exponential current is tiny; once V_m passes θ it runs away to spk_thr."""
    p = nrn.UnitParams.adex()
    run = nrn.run_unit(p)
    spikes = np.flatnonzero(run.spike)
    assert spikes.size > 5
    before = run.v_m[spikes - 1]                 # the cycle before each spike
    assert np.all(before > nrn.THETA) and np.all(before < p.spk_thr)
    assert np.all(run.v_m[spikes] == p.vm_r)
    # without a spike, V_m never stays above the cut-off
    assert run.v_m.max() <= p.spk_thr


@pytest.mark.parametrize("g_bar_e,g_i", [(0.3, 0.0), (0.5, 0.3), (0.9, 0.6)])
def test_adex_tends_to_threshold_and_reset_as_exp_slope_vanishes(g_bar_e, g_i):
    """As Δ_T -> 0 the AdEx neuron spikes where the threshold-and-reset neuron does, up to
    the one cycle its current (evaluated at the midpoint step) may take to notice."""
    x = np.ones(600)
    reset = nrn.run_unit(nrn.UnitParams(g_bar_e=g_bar_e, g_bar_i=1.0), x, g_i * x)
    adex = nrn.run_unit(nrn.UnitParams.adex(g_bar_e=g_bar_e, g_bar_i=1.0, exp_slope=1e-7), x,
                        g_i * x)
    first = np.flatnonzero(reset.spike)[0]        # up to the first spike: the same V_m
    np.testing.assert_allclose(adex.v_m[:first], reset.v_m[:first], atol=1e-9, rtol=0)
    isi_reset = np.diff(np.flatnonzero(reset.spike))[5:]
    isi_adex = np.diff(np.flatnonzero(adex.spike))[5:]
    assert isi_reset.size > 10 and np.all(isi_reset == isi_reset[0])   # regular
    assert set(isi_adex.tolist()) <= {isi_reset[0], isi_reset[0] + 1}
    # and the onset formula tends to g_e^θ
    onsets = [nrn.ge_spike_onset(g_i, nrn.UnitParams.adex(exp_slope=d)) for d in
              (0.02, 0.002, 0.0002, 2e-5)]
    gaps = np.abs(np.array(onsets) - nrn.ge_threshold(g_i, 0.3))
    assert np.all(np.diff(gaps) < 0) and gaps[-1] < 1e-3


@pytest.mark.parametrize("name", MODELS)
def test_rates_are_monotone_in_g_e(sweeps, name):
    res = sweeps[name]
    assert np.all(np.diff(res.rate, axis=1) >= 0)
    assert np.all(res.rate[:, -1] > 0)


@pytest.mark.parametrize("model", ["threshold and reset", "AdEx"])
def test_adaptation_lowers_the_rate(sweeps, model):
    plain, adapted = sweeps[model].rate, sweeps[model + ", adaptation"].rate
    assert np.all(adapted <= plain)
    assert np.all(adapted[plain > 0] < plain[plain > 0])


@pytest.mark.parametrize("name", MODELS)
def test_no_steady_firing_below_the_onset_and_firing_above_it(sweeps, name):
    res = sweeps[name]
    for k in range(len(G_I)):
        onset = res.onset[k]
        assert np.all(res.rate[k][EXCESS < onset - 1e-9] == 0), (name, G_I[k])
        assert np.all(res.rate[k][EXCESS > onset + 0.01] > 0), (name, G_I[k])


def test_the_threshold_and_reset_neuron_starts_exactly_at_g_e_theta(sweeps):
    res = sweeps["threshold and reset"]
    assert np.all(res.onset == 0)
    assert np.all(res.rate[:, EXCESS <= 0] == 0) and np.all(res.rate[:, EXCESS >= 0.005] > 0)
    # with adaptation the silent leak vm_gain (V - E_l) moves it, the same for every g_i
    p = nrn.UnitParams(adapt=True)
    shift = nrn.ge_threshold(np.array(G_I), p.g_bar_l + p.vm_gain) - nrn.ge_threshold(
        np.array(G_I), p.g_bar_l)
    np.testing.assert_allclose(sweeps["threshold and reset, adaptation"].onset, shift)
    assert np.ptp(shift) < 1e-12 and shift[0] > 0


def test_above_threshold_the_rate_depends_on_g_i_not_only_on_g_e_minus_g_e_theta(sweeps):
    """The page's rate code sees only g_e - g_e^θ; a spiking neuron with more inhibition
    (more total conductance, a faster membrane) fires faster at the same difference."""
    res = sweeps["threshold and reset"]
    at = np.flatnonzero(np.isclose(EXCESS, 0.02))[0]
    rates = res.rate[:, at]                      # g_i = 0, 0.5, 1, 2
    assert rates[0] < rates[1] < rates[2] <= rates[3]
    assert rates[2] > 2 * rates[0]


def test_with_adaptation_the_curves_of_all_g_i_nearly_collapse(sweeps):
    def spread(rate):
        fire = np.all(rate > 0, axis=0)
        return np.ptp(rate[:, fire], axis=0) / rate[:, fire].mean(axis=0)

    plain = spread(sweeps["threshold and reset"].rate)
    adapted = spread(sweeps["threshold and reset, adaptation"].rate)
    assert adapted.max() < 0.2 < plain.min()


def test_the_adex_onset_moves_with_g_i(sweeps):
    """Its spike current grows with g_l only: below g_e^θ while G < e g_l, above it after."""
    onset = sweeps["AdEx"].onset
    assert np.all(np.diff(onset) > 0) and onset[0] < 0 < onset[1]
    g_l = nrn.UnitParams().g_bar_l
    g_total = nrn.ge_threshold(np.array(G_I), g_l) + onset + np.array(G_I) + g_l
    assert np.array_equal(onset < 0, g_total < np.e * g_l)


def test_ge_spike_onset_limits():
    assert nrn.ge_spike_onset(0.0, nrn.UnitParams(e_rev_l=0.6, theta=0.5)) == 0.0
    assert nrn.ge_spike_onset(0.0, nrn.UnitParams(e_rev_l=0.6)) == 0.0   # fires unexcited
    # no leak: the AdEx current is gone, and V_m cannot reach spk_thr above E_e
    assert nrn.ge_spike_onset(0.5, nrn.UnitParams.adex(g_bar_l=0.0)) == np.inf
    p = nrn.UnitParams.adex(g_bar_l=0.0, spk_thr=0.9)
    assert nrn.ge_spike_onset(0.5, p) == pytest.approx(
        nrn.ge_threshold(0.5, 0.0, theta=0.9))
    assert nrn.ge_spike_onset([0.0, 1.0]).shape == (2,)
