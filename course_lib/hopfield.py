"""The Hopfield network: Hebbian memories, energy, recall and capacity.

``N`` binary neurons ``x_i = ±1`` (an 8 x 8 picture for ``N = 64``) store
``P`` patterns ``p^μ`` in the Hebbian weights

.. math::

    W = \\frac{1}{N} \\sum_{\\mu=1}^{P} p^\\mu (p^\\mu)^T, \\qquad W_{ii} = 0 .

A neuron's input is its local field ``h_i = Σ_j W_ij x_j``. Recall updates
``x_i <- sgn(h_i)``:

* **asynchronously** (one neuron at a time, each neuron once per *sweep* in
  a random order): the energy ``E = -½ xᵀ W x`` never rises, so every run
  ends in a fixed point;
* **synchronously** (all neurons at once): fast, but it can oscillate
  between two states;
* **continuously** (the report's Eq. 5): ``x <- x + dt (-x + f(W x)) +
  sigma sqrt(dt) eta`` with ``f = sign`` or ``f(s) = tanh(beta s)``; the
  state is read out as ``sign(x)``.

Three choices the report leaves open, fixed here (SCIENCE.md §3):

* **The diagonal is zero.** With ``W_ii = P/N`` kept, a neuron partly holds
  itself in place and discrete updates freeze in states that are no memory
  (X + smiley then ends in hundreds of distinct states instead of four).
* **Ties keep the current state.** ``np.sign(0)`` is ``0``, which is no
  neuron state; with one stored pattern about 10% of random states have
  ``p · x = 0`` exactly. On ``h_i = 0`` the neuron keeps its value.
* **Gain.** With ``f = tanh`` (gain 1) a memory ``x = a p`` needs
  ``a = tanh(beta a (N-1)/N)``, which has a solution ``a != 0`` only for
  ``beta (N-1)/N > 1``: ``beta = 1`` stores nothing. Use ``sign`` or
  ``beta >= 2``.

Patterns are arrays of ``-1`` and ``+1``: a picture of shape ``(side,
side)`` or a flat vector of ``N`` entries. A sequence of patterns is a list
of them, or an array of shape ``(P, N)`` or ``(P, side, side)``. A square
2-D array is read as *one* picture (what :func:`pattern_x` returns).

Randomness comes in as a ``numpy.random.Generator`` (``rng``); ``None``
means a fresh, unseeded one.

References
----------
Seed 000, §3 (Figures 10-18, Eqs. 4-6); SCIENCE.md §3. Hopfield (1982),
PNAS 79:2554; Amit, Gutfreund & Sompolinsky (1987), Ann. Phys. 173:30
(``0.138 N``); McEliece et al. (1987), IEEE Trans. Inf. Theory 33:461
(``N / (2 ln N)``, ``N / (4 ln N)``).
"""

from __future__ import annotations

import math
from typing import Callable, NamedTuple

import numpy as np

from ._validate import check_choice, check_finite_array, check_int, check_nonnegative, \
    check_positive, check_range

__all__ = [
    "SIDE",
    "N_DEFAULT",
    "DT_DEFAULT",
    "SIGMA_DEFAULT",
    "ALPHA_C",
    "RULES",
    "Recall",
    "pattern_x",
    "pattern_smiley",
    "pattern_library",
    "as_patterns",
    "random_patterns",
    "hebbian_weights",
    "local_field",
    "energy",
    "energy_from_overlaps",
    "overlap",
    "corrupt",
    "random_state",
    "async_sweep",
    "sync_step",
    "is_fixed_point",
    "recall",
    "distinct_states",
    "mixture_state",
    "energy_along_path",
    "overlap_region",
    "capacity_curve",
    "capacity_lines",
    "crossing",
]

SIDE = 8
"""Side of the report's pictures: ``N = 8 x 8 = 64`` neurons."""
N_DEFAULT = SIDE * SIDE
"""Number of neurons of the report's network."""
DT_DEFAULT = 0.1
"""Euler step of the continuous update (Eq. 5), in units of the time constant."""
SIGMA_DEFAULT = 0.1
"""Noise amplitude of the continuous update (Eq. 5)."""
ALPHA_C = 0.138
"""Large-N capacity per neuron (Amit, Gutfreund & Sompolinsky 1987): retrieval
with about 1.6% wrong bits, not perfect recall."""
RULES = ("async", "sync", "continuous")
"""Update rules of :func:`recall`."""

