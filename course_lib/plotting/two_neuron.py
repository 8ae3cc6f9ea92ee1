"""Plots of the two-neuron network (notebook 02): ``plot_x(ax, ...)`` / ``update_x(artists, ...)``.

Each ``plot_`` helper draws on the given axes and returns a small named
container of the artists it made (its fields are listed under "Attributes");
the matching ``update_`` helper takes that container and changes the artists
in place. Pass ``animated=True`` when an app will blit them. Phase-plane axes
keep the fixed limits :data:`BOX` (rates 0 to 50 Hz with a small margin), so
nothing static changes when parameters move.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon
from matplotlib.quiver import Quiver

from .. import two_neuron as tn
from .style import PALETTE, SADDLE, STABLE, UNSTABLE

__all__ = [
    "BOX",
    "TRAJ_COLORS",
    "BASIN_COLORS",
    "ARROW_FRACTIONS",
    "VectorFieldArtists",
    "NullclineArtists",
    "FixedPointArtists",
    "SeparatrixArtists",
    "TrajectoryArtists",
    "TimeCourseArtists",
    "BranchArtists",
    "CountArtists",
    "CuspArtists",
    "NullclineFamilyArtists",
    "setup_phase_axes",
    "plot_vector_field",
    "update_vector_field",
    "plot_nullclines",
    "update_nullclines",
    "plot_fixed_points",
    "update_fixed_points",
    "plot_separatrix",
    "basin_legend_handles",
    "update_separatrix",
    "plot_trajectories",
    "update_trajectories",
    "plot_time_courses",
    "update_time_courses",
    "plot_branch",
    "update_branch",
    "mark_branch_input",
    "plot_count",
    "update_count",
    "plot_cusp",
    "update_cusp",
    "plot_nullcline_family",
    "update_nullcline_family",
]

BOX = (-2.0, 52.0)
"""Fixed limits of the phase plane (Hz): the rates live in (0, 50)."""
TRAJ_COLORS = (PALETTE["green"], PALETTE["orange"], PALETTE["purple"], PALETTE["blue"],
               PALETTE["sky"], PALETTE["grey"], "#B8A000")
"""Colours of trajectories, in order (also used for their time courses); black is kept for
the separatrix and the preview, vermillion for the x-nullcline and saddles."""
BASIN_COLORS = (PALETTE["sky"], PALETTE["orange"])
"""Shading of the basin of the attractor with low x (first) and with high x (second)."""
BASIN_LABELS = ("basin: x ends low", "basin: x ends high")
ARROW_FRACTIONS = (0.2, 0.55)
"""Where along each trajectory (fraction of its length) a direction arrow sits."""
X_NULL = dict(color=PALETTE["vermillion"], ls="--", lw=2.2)
Y_NULL = dict(color=PALETTE["blue"], ls="--", lw=2.2)
SEPARATRIX = dict(color=PALETTE["black"], lw=2.8, alpha=0.8)
SADDLE_NODE = dict(marker="s", markersize=9, markerfacecolor=PALETTE["grey"],
                   markeredgecolor=PALETTE["black"], markeredgewidth=1.5, linestyle="none")


def setup_phase_axes(ax, box=BOX, title=None) -> None:
    """Fixed limits, labels and a square aspect for a phase-plane axes.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to set up.
    box : (float, float)
        Limits of both axes (Hz).
    title : str, optional
        Axes title.
    """
    ax.set(xlim=box, ylim=box, xlabel="rate x (Hz)", ylabel="rate y (Hz)")
    ax.set_aspect("equal")
    if title:
        ax.set_title(title)


# ---------------------------------------------------------------------------
# phase plane
# ---------------------------------------------------------------------------


@dataclass
class VectorFieldArtists:
    """What :func:`plot_vector_field` drew.

    Attributes
    ----------
    quiver : matplotlib.quiver.Quiver
        Arrows of equal length on a grid; the grid is ``quiver.X``, ``quiver.Y``.
    """

    quiver: Quiver


def plot_vector_field(ax, w1, w2, I, n=15, box=BOX, animated=False,
                      arrow=2.2) -> VectorFieldArtists:
    """The direction of the flow on an ``n x n`` grid (arrows of equal length).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    w1, w2, I : float
        Couplings (1/Hz) and input.
    n : int
        Arrows per side.
    box : (float, float)
        Range of the grid (Hz); the arrows keep 2 Hz from its edges.
    animated : bool
        Mark the arrows for blitting.
    arrow : float
        Arrow length (Hz).

    Returns
    -------
    VectorFieldArtists
        The quiver, ``n * n`` arrows.
    """
    g = np.linspace(box[0] + 2.0, box[1] - 2.0, n)
    X, Y = np.meshgrid(g, g)
    q = ax.quiver(X, Y, np.zeros_like(X), np.zeros_like(Y), angles="xy", scale_units="xy",
                  scale=1.0 / arrow, pivot="mid", color=PALETTE["grey"], width=0.0035,
                  headwidth=4, headlength=4.5, minlength=0, alpha=0.85, animated=animated,
                  zorder=1.5)
    art = VectorFieldArtists(q)
    update_vector_field(art, w1, w2, I)
    return art


def update_vector_field(artists: VectorFieldArtists, w1, w2, I) -> None:
    """Point the arrows of :func:`plot_vector_field` along the flow for new parameters.

    Parameters
    ----------
    artists : VectorFieldArtists
        From :func:`plot_vector_field`.
    w1, w2, I : float
        Couplings (1/Hz) and input.
    """
    q = artists.quiver
    U, V = tn.velocity(q.X, q.Y, w1, w2, I)
    L = np.hypot(U, V)
    L[L == 0.0] = np.inf
    q.set_UVC(U / L, V / L)


@dataclass
class NullclineArtists:
    """What :func:`plot_nullclines` drew.

    Attributes
    ----------
    x : matplotlib.lines.Line2D
        The x-nullcline ``x = f(w2 y + I)`` (vermillion, dashed).
    y : matplotlib.lines.Line2D
        The y-nullcline ``y = f(w1 x + I)`` (blue, dashed).
    """

    x: Line2D
    y: Line2D


def plot_nullclines(ax, w1, w2, I, box=BOX, animated=False, labels=True) -> NullclineArtists:
    """Figure 8: the x-nullcline ``x = f(w2 y + I)`` and the y-nullcline ``y = f(w1 x + I)``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    w1, w2, I : float
        Couplings (1/Hz) and input.
    box : (float, float)
        Range of the free coordinate of each curve (Hz).
    animated : bool
        Mark the curves for blitting.
    labels : bool
        Give the curves legend labels.

    Returns
    -------
    NullclineArtists
        The two curves.
    """
    (lx,) = ax.plot([], [], animated=animated, label="x-nullcline (dx/dt = 0)" if labels else None,
                    zorder=3, **X_NULL)
    (ly,) = ax.plot([], [], animated=animated, label="y-nullcline (dy/dt = 0)" if labels else None,
                    zorder=3, **Y_NULL)
    art = NullclineArtists(lx, ly)
    update_nullclines(art, w1, w2, I, box=box)
    return art


def update_nullclines(artists: NullclineArtists, w1, w2, I, box=BOX) -> None:
    """Redraw the nullclines for new parameters.

    Parameters
    ----------
    artists : NullclineArtists
        From :func:`plot_nullclines`.
    w1, w2, I : float
        Couplings (1/Hz) and input.
    box : (float, float)
        Range of the free coordinate of each curve (Hz).
    """
    nc = tn.nullclines(w1, w2, I, lim=box)
    artists.x.set_data(*nc.x)
    artists.y.set_data(*nc.y)


@dataclass
class FixedPointArtists:
    """What :func:`plot_fixed_points` drew: one marker set per kind of fixed point.

    Attributes
    ----------
    stable : matplotlib.lines.Line2D
        Stable nodes and spirals (filled discs).
    saddle : matplotlib.lines.Line2D
        Saddles (open diamonds).
    other : matplotlib.lines.Line2D
        Other unstable points (open rings).
    degenerate : matplotlib.lines.Line2D
        Saddle-nodes, a zero eigenvalue (grey squares).
    """

    stable: Line2D
    saddle: Line2D
    other: Line2D
    degenerate: Line2D


def plot_fixed_points(ax, fps, animated=False, labels=True) -> FixedPointArtists:
    """Fixed points by kind: stable filled discs, saddles open diamonds, others open rings.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    fps : list of FixedPoint
        From :func:`course_lib.two_neuron.fixed_points`.
    animated : bool
        Mark the markers for blitting.
    labels : bool
        Give the stable and saddle markers legend labels.

    Returns
    -------
    FixedPointArtists
        One Line2D of markers per kind.
    """
    lab = (lambda s: s) if labels else (lambda s: None)

    def markers(label, style):
        return ax.plot([], [], animated=animated, zorder=6, label=label, **style)[0]

    art = FixedPointArtists(
        stable=markers(lab("stable (node/spiral)"), STABLE),
        saddle=markers(lab("saddle (unstable)"), SADDLE),
        other=markers(None, UNSTABLE),
        degenerate=markers(None, SADDLE_NODE),
    )
    update_fixed_points(art, fps)
    return art


def _marker_group(fp) -> str:
    if fp.stable:
        return "stable"
    if fp.kind == "saddle":
        return "saddle"
    return "degenerate" if "zero eigenvalue" in fp.kind else "other"


def update_fixed_points(artists: FixedPointArtists, fps) -> None:
    """Move the fixed-point markers to ``fps``.

    Parameters
    ----------
    artists : FixedPointArtists
        From :func:`plot_fixed_points`.
    fps : list of FixedPoint
        The fixed points to show (an empty list hides every marker).
    """
    groups: dict[str, list] = {"stable": [], "saddle": [], "other": [], "degenerate": []}
    for fp in fps:
        groups[_marker_group(fp)].append((fp.x, fp.y))
    for key, pts in groups.items():
        pts = np.array(pts, dtype=float).reshape(-1, 2)
        getattr(artists, key).set_data(pts[:, 0], pts[:, 1])


def basin_legend_handles(alpha=0.2) -> list:
    """Proxy patches for a legend of the basin shading (the real patches may be hidden).

    Parameters
    ----------
    alpha : float
        Opacity of the patches, as in :func:`plot_separatrix`.

    Returns
    -------
    list of matplotlib.patches.Patch
        Two, "ends low" then "ends high".
    """
    from matplotlib.patches import Patch

    return [Patch(facecolor=c, alpha=alpha, label=lab) for c, lab in
            zip(BASIN_COLORS, BASIN_LABELS)]


def _basin_color(index, basins):
    """Blue for the attractor with the lower x, orange for the higher (one basin: by its x)."""
    if len(basins) == 1:
        return BASIN_COLORS[0 if basins[0].attractor.x < tn.R_MAX / 2 else 1]
    xs = sorted(b.attractor.x for b in basins)
    return BASIN_COLORS[0 if basins[index].attractor.x == xs[0] else 1]


@dataclass
class SeparatrixArtists:
    """What :func:`plot_separatrix` drew.

    Attributes
    ----------
    line : matplotlib.lines.Line2D
        The separatrix (black).
    basins : tuple of two matplotlib.patches.Polygon
        The shaded basins (hidden when there are fewer).
    """

    line: Line2D
    basins: tuple[Polygon, Polygon]


def plot_separatrix(ax, sep=None, basins=(), animated=False, alpha=0.2,
                    labels=True) -> SeparatrixArtists:
    """The separatrix (stable manifold of the saddle) and the shaded basins.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    sep : Separatrix or None
        From :func:`course_lib.two_neuron.separatrix` (None: no line).
    basins : list of Basin
        From :func:`course_lib.two_neuron.basin_polygons`.
    animated : bool
        Mark the line and patches for blitting.
    alpha : float
        Opacity of the shading.
    labels : bool
        Give the line and the patches legend labels.

    Returns
    -------
    SeparatrixArtists
        The line and two basin patches.
    """
    (line,) = ax.plot([], [], animated=animated, zorder=4,
                      label="separatrix" if labels else None, **SEPARATRIX)
    patches = []
    for i, color in enumerate(BASIN_COLORS):
        p = Polygon(np.zeros((3, 2)), closed=True, facecolor=color, edgecolor="none",
                    alpha=alpha, animated=animated, zorder=0.5,
                    label=BASIN_LABELS[i] if labels else None)
        ax.add_patch(p)
        patches.append(p)
    art = SeparatrixArtists(line, tuple(patches))
    update_separatrix(art, sep, basins)
    return art


def update_separatrix(artists: SeparatrixArtists, sep, basins) -> None:
    """Redraw the separatrix and the basins (hidden when there are none).

    Parameters
    ----------
    artists : SeparatrixArtists
        From :func:`plot_separatrix`.
    sep : Separatrix or None
        The new curve (None: hide the line).
    basins : list of Basin
        The new basins, at most two.
    """
    if sep is None:
        artists.line.set_data([], [])
    else:
        artists.line.set_data(sep.x, sep.y)
    for i, patch in enumerate(artists.basins):
        if i < len(basins):
            patch.set_xy(basins[i].xy)
            patch.set_facecolor(_basin_color(i, basins))
            patch.set_visible(True)
        else:
            patch.set_visible(False)


def _arrow_positions(x, y, fractions):
    """Positions and unit directions at given fractions of each trajectory's length."""
    dx, dy = np.diff(x, axis=1), np.diff(y, axis=1)
    seg = np.hypot(dx, dy)
    cum = np.cumsum(seg, axis=1)
    total = cum[:, -1:] if cum.shape[1] else np.zeros((len(x), 1))
    P, U = [], []
    rows = np.arange(len(x))
    for frac in fractions:
        k = np.argmax(cum >= frac * total, axis=1)
        s = seg[rows, k]
        ok = (total[:, 0] > 1.0) & (s > 0)
        s = np.where(s > 0, s, 1.0)
        P.append(np.column_stack((x[rows, k], y[rows, k])))
        U.append(np.column_stack((np.where(ok, dx[rows, k] / s, 0.0),
                                  np.where(ok, dy[rows, k] / s, 0.0))))
    return np.concatenate(P), np.concatenate(U)


