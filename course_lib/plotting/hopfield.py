"""Plots of the Hopfield network (notebook 03): ``plot_x(ax, ...)`` / ``update_x(artists, ...)``.

Each ``plot_`` helper draws on the given axes and returns a dict of the
artists it made; the matching ``update_`` helper changes them in place. Pass
``animated=True`` when an app will blit them. Neuron states are drawn in
grey levels (-1 black, +1 white, as in the report); weights in a diverging
colormap centred on 0 (blue negative, red positive, as in the report's
Figure 11).
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.collections import LineCollection

from .. import hopfield as hf
from .style import DIVERGING_CMAP, PALETTE, PATTERN_CMAP

__all__ = [
    "PATTERN_COLORS",
    "plot_pattern",
    "update_pattern",
    "plot_weights",
    "update_weights",
    "plot_activity",
    "update_activity",
    "plot_overlaps",
    "update_overlaps",
    "plot_energy",
    "update_energy",
    "plot_capacity",
    "update_capacity",
    "update_capacity_lines",
    "plot_landscape",
    "update_landscape",
    "plot_projected_runs",
    "update_projected_runs",
]

PATTERN_COLORS = (PALETTE["vermillion"], PALETTE["blue"], PALETTE["green"], PALETTE["orange"],
                  PALETTE["purple"], PALETTE["sky"], PALETTE["black"])
"""Line colours of the overlaps with the 1st, 2nd, ... stored pattern."""
GRID_COLOR = "#7f7f7f"


def _picture(x, side=None):
    x = np.asarray(x, dtype=float)
    if x.ndim == 2 and x.shape[0] == x.shape[1]:
        return x
    side = side or int(round(math.sqrt(x.size)))
    if side * side != x.size:
        raise ValueError(f"a pattern of {x.size} neurons is not a square picture")
    return x.reshape(side, side)


def plot_pattern(ax, pattern, title=None, animated=False, grid=True):
    """A pattern (or any state in [-1, 1]) as a square picture: -1 black, +1 white.

    Parameters
    ----------
    ax : matplotlib Axes
    pattern : array_like
        ``N = side²`` values, flat or ``(side, side)``.
    title : str, optional
    grid : bool
        Thin grey lines between the pixels.

    Returns
    -------
    dict
        ``"image"`` (AxesImage) and ``"side"``.

    References
    ----------
    Seed 000, Figures 10 and 14.
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
    return {"image": im, "side": side}


def update_pattern(artists, pattern):
    """Show a new state in a picture made by :func:`plot_pattern`."""
    artists["image"].set_data(_picture(pattern, artists["side"]))


def plot_weights(ax, W, vmax=None, colorbar=True, animated=False, title=None):
    """The weight matrix as a heat map, in a diverging colormap centred on 0.

    Parameters
    ----------
    ax : matplotlib Axes
    W : array_like, shape (N, N)
    vmax : float, optional
        Colour scale ``[-vmax, vmax]``; default ``max |W|``.
    colorbar : bool
        Add a colour bar beside the axes, labelled in units of ``1/N``.

    Returns
    -------
    dict
        ``"image"`` and ``"colorbar"`` (or ``None``).

    References
    ----------
    Seed 000, Figures 11 and 15 (red positive, blue negative).
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
        cb = ax.figure.colorbar(im, ax=ax, shrink=0.85, pad=0.02)
        k = int(round(vmax * N))
        if abs(vmax * N - k) < 1e-9 and k <= 6:
            cb.set_ticks([j / N for j in range(-k, k + 1)])
            cb.set_ticklabels([("0" if j == 0 else f"{j}/N") for j in range(-k, k + 1)])
        cb.ax.tick_params(labelsize=9.5)
        cb.set_label("$W_{ij}$", fontsize=11)
    return {"image": im, "colorbar": cb}


def update_weights(artists, W):
    """New weights in a heat map of :func:`plot_weights` (the colour scale stays)."""
    artists["image"].set_data(np.asarray(W, dtype=float))


def plot_activity(ax, t, states, animated=False, t_max=None):
    """Figure 12: every neuron's state over time, as an image (rows: neurons).

    Parameters
    ----------
    ax : matplotlib Axes
    t : array_like, shape (n_frames,)
        Times of the frames (evenly spaced).
    states : array_like, shape (n_frames, N)
        E.g. ``recall(...).states``; values in [-1, 1] (black -1, white +1).
    t_max : float, optional
        Right end of the time axis; default ``t[-1]``.

    Returns
    -------
    dict
        ``"image"``.
    """
    t = np.asarray(t, dtype=float)
    s = np.asarray(states, dtype=float)
    N = s.shape[1]
    t_max = float(t[-1] if t_max is None else t_max)
    im = ax.imshow(s.T, cmap=PATTERN_CMAP, vmin=-1, vmax=1, aspect="auto",
                   interpolation="nearest", extent=(0.0, t_max, N - 0.5, -0.5),
                   animated=animated)
    ax.set(xlabel="time t", ylabel="neuron i", xlim=(0.0, t_max))
    return {"image": im, "N": N}


def update_activity(artists, t, states):
    """New states in a picture of :func:`plot_activity` (the time axis stays)."""
    artists["image"].set_data(np.asarray(states, dtype=float).T)


def plot_overlaps(ax, t, m, labels=None, n_max=None, animated=False, **kw):
    """Overlaps ``m_μ(t)`` with each stored pattern over time.

    Parameters
    ----------
    ax : matplotlib Axes
    t : array_like, shape (n_frames,)
    m : array_like, shape (n_frames, P)
    labels : sequence of str, optional
        One per pattern (legend labels).
    n_max : int, optional
        Lines to create (for apps whose number of patterns changes); the
        unused ones stay empty.

    Returns
    -------
    dict
        ``"lines"``: one Line2D per pattern.
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
    art = {"lines": lines}
    update_overlaps(art, t, m)
    if len(t) > 1:
        ax.set_xlim(t[0], t[-1])
    return art


