"""A single rate neuron that excites itself: bistability, noise, bifurcations.

The model (the report, Saeedpour 2025, §1) is

.. math::

    \\frac{dr}{dt} = -r + f(w r + I) + \\sigma \\eta(t),
    \\qquad f(s) = 60 (1 + \\tanh s),

with the rate ``r`` in Hz, the self-coupling ``w`` in 1/Hz, the external
input ``I`` (dimensionless), time in units of the rate time constant, and
Gaussian white noise ``eta`` of intensity ``sigma``.

One definition per equation: the right-hand side is :func:`flux` (and its
slope :func:`flux_slope`), used by the simulation, the fixed points, the
hysteresis sweep, the plots and the exercise checks; the curve of fixed
points ``I = f^-1(r) - w r`` and the fold condition ``r (120 - r) = 60 / w``
give the saddle-node points (:func:`saddle_node_points`), the bistable range
and the saddle-node curves. Two loops over one scalar state (Brent's method
in :func:`fixed_points`, the slow ramp of :func:`hysteresis_sweep`) use a
scalar form of the flux with ``math.tanh``, tested equal to :func:`flux`.

Everything here is exact where it can be: fixed points are bracketed between
the critical points of the flux (where it is monotone) and refined with
Brent's method; the saddle-node curves and the cusp come from the analytic
parametrisation, not from a grid search. The derivations are in
``docs/self_excited.md``.

Defaults: ``w = 0.04``, ``I = -2.4``. The report gives neither; ``60 w + I = 0``
puts its middle fixed point at ``r = 60`` and ``w > 1/60`` makes it unstable
(``docs/self_excited.md``, "Parameters").
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import numpy as np
from scipy import optimize

from ._validate import (
    MAX_ELEMENTS,
    MAX_STEPS,
    check_bool,
    check_choice,
    check_int,
    check_nonnegative,
    check_range,
    check_steps,
)
from .integrate import _finite_numbers, euler
from .transfer import TANH_HALF_MAX, tanh_rate, tanh_rate_inverse, tanh_rate_prime

__all__ = [
    "W_DEFAULT",
    "I_DEFAULT",
    "DT_DEFAULT",
    "W_CUSP",
    "I_CUSP",
    "R_MAX",
    "W_LIMIT",
    "I_LIMIT",
    "SIGMA_LIMIT",
    "SIGMA_MIN_SWITCH",
    "R_LIMIT",
    "N_LIMIT",
    "DT_LIMIT",
    "FixedPoint",
    "SaddleNodePoints",
    "SaddleNodeCurves",
    "Branch",
    "Simulation",
    "HysteresisSweep",
    "flux",
    "flux_slope",
    "potential",
    "barrier_heights",
    "fixed_points",
    "saddle_node_points",
    "bistable_range",
    "bistable_w_range",
    "saddle_node_curves",
    "fixed_point_branch",
    "simulate",
    "count_switches",
    "mean_switch_time",
    "mean_switch_time_log10",
    "expected_switches",
    "hysteresis_sweep",
]

W_DEFAULT = 0.04
"""Default self-coupling (1/Hz): with ``I_DEFAULT`` the middle fixed point is at 60 Hz."""
I_DEFAULT = -2.4
"""Default input: ``60 w + I = 0``."""
DT_DEFAULT = 0.1
"""Euler time step (units of the time constant)."""
R_MAX = 2 * TANH_HALF_MAX
"""Maximal rate, 120 Hz; every fixed point lies in (0, 120)."""
W_CUSP = 1.0 / 60.0
"""Self-coupling of the cusp: bistability needs ``w > 1/60``."""
I_CUSP = -1.0
"""Input at the cusp."""

W_LIMIT = 1000.0
"""Largest ``|w|`` (1/Hz) accepted: 5000 times the course's range (0 to 0.2); beyond it
``w r`` leaves the numbers the model's formulas are accurate for."""
I_LIMIT = 1000.0
"""Largest ``|I|`` accepted; ``f`` is saturated (0 or 120 Hz) long before."""
R_LIMIT = 1e6
"""Largest ``|r|`` (Hz) :func:`potential` accepts (``r²`` stays far from overflow)."""
N_LIMIT = 5_000_000
"""Most samples of a curve (:func:`saddle_node_curves`, :func:`fixed_point_branch`): each
makes a few arrays of that size, together within ``MAX_ELEMENTS``."""
SIGMA_MIN_SWITCH = 0.01
"""Weakest noise :func:`mean_switch_time` evaluates: below it the integrand is narrower
than the formula's grid. Such noise never switches the neuron anyway (at 0.01 one switch
takes about 1e6715016 time constants)."""
SIGMA_LIMIT = 10_000.0
"""Largest noise intensity accepted (Hz per sqrt(time constant)): kicks a hundred times
the rate range per time constant."""
DT_LIMIT = 1.0
"""Largest Euler step (time constants): a step must be shorter than the time constant
it resolves (at ``dt >= 2`` the Euler steps of the leak alone diverge)."""


class FixedPoint(NamedTuple):
    """A fixed point ``r*`` of ``dr/dt = -r + f(w r + I)``.

    Attributes
    ----------
    r : float
        Rate at the fixed point (Hz).
    slope : float
        Slope of the flux there, ``d(dr/dt)/dr = -1 + w f'(w r* + I)`` (per
        time constant); the linearisation is ``d(delta r)/dt = slope * delta r``.
    stable : bool
        Small perturbations decay: ``slope < 0``; where the slope is zero
        (the cusp, a fold) the flux on either side decides.
    """

    r: float
    slope: float
    stable: bool