@dataclass
class TrajectoryArtists:
    """What :func:`plot_trajectories` drew, with room for ``n_max`` trajectories.

    Attributes
    ----------
    lines : matplotlib.collections.LineCollection
        One segment per trajectory shown, in the colours of ``starts``.
    starts : matplotlib.collections.PathCollection
        ``n_max`` start dots, one colour each (unused ones at NaN); their
        number is ``n_max`` and their colours are the trajectories' colours.
    arrows : matplotlib.quiver.Quiver
        ``n_max * len(ARROW_FRACTIONS)`` direction arrows.
    """

    lines: LineCollection
    starts: PathCollection
    arrows: Quiver

    @property
    def n_max(self) -> int:
        """How many trajectories these artists can show."""
        return len(self.starts.get_offsets())


def plot_trajectories(ax, x, y, colors=TRAJ_COLORS, n_max=None, animated=False,
                      lw=2.0, label=None) -> TrajectoryArtists:
    """Figure 7: trajectories in the phase plane with direction arrows and start dots.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    x, y : ndarray, shape (n_ic, n_t)
        The trajectories (e.g. ``sim.x``, ``sim.y``); ``n_ic`` may be 0.
    colors : sequence of colours
        Cycled over the trajectories.
    n_max : int, optional
        Most trajectories an update may show (default ``n_ic``).
    animated : bool
        Mark the artists for blitting.
    lw : float
        Line width (points).
    label : str, optional
        Legend label (one entry for all trajectories).

    Returns
    -------
    TrajectoryArtists
        Lines, start dots and :data:`ARROW_FRACTIONS` arrows per trajectory.
    """
    x, y = np.atleast_2d(x), np.atleast_2d(y)
    n_max = len(x) if n_max is None else int(n_max)
    cols = [colors[i % len(colors)] for i in range(n_max)]
    lines = LineCollection([], linewidths=lw, animated=animated, zorder=5, label=label,
                           capstyle="round")
    ax.add_collection(lines, autolim=False)
    starts = ax.scatter(np.zeros(n_max), np.zeros(n_max), s=30, c=cols, edgecolors="white",
                        linewidths=0.8, zorder=5.5, animated=animated)
    n_arrows = n_max * len(ARROW_FRACTIONS)
    q = ax.quiver(np.zeros(n_arrows), np.zeros(n_arrows), np.zeros(n_arrows),
                  np.zeros(n_arrows), color=[c for _ in ARROW_FRACTIONS for c in cols],
                  angles="xy", scale_units="xy", scale=1 / 1.6, pivot="mid", width=0.006,
                  headwidth=3.2, headlength=3.0, headaxislength=2.7, minlength=0,
                  zorder=5.5, animated=animated)
    art = TrajectoryArtists(lines, starts, q)
    update_trajectories(art, x, y)
    return art


