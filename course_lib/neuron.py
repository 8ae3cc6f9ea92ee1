"""The conductance-based point neuron, its spikes and the NXX1 rate code.

This module reproduces the CCN textbook's "Neuron" simulation (emergent 8),
which seed 004 (§2.5 "Mathematical Formulations") describes, cycle for cycle:

* the tug-of-war of excitatory, inhibitory and leak currents,
  :func:`vm_equilibrium` and the excitatory threshold :func:`ge_threshold`;
* discrete spiking (threshold and reset) with spike-rate adaptation;
* the rate code: :func:`xx1` and its noise-convolved version :func:`nxx1`,
  computed once per ``(gain, nvar)`` into a lookup table (emergent's table,
  see :func:`nxx1_table`) and read by vectorised linear interpolation;
* the simulation itself, :func:`run_unit` (one run in plain Python floats,
  or a batch of runs vectorised with numpy), the CCN protocol
  (:func:`ccn_input`), and the sweeps behind the page's Figs. 2.5 and 2.6
  (:func:`rate_vs_vm_eq`, :func:`spike_vs_rate`);
* the normalised units of the page's Table 2.1 (:func:`to_normalized`,
  :func:`to_biological`, :func:`unit_table`), corrected.

Everything is in normalised units (Table 2.1): one cycle is 1 ms, voltages
map -100..100 mV to 0..2, conductances are in units of 100 nS.

Importing this module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Callable, NamedTuple

import numpy as np

from ._validate import (
    check_finite,
    check_finite_array,
    check_int,
    check_nonnegative,
    check_positive,
    check_range,
)

__all__ = [
    "E_REV_E",
    "E_REV_I",
    "E_REV_L",
    "THETA",
    "N_CYCLES",
    "ON_CYCLE",
    "OFF_CYCLE",
    "CHECK_CYCLE",
    "NXX1_RES",
    "UnitParams",
    "UnitRun",
    "vm_equilibrium",
    "ge_threshold",
    "gl_threshold",
    "Currents",
    "currents",
    "TugOfWar",
    "tug_of_war",
    "xx1",
    "nxx1",
    "nxx1_table",
    "ccn_input",
    "run_unit",
    "run_ccn",
    "spike_rate_estimate",
    "firing_rate",
    "rate_vs_vm_eq",
    "SpikeVsRate",
    "spike_vs_rate",
    "UNITS",
    "to_normalized",
    "to_biological",
    "UnitRow",
    "unit_table",
    "format_unit_table",
]

# --------------------------------------------------------------------------
# constants of the reference simulation
# --------------------------------------------------------------------------

E_REV_E = 1.0
"""Excitatory reversal potential (normalised; 0 mV)."""
E_REV_I = 0.25
"""Inhibitory reversal potential (normalised; -75 mV)."""
E_REV_L = 0.3
"""Leak reversal potential (normalised; -70 mV)."""
THETA = 0.5
"""Firing threshold θ (normalised; -50 mV)."""

N_CYCLES = 200
"""Cycles (ms) of one trial of the CCN "Neuron" simulation."""
ON_CYCLE = 10
"""First cycle (0-based) with the input on."""
OFF_CYCLE = 160
"""First cycle with the input off again: the input is on for cycles 10-159."""
CHECK_CYCLE = 154
"""0-based index of cycle 155, where the CCN exercises read the activation."""

NXX1_RES = 0.001
"""Grid step of emergent's NXX1 lookup table."""

# spike-rate integrator of emergent's SPIKE mode (SpikeFunSpec eq_tau, eq_gain)
EQ_TAU = 50.0
EQ_GAIN = 8.0


# --------------------------------------------------------------------------
# parameters
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitParams:
    """Parameters of the point neuron; the defaults are the CCN simulation's.

    All values are normalised (Table 2.1): time in cycles (1 cycle = 1 ms),
    voltage 0..2 for -100..100 mV, conductance in units of 100 nS, current
    in units of 10 nA. A misspelled field is an error (``UnitParams(gbar_e=1)``
    raises ``TypeError``); :meth:`replace` gives a ``ValueError`` naming it.

    Parameters
    ----------
    g_bar_e, g_bar_l, g_bar_i : float, default 0.3, 0.3, 1.0
        Maximal excitatory, leak and inhibitory conductances (>= 0).
    e_rev_e, e_rev_l, e_rev_i : float, default 1.0, 0.3, 0.25
        Reversal (driving) potentials.
    theta : float, default 0.5
        Firing threshold θ.
    gain : float, default 40
        Gain γ of the XX1 rate code (> 0). (The page's Fig. 2.7 uses 100.)
    nvar : float, default 0.01
        Width of the noise kernel of NXX1, emergent's ``act.nvar`` (>= 0);
        see :func:`nxx1_table`.
    vm_tau : float, default 3.3
        Membrane time constant in cycles (> 0); ``dt_vm = 1 / vm_tau``.
    net_tau : float, default 1.4
        Time constant of the excitatory input conductance (> 0).
    vm_init : float, default 0.4
        Initial membrane potential (``v_m`` and ``v_m_eq``), in [0, 2].
    vm_r : float, default 0.3
        Reset potential after a spike, in [0, 2].
    adapt : bool, default False
        Spike-rate adaptation on (the AdEx adaptation current).
    adapt_tau : float, default 144
        Time constant of the adaptation current in cycles (> 0).
    vm_gain : float, default 0.04
        Adaptation driven by the membrane potential (AdEx ``a``; >= 0).
    spike_gain : float, default 0.00805
        Adaptation added per spike (AdEx ``b``; >= 0).
    noise : float, default 0
        Standard deviation of the Gaussian noise added to the excitatory
        input conductance ``g_e`` on every cycle (>= 0): the simulation's
        ``noise_var`` (emergent's ``NETIN_NOISE``; emergent's Gaussian "var"
        is used as a standard deviation). It is random, unlike ``nvar``.

    Examples
    --------
    >>> p = UnitParams()
    >>> p.g_bar_e, p.gain, p.nvar, round(p.dt_vm, 5)
    (0.3, 40.0, 0.01, 0.30303)
    >>> UnitParams(vm_tau=0)
    Traceback (most recent call last):
    ...
    ValueError: vm_tau must be > 0, got 0

    References
    ----------
    Seed 004, "Summary of Neuron Equations and Normalized Parameters".
    """

    g_bar_e: float = 0.3
    g_bar_l: float = 0.3
    g_bar_i: float = 1.0
    e_rev_e: float = E_REV_E
    e_rev_l: float = E_REV_L
    e_rev_i: float = E_REV_I
    theta: float = THETA
    gain: float = 40.0
    nvar: float = 0.01
    vm_tau: float = 3.3
    net_tau: float = 1.4
    vm_init: float = 0.4
    vm_r: float = 0.3
    adapt: bool = False
    adapt_tau: float = 144.0
    vm_gain: float = 0.04
    spike_gain: float = 0.00805
    noise: float = 0.0

    def __post_init__(self):
        set_ = object.__setattr__
        for name in ("g_bar_e", "g_bar_l", "g_bar_i", "vm_gain", "spike_gain", "nvar", "noise"):
            set_(self, name, check_nonnegative(name, getattr(self, name)))
        for name in ("gain", "vm_tau", "net_tau", "adapt_tau"):
            set_(self, name, check_positive(name, getattr(self, name)))
        for name in ("e_rev_e", "e_rev_l", "e_rev_i", "theta", "vm_init", "vm_r"):
            set_(self, name, check_range(name, getattr(self, name), 0.0, 2.0))
        if not isinstance(self.adapt, (bool, np.bool_)):
            raise ValueError(f"adapt must be True or False, got {self.adapt!r}")
        set_(self, "adapt", bool(self.adapt))
        if self.theta >= self.e_rev_e:
            raise ValueError(f"theta must be below e_rev_e ({self.e_rev_e:g}), got {self.theta:g}")

    @property
    def dt_vm(self) -> float:
        """Membrane rate constant ``1 / vm_tau`` per cycle."""
        return 1.0 / self.vm_tau

    @property
    def dt_net(self) -> float:
        """Input-conductance rate constant ``1 / net_tau`` per cycle."""
        return 1.0 / self.net_tau

    def replace(self, **changes) -> "UnitParams":
        """A copy with some fields changed; unknown names raise ``ValueError``.

        >>> UnitParams().replace(g_bar_l=0.75).g_bar_l
        0.75
        >>> UnitParams().replace(gbar_l=0.75)
        Traceback (most recent call last):
        ...
        ValueError: UnitParams has no field 'gbar_l'; the fields are: g_bar_e, g_bar_l, ...
        """
        names = [f.name for f in fields(self)]
        for key in changes:
            if key not in names:
                raise ValueError(f"UnitParams has no field {key!r}; the fields are: "
                                 f"{', '.join(names[:2])}, ...")
        return replace(self, **changes)


