"""Storage capacity: how many random patterns the network recalls, and the reference scales."""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from .._validate import check_choice, check_finite_array, check_int, check_range
from .dynamics import _settle, _tie_tol
from .network import _hebb, _overlaps
from .patterns import N_DEFAULT, _flip_bits, _random_pm1

__all__ = ["ALPHA_C", "capacity_curve", "capacity_lines", "crossing"]

ALPHA_C = 0.138
"""Large-N capacity per neuron (Amit, Gutfreund & Sompolinsky 1987): retrieval
with about 1.6% wrong bits, not perfect recall."""


def _capacity_batch(P: int, trials: int, N: int, n_flip: int, rule: str, min_overlap: float,
                    rng, max_sweeps: int = 50) -> np.ndarray:
    """Recall every pattern of ``trials`` networks with ``P`` patterns; success rate per network.

    The same equations as :func:`~course_lib.hopfield.recall`, on a stack of
    ``trials`` networks with ``P`` cues each. float32: the Hebbian weights of
    ``N = 64`` are exact, and the tie tolerance follows the precision.
    """
    xi = _random_pm1(rng, (trials, P, N)).astype(np.float32)
    W3 = _hebb(xi)
    x3 = _flip_bits(xi, n_flip, rng)  # each cue: exactly n_flip bits of its pattern flipped
    _settle(W3, x3, rule, rng, max_sweeps, _tie_tol(W3))
    m = np.diagonal(_overlaps(x3, xi), axis1=-2, axis2=-1)  # each end state vs its own pattern
    return (m >= min_overlap - 1e-12).mean(axis=1)


def capacity_curve(N: int = N_DEFAULT, n_patterns=range(1, 21), trials: int = 100,
                   flip_fraction: float = 0.1, rule: str = "async", rng=None, *,
                   min_overlap: float = 1.0,
                   progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """Fraction of stored patterns recalled, for each number of stored patterns.

    For each ``P`` in ``n_patterns``: ``trials`` networks, each storing ``P``
    random patterns (zero diagonal). Every stored pattern is a target: it is
    corrupted (exactly ``round(flip_fraction · N)`` bits flipped) and the
    network runs from there until it settles; the recall counts if the end
    state *is* the pattern (``-p`` is a failure), or, with
    ``min_overlap < 1``, if its overlap with the pattern reaches
    ``min_overlap``.

    Parameters
    ----------
    N : int
        Neurons (at least 4).
    n_patterns : iterable of int
        Numbers of stored patterns, each >= 1.
    trials : int
        Random pattern sets per ``P`` (>= 1).
    flip_fraction : float
        Fraction of bits flipped in each cue, in ``[0, 1]``.
    rule : {"async", "sync"}
        Update rule (async: random order each sweep, until a sweep changes
        nothing; sync: until a fixed point or a 2-cycle).
    rng : numpy.random.Generator, int or None
        Patterns, cues and update orders.
    min_overlap : float
        Success criterion in ``(-1, 1]``: ``1`` is exact recall.
    progress : callable, optional
        Called as ``progress(done, total)`` after each ``P``.

    Returns
    -------
    ndarray, shape (len(n_patterns),)
        Fraction of successful recalls (over all patterns of all trials).

    Notes
    -----
    Vectorised over all trials and all patterns at once, with the update
    equations of :func:`~course_lib.hopfield.recall`: the only Python loop
    inside one ``P`` is over the positions of an asynchronous sweep (the
    order is random each sweep and shared across the batch, as in
    ``recall``). With the defaults (``N = 64``, ``P = 1..20``, 100 sets) it
    takes about a second.

    References
    ----------
    The report (Saeedpour 2025), §3.6 (Figure 18); docs/hopfield.md,
    "Capacity" (the crossings for 10% and 30% of the bits flipped).

    Examples
    --------
    >>> f = capacity_curve(n_patterns=[1, 2], trials=20, rng=0)
    >>> f.tolist()
    [1.0, 1.0]
    """
    N = check_int("N", N, 4)
    try:
        Ps = [check_int("n_patterns", P, 1) for P in n_patterns]
    except TypeError:
        raise ValueError(f"n_patterns must be a sequence of integers >= 1, "
                         f"got {n_patterns!r}") from None
    if not Ps:
        raise ValueError("n_patterns must contain at least one number of patterns")
    trials = check_int("trials", trials, 1)
    flip_fraction = check_range("flip_fraction", flip_fraction, 0.0, 1.0)
    rule = check_choice("rule", rule, ("async", "sync"))
    min_overlap = check_range("min_overlap", min_overlap, -1.0, 1.0, low_inclusive=False)
    rng = np.random.default_rng(rng)
    n_flip = int(round(flip_fraction * N))
    out = np.empty(len(Ps))
    for k, P in enumerate(Ps):
        out[k] = _capacity_batch(P, trials, N, n_flip, rule, min_overlap, rng).mean()
        if progress is not None:
            progress(k + 1, len(Ps))
    return out


def capacity_lines(N: int = N_DEFAULT) -> dict[str, float]:
    """The three reference capacities for ``N`` neurons.

    Parameters
    ----------
    N : int
        Neurons (at least 4).

    Returns
    -------
    dict[str, float]
        ``"0.138 N"``: the large-N limit of retrieval with ~1.6% wrong bits
        (not perfect recall); ``"N / (2 ln N)"``: every single pattern a
        fixed point (exact recall of each, finite N); ``"N / (4 ln N)"``:
        all patterns fixed points at once.

    References
    ----------
    Amit, Gutfreund & Sompolinsky (1987), Ann. Phys. 173:30 (``0.138 N``);
    McEliece et al. (1987), IEEE Trans. Inf. Theory 33:461
    (``N / (2 ln N)``, ``N / (4 ln N)``).

    Examples
    --------
    >>> {k: round(v, 2) for k, v in capacity_lines(64).items()}
    {'0.138 N': 8.83, 'N / (2 ln N)': 7.69, 'N / (4 ln N)': 3.85}
    """
    N = check_int("N", N, 4)
    return {"0.138 N": ALPHA_C * N, "N / (2 ln N)": N / (2 * math.log(N)),
            "N / (4 ln N)": N / (4 * math.log(N))}


def crossing(n_patterns, fraction, level: float) -> float:
    """Where a recall curve first falls below ``level`` (linear interpolation).

    Parameters
    ----------
    n_patterns : array_like, shape (k,)
        Numbers of stored patterns (increasing).
    fraction : array_like, shape (k,)
        Recall fraction at each.
    level : float
        E.g. ``0.95`` or ``0.5``.

    Returns
    -------
    float
        The interpolated ``P`` between the last point at or above ``level``
        and the first below it; ``nan`` if the curve never falls below, the
        first ``P`` if it starts below.

    Examples
    --------
    >>> crossing([1, 2, 3, 4], [1.0, 0.9, 0.4, 0.1], 0.5)
    2.8
    """
    P = check_finite_array("n_patterns", n_patterns, ndim=1)
    f = check_finite_array("fraction", fraction, ndim=1)
    if P.shape != f.shape:
        raise ValueError(f"n_patterns and fraction must have the same length, got "
                         f"{P.size} and {f.size}")
    level = check_range("level", level, 0.0, 1.0)
    below = np.flatnonzero(f < level)
    if below.size == 0:
        return math.nan
    k = int(below[0])
    if k == 0:
        return float(P[0])
    p0, p1, f0, f1 = P[k - 1], P[k], f[k - 1], f[k]
    return float(round(p0 + (f0 - level) / (f0 - f1) * (p1 - p0), 10))
