"""Plots of the self-connected neuron (notebook 01): ``plot_x(ax, ...)`` / ``update_x(artists, ...)``.

Each ``plot_`` helper draws on the given axes and returns a small named
container of the artists it made (a dataclass whose fields are listed under
"Attributes"); the matching ``update_`` helper takes that container and
changes its artists in place. Pass ``animated=True`` when an app will blit
them. Every number drawn comes from :mod:`course_lib.self_excited`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from .. import self_excited as se
from ..transfer import tanh_rate, tanh_rate_prime
from .style import PALETTE, STABLE, UNSTABLE

__all__ = [
    "R_GRID",
    "IC_COLORS",
    "TransferArtists",
    "RateArtists",
    "FluxArtists",
    "PotentialArtists",
    "PlaneArtists",
    "BranchArtists",
    "HysteresisArtists",
    "NoiseRunArtists",
    "plot_transfer",
    "plot_rates",
    "update_rates",
    "plot_flux",
    "update_flux",
    "plot_potential",
    "update_potential",
    "barrier_summary",
    "plot_bifurcation_plane",
    "update_plane_marker",
    "plot_branch",
    "update_branch",
    "update_branch_input",
    "plot_hysteresis",
    "update_hysteresis",
    "plot_noise_run",
    "update_noise_run",
    "PLANE_LABELS",
    "PLANE_STYLE",
    "drawn_handles",
    "legend_panel",
    "fixed_point_html",
    "switch_time_text",
    "sweep_summary",
]

R_GRID = np.linspace(-15.0, 135.0, 400)
"""Default rate grid (Hz) of the flux and potential panels: a little beyond (0, 120), room
for the flux panel's arrows outside the outer fixed points."""
RATE_TICKS = (0, 30, 60, 90, 120)
"""Ticks of the rate axes: the range of f and its middle."""
IC_COLORS = (PALETTE["blue"], PALETTE["black"], PALETTE["vermillion"])
"""Colours of the traces from ``r(0) = 59, 60, 61``."""
PLANE_LABELS = {
    "one": "1 fixed point",
    "region": "bistable (3 fixed points)",
    "low": "saddle-node: high state appears",
    "high": "saddle-node: low state vanishes",
    "cusp": "cusp",
    "marker": "current (w, I)",
}
"""Legend labels of the (w, I) plane (:func:`plot_bifurcation_plane`), the course's one
convention: w on the x-axis, I on the y-axis, the bistable region sky blue, the fold where
the high state appears blue, the one where the low state vanishes vermillion, the cusp a
black star, the current point an orange X."""

PLANE_STYLE = dict(
    region=dict(color=PALETTE["sky"], alpha=0.45, lw=0, label=PLANE_LABELS["region"]),
    low=dict(color=PALETTE["blue"], lw=2, label=PLANE_LABELS["low"]),
    high=dict(color=PALETTE["vermillion"], lw=2, label=PLANE_LABELS["high"]),
    cusp=dict(marker="*", ms=15, color=PALETTE["black"], ls="none", label=PLANE_LABELS["cusp"]),
    current=dict(marker="X", ms=13, color=PALETTE["orange"], mec=PALETTE["black"], ls="none",
                 label=PLANE_LABELS["marker"]),
)
"""The course's one drawing of a ``(w, I)`` plane (notebooks 01 and 02): ``w`` on the
x-axis, ``I`` on the y-axis, the bistable region sky blue, the saddle-node curve where the
high state appears blue, the one where the low state vanishes vermillion, the cusp a black
star, the current point an orange cross."""
FLOW_STYLE = dict(ls="none", ms=9, color="0.3", mec="0.3")
"""Arrows on the rate axis of the flux panel: which way r moves."""


def _fp_split(fps) -> tuple[np.ndarray, np.ndarray]:
    st = np.array([fp.r for fp in fps if fp.stable])
    un = np.array([fp.r for fp in fps if not fp.stable])
    return st, un


# ---------------------------------------------------------------------------
# containers
# ---------------------------------------------------------------------------


@dataclass
class TransferArtists:
    """Artists of :func:`plot_transfer`.

    Attributes
    ----------
    curve : Line2D
        ``f(s)``.
    mid : Line2D
        The marker at ``(0, 60)``.
    low, high : Line2D
        The asymptotes at 0 and 120 Hz.
    """

    curve: Line2D
    mid: Line2D
    low: Line2D
    high: Line2D