def update_trajectories(artists: TrajectoryArtists, x, y) -> None:
    """Show new trajectories, in the colours' order.

    Parameters
    ----------
    artists : TrajectoryArtists
        From :func:`plot_trajectories`.
    x, y : ndarray, shape (n, n_t)
        The trajectories, ``n <= artists.n_max`` (``n = 0`` clears).

    Raises
    ------
    ValueError
        If there are more trajectories than the artists have room for.
    """
    x, y = np.atleast_2d(x), np.atleast_2d(y)
    n, n_max = len(x), artists.n_max
    if n > n_max:
        raise ValueError(f"at most {n_max} trajectories fit these artists, got {n}")
    if x.size == 0:
        n = 0
    colors = artists.starts.get_facecolor()
    artists.lines.set_segments([np.column_stack((x[i], y[i])) for i in range(n)])
    artists.lines.set_color(colors[:n] if n else "none")
    offsets = np.full((n_max, 2), np.nan)
    if n:
        offsets[:n] = np.column_stack((x[:, 0], y[:, 0]))
    artists.starts.set_offsets(offsets)
    fr = ARROW_FRACTIONS
    P = np.full((len(fr), n_max, 2), np.nan)
    U = np.zeros((len(fr), n_max, 2))
    if n and x.shape[1] > 1:
        p, u = _arrow_positions(x, y, fr)
        P[:, :n] = p.reshape(len(fr), n, 2)
        U[:, :n] = u.reshape(len(fr), n, 2)
    q = artists.arrows
    q.set_offsets(P.reshape(-1, 2))
    q.set_UVC(U[..., 0].ravel(), U[..., 1].ravel())


