"""The rate code: XX1 and its noise-convolved version NXX1 (the page's Fig. 2.7).

NXX1 is computed once per ``(gain, nvar)`` into a lookup table (emergent's
table, :func:`nxx1_table`) and read by linear interpolation: vectorised for
arrays (:func:`nxx1`), and in plain Python floats for the simulation's
single-run loop (:class:`_Lookup`, the measured fast path; a test checks
that it gives the same numbers to the last bit).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from .._validate import check_range
from .membrane import MAX_GAIN, MAX_NVAR, _floats, _out

__all__ = ["NXX1_RES", "xx1", "nxx1", "nxx1_table"]

NXX1_RES = 0.001
"""Grid step of emergent's NXX1 lookup table."""


def _xx1(x, gain):
    """``γx / (γx + 1)`` for ``x >= 0`` (floats or arrays; no checks, no clipping)."""
    gx = gain * x
    return gx / (gx + 1.0)


def _gain(gain):
    return check_range("gain", gain, 0.0, MAX_GAIN, low_inclusive=False)


def _nvar(nvar):
    return check_range("nvar", nvar, 0.0, MAX_NVAR)


def _inputs(x):
    """``x`` as a float array, capped where ``γx`` would overflow (XX1 is 1.0 there)."""
    return np.minimum(_floats("x", x), 1e300 / MAX_GAIN)


def xx1(x, gain=100.0):
    """The X-over-X-plus-1 rate code ``γx / (γx + 1)`` for ``x > 0``, else 0.

    Parameters
    ----------
    x : float or array_like
        Input above threshold, e.g. ``g_e - g_e^θ`` (units of 100 nS).
    gain : float
        Gain γ (per unit of ``x``), in (0, 1e6] (:data:`MAX_GAIN`).

    Returns
    -------
    float or ndarray
        Activation in [0, 1), same shape as ``x``.

    Notes
    -----
    The page writes it as ``1 / (1 + 1/(γ[x]_+))``, which divides by zero
    at ``x <= 0``; its value there is 0. Kinetically it is the
    Michaelis–Menten function.

    References
    ----------
    The CCN textbook page 2.5 (O'Reilly, Munakata et al.), "Rate Code
    Approximation to Spiking"; ``docs/neuron.md``, "XX1 and NXX1".

    Examples
    --------
    >>> xx1(0.01, gain=100)
    0.5
    >>> xx1([-1.0, 0.0], gain=100).tolist()
    [0.0, 0.0]
    """
    gain = _gain(gain)
    x = _inputs(x)
    return _out(_xx1(np.maximum(x, 0.0), gain))


@lru_cache(maxsize=64)
def _table(gain: float, nvar: float):
    """``(x_min, table, kernel)``: emergent's NXX1 table on ``x_min, x_min + res, ..., 1``."""
    res = NXX1_RES
    n = max(int(round(3.0 * nvar / res)), 1)          # kernel half-width in grid steps
    z = np.arange(-n, n + 1) * res
    eff = max(nvar, 1e-6)
    kernel = np.exp(-(z * z) / (eff * eff))
    kernel /= kernel.sum()
    j_hi = int(round(1.0 / res))
    xs_ext = np.arange(-2 * n, j_hi + n + 1) * res      # XX1 wide enough for every kernel position
    fun = _xx1(np.maximum(xs_ext, 0.0), gain)
    table = np.convolve(fun, kernel, mode="valid")     # values at x_j = j res, j = -n .. j_hi
    table.setflags(write=False)
    kernel.setflags(write=False)
    x_min = -n * res
    return x_min, table, kernel


def nxx1_table(gain=100.0, nvar=0.005):
    """Emergent's NXX1 lookup table for ``(gain, nvar)``, computed once and cached.

    Parameters
    ----------
    gain : float
        XX1 gain γ, in (0, 1e6] (:data:`MAX_GAIN`).
    nvar : float
        Width of the noise kernel (units of ``x``, 100 nS), in [0, 1]
        (:data:`MAX_NVAR`).

    Returns
    -------
    x : ndarray, shape (n,)
        Grid ``-3 nvar, ..., 1`` in steps of 0.001 (at least one step below 0).
    y : ndarray, shape (n,)
        NXX1 at the grid points (read-only).
    kernel : ndarray, shape (m,)
        The normalised kernel on ``|z| <= 3 nvar`` (read-only), ``m = 2k + 1``
        with its centre (``z = 0``) at index ``k``.

    Notes
    -----
    Emergent (``LeabraUnitSpec::CreateNXX1Fun``) convolves XX1 with the
    kernel ``exp(-z² / nvar²)`` -- a Gaussian of standard deviation
    ``nvar / sqrt(2)`` -- sampled on ``|z| <= 3 nvar`` with step 0.001 and
    normalised by its sum:

    .. math:: y^*(x_j) = \\sum_k w_k\\, y_{xx1}(x_j - z_k)

    The page prints the integrand as ``y(z - x)``, which mirrors the curve;
    it is ``y(x - z)``. Its "noise variance 0.005" is this ``nvar``, not a
    variance: a variance of 0.005 smooths far more (``docs/neuron.md``,
    "What the noise of NXX1 is").

    Examples
    --------
    >>> x, y, w = nxx1_table(100.0, 0.005)
    >>> float(x[0]), float(x[-1]), len(w), round(float(w.sum()), 12)
    (-0.015, 1.0, 31, 1.0)
    """
    gain, nvar = _gain(gain), _nvar(nvar)
    x_min, table, kernel = _table(float(gain), float(nvar))
    n = (kernel.size - 1) // 2
    x = np.arange(-n, table.size - n) * NXX1_RES
    return x, table, kernel