def _params(params) -> UnitParams:
    if params is None:
        return UnitParams()
    if isinstance(params, UnitParams):
        return params
    if isinstance(params, dict):
        return UnitParams().replace(**params)
    raise ValueError(f"params must be a UnitParams or a dict of its fields, got {params!r}")


# --------------------------------------------------------------------------
# the tug-of-war at equilibrium
# --------------------------------------------------------------------------


def _nonneg_array(name, value):
    arr = check_finite_array(name, value)
    if (arr < 0).any():
        raise ValueError(f"{name} must be >= 0 (a conductance), got {arr[arr < 0].flat[0]:g}")
    return arr


def _out(arr):
    return float(arr) if np.ndim(arr) == 0 else arr


def vm_equilibrium(g_e, g_i, g_l, e_rev_e=E_REV_E, e_rev_i=E_REV_I, e_rev_l=E_REV_L):
    """Equilibrium membrane potential of the tug-of-war.

    Parameters
    ----------
    g_e, g_i, g_l : float or array_like
        Total excitatory, inhibitory and leak conductances (>= 0, not all 0;
        ``g_e`` means ``g_bar_e g_e(t)`` etc.). Arrays broadcast.
    e_rev_e, e_rev_i, e_rev_l : float
        Reversal potentials (normalised).

    Returns
    -------
    float or ndarray
        ``V_eq`` (normalised), the broadcast shape of the conductances.

    Notes
    -----
    Setting ``dV/dt = g_e (E_e - V) + g_i (E_i - V) + g_l (E_l - V)`` to zero:

    .. math:: V_{eq} = \\frac{g_e E_e + g_i E_i + g_l E_l}{g_e + g_i + g_l}

    Each reversal potential is weighted by its share of the total
    conductance. (The page's broken-out version writes ``g_i(t)`` in the
    leak term's denominator where ``g_e(t)`` belongs.)

    References
    ----------
    Seed 004, "Equilibrium Membrane Potential".

    Examples
    --------
    >>> vm_equilibrium(0.3, 0.0, 0.3)   # the simulation's steady state
    0.65
    >>> vm_equilibrium(1.0, 1.0, 0.0)   # equal pull: half-way between E_i and E_e
    0.625
    """
    g_e, g_i, g_l = (_nonneg_array(n, v) for n, v in (("g_e", g_e), ("g_i", g_i), ("g_l", g_l)))
    e_rev_e, e_rev_i, e_rev_l = (check_finite(n, v) for n, v in (
        ("e_rev_e", e_rev_e), ("e_rev_i", e_rev_i), ("e_rev_l", e_rev_l)))
    g_tot = g_e + g_i + g_l
    if (g_tot <= 0).any():
        raise ValueError("vm_equilibrium needs at least one conductance > 0 (g_e, g_i or g_l)")
    return _out((g_e * e_rev_e + g_i * e_rev_i + g_l * e_rev_l) / g_tot)


def ge_threshold(g_i, g_l, theta=THETA, e_rev_e=E_REV_E, e_rev_i=E_REV_I, e_rev_l=E_REV_L,
                 adapt=0.0):
    """Excitatory conductance ``g_e^θ`` that puts the equilibrium exactly at θ.

    Parameters
    ----------
    g_i, g_l : float or array_like
        Total inhibitory and leak conductances (>= 0).
    theta : float
        Threshold θ; must lie below ``e_rev_e``.
    e_rev_e, e_rev_i, e_rev_l : float
        Reversal potentials.
    adapt : float or array_like
        Adaptation current (the simulation subtracts it; default 0).

    Returns
    -------
    float or ndarray
        ``g_e^θ``, broadcast shape of the inputs.

    Notes
    -----
    Solving ``θ = (g_e E_e + g_i E_i + g_l E_l) / (g_e + g_i + g_l)`` for
    ``g_e``:

    .. math:: g_e^\\theta = \\frac{g_i (E_i - \\theta) + g_l (E_l - \\theta) - a}{\\theta - E_e}

    With the defaults this is ``0.5 g_i + 0.4 g_l``: ``0.12`` at
    ``g_l = 0.3`` and ``0.5 g_i + 0.04`` at ``g_l = 0.1``. (The page prints
    ``g_c`` for ``g_e`` and ``⊖`` for θ.)

    References
    ----------
    Seed 004, "Rate Code Approximation to Spiking".

    Examples
    --------
    >>> round(ge_threshold(0.0, 0.3), 12)
    0.12
    >>> round(ge_threshold(1.0, 0.1), 12)
    0.54
    """
    g_i, g_l = _nonneg_array("g_i", g_i), _nonneg_array("g_l", g_l)
    theta, e_rev_e, e_rev_i, e_rev_l = (check_finite(n, v) for n, v in (
        ("theta", theta), ("e_rev_e", e_rev_e), ("e_rev_i", e_rev_i), ("e_rev_l", e_rev_l)))
    if theta >= e_rev_e:
        raise ValueError(f"theta must be below e_rev_e ({e_rev_e:g}), got {theta:g}")
    adapt = check_finite_array("adapt", adapt)
    return _out((g_i * (e_rev_i - theta) + g_l * (e_rev_l - theta) - adapt) / (theta - e_rev_e))