@dataclass
class RateArtists:
    """Artists of :func:`plot_rates`.

    Attributes
    ----------
    lines : list of Line2D
        One trace per initial condition.
    """

    lines: list


@dataclass
class FluxArtists:
    """Artists of :func:`plot_flux`; the rate grid is the curve's x data.

    Attributes
    ----------
    curve : Line2D
        The flux ``dr/dt`` against ``r``.
    stable, unstable : Line2D
        Markers of the stable (filled) and unstable (open) fixed points.
    right, left : Line2D
        Arrows on the rate axis between the fixed points: where ``dr/dt > 0``
        the rate grows (``▶``), where ``dr/dt < 0`` it shrinks (``◀``).
    """

    curve: Line2D
    stable: Line2D
    unstable: Line2D
    right: Line2D
    left: Line2D


@dataclass
class PotentialArtists:
    """Artists of :func:`plot_potential`; the rate grid is the curve's x data.

    Attributes
    ----------
    curve : Line2D
        The potential, scaled to [0, 1] over 0 <= r <= 120.
    stable, unstable : Line2D
        The fixed points on the curve (wells and hill).
    text : Text
        The barrier heights (hidden when ``show_barriers`` is false).
    """

    curve: Line2D
    stable: Line2D
    unstable: Line2D
    text: Text


@dataclass
class PlaneArtists:
    """Artists of :func:`plot_bifurcation_plane`.

    Attributes
    ----------
    marker : Line2D
        The current ``(w, I)``.
    region : PolyCollection
        The bistable region between the saddle-node curves.
    low, high : Line2D
        The saddle-node curves ``I_low(w)`` and ``I_high(w)``.
    cusp : Line2D
        The cusp ``(1/60, -1)``.
    one : Patch
        Legend entry of the grey background: one fixed point (not drawn itself).
    """

    marker: Line2D
    region: PolyCollection
    low: Line2D
    high: Line2D
    cusp: Line2D
    one: Patch


@dataclass
class BranchArtists:
    """Artists of :func:`plot_branch`.

    Attributes
    ----------
    stable, unstable : Line2D
        The stable branches (solid) and the unstable one (dashed).
    saddle_nodes : Line2D
        The two fold points (none below the cusp).
    vline : Line2D
        The current input.
    fp_stable, fp_unstable : Line2D
        The fixed points at the current input.
    """

    stable: Line2D
    unstable: Line2D
    saddle_nodes: Line2D
    vline: Line2D
    fp_stable: Line2D
    fp_unstable: Line2D


@dataclass
class HysteresisArtists:
    """Artists of :func:`plot_hysteresis`.

    Attributes
    ----------
    up, down : Line2D
        The rate while ``I`` is ramped up and while it is ramped down.
    """

    up: Line2D
    down: Line2D


@dataclass
class NoiseRunArtists(RateArtists):
    """Artists of :func:`plot_noise_run` (a :class:`RateArtists` with guides and a title).

    Attributes
    ----------
    lines : list of Line2D
        One trace per initial condition.
    guides : list of Line2D
        Horizontal lines at the fixed points (solid stable, dashed unstable).
    title : Text
        The panel's title.
    """

    guides: list
    title: Text


# ---------------------------------------------------------------------------
# Figure 1 and 2: transfer function, rate traces
# ---------------------------------------------------------------------------


def plot_transfer(ax, s=None) -> TransferArtists:
    """Figure 1: ``f(s) = 60 (1 + tanh s)`` with its range and midpoint.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    s : array_like, shape (n,), optional
        Inputs to plot (default 400 points in [-5, 5]).

    Returns
    -------
    TransferArtists
    """
    s = np.linspace(-5, 5, 400) if s is None else np.asarray(s, dtype=float)
    (curve,) = ax.plot(s, tanh_rate(s), color=PALETTE["blue"], label=r"$f(s) = 60\,(1+\tanh s)$")
    lo = ax.axhline(0, color=PALETTE["grey"], ls=":", lw=1.5)
    hi = ax.axhline(se.R_MAX, color=PALETTE["grey"], ls=":", lw=1.5)
    f0, slope0 = float(tanh_rate(0.0)), float(tanh_rate_prime(0.0))
    (mid,) = ax.plot([0], [f0], **STABLE)
    ax.annotate(f"f(0) = {f0:g} Hz\nslope f'(0) = {slope0:g}", (0, f0), xytext=(0.6, 35),
                arrowprops=dict(arrowstyle="->", color="0.3"))
    ax.text(-4.9, 123, f"saturation: {se.R_MAX:g} Hz", va="bottom", fontsize=11, color="0.3")
    ax.text(4.9, 3, "silence: 0 Hz", ha="right", va="bottom", fontsize=11, color="0.3")
    ax.set(xlabel="input s", ylabel="rate f(s) (Hz)", xlim=(s[0], s[-1]), ylim=(-8, 135))
    ax.legend(loc="upper left", bbox_to_anchor=(0, 0.87))  # under the 120 Hz line
    return TransferArtists(curve, mid, lo, hi)


