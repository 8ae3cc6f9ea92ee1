"""Plots of the two-neuron network (notebook 02): ``plot_x(ax, ...)`` / ``update_x(artists, ...)``.

Each ``plot_`` helper draws on the given axes and returns a dict of the
artists it made; the matching ``update_`` helper changes them in place. Pass
``animated=True`` when an app will blit them. Phase-plane axes keep the fixed
limits :data:`BOX` (rates 0 to 50 Hz with a small margin), so nothing static
changes when parameters move.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.patches import Polygon

from .. import two_neuron as tn
from .style import PALETTE, SADDLE, STABLE, UNSTABLE

__all__ = [
    "BOX",
    "TRAJ_COLORS",
    "BASIN_COLORS",
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
X_NULL = dict(color=PALETTE["vermillion"], ls="--", lw=2.2)
Y_NULL = dict(color=PALETTE["blue"], ls="--", lw=2.2)
SEPARATRIX = dict(color=PALETTE["black"], lw=2.8, alpha=0.8)
SADDLE_NODE = dict(marker="s", markersize=9, markerfacecolor=PALETTE["grey"],
                   markeredgecolor=PALETTE["black"], markeredgewidth=1.5, linestyle="none")


def setup_phase_axes(ax, box=BOX, title=None):
    """Fixed limits, labels and a square aspect for a phase-plane axes."""
    ax.set(xlim=box, ylim=box, xlabel="rate x (Hz)", ylabel="rate y (Hz)")
    ax.set_aspect("equal")
    if title:
        ax.set_title(title)


# ---------------------------------------------------------------------------
# phase plane
# ---------------------------------------------------------------------------


def plot_vector_field(ax, w1, w2, I, n=15, box=BOX, animated=False, arrow=2.2):
    """The direction of the flow on an ``n x n`` grid (arrows of equal length).

    Parameters
    ----------
    ax : matplotlib Axes
    w1, w2, I : float
        Couplings (1/Hz) and input.
    n : int
        Arrows per side.
    box : (float, float)
        Range of the grid (Hz).
    arrow : float
        Arrow length (Hz).

    Returns
    -------
    dict
        ``"quiver"`` and the grid ``"X"``, ``"Y"``.
    """
    g = np.linspace(box[0] + 2.0, box[1] - 2.0, n)
    X, Y = np.meshgrid(g, g)
    q = ax.quiver(X, Y, np.zeros_like(X), np.zeros_like(Y), angles="xy", scale_units="xy",
                  scale=1.0 / arrow, pivot="mid", color=PALETTE["grey"], width=0.0035,
                  headwidth=4, headlength=4.5, minlength=0, alpha=0.85, animated=animated,
                  zorder=1.5)
    art = {"quiver": q, "X": X, "Y": Y}
    update_vector_field(art, w1, w2, I)
    return art


def update_vector_field(artists, w1, w2, I):
    """Point the arrows of :func:`plot_vector_field` along the new flow."""
    U, V = tn.velocity(artists["X"], artists["Y"], w1, w2, I)
    L = np.hypot(U, V)
    L[L == 0.0] = np.inf
    artists["quiver"].set_UVC(U / L, V / L)


def plot_nullclines(ax, w1, w2, I, box=BOX, animated=False, labels=True):
    """Figure 8: the x-nullcline ``x = f(w2 y + I)`` and the y-nullcline ``y = f(w1 x + I)``.

    Returns
    -------
    dict
        ``"x"`` and ``"y"``: the two Line2D.
    """
    (lx,) = ax.plot([], [], animated=animated, label="x-nullcline (dx/dt = 0)" if labels else None,
                    zorder=3, **X_NULL)
    (ly,) = ax.plot([], [], animated=animated, label="y-nullcline (dy/dt = 0)" if labels else None,
                    zorder=3, **Y_NULL)
    art = {"x": lx, "y": ly, "box": box}
    update_nullclines(art, w1, w2, I)
    return art


def update_nullclines(artists, w1, w2, I):
    """Redraw the nullclines for new parameters."""
    nc = tn.nullclines(w1, w2, I, lim=artists["box"])
    artists["x"].set_data(*nc["x"])
    artists["y"].set_data(*nc["y"])


def plot_fixed_points(ax, fps, animated=False, labels=True):
    """Fixed points by kind: stable filled discs, saddles open diamonds, others open rings.

    Returns
    -------
    dict
        ``"stable"``, ``"saddle"``, ``"other"`` (Line2D) and ``"degenerate"``
        (saddle-nodes: grey squares).
    """
    lab = (lambda s: s) if labels else (lambda s: None)
    art = {
        "stable": ax.plot([], [], animated=animated, zorder=6, label=lab("stable (node/spiral)"),
                          **STABLE)[0],
        "saddle": ax.plot([], [], animated=animated, zorder=6, label=lab("saddle (unstable)"),
                          **SADDLE)[0],
        "other": ax.plot([], [], animated=animated, zorder=6, label=None, **UNSTABLE)[0],
        "degenerate": ax.plot([], [], animated=animated, zorder=6, label=None,
                              **SADDLE_NODE)[0],
    }
    update_fixed_points(art, fps)
    return art


def update_fixed_points(artists, fps):
    """Move the fixed-point markers to ``fps`` (a list of FixedPoint)."""
    groups = {"stable": [], "saddle": [], "other": [], "degenerate": []}
    for fp in fps:
        if fp.stable:
            key = "stable"
        elif fp.kind == "saddle":
            key = "saddle"
        elif "zero eigenvalue" in fp.kind:
            key = "degenerate"
        else:
            key = "other"
        groups[key].append((fp.x, fp.y))
    for key, pts in groups.items():
        pts = np.array(pts, dtype=float).reshape(-1, 2)
        artists[key].set_data(pts[:, 0], pts[:, 1])


def basin_legend_handles(alpha=0.2):
    """Proxy patches for a legend of the basin shading (the real patches may be hidden)."""
    from matplotlib.patches import Patch

    return [Patch(facecolor=c, alpha=alpha, label=lab) for c, lab in
            zip(BASIN_COLORS, BASIN_LABELS)]


def _basin_color(index, basins):
    """Blue for the attractor with the lower x, orange for the higher (one basin: by its x)."""
    if len(basins) == 1:
        return BASIN_COLORS[0 if basins[0].attractor.x < tn.R_MAX / 2 else 1]
    xs = sorted(b.attractor.x for b in basins)
    return BASIN_COLORS[0 if basins[index].attractor.x == xs[0] else 1]


def plot_separatrix(ax, sep=None, basins=(), animated=False, alpha=0.2, labels=True):
    """The separatrix (stable manifold of the saddle) and the shaded basins.

    Parameters
    ----------
    sep : Separatrix or None
        From :func:`course_lib.two_neuron.separatrix`.
    basins : list of Basin
        From :func:`course_lib.two_neuron.basin_polygons`.

    Returns
    -------
    dict
        ``"line"`` (Line2D) and ``"basins"`` (two Polygon patches).
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
    art = {"line": line, "basins": patches}
    update_separatrix(art, sep, basins)
    return art