_SMILEY8 = (
    "..####..",
    ".#....#.",
    "#.#..#.#",
    "#......#",
    "#.#..#.#",
    "#..##..#",
    ".#....#.",
    "..####..",
)


# ---------------------------------------------------------------------------
# patterns
# ---------------------------------------------------------------------------


def _side(side) -> int:
    return check_int("side", side, 4, 64)


def _from_template(rows, side: int) -> np.ndarray:
    t = np.array([[1.0 if ch == "#" else -1.0 for ch in row] for row in rows])
    idx = np.arange(side) * t.shape[0] // side
    return t[np.ix_(idx, idx)]


def pattern_x(side: int = SIDE) -> np.ndarray:
    """The report's 'X': both diagonals ``+1`` (white), the rest ``-1`` (black).

    Parameters
    ----------
    side : int
        Pixels per side, 4 to 64 (``N = side²`` neurons).

    Returns
    -------
    ndarray, shape (side, side)
        Entries ``-1.0`` and ``+1.0``.

    References
    ----------
    Seed 000, §3.1 (Figure 10).

    Examples
    --------
    >>> p = pattern_x()
    >>> p.shape, int((p == 1).sum())
    ((8, 8), 16)
    """
    side = _side(side)
    i = np.arange(side)
    on = (i[:, None] == i[None, :]) | (i[:, None] + i[None, :] == side - 1)
    return np.where(on, 1.0, -1.0)


def pattern_smiley(side: int = SIDE) -> np.ndarray:
    """The report's second pattern, a smiley (☺): a round face with eyes and a mouth.

    Parameters
    ----------
    side : int
        Pixels per side, 4 to 64; other sides than 8 scale the 8 x 8
        drawing (nearest neighbour).

    Returns
    -------
    ndarray, shape (side, side)
        Entries ``-1.0`` and ``+1.0`` (``+1`` draws the face).

    References
    ----------
    Seed 000, §3.4 (Figure 14).

    Examples
    --------
    >>> q = pattern_smiley()
    >>> float(overlap(q, pattern_x()))   # nearly orthogonal to the X
    0.0625
    """
    return _from_template(_SMILEY8, _side(side))


_LIBRARY8 = {
    "T": ("########", "########", "...##...", "...##...", "...##...", "...##...",
          "...##...", "...##..."),
    "L": ("##......", "##......", "##......", "##......", "##......", "##......",
          "########", "########"),
    "plus": ("...##...", "...##...", "...##...", "########", "########", "...##...",
             "...##...", "...##..."),
    "square": ("########", "#......#", "#......#", "#......#", "#......#", "#......#",
               "#......#", "########"),
    "checker": tuple(("#." * 4) if r % 2 == 0 else (".#" * 4) for r in range(8)),
}


def pattern_library(side: int = SIDE) -> dict[str, np.ndarray]:
    """Ready-made patterns for the pattern editor, by name.

    Parameters
    ----------
    side : int
        Pixels per side, 8 to 64 (drawn on 8 x 8, scaled up).

    Returns
    -------
    dict[str, ndarray]
        ``"X"``, ``"smiley"``, ``"T"``, ``"L"``, ``"plus"``, ``"square"``
        and ``"checker"``, each of shape ``(side, side)`` with entries ±1.

    Examples
    --------
    >>> sorted(pattern_library())[:3]
    ['L', 'T', 'X']
    """
    side = check_int("side", side, 8, 64)  # smaller sides lose the drawings' details
    lib = {"X": pattern_x(side), "smiley": pattern_smiley(side)}
    lib.update({name: _from_template(rows, side) for name, rows in _LIBRARY8.items()})
    return lib


def _check_pm1(name: str, arr: np.ndarray) -> None:
    bad = (arr != 1.0) & (arr != -1.0)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        where = idx[0] if len(idx) == 1 else idx
        raise ValueError(f"{name} must contain only -1 and +1 (entry {where} is "
                         f"{arr[tuple(idx)]:g}); a Hopfield neuron is either on or off")


