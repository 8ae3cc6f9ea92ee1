"""Checks for the exercises of notebook 03 (the Hopfield network).

Each check takes the learner's function, tries it on a few inputs, and
returns :class:`~course_lib.exercises.Feedback` that names the mistake when
it recognises one. ``cases`` replaces the inputs tried: a list of
``(P, N, seed)``, ``P`` random patterns of ``N`` neurons drawn with
``np.random.default_rng(seed)``; ``check.random_cases(rng)`` draws new ones
(see :mod:`course_lib.exercises`).
"""

from __future__ import annotations

import numpy as np

from .. import hopfield as hf
from . import Feedback, NotDone, is_unfinished, run_check, with_random_cases

__all__ = ["hebbian", "energy", "async_sweep"]


def _call(fn, *args):
    if fn is None or is_unfinished(fn):
        raise NotDone
    if not callable(fn):
        raise AssertionError(f"expected a function, got {type(fn).__name__} {fn!r}")
    out = fn(*(a.copy() if isinstance(a, np.ndarray) else a for a in args))
    if is_unfinished(out):
        raise NotDone
    if out is None:
        raise AssertionError("your function returns None: did you forget the return statement?")
    return out


def _as_array(name, got, shape):
    try:
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise AssertionError(f"{name} should return an array of numbers, got {got!r}") from None
    if arr.shape != shape:
        raise AssertionError(f"{name} should return an array of shape {shape}, got shape "
                             f"{arr.shape}")
    return arr


def _cases(cases=None):
    """Pattern sets ``(P, N)``: the notebook's, or those of ``cases`` = [(P, N, seed), ...]."""
    if cases is not None:
        for P, N, seed in cases:
            yield hf.random_patterns(int(P), int(N), np.random.default_rng(seed))
        return
    rng = np.random.default_rng(3)
    yield np.stack([hf.pattern_x().ravel(), hf.pattern_smiley().ravel()])
    yield hf.random_patterns(3, 10, rng)
    yield hf.random_patterns(1, 16, rng)


def _random_pattern_cases(rng):
    """(P, N, seed): one pattern, a few, and a crowded network, of other sizes than the notebook's.

    ``N`` is even and ``P`` odd, so that a field sums an odd number of ±1/N terms and is never
    0: a learner's ``h > 0`` then agrees with the model whatever the rounding.
    """
    sizes = [(1, 2 * rng.integers(5, 15)), (3, 2 * rng.integers(6, 20)),
             (rng.choice([5, 7]), 2 * rng.integers(15, 25))]
    return [(int(P), int(N), int(rng.integers(2**31))) for P, N in sizes]


@with_random_cases(_random_pattern_cases)
def hebbian(fn, cases=None) -> Feedback:
    """Check ``fn(patterns)``: the Hebbian weights of patterns ``(P, N)``, zero diagonal."""

    def body():
        for p in _cases(cases):
            P, N = p.shape
            got = _call(fn, p)
            if np.shape(got) == (P, P) and P != N:
                raise AssertionError(
                    f"for {P} patterns of {N} neurons you return a {P}x{P} matrix: that is "
                    "p pᵀ over the patterns. W is N x N: use patterns.T @ patterns "
                    "(or the sum of np.outer(p, p)).")
            got = _as_array("hebbian", got, (N, N))
            want = hf.hebbian_weights(p)
            if np.allclose(got, want, atol=1e-12):
                continue
            outer = p.T @ p
            hints = {
                "kept the diagonal: W_ii = P/N. Set it to zero (np.fill_diagonal(W, 0)); "
                "a neuron that drives itself freezes in states that are no memory":
                    outer / N,
                "forgot the factor 1/N": outer - np.diag(np.diag(outer)),
                "divided by the number of patterns P instead of the number of neurons N":
                    (outer - np.diag(np.diag(outer))) / P,
                "forgot both the factor 1/N and the zero diagonal": outer,
            }
            for why, value in hints.items():
                if np.allclose(got, value, atol=1e-12):
                    raise AssertionError(f"with {P} pattern(s) of {N} neurons it looks like you "
                                         f"{why}.")
            if not np.allclose(got, got.T):
                raise AssertionError("your W is not symmetric; the Hebbian rule gives "
                                     "W_ij = W_ji (both neurons take part equally).")
            off = ~np.eye(N, dtype=bool)
            if np.allclose(got[off], want[off], atol=1e-12):
                k = int(np.flatnonzero(~np.isclose(np.diag(got), 0.0, atol=1e-12))[0])
                raise AssertionError(
                    f"with {P} pattern(s) of {N} neurons every weight between two neurons is "
                    f"right, but the diagonal is not zero: W[{k}, {k}] = {got[k, k]:g}. Set it to "
                    "zero: no neuron drives itself.")
            i, j = np.argwhere(~np.isclose(got, want, atol=1e-12) & off)[0]
            raise AssertionError(
                f"with {P} pattern(s) of {N} neurons, W[{i}, {j}] should be "
                f"{want[i, j]:g} (= (1/N) Σ_μ p_{i} p_{j}), you have {got[i, j]:g}.")
        return ("hebbian: correct! Each pattern adds (1/N) p pᵀ, and the diagonal is zero: "
                "no neuron excites itself.")

    return run_check("hebbian", body)