def _nxx1_eval(x, x_min, table, gain):
    """Vectorised table read: 0 below the table, XX1 at x >= 1, else linear interpolation."""
    x = np.asarray(x, dtype=float)
    pos = (np.clip(x, x_min, 1.0) - x_min) / NXX1_RES
    idx = np.clip(np.floor(pos).astype(np.int64), 0, table.size - 2)
    frac = pos - idx
    y = table[idx] + frac * (table[idx + 1] - table[idx])
    y = np.where(x >= 1.0, _xx1(np.maximum(x, 1.0), gain), y)
    return np.where(x <= x_min, 0.0, y)


def nxx1(x, gain=100.0, nvar=0.005):
    """Noisy XX1: XX1 convolved with Gaussian noise, read from a lookup table.

    Parameters
    ----------
    x : float or array_like
        Input above threshold (``g_e - g_e^θ``, or ``V_m - θ`` below threshold).
    gain : float, default 100
        XX1 gain γ, in (0, 1e6] (:data:`MAX_GAIN`). The page's Fig. 2.7
        uses 100, the simulation 40.
    nvar : float, default 0.005
        Kernel width, in [0, 1] (:data:`MAX_NVAR`): the page's "noise =
        0.005"; the simulation uses 0.01. As ``nvar -> 0`` NXX1 tends to XX1.

    Returns
    -------
    float or ndarray
        Activation in [0, 1), same shape as ``x``; monotone in ``x``.

    Notes
    -----
    The table of :func:`nxx1_table` is built once per ``(gain, nvar)`` and
    read with linear interpolation: 0 for ``x <= -3 nvar`` (the table's
    lower end; the convolution is exactly 0 there), plain XX1 for
    ``x >= 1`` (emergent's rule).

    References
    ----------
    The CCN textbook page 2.5 (O'Reilly, Munakata et al.), Fig. 2.7;
    ``docs/neuron.md``, "XX1 and NXX1".

    Examples
    --------
    >>> nxx1([-0.005, 0.0, 0.005, 0.01], gain=100, nvar=0.005).round(6).tolist()
    [0.009611, 0.099229, 0.305803, 0.482907]
    """
    gain, nvar = _gain(gain), _nvar(nvar)
    x = _inputs(x)
    x_min, table, _ = _table(float(gain), float(nvar))
    return _out(_nxx1_eval(x, x_min, table, gain))


class _Lookup:
    """The table read of :func:`_nxx1_eval` for one float at a time, in plain Python.

    The simulation's single-run loop calls it once per cycle; a numpy call
    per scalar costs ~30x more (``docs/neuron.md``, "Two forms of one loop").
    """

    __slots__ = ("x_min", "table", "gain", "last")

    def __init__(self, gain, nvar):
        self.x_min, table, _ = _table(float(gain), float(nvar))
        self.table = table.tolist()
        self.gain = gain
        self.last = len(self.table) - 2

    def __call__(self, x: float) -> float:
        if x <= self.x_min:
            return 0.0
        if x >= 1.0:
            return _xx1(x, self.gain)
        pos = (x - self.x_min) / NXX1_RES
        i = int(math.floor(pos))
        if i > self.last:
            i = self.last
        t = self.table
        return t[i] + (pos - i) * (t[i + 1] - t[i])


def _reader(gain, nvar, batch: bool):
    """An NXX1 reader for the simulation: arrays (``batch``) or single floats."""
    if not batch:
        return _Lookup(gain, nvar)
    x_min, table, _ = _table(float(gain), float(nvar))
    return lambda x: _nxx1_eval(x, x_min, table, gain)
