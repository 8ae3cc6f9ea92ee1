"""The network's equations: Hebbian weights, local fields, energy and overlaps.

Each equation is written once here, for arrays of any number of leading
(batch) axes; the public functions check their arguments and call it. The
dynamics (:mod:`.dynamics`) and the capacity curve (:mod:`.capacity`) use
the same private forms on stacks of networks.
"""

from __future__ import annotations

import numpy as np

from .._validate import check_bool, check_finite_array, check_int, check_rng
from .patterns import MAX_NEURONS, MAX_PATTERNS, N_DEFAULT, _check_pm1, _check_sizes, as_patterns

__all__ = [
    "hebbian_weights",
    "local_field",
    "energy",
    "energy_from_overlaps",
    "overlap",
    "overlap_region",
    "energy_along_path",
]


# ---------------------------------------------------------------------------
# the equations (any leading axes)
# ---------------------------------------------------------------------------


def _hebb(p: np.ndarray, zero_diagonal: bool = True) -> np.ndarray:
    """``W = pᵀ p / N`` for patterns ``p`` (..., P, N): one ``(N, N)`` matrix per leading index."""
    N = p.shape[-1]
    W = np.matmul(np.swapaxes(p, -1, -2), p) / N
    if zero_diagonal:
        idx = np.arange(N)
        W[..., idx, idx] = 0.0
    return W