def gl_threshold(g_e, g_i=0.0, theta=THETA, e_rev_e=E_REV_E, e_rev_i=E_REV_I, e_rev_l=E_REV_L):
    """Leak conductance that puts the equilibrium exactly at θ.

    A larger leak keeps ``V_eq`` below θ: the neuron cannot fire any more
    (``V_m`` only approaches θ and spiking needs ``V_m > θ``).

    Parameters
    ----------
    g_e, g_i : float or array_like
        Total excitatory and inhibitory conductances (>= 0).
    theta, e_rev_e, e_rev_i, e_rev_l : float
        Threshold and reversal potentials; needs ``e_rev_l < theta``.

    Returns
    -------
    float or ndarray
        ``g_l^θ = (g_e (E_e - θ) + g_i (E_i - θ)) / (θ - E_l)``.

    Examples
    --------
    >>> round(gl_threshold(0.3), 12)   # the simulation: g_bar_l = 0.75 stops firing
    0.75
    """
    g_e, g_i = _nonneg_array("g_e", g_e), _nonneg_array("g_i", g_i)
    theta, e_rev_e, e_rev_i, e_rev_l = (check_finite(n, v) for n, v in (
        ("theta", theta), ("e_rev_e", e_rev_e), ("e_rev_i", e_rev_i), ("e_rev_l", e_rev_l)))
    if e_rev_l >= theta:
        raise ValueError(f"e_rev_l must be below theta ({theta:g}) for a leak to stop firing, "
                         f"got {e_rev_l:g}")
    return _out((g_e * (e_rev_e - theta) + g_i * (e_rev_i - theta)) / (theta - e_rev_l))


class Currents(NamedTuple):
    """The three tuggers' currents and their sum (positive pulls ``V_m`` up).

    Attributes
    ----------
    i_e, i_i, i_l, i_net : float or ndarray
        ``g_e (E_e - V)``, ``g_i (E_i - V)``, ``g_l (E_l - V)`` and their sum.
    """

    i_e: np.ndarray
    i_i: np.ndarray
    i_l: np.ndarray
    i_net: np.ndarray


def currents(v, g_e, g_i, g_l, e_rev_e=E_REV_E, e_rev_i=E_REV_I, e_rev_l=E_REV_L):
    """Excitatory, inhibitory, leak and net current at membrane potential ``v``.

    Parameters
    ----------
    v : float or array_like
        Membrane potential(s).
    g_e, g_i, g_l : float or array_like
        Total conductances (>= 0); broadcast with ``v``.
    e_rev_e, e_rev_i, e_rev_l : float
        Reversal potentials.

    Returns
    -------
    Currents

    Notes
    -----
    ``I_net = g_e (E_e - V) + g_i (E_i - V) + g_l (E_l - V)``: each tugger
    pulls in proportion to its conductance and to how far ``V`` is from its
    reversal potential; ``I_net = 0`` at :func:`vm_equilibrium`.

    Examples
    --------
    >>> c = currents(0.65, 0.3, 0.0, 0.3)
    >>> round(float(c.i_e), 6), round(float(c.i_l), 6), abs(round(float(c.i_net), 12))
    (0.105, -0.105, 0.0)
    """
    v = check_finite_array("v", v)
    g_e, g_i, g_l = (_nonneg_array(n, x) for n, x in (("g_e", g_e), ("g_i", g_i), ("g_l", g_l)))
    i_e = g_e * (e_rev_e - v)
    i_i = g_i * (e_rev_i - v)
    i_l = g_l * (e_rev_l - v)
    return Currents(_out(i_e), _out(i_i), _out(i_l), _out(i_e + i_i + i_l))


class TugOfWar(NamedTuple):
    """Result of :func:`tug_of_war`.

    Attributes
    ----------
    t : ndarray, shape (n,)
        Cycles.
    v : ndarray, shape (n,)
        Membrane potential without spiking (the simulation's ``v_m_eq``).
    run : UnitRun
        The full run (``v_m`` with spikes, ``net``, ...).
    currents : Currents
        Currents at ``v`` on each cycle (arrays of shape (n,)).
    v_eq : float
        :func:`vm_equilibrium` for the conductances with the input on.
    g_e_theta : float
        :func:`ge_threshold` for them.
    """

    t: np.ndarray
    v: np.ndarray
    run: UnitRun
    currents: Currents
    v_eq: float
    g_e_theta: float


def tug_of_war(params=None, n_cycles=120, on_cycle=ON_CYCLE):
    """The tug-of-war over time: excitation and inhibition switch on at ``on_cycle``.

    From ``on_cycle`` on, ``g_e(t)`` rises to 1 (time constant ``net_tau``)
    and ``g_i(t) = 1``, so the total conductances approach ``g_bar_e``,
    ``g_bar_i`` and ``g_bar_l``; ``V_m`` (without spiking) settles at
    :func:`vm_equilibrium`.

    >>> tw = tug_of_war(UnitParams(g_bar_i=0.0))
    >>> round(float(tw.v[-1]), 6), tw.v_eq
    (0.65, 0.65)
    >>> tw = tug_of_war(UnitParams(g_bar_i=0.2))
    >>> round(float(tw.v[-1]), 6), round(tw.v_eq, 6)
    (0.55, 0.55)
    """
    p = _params(params)
    x = ccn_input(n_cycles, on_cycle, n_cycles)
    run = run_unit(p.replace(noise=0.0), x, g_i=x)
    c = currents(run.v_m_eq, run.net, p.g_bar_i * x, p.g_bar_l, p.e_rev_e, p.e_rev_i, p.e_rev_l)
    v_eq = vm_equilibrium(p.g_bar_e, p.g_bar_i, p.g_bar_l, p.e_rev_e, p.e_rev_i, p.e_rev_l)
    g_thr = ge_threshold(p.g_bar_i, p.g_bar_l, p.theta, p.e_rev_e, p.e_rev_i, p.e_rev_l)
    return TugOfWar(np.arange(n_cycles), run.v_m_eq, run, c, v_eq, g_thr)