class SaddleNodePoints(NamedTuple):
    """The two saddle-node (fold) points of the S-curve at one coupling ``w``.

    Attributes
    ----------
    I : ndarray, shape (2,)
        Inputs of the folds, ``(I_low, I_high)``: for ``I_low < I < I_high``
        the neuron is bistable. ``nan`` when ``w <= 1/60``.
    r : ndarray, shape (2,)
        Rates of the folds (Hz), ``(60 + d, 60 - d)`` with
        ``d = sqrt(3600 - 60/w)``: at ``I_low`` the high state is born
        (together with the threshold), at ``I_high`` the low state dies.
        ``nan`` when ``w <= 1/60``.
    """

    I: np.ndarray
    r: np.ndarray


class SaddleNodeCurves(NamedTuple):
    """Result of :func:`saddle_node_curves`: the two fold curves in the (w, I) plane.

    Attributes
    ----------
    w : ndarray, shape (n,)
        Couplings (1/Hz), from the cusp ``1/60`` to ``w_max``.
    I_low, I_high : ndarray, shape (n,)
        The fold inputs at each ``w``; between them the neuron is bistable.
    """

    w: np.ndarray
    I_low: np.ndarray
    I_high: np.ndarray


class Branch(NamedTuple):
    """Result of :func:`fixed_point_branch`: the S-shaped curve of fixed points.

    Attributes
    ----------
    r : ndarray, shape (n,)
        Rates (Hz) in (0, 120), increasing.
    I : ndarray, shape (n,)
        The input at which ``r`` is a fixed point, ``f^-1(r) - w r``.
    stable : ndarray of bool, shape (n,)
        The flux slope there is negative.
    """

    r: np.ndarray
    I: np.ndarray
    stable: np.ndarray


class Simulation(NamedTuple):
    """Result of :func:`simulate`.

    Attributes
    ----------
    t : ndarray, shape (n_t,)
        Times (units of the time constant).
    r : ndarray, shape (n_ic, n_t)
        Rates (Hz), one row per initial condition.
    """

    t: np.ndarray
    r: np.ndarray


class HysteresisSweep(NamedTuple):
    """Result of :func:`hysteresis_sweep`: ``I`` ramped up, then down, at one ``w``.

    Attributes
    ----------
    I_up, r_up : ndarray, shape (n,)
        Input and rate (Hz) while ``I`` increases.
    I_down, r_down : ndarray, shape (n,)
        Input and rate (Hz) while ``I`` decreases.
    I_jump_up, I_jump_down : float
        Inputs at which the rate jumps, after the saddle-node where its
        branch ends: where it crosses ``r = 60``, the middle of the S-curve.
        ``nan`` when that ramp passes no saddle-node (``w <= 1/60``: no jump,
        only lag; or the fold outside the range) or has not crossed by its
        end.
    w : float
        The self-coupling (1/Hz) the sweep ran at.
    I_cross_up, I_cross_down : float
        Inputs at which each ramp first crosses ``r = 60``, jump or not
        (``nan`` if it does not). Below the cusp they differ only by the
        ramp's lag behind the moving fixed point, which a slower ramp shrinks.
    """

    I_up: np.ndarray
    r_up: np.ndarray
    I_down: np.ndarray
    r_down: np.ndarray
    I_jump_up: float
    I_jump_down: float
    w: float
    I_cross_up: float = math.nan
    I_cross_down: float = math.nan


# ---------------------------------------------------------------------------
# the flux and its potential
# ---------------------------------------------------------------------------


def _check_w(w) -> float:
    return check_range("w", w, -W_LIMIT, W_LIMIT)


def _check_I(I, name: str = "I") -> float:
    return check_range(name, I, -I_LIMIT, I_LIMIT)


def _check_wI(w, I):
    return _check_w(w), _check_I(I)


def _check_dt(dt) -> float:
    return check_range("dt", dt, 0.0, DT_LIMIT, low_inclusive=False)


def _flux(r, w, I):
    # The right-hand side, unchecked (arrays of any shape): the one definition.
    return -r + tanh_rate(w * r + I)


def _flux_slope(r, w, I):
    # d(flux)/dr, unchecked.
    return -1.0 + w * tanh_rate_prime(w * r + I)


def _flux_scalar(r: float, w: float, I: float) -> float:
    # Scalar fast path of _flux for loops over one state (Brent's method, the slow ramp of
    # hysteresis_sweep): math.tanh on floats costs ~0.2 µs, numpy on a scalar ~1.5 µs.
    # tests/test_self_excited.py checks that it equals flux().
    return -r + TANH_HALF_MAX * (1.0 + math.tanh(w * r + I))


def flux(r, w: float = W_DEFAULT, I: float = I_DEFAULT):
    """Right-hand side ``dr/dt = -r + f(w r + I)`` (no noise).

    Parameters
    ----------
    r : float or array_like
        Rate(s) in Hz, finite.
    w : float
        Self-coupling (1/Hz), ``|w| <= 1000``.
    I : float
        External input (dimensionless), ``|I| <= 1000``.

    Returns
    -------
    float or ndarray
        ``dr/dt`` in Hz per time constant, same shape as ``r``.

    References
    ----------
    The report (Saeedpour 2025), §1.4 (Figure 4).

    Examples
    --------
    >>> float(flux(60.0, 0.04, -2.4))  # the middle fixed point
    0.0
    """
    w, I = _check_wI(w, I)
    return _flux(_finite_numbers("r", r), w, I)


