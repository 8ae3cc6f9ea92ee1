"""Homework with nbgrader, for real: build, release, autograde, feedback, in a temporary course.

One course directory is built (module fixture) with the commands of the README: the homework
build of every notebook, ``nbgrader generate_assignment`` of each assignment, the three trial
submissions, two broken submissions of notebook 01 (an answer that raises, one that loops
forever, one that prints a megabyte, a deleted answer cell), ``nbgrader autograde`` and
``nbgrader generate_feedback``. The tests then read the gradebook and the feedback.
To keep the run short, notebooks 02-04 are graded for the full submission only; notebook 01
for all of them.
"""

import copy
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course_lib import homework
from course_lib.exercises import self_excited as c01
from course_lib.nbtools import exercises, read_notebook, tag_exercises

pytest.importorskip("nbgrader")

ROOT = Path(__file__).resolve().parents[1]
NB01 = "01_self_connected_neuron"
ASSIGNMENTS = [p.stem for p in sorted((ROOT / "notebooks").glob("0[1-9]_*.ipynb"))]
TIMEOUT = 25  # seconds per cell while grading (the endless loop costs this once)


def run(args, cwd, check=True):
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "JUPYTER_PLATFORM_DIRS": "1"}
    env.pop("COURSE_STRICT_CHECKS", None)
    env.pop("NBGRADER_EXECUTION", None)
    out = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if check and out.returncode != 0:
        raise AssertionError(f"{args} failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    return out


def nbgrader(*args, cwd):
    return run([sys.executable, "-m", "nbgrader", *args], cwd)


def cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def broken_submissions(course):
    """broken_a: euler_step raises, find_fixed_points loops forever; broken_b: is_stable's
    cell prints a megabyte, noisy_step's answer cell is deleted. The other answers are right."""
    full = nbformat.read(course / "submitted" / "trial_full" / NB01 / f"{NB01}.ipynb", as_version=4)
    a, b = copy.deepcopy(full), copy.deepcopy(full)
    cell(a, "euler_step_answer").source = "def euler_step(r, w, I, dt):\n    return r / 0\n"
    cell(a, "find_fixed_points_answer").source = (
        "def find_fixed_points(w, I):\n    while True:\n        pass\n")
    stable = cell(b, "is_stable_answer")
    stable.source = 'print("x" * 1_000_000)\n' + stable.source
    b.cells.remove(cell(b, "noisy_step_answer"))
    for student, nb in (("broken_a", a), ("broken_b", b)):
        folder = course / "submitted" / student / NB01
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{NB01}.ipynb")


def readme_commands():
    """The README's homework commands (the indented block after "From a fresh clone")."""
    text = (ROOT / "README.md").read_text()
    block = text[text.index("From a fresh clone to graded feedback"):]
    lines = block.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("    "))
    cmds = []
    for line in lines[start:]:
        if not line.startswith("    "):
            break
        cmds.append(line.strip())
    return cmds


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The README's commands, for every assignment at once where nbgrader allows "*"."""
    course = tmp_path_factory.mktemp("homework") / "course"
    cmds = readme_commands()
    assert cmds[0].startswith("pip install -e") and "[homework]" in cmds[0]
    assert cmds[2] == "cd build/homework"
    outputs = {}
    for cmd in cmds[1:]:
        if cmd.startswith("cd "):
            continue
        args = cmd.replace("build/homework", str(course)).split()
        if args[:4] == ["python", "-m", "course_lib.homework", "build"]:
            args += ["--seed", "20261201"]
        if args[:4] == ["python", "-m", "course_lib.homework", "trial"]:
            args[4:] = ASSIGNMENTS
        if args[0] == "nbgrader":
            args[2] = "*"
        if args[:2] == ["nbgrader", "autograde"]:
            for a in ASSIGNMENTS[1:]:  # (to keep the run short)
                for student in ("trial_zero", "trial_wrong"):
                    shutil.rmtree(course / "submitted" / student / a)
            broken_submissions(course)
            args.append(f"--Execute.timeout={TIMEOUT}")
        if args[0] == "python":
            args[0] = sys.executable
        elif args[0] == "nbgrader":
            args[:1] = [sys.executable, "-m", "nbgrader"]
        before_cd = cmds.index(cmd) < cmds.index("cd build/homework")
        outputs[args[3]] = run(args, ROOT if before_cd else course).stdout
    assert f"nbgrader generate_assignment {ASSIGNMENTS[0]}" in outputs["build"]
    return course, outputs["trial"]


