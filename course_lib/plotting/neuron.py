"""Plot helpers for the conductance-based neuron and the NXX1 rate code (notebook 04).

Each ``plot_x(ax, ...)`` draws on the given axes and returns what it drew
(an artist, a list or dict of them, or a small named container such as
:class:`VmArtists`); the matching ``update_x(artists, ...)`` changes them in
place. No helper creates a figure or touches rcParams.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.lines import Line2D

from .. import neuron as nrn
from .style import PALETTE

__all__ = [
    "COLORS",
    "SPIKE_TICK",
    "VmArtists",
    "XX1Artists",
    "MeanAndTrials",
    "SpikeVsRateArtists",
    "ActivationArtists",
    "legend_above",
    "span_limits",
    "plot_input_window",
    "plot_traces",
    "update_traces",
    "plot_vm",
    "update_vm",
    "plot_spikes",
    "update_spikes",
    "plot_xx1_nxx1",
    "update_xx1_nxx1",
    "plot_rate_vs_vm",
    "plot_rate_vs_excess",
    "plot_spike_vs_rate",
    "update_spike_vs_rate",
    "plot_activation_dynamics",
]

COLORS = {
    "v_m": PALETTE["blue"],
    "v_m_eq": PALETTE["sky"],
    "net": PALETTE["vermillion"],
    "i_net": PALETTE["green"],
    "act": PALETTE["orange"],
    "act_eq": PALETTE["black"],
    "spike": PALETTE["black"],
    "adapt": PALETTE["purple"],
    "i_e": PALETTE["vermillion"],
    "i_i": PALETTE["blue"],
    "i_l": PALETTE["green"],
    "theta": PALETTE["grey"],
    "xx1": PALETTE["black"],
    "nxx1": PALETTE["vermillion"],
    "rate": PALETTE["orange"],
    "y_star": PALETTE["grey"],
}
"""Colour of each quantity, the same in every figure of the notebook."""

SPIKE_TICK = (0.03, 0.1)
"""Where :func:`plot_vm` draws the spike ticks: from ``θ + 0.03`` to ``θ + 0.1``."""


@dataclass
class VmArtists:
    """What :func:`plot_vm` drew.

    Attributes
    ----------
    v_m : Line2D
        The membrane potential (reset after each spike).
    v_m_eq : Line2D or None
        ``v_m_eq`` (never reset), dashed; None when not drawn.
    theta : Line2D
        The threshold, a horizontal line at θ.
    spikes : LineCollection
        One tick per spike, just above the threshold (:data:`SPIKE_TICK`).
    """

    v_m: Line2D
    v_m_eq: Line2D | None
    theta: Line2D
    spikes: LineCollection


@dataclass
class XX1Artists:
    """What :func:`plot_xx1_nxx1` drew.

    Attributes
    ----------
    xx1 : Line2D
        XX1 against ``x``.
    nxx1 : Line2D
        NXX1 against ``x`` (the same ``x``).
    kernel : Line2D or None
        The noise kernel, scaled to height 0.25; None when not drawn.
    """

    xx1: Line2D
    nxx1: Line2D
    kernel: Line2D | None


@dataclass
class MeanAndTrials:
    """One quantity of :func:`plot_spike_vs_rate`: its mean over the trials and each trial.

    Attributes
    ----------
    mean : Line2D
        The mean over the samples, one point per ``g_bar_e``.
    trials : PathCollection
        One dot per sample and ``g_bar_e``.
    """

    mean: Line2D
    trials: PathCollection


@dataclass
class SpikeVsRateArtists:
    """What :func:`plot_spike_vs_rate` drew.

    Attributes
    ----------
    rate : MeanAndTrials
        Rate-code activation at cycle 159 (left axes).
    spike : MeanAndTrials
        The spike-rate estimate ``act_eq`` at cycle 162 (left axes).
    spike_hz : MeanAndTrials
        The spike rate in Hz during the input (right axes).
    theta_act, theta_hz : Line2D or None
        The threshold ``g_e^θ`` as a vertical line on each axes; None when
        not drawn.
    """

    rate: MeanAndTrials
    spike: MeanAndTrials
    spike_hz: MeanAndTrials
    theta_act: Line2D | None = None
    theta_hz: Line2D | None = None


@dataclass
class ActivationArtists:
    """What :func:`plot_activation_dynamics` drew.

    Attributes
    ----------
    y_star : Line2D
        The driving value ``y*`` of each cycle (steps).
    act : Line2D
        The activation ``y(t)``.
    """

    y_star: Line2D
    act: Line2D


def legend_above(ax, handles=None, *, ncol=3, fontsize=10.5):
    """A legend in rows above the axes, left-aligned: it never covers data.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    handles : list of artists, optional
        What to list (default: every labelled artist of ``ax``). List only
        what is drawn.
    ncol : int
        Entries per row.
    fontsize : float
        Font size in points.

    Returns
    -------
    matplotlib.legend.Legend
    """
    kw = {} if handles is None else {"handles": handles}
    return ax.legend(**kw, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=ncol,
                     fontsize=fontsize, borderaxespad=0.2, handlelength=1.6,
                     columnspacing=1.1, handletextpad=0.5, frameon=False)


def span_limits(lo, hi, base, step=0.25):
    """Axis limits holding ``base`` and the data range ``[lo, hi]``, rounded out to ``step``.

    Parameters
    ----------
    lo, hi : float
        Smallest and largest value to show.
    base : (float, float)
        The limits to use when the data fit inside them.
    step : float
        Grid the limits are rounded out to (> 0).

    Returns
    -------
    (float, float)

    Examples
    --------
    >>> span_limits(0.1, 0.9, (0.0, 1.05))
    (0.0, 1.05)
    >>> span_limits(-0.3, 2.1, (0.0, 1.05))
    (-0.5, 2.25)
    """
    a = base[0] if lo >= base[0] else math.floor(lo / step) * step
    b = base[1] if hi <= base[1] else math.ceil(hi / step) * step
    return (a, b)


def _gi_colors(n, cmap="viridis"):
    """One colour per inhibitory conductance, dark to light (the light end kept legible)."""
    import matplotlib as mpl

    cm = mpl.colormaps[cmap]
    return [cm(0.8 * k / max(n - 1, 1)) for k in range(n)]


def plot_input_window(ax, on=nrn.ON_CYCLE, off=nrn.OFF_CYCLE, label="input on"):
    """Shade the cycles with the input on (static).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    on, off : int, default 10, 160
        First cycle with the input on, first cycle with it off again.
    label : str or None
        Legend label (None: not in the legend).

    Returns
    -------
    matplotlib.patches.Patch
        The shaded span from ``on - 0.5`` to ``off - 0.5``.
    """
    return ax.axvspan(on - 0.5, off - 0.5, color=PALETTE["yellow"], alpha=0.18, lw=0,
                      label=label, zorder=0)


def plot_traces(ax, t, traces, *, labels=None, colors=None, animated=False, **kw):
    """One line per trace.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    t : array_like, shape (n,)
        Cycles.
    traces : dict[str, array_like]
        Name -> values, each of shape (n,).
    labels, colors : dict, optional
        Legend label and colour per name (default: the name, :data:`COLORS`).
    animated : bool
        Create the lines animated (for an app's blitting).
    **kw
        Passed on to ``ax.plot`` (``lw``, ``ls``, ...).

    Returns
    -------
    dict[str, Line2D]
        One line per name of ``traces``, in its order.
    """
    labels = labels or {}
    colors = colors or {}
    out = {}
    for name, y in traces.items():
        (out[name],) = ax.plot(t, y, color=colors.get(name, COLORS.get(name)),
                               label=labels.get(name, name), animated=animated, **kw)
    return out


def update_traces(lines, t, traces):
    """Set new data on the lines of :func:`plot_traces`.

    Parameters
    ----------
    lines : dict[str, Line2D]
        What :func:`plot_traces` returned.
    t : array_like, shape (n,)
        Cycles.
    traces : dict[str, array_like]
        Name -> new values (shape (n,)); every name must be in ``lines``.
    """
    for name, y in traces.items():
        lines[name].set_data(t, y)


def _tick_segments(t, spike, y0, y1):
    ts = np.asarray(t)[np.asarray(spike) > 0]
    return [((x, y0), (x, y1)) for x in ts]


def plot_spikes(ax, t, spike, *, y0=0.0, y1=1.0, animated=False, label="spikes", **kw):
    """Vertical ticks at the spike cycles, from ``y0`` to ``y1``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    t : array_like, shape (n,)
        Cycles.
    spike : array_like, shape (n,)
        Spike train (> 0 on a spike cycle).
    y0, y1 : float
        Bottom and top of each tick (data units).
    animated : bool
        Create the collection animated.
    label : str
        Legend label.
    **kw
        Passed on to :class:`~matplotlib.collections.LineCollection`
        (default colour :data:`COLORS` "spike", line width 1.3).

    Returns
    -------
    LineCollection
        One segment per spike.
    """
    kw.setdefault("color", COLORS["spike"])
    kw.setdefault("lw", 1.3)
    coll = LineCollection(_tick_segments(t, spike, y0, y1), animated=animated, label=label,
                          **kw)
    ax.add_collection(coll)
    return coll


def update_spikes(coll, t, spike, *, y0, y1):
    """Move the ticks of :func:`plot_spikes` to the spike cycles of a new run.

    Parameters
    ----------
    coll : LineCollection
        What :func:`plot_spikes` returned.
    t, spike : array_like, shape (n,)
        Cycles and the new spike train.
    y0, y1 : float
        Bottom and top of each tick.
    """
    coll.set_segments(_tick_segments(t, spike, y0, y1))


def plot_vm(ax, t, run, theta=nrn.THETA, *, animated=False, show_eq=True):
    """Membrane potential with spikes marked, ``v_m_eq`` and the threshold.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    t : array_like, shape (n,)
        Cycles.
    run : UnitRun
        One run of :func:`course_lib.neuron.run_unit` (fields of shape (n,)).
    theta : float
        Threshold θ, drawn as a dotted line; the spike ticks sit just above
        it (:data:`SPIKE_TICK`).
    animated : bool
        Create the artists animated.
    show_eq : bool
        Also draw ``v_m_eq`` (no reset), dashed.

    Returns
    -------
    VmArtists
    """
    (vm,) = ax.plot(t, run.v_m, color=COLORS["v_m"], lw=1.8, label="$V_m$ (reset after a spike)",
                    animated=animated)
    eq = None
    if show_eq:
        (eq,) = ax.plot(t, run.v_m_eq, color=COLORS["v_m_eq"], lw=1.6, ls="--",
                        label="$V_m^{eq}$ (no reset)", animated=animated)
    th = ax.axhline(theta, color=COLORS["theta"], lw=1.2, ls=":", label="threshold θ",
                    animated=animated)
    sp = plot_spikes(ax, t, run.spike, y0=theta + SPIKE_TICK[0], y1=theta + SPIKE_TICK[1],
                     animated=animated, label="spike")
    return VmArtists(v_m=vm, v_m_eq=eq, theta=th, spikes=sp)


def update_vm(art, t, run, theta=None):
    """Update :func:`plot_vm`'s artists for a new run.

    Parameters
    ----------
    art : VmArtists
        What :func:`plot_vm` returned.
    t : array_like, shape (n,)
        Cycles.
    run : UnitRun
        The new run.
    theta : float, optional
        A new threshold (default: keep the one drawn); the spike ticks follow it.
    """
    art.v_m.set_data(t, run.v_m)
    if art.v_m_eq is not None:
        art.v_m_eq.set_data(t, run.v_m_eq)
    if theta is not None:
        art.theta.set_ydata([theta, theta])
    th = float(art.theta.get_ydata()[0])
    update_spikes(art.spikes, t, run.spike, y0=th + SPIKE_TICK[0], y1=th + SPIKE_TICK[1])


def plot_xx1_nxx1(ax, x, gain=100.0, nvar=0.005, *, animated=False, show_kernel=True):
    """The page's Fig. 2.7: XX1 (noise 0) and NXX1 (noise ``nvar``) against ``x``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    x : array_like, shape (n,)
        Inputs ``g_e - g_e^θ``.
    gain : float
        XX1 gain γ (> 0).
    nvar : float
        NXX1 kernel width (>= 0).
    animated : bool
        Create the lines animated.
    show_kernel : bool
        Also draw the noise kernel, scaled to height 0.25 and centred at 0.

    Returns
    -------
    XX1Artists
    """
    x = np.asarray(x, float)
    (l1,) = ax.plot(x, np.zeros_like(x), color=COLORS["xx1"], lw=2.0, label="XX1 (noise = 0)",
                    animated=animated)
    (l2,) = ax.plot(x, np.zeros_like(x), color=COLORS["nxx1"], lw=2.4,
                    label=f"NXX1 (nvar = {nvar:g})", animated=animated)
    k = None
    if show_kernel:
        (k,) = ax.plot([], [], color=COLORS["nxx1"], lw=1.2, ls=":", label="noise kernel (scaled)",
                       animated=animated)
    art = XX1Artists(xx1=l1, nxx1=l2, kernel=k)
    update_xx1_nxx1(art, gain, nvar)
    return art


def update_xx1_nxx1(art, gain, nvar):
    """Recompute the curves of :func:`plot_xx1_nxx1` for a new ``gain`` and ``nvar``.

    Parameters
    ----------
    art : XX1Artists
        What :func:`plot_xx1_nxx1` returned; the curves keep their ``x``.
    gain : float
        XX1 gain γ (> 0).
    nvar : float
        NXX1 kernel width (>= 0).
    """
    x = np.asarray(art.xx1.get_xdata(), float)
    art.xx1.set_ydata(nrn.xx1(x, gain))
    art.nxx1.set_ydata(nrn.nxx1(x, gain, nvar))
    if art.kernel is not None:
        _, _, w = nrn.nxx1_table(gain, nvar)
        n = (w.size - 1) // 2
        art.kernel.set_data(np.arange(-n, n + 1) * nrn.NXX1_RES, 0.25 * w / w.max())


def plot_rate_vs_vm(ax, vm_eq, rate, g_i_values, *, cmap="viridis"):
    """The page's Fig. 2.5: spike rate against equilibrium ``V_m``, one curve per ``g_i``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    vm_eq, rate : ndarray, shape (n_i, n_e)
        From :func:`course_lib.neuron.rate_vs_vm_eq` (``rate`` in Hz).
    g_i_values : array_like, shape (n_i,)
        The inhibitory conductances, for the legend.
    cmap : str
        Colormap the curves' colours come from.

    Returns
    -------
    list of Line2D
        One line (with markers) per ``g_i``.
    """
    g_i_values = np.asarray(g_i_values, float)
    colors = _gi_colors(len(g_i_values), cmap)
    lines = []
    for v, r, gi, c in zip(vm_eq, rate, g_i_values, colors):
        (ln,) = ax.plot(v, r, "o-", ms=4.5, lw=1.3, color=c, label=f"$g_i$ = {gi:g}")
        lines.append(ln)
    return lines


def plot_rate_vs_excess(ax, result, *, cmap="viridis", onsets=True):
    """Spike rate against the rate code's input ``g_e - g_e^θ``, one curve per ``g_i``.

    If the rate code's premise held, every curve would be the same one.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    result : RateVsExcess
        From :func:`course_lib.neuron.rate_vs_excess`.
    cmap : str
        Colormap of the curves (as :func:`plot_rate_vs_vm`).
    onsets : bool
        Mark where each curve's firing starts (:func:`course_lib.neuron.ge_spike_onset`)
        with a triangle on the axis, in the curve's colour.

    Returns
    -------
    list of Line2D
        One line per ``g_i``, labelled ``g_i = ...``.
    """
    colors = _gi_colors(len(result.g_i), cmap)
    ax.axvline(0.0, color=COLORS["theta"], ls=":", lw=1.3)
    lines = []
    for r, gi, onset, c in zip(result.rate, result.g_i, result.onset, colors):
        (ln,) = ax.plot(result.excess, r, "-", lw=2.0, color=c, label=f"$g_i$ = {gi:g}")
        lines.append(ln)
        if onsets and np.isfinite(onset):
            ax.plot([onset], [0.0], "^", ms=7, color=c, clip_on=False, zorder=5,
                    transform=ax.get_xaxis_transform())
    return lines


def plot_spike_vs_rate(ax_act, ax_hz, result, g_e_theta=None, *, animated=False):
    """The page's Fig. 2.6: rate code and spiking against ``g_bar_e``.

    Left (``ax_act``): the rate-code activation at cycle 159 and the
    simulation's spike-rate estimate at cycle 162 (means as lines, samples
    as dots). Right (``ax_hz``): the spike rate in Hz during the input.

    Parameters
    ----------
    ax_act, ax_hz : matplotlib.axes.Axes
    result : SpikeVsRate
        From :func:`course_lib.neuron.spike_vs_rate`.
    g_e_theta : float, optional
        Draw the threshold ``g_e^θ`` as a vertical line on both axes.
    animated : bool
        Create the artists animated.

    Returns
    -------
    SpikeVsRateArtists
    """
    def mean_and_trials(ax, color, label, trials_label=None):
        (line,) = ax.plot([], [], "-", color=color, lw=2.2, label=label, animated=animated)
        dots = ax.scatter([], [], s=9, color=color, alpha=0.35, lw=0, animated=animated,
                          label=trials_label)
        return MeanAndTrials(line, dots)

    art = SpikeVsRateArtists(
        rate=mean_and_trials(ax_act, COLORS["rate"], "rate code: act, cycle 159",
                             "single trials (lines: means)"),
        spike=mean_and_trials(ax_act, COLORS["spike"], "spiking: act_eq, cycle 162"),
        spike_hz=mean_and_trials(ax_hz, COLORS["spike"], "spike rate (mean)"),
    )
    if g_e_theta is not None:
        art.theta_act, art.theta_hz = (
            ax.axvline(g_e_theta, color=COLORS["theta"], ls=":", lw=1.5, label="$g_e^θ$",
                       animated=animated) for ax in (ax_act, ax_hz))
    update_spike_vs_rate(art, result)
    return art


def update_spike_vs_rate(art, result, g_e_theta=None):
    """Update :func:`plot_spike_vs_rate`'s artists for a new sweep.

    Parameters
    ----------
    art : SpikeVsRateArtists
        What :func:`plot_spike_vs_rate` returned.
    result : SpikeVsRate
        The new sweep.
    g_e_theta : float, optional
        A new threshold for the vertical lines (if they were drawn).
    """
    g = np.asarray(result.g_bar_e)
    for name in ("rate", "spike", "spike_hz"):
        pair = getattr(art, name)
        vals = np.asarray(getattr(result, name))
        pair.mean.set_data(g, vals.mean(axis=1))
        pair.trials.set_offsets(np.column_stack([np.repeat(g, vals.shape[1]), vals.ravel()]))
    if g_e_theta is not None:
        for line in (art.theta_act, art.theta_hz):
            if line is not None:
                line.set_xdata([g_e_theta, g_e_theta])


def plot_activation_dynamics(ax, t, run, *, animated=False):
    """The iterative activation: ``y(t)`` chasing its driving value ``y*``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    t : array_like, shape (n,)
        Cycles.
    run : UnitRun
        One run of :func:`course_lib.neuron.run_unit` (its ``y_star`` and ``act``).
    animated : bool
        Create the lines animated.

    Returns
    -------
    ActivationArtists
    """
    (ys,) = ax.plot(t, run.y_star, color=COLORS["y_star"], lw=1.6, drawstyle="steps-mid",
                    label="$y^*$ = NXX1(...) this cycle", animated=animated)
    (ya,) = ax.plot(t, run.act, color=COLORS["act"], lw=2.4,
                    label=r"$y(t) = y(t-1) + dt_{vm}\,(y^* - y(t-1))$", animated=animated)
    return ActivationArtists(y_star=ys, act=ya)