def plot_rates(ax, t, r, labels=None, colors=None, animated=False, lw=2.2,
               **kwargs) -> RateArtists:
    """Rate traces ``r[i](t)``, one line per initial condition.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    t : array_like, shape (n_t,)
        Times (time constants).
    r : array_like, shape (n_ic, n_t) or (n_t,)
        Rates (Hz).
    labels : sequence of str, length n_ic, optional
        Legend labels.
    colors : sequence of colours, length n_ic, optional
        Line colours (default :data:`IC_COLORS` in turn).
    animated : bool
        Mark the lines animated (an app blits them).
    lw : float
        Line width (points).
    **kwargs
        Passed to ``ax.plot`` (e.g. ``alpha``).

    Returns
    -------
    RateArtists
    """
    r = np.atleast_2d(r)
    if colors is None:
        colors = [IC_COLORS[i % len(IC_COLORS)] for i in range(len(r))]
    lines = []
    for i, row in enumerate(r):
        label = labels[i] if labels is not None else None
        (ln,) = ax.plot(t, row, color=colors[i], label=label, lw=lw, animated=animated, **kwargs)
        lines.append(ln)
    return RateArtists(lines)


def update_rates(artists: RateArtists, t, r) -> None:
    """Put new traces into the lines of :func:`plot_rates` (or :func:`plot_noise_run`).

    Parameters
    ----------
    artists : RateArtists
        What :func:`plot_rates` returned.
    t : array_like, shape (n_t,)
        Times (time constants).
    r : array_like, shape (n_ic, n_t) or (n_t,)
        Rates (Hz), one row per line.
    """
    for ln, row in zip(artists.lines, np.atleast_2d(r)):
        ln.set_data(t, row)


# ---------------------------------------------------------------------------
# Figure 4: flux, and the potential
# ---------------------------------------------------------------------------


def plot_flux(ax, w, I, r=R_GRID, animated=False) -> FluxArtists:
    """Figure 4: the flux ``dr/dt`` against ``r`` with its fixed points.

    Stable fixed points are filled discs, unstable ones open rings; arrows on
    the rate axis say which way the rate moves (``▶`` where ``dr/dt > 0``).
    No legend: the caller places one (:func:`drawn_handles`) or lists the
    fixed points elsewhere (:func:`fixed_point_html`).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    w, I : float
        Self-coupling (1/Hz) and input.
    r : array_like, shape (n,)
        Rate grid (Hz), increasing; default :data:`R_GRID`.
    animated : bool
        Mark the curve, markers and arrows animated.

    Returns
    -------
    FluxArtists
    """
    r = np.asarray(r, dtype=float)
    ax.axhline(0, color=PALETTE["grey"], lw=1)
    (curve,) = ax.plot(r, np.zeros_like(r), color=PALETTE["blue"], animated=animated,
                       label=r"$dr/dt = -r + f(wr + I)$")
    (right,) = ax.plot([], [], marker=">", animated=animated, label="dr/dt > 0: r grows",
                       **FLOW_STYLE)
    (left,) = ax.plot([], [], marker="<", animated=animated, label="dr/dt < 0: r shrinks",
                      **FLOW_STYLE)
    (st,) = ax.plot([], [], animated=animated, label="stable fixed point", **STABLE)
    (un,) = ax.plot([], [], animated=animated, label="unstable fixed point", **UNSTABLE)
    ax.set(xlabel="rate r (Hz)", ylabel="flux dr/dt (Hz / τ)", xlim=(r[0], r[-1]), ylim=(-50, 50),
           xticks=RATE_TICKS)
    artists = FluxArtists(curve, st, un, right, left)
    update_flux(artists, w, I)
    return artists