def update_separatrix(artists, sep, basins):
    """Redraw the separatrix and the basins (hidden when there are none)."""
    if sep is None:
        artists["line"].set_data([], [])
    else:
        artists["line"].set_data(sep.x, sep.y)
    for i, patch in enumerate(artists["basins"]):
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


def plot_trajectories(ax, x, y, colors=TRAJ_COLORS, n_max=None, animated=False,
                      arrows=(0.2, 0.55), lw=2.0, label=None):
    """Figure 7: trajectories in the phase plane with direction arrows and start dots.

    Parameters
    ----------
    x, y : ndarray, shape (n_ic, n_t)
        The trajectories (e.g. ``sim.x``, ``sim.y``).
    colors : sequence of colours, cycled.
    n_max : int, optional
        Most trajectories an update may show (default ``n_ic``).
    arrows : sequence of float
        Fractions of each trajectory's length at which an arrow is drawn.
    label : str, optional
        Legend label (one entry for all trajectories).

    Returns
    -------
    dict
        ``"lines"`` (one LineCollection), ``"starts"`` (PathCollection of
        dots), ``"arrows"`` (Quiver).
    """
    x, y = np.atleast_2d(x), np.atleast_2d(y)
    n_max = len(x) if n_max is None else int(n_max)
    cols = [colors[i % len(colors)] for i in range(n_max)]
    lines = LineCollection([], linewidths=lw, animated=animated, zorder=5, label=label,
                           capstyle="round")
    ax.add_collection(lines, autolim=False)
    starts = ax.scatter(np.zeros(n_max), np.zeros(n_max), s=30, c=cols, edgecolors="white",
                        linewidths=0.8, zorder=5.5, animated=animated)
    fr = tuple(arrows)
    n_arrows = n_max * len(fr)
    q = ax.quiver(np.zeros(n_arrows), np.zeros(n_arrows), np.zeros(n_arrows),
                  np.zeros(n_arrows), color=[c for _ in fr for c in cols],
                  angles="xy", scale_units="xy", scale=1 / 1.6, pivot="mid", width=0.006,
                  headwidth=3.2, headlength=3.0, headaxislength=2.7, minlength=0,
                  zorder=5.5, animated=animated)
    art = {"lines": lines, "starts": starts, "arrows": q, "fractions": fr, "n_max": n_max,
           "colors": cols}
    update_trajectories(art, x, y)
    return art