@dataclass
class TimeCourseArtists:
    """What :func:`plot_time_courses` drew.

    Attributes
    ----------
    x, y : matplotlib.collections.LineCollection
        ``x(t)`` and ``y(t)``, one segment per start.
    """

    x: LineCollection
    y: LineCollection


def plot_time_courses(ax_x, ax_y, t, x, y, colors=TRAJ_COLORS, animated=False,
                      lw=2.0, labels=None) -> TimeCourseArtists:
    """Figure 6: ``x(t)`` on one axes and ``y(t)`` on another, one line per start.

    Parameters
    ----------
    ax_x, ax_y : matplotlib.axes.Axes
        Where to draw ``x(t)`` and ``y(t)``.
    t : ndarray, shape (n_t,)
        Times (units of the time constant).
    x, y : ndarray, shape (n_ic, n_t)
        Rates (Hz); ``n_ic`` may be 0.
    colors : sequence of colours
        Cycled over the starts (same order as :func:`plot_trajectories`).
    animated : bool
        Mark the lines for blitting.
    lw : float
        Line width (points).
    labels : sequence of str, optional
        One per trace: adds a legend to ``ax_x``.

    Returns
    -------
    TimeCourseArtists
        The two collections.
    """
    art = TimeCourseArtists(*(LineCollection([], linewidths=lw, animated=animated)
                              for _ in range(2)))
    ax_x.add_collection(art.x, autolim=False)
    ax_y.add_collection(art.y, autolim=False)
    update_time_courses(art, t, x, y, colors)
    if labels is not None:
        handles = [Line2D([], [], color=colors[i % len(colors)], lw=lw, label=lab)
                   for i, lab in enumerate(labels)]
        ax_x.legend(handles=handles, loc="center right", fontsize=10.5)
    return art


