"""Two rate neurons that excite each other: the phase plane.

The model (the report, Saeedpour 2025, §2) is

.. math::

    \\frac{dx}{dt} = -x + f(w_2 y + I), \\qquad
    \\frac{dy}{dt} = -y + f(w_1 x + I), \\qquad
    f(s) = \\frac{50}{1 + e^{-s}},

with the rates ``x`` and ``y`` in Hz, the coupling from ``x`` to ``y`` (``w1``)
and from ``y`` to ``x`` (``w2``) in 1/Hz, a common input ``I``
(dimensionless) and time in units of the rate time constant. The report's
``f'(s) = 50 σ(s)(1 - σ(s))`` implies this logistic ``f`` (range 0 to 50 Hz),
not the ``60 (1 + tanh s)`` of part 1. ``f``, ``f'`` and ``f^-1`` are
:func:`course_lib.transfer.logistic_rate`, ``logistic_rate_prime`` and
``logistic_rate_inverse``, used here and everywhere else in the course.

Defaults: ``w1 = w2 = 0.4``, ``I = -10``, Euler step ``dt = 0.1``.

What is exact here:

* **Fixed points** for any ``|w1|, |w2| <= W_LIMIT`` and finite ``I``:
  eliminating ``y = f(w1 x + I)`` leaves one equation ``g(x) = -x + f(w2 f(w1 x + I) + I) = 0`` on
  ``(0, 50)``. ``g`` is split at its critical points (found on a grid that
  resolves every steep part, then refined) into monotone pieces; each piece
  holds at most one root, refined with Brent's method; a critical point where
  ``g`` vanishes (to within its round-off) is a tangency (a saddle-node) and
  is reported as such.
* **Classification** from the Jacobian ``[[-1, w2 f'(w2 y + I)], [w1 f'(w1 x + I), -1]]``:
  its trace is always ``-2`` (each neuron leaks), so the only way to lose
  stability is ``det < 0``: a saddle.
* **The separatrix**: the stable manifold of a saddle, integrated backwards in
  time from the saddle along its stable eigenvector.
* **The bifurcation diagram** for ``w1 = w2 = w``: the symmetric fixed points
  satisfy ``I = f^-1(x) - w x`` (parametrised by ``x``), the saddle-nodes
  ``w f'(f^-1(x)) = 1``, i.e. ``x (50 - x) = 50 / w``.

Arguments are checked (``ValueError`` naming the parameter and its range):
couplings within ``±W_LIMIT`` (1e6 1/Hz, where every input ``w x + I`` is still
exact to 1e-8), any finite input, durations of at most ``MAX_STEPS`` Euler
steps of ``dt <= 1``, curves of at most ``N_MAX`` points; strings and booleans
are never numbers. The result classes check their fields too, so a
:class:`FixedPoint` typed in by hand is checked like any argument.

References
----------
The report (Saeedpour 2025), §2 (Figures 6-9, Table 1); ``docs/two_neuron.md``
(the corrections to it and their derivations).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from scipy import optimize

from ._validate import (MAX_ELEMENTS, MAX_STEPS, check_bool, check_choice, check_finite,
                        check_finite_array, check_int, check_positive, check_range,
                        check_steps)
from .integrate import euler
from .transfer import LOGISTIC_MAX, logistic_rate, logistic_rate_inverse, logistic_rate_prime

__all__ = [
    "W_DEFAULT",
    "I_DEFAULT",
    "DT_DEFAULT",
    "R_MAX",
    "W_CUSP",
    "I_CUSP",
    "SPIRAL",
    "W_LIMIT",
    "N_MAX",
    "KINDS",
    "FixedPoint",
    "Simulation",
    "Separatrix",
    "Basin",
    "SaddleNode",
    "Branch",
    "Nullclines",
    "SaddleNodeCurves",
    "velocity",
    "jacobian",
    "eigenvalues",
    "classify",
    "fixed_points",
    "simulate",
    "nullclines",
    "separatrix",
    "basin_polygons",
    "attractor_index",
    "saddle_nodes",
    "saddle_node_values",
    "bistable_range",
    "symmetric_branch",
    "saddle_node_curve",
    "fixed_point_table",
]

W_DEFAULT = 0.4
"""Default coupling ``w1 = w2`` (1/Hz)."""
I_DEFAULT = -10.0
"""Default common input: with ``w = 0.4`` the saddle is at ``x = y = 25`` exactly."""
DT_DEFAULT = 0.1
"""Euler time step (units of the time constant)."""
R_MAX = LOGISTIC_MAX
"""Maximal rate, 50 Hz: every fixed point lies in the square (0, 50)²."""
W_CUSP = 0.08
"""Coupling of the cusp (``w1 = w2``): bistability needs ``w > 2 / 25 = 0.08``."""
I_CUSP = -2.0
"""Input at the cusp: ``I = f^-1(25) - 0.08 · 25 = -2``."""

SPIRAL = {"w1": 1.0, "w2": -0.1, "I": -1.5}
"""A stable spiral you can see: ``x`` excites ``y``, ``y`` inhibits ``x``. Its
eigenvalues ``-1 ± 1.22i`` turn the flow as fast as the sliders' range allows (the
trace is always ``-2``, so every half turn also shrinks it ``e^{-π/1.22}``, 13-fold)."""

W_LIMIT = 1e6
"""Largest coupling ``|w|`` (1/Hz) the functions accept. Up to it, the input ``w x + I``
of a rate ``x <= 50`` Hz is computed to within ``50 |w| ε ≈ 1e-8`` (ε: the float
precision), so fixed points, their kind and the bifurcation inputs stay exact; the
course's sliders end at 1."""
N_MAX = 1_000_000
"""Most sample points of one curve (:func:`nullclines`, :func:`symmetric_branch`,
:func:`saddle_node_curve`)."""

_TOL = 1e-10  # relative tolerance of the classification (zero det, repeated eigenvalues)


# ---------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------


KINDS = ("saddle", "stable node", "unstable node", "stable spiral", "unstable spiral",
         "stable degenerate node", "unstable degenerate node", "centre",
         "saddle-node (zero eigenvalue)", "non-hyperbolic (two zero eigenvalues)")
"""Every ``kind`` :func:`classify` can name."""


def _array(name, value, ndim=1, dtype=float):
    """``value`` as a finite array of ``ndim`` dimensions (a result's field)."""
    if dtype is bool:
        arr = np.asarray(value)
        if arr.dtype != bool or arr.ndim != ndim:
            raise ValueError(f"{name} must be a {ndim}-d array of True/False, got "
                             f"{_short(value)}")
        return arr
    return check_finite_array(name, value, ndim=ndim)


def _same_shape(names, *arrays):
    if len({a.shape for a in arrays}) != 1:
        shapes = ", ".join(str(a.shape) for a in arrays)
        raise ValueError(f"{names} must have the same shape, got {shapes}")


def _short(value, limit=60):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# The results are named tuples whose constructor checks its fields, so a result
# built by hand (a FixedPoint typed in to start a separatrix from) is checked like
# any argument. ``_replace`` and ``_make`` skip the check (tuple.__new__).


class _FixedPointFields(NamedTuple):
    x: float
    y: float
    eigenvalues: np.ndarray
    trace: float
    det: float
    kind: str
    stable: bool