@with_random_cases(_random_pattern_cases)
def energy(fn, cases=None) -> Feedback:
    """Check ``fn(W, x)``: the energy ``-½ xᵀ W x`` (a number), at a stored pattern,
    a random state and a corrupted pattern of each case."""

    def body():
        rng = np.random.default_rng(4 if cases is None else cases[0][2] + 1)
        for p in _cases(cases):
            N = p.shape[1]
            W = hf.hebbian_weights(p)
            for x in (p[0], hf.random_state(N, rng), hf.corrupt(p[0], 0.25, rng)):
                got = _call(fn, W, x)
                if np.ndim(got) != 0:
                    raise AssertionError(
                        f"energy should return one number, got an array of shape "
                        f"{np.shape(got)}. Did you forget to take the dot product with x "
                        "(x @ W @ x)?")
                got = float(got)
                want = hf.energy(W, x)
                if np.isclose(got, want, atol=1e-9):
                    continue
                for factor, why in ((2.0, "forgot the factor ½"),
                                    (-1.0, "have the sign the wrong way round: stored patterns "
                                           "must be valleys (low energy), so E = -½ xᵀWx"),
                                    (-2.0, "forgot both the minus sign and the ½")):
                    if np.isclose(got, factor * want, atol=1e-9) and want != 0:
                        raise AssertionError(f"it looks like you {why}.")
                raise AssertionError(
                    f"for a state with overlap {float(hf.overlap(x, p[0])):.2f} with a stored "
                    f"pattern the energy is {want:g}; you return {got:g}.")
        return ("energy: correct! A pattern stored alone sits at E = -(N - 1)/2 "
                "(-31.5 for N = 64 neurons).")

    return run_check("energy", body)


def _sweep_cases(cases=None):
    """(W, x, order) triples: memories from corrupted cues, crowded networks, and a tie."""
    if cases is None:
        rng = np.random.default_rng(5)
        pats = np.stack([hf.pattern_x().ravel(), hf.pattern_smiley().ravel()])
        W = hf.hebbian_weights(pats)
        out = [(W, hf.corrupt(pats[k], 0.35, rng).ravel(), rng.permutation(64)) for k in (0, 1)]
        # a crowded network (8 patterns in 32 neurons) from random starts: the order matters.
        # N a power of two: the fields k/N are exact, so a tie is h == 0 for the learner too
        Wc = hf.hebbian_weights(hf.random_patterns(8, 32, rng))
        out += [(Wc, hf.random_state(32, rng), rng.permutation(32)) for _ in range(10)]
        p = pats[0]
    else:
        out = []
        for P, N, seed in cases:
            rng = np.random.default_rng(seed)
            Wc = hf.hebbian_weights(hf.random_patterns(int(P), int(N), rng))
            out += [(Wc, hf.random_state(int(N), rng), rng.permutation(int(N))) for _ in range(4)]
        p = hf.random_patterns(1, int(rng.choice([16, 32])), rng)[0]  # 1/N exact: h is 0.0
    # ties: with one pattern and its diagonal kept, p·x = 0 makes every field 0
    W1 = hf.hebbian_weights(p, zero_diagonal=False)
    for _ in range(500):
        x = hf.random_state(p.size, rng)
        if x @ p == 0:
            out.insert(0, (W1, x, rng.permutation(p.size)))
            break
    return out


def _tie_sweep(W, x, order, tie):
    x = np.array(x, dtype=float)
    for i in order:
        h = W[i] @ x
        x[i] = 1.0 if h > 0 else -1.0 if h < 0 else tie
    return x


@with_random_cases(_random_pattern_cases)
def async_sweep(fn, cases=None) -> Feedback:
    """Check ``fn(W, x, order)``: one asynchronous sweep in the given order, ties keep.

    ``cases`` gives the networks (random starts and orders are drawn from each
    seed); a tie (every field exactly 0) is always tried too.
    """

    def body():
        for W, x, order in _sweep_cases(cases):
            before = x.copy()
            got = _as_array("async_sweep", _call(fn, W, x, order), x.shape)
            want = hf.async_sweep(W, before, order=order)
            if np.array_equal(got, want):
                continue
            if np.any(got == 0):
                raise AssertionError(
                    "some neurons end at 0. np.sign(0) is 0, which is no neuron state: "
                    "when the field h_i is exactly 0 the neuron keeps its value "
                    "(e.g. x[i] = 1 if h > 0 else -1 if h < 0 else x[i]).")
            if np.array_equal(got, hf.sync_step(W, before)):
                raise AssertionError(
                    "you updated all neurons at once from the old state (synchronously). "
                    "Asynchronous means: neuron i sees the state *including* the neurons "
                    "already updated in this sweep; change x in place inside the loop.")
            if np.array_equal(got, hf.async_sweep(W, before, order=np.arange(len(x)))):
                raise AssertionError("you updated the neurons in the order 0, 1, 2, ...; "
                                     "go through them in the given `order`.")
            for tie in (1.0, -1.0):
                if np.array_equal(got, _tie_sweep(W, before, order, tie)):
                    raise AssertionError(
                        f"when the field h_i is exactly 0 you set the neuron to {tie:+.0f}; it "
                        "must keep its value (x[i] stays as it is when h == 0).")
            if np.array_equal(got, -want):
                raise AssertionError("every neuron has the wrong sign: x_i = sign(h_i), "
                                     "with h = W x.")
            k = int(np.flatnonzero(got != want)[0])
            raise AssertionError(
                f"after the sweep neuron {k} should be {want[k]:+.0f}, you have "
                f"{got[k]:+.0f}. For each i in order: h = W[i] @ x, then x[i] = sign(h) "
                "(keep x[i] if h == 0).")
        return ("async_sweep: correct! One neuron at a time, each seeing the latest state: "
                "the energy can only go down.")

    return run_check("async_sweep", body)