def _field(W: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Local fields ``h_i = Σ_j W_ij x_j`` of states ``x`` (..., N); ``W`` (..., N, N)."""
    return np.matmul(x, np.swapaxes(W, -1, -2))


def _energy(W: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``E = -½ xᵀ W x`` of states ``x`` (..., N)."""
    return -0.5 * np.sum(_field(W, x) * x, axis=-1)


def _overlaps(x: np.ndarray, p: np.ndarray) -> np.ndarray:
    """``m_μ = (1/N) p^μ · x``: states ``x`` (..., n, N), patterns ``p`` (..., P, N) -> (..., n, P).

    Computed in float64 whatever the inputs' precision, so that ``m = 1`` is exact.
    """
    return np.matmul(np.asarray(x, dtype=float), np.swapaxes(np.asarray(p, dtype=float), -1, -2)
                     ) / p.shape[-1]


# ---------------------------------------------------------------------------
# argument checks
# ---------------------------------------------------------------------------


def _check_W(W) -> np.ndarray:
    W = check_finite_array("W", W, ndim=2)
    if W.shape[0] != W.shape[1]:
        raise ValueError(f"W must be a square matrix (N x N), got shape {W.shape}")
    _check_sizes("W", 1, W.shape[0])
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


# ---------------------------------------------------------------------------
# public
# ---------------------------------------------------------------------------


def hebbian_weights(patterns, zero_diagonal: bool = True) -> np.ndarray:
    """The Hebbian weight matrix ``W = (1/N) Σ_μ p^μ (p^μ)ᵀ``.

    Parameters
    ----------
    patterns : array_like or sequence of array_like
        The patterns to store (see :func:`~course_lib.hopfield.as_patterns`):
        one picture, a list of pictures, or an array ``(P, N)``; at most
        :data:`~course_lib.hopfield.MAX_NEURONS` neurons and
        :data:`~course_lib.hopfield.MAX_PATTERNS` patterns.
    zero_diagonal : bool
        Set ``W_ii = 0`` (default; ``True`` or ``False``, not ``None``). The report's Eq. 4 keeps
        ``W_ii = P/N``: then each neuron partly excites itself, and
        discrete updates freeze in states that are no memory
        (docs/hopfield.md, "The diagonal").

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
    The report (Saeedpour 2025), §3.1 (Eq. 4), §3.2 (Figure 11) and §3.4
    (Eq. 6, Figure 15).

    Examples
    --------
    >>> from course_lib.hopfield import pattern_x
    >>> W = hebbian_weights(pattern_x())
    >>> W.shape, float(W[0, 0]), float(W[0, 9]), float(W[0, 1])
    ((64, 64), 0.0, 0.015625, -0.015625)
    """
    p = as_patterns(patterns)
    return _hebb(p, check_bool("zero_diagonal", zero_diagonal))


def local_field(W, x) -> np.ndarray:
    """The local fields ``h = W x`` (the input of each neuron).

    Parameters
    ----------
    W : array_like, shape (N, N)
        Weights.
    x : array_like, shape (N,), (side, side) or (n, N)
        State(s); any real values.

    Returns
    -------
    ndarray, shape (N,) or (n, N)
        ``h_i = Σ_j W_ij x_j`` for each state.
    """
    W = _check_W(W)
    xs, single = _check_state("x", x, W.shape[0], pm1=False)
    h = _field(W, xs)
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
    downhill and stops in a local minimum (docs/hopfield.md, "Energy").

    References
    ----------
    Hopfield (1982), PNAS 79:2554.

    Examples
    --------
    >>> from course_lib.hopfield import pattern_x
    >>> p = pattern_x()
    >>> W = hebbian_weights(p)
    >>> float(energy(W, p)), float(energy(W, -p))   # -(N - 1)/2 each
    (-31.5, -31.5)
    """
    W = _check_W(W)
    xs, single = _check_state("x", x, W.shape[0], pm1=False)
    e = _energy(W, xs)
    return float(e[0]) if single else e


def energy_from_overlaps(m, n_patterns: int, N: int = N_DEFAULT):
    """The energy of a ±1 state from its overlaps with the stored patterns.

    For Hebbian weights with a zero diagonal and any ±1 state,
    ``E = -(N/2) Σ_μ m_μ² + P/2`` exactly: the energy only depends on how
    much the state looks like each memory (derived in docs/hopfield.md,
    "Energy").

    Parameters
    ----------
    m : array_like, shape (..., k)
        Overlaps in ``[-1, 1]`` with ``k <= P`` of the stored patterns (the
        last axis); the state has overlap 0 with the others.
    n_patterns : int
        ``P``, the number of stored patterns (1 to ``MAX_PATTERNS``).
    N : int
        Number of neurons (2 to ``MAX_NEURONS``).

    Returns
    -------
    ndarray, shape (...)

    Examples
    --------
    >>> float(energy_from_overlaps([1.0], 1))
    -31.5
    """
    m = check_finite_array("m", m)
    P = check_int("n_patterns", n_patterns, 1, MAX_PATTERNS)
    N = check_int("N", N, 2, MAX_NEURONS)
    if m.ndim == 0 or m.shape[-1] > P:
        raise ValueError(f"m must hold at most n_patterns = {P} overlaps on its last axis, got "
                         f"shape {m.shape}")
    if np.any(np.abs(m) > 1.0):
        raise ValueError(f"m must hold overlaps in [-1, 1], got {m[np.abs(m) > 1.0].flat[0]:g}")
    return -0.5 * N * np.sum(m * m, axis=-1) + 0.5 * P


def overlap(x, patterns):
    """The overlaps ``m_μ = (1/N) p^μ · x`` of a state with patterns.

    Parameters
    ----------
    x : array_like, shape (N,), (side, side) or (n, N)
        State(s); any real values.
    patterns : array_like
        One pattern or several (see :func:`~course_lib.hopfield.as_patterns`).

    Returns
    -------
    float, or ndarray of shape (P,), (n,) or (n, P)
        A float for one state and one pattern; ``1`` means identical,
        ``-1`` the inverse, about ``0`` unrelated.

    Examples
    --------
    >>> from course_lib.hopfield import pattern_x, pattern_smiley
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
    m = _overlaps(xs, p)
    if single_pattern:
        m = m[:, 0]
    if single:
        m = m[0]
    return float(m) if np.ndim(m) == 0 else m


def overlap_region(p, q) -> np.ndarray:
    """The corners of the region of overlaps ``(m_p, m_q)`` that ±1 states can reach.

    A state agrees with ``p`` on some of the sites where ``p`` and ``q``
    agree and on some of those where they differ; that makes the reachable
    ``(m_p, m_q)`` a rectangle turned by 45° with corners at ``p``, ``q``,
    ``-p`` and ``-q``.

    Parameters
    ----------
    p, q : array_like
        Two patterns of ±1 with the same number of neurons.

    Returns
    -------
    ndarray, shape (4, 2)
        ``(m_p, m_q)`` of ``p``, ``q``, ``-p``, ``-q``, in that order.

    Examples
    --------
    >>> from course_lib.hopfield import pattern_x, pattern_smiley
    >>> overlap_region(pattern_x(), pattern_smiley()).tolist()
    [[1.0, 0.0625], [0.0625, 1.0], [-1.0, -0.0625], [-0.0625, -1.0]]
    """
    a, b = _one_pattern("p", p), _one_pattern("q", q)
    if a.size != b.size:
        raise ValueError(f"p and q must have the same number of neurons, got {a.size} and "
                         f"{b.size}")
    c = float(_overlaps(a, b[None, :])[0])
    return np.array([[1.0, c], [c, 1.0], [-1.0, -c], [-c, -1.0]])


def _one_pattern(name: str, p) -> np.ndarray:
    """One pattern of ±1 (flat or a picture) as a flat array, or a ValueError naming ``name``."""
    arr = as_patterns(p, name=name)
    if arr.shape[0] != 1:
        raise ValueError(f"{name} must be one pattern (a flat vector or a square picture), "
                         f"got {arr.shape[0]} patterns")
    return arr[0]


def energy_along_path(W, start, end, rng=None) -> tuple[np.ndarray, np.ndarray]:
    """Energies of the states met flipping, one by one, the bits where ``start`` and ``end`` differ.

    Parameters
    ----------
    W : array_like, shape (N, N)
        Weights.
    start, end : array_like
        ±1 states of ``N`` entries.
    rng : numpy.random.Generator, int or None
        The order of the flips (random): a Generator, a seed >= 0 or ``None``.

    Returns
    -------
    (ndarray, ndarray), shapes (d + 1,)
        Bits flipped so far (``0..d``, ``d`` the Hamming distance) and the
        energy of each state on the path.

    Examples
    --------
    >>> from course_lib.hopfield import pattern_x, pattern_smiley
    >>> W = hebbian_weights([pattern_x(), pattern_smiley()])
    >>> k, E = energy_along_path(W, pattern_x(), pattern_smiley(), rng=0)
    >>> int(k[-1]), float(E[0]) == float(E[-1]), bool(E.max() > E[0])
    (30, True, True)
    """
    W = _check_W(W)
    N = W.shape[0]
    a, _ = _check_state("start", start, N, allow_batch=False)
    b, _ = _check_state("end", end, N, allow_batch=False)
    rng = check_rng("rng", rng)
    a, b = a[0], b[0]
    diff = np.flatnonzero(a != b)
    diff = rng.permutation(diff)
    path = np.repeat(a[None, :], diff.size + 1, axis=0)
    for k, i in enumerate(diff):
        path[k + 1:, i] = b[i]
    return np.arange(diff.size + 1), _energy(W, path)