class FixedPoint(_FixedPointFields):
    """A fixed point of the two-neuron network, with its linearisation.

    Attributes
    ----------
    x, y : float
        Rates at the fixed point (Hz).
    eigenvalues : ndarray, shape (2,), complex
        Eigenvalues of the Jacobian there (per time constant), the one with
        the larger real part first.
    trace, det : float
        Trace and determinant of the Jacobian.
    kind : str
        "stable node", "saddle", "stable spiral", ... (one of :data:`KINDS`,
        see :func:`classify`).
    stable : bool
        Small perturbations decay: both eigenvalues have negative real part.
    """

    __slots__ = ()

    def __new__(cls, x, y, eigenvalues, trace, det, kind, stable):
        ev = np.asarray(eigenvalues) if not isinstance(eigenvalues, (str, bytes)) else None
        if ev is None or ev.dtype.kind not in "iufc" or ev.shape != (2,) \
                or not np.all(np.isfinite(ev)):
            raise ValueError(f"eigenvalues must be two finite (complex) numbers, got "
                             f"{_short(eigenvalues)}")
        kind = check_choice("kind", kind, KINDS)
        return super().__new__(cls, check_finite("x", x), check_finite("y", y),
                               ev.astype(complex), check_finite("trace", trace),
                               check_finite("det", det), kind, check_bool("stable", stable))


class _SimulationFields(NamedTuple):
    t: np.ndarray
    x: np.ndarray
    y: np.ndarray


class Simulation(_SimulationFields):
    """Result of :func:`simulate`.

    Attributes
    ----------
    t : ndarray, shape (n_t,)
        Times (units of the time constant).
    x, y : ndarray, shape (n_ic, n_t)
        Rates of the two neurons (Hz), one row per initial condition.
    """

    __slots__ = ()

    def __new__(cls, t, x, y):
        t, x, y = _array("t", t), _array("x", x, 2), _array("y", y, 2)
        _same_shape("x and y", x, y)
        if x.shape[1] != t.size:
            raise ValueError(f"x and y must have one column per time in t ({t.size}), "
                             f"got shape {x.shape}")
        return super().__new__(cls, t, x, y)


class _SeparatrixFields(NamedTuple):
    x: np.ndarray
    y: np.ndarray
    saddle: FixedPoint
    exits: bool


class Separatrix(_SeparatrixFields):
    """The stable manifold of a saddle (result of :func:`separatrix`).

    Attributes
    ----------
    x, y : ndarray, shape (n,)
        Points along the curve, from one end through the saddle to the other.
    saddle : FixedPoint
        The saddle it belongs to.
    exits : bool
        Both ends left the box (the curve cuts the box in two).
    """

    __slots__ = ()

    def __new__(cls, x, y, saddle, exits):
        x, y = _array("x", x), _array("y", y)
        _same_shape("x and y", x, y)
        if not isinstance(saddle, FixedPoint):
            raise ValueError(f"saddle must be a FixedPoint, got {_short(saddle)}")
        return super().__new__(cls, x, y, saddle, check_bool("exits", exits))


class _BasinFields(NamedTuple):
    xy: np.ndarray
    attractor: FixedPoint


class Basin(_BasinFields):
    """A basin of attraction clipped to a box, as a polygon.

    Attributes
    ----------
    xy : ndarray, shape (n, 2)
        Polygon vertices (Hz), ``n >= 3``.
    attractor : FixedPoint
        The stable fixed point whose basin this is.
    """

    __slots__ = ()

    def __new__(cls, xy, attractor):
        xy = _array("xy", xy, 2)
        if xy.shape[1] != 2 or len(xy) < 3:
            raise ValueError(f"xy must be polygon vertices, shape (n >= 3, 2), got {xy.shape}")
        if not isinstance(attractor, FixedPoint) or not attractor.stable:
            raise ValueError(f"attractor must be a stable FixedPoint, got {_short(attractor)}")
        return super().__new__(cls, xy, attractor)


class _SaddleNodeFields(NamedTuple):
    I: float
    x: float


class SaddleNode(_SaddleNodeFields):
    """A saddle-node bifurcation of the symmetric network ``w1 = w2 = w``.

    Attributes
    ----------
    I : float
        Input at which a node and the saddle meet.
    x : float
        Rate ``x = y`` where they meet (Hz), in ``[0, 50]``.
    """

    __slots__ = ()

    def __new__(cls, I, x):
        return super().__new__(cls, check_finite("I", I), check_range("x", x, 0.0, R_MAX))


class _BranchFields(NamedTuple):
    I: np.ndarray
    x: np.ndarray
    stable: np.ndarray


class Branch(_BranchFields):
    """The symmetric fixed points ``x = y`` of ``w1 = w2 = w`` as ``I`` varies.

    Attributes
    ----------
    I : ndarray, shape (n,)
        Inputs.
    x : ndarray, shape (n,)
        Fixed-point rates ``x* = y*`` (Hz); the branch is a curve, so several
        entries may share an input.
    stable : ndarray of bool, shape (n,)
        Stable node (``True``) or saddle (``False``) at each point.
    """

    __slots__ = ()

    def __new__(cls, I, x, stable):
        I, x, stable = _array("I", I), _array("x", x), _array("stable", stable, dtype=bool)
        _same_shape("I, x and stable", I, x, stable)
        return super().__new__(cls, I, x, stable)


def _curve(name, value):
    try:
        xs, ys = value
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a curve (xs, ys), got {_short(value)}") from None
    xs, ys = _array(name, xs), _array(name, ys)
    _same_shape(f"the two arrays of {name}", xs, ys)
    return xs, ys


class _NullclinesFields(NamedTuple):
    x: tuple
    y: tuple


class Nullclines(_NullclinesFields):
    """The two nullclines (result of :func:`nullclines`), each a curve ``(xs, ys)``.

    Attributes
    ----------
    x : tuple of two ndarrays, each of shape (n_x,)
        The x-nullcline ``x = f(w2 y + I)``, where ``dx/dt = 0`` (Hz).
    y : tuple of two ndarrays, each of shape (n_y,)
        The y-nullcline ``y = f(w1 x + I)``, where ``dy/dt = 0`` (Hz).
    """

    __slots__ = ()

    def __new__(cls, x, y):
        return super().__new__(cls, _curve("x", x), _curve("y", y))


class _SaddleNodeCurvesFields(NamedTuple):
    w: np.ndarray
    I_low: np.ndarray
    I_high: np.ndarray


class SaddleNodeCurves(_SaddleNodeCurvesFields):
    """The saddle-node curves of ``w1 = w2 = w`` in the ``(w, I)`` plane.

    Result of :func:`saddle_node_curve`; the arrays share one shape ``(n,)``.

    Attributes
    ----------
    w : ndarray
        Couplings (1/Hz), from the cusp ``0.08`` up.
    I_low : ndarray
        Inputs where the high state appears (with the saddle), one per ``w``.
    I_high : ndarray
        Inputs where the low state vanishes (with the saddle): bistable in between.
    """

    __slots__ = ()

    def __new__(cls, w, I_low, I_high):
        w, lo, hi = _array("w", w), _array("I_low", I_low), _array("I_high", I_high)
        _same_shape("w, I_low and I_high", w, lo, hi)
        return super().__new__(cls, w, lo, hi)



# ---------------------------------------------------------------------------
# the vector field
# ---------------------------------------------------------------------------


# One definition of the transfer function, shared with every other module.
_f = logistic_rate
_fprime = logistic_rate_prime
_finv = logistic_rate_inverse


