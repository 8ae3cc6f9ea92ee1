"""Notebooks are committed clean: no outputs except the key numbers nbval compares."""

from pathlib import Path

import nbformat
import pytest

from course_lib.nbtools import CHECK_MARK, is_check_cell, tag_check_marks

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert "widgets" not in nb.metadata
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if is_check_cell(cell):
            assert cell.execution_count is not None, f"cell {i}: nbval skips it without a count"
            assert cell.outputs, f"cell {i} checks its output but stores none (run nbtools clean)"
            for out in cell.outputs:
                assert out.output_type in ("stream", "execute_result")
                if out.output_type == "execute_result":
                    assert set(out.data) == {"text/plain"}
        else:
            assert cell.execution_count is None, f"cell {i} has an execution count"
            assert not cell.outputs, f"cell {i} carries outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_code_cells_stay_short(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "code" and not {"exercise", "solution"} & set(tags):
            n = len(cell.source.strip().splitlines())
            assert n <= 15, f"{path.name} cell {i}: {n} lines; move the code into course_lib"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_checked_cells_carry_a_tag_not_a_comment_the_learner_reads(path):
    nb = nbformat.read(path, as_version=4)
    assert not [i for i, c in enumerate(nb.cells) if CHECK_MARK in c.source]


def test_clean_turns_a_marker_line_into_the_tag():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f"{CHECK_MARK}\nprint(1)"),
                                         nbformat.v4.new_code_cell("print(2)")])
    tag_check_marks(nb)
    assert nb.cells[0].source == "print(1)" and nb.cells[0].metadata.tags == ["nbval-check-output"]
    assert is_check_cell(nb.cells[0]) and not is_check_cell(nb.cells[1])
    assert "tags" not in nb.cells[1].metadata
