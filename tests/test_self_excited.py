"""The self-connected neuron: the numbers of docs/self_excited.md and the invariants behind them."""

import math

import numpy as np
import pytest

from course_lib import self_excited as se
from course_lib.transfer import (
    logistic_rate,
    logistic_rate_inverse,
    logistic_rate_prime,
    tanh_rate,
    tanh_rate_inverse,
    tanh_rate_prime,
)


# -- transfer function ---------------------------------------------------------

def test_tanh_rate_range_midpoint_and_symmetry():
    s = np.linspace(-10, 10, 1001)
    f = tanh_rate(s)
    assert np.all((f >= 0) & (f <= 120))
    assert tanh_rate(0.0) == 60.0
    np.testing.assert_allclose(f + f[::-1], 120.0)


def test_tanh_rate_derivative_and_inverse():
    s = np.linspace(-3, 3, 61)
    h = 1e-6
    np.testing.assert_allclose(tanh_rate_prime(s), (tanh_rate(s + h) - tanh_rate(s - h)) / (2 * h),
                               rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(tanh_rate_inverse(tanh_rate(s)), s, atol=1e-9)


def test_logistic_rate_is_stable_at_extremes_and_matches_its_formula():
    s = np.linspace(-30, 30, 601)
    np.testing.assert_allclose(logistic_rate(s), 50 / (1 + np.exp(-s)), rtol=1e-14)
    np.testing.assert_allclose(logistic_rate_prime(s),
                               50 * np.exp(-s) / (1 + np.exp(-s)) ** 2, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(logistic_rate_inverse(logistic_rate(s[250:350])), s[250:350],
                               atol=1e-9)
    with np.errstate(all="raise"):  # no overflow or division warning at the ends
        assert logistic_rate(-800.0) == 0.0 and logistic_rate(800.0) == 50.0
        assert logistic_rate_inverse(0.0) == -np.inf and logistic_rate_inverse(50.0) == np.inf
    assert np.ndim(logistic_rate(0.3)) == 0 and logistic_rate([0.0, 1.0]).shape == (2,)


# -- the flux: one definition ----------------------------------------------------

def test_scalar_flux_fast_path_equals_the_vectorised_flux():
    r = np.linspace(-10, 130, 141)
    for w, I in ((0.04, -2.4), (0.0, 0.5), (0.2, -8.0), (-0.05, 1.0), (1 / 60, -1.0)):
        scalar = np.array([se._flux_scalar(float(x), w, I) for x in r])
        np.testing.assert_allclose(scalar, se.flux(r, w, I), rtol=1e-13, atol=1e-12)


def test_flux_slope_is_the_derivative_of_the_flux():
    r = np.linspace(-5, 125, 131)
    h = 1e-5
    for w, I in ((0.04, -2.4), (0.1, -5.0)):
        numeric = (se.flux(r + h, w, I) - se.flux(r - h, w, I)) / (2 * h)
        np.testing.assert_allclose(se.flux_slope(r, w, I), numeric, atol=1e-6)


def test_simulation_steps_by_the_flux():
    r0 = np.array([3.0, 59.0, 61.0, 110.0])
    sim = se.simulate(r0, 0.05, -2.0, T=0.3, dt=0.1)
    r = r0.copy()
    for k in range(1, 4):
        r = r + 0.1 * se.flux(r, 0.05, -2.0)
        np.testing.assert_allclose(sim.r[:, k], r, rtol=1e-14)


# -- fixed points ----------------------------------------------------------------

def test_default_fixed_points_match_docs():
    fps = se.fixed_points(0.04, -2.4)
    np.testing.assert_allclose([fp.r for fp in fps], [1.0659254, 60.0, 118.9340746], atol=1e-7)
    np.testing.assert_allclose([fp.slope for fp in fps], [-0.9155, 1.4, -0.9155], atol=1e-4)
    assert [fp.stable for fp in fps] == [True, False, True]
    assert fps[0].r + fps[2].r == pytest.approx(120.0, abs=1e-9)


@pytest.mark.parametrize("w", [0.0, 0.01, 1 / 60, 0.02, 0.04, 0.1, 0.2, -0.05])
@pytest.mark.parametrize("I", [-20.0, -8.0, -3.0, -2.4, -1.0, 0.0, 1.0])
def test_flux_vanishes_and_stability_matches_slope(w, I):
    fps = se.fixed_points(w, I)
    assert len(fps) in (1, 2, 3)
    r = np.array([fp.r for fp in fps])
    assert np.all(np.diff(r) > 0)
    np.testing.assert_allclose(se.flux(r, w, I), 0.0, atol=1e-9)
    for fp in fps:
        if abs(fp.slope) > 1e-9:
            assert fp.stable == (fp.slope < 0)
    # stable and unstable alternate, the outermost are stable
    if len(fps) == 3:
        assert [fp.stable for fp in fps] == [True, False, True]
    if len(fps) == 1:
        assert fps[0].stable


def test_cusp_point_is_attracting_and_fold_points_are_not():
    (fp,) = se.fixed_points(1 / 60, -1.0)
    assert fp.r == pytest.approx(60.0, abs=1e-4) and fp.stable
    lo, _ = se.bistable_range(0.04)
    folds = [fp for fp in se.fixed_points(0.04, lo) if abs(fp.slope) < 1e-4]
    assert folds and not any(fp.stable for fp in folds if abs(fp.slope) < 1e-9)


def test_no_fixed_point_missed_against_dense_sign_changes():
    rng = np.random.default_rng(0)
    r = np.linspace(0, 120, 200_001)
    for w, I in zip(rng.uniform(0, 0.2, 40), rng.uniform(-20, 1, 40)):
        g = se.flux(r, w, I)
        n_sign = np.count_nonzero(np.sign(g[:-1]) != np.sign(g[1:]))
        assert len(se.fixed_points(w, I)) == n_sign


def test_count_of_fixed_points_follows_bistable_range():
    for w in (0.02, 0.04, 0.1, 0.19):
        lo, hi = se.bistable_range(w)
        assert len(se.fixed_points(w, 0.5 * (lo + hi))) == 3
        assert len(se.fixed_points(w, lo - 1e-3)) == 1
        assert len(se.fixed_points(w, hi + 1e-3)) == 1


# -- bifurcations ----------------------------------------------------------------

def test_bistable_range_matches_docs_and_is_a_fold():
    lo, hi = se.bistable_range(0.04)
    assert lo == pytest.approx(-3.22785, abs=1e-5)
    assert hi == pytest.approx(-1.57215, abs=1e-5)
    for I in (lo, hi):  # at a saddle-node the fixed point has zero slope
        slopes = [abs(fp.slope) for fp in se.fixed_points(0.04, I)]
        assert min(slopes) < 1e-4
    assert all(math.isnan(v) for v in se.bistable_range(1 / 60))
    assert all(math.isnan(v) for v in se.bistable_range(0.0))


@pytest.mark.parametrize("w", [0.017, 0.02, 0.04, 0.1, 0.2, 1.0])
def test_saddle_node_points_are_folds_of_the_flux(w):
    sn = se.saddle_node_points(w)
    assert sn.I[0] < sn.I[1] and sn.r[0] > sn.r[1]
    for I, r in zip(sn.I, sn.r):
        assert se.flux(r, w, I) == pytest.approx(0.0, abs=1e-9)
        assert se.flux_slope(r, w, I) == pytest.approx(0.0, abs=1e-9)
    # the closed form of docs/self_excited.md, "Saddle-node bifurcations"
    d = math.sqrt(3600 - 60 / w)
    half_width = w * d - math.atanh(d / 60)
    np.testing.assert_allclose(sn.I, [-60 * w - half_width, -60 * w + half_width], atol=1e-12)
    np.testing.assert_allclose(sn.r, [60 + d, 60 - d])
    assert se.bistable_range(w) == tuple(sn.I)


def test_no_saddle_nodes_below_the_cusp():
    for w in (-0.1, 0.0, 0.01, 1 / 60):
        sn = se.saddle_node_points(w)
        assert np.isnan(sn.I).all() and np.isnan(sn.r).all()


def test_bistable_w_window_at_default_input():
    lo, hi = se.bistable_w_range(-2.4)
    assert lo == pytest.approx(0.032031, abs=1e-6)
    assert hi == pytest.approx(0.190469, abs=1e-6)
    assert len(se.fixed_points(0.5 * (lo + hi), -2.4)) == 3
    assert len(se.fixed_points(hi + 0.005, -2.4)) == 1
    assert len(se.fixed_points(lo - 0.005, -2.4)) == 1


def test_saddle_node_curves_start_at_the_cusp_and_agree_with_bistable_range():
    c = se.saddle_node_curves(50)
    assert c.w[0] == pytest.approx(1 / 60)
    assert c.I_low[0] == pytest.approx(-1.0) and c.I_high[0] == pytest.approx(-1.0)
    for w, lo, hi in zip(c.w[1:], c.I_low[1:], c.I_high[1:]):
        assert (lo, hi) == pytest.approx(se.bistable_range(w), abs=1e-9)


def test_saddle_node_curves_bound_the_bistable_region():
    c = se.saddle_node_curves(40, w_max=0.15)
    assert c.w[-1] == pytest.approx(0.15) and np.all(np.diff(c.w) > 0)
    for w, lo, hi in zip(c.w[1:], c.I_low[1:], c.I_high[1:]):
        assert len(se.fixed_points(w, 0.5 * (lo + hi))) == 3
        assert len(se.fixed_points(w, lo - 1e-3)) == len(se.fixed_points(w, hi + 1e-3)) == 1


def test_branch_points_are_fixed_points_with_the_stated_stability():
    b = se.fixed_point_branch(0.04, 301)
    inner = (b.r > 1e-3) & (b.r < 120 - 1e-3)
    for r, I, st in zip(b.r[inner], b.I[inner], b.stable[inner]):
        assert abs(se.flux(r, 0.04, I)) < 1e-6
        assert st == (se.flux_slope(r, 0.04, I) < 0)


def test_hysteresis_jumps_near_the_saddle_nodes_and_loop_is_open():
    h = se.hysteresis_sweep(0.04, -5, 0, T_ramp=4000)
    lo, hi = se.bistable_range(0.04)
    # the ramp jumps a little after the fold (slow passage), never before
    assert hi <= h.I_jump_up < hi + 0.1
    assert lo - 0.1 < h.I_jump_down <= lo
    # inside the bistable range the two sweeps sit on different branches
    mid = 0.5 * (lo + hi)
    r_up = np.interp(mid, h.I_up, h.r_up)
    r_down = np.interp(mid, h.I_down[::-1], h.r_down[::-1])
    assert r_up < 5 and r_down > 115
    assert math.isnan(se.hysteresis_sweep(0.01, -5, 0).I_jump_up)
    assert h.w == 0.04  # a sweep knows the coupling it ran at


def test_hysteresis_ramp_steps_by_the_flux():
    h = se.hysteresis_sweep(0.04, -5, 0, T_ramp=10.0, dt=0.1, n_samples=100)
    # sampled every step: each sample is one Euler step of the flux from the one before
    assert h.r_up.size == 101
    want = [r + 0.1 * float(se.flux(r, 0.04, I)) for r, I in zip(h.r_up[:-1], h.I_up[:-1])]
    np.testing.assert_allclose(h.r_up[1:], want, rtol=1e-12)


# -- simulation and noise ----------------------------------------------------------

def test_simulation_shape_and_convergence_to_stable_states():
    sim = se.simulate([59, 60, 61], 0.04, -2.4, T=40)
    assert sim.r.shape == (3, 401)
    assert sim.t[-1] == pytest.approx(40)
    assert sim.r[0, -1] == pytest.approx(1.0659254, abs=1e-4)
    assert sim.r[1, -1] == 60.0  # exactly on the unstable point: the flux is exactly 0
    assert sim.r[2, -1] == pytest.approx(118.9340746, abs=1e-4)


def test_noise_is_scaled_by_sqrt_dt():
    # one step from the fixed point: the variance of the increment is sigma^2 dt
    for dt in (0.1, 0.01):
        sim = se.simulate(np.full(100_000, 60.0), T=dt, dt=dt, sigma=10.0, rng=0)
        inc = sim.r[:, 1] - 60.0
        assert inc.var() == pytest.approx(100.0 * dt, rel=0.03)


def test_seed_reproducibility():
    a = se.simulate([59, 61], T=50, sigma=5, rng=3).r
    b = se.simulate([59, 61], T=50, sigma=5, rng=np.random.default_rng(3)).r
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, se.simulate([59, 61], T=50, sigma=5, rng=4).r)


def test_potential_is_minus_integral_of_flux():
    r = np.linspace(-5, 125, 2001)
    for w, I in ((0.04, -2.4), (0.0, 0.3), (0.1, -5)):
        u = se.potential(r, w, I)
        np.testing.assert_allclose(-np.gradient(u, r)[1:-1], se.flux(r, w, I)[1:-1], atol=2e-3)
    assert se.potential(0.0) == pytest.approx(0.0)


def test_barrier_heights_are_potential_differences():
    for w, I in ((0.04, -2.4), (0.05, -2.0), (0.1, -5.5)):
        fps = se.fixed_points(w, I)
        u = se.potential([fp.r for fp in fps], w, I)
        assert se.barrier_heights(w, I) == pytest.approx((u[1] - u[0], u[1] - u[2]), rel=1e-12)
        assert min(se.barrier_heights(w, I)) > 0
    lo, hi = se.barrier_heights(0.05, -2.0)  # more input: the high well is deeper
    assert hi > lo
    assert all(math.isnan(b) for b in se.barrier_heights(0.04, 0.0))


def test_barrier_and_escape_times_match_docs():
    assert se.barrier_heights()[0] == pytest.approx(773.09, abs=0.05)
    assert 1e26 < se.mean_switch_time(5.0) < 1e28
    assert se.expected_switches(1000, 20.0) == pytest.approx(3.36, abs=0.15)
    # the values that tell the report's story with correct noise
    assert 0.2 < se.expected_switches(1000, 16.0) < 1.0
    assert se.expected_switches(1000, 63.0) > 100
    assert se.mean_switch_time(20.0, start="high") == pytest.approx(se.mean_switch_time(20.0))


@pytest.mark.slow
def test_switch_counts_match_first_passage_prediction():
    sim = se.simulate(np.full(300, fp_low := se.fixed_points()[0].r), T=1000, sigma=20.0, rng=11)
    counts = se.count_switches(sim.r)
    assert counts.mean() == pytest.approx(se.expected_switches(1000, 20.0), rel=0.12)
    # report's low and medium noise: nothing happens in T = 1000
    quiet = se.simulate(np.full(50, fp_low), T=1000, sigma=5.0, rng=12)
    assert se.count_switches(quiet.r).sum() == 0
    # clipping at zero makes switching more frequent (docs/self_excited.md: about 4.1)
    clipped = se.simulate(np.full(300, fp_low), T=1000, sigma=20.0, rng=13, clip_at_zero=True)
    assert se.count_switches(clipped.r).mean() == pytest.approx(4.1, rel=0.12)
    assert clipped.r.min() >= 0


def test_count_switches_ignores_jitter_around_threshold():
    r = np.array([1, 59, 61, 59, 61, 59, 1, 119, 61, 59, 119])
    assert se.count_switches(r) == 1
    with pytest.raises(ValueError, match="bistable"):
        se.count_switches(r, 0.01, -0.5)


# -- bad input -------------------------------------------------------------------

@pytest.mark.parametrize("call, name", [
    (lambda: se.fixed_points(float("nan"), -2.4), "w"),
    (lambda: se.fixed_points(0.04, float("inf")), "I"),
    (lambda: se.bistable_range(float("nan")), "w"),
    (lambda: se.simulate(60, T=-1), "T"),
    (lambda: se.simulate(60, T=1, dt=0), "dt"),
    (lambda: se.simulate(60, T=1, dt=-0.1), "dt"),
    (lambda: se.simulate(60, T=1, sigma=-1), "sigma"),
    (lambda: se.simulate([60, float("nan")], T=1), "r0"),
    (lambda: se.simulate(60, w="a", T=1), "w"),
    (lambda: se.hysteresis_sweep(0.04, 0, -1), "I_min"),
    (lambda: se.mean_switch_time(0.0), "sigma"),
    (lambda: se.mean_switch_time(20.0, start="middle"), "start"),
    (lambda: se.saddle_node_points(float("inf")), "w"),
    (lambda: se.saddle_node_curves(1), "n"),
    (lambda: se.saddle_node_curves(10, w_max=0.01), "w_max"),
    (lambda: se.fixed_point_branch(0.04, 1.5), "n"),
    (lambda: se.hysteresis_sweep(0.04, n_samples=0), "n_samples"),
    (lambda: se.barrier_heights(0.04, float("nan")), "I"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=rf"^{name} "):
        call()


# -- the note in docs/ -------------------------------------------------------------

def test_docs_numbers_are_the_models():
    """docs/self_excited.md states the model's numbers: each is what course_lib computes."""
    from pathlib import Path

    text = Path(__file__).resolve().parents[1].joinpath("docs", "self_excited.md").read_text()
    fps = se.fixed_points()
    lo, hi = se.bistable_range(0.04)
    sn = se.saddle_node_points(0.04)
    w_lo, w_hi = se.bistable_w_range(-2.4)
    sweep = se.hysteresis_sweep(0.04, -8.0, 1.0, T_ramp=3000.0)
    expected = [
        f"{fps[0].r:.7f}", f"{fps[2].r:.7f}", f"{fps[0].slope:.4f}".replace("-", "−"),
        f"+{fps[1].slope:.1f}", f"{se.barrier_heights()[0]:.1f}",
        f"{lo:.5f} < I < {hi:.5f}".replace("-", "−"), f"{sn.r[0]:.3f} Hz", f"{sn.r[1]:.3f} Hz",
        f"d = {np.sqrt(3600 - 60 / 0.04):.3f}", f"{w_lo:.6f} < w < {w_hi:.6f}",
        f"I \\approx {sweep.I_jump_up:.2f}$ going up",
        f"I \\approx {sweep.I_jump_down:.2f}$ going down",
        f"{5 / np.sqrt(0.1):.1f}", f"{20 / np.sqrt(0.1):.1f}",
        f"I_\\text{{low}} = {se.bistable_range(0.2)[0]:.1f}$".replace("-", "−"),
    ]
    lag = se.hysteresis_sweep(0.015, -8.0, 1.0, T_ramp=3000.0)
    slow = se.hysteresis_sweep(0.015, -8.0, 1.0, T_ramp=30000.0)
    expected += [f"I \\approx {lag.I_cross_up:.2f}$ going up and $I \\approx "
                 f"{lag.I_cross_down:.2f}$ going down with 3000 τ",
                 f"I \\approx {slow.I_cross_up:.3f}$ and $I \\approx {slow.I_cross_down:.3f}$ with "
                 "30000 τ"]
    for sigma in (5.0, 16.0, 20.0, 63.0):
        row = (f"| {sigma:g} | {se.mean_switch_time(sigma):.3g} | "
               f"{se.expected_switches(1000, sigma):.3g} |")
        expected.append(row)
    for sigma in (0.1, 1.0):  # beyond the floats: written from the logarithm
        log10 = se.mean_switch_time_log10(sigma)
        exponent = math.floor(log10)
        expected.append(f"| {sigma:g} | ~{10 ** (log10 - exponent):.3g}e{exponent} | 0 |")
    missing = [s for s in expected if s not in text]
    assert not missing, missing