def _f_scalar(s: float) -> float:
    """:func:`~course_lib.transfer.logistic_rate` for one Python float, fast.

    The separatrix is integrated one step at a time (about 1200 evaluations
    of ``f`` per curve). Measured: ``logistic_rate`` costs ~8 µs per scalar
    call, this ~0.15 µs; :func:`separatrix` takes 0.7-1.1 ms with it
    instead of 9-11 ms, on every move of ``w1``, ``w2`` or ``I`` (a live
    slider's budget is 40 ms per frame). A test checks that it equals
    ``logistic_rate`` over the whole range of inputs.
    """
    if s >= 0.0:  # the same two branches as logistic_rate: no overflow either way
        return R_MAX * (1.0 / (1.0 + math.exp(-s)))
    e = math.exp(s)  # underflows to 0.0 for s < -745: the rate is 0
    return R_MAX * (e / (1.0 + e))


def _coupling_terms(x, y, w1, w2, I):
    """The Jacobian's off-diagonal entries ``a = w2 f'(w2 y + I)``, ``b = w1 f'(w1 x + I)``.

    The one place they are written; vectorised over ``x``, ``y``.
    """
    return w2 * _fprime(w2 * y + I), w1 * _fprime(w1 * x + I)


def _coupling(name, w) -> float:
    """A coupling (1/Hz): a finite number with ``|w| <= W_LIMIT``."""
    return check_range(name, w, -W_LIMIT, W_LIMIT)


def _params(w1, w2, I):
    return _coupling("w1", w1), _coupling("w2", w2), check_finite("I", I)


BOX_LIMIT = 1e6  # Hz: the largest |edge| of a box or range of rates


def _check_box(name, box) -> tuple[float, float]:
    """``(low, high)``: two finite rates (Hz) with ``low < high``, within ±:data:`BOX_LIMIT`."""
    try:
        lo, hi = box
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (low, high) of rates in Hz, got "
                         f"{_short(box)}") from None
    lo = check_range(name, lo, -BOX_LIMIT, BOX_LIMIT)
    hi = check_range(name, hi, -BOX_LIMIT, BOX_LIMIT)
    if not lo < hi:
        raise ValueError(f"{name} must be (low, high) with low < high, got ({lo:g}, {hi:g})")
    return lo, hi


def _rates(name, value, ndim=None) -> np.ndarray:
    """Rates (Hz): finite numbers, any shape (or ``ndim``); booleans are not rates."""
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be an array of numbers, got {value!r}")
    return check_finite_array(name, value, ndim=ndim)


def _check_fps(name, fps) -> list:
    """A list of :class:`FixedPoint` (as :func:`fixed_points` returns)."""
    if isinstance(fps, FixedPoint) or not isinstance(fps, (list, tuple)) \
            or not all(isinstance(fp, FixedPoint) for fp in fps):
        raise ValueError(f"{name} must be a list of FixedPoint, as fixed_points() returns; "
                         f"got {_short(fps)}")
    return list(fps)


def velocity(x, y, w1: float = W_DEFAULT, w2: float = W_DEFAULT, I: float = I_DEFAULT):
    """The vector field ``(dx/dt, dy/dt)`` at the points ``(x, y)``.

    Parameters
    ----------
    x, y : float or array_like
        Rates (Hz), finite; broadcast against each other (at most
        ``MAX_ELEMENTS`` points).
    w1 : float
        Coupling from ``x`` to ``y`` (1/Hz), ``|w1| <= W_LIMIT``.
    w2 : float
        Coupling from ``y`` to ``x`` (1/Hz), ``|w2| <= W_LIMIT``.
    I : float
        Common external input, any finite number.

    Returns
    -------
    (ndarray, ndarray)
        ``dx/dt`` and ``dy/dt`` in Hz per time constant, broadcast shape.

    Notes
    -----
    ``dx/dt = -x + f(w2 y + I)``, ``dy/dt = -y + f(w1 x + I)``.

    References
    ----------
    The report (Saeedpour 2025), §2.3 (the nullclines ``dx/dt = 0``,
    ``dy/dt = 0``) and §2.5, Eq. (3) (the rows of the Jacobian).

    Examples
    --------
    >>> dx, dy = velocity(25.0, 25.0)   # the saddle
    >>> float(dx), float(dy)
    (0.0, 0.0)
    """
    w1, w2, I = _params(w1, w2, I)
    x = _rates("x", x)
    y = _rates("y", y)
    try:
        shape = np.broadcast_shapes(x.shape, y.shape)
    except ValueError:
        raise ValueError(f"x and y must broadcast against each other, got shapes {x.shape} "
                         f"and {y.shape}") from None
    if math.prod(shape) > MAX_ELEMENTS:
        raise ValueError(f"x and y broadcast to {math.prod(shape):,} points; at most "
                         f"{MAX_ELEMENTS:,} are allowed")
    return -x + _f(w2 * y + I), -y + _f(w1 * x + I)


def jacobian(x, y, w1: float = W_DEFAULT, w2: float = W_DEFAULT, I: float = I_DEFAULT):
    """The Jacobian of the vector field at ``(x, y)``.

    Parameters
    ----------
    x, y : float
        Rates (Hz).
    w1, w2, I : float
        Couplings (1/Hz) and input, as in :func:`velocity`.

    Returns
    -------
    ndarray, shape (2, 2)
        ``[[d(dx/dt)/dx, d(dx/dt)/dy], [d(dy/dt)/dx, d(dy/dt)/dy]]``
        ``= [[-1, w2 f'(w2 y + I)], [w1 f'(w1 x + I), -1]]``.

    Notes
    -----
    ``f'(s) = 50 σ(s) (1 - σ(s))`` with ``σ(s) = 1 / (1 + e^-s)``; equivalently
    ``f'(s) = f(s) (50 - f(s)) / 50``.

    References
    ----------
    The report (Saeedpour 2025), §2.5, Eq. (3).

    Examples
    --------
    >>> jacobian(25.0, 25.0)
    array([[-1.,  5.],
           [ 5., -1.]])
    """
    w1, w2, I = _params(w1, w2, I)
    x = check_finite("x", x)
    y = check_finite("y", y)
    a, b = _coupling_terms(x, y, w1, w2, I)
    return np.array([[-1.0, float(a)], [float(b), -1.0]])


def eigenvalues(J) -> np.ndarray:
    """Eigenvalues of a real 2x2 matrix from its trace and determinant.

    Parameters
    ----------
    J : array_like, shape (2, 2)
        A real matrix of finite numbers (e.g. from :func:`jacobian`).

    Returns
    -------
    ndarray, shape (2,), complex
        ``tr/2 ± sqrt(tr²/4 - det)``, larger real part (then larger imaginary
        part) first.

    Examples
    --------
    >>> eigenvalues([[-1, 5], [5, -1]]).real
    array([ 4., -6.])
    """
    J = check_finite_array("J", J, ndim=2)
    if J.shape != (2, 2):
        raise ValueError(f"J must be a 2x2 matrix, got shape {J.shape}")
    # Scaled by a power of two to entries <= 1 (exact: the same rounding as unscaled), so
    # neither tr² nor det overflows or underflows.
    big = float(np.max(np.abs(J)))
    k = int(np.frexp(big)[1])
    A = np.ldexp(J, -k)
    tr = A[0, 0] + A[1, 1]
    det = A[0, 0] * A[1, 1] - A[0, 1] * A[1, 0]
    root = np.sqrt(complex(tr * tr / 4.0 - det))
    ev = np.array([tr / 2.0 + root, tr / 2.0 - root])
    with np.errstate(over="ignore"):
        ev = np.ldexp(ev.real, k) + 1j * np.ldexp(ev.imag, k)
    if not np.all(np.isfinite(ev)):
        raise ValueError("J's eigenvalues exceed the floating-point range (about 1e308): "
                         f"its entries must be smaller, got up to {big:g}")
    return ev