def flux_slope(r, w: float = W_DEFAULT, I: float = I_DEFAULT):
    """Slope ``d(dr/dt)/dr = -1 + w f'(w r + I)`` of the flux: negative means stable.

    Parameters
    ----------
    r : float or array_like
        Rate(s) in Hz, finite.
    w, I : float
        Self-coupling (1/Hz) and input, each at most 1000 in size.

    Returns
    -------
    float or ndarray
        The slope (per time constant), same shape as ``r``.

    Examples
    --------
    >>> round(float(flux_slope(60.0, 0.04, -2.4)), 6)
    1.4
    """
    w, I = _check_wI(w, I)
    return _flux_slope(_finite_numbers("r", r), w, I)


def potential(r, w: float = W_DEFAULT, I: float = I_DEFAULT):
    """Potential ``U(r)`` with ``dr/dt = -dU/dr``, zero at ``r = 0``.

    Parameters
    ----------
    r : float or array_like
        Rate(s) in Hz, ``|r| <= 1e6`` (:data:`R_LIMIT`).
    w, I : float
        Self-coupling (1/Hz) and input, each at most 1000 in size.

    Returns
    -------
    float or ndarray
        ``U(r) - U(0)``, Hz² per time constant, same shape as ``r``. Minima
        are stable fixed points, maxima unstable ones: the "ball in a
        double well".

    Notes
    -----
    ``U(r) = r²/2 - 60 r - (60/w) [ln cosh(w r + I) - ln cosh(I)]`` for
    ``w != 0`` and ``U(r) = r²/2 - f(I) r`` for ``w = 0``. The bracket is
    evaluated without cancellation (``log1p`` for small ``w r``), and for
    ``|w| < 1e-12`` by its series, ``r²/2 - f(I) r - 30 w r² sech²(I)``, so
    the potential tends to the ``w = 0`` one as ``w`` shrinks.

    Examples
    --------
    The barrier between the low state and the middle fixed point:

    >>> round(float(potential(60.0) - potential(fixed_points()[0].r)), 1)
    773.1
    """
    w, I = _check_wI(w, I)
    r = _finite_numbers("r", r)
    if r.size and np.abs(r).max() > R_LIMIT:
        raise ValueError(f"r must be within ±{R_LIMIT:g} Hz, got {np.abs(r).max():g}")
    if abs(w) < 1e-12:  # the series in w: 60/w would overflow for subnormal w
        sech2 = 4.0 / (math.exp(2 * I) + 2.0 + math.exp(-2 * I)) if abs(I) < 300 else 0.0
        return 0.5 * r**2 - float(tanh_rate(I)) * r - 30.0 * w * r**2 * sech2
    return 0.5 * r**2 - TANH_HALF_MAX * r - TANH_HALF_MAX / w * _lncosh_shift(w * r, I)


def _lncosh_shift(a, b: float):
    """``ln cosh(a + b) - ln cosh(b)`` elementwise, accurate for small and large ``a``.

    ``cosh(a + b) / cosh(b) = cosh a + tanh(b) sinh a``: for ``|a| <= 1`` that is
    ``log1p(2 sinh²(a/2) + tanh(b) sinh a)``, free of the cancellation in the difference
    of two logarithms; for larger ``|a|`` the difference is well conditioned.
    """
    a = np.asarray(a, dtype=float)
    small = np.abs(a) <= 1.0
    a_s = np.where(small, a, 0.0)
    near = np.log1p(2.0 * np.sinh(0.5 * a_s) ** 2 + math.tanh(b) * np.sinh(a_s))
    x = a + b
    far = np.logaddexp(x, -x) - float(np.logaddexp(b, -b))
    return np.where(small, near, far)


def barrier_heights(w: float = W_DEFAULT, I: float = I_DEFAULT) -> tuple[float, float]:
    """Heights of the potential barrier to leave the low and the high state.

    Parameters
    ----------
    w, I : float
        Self-coupling (1/Hz) and input.

    Returns
    -------
    (float, float)
        ``U(r_mid) - U(r_low)`` and ``U(r_mid) - U(r_high)`` (Hz² per time
        constant); ``(nan, nan)`` unless there are three fixed points.

    Examples
    --------
    >>> [round(b, 1) for b in barrier_heights(0.04, -2.4)]  # symmetric: 60 w + I = 0
    [773.1, 773.1]
    >>> barrier_heights(0.04, 0.0)
    (nan, nan)
    """
    w, I = _check_wI(w, I)
    fps = fixed_points(w, I)
    if len(fps) != 3:
        return (math.nan, math.nan)
    u_low, u_mid, u_high = potential([fp.r for fp in fps], w, I)
    return (float(u_mid - u_low), float(u_mid - u_high))


# ---------------------------------------------------------------------------
# fixed points
# ---------------------------------------------------------------------------


def _critical_rates(w: float, I: float) -> list[float]:
    """Rates in (0, 120) where the flux slope vanishes (``w f'(w r + I) = 1``)."""
    if w <= W_CUSP:
        return []
    # s = artanh(q) with q = sqrt(1 - x), x = 1 / (60 w), written as log((1 + q) / sqrt(x)):
    # no artanh(1) when x rounds away against 1 (large w).
    x = 1.0 / (TANH_HALF_MAX * w)
    s = math.log((1.0 + math.sqrt(1.0 - x)) / math.sqrt(x))
    return sorted(r for r in ((-s - I) / w, (s - I) / w) if 0.0 < r < R_MAX)


