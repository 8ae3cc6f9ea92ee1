"""Plots of the Hopfield network (notebook 03): ``plot_x(ax, ...)`` / ``update_x(artists, ...)``.

Each ``plot_`` helper draws on the given axes and returns a small named
container of the artists it made (``PatternArtists``, ``CapacityArtists``,
...); the matching ``update_`` helper takes that container and changes the
artists in place. Pass ``animated=True`` when an app will blit them. Neuron
states are drawn in grey levels (-1 black, +1 white, as in the report);
weights in a diverging colormap centred on 0 (blue negative, red positive,
as in the report's Figure 11).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colorbar import Colorbar
from matplotlib.contour import QuadContourSet
from matplotlib.image import AxesImage
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from .. import hopfield as hf
from .style import DIVERGING_CMAP, PALETTE, PATTERN_CMAP

__all__ = [
    "PATTERN_COLORS",
    "PatternArtists",
    "WeightsArtists",
    "ActivityArtists",
    "OverlapArtists",
    "EnergyArtists",
    "CapacityArtists",
    "LandscapeArtists",
    "RunsArtists",
    "plot_pattern",
    "update_pattern",
    "plot_weights",
    "update_weights",
    "plot_activity",
    "update_activity",
    "plot_overlaps",
    "update_overlaps",
    "set_overlap_legend",
    "plot_energy",
    "update_energy",
    "plot_capacity",
    "update_capacity",
    "update_capacity_lines",
    "set_capacity_legend",
    "plot_landscape",
    "update_landscape",
    "plot_projected_runs",
    "update_projected_runs",
]

PATTERN_COLORS = (PALETTE["vermillion"], PALETTE["blue"], PALETTE["green"], PALETTE["orange"],
                  PALETTE["purple"], PALETTE["sky"], PALETTE["black"])
"""Line colours of the overlaps with the 1st, 2nd, ... stored pattern."""
GRID_COLOR = "#7f7f7f"


# ---------------------------------------------------------------------------
# what the helpers return
# ---------------------------------------------------------------------------


@dataclass
class PatternArtists:
    """What :func:`plot_pattern` drew.

    Attributes
    ----------
    image : matplotlib.image.AxesImage
        The picture, ``(side, side)`` values in [-1, 1] (-1 black, +1 white).
    """

    image: AxesImage


@dataclass
class WeightsArtists:
    """What :func:`plot_weights` drew.

    Attributes
    ----------
    image : matplotlib.image.AxesImage
        The ``(N, N)`` heat map.
    colorbar : matplotlib.colorbar.Colorbar or None
        Its colour bar, if one was asked for.
    """

    image: AxesImage
    colorbar: Colorbar | None


@dataclass
class ActivityArtists:
    """What :func:`plot_activity` drew.

    Attributes
    ----------
    image : matplotlib.image.AxesImage
        Neurons (rows) over time (columns).
    """

    image: AxesImage


@dataclass
class OverlapArtists:
    """What :func:`plot_overlaps` drew.

    Attributes
    ----------
    lines : list of matplotlib.lines.Line2D
        One curve per pattern, in the colours of :data:`PATTERN_COLORS`.
    legend : matplotlib.legend.Legend or None
        The legend in the strip above the curves (:func:`set_overlap_legend`).
    """

    lines: list
    legend: Legend | None = None


@dataclass
class EnergyArtists:
    """What :func:`plot_energy` drew.

    Attributes
    ----------
    lines : matplotlib.collections.LineCollection
        One energy curve per run.
    """

    lines: LineCollection


@dataclass
class CapacityArtists:
    """What :func:`plot_capacity` drew.

    Attributes
    ----------
    curves : list of matplotlib.lines.Line2D
        Recall fraction against ``P``, newest run first (bold), older ones faint.
    vlines : dict[str, matplotlib.lines.Line2D]
        The reference capacities, by name (the keys of
        :func:`course_lib.hopfield.capacity_lines`); their labels (name and
        value) are legend labels.
    cross : matplotlib.lines.Line2D
        Markers where the newest curve crosses 95% and 50%.
    legend : matplotlib.legend.Legend or None
        The legend below the axes (:func:`set_capacity_legend`).
    """

    curves: list
    vlines: dict
    cross: Line2D
    legend: Legend | None = None


@dataclass
class LandscapeArtists:
    """What :func:`plot_landscape` drew.

    Attributes
    ----------
    image : matplotlib.image.AxesImage
        The energy over the plane of overlaps (NaN where no ±1 state lies).
    contours : matplotlib.contour.QuadContourSet
        Its contour lines.
    corners : matplotlib.lines.Line2D
        The four minima ``p``, ``q``, ``-p``, ``-q``.
    labels : list of matplotlib.text.Text
        Their names, in the same order.
    colorbar : matplotlib.colorbar.Colorbar
        The energy scale.
    """

    image: AxesImage
    contours: QuadContourSet
    corners: Line2D
    labels: list
    colorbar: Colorbar


@dataclass
class RunsArtists:
    """What :func:`plot_projected_runs` drew.

    Attributes
    ----------
    lines : matplotlib.collections.LineCollection
        One path per run, start to end.
    starts : matplotlib.lines.Line2D
        A cross at each start.
    """

    lines: LineCollection
    starts: Line2D


# ---------------------------------------------------------------------------
# states and weights
# ---------------------------------------------------------------------------


def _picture(x, side=None):
    x = np.asarray(x, dtype=float)
    if x.ndim == 2 and x.shape[0] == x.shape[1]:
        return x
    side = side or int(round(math.sqrt(x.size)))
    if side * side != x.size:
        raise ValueError(f"a pattern of {x.size} neurons is not a square picture")
    return x.reshape(side, side)


def plot_pattern(ax, pattern, title=None, animated=False, grid=True) -> PatternArtists:
    """A pattern (or any state in [-1, 1]) as a square picture: -1 black, +1 white.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    pattern : array_like
        ``N = side²`` values in [-1, 1] (NaN: not drawn), flat or ``(side, side)``.
    title : str, optional
        Axes title.
    animated : bool
        Mark the image animated (an app redraws it by blitting).
    grid : bool
        Thin grey lines between the pixels.

    Returns
    -------
    PatternArtists
        ``image``.

    References
    ----------
    The report (Saeedpour 2025), Figures 10 and 14.
    """
    img = _picture(pattern)
    side = img.shape[0]
    im = ax.imshow(img, cmap=PATTERN_CMAP, vmin=-1, vmax=1, interpolation="nearest",
                   animated=animated)
    ax.set_xticks([])
    ax.set_yticks([])
    if grid:
        ax.set_xticks(np.arange(-0.5, side, 1), minor=True)
        ax.set_yticks(np.arange(-0.5, side, 1), minor=True)
        ax.grid(which="minor", color=GRID_COLOR, lw=0.6)
        ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color(GRID_COLOR)
    if title:
        ax.set_title(title, fontsize=11.5)
    return PatternArtists(image=im)


def update_pattern(artists: PatternArtists, pattern) -> None:
    """Show a new state (same number of pixels) in a picture made by :func:`plot_pattern`.

    Parameters
    ----------
    artists : PatternArtists
        What :func:`plot_pattern` returned.
    pattern : array_like
        ``side²`` values in [-1, 1], flat or ``(side, side)``.
    """
    side = artists.image.get_array().shape[0]
    artists.image.set_data(_picture(pattern, side))


def plot_weights(ax, W, vmax=None, colorbar=True, animated=False, title=None,
                 cax=None) -> WeightsArtists:
    """The weight matrix as a heat map, in a diverging colormap centred on 0.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    W : array_like, shape (N, N)
        Weights.
    vmax : float, optional
        Colour scale ``[-vmax, vmax]``; default ``max |W|``.
    colorbar : bool
        Add a colour bar beside the axes, labelled in units of ``1/N``.
    animated : bool
        Mark the image animated.
    title : str, optional
        Axes title.
    cax : matplotlib.axes.Axes, optional
        Axes for the colour bar (an app's fixed layout); by default the
        colour bar takes room beside ``ax``.

    Returns
    -------
    WeightsArtists
        ``image`` and ``colorbar`` (``None`` without one).

    References
    ----------
    The report (Saeedpour 2025), Figures 11 and 15 (red positive, blue negative).
    """
    W = np.asarray(W, dtype=float)
    N = W.shape[0]
    vmax = float(vmax or np.max(np.abs(W)) or 1.0 / N)
    im = ax.imshow(W, cmap=DIVERGING_CMAP, vmin=-vmax, vmax=vmax, interpolation="nearest",
                   animated=animated)
    ax.set(xlabel="neuron j", ylabel="neuron i")
    ticks = [0, N // 2, N - 1] if N > 8 else list(range(N))
    ax.set_xticks(ticks)
    ax.set_yticks(ticks)
    if title:
        ax.set_title(title, fontsize=11.5)
    cb = None
    if colorbar:
        if cax is None:
            cb = ax.figure.colorbar(im, ax=ax, shrink=0.85, pad=0.02)
        else:
            cb = ax.figure.colorbar(im, cax=cax)
        k = int(round(vmax * N))
        if abs(vmax * N - k) < 1e-9 and k <= 6:
            # every multiple of 1/N labelled up to ±2/N; beyond, -k/N, 0, k/N and small ticks
            shown = range(-k, k + 1) if k <= 2 else (-k, 0, k)
            cb.set_ticks([j / N for j in shown])
            cb.set_ticklabels([("0" if j == 0 else f"{j}/N") for j in shown])
            if k > 2:
                cb.ax.set_yticks([j / N for j in range(-k, k + 1)], minor=True)
        cb.ax.tick_params(labelsize=10.5)
        cb.set_label("$W_{ij}$", fontsize=11.5)
    return WeightsArtists(image=im, colorbar=cb)


def update_weights(artists: WeightsArtists, W) -> None:
    """New weights in a heat map of :func:`plot_weights` (the colour scale stays).

    Parameters
    ----------
    artists : WeightsArtists
        What :func:`plot_weights` returned.
    W : array_like, shape (N, N)
        The new weights.
    """
    artists.image.set_data(np.asarray(W, dtype=float))


# ---------------------------------------------------------------------------
# recall over time
# ---------------------------------------------------------------------------


def plot_activity(ax, t, states, animated=False, t_max=None) -> ActivityArtists:
    """Figure 12: every neuron's state over time, as an image (rows: neurons).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    t : array_like, shape (n_frames,)
        Times of the frames (evenly spaced).
    states : array_like, shape (n_frames, N)
        E.g. ``recall(...).states``; values in [-1, 1] (black -1, white +1).
    animated : bool
        Mark the image animated.
    t_max : float, optional
        Right end of the time axis; default ``t[-1]``.

    Returns
    -------
    ActivityArtists
        ``image``.

    References
    ----------
    The report (Saeedpour 2025), §3.2, Figure 12.
    """
    t = np.asarray(t, dtype=float)
    s = np.asarray(states, dtype=float)
    N = s.shape[1]
    t_max = float(t[-1] if t_max is None else t_max)
    im = ax.imshow(s.T, cmap=PATTERN_CMAP, vmin=-1, vmax=1, aspect="auto",
                   interpolation="nearest", extent=(0.0, t_max, N - 0.5, -0.5),
                   animated=animated)
    ax.set(xlabel="time t", ylabel="neuron i", xlim=(0.0, t_max))
    return ActivityArtists(image=im)


def update_activity(artists: ActivityArtists, t, states) -> None:
    """New states in a picture of :func:`plot_activity` (the time axis stays).

    Parameters
    ----------
    artists : ActivityArtists
        What :func:`plot_activity` returned.
    t : array_like, shape (n_frames,)
        Times of the frames (evenly spaced over the axis made by the plot).
    states : array_like, shape (n_frames, N)
        The states.
    """
    s = np.asarray(states, dtype=float)
    if len(t) != len(s):
        raise ValueError(f"t and states must have as many frames, got {len(t)} and {len(s)}")
    artists.image.set_data(s.T)


def plot_overlaps(ax, t, m, labels=None, n_max=None, animated=False, legend=False,
                  **kw) -> OverlapArtists:
    """Overlaps ``m_μ(t)`` with each stored pattern over time.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    t : array_like, shape (n_frames,)
        Times.
    m : array_like, shape (n_frames, P) or (n_frames,)
        Overlaps (e.g. :func:`course_lib.hopfield.overlap` of the states).
    labels : sequence of str, optional
        One per pattern (legend labels).
    n_max : int, optional
        Lines to create (for apps whose number of patterns changes); the
        unused ones stay empty.
    animated : bool
        Mark the lines animated.
    legend : bool
        Add a legend of the labelled lines in a strip above the curves
        (:func:`set_overlap_legend`), where it never covers them.
    **kw
        Passed to ``ax.plot`` (line width, style).

    Returns
    -------
    OverlapArtists
        ``lines``: one Line2D per pattern (``max(P, n_max)`` of them);
        ``legend`` if asked for.
    """
    m = np.asarray(m, dtype=float).reshape(len(t), -1)
    n = max(m.shape[1], n_max or 0)
    lines = []
    for k in range(n):
        label = labels[k] if labels is not None and k < len(labels) else None
        (ln,) = ax.plot([], [], color=PATTERN_COLORS[k % len(PATTERN_COLORS)], label=label,
                        animated=animated, **kw)
        lines.append(ln)
    ax.axhline(0.0, color=PALETTE["grey"], lw=0.8, zorder=0)
    ax.set(ylim=(-1.08, 1.08), yticks=[-1, -0.5, 0, 0.5, 1], xlabel="time t",
           ylabel="overlap $m_\\mu$")
    art = OverlapArtists(lines=lines)
    update_overlaps(art, t, m)
    if len(t) > 1:
        ax.set_xlim(t[0], t[-1])
    if legend and labels:
        set_overlap_legend(art, labels)
    return art


LEGEND_STRIP_TOP = 1.62
"""Upper y limit of an overlap plot with a legend: the strip above ``m = 1`` holds the legend."""


def set_overlap_legend(artists: OverlapArtists, labels, fontsize: float = 10.5) -> Legend:
    """A one-row legend of the first ``len(labels)`` overlap lines, in a strip above the data.

    Overlaps never exceed 1, so the plot's upper limit is raised to
    :data:`LEGEND_STRIP_TOP` and the legend sits above ``m = 1``: it can
    never cover a curve. Call again to change the labels (the number of
    stored patterns changed); the old legend is removed.

    Parameters
    ----------
    artists : OverlapArtists
        What :func:`plot_overlaps` returned.
    labels : sequence of str
        One label per line to list, in order; the other lines are left out.
    fontsize : float
        Points.

    Returns
    -------
    matplotlib.legend.Legend
    """
    ax = artists.lines[0].axes
    if artists.legend is not None:
        artists.legend.remove()
    labels = list(labels)
    if len(labels) > len(artists.lines):
        raise ValueError(f"labels has {len(labels)} entries but the plot has "
                         f"{len(artists.lines)} lines")
    ax.set_ylim(-1.08, LEGEND_STRIP_TOP)
    handles = [Line2D([], [], color=ln.get_color(), lw=ln.get_linewidth(),
                      ls=ln.get_linestyle()) for ln in artists.lines[:len(labels)]]
    artists.legend = ax.legend(handles, labels, loc="upper center", ncols=max(1, len(labels)),
                               fontsize=fontsize, frameon=False, handlelength=1.3,
                               columnspacing=1.0, handletextpad=0.4, borderaxespad=0.15)
    return artists.legend


def update_overlaps(artists: OverlapArtists, t, m) -> None:
    """New overlap curves; lines beyond the number of patterns are emptied.

    Parameters
    ----------
    artists : OverlapArtists
        What :func:`plot_overlaps` returned.
    t : array_like, shape (n_frames,)
        Times.
    m : array_like, shape (n_frames, P) or (n_frames,)
        Overlaps; ``P`` at most the number of lines.
    """
    m = np.asarray(m, dtype=float).reshape(len(t), -1)
    if m.shape[1] > len(artists.lines):
        raise ValueError(f"m has {m.shape[1]} patterns but the plot has "
                         f"{len(artists.lines)} lines (use n_max)")
    for k, ln in enumerate(artists.lines):
        if k < m.shape[1]:
            ln.set_data(t, m[:, k])
        else:
            ln.set_data([], [])


def plot_energy(ax, t, E, animated=False, **kw) -> EnergyArtists:
    """The energy ``E(t) = -½ x(t)ᵀ W x(t)`` over time (one run or several).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    t : array_like, shape (n_frames,)
        Times.
    E : array_like, shape (n_frames,) or (n_frames, n_runs)
        Energies (e.g. :func:`course_lib.hopfield.energy` of the states).
    animated : bool
        Mark the curves animated.
    **kw
        Passed to the LineCollection (default: black, width 2).

    Returns
    -------
    EnergyArtists
        ``lines``: one curve per run. The axes limits fit the data.
    """
    kw.setdefault("color", PALETTE["black"])
    kw.setdefault("lw", 2.0)
    lc = LineCollection([], animated=animated, **kw)
    ax.add_collection(lc)
    ax.set(xlabel="time t", ylabel="energy E")
    art = EnergyArtists(lines=lc)
    update_energy(art, t, E)
    t = np.asarray(t, dtype=float)
    E = np.asarray(E, dtype=float)
    if len(t) > 1 and np.isfinite(E).all():
        pad = 0.05 * max(float(np.ptp(E)), 1.0)
        ax.set(xlim=(t[0], t[-1]), ylim=(E.min() - pad, E.max() + pad))
    return art


def update_energy(artists: EnergyArtists, t, E) -> None:
    """New energy curve(s) in a plot of :func:`plot_energy` (the limits stay).

    Parameters
    ----------
    artists : EnergyArtists
        What :func:`plot_energy` returned.
    t : array_like, shape (n_frames,)
        Times.
    E : array_like, shape (n_frames,) or (n_frames, n_runs)
        Energies.
    """
    t = np.asarray(t, dtype=float)
    E = np.asarray(E, dtype=float).reshape(len(t), -1)
    artists.lines.set_segments([np.column_stack((t, E[:, k])) for k in range(E.shape[1])])


# ---------------------------------------------------------------------------
# capacity
# ---------------------------------------------------------------------------


def plot_capacity(ax, N=hf.N_DEFAULT, P_max=20, animated=False, n_curves=4) -> CapacityArtists:
    """Figure 18's axes: recall fraction against patterns stored, with the reference lines.

    Vertical lines at ``0.138 N`` (large-N retrieval with ~1.6% wrong bits),
    ``N / (2 ln N)`` and ``N / (4 ln N)`` (exact recall, finite N), named in
    the legend (:func:`set_capacity_legend`); horizontal lines at 95% and
    50%, labelled outside the right edge. No text is drawn over the data.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    N : int
        Neurons (for the reference lines).
    P_max : int
        Right end of the axis.
    animated : bool
        Mark the curves, markers and reference lines animated.
    n_curves : int
        Curves to prepare: the newest is drawn bold, older ones faint.

    Returns
    -------
    CapacityArtists
        ``curves`` (empty until :func:`update_capacity`), ``vlines``,
        ``cross``; ``legend`` is None until :func:`set_capacity_legend`.

    References
    ----------
    The report (Saeedpour 2025), §3.6, Figure 18; docs/hopfield.md, "Capacity".
    """
    ax.set(xlim=(0, P_max + 0.5), ylim=(-0.03, 1.05), xlabel="patterns stored P",
           ylabel="fraction recalled")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for level in (0.95, 0.5):
        ax.axhline(level, color=PALETTE["grey"], lw=1.0, ls=":", zorder=0)
        # outside the right edge, whatever the x range (x in axes coordinates, y in data)
        ax.text(1.01, level, f"{level:.0%}", ha="left", va="center", fontsize=10,
                color="0.35", transform=ax.get_yaxis_transform(), clip_on=False)
    styles = {"N / (4 ln N)": dict(color=PALETTE["orange"], ls="--"),
              "N / (2 ln N)": dict(color=PALETTE["green"], ls="--"),
              "0.138 N": dict(color=PALETTE["purple"], ls="-.")}
    vlines = {name: ax.axvline(0.0, lw=1.6, animated=animated, **st)
              for name, st in styles.items()}
    curves = []
    for k in range(n_curves):
        alpha = 1.0 if k == 0 else 0.55
        lw = 2.6 if k == 0 else 1.6
        (ln,) = ax.plot([], [], marker="o", markersize=5 if k == 0 else 3.5, lw=lw, alpha=alpha,
                        color=PATTERN_COLORS[[1, 0, 2, 4, 3][k % 5]], animated=animated,
                        label="_nolegend_")
        curves.append(ln)
    (cross,) = ax.plot([], [], linestyle="none", marker="v", markersize=9,
                       color=PALETTE["black"], animated=animated, zorder=5)
    art = CapacityArtists(curves=curves, vlines=vlines, cross=cross)
    update_capacity_lines(art, N)
    return art


def update_capacity_lines(artists: CapacityArtists, N) -> None:
    """Move the reference lines to the values for ``N`` neurons (and relabel them).

    Parameters
    ----------
    artists : CapacityArtists
        What :func:`plot_capacity` returned.
    N : int
        Neurons. Call :func:`set_capacity_legend` afterwards to show the new
        labels.
    """
    for name, value in hf.capacity_lines(N).items():
        artists.vlines[name].set_xdata([value, value])
        artists.vlines[name].set_label(f"{name} = {value:.2f}")


def set_capacity_legend(artists: CapacityArtists, ncols: int = 2,
                        fontsize: float = 10.5) -> Legend:
    """The legend below the axes: the drawn runs, then the three reference lines.

    Below the x label, outside the data, so it never covers a curve; only
    curves that hold data are listed. Call again after the runs or ``N``
    changed; the old legend is removed.

    Parameters
    ----------
    artists : CapacityArtists
        What :func:`plot_capacity` returned.
    ncols : int
        Columns of the legend (1 in a narrow figure).
    fontsize : float
        Points.

    Returns
    -------
    matplotlib.legend.Legend
    """
    ax = artists.cross.axes
    if artists.legend is not None:
        artists.legend.remove()
    handles = [c for c in artists.curves if len(c.get_xdata())] + list(artists.vlines.values())
    artists.legend = ax.legend(handles, [h.get_label() for h in handles], loc="upper center",
                               bbox_to_anchor=(0.5, 0.0), borderaxespad=3.6, ncols=ncols,
                               fontsize=fontsize, frameon=False, handlelength=2.2,
                               columnspacing=1.5, labelspacing=0.35)
    artists.legend.set_animated(False)
    return artists.legend


def update_capacity(artists: CapacityArtists, runs) -> None:
    """Show capacity runs, newest first; the newest also gets its 95% and 50% crossings.

    Parameters
    ----------
    artists : CapacityArtists
        What :func:`plot_capacity` returned.
    runs : sequence of (array_like, array_like, str)
        ``(P, fraction, label)`` per run, newest first; runs beyond the
        number of curves are not drawn. Curves without a run are emptied
        and leave the legend (call :func:`set_capacity_legend` to redo it).
    """
    for k, ln in enumerate(artists.curves):
        if k < len(runs):
            P, f, label = runs[k]
            ln.set_data(P, f)
            ln.set_label(label)
        else:
            ln.set_data([], [])
            ln.set_label("_nolegend_")
    if runs:
        P, f, _ = runs[0]
        xs = [hf.crossing(P, f, lv) for lv in (0.95, 0.5)]
        pts = [(x, lv) for x, lv in zip(xs, (0.95, 0.5)) if not math.isnan(x)]
        artists.cross.set_data([p[0] for p in pts], [p[1] for p in pts])
    else:
        artists.cross.set_data([], [])


# ---------------------------------------------------------------------------
# the energy landscape
# ---------------------------------------------------------------------------


def _landscape(p, q, n_patterns, N=None):
    """The energy over the plane of overlaps with ``p`` and ``q``, NaN where no ±1 state lies."""
    pq = hf.as_patterns([p, q])
    N = N or pq.shape[1]
    c = hf.overlap(pq[0], pq[1])
    g = np.linspace(-1.0, 1.0, 241)
    mp, mq = np.meshgrid(g, g)
    inside = (np.abs(mp + mq) <= 1 + c + 1e-9) & (np.abs(mp - mq) <= 1 - c + 1e-9)
    E = hf.energy_from_overlaps(np.stack([mp, mq], axis=-1), n_patterns, N)
    return g, np.where(inside, E, np.nan), pq, N


def plot_landscape(ax, p, q, n_patterns=2, N=None, animated=False,
                   names=("p", "q"), cax=None) -> LandscapeArtists:
    """The energy over the plane of overlaps ``(m_p, m_q)`` with two stored patterns.

    Every ±1 state has overlaps in a tilted rectangle with corners at ``p``,
    ``q``, ``-p`` and ``-q`` (:func:`course_lib.hopfield.overlap_region`);
    inside it the energy of a state is ``-(N/2)(m_p² + m_q²) + P/2`` exactly
    (for states with no overlap with other stored patterns). The four
    corners are the minima.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    p, q : array_like
        The two patterns.
    n_patterns : int
        Number of stored patterns ``P`` (adds ``P/2``).
    N : int, optional
        Neurons; default from ``p``.
    animated : bool
        Mark the energy map animated.
    names : (str, str)
        Labels of the two patterns on the corners.
    cax : matplotlib.axes.Axes, optional
        Axes for the colour bar (an app's fixed layout); by default it takes
        room beside ``ax``.

    Returns
    -------
    LandscapeArtists
        ``image``, ``contours``, ``corners``, ``labels``, ``colorbar``.

    References
    ----------
    docs/hopfield.md, "Energy" (the formula from the overlaps).
    """
    g, E, pq, N = _landscape(p, q, n_patterns, N)
    im = ax.imshow(E, origin="lower", extent=(-1, 1, -1, 1), cmap="viridis",
                   vmin=-0.5 * N, vmax=0.5 * n_patterns, interpolation="bilinear",
                   animated=animated)
    levels = np.linspace(-0.5 * N, 0, 9)[1:-1]
    cs = ax.contour(g, g, E, levels=levels, colors="white", linewidths=0.7, alpha=0.6)
    corners = hf.overlap_region(pq[0], pq[1])
    (cm,) = ax.plot(corners[:, 0], corners[:, 1], linestyle="none", marker="o", markersize=10,
                    markerfacecolor=PALETTE["black"], markeredgecolor="white",
                    markeredgewidth=1.5, zorder=6)
    labels = []
    # each name outside the reachable region, off the corner's outer edge: p below, -p above
    # (inside the axes), q to the right, -q to the left
    where = ((0.0, -0.07, "center", "top"), (0.06, 0.0, "left", "center"),
             (0.0, 0.07, "center", "bottom"), (-0.06, 0.0, "right", "center"))
    for (x, y), lab, (dx, dy, ha, va) in zip(
            corners, (names[0], names[1], "−" + names[0], "−" + names[1]), where):
        labels.append(ax.text(x + dx, y + dy, lab, ha=ha, va=va, fontsize=11,
                              fontweight="bold", zorder=7))
    ax.set(xlim=(-1.25, 1.25), ylim=(-1.15, 1.15), xlabel=f"overlap with {names[0]}",
           ylabel=f"overlap with {names[1]}")
    ax.set_aspect("equal")
    if cax is None:
        cb = ax.figure.colorbar(im, ax=ax, shrink=0.8, pad=0.02)
    else:
        cb = ax.figure.colorbar(im, cax=cax)
    cb.ax.set_title("E", fontsize=11)
    return LandscapeArtists(image=im, contours=cs, corners=cm, labels=labels, colorbar=cb)


def update_landscape(artists: LandscapeArtists, p, q, n_patterns, N=None) -> None:
    """Redo the energy map for another number of stored patterns (the contours stay).

    Parameters
    ----------
    artists : LandscapeArtists
        What :func:`plot_landscape` returned.
    p, q : array_like
        The two patterns of the plane (as given to :func:`plot_landscape`).
    n_patterns : int
        Number of stored patterns ``P``.
    N : int, optional
        Neurons; default from ``p``.
    """
    artists.image.set_data(_landscape(p, q, n_patterns, N)[1])


def plot_projected_runs(ax, m_runs, animated=False, color=PALETTE["orange"]) -> RunsArtists:
    """Recall runs drawn in the plane of two overlaps: lines from start (x) to end.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    m_runs : array_like, shape (n_frames, n_runs, 2)
        Overlaps of each run with the two patterns, frame by frame.
    animated : bool
        Mark the lines and markers animated.
    color : color
        Of the lines and the start markers.

    Returns
    -------
    RunsArtists
        ``lines`` and ``starts``.
    """
    lc = LineCollection([], colors=color, linewidths=1.6, alpha=0.9, animated=animated,
                        zorder=4)
    ax.add_collection(lc)
    (starts,) = ax.plot([], [], linestyle="none", marker="x", markersize=7, color=color,
                        markeredgewidth=2, animated=animated, zorder=5)
    art = RunsArtists(lines=lc, starts=starts)
    update_projected_runs(art, m_runs)
    return art


def update_projected_runs(artists: RunsArtists, m_runs) -> None:
    """New runs in a plot of :func:`plot_projected_runs`.

    Parameters
    ----------
    artists : RunsArtists
        What :func:`plot_projected_runs` returned.
    m_runs : array_like, shape (n_frames, n_runs, 2)
        Overlaps of each run with the two patterns, frame by frame (empty:
        no runs).
    """
    m = np.asarray(m_runs, dtype=float)
    if m.size == 0:
        artists.lines.set_segments([])
        artists.starts.set_data([], [])
        return
    artists.lines.set_segments([m[:, k, :] for k in range(m.shape[1])])
    artists.starts.set_data(m[0, :, 0], m[0, :, 1])
