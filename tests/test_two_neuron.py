"""The two-neuron model: the numbers of docs/two_neuron.md and the invariants behind them."""

import math

import numpy as np
import pytest

from course_lib import two_neuron as tn
from course_lib.transfer import logistic_rate, logistic_rate_inverse, logistic_rate_prime


def test_fixed_points_at_the_defaults():
    fps = tn.fixed_points()
    assert [fp.kind for fp in fps] == ["stable node", "saddle", "stable node"]
    xs = [fp.x for fp in fps]
    np.testing.assert_allclose(xs, [0.002271957, 25.0, 49.997728043], atol=1e-6)
    for fp in fps:
        assert fp.x == pytest.approx(fp.y, abs=1e-12)  # all on the diagonal
    assert xs[0] + xs[2] == pytest.approx(50.0, abs=1e-9)  # symmetry about the saddle


def test_saddle_eigenvalues_and_table_1():
    low, saddle, high = tn.fixed_points()
    np.testing.assert_allclose(tn.jacobian(saddle.x, saddle.y), [[-1, 5], [5, -1]], atol=1e-9)
    np.testing.assert_allclose(saddle.eigenvalues, [4, -6], atol=1e-9)
    assert saddle.det == pytest.approx(-24, abs=1e-8)
    assert saddle.trace == -2
    for node in (low, high):
        np.testing.assert_allclose(node.eigenvalues.real, [-1 + 0.000909, -1 - 0.000909],
                                   atol=1e-6)
        assert node.det > 0 and node.trace < 0
        assert node.stable


def test_saddle_node_values_exact():
    sn = tn.saddle_nodes(0.4)
    np.testing.assert_allclose([s.I for s in sn], [-16.05700096, -3.94299904], atol=1e-5)
    np.testing.assert_allclose([s.x for s in sn], [47.36068, 2.63932], atol=1e-5)
    np.testing.assert_allclose(tn.saddle_node_values(0.4), [-16.05700096, -3.94299904],
                               atol=1e-8)
    assert tn.bistable_range(0.4) == pytest.approx((-16.05700096, -3.94299904), abs=1e-8)


@pytest.mark.parametrize("w", [0.1, 0.25, 0.4, 0.7, 1.0])
def test_saddle_nodes_are_folds_of_the_branch(w):
    """At each saddle-node: on the branch, one eigenvalue is zero, and the count changes."""
    for sn in tn.saddle_nodes(w):
        s = float(logistic_rate_inverse(sn.x))
        assert sn.I == pytest.approx(s - w * sn.x, abs=1e-10)
        assert w * float(logistic_rate_prime(s)) == pytest.approx(1.0, abs=1e-10)
    lo, hi = tn.saddle_node_values(w)
    eps = 1e-3
    assert len(tn.fixed_points(w, w, lo - eps)) == 1
    assert len(tn.fixed_points(w, w, lo + eps)) == 3
    assert len(tn.fixed_points(w, w, hi - eps)) == 3
    assert len(tn.fixed_points(w, w, hi + eps)) == 1


def test_no_saddle_node_below_the_cusp():
    assert tn.saddle_node_values(0.05).size == 0
    assert tn.saddle_node_values(-0.4).size == 0
    np.testing.assert_allclose(tn.saddle_node_values(tn.W_CUSP), [tn.I_CUSP], atol=1e-12)
    assert all(math.isnan(v) for v in tn.bistable_range(0.05))


def test_tangency_is_found_and_named():
    """Exactly at a saddle-node the double root appears once, as a non-hyperbolic point."""
    sn = tn.saddle_nodes(0.4)[0]
    fps = tn.fixed_points(0.4, 0.4, sn.I)
    assert len(fps) == 2
    fold = min(fps, key=lambda fp: abs(fp.x - sn.x))
    assert fold.x == pytest.approx(sn.x, abs=1e-4)
    assert fold.kind == "saddle-node (zero eigenvalue)"
    assert not fold.stable