# --------------------------------------------------------------------------
# XX1 and NXX1
# --------------------------------------------------------------------------


def xx1(x, gain=100.0):
    """The X-over-X-plus-1 rate code ``γx / (γx + 1)`` for ``x > 0``, else 0.

    Parameters
    ----------
    x : float or array_like
        Input above threshold, e.g. ``g_e - g_e^θ``.
    gain : float
        Gain γ (> 0).

    Returns
    -------
    float or ndarray
        Activation in [0, 1), same shape as ``x``.

    Notes
    -----
    The page writes it as ``1 / (1 + 1/(γ[x]_+))``, which divides by zero
    at ``x <= 0``; its value there is 0. Kinetically it is the
    Michaelis–Menten function.

    Examples
    --------
    >>> xx1(0.01, gain=100)
    0.5
    >>> xx1([-1.0, 0.0], gain=100).tolist()
    [0.0, 0.0]
    """
    gain = check_positive("gain", gain)
    x = check_finite_array("x", x)
    gx = gain * np.maximum(x, 0.0)
    return _out(gx / (gx + 1.0))


@lru_cache(maxsize=64)
def _table(gain: float, nvar: float):
    res = NXX1_RES
    n = max(int(round(3.0 * nvar / res)), 1)          # kernel half-width in grid steps
    z = np.arange(-n, n + 1) * res
    eff = max(nvar, 1e-6)
    kernel = np.exp(-(z * z) / (eff * eff))
    kernel /= kernel.sum()
    j_hi = int(round(1.0 / res))
    xs_ext = np.arange(-2 * n, j_hi + n + 1) * res      # XX1 wide enough for every kernel position
    gx = gain * np.maximum(xs_ext, 0.0)
    fun = gx / (gx + 1.0)
    table = np.convolve(fun, kernel, mode="valid")     # values at x_j = j res, j = -n .. j_hi
    table.setflags(write=False)
    x_min = -n * res
    return x_min, table, kernel


def nxx1_table(gain=100.0, nvar=0.005):
    """Emergent's NXX1 lookup table for ``(gain, nvar)``, computed once and cached.

    Parameters
    ----------
    gain : float
        XX1 gain γ (> 0).
    nvar : float
        Width of the noise kernel (>= 0).

    Returns
    -------
    x : ndarray, shape (n,)
        Grid ``-3 nvar, ..., 1`` in steps of 0.001 (at least one step below 0).
    y : ndarray, shape (n,)
        NXX1 at the grid points (read-only).
    kernel : ndarray, shape (m,)
        The normalised kernel on ``|z| <= 3 nvar``.

    Notes
    -----
    Emergent (``LeabraUnitSpec::CreateNXX1Fun``) convolves XX1 with the
    kernel ``exp(-z² / nvar²)`` -- a Gaussian of standard deviation
    ``nvar / sqrt(2)`` -- sampled on ``|z| <= 3 nvar`` with step 0.001 and
    normalised by its sum:

    .. math:: y^*(x_j) = \\sum_k w_k\\, y_{xx1}(x_j - z_k)

    The page prints the integrand as ``y(z - x)``, which mirrors the curve;
    it is ``y(x - z)``. Its "noise variance 0.005" is this ``nvar``, not a
    variance: a variance of 0.005 smooths far more (see the notebook).

    Examples
    --------
    >>> x, y, w = nxx1_table(100.0, 0.005)
    >>> float(x[0]), float(x[-1]), len(w), round(float(w.sum()), 12)
    (-0.015, 1.0, 31, 1.0)
    """
    gain = check_positive("gain", gain)
    nvar = check_nonnegative("nvar", nvar)
    x_min, table, kernel = _table(float(gain), float(nvar))
    n = (kernel.size - 1) // 2
    x = np.arange(-n, table.size - n) * NXX1_RES
    return x, table, kernel


def _nxx1_eval(x, x_min, table, gain):
    """Vectorised table read: 0 below the table, XX1 at x >= 1, else linear interpolation."""
    x = np.asarray(x, dtype=float)
    pos = (x - x_min) / NXX1_RES
    idx = np.clip(np.floor(pos).astype(np.int64), 0, table.size - 2)
    frac = pos - idx
    y = table[idx] + frac * (table[idx + 1] - table[idx])
    gx = gain * np.maximum(x, 1.0)
    y = np.where(x >= 1.0, gx / (gx + 1.0), y)
    return np.where(x <= x_min, 0.0, y)


def nxx1(x, gain=100.0, nvar=0.005):
    """Noisy XX1: XX1 convolved with Gaussian noise, read from a lookup table.

    Parameters
    ----------
    x : float or array_like
        Input above threshold (``g_e - g_e^θ``, or ``V_m - θ`` below threshold).
    gain : float, default 100
        XX1 gain γ (> 0). The page's Fig. 2.7 uses 100, the simulation 40.
    nvar : float, default 0.005
        Kernel width (>= 0): the page's "noise = 0.005"; the simulation uses
        0.01. As ``nvar -> 0`` NXX1 tends to XX1.

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

    Examples
    --------
    >>> nxx1([-0.005, 0.0, 0.005, 0.01], gain=100, nvar=0.005).round(6).tolist()
    [0.009611, 0.099229, 0.305803, 0.482907]
    """
    gain = check_positive("gain", gain)
    nvar = check_nonnegative("nvar", nvar)
    x = check_finite_array("x", x)
    x_min, table, _ = _table(float(gain), float(nvar))
    return _out(_nxx1_eval(x, x_min, table, gain))


class _Lookup:
    """A scalar NXX1 reader in plain Python floats (for the single-run loop)."""

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
            gx = self.gain * x
            return gx / (gx + 1.0)
        pos = (x - self.x_min) / NXX1_RES
        i = int(math.floor(pos))
        if i > self.last:
            i = self.last
        t = self.table
        return t[i] + (pos - i) * (t[i + 1] - t[i])


# --------------------------------------------------------------------------
# the simulation
# --------------------------------------------------------------------------


