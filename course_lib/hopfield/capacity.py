"""Storage capacity: how many random patterns the network recalls, and the reference scales."""

from __future__ import annotations

import itertools
import math
from typing import Callable

import numpy as np

from .._validate import MAX_ELEMENTS, MAX_STEPS, check_callable, check_choice, \
    check_finite_array, check_int, check_range, check_rng
from .dynamics import MAX_MULTIPLY_ADDS, _settle, _tie_tol
from .network import _hebb, _overlaps
from .patterns import MAX_NEURONS, MAX_PATTERNS, N_DEFAULT, _flip_ranked, _random_pm1

__all__ = ["ALPHA_C", "capacity_curve", "capacity_lines", "crossing"]

ALPHA_C = 0.138
"""Large-N capacity per neuron (Amit, Gutfreund & Sompolinsky 1987): retrieval
with about 1.6% wrong bits, not perfect recall."""


MAX_SWEEPS = 50
"""Sweeps (or synchronous steps) after which a capacity run counts as settled or failed."""


def _set_streams(root: int, N: int, P: int, trials: int):
    """The random patterns and cue rankings of pattern sets ``0..trials-1`` for ``P`` patterns.

    Set ``k`` draws from its own stream, seeded by ``(root, N, P, k)`` alone:
    the same set whatever the flip fraction, rule, criterion or number of
    sets (common random numbers).
    """
    xi = np.empty((trials, P, N), dtype=np.float32)
    u = np.empty((trials, P, N))
    for k in range(trials):
        g = np.random.default_rng(np.random.SeedSequence(root, spawn_key=(N, P, 0, k)))
        xi[k] = _random_pm1(g, (P, N))
        u[k] = g.random((P, N))
    order_rng = np.random.default_rng(np.random.SeedSequence(root, spawn_key=(N, P, 1)))
    return xi, u, order_rng


def _capacity_batch(P: int, trials: int, N: int, n_flip: int, rule: str, min_overlap: float,
                    root: int, max_sweeps: int = MAX_SWEEPS) -> np.ndarray:
    """Recall every pattern of ``trials`` networks with ``P`` patterns; success rate per network.

    The same equations as :func:`~course_lib.hopfield.recall`, on a stack of
    ``trials`` networks with ``P`` cues each. float32: the Hebbian weights of
    ``N = 64`` are exact, and the tie tolerance follows the precision.
    """
    xi, u, order_rng = _set_streams(root, N, P, trials)
    W3 = _hebb(xi)
    x3 = _flip_ranked(xi, u, n_flip)  # each cue: exactly n_flip bits of its pattern flipped
    _settle(W3, x3, rule, order_rng, max_sweeps, _tie_tol(W3))
    m = np.diagonal(_overlaps(x3, xi), axis1=-2, axis2=-1)  # each end state vs its own pattern
    return (m >= min_overlap - 1e-12).mean(axis=1)


def _numbers_of_patterns(n_patterns) -> list[int]:
    """``n_patterns`` as a list of integers in ``[1, MAX_PATTERNS]`` (at most that many)."""
    if isinstance(n_patterns, (str, bytes)) or not hasattr(n_patterns, "__iter__"):
        raise ValueError(f"n_patterns must be a sequence of integers >= 1, got {n_patterns!r}")
    try:
        items = list(itertools.islice(iter(n_patterns), MAX_PATTERNS + 1))
    except TypeError:
        raise ValueError(f"n_patterns must be a sequence of integers >= 1, "
                         f"got {n_patterns!r}") from None
    if len(items) > MAX_PATTERNS:
        raise ValueError(f"n_patterns must hold at most {MAX_PATTERNS} numbers of patterns")
    if not items:
        raise ValueError("n_patterns must contain at least one number of patterns")
    return [check_int("n_patterns", P, 1, MAX_PATTERNS) for P in items]


