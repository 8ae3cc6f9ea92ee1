"""Notebook 01's static figures, as a learner sees them in a 600 px column.

Static figures are inline pictures that shrink to the column: a figure W inches wide
at 100 dpi is scaled by (600 - 12) / (100 W) in a 600 px column, and its text must stay
at least 9 px high. Legends must not cover data and may list only what is drawn. The
figure cells are taken from the notebook itself and run here.
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.lines import Line2D
from matplotlib.text import Text

from course_lib.plotting.style import style_context

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_self_connected_neuron.ipynb"
COLUMN_PX = 600 - 12
MIN_TEXT_PX = 9.0
PRELUDE = """
import numpy as np
import matplotlib.pyplot as plt
from course_lib import self_excited as se
from course_lib import transfer
from course_lib.plotting import self_excited as pse
w, I = se.W_DEFAULT, se.I_DEFAULT
"""


def figure_cells():
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    return ["".join(c["source"]) for c in cells
            if c["cell_type"] == "code" and "plt.subplots(" in "".join(c["source"])
            and "exercise" not in c.get("metadata", {}).get("tags", [])]


def run_figure(source):
    namespace = {}
    with style_context():
        exec(PRELUDE, namespace)
        exec(source, namespace)
        fig = plt.gcf()
        fig.canvas.draw()
    return fig


def test_the_notebook_has_its_figures():
    assert len(figure_cells()) == 2  # Figure 1 and Figure 3


@pytest.mark.parametrize("source", figure_cells(), ids=["figure 1", "figure 3"])
def test_static_figures_stay_legible_in_a_600_px_column(source):
    fig = run_figure(source)
    scale = min(1.0, COLUMN_PX / (fig.get_size_inches()[0] * 100))
    for t in fig.findobj(Text):
        if t.get_visible() and t.get_text().strip():
            px = t.get_fontsize() * 100 / 72 * scale
            assert px >= MIN_TEXT_PX, f"{t.get_text()!r} is {px:.1f} px high at 600 px"
    plt.close(fig)


def _points_on(line, renderer, per_segment=20):
    """Display coordinates along a drawn line (densified: segments count, not only
    vertices), within its axes."""
    x, y = (np.asarray(v, dtype=float) for v in line.get_data())
    if x.size == 0:
        return np.empty((0, 2))
    xy = line.get_transform().transform(np.column_stack((x, y)))
    if xy.shape[0] > 1 and line.get_linestyle() not in ("None", "none", ""):
        t = np.linspace(0.0, 1.0, per_segment)[:, None, None]
        xy = (xy[:-1] * (1 - t) + xy[1:] * t).reshape(-1, 2)
    box = line.axes.bbox
    inside = ((xy[:, 0] >= box.x0) & (xy[:, 0] <= box.x1)
              & (xy[:, 1] >= box.y0) & (xy[:, 1] <= box.y1))
    return xy[inside & np.isfinite(xy).all(axis=1)]


@pytest.mark.parametrize("source", figure_cells(), ids=["figure 1", "figure 3"])
def test_static_legends_cover_no_data_and_list_only_what_is_drawn(source):
    fig = run_figure(source)
    renderer = fig.canvas.get_renderer()
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    assert legends
    lines = [a for ax in fig.axes for a in ax.get_children()
             if isinstance(a, Line2D) and a.get_visible()]
    drawn = {ln.get_label() for ln in lines if np.isfinite(ln.get_ydata()).any()}
    for legend in legends:
        box = legend.get_window_extent(renderer)
        for line in lines:
            xy = _points_on(line, renderer)
            covered = ((xy[:, 0] > box.x0) & (xy[:, 0] < box.x1)
                       & (xy[:, 1] > box.y0) & (xy[:, 1] < box.y1))
            assert not covered.any(), (
                f"the legend covers {line.get_label()!r} ({int(covered.sum())} points)")
        for text in legend.get_texts():
            assert text.get_text() in drawn, f"{text.get_text()!r} is not drawn"
    plt.close(fig)
    matplotlib.pyplot.close("all")