def update_overlaps(artists, t, m):
    """New overlap curves; lines beyond the number of patterns are emptied."""
    m = np.asarray(m, dtype=float).reshape(len(t), -1)
    for k, ln in enumerate(artists["lines"]):
        if k < m.shape[1]:
            ln.set_data(t, m[:, k])
        else:
            ln.set_data([], [])


def plot_energy(ax, t, E, animated=False, **kw):
    """The energy ``E(t) = -½ x(t)ᵀ W x(t)`` over time (one run or several).

    Returns
    -------
    dict
        ``"lines"``: a LineCollection, one curve per run.
    """
    kw.setdefault("color", PALETTE["black"])
    kw.setdefault("lw", 2.0)
    lc = LineCollection([], animated=animated, **kw)
    ax.add_collection(lc)
    ax.set(xlabel="time t", ylabel="energy E")
    art = {"lines": lc}
    update_energy(art, t, E)
    t = np.asarray(t, dtype=float)
    E = np.asarray(E, dtype=float)
    if len(t) > 1 and np.isfinite(E).all():
        pad = 0.05 * max(float(np.ptp(E)), 1.0)
        ax.set(xlim=(t[0], t[-1]), ylim=(E.min() - pad, E.max() + pad))
    return art


def update_energy(artists, t, E):
    """New energy curve(s): ``E`` of shape ``(n_frames,)`` or ``(n_frames, n_runs)``."""
    t = np.asarray(t, dtype=float)
    E = np.asarray(E, dtype=float).reshape(len(t), -1)
    artists["lines"].set_segments([np.column_stack((t, E[:, k])) for k in range(E.shape[1])])


def plot_capacity(ax, N=hf.N_DEFAULT, P_max=20, animated=False, n_curves=4):
    """Figure 18's axes: recall fraction against patterns stored, with the reference lines.

    Vertical lines at ``0.138 N`` (large-N retrieval with ~1.6% wrong bits),
    ``N / (2 ln N)`` and ``N / (4 ln N)`` (exact recall, finite N);
    horizontal lines at 95% and 50%.

    Parameters
    ----------
    ax : matplotlib Axes
    N : int
        Neurons (for the reference lines).
    P_max : int
        Right end of the axis.
    n_curves : int
        Curves to prepare: the newest is drawn bold, older ones faint.

    Returns
    -------
    dict
        ``"curves"`` (Line2D, newest first), ``"vlines"`` (name -> Line2D),
        ``"vlabels"`` (name -> Text), ``"cross"`` (the crossing markers).

    References
    ----------
    Seed 000, Figure 18; SCIENCE.md §3.
    """
    ax.set(xlim=(0, P_max + 0.5), ylim=(-0.03, 1.05), xlabel="patterns stored P",
           ylabel="fraction recalled")
    for level in (0.95, 0.5):
        ax.axhline(level, color=PALETTE["grey"], lw=1.0, ls=":", zorder=0)
        ax.text(P_max + 0.4, level + 0.012, f"{level:.0%}", ha="right", va="bottom",
                fontsize=9.5, color="0.35")
    styles = {"0.138 N": dict(color=PALETTE["purple"], ls="-."),
              "N / (2 ln N)": dict(color=PALETTE["green"], ls="--"),
              "N / (4 ln N)": dict(color=PALETTE["orange"], ls="--")}
    vlines, vlabels = {}, {}
    for name, st in styles.items():
        vlines[name] = ax.axvline(0.0, lw=1.6, animated=animated, **st)
        vlabels[name] = ax.text(0.0, 0.03, "", rotation=90, ha="right", va="bottom",
                                fontsize=9.5, color=st["color"], animated=animated)
    curves = []
    for k in range(n_curves):
        alpha = 1.0 if k == 0 else 0.55
        lw = 2.6 if k == 0 else 1.6
        (ln,) = ax.plot([], [], marker="o", markersize=5 if k == 0 else 3.5, lw=lw, alpha=alpha,
                        color=PATTERN_COLORS[[1, 0, 2, 4, 3][k % 5]], animated=animated)
        curves.append(ln)
    (cross,) = ax.plot([], [], linestyle="none", marker="v", markersize=9,
                       color=PALETTE["black"], animated=animated, zorder=5)
    art = {"curves": curves, "vlines": vlines, "vlabels": vlabels, "cross": cross}
    update_capacity_lines(art, N)
    return art


