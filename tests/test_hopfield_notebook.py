"""Notebook 03 as a learner sees it: its static figures and the claims its text makes.

The figures are made by running the notebook's own code cells (no app cells,
no exercise stubs): each must stay legible when JupyterLab shrinks the inline
picture to a 600 px column (text >= 9 px after the shrink), and no legend may
cover data. The "Try" suggestions of the text name seeds and settings; the
tests check that the apps show what the text says they show there.
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
import pytest

from course_lib import hopfield as hf
from course_lib.apps import HopfieldApp
from tests.test_hopfield_apps import legends_on_data

NB = Path(__file__).parents[1] / "notebooks" / "03_hopfield_network.ipynb"
COLUMN_PX = 600
MARGIN_PX = 12
MIN_TEXT_PX = 9.0


def _cells():
    nb = json.loads(NB.read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.fixture(scope="module")
def figures():
    """(first line of the cell, figure) for every figure the notebook's code cells draw."""
    out = []
    namespace: dict = {}
    with matplotlib.rc_context():  # setup_notebook() applies the course style: not for others
        for cell in _cells():
            tags = cell.get("metadata", {}).get("tags", [])
            src = "".join(cell["source"])
            if "exercise" in tags or "check" in tags or "App(" in src:
                continue
            before = set(plt.get_fignums())
            exec(compile(src, str(NB), "exec"), namespace)  # noqa: S102 - our own notebook
            for num in sorted(set(plt.get_fignums()) - before):
                fig = plt.figure(num)
                plt.close(fig)  # out of pyplot (the autouse fixture closes figures per test)
                FigureCanvasAgg(fig)
                out.append((src.splitlines()[0], fig))
        yield out


def test_the_notebook_draws_its_figures(figures):
    assert len(figures) >= 6  # Figures 10-11, 12-13, 14-15, 16, 17, 18


def test_static_figures_are_legible_in_a_600_px_column(figures):
    for first, fig in figures:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        width_px = fig.get_tightbbox(renderer).width * fig.dpi  # inline: bbox_inches="tight"
        scale = min(1.0, (COLUMN_PX - MARGIN_PX) / width_px)
        for t in fig.findobj(matplotlib.text.Text):
            if not (t.get_visible() and t.get_text().strip()):
                continue
            px = t.get_fontsize() * fig.dpi / 72 * scale
            assert px >= MIN_TEXT_PX, (
                f"{first!r}: {t.get_text()!r} is {px:.1f} px high in a {COLUMN_PX} px column")


def test_no_legend_of_the_notebook_covers_data(figures):
    for first, fig in figures:
        assert legends_on_data(fig) == [], first


# ---------------------------------------------------------------------------
# the "Try" list of section 6: what the text promises, the app shows
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 2, 3])
def test_sync_oscillates_and_a_kept_diagonal_sticks_where_the_text_says(seed):
    app = HopfieldApp(flip=0.5, seed=seed, rule="sync")
    assert not app.result.converged and "2-cycle" in app.readout.value
    app.set(rule="async", zero_diag=False)
    assert "no stored pattern" in app.readout.value  # stuck in a state that is no memory
    app.set(zero_diag=True)
    assert "no stored pattern" not in app.readout.value
    app.close()


def test_the_gain_thresholds_the_text_derives():
    X, S = hf.pattern_x(), hf.pattern_smiley()
    N = X.size
    c = hf.overlap(X, S)
    W2 = hf.hebbian_weights([X, S])
    # W's eigenvalues on X ± smiley are 1 ± c - 2/N
    lam = np.linalg.eigvalsh(W2)
    assert lam[-1] == pytest.approx(1 + c - 2 / N)
    assert np.isclose(lam, 1 - c - 2 / N).any()
    threshold = 1 / (1 - c - 2 / N)
    assert np.all(hf.tanh_memories(W2, [X, S], 0.995 * threshold) == 0)
    assert np.all(hf.tanh_memories(W2, [X, S], 1.01 * threshold) > 0)
    assert threshold > N / (N - 1)  # more gain than the X alone needs


# ---------------------------------------------------------------------------
# sections 7 and 8: the landscape's dip, and recall failing with many memories
# ---------------------------------------------------------------------------


def test_the_mixtures_path_ends_in_a_dip_with_three_stored():
    from course_lib.apps import EnergyLandscapeApp

    app = EnergyLandscapeApp(stored="X + smiley + T")
    _, E = app.artists.path_mix.get_data()
    assert E[-1] < E[-2] and E[-1] < E.max()  # the last flips go downhill: a valley
    app.close()


def _recalled(app, n_cues=6):
    out = []
    for _ in range(n_cues):
        app.corrupt_again()
        app.show_end()
        out.append(hf.is_fixed_point(app.W, app.recall_result.final)
                   and any(np.array_equal(app.recall_result.final, p) for p in app.patterns))
    return np.array(out)


def test_recall_fails_when_five_or_six_patterns_are_stored():
    from course_lib.apps import PatternEditorApp

    app = PatternEditorApp()
    assert _recalled(app).all()  # X and smiley: the damaged X comes back
    for name in ("T", "L", "plus", "square"):
        app.load(name)
        app.store()
    failed = 0
    for name in ("X", "T", "plus", "square"):
        app.load(name)
        failed += not _recalled(app).all()
    assert failed >= 3  # six memories: most of them no longer come back every time
    app.close()