def capacity_curve(N: int = N_DEFAULT, n_patterns=range(1, 21), trials: int = 100,
                   flip_fraction: float = 0.1, rule: str = "async", rng=None, *,
                   min_overlap: float = 1.0,
                   progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """Fraction of stored patterns recalled, for each number of stored patterns.

    For each ``P`` in ``n_patterns``: ``trials`` networks, each storing ``P``
    random patterns (zero diagonal). Every stored pattern is a target: it is
    corrupted (exactly ``round(flip_fraction · N)`` bits flipped) and the
    network runs from there until it settles (at most 50 sweeps); the
    recall counts if the end state *is* the pattern (``-p`` is a failure),
    or, with ``min_overlap < 1``, if its overlap with the pattern reaches
    ``min_overlap``.

    **Common random numbers.** Pattern set ``k`` for ``P`` patterns has its
    own random stream, seeded from ``rng`` and ``(N, P, k)`` only: with the
    same ``rng`` every protocol (flip fraction, rule, criterion, number of
    sets) runs on the same patterns, and the cues of a larger flip fraction
    flip a superset of the bits of a smaller one. So protocols compare on
    the same networks, and a looser criterion never scores lower.

    Parameters
    ----------
    N : int
        Neurons, 4 to ``MAX_NEURONS``.
    n_patterns : iterable of int
        Numbers of stored patterns, each in ``[1, MAX_PATTERNS]`` (at most
        ``MAX_PATTERNS`` of them).
    trials : int
        Random pattern sets per ``P`` (>= 1; the networks of one ``P`` must
        fit in ``MAX_ELEMENTS`` numbers and a sweep of all of them in
        ``MAX_MULTIPLY_ADDS / 10``).
    flip_fraction : float
        Fraction of bits flipped in each cue, in ``[0, 1]``.
    rule : {"async", "sync"}
        Update rule (async: random order each sweep, until a sweep changes
        nothing; sync: until a fixed point or a 2-cycle).
    rng : numpy.random.Generator, int or None
        Seeds the streams of the pattern sets: a Generator, a seed (an
        integer >= 0) or ``None`` (fresh patterns).
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
    ``recall``; its stream depends on ``N`` and ``P`` only). With the
    defaults (``N = 64``, ``P = 1..20``, 100 sets) it takes about a second.

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
    N = check_int("N", N, 4, MAX_NEURONS)
    Ps = _numbers_of_patterns(n_patterns)
    trials = check_int("trials", trials, 1)
    flip_fraction = check_range("flip_fraction", flip_fraction, 0.0, 1.0)
    rule = check_choice("rule", rule, ("async", "sync"))
    min_overlap = check_range("min_overlap", min_overlap, -1.0, 1.0, low_inclusive=False)
    if progress is not None:
        check_callable("progress", progress)
    root = int(check_rng("rng", rng).integers(2**63))
    P_max = max(Ps)
    if trials * max(N * N, P_max * N) > MAX_ELEMENTS:
        raise ValueError(f"trials = {trials} networks of N = {N} neurons and up to {P_max} "
                         f"patterns need {trials * max(N * N, P_max * N):,} numbers at once; "
                         f"at most {MAX_ELEMENTS:,} are allowed")
    work = trials * sum(Ps) * N * N
    if work > MAX_MULTIPLY_ADDS // 10 or len(Ps) * MAX_SWEEPS * N > MAX_STEPS:
        raise ValueError(f"trials = {trials} with N = {N} and these n_patterns asks for "
                         f"{work:,} multiply-adds per sweep; at most "
                         f"{MAX_MULTIPLY_ADDS // 10:,} are allowed (a curve of about 10 s)")
    n_flip = int(round(flip_fraction * N))
    out = np.empty(len(Ps))
    for k, P in enumerate(Ps):
        out[k] = _capacity_batch(P, trials, N, n_flip, rule, min_overlap, root).mean()
        if progress is not None:
            progress(k + 1, len(Ps))
    return out


def capacity_lines(N: int = N_DEFAULT) -> dict[str, float]:
    """The three reference capacities for ``N`` neurons.

    Parameters
    ----------
    N : int
        Neurons, 4 to ``MAX_NEURONS``.

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
    N = check_int("N", N, 4, MAX_NEURONS)
    return {"0.138 N": ALPHA_C * N, "N / (2 ln N)": N / (2 * math.log(N)),
            "N / (4 ln N)": N / (4 * math.log(N))}


def crossing(n_patterns, fraction, level: float) -> float:
    """Where a recall curve first falls below ``level`` (linear interpolation).

    Parameters
    ----------
    n_patterns : array_like, shape (k,)
        Numbers of stored patterns (strictly increasing, ``k >= 1``).
    fraction : array_like, shape (k,)
        Recall fraction at each, in ``[0, 1]``.
    level : float
        E.g. ``0.95`` or ``0.5``, in ``[0, 1]``.

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
    if P.size == 0:
        raise ValueError("n_patterns must hold at least one number of patterns, got none")
    if np.any(np.diff(P) <= 0):
        raise ValueError(f"n_patterns must be strictly increasing, got {P.tolist()[:10]}")
    if np.any((f < 0) | (f > 1)):
        raise ValueError(f"fraction must hold fractions in [0, 1], got "
                         f"{f[(f < 0) | (f > 1)][0]:g}")
    level = check_range("level", level, 0.0, 1.0)
    below = np.flatnonzero(f < level)
    if below.size == 0:
        return math.nan
    k = int(below[0])
    if k == 0:
        return float(P[0])
    p0, p1, f0, f1 = P[k - 1], P[k], f[k - 1], f[k]
    return float(round(p0 + (f0 - level) / (f0 - f1) * (p1 - p0), 10))