def update_capacity_lines(artists, N):
    """Move the reference lines to the values for ``N`` neurons."""
    for name, value in hf.capacity_lines(N).items():
        artists["vlines"][name].set_xdata([value, value])
        artists["vlabels"][name].set_x(value - 0.1)
        artists["vlabels"][name].set_text(f"{name} = {value:.2f}")


def update_capacity(artists, runs):
    """Show runs, newest first: each a ``(P, fraction, label)`` triple.

    The newest curve also gets markers where it crosses 95% and 50%.
    """
    for k, ln in enumerate(artists["curves"]):
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
        artists["cross"].set_data([p[0] for p in pts], [p[1] for p in pts])
    else:
        artists["cross"].set_data([], [])


def _landscape_grid(c, n=241):
    """Energy per neuron over the plane of overlaps, NaN where no ±1 state lies."""
    g = np.linspace(-1.0, 1.0, n)
    mp, mq = np.meshgrid(g, g)
    inside = (np.abs(mp + mq) <= 1 + c + 1e-9) & (np.abs(mp - mq) <= 1 - c + 1e-9)
    return g, mp, mq, inside


def plot_landscape(ax, p, q, n_patterns=2, N=None, animated=False, names=("p", "q")):
    """The energy over the plane of overlaps ``(m_p, m_q)`` with two stored patterns.

    Every ±1 state has overlaps in a tilted rectangle with corners at ``p``,
    ``q``, ``-p`` and ``-q`` (:func:`course_lib.hopfield.overlap_region`);
    inside it the energy of a state is ``-(N/2)(m_p² + m_q²) + P/2`` exactly
    (for states with no overlap with other stored patterns). The four
    corners are the minima.

    Parameters
    ----------
    ax : matplotlib Axes
    p, q : array_like
        The two patterns.
    n_patterns : int
        Number of stored patterns ``P`` (adds ``P/2``).
    N : int, optional
        Neurons; default from ``p``.
    names : (str, str)
        Labels of the two patterns on the corners.

    Returns
    -------
    dict
        ``"image"``, ``"contours"``, ``"corners"``, ``"labels"``.
    """
    pq = hf.as_patterns([p, q])
    N = N or pq.shape[1]
    c = float(pq[0] @ pq[1] / pq.shape[1])
    g, mp, mq, inside = _landscape_grid(c)
    E = hf.energy_from_overlaps(np.stack([mp, mq], axis=-1), n_patterns, N)
    E = np.where(inside, E, np.nan)
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
    for (x, y), lab in zip(corners, (names[0], names[1], "−" + names[0], "−" + names[1])):
        ha = "left" if x > 0 else "right"
        dx = 0.06 if x > 0 else -0.06
        labels.append(ax.text(x + dx, y, lab, ha=ha, va="center", fontsize=11,
                              fontweight="bold", zorder=7))
    ax.set(xlim=(-1.25, 1.25), ylim=(-1.15, 1.15), xlabel=f"overlap with {names[0]}",
           ylabel=f"overlap with {names[1]}")
    ax.set_aspect("equal")
    cb = ax.figure.colorbar(im, ax=ax, shrink=0.8, pad=0.02)
    cb.ax.set_title("E", fontsize=11)
    return {"image": im, "contours": cs, "corners": cm, "labels": labels, "c": c, "N": N,
            "colorbar": cb}


def update_landscape(artists, n_patterns):
    """Redo the energy map for another number of stored patterns (same ``p``, ``q``)."""
    g, mp, mq, inside = _landscape_grid(artists["c"])
    E = hf.energy_from_overlaps(np.stack([mp, mq], axis=-1), n_patterns, artists["N"])
    artists["image"].set_data(np.where(inside, E, np.nan))


def plot_projected_runs(ax, m_runs, n_max=30, animated=False, color=PALETTE["orange"]):
    """Recall runs drawn in the plane of two overlaps: lines from start (x) to end.

    Parameters
    ----------
    ax : matplotlib Axes
    m_runs : array_like, shape (n_frames, n_runs, 2)
        Overlaps of each run with the two patterns, frame by frame.

    Returns
    -------
    dict
        ``"lines"`` (LineCollection) and ``"starts"`` (Line2D markers).
    """
    lc = LineCollection([], colors=color, linewidths=1.6, alpha=0.9, animated=animated,
                        zorder=4)
    ax.add_collection(lc)
    (starts,) = ax.plot([], [], linestyle="none", marker="x", markersize=7, color=color,
                        markeredgewidth=2, animated=animated, zorder=5)
    art = {"lines": lc, "starts": starts}
    update_projected_runs(art, m_runs)
    return art


def update_projected_runs(artists, m_runs):
    """New runs in a plot of :func:`plot_projected_runs`."""
    m = np.asarray(m_runs, dtype=float)
    if m.size == 0:
        artists["lines"].set_segments([])
        artists["starts"].set_data([], [])
        return
    artists["lines"].set_segments([m[:, k, :] for k in range(m.shape[1])])
    artists["starts"].set_data(m[0, :, 0], m[0, :, 1])