def update_trajectories(artists, x, y):
    """Show new trajectories (at most ``n_max``, in the colours' order)."""
    x, y = np.atleast_2d(x), np.atleast_2d(y)
    n, n_max = len(x), artists["n_max"]
    if n > n_max:
        raise ValueError(f"at most {n_max} trajectories fit these artists, got {n}")
    if x.size == 0:
        n = 0
    artists["lines"].set_segments([np.column_stack((x[i], y[i])) for i in range(n)])
    artists["lines"].set_color(artists["colors"][:n] or "none")
    offsets = np.full((n_max, 2), np.nan)
    if n:
        offsets[:n] = np.column_stack((x[:, 0], y[:, 0]))
    artists["starts"].set_offsets(offsets)
    fr = artists["fractions"]
    P = np.full((len(fr), n_max, 2), np.nan)
    U = np.zeros((len(fr), n_max, 2))
    if n and x.shape[1] > 1:
        p, u = _arrow_positions(x, y, fr)
        P[:, :n] = p.reshape(len(fr), n, 2)
        U[:, :n] = u.reshape(len(fr), n, 2)
    q = artists["arrows"]
    q.set_offsets(P.reshape(-1, 2))
    q.set_UVC(U[..., 0].ravel(), U[..., 1].ravel())


def plot_time_courses(ax_x, ax_y, t, x, y, colors=TRAJ_COLORS, n_max=None, animated=False,
                      lw=2.0, labels=None):
    """Figure 6: ``x(t)`` on one axes and ``y(t)`` on another, one line per start.

    Parameters
    ----------
    ax_x, ax_y : matplotlib Axes
    t : ndarray, shape (n_t,)
    x, y : ndarray, shape (n_ic, n_t)
    colors : sequence of colours, cycled (same order as :func:`plot_trajectories`).
    n_max : int, optional
        Most traces an update may show (default ``n_ic``).
    labels : sequence of str, optional
        One per trace: adds a legend to ``ax_x``.

    Returns
    -------
    dict
        ``"x"``, ``"y"``: one LineCollection each.
    """
    x = np.atleast_2d(x)
    n_max = len(x) if n_max is None else int(n_max)
    art = {"colors": [colors[i % len(colors)] for i in range(n_max)], "n_max": n_max}
    for key, ax in (("x", ax_x), ("y", ax_y)):
        lc = LineCollection([], linewidths=lw, animated=animated)
        ax.add_collection(lc, autolim=False)
        art[key] = lc
    update_time_courses(art, t, x, y)
    if labels is not None:
        from matplotlib.lines import Line2D

        handles = [Line2D([], [], color=c, lw=lw, label=lab)
                   for c, lab in zip(art["colors"], labels)]
        ax_x.legend(handles=handles, loc="center right", fontsize=10.5)
    return art