def classify(trace: float, det: float, tol: float = _TOL) -> str:
    """Name a fixed point from the trace and determinant of its Jacobian.

    Parameters
    ----------
    trace, det : float
        Trace and determinant of the 2x2 Jacobian.
    tol : float
        Relative tolerance, in ``[0, 0.1]``, below which ``det``, ``trace`` or
        the discriminant ``trace² - 4 det`` count as zero (the inputs carry
        round-off, so eigenvalues closer than about ``sqrt(tol) |trace|``
        cannot be told apart from the trace and determinant alone).

    Returns
    -------
    str
        One of "saddle", "stable node", "unstable node", "stable spiral",
        "unstable spiral", "stable degenerate node", "unstable degenerate
        node" (a repeated eigenvalue), "centre" (purely imaginary
        eigenvalues), or "saddle-node (zero eigenvalue)" /
        "non-hyperbolic (two zero eigenvalues)" when ``det = 0``. The last
        three are non-hyperbolic: the linearisation alone does not decide.

    Notes
    -----
    ``det < 0``: real eigenvalues of opposite sign (saddle). ``det > 0``:
    both eigenvalues have the sign of the trace; they are real (node) when
    ``trace² > 4 det`` and complex (spiral) otherwise.

    References
    ----------
    The report (Saeedpour 2025), §2.5 (the trace-determinant rules).

    Examples
    --------
    >>> classify(-2.0, -24.0)
    'saddle'
    >>> classify(-2.0, 0.999999)
    'stable node'
    >>> classify(-2.0, 5.0)
    'stable spiral'
    """
    trace = check_finite("trace", trace)
    det = check_finite("det", det)
    tol = check_range("tol", tol, 0.0, 0.1)
    # Scaled by 2^-k (trace) and 2^-2k (det) to at most 1, exactly: trace² cannot overflow.
    k = max(0, math.frexp(max(abs(trace), math.sqrt(abs(det))))[1])
    t, d = math.ldexp(trace, -k), math.ldexp(det, -2 * k)
    return _kind(t, d, t * t - 4.0 * d, tol, k)


def _kind(trace: float, det: float, disc: float, tol: float, k: int = 0) -> str:
    """:func:`classify`, given the discriminant ``trace² - 4 det`` (exact if known).

    ``trace``, ``det`` and ``disc`` may come scaled by ``2^-k``, ``2^-2k`` and
    ``2^-2k``; the comparisons are those of the unscaled numbers. ``det`` and
    ``disc`` (squared rates) count as zero below ``tol`` times the squared scale
    ``max(1, trace², |det|)``, ``trace`` (a rate) below ``tol`` times its root.
    """
    scale = max(math.ldexp(1.0, -2 * k), trace * trace, abs(det))  # a squared rate
    eps = tol * scale
    trace_small = abs(trace) <= tol * math.sqrt(scale)  # a rate: compared with a rate
    if abs(det) <= eps:
        if trace_small:
            return "non-hyperbolic (two zero eigenvalues)"
        return "saddle-node (zero eigenvalue)"
    if det < 0:
        return "saddle"
    if trace_small:
        return "centre"
    sign = "stable" if trace < 0 else "unstable"
    if abs(disc) <= eps:
        return f"{sign} degenerate node"
    return f"{sign} node" if disc > 0 else f"{sign} spiral"


# ---------------------------------------------------------------------------
# fixed points
# ---------------------------------------------------------------------------


def _g(x, w1, w2, I):
    return -x + _f(w2 * _f(w1 * x + I) + I)


def _gprime(x, w1, w2, I):
    # g'(x) = a b - 1 = -det J at (x, y = f(w1 x + I))
    a, b = _coupling_terms(x, _f(w1 * x + I), w1, w2, I)
    return a * b - 1.0


def _search_grid(w1, w2, I) -> np.ndarray:
    """Points in [0, 50] that resolve every steep part of ``g``.

    A uniform grid in ``x``, plus grids uniform in the inner input
    ``u = w1 x + I`` and in the outer input ``v = w2 y + I`` over the ranges
    where the sigmoids are not saturated, mapped back to ``x``.
    """
    parts = [np.linspace(0.0, R_MAX, 2001)]
    s = np.linspace(-40.0, 40.0, 801)
    if w1 != 0.0:
        parts.append((s - I) / w1)  # inner sigmoid's transition
        if w2 != 0.0:
            y = (s - I) / w2  # outer sigmoid's transition, in y ...
            y = y[(y > 0.0) & (y < R_MAX)]
            parts.append((_finv(y) - I) / w1)  # ... mapped back to x
    grid = np.concatenate(parts)
    grid = grid[np.isfinite(grid) & (grid >= 0.0) & (grid <= R_MAX)]
    return np.unique(grid)


def _describe(x: float, w1: float, w2: float, I: float) -> FixedPoint:
    y = float(_f(w1 * x + I))
    a, b = (float(v) for v in _coupling_terms(x, y, w1, w2, I))
    trace, det = -2.0, 1.0 - a * b
    root = np.sqrt(complex(a * b))  # eigenvalues -1 ± sqrt(ab)
    ev = np.array([-1.0 + root, -1.0 - root])
    # The discriminant trace² - 4 det = 4ab is known exactly here: a repeated
    # eigenvalue only when one coupling term vanishes.
    kind = _kind(trace, det, 4.0 * a * b, 0.0) if abs(det) > _TOL else \
        _kind(trace, det, 4.0 * a * b, _TOL)
    stable = kind.startswith("stable")
    return FixedPoint(float(x), y, ev, trace, det, kind, stable)


def _roundoff_g(x: float, w1: float, w2: float, I: float) -> float:
    """A bound on the round-off of ``g(x)`` in floating point (forward error analysis).

    ``g(x) = -x + f(v)``, ``v = w2 y + I``, ``y = f(u)``, ``u = w1 x + I``: each
    operation adds a relative error ``ε``, and ``f`` multiplies its input's error by
    ``f'``. Only a critical point where ``|g|`` is this small is a tangency (a
    saddle-node): a larger ``|g|`` is a near miss, not a root.
    """
    eps = np.finfo(float).eps
    u = w1 * x + I
    y = _f_scalar(u)
    v = w2 * y + I
    h = _f_scalar(v)
    err_u = eps * (abs(w1 * x) + abs(I) + abs(u))
    err_y = float(_fprime(u)) * err_u + eps * y
    err_v = abs(w2) * err_y + eps * (abs(w2 * y) + abs(I) + abs(v))
    err_h = float(_fprime(v)) * err_v + eps * h
    return 8.0 * (err_h + eps * (x + h))


