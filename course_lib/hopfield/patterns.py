"""Patterns of the Hopfield network: the report's pictures, random patterns, corruption.

Patterns are arrays of ``-1`` and ``+1``: a picture of shape ``(side,
side)`` or a flat vector of ``N`` entries. A sequence of patterns is a list
of them, or an array of shape ``(P, N)`` or ``(P, side, side)``. A square
2-D array is read as *one* picture (what :func:`pattern_x` returns).
"""

from __future__ import annotations

import numpy as np

from .._validate import MAX_ELEMENTS, check_finite_array, check_int, check_range, check_rng

__all__ = [
    "SIDE",
    "N_DEFAULT",
    "MAX_SIDE",
    "MAX_NEURONS",
    "MAX_PATTERNS",
    "pattern_x",
    "pattern_smiley",
    "pattern_library",
    "as_patterns",
    "random_patterns",
    "random_state",
    "corrupt",
    "mixture_state",
]

SIDE = 8
"""Side of the report's pictures: ``N = 8 x 8 = 64`` neurons."""
N_DEFAULT = SIDE * SIDE
"""Number of neurons of the report's network."""
MAX_SIDE = 32
"""Largest picture side: ``32 x 32``, i.e. :data:`MAX_NEURONS` neurons."""
MAX_NEURONS = MAX_SIDE * MAX_SIDE
"""Most neurons a network may have (1024). The course's networks have 36 to 100;
1024 keeps ``W`` at 8 MB and every call of the package within a second or two on a
shared class server (``W`` has ``N²`` entries, recall costs ``N²`` per step)."""
MAX_PATTERNS = 1024
"""Most patterns one call may store or draw (1024: seven times the capacity of the
largest network, :data:`MAX_NEURONS` x 0.138)."""

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


def _side(side) -> int:
    return check_int("side", side, 4, MAX_SIDE)


def _from_template(rows, side: int) -> np.ndarray:
    t = np.array([[1.0 if ch == "#" else -1.0 for ch in row] for row in rows])
    idx = np.arange(side) * t.shape[0] // side
    return t[np.ix_(idx, idx)]


def pattern_x(side: int = SIDE) -> np.ndarray:
    """The report's 'X': both diagonals ``+1`` (white), the rest ``-1`` (black).

    Parameters
    ----------
    side : int
        Pixels per side, 4 to 32 (``N = side²`` neurons).

    Returns
    -------
    ndarray, shape (side, side)
        Entries ``-1.0`` and ``+1.0``.

    References
    ----------
    The report (Saeedpour 2025), §3.1, Figure 10.

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
        Pixels per side, 4 to 32; other sides than 8 scale the 8 x 8
        drawing (nearest neighbour).

    Returns
    -------
    ndarray, shape (side, side)
        Entries ``-1.0`` and ``+1.0`` (``+1`` draws the face).

    References
    ----------
    The report (Saeedpour 2025), §3.4, Figure 14.

    Examples
    --------
    >>> from course_lib.hopfield import overlap
    >>> q = pattern_smiley()
    >>> float(overlap(q, pattern_x()))   # nearly orthogonal to the X
    0.0625
    """
    return _from_template(_SMILEY8, _side(side))