def test_symmetric_branch_is_exact_and_classified():
    b = tn.symmetric_branch(0.4)
    for I, x, stable in zip(b.I[::37], b.x[::37], b.stable[::37]):
        fps = tn.fixed_points(0.4, 0.4, I)
        match = min(fps, key=lambda fp: abs(fp.x - x))
        assert match.x == pytest.approx(x, abs=1e-7)
        assert match.stable == stable
    assert (np.diff(b.x) >= 0).all()  # ordered along the curve (x saturates at 50)


def test_separatrix_is_the_line_x_plus_y_50():
    sep = tn.separatrix()
    assert sep.exits
    assert np.max(np.abs(sep.x + sep.y - 50)) < 1e-9
    assert sep.x.min() <= -1.9 and sep.x.max() >= 51.9  # spans the whole box
    assert sep.saddle.kind == "saddle"


def test_x_plus_y_50_is_invariant():
    """d(x + y)/dt = 0 on the line (f(-s) = 50 - f(s)); Euler runs stay on it."""
    x = np.linspace(0, 50, 101)
    dx, dy = tn.velocity(x, 50 - x)
    np.testing.assert_allclose(dx + dy, 0, atol=1e-12)
    sim = tn.simulate(x, 50 - x, T=5.0)
    np.testing.assert_allclose(sim.x + sim.y, 50, atol=1e-9)


@pytest.mark.parametrize("w", [0.05, 0.2, 0.4, 0.9, 3.0])
def test_no_asymmetric_fixed_points_for_equal_positive_coupling(w):
    for I in np.linspace(-40, 5, 31):
        for fp in tn.fixed_points(w, w, I):
            assert fp.x == pytest.approx(fp.y, abs=1e-8)


def test_mutual_inhibition_has_asymmetric_states():
    fps = tn.fixed_points(-0.8, -0.8, 5.0)
    assert [fp.kind for fp in fps] == ["stable node", "saddle", "stable node"]
    assert fps[0].x < 1 and fps[0].y > 49 and fps[2].x > 49 and fps[2].y < 1
    sep = tn.separatrix(-0.8, -0.8, 5.0)
    np.testing.assert_allclose(sep.x, sep.y, atol=1e-9)  # the diagonal separates


def test_opposite_signs_give_a_stable_spiral():
    (fp,) = tn.fixed_points(0.4, -0.6, -5.0)
    assert fp.kind == "stable spiral"
    assert fp.eigenvalues[0].imag > 0 and fp.eigenvalues[0].real == pytest.approx(-1)


def _fixed_point_invariants(w1, w2, I):
    fps = tn.fixed_points(w1, w2, I)
    assert len(fps) in (1, 2, 3, 4, 5)
    for fp in fps:
        dx, dy = tn.velocity(fp.x, fp.y, w1, w2, I)
        assert abs(dx) < 1e-8 and abs(dy) < 1e-8
        J = tn.jacobian(fp.x, fp.y, w1, w2, I)
        ev = np.sort_complex(np.linalg.eigvals(J))
        np.testing.assert_allclose(np.sort_complex(fp.eigenvalues), ev, atol=1e-9)
        re = fp.eigenvalues.real
        if fp.kind == "saddle":
            assert re.max() > 0 > re.min() and fp.det < 0
        elif fp.kind.startswith("stable"):
            assert (re < 0).all() and fp.stable
        if "spiral" in fp.kind:
            assert abs(fp.eigenvalues[0].imag) > 0
    return fps


def test_fixed_points_for_any_slider_setting():
    """Across the sliders' ranges: every root is a fixed point, none is missed."""
    rng = np.random.default_rng(0)
    x = np.linspace(0, 50, 200_001)
    for _ in range(300):
        w1, w2 = rng.uniform(-1, 1, 2)
        I = rng.uniform(-25, 5)
        if rng.random() < 0.3:
            w2 = w1
        fps = _fixed_point_invariants(w1, w2, I)
        g = -x + logistic_rate(w2 * logistic_rate(w1 * x + I) + I)
        n_brute = np.count_nonzero(np.sign(g[:-1]) != np.sign(g[1:]))
        assert len(fps) == n_brute, (w1, w2, I)