def update_time_courses(artists, t, x, y):
    """Put new rate traces into :func:`plot_time_courses`' collections."""
    x, y = np.atleast_2d(x), np.atleast_2d(y)
    n = 0 if x.size == 0 else len(x)
    if n > artists["n_max"]:
        raise ValueError(f"at most {artists['n_max']} traces fit these artists, got {n}")
    t = np.asarray(t, dtype=float)
    for key, v in (("x", x), ("y", y)):
        artists[key].set_segments([np.column_stack((t, v[i])) for i in range(n)])
        artists[key].set_color(artists["colors"][:n] or "none")


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


def plot_branch(ax, w, I=None, I_lim=(-25.0, 5.0), animated=False):
    """Figure 9a: fixed points ``x*`` against ``I`` for ``w1 = w2 = w``, exact.

    Stable nodes solid, saddles dashed; the saddle-node points are grey
    squares; with ``I`` given, a vertical line and the fixed points there.

    Returns
    -------
    dict
        ``"stable"``, ``"saddle"``, ``"sn"``, ``"vline"``, ``"current"``
        (dict of fixed-point markers).
    """
    (st,) = ax.plot([], [], color=PALETTE["black"], lw=2.4, animated=animated,
                    label="stable node")
    (un,) = ax.plot([], [], color=PALETTE["vermillion"], lw=2.2, ls="--", animated=animated,
                    label="saddle (unstable)")
    (sn,) = ax.plot([], [], animated=animated, zorder=5, label="saddle-node", **SADDLE_NODE)
    vline = ax.axvline(0.0, color=PALETTE["grey"], lw=1.2, ls=":", animated=animated)
    current = plot_fixed_points(ax, [], animated=animated, labels=False)
    ax.set(xlim=I_lim, ylim=(-2, 52), xlabel="input I", ylabel="fixed point x* = y* (Hz)")
    art = {"stable": st, "saddle": un, "sn": sn, "vline": vline, "current": current,
           "I_lim": I_lim}
    update_branch(art, w, I)
    return art


def update_branch(artists, w, I=None):
    """Redraw the branch for a new ``w`` and mark the fixed points at ``I``."""
    # reach the panel's edges: on the branch I = s - w f(s), with 0 < f < 50
    lo, hi = artists.get("I_lim", (-25.0, 5.0))
    s_lim = max(40.0, abs(lo), abs(hi)) + tn.R_MAX * abs(w) + 5.0
    b = tn.symmetric_branch(w, s_lim=s_lim)
    st, un = _split(b)
    artists["stable"].set_data(b.I, st)
    artists["saddle"].set_data(b.I, un)
    sns = tn.saddle_nodes(w)
    artists["sn"].set_data([s.I for s in sns], [s.x for s in sns])
    if I is None:
        artists["vline"].set_visible(False)
        update_fixed_points(artists["current"], [])
    else:
        artists["vline"].set_visible(True)
        artists["vline"].set_xdata([I, I])
        # on this diagram a fixed point sits at (I, x*)
        fps = [fp._replace(y=fp.x, x=I) for fp in tn.fixed_points(w, w, I)]
        update_fixed_points(artists["current"], fps)


def _count_curve(w, I_lim):
    v = tn.saddle_node_values(w)
    lo, hi = I_lim
    if v.size < 2:
        return np.array([lo, hi]), np.array([1, 1])
    a, b = np.clip(v, lo, hi)
    return np.array([lo, a, a, b, b, hi]), np.array([1, 1, 3, 3, 1, 1])


