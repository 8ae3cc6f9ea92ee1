"""Plots of the self-connected neuron (notebook 01): ``plot_x(ax, ...)`` / ``update_x(artists, ...)``.

Each ``plot_`` helper draws on the given axes and returns a small named
container of the artists it made (a dataclass whose fields are listed under
"Attributes"); the matching ``update_`` helper takes that container and
changes its artists in place. Pass ``animated=True`` when an app will blit
them. Every number drawn comes from :mod:`course_lib.self_excited`.
"""

from __future__ import annotations

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
]

R_GRID = np.linspace(-5.0, 125.0, 400)
"""Default rate grid (Hz) of the flux and potential panels: a little beyond (0, 120)."""
IC_COLORS = (PALETTE["blue"], PALETTE["black"], PALETTE["vermillion"])
"""Colours of the traces from ``r(0) = 59, 60, 61``."""


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
    """

    curve: Line2D
    stable: Line2D
    unstable: Line2D


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
    """

    marker: Line2D
    region: PolyCollection
    low: Line2D
    high: Line2D
    cusp: Line2D


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
    ax.legend(loc="upper left", bbox_to_anchor=(0, 0.93))
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

    Stable fixed points are filled discs, unstable ones open rings; the text
    says which way the rate moves.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    w, I : float
        Self-coupling (1/Hz) and input.
    r : array_like, shape (n,)
        Rate grid (Hz), increasing; default :data:`R_GRID`.
    animated : bool
        Mark the curve and markers animated.

    Returns
    -------
    FluxArtists
    """
    r = np.asarray(r, dtype=float)
    ax.axhline(0, color=PALETTE["grey"], lw=1)
    (curve,) = ax.plot(r, np.zeros_like(r), color=PALETTE["blue"], animated=animated,
                       label=r"$dr/dt = -r + f(wr + I)$")
    (st,) = ax.plot([], [], animated=animated, label="stable fixed point", **STABLE)
    (un,) = ax.plot([], [], animated=animated, label="unstable fixed point", **UNSTABLE)
    ax.set(xlabel="rate r (Hz)", ylabel="flux dr/dt (Hz / τ)", xlim=(r[0], r[-1]), ylim=(-50, 50))
    ax.legend(loc="upper left", fontsize=10.5)
    ax.text(0.99, 0.03, "dr/dt > 0: r grows →\n← dr/dt < 0: r shrinks", transform=ax.transAxes,
            ha="right", va="bottom", fontsize=10, color="0.35")
    artists = FluxArtists(curve, st, un)
    update_flux(artists, w, I)
    return artists


def update_flux(artists: FluxArtists, w, I, fps=None) -> None:
    """Redraw the flux curve and its fixed points for new ``w``, ``I``.

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
    artists.curve.set_ydata(se.flux(artists.curve.get_xdata(), w, I))
    st, un = _fp_split(fps)
    artists.stable.set_data(st, np.zeros_like(st))
    artists.unstable.set_data(un, np.zeros_like(un))


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
           ylim=(-0.08, 1.25), yticks=[])
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

    The saddle-node curves and the cusp are exact
    (:func:`course_lib.self_excited.saddle_node_curves`); a cross marks the
    current ``(w, I)`` when given.

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
    region = ax.fill_between(c.w, c.I_low, c.I_high, color=PALETTE["sky"], alpha=0.45,
                             lw=0, label="3 fixed points (bistable)")
    (lo,) = ax.plot(c.w, c.I_low, color=PALETTE["blue"], lw=2,
                    label="saddle-node $I_{low}(w)$: high state appears")
    (hi,) = ax.plot(c.w, c.I_high, color=PALETTE["vermillion"], lw=2,
                    label="saddle-node $I_{high}(w)$: low state vanishes")
    (cusp,) = ax.plot([se.W_CUSP], [se.I_CUSP], marker="*", ms=15, color=PALETTE["black"],
                      ls="none", label="cusp (w, I) = (1/60, -1)")
    (marker,) = ax.plot([], [], marker="X", ms=13, color=PALETTE["orange"], mec="black",
                        ls="none", animated=animated, label="current (w, I)")
    ax.set(xlabel="self-coupling w (1/Hz)", ylabel="input I", xlim=(0, w_max), ylim=I_lim)
    ax.set_xticks(np.linspace(0, w_max, 5))
    one = Patch(facecolor="#f4f4f4", edgecolor="0.6", label="1 fixed point")
    ax.legend(handles=[one, region, lo, hi, cusp, marker], loc="lower left", fontsize=10)
    artists = PlaneArtists(marker, region, lo, hi, cusp)
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
    and the fixed points are marked.

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
                    label="unstable fixed point")
    (sn,) = ax.plot([], [], marker="s", ms=8, color=PALETTE["black"], ls="none", mfc="white",
                    animated=animated, label="saddle-node")
    vline = ax.axvline(np.nan, color=PALETTE["orange"], lw=1.5, animated=animated)
    (fst,) = ax.plot([], [], animated=animated, **STABLE)
    (fun,) = ax.plot([], [], animated=animated, **UNSTABLE)
    ax.set(xlabel="input I", ylabel="fixed point r* (Hz)", xlim=I_lim, ylim=(-5, 125))
    ax.legend(loc="upper left", fontsize=10)
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
    guides = [ax.axhline(fp.r, color=PALETTE["grey"], lw=1.2, ls="-" if fp.stable else "--",
                         zorder=0) for fp in se.fixed_points(w, I)]
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