def fixed_points(w: float = W_DEFAULT, I: float = I_DEFAULT) -> list[FixedPoint]:
    """All fixed points of ``dr/dt = -r + f(w r + I)``, in increasing order.

    Parameters
    ----------
    w : float
        Self-coupling (1/Hz), ``|w| <= 1000`` (:data:`W_LIMIT`).
    I : float
        External input, ``|I| <= 1000`` (:data:`I_LIMIT`).

    Returns
    -------
    list of FixedPoint
        One or three fixed points (two exactly on a saddle-node curve),
        each with its rate, flux slope and stability.

    Notes
    -----
    Every fixed point lies in (0, 120) because ``f`` does. The flux is
    monotone between its critical points ``w f'(w r + I) = 1`` (there are
    two when ``w > 1/60``, none otherwise), so each monotone piece holds at
    most one root, found with Brent's method (:func:`scipy.optimize.brentq`: from an
    interval where the flux changes sign it closes in on the root, with
    bisection's guarantee and the speed of interpolation) to machine precision.
    Where ``f`` rounds to exactly 0 or 120 Hz (inputs beyond about ±19) a fixed
    point can be exactly 0 or 120.

    References
    ----------
    The report (Saeedpour 2025), §1.2 and §1.4; ``docs/self_excited.md``,
    "Parameters".

    Examples
    --------
    >>> [round(fp.r, 7) for fp in fixed_points(0.04, -2.4)]
    [1.0659254, 60.0, 118.9340746]
    >>> [fp.stable for fp in fixed_points(0.04, -2.4)]
    [True, False, True]
    """
    w, I = _check_wI(w, I)

    def g(r):
        return _flux_scalar(r, w, I)

    edges = [0.0, *_critical_rates(w, I), R_MAX]
    roots: list[float] = []
    scale = 1e-9 * R_MAX
    values = [g(x) for x in edges]
    for a, b, ga, gb in zip(edges[:-1], edges[1:], values[:-1], values[1:]):
        if ga == 0.0:
            roots.append(a)
        elif ga * gb < 0:
            roots.append(optimize.brentq(g, a, b, xtol=1e-13, rtol=4 * np.finfo(float).eps))
    if values[-1] == 0.0:  # f saturates to exactly 120.0 in floating point
        roots.append(edges[-1])
    # Tangencies (exactly on a saddle-node curve): a critical point that is a root.
    for c in edges[1:-1]:
        if abs(g(c)) < scale and all(abs(c - x) > 1e-6 for x in roots):
            roots.append(c)
    roots = sorted(set(roots))
    out = []
    for r in roots:
        slope = float(_flux_slope(r, w, I))
        stable = slope < 0
        if abs(slope) < 1e-9:
            # Linearisation is silent (the cusp, or exactly on a fold): decide by the flux
            # on either side. Attracting if it pushes back from both sides.
            eps = 1e-2  # the flux is cubic here: keep it above round-off
            stable = g(r - eps) > 0 > g(r + eps)
        out.append(FixedPoint(float(r), slope, bool(stable)))
    return out


# ---------------------------------------------------------------------------
# saddle-node bifurcations
# ---------------------------------------------------------------------------
#
# Along the curve of fixed points the input is I(r) = f^-1(r) - w r (_branch_input). A fold
# is where the flux slope vanishes too, w f'(f^-1(r)) = 1; with f'(f^-1(r)) = r (120 - r) / 60
# that is r (120 - r) = 60 / w, i.e. r = 60 ± d with d = sqrt(3600 - 60/w) (_fold_offset),
# or, read the other way, w = 60 / (3600 - d²) (_fold_coupling). Derivation:
# docs/self_excited.md, "Saddle-node bifurcations".


def _branch_input(r, w):
    # The input at which r is a fixed point: r = f(w r + I)  <=>  I = f^-1(r) - w r.
    return tanh_rate_inverse(r) - w * r


