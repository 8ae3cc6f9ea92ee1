"""Homework: the exercises as an nbgrader course, built from the same tagged cells.

Usage (see the README, "For instructors: homework")::

    python -m course_lib.homework build --course build/homework      # source/<assignment>/
    cd build/homework
    nbgrader generate_assignment 01_self_connected_neuron            # release/, no solutions
    python -m course_lib.homework trial 01_self_connected_neuron     # three test submissions
    nbgrader autograde 01_self_connected_neuron
    nbgrader generate_feedback 01_self_connected_neuron
    python -m course_lib.homework scores

``build`` turns every notebook with exercises into one nbgrader assignment
(``source/<notebook>/<notebook>.ipynb``; ``--assignment NAME`` puts the
named notebooks into one). In it, each exercise (see
:mod:`course_lib.nbtools`) becomes

* the task, its heading ending in "(N points)" (``metadata["exercise"]["points"]``
  of the learner's cell);
* an **autograded answer** cell: the learner's cell, with the worked
  solution between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (the
  release gets nbgrader's stub, ``raise NotImplementedError()``, which the
  checks report as "not done yet");
* an **autograded test** cell with the points: the self-study check (the
  learner sees its feedback), then, between ``### BEGIN HIDDEN TESTS`` and
  ``### END HIDDEN TESTS``, the same check at parameter values drawn for
  this course (``check.random_cases``), which the release never contains;
* the hints. The worked-solution cells are left out.

During ``nbgrader autograde`` (and ``validate``) the checks are strict
(:func:`course_lib.exercises.strict`): a wrong answer makes the test cell
fail with the message the learner sees in self-study, and the feedback shows
it. ``homework/nbgrader_config.py`` (copied into the course directory)
sets a cell timeout, brings back deleted test cells, and adds
:class:`course_lib.homework_notes.GradingNotes`, which writes a clear note
where an answer cell is missing or printed too much.

``trial`` writes three submissions of a released assignment into
``submitted/``: ``trial_full`` (every answer the worked solution),
``trial_zero`` (the release untouched) and ``trial_wrong`` (one answer with a
typical mistake), to see the grading work before students submit.

Bad input (an unknown notebook, a notebook that is not valid JSON, a course
directory whose parent does not exist, a missing release) gives one line on
stderr and exit status 2, with nothing written.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import os
import pprint
import re
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

from .nbtools import (
    NOTEBOOKS,
    BuildError,
    _fail,
    exercises,
    find_notebooks,
    read_notebook,
    strip_check_marks,
    strip_outputs,
    tag_exercises,
    write_atomically,
)

__all__ = ["make_homework", "build_course", "write_trial_submissions", "scores", "main",
           "TEMPLATE", "TRIAL_MISTAKES"]

TEMPLATE = Path(__file__).resolve().parent.parent / "homework"
"""The course-directory template (``nbgrader_config.py``), in the repository."""

ANSWER, TESTS = "_answer", "_tests"
BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
CHECK_MODULE = re.compile(r"^\s*from course_lib\.exercises import (\w+) as (\w+)\s*$", re.M)

# One typical mistake per exercise for the trial_wrong submission: (cell source, what the
# feedback then names). The first exercise of an assignment that has one gets it.
TRIAL_MISTAKES = {
    "euler_step": ("def euler_step(r, w, I, dt):\n"
                   "    return r + dt * 60 * (1 + np.tanh(w * r + I))  # the leak -r left out\n",
                   "forgot the leak term -r"),
    "jacobian": ("def jacobian(x, y, w1, w2, I):\n"
                 "    return tn.jacobian(x, y, w1, w2, I).T  # rows and columns swapped\n",
                 "transposed the matrix"),
    "hebbian": ("def hebbian(patterns):\n"
                "    return patterns.T @ patterns / patterns.shape[1]  # diagonal kept\n",
                "kept the diagonal"),
    "vm_eq": ("def vm_eq(g_e, g_i, g_l, e_rev_e, e_rev_i, e_rev_l):\n"
              "    return g_e * e_rev_e + g_i * e_rev_i + g_l * e_rev_l  # not divided\n",
              "weighted sum"),
}

HEADER = """**Homework version.** {n} exercises, {points} points in total. Write each answer in the
cell of its exercise (the one with `raise NotImplementedError()`). The test cell below it runs the
same check as the self-study notebook and shows its feedback; when it is graded, the check also
runs at parameter values you do not see, so your function has to work for any parameters. There
are hints, but no worked solutions. Do not delete, copy or move cells: a deleted answer cell
scores 0. Before you submit: *Kernel → Restart Kernel and Run All Cells*, then check that every
test cell shows ✅."""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _check_modules(nb) -> dict:
    """``{alias: module}`` for the notebook's ``from course_lib.exercises import X as alias``."""
    found = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            for module, alias in CHECK_MODULE.findall(cell.source):
                found[alias] = importlib.import_module(f"course_lib.exercises.{module}")
    return found