def pattern_library(side: int = SIDE) -> dict[str, np.ndarray]:
    """Ready-made patterns for the pattern editor, by name.

    Parameters
    ----------
    side : int
        Pixels per side, 8 to 32 (drawn on 8 x 8, scaled up).

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
    side = check_int("side", side, 8, MAX_SIDE)  # smaller sides lose the drawings' details
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


def _check_sizes(name: str, P: int, N: int) -> None:
    """``P`` patterns of ``N`` neurons within the limits, or a ValueError naming ``name``."""
    if N < 2:
        raise ValueError(f"{name} must have at least 2 neurons, got {N}")
    if N > MAX_NEURONS:
        raise ValueError(f"{name} has {N:,} neurons; at most {MAX_NEURONS} are allowed "
                         f"(a {MAX_SIDE} x {MAX_SIDE} picture; W has N² entries)")
    if P > MAX_PATTERNS:
        raise ValueError(f"{name} holds {P:,} patterns; at most {MAX_PATTERNS} are allowed")


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
        Entries ``-1.0`` and ``+1.0``; ``2 <= N <=`` :data:`MAX_NEURONS`,
        ``P <=`` :data:`MAX_PATTERNS`.

    Raises
    ------
    ValueError
        Values other than ±1, patterns of different sizes, an empty list,
        sizes beyond the limits.

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
        if np.ndim(patterns[0]) == 0:  # one flat pattern given as a list of numbers
            out = check_finite_array(name, patterns, ndim=1)[None, :]
        else:
            if len(patterns) > MAX_PATTERNS:
                _check_sizes(name, len(patterns), 2)
            flat = []
            for k, p in enumerate(patterns):
                arr = check_finite_array(f"{name}[{k}]" if len(patterns) > 1 else name, p)
                if arr.size > MAX_NEURONS:
                    _check_sizes(f"{name}[{k}]" if len(patterns) > 1 else name, 1, arr.size)
                flat.append(arr.ravel())
            sizes = [a.size for a in flat]
            if len(set(sizes)) > 1:
                k = next(i for i, s in enumerate(sizes) if s != sizes[0])
                raise ValueError(f"{name} must all have the same number of neurons: pattern 0 "
                                 f"has {sizes[0]}, pattern {k} has {sizes[k]}")
            out = np.stack(flat)
    else:
        arr = check_finite_array(name, patterns)  # refuses text and huge arrays before copying
        if arr.ndim == 1:
            out = arr[None, :]
        elif arr.ndim == 2:
            out = arr.reshape(1, -1) if arr.shape[0] == arr.shape[1] else arr
        elif arr.ndim == 3:
            out = arr.reshape(arr.shape[0], -1)
        else:
            raise ValueError(f"{name} must have 1, 2 or 3 dimensions (one pattern, a picture or "
                             f"a stack of patterns), got shape {arr.shape}")
    _check_sizes(name, out.shape[0], out.shape[1])
    _check_pm1(name, out)
    return out


def _random_pm1(rng: np.random.Generator, shape) -> np.ndarray:
    """Entries ±1, each with probability ½, in an array of ``shape``."""
    return rng.choice(np.array([-1.0, 1.0]), size=shape)


def random_patterns(n: int, N: int = N_DEFAULT, rng=None) -> np.ndarray:
    """``n`` random patterns of ``N`` neurons, each entry ±1 with probability ½.

    Parameters
    ----------
    n : int
        Number of patterns, 1 to :data:`MAX_PATTERNS`.
    N : int
        Neurons per pattern, 2 to :data:`MAX_NEURONS`.
    rng : numpy.random.Generator, int or None
        Source of randomness: a Generator, a seed (an integer >= 0) or
        ``None`` (a fresh, unseeded one).

    Returns
    -------
    ndarray, shape (n, N)

    Examples
    --------
    >>> random_patterns(3, 64, np.random.default_rng(0)).shape
    (3, 64)
    """
    n = check_int("n", n, 1, MAX_PATTERNS)
    N = check_int("N", N, 2, MAX_NEURONS)
    return _random_pm1(check_rng("rng", rng), (n, N))


def random_state(N: int = N_DEFAULT, rng=None, n: int | None = None) -> np.ndarray:
    """A random state (or ``n`` of them): entries ±1 with probability ½.

    Parameters
    ----------
    N : int
        Neurons, 2 to :data:`MAX_NEURONS`.
    rng : numpy.random.Generator, int or None
        Source of randomness (a Generator, a seed >= 0 or ``None``).
    n : int, optional
        Number of states, at least 1 and at most ``MAX_ELEMENTS / N``
        (20 million numbers); by default one.

    Returns
    -------
    ndarray, shape (N,) or (n, N)
    """
    N = check_int("N", N, 2, MAX_NEURONS)
    rng = check_rng("rng", rng)
    if n is None:
        return _random_pm1(rng, (N,))
    n = check_int("n", n, 1, MAX_ELEMENTS // N)
    return _random_pm1(rng, (n, N))


def _flip_bits(x: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """A copy of ``x`` (..., N) with exactly ``k`` distinct entries of each row negated.

    Which entries: uniformly at random, independently per row (the ``k``
    smallest of ``N`` uniform numbers). :func:`corrupt` and the capacity
    curve's cues both come from here.
    """
    return _flip_ranked(x, rng.random(x.shape), k)


def _flip_ranked(x: np.ndarray, u: np.ndarray, k: int) -> np.ndarray:
    """A copy of ``x`` with the entries of the ``k`` smallest ``u`` of each row negated.

    With the same ``u``, a larger ``k`` flips a superset of the bits: cues
    of different corruption levels nest.
    """
    idx = np.argsort(u, axis=-1)[..., :k]
    out = x.copy()
    np.put_along_axis(out, idx, -np.take_along_axis(out, idx, axis=-1), axis=-1)
    return out


def corrupt(pattern, fraction: float, rng=None) -> np.ndarray:
    """A copy of ``pattern`` with exactly ``round(fraction · N)`` distinct bits flipped.

    Parameters
    ----------
    pattern : array_like
        One pattern of ±1 (flat or a picture, 2 to :data:`MAX_NEURONS`
        entries); the result has its shape.
    fraction : float
        Fraction of the bits to flip, in ``[0, 1]``.
    rng : numpy.random.Generator, int or None
        Which bits (chosen without replacement, uniformly): a Generator, a
        seed >= 0 or ``None``.

    Returns
    -------
    ndarray, same shape as ``pattern``

    References
    ----------
    The report (Saeedpour 2025), §3.5, Figure 17 (30% of the X's bits
    flipped).

    Examples
    --------
    >>> p = pattern_x()
    >>> c = corrupt(p, 0.3, np.random.default_rng(1))
    >>> int((c != p).sum())   # round(0.3 * 64) = 19
    19
    """
    arr = check_finite_array("pattern", pattern)
    if not (arr.ndim == 1 or (arr.ndim == 2 and arr.shape[0] == arr.shape[1])):
        raise ValueError(f"pattern must be one pattern (a flat vector or a square picture), "
                         f"got shape {arr.shape}")
    flat = arr.reshape(1, -1)
    _check_sizes("pattern", 1, flat.shape[1])
    _check_pm1("pattern", flat)
    fraction = check_range("fraction", fraction, 0.0, 1.0)
    rng = check_rng("rng", rng)
    k = int(round(fraction * flat.shape[1]))
    return _flip_bits(flat, k, rng).reshape(arr.shape)


def mixture_state(patterns) -> np.ndarray:
    """The symmetric mixture ``sgn(p¹ + p² + p³ + ...)`` of an odd number of patterns.

    With three or more stored patterns it is often a *spurious* memory: a
    local energy minimum that is none of the stored patterns.

    Parameters
    ----------
    patterns : array_like or sequence of array_like
        An odd number of patterns (see :func:`as_patterns`).

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