def update_flux(artists: FluxArtists, w, I, fps=None) -> None:
    """Redraw the flux curve, its fixed points and the arrows for new ``w``, ``I``.

    Parameters
    ----------
    artists : FluxArtists
        What :func:`plot_flux` returned.
    w, I : float
        Self-coupling (1/Hz) and input.
    fps : list of FixedPoint, optional
        ``se.fixed_points(w, I)`` if already computed.
    """
    fps = se.fixed_points(w, I) if fps is None else fps
    r = artists.curve.get_xdata()
    artists.curve.set_ydata(se.flux(r, w, I))
    st, un = _fp_split(fps)
    artists.stable.set_data(st, np.zeros_like(st))
    artists.unstable.set_data(un, np.zeros_like(un))
    # One arrow in the middle of each stretch between fixed points wide enough to hold one,
    # and always one beyond the outer fixed points, near the panel's edge (the default grid
    # reaches 15 Hz past 0 and 120): its direction is the sign of the flux there.
    span = r[-1] - r[0]
    edges = np.concatenate(([r[0]], [fp.r for fp in fps], [r[-1]]))
    mids = 0.5 * (edges[:-1] + edges[1:])
    wide = np.diff(edges) > 0.06 * span
    mids[0] = min(mids[0], r[0] + 0.035 * span)
    mids[-1] = max(mids[-1], r[-1] - 0.035 * span)
    wide[0] = wide[-1] = True
    mids = mids[wide]
    v = se.flux(mids, w, I)
    artists.right.set_data(mids[v > 0], np.zeros(int(np.sum(v > 0))))
    artists.left.set_data(mids[v < 0], np.zeros(int(np.sum(v < 0))))


def fixed_point_html(fps) -> str:
    """The fixed points as HTML, each with the symbol the flux panel draws it with.

    The readout of an app then serves as the legend of the markers: it lists
    exactly the fixed points that are drawn.

    Parameters
    ----------
    fps : list of FixedPoint
        What :func:`course_lib.self_excited.fixed_points` returned.

    Returns
    -------
    str
        For example ``"fixed points: ● 1.07 Hz stable, ○ 60.00 Hz unstable, ..."``
        with the symbols in the markers' colours.
    """
    stable = f'<span style="color:{STABLE["markerfacecolor"]}">&#9679;</span>'
    unstable = f'<span style="color:{UNSTABLE["markeredgecolor"]}">&#9675;</span>'
    parts = [f"{stable if fp.stable else unstable} {fp.r:.2f} Hz "
             f"{'stable' if fp.stable else 'unstable'}" for fp in fps]
    word = "fixed point" if len(fps) == 1 else "fixed points"
    return f"{word}: " + ", ".join(parts)


def barrier_summary(w, I) -> str:
    """The potential barriers in words (plain text, also fine as HTML).

    Parameters
    ----------
    w, I : float
        Self-coupling (1/Hz) and input.

    Returns
    -------
    str
        The barrier heights out of the low and the high state, or that there
        is one well only (:func:`course_lib.self_excited.barrier_heights`).
    """
    from_low, from_high = se.barrier_heights(w, I)
    if np.isnan(from_low):
        return "one well: no barrier, no memory"
    return (f"potential barriers: {from_low:.3g} to leave the low state, "
            f"{from_high:.3g} to leave the high state")


def plot_potential(ax, w, I, r=R_GRID, animated=False, show_barriers=True) -> PotentialArtists:
    """The potential ``U(r)`` (``dr/dt = -dU/dr``): a ball rolling in wells.

    ``U`` is rescaled to fill the panel (to [0, 1] over ``0 <= r <= 120``),
    because its size changes by orders of magnitude with ``w`` and ``I``;
    the barrier heights are written in the panel in absolute units.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    w, I : float
        Self-coupling (1/Hz) and input.
    r : array_like, shape (n,)
        Rate grid (Hz), increasing, covering part of [0, 120]; default
        :data:`R_GRID`.
    animated : bool
        Mark the curve, markers and text animated.
    show_barriers : bool
        Show the barrier text (an app may show it in a readout instead).

    Returns
    -------
    PotentialArtists
    """
    r = np.asarray(r, dtype=float)
    (curve,) = ax.plot(r, np.zeros_like(r), color=PALETTE["green"], animated=animated)
    (st,) = ax.plot([], [], animated=animated, **STABLE)
    (un,) = ax.plot([], [], animated=animated, **UNSTABLE)
    text = ax.text(0.5, 0.97, "", transform=ax.transAxes, ha="center", va="top", fontsize=11,
                   animated=animated, visible=show_barriers)
    ax.set(xlabel="rate r (Hz)", ylabel="potential U(r) (scaled)", xlim=(r[0], r[-1]),
           ylim=(-0.08, 1.25), yticks=[], xticks=RATE_TICKS)
    artists = PotentialArtists(curve, st, un, text)
    update_potential(artists, w, I)
    return artists


