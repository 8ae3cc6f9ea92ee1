"""Plots of the self-connected neuron (notebook 01): ``plot_x(ax, ...)`` / ``update_x(artists, ...)``.

Each ``plot_`` helper draws on the given axes and returns a dict of the
artists it made; the matching ``update_`` helper changes those artists in
place. Pass ``animated=True`` when an app will blit them.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Patch

from .. import self_excited as se
from ..transfer import tanh_rate
from .style import PALETTE, STABLE, UNSTABLE

__all__ = [
    "plot_transfer",
    "plot_rates",
    "update_rates",
    "plot_flux",
    "update_flux",
    "plot_potential",
    "update_potential",
    "plot_bifurcation_plane",
    "update_plane_marker",
    "plot_branch",
    "update_branch",
    "plot_hysteresis",
    "update_hysteresis",
    "plot_noise_run",
    "update_noise_run",
]

R_GRID = np.linspace(-5.0, 125.0, 400)
IC_COLORS = (PALETTE["blue"], PALETTE["black"], PALETTE["vermillion"])


def _fp_split(fps):
    st = np.array([fp.r for fp in fps if fp.stable])
    un = np.array([fp.r for fp in fps if not fp.stable])
    return st, un


def plot_transfer(ax, s=None):
    """Figure 1: ``f(s) = 60 (1 + tanh s)`` with its range and midpoint.

    Returns
    -------
    dict
        ``"curve"``, ``"mid"`` (the point (0, 60)) and the asymptote lines.
    """
    s = np.linspace(-5, 5, 400) if s is None else np.asarray(s)
    (curve,) = ax.plot(s, tanh_rate(s), color=PALETTE["blue"], label=r"$f(s) = 60\,(1+\tanh s)$")
    lo = ax.axhline(0, color=PALETTE["grey"], ls=":", lw=1.5)
    hi = ax.axhline(120, color=PALETTE["grey"], ls=":", lw=1.5)
    (mid,) = ax.plot([0], [60], **STABLE)
    ax.annotate("f(0) = 60 Hz\nslope f'(0) = 60", (0, 60), xytext=(0.6, 35),
                arrowprops=dict(arrowstyle="->", color="0.3"))
    ax.text(-4.9, 123, "saturation: 120 Hz", va="bottom", fontsize=11, color="0.3")
    ax.text(4.9, 3, "silence: 0 Hz", ha="right", va="bottom", fontsize=11, color="0.3")
    ax.set(xlabel="input s", ylabel="rate f(s) (Hz)", xlim=(s[0], s[-1]), ylim=(-8, 135))
    ax.legend(loc="upper left", bbox_to_anchor=(0, 0.93))
    return {"curve": curve, "mid": mid, "low": lo, "high": hi}


def plot_rates(ax, t, r, labels=None, colors=None, animated=False, lw=2.2, **kwargs):
    """Rate traces ``r[i](t)``, one line per initial condition.

    Parameters
    ----------
    t : ndarray, shape (n_t,)
    r : ndarray, shape (n_ic, n_t)
    labels, colors : sequences of length n_ic, optional

    Returns
    -------
    dict
        ``"lines"``: list of Line2D.
    """
    r = np.atleast_2d(r)
    colors = colors or [IC_COLORS[i % 3] for i in range(len(r))]
    lines = []
    for i, row in enumerate(r):
        label = labels[i] if labels else None
        (ln,) = ax.plot(t, row, color=colors[i], label=label, lw=lw, animated=animated, **kwargs)
        lines.append(ln)
    return {"lines": lines}


def update_rates(artists, t, r):
    """Put new traces into the lines made by :func:`plot_rates`."""
    for ln, row in zip(artists["lines"], np.atleast_2d(r)):
        ln.set_data(t, row)


def plot_flux(ax, w, I, r=R_GRID, animated=False):
    """Figure 4: the flux ``dr/dt`` against ``r`` with its fixed points.

    Stable fixed points are filled discs, unstable ones open rings; the
    arrows on the axis show which way the rate moves.

    Returns
    -------
    dict
        ``"curve"``, ``"stable"``, ``"unstable"`` (Line2D).
    """
    ax.axhline(0, color=PALETTE["grey"], lw=1)
    (curve,) = ax.plot(r, se.flux(r, w, I), color=PALETTE["blue"], animated=animated,
                       label=r"$dr/dt = -r + f(wr + I)$")
    (st,) = ax.plot([], [], animated=animated, label="stable fixed point", **STABLE)
    (un,) = ax.plot([], [], animated=animated, label="unstable fixed point", **UNSTABLE)
    ax.set(xlabel="rate r (Hz)", ylabel="flux dr/dt (Hz / τ)", xlim=(r[0], r[-1]), ylim=(-50, 50))
    ax.legend(loc="upper left", fontsize=10.5)
    ax.text(0.99, 0.03, "dr/dt > 0: r grows →\n← dr/dt < 0: r shrinks", transform=ax.transAxes,
            ha="right", va="bottom", fontsize=10, color="0.35")
    artists = {"curve": curve, "stable": st, "unstable": un, "r": r}
    update_flux(artists, w, I)
    return artists


def update_flux(artists, w, I, fps=None):
    """Redraw the flux curve and fixed points for new ``w``, ``I``."""
    fps = se.fixed_points(w, I) if fps is None else fps
    artists["curve"].set_ydata(se.flux(artists["r"], w, I))
    st, un = _fp_split(fps)
    artists["stable"].set_data(st, np.zeros_like(st))
    artists["unstable"].set_data(un, np.zeros_like(un))


def _scaled_potential(r, w, I):
    u = se.potential(r, w, I)
    inside = (r >= 0) & (r <= 120)
    lo, hi = u[inside].min(), u[inside].max()
    return (u - lo) / (hi - lo if hi > lo else 1.0)


def plot_potential(ax, w, I, r=R_GRID, animated=False, show_barriers=True):
    """The potential ``U(r)`` (``dr/dt = -dU/dr``): a ball rolling in wells.

    ``U`` is rescaled to fill the panel, because its size changes by orders
    of magnitude with ``w`` and ``I``; the barrier heights are written in
    the panel in absolute units (unless ``show_barriers`` is false, e.g. when
    an app shows them in a readout instead).

    Returns
    -------
    dict
        ``"curve"``, ``"stable"``, ``"unstable"``, ``"text"``.
    """
    (curve,) = ax.plot(r, _scaled_potential(r, w, I), color=PALETTE["green"], animated=animated)
    (st,) = ax.plot([], [], animated=animated, **STABLE)
    (un,) = ax.plot([], [], animated=animated, **UNSTABLE)
    text = ax.text(0.5, 0.97, "", transform=ax.transAxes, ha="center", va="top", fontsize=11,
                   animated=animated, visible=show_barriers)
    ax.set(xlabel="rate r (Hz)", ylabel="potential U(r) (scaled)", xlim=(r[0], r[-1]),
           ylim=(-0.08, 1.25), yticks=[])
    artists = {"curve": curve, "stable": st, "unstable": un, "text": text, "r": r}
    update_potential(artists, w, I)
    return artists


def update_potential(artists, w, I, fps=None):
    """Redraw the potential and its wells for new ``w``, ``I``."""
    fps = se.fixed_points(w, I) if fps is None else fps
    r = artists["r"]
    u = se.potential(r, w, I)
    inside = (r >= 0) & (r <= 120)
    lo, hi = u[inside].min(), u[inside].max()
    span = hi - lo if hi > lo else 1.0
    artists["curve"].set_ydata((u - lo) / span)
    st, un = _fp_split(fps)
    artists["stable"].set_data(st, (se.potential(st, w, I) - lo) / span)
    artists["unstable"].set_data(un, (se.potential(un, w, I) - lo) / span)
    if len(fps) == 3:
        u_fp = se.potential(np.array([fp.r for fp in fps]), w, I)
        artists["text"].set_text(
            f"barriers: {u_fp[1] - u_fp[0]:.3g} (from low), {u_fp[1] - u_fp[2]:.3g} (from high)")
    else:
        artists["text"].set_text("one well: no barrier, no memory")


def plot_bifurcation_plane(ax, w_max=0.2, I_lim=(-8.0, 1.0), w=None, I=None, animated=False):
    """Figure 5: the (w, I) plane coloured by the number of fixed points.

    The saddle-node curves and the cusp are exact
    (:func:`course_lib.self_excited.saddle_node_curves`); a cross marks the
    current ``(w, I)`` when given.

    Returns
    -------
    dict
        ``"marker"`` (the current point), ``"region"``, ``"low"``, ``"high"``.
    """
    c = se.saddle_node_curves(600, w_max=w_max)
    ax.set_facecolor("#f4f4f4")
    region = ax.fill_between(c["w"], c["I_low"], c["I_high"], color=PALETTE["sky"], alpha=0.45,
                             lw=0, label="3 fixed points (bistable)")
    (lo,) = ax.plot(c["w"], c["I_low"], color=PALETTE["blue"], lw=2,
                    label="saddle-node $I_{low}(w)$: high state appears")
    (hi,) = ax.plot(c["w"], c["I_high"], color=PALETTE["vermillion"], lw=2,
                    label="saddle-node $I_{high}(w)$: low state vanishes")
    (cusp,) = ax.plot([se.W_CUSP], [se.I_CUSP], marker="*", ms=15, color=PALETTE["black"],
                      ls="none", label="cusp (w, I) = (1/60, -1)")
    (marker,) = ax.plot([], [], marker="X", ms=13, color=PALETTE["orange"], mec="black",
                        ls="none", animated=animated, label="current (w, I)")
    ax.set(xlabel="self-coupling w (1/Hz)", ylabel="input I", xlim=(0, w_max), ylim=I_lim)
    ax.set_xticks(np.linspace(0, w_max, 5))
    one = Patch(facecolor="#f4f4f4", edgecolor="0.6", label="1 fixed point")
    ax.legend(handles=[one, region, lo, hi, cusp, marker], loc="lower left", fontsize=10)
    artists = {"marker": marker, "region": region, "low": lo, "high": hi}
    if w is not None:
        update_plane_marker(artists, w, I)
    return artists


def update_plane_marker(artists, w, I):
    """Move the current-point marker of :func:`plot_bifurcation_plane`."""
    artists["marker"].set_data([w], [I])


def plot_branch(ax, w, I=None, I_lim=(-8.0, 1.0), animated=False):
    """The S-curve: fixed points ``r*`` against ``I`` at coupling ``w``.

    Stable branches solid, the unstable branch dashed (exact
    parametrisation :func:`course_lib.self_excited.fixed_point_branch`). At
    the current ``I`` a vertical line and the fixed points are marked.

    Returns
    -------
    dict
        ``"stable"``, ``"unstable"`` (branch lines), ``"vline"``,
        ``"fp_stable"``, ``"fp_unstable"``, ``"sn"`` (saddle-node points).
    """
    (st,) = ax.plot([], [], color=PALETTE["blue"], lw=2.5, animated=animated,
                    label="stable fixed points")
    (un,) = ax.plot([], [], color=PALETTE["vermillion"], lw=2, ls="--", animated=animated,
                    label="unstable fixed point")
    (sn,) = ax.plot([], [], marker="s", ms=8, color=PALETTE["black"], ls="none", mfc="white",
                    animated=animated, label="saddle-node")
    vline = ax.axvline(np.nan, color=PALETTE["orange"], lw=1.5, animated=animated)
    (fst,) = ax.plot([], [], animated=animated, **STABLE)
    (fun,) = ax.plot([], [], animated=animated, **UNSTABLE)
    ax.set(xlabel="input I", ylabel="fixed point r* (Hz)", xlim=I_lim, ylim=(-5, 125))
    ax.legend(loc="upper left", fontsize=10)
    artists = {"stable": st, "unstable": un, "sn": sn, "vline": vline, "fp_stable": fst,
               "fp_unstable": fun}
    update_branch(artists, w, I)
    return artists


def update_branch(artists, w, I=None):
    """Redraw the S-curve for coupling ``w`` and mark input ``I``."""
    b = se.fixed_point_branch(w, 800)
    r_st = np.where(b["stable"], b["r"], np.nan)
    r_un = np.where(b["stable"], np.nan, b["r"])
    # Join the dashed branch to the solid ones at the folds.
    edges = np.flatnonzero(np.diff(b["stable"].astype(int)) != 0)
    for k in edges:
        r_un[k] = b["r"][k]
        r_un[k + 1] = b["r"][k + 1]
    artists["stable"].set_data(b["I"], r_st)
    artists["unstable"].set_data(b["I"], r_un)
    lo, hi = se.bistable_range(w)
    if np.isnan(lo):
        artists["sn"].set_data([], [])
    else:
        d = np.sqrt(3600.0 - 60.0 / w)
        artists["sn"].set_data([lo, hi], [60 + d, 60 - d])
    if I is None:
        artists["vline"].set_xdata([np.nan, np.nan])
        for k in ("fp_stable", "fp_unstable"):
            artists[k].set_data([], [])
        return
    fps = se.fixed_points(w, I)
    st, un = _fp_split(fps)
    artists["vline"].set_xdata([I, I])
    artists["fp_stable"].set_data(np.full(st.size, I), st)
    artists["fp_unstable"].set_data(np.full(un.size, I), un)


def plot_hysteresis(ax, sweep=None, animated=False):
    """The hysteresis loop: ``I`` ramped up (one colour) then down (another).

    Returns
    -------
    dict
        ``"up"``, ``"down"`` (lines), ``"jumps"`` (markers at the jumps).
    """
    (up,) = ax.plot([], [], color=PALETTE["green"], lw=3, alpha=0.85, animated=animated,
                    label="I swept up")
    (down,) = ax.plot([], [], color=PALETTE["purple"], lw=3, alpha=0.85, animated=animated,
                      ls=(0, (4, 2)), label="I swept down")
    artists = {"up": up, "down": down}
    update_hysteresis(artists, sweep)
    return artists


def update_hysteresis(artists, sweep=None):
    """Show a :class:`~course_lib.self_excited.HysteresisSweep`, or clear with ``None``."""
    if sweep is None:
        artists["up"].set_data([], [])
        artists["down"].set_data([], [])
        return
    artists["up"].set_data(sweep.I_up, sweep.r_up)
    artists["down"].set_data(sweep.I_down, sweep.r_down)


def plot_noise_run(ax, t, r, w=se.W_DEFAULT, I=se.I_DEFAULT, title=None, animated=False,
                   labels=("r(0) = 59", "r(0) = 60", "r(0) = 61"), lw=1.0, colors=None):
    """Figure 3: noisy rate traces with the three fixed points as guides.

    Returns
    -------
    dict
        ``"lines"`` (traces) and ``"title"``.
    """
    for fp in se.fixed_points(w, I):
        ax.axhline(fp.r, color=PALETTE["grey"], lw=1.2, ls="-" if fp.stable else "--", zorder=0)
    art = plot_rates(ax, t, r, labels=list(labels) if labels else None, colors=colors,
                     animated=animated, lw=lw, alpha=0.9)
    ax.set(xlabel="time t (τ)", ylabel="rate r (Hz)", xlim=(t[0], t[-1]), ylim=(-45, 165))
    art["title"] = ax.set_title(title or "", fontsize=13)
    if animated:
        art["title"].set_animated(True)
    return art


def update_noise_run(artists, t, r, title=None):
    """New traces (and title) for :func:`plot_noise_run`."""
    update_rates(artists, t, r)
    if title is not None:
        artists["title"].set_text(title)
