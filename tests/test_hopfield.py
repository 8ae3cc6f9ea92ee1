"""The Hopfield model: the numbers of docs/hopfield.md, their invariants, rule functions."""

import math

import numpy as np
import pytest

from course_lib import hopfield as hf

X = hf.pattern_x()
SMILEY = hf.pattern_smiley()


# ---------------------------------------------------------------------------
# patterns and weights
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("side", [4, 5, 8, 12])
def test_patterns_are_pm1_pictures(side):
    library = hf.pattern_library(side).values() if side >= 8 else ()
    for p in (hf.pattern_x(side), hf.pattern_smiley(side), *library):
        assert p.shape == (side, side)
        assert set(np.unique(p)) <= {-1.0, 1.0}
        assert (p == 1).any() and (p == -1).any()
    x = hf.pattern_x(side)
    assert np.array_equal(x, x.T) and np.array_equal(x, x[:, ::-1])  # an X is symmetric


def test_library_patterns_differ():
    lib = hf.as_patterns(list(hf.pattern_library().values()))
    m = np.abs(lib @ lib.T / lib.shape[1])
    np.fill_diagonal(m, 0)
    assert m.max() < 1  # no two are equal or inverse


def test_hebbian_weights_are_the_outer_product_rule():
    rng = np.random.default_rng(0)
    p = hf.random_patterns(5, 40, rng)
    W = hf.hebbian_weights(p)
    N = p.shape[1]
    loop = sum(np.outer(q, q) for q in p) / N  # Eq. 6, term by term
    np.fill_diagonal(loop, 0)
    np.testing.assert_allclose(W, loop, atol=1e-15)
    assert np.array_equal(W, W.T) and np.all(np.diag(W) == 0)
    kept = hf.hebbian_weights(p, zero_diagonal=False)
    np.testing.assert_allclose(np.diag(kept), 5 / N)
    # the same patterns as pictures, a list or a stacked array give the same W
    np.testing.assert_array_equal(hf.hebbian_weights([X, SMILEY]),
                                  hf.hebbian_weights(np.stack([X, SMILEY])))
    np.testing.assert_array_equal(hf.hebbian_weights(X), hf.hebbian_weights(X.ravel()))


def test_single_pattern_weights_sign_structure():
    W = hf.hebbian_weights(X)
    p = X.ravel()
    off = ~np.eye(64, dtype=bool)
    # agreeing neurons excite each other, disagreeing ones inhibit (Figure 11's red and blue)
    assert np.all(W[off] == np.outer(p, p)[off] / 64)
    assert np.all(np.abs(W[off]) == 1 / 64)


# ---------------------------------------------------------------------------
# energy, overlap, fixed points
# ---------------------------------------------------------------------------


def test_stored_patterns_and_inverses_are_fixed_points():
    W = hf.hebbian_weights([X, SMILEY])
    for p in (X, -X, SMILEY, -SMILEY):
        assert hf.is_fixed_point(W, p)
        assert np.array_equal(hf.async_sweep(W, p, rng=0), p)
        assert np.array_equal(hf.sync_step(W, p), p)


def test_energy_formula_from_overlaps_is_exact():
    rng = np.random.default_rng(1)
    pats = hf.random_patterns(4, 50, rng)
    W = hf.hebbian_weights(pats)
    states = hf.random_state(50, rng, n=200)
    m = hf.overlap(states, pats)
    np.testing.assert_allclose(hf.energy(W, states), hf.energy_from_overlaps(m, 4, 50),
                               atol=1e-12)
    W64 = hf.hebbian_weights([X, SMILEY])
    x = X.ravel()
    assert hf.energy(W64, X) == pytest.approx(-0.5 * x @ W64 @ x)