class UnitRun(NamedTuple):
    """Per-cycle traces of :func:`run_unit`, recorded after each cycle's update.

    Each field is an array of shape ``(n_cycles,)`` for one run, or
    ``(n_batch, n_cycles)`` for a batch.

    Attributes
    ----------
    net : ndarray
        Excitatory conductance ``g_bar_e g_e`` (the simulation's ``net``).
    i_net : ndarray
        Net current of the midpoint step (0 on a spike cycle, as recorded).
    v_m : ndarray
        Membrane potential (reset to ``vm_r`` after a spike).
    v_m_eq : ndarray
        Membrane potential integrated without reset (Euler step).
    act : ndarray
        Rate-code activation ``y(t)``.
    spike : ndarray
        1.0 on a spike cycle, else 0.0.
    adapt : ndarray
        Adaptation current.
    y_star : ndarray
        The NXX1 value driving ``act`` on each cycle.
    """

    net: np.ndarray
    i_net: np.ndarray
    v_m: np.ndarray
    v_m_eq: np.ndarray
    act: np.ndarray
    spike: np.ndarray
    adapt: np.ndarray
    y_star: np.ndarray

    def __getitem__(self, key):  # also readable as a mapping: run["act"]
        if isinstance(key, str):
            return getattr(self, key)
        return tuple.__getitem__(self, key)

    def keys(self):
        return self._fields


def ccn_input(n_cycles=N_CYCLES, on_cycle=ON_CYCLE, off_cycle=OFF_CYCLE, value=1.0):
    """The simulation's input: ``value`` for cycles ``on_cycle .. off_cycle - 1``, else 0.

    >>> x = ccn_input()
    >>> x.shape, x[9:11].tolist(), x[159:161].tolist()
    ((200,), [0.0, 1.0], [1.0, 0.0])
    """
    n_cycles = check_int("n_cycles", n_cycles, 1)
    on_cycle = check_int("on_cycle", on_cycle, 0, n_cycles)
    off_cycle = check_int("off_cycle", off_cycle, on_cycle, None)
    value = check_nonnegative("value", value)
    x = np.zeros(n_cycles)
    x[on_cycle:off_cycle] = value
    return x


def _run_scalar(p: UnitParams, net_raw, g_i, rng):
    dt = p.dt_vm
    dt_net = p.dt_net
    half = 0.5 * dt
    e_e, e_l, e_i, theta = p.e_rev_e, p.e_rev_l, p.e_rev_i, p.theta
    g_bar_e, g_l, g_bar_i = p.g_bar_e, p.g_bar_l, p.g_bar_i
    denom = theta - e_e
    dt_adapt = 1.0 / p.adapt_tau
    f = _Lookup(p.gain, p.nvar)
    noise = p.noise
    xi = rng.standard_normal(len(net_raw)).tolist() if noise > 0 else None
    n = len(net_raw)
    out = [[0.0] * n for _ in range(8)]
    o_net, o_inet, o_vm, o_vmeq, o_act, o_spk, o_adapt, o_ystar = out
    g_e = 0.0
    v = v_eq = p.vm_init
    act = 0.0
    adapt = 0.0
    for t in range(n):
        g_e += dt_net * (net_raw[t] - g_e)
        if noise > 0:
            if g_e < 0.0:
                g_e = 0.0
            g_e += noise * xi[t]
        net = g_bar_e * g_e
        gi = g_bar_i * g_i[t]
        # midpoint step for v_m, Euler step for v_m_eq
        i1 = net * (e_e - v) + g_l * (e_l - v) + gi * (e_i - v) - adapt
        vh = v + half * i1
        i_net = net * (e_e - vh) + g_l * (e_l - vh) + gi * (e_i - vh) - adapt
        v += dt * i_net
        i_r = net * (e_e - v_eq) + g_l * (e_l - v_eq) + gi * (e_i - v_eq) - adapt
        v_eq += dt * i_r
        v = 0.0 if v < 0.0 else (2.0 if v > 2.0 else v)
        v_eq = 0.0 if v_eq < 0.0 else (2.0 if v_eq > 2.0 else v_eq)
        # rate code
        if v_eq <= theta:
            y = f(v_eq - theta)
        else:
            g_thr = (gi * (e_i - theta) + g_l * (e_l - theta) - adapt) / denom
            y = f(net - g_thr)
        act += dt * (y - act)
        act = 0.0 if act < 0.0 else (1.0 if act > 1.0 else act)
        # spike and reset
        if v > theta:
            spike = 1.0
            v = p.vm_r
            i_net = 0.0
        else:
            spike = 0.0
        if p.adapt:
            adapt += dt_adapt * (p.vm_gain * (v - e_l) - adapt) + spike * p.spike_gain
        o_net[t] = net
        o_inet[t] = i_net
        o_vm[t] = v
        o_vmeq[t] = v_eq
        o_act[t] = act
        o_spk[t] = spike
        o_adapt[t] = adapt
        o_ystar[t] = y
    return UnitRun(*(np.array(o) for o in out))


def _run_batch(p: UnitParams, net_raw, g_i, rng, g_bar_e=None, progress=None):
    """The same update as :func:`_run_scalar`, vectorised over the first axis.

    ``g_bar_e`` may be an array of shape (n_batch,) overriding ``p.g_bar_e``.
    """
    n_batch, n = net_raw.shape
    dt = p.dt_vm
    dt_net = p.dt_net
    half = 0.5 * dt
    e_e, e_l, e_i, theta = p.e_rev_e, p.e_rev_l, p.e_rev_i, p.theta
    g_l, g_bar_i = p.g_bar_l, p.g_bar_i
    gbe = np.full(n_batch, p.g_bar_e) if g_bar_e is None else np.asarray(g_bar_e, float)
    denom = theta - e_e
    dt_adapt = 1.0 / p.adapt_tau
    x_min, table, _ = _table(float(p.gain), float(p.nvar))
    out = np.zeros((8, n_batch, n))
    g_e = np.zeros(n_batch)
    v = np.full(n_batch, p.vm_init)
    v_eq = v.copy()
    act = np.zeros(n_batch)
    adapt = np.zeros(n_batch)
    for t in range(n):
        g_e += dt_net * (net_raw[:, t] - g_e)
        if p.noise > 0:
            np.maximum(g_e, 0.0, out=g_e)
            g_e += p.noise * rng.standard_normal(n_batch)
        net = gbe * g_e
        gi = g_bar_i * g_i[:, t]
        i1 = net * (e_e - v) + g_l * (e_l - v) + gi * (e_i - v) - adapt
        vh = v + half * i1
        i_net = net * (e_e - vh) + g_l * (e_l - vh) + gi * (e_i - vh) - adapt
        v = np.clip(v + dt * i_net, 0.0, 2.0)
        i_r = net * (e_e - v_eq) + g_l * (e_l - v_eq) + gi * (e_i - v_eq) - adapt
        v_eq = np.clip(v_eq + dt * i_r, 0.0, 2.0)
        g_thr = (gi * (e_i - theta) + g_l * (e_l - theta) - adapt) / denom
        x = np.where(v_eq <= theta, v_eq - theta, net - g_thr)
        y = _nxx1_eval(x, x_min, table, p.gain)
        act = np.clip(act + dt * (y - act), 0.0, 1.0)
        spike = (v > theta).astype(float)
        v = np.where(spike > 0, p.vm_r, v)
        i_net = np.where(spike > 0, 0.0, i_net)
        if p.adapt:
            adapt = adapt + dt_adapt * (p.vm_gain * (v - e_l) - adapt) + spike * p.spike_gain
        out[:, :, t] = (net, i_net, v, v_eq, act, spike, adapt, y)
        if progress is not None:
            progress(t + 1, n)
    return UnitRun(*out)