def update_time_courses(artists: TimeCourseArtists, t, x, y, colors=TRAJ_COLORS) -> None:
    """Put new rate traces into :func:`plot_time_courses`' collections.

    Parameters
    ----------
    artists : TimeCourseArtists
        From :func:`plot_time_courses`.
    t : ndarray, shape (n_t,)
        Times.
    x, y : ndarray, shape (n, n_t)
        Rates (Hz); ``n = 0`` clears.
    colors : sequence of colours
        Cycled over the traces.
    """
    x, y = np.atleast_2d(x), np.atleast_2d(y)
    n = 0 if x.size == 0 else len(x)
    t = np.asarray(t, dtype=float)
    cols = [colors[i % len(colors)] for i in range(n)] or "none"
    for lc, v in ((artists.x, x), (artists.y, y)):
        lc.set_segments([np.column_stack((t, v[i])) for i in range(n)])
        lc.set_color(cols)


# ---------------------------------------------------------------------------
# bifurcations (w1 = w2 = w)
# ---------------------------------------------------------------------------


def _split(b):
    st = np.where(b.stable, b.x, np.nan)
    un = np.where(b.stable, np.nan, b.x)
    # close the gaps so the two styles meet at the saddle-nodes
    edge = np.flatnonzero(np.diff(b.stable.astype(int)))
    for k in edge:
        st[k:k + 2] = b.x[k:k + 2]
        un[k:k + 2] = b.x[k:k + 2]
    return st, un