def test_energy_never_rises_under_async_updates():
    rng = np.random.default_rng(2)
    for P in (1, 3, 8, 14):
        W = hf.hebbian_weights(hf.random_patterns(P, 64, rng))
        x = hf.random_state(64, rng, n=30)
        r = hf.recall(W, x, rng=rng, record="update")
        E = np.stack([hf.energy(W, s) for s in r.states])  # (frames, 30)
        assert np.all(np.diff(E, axis=0) <= 1e-12), P
        assert np.all(r.converged)
        assert np.all(hf.is_fixed_point(W, r.final))


def test_sync_updates_can_oscillate():
    """Sync updates are not downhill in general: some random starts end in a 2-cycle."""
    W = hf.hebbian_weights([X, SMILEY])
    r = hf.recall(W, hf.random_state(64, 3, n=300), rule="sync")
    assert not np.all(r.converged)  # some runs oscillate


def test_overlap_shapes_and_values():
    assert hf.overlap(X, X) == 1.0 and hf.overlap(-X, X) == -1.0
    m = hf.overlap(X, [X, SMILEY])
    assert m.shape == (2,) and m[0] == 1
    assert m[1] == pytest.approx(float(X.ravel() @ SMILEY.ravel()) / 64)
    batch = np.stack([X.ravel(), SMILEY.ravel(), -X.ravel()])
    assert hf.overlap(batch, X).tolist() == [1.0, m[1], -1.0]
    assert hf.overlap(batch, [X, SMILEY]).shape == (3, 2)


@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.3, 0.333, 0.5, 1.0])
def test_corrupt_flips_exactly_round_f_n_distinct_bits(fraction):
    rng = np.random.default_rng(4)
    for shape_pattern in (X, X.ravel(), hf.random_patterns(1, 37, rng)[0]):
        for _ in range(20):
            c = hf.corrupt(shape_pattern, fraction, rng)
            assert c.shape == shape_pattern.shape
            assert set(np.unique(c)) <= {-1.0, 1.0}
            assert int((c != shape_pattern).sum()) == round(fraction * shape_pattern.size)
    assert np.array_equal(hf.corrupt(X, 1.0, rng), -X)


def test_corrupt_picks_bits_uniformly():
    rng = np.random.default_rng(5)
    hits = np.zeros(64)
    for _ in range(2000):
        hits += (hf.corrupt(X, 0.25, rng) != X).ravel()
    # each bit is flipped with probability 16/64; 2000 draws: mean 500, sd ~19
    assert np.all(np.abs(hits - 500) < 100)


# ---------------------------------------------------------------------------
# recall: docs/hopfield.md
# ---------------------------------------------------------------------------


def test_x_and_smiley_give_exactly_four_end_states():
    W = hf.hebbian_weights([X, SMILEY])
    rng = np.random.default_rng(6)
    r = hf.recall(W, hf.random_state(64, rng, n=1000), rng=rng)
    u, counts = hf.distinct_states(r.final)
    assert len(u) == 4
    targets = {tuple(p.ravel()) for p in (X, -X, SMILEY, -SMILEY)}
    assert {tuple(s) for s in u} == targets
    assert counts.min() > 150  # each of ±X, ±smiley gets about a quarter


def test_kept_diagonal_freezes_in_many_states():
    W = hf.hebbian_weights([X, SMILEY], zero_diagonal=False)
    rng = np.random.default_rng(6)
    r = hf.recall(W, hf.random_state(64, rng, n=1000), rng=rng)
    u, _ = hf.distinct_states(r.final)
    assert len(u) > 50  # docs/hopfield.md: 233-272 instead of 4
    m = np.abs(hf.overlap(u, [X, SMILEY])).max(axis=1)
    assert (m < 1).sum() > 40  # most of them are no memory