@pytest.mark.parametrize("w1, w2, I", [(5.0, 5.0, -125.0), (-5.0, 3.0, 20.0), (0.0, 0.0, 0.0),
                                       (0.0, 1.0, -10.0), (50.0, 0.01, -30.0)])
def test_fixed_points_with_extreme_couplings(w1, w2, I):
    _fixed_point_invariants(w1, w2, I)


def test_degenerate_node_when_a_coupling_vanishes():
    (fp,) = tn.fixed_points(0.0, 0.4, -10.0)
    assert fp.kind == "stable degenerate node"
    np.testing.assert_allclose(fp.eigenvalues, [-1, -1])


@pytest.mark.parametrize("trace, det, kind", [
    (-2, -24, "saddle"), (-2, 0.5, "stable node"), (3, 2, "unstable node"),
    (-2, 5, "stable spiral"), (1, 3, "unstable spiral"), (0, 4, "centre"),
    (-2, 1, "stable degenerate node"), (-2, 0, "saddle-node (zero eigenvalue)"),
    (0, 0, "non-hyperbolic (two zero eigenvalues)")])
def test_classify(trace, det, kind):
    assert tn.classify(trace, det) == kind


def test_basins_agree_with_simulation():
    """Points on each side of the separatrix end at that side's attractor."""
    rng = np.random.default_rng(1)
    for w1, w2, I in [(0.4, 0.4, -10), (0.3, 0.6, -10), (-0.8, -0.8, 5), (0.5, 0.4, -12)]:
        fps = tn.fixed_points(w1, w2, I)
        sep = tn.separatrix(w1, w2, I)
        basins = tn.basin_polygons(fps, sep)
        assert len(basins) == 2
        pts = rng.uniform(-2, 52, (2, 300))
        sim = tn.simulate(pts[0], pts[1], w1, w2, I, T=80, dt=0.005)
        ends = tn.attractor_index(sim.x[:, -1], sim.y[:, -1], fps)
        for (x, y), end in zip(pts.T, ends):
            if np.min(np.hypot(sep.x - x, sep.y - y)) < 0.15:
                continue  # on the separatrix, either side is fine
            inside = [b.attractor for b in basins if tn._inside(b.xy, x, y)]
            assert len(inside) == 1
            assert fps.index(inside[0]) == end, (w1, w2, I, x, y)


def test_single_attractor_basin_is_the_box():
    fps = tn.fixed_points(0.4, 0.4, -20)
    assert len(fps) == 1
    (basin,) = tn.basin_polygons(fps, tn.separatrix(0.4, 0.4, -20))
    assert basin.attractor is fps[0]
    assert tn.separatrix(0.4, 0.4, -20) is None


def test_simulate_shapes_and_convergence():
    sim = tn.simulate([5, 45, 10, 38], [5, 45, 38, 10], T=40)
    assert sim.x.shape == sim.y.shape == (4, 401)
    np.testing.assert_allclose(sim.x[:, -1], [0.00227, 49.99773, 0.00227, 0.00227], atol=1e-4)
    # broadcasting a scalar start
    assert tn.simulate(3.0, [1, 2, 3], T=1).x.shape == (3, 11)


def test_nullclines_satisfy_their_equations():
    nc = tn.nullclines(0.3, 0.7, -8)
    xs, ys = nc.x
    dx, _ = tn.velocity(xs, ys, 0.3, 0.7, -8)
    np.testing.assert_allclose(dx, 0, atol=1e-12)
    xs, ys = nc.y
    _, dy = tn.velocity(xs, ys, 0.3, 0.7, -8)
    np.testing.assert_allclose(dy, 0, atol=1e-12)


def test_cusp_curve():
    c = tn.saddle_node_curve(50, w_max=1.0)
    assert c.w[0] == tn.W_CUSP and c.I_low[0] == pytest.approx(tn.I_CUSP)
    for w, lo, hi in zip(c.w[5::9], c.I_low[5::9], c.I_high[5::9]):
        np.testing.assert_allclose(tn.saddle_node_values(w), [lo, hi], atol=1e-9)
    assert (c.I_low <= c.I_high).all()