def grades(course, assignment, student):
    """{grade id: (score, max score)} of one graded submission."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="compneuro") as gb:
        nb = gb.find_submission_notebook(assignment, assignment, student)
        return {g.cell.name: (float(g.score), float(g.max_score)) for g in nb.grades}


def feedback_text(course, student):
    raw = (course / "feedback" / student / NB01 / f"{NB01}.html").read_text()
    return raw, html.unescape(re.sub(r"<[^>]+>", "", raw))


def strings(obj):
    """Every string in a JSON document: sources, outputs, metadata values and keys."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield k
            yield from strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from strings(v)


def solution_lines(path):
    """Lines of the worked solutions that are not in the learner's starting cell."""
    nb = tag_exercises(read_notebook(path))
    lines = set()
    for ex in exercises(nb):
        stub = {line.strip() for line in nb.cells[ex.learner].source.splitlines()}
        lines |= {line.strip() for line in ex.solution_code.splitlines()
                  if len(line.strip()) >= 20 and line.strip() not in stub
                  and not line.strip().startswith(('"""', "#"))}
    return lines


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_contains_no_solution_anywhere(course, assignment):
    course, _ = course
    release = course / "release" / assignment / f"{assignment}.ipynb"
    text = "\n".join(strings(json.loads(release.read_text())))
    sol = solution_lines(ROOT / "notebooks" / f"{assignment}.ipynb")
    assert sol
    leaked = [line for line in sol if line in text]
    assert not leaked, leaked
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "Worked solution", "cases=",
                   "NBVAL_CHECK_OUTPUT", "nbval-check-output"):
        assert marker not in text
    # the hidden tests are in the source (the instructor's side), with their values
    source = (course / "source" / assignment / f"{assignment}.ipynb").read_text()
    assert "BEGIN HIDDEN TESTS" in source and "cases=" in source


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_states_the_points_and_every_exercise_is_graded(course, assignment):
    course, _ = course
    nb = nbformat.read(course / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    self_study = exercises(tag_exercises(read_notebook(ROOT / "notebooks" / f"{assignment}.ipynb")))
    assert len(tests) == len(answers) == len(self_study)
    headings = [c.source.splitlines()[0] for c in nb.cells
                if c.cell_type == "markdown" and re.match(r"^#+ .*Exercise", c.source)]
    for ex, test, heading in zip(self_study, tests, headings):
        n = test.metadata["nbgrader"]["points"]
        assert n == ex.points
        assert heading.endswith(f"({n} point{'s' if n != 1 else ''})"), heading
        assert test.metadata["nbgrader"]["locked"]
    total = sum(t.metadata["nbgrader"]["points"] for t in tests)
    assert f"{total} points in total" in nb.cells[1].source
    for a in answers:
        assert "raise NotImplementedError()" in a.source


def test_instructor_version_scores_full_marks(course):
    course, expected = course
    rows = {(a, s): (score, total) for a, s, score, total in homework.scores(course)}
    for a in ASSIGNMENTS:
        score, total = rows[(a, "trial_full")]
        assert total > 0 and score == total, (a, score, total)
        assert f"submitted/trial_full/{a}/: should score {total:g} of {total:g}" in expected


def test_untouched_release_scores_zero(course):
    course, _ = course
    g = grades(course, NB01, "trial_zero")
    assert g and all(score == 0 for score, _ in g.values())
    _, text = feedback_text(course, "trial_zero")
    assert text.count("not done yet") == len(g)


def test_one_wrong_answer_loses_exactly_its_points_and_the_feedback_names_it(course):
    course, _ = course
    g = grades(course, NB01, "trial_wrong")
    assert g.pop("euler_step_tests")[0] == 0
    assert all(score == total for score, total in g.values())
    # the feedback shows the very message of the self-study check
    namespace = {"np": np}
    exec(homework.TRIAL_MISTAKES["euler_step"][0], namespace)
    message = c01.euler_step(namespace["euler_step"]).message
    assert "forgot the leak term" in message
    _, text = feedback_text(course, "trial_wrong")
    assert message in text


def test_broken_answers_score_zero_with_a_note_and_the_rest_is_graded(course):
    course, _ = course
    a = grades(course, NB01, "broken_a")
    assert a["euler_step_tests"][0] == 0 and a["find_fixed_points_tests"][0] == 0
    assert a["is_stable_tests"][0] == a["is_stable_tests"][1] > 0
    assert a["noisy_step_tests"][0] == a["noisy_step_tests"][1] > 0
    _, text = feedback_text(course, "broken_a")
    assert "your code raised ZeroDivisionError" in text
    assert "did not finish within the time limit" in text and "loop forever" in text

    b = grades(course, NB01, "broken_b")
    assert b["is_stable_tests"][0] == 0 and b["noisy_step_tests"][0] == 0
    assert b["euler_step_tests"][0] == b["euler_step_tests"][1] > 0
    assert b["find_fixed_points_tests"][0] == b["find_fixed_points_tests"][1] > 0
    raw, text = feedback_text(course, "broken_b")
    assert "printed 1,000,001 characters" in text and "Remove the print calls" in text
    assert "noisy_step_answer) is missing from the submission" in text
    assert "x" * 20_000 not in raw  # the megabyte was cut (figures make the page's size)


def test_feedback_shows_no_hidden_test(course):
    course, _ = course
    for student in ("trial_full", "trial_wrong", "broken_a", "broken_b"):
        _, text = feedback_text(course, student)
        assert "HIDDEN TESTS" not in text and "cases=" not in text, student


def test_course_directory_has_the_config_and_a_gradebook(course):
    course, _ = course
    config = (course / "nbgrader_config.py").read_text()
    assert config == (ROOT / "homework" / "nbgrader_config.py").read_text()
    assert (course / "gradebook.db").is_file()


# ---------------------------------------------------------------- bad input, no nbgrader run
def cli(*args, cwd=ROOT):
    return run([sys.executable, "-m", "course_lib.homework", *args], cwd, check=False)


def one_error_line(out):
    assert out.returncode == 2, (out.stdout, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "error:" in lines[0], out.stderr
    return lines[0]


def test_build_bad_input_one_line_status_2_nothing_written(tmp_path):
    course = tmp_path / "course"
    assert "matches no notebook" in one_error_line(cli("build", "07", "--course", str(course)))
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{ not json")
    line = one_error_line(cli("build", str(ROOT / "notebooks" / f"{NB01}.ipynb"), str(bad),
                              "--course", str(course)))
    assert "not valid JSON" in line
    assert "does not exist" in one_error_line(cli("build", "--course",
                                                  str(tmp_path / "no" / "course")))
    assert not course.exists() and not (tmp_path / "no").exists()


def test_trial_without_release_or_course_is_one_line(tmp_path):
    assert "no course directory" in one_error_line(cli("trial", NB01, "--course",
                                                       str(tmp_path / "none")))
    course = tmp_path / "course"
    assert cli("build", "01", "--course", str(course), "--seed", "1").returncode == 0
    assert "generate_assignment" in one_error_line(cli("trial", NB01, "--course", str(course)))
    assert "no assignment" in one_error_line(cli("trial", "nope", "--course", str(course)))
    assert not (course / "submitted").exists()


def test_rebuild_keeps_an_edited_config_and_replaces_the_source(tmp_path):
    course = tmp_path / "course"
    homework.build_course([ROOT / "notebooks" / f"{NB01}.ipynb"], course, seed=1)
    (course / "nbgrader_config.py").write_text("c = get_config()  # edited\n")
    first = (course / "source" / NB01 / f"{NB01}.ipynb").read_text()
    homework.build_course([ROOT / "notebooks" / f"{NB01}.ipynb"], course, seed=2)
    assert "edited" in (course / "nbgrader_config.py").read_text()
    second = (course / "source" / NB01 / f"{NB01}.ipynb").read_text()
    assert first != second  # other hidden values
    homework.build_course([ROOT / "notebooks" / f"{NB01}.ipynb"], course, seed=2)
    assert (course / "source" / NB01 / f"{NB01}.ipynb").read_text() == second  # reproducible
    assert [p.name for p in course.iterdir() if p.name.startswith(".")] == []


def test_one_assignment_for_several_notebooks(tmp_path):
    made = homework.build_course([ROOT / "notebooks" / n for n in
                                  (f"{NB01}.ipynb", "03_hopfield_network.ipynb",
                                   "00_start_here.ipynb")], tmp_path / "c", seed=3,
                                 assignment="week1")
    assert made["week1"] == [f"{NB01}.ipynb", "03_hopfield_network.ipynb"]  # 00 has none
    assert sorted(p.name for p in (tmp_path / "c" / "source" / "week1").iterdir()) == \
        [f"{NB01}.ipynb", "03_hopfield_network.ipynb"]


def test_grading_notes_cut_text_keep_pictures_and_explain():
    from nbformat.v4 import new_code_cell, new_notebook, new_output
    from traitlets.config import Config

    from course_lib.homework_notes import NOTE, GradingNotes, configure_grading

    def graded(source, grade_id, **meta):
        c = new_code_cell(source)
        c.metadata["nbgrader"] = {"grade_id": grade_id, "locked": False, "schema_version": 3,
                                  "task": False, "solution": False, "grade": False, **meta}
        return c

    picture = new_code_cell("plot()", outputs=[new_output(
        "display_data", data={"image/png": "A" * 200_000, "text/plain": "<Figure>"})])
    loud = graded("print('x' * 10**6)\ndef f(): ...", "f_answer", solution=True)
    loud.outputs = [new_output("stream", name="stdout", text="x" * 1_000_000)]
    f_tests = graded("check.f(f)", "f_tests", grade=True, points=1, locked=True)
    g_tests = graded("check.g(g)", "g_tests", grade=True, points=1, locked=True)
    g_tests.outputs = [new_output("error", ename="NameError", evalue="name 'g' is not defined",
                                  traceback=["long", "traceback", "frames"])]
    nb = new_notebook(cells=[picture, loud, f_tests, g_tests])
    nb, _ = GradingNotes().preprocess(nb, {})
    assert len(picture.outputs[0].data["image/png"]) == 200_000  # pictures stay
    assert len(loud.outputs[0].text) < 20_000 and "(cut)" in loud.outputs[0].text
    notes = [o for c in (f_tests, g_tests) for o in c.outputs if o.get("ename") == NOTE]
    assert "printed 1,000,000 characters" in notes[0].evalue
    assert "g_answer) is missing" in notes[1].evalue
    assert g_tests.outputs[0].traceback == ["\x1b[0;31mNameError\x1b[0m: name 'g' is not defined"]

    c = Config()
    configure_grading(c)
    steps = [s.__name__ for s in c.Autograde.autograde_preprocessors]
    assert steps[steps.index("Execute") + 1] == "GradingNotes"
    assert "SaveAutoGrades" in steps[steps.index("GradingNotes"):]
    assert "ClearHiddenTests" in [s.__name__ for s in c.GenerateFeedback.preprocessors]