def _fold_offset(w):
    # d >= 0 with the folds at r = 60 ± d; nan for w <= 1/60 (no fold).
    w = np.asarray(w, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        d2 = TANH_HALF_MAX**2 - TANH_HALF_MAX / w
    return np.sqrt(np.where(w > W_CUSP, d2, np.nan))


def _fold_coupling(d):
    # The coupling whose folds are at r = 60 ± d (the inverse of _fold_offset).
    return TANH_HALF_MAX / (TANH_HALF_MAX**2 - np.asarray(d, dtype=float) ** 2)


def _folds(d, w):
    # Inputs (I_low, I_high) of the folds at r = 60 + d and r = 60 - d.
    return _branch_input(TANH_HALF_MAX + d, w), _branch_input(TANH_HALF_MAX - d, w)


def saddle_node_points(w: float) -> SaddleNodePoints:
    """The two saddle-node points ``(I, r)`` of the S-curve at coupling ``w``.

    Parameters
    ----------
    w : float
        Self-coupling (1/Hz), ``|w| <= 1000``.

    Returns
    -------
    SaddleNodePoints
        ``I`` = ``(I_low, I_high)`` and ``r`` = ``(60 + d, 60 - d)``, arrays
        of shape ``(2,)``, ``d = sqrt(3600 - 60/w)``; all ``nan`` when
        ``w <= 1/60`` (no bistability).

    Notes
    -----
    At a fold the flux and its slope vanish together. On the curve of fixed
    points ``I = f^-1(r) - w r``; the slope ``-1 + w f'(f^-1(r))`` vanishes
    where ``r (120 - r) = 60 / w``. In closed form
    ``I_sn = -60 w ∓ [w d - artanh(d/60)]`` (``docs/self_excited.md``,
    "Saddle-node bifurcations").

    Examples
    --------
    >>> sn = saddle_node_points(0.04)
    >>> sn.I.round(5).tolist(), sn.r.round(4).tolist()
    ([-3.22785, -1.57215], [105.8258, 14.1742])
    >>> saddle_node_points(0.01).I.tolist()
    [nan, nan]
    """
    w = _check_w(w)
    d = float(_fold_offset(w))
    I_low, I_high = _folds(d, w)
    return SaddleNodePoints(np.array([I_low, I_high], dtype=float),
                            np.array([TANH_HALF_MAX + d, TANH_HALF_MAX - d]))


def bistable_range(w: float) -> tuple[float, float]:
    """Exact saddle-node values ``(I_low, I_high)`` of the input at coupling ``w``.

    For ``I_low < I < I_high`` there are three fixed points (two stable);
    outside, one.

    Parameters
    ----------
    w : float
        Self-coupling (1/Hz), ``|w| <= 1000``.

    Returns
    -------
    (float, float)
        ``(I_low, I_high)``; ``(nan, nan)`` when ``w <= 1/60`` (no
        bistability). The inputs of :func:`saddle_node_points`.

    Examples
    --------
    >>> [round(v, 5) for v in bistable_range(0.04)]
    [-3.22785, -1.57215]
    >>> bistable_range(0.01)
    (nan, nan)
    """
    I_low, I_high = saddle_node_points(w).I
    return (float(I_low), float(I_high))


def saddle_node_curves(n: int = 400, w_max: float = 0.2) -> SaddleNodeCurves:
    """The saddle-node curves in the (w, I) plane, from their exact parametrisation.

    Parameters
    ----------
    n : int
        Points per branch, ``2 <= n <= 5,000,000`` (:data:`N_LIMIT`).
    w_max : float
        Largest ``w`` to reach (1/Hz), ``1/60 < w_max <= 1000``.

    Returns
    -------
    SaddleNodeCurves
        ``w``, ``I_low``, ``I_high``: arrays of shape ``(n,)`` from the cusp
        ``(1/60, -1)`` to ``w_max``; between the curves the neuron is
        bistable.

    Notes
    -----
    The folds of :func:`saddle_node_points`, sampled in
    ``d = sqrt(3600 - 60/w)`` (so the cusp, where ``dI/dw`` is infinite, is
    resolved) and mapped back with ``w = 60 / (3600 - d²)``. Both branches
    meet at ``d = 0``: the cusp ``w = 1/60``, ``I = -1``.

    Examples
    --------
    >>> c = saddle_node_curves(5)
    >>> round(float(c.w[0]), 6), float(c.I_low[0]), float(c.I_high[0])
    (0.016667, -1.0, -1.0)
    """
    n = check_int("n", n, 2, N_LIMIT)
    w_max = check_range("w_max", w_max, W_CUSP, W_LIMIT, low_inclusive=False)
    d = float(_fold_offset(w_max)) * np.linspace(0.0, 1.0, n) ** 1.5  # dense near the cusp
    w = _fold_coupling(d)
    I_low, I_high = _folds(d, w)
    return SaddleNodeCurves(w, I_low, I_high)


def bistable_w_range(I: float = I_DEFAULT) -> tuple[float, float]:
    """The window of ``w`` in which the neuron is bistable at input ``I``.

    Parameters
    ----------
    I : float
        External input, ``|I| <= 1000``.

    Returns
    -------
    (float, float)
        ``(w_low, w_high)`` (1/Hz), or ``(nan, nan)`` if no ``w`` gives
        bistability (``I >= -1``, the cusp's input, or beyond numerical
        reach).

    Notes
    -----
    Along each fold curve, parametrised by ``d`` in ``[0, 60)``, the fold
    input is monotone in ``d``: one root per curve, found with Brent's
    method.

    Examples
    --------
    >>> [round(v, 6) for v in bistable_w_range(-2.4)]
    [0.032031, 0.190469]
    """
    I = _check_I(I)
    if I >= I_CUSP:
        return (math.nan, math.nan)

    def fold_input(d, which):
        return float(_folds(d, _fold_coupling(d))[which]) - I

    d_top = TANH_HALF_MAX * (1 - 1e-15)
    out = []
    for which in (0, 1):
        if fold_input(0.0, which) * fold_input(d_top, which) > 0:
            return (math.nan, math.nan)
        d = optimize.brentq(fold_input, 0.0, d_top, args=(which,), xtol=1e-14)
        out.append(float(_fold_coupling(d)))
    return (min(out), max(out))


def fixed_point_branch(w: float = W_DEFAULT, n: int = 600) -> Branch:
    """The S-shaped curve of fixed points ``r*`` against ``I`` at coupling ``w``.

    Parameters
    ----------
    w : float
        Self-coupling (1/Hz), ``|w| <= 1000``.
    n : int
        Number of samples, ``2 <= n <= 5,000,000`` (:data:`N_LIMIT`).

    Returns
    -------
    Branch
        ``r``, ``I`` and ``stable``, arrays of shape ``(n,)``.

    Notes
    -----
    Parametrised exactly by the rate: ``I(r) = f^-1(r) - w r`` for ``r`` in
    (0, 120), sampled densely near both ends, where ``I(r)`` runs off to
    ``-inf`` / ``+inf``; the sign of :func:`flux_slope` there says which
    parts are stable.

    Examples
    --------
    >>> b = fixed_point_branch(0.04, 7)
    >>> b.stable.tolist()
    [True, True, False, False, False, True, True]
    """
    w = _check_w(w)
    n = check_int("n", n, 2, N_LIMIT)
    u = np.linspace(-1.0, 1.0, n)
    r = TANH_HALF_MAX * (1.0 + np.sin(0.5 * np.pi * u) * (1 - 1e-9))
    I = _branch_input(r, w)
    return Branch(r, I, _flux_slope(r, w, I) < 0)


# ---------------------------------------------------------------------------
# simulation and noise
# ---------------------------------------------------------------------------


def simulate(
    r0,
    w: float = W_DEFAULT,
    I: float = I_DEFAULT,
    T: float = 20.0,
    dt: float = DT_DEFAULT,
    sigma: float = 0.0,
    rng: np.random.Generator | int | None = None,
    clip_at_zero: bool = False,
) -> Simulation:
    """Integrate ``dr/dt = -r + f(w r + I) + sigma eta`` from one or more rates.

    Parameters
    ----------
    r0 : float or array_like, shape (n_ic,)
        Initial rate(s) in Hz, finite.
    w, I : float
        Self-coupling (1/Hz) and input, each at most 1000 in size.
    T : float
        Duration (time constants), ``T >= 0``, at most 2,000,000 steps.
    dt : float
        Euler step (time constants), ``0 < dt <= 1``.
    sigma : float
        Noise intensity (Hz per sqrt(time constant)), ``0 <= sigma <= 1e4``;
        each step adds ``sigma sqrt(dt) N(0, 1)`` (Euler–Maruyama).
    rng : numpy.random.Generator or int or None
        Source of the noise: a Generator, a seed (an integer >= 0) or None.
    clip_at_zero : bool
        Keep rates non-negative (reflect the modelling choice that a rate
        cannot be negative). Off by default: the additive-noise model of the
        report lets rates dip below zero.

    Returns
    -------
    Simulation
        ``t`` of shape ``(n_t,)`` and ``r`` of shape ``(n_ic, n_t)``,
        ``n_t = round(T / dt) + 1``; ``n_ic n_t <= 20,000,000``.

    References
    ----------
    The report (Saeedpour 2025), §1.2 (Figure 2) and §1.3 (Eq. 1, Figure 3);
    ``docs/self_excited.md``, "Noise".

    Examples
    --------
    >>> sim = simulate([59, 61], T=30)
    >>> sim.r.shape
    (2, 301)
    >>> [round(float(x), 3) for x in sim.r[:, -1]]
    [1.066, 118.934]
    """
    w, I = _check_wI(w, I)
    check_nonnegative("T", T)
    dt = _check_dt(dt)
    sigma = check_range("sigma", sigma, 0.0, SIGMA_LIMIT)
    clip_at_zero = check_bool("clip_at_zero", clip_at_zero)
    r0 = np.atleast_1d(_finite_numbers("r0", r0, ndim=(0, 1)))
    traj = euler(lambda _t, r: _flux(r, w, I), r0, T, dt, sigma=sigma, rng=rng,
                 clip=(0.0, None) if clip_at_zero else None)
    return Simulation(traj.t, traj.y)


def _switch_edges(w: float, I: float, caller: str) -> tuple[float, float, float, float]:
    """The three fixed points and the two zone edges of a bistable setting.

    The low zone ends halfway between the low and the middle fixed point, the
    high zone halfway between the middle and the high one. Returns
    ``(r_low, r_high, low_edge, high_edge)``; raises ``ValueError`` (naming
    ``caller``) unless there are three fixed points.
    """
    fps = fixed_points(w, I)
    if len(fps) != 3:
        raise ValueError(
            f"{caller} needs a bistable neuron (three fixed points); at w={w:g}, I={I:g} "
            f"there {'is' if len(fps) == 1 else 'are'} {len(fps)}")
    lo, mid, hi = (fp.r for fp in fps)
    return lo, hi, 0.5 * (lo + mid), 0.5 * (mid + hi)


def count_switches(r, w: float = W_DEFAULT, I: float = I_DEFAULT) -> np.ndarray:
    """Count transitions between the low and the high state.

    A switch is counted when the rate, having last been in one state's zone,
    reaches the other's. The zones end halfway between each stable fixed
    point and the unstable one, so noise jittering around the threshold is
    not counted.

    Parameters
    ----------
    r : array_like, shape (n_t,) or (n_ic, n_t)
        Rate traces (Hz), finite.
    w, I : float
        The parameters they were simulated with (must be bistable).

    Returns
    -------
    ndarray of int, shape (n_ic,) (a 0-d array for one trace)
        Switches per trace.

    Examples
    --------
    >>> count_switches([1, 30, 70, 100, 60, 20, 80, 119])  # up, down, up
    array(3)
    """
    w, I = _check_wI(w, I)
    r = _finite_numbers("r", r, ndim=(1, 2))
    _, _, lo_edge, hi_edge = _switch_edges(w, I, "count_switches")
    counts = []
    # Row by row in int8: a batch of 200 long runs needs no temporaries of its size.
    for row in np.atleast_2d(r):
        # State: -1 low zone, +1 high zone, 0 between (keeps the last zone).
        zone = (row >= hi_edge).view(np.int8) - (row <= lo_edge).view(np.int8)
        zone = zone[zone != 0]
        counts.append(int(np.count_nonzero(zone[1:] != zone[:-1])))
    out = np.array(counts, dtype=int)
    return out if r.ndim == 2 else out.reshape(())


def _log_mean_switch_time(sigma, w, I, start) -> float:
    """Natural log of the mean switching time (time constants): finite for every sigma."""
    sigma = check_range("sigma", sigma, SIGMA_MIN_SWITCH, SIGMA_LIMIT)
    w, I = _check_wI(w, I)
    check_choice("start", start, ("low", "high"))
    return _log_mean_switch_time_of(float(sigma), float(w), float(I), start)


@functools.lru_cache(maxsize=128)
def _log_mean_switch_time_of(sigma: float, w: float, I: float, start: str) -> float:
    # Checked arguments. Cached: a move of NoiseApp's sigma asks for the same four
    # integrals twice (the expected count and its text), each a 200,001-point
    # quadrature (~20 ms). Three arrays of the grid's size in all: the potential is
    # evaluated a slice at a time and the rest is done in place (a class kernel's
    # peak memory is the sum of such temporaries).
    lo, hi, lo_edge, hi_edge = _switch_edges(w, I, "mean_switch_time")
    D = 0.5 * sigma**2
    # Work with the mirror image when leaving the high state: U(-r) flips the wells.
    if start == "low":
        sign, r_s, b = 1.0, lo, hi_edge
    else:
        sign, r_s, b = -1.0, -hi, -lo_edge
    reach = 12.0 * sigma + 50.0  # far beyond the well, where exp(-U/D) is negligible
    y = np.linspace(r_s - reach, b, 200_001)
    u = np.empty_like(y)  # U(y) / D
    for i in range(0, y.size, 20_000):
        u[i:i + 20_000] = potential(sign * y[i:i + 20_000], w, I)
    u /= D
    dy = y[1] - y[0]
    log_f = np.negative(u)  # becomes log of the integrand, in place
    np.logaddexp.accumulate(log_f, out=log_f)
    log_f += math.log(dy)
    log_f += u
    del u
    tail = log_f[np.searchsorted(y, r_s):]  # y >= r_s
    m = tail.max()
    tail -= m
    np.exp(tail, out=tail)
    total = np.trapezoid(tail, y[y.size - tail.size:])
    return m + math.log(total / D)


def mean_switch_time(sigma: float, w: float = W_DEFAULT, I: float = I_DEFAULT,
                     start: str = "low") -> float:
    """Exact mean time to switch state under noise (first-passage time).

    The mean time for the rate to go from one stable fixed point into the
    other state's zone (as in :func:`count_switches`), for
    ``dr = flux dt + sigma dW``:

    .. math::

        \\tau = \\frac{2}{\\sigma^2} \\int_{r_s}^{b} e^{2U(y)/\\sigma^2}
                \\int_{-\\infty}^{y} e^{-2U(z)/\\sigma^2}\\,dz\\,dy

    evaluated in log space (the times span thousands of orders of magnitude).

    Parameters
    ----------
    sigma : float
        Noise intensity (Hz per sqrt(time constant)), ``0.01 <= sigma <= 1e4``
        (:data:`SIGMA_MIN_SWITCH`).
    w, I : float
        A bistable setting.
    start : {"low", "high"}
        Which state to leave.

    Returns
    -------
    float
        Mean switching time, in time constants; ``inf`` when it exceeds the
        floating-point range (about 1e308): :func:`mean_switch_time_log10`
        gives its size then.

    References
    ----------
    ``docs/self_excited.md``, "Noise".

    Examples
    --------
    >>> f"{mean_switch_time(5.0):.0e}"   # sigma = 5: never, in practice
    '4e+27'
    >>> round(1000 / mean_switch_time(20.0), 1)  # expected switches in T = 1000
    3.4
    """
    log_tau = _log_mean_switch_time(sigma, w, I, start)
    return math.exp(log_tau) if log_tau < 709.0 else math.inf  # beyond float range


def mean_switch_time_log10(sigma: float, w: float = W_DEFAULT, I: float = I_DEFAULT,
                           start: str = "low") -> float:
    """``log10`` of :func:`mean_switch_time`: finite however weak the noise.

    Parameters
    ----------
    sigma : float
        Noise intensity (Hz per sqrt(time constant)), ``0.01 <= sigma <= 1e4``.
    w, I : float
        A bistable setting.
    start : {"low", "high"}
        Which state to leave.

    Returns
    -------
    float
        ``log10`` of the mean switching time in time constants.

    Examples
    --------
    At ``sigma = 1`` one switch takes about 1e672 time constants:

    >>> int(mean_switch_time_log10(1.0))
    672
    """
    return _log_mean_switch_time(sigma, w, I, start) / math.log(10.0)


def expected_switches(T: float, sigma: float, w: float = W_DEFAULT,
                      I: float = I_DEFAULT) -> float:
    """Expected number of switches in a run of duration ``T`` (long-run rate).

    Parameters
    ----------
    T : float
        Duration (time constants), ``0 <= T <= 1e300``.
    sigma : float
        Noise intensity, ``0.01 <= sigma <= 1e4``.
    w, I : float
        A bistable setting.

    Returns
    -------
    float
        ``T`` over the mean of the switching times out of each state (equal
        when the flux is symmetric, as for ``60 w + I = 0``); 0 when they
        exceed the floating-point range.

    Examples
    --------
    >>> round(expected_switches(1000, 20.0), 1)
    3.4
    """
    T = check_range("T", T, 0.0, 1e300)
    tau = 0.5 * (mean_switch_time(sigma, w, I, "low") + mean_switch_time(sigma, w, I, "high"))
    return T / tau


def hysteresis_sweep(
    w: float = W_DEFAULT,
    I_min: float = -5.0,
    I_max: float = 0.0,
    T_ramp: float = 2000.0,
    dt: float = DT_DEFAULT,
    n_samples: int = 400,
) -> HysteresisSweep:
    """Ramp ``I`` slowly from ``I_min`` to ``I_max`` and back; record the rate.

    Where the neuron is bistable the rate follows the lower branch until it
    ends (a saddle-node) and jumps up; on the way down it stays high until
    the upper branch ends: the hysteresis loop of a bistable switch. Below
    the cusp (``w <= 1/60``) there is one fixed point for every input and no
    jump: the rate follows it both ways, a little behind it (the ramp never
    stops), so the two ramps differ slightly without any memory.

    Parameters
    ----------
    w : float
        Self-coupling (1/Hz), ``|w| <= 1000``.
    I_min, I_max : float
        Range of the ramp (``I_min < I_max``, each at most 1000 in size).
    T_ramp : float
        Duration of each ramp (time constants), ``> 0``; slower is closer to
        the quasi-static ideal. Both ramps together take at most 2,000,000
        steps of ``dt``.
    dt : float
        Euler step (time constants), ``0 < dt <= 1``.
    n_samples : int
        Samples recorded per ramp, ``>= 2`` (at most one per step).

    Returns
    -------
    HysteresisSweep
        The two ramps (about ``n_samples`` samples each), the inputs of the
        jumps, and ``w``.

    Notes
    -----
    One Euler step per ``dt`` of :func:`flux` with the input moving
    linearly in time, in pure-Python floats (a scalar state: ~10x faster than
    numpy here). A jump is where the rate, having passed the end of its
    branch (a saddle-node inside the ramp), crosses ``r = 60``, the middle of
    the S-curve (both folds are at ``60 ± d``): located to within one step,
    whatever the sampling. Without a fold on the way there is no jump, only
    the smooth lag.

    Examples
    --------
    >>> h = hysteresis_sweep(0.04)
    >>> lo, hi = bistable_range(0.04)
    >>> bool(hi < h.I_jump_up < hi + 0.1 and lo - 0.1 < h.I_jump_down < lo)
    True
    >>> h = hysteresis_sweep(0.015)  # below the cusp: no jump, only the ramp's lag
    >>> h.I_jump_up, h.I_jump_down
    (nan, nan)
    >>> bool(h.I_cross_down < h.I_cross_up)
    True
    """
    w = _check_w(w)
    I_min, I_max = _check_I(I_min, "I_min"), _check_I(I_max, "I_max")
    if not I_min < I_max:
        raise ValueError(f"I_min must be < I_max, got I_min={I_min:g}, I_max={I_max:g}")
    T_ramp = check_range("T_ramp", T_ramp, 0.0, None, low_inclusive=False)
    dt = _check_dt(dt)
    n_samples = check_int("n_samples", n_samples, 2)
    ratio = T_ramp / dt
    if not ratio < 1e18:  # inf, or beyond any limit: no giant integer in the message
        raise ValueError(f"T_ramp = {T_ramp:g} asks for more than 1e18 steps of dt = {dt:g}; "
                         f"at most {MAX_STEPS:,} are allowed")
    n_steps = max(1, round(ratio))
    check_steps("T_ramp", 2 * n_steps, f"steps of dt = {dt:g} (two ramps)")
    every = max(1, n_steps // n_samples)
    rate = (I_max - I_min) / (n_steps * dt)
    I_low, I_high = bistable_range(w)  # nan below the cusp

    def run(I0, direction, r):
        # The ramp, and the input at which r first crosses the middle of the S-curve.
        Is, rs = [], []
        crossed = math.nan
        for k in range(n_steps + 1):
            I = I0 + direction * rate * k * dt
            if k % every == 0 or k == n_steps:
                Is.append(I)
                rs.append(r)
            r_next = r + dt * _flux_scalar(r, w, I)
            if crossed != crossed and (r - TANH_HALF_MAX) * (r_next - TANH_HALF_MAX) <= 0.0 \
                    and r_next != r:
                crossed = I + direction * rate * dt * (TANH_HALF_MAX - r) / (r_next - r)
            r = r_next
        return np.array(Is), np.array(rs), crossed

    I_up, r_up, cross_up = run(I_min, +1.0, fixed_points(w, I_min)[0].r)
    I_down, r_down, cross_down = run(I_max, -1.0, float(r_up[-1]))
    # A jump needs a fold on the way and the rate on the branch that ends there.
    up = cross_up if (I_min < I_high < I_max and r_up[0] < TANH_HALF_MAX) else math.nan
    down = cross_down if (I_min < I_low < I_max and r_down[0] > TANH_HALF_MAX) else math.nan
    return HysteresisSweep(I_up, r_up, I_down, r_down, float(up), float(down), w,
                           float(cross_up), float(cross_down))