def test_tie_rule_keeps_the_state():
    p = X.ravel()
    W = hf.hebbian_weights(p, zero_diagonal=False)
    rng = np.random.default_rng(7)
    x = hf.random_state(64, rng, n=4000)
    ties = (x @ p) == 0
    assert 0.07 < ties.mean() < 0.13  # docs/hopfield.md: 9.93% of random states
    after = hf.sync_step(W, x[ties])
    assert np.array_equal(after, x[ties])  # no neuron set to 0
    assert set(np.unique(hf.async_sweep(W, x[ties][:20], rng=rng))) <= {-1.0, 1.0}
    assert math.comb(64, 32) / 2**64 == pytest.approx(0.0993, abs=1e-4)


def test_one_pattern_random_starts_end_at_p_or_minus_p():
    W = hf.hebbian_weights(X)
    rng = np.random.default_rng(8)
    r = hf.recall(W, hf.random_state(64, rng, n=200), rng=rng)
    m = hf.overlap(r.final, X)
    assert set(np.abs(m)) == {1.0}
    assert 0.3 < (m > 0).mean() < 0.7
    # synchronously, a start with p . x = 0 flips every neuron at once, for ever: a 2-cycle
    starts = hf.random_state(64, rng, n=400)
    r = hf.recall(W, starts, rule="sync")
    tie = starts @ X.ravel() == 0
    assert tie.any() and not r.converged[tie].any()
    assert set(np.abs(hf.overlap(r.final[~tie], X))) == {1.0}


def test_continuous_update_with_sign_and_tanh_gain():
    W = hf.hebbian_weights(X)
    rng = np.random.default_rng(9)
    x0 = rng.uniform(-1, 1, (20, 64))
    for beta in (None, 2.0, 4.0):
        r = hf.recall(W, x0, "continuous", rng=rng, beta=beta, T=15)
        assert np.all(np.abs(hf.overlap(r.final, X)) == 1.0), beta
        assert r.states.shape == (151, 20, 64) and r.t[-1] == pytest.approx(15)
    # gain 1 stores nothing: the state decays to the noise floor
    r = hf.recall(W, x0, "continuous", rng=rng, beta=1.0, T=30)
    assert np.abs(r.states[-1]).mean() < 0.2
    assert np.abs(hf.overlap(r.states[-1], X)).max() < 0.2
    # a memory x = a p needs a = tanh(beta a (N-1)/N): a != 0 only for beta (N-1)/N > 1
    a = 1.0
    for _ in range(2000):
        a = math.tanh(1.0 * a * 63 / 64)
    assert a < 0.1
    a = 1.0
    for _ in range(200):
        a = math.tanh(2.0 * a * 63 / 64)
    assert a > 0.9


def test_tanh_memories_thresholds_are_the_eigenvalues_of_w():
    """A memory of X needs beta (N-1)/N > 1 alone, beta (1 - |c| - 2/N) > 1 with the smiley."""
    N = 64
    for pats, lam in (([X], (N - 1) / N),
                      ([X, SMILEY], 1 - abs(hf.overlap(X, SMILEY)) - 2 / N)):
        W = hf.hebbian_weights(pats)
        # lam is W's smallest eigenvalue on the span of the stored patterns
        P = hf.as_patterns(pats)
        span = np.linalg.eigvalsh(P @ W @ P.T @ np.linalg.inv(P @ P.T))
        assert span.min() == pytest.approx(lam)
        below = hf.tanh_memories(W, pats, 0.99 / lam)
        above = hf.tanh_memories(W, pats, 1.02 / lam)
        assert np.all(below == 0) and np.all(above > 0.1), (len(pats), below, above)
    # X alone: the memory state is x = a X with a = tanh(beta a (N-1)/N)
    for beta in (1.2, 2.0, 4.0):
        a = 1.0
        for _ in range(5000):
            a = math.tanh(beta * a * (N - 1) / N)
        assert hf.tanh_memories(hf.hebbian_weights(X), X, beta)[0] == pytest.approx(a)
    # between the two eigenvalues (X and smiley): only the mixture X + smiley survives
    W2 = hf.hebbian_weights([X, SMILEY])
    assert np.linalg.eigvalsh(W2)[-1] * 1.05 > 1 and np.all(hf.tanh_memories(W2, X, 1.05) == 0)