@dataclass
class BranchArtists:
    """What :func:`plot_branch` drew.

    Attributes
    ----------
    stable : matplotlib.lines.Line2D
        The stable part of the branch (solid).
    saddle : matplotlib.lines.Line2D
        The saddle part (dashed).
    sn : matplotlib.lines.Line2D
        The saddle-node points (grey squares).
    vline : matplotlib.lines.Line2D
        The current input (dotted vertical line).
    current : FixedPointArtists
        The fixed points at the current input, at ``(I, x*)``.
    """

    stable: Line2D
    saddle: Line2D
    sn: Line2D
    vline: Line2D
    current: FixedPointArtists


def plot_branch(ax, w, I=None, I_lim=(-25.0, 5.0), animated=False) -> BranchArtists:
    """Figure 9a: fixed points ``x*`` against ``I`` for ``w1 = w2 = w``, exact.

    Stable nodes solid, saddles dashed; the saddle-node points are grey
    squares; with ``I`` given, a vertical line and the fixed points there.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw; its limits are set to ``I_lim`` by ``(-2, 52)``.
    w : float
        Coupling (1/Hz).
    I : float, optional
        Input to mark.
    I_lim : (float, float)
        Range of inputs shown.
    animated : bool
        Mark the artists for blitting.

    Returns
    -------
    BranchArtists
        The branch, the saddle-nodes and the marks of the current input.
    """
    (st,) = ax.plot([], [], color=PALETTE["black"], lw=2.4, animated=animated,
                    label="stable node")
    (un,) = ax.plot([], [], color=PALETTE["vermillion"], lw=2.2, ls="--", animated=animated,
                    label="saddle (unstable)")
    (sn,) = ax.plot([], [], animated=animated, zorder=5, label="saddle-node", **SADDLE_NODE)
    vline = ax.axvline(0.0, color=PALETTE["grey"], lw=1.2, ls=":", animated=animated)
    current = plot_fixed_points(ax, [], animated=animated, labels=False)
    ax.set(xlim=I_lim, ylim=(-2, 52), xlabel="input I", ylabel="fixed point x* = y* (Hz)")
    art = BranchArtists(st, un, sn, vline, current)
    update_branch(art, w)
    mark_branch_input(art, I, [] if I is None else tn.fixed_points(w, w, I))
    return art


def update_branch(artists: BranchArtists, w) -> None:
    """Redraw the branch and its saddle-nodes for a new ``w``.

    The branch reaches the edges of the axes' current ``I`` range.

    Parameters
    ----------
    artists : BranchArtists
        From :func:`plot_branch`.
    w : float
        Coupling (1/Hz).
    """
    # reach the panel's edges: on the branch I = s - w f(s), with 0 < f < 50
    lo, hi = artists.stable.axes.get_xlim()
    s_lim = max(40.0, abs(lo), abs(hi)) + tn.R_MAX * abs(w) + 5.0
    b = tn.symmetric_branch(w, s_lim=s_lim)
    st, un = _split(b)
    artists.stable.set_data(b.I, st)
    artists.saddle.set_data(b.I, un)
    sns = tn.saddle_nodes(w)
    artists.sn.set_data([s.I for s in sns], [s.x for s in sns])


