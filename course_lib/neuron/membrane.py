"""The membrane's tug-of-war: parameters, currents, the equilibrium and the thresholds.

Everything is in normalised units (:mod:`course_lib.neuron.units`): voltages
0..2 for -100..100 mV, conductances in units of 100 nS. Each equation is
written once here, in a raw form that works on floats and arrays alike
(``_net_current``, ``_ge_theta``), and wrapped with argument checks for
learners (:func:`net_current`, :func:`currents`, :func:`ge_threshold`); the
simulation in :mod:`course_lib.neuron.simulation` calls the raw forms on
every cycle. :func:`ge_spike_onset` says where a spiking neuron (threshold
and reset, or AdEx) starts to fire at steady state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import NamedTuple

import numpy as np

from .._validate import (
    check_bool,
    check_finite,
    check_finite_array,
    check_nonnegative,
    check_range,
)

__all__ = [
    "E_REV_E",
    "E_REV_I",
    "E_REV_L",
    "THETA",
    "MAX_GAIN",
    "MAX_NVAR",
    "MAX_EXP_SLOPE",
    "UnitParams",
    "vm_equilibrium",
    "ge_threshold",
    "gl_threshold",
    "ge_spike_onset",
    "net_current",
    "Currents",
    "currents",
]

E_REV_E = 1.0
"""Excitatory reversal potential (normalised; 0 mV)."""
E_REV_I = 0.25
"""Inhibitory reversal potential (normalised; -75 mV)."""
E_REV_L = 0.3
"""Leak reversal potential (normalised; -70 mV)."""
THETA = 0.5
"""Firing threshold θ (normalised; -50 mV)."""

MAX_GAIN = 1e6
"""Largest XX1 gain γ accepted: above it XX1 is a step function to double precision."""
MAX_NVAR = 1.0
"""Widest NXX1 noise kernel accepted (``nvar``; the page uses 0.005, the simulation 0.01)."""
MAX_EXP_SLOPE = 0.1
"""Largest AdEx slope factor accepted (10 mV; the page's Table 2.1 uses 0.02 = 2 mV)."""


# --------------------------------------------------------------------------
# parameters
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitParams:
    """Parameters of the point neuron; the defaults are the CCN simulation's.

    All values are normalised (Table 2.1 of the CCN textbook page 2.5; see
    :mod:`course_lib.neuron.units`): time in cycles (1 cycle = 1 ms), voltage
    0..2 for -100..100 mV, conductance in units of 100 nS, current in units
    of 10 nA. A misspelled field is an error (``UnitParams(gbar_e=1)`` raises
    ``TypeError``); :meth:`replace` gives a ``ValueError`` naming it.

    Parameters
    ----------
    g_bar_e, g_bar_l, g_bar_i : float, default 0.3, 0.3, 1.0
        Maximal excitatory, leak and inhibitory conductances (>= 0).
    e_rev_e, e_rev_l, e_rev_i : float, default 1.0, 0.3, 0.25
        Reversal (driving) potentials, in [0, 2].
    theta : float, default 0.5
        Firing threshold θ, in [0, 2] and below ``e_rev_e``.
    gain : float, default 40
        Gain γ of the XX1 rate code, in (0, 1e6] (:data:`MAX_GAIN`). (The
        page's Fig. 2.7 uses 100.)
    nvar : float, default 0.01
        Width of the noise kernel of NXX1, emergent's ``act.nvar``, in
        [0, 1] (:data:`MAX_NVAR`); see :func:`course_lib.neuron.nxx1_table`.
    vm_tau : float, default 3.3
        Membrane time constant in cycles (>= 1); ``dt_vm = 1 / vm_tau``. A
        step longer than the time constant would overshoot.
    net_tau : float, default 1.4
        Time constant of the excitatory input conductance, in cycles (>= 1).
    vm_init : float, default 0.4
        Initial membrane potential (``v_m`` and ``v_m_eq``), in [0, 2].
    vm_r : float, default 0.3
        Reset potential after a spike, in [0, 2].
    adapt : bool, default False
        Spike-rate adaptation on (the AdEx adaptation current).
    adapt_tau : float, default 144
        Time constant of the adaptation current in cycles (>= 1; AdEx τ_w).
    vm_gain : float, default 0.04
        Adaptation driven by the membrane potential (AdEx ``a``; >= 0).
    spike_gain : float, default 0.00805
        Adaptation added per spike (AdEx ``b``; >= 0).
    noise : float, default 0
        Standard deviation of the Gaussian noise added to the excitatory
        input conductance ``g_e`` on every cycle (>= 0): the simulation's
        ``noise_var`` (emergent's ``NETIN_NOISE``; emergent's Gaussian "var"
        is used as a standard deviation). It is random, unlike ``nvar``.
    exp_slope : float, default 0
        The AdEx slope factor Δ_T, in [0, 0.1] (:data:`MAX_EXP_SLOPE`). 0
        (the default): the page's threshold-and-reset neuron, which spikes
        when ``V_m > theta``. Above 0: the AdEx spike-initiation current
        ``g_l Δ_T exp((V_m - θ)/Δ_T)`` is added to ``I_net`` and the neuron
        spikes when ``V_m > spk_thr`` (emergent's ``spike_misc.ex``). The
        page's Table 2.1 uses 0.02 (2 mV); :meth:`adex` gives that neuron.
    spk_thr : float, default 1.2
        The AdEx spike cut-off (Table 2.1: 20 mV), in [0, 2] and above
        ``theta``; used only when ``exp_slope > 0``.

    Examples
    --------
    >>> p = UnitParams()
    >>> p.g_bar_e, p.gain, p.nvar, round(p.dt_vm, 5)
    (0.3, 40.0, 0.01, 0.30303)
    >>> UnitParams(vm_tau=0)
    Traceback (most recent call last):
    ...
    ValueError: vm_tau must be >= 1, got 0
    >>> UnitParams.adex().exp_slope, UnitParams.adex().spk_thr
    (0.02, 1.2)

    References
    ----------
    The CCN textbook page 2.5 (O'Reilly, Munakata et al.), "Summary of Neuron
    Equations and Normalized Parameters"; ``docs/neuron.md``, "The simulation".
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
    exp_slope: float = 0.0
    spk_thr: float = 1.2

    def __post_init__(self):
        set_ = object.__setattr__
        for name in ("g_bar_e", "g_bar_l", "g_bar_i", "vm_gain", "spike_gain", "noise"):
            set_(self, name, check_nonnegative(name, getattr(self, name)))
        set_(self, "gain", check_range("gain", self.gain, 0.0, MAX_GAIN, low_inclusive=False))
        set_(self, "nvar", check_range("nvar", self.nvar, 0.0, MAX_NVAR))
        set_(self, "exp_slope", check_range("exp_slope", self.exp_slope, 0.0, MAX_EXP_SLOPE))
        for name in ("vm_tau", "net_tau", "adapt_tau"):
            set_(self, name, check_range(name, getattr(self, name), 1.0, None))
        for name in ("e_rev_e", "e_rev_l", "e_rev_i", "theta", "vm_init", "vm_r", "spk_thr"):
            set_(self, name, check_range(name, getattr(self, name), 0.0, 2.0))
        set_(self, "adapt", check_bool("adapt", self.adapt))
        if self.theta >= self.e_rev_e:
            raise ValueError(f"theta must be below e_rev_e ({self.e_rev_e:g}), got {self.theta:g}")
        if self.exp_slope > 0 and self.spk_thr <= self.theta:
            raise ValueError(f"spk_thr must be above theta ({self.theta:g}) for the AdEx neuron "
                             f"(exp_slope > 0), got {self.spk_thr:g}")

    @classmethod
    def adex(cls, **changes) -> "UnitParams":
        """The AdEx neuron of the page's Table 2.1: ``exp_slope = 0.02``, ``spk_thr = 1.2``.

        The adaptation parameters (``adapt_tau`` 144, ``vm_gain`` 0.04,
        ``spike_gain`` 0.00805) are the defaults already; adaptation is on
        with ``adapt=True``. Everything else is the simulation's.

        Parameters
        ----------
        **changes
            Fields to set as well (``UnitParams.adex(adapt=True)``).

        Returns
        -------
        UnitParams
        """
        return cls(exp_slope=0.02, spk_thr=1.2).replace(**changes)

    @property
    def spike_threshold(self) -> float:
        """Where a spike is detected: ``theta``, or ``spk_thr`` for the AdEx neuron."""
        return self.spk_thr if self.exp_slope > 0 else self.theta

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
    """``params`` as a :class:`UnitParams` (None: the defaults; a dict: its fields changed)."""
    if params is None:
        return UnitParams()
    if isinstance(params, UnitParams):
        return params
    if isinstance(params, dict):
        return UnitParams().replace(**params)
    raise ValueError(f"params must be a UnitParams or a dict of its fields, got {params!r}")


def _floats(name, value, ndim=None):
    """``value`` as a float array (:func:`check_finite_array`), refusing booleans too.

    ``True`` is not a number here (``numpy.asarray(True, float)`` would be 1.0).
    """
    if isinstance(value, (bool, np.bool_)) or (
            isinstance(value, (list, tuple, np.ndarray)) and np.asarray(value).dtype == bool):
        raise ValueError(f"{name} must be an array of numbers, got {value!r:.60}")
    return check_finite_array(name, value, ndim=ndim)


def _nonneg_array(name, value):
    """``value`` as a float array of conductances, or a ``ValueError`` naming ``name``."""
    arr = _floats(name, value)
    if (arr < 0).any():
        raise ValueError(f"{name} must be >= 0 (a conductance), got {arr[arr < 0].flat[0]:g}")
    return arr


def _out(arr):
    """A 0-d result as a Python float, any other as the array."""
    return float(arr) if np.ndim(arr) == 0 else arr


def _reversals(e_rev_e, e_rev_i, e_rev_l):
    return tuple(check_finite(n, v) for n, v in (
        ("e_rev_e", e_rev_e), ("e_rev_i", e_rev_i), ("e_rev_l", e_rev_l)))


# --------------------------------------------------------------------------
# the tug-of-war
# --------------------------------------------------------------------------


def _net_current(v, g_e, g_i, g_l, e_rev_e, e_rev_i, e_rev_l, adapt=0.0):
    """:func:`net_current` without the argument checks (floats or arrays; every cycle)."""
    return g_e * (e_rev_e - v) + g_l * (e_rev_l - v) + g_i * (e_rev_i - v) - adapt


def net_current(v, g_e, g_i, g_l, e_rev_e=E_REV_E, e_rev_i=E_REV_I, e_rev_l=E_REV_L, adapt=0.0):
    """The net current that moves ``V_m``: each tugger's pull, minus adaptation.

    The simulation computes the same sum on every cycle (without these
    argument checks).

    Parameters
    ----------
    v : float or array_like
        Membrane potential (normalised).
    g_e, g_i, g_l : float or array_like
        Total excitatory, inhibitory and leak conductances (>= 0; units of
        100 nS).
    e_rev_e, e_rev_i, e_rev_l : float
        Reversal potentials (normalised).
    adapt : float or array_like
        Adaptation current (units of 10 nA), subtracted; default 0.

    Returns
    -------
    float or ndarray
        ``g_e (E_e - v) + g_l (E_l - v) + g_i (E_i - v) - adapt`` (units of
        10 nA), the broadcast shape of the inputs.

    Examples
    --------
    >>> round(net_current(0.4, 0.3, 0.0, 0.3), 12)   # input on at rest: V_m rises
    0.15
    """
    v = _floats("v", v)
    g_e, g_i, g_l = (_nonneg_array(n, x) for n, x in (("g_e", g_e), ("g_i", g_i), ("g_l", g_l)))
    e_rev_e, e_rev_i, e_rev_l = _reversals(e_rev_e, e_rev_i, e_rev_l)
    adapt = _floats("adapt", adapt)
    return _out(_net_current(v, g_e, g_i, g_l, e_rev_e, e_rev_i, e_rev_l, adapt))


def _ge_theta(g_i, g_l, theta, e_rev_e, e_rev_i, e_rev_l, adapt=0.0):
    """:func:`ge_threshold` without the argument checks (floats or arrays)."""
    return (g_i * (e_rev_i - theta) + g_l * (e_rev_l - theta) - adapt) / (theta - e_rev_e)


def vm_equilibrium(g_e, g_i, g_l, e_rev_e=E_REV_E, e_rev_i=E_REV_I, e_rev_l=E_REV_L):
    """Equilibrium membrane potential of the tug-of-war.

    Parameters
    ----------
    g_e, g_i, g_l : float or array_like
        Total excitatory, inhibitory and leak conductances (>= 0, not all 0;
        ``g_e`` means ``g_bar_e g_e(t)`` etc.; units of 100 nS). Arrays
        broadcast.
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
    leak term's denominator where ``g_e(t)`` belongs; ``docs/neuron.md``,
    "The equilibrium".)

    References
    ----------
    The CCN textbook page 2.5 (O'Reilly, Munakata et al.), "Equilibrium
    Membrane Potential".

    Examples
    --------
    >>> vm_equilibrium(0.3, 0.0, 0.3)   # the simulation's steady state
    0.65
    >>> vm_equilibrium(1.0, 1.0, 0.0)   # equal pull: half-way between E_i and E_e
    0.625
    """
    g_e, g_i, g_l = (_nonneg_array(n, v) for n, v in (("g_e", g_e), ("g_i", g_i), ("g_l", g_l)))
    e_rev_e, e_rev_i, e_rev_l = _reversals(e_rev_e, e_rev_i, e_rev_l)
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
        Total inhibitory and leak conductances (>= 0; units of 100 nS).
    theta : float
        Threshold θ (normalised); must lie below ``e_rev_e``.
    e_rev_e, e_rev_i, e_rev_l : float
        Reversal potentials (normalised).
    adapt : float or array_like
        Adaptation current (units of 10 nA; the simulation subtracts it;
        default 0).

    Returns
    -------
    float or ndarray
        ``g_e^θ`` (units of 100 nS), broadcast shape of the inputs.

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
    The CCN textbook page 2.5 (O'Reilly, Munakata et al.), "Rate Code
    Approximation to Spiking"; ``docs/neuron.md``, "The excitatory threshold".

    Examples
    --------
    >>> round(ge_threshold(0.0, 0.3), 12)
    0.12
    >>> round(ge_threshold(1.0, 0.1), 12)
    0.54
    """
    g_i, g_l = _nonneg_array("g_i", g_i), _nonneg_array("g_l", g_l)
    theta = check_finite("theta", theta)
    e_rev_e, e_rev_i, e_rev_l = _reversals(e_rev_e, e_rev_i, e_rev_l)
    if theta >= e_rev_e:
        raise ValueError(f"theta must be below e_rev_e ({e_rev_e:g}), got {theta:g}")
    adapt = _floats("adapt", adapt)
    return _out(_ge_theta(g_i, g_l, theta, e_rev_e, e_rev_i, e_rev_l, adapt))


def gl_threshold(g_e, g_i=0.0, theta=THETA, e_rev_e=E_REV_E, e_rev_i=E_REV_I, e_rev_l=E_REV_L):
    """Leak conductance that puts the equilibrium exactly at θ.

    A larger leak keeps ``V_eq`` below θ: the neuron cannot fire any more
    (``V_m`` only approaches θ and spiking needs ``V_m > θ``).

    Parameters
    ----------
    g_e, g_i : float or array_like
        Total excitatory and inhibitory conductances (>= 0; units of 100 nS).
    theta, e_rev_e, e_rev_i, e_rev_l : float
        Threshold and reversal potentials (normalised); needs ``e_rev_l < theta``.

    Returns
    -------
    float or ndarray
        ``g_l^θ = (g_e (E_e - θ) + g_i (E_i - θ)) / (θ - E_l)`` (units of
        100 nS), broadcast shape of the inputs.

    References
    ----------
    ``docs/neuron.md``, "The leak that stops firing".

    Examples
    --------
    >>> round(gl_threshold(0.3), 12)   # the simulation: g_bar_l = 0.75 stops firing
    0.75
    """
    g_e, g_i = _nonneg_array("g_e", g_e), _nonneg_array("g_i", g_i)
    theta = check_finite("theta", theta)
    e_rev_e, e_rev_i, e_rev_l = _reversals(e_rev_e, e_rev_i, e_rev_l)
    if e_rev_l >= theta:
        raise ValueError(f"e_rev_l must be below theta ({theta:g}) for a leak to stop firing, "
                         f"got {e_rev_l:g}")
    return _out((g_e * (e_rev_e - theta) + g_i * (e_rev_i - theta)) / (theta - e_rev_l))


def ge_spike_onset(g_i=0.0, params=None):
    """The excitatory conductance above which the spiking neuron fires at steady state.

    For a constant input, the neuron of ``params`` keeps firing exactly when
    ``g_e`` is above this value (after the transients; for the AdEx neuron
    in continuous time, which the simulation's steps follow closely). The
    rate code's ``g_e^θ`` (:func:`ge_threshold`) is where the page says
    firing starts; this function says where it does.

    Parameters
    ----------
    g_i : float or array_like
        Total inhibitory conductance(s) (>= 0; units of 100 nS).
    params : UnitParams or dict, optional
        The neuron (default: the simulation's threshold-and-reset neuron).
        Used: ``g_bar_l``, the reversal potentials, ``theta``, ``exp_slope``
        and ``spk_thr``, and ``vm_gain`` when ``adapt`` is on.

    Returns
    -------
    float or ndarray
        ``g_e`` at the onset (units of 100 nS), the shape of ``g_i``; 0 if
        the neuron fires without excitation, ``inf`` if no ``g_e`` makes it
        fire.

    Notes
    -----
    At a silent steady state the adaptation current is ``vm_gain (V - E_l)``:
    an extra leak ``a = vm_gain`` (0 without adaptation). Write
    ``G = g_e + g_i + g_l + a`` and ``V_eq`` for the equilibrium with that
    leak.

    * Threshold and reset (``exp_slope = 0``): it fires when ``V_eq > θ``,
      that is above ``ge_threshold(g_i, g_l + a)``. Without adaptation
      that is the page's ``g_e^θ`` exactly.
    * AdEx (``exp_slope = Δ_T > 0``): the current
      ``G (V_eq - V) + g_l Δ_T exp((V - θ)/Δ_T)`` has a zero (a resting
      state) only while ``V_eq - θ <= Δ_T (ln(G/g_l) - 1)``. The onset is
      the ``g_e`` where the two sides meet, found with Brent's method
      (``scipy.optimize.brentq``: bisection sped up by interpolation, sure
      to converge once a sign change is bracketed). The spike current
      grows with ``g_l`` only, so the onset lies below ``g_e^θ`` while
      ``G < e g_l`` and above it with more conductance: strong inhibition
      pushes the AdEx onset far past ``g_e^θ``. As ``Δ_T -> 0`` the onset
      tends to the threshold-and-reset one.

    References
    ----------
    Brette & Gerstner (2005), the AdEx model; ``docs/neuron.md``, "Where
    firing starts".

    Examples
    --------
    >>> round(ge_spike_onset(0.0), 12)            # the page's g_e^θ
    0.12
    >>> round(ge_spike_onset(0.0, UnitParams.adex()), 4)   # AdEx: a little below it
    0.1087
    """
    from scipy.optimize import brentq

    p = _params(params)
    g_i = _nonneg_array("g_i", g_i)
    g_l = p.g_bar_l
    a = p.vm_gain if p.adapt else 0.0
    e_e, e_i, e_l, theta = p.e_rev_e, p.e_rev_i, p.e_rev_l, p.theta
    slope = p.exp_slope

    def linear_onset(gi, thr):
        if thr >= e_e:
            return math.inf
        return max(0.0, float(_ge_theta(gi, g_l + a, thr, e_e, e_i, e_l)))

    def adex_onset(gi):
        if g_l == 0.0:  # no spike current: V_m must reach spk_thr by itself
            return linear_onset(gi, p.spk_thr)

        def h(g_e):  # > 0: no resting state, the neuron fires
            g = g_e + gi + g_l + a
            return (g_e * (e_e - theta) + gi * (e_i - theta) + (g_l + a) * (e_l - theta)
                    + g * slope * (1.0 - math.log(g / g_l)))

        if h(0.0) > 0.0:
            return 0.0
        # h rises with g_e until ln(G / g_l) = (E_e - θ) / Δ_T, then falls
        g_top = g_l * math.exp(min((e_e - theta) / slope, 700.0)) - (gi + g_l + a)
        lo, hi = 0.0, max(linear_onset(gi, theta), 1e-3)
        while h(hi) <= 0.0:
            if hi >= g_top:
                return math.inf
            lo, hi = hi, min(2.0 * hi, g_top)
        return brentq(h, lo, hi, xtol=1e-13)

    onset = adex_onset if slope > 0 else (lambda gi: linear_onset(gi, theta))
    out = np.array([onset(float(gi)) for gi in g_i.ravel()]).reshape(g_i.shape)
    return _out(out)


class Currents(NamedTuple):
    """The three tuggers' currents and their sum (positive pulls ``V_m`` up).

    Attributes
    ----------
    i_e, i_i, i_l, i_net : float or ndarray
        ``g_e (E_e - V)``, ``g_i (E_i - V)``, ``g_l (E_l - V)`` and their
        sum :func:`net_current` (units of 10 nA).
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
        Membrane potential(s) (normalised).
    g_e, g_i, g_l : float or array_like
        Total conductances (>= 0; units of 100 nS); broadcast with ``v``.
    e_rev_e, e_rev_i, e_rev_l : float
        Reversal potentials (normalised).

    Returns
    -------
    Currents
        Floats, or arrays of the broadcast shape of the inputs.

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
    v = _floats("v", v)
    g_e, g_i, g_l = (_nonneg_array(n, x) for n, x in (("g_e", g_e), ("g_i", g_i), ("g_l", g_l)))
    e_rev_e, e_rev_i, e_rev_l = _reversals(e_rev_e, e_rev_i, e_rev_l)
    i_net = _net_current(v, g_e, g_i, g_l, e_rev_e, e_rev_i, e_rev_l)
    return Currents(_out(g_e * (e_rev_e - v)), _out(g_i * (e_rev_i - v)),
                    _out(g_l * (e_rev_l - v)), _out(i_net))