def _rng(rng):
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, (int, np.integer)):
        return np.random.default_rng(rng)
    raise ValueError(f"rng must be a numpy.random.Generator, an int seed or None, got {rng!r}")


def run_unit(params=None, net_input=None, g_i=None, *, rng=None):
    """Simulate the point neuron cycle by cycle, exactly as the CCN simulation does.

    Parameters
    ----------
    params : UnitParams or dict, optional
        Unit parameters (default: the simulation's).
    net_input : array_like, shape (n_cycles,) or (n_batch, n_cycles)
        Raw excitatory input ``net_raw`` per cycle (>= 0); by default the
        CCN protocol :func:`ccn_input`. A 2-D array runs a batch at once.
    g_i : array_like, optional
        Inhibitory input ``g_i(t)`` (>= 0), same shape as ``net_input`` or
        broadcastable; multiplied by ``g_bar_i``. Default 0 (the simulation
        has no inhibition).
    rng : numpy.random.Generator or int, optional
        Source of the input noise when ``params.noise > 0``.

    Returns
    -------
    UnitRun
        Traces ``net, i_net, v_m, v_m_eq, act, spike, adapt, y_star``, each
        of the shape of ``net_input``.

    Notes
    -----
    One cycle (dt = ``1/vm_tau``):

    1. ``g_e += (1/net_tau)(net_raw - g_e)`` (plus noise, if any);
       ``net = g_bar_e g_e``.
    2. ``I(v) = net (E_e - v) + g_bar_l (E_l - v) + g_bar_i g_i (E_i - v) - adapt``.
       ``v_m`` takes a midpoint step, ``v_half = v + dt I(v)/2``,
       ``I_net = I(v_half)``, ``v += dt I_net``; ``v_m_eq`` takes an Euler
       step with the same ``I`` and is never reset. Both clipped to [0, 2].
    3. ``y* = NXX1(v_m_eq - θ)`` if ``v_m_eq <= θ``, else
       ``NXX1(net - g_e^θ)`` with ``g_e^θ`` including ``adapt``.
    4. ``act += dt (y* - act)``, clipped to [0, 1].
    5. If ``v_m > θ``: a spike, ``v_m = vm_r``, ``I_net`` recorded as 0.
    6. With adaptation: ``adapt += (vm_gain (v_m - E_l) - adapt)/adapt_tau
       + spike_gain`` per spike (``v_m`` after the reset).

    References
    ----------
    Seed 004, "Summary of Neuron Equations" (the page omits the midpoint
    step, ``v_m_eq`` and the adaptation details); emergent 8 ``LeabraUnitSpec``.

    Examples
    --------
    >>> run = run_unit()
    >>> round(float(run.act[CHECK_CYCLE]), 6), round(float(run.v_m_eq[CHECK_CYCLE]), 6)
    (0.877903, 0.65)
    >>> round(float(run_unit(UnitParams(adapt=True)).act[CHECK_CYCLE]), 6)
    0.438318
    """
    p = _params(params)
    x = ccn_input() if net_input is None else check_finite_array("net_input", net_input,
                                                                  ndim=(1, 2))
    if x.size == 0:
        raise ValueError("net_input must have at least one cycle")
    if (x < 0).any():
        raise ValueError("net_input must be >= 0 (an excitatory drive)")
    if g_i is None:
        gi = np.zeros_like(x)
    else:
        gi = check_finite_array("g_i", g_i)
        if (gi < 0).any():
            raise ValueError("g_i must be >= 0 (an inhibitory conductance)")
        try:
            gi = np.broadcast_to(gi, x.shape)
        except ValueError:
            raise ValueError(f"g_i must broadcast to net_input's shape {x.shape}, "
                             f"got shape {gi.shape}") from None
    generator = _rng(rng) if p.noise > 0 else None
    if x.ndim == 1:
        return _run_scalar(p, x.tolist(), gi.tolist(), generator)
    return _run_batch(p, x, np.ascontiguousarray(gi), generator)


def run_ccn(params=None, *, rng=None, **changes):
    """One trial of the CCN protocol: 200 cycles, input on for cycles 10-159.

    ``changes`` replace fields of ``params`` (``run_ccn(g_bar_e=0.4, adapt=True)``).

    >>> round(float(run_ccn(g_bar_e=0.3).act[CHECK_CYCLE]), 6)
    0.877903
    """
    p = _params(params)
    if changes:
        p = p.replace(**changes)
    return run_unit(p, ccn_input(), rng=rng)


def spike_rate_estimate(spike, eq_tau=EQ_TAU, eq_gain=EQ_GAIN):
    """The simulation's running spike-rate estimate (``act_eq`` in SPIKE mode).

    Parameters
    ----------
    spike : array_like, shape (..., n_cycles)
        Spike train (1 on a spike cycle).
    eq_tau : float, default 50
        Time constant (cycles) of the running average.
    eq_gain : float, default 8
        Gain that maps spikes per cycle to activation.

    Returns
    -------
    ndarray, same shape
        ``clip(eq_gain * r, 0, 1)`` with ``r += (spike - r) / eq_tau`` per cycle.

    Notes
    -----
    Emergent's ``SpikeFunSpec`` (eq_gain 8, eq_tau 50). It saturates at 1
    from 1/8 spikes per cycle (125 Hz) on.

    >>> est = spike_rate_estimate(np.tile([1.0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 100))
    >>> round(float(est[-10:].mean()), 2)   # 100 Hz -> 0.8
    0.8
    """
    spike = check_finite_array("spike", spike)
    eq_tau = check_positive("eq_tau", eq_tau)
    eq_gain = check_positive("eq_gain", eq_gain)
    from scipy.signal import lfilter

    a = 1.0 / eq_tau
    out = lfilter([a], [1.0, -(1.0 - a)], spike, axis=-1)   # r += a (spike - r)
    return np.clip(eq_gain * out, 0.0, 1.0)