def update_potential(artists: PotentialArtists, w, I, fps=None) -> None:
    """Redraw the potential, its wells and the barrier text for new ``w``, ``I``.

    Parameters
    ----------
    artists : PotentialArtists
        What :func:`plot_potential` returned.
    w, I : float
        Self-coupling (1/Hz) and input.
    fps : list of FixedPoint, optional
        ``se.fixed_points(w, I)`` if already computed.
    """
    fps = se.fixed_points(w, I) if fps is None else fps
    r = artists.curve.get_xdata()
    st, un = _fp_split(fps)
    u, u_st, u_un = (se.potential(x, w, I) for x in (r, st, un))
    inside = u[(r >= 0) & (r <= se.R_MAX)]
    lo, hi = inside.min(), inside.max()
    span = hi - lo if hi > lo else 1.0
    artists.curve.set_ydata((u - lo) / span)
    artists.stable.set_data(st, (u_st - lo) / span)
    artists.unstable.set_data(un, (u_un - lo) / span)
    artists.text.set_text(barrier_summary(w, I))


# ---------------------------------------------------------------------------
# Figure 5: the (w, I) plane, the S-curve, hysteresis
# ---------------------------------------------------------------------------


def plot_bifurcation_plane(ax, w_max=0.2, I_lim=(-8.0, 1.0), w=None, I=None,
                           animated=False) -> PlaneArtists:
    """Figure 5: the (w, I) plane coloured by the number of fixed points.

    The course's convention for this plane (:data:`PLANE_LABELS`): ``w`` on
    the x-axis, ``I`` on the y-axis, the bistable region sky blue, the
    saddle-node curves exact (:func:`course_lib.self_excited.saddle_node_curves`):
    where the high state appears blue, where the low state vanishes
    vermillion; the cusp a black star, the current ``(w, I)`` an orange X.
    No legend: the caller places one outside the data (:func:`legend_panel`
    with ``drawn_handles(artists)``).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    w_max : float
        Right end of the ``w`` axis (1/Hz), ``> 1/60``.
    I_lim : (float, float)
        Range of the ``I`` axis.
    w, I : float, optional
        The current point to mark (both or neither).
    animated : bool
        Mark the current-point marker animated.

    Returns
    -------
    PlaneArtists
    """
    c = se.saddle_node_curves(600, w_max=w_max)
    ax.set_facecolor("#f4f4f4")
    region = ax.fill_between(c.w, c.I_low, c.I_high, **PLANE_STYLE["region"])
    (lo,) = ax.plot(c.w, c.I_low, **PLANE_STYLE["low"])
    (hi,) = ax.plot(c.w, c.I_high, **PLANE_STYLE["high"])
    (cusp,) = ax.plot([se.W_CUSP], [se.I_CUSP], **PLANE_STYLE["cusp"])
    (marker,) = ax.plot([], [], animated=animated, **PLANE_STYLE["current"])
    ax.set(xlabel="self-coupling w (1/Hz)", ylabel="input I", xlim=(0, w_max), ylim=I_lim)
    ax.set_xticks(np.linspace(0, w_max, 5))
    one = Patch(facecolor="#f4f4f4", edgecolor="0.6", label=PLANE_LABELS["one"])
    artists = PlaneArtists(marker, region, lo, hi, cusp, one)
    if w is not None:
        update_plane_marker(artists, w, I)
    return artists


def update_plane_marker(artists: PlaneArtists, w, I) -> None:
    """Move the current-point marker of :func:`plot_bifurcation_plane`.

    Parameters
    ----------
    artists : PlaneArtists
        What :func:`plot_bifurcation_plane` returned.
    w, I : float
        The current self-coupling (1/Hz) and input.
    """
    artists.marker.set_data([w], [I])


