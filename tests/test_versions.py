"""Self-study, student, instructor and lecture versions, and the notebooks without ipympl.

* ``notebooks/`` is the self-study version (the README's Quick start opens it): each one runs
  to the end under the **inline backend** (as on Colab without ipympl), each unfinished
  exercise says "not done yet", Run All never replaces a learner's function (hints and worked
  solutions are markdown), and a final cell moves a slider of every app the notebook created
  and checks that its picture changed.
* Student versions are the same cells, without the ``nbval-check-output`` tags.
* Instructor versions run with ``COURSE_STRICT_CHECKS=1``: any check that does not pass
  raises, so every worked solution is verified.
* ``python -m course_lib.nbtools build``: bad input is one line and exit status 2, and
  nothing is half-written.
"""

import ast
import copy
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from course_lib.nbtools import (CHECK, CHECK_MARK, CHECK_TAG, EXERCISE, HINT, SOLUTION, build, execute,
                                exercises, make_version, tag_exercises)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]
WITH_EXERCISES = [p for p in NOTEBOOKS if not p.stem.startswith("00")]

DRIVE_APPS = r'''
from course_lib.apps.base import App
problems, n_apps = [], 0
for app in App.instances():
    n_apps += 1
    name = type(app).__name__
    if app.live:
        problems.append(f"{name}: live (ipympl) although the inline backend was forced")
    if not bytes(app._canvas_view.value).startswith(b"\x89PNG"):
        problems.append(f"{name}: shows no picture")
    numeric = [c for c in app.controls if c.kind in ("float", "int")]
    if not numeric:
        continue
    ctl = numeric[0]
    before = bytes(app._canvas_view.value)
    w = app.sliders[ctl.name]
    w.value = ctl.max if w.value != ctl.max else ctl.min
    if app.last_error is not None:
        problems.append(f"{name}.{ctl.name}: {app.last_error!r}")
    elif bytes(app._canvas_view.value) == before:
        problems.append(f"{name}.{ctl.name}: moving the slider did not change the picture")
print(f"{n_apps} apps checked")
assert n_apps == len(set(map(id, App.instances())))
assert not problems, problems
'''


def _read(path):
    return tag_exercises(nbformat.read(path, as_version=4))


def _exercise_count(nb) -> int:
    return sum(1 for c in nb.cells if c.cell_type == "code" and EXERCISE in c.metadata.get("tags", []))


def _stdout_and_text(nb) -> str:
    parts = []  # one text per output: a stream, or a result's / display's text/plain
    for c in nb.cells:
        for o in c.get("outputs", []):
            parts.append(o.get("text") or o.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def _tags(nb):
    return [t for c in nb.cells for t in c.metadata.get("tags", [])]


def test_versions_keep_and_drop_the_right_cells():
    nb = nbformat.read(ROOT / "notebooks" / "01_self_connected_neuron.ipynb", as_version=4)
    student = make_version(nb, "student")
    instructor = make_version(nb, "instructor")
    lecture = make_version(nb, "lecture")
    assert {CHECK, HINT, SOLUTION} <= set(_tags(student))
    assert not {EXERCISE, CHECK, HINT, SOLUTION} & set(_tags(lecture))
    filled = [c.source for c in instructor.cells
              if c.cell_type == "code" and EXERCISE in c.metadata.get("tags", [])]
    assert filled and all("return ..." not in s for s in filled)
    for v in (student, instructor, lecture):
        assert all(not c.get("outputs") for c in v.cells)
        assert not any(CHECK_MARK in c.source for c in v.cells)
        assert not any(CHECK_TAG in c.metadata.get("tags", []) for c in v.cells)


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=[p.stem for p in WITH_EXERCISES])
def test_every_exercise_has_check_hints_a_markdown_solution_and_points(path):
    nb = _read(path)
    found = exercises(nb)
    assert found
    for ex in found:
        assert ex.hints, ex.name
        assert "<details>" in nb.cells[ex.hints[0]].source
        assert ex.solution is not None and nb.cells[ex.solution].cell_type == "markdown"
        assert "<details>" in nb.cells[ex.solution].source
        assert isinstance(ex.points, int) and ex.points >= 1
        # the worked solution defines the learner's function, and the learner's cell is its stub
        defined = {n.name for n in ast.walk(ast.parse(ex.solution_code))
                   if isinstance(n, ast.FunctionDef)}
        assert ex.name in defined
        assert "return ..." in nb.cells[ex.learner].source
        assert f"{ex.module}.{ex.check}({ex.name})" in nb.cells[ex.checks[0]].source
    # nothing that runs defines a learner's function but the learner's own cell
    learner_cells = {ex.learner for ex in found}
    names = {ex.name for ex in found}
    for i, c in enumerate(nb.cells):
        if c.cell_type == "code" and i not in learner_cells:
            tree = ast.parse("\n".join(line for line in c.source.splitlines()
                                       if not line.lstrip().startswith(("%", "!"))))
            defined = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef,
                                                                       ast.ClassDef))}
            defined |= {t.id for n in ast.walk(tree) if isinstance(n, ast.Assign)
                        for t in n.targets if isinstance(t, ast.Name)}
            assert not defined & names, (i, defined & names)


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=[p.stem for p in WITH_EXERCISES])
def test_tag_finds_the_committed_tags_from_the_structure(path):
    nb = nbformat.read(path, as_version=4)
    committed = [sorted(c.metadata.get("tags", [])) for c in nb.cells]
    for c in nb.cells:
        c.metadata["tags"] = [t for t in c.metadata.get("tags", []) if t != EXERCISE or
                              c.cell_type == "code"]
        c.metadata["tags"] = [t for t in c.metadata["tags"] if t not in (CHECK, HINT, SOLUTION)]
    assert [sorted(c.metadata.get("tags", [])) for c in tag_exercises(nb).cells] == committed


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_student_version_is_the_self_study_notebook_without_check_tags(path):
    nb = nbformat.read(path, as_version=4)
    student = make_version(nb, "student")
    mine = _read(path)
    assert [c.cell_type for c in student.cells] == [c.cell_type for c in mine.cells]
    for a, b in zip(student.cells, mine.cells):
        assert a.source == b.source
        assert a.metadata.get("tags", []) == [t for t in b.metadata.get("tags", [])
                                              if t != CHECK_TAG]


