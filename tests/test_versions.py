"""Student, instructor and lecture versions, and the notebooks without ipympl.

* Student versions (solutions removed) run to the end under the **inline
  backend** (as on Colab without ipympl): each unfinished exercise says
  "not done yet", and a final cell moves a slider of every app the notebook
  created and checks that its picture changed.
* Instructor versions run with ``COURSE_STRICT_CHECKS=1``: any check that
  does not pass raises, so every worked solution is verified.
"""

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from course_lib.nbtools import CHECK, EXERCISE, SOLUTION, build, execute, make_version

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]

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


def _exercise_count(nb) -> int:
    return sum(1 for c in nb.cells if c.cell_type == "code" and EXERCISE in c.metadata.get("tags", []))


def _stdout_and_text(nb) -> str:
    parts = []  # one text per output: a stream, or a result's text/plain
    for c in nb.cells:
        for o in c.get("outputs", []):
            parts.append(o.get("text") or o.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def test_versions_keep_and_drop_the_right_cells():
    nb = nbformat.read(ROOT / "notebooks" / "01_self_connected_neuron.ipynb", as_version=4)
    student = make_version(nb, "student")
    instructor = make_version(nb, "instructor")
    lecture = make_version(nb, "lecture")
    tags = lambda v: [t for c in v.cells for t in c.metadata.get("tags", [])]  # noqa: E731
    assert SOLUTION not in tags(student) and CHECK in tags(student)
    assert not {EXERCISE, CHECK, SOLUTION} & set(tags(lecture))
    filled = [c.source for c in instructor.cells
              if c.cell_type == "code" and EXERCISE in c.metadata.get("tags", [])]
    assert filled and all("return ..." not in s for s in filled)
    assert all(not c.get("outputs") for v in (student, instructor, lecture) for c in v.cells)


def test_build_command_writes_all_versions(tmp_path):
    written = build(NOTEBOOKS, tmp_path)
    assert len(written) == 3 * len(NOTEBOOKS)
    for kind in ("student", "instructor", "lecture"):
        assert sorted(p.name for p in (tmp_path / kind).glob("*.ipynb")) == [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_student_version_runs_inline_and_every_app_updates(path, tmp_path):
    nb = make_version(nbformat.read(path, as_version=4), "student")
    nb.cells.append(new_code_cell(DRIVE_APPS))
    execute(nb, ROOT / "notebooks", timeout=600, env={"COURSE_BACKEND": "inline"})
    text = _stdout_and_text(nb)
    assert text.count("not done yet") == _exercise_count(nb)
    assert "apps checked" in text
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
    assert text.count("\u2705") >= 2 * _exercise_count(nb)  # check cell + solution cell