def plot_branch(ax, w, I=None, I_lim=(-8.0, 1.0), animated=False) -> BranchArtists:
    """The S-curve: fixed points ``r*`` against ``I`` at coupling ``w``.

    Stable branches solid, the unstable branch dashed (exact
    parametrisation :func:`course_lib.self_excited.fixed_point_branch`),
    the saddle-node points as squares. At the current ``I`` a vertical line
    and the fixed points are marked. No legend: which entries are drawn
    depends on ``w`` (below the cusp there is no unstable branch and no
    saddle-node); :func:`drawn_handles` lists those that are.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    w : float
        Self-coupling (1/Hz).
    I : float, optional
        The current input to mark.
    I_lim : (float, float)
        Range of the ``I`` axis.
    animated : bool
        Mark every artist animated.

    Returns
    -------
    BranchArtists
    """
    (st,) = ax.plot([], [], color=PALETTE["blue"], lw=2.5, animated=animated,
                    label="stable fixed points")
    (un,) = ax.plot([], [], color=PALETTE["vermillion"], lw=2, ls="--", animated=animated,
                    label="unstable fixed points")
    (sn,) = ax.plot([], [], marker="s", ms=8, color=PALETTE["black"], ls="none", mfc="white",
                    animated=animated, label="saddle-node")
    vline = ax.axvline(np.nan, color=PALETTE["orange"], lw=1.5, animated=animated,
                       label="current I")
    (fst,) = ax.plot([], [], animated=animated, **STABLE)
    (fun,) = ax.plot([], [], animated=animated, **UNSTABLE)
    ax.set(xlabel="input I", ylabel="fixed point r* (Hz)", xlim=I_lim, ylim=(-5, 125))
    artists = BranchArtists(st, un, sn, vline, fst, fun)
    update_branch(artists, w)
    update_branch_input(artists, w, I)
    return artists


def update_branch(artists: BranchArtists, w) -> None:
    """Redraw the S-curve and its saddle-node points for coupling ``w``.

    Parameters
    ----------
    artists : BranchArtists
        What :func:`plot_branch` returned.
    w : float
        Self-coupling (1/Hz).
    """
    b = se.fixed_point_branch(w, 800)
    r_st = np.where(b.stable, b.r, np.nan)
    r_un = np.where(b.stable, np.nan, b.r)
    # Join the dashed branch to the solid ones at the folds.
    for k in np.flatnonzero(np.diff(b.stable.astype(int)) != 0):
        r_un[k:k + 2] = b.r[k:k + 2]
    artists.stable.set_data(b.I, r_st)
    artists.unstable.set_data(b.I, r_un)
    sn = se.saddle_node_points(w)  # nan (nothing drawn) below the cusp
    artists.saddle_nodes.set_data(sn.I, sn.r)


def update_branch_input(artists: BranchArtists, w, I=None, fps=None) -> None:
    """Mark input ``I`` and its fixed points on the S-curve (``I=None`` clears).

    Parameters
    ----------
    artists : BranchArtists
        What :func:`plot_branch` returned.
    w : float
        Self-coupling (1/Hz).
    I : float or None
        The input to mark.
    fps : list of FixedPoint, optional
        ``se.fixed_points(w, I)`` if already computed.
    """
    if I is None:
        artists.vline.set_xdata([np.nan, np.nan])
        artists.fp_stable.set_data([], [])
        artists.fp_unstable.set_data([], [])
        return
    st, un = _fp_split(se.fixed_points(w, I) if fps is None else fps)
    artists.vline.set_xdata([I, I])
    artists.fp_stable.set_data(np.full(st.size, I), st)
    artists.fp_unstable.set_data(np.full(un.size, I), un)


def plot_hysteresis(ax, sweep=None, animated=False) -> HysteresisArtists:
    """The hysteresis loop: ``I`` ramped up (one colour) then down (another).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw (usually the axes of :func:`plot_branch`).
    sweep : HysteresisSweep or None
        A sweep to show (:func:`course_lib.self_excited.hysteresis_sweep`).
    animated : bool
        Mark both lines animated.

    Returns
    -------
    HysteresisArtists
    """
    (up,) = ax.plot([], [], color=PALETTE["green"], lw=3, alpha=0.85, animated=animated,
                    label="I swept up")
    (down,) = ax.plot([], [], color=PALETTE["purple"], lw=3, alpha=0.85, animated=animated,
                      ls=(0, (4, 2)), label="I swept down")
    artists = HysteresisArtists(up, down)
    update_hysteresis(artists, sweep)
    return artists


def update_hysteresis(artists: HysteresisArtists, sweep=None) -> None:
    """Show a :class:`~course_lib.self_excited.HysteresisSweep`, or clear with ``None``.

    Parameters
    ----------
    artists : HysteresisArtists
        What :func:`plot_hysteresis` returned.
    sweep : HysteresisSweep or None
        The sweep to show.
    """
    if sweep is None:
        artists.up.set_data([], [])
        artists.down.set_data([], [])
        return
    artists.up.set_data(sweep.I_up, sweep.r_up)
    artists.down.set_data(sweep.I_down, sweep.r_down)