def plot_count(ax, w, I_lim=(-25.0, 5.0), animated=False):
    """Figure 9a (top): the number of fixed points against ``I`` for ``w1 = w2 = w``.

    Returns
    -------
    dict
        ``"line"`` (Line2D).
    """
    (line,) = ax.plot(*_count_curve(w, I_lim), color=PALETTE["blue"], lw=2.2, animated=animated)
    ax.set(xlim=I_lim, ylim=(0.5, 3.5), yticks=[1, 2, 3], ylabel="# fixed\npoints")
    return {"line": line, "I_lim": I_lim}


def update_count(artists, w):
    """Redraw the count for a new ``w``."""
    artists["line"].set_data(*_count_curve(w, artists["I_lim"]))


def plot_cusp(ax, w_lim=(0.0, 1.0), I_lim=(-25.0, 5.0), w=None, I=None, animated=False,
              I_horizontal=False, annotate=True):
    """Extension: the ``(w, I)`` plane with the two saddle-node curves and the cusp.

    The region between the curves (three fixed points, bistable) is shaded.
    With ``w`` and ``I``, a cross marks the current parameters (animated).

    Parameters
    ----------
    I_horizontal : bool
        Put ``I`` on the horizontal axis (to line up with :func:`plot_branch`);
        by default ``w`` is horizontal.
    annotate : bool
        Label the cusp and the one-fixed-point regions.

    Returns
    -------
    dict
        ``"marker"`` (Line2D) and the static artists.
    """
    c = tn.saddle_node_curve(400, w_max=w_lim[1])

    def xy(wv, Iv):
        return (Iv, wv) if I_horizontal else (wv, Iv)

    fill_fn = ax.fill_betweenx if I_horizontal else ax.fill_between
    fill = fill_fn(c["w"], c["I_low"], c["I_high"], color=PALETTE["orange"], alpha=0.25,
                   lw=0, label="bistable: 3 fixed points")
    (lo,) = ax.plot(*xy(c["w"], c["I_low"]), color=PALETTE["black"], lw=1.8,
                    label="saddle-node curves")
    (hi,) = ax.plot(*xy(c["w"], c["I_high"]), color=PALETTE["black"], lw=1.8)
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
    art = {"fill": fill, "low": lo, "high": hi, "cusp": cusp, "marker": marker,
           "I_horizontal": I_horizontal}
    update_cusp(art, w, I)
    return art


def update_cusp(artists, w, I):
    """Move the current-parameter cross (hidden if ``w`` or ``I`` is None)."""
    if w is None or I is None:
        artists["marker"].set_data([], [])
    elif artists["I_horizontal"]:
        artists["marker"].set_data([I], [w])
    else:
        artists["marker"].set_data([w], [I])


def plot_nullcline_family(ax, w, I_values, animated=False, alpha=0.35):
    """Figure 9b: the nullclines for several inputs, faint, one pair per ``I``.

    Returns
    -------
    dict
        ``"x"``, ``"y"``: LineCollections (x- and y-nullclines), and ``"I"``.
    """
    art = {"I": tuple(I_values)}
    for key, color in (("x", PALETTE["vermillion"]), ("y", PALETTE["blue"])):
        lc = LineCollection([], colors=color, linewidths=1.1, alpha=alpha, animated=animated)
        ax.add_collection(lc, autolim=False)
        art[key] = lc
    update_nullcline_family(art, w)
    return art


def update_nullcline_family(artists, w):
    """Redraw the family for a new ``w``."""
    segs = {"x": [], "y": []}
    for I in artists["I"]:
        nc = tn.nullclines(w, w, I, n=120)
        for key in segs:
            segs[key].append(np.column_stack(nc[key]))
    artists["x"].set_segments(segs["x"])
    artists["y"].set_segments(segs["y"])