def as_patterns(patterns, name: str = "patterns") -> np.ndarray:
    """Check patterns and return them as a float array of shape ``(P, N)``.

    Parameters
    ----------
    patterns : array_like or sequence of array_like
        One pattern (a flat vector, or a square picture ``(side, side)``),
        a list of patterns of equal size (any shapes), or an array of shape
        ``(P, N)`` (not square) or ``(P, side, side)``.
    name : str
        Name used in error messages.

    Returns
    -------
    ndarray, shape (P, N)
        Entries ``-1.0`` and ``+1.0``.

    Raises
    ------
    ValueError
        Values other than ±1, patterns of different sizes, an empty list.

    Examples
    --------
    >>> as_patterns([pattern_x(), pattern_smiley()]).shape
    (2, 64)
    >>> as_patterns([[1, -1, 1], [1, 1]])
    Traceback (most recent call last):
    ...
    ValueError: patterns must all have the same number of neurons: pattern 0 has 3, pattern 1 has 2
    """
    if isinstance(patterns, (list, tuple)):
        if len(patterns) == 0:
            raise ValueError(f"{name} must contain at least one pattern, got an empty list")
        if all(np.ndim(p) == 0 for p in patterns):  # one flat pattern given as a list
            items = [patterns]
        else:
            items = list(patterns)
        flat = []
        for k, p in enumerate(items):
            arr = check_finite_array(f"{name}[{k}]" if len(items) > 1 else name, p)
            flat.append(arr.ravel())
        sizes = [a.size for a in flat]
        if len(set(sizes)) > 1:
            k = next(i for i, s in enumerate(sizes) if s != sizes[0])
            raise ValueError(f"{name} must all have the same number of neurons: pattern 0 has "
                             f"{sizes[0]}, pattern {k} has {sizes[k]}")
        out = np.stack(flat)
    else:
        try:
            arr = np.asarray(patterns, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be an array of -1 and +1 (or a list of such "
                             f"arrays of equal size), got {patterns!r}") from None
        if arr.ndim == 1:
            out = arr[None, :]
        elif arr.ndim == 2:
            out = arr.reshape(1, -1) if arr.shape[0] == arr.shape[1] else arr
        elif arr.ndim == 3:
            out = arr.reshape(arr.shape[0], -1)
        else:
            raise ValueError(f"{name} must have 1, 2 or 3 dimensions, got shape {arr.shape}")
        check_finite_array(name, out)
    if out.shape[1] < 2:
        raise ValueError(f"{name} must have at least 2 neurons, got {out.shape[1]}")
    _check_pm1(name, out)
    return out


def random_patterns(n: int, N: int = N_DEFAULT, rng=None) -> np.ndarray:
    """``n`` random patterns of ``N`` neurons, each entry ±1 with probability ½.

    Returns
    -------
    ndarray, shape (n, N)

    Examples
    --------
    >>> random_patterns(3, 64, np.random.default_rng(0)).shape
    (3, 64)
    """
    n = check_int("n", n, 1)
    N = check_int("N", N, 2)
    rng = np.random.default_rng(rng)
    return rng.choice(np.array([-1.0, 1.0]), size=(n, N))


def random_state(N: int = N_DEFAULT, rng=None, n: int | None = None) -> np.ndarray:
    """A random state (or ``n`` of them): entries ±1 with probability ½.

    Returns
    -------
    ndarray, shape (N,) or (n, N)
    """
    rng = np.random.default_rng(rng)
    if n is None:
        return random_patterns(1, N, rng)[0]
    return random_patterns(n, N, rng)


# ---------------------------------------------------------------------------
# weights, fields, energy, overlaps
# ---------------------------------------------------------------------------


def hebbian_weights(patterns, zero_diagonal: bool = True) -> np.ndarray:
    """The Hebbian weight matrix ``W = (1/N) Σ_μ p^μ (p^μ)ᵀ``.

    Parameters
    ----------
    patterns : array_like or sequence of array_like
        The patterns to store (see :func:`as_patterns`): one picture, a
        list of pictures, or an array ``(P, N)``.
    zero_diagonal : bool
        Set ``W_ii = 0`` (default). The report's Eq. 4 keeps
        ``W_ii = P/N``: then each neuron partly excites itself, and
        discrete updates freeze in states that are no memory.

    Returns
    -------
    ndarray, shape (N, N)
        Symmetric; ``W_ij = (1/N) Σ_μ p_i^μ p_j^μ``.

    Notes
    -----
    Built as one matrix product ``pᵀ p / N``, no loop. Neurons that agree in
    a pattern excite each other, neurons that disagree inhibit each other.

    References
    ----------
    Seed 000, §3.2 (Eq. 4, Figure 11) and §3.4 (Eq. 6, Figure 15).

    Examples
    --------
    >>> W = hebbian_weights(pattern_x())
    >>> W.shape, float(W[0, 0]), float(W[0, 9]), float(W[0, 1])
    ((64, 64), 0.0, 0.015625, -0.015625)
    """
    p = as_patterns(patterns)
    N = p.shape[1]
    W = p.T @ p / N
    if zero_diagonal:
        np.fill_diagonal(W, 0.0)
    return W


def _check_W(W) -> np.ndarray:
    W = check_finite_array("W", W, ndim=2)
    if W.shape[0] != W.shape[1]:
        raise ValueError(f"W must be a square matrix (N x N), got shape {W.shape}")
    return W


def _check_state(name: str, x, N: int, allow_batch: bool = True, pm1: bool = True):
    """Return ``(x as (n, N), single)``; a single state may have any shape of N entries."""
    arr = check_finite_array(name, x)
    if arr.size == N and (arr.ndim == 1 or (arr.ndim == 2 and arr.shape[0] == arr.shape[1])):
        out, single = arr.reshape(1, N), True
    elif allow_batch and arr.ndim == 2 and arr.shape[1] == N:
        out, single = arr, False
    else:
        raise ValueError(f"{name} must have N = {N} entries (one per neuron) or shape (n, {N}), "
                         f"got shape {arr.shape}")
    if pm1:
        _check_pm1(name, out)
    return out, single


def _tie_tol(W) -> float:
    return 1e-9 * float(np.max(np.abs(W))) if W.size else 0.0


def local_field(W, x) -> np.ndarray:
    """The local fields ``h = W x`` (the input of each neuron).

    Parameters
    ----------
    W : array_like, shape (N, N)
    x : array_like, shape (N,), (side, side) or (n, N)
        States (any real values).

    Returns
    -------
    ndarray, shape (N,) or (n, N)
    """
    W = _check_W(W)
    xs, single = _check_state("x", x, W.shape[0], pm1=False)
    h = xs @ W.T
    return h[0] if single else h


def energy(W, x):
    """The energy ``E = -½ xᵀ W x`` of a state (or of each of several states).

    Parameters
    ----------
    W : array_like, shape (N, N)
        Weights.
    x : array_like, shape (N,), (side, side) or (n, N)
        State(s); any real values (the continuous update's states too).

    Returns
    -------
    float or ndarray, shape (n,)

    Notes
    -----
    With a symmetric ``W`` and a zero diagonal, one asynchronous update of
    neuron ``i`` changes the energy by ``ΔE = -Δx_i h_i <= 0``: recall goes
    downhill and stops in a local minimum.

    References
    ----------
    Hopfield (1982); seed 000, §3.6 ("energy landscapes").

    Examples
    --------
    >>> p = pattern_x()
    >>> W = hebbian_weights(p)
    >>> float(energy(W, p)), float(energy(W, -p))   # -(N - 1)/2 each
    (-31.5, -31.5)
    """
    W = _check_W(W)
    xs, single = _check_state("x", x, W.shape[0], pm1=False)
    e = -0.5 * np.sum((xs @ W.T) * xs, axis=1)
    return float(e[0]) if single else e


def energy_from_overlaps(m, n_patterns: int, N: int = N_DEFAULT):
    """The energy of a ±1 state from its overlaps with the stored patterns.

    For Hebbian weights with a zero diagonal and any ±1 state,
    ``E = -(N/2) Σ_μ m_μ² + P/2`` exactly: the energy only depends on how
    much the state looks like each memory.

    Parameters
    ----------
    m : array_like, shape (..., P)
        Overlaps with the ``P`` stored patterns (the last axis).
    n_patterns : int
        ``P``, the number of stored patterns.
    N : int
        Number of neurons.

    Returns
    -------
    ndarray, shape (...)

    Examples
    --------
    >>> float(energy_from_overlaps([1.0], 1))
    -31.5
    """
    m = check_finite_array("m", m)
    P = check_int("n_patterns", n_patterns, 1)
    N = check_int("N", N, 2)
    return -0.5 * N * np.sum(m * m, axis=-1) + 0.5 * P


def overlap(x, patterns):
    """The overlaps ``m_μ = (1/N) p^μ · x`` of a state with patterns.

    Parameters
    ----------
    x : array_like, shape (N,), (side, side) or (n, N)
        State(s); any real values.
    patterns : array_like
        One pattern or several (see :func:`as_patterns`).

    Returns
    -------
    float, or ndarray of shape (P,), (n,) or (n, P)
        A float for one state and one pattern; ``1`` means identical,
        ``-1`` the inverse, about ``0`` unrelated.

    Examples
    --------
    >>> p = pattern_x()
    >>> float(overlap(p, p)), float(overlap(-p, p))
    (1.0, -1.0)
    >>> overlap(p, [p, pattern_smiley()]).tolist()
    [1.0, 0.0625]
    """
    single_pattern = not isinstance(patterns, (list, tuple)) and (
        np.ndim(patterns) == 1
        or (np.ndim(patterns) == 2 and np.shape(patterns)[0] == np.shape(patterns)[1]))
    p = as_patterns(patterns)
    xs, single = _check_state("x", x, p.shape[1], pm1=False)
    m = xs @ p.T / p.shape[1]
    if single_pattern:
        m = m[:, 0]
    if single:
        m = m[0]
    return float(m) if np.ndim(m) == 0 else m


def corrupt(pattern, fraction: float, rng=None) -> np.ndarray:
    """A copy of ``pattern`` with exactly ``round(fraction · N)`` distinct bits flipped.

    Parameters
    ----------
    pattern : array_like
        One pattern of ±1 (flat or a picture); the result has its shape.
    fraction : float
        Fraction of the bits to flip, in ``[0, 1]``.
    rng : numpy.random.Generator, int or None
        Which bits (chosen without replacement).

    Returns
    -------
    ndarray, same shape as ``pattern``

    References
    ----------
    Seed 000, §3.5 (Figure 17: 30% of the X's bits flipped).

    Examples
    --------
    >>> p = pattern_x()
    >>> c = corrupt(p, 0.3, np.random.default_rng(1))
    >>> int((c != p).sum())   # round(0.3 * 64) = 19
    19
    """
    arr = check_finite_array("pattern", pattern)
    if arr.size < 2:
        raise ValueError(f"pattern must have at least 2 neurons, got {arr.size}")
    _check_pm1("pattern", arr.reshape(1, -1))
    fraction = check_range("fraction", fraction, 0.0, 1.0)
    rng = np.random.default_rng(rng)
    flat = arr.ravel().copy()
    k = int(round(fraction * flat.size))
    idx = rng.choice(flat.size, size=k, replace=False)
    flat[idx] *= -1.0
    return flat.reshape(arr.shape)


# ---------------------------------------------------------------------------
# dynamics
# ---------------------------------------------------------------------------


def _sgn_keep(h, x, tol):
    """``sgn(h)``, keeping ``x`` where ``|h| <= tol`` (the tie rule)."""
    return np.where(h > tol, 1.0, np.where(h < -tol, -1.0, x))


def async_sweep(W, x, order=None, rng=None) -> np.ndarray:
    """One asynchronous sweep: each neuron in turn takes the sign of its field.

    Parameters
    ----------
    W : array_like, shape (N, N)
    x : array_like, shape (N,), (side, side) or (n, N)
        State(s) of ±1.
    order : array_like of int, shape (N,), optional
        The order in which neurons are updated (a permutation of
        ``0..N-1``); by default a random permutation from ``rng``.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    ndarray, same shape as ``x``
        The state after all ``N`` single-neuron updates. A neuron whose
        field is exactly 0 keeps its state.

    Notes
    -----
    Neuron ``i`` sees the *current* state, including the neurons already
    updated in this sweep: ``x_i <- sgn(Σ_j W_ij x_j)``.

    Examples
    --------
    >>> p = pattern_x().ravel()
    >>> W = hebbian_weights(p)
    >>> bool(np.array_equal(async_sweep(W, p, order=np.arange(64)), p))   # a fixed point
    True
    """
    W = _check_W(W)
    N = W.shape[0]
    arr = np.asarray(x)
    xs, single = _check_state("x", x, N)
    xs = xs.copy()
    if order is None:
        order = np.random.default_rng(rng).permutation(N)
    else:
        order = np.asarray(order)
        if order.shape != (N,) or not np.array_equal(np.sort(order), np.arange(N)):
            raise ValueError(f"order must be a permutation of 0..{N - 1}")
    tol = _tie_tol(W)
    for i in order:
        h = xs @ W[i]
        xs[:, i] = _sgn_keep(h, xs[:, i], tol)
    return xs[0].reshape(arr.shape) if single else xs


def sync_step(W, x) -> np.ndarray:
    """One synchronous update: every neuron takes the sign of its field at once.

    Ties (``h_i = 0``) keep the current state.

    Returns
    -------
    ndarray, same shape as ``x``
    """
    W = _check_W(W)
    arr = np.asarray(x)
    xs, single = _check_state("x", x, W.shape[0])
    out = _sgn_keep(xs @ W.T, xs, _tie_tol(W))
    return out[0].reshape(arr.shape) if single else out


def is_fixed_point(W, x) -> bool | np.ndarray:
    """True where no single-neuron update changes the state: ``x_i h_i >= 0`` for all ``i``.

    Examples
    --------
    >>> W = hebbian_weights([pattern_x(), pattern_smiley()])
    >>> bool(is_fixed_point(W, pattern_smiley())), bool(is_fixed_point(W, -pattern_x()))
    (True, True)
    """
    W = _check_W(W)
    xs, single = _check_state("x", x, W.shape[0])
    h = xs @ W.T
    ok = np.all(xs * h >= -_tie_tol(W), axis=1)
    return bool(ok[0]) if single else ok


class Recall(NamedTuple):
    """Result of :func:`recall`.

    Attributes
    ----------
    t : ndarray, shape (n_frames,)
        Time of each frame: sweeps (async; ``1/N`` per single update with
        ``record="update"``), steps (sync) or time constants (continuous).
    states : ndarray, shape (n_frames, N) or (n_frames, n, N)
        The state at each frame, the start first. Continuous runs hold the
        real-valued ``x``.
    final : ndarray, shape (N,) or (n, N)
        The end state read out as ±1 (``sign(x)``, zeros as ``+1``, for
        the continuous rule).
    converged : bool or ndarray of bool, shape (n,)
        Discrete rules: the run reached a fixed point (a sync run in a
        2-cycle has not). Continuous: ``final`` is a fixed point of the
        discrete dynamics.
    """

    t: np.ndarray
    states: np.ndarray
    final: np.ndarray
    converged: bool | np.ndarray


def recall(W, x0, rule: str = "async", rng=None, *, max_sweeps: int = 100,
           record: str = "sweep", T: float = 10.0, dt: float = DT_DEFAULT,
           sigma: float = SIGMA_DEFAULT, beta: float | None = None) -> Recall:
    """Run the network from ``x0`` until it settles; return the trajectory and end state.

    Parameters
    ----------
    W : array_like, shape (N, N)
        Weights (e.g. from :func:`hebbian_weights`).
    x0 : array_like, shape (N,), (side, side) or (n, N)
        Start state(s) of ±1 (continuous rule: any real values). Several
        starts run together, each with its own random update order.
    rule : {"async", "sync", "continuous"}
        Asynchronous sweeps in a random order, synchronous steps, or the
        report's Euler update (Eq. 5).
    rng : numpy.random.Generator, int or None
        Update order (async) and noise (continuous).
    max_sweeps : int
        Discrete rules: stop after this many sweeps / steps at the latest.
    record : {"sweep", "update"}
        Async only: one frame per sweep, or one per single-neuron update
        (for animations).
    T, dt, sigma : float
        Continuous rule: duration and Euler step (time constants), noise
        amplitude; each step adds ``sigma sqrt(dt) N(0, 1)``.
    beta : float or None
        Continuous rule: ``f = sign`` (``None``) or ``f(s) = tanh(beta s)``.

    Returns
    -------
    Recall
        ``t``, ``states``, ``final``, ``converged``.

    Notes
    -----
    Async: ``x_i <- sgn(h_i)``, one neuron at a time; a run stops after a
    sweep without change (a fixed point; the energy never rose). Sync:
    ``x <- sgn(W x)``; stops at a fixed point or a 2-cycle. Ties keep the
    current state. Continuous (Eq. 5):
    ``x <- x + dt (-x + f(W x)) + sigma sqrt(dt) eta``.

    References
    ----------
    Seed 000, §3.2 (Eq. 5, Figures 12-13), §3.4.1 (Figure 16), §3.5
    (Figure 17).

    Examples
    --------
    >>> W = hebbian_weights([pattern_x(), pattern_smiley()])
    >>> cue = corrupt(pattern_x(), 0.3, np.random.default_rng(0))
    >>> r = recall(W, cue, rng=np.random.default_rng(1))
    >>> float(overlap(r.final, pattern_x())), bool(r.converged)
    (1.0, True)
    """
    W = _check_W(W)
    N = W.shape[0]
    rule = check_choice("rule", rule, RULES)
    record = check_choice("record", record, ("sweep", "update"))
    max_sweeps = check_int("max_sweeps", max_sweeps, 1)
    rng = np.random.default_rng(rng)
    shape = np.shape(x0)
    xs, single = _check_state("x0", x0, N, pm1=rule != "continuous")
    xs = xs.copy()
    n = xs.shape[0]
    tol = _tie_tol(W)
    frames = [xs.copy()]
    times = [0.0]

    if rule == "continuous":
        T = check_positive("T", T)
        dt = check_positive("dt", dt)
        sigma = check_nonnegative("sigma", sigma)
        if beta is not None:
            beta = check_positive("beta", beta)
        n_steps = max(1, int(round(T / dt)))
        noise = sigma * math.sqrt(dt)
        for k in range(n_steps):
            h = xs @ W.T
            f = np.sign(h) if beta is None else np.tanh(beta * h)
            xs = xs + dt * (-xs + f)
            if noise:
                xs += noise * rng.standard_normal(xs.shape)
            frames.append(xs.copy())
            times.append((k + 1) * dt)
        final = np.where(xs >= 0.0, 1.0, -1.0)
        converged = np.all(final * (final @ W.T) >= -tol, axis=1)
    elif rule == "sync":
        converged = np.zeros(n, dtype=bool)
        prev = None
        for k in range(max_sweeps):
            new = _sgn_keep(xs @ W.T, xs, tol)
            still = np.all(new == xs, axis=1)
            converged |= still
            cycle = np.all(new == prev, axis=1) if prev is not None else np.zeros(n, bool)
            prev, xs = xs, new
            frames.append(xs.copy())
            times.append(k + 1.0)
            if np.all(still | cycle):
                break
        final = xs
    else:  # async
        converged = np.zeros(n, dtype=bool)
        rows = np.arange(n)
        for k in range(max_sweeps):
            order = rng.permuted(np.tile(np.arange(N), (n, 1)), axis=1)
            changed = np.zeros(n, dtype=bool)
            for j in range(N):
                i = order[:, j]
                h = np.einsum("bn,bn->b", W[i], xs)
                old = xs[rows, i]
                new = _sgn_keep(h, old, tol)
                changed |= new != old
                xs[rows, i] = new
                if record == "update":
                    frames.append(xs.copy())
                    times.append(k + (j + 1) / N)
            if record == "sweep":
                frames.append(xs.copy())
                times.append(k + 1.0)
            converged |= ~changed
            if not changed.any():
                break
        final = xs
    states = np.stack(frames)
    t = np.array(times)
    if single:
        return Recall(t, states[:, 0, :], final[0].reshape(shape), bool(converged[0]))
    return Recall(t, states, final, converged)


def distinct_states(states) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of ``states`` and how often each occurs, most frequent first.

    Parameters
    ----------
    states : array_like, shape (n, N)

    Returns
    -------
    (ndarray of shape (k, N), ndarray of int of shape (k,))

    Examples
    --------
    >>> u, c = distinct_states([[1, -1], [1, -1], [-1, 1]])
    >>> u.tolist(), c.tolist()
    ([[1.0, -1.0], [-1.0, 1.0]], [2, 1])
    """
    s = check_finite_array("states", states, ndim=2)
    u, counts = np.unique(s, axis=0, return_counts=True)
    order = np.argsort(-counts, kind="stable")
    return u[order], counts[order]


def mixture_state(patterns) -> np.ndarray:
    """The symmetric mixture ``sgn(p¹ + p² + p³ + ...)`` of an odd number of patterns.

    With three or more stored patterns it is often a *spurious* memory: a
    local energy minimum that is none of the stored patterns.

    Returns
    -------
    ndarray, shape (N,)

    Examples
    --------
    >>> mixture_state([[1, 1, -1], [1, -1, -1], [-1, 1, 1]]).tolist()
    [1.0, 1.0, -1.0]
    """
    p = as_patterns(patterns)
    if p.shape[0] % 2 == 0:
        raise ValueError(f"patterns must be an odd number of patterns (no ties in the sum), "
                         f"got {p.shape[0]}")
    return np.sign(p.sum(axis=0))


def energy_along_path(W, start, end, rng=None) -> tuple[np.ndarray, np.ndarray]:
    """Energies of the states met flipping, one by one, the bits where ``start`` and ``end`` differ.

    Parameters
    ----------
    W : array_like, shape (N, N)
    start, end : array_like
        ±1 states of ``N`` entries.
    rng : numpy.random.Generator, int or None
        The order of the flips (random).

    Returns
    -------
    (ndarray, ndarray), shapes (d + 1,)
        Bits flipped so far (``0..d``, ``d`` the Hamming distance) and the
        energy of each state on the path.

    Examples
    --------
    >>> W = hebbian_weights([pattern_x(), pattern_smiley()])
    >>> k, E = energy_along_path(W, pattern_x(), pattern_smiley(), rng=0)
    >>> int(k[-1]), float(E[0]) == float(E[-1]), bool(E.max() > E[0])
    (30, True, True)
    """
    W = _check_W(W)
    N = W.shape[0]
    a, _ = _check_state("start", start, N, allow_batch=False)
    b, _ = _check_state("end", end, N, allow_batch=False)
    a, b = a[0], b[0]
    diff = np.flatnonzero(a != b)
    diff = np.random.default_rng(rng).permutation(diff)
    path = np.repeat(a[None, :], diff.size + 1, axis=0)
    for k, i in enumerate(diff):
        path[k + 1:, i] = b[i]
    return np.arange(diff.size + 1), energy(W, path)


def overlap_region(p, q) -> np.ndarray:
    """The corners of the region of overlaps ``(m_p, m_q)`` that ±1 states can reach.

    A state agrees with ``p`` on some of the sites where ``p`` and ``q``
    agree and on some of those where they differ; that makes the reachable
    ``(m_p, m_q)`` a rectangle turned by 45° with corners at ``p``, ``q``,
    ``-p`` and ``-q``.

    Returns
    -------
    ndarray, shape (4, 2)
        ``(m_p, m_q)`` of ``p``, ``q``, ``-p``, ``-q``, in that order.

    Examples
    --------
    >>> overlap_region(pattern_x(), pattern_smiley()).tolist()
    [[1.0, 0.0625], [0.0625, 1.0], [-1.0, -0.0625], [-0.0625, -1.0]]
    """
    pq = as_patterns([p, q])
    c = float(pq[0] @ pq[1] / pq.shape[1])
    return np.array([[1.0, c], [c, 1.0], [-1.0, -c], [-c, -1.0]])


# ---------------------------------------------------------------------------
# capacity
# ---------------------------------------------------------------------------


def _capacity_batch(P: int, trials: int, N: int, n_flip: int, rule: str, min_overlap: float,
                    rng, max_sweeps: int = 50) -> np.ndarray:
    """Recall every pattern of ``trials`` networks with ``P`` patterns; success per trial."""
    xi = rng.choice(np.array([-1.0, 1.0]), size=(trials, P, N)).astype(np.float32)
    J = np.einsum("tpi,tpj->tij", xi, xi)  # N W, integer-valued: ties are exact
    idx = np.arange(N)
    J[:, idx, idx] = 0.0
    # cues: exactly n_flip distinct bits of each pattern flipped
    flips = np.argsort(rng.random((trials, P, N)), axis=2)[:, :, :n_flip]
    x = xi.copy()
    np.put_along_axis(x, flips, -np.take_along_axis(x, flips, axis=2), axis=2)
    if rule == "sync":
        prev = None
        for _ in range(max_sweeps):
            h = np.matmul(x, J)  # J symmetric
            new = np.where(h > 0, 1.0, np.where(h < 0, -1.0, x)).astype(np.float32)
            if np.array_equal(new, x) or (prev is not None and np.array_equal(new, prev)):
                x = new
                break
            prev, x = x, new
    else:
        for _ in range(max_sweeps):
            changed = False
            for i in rng.permutation(N):  # one random order per sweep, shared by the batch
                h = np.matmul(x, J[:, :, i, None])[..., 0]  # (trials, P)
                old = x[:, :, i]
                new = np.where(h > 0, 1.0, np.where(h < 0, -1.0, old))
                if not changed and np.any(new != old):
                    changed = True
                x[:, :, i] = new
            if not changed:
                break
    if min_overlap >= 1.0:
        ok = np.all(x == xi, axis=2)
    else:
        ok = np.einsum("tpn,tpn->tp", x, xi) / N >= min_overlap - 1e-12
    return ok.mean(axis=1)


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
    Vectorised over all trials and all patterns at once: the only Python
    loop inside one ``P`` is over the positions of an asynchronous sweep
    (every network updates its neuron at that position together; the order
    is random each sweep and shared across the batch, which is equivalent
    for random patterns). With the defaults (``N = 64``, ``P = 1..20``, 100
    sets) it takes well under 2 s.

    References
    ----------
    Seed 000, §3.6 (Figure 18); SCIENCE.md §3: with 10% of the bits flipped,
    95% recall up to ``P ≈ 6.8`` and 50% at ``P ≈ 12.2``; with 30%,
    ``3.2`` and ``8.2``.

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

    Returns
    -------
    dict[str, float]
        ``"0.138 N"``: the large-N limit of retrieval with ~1.6% wrong bits
        (not perfect recall); ``"N / (2 ln N)"``: every single pattern a
        fixed point (exact recall of each, finite N); ``"N / (4 ln N)"``:
        all patterns fixed points at once.

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