# ---------------------------------------------------------------------------
# Figure 3: noise
# ---------------------------------------------------------------------------


def plot_noise_run(ax, t, r, w=se.W_DEFAULT, I=se.I_DEFAULT, title=None, animated=False,
                   labels=("r(0) = 59", "r(0) = 60", "r(0) = 61"), lw=1.0,
                   colors=None) -> NoiseRunArtists:
    """Figure 3: noisy rate traces with the fixed points as guides.

    No legend: the caller places one outside the traces (they fill the panel).
    The guides are labelled "stable fixed points" / "unstable fixed point".

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    t : array_like, shape (n_t,)
        Times (time constants).
    r : array_like, shape (n_ic, n_t)
        Rates (Hz).
    w, I : float
        The parameters of the run (for the guides).
    title : str, optional
        Title of the panel.
    animated : bool
        Mark the traces and the title animated.
    labels : sequence of str or None
        Legend labels, one per trace.
    lw : float
        Line width (points).
    colors : sequence of colours, optional
        Line colours (default :data:`IC_COLORS`).

    Returns
    -------
    NoiseRunArtists
    """
    guides, named = [], set()
    for fp in se.fixed_points(w, I):
        kind = "stable fixed points" if fp.stable else "unstable fixed point"
        guides.append(ax.axhline(fp.r, color=PALETTE["grey"], lw=1.2, zorder=0,
                                 ls="-" if fp.stable else "--",
                                 label="_" + kind if kind in named else kind))
        named.add(kind)
    rates = plot_rates(ax, t, r, labels=list(labels) if labels else None, colors=colors,
                       animated=animated, lw=lw, alpha=0.9)
    ax.set(xlabel="time t (τ)", ylabel="rate r (Hz)", xlim=(t[0], t[-1]), ylim=(-45, 165))
    title_text = ax.set_title(title or "", fontsize=13)
    title_text.set_animated(animated)
    return NoiseRunArtists(rates.lines, guides, title_text)


def update_noise_run(artists: NoiseRunArtists, t, r, title=None) -> None:
    """New traces (and title) for :func:`plot_noise_run`.

    Parameters
    ----------
    artists : NoiseRunArtists
        What :func:`plot_noise_run` returned.
    t : array_like, shape (n_t,)
        Times (time constants).
    r : array_like, shape (n_ic, n_t)
        Rates (Hz).
    title : str, optional
        A new title (``None`` keeps the old one).
    """
    update_rates(artists, t, r)
    if title is not None:
        artists.title.set_text(title)


# ---------------------------------------------------------------------------
# legends outside the data, and the words of the readouts
# ---------------------------------------------------------------------------


def drawn_handles(*containers) -> list:
    """The labelled artists of plot containers that show something now, for a legend.

    A line without data (the unstable branch below the cusp, a sweep not yet
    run) is left out, so a legend made from these lists only what is drawn.

    Parameters
    ----------
    *containers : dataclass instances
        What the ``plot_`` helpers returned (their fields, in order).

    Returns
    -------
    list of matplotlib artists
        Artists with a label that does not start with ``_``.
    """
    out = []
    for art in containers:
        for f in getattr(art, "__dataclass_fields__", {}):
            value = getattr(art, f)
            for a in value if isinstance(value, list) else [value]:
                label = a.get_label() if hasattr(a, "get_label") else ""
                if not isinstance(label, str) or not label or label.startswith("_") \
                        or not a.get_visible():
                    continue
                if isinstance(a, Line2D):
                    x, y = (np.asarray(v, dtype=float) for v in a.get_data())
                    if not (np.isfinite(x) & np.isfinite(y)).any():
                        continue
                out.append(a)
    return out


def legend_panel(ax, handles, ncols=1, fontsize=10.5, loc="upper left"):
    """Use ``ax`` (an axes of its own) for a legend only: outside every plot's data.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An axes reserved for the legend; its frame and ticks are switched off.
    handles : list of artists
        The entries (e.g. :func:`drawn_handles`).
    ncols : int
        Columns of entries.
    fontsize : float
        Font size (points).
    loc : str
        Where in ``ax`` the legend sits.

    Returns
    -------
    matplotlib.legend.Legend
    """
    ax.set_axis_off()
    return ax.legend(handles=handles, loc=loc, ncols=ncols, fontsize=fontsize, frameon=False,
                     borderaxespad=0.0, handlelength=1.8, columnspacing=1.2)