@pytest.mark.parametrize("beta, alone, two, three", [
    (1.0, [0], [0, 0], [0, 0, 0]),
    (1.1, [0.46], [0, 0], [0, 0.41, 0]),
    (1.2, [0.64], [0.59, 0.59], [0.54, 0.58, 0.54]),
    (2.0, [0.95], [0.95, 0.95], [0.94, 0.95, 0.94]),
])
def test_tanh_memory_strengths_match_the_docs(beta, alone, two, three):
    T = hf.pattern_library()["T"]
    for pats, want in (([X], alone), ([X, SMILEY], two), ([X, SMILEY, T], three)):
        got = hf.tanh_memories(hf.hebbian_weights(pats), pats, beta)
        np.testing.assert_allclose(got, want, atol=0.006)


def test_noise_is_scaled_with_sqrt_dt():
    W = np.zeros((64, 64))
    x0 = np.zeros(64)
    spread = []
    for dt in (0.1, 0.01):
        r = hf.recall(W, np.tile(x0, (400, 1)), "continuous", rng=10, beta=1.0, T=1.0, dt=dt,
                      sigma=1.0)
        spread.append(r.states[-1].std())
    # Ornstein-Uhlenbeck at t = 1: sd = sqrt((1 - e^-2)/2) = 0.658, whatever the step
    assert spread[0] == pytest.approx(spread[1], rel=0.1)
    assert spread[1] == pytest.approx(math.sqrt((1 - math.exp(-2)) / 2), rel=0.1)


def test_corrupted_x_with_smiley_stored_is_recovered():
    W = hf.hebbian_weights([X, SMILEY])
    rng = np.random.default_rng(11)
    cues = np.stack([hf.corrupt(X, 0.3, rng).ravel() for _ in range(1000)])
    r = hf.recall(W, cues, rng=rng)
    ok = np.all(r.final == X.ravel(), axis=1).mean()
    assert ok >= 0.99  # docs/hopfield.md: 99.8-100%


def test_recall_shapes_and_record_modes():
    W = hf.hebbian_weights([X, SMILEY])
    cue = hf.corrupt(X, 0.2, 0)
    r = hf.recall(W, cue, rng=1)
    assert r.final.shape == (8, 8) and r.states.shape[1] == 64
    assert r.t[0] == 0 and np.all(np.diff(r.t) == 1)
    ru = hf.recall(W, cue, rng=1, record="update")
    assert len(ru.t) == 1 + 64 * (len(r.t) - 1)
    assert np.array_equal(ru.final, r.final)
    # one single-neuron update at a time: neighbouring frames differ in at most one bit
    assert np.all((np.diff(ru.states, axis=0) != 0).sum(axis=1) <= 1)


def test_async_sweep_follows_the_given_order():
    W = hf.hebbian_weights([X, SMILEY])
    x = hf.corrupt(SMILEY, 0.4, 12).ravel()
    order = np.random.default_rng(13).permutation(64)
    got = hf.async_sweep(W, x, order=order)
    ref = x.copy()
    for i in order:  # the definition, one neuron at a time
        h = W[i] @ ref
        ref[i] = 1.0 if h > 0 else (-1.0 if h < 0 else ref[i])
    assert np.array_equal(got, ref)


def test_mixture_of_three_is_a_spurious_minimum():
    pats = [X, SMILEY, hf.pattern_library()["T"]]
    W = hf.hebbian_weights(pats)
    mix = hf.mixture_state(pats)
    assert hf.is_fixed_point(W, mix)
    assert np.all(np.abs(hf.overlap(mix, pats)) < 1)  # none of the memories
    assert hf.energy(W, mix) > max(hf.energy(W, p) for p in pats)  # a shallower valley