def test_build_command_writes_all_versions(tmp_path):
    written = build(NOTEBOOKS, tmp_path)
    assert len(written) == 3 * len(NOTEBOOKS)
    for kind in ("student", "instructor", "lecture"):
        assert sorted(p.name for p in (tmp_path / kind).glob("*.ipynb")) == [p.name for p in NOTEBOOKS]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "course_lib.nbtools", *args], cwd=ROOT,
                          capture_output=True, text=True)


def _one_error_line(out):
    assert out.returncode == 2, (out.stdout, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("python -m course_lib.nbtools: error: ")
    return lines[0]


def test_build_bad_input_is_one_line_status_2_and_nothing_is_half_written(tmp_path):
    out = tmp_path / "out"
    assert "matches no notebook" in _one_error_line(_cli("build", "07", "--out", str(out)))
    bad = tmp_path / "broken.ipynb"
    bad.write_text('{"cells": [')
    line = _one_error_line(_cli("build", str(NOTEBOOKS[1]), str(bad), "--out", str(out)))
    assert "broken.ipynb" in line and "not valid JSON" in line
    assert not out.exists()
    missing = tmp_path / "missing" / "out"
    assert "does not exist" in _one_error_line(_cli("build", "--out", str(missing)))
    assert not (tmp_path / "missing").exists()
    # a failed build leaves an earlier one as it was
    build(NOTEBOOKS[:1], out)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    _one_error_line(_cli("build", str(NOTEBOOKS[0]), str(bad), "--out", str(out)))
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    invalid = tmp_path / "invalid.ipynb"
    invalid.write_text('{"cells": 3, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    assert "not a valid notebook" in _one_error_line(_cli("build", str(invalid), "--out",
                                                          str(out)))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_self_study_notebook_runs_inline_never_replaces_learner_code_and_apps_update(path):
    nb = nbformat.read(path, as_version=4)  # notebooks/ itself, as the Quick start opens it
    found = exercises(tag_exercises(nb))
    # after Run All, every learner's function is still the learner's stub: not a solution
    still_mine = "\n".join(
        [f"assert {ex.module}.{ex.check}({ex.name}).status == 'not done', {ex.name!r}"
         for ex in found] + ["print('learner code untouched')"])
    nb.cells.append(new_code_cell(DRIVE_APPS + "\n" + still_mine))
    execute(nb, ROOT / "notebooks", timeout=600, env={"COURSE_BACKEND": "inline"})
    text = _stdout_and_text(nb)
    assert text.count("not done yet") == _exercise_count(nb) == len(found)
    assert "correct!" not in text
    assert "apps checked" in text and "learner code untouched" in text
    # every app cell shows a widget with a static picture beside it
    for c in nb.cells:
        for o in c.get("outputs", []):
            if "application/vnd.jupyter.widget-view+json" in o.get("data", {}) and \
                    "course" in o["data"].get("text/plain", "") + "App(":
                assert "image/png" in o["data"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_instructor_version_passes_every_check(path):
    nb = make_version(nbformat.read(path, as_version=4), "instructor")
    execute(nb, ROOT / "notebooks", timeout=600, env={"COURSE_STRICT_CHECKS": "1"})
    text = _stdout_and_text(nb)
    assert "not done yet" not in text
    assert text.count(": correct!") == _exercise_count(nb)  # one per check cell


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_lecture_version_never_runs_a_function_the_learner_writes(path):
    """Lecture mode drops the exercises: a later cell that runs the learner's function (03's
    HopfieldApp(rule=async_sweep)) would stop the page with a NameError."""
    from course_lib.nbtools import learner_names

    full = _read(path)
    mine = learner_names(tag_exercises(copy.deepcopy(full)))
    lecture = make_version(full, "lecture")
    for c in lecture.cells:
        if c.cell_type == "code":
            used = {n.id for n in ast.walk(ast.parse(c.source)) if isinstance(n, ast.Name)}
            assert not used & mine, (c.source[:80], used & mine)
    if path.name.startswith("03"):
        assert "async_sweep" in mine
        assert not any("async_sweep" in c.source for c in lecture.cells)
