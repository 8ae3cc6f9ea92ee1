"""Plot helpers for the conductance-based neuron and the NXX1 rate code (notebook 04).

Each ``plot_x(ax, ...)`` draws on the given axes and returns its artists (a
dict); the matching ``update_x(artists, ...)`` changes them in place. No
helper creates a figure or touches rcParams.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection

from .. import neuron as nrn
from .style import PALETTE

__all__ = [
    "COLORS",
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
    "act_eq": PALETTE["purple"],
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


def plot_input_window(ax, on=nrn.ON_CYCLE, off=nrn.OFF_CYCLE, label="input on"):
    """Shade the cycles with the input on (static). Returns the patch."""
    return ax.axvspan(on - 0.5, off - 0.5, color=PALETTE["yellow"], alpha=0.18, lw=0,
                      label=label, zorder=0)


def plot_traces(ax, t, traces, *, labels=None, colors=None, animated=False, **kw):
    """One line per trace.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    t : array_like, shape (n,)
    traces : dict[str, array_like]
        Name -> values, each of shape (n,).
    labels, colors : dict, optional
        Legend label and colour per name (default: the name, :data:`COLORS`).
    animated : bool
        Create the lines animated (for an app's blitting).

    Returns
    -------
    dict[str, Line2D]
    """
    labels = labels or {}
    colors = colors or {}
    out = {}
    for name, y in traces.items():
        (out[name],) = ax.plot(t, y, color=colors.get(name, COLORS.get(name)),
                               label=labels.get(name, name), animated=animated, **kw)
    return out


def update_traces(lines, t, traces):
    """Set new data on the lines of :func:`plot_traces` (names must match)."""
    for name, y in traces.items():
        lines[name].set_data(t, y)


def plot_spikes(ax, t, spike, *, y0=0.0, y1=1.0, animated=False, label="spikes", **kw):
    """Vertical ticks at the spike cycles, from ``y0`` to ``y1``. Returns the collection."""
    kw.setdefault("color", COLORS["spike"])
    kw.setdefault("lw", 1.3)
    coll = LineCollection([], animated=animated, label=label, **kw)
    ax.add_collection(coll)
    update_spikes(coll, t, spike, y0=y0, y1=y1)
    return coll


def update_spikes(coll, t, spike, *, y0=None, y1=None):
    """Move the spike ticks of :func:`plot_spikes` to the new spike cycles."""
    if y0 is None or y1 is None:
        old = getattr(coll, "_course_span", (0.0, 1.0))
        y0 = old[0] if y0 is None else y0
        y1 = old[1] if y1 is None else y1
    coll._course_span = (y0, y1)
    ts = np.asarray(t)[np.asarray(spike) > 0]
    coll.set_segments([((x, y0), (x, y1)) for x in ts])


def plot_vm(ax, t, run, theta=nrn.THETA, *, animated=False, show_eq=True):
    """Membrane potential with spikes marked, ``v_m_eq`` and the threshold.

    Parameters
    ----------
    ax : Axes
    t : array_like, shape (n,)
    run : UnitRun
        One run of :func:`course_lib.neuron.run_unit`.
    theta : float
        Threshold drawn as a dotted line (static).
    animated : bool
    show_eq : bool
        Also draw ``v_m_eq`` (no reset), dashed.

    Returns
    -------
    dict
        ``v_m``, ``v_m_eq`` (or None), ``spikes`` (ticks above the trace),
        ``theta`` (the threshold line).
    """
    (vm,) = ax.plot(t, run.v_m, color=COLORS["v_m"], lw=1.8, label="$V_m$ (reset after a spike)",
                    animated=animated)
    eq = None
    if show_eq:
        (eq,) = ax.plot(t, run.v_m_eq, color=COLORS["v_m_eq"], lw=1.6, ls="--",
                        label="$V_m^{eq}$ (no reset)", animated=animated)
    th = ax.axhline(theta, color=COLORS["theta"], lw=1.2, ls=":", label="threshold θ",
                    animated=animated)
    sp = plot_spikes(ax, t, run.spike, y0=theta + 0.03, y1=theta + 0.1, animated=animated,
                     label="spike")
    return {"v_m": vm, "v_m_eq": eq, "spikes": sp, "theta": th}


def update_vm(art, t, run, theta=None):
    """Update :func:`plot_vm`'s artists for a new run."""
    art["v_m"].set_data(t, run.v_m)
    if art["v_m_eq"] is not None:
        art["v_m_eq"].set_data(t, run.v_m_eq)
    if theta is not None:
        art["theta"].set_ydata([theta, theta])
        update_spikes(art["spikes"], t, run.spike, y0=theta + 0.03, y1=theta + 0.1)
    else:
        update_spikes(art["spikes"], t, run.spike)


def plot_xx1_nxx1(ax, x, gain=100.0, nvar=0.005, *, animated=False, show_kernel=True):
    """The page's Fig. 2.7: XX1 (noise 0) and NXX1 (noise ``nvar``) against ``x``.

    Parameters
    ----------
    ax : Axes
    x : array_like
        Inputs ``g_e - g_e^θ``.
    gain, nvar : float
    animated : bool
    show_kernel : bool
        Also draw the noise kernel, scaled to height 0.25 and centred at 0.

    Returns
    -------
    dict
        ``xx1``, ``nxx1`` and ``kernel`` lines (``kernel`` may be None).
    """
    x = np.asarray(x, float)
    (l1,) = ax.plot(x, nrn.xx1(x, gain), color=COLORS["xx1"], lw=2.0, label="XX1 (noise = 0)",
                    animated=animated)
    (l2,) = ax.plot(x, nrn.nxx1(x, gain, nvar), color=COLORS["nxx1"], lw=2.4,
                    label=f"NXX1 (nvar = {nvar:g})", animated=animated)
    k = None
    if show_kernel:
        (k,) = ax.plot([], [], color=COLORS["nxx1"], lw=1.2, ls=":", label="noise kernel (scaled)",
                       animated=animated)
    art = {"xx1": l1, "nxx1": l2, "kernel": k, "x": x}
    update_xx1_nxx1(art, gain, nvar)
    return art


def update_xx1_nxx1(art, gain, nvar):
    """Recompute the curves of :func:`plot_xx1_nxx1` for new ``gain``, ``nvar``."""
    x = art["x"]
    art["xx1"].set_data(x, nrn.xx1(x, gain))
    art["nxx1"].set_data(x, nrn.nxx1(x, gain, nvar))
    art["nxx1"].set_label(f"NXX1 (nvar = {nvar:g})")
    if art["kernel"] is not None:
        zx, _, w = nrn.nxx1_table(gain, nvar)
        n = (w.size - 1) // 2
        z = np.arange(-n, n + 1) * nrn.NXX1_RES
        art["kernel"].set_data(z, 0.25 * w / w.max())


def plot_rate_vs_vm(ax, vm_eq, rate, g_i_values, *, cmap="viridis"):
    """The page's Fig. 2.5: spike rate against equilibrium ``V_m``, one curve per ``g_i``.

    Parameters
    ----------
    ax : Axes
    vm_eq, rate : ndarray, shape (n_i, n_e)
        From :func:`course_lib.neuron.rate_vs_vm_eq`.
    g_i_values : array_like, shape (n_i,)

    Returns
    -------
    list of Line2D
        One line (with markers) per ``g_i``.
    """
    import matplotlib as mpl

    cm = mpl.colormaps[cmap]
    g_i_values = np.asarray(g_i_values, float)
    n = len(g_i_values)
    lines = []
    for k, (v, r, gi) in enumerate(zip(vm_eq, rate, g_i_values)):
        (ln,) = ax.plot(v, r, "o-", ms=4.5, lw=1.3, color=cm(0.9 * k / max(n - 1, 1)),
                        label=f"$g_i$ = {gi:g}")
        lines.append(ln)
    return lines


def plot_spike_vs_rate(ax_act, ax_hz, result, g_e_theta=None, *, animated=False):
    """The page's Fig. 2.6: rate code and spiking against ``g_bar_e``.

    Left (``ax_act``): the rate-code activation at cycle 159 and the
    simulation's spike-rate estimate at cycle 162 (means as lines, samples
    as dots). Right (``ax_hz``): the spike rate in Hz during the input.

    Parameters
    ----------
    ax_act, ax_hz : Axes
    result : SpikeVsRate
        From :func:`course_lib.neuron.spike_vs_rate`.
    g_e_theta : float, optional
        Draw the threshold ``g_e^θ`` as a vertical line on both axes.
    animated : bool

    Returns
    -------
    dict of artists
    """
    art = {}
    specs = (("rate", ax_act, COLORS["rate"], "rate code: act at cycle 159"),
             ("spike", ax_act, COLORS["spike"], "spiking: act_eq at cycle 162"),
             ("spike_hz", ax_hz, COLORS["spike"], "spike rate during input"))
    for key, ax, color, label in specs:
        (line,) = ax.plot([], [], "-", color=color, lw=2.2, label=label + " (mean)",
                          animated=animated)
        dots = ax.scatter([], [], s=9, color=color, alpha=0.35, lw=0, animated=animated,
                          label="single trials" if key == "rate" else None)
        art[key] = (line, dots)
    if g_e_theta is not None:
        for name, ax in (("theta_act", ax_act), ("theta_hz", ax_hz)):
            art[name] = ax.axvline(g_e_theta, color=COLORS["theta"], ls=":", lw=1.5,
                                   label="$g_e^θ$", animated=animated)
    update_spike_vs_rate(art, result, g_e_theta)
    return art


def update_spike_vs_rate(art, result, g_e_theta=None):
    """Update :func:`plot_spike_vs_rate`'s artists for a new sweep."""
    g = np.asarray(result.g_bar_e)
    for key in ("rate", "spike", "spike_hz"):
        line, dots = art[key]
        vals = np.asarray(getattr(result, key))
        line.set_data(g, vals.mean(axis=1))
        gg = np.repeat(g, vals.shape[1])
        dots.set_offsets(np.column_stack([gg, vals.ravel()]))
    if g_e_theta is not None:
        for name in ("theta_act", "theta_hz"):
            if name in art:
                art[name].set_xdata([g_e_theta, g_e_theta])


def plot_activation_dynamics(ax, t, run, *, animated=False):
    """The iterative activation: ``y(t)`` chasing its driving value ``y*`` (static or live).

    Returns
    -------
    dict
        ``y_star`` and ``act`` lines.
    """
    (ys,) = ax.plot(t, run.y_star, color=COLORS["y_star"], lw=1.6, drawstyle="steps-mid",
                    label="$y^*$ = NXX1(...) this cycle", animated=animated)
    (ya,) = ax.plot(t, run.act, color=COLORS["act"], lw=2.4,
                    label=r"$y(t) = y(t-1) + dt_{vm}\,(y^* - y(t-1))$", animated=animated)
    return {"y_star": ys, "act": ya}