def _num(x: float) -> str:
    """Three significant digits, exponents without "+" and leading zeros: "6.36e4"."""
    return re.sub(r"e\+?(-?)0*(\d)", r"e\1\2", f"{x:.3g}")


def _power_of_ten(log10: float) -> str:
    """``10**log10`` in words a reader can take in: "298", "4.05e27", "7.93e67150"."""
    if log10 < 300:
        return _num(10.0**log10)
    exponent = math.floor(log10)
    return f"{10.0 ** (log10 - exponent):.3g}e{exponent}"


def switch_time_text(sigma, T=1000.0, w=se.W_DEFAULT, I=se.I_DEFAULT) -> str:
    """How often noise of intensity ``sigma`` switches the neuron, in words.

    Parameters
    ----------
    sigma : float
        Noise intensity (Hz per sqrt(time constant)), ``>= 0``.
    T : float
        Length of a run (time constants), for the expected count.
    w, I : float
        A bistable setting.

    Returns
    -------
    str
        ``"one switch per 298 τ: 3.36 expected in T = 1000"``; when fewer than
        0.001 switches are expected in ``T``: ``"never, in practice: one switch
        per ~4.05e27 τ"`` (the number from
        :func:`course_lib.self_excited.mean_switch_time_log10`, finite however
        weak the noise; below ``sigma = 0.01``, the bound at 0.01); for
        ``sigma = 0``: no noise, no switches.
    """
    if sigma == 0:
        return "no noise: no switches"
    weaker = sigma < se.SIGMA_MIN_SWITCH  # the formula's floor: weaker noise waits longer
    ln10 = math.log(10.0)
    logs = [se.mean_switch_time_log10(max(sigma, se.SIGMA_MIN_SWITCH), w, I, start) * ln10
            for start in ("low", "high")]
    log10 = (float(np.logaddexp(*logs)) - math.log(2.0)) / ln10  # the mean of the two times
    expected = T * 10.0 ** -log10 if log10 < 300 else 0.0
    if weaker:
        return f"never, in practice: one switch per more than ~{_power_of_ten(log10)} τ"
    if expected < 1e-3:
        return f"never, in practice: one switch per ~{_power_of_ten(log10)} τ"
    return f"one switch per {_power_of_ten(log10)} τ: {_num(expected)} expected in T = {T:g}"


def sweep_summary(sweep) -> str:
    """What a hysteresis sweep shows, in words (HTML entities for ≈).

    Hysteresis only where the rate jumped up and down at two different
    inputs (two saddle-nodes on the way); one jump when the other fold lies
    outside the ramp; below the cusp no jump at all, only the ramp's lag.

    Parameters
    ----------
    sweep : HysteresisSweep
        What :func:`course_lib.self_excited.hysteresis_sweep` returned.

    Returns
    -------
    str
        One sentence.
    """
    up, down = sweep.I_jump_up, sweep.I_jump_down
    I_lo, I_hi = sweep.I_up[0], sweep.I_up[-1]
    lo, hi = se.bistable_range(sweep.w)
    if not np.isnan(up) and not np.isnan(down):
        return (f"the sweep jumped up at I &asymp; {up:.2f} and down at I &asymp; {down:.2f}, "
                f"each a little past its saddle-node ({hi:.3f}, {lo:.3f}): hysteresis, the "
                "state depends on the way I came")
    if not np.isnan(up) or not np.isnan(down):
        if not np.isnan(up):
            return (f"the sweep jumped up at I &asymp; {up:.2f} and stayed high down to "
                    f"I = {I_lo:g}: the high state lasts to I = {lo:.2f}, outside the ramp")
        return (f"the sweep stayed high from I = {I_hi:g}, jumped down at I &asymp; "
                f"{down:.2f} and stayed low: the low state lasts to I = {hi:.2f}, outside the ramp")
    if np.isnan(lo):
        text = "no jump and no hysteresis: the rate follows the one fixed point up and back"
        if not np.isnan(sweep.I_cross_up) and not np.isnan(sweep.I_cross_down):
            text += (f"; it passes 60 Hz at I &asymp; {sweep.I_cross_up:.2f} going up and "
                     f"{sweep.I_cross_down:.2f} going down only because it lags behind the "
                     "moving fixed point (a slower ramp closes the gap)")
        return text
    return "no jump: the ramp does not reach the end of the branch the rate is on"