def firing_rate(spike, start=0, stop=None):
    """Spike rate in Hz (spikes per cycle x 1000) over cycles ``start .. stop - 1``.

    >>> firing_rate(np.tile([1.0, 0, 0, 0, 0], 40))
    200.0
    """
    spike = check_finite_array("spike", spike)
    n = spike.shape[-1]
    stop = n if stop is None else check_int("stop", stop, 1, n)
    start = check_int("start", start, 0, stop - 1)
    return _out(spike[..., start:stop].mean(axis=-1) * 1000.0)


# --------------------------------------------------------------------------
# Figs. 2.5 and 2.6
# --------------------------------------------------------------------------


def rate_vs_vm_eq(g_e_values, g_i_values, params=None, n_cycles=300, settle=100):
    """Spike rate against equilibrium ``V_m`` over a grid of ``g_e`` and ``g_i`` (Fig. 2.5).

    Every combination runs the spiking neuron with constant input (no noise,
    adaptation as in ``params``) in one vectorised batch.

    Parameters
    ----------
    g_e_values, g_i_values : array_like, shape (n_e,), (n_i,)
        Total excitatory and inhibitory conductances (>= 0).
    params : UnitParams, optional
        Leak, reversal potentials, threshold, reset (defaults: the simulation's).
    n_cycles : int, default 300
        Cycles per run.
    settle : int, default 100
        Cycles left out before counting spikes.

    Returns
    -------
    vm_eq : ndarray, shape (n_i, n_e)
        Equilibrium potential :func:`vm_equilibrium` (without spiking).
    rate : ndarray, shape (n_i, n_e)
        Spike rate (Hz) over the counted cycles.

    Examples
    --------
    >>> vm, hz = rate_vs_vm_eq([0.1, 0.3], [0.0])
    >>> vm.round(4).tolist(), hz.tolist()
    ([[0.475, 0.65]], [[0.0, 200.0]])
    """
    p = _params(params).replace(noise=0.0)
    g_e = _nonneg_array("g_e_values", g_e_values).ravel()
    g_i = _nonneg_array("g_i_values", g_i_values).ravel()
    n_cycles = check_int("n_cycles", n_cycles, 2)
    settle = check_int("settle", settle, 0, n_cycles - 1)
    GE, GI = np.meshgrid(g_e, g_i)
    x = np.ones((GE.size, n_cycles))
    run = _run_batch(p.replace(g_bar_i=1.0), x, np.repeat(GI.ravel()[:, None], n_cycles, 1),
                     None, g_bar_e=GE.ravel())
    vm = vm_equilibrium(GE, GI, p.g_bar_l, p.e_rev_e, p.e_rev_i, p.e_rev_l)
    rate = firing_rate(run.spike, settle).reshape(GE.shape)
    return np.asarray(vm), rate


class SpikeVsRate(NamedTuple):
    """Result of :func:`spike_vs_rate` (the simulation's "SpikeVsRate" table).

    Attributes
    ----------
    g_bar_e : ndarray, shape (n_g,)
    rate : ndarray, shape (n_g, n_samples)
        Rate-code activation ``act`` at cycle ``rate_cycle`` of each sample.
    spike : ndarray, shape (n_g, n_samples)
        Spike-rate estimate (:func:`spike_rate_estimate`) at ``spike_cycle``.
    spike_hz : ndarray, shape (n_g, n_samples)
        Spike rate in Hz during the input (cycles 10-159).
    """

    g_bar_e: np.ndarray
    rate: np.ndarray
    spike: np.ndarray
    spike_hz: np.ndarray


def spike_vs_rate(params=None, g_bar_e_values=None, n_samples=20, noise=0.1, rng=None,
                  progress: Callable[[int, int], None] | None = None, rate_cycle=159,
                  spike_cycle=162, chunk=5):
    """Spiking against the rate code over ``g_bar_e`` (Fig. 2.6; the "SpikeVsRate" program).

    For every ``g_bar_e`` the simulation runs ``n_samples`` noisy trials of
    the CCN protocol and records the rate-code activation at cycle 159 and
    the spike-rate estimate at cycle 162. Here all ``g_bar_e`` values and
    ``chunk`` samples run as one vectorised batch at a time.

    Parameters
    ----------
    params : UnitParams, optional
        Everything but ``g_bar_e`` and ``noise`` (defaults: the simulation's).
    g_bar_e_values : array_like, optional
        Default ``0.1, 0.125, ..., 0.7`` (the simulation's sweep).
    n_samples : int, default 20
        Noisy trials per value (the simulation's 20).
    noise : float, default 0.1
        Input noise standard deviation (the sweep's ``noise_var`` 0.1).
    rng : numpy.random.Generator or int, optional
        Source of the noise.
    progress : callable(done, total), optional
        Called after each chunk with the number of trials done.
    rate_cycle, spike_cycle : int
        Cycles at which the two activations are read (159 and 162).
    chunk : int, default 5
        Samples per batch.

    Returns
    -------
    SpikeVsRate

    Examples
    --------
    >>> res = spike_vs_rate(g_bar_e_values=[0.1, 0.3], n_samples=2, noise=0.0)
    >>> res.rate.round(4).tolist()
    [[0.0, 0.0], [0.8779, 0.8779]]
    """
    p = _params(params).replace(noise=check_nonnegative("noise", noise))
    if g_bar_e_values is None:
        g_bar_e_values = np.round(np.arange(0.1, 0.7 + 1e-9, 0.025), 3)
    g = _nonneg_array("g_bar_e_values", g_bar_e_values).ravel()
    n_samples = check_int("n_samples", n_samples, 1)
    chunk = check_int("chunk", chunk, 1)
    rate_cycle = check_int("rate_cycle", rate_cycle, 0, N_CYCLES - 1)
    spike_cycle = check_int("spike_cycle", spike_cycle, 0, N_CYCLES - 1)
    generator = _rng(rng)
    x1 = ccn_input()
    rate = np.empty((g.size, n_samples))
    spike = np.empty_like(rate)
    hz = np.empty_like(rate)
    total = g.size * n_samples
    done = 0
    for s0 in range(0, n_samples, chunk):
        k = min(chunk, n_samples - s0)
        gb = np.repeat(g, k)
        x = np.broadcast_to(x1, (gb.size, x1.size))
        run = _run_batch(p, x, np.zeros_like(x), generator, g_bar_e=gb)
        est = spike_rate_estimate(run.spike)
        rate[:, s0:s0 + k] = run.act[:, rate_cycle].reshape(g.size, k)
        spike[:, s0:s0 + k] = est[:, spike_cycle].reshape(g.size, k)
        hz[:, s0:s0 + k] = firing_rate(run.spike, ON_CYCLE, OFF_CYCLE).reshape(g.size, k)
        done += gb.size
        if progress is not None:
            progress(done, total)
    return SpikeVsRate(g, rate, spike, hz)