def mark_branch_input(artists: BranchArtists, I, fps) -> None:
    """Mark the input ``I`` and its fixed points on the branch diagram.

    Parameters
    ----------
    artists : BranchArtists
        From :func:`plot_branch`.
    I : float or None
        The input (None hides the marks).
    fps : list of FixedPoint
        The fixed points at ``I`` (from ``fixed_points(w, w, I)``); each is
        drawn at ``(I, x*)``.
    """
    if I is None:
        artists.vline.set_visible(False)
        update_fixed_points(artists.current, [])
        return
    artists.vline.set_visible(True)
    artists.vline.set_xdata([I, I])
    update_fixed_points(artists.current, [fp._replace(y=fp.x, x=I) for fp in fps])


@dataclass
class CountArtists:
    """What :func:`plot_count` drew.

    Attributes
    ----------
    line : matplotlib.lines.Line2D
        The number of fixed points against ``I``, a step curve.
    """

    line: Line2D


def _count_curve(w, I_lim):
    v = tn.saddle_node_values(w)
    lo, hi = I_lim
    if v.size < 2:
        return np.array([lo, hi]), np.array([1, 1])
    a, b = np.clip(v, lo, hi)
    return np.array([lo, a, a, b, b, hi]), np.array([1, 1, 3, 3, 1, 1])


def plot_count(ax, w, I_lim=(-25.0, 5.0), animated=False) -> CountArtists:
    """Figure 9a (top): the number of fixed points against ``I`` for ``w1 = w2 = w``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw; its ``I`` range is set to ``I_lim``.
    w : float
        Coupling (1/Hz).
    I_lim : (float, float)
        Range of inputs shown.
    animated : bool
        Mark the curve for blitting.

    Returns
    -------
    CountArtists
        The step curve.
    """
    ax.set(xlim=I_lim, ylim=(0.5, 3.5), yticks=[1, 2, 3], ylabel="# fixed\npoints")
    (line,) = ax.plot([], [], color=PALETTE["blue"], lw=2.2, animated=animated)
    art = CountArtists(line)
    update_count(art, w)
    return art


def update_count(artists: CountArtists, w) -> None:
    """Redraw the count for a new ``w``, across the axes' current ``I`` range.

    Parameters
    ----------
    artists : CountArtists
        From :func:`plot_count`.
    w : float
        Coupling (1/Hz).
    """
    artists.line.set_data(*_count_curve(w, artists.line.axes.get_xlim()))


@dataclass
class CuspArtists:
    """What :func:`plot_cusp` drew.

    Attributes
    ----------
    fill : matplotlib.collections.PolyCollection
        The bistable region (orange).
    low, high : matplotlib.lines.Line2D
        The two saddle-node curves.
    cusp : matplotlib.lines.Line2D
        The cusp (a grey square at ``(0.08, -2)``, or ``(-2, 0.08)`` with
        ``I`` horizontal).
    marker : matplotlib.lines.Line2D
        The current ``(w, I)`` (a cross).
    """

    fill: PolyCollection
    low: Line2D
    high: Line2D
    cusp: Line2D
    marker: Line2D

    @property
    def I_horizontal(self) -> bool:
        """``I`` is on the horizontal axis (read from where the cusp was drawn)."""
        return bool(self.cusp.get_xdata()[0] == tn.I_CUSP)