@pytest.mark.parametrize("call, name", [
    (lambda: tn.fixed_points(float("nan"), 0.4, -10), "w1"),
    (lambda: tn.fixed_points(0.4, float("inf"), -10), "w2"),
    (lambda: tn.fixed_points(0.4, 0.4, None), "I"),
    (lambda: tn.velocity(1, 1, w1=float("nan")), "w1"),
    (lambda: tn.jacobian(float("nan"), 1), "x"),
    (lambda: tn.simulate([1, float("nan")], [1, 2]), "x0"),
    (lambda: tn.simulate([1, 2], [1, 2], dt=0), "dt"),
    (lambda: tn.simulate([1, 2], [1, 2], T=-1), "T"),
    (lambda: tn.simulate([1, 2], [1, 2, 3]), "x0 and y0"),
    (lambda: tn.saddle_node_values(float("nan")), "w"),
    (lambda: tn.symmetric_branch(float("inf")), "w"),
    (lambda: tn.classify(float("nan"), 1), "trace"),
    (lambda: tn.saddle_node_curve(w_max=0.05), "w_max"),
    (lambda: tn.separatrix(ds=0), "ds"),
    (lambda: tn.nullclines(lim=(5, 1)), "lim"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_scalar_logistic_of_the_separatrix_equals_logistic_rate():
    """The separatrix's scalar fast path is the course's one logistic, not a variant of it."""
    s = np.concatenate((np.linspace(-800, 800, 4001), np.linspace(-40, 40, 8001),
                        [-745.2, -745.0, -1e-300, 0.0, 1e-300, 36.7, 710.0, 1e6, -1e6]))
    fast = np.array([tn._f_scalar(float(v)) for v in s])
    ref = logistic_rate(s)
    normal = ref > 1e-300  # below, scipy's expit flushes subnormal rates to 0 earlier
    np.testing.assert_array_max_ulp(fast[normal], ref[normal], maxulp=4)
    assert np.all(np.abs(fast[~normal]) < 1e-300)
    assert tn._f_scalar(-1e6) == 0.0 and tn._f_scalar(1e6) == tn.R_MAX


def test_the_model_uses_the_course_logistic():
    """velocity, jacobian and the exact branch are built on transfer's logistic."""
    x, y, w1, w2, I = 12.0, 31.0, 0.3, 0.5, -9.0
    dx, dy = tn.velocity(x, y, w1, w2, I)
    assert dx == -x + logistic_rate(w2 * y + I) and dy == -y + logistic_rate(w1 * x + I)
    J = tn.jacobian(x, y, w1, w2, I)
    assert J[0, 1] == w2 * logistic_rate_prime(w2 * y + I)
    b = tn.symmetric_branch(0.4)
    inner = (b.x > 1e-3) & (b.x < 50 - 1e-3)  # where f^-1 of a float is well conditioned
    np.testing.assert_allclose(b.I[inner], logistic_rate_inverse(b.x[inner]) - 0.4 * b.x[inner],
                               atol=1e-6)


def test_docs_numbers_come_from_course_lib():
    """docs/two_neuron.md prints its numbers with course_lib: they must still come out."""
    import doctest
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "docs" / "two_neuron.md"
    result = doctest.testfile(str(path), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 10 and result.failed == 0


@pytest.mark.slow
def test_the_spiral_example_turns_fastest_on_the_sliders():
    """docs/two_neuron.md: over the sliders (|w| <= 1, -25 <= I <= 5) the turning speed of a
    spiral peaks near 1.2, at tn.SPIRAL (couplings of opposite signs; the swap w1 <-> w2
    mirrors the plane and keeps the eigenvalues)."""
    best = 0.0
    for w1 in np.linspace(0.1, 1.0, 10):
        for w2 in np.linspace(-1.0, -0.1, 10):
            for I in np.arange(-25.0, 5.01, 0.5):
                for fp in tn.fixed_points(w1, w2, I):
                    best = max(best, abs(fp.eigenvalues[0].imag))
    (sp,) = tn.fixed_points(**tn.SPIRAL)
    assert sp.kind == "stable spiral"
    assert best <= abs(sp.eigenvalues[0].imag) + 1e-9 and 1.2 < best < 1.25
