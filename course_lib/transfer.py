"""Transfer (activation) functions used across the course.

Two sigmoids map input to firing rate:

* :func:`tanh_rate`, ``f(s) = 60 (1 + tanh s)``, range (0, 120) Hz: the
  self-connected neuron of notebook 01 (the report, Saeedpour 2025, §1.1).
* :func:`logistic_rate`, ``f(s) = 50 / (1 + exp(-s))``, range (0, 50) Hz: the
  two-neuron network of notebook 02 (the report, §2; its
  ``f'(s) = 50 σ(s)(1 - σ(s))`` implies this logistic, not part 1's tanh).

Each comes with its derivative (for stability and Jacobians) and its inverse
(for parametrising fixed-point curves exactly). The Hopfield network's
``sign`` / ``tanh(beta s)`` and the conductance neuron's XX1 / NXX1 live with
their models in :mod:`course_lib.hopfield` and :mod:`course_lib.neuron`.

All functions are vectorised: they accept scalars or arrays and return the
same shape (a numpy scalar for a scalar). Each formula is written once, here;
the models call these functions.

Arguments are checked (:mod:`course_lib._validate`): the scale (``half_max``,
``r_max``) is a finite number > 0; the input is a number or an array of
numbers (not strings, booleans or ``None``). The functions are elementwise
like numpy's: a NaN entry gives NaN in that entry, ``±inf`` gives the limit.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from ._validate import check_positive

__all__ = [
    "tanh_rate",
    "tanh_rate_prime",
    "tanh_rate_inverse",
    "logistic_rate",
    "logistic_rate_prime",
    "logistic_rate_inverse",
]

TANH_HALF_MAX = 60.0
"""Half the maximal rate of :func:`tanh_rate` (Hz); ``f(0) = 60``."""

LOGISTIC_MAX = 50.0
"""Maximal rate of :func:`logistic_rate` (Hz); ``f(0) = 25``."""


def _values(name: str, x):
    """``x`` as numbers for an elementwise function, or ValueError naming ``name``.

    Floats and float arrays pass untouched (the models call these functions in
    their time loops); integers become floats; strings, booleans, ``None`` and
    arrays of anything but numbers are refused.
    """
    kind = type(x)
    if kind is float or kind is np.float64:
        return x
    if kind is np.ndarray and x.dtype.kind in "iuf":
        return x
    if kind is int or isinstance(x, (np.integer, np.floating)):
        return float(x)
    if isinstance(x, (str, bytes, bool, np.bool_)) or x is None:
        raise ValueError(f"{name} must be a number or an array of numbers, got {x!r}"[:120])
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError):
        arr = None
    if arr is None or arr.dtype.kind not in "iuf":
        raise ValueError(f"{name} must be a number or an array of numbers, got {x!r}"[:120])
    return arr


def _scale(name: str, value, default: float) -> float:
    # The default object needs no check (the time loops pass it on every step).
    return value if value is default else check_positive(name, value)


def tanh_rate(s, half_max: float = TANH_HALF_MAX):
    """Firing rate ``f(s) = half_max (1 + tanh s)``.

    Parameters
    ----------
    s : float or array_like
        Total input (dimensionless), elementwise (a NaN entry gives NaN).
    half_max : float, default 60
        Half the maximal rate, in Hz, ``> 0``; the rate at ``s = 0``.

    Returns
    -------
    float or ndarray
        Rate in Hz, in ``(0, 2 half_max)``, same shape as ``s``.

    Notes
    -----
    ``f`` is odd about its midpoint: ``f(-s) = 2 half_max - f(s)``.

    References
    ----------
    The report (Saeedpour 2025), §1.1, Figure 1.

    Examples
    --------
    >>> float(tanh_rate(0.0))
    60.0
    >>> float(tanh_rate(-1.0) + tanh_rate(1.0))
    120.0
    """
    half_max = _scale("half_max", half_max, TANH_HALF_MAX)
    return half_max * (1.0 + np.tanh(_values("s", s)))


def tanh_rate_prime(s, half_max: float = TANH_HALF_MAX):
    """Derivative ``f'(s) = half_max (1 - tanh² s)`` of :func:`tanh_rate`.

    Its maximum, ``half_max``, is at ``s = 0``.

    Parameters
    ----------
    s : float or array_like
        Total input (dimensionless), elementwise (a NaN entry gives NaN).
    half_max : float, default 60
        Half the maximal rate of :func:`tanh_rate` (Hz), ``> 0``.

    Returns
    -------
    float or ndarray
        ``df/ds`` in Hz per unit input, same shape as ``s``.

    Examples
    --------
    >>> float(tanh_rate_prime(0.0))
    60.0
    """
    half_max = _scale("half_max", half_max, TANH_HALF_MAX)
    t = np.tanh(_values("s", s))
    return half_max * (1.0 - t * t)


def tanh_rate_inverse(r, half_max: float = TANH_HALF_MAX):
    """Inverse ``f^-1(r) = artanh(r / half_max - 1)`` of :func:`tanh_rate`.

    Parameters
    ----------
    r : float or array_like
        Rate(s) in Hz, elementwise (a NaN entry gives NaN).
    half_max : float, default 60
        Half the maximal rate of :func:`tanh_rate` (Hz), ``> 0``.

    Returns
    -------
    float or ndarray
        The input ``s`` with ``f(s) = r``, same shape as ``r``: defined for
        ``0 < r < 2 half_max``; ``-inf`` / ``inf`` at the ends and ``nan``
        outside.

    Examples
    --------
    >>> float(tanh_rate_inverse(60.0))
    0.0
    >>> round(float(tanh_rate_inverse(tanh_rate(0.7))), 12)
    0.7
    """
    half_max = _scale("half_max", half_max, TANH_HALF_MAX)
    r = np.asarray(_values("r", r), dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.arctanh(r / half_max - 1.0)


def logistic_rate(s, r_max: float = LOGISTIC_MAX):
    """Firing rate ``f(s) = r_max / (1 + exp(-s))``.

    Parameters
    ----------
    s : float or array_like
        Total input (dimensionless), elementwise (a NaN entry gives NaN).
    r_max : float, default 50
        Maximal rate in Hz, ``> 0``.

    Returns
    -------
    float or ndarray
        Rate in Hz, in ``(0, r_max)``, same shape as ``s``.

    Notes
    -----
    The logistic ``σ(s) = 1 / (1 + exp(-s))`` is :func:`scipy.special.expit`:
    no overflow for large ``|s|``, and as fast for a scalar as for an array.

    References
    ----------
    The report (Saeedpour 2025), §2 (the Jacobian's ``f'(s) = 50 σ(s)(1 - σ(s))``).

    Examples
    --------
    >>> float(logistic_rate(0.0))
    25.0
    >>> float(logistic_rate(-800.0))  # no overflow warning
    0.0
    """
    r_max = _scale("r_max", r_max, LOGISTIC_MAX)
    return r_max * expit(_values("s", s))


def logistic_rate_prime(s, r_max: float = LOGISTIC_MAX):
    """Derivative ``f'(s) = r_max σ(s) (1 - σ(s))`` of :func:`logistic_rate`.

    Parameters
    ----------
    s : float or array_like
        Total input (dimensionless), elementwise (a NaN entry gives NaN).
    r_max : float, default 50
        Maximal rate of :func:`logistic_rate` (Hz), ``> 0``.

    Returns
    -------
    float or ndarray
        ``df/ds`` in Hz per unit input, same shape as ``s``; its maximum,
        ``r_max / 4``, is at ``s = 0``.

    Examples
    --------
    >>> float(logistic_rate_prime(0.0))
    12.5
    """
    r_max = _scale("r_max", r_max, LOGISTIC_MAX)
    s = np.asarray(_values("s", s), dtype=float)
    return r_max * expit(s) * expit(-s)  # 1 - σ(s) = σ(-s), without cancellation for large s


def logistic_rate_inverse(r, r_max: float = LOGISTIC_MAX):
    """Inverse ``f^-1(r) = log(r / (r_max - r))`` of :func:`logistic_rate`.

    Parameters
    ----------
    r : float or array_like
        Rate(s) in Hz, elementwise (a NaN entry gives NaN).
    r_max : float, default 50
        Maximal rate of :func:`logistic_rate` (Hz), ``> 0``.

    Returns
    -------
    float or ndarray
        The input ``s`` with ``f(s) = r``, same shape as ``r``: defined for
        ``0 < r < r_max``; ``-inf`` / ``inf`` at the ends, ``nan`` outside.

    Examples
    --------
    >>> float(logistic_rate_inverse(25.0))
    0.0
    """
    r_max = _scale("r_max", r_max, LOGISTIC_MAX)
    r = np.asarray(_values("r", r), dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.log(r) - np.log(r_max - r)
    return out if out.ndim else out[()]