def plot_cusp(ax, w_lim=(0.0, 1.0), I_lim=(-25.0, 5.0), w=None, I=None, animated=False,
              I_horizontal=False, annotate=True) -> CuspArtists:
    """Extension: the ``(w, I)`` plane with the two saddle-node curves and the cusp.

    The region between the curves (three fixed points, bistable) is shaded.
    With ``w`` and ``I``, a cross marks the current parameters.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw; its limits are set to ``w_lim`` and ``I_lim``.
    w_lim : (float, float)
        Range of couplings (1/Hz); the curves run from the cusp to ``w_lim[1]``.
    I_lim : (float, float)
        Range of inputs.
    w, I : float, optional
        The current parameters (both needed for the cross).
    animated : bool
        Mark the cross for blitting (the rest is static).
    I_horizontal : bool
        Put ``I`` on the horizontal axis (to line up with :func:`plot_branch`);
        by default ``w`` is horizontal.
    annotate : bool
        Label the cusp and the one-fixed-point regions.

    Returns
    -------
    CuspArtists
        The region, the curves, the cusp and the cross.
    """
    c = tn.saddle_node_curve(400, w_max=w_lim[1])

    def xy(wv, Iv):
        return (Iv, wv) if I_horizontal else (wv, Iv)

    fill_fn = ax.fill_betweenx if I_horizontal else ax.fill_between
    fill = fill_fn(c.w, c.I_low, c.I_high, color=PALETTE["orange"], alpha=0.25,
                   lw=0, label="bistable: 3 fixed points")
    (lo,) = ax.plot(*xy(c.w, c.I_low), color=PALETTE["black"], lw=1.8,
                    label="saddle-node curves")
    (hi,) = ax.plot(*xy(c.w, c.I_high), color=PALETTE["black"], lw=1.8)
    (cusp,) = ax.plot(*xy([tn.W_CUSP], [tn.I_CUSP]), **SADDLE_NODE)
    if annotate:
        ax.annotate(f"cusp ({tn.W_CUSP:g}, {tn.I_CUSP:g})", xy(tn.W_CUSP, tn.I_CUSP),
                    xytext=xy(0.1, 2.6) if not I_horizontal else xy(0.03, -8.0), fontsize=11,
                    arrowprops=dict(arrowstyle="->", color="0.3"))
        ax.text(*xy(0.02, -17) if not I_horizontal else xy(0.55, -24.5),
                "1 fixed point\n(low state)", fontsize=11, color="0.3")
        ax.text(*xy(0.5, -1.5) if not I_horizontal else xy(0.55, -3.8),
                "1 fixed point\n(high state)", fontsize=11, color="0.3")
    (marker,) = ax.plot([], [], marker="P", markersize=13, color=PALETTE["blue"],
                        markeredgecolor="white", linestyle="none", animated=animated,
                        zorder=6, label="current (w, I)")
    wlab, Ilab = "coupling w = w1 = w2 (1/Hz)", "input I"
    if I_horizontal:
        ax.set(xlim=I_lim, ylim=w_lim, xlabel=Ilab, ylabel=wlab)
    else:
        ax.set(xlim=w_lim, ylim=I_lim, xlabel=wlab, ylabel=Ilab)
    art = CuspArtists(fill, lo, hi, cusp, marker)
    update_cusp(art, w, I)
    return art


def update_cusp(artists: CuspArtists, w, I) -> None:
    """Move the current-parameter cross.

    Parameters
    ----------
    artists : CuspArtists
        From :func:`plot_cusp`.
    w, I : float or None
        Coupling (1/Hz) and input; the cross is hidden if either is None.
    """
    if w is None or I is None:
        artists.marker.set_data([], [])
    elif artists.I_horizontal:
        artists.marker.set_data([I], [w])
    else:
        artists.marker.set_data([w], [I])


@dataclass
class NullclineFamilyArtists:
    """What :func:`plot_nullcline_family` drew.

    Attributes
    ----------
    x, y : matplotlib.collections.LineCollection
        The x- and y-nullclines, one segment per input.
    """

    x: LineCollection
    y: LineCollection


def plot_nullcline_family(ax, w, I_values, animated=False,
                          alpha=0.35) -> NullclineFamilyArtists:
    """Figure 9b: the nullclines for several inputs, faint, one pair per ``I``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    w : float
        Coupling ``w1 = w2 = w`` (1/Hz).
    I_values : sequence of float
        The inputs, one pair of curves each.
    animated : bool
        Mark the curves for blitting.
    alpha : float
        Opacity of the curves.

    Returns
    -------
    NullclineFamilyArtists
        The two collections.
    """
    lcs = []
    for color in (PALETTE["vermillion"], PALETTE["blue"]):
        lc = LineCollection([], colors=color, linewidths=1.1, alpha=alpha, animated=animated)
        ax.add_collection(lc, autolim=False)
        lcs.append(lc)
    art = NullclineFamilyArtists(*lcs)
    update_nullcline_family(art, w, I_values)
    return art


def update_nullcline_family(artists: NullclineFamilyArtists, w, I_values) -> None:
    """Redraw the family for a new ``w``.

    Parameters
    ----------
    artists : NullclineFamilyArtists
        From :func:`plot_nullcline_family`.
    w : float
        Coupling (1/Hz).
    I_values : sequence of float
        The inputs, one pair of curves each.
    """
    families = [tn.nullclines(w, w, I, n=120) for I in I_values]
    artists.x.set_segments([np.column_stack(nc.x) for nc in families])
    artists.y.set_segments([np.column_stack(nc.y) for nc in families])
