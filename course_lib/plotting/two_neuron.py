"""Plots of the two-neuron network (notebook 02): ``plot_x(ax, ...)`` / ``update_x(artists, ...)``.

Each ``plot_`` helper draws on the given axes and returns a small named
container of the artists it made (its fields are listed under "Attributes");
the matching ``update_`` helper takes that container and changes the artists
in place. Pass ``animated=True`` when an app will blit them. Phase-plane axes
keep the fixed limits :data:`BOX` (rates 0 to 50 Hz with a small margin), so
nothing static changes when parameters move.

Legends name what is drawn and nothing else: an empty marker group, a hidden
basin or a missing separatrix drops out of ``ax.legend()`` (its label starts with
"_"), and the apps show their legends with :func:`update_legend_panel` (a picture per
set of entries) from :func:`phase_plane_entries`, :func:`branch_entries` and
:func:`fixed_point_entries`.
The ``(w, I)`` plane is drawn as everywhere in the course (:data:`PLANE_STYLE`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon
from matplotlib.quiver import Quiver

from .. import two_neuron as tn
from .self_excited import PLANE_STYLE
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
    "PLANE_STYLE",
    "LegendPanelArtists",
    "plot_legend_panel",
    "update_legend_panel",
    "fixed_point_entries",
    "phase_plane_entries",
    "branch_entries",
    "legend_of",
    "FIXED_POINT_LABELS",
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
    ax.set_box_aspect(1)  # square box: equal scales, as both axes span box
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
        Give the marker groups legend labels (:data:`FIXED_POINT_LABELS`; an
        empty group is left out of a legend by matplotlib).

    Returns
    -------
    FixedPointArtists
        One Line2D of markers per kind.
    """
    lab = (lambda s: s) if labels else (lambda s: None)

    def markers(label, style):
        return ax.plot([], [], animated=animated, zorder=6, label=label, **style)[0]

    art = FixedPointArtists(
        stable=markers(lab(FIXED_POINT_LABELS["stable"]), STABLE),
        saddle=markers(lab(FIXED_POINT_LABELS["saddle"]), SADDLE),
        other=markers(lab(FIXED_POINT_LABELS["other"]), UNSTABLE),
        degenerate=markers(lab(FIXED_POINT_LABELS["degenerate"]), SADDLE_NODE),
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
        _legend_label(getattr(artists, key), len(pts) > 0)


_LEGEND_LABELS = set()  # the labels _legend_label may hide and show (filled below)


def _legend_label(artist, shown: bool, label: str | None = None) -> None:
    """Keep an artist's legend label only while it shows something.

    Labels starting with "_" are left out of legends: an empty marker group, a
    hidden basin or a missing separatrix is then not listed by ``ax.legend()``.
    Only the labels this module gives are touched (``labels=False`` leaves none).
    """
    current = (artist.get_label() or "").lstrip("_")
    if current in _LEGEND_LABELS:
        base = label or current
        artist.set_label(base if shown else "_" + base)


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
    _legend_label(artists.line, sep is not None)
    for i, patch in enumerate(artists.basins):
        if i < len(basins):
            color = _basin_color(i, basins)
            patch.set_xy(basins[i].xy)
            patch.set_facecolor(color)
            patch.set_visible(True)
            _legend_label(patch, True, BASIN_LABELS[BASIN_COLORS.index(color)])
        else:
            patch.set_visible(False)
            _legend_label(patch, False)


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
    ax.set(xlim=I_lim, ylim=(-2, 52), xlabel="input I", ylabel="x* = y* (Hz)")
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
        The bistable region (three fixed points), sky blue.
    low : matplotlib.lines.Line2D
        The saddle-node curve ``I_low(w)`` where the high state appears (blue).
    high : matplotlib.lines.Line2D
        The saddle-node curve ``I_high(w)`` where the low state vanishes (vermillion).
    cusp : matplotlib.lines.Line2D
        The cusp ``(0.08, -2)``, a black star.
    marker : matplotlib.lines.Line2D
        The current ``(w, I)``, an orange cross.
    """

    fill: PolyCollection
    low: Line2D
    high: Line2D
    cusp: Line2D
    marker: Line2D

    @property
    def handles(self) -> list:
        """Legend handles of everything drawn, in reading order (none is animated)."""
        return [_proxy_patch(self.fill), *(_proxy(a) for a in (self.low, self.high,
                                                              self.cusp, self.marker))]


def plot_cusp(ax, w_lim=(0.0, 1.0), I_lim=(-25.0, 5.0), w=None, I=None, animated=False,
              legend=None) -> CuspArtists:
    """Extension: the ``(w, I)`` plane with the two saddle-node curves and the cusp.

    Drawn as everywhere in the course (:data:`PLANE_STYLE`): ``w`` horizontal,
    ``I`` vertical, the bistable region (three fixed points) shaded; with
    ``w`` and ``I``, a cross marks the current parameters.

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
    legend : dict, optional
        Keyword arguments of a legend on ``ax`` naming every artist (none by
        default: the caller places it, e.g. ``ax.legend(handles=art.handles)``).

    Returns
    -------
    CuspArtists
        The region, the curves, the cusp and the cross.
    """
    c = tn.saddle_node_curve(400, w_max=w_lim[1])
    fill = ax.fill_between(c.w, c.I_low, c.I_high, **PLANE_STYLE["region"])
    (lo,) = ax.plot(c.w, c.I_low, **PLANE_STYLE["low"])
    (hi,) = ax.plot(c.w, c.I_high, **PLANE_STYLE["high"])
    (cusp,) = ax.plot([tn.W_CUSP], [tn.I_CUSP], zorder=5, **PLANE_STYLE["cusp"])
    # not clipped: the cross stays whole at the ends of the sliders' ranges
    (marker,) = ax.plot([], [], animated=animated, zorder=6, clip_on=False,
                        **PLANE_STYLE["current"])
    marker.set_in_layout(False)  # unclipped and moving: never part of the layout
    ax.set(xlim=w_lim, ylim=I_lim, xlabel="coupling w = w₁ = w₂ (1/Hz)", ylabel="input I")
    art = CuspArtists(fill, lo, hi, cusp, marker)
    update_cusp(art, w, I)
    if legend is not None:
        ax.legend(handles=art.handles, **legend)
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


# ---------------------------------------------------------------------------
# legends that name what is drawn, and only that
# ---------------------------------------------------------------------------


def _proxy(line, **changes) -> Line2D:
    """A legend handle that looks like ``line`` (never animated: a legend made after the
    app's build is drawn with the static background)."""
    h = Line2D([], [])
    h.update_from(line)
    h.set_animated(False)
    h.set(**changes)
    return h


def _proxy_patch(artist) -> "Patch":
    from matplotlib.patches import Patch

    color = artist.get_facecolor()
    color = color[0] if np.ndim(color) == 2 else color
    return Patch(facecolor=color, edgecolor="none", label=artist.get_label())


@dataclass
class LegendPanelArtists:
    """What :func:`plot_legend_panel` drew: a legend that follows the data, as a picture.

    A legend that changes with the parameters cannot be a static artist
    (each change would cost a full redraw, ~100 ms) nor an animated one (its
    text would be rendered again on every frame, ~10-40 ms). So it is rendered
    once per set of entries, kept, and blitted as an image (~1 ms per frame).

    Attributes
    ----------
    image : matplotlib.image.AxesImage
        The rendered legend, centred (or at the left) in its axes.
    """

    image: AxesImage

    def __post_init__(self):
        self.labels: list[str] = []  # what the picture shows now
        self._pictures: dict = {}  # labels -> RGBA pixels, for this figure's dpi
        self._legend_kw: dict = {}
        self._loc = "center"


def plot_legend_panel(ax, loc="center", animated=True, **legend_kw) -> LegendPanelArtists:
    """An empty axes that will show a legend picture (:func:`update_legend_panel`).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        A cell of its own beside the panels (its axis is switched off), sized
        for the longest legend.
    loc : {"center", "center left"}
        Where the legend sits in the cell.
    animated : bool
        Blit the picture (an app); ``False`` for a static figure.
    **legend_kw
        Passed to :meth:`~matplotlib.figure.Figure.legend` (``fontsize``,
        ``ncols``, ``handler_map``, ...).

    Returns
    -------
    LegendPanelArtists
        The (still empty) picture.
    """
    ax.axis("off")
    image = ax.imshow(np.ones((1, 1, 4)), extent=(0, 1, 0, 1), interpolation="nearest",
                      resample=False, animated=animated, aspect="auto")
    art = LegendPanelArtists(image)
    art._legend_kw = dict(legend_kw)
    art._loc = loc
    return art


def _legend_pixels(handles, labels, dpi, **legend_kw) -> np.ndarray:
    """A legend drawn alone at ``dpi``: RGBA pixels, shape (h, w, 4), no margin."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    leg = fig.legend(handles, labels, loc="lower left", bbox_to_anchor=(0, 0),
                     borderaxespad=0.0, **legend_kw)
    box = leg.get_window_extent(canvas.get_renderer())
    fig.set_size_inches(np.ceil(box.width + 1) / dpi, np.ceil(box.height + 1) / dpi)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def update_legend_panel(artists: LegendPanelArtists, entries) -> None:
    """Show a legend of exactly ``entries`` (rendered the first time this set appears).

    Parameters
    ----------
    artists : LegendPanelArtists
        From :func:`plot_legend_panel`.
    entries : list of (artist or callable, str)
        Legend handles (proxies, not animated), or functions that make them,
        and their labels, in order; e.g. :func:`phase_plane_entries`. Handles
        are made only when this set of labels has not been rendered yet.
    """
    labels = [lab for _, lab in entries]
    ax = artists.image.axes
    width, height = ax.bbox.width, ax.bbox.height
    if labels == artists.labels:
        return
    key = tuple(labels)
    pixels = artists._pictures.get(key)
    if pixels is None:
        handles = [h() if callable(h) else h for h, _ in entries]
        pixels = _legend_pixels(handles, labels, ax.figure.dpi, **artists._legend_kw)
        artists._pictures[key] = pixels
    artists.labels = labels
    h, w = pixels.shape[:2]
    ax.set(xlim=(0.0, width), ylim=(0.0, height))  # data units = pixels: drawn 1:1
    x0 = 0.0 if artists._loc == "center left" else round((width - w) / 2)
    y0 = round((height - h) / 2)
    artists.image.set_data(pixels)
    artists.image.set_extent((x0, x0 + w, y0, y0 + h))


FIXED_POINT_LABELS = {"stable": "stable fixed point", "saddle": "saddle",
                      "other": "unstable node or spiral", "degenerate": "saddle-node (det = 0)"}
"""Legend labels of the fixed-point marker groups of :class:`FixedPointArtists`."""


def _has_data(line) -> bool:
    x, y = line.get_data()
    return line.get_visible() and bool(np.any(np.isfinite(np.asarray(y, dtype=float))))


def fixed_point_entries(artists: FixedPointArtists) -> list:
    """Legend entries ``(handle, label)`` of the fixed-point kinds now shown.

    Parameters
    ----------
    artists : FixedPointArtists
        From :func:`plot_fixed_points`.

    Returns
    -------
    list of (callable, str)
        A function making the legend handle, and its label: one per marker
        group with points, in the order stable, saddle, other, saddle-node.
    """
    return [(partial(_proxy, getattr(artists, key)), label)
            for key, label in FIXED_POINT_LABELS.items() if _has_data(getattr(artists, key))]


def phase_plane_entries(null: NullclineArtists, fp: FixedPointArtists,
                        sep: SeparatrixArtists | None = None,
                        traj: TrajectoryArtists | None = None, preview=None,
                        preview_start=None) -> list:
    """Legend entries ``(handle, label)`` of what a phase plane shows now, and only that.

    Parameters
    ----------
    null : NullclineArtists
        The nullclines (always listed).
    fp : FixedPointArtists
        The fixed points: one entry per kind shown.
    sep : SeparatrixArtists, optional
        The separatrix (listed when drawn) and the basins (each colour listed
        when shaded).
    traj : TrajectoryArtists, optional
        Trajectories (listed when at least one is shown).
    preview, preview_start : matplotlib.lines.Line2D, optional
        A preview trajectory and its start marker (listed together when drawn).

    Returns
    -------
    list of (callable, str)
        Functions making the legend handles (never animated), with their
        labels, for :func:`update_legend_panel` (which makes handles only for
        a set of labels not rendered yet: a check costs microseconds per move).
    """
    from matplotlib.patches import Patch

    out: list = []
    if sep is not None:
        if _has_data(sep.line):
            out.append((partial(_proxy, sep.line), "separatrix"))
        shown = {tuple(np.round(p.get_facecolor()[:3], 3)) for p in sep.basins if p.get_visible()}
        for color, label in zip(BASIN_COLORS, BASIN_LABELS):
            rgb = tuple(np.round(to_rgba(color)[:3], 3))
            if rgb in shown:
                out.append((partial(Patch, facecolor=color, alpha=sep.basins[0].get_alpha()),
                            label))
    out.append((partial(_proxy, null.x), "x-nullcline (dx/dt = 0)"))
    out.append((partial(_proxy, null.y), "y-nullcline (dy/dt = 0)"))
    if traj is not None and len(traj.lines.get_paths()):  # (get_segments copies them all)
        color = traj.starts.get_facecolor()[0]
        out.append((partial(Line2D, [], [], color=color, lw=2, marker="o", ms=5,
                            markeredgecolor="white"), "launched trajectory"))
    if preview is not None and _has_data(preview):
        start = {} if preview_start is None else dict(
            marker=preview_start.get_marker(), markersize=9,
            markerfacecolor=preview_start.get_markerfacecolor(),
            markeredgecolor=preview_start.get_markeredgecolor())
        out.append((partial(_proxy, preview, **start), "preview from (x₀, y₀)"))
    return out + fixed_point_entries(fp)


def branch_entries(artists: BranchArtists) -> list:
    """Legend entries ``(handle, label)`` of what :func:`plot_branch` shows now.

    Parameters
    ----------
    artists : BranchArtists
        From :func:`plot_branch`.

    Returns
    -------
    list of (callable, str)
        Handle makers and labels: the stable branch with its marker, the
        saddle branch with its marker (when there is one), the saddle-nodes
        (when there are any), the current input (when marked).
    """
    out = []
    cur = artists.current
    if _has_data(artists.stable):
        out.append((partial(_proxy, artists.stable, marker=cur.stable.get_marker(),
                            markersize=8, markerfacecolor=cur.stable.get_markerfacecolor(),
                            markeredgecolor=cur.stable.get_markeredgecolor()),
                    "stable fixed points"))
    if _has_data(artists.saddle):
        out.append((partial(_proxy, artists.saddle, marker=cur.saddle.get_marker(),
                            markersize=7, markerfacecolor="white",
                            markeredgecolor=cur.saddle.get_markeredgecolor(),
                            markeredgewidth=2), "saddles"))
    if _has_data(artists.sn):
        out.append((partial(_proxy, artists.sn), "saddle-node"))
    if artists.vline.get_visible():
        out.append((partial(_proxy, artists.vline), "current I"))
    return out


_LEGEND_LABELS.update(FIXED_POINT_LABELS.values(), BASIN_LABELS, {"separatrix"})


def legend_of(*axes) -> tuple[list, list]:
    """The legend handles and labels of several axes, each label once, in order.

    Parameters
    ----------
    *axes : matplotlib.axes.Axes
        The panels of one figure (their labelled artists; labels starting with
        "_", as for empty marker groups, are left out).

    Returns
    -------
    (list, list)
        Handles and labels, for ``fig.legend(*legend_of(ax1, ax2), ...)``.
    """
    merged = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels()):
            merged.setdefault(label, handle)
    return list(merged.values()), list(merged)