def test_energy_along_path_has_a_barrier():
    W = hf.hebbian_weights([X, SMILEY])
    k, E = hf.energy_along_path(W, X, SMILEY, rng=0)
    assert k[-1] == int((X != SMILEY).sum())
    assert E[0] == pytest.approx(E[-1]) and E.max() > E[0] + 5


def test_overlap_region_contains_every_state():
    rng = np.random.default_rng(14)
    corners = hf.overlap_region(X, SMILEY)
    c = corners[0, 1]
    m = hf.overlap(hf.random_state(64, rng, n=500), [X, SMILEY])
    # the rectangle |m_p + m_q| <= 1 + c, |m_p - m_q| <= 1 - c
    assert np.all(np.abs(m[:, 0] + m[:, 1]) <= 1 + c + 1e-12)
    assert np.all(np.abs(m[:, 0] - m[:, 1]) <= 1 - c + 1e-12)


# ---------------------------------------------------------------------------
# one definition per equation: the forms for stacks of networks
# ---------------------------------------------------------------------------


def test_update_frames_are_the_single_neuron_updates():
    """record='update' rebuilds the frames of a sweep from its start, end and order: exactly."""
    W = hf.hebbian_weights([X, SMILEY])
    cue = hf.corrupt(X, 0.4, 30).ravel()
    r = hf.recall(W, cue, rng=31, record="update")
    order = np.random.default_rng(31).permutation(64)  # the order of the first sweep
    x = cue.copy()
    for j, i in enumerate(order):  # the definition, one neuron at a time
        h = W[i] @ x
        x[i] = 1.0 if h > 0 else (-1.0 if h < 0 else x[i])
        assert np.array_equal(r.states[j + 1], x), j
    assert r.t[64] == 1.0 and r.t[1] == pytest.approx(1 / 64)


def test_a_stack_of_networks_settles_like_each_network_alone():
    """The capacity curve's batch (many networks at once) is recall's dynamics, per network."""
    from course_lib.hopfield.dynamics import _settle, _tie_tol
    from course_lib.hopfield.network import _hebb

    rng = np.random.default_rng(20)
    xi = np.stack([hf.random_patterns(7, 64, rng) for _ in range(3)])  # 3 networks, P = 7
    W3 = _hebb(xi)
    for k in range(3):
        np.testing.assert_array_equal(W3[k], hf.hebbian_weights(xi[k]))
    x3 = np.stack([hf.random_state(64, rng, n=5) for _ in range(3)])
    for rule in ("async", "sync"):
        got = x3.copy()
        _settle(W3, got, rule, np.random.default_rng(21), 100, _tie_tol(W3))
        for k in range(3):
            alone = hf.recall(W3[k], x3[k], rule, rng=21)
            # async: the same orders, and more sweeps leave a fixed point alone; sync: a run
            # in a 2-cycle may stop at either of its two states
            same = np.all(got[k] == alone.final, axis=1)
            other = np.all(hf.sync_step(W3[k], got[k]) == alone.final, axis=1)
            assert np.all(same if rule == "async" else same | other), (rule, k)