def fixed_points(w1: float = W_DEFAULT, w2: float = W_DEFAULT,
                 I: float = I_DEFAULT) -> list[FixedPoint]:
    """Every fixed point of the network, ordered by ``x``.

    Parameters
    ----------
    w1 : float
        Coupling from ``x`` to ``y`` (1/Hz), ``|w1| <= W_LIMIT`` (negative:
        inhibition).
    w2 : float
        Coupling from ``y`` to ``x`` (1/Hz), ``|w2| <= W_LIMIT``.
    I : float
        Common input, any finite value.

    Returns
    -------
    list of FixedPoint
        Each with position, eigenvalues, trace, determinant, kind and
        stability. At a tangency (exactly on a saddle-node) the double root
        appears once, with kind "saddle-node (zero eigenvalue)".

    Notes
    -----
    A fixed point satisfies ``x = f(w2 y + I)`` and ``y = f(w1 x + I)``; so
    ``x`` is a root of ``g(x) = -x + f(w2 f(w1 x + I) + I)`` in ``(0, 50)``
    (``g(0) > 0 > g(50)``). The critical points of ``g`` are bracketed on a
    grid that resolves both sigmoids' transitions and refined with Brent's
    method; between them ``g`` is monotone, so each piece holds at most one
    root. ``g'(x) = -det J``: a root where ``g`` rises is a saddle.

    References
    ----------
    The report (Saeedpour 2025), §2.4 (Eq. 2) and §2.5 (Table 1);
    ``docs/two_neuron.md``, "Fixed points" (the exact values).

    Examples
    --------
    >>> fps = fixed_points()
    >>> [round(fp.x, 9) for fp in fps]
    [0.002271957, 25.0, 49.997728043]
    >>> [fp.kind for fp in fps]
    ['stable node', 'saddle', 'stable node']
    """
    w1, w2, I = _params(w1, w2, I)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        # a tiny coupling maps the sigmoids' transitions far outside (0, 50): inf, dropped
        grid = _search_grid(w1, w2, I)
    gp = _gprime(grid, w1, w2, I)
    crit = []
    for i in np.flatnonzero(gp[:-1] * gp[1:] <= 0.0):
        a, b = grid[i], grid[i + 1]
        if gp[i] == 0.0:
            crit.append(a)
        elif gp[i + 1] != 0.0:
            crit.append(optimize.brentq(_gprime, a, b, args=(w1, w2, I), xtol=1e-14))
    edges = [0.0, *sorted(set(crit)), R_MAX]

    def g(x):
        return float(_g(x, w1, w2, I))

    values = [g(e) for e in edges]
    roots: list[float] = []
    for a, b, ga, gb in zip(edges[:-1], edges[1:], values[:-1], values[1:]):
        if ga == 0.0:
            roots.append(a)
        elif ga * gb < 0.0:
            roots.append(optimize.brentq(g, a, b, xtol=1e-14, rtol=4 * np.finfo(float).eps))
    if values[-1] == 0.0:  # f saturates to exactly 50.0 in floating point
        roots.append(R_MAX)
    # Tangencies (on a saddle-node): a critical point where g vanishes to round-off.
    for c, gc in zip(edges[1:-1], values[1:-1]):
        if abs(gc) <= _roundoff_g(c, w1, w2, I) and all(abs(c - r) > 1e-6 for r in roots):
            roots.append(c)
    roots.sort()
    merged: list[float] = []
    for r in roots:  # a tangency found twice (root and critical point) counts once
        if not merged or r - merged[-1] > 1e-9:
            merged.append(r)
    return [_describe(r, w1, w2, I) for r in merged]


