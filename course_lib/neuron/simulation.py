"""The simulation of the point neuron, cycle by cycle, and the sweeps built on it.

:func:`run_unit` reproduces the CCN textbook's "Neuron" simulation (emergent 8)
cycle for cycle; :func:`ccn_input` is its protocol; :func:`tug_of_war`,
:func:`rate_vs_vm_eq` (Fig. 2.5) and :func:`spike_vs_rate` (Fig. 2.6) are the
page's experiments. The cycle's equations are written once (:func:`_simulate`)
and run on plain Python floats for one run (fast: a numpy call per scalar
costs more than the arithmetic) or on numpy arrays for a batch of runs; a
test checks that both give the same numbers to the last bit
(``docs/neuron.md``, "Two forms of one loop").
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from .._validate import (
    check_callable,
    check_int,
    check_nonnegative,
    check_range,
    check_rng,
    check_steps,
)
from .membrane import (
    UnitParams,
    _floats,
    _ge_theta,
    _net_current,
    _nonneg_array,
    _out,
    _params,
    currents,
    ge_spike_onset,
    ge_threshold,
    vm_equilibrium,
)
from .rate_code import _reader

__all__ = [
    "N_CYCLES",
    "ON_CYCLE",
    "OFF_CYCLE",
    "CHECK_CYCLE",
    "EQ_TAU",
    "EQ_GAIN",
    "STABLE_STEP",
    "UnitRun",
    "ccn_input",
    "run_unit",
    "run_ccn",
    "spike_rate_estimate",
    "firing_rate",
    "TugOfWar",
    "tug_of_war",
    "rate_vs_vm_eq",
    "RateVsExcess",
    "rate_vs_excess",
    "SpikeVsRate",
    "spike_vs_rate",
]

N_CYCLES = 200
"""Cycles (ms) of one trial of the CCN "Neuron" simulation."""
ON_CYCLE = 10
"""First cycle (0-based) with the input on."""
OFF_CYCLE = 160
"""First cycle with the input off again: the input is on for cycles 10-159."""
CHECK_CYCLE = 154
"""0-based index of cycle 155, where the CCN exercises read the activation."""

EQ_TAU = 50.0
"""Time constant (cycles) of the spike-rate estimate ``act_eq`` (emergent's SpikeFunSpec eq_tau)."""
EQ_GAIN = 8.0
"""Gain of the spike-rate estimate ``act_eq`` (emergent's SpikeFunSpec eq_gain)."""
STABLE_STEP = 2.0
"""The membrane update is stable while ``dt_vm (g_e + g_i + g_l) < 2`` (larger steps grow)."""
_EXP_MAX = 700.0
"""Largest exponent of the AdEx current (``exp(700)`` is finite; ``V_m`` is clipped at 2)."""


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

    Parameters
    ----------
    n_cycles : int, default 200
        Length of the trial (cycles, 1 ms each; at most
        :data:`course_lib._validate.MAX_STEPS`).
    on_cycle, off_cycle : int, default 10, 160
        First cycle with the input on (at most ``n_cycles``), first cycle
        with it off again (at least ``on_cycle``).
    value : float, default 1
        Raw input ``net_raw`` while on (>= 0).

    Returns
    -------
    ndarray, shape (n_cycles,)

    Examples
    --------
    >>> x = ccn_input()
    >>> x.shape, x[9:11].tolist(), x[159:161].tolist()
    ((200,), [0.0, 1.0], [1.0, 0.0])
    """
    n_cycles = check_steps("n_cycles", check_int("n_cycles", n_cycles, 1), "cycles")
    on_cycle = check_int("on_cycle", on_cycle, 0, n_cycles)
    off_cycle = check_int("off_cycle", off_cycle, on_cycle, None)
    value = check_nonnegative("value", value)
    x = np.zeros(n_cycles)
    x[on_cycle:off_cycle] = value
    return x


def _clip(x, lo, hi):
    return lo if x < lo else (hi if x > hi else x)


def _where(cond, a, b):
    return a if cond else b


def _exp(x):
    """numpy's exp of one float: the batch's numbers to the last bit (``math.exp`` differs
    from numpy's vectorised exp in about 5% of arguments by one unit in the last place)."""
    return float(np.exp(x))


def _simulate(p: UnitParams, net_raw, g_i, xi, g_bar_e):
    """The cycle loop of :func:`run_unit`, for one run or a batch (``docs/neuron.md``).

    Parameters
    ----------
    p : UnitParams
    net_raw, g_i : list of float, or ndarray of shape (n_cycles, n_batch)
        Raw excitatory input and inhibitory input per cycle: a list runs one
        simulation in Python floats, an array a batch with numpy.
    xi : same type and shape, or None
        Standard normal draws of the input noise (None without noise).
    g_bar_e : float or ndarray, shape (n_batch,)
        Excitatory conductance (an array gives each run of a batch its own).

    Returns
    -------
    UnitRun
        Fields of shape (n_cycles,) or (n_batch, n_cycles).
    """
    batch = isinstance(net_raw, np.ndarray)
    if batch:
        clip, where, maximum = np.clip, np.where, np.maximum
        exp, minimum = np.exp, np.minimum
        zero = np.zeros(net_raw.shape[1])
    else:
        clip, where, maximum, zero = _clip, _where, max, 0.0
        exp, minimum = _exp, min
    f = _reader(p.gain, p.nvar, batch)
    dt, dt_net, dt_adapt, half = p.dt_vm, p.dt_net, 1.0 / p.adapt_tau, 0.5 * p.dt_vm
    e_e, e_l, e_i, theta = p.e_rev_e, p.e_rev_l, p.e_rev_i, p.theta
    g_l, g_bar_i, noise, vm_r = p.g_bar_l, p.g_bar_i, p.noise, p.vm_r
    slope, spike_at = p.exp_slope, p.spike_threshold
    g_e = act = adapt = zero
    v = v_eq = zero + p.vm_init
    rows = []
    for t in range(len(net_raw)):
        g_e = g_e + dt_net * (net_raw[t] - g_e)
        if xi is not None:  # emergent: clip at 0, then add the noise
            g_e = maximum(g_e, 0.0) + noise * xi[t]
        net = g_bar_e * g_e
        gi = g_bar_i * g_i[t]
        # v_m: a midpoint step; v_m_eq: an Euler step, never reset
        vh = v + half * _net_current(v, net, gi, g_l, e_e, e_i, e_l, adapt)
        i_net = _net_current(vh, net, gi, g_l, e_e, e_i, e_l, adapt)
        if slope > 0.0:  # AdEx: the spike-initiation current, at the half step (emergent)
            i_net = i_net + g_l * slope * exp(minimum((vh - theta) / slope, _EXP_MAX))
        v = clip(v + dt * i_net, 0.0, 2.0)
        v_eq = clip(v_eq + dt * _net_current(v_eq, net, gi, g_l, e_e, e_i, e_l, adapt),
                    0.0, 2.0)
        # the rate code: NXX1 of V_m - θ below threshold, of g_e - g_e^θ above
        x = where(v_eq <= theta, v_eq - theta,
                  net - _ge_theta(gi, g_l, theta, e_e, e_i, e_l, adapt))
        y = f(x)
        act = clip(act + dt * (y - act), 0.0, 1.0)
        # spike and reset (at θ; the AdEx neuron at spk_thr)
        fired = v > spike_at
        spike = 1.0 * fired
        v = where(fired, vm_r, v)
        i_net = where(fired, 0.0, i_net)
        if p.adapt:
            adapt = adapt + dt_adapt * (p.vm_gain * (v - e_l) - adapt) + spike * p.spike_gain
        rows.append((net, i_net, v, v_eq, act, spike, adapt, y))
    out = np.array(rows, dtype=float)          # (n, 8) or (n, 8, n_batch)
    return UnitRun(*np.ascontiguousarray(out.transpose(1, 2, 0) if batch else out.T))


def _check_stable(p: UnitParams, net_raw, g_i, g_bar_e, what="params") -> None:
    """Refuse conductances so large that the membrane update diverges (``STABLE_STEP``)."""
    g_e = float(np.max(np.asarray(g_bar_e) * np.max(net_raw, initial=0.0)))
    g_tot = g_e + p.g_bar_i * float(np.max(g_i, initial=0.0)) + p.g_bar_l
    if p.dt_vm * g_tot >= STABLE_STEP:
        raise ValueError(
            f"the conductances are too large for vm_tau = {p.vm_tau:g}: g_e + g_i + g_l reaches "
            f"{g_tot:.4g}, and the membrane update is stable only while it stays below "
            f"{STABLE_STEP:g} vm_tau = {STABLE_STEP * p.vm_tau:.4g}; make g_bar_e, g_bar_i, "
            f"g_bar_l or the input ({what}) smaller, or vm_tau larger")


def _run(p: UnitParams, net_raw: np.ndarray, g_i: np.ndarray, rng, g_bar_e=None) -> "UnitRun":
    """Run :func:`_simulate` on checked inputs of shape (n_cycles,) or (n_batch, n_cycles).

    The noise draws are ``rng.standard_normal((n_cycles, n_batch))``: cycle
    by cycle, one per run, the same numbers for a run alone or in a batch.
    """
    g_bar_e = p.g_bar_e if g_bar_e is None else g_bar_e
    if net_raw.ndim == 1:
        xi = rng.standard_normal(net_raw.size).tolist() if p.noise > 0 else None
        return _simulate(p, net_raw.tolist(), g_i.tolist(), xi, float(g_bar_e))
    xi = rng.standard_normal(net_raw.shape[::-1]) if p.noise > 0 else None
    return _simulate(p, np.ascontiguousarray(net_raw.T), np.ascontiguousarray(g_i.T), xi,
                     g_bar_e)


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
    rng : numpy.random.Generator, int seed (>= 0) or None, optional
        Source of the input noise when ``params.noise > 0``.

    Returns
    -------
    UnitRun
        Traces ``net, i_net, v_m, v_m_eq, act, spike, adapt, y_star``, each
        of the shape of ``net_input``.

    Raises
    ------
    ValueError
        For a bad argument; for more than
        :data:`course_lib._validate.MAX_STEPS` cycles in all (runs x
        cycles); and for conductances so large that the membrane update
        diverges: ``dt_vm (g_e + g_i + g_l)`` must stay below 2.

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

    The AdEx neuron (``exp_slope = Δ_T > 0``, :meth:`UnitParams.adex`) adds
    ``g_l Δ_T exp((v_half - θ)/Δ_T)`` to ``I_net`` in step 2 (emergent's
    ``spike_misc.ex``) and spikes when ``v_m > spk_thr`` in step 5; the rate
    code (``v_m_eq``, ``act``) is the same.

    References
    ----------
    The CCN textbook page 2.5 (O'Reilly, Munakata et al.), "Summary of Neuron
    Equations and Normalized Parameters" (the page omits the midpoint step,
    ``v_m_eq`` and the adaptation details; ``docs/neuron.md``, "The
    simulation"); emergent 8 ``LeabraUnitSpec``.

    Examples
    --------
    >>> run = run_unit()
    >>> round(float(run.act[CHECK_CYCLE]), 6), round(float(run.v_m_eq[CHECK_CYCLE]), 6)
    (0.877903, 0.65)
    >>> round(float(run_unit(UnitParams(adapt=True)).act[CHECK_CYCLE]), 6)
    0.438318
    """
    p = _params(params)
    generator = check_rng("rng", rng)
    x = ccn_input() if net_input is None else _floats("net_input", net_input, ndim=(1, 2))
    if x.size == 0:
        raise ValueError(f"net_input must have at least one cycle, got shape {x.shape}")
    check_steps("net_input", x.size, "cycles (runs x cycles)")
    if (x < 0).any():
        raise ValueError("net_input must be >= 0 (an excitatory drive)")
    if g_i is None:
        gi = np.zeros_like(x)
    else:
        gi = _floats("g_i", g_i)
        if (gi < 0).any():
            raise ValueError("g_i must be >= 0 (an inhibitory conductance)")
        try:
            gi = np.broadcast_to(gi, x.shape)
        except ValueError:
            raise ValueError(f"g_i must broadcast to net_input's shape {x.shape}, "
                             f"got shape {gi.shape}") from None
    _check_stable(p, x, gi, p.g_bar_e, "net_input, g_i")
    return _run(p, x, gi, generator if p.noise > 0 else None)


def run_ccn(params=None, *, rng=None, **changes):
    """One trial of the CCN protocol: 200 cycles, input on for cycles 10-159.

    Parameters
    ----------
    params : UnitParams or dict, optional
        Unit parameters (default: the simulation's).
    rng : numpy.random.Generator, int seed (>= 0) or None, optional
        Source of the input noise when ``noise > 0``.
    **changes
        Fields of ``params`` to replace (``run_ccn(g_bar_e=0.4, adapt=True)``).

    Returns
    -------
    UnitRun
        Traces of shape (200,).

    Examples
    --------
    >>> round(float(run_ccn(g_bar_e=0.3).act[CHECK_CYCLE]), 6)
    0.877903
    """
    p = _params(params)
    if changes:
        p = p.replace(**changes)
    return run_unit(p, ccn_input(), rng=rng)


def _spike_train(spike):
    """``spike`` as a float array of at least one cycle with entries in [0, 1]."""
    spike = _floats("spike", spike)
    if spike.ndim == 0 or spike.shape[-1] == 0:
        raise ValueError(f"spike must have at least one cycle (its last axis), "
                         f"got shape {spike.shape}")
    if ((spike < 0) | (spike > 1)).any():
        bad = spike[(spike < 0) | (spike > 1)].flat[0]
        raise ValueError(f"spike must contain values in [0, 1] (1 on a spike cycle), got {bad:g}")
    return spike


def spike_rate_estimate(spike, eq_tau=EQ_TAU, eq_gain=EQ_GAIN):
    """The simulation's running spike-rate estimate (``act_eq`` in SPIKE mode).

    Parameters
    ----------
    spike : array_like, shape (..., n_cycles)
        Spike train: 1 on a spike cycle, else 0 (values in [0, 1]; a mean
        over runs works too). At least one cycle.
    eq_tau : float, default 50
        Time constant (cycles) of the running average (>= 1).
    eq_gain : float, default 8
        Gain that maps spikes per cycle to activation (> 0).

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
    spike = _spike_train(spike)
    eq_tau = check_range("eq_tau", eq_tau, 1.0, None)
    eq_gain = check_range("eq_gain", eq_gain, 0.0, None, low_inclusive=False)
    from scipy.signal import lfilter

    a = 1.0 / eq_tau
    out = lfilter([a], [1.0, -(1.0 - a)], spike, axis=-1)   # r += a (spike - r)
    return np.clip(eq_gain * out, 0.0, 1.0)


def firing_rate(spike, start=0, stop=None):
    """Spike rate in Hz (spikes per cycle x 1000) over cycles ``start .. stop - 1``.

    Parameters
    ----------
    spike : array_like, shape (..., n_cycles)
        Spike train: 1 on a spike cycle, else 0 (values in [0, 1]). At least
        one cycle.
    start, stop : int, optional
        The cycles counted (default: all): ``0 <= start < stop <= n_cycles``.

    Returns
    -------
    float or ndarray, shape (...)
        Spikes per second, one cycle being 1 ms.

    Examples
    --------
    >>> firing_rate(np.tile([1.0, 0, 0, 0, 0], 40))
    200.0
    """
    spike = _spike_train(spike)
    n = spike.shape[-1]
    stop = n if stop is None else check_int("stop", stop, 1, n)
    start = check_int("start", start, 0, stop - 1)
    return _out(spike[..., start:stop].mean(axis=-1) * 1000.0)


# --------------------------------------------------------------------------
# Figs. 2.5 and 2.6
# --------------------------------------------------------------------------


def _steady_rate(spike, settle):
    """Spike rate (Hz) from the mean interspike interval in cycles ``settle ..``, shape (...,).

    ``1000 (k - 1) / (last - first)`` for ``k >= 2`` spikes in the window,
    else 0: exact for a regular train, whatever the window's phase (a count
    in the window jumps by one spike between neighbouring inputs).
    """
    w = spike[..., settle:] > 0
    k = w.sum(axis=-1)
    n = w.shape[-1]
    first = np.argmax(w, axis=-1)
    last = n - 1 - np.argmax(w[..., ::-1], axis=-1)
    span = np.maximum(last - first, 1)
    return np.where(k >= 2, 1000.0 * (k - 1) / span, 0.0)


def _constant_drive(p: UnitParams, g_e, g_i, n_cycles, settle, sizes, values):
    """Steady spike rates (Hz) for constant total conductances ``g_e``, ``g_i`` (same shape).

    ``sizes`` and ``values`` name the caller's parameters in the errors.
    """
    check_steps(sizes, g_e.size * n_cycles, "cycles")
    ge, gi_all = g_e.ravel(), g_i.ravel()
    q = p.replace(g_bar_i=1.0, noise=0.0)
    rates = np.empty(ge.size)
    # In chunks: a batch records every trace of every run, and a few hundred runs of
    # 1500 cycles at once would cost a student's kernel ~100 MB for a moment.
    chunk = max(1, 40_000 // n_cycles)
    for start in range(0, ge.size, chunk):
        sl = slice(start, start + chunk)
        x = np.ones((ge[sl].size, n_cycles))
        gi = np.repeat(gi_all[sl].reshape(-1, 1), n_cycles, 1)
        _check_stable(q, x, gi, ge[sl], values)
        run = _run(q, x, gi, None, g_bar_e=ge[sl])
        rates[sl] = _steady_rate(run.spike, settle)
    return rates.reshape(g_e.shape)


def _sweep_args(n_cycles, settle):
    n_cycles = check_int("n_cycles", n_cycles, 2)
    settle = check_int("settle", settle, 0, n_cycles - 2)
    return n_cycles, settle


def rate_vs_vm_eq(g_e_values, g_i_values, params=None, n_cycles=300, settle=100):
    """Spike rate against equilibrium ``V_m`` over a grid of ``g_e`` and ``g_i`` (Fig. 2.5).

    Every combination runs the spiking neuron with constant input (no noise,
    adaptation and spike mechanism as in ``params``) in one vectorised batch.

    Parameters
    ----------
    g_e_values, g_i_values : array_like, shape (n_e,), (n_i,)
        Total excitatory and inhibitory conductances (>= 0, at least one
        each).
    params : UnitParams, optional
        Leak, reversal potentials, threshold, reset (defaults: the simulation's).
    n_cycles : int, default 300
        Cycles per run; ``n_cycles x n_e x n_i`` at most
        :data:`course_lib._validate.MAX_STEPS`.
    settle : int, default 100
        Cycles left out before the rate is measured (``<= n_cycles - 2``).

    Returns
    -------
    vm_eq : ndarray, shape (n_i, n_e)
        Equilibrium potential :func:`vm_equilibrium` (without spiking).
    rate : ndarray, shape (n_i, n_e)
        Spike rate (Hz) from the mean interspike interval after ``settle``
        (0 with fewer than two spikes there).

    Examples
    --------
    >>> vm, hz = rate_vs_vm_eq([0.1, 0.3], [0.0])
    >>> vm.round(4).tolist(), hz.tolist()
    ([[0.475, 0.65]], [[0.0, 200.0]])
    """
    p = _params(params)
    g_e = _grid_values("g_e_values", g_e_values)
    g_i = _grid_values("g_i_values", g_i_values)
    n_cycles, settle = _sweep_args(n_cycles, settle)
    GE, GI = np.meshgrid(g_e, g_i)
    if p.g_bar_l == 0 and (GE + GI == 0).any():
        raise ValueError("V_eq is undefined where g_e_values, g_i_values and params.g_bar_l are "
                         "all 0 (nothing pulls V_m): leave out g_e = g_i = 0 or give a leak")
    rate = _constant_drive(p, GE, GI, n_cycles, settle,
                           "n_cycles x len(g_e_values) x len(g_i_values)",
                           "g_e_values, g_i_values")
    vm = vm_equilibrium(GE, GI, p.g_bar_l, p.e_rev_e, p.e_rev_i, p.e_rev_l)
    return np.asarray(vm), rate


def _grid_values(name, values):
    arr = _nonneg_array(name, values).ravel()
    if arr.size == 0:
        raise ValueError(f"{name} must contain at least one value")
    return arr


class RateVsExcess(NamedTuple):
    """Result of :func:`rate_vs_excess`.

    Attributes
    ----------
    excess : ndarray, shape (n_x,)
        ``g_e - g_e^θ`` (units of 100 nS), the rate code's input.
    g_i : ndarray, shape (n_i,)
        Total inhibitory conductances.
    g_e : ndarray, shape (n_i, n_x)
        The excitatory conductances run: ``g_e^θ(g_i) + excess``.
    rate : ndarray, shape (n_i, n_x)
        Steady spike rate (Hz).
    onset : ndarray, shape (n_i,)
        Where firing starts, as ``g_e - g_e^θ``: :func:`ge_spike_onset`
        minus :func:`ge_threshold` (0 for the threshold-and-reset neuron
        without adaptation; ``inf`` if it never fires).
    """

    excess: np.ndarray
    g_i: np.ndarray
    g_e: np.ndarray
    rate: np.ndarray
    onset: np.ndarray


def rate_vs_excess(excess_values, g_i_values, params=None, n_cycles=1500, settle=750):
    """Spike rate against the rate code's input ``g_e - g_e^θ``, one row per ``g_i``.

    The rate code computes the activation from ``g_e - g_e^θ`` alone
    (:func:`ge_threshold`, the page's formula). If that were all a spiking
    neuron cared about, its rate would be one curve of ``g_e - g_e^θ`` for
    every ``g_i``. This sweep runs the spiking neuron of ``params`` (threshold
    and reset, or AdEx with :meth:`UnitParams.adex`; with or without
    adaptation) with constant input at ``g_e = g_e^θ(g_i) + excess`` to see.

    Parameters
    ----------
    excess_values : array_like, shape (n_x,)
        ``g_e - g_e^θ`` values (units of 100 nS); every ``g_e`` must be
        >= 0, so ``excess >= -g_e^θ``.
    g_i_values : array_like, shape (n_i,)
        Total inhibitory conductances (>= 0, at least one).
    params : UnitParams or dict, optional
        The neuron (default: the simulation's threshold-and-reset neuron);
        ``noise`` is ignored. ``g_e^θ`` uses its ``g_bar_l``.
    n_cycles : int, default 1500
        Cycles per run; ``n_cycles x n_x x n_i`` at most
        :data:`course_lib._validate.MAX_STEPS`.
    settle : int, default 750
        Cycles left out before the rate is measured (``<= n_cycles - 2``);
        the default is five adaptation time constants.

    Returns
    -------
    RateVsExcess

    Examples
    --------
    >>> res = rate_vs_excess([-0.01, 0.02], [0.0, 0.5, 1.0, 2.0], n_cycles=300, settle=100)
    >>> res.rate.round(1).tolist()   # below g_e^θ silent; above it faster with more g_i
    [[0.0, 55.6], [0.0, 100.0], [0.0, 142.9], [0.0, 142.9]]
    """
    p = _params(params)
    x = _floats("excess_values", excess_values).ravel()
    if x.size == 0:
        raise ValueError("excess_values must contain at least one value")
    g_i = _grid_values("g_i_values", g_i_values)
    n_cycles, settle = _sweep_args(n_cycles, settle)
    theta_e = _ge_theta(g_i, p.g_bar_l, p.theta, p.e_rev_e, p.e_rev_i, p.e_rev_l)
    GE = theta_e[:, None] + x[None, :]
    if (GE < 0).any():
        k = np.argwhere(GE < 0)[0]
        raise ValueError(f"excess_values must be >= -g_e^θ (g_e >= 0): at g_i = "
                         f"{g_i[k[0]]:g}, g_e^θ = {theta_e[k[0]]:.4g} and excess "
                         f"{x[k[1]]:g} gives g_e < 0")
    GI = np.broadcast_to(g_i[:, None], GE.shape)
    rate = _constant_drive(p, GE, GI, n_cycles, settle,
                           "n_cycles x len(excess_values) x len(g_i_values)",
                           "excess_values, g_i_values")
    onset = np.asarray(ge_spike_onset(g_i, p)) - theta_e
    return RateVsExcess(x, g_i, GE, rate, onset)


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
        At least one value (>= 0). Default ``0.1, 0.125, ..., 0.7`` (the
        simulation's sweep).
    n_samples : int, default 20
        Noisy trials per value (the simulation's 20); ``200 x n_samples x
        len(g_bar_e_values)`` cycles in all, at most
        :data:`course_lib._validate.MAX_STEPS` (400 samples of the default
        sweep).
    noise : float, default 0.1
        Input noise standard deviation (the sweep's ``noise_var`` 0.1).
    rng : numpy.random.Generator, int seed (>= 0) or None, optional
        Source of the noise.
    progress : callable(done, total), optional
        Called after each chunk with the number of trials done.
    rate_cycle, spike_cycle : int
        Cycles at which the two activations are read (159 and 162), in
        [0, 199].
    chunk : int, default 5
        Samples per batch (>= 1).

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
    g = _grid_values("g_bar_e_values", g_bar_e_values)
    n_samples = check_int("n_samples", n_samples, 1)
    check_steps("n_samples x len(g_bar_e_values)", N_CYCLES * n_samples * g.size,
                "cycles (200 per trial)")
    chunk = check_int("chunk", chunk, 1)
    rate_cycle = check_int("rate_cycle", rate_cycle, 0, N_CYCLES - 1)
    spike_cycle = check_int("spike_cycle", spike_cycle, 0, N_CYCLES - 1)
    generator = check_rng("rng", rng)
    if progress is not None:
        check_callable("progress", progress)
    x1 = ccn_input()
    _check_stable(p, x1, np.zeros(1), g, "g_bar_e_values")
    rate = np.empty((g.size, n_samples))
    spike = np.empty_like(rate)
    hz = np.empty_like(rate)
    total = g.size * n_samples
    done = 0
    for s0 in range(0, n_samples, chunk):
        k = min(chunk, n_samples - s0)
        gb = np.repeat(g, k)
        x = np.broadcast_to(x1, (gb.size, x1.size))
        run = _run(p, x, np.zeros_like(x), generator, g_bar_e=gb)
        est = spike_rate_estimate(run.spike)
        rate[:, s0:s0 + k] = run.act[:, rate_cycle].reshape(g.size, k)
        spike[:, s0:s0 + k] = est[:, spike_cycle].reshape(g.size, k)
        hz[:, s0:s0 + k] = firing_rate(run.spike, ON_CYCLE, OFF_CYCLE).reshape(g.size, k)
        done += gb.size
        if progress is not None:
            progress(done, total)
    return SpikeVsRate(g, rate, spike, hz)


# --------------------------------------------------------------------------
# the tug-of-war over time
# --------------------------------------------------------------------------


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

    Parameters
    ----------
    params : UnitParams or dict, optional
        Conductances and reversal potentials (default: the simulation's);
        ``noise`` is ignored. ``g_bar_e``, ``g_bar_i`` and ``g_bar_l`` must
        not all be 0 (then nothing pulls ``V_m`` and ``V_eq`` is 0/0).
    n_cycles : int, default 120
        Cycles to run (at most :data:`course_lib._validate.MAX_STEPS`).
    on_cycle : int, default 10
        First cycle with excitation and inhibition on, in [0, n_cycles].

    Returns
    -------
    TugOfWar
        Traces of shape (n_cycles,), the formula's ``v_eq`` and ``g_e^θ``.

    Examples
    --------
    >>> tw = tug_of_war(UnitParams(g_bar_i=0.0))
    >>> round(float(tw.v[-1]), 6), tw.v_eq
    (0.65, 0.65)
    >>> tw = tug_of_war(UnitParams(g_bar_i=0.2))
    >>> round(float(tw.v[-1]), 6), round(tw.v_eq, 6)
    (0.55, 0.55)
    """
    p = _params(params)
    x = ccn_input(n_cycles, on_cycle, n_cycles)
    if p.g_bar_e + p.g_bar_i + p.g_bar_l == 0:
        raise ValueError("V_eq is undefined when g_bar_e, g_bar_i and g_bar_l are all 0: "
                         "nothing pulls V_m, so it stays where it starts")
    run = run_unit(p.replace(noise=0.0), x, g_i=x)
    c = currents(run.v_m_eq, run.net, p.g_bar_i * x, p.g_bar_l, p.e_rev_e, p.e_rev_i, p.e_rev_l)
    v_eq = vm_equilibrium(p.g_bar_e, p.g_bar_i, p.g_bar_l, p.e_rev_e, p.e_rev_i, p.e_rev_l)
    g_thr = ge_threshold(p.g_bar_i, p.g_bar_l, p.theta, p.e_rev_e, p.e_rev_i, p.e_rev_l)
    return TugOfWar(np.arange(n_cycles), run.v_m_eq, run, c, v_eq, g_thr)

