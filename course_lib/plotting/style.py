"""The course's one plot style: a colour-blind-safe palette and lecture-hall fonts.

Nothing here runs at import. Apply the style explicitly:

* :func:`use_style` changes matplotlib's rcParams for the session (notebooks
  call it once, through :func:`course_lib.setup_notebook`);
* :func:`style_context` applies it only inside a ``with`` block (the apps
  build their figures inside it, so they look the same wherever they run).

Colours are the Okabe–Ito palette (Okabe & Ito 2008), distinguishable with
the common colour-vision deficiencies. Stable and unstable fixed points differ
by marker *fill* (filled vs open) as well as colour, so the distinction
survives greyscale projectors and colour blindness.
"""

from __future__ import annotations

import contextlib

__all__ = [
    "PALETTE",
    "CYCLE",
    "RC",
    "STABLE",
    "UNSTABLE",
    "SADDLE",
    "DIVERGING_CMAP",
    "PATTERN_CMAP",
    "fixed_point_style",
    "use_style",
    "style_context",
]

PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}
"""Okabe–Ito colours by name."""

CYCLE = [PALETTE[k] for k in ("blue", "vermillion", "green", "orange", "purple", "sky", "black")]
"""Default line colour order (yellow is left out: too light on white)."""

RC = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "font.size": 13,
    "axes.titlesize": 14,
    "axes.labelsize": 13,
    "xtick.labelsize": 11.5,
    "ytick.labelsize": 11.5,
    "legend.fontsize": 11.5,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "axes.prop_cycle": __import__("cycler").cycler(color=CYCLE),
    "lines.linewidth": 2.0,
    "lines.markersize": 8,
    "image.cmap": "viridis",
    "figure.constrained_layout.use": True,
}
"""The rcParams of the course style."""

DIVERGING_CMAP = "RdBu_r"
"""Colormap for signed quantities such as weights: blue negative, white 0, red positive
(ColorBrewer, readable with the common colour-vision deficiencies). Always centre it on 0
(``vmin = -vmax``)."""
PATTERN_CMAP = "gray"
"""Colormap of neuron states: -1 black, +1 white, as in the report's pictures."""

# Fixed-point markers: the filled/open distinction carries the meaning.
STABLE = dict(marker="o", markersize=11, markerfacecolor=PALETTE["black"],
              markeredgecolor=PALETTE["black"], markeredgewidth=2, linestyle="none")
"""Marker style of a stable fixed point: a filled black disc."""
UNSTABLE = dict(marker="o", markersize=11, markerfacecolor="white",
                markeredgecolor=PALETTE["vermillion"], markeredgewidth=2.5, linestyle="none")
"""Marker style of an unstable node (repeller): an open vermillion ring."""
SADDLE = dict(marker="D", markersize=10, markerfacecolor="white",
              markeredgecolor=PALETTE["vermillion"], markeredgewidth=2.5, linestyle="none")
"""Marker style of a saddle: an open vermillion diamond."""


def fixed_point_style(kind: str) -> dict:
    """Marker keyword arguments for a fixed point of the given ``kind``.

    ``kind`` is ``"stable"`` (any attractor: stable node or spiral),
    ``"saddle"``, or anything else (unstable node or spiral).

    >>> fixed_point_style("stable")["markerfacecolor"]
    '#000000'
    """
    k = kind.lower()
    if k.startswith("stable"):
        return dict(STABLE)
    if "saddle" in k:
        return dict(SADDLE)
    return dict(UNSTABLE)


def use_style() -> None:
    """Apply the course style to matplotlib for the rest of the session."""
    import matplotlib as mpl

    mpl.rcParams.update(RC)


@contextlib.contextmanager
def style_context():
    """Apply the course style inside a ``with`` block only."""
    import matplotlib as mpl

    with mpl.rc_context(RC):
        yield