def fixed_point_table(fps, digits: int = 6) -> str:
    """A plain-text table like the report's Table 1.

    Parameters
    ----------
    fps : list of FixedPoint
        From :func:`fixed_points`.
    digits : int
        Significant digits of the numbers, 1 to 15.

    Returns
    -------
    str
        One row per fixed point: position, eigenvalues, trace, determinant,
        kind.

    Examples
    --------
    >>> print(fixed_point_table(fixed_points(), digits=4).splitlines()[2])
    (25, 25)                 +4, -6                         -2       -24  saddle
    """
    fps = _check_fps("fps", fps)
    digits = check_int("digits", digits, 1, 15)

    def num(v):
        return f"{v:.{digits}g}"

    def ev(z):
        if abs(z.imag) < 1e-15:
            return f"{z.real:+.{digits + 2}g}"
        return f"{z.real:+.{digits}g}{z.imag:+.{digits}g}i"

    lines = [f"{'(x*, y*) Hz':24s} {'eigenvalues':26s} {'trace':>6s} {'det':>9s}  kind"]
    for fp in fps:
        pos = f"({num(fp.x)}, {num(fp.y)})"
        evs = ", ".join(ev(z) for z in fp.eigenvalues)
        lines.append(f"{pos:24s} {evs:26s} {num(fp.trace):>6s} {num(fp.det):>9s}  {fp.kind}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# trajectories, nullclines
# ---------------------------------------------------------------------------


def simulate(x0, y0, w1: float = W_DEFAULT, w2: float = W_DEFAULT, I: float = I_DEFAULT,
             T: float = 30.0, dt: float = DT_DEFAULT) -> Simulation:
    """Euler-integrate the network from several initial conditions at once.

    Parameters
    ----------
    x0, y0 : float or array_like, shape (n_ic,)
        Initial rates (Hz), finite; broadcast against each other.
    w1, w2, I : float
        Couplings (1/Hz) and input, as in :func:`velocity`.
    T : float
        Duration (time constants), ``T >= 0``; at most ``MAX_STEPS`` steps
        of ``dt``, and ``2 n_ic n_t <= MAX_ELEMENTS`` rates stored.
    dt : float
        Euler step (time constants), ``0 < dt <= 1``. Up to 1, each step is a
        weighted average of the rate and ``f``, so rates started in
        ``[0, 50]`` stay there; beyond it Euler overshoots and diverges.

    Returns
    -------
    Simulation
        ``t`` of shape ``(n_t,)``, ``x`` and ``y`` of shape ``(n_ic, n_t)``,
        ``n_t = round(T / dt) + 1``.

    References
    ----------
    The report (Saeedpour 2025), §2.1 (Figure 6) and §2.2 (Figure 7).

    Examples
    --------
    >>> sim = simulate([5, 45], [5, 45], T=50)
    >>> sim.x.shape, sim.x[:, -1].round(3).tolist()
    ((2, 501), [0.002, 49.998])
    """
    w1, w2, I = _params(w1, w2, I)
    x0 = _rates("x0", x0, ndim=(0, 1))
    y0 = _rates("y0", y0, ndim=(0, 1))
    try:
        x0, y0 = np.broadcast_arrays(np.atleast_1d(x0), np.atleast_1d(y0))
    except ValueError:
        raise ValueError(f"x0 and y0 must have the same length, got {x0.size} and {y0.size}")\
            from None
    T = check_range("T", T, 0.0, None)
    dt = check_range("dt", dt, 0.0, 1.0, low_inclusive=False)
    if T / dt > MAX_STEPS + 0.5:  # T / dt may be inf: no int() before this check
        raise ValueError(f"T = {T:g} with dt = {dt:g} asks for {T / dt:.3g} steps; at most "
                         f"{MAX_STEPS:,} are allowed (about 10 s of work)")
    n_steps = check_steps("T", round(T / dt))
    n_values = 2 * x0.size * (n_steps + 1)
    if n_values > MAX_ELEMENTS:
        raise ValueError(f"x0 and T ask for {x0.size:,} starts x {n_steps + 1:,} times x 2 "
                         f"rates = {n_values:,} numbers; at most {MAX_ELEMENTS:,} are allowed "
                         "(fewer starts or a shorter T)")

    coupling = np.array([[w2], [w1]])

    def rhs(_t, z):
        # both inputs (w2 y + I, w1 x + I) through f at once: one call per step, not two
        return _f(coupling * z[::-1] + I) - z

    traj = euler(rhs, np.stack((x0, y0)), T, dt)
    return Simulation(traj.t, traj.y[0], traj.y[1])


def nullclines(w1: float = W_DEFAULT, w2: float = W_DEFAULT, I: float = I_DEFAULT,
               lim: tuple[float, float] = (-2.0, 52.0), n: int = 300):
    """The two nullclines, sampled densely where they bend.

    Parameters
    ----------
    w1, w2, I : float
        Couplings (1/Hz) and input.
    lim : (float, float)
        Range of the free coordinate (Hz) to cover, ``low < high``, within
        ``±1e6``.
    n : int
        Points of the uniform part of each curve, 2 to ``N_MAX`` (about as
        many again are added where the curve is steep).

    Returns
    -------
    Nullclines
        ``x``: the x-nullcline ``x = f(w2 y + I)`` as ``(xs, ys)``;
        ``y``: the y-nullcline ``y = f(w1 x + I)`` as ``(xs, ys)``. Each has
        ``n`` points plus up to ``n - 2`` more where it is steep.

    References
    ----------
    The report (Saeedpour 2025), §2.3 (Figure 8).

    Examples
    --------
    >>> nc = nullclines()
    >>> xs, ys = nc.y
    >>> bool(np.allclose(ys, 50 / (1 + np.exp(-(0.4 * xs - 10)))))
    True
    """
    w1, w2, I = _params(w1, w2, I)
    lo, hi = _check_box("lim", lim)
    n = check_int("n", n, 2, N_MAX)

    def curve(w):
        # free coordinate u; the curve is v = f(w u + I)
        u = np.linspace(lo, hi, n)
        if w != 0.0:  # add points uniform in the rate, where the curve is steep
            r = R_MAX * np.linspace(0.0, 1.0, n)[1:-1]
            with np.errstate(over="ignore"):  # a tiny w: far outside lim (inf), dropped
                extra = (_finv(r) - I) / w
            u = np.concatenate((u, extra[(extra > lo) & (extra < hi)]))
            u.sort()
        return u, _f(w * u + I)

    ux, vx = curve(w2)  # x-nullcline: x = f(w2 y + I), y is free
    uy, vy = curve(w1)  # y-nullcline: y = f(w1 x + I), x is free
    return Nullclines(x=(vx, ux), y=(uy, vy))


def attractor_index(x, y, fps, tol: float = 0.5):
    """Index into ``fps`` of the stable fixed point each state is at, else -1.

    Parameters
    ----------
    x, y : array_like
        End states (Hz), finite, of one shape; e.g. ``sim.x[:, -1]``.
    fps : list of FixedPoint
        From :func:`fixed_points`.
    tol : float
        Distance (Hz) within which a state counts as arrived, ``> 0``.

    Returns
    -------
    ndarray of int, shape of ``x``
        Index of the stable fixed point reached, ``-1`` where none is within ``tol``.

    Examples
    --------
    >>> fps = fixed_points()
    >>> sim = simulate([10, 30], [30, 30], T=60)
    >>> attractor_index(sim.x[:, -1], sim.y[:, -1], fps).tolist()
    [0, 2]
    """
    x = _rates("x", x)
    y = _rates("y", y)
    if x.shape != y.shape:
        raise ValueError(f"x and y must have the same shape, got {x.shape} and {y.shape}")
    fps = _check_fps("fps", fps)
    tol = check_positive("tol", tol)
    out = np.full(x.shape, -1, dtype=int)
    for i, fp in enumerate(fps):
        if fp.stable:
            out[np.hypot(x - fp.x, y - fp.y) < tol] = i
    return out


# ---------------------------------------------------------------------------
# separatrix and basins
# ---------------------------------------------------------------------------


def _stable_direction(fp: FixedPoint, w1, w2, I) -> np.ndarray:
    """Unit eigenvector of the saddle's negative eigenvalue."""
    a, b = (float(v) for v in _coupling_terms(fp.x, fp.y, w1, w2, I))
    r = math.sqrt(max(a * b, 0.0))
    # (J - λ) v = 0 with λ = -1 - r:  r v1 + a v2 = 0
    v = np.array([a, -r])
    return v / np.hypot(*v)


def _check_saddle(saddle, w1, w2, I) -> None:
    """``saddle`` is a saddle of the network with these parameters."""
    if not isinstance(saddle, FixedPoint) or saddle.kind != "saddle":
        raise ValueError("saddle must be a FixedPoint of kind 'saddle' (from fixed_points), "
                         f"got {_short(saddle)}")
    dx, dy = velocity(saddle.x, saddle.y, w1, w2, I)
    a, b = _coupling_terms(saddle.x, saddle.y, w1, w2, I)
    if abs(dx) + abs(dy) > 1e-6 * (1.0 + abs(a) + abs(b)) or a * b <= 1.0:
        raise ValueError(f"saddle ({saddle.x:g}, {saddle.y:g}) is not a saddle of w1={w1:g}, "
                         f"w2={w2:g}, I={I:g}: take it from fixed_points(w1, w2, I)")


def separatrix(w1: float = W_DEFAULT, w2: float = W_DEFAULT, I: float = I_DEFAULT,
               saddle: FixedPoint | None = None, *, box: tuple[float, float] = (-2.0, 52.0),
               ds: float = 0.25, max_steps: int = 600, eps: float = 1e-6):
    """The separatrix: the stable manifold of a saddle, by backward integration.

    Parameters
    ----------
    w1, w2, I : float
        Couplings (1/Hz) and input.
    saddle : FixedPoint, optional
        The saddle to start from, a saddle of these ``w1, w2, I``; default
        the first saddle of :func:`fixed_points` (``None`` is returned if
        there is none).
    box : (float, float)
        Integration stops when a branch leaves the square ``box²`` (Hz);
        ``low < high``, the saddle inside.
    ds : float
        Step length along the curve (Hz), ``0 < ds <= 1`` (longer steps cut
        the curve's bends).
    max_steps : int
        Largest number of steps per branch, 1 to ``MAX_STEPS // 2``.
    eps : float
        Initial offset from the saddle along the stable eigenvector (Hz),
        ``0 < eps <= 0.1`` (farther out, the start is off the curve).

    Returns
    -------
    Separatrix or None
        The curve through the saddle (``None`` without a saddle).

    Notes
    -----
    Starting at ``saddle ± eps v_s`` (``v_s``: eigenvector of the negative
    eigenvalue), both branches follow the *reversed* flow
    ``d(x, y)/ds = -F / |F|`` with Heun steps of fixed length ``ds`` (the
    time-reversed flow, re-parametrised by arc length). In reversed time the
    stable manifold becomes an unstable one, which attracts nearby reversed
    trajectories: the errors of the steps die out instead of growing. The
    divergence of the vector field is ``-2`` everywhere, so there are no
    closed orbits and the branches leave the box.

    References
    ----------
    The report (Saeedpour 2025), §2.4 ("stable along y = -x");
    ``docs/two_neuron.md``, "The separatrix": for the defaults it is the
    line ``x + y = 50``, exactly invariant.

    Examples
    --------
    >>> sep = separatrix()
    >>> float(np.max(np.abs(sep.x + sep.y - 50))) < 1e-9
    True
    """
    w1, w2, I = _params(w1, w2, I)
    lo, hi = _check_box("box", box)
    ds = check_range("ds", ds, 0.0, 1.0, low_inclusive=False)
    max_steps = check_int("max_steps", max_steps, 1, MAX_STEPS // 2)
    eps = check_range("eps", eps, 0.0, 0.1, low_inclusive=False)
    if saddle is None:
        saddles = [fp for fp in fixed_points(w1, w2, I) if fp.kind == "saddle"]
        if not saddles:
            return None
        saddle = saddles[0]
    else:
        _check_saddle(saddle, w1, w2, I)
    if not (lo < saddle.x < hi and lo < saddle.y < hi):
        raise ValueError(f"box must contain the saddle ({saddle.x:g}, {saddle.y:g}), got "
                         f"({lo:g}, {hi:g})")
    v = _stable_direction(saddle, w1, w2, I)

    f = _f_scalar  # logistic_rate for one float (measured: see _f_scalar)

    def direction(px, py):  # unit vector of the reversed flow
        fx = px - f(w2 * py + I)
        fy = py - f(w1 * px + I)
        speed = math.hypot(fx, fy) or 1.0
        return fx / speed, fy / speed

    branches, exits = [], True
    for sign in (1.0, -1.0):
        px, py = saddle.x + sign * eps * v[0], saddle.y + sign * eps * v[1]
        xs, ys = [px], [py]
        left = False
        for _ in range(max_steps):
            ax, ay = direction(px, py)  # Heun step (second order)
            bx, by = direction(px + ds * ax, py + ds * ay)
            px += 0.5 * ds * (ax + bx)
            py += 0.5 * ds * (ay + by)
            xs.append(px)
            ys.append(py)
            if not (lo <= px <= hi and lo <= py <= hi):
                left = True
                break
        exits = exits and left
        branches.append(np.clip(np.column_stack((xs, ys)), lo, hi))  # last point onto the edge
    curve = np.concatenate((branches[0][::-1], [[saddle.x, saddle.y]], branches[1]))
    return Separatrix(curve[:, 0], curve[:, 1], saddle, bool(exits))


def _perimeter(p, lo, hi):
    """Position of a boundary point along the box's edge, counter-clockwise from (lo, lo)."""
    x, y = p
    s = hi - lo
    d = [abs(y - lo), abs(x - hi), abs(y - hi), abs(x - lo)]  # bottom, right, top, left
    edge = int(np.argmin(d))
    return [x - lo, s + (y - lo), 2 * s + (hi - x), 3 * s + (hi - y)][edge]


def _corner_walk(p_from, p_to, lo, hi, direction):
    """Box corners met walking the perimeter from ``p_from`` to ``p_to``."""
    s = hi - lo
    corners = {0.0: (lo, lo), s: (hi, lo), 2 * s: (hi, hi), 3 * s: (lo, hi)}
    total = 4 * s
    if direction > 0:
        span = (p_to - p_from) % total
        dist = {c: (c - p_from) % total for c in corners}
    else:
        span = (p_from - p_to) % total
        dist = {c: (p_from - c) % total for c in corners}
    met = sorted((d, c) for c, d in dist.items() if 0.0 < d < span)
    return [corners[c] for _, c in met]


def _inside(poly, x, y) -> bool:
    """Even-odd rule: is ``(x, y)`` inside the polygon ``poly`` (n, 2)?"""
    px, py = poly[:, 0], poly[:, 1]
    qx, qy = np.roll(px, -1), np.roll(py, -1)
    crosses = (py > y) != (qy > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        xint = px + (y - py) * (qx - px) / (qy - py)
    return bool(np.count_nonzero(crosses & (x < xint)) % 2)


def basin_polygons(fps, sep: Separatrix | None, box: tuple[float, float] = (-2.0, 52.0)
                   ) -> list[Basin]:
    """The basins of attraction inside the box, as polygons.

    Parameters
    ----------
    fps : list of FixedPoint
        From :func:`fixed_points`.
    sep : Separatrix or None
        From :func:`separatrix` for the same parameters.
    box : (float, float)
        The square ``box²`` to clip to (Hz): the ``box`` ``sep`` was
        integrated in.

    Returns
    -------
    list of Basin
        With one attractor and no saddle, its basin is the whole box. With
        one saddle whose separatrix cuts the box in two, the two sides, each
        labelled by the attractor it contains. Otherwise (several saddles,
        or a saddle-node) an empty list: shading would be a guess.

    Examples
    --------
    >>> basins = basin_polygons(fixed_points(), separatrix())
    >>> [round(b.attractor.x, 3) for b in basins]
    [0.002, 49.998]
    """
    fps = _check_fps("fps", fps)
    lo, hi = _check_box("box", box)
    if sep is not None:
        if not isinstance(sep, Separatrix):
            raise ValueError(f"sep must be a Separatrix (from separatrix) or None, got "
                             f"{_short(sep)}")
        if not any(abs(fp.x - sep.saddle.x) + abs(fp.y - sep.saddle.y) < 1e-9 for fp in fps):
            raise ValueError("sep must be the separatrix of a saddle among fps (the same "
                             "parameters)")
        ends = np.array([[sep.x[0], sep.y[0]], [sep.x[-1], sep.y[-1]]])
        on_edge = np.min(np.abs(np.concatenate((ends - lo, ends - hi), axis=1)), axis=1)
        if sep.exits and (np.any(on_edge > 1e-9 * (hi - lo)) or np.any(ends < lo)
                          or np.any(ends > hi)):
            raise ValueError(f"box must be the box the separatrix was integrated in (its ends "
                             f"lie on that box's edge), got ({lo:g}, {hi:g})")
    stable = [fp for fp in fps if fp.stable]
    saddles = [fp for fp in fps if not fp.stable and fp.kind == "saddle"]
    other = [fp for fp in fps if not fp.stable and fp.kind != "saddle"]
    square = np.array([(lo, lo), (hi, lo), (hi, hi), (lo, hi)], dtype=float)
    if len(stable) == 1 and not saddles and not other:
        return [Basin(square, stable[0])]
    if len(saddles) != 1 or other or len(stable) != 2 or sep is None or not sep.exits:
        return []
    curve = np.column_stack((sep.x, sep.y))
    pa = _perimeter(curve[0], lo, hi)
    pb = _perimeter(curve[-1], lo, hi)
    out = []
    for direction in (+1, -1):
        corners = _corner_walk(pb, pa, lo, hi, direction)
        poly = np.vstack([curve, np.array(corners, dtype=float).reshape(-1, 2)])
        inside = [fp for fp in stable if _inside(poly, fp.x, fp.y)]
        if len(inside) != 1:
            return []
        out.append(Basin(poly, inside[0]))
    out.sort(key=lambda b: (b.attractor.x, b.attractor.y))
    return out


# ---------------------------------------------------------------------------
# bifurcations of the symmetric network w1 = w2 = w
# ---------------------------------------------------------------------------


def saddle_nodes(w: float) -> list[SaddleNode]:
    """The saddle-node bifurcations in ``I`` for ``w1 = w2 = w``, ascending in ``I``.

    Parameters
    ----------
    w : float
        Coupling (1/Hz), ``|w| <= W_LIMIT``.

    Returns
    -------
    list of SaddleNode
        Two for ``w > 0.08`` (one, the cusp, at ``w = 0.08``), none
        otherwise.

    Notes
    -----
    Symmetric fixed points ``x = y`` satisfy ``I = f^-1(x) - w x``. A node
    and the saddle meet where the Jacobian's eigenvalue ``-1 + w f'`` along
    ``x = y`` vanishes: ``w f'(f^-1(x)) = 1``. With
    ``f'(f^-1(x)) = x (50 - x) / 50`` this gives
    ``x = 25 ± sqrt(625 - 50 / w)``. The upper rate gives the lower ``I``:
    there the high state is born as ``I`` rises; at the higher ``I`` the low
    state and the saddle merge and vanish.

    References
    ----------
    The report (Saeedpour 2025), §2.6 (Figure 9; it scanned ``I`` in
    [-20, -10] and found only the first); ``docs/two_neuron.md``,
    "Saddle-node bifurcations".

    Examples
    --------
    >>> [(round(sn.I, 8), round(sn.x, 5)) for sn in saddle_nodes(0.4)]
    [(-16.05700096, 47.36068), (-3.94299904, 2.63932)]
    """
    w = _coupling("w", w)
    if w < W_CUSP:
        return []
    half = R_MAX / 2.0
    d = math.sqrt(max(half**2 - R_MAX / w, 0.0))
    low = (R_MAX / w) / (half + d)  # = 25 - d, without the cancellation at large w
    xs = [half + d] if d == 0.0 else [R_MAX - low, low]
    return [SaddleNode(float(_finv(x) - w * x), float(x)) for x in xs]


def saddle_node_values(w: float) -> np.ndarray:
    """The inputs ``I`` of the saddle-node bifurcations for ``w1 = w2 = w``, ascending.

    Parameters
    ----------
    w : float
        Coupling (1/Hz), ``|w| <= W_LIMIT``.

    Returns
    -------
    ndarray, shape (2,), (1,) or (0,)
        Two values for ``w > 0.08`` (bistable between them), one at the cusp
        ``w = 0.08``, none below.

    Examples
    --------
    >>> saddle_node_values(0.4).round(5).tolist()
    [-16.057, -3.943]
    >>> saddle_node_values(0.05).size
    0
    """
    return np.array([sn.I for sn in saddle_nodes(w)])


def bistable_range(w: float) -> tuple[float, float]:
    """``(I_low, I_high)``: the inputs with two stable states at ``w1 = w2 = w``.

    Parameters
    ----------
    w : float
        Coupling (1/Hz), ``|w| <= W_LIMIT``.

    Returns
    -------
    (float, float)
        The bistable range of ``I``; ``(nan, nan)`` when ``w <= 0.08``.

    Examples
    --------
    >>> [round(v, 3) for v in bistable_range(0.4)]
    [-16.057, -3.943]
    """
    v = saddle_node_values(w)
    return (float(v[0]), float(v[1])) if v.size == 2 else (math.nan, math.nan)


def symmetric_branch(w: float, n: int = 600, s_lim: float = 40.0) -> Branch:
    """The symmetric fixed points ``x* = y*`` against ``I``, exactly, for ``w1 = w2 = w``.

    Parameters
    ----------
    w : float
        Coupling (1/Hz), ``|w| <= W_LIMIT``.
    n : int
        Points spaced evenly in ``x``, 2 to ``N_MAX``; as many again spaced
        evenly in ``s`` reach into the saturated tails.
    s_lim : float
        The branch is parametrised by the input ``s = w x + I`` of each
        neuron, over ``[-s_lim, s_lim]``; ``0 < s_lim <= 1e9`` (beyond
        ``|s| = 745`` the rate is 0 or 50 to double precision).

    Returns
    -------
    Branch
        ``I``, ``x`` and ``stable``, each of shape ``(m,)`` with ``m <= 2 n``,
        ordered along the curve (``x`` increasing).

    Notes
    -----
    With ``x = f(s)`` the fixed-point condition gives ``I = s - w f(s)``
    (equivalently ``I = f^-1(x) - w x``): no root finding. Along ``x = y``
    the Jacobian ``[[-1, w f'(s)], [w f'(s), -1]]`` has eigenvalues
    ``-1 ± w f'(s)``: a stable node where ``|w| f'(s) < 1``, a saddle where
    ``|w| f'(s) > 1``. (For ``w < 0``, mutual inhibition, the saddles on the
    symmetric branch come with asymmetric stable states this branch does
    not contain.)

    Examples
    --------
    >>> b = symmetric_branch(0.4)
    >>> i = np.argmin(abs(b.x - 25))
    >>> round(float(b.I[i]), 1), bool(b.stable[i])
    (-10.0, False)
    """
    w = _coupling("w", w)
    n = check_int("n", n, 2, N_MAX)
    s_lim = check_range("s_lim", s_lim, 0.0, 1e9, low_inclusive=False)
    x_even = R_MAX * np.linspace(0.0, 1.0, n + 2)[1:-1]
    s = np.unique(np.concatenate((np.linspace(-s_lim, s_lim, n), _finv(x_even))))
    s = s[np.abs(s) <= s_lim]
    x = _f(s)
    return Branch(s - w * x, x, abs(w) * _fprime(s) < 1.0)


def saddle_node_curve(n: int = 400, w_max: float = 1.0) -> SaddleNodeCurves:
    """The two saddle-node curves in the ``(w, I)`` plane and their cusp.

    Parameters
    ----------
    n : int
        Points per curve, 2 to ``N_MAX``.
    w_max : float
        Largest coupling (1/Hz), ``0.08 < w_max <= W_LIMIT``.

    Returns
    -------
    SaddleNodeCurves
        ``w``, ``I_low``, ``I_high``: arrays of shape ``(n,)`` from the
        cusp ``(0.08, -2)`` to ``w_max``. Between the curves the network has
        three fixed points (two stable).

    Notes
    -----
    Eliminating ``x`` from ``I = f^-1(x) - w x`` and ``x (50 - x) = 50 / w``:
    with ``d = sqrt(625 - 50 / w)``, ``I = f^-1(25 ± d) - w (25 ± d)``.
    Samples are spaced in ``d``, so the cusp is resolved.

    Examples
    --------
    >>> c = saddle_node_curve(5)
    >>> float(c.w[0]), float(c.I_low[0]), float(c.I_high[0])
    (0.08, -2.0, -2.0)
    """
    n = check_int("n", n, 2, N_MAX)
    w_max = check_range("w_max", w_max, W_CUSP, W_LIMIT, low_inclusive=False)
    half = R_MAX / 2.0
    d_max = math.sqrt(half**2 - R_MAX / w_max)
    d = d_max * np.linspace(0.0, 1.0, n) ** 1.5
    w = R_MAX / (half**2 - d**2)
    w[0], w[-1] = W_CUSP, w_max  # the ends exactly (w_max may come out an ulp above)
    lo_x = (R_MAX / w) / (half + d)  # = 25 - d, without the cancellation at large w
    hi_x = R_MAX - lo_x
    return SaddleNodeCurves(w, _finv(hi_x) - w * hi_x, _finv(lo_x) - w * lo_x)