def _answer_source(learner: str, solution: str, where: str) -> str:
    """The solution, its part after the lines it shares with the learner's stub in markers."""
    stub, sol = learner.rstrip().splitlines(), solution.rstrip().splitlines()
    k = 0
    while k < min(len(stub), len(sol)) and stub[k].rstrip() == sol[k].rstrip():
        k += 1
    rest = [line.strip() for line in stub[k:] if line.strip()]
    stub_only = all(line.startswith("#") or line in ("return ...", "...") for line in rest)
    if k == 0 or not rest or not stub_only:
        raise BuildError(f"{where}: the learner's cell should be the first lines of the worked "
                         "solution followed by '# your code here' and 'return ...'")
    indent = re.match(r"\s*", stub[k]).group(0)
    return "\n".join(sol[:k] + [indent + BEGIN_SOLUTION] + sol[k:] + [indent + END_SOLUTION])


def _cases_literal(cases) -> str:
    text = pprint.pformat(cases, width=88, compact=True)
    return text.replace("\n", "\n" + " " * 4)


def make_homework(nb, rng, name: str = "notebook"):
    """The nbgrader source version of a notebook (a new notebook).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A notebook of ``notebooks/`` (self-study), with tagged exercises.
    rng : numpy.random.Generator
        Draws the parameter values of the hidden tests.
    name : str
        For error messages.

    Returns
    -------
    nbformat.NotebookNode or None
        ``None`` if the notebook has no exercises.

    Raises
    ------
    BuildError
        If an exercise has no worked solution, no points, or a check that
        cannot draw other cases.
    """
    from nbformat.v4 import new_markdown_cell

    nb = tag_exercises(copy.deepcopy(nb))
    strip_outputs(nb, keep_check_outputs=False)
    strip_check_marks(nb)
    try:
        found = exercises(nb)
    except ValueError as exc:
        raise BuildError(f"{name}: {exc}") from None
    if not found:
        return None
    modules = _check_modules(nb)
    drop = set()
    for ex in found:
        where = f"{name}, exercise {ex.name}"
        if ex.solution_code is None:
            raise BuildError(f"{where}: no worked solution (a markdown cell tagged 'solution' "
                             "with a ```python block)")
        if not isinstance(ex.points, int) or isinstance(ex.points, bool) or ex.points < 1:
            raise BuildError(f"{where}: the learner's cell needs metadata "
                             '{"exercise": {"points": N}} with a whole number N >= 1')
        if len(ex.checks) != 1:
            raise BuildError(f"{where}: expected one check cell, found {len(ex.checks)}")
        module = modules.get(ex.module)
        check = getattr(module, ex.check, None) if module else None
        if check is None or not hasattr(check, "random_cases"):
            raise BuildError(f"{where}: {ex.module}.{ex.check} is not a check of "
                             "course_lib.exercises with random cases")
        # the task: its heading states the points
        task = nb.cells[ex.task[0]] if ex.task else None
        if task is not None:
            lines = task.source.splitlines()
            lines[0] = f"{lines[0].rstrip()} ({_plural(ex.points, 'point')})"
            task.source = "\n".join(lines)
        # the answer cell: the worked solution inside markers
        answer = nb.cells[ex.learner]
        answer.source = _answer_source(answer.source, ex.solution_code, where)
        answer.metadata.pop("exercise", None)
        answer.metadata["nbgrader"] = {"grade": False, "grade_id": ex.name + ANSWER,
                                       "locked": False, "schema_version": 3, "solution": True,
                                       "task": False}
        # the test cell: the self-study check, then the same check at hidden cases
        test = nb.cells[ex.checks[0]]
        call = test.source.strip()
        cases = check.random_cases(rng)
        hidden = f"{ex.module}.{ex.check}({ex.name}, cases={_cases_literal(cases)})"
        test.source = "\n".join([
            f"# Graded ({_plural(ex.points, 'point')}): the check, here and at parameter values "
            "you do not see.", call, BEGIN_HIDDEN, hidden, END_HIDDEN])
        test.metadata["nbgrader"] = {"grade": True, "grade_id": ex.name + TESTS, "locked": True,
                                     "points": ex.points, "schema_version": 3, "solution": False,
                                     "task": False}
        for k in ex.hints:
            nb.cells[k].source = nb.cells[k].source.replace(
                "; the worked solution comes last.", ".")
        if ex.solution is not None:
            drop.add(ex.solution)
    total = sum(ex.points for ex in found)
    header = new_markdown_cell(HEADER.format(n=len(found), points=total))
    header.id = "homework-header"  # (a fixed id: the same build gives the same file)
    cells = [c for k, c in enumerate(nb.cells) if k not in drop]
    nb.cells = cells[:1] + [header] + cells[1:]
    return nb


