"""Notebooks are committed clean: no outputs except the key numbers nbval compares."""

from pathlib import Path

import nbformat
import pytest

from course_lib.nbtools import is_check_cell

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