@pytest.mark.parametrize("N", [36, 64, 100])
def test_float32_networks_settle_like_float64(N):
    """The capacity curve computes in float32: ties and signs come out as in float64."""
    from course_lib.hopfield.dynamics import _settle, _tie_tol
    from course_lib.hopfield.network import _hebb
    from course_lib.hopfield.patterns import _flip_bits

    rng = np.random.default_rng(N)
    xi = hf.random_patterns(40 * 6, N, rng).reshape(40, 6, N)
    cues = _flip_bits(xi, N // 4, rng)
    ends = []
    for dtype in (np.float64, np.float32):
        W3 = _hebb(xi.astype(dtype))
        x3 = cues.astype(dtype)
        _settle(W3, x3, "async", np.random.default_rng(1), 50, _tie_tol(W3))
        ends.append(x3)
    np.testing.assert_array_equal(ends[0], ends[1])
    assert not np.array_equal(ends[0], cues)  # something happened


def test_flip_bits_flips_exactly_k_distinct_bits_per_row():
    from course_lib.hopfield.patterns import _flip_bits

    rng = np.random.default_rng(22)
    x = hf.random_patterns(300, 20, rng).reshape(30, 10, 20)
    hits = np.zeros(20)
    for k in (0, 3, 20):
        y = _flip_bits(x, k, rng)
        assert np.all((y != x).sum(axis=-1) == k) and np.all(np.abs(y) == 1)
        hits += (y != x).reshape(-1, 20).sum(axis=0) if k == 3 else 0
    assert np.all(np.abs(hits - 300 * 3 / 20) < 45)  # mean 45 per bit, sd ~6


# ---------------------------------------------------------------------------
# a rule function of your own
# ---------------------------------------------------------------------------


def learner_sweep(W, x, order):
    """Exercise 3's solution, as a learner writes it."""
    x = x.copy()
    for i in order:
        h = W[i] @ x
        if h > 0:
            x[i] = 1.0
        elif h < 0:
            x[i] = -1.0
    return x


def in_place_sweep(W, x, order):
    for i in order:
        h = W[i] @ x
        x[i] = 1 if h > 0 else (-1 if h < 0 else x[i])
    return list(x)  # a list is a state too


def _tie_case():
    """One pattern, the diagonal kept, a start with p . x = 0: every field is exactly 0."""
    W1 = hf.hebbian_weights(X, zero_diagonal=False)
    rng = np.random.default_rng(23)
    x = next(s for s in hf.random_state(64, rng, n=200) if s @ X.ravel() == 0)
    return W1, x


@pytest.mark.parametrize("record", ["sweep", "update"])
@pytest.mark.parametrize("rule", [learner_sweep, in_place_sweep, hf.async_sweep])
def test_a_correct_rule_function_reproduces_the_builtin_recall(rule, record):
    W = hf.hebbian_weights([X, SMILEY])
    W1, tie = _tie_case()
    crowded = hf.hebbian_weights(hf.random_patterns(9, 64, 24))
    for W_, x0 in ((W, hf.corrupt(X, 0.4, 25)), (W, hf.random_state(64, 26, n=6)),
                   (W1, tie), (crowded, hf.random_state(64, 27, n=4))):
        mine = hf.recall(W_, x0, rule, rng=28, record=record)
        ref = hf.recall(W_, x0, "async", rng=28, record=record)
        np.testing.assert_array_equal(mine.t, ref.t)
        np.testing.assert_array_equal(mine.states, ref.states)
        np.testing.assert_array_equal(mine.final, ref.final)
        np.testing.assert_array_equal(mine.converged, ref.converged)
        assert mine.final.shape == np.shape(x0)


def _raises_not_implemented(W, x, order):
    raise NotImplementedError


def _writes_W(W, x, order):
    np.fill_diagonal(W, 0.0)
    return x


@pytest.mark.parametrize("rule, phrase, unfinished", [
    (lambda W, x, order: ..., "is not written yet (it returns ...)", True),
    (_raises_not_implemented, "is not written yet (it raises NotImplementedError)", True),
    (lambda W, x, order: None, "is a `return x` missing?", False),
    (lambda W, x, order: x[:10], "returned an array of shape (10,); the new state must have "
                                 "shape (64,)", False),
    (lambda W, x, order: np.sign(W @ x), "np.sign(0) is 0: on a tie (h = 0) the neuron keeps",
     False),
    (lambda W, x, order: 0.5 * x, "set neuron 0 to", False),
    (lambda W, x, order: x[order[64]], "raised IndexError", False),
    (lambda W, x: x, "cannot be called as <lambda>(W, x, order): it takes (W, x)", False),
    (_writes_W, "tried to change W: a rule may read the weights, not change them", False),
    (lambda W, x, order: "done", "returned str 'done', not an array of 64 numbers", False),
])
def test_a_broken_rule_function_gets_one_sentence(rule, phrase, unfinished):
    W1, tie = _tie_case()
    with pytest.raises(hf.RuleError) as info:
        hf.recall(W1, tie, rule, rng=0)
    message = str(info.value)
    assert phrase in message, message
    assert "\n" not in message and info.value.unfinished is unfinished
    assert isinstance(info.value, ValueError)  # bad input, as everywhere in the package


def test_a_rule_function_cannot_change_the_callers_weights():
    W1, tie = _tie_case()
    before = W1.copy()
    with pytest.raises(hf.RuleError):
        hf.recall(W1, tie, _writes_W, rng=0)
    np.testing.assert_array_equal(W1, before)


# ---------------------------------------------------------------------------
# capacity
# ---------------------------------------------------------------------------


def test_capacity_lines():
    lines = hf.capacity_lines(64)
    assert lines["0.138 N"] == pytest.approx(8.83, abs=0.01)
    assert lines["N / (2 ln N)"] == pytest.approx(7.7, abs=0.01)
    assert lines["N / (4 ln N)"] == pytest.approx(3.85, abs=0.01)


def test_crossing_interpolates():
    assert hf.crossing([1, 2, 3], [1.0, 0.6, 0.2], 0.5) == pytest.approx(2.25)
    assert math.isnan(hf.crossing([1, 2], [1.0, 0.99], 0.5))
    assert hf.crossing([1, 2], [0.4, 0.1], 0.5) == 1.0


@pytest.mark.slow
@pytest.mark.parametrize("flip, p95, p50", [(0.1, 6.8, 12.2), (0.3, 3.2, 8.2)])
def test_capacity_crossings_match_the_docs(flip, p95, p50):
    P = np.arange(1, 21)
    f = hf.capacity_curve(64, P, trials=150, flip_fraction=flip, rule="async", rng=2024)
    assert f[0] == 1.0 and np.all(np.diff(f) <= 0.05)  # falls (up to Monte-Carlo noise)
    assert hf.crossing(P, f, 0.95) == pytest.approx(p95, abs=0.7)
    assert hf.crossing(P, f, 0.5) == pytest.approx(p50, abs=0.7)


def test_capacity_curve_counts_minus_p_as_failure():
    # flipping every bit starts at -p, a fixed point: never a recall of p
    f = hf.capacity_curve(16, [1, 2], trials=10, flip_fraction=1.0, rng=0)
    assert np.all(f == 0)
    f = hf.capacity_curve(16, [1], trials=10, flip_fraction=0.0, rng=0)
    assert f[0] == 1.0


def test_capacity_overlap_threshold_is_more_lenient():
    P = [8, 12, 16]
    exact = hf.capacity_curve(64, P, trials=60, flip_fraction=0.1, rng=3)
    loose = hf.capacity_curve(64, P, trials=60, flip_fraction=0.1, rng=3, min_overlap=0.9)
    assert np.all(loose >= exact) and loose[-1] > exact[-1] + 0.1


def test_capacity_protocols_run_on_the_same_patterns_and_cues():
    """Common random numbers: set k of P patterns is the same whatever the protocol."""
    from course_lib.hopfield.capacity import _capacity_batch, _set_streams
    from course_lib.hopfield.patterns import _flip_ranked

    xi, u, _ = _set_streams(7, 64, 5, 30)
    xi2, u2, _ = _set_streams(7, 64, 5, 60)
    np.testing.assert_array_equal(xi, xi2[:30])  # more sets: the first ones unchanged
    np.testing.assert_array_equal(u, u2[:30])
    few, many = _flip_ranked(xi, u, 6), _flip_ranked(xi, u, 19)
    assert np.all((few != xi) <= (many != xi))  # 30% flipped: a superset of the 10% bits
    for rule in ("async", "sync"):
        a = _capacity_batch(8, 30, 64, 6, rule, 1.0, root=7)
        b = _capacity_batch(8, 60, 64, 6, rule, 1.0, root=7)
        np.testing.assert_array_equal(a, b[:30])  # each set's recall is its own
        loose = _capacity_batch(8, 30, 64, 6, rule, 0.9, root=7)
        assert np.all(loose >= a)  # per set, not only on average
    # the same rng: the same curve; the criterion never makes a curve lower
    P = np.arange(2, 14, 3)
    exact = hf.capacity_curve(64, P, 40, 0.3, rng=5)
    np.testing.assert_array_equal(exact, hf.capacity_curve(64, P, 40, 0.3, rng=5))
    for crit in (0.97, 0.9, 0.5):
        assert np.all(hf.capacity_curve(64, P, 40, 0.3, rng=5, min_overlap=crit) >= exact)


def test_capacity_sync_and_progress():
    calls = []
    f = hf.capacity_curve(36, [1, 4], trials=20, rule="sync", rng=0,
                          progress=lambda d, t: calls.append((d, t)))
    assert f.shape == (2,) and f[0] == 1.0
    assert calls == [(1, 2), (2, 2)]


# ---------------------------------------------------------------------------
# errors that name the problem
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("call, match", [
    (lambda: hf.hebbian_weights([[1, 0, -1]]), "patterns must contain only -1 and \\+1"),
    (lambda: hf.hebbian_weights([[1, 0.5, -1, 1]]), "only -1 and \\+1"),
    (lambda: hf.hebbian_weights([[1, -1, 1], [1, -1]]), "same number of neurons"),
    (lambda: hf.hebbian_weights([np.ones(64), np.ones(63)]), "same number of neurons"),
    (lambda: hf.hebbian_weights([]), "at least one pattern"),
    (lambda: hf.hebbian_weights(np.ones((2, 2, 2, 2))), "dimensions"),
    (lambda: hf.energy(np.zeros((64, 64)), np.ones(63)), "x must have N = 64"),
    (lambda: hf.energy(np.zeros((64, 63)), np.ones(64)), "W must be a square"),
    (lambda: hf.overlap(np.ones(64), np.ones(36)), "x must have N = 36"),
    (lambda: hf.recall(hf.hebbian_weights(X), np.ones(60)), "x0 must have N = 64"),
    (lambda: hf.recall(hf.hebbian_weights(X), np.zeros(64)), "x0 must contain only"),
    (lambda: hf.recall(hf.hebbian_weights(X), X, rule="random"), "rule must be one of"),
    (lambda: hf.corrupt(X, 1.5, 0), "fraction must be in \\[0, 1\\]"),
    (lambda: hf.corrupt(X, -0.1, 0), "fraction must be in \\[0, 1\\]"),
    (lambda: hf.corrupt(np.array([1, 2, 1]), 0.1, 0), "pattern must contain only"),
    (lambda: hf.capacity_curve(trials=0), "trials must be an integer >= 1"),
    (lambda: hf.capacity_curve(flip_fraction=2), "flip_fraction must be in \\[0, 1\\]"),
    (lambda: hf.capacity_curve(rule="continuous"), "rule must be one of"),
    (lambda: hf.capacity_curve(n_patterns=[0, 1]),
     "n_patterns must be an integer in \\[1, 1024\\]"),
    (lambda: hf.capacity_curve(n_patterns=[]), "n_patterns must contain"),
    (lambda: hf.capacity_curve(min_overlap=1.2), "min_overlap"),
    (lambda: hf.pattern_x(2), "side must be an integer in \\[4, 32\\]"),
    (lambda: hf.pattern_library(6), "side must be an integer in \\[8, 32\\]"),
    (lambda: hf.mixture_state([X, SMILEY]), "odd number"),
    (lambda: hf.async_sweep(hf.hebbian_weights(X), X, order=np.zeros(64, int)),
     "order must be a permutation"),
])
def test_bad_inputs_raise_value_errors_naming_the_problem(call, match):
    with pytest.raises(ValueError, match=match):
        call()