def _course_path(course) -> Path:
    course = Path(course)
    parent = course.absolute().parent
    if not parent.is_dir():
        raise BuildError(f"no course directory {course}: its parent folder {parent} does not "
                         "exist")
    if course.exists() and not course.is_dir():
        raise BuildError(f"course directory {course} is a file, not a folder")
    return course


def build_course(notebooks, course, seed=None, assignment=None) -> dict:
    """Write the nbgrader source of ``notebooks`` into the course directory ``course``.

    Parameters
    ----------
    notebooks : list of path
        Notebooks of ``notebooks/``; those without exercises are skipped.
    course : path
        The course directory; created if missing (its parent must exist).
        ``nbgrader_config.py`` is copied from :data:`TEMPLATE` unless one is
        there; ``source/<assignment>/`` folders are replaced whole.
    seed : int, optional
        Seed of the hidden tests' parameter values (default: a fresh random
        one; it is printed, never written into a notebook).
    assignment : str, optional
        Put all notebooks into this one assignment (default: one per
        notebook, named after it).

    Returns
    -------
    dict
        ``{assignment: [notebook names]}``, plus ``"seed"``.

    Raises
    ------
    BuildError
        For bad input; nothing is written then.
    """
    import numpy as np

    course = _course_path(course)
    if assignment is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", assignment):
        raise BuildError(f"assignment name {assignment!r}: use letters, digits, '_', '-', '.'")
    seed = secrets.randbits(32) if seed is None else int(seed)
    rng = np.random.default_rng(seed)
    files, made = {}, {}
    for path in map(Path, notebooks):
        hw = make_homework(read_notebook(path), rng, name=path.name)
        if hw is None:
            continue
        a = assignment or path.stem
        files.setdefault(f"source/{a}", {})[path.name] = hw
        made.setdefault(a, []).append(path.name)
    if not files:
        raise BuildError("none of the notebooks has exercises")
    config = course / "nbgrader_config.py"
    template = TEMPLATE / "nbgrader_config.py"
    if not config.exists() and not template.is_file():
        raise BuildError(f"the course-directory template {template} is missing (build from a "
                         "clone of the course repository)")
    write_atomically(course, files)
    if not config.exists():
        fd, tmp = tempfile.mkstemp(prefix=".nbgrader_config.", dir=course)
        os.close(fd)
        shutil.copyfile(template, tmp)
        os.chmod(tmp, 0o644)
        Path(tmp).replace(config)
    return {**made, "seed": seed}


# ------------------------------------------------------------------ trial submissions
def _answer_cells(nb) -> dict:
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def _without_markers(source: str) -> str:
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in (BEGIN_SOLUTION, END_SOLUTION))


