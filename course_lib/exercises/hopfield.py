"""Checks for the exercises of notebook 03 (the Hopfield network).

Each check takes the learner's function, tries it on a few inputs, and
returns :class:`~course_lib.exercises.Feedback` that names the mistake when
it recognises one.
"""

from __future__ import annotations

import numpy as np

from .. import hopfield as hf
from . import Feedback, NotDone, is_unfinished, run_check

__all__ = ["hebbian", "energy", "async_sweep"]


def _call(fn, *args):
    out = fn(*(a.copy() if isinstance(a, np.ndarray) else a for a in args))
    if is_unfinished(out):
        raise NotDone
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


def _cases():
    rng = np.random.default_rng(3)
    yield np.stack([hf.pattern_x().ravel(), hf.pattern_smiley().ravel()])
    yield hf.random_patterns(3, 10, rng)
    yield hf.random_patterns(1, 16, rng)


def hebbian(fn) -> Feedback:
    """Check ``fn(patterns)``: the Hebbian weights of patterns ``(P, N)``, zero diagonal."""

    def body():
        for p in _cases():
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
            raise AssertionError(
                f"with {P} pattern(s) of {N} neurons, W[0, 1] should be "
                f"{want[0, 1]:g} (= (1/N) Σ_μ p_0 p_1), you have {got[0, 1]:g}.")
        return ("hebbian: correct! Each pattern adds (1/N) p pᵀ, and the diagonal is zero: "
                "no neuron excites itself.")

    return run_check("hebbian", body)


def energy(fn) -> Feedback:
    """Check ``fn(W, x)``: the energy ``-½ xᵀ W x`` (a number)."""

    def body():
        rng = np.random.default_rng(4)
        for p in _cases():
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
        return ("energy: correct! A stored pattern of N = 64 neurons sits at E = -(N - 1)/2 "
                "= -31.5 when it is stored alone.")

    return run_check("energy", body)


def _sweep_cases():
    rng = np.random.default_rng(5)
    pats = np.stack([hf.pattern_x().ravel(), hf.pattern_smiley().ravel()])
    W = hf.hebbian_weights(pats)
    cases = [(W, hf.corrupt(pats[k], 0.35, rng).ravel(), rng.permutation(64)) for k in (0, 1)]
    # a crowded network (8 patterns in 32 neurons) from random starts: the order matters.
    # N a power of two: the fields k/N are exact, so a tie is h == 0 for the learner too
    Wc = hf.hebbian_weights(hf.random_patterns(8, 32, rng))
    cases += [(Wc, hf.random_state(32, rng), rng.permutation(32)) for _ in range(10)]
    # ties: with one pattern and its diagonal kept, p·x = 0 makes every field 0
    p = pats[0]
    W1 = hf.hebbian_weights(p, zero_diagonal=False)
    for _ in range(200):
        x = hf.random_state(64, rng)
        if x @ p == 0:
            cases.insert(0, (W1, x, rng.permutation(64)))
            break
    return cases


def async_sweep(fn) -> Feedback:
    """Check ``fn(W, x, order)``: one asynchronous sweep in the given order, ties keep."""

    def body():
        for W, x, order in _sweep_cases():
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