# --------------------------------------------------------------------------
# units (Table 2.1)
# --------------------------------------------------------------------------

UNITS = {
    # quantity: (normalisation unit in SI, SI symbol, offset in SI)
    "time": (1e-3, "s", 0.0),
    "voltage": (0.1, "V", -0.1),
    "current": (1e-8, "A", 0.0),
    "conductance": (1e-7, "S", 0.0),
    "capacitance": (1e-10, "F", 0.0),
}
"""Normalisation of each quantity: ``norm = (SI - offset) / unit``.

Emergent's ``BioParams``: time 1 ms, voltage 0.1 V with -100 mV at 0,
current 10 nA, hence conductance 10 nA / 0.1 V = 100 nS and capacitance
1 ms x 10 nA / 0.1 V = 100 pF.
"""

_PREFIX = {"": 1.0, "m": 1e-3, "u": 1e-6, "µ": 1e-6, "n": 1e-9, "p": 1e-12}
_SYMBOL = {"s": "time", "V": "voltage", "A": "current", "S": "conductance", "F": "capacitance"}


def _unit(unit: str):
    if not isinstance(unit, str) or not unit or unit[-1] not in _SYMBOL or \
            unit[:-1] not in _PREFIX:
        raise ValueError(f"unit must be one of s, ms, V, mV, A, nA, S, nS, F, pF; got {unit!r}")
    return _SYMBOL[unit[-1]], _PREFIX[unit[:-1]]


def to_normalized(value, unit, *, difference=False):
    """Convert a biological value to the simulation's normalised units (Table 2.1).

    Parameters
    ----------
    value : float or array_like
        The value in ``unit``.
    unit : str
        ``"ms"``, ``"s"``, ``"mV"``, ``"V"``, ``"nA"``, ``"A"``, ``"nS"``,
        ``"S"``, ``"pF"``, ``"F"``.
    difference : bool
        For voltages: a voltage difference (like AdEx's slope factor Δ_T),
        which has no offset.

    Returns
    -------
    float or ndarray
        The normalised value.

    Examples
    --------
    >>> to_normalized(-70, "mV"), to_normalized(10, "nS"), to_normalized(281, "pF")
    (0.3, 0.1, 2.81)
    >>> to_normalized(2, "mV", difference=True)
    0.02
    """
    quantity, factor = _unit(unit)
    scale, _, offset = UNITS[quantity]
    if difference or quantity != "voltage":
        offset = 0.0
    v = check_finite_array("value", value) * factor
    return _out(np.round((v - offset) / scale, 12))


def to_biological(value, unit, *, difference=False):
    """Convert a normalised value back to ``unit`` (the inverse of :func:`to_normalized`).

    >>> to_biological(0.5, "mV"), to_biological(1.0, "nS"), to_biological(0.00805, "nA")
    (-50.0, 100.0, 0.0805)
    """
    quantity, factor = _unit(unit)
    scale, _, offset = UNITS[quantity]
    if difference or quantity != "voltage":
        offset = 0.0
    v = check_finite_array("value", value)
    return _out(np.round((v * scale + offset) / factor, 12))


class UnitRow(NamedTuple):
    """One row of :func:`unit_table`."""

    name: str
    bio: float
    unit: str
    norm: float
    note: str


_TABLE_ROWS = (
    # name, bio value, unit, difference, note (where the page differs)
    ("time step (1 cycle)", 1.0, "ms", False, ""),
    ("voltage unit", 100.0, "mV", True, "-100..100 mV maps to 0..2"),
    ("current unit", 10.0, "nA", False, ""),
    ("conductance unit", 100.0, "nS", False, "page: 1 nS"),
    ("capacitance unit", 100.0, "pF", False, "page: 1 pF"),
    ("C (membrane capacitance)", 281.0, "pF", False, "1/C = dt_vm; page: .355"),
    ("g_l (leak)", 10.0, "nS", False, ""),
    ("g_i (inhibition)", 100.0, "nS", False, ""),
    ("g_e (excitation)", 100.0, "nS", False, ""),
    ("e_rev_l (leak) and vm_r", -70.0, "mV", False, ""),
    ("e_rev_i (inhibition)", -75.0, "mV", False, ""),
    ("e_rev_e (excitation)", 0.0, "mV", False, "page leaves it blank"),
    ("θ (act.thr, V_T in AdEx)", -50.0, "mV", False, ""),
    ("spk_thr (exp cutoff in AdEx)", 20.0, "mV", False, ""),
    ("exp_slope (Δ_T in AdEx)", 2.0, "mV", True, "a difference: no offset"),
    ("adapt tau (τ_w in AdEx)", 144.0, "ms", False, "dt = 1/144"),
    ("adapt vm_gain (a in AdEx)", 4.0, "nS", False, ""),
    ("adapt spike_gain (b in AdEx)", 0.0805, "nA", False, ""),
)


def unit_table():
    """The page's Table 2.1, recomputed with :func:`to_normalized` and corrected.

    Returns
    -------
    list of UnitRow
        ``(name, bio, unit, norm, note)``; ``note`` says where the page differs.
        The capacitance row's ``norm`` is C in units of 100 pF; the membrane
        rate constant is ``1/C``.

    Examples
    --------
    >>> rows = {r.name: r for r in unit_table()}
    >>> rows["conductance unit"].norm, rows["C (membrane capacitance)"].norm
    (1.0, 2.81)
    """
    return [UnitRow(name, bio, unit, to_normalized(bio, unit, difference=diff), note)
            for name, bio, unit, diff, note in _TABLE_ROWS]


def format_unit_table() -> str:
    """:func:`unit_table` as aligned text, plus the derived membrane rate ``1/C``.

    >>> print(format_unit_table().splitlines()[0])
    parameter                        biological  normalised  note
    """
    rows = unit_table()
    lines = [f"{'parameter':<32} {'biological':>10}  {'normalised':>10}  note"]
    for r in rows:
        bio = f"{r.bio:g} {r.unit}"
        lines.append(f"{r.name:<32} {bio:>10}  {r.norm:>10.4g}  {r.note}".rstrip())
    c = {r.name: r for r in rows}["C (membrane capacitance)"].norm
    lines.append(f"{'dt_vm = 1/C':<32} {'':>10}  {1.0 / c:>10.4f}  page: .355 "
                 "(the rate-code simulation uses vm_tau 3.3)")
    return "\n".join(lines)