def write_trial_submissions(course, assignment) -> dict:
    """Write ``submitted/trial_{full,zero,wrong}/<assignment>/`` from the release and the source.

    Returns
    -------
    dict
        ``{"trial_full": (score, max), "trial_zero": ..., "trial_wrong": ...,
        "mistake": (grade id, phrase)}``: the scores autograde should give.

    Raises
    ------
    BuildError
        If the course directory, the source or the release is missing.
    """
    course = Path(course)
    if not course.is_dir():
        raise BuildError(f"no course directory {course}")
    release = course / "release" / assignment
    source = course / "source" / assignment
    if not source.is_dir():
        known = ", ".join(sorted(p.name for p in (course / "source").glob("*"))) or "none"
        raise BuildError(f"no assignment {assignment!r} in {course}/source (assignments: {known})")
    if not release.is_dir() or not list(release.glob("*.ipynb")):
        raise BuildError(f"no release of {assignment!r}: run `nbgrader generate_assignment "
                         f"{assignment}` in {course} first")
    full, zero, wrong = {}, {}, {}
    total, mistake = 0, None
    for path in sorted(release.glob("*.ipynb")):
        rel = read_notebook(path)
        src_path = source / path.name
        if not src_path.is_file():
            raise BuildError(f"{path.name} is released but not in {source}")
        src = _answer_cells(read_notebook(src_path))
        zero[path.name] = copy.deepcopy(rel)
        nb_full = copy.deepcopy(rel)
        for grade_id, cell in _answer_cells(nb_full).items():
            cell.source = _without_markers(src[grade_id].source)
        full[path.name] = nb_full
        nb_wrong = copy.deepcopy(nb_full)
        for grade_id, cell in _answer_cells(nb_wrong).items():
            name = grade_id[:-len(ANSWER)]
            if mistake is None and name in TRIAL_MISTAKES:
                cell.source = TRIAL_MISTAKES[name][0]
                points = next(c.metadata["nbgrader"]["points"] for c in nb_wrong.cells
                              if c.metadata.get("nbgrader", {}).get("grade_id") == name + TESTS)
                mistake = (name, TRIAL_MISTAKES[name][1], points)
        wrong[path.name] = nb_wrong
        total += sum(c.metadata["nbgrader"].get("points", 0) for c in rel.cells
                     if c.metadata.get("nbgrader", {}).get("grade"))
    if mistake is None:
        raise BuildError(f"no exercise of {assignment!r} has a trial mistake (known: "
                         f"{', '.join(TRIAL_MISTAKES)})")
    write_atomically(course, {f"submitted/trial_full/{assignment}": full,
                              f"submitted/trial_zero/{assignment}": zero,
                              f"submitted/trial_wrong/{assignment}": wrong})
    return {"trial_full": (total, total), "trial_zero": (0, total),
            "trial_wrong": (total - mistake[2], total), "mistake": mistake[:2]}


def scores(course) -> list[tuple]:
    """``(assignment, student, score, max_score)`` of every graded submission in the gradebook."""
    import sqlite3

    from nbgrader.api import Gradebook

    db = Path(course) / "gradebook.db"
    if not db.is_file():
        raise BuildError(f"no gradebook in {course}: run nbgrader there first")
    with sqlite3.connect(f"file:{db.absolute()}?mode=ro", uri=True) as con:
        ids = [row[0] for row in con.execute("SELECT id FROM course")]
    if not ids:
        return []
    rows = []
    # (given a course id it does not find, Gradebook would add that course)
    with Gradebook(f"sqlite:///{db.absolute()}", course_id=ids[0]) as gb:
        for a in gb.assignments:
            for s in a.submissions:
                rows.append((a.name, s.student.id, float(s.score), float(s.max_score)))
    return sorted(rows)


def main(argv=None) -> int:
    prog = "python -m course_lib.homework"
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_build = sub.add_parser("build", help="write the nbgrader source of the exercises")
    p_build.add_argument("notebooks", nargs="*",
                         help="paths, stems or numbers (default: every notebook with exercises)")
    p_build.add_argument("--course", default="build/homework",
                         help="nbgrader course directory (default: build/homework)")
    p_build.add_argument("--seed", type=int, default=None,
                         help="seed of the hidden tests' parameter values (default: random)")
    p_build.add_argument("--assignment", default=None,
                         help="one assignment for all named notebooks (default: one each)")
    p_trial = sub.add_parser("trial", help="three test submissions: full, zero, one wrong")
    p_trial.add_argument("assignment", nargs="+")
    p_trial.add_argument("--course", default=".", help="course directory (default: .)")
    p_scores = sub.add_parser("scores", help="print the autograded scores")
    p_scores.add_argument("--course", default=".", help="course directory (default: .)")
    args = parser.parse_args(argv)
    try:
        if args.cmd == "build":
            made = build_course(find_notebooks(args.notebooks, NOTEBOOKS), args.course,
                                seed=args.seed, assignment=args.assignment)
            seed = made.pop("seed")
            for a, names in made.items():
                print(f"{args.course}/source/{a}/: {', '.join(names)}")
            print(f"hidden tests drawn with --seed {seed}; next, in {args.course}: "
                  f"nbgrader generate_assignment {next(iter(made))}  (add --force to redo a "
                  "release)")
        elif args.cmd == "trial":
            for assignment in args.assignment:
                expected = write_trial_submissions(args.course, assignment)
                name, phrase = expected.pop("mistake")
                for student, (score, total) in expected.items():
                    print(f"submitted/{student}/{assignment}/: should score {score:g} of "
                          f"{total:g}")
                print(f"trial_wrong's mistake is in {name}: its feedback says \"{phrase}\"")
            print(f"next: nbgrader autograde {args.assignment[0]}")
        elif args.cmd == "scores":
            rows = scores(args.course)
            if not rows:
                print("no graded submissions yet")
            for a, student, score, total in rows:
                print(f"{a:32s} {student:16s} {score:6g} / {total:g}")
    except BuildError as exc:
        return _fail(prog, str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
