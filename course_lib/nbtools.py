"""Notebook maintenance: clean outputs, build student, instructor and lecture versions.

Usage::

    python -m course_lib.nbtools clean notebooks/*.ipynb
    python -m course_lib.nbtools tag notebooks/*.ipynb
    python -m course_lib.nbtools build            # writes build/{student,instructor,lecture}/
    python -m course_lib.nbtools build 01 03 --out /tmp/course

(The homework version, an nbgrader course, is built by ``python -m
course_lib.homework``.)

An exercise is written once, in ``notebooks/``, as tagged cells (``tag``
adds the tags from the notebook's structure):

* ``exercise``: the task (markdown, a heading with "Exercise") and the
  learner's cell, a function whose body is ``return ...``; the learner's
  cell may carry ``metadata["exercise"]["points"]`` for the homework;
* ``check``: the cell that checks the answer, ``check.euler_step(euler_step)``;
* ``hint``: markdown with collapsed ``<details>`` hints;
* ``solution``: markdown with the worked solution, collapsed, as a fenced
  ``python`` block. It is text, so "Run All" never runs it and never
  replaces the learner's function.

``notebooks/`` is the self-study version. The builds:

* **student**: the same cells, hints and the collapsed worked solution
  included; an unfinished exercise reports "not done yet" and the notebook
  runs on;
* **instructor**: each learner's cell filled in with the code of its worked
  solution, so every check passes (the tests run them with
  ``COURSE_STRICT_CHECKS=1``);
* **lecture**: no exercises, for showing a notebook as an app
  (``python -m course_lib.lecture``).

Every version is written without outputs and without the
``nbval-check-output`` cell tags (they only matter to the tests of
``notebooks/``).

``clean`` executes each notebook and then removes every output except those
of cells tagged ``nbval-check-output`` (nbval's tag for "compare this cell's
output"; a tag, not a ``# NBVAL_CHECK_OUTPUT`` first line, so the learner
never sees it in the code; ``clean`` turns such a line into the tag): those print a few key
numbers (from ``course_lib``) that nbval compares on every test run, so their
expected text must be stored. Execution counts, widget state and other
run-specific metadata are removed, so diffs stay clean (check cells keep a
small sequential execution count: nbval ignores a reference cell without one).

Bad input (a notebook that is not valid JSON, an unknown notebook name, an
output folder whose parent does not exist or cannot be written) gives one
line on stderr and exit status 2; a build is written to a temporary folder
and moved into place only when complete.
"""

from __future__ import annotations

import argparse
import ast
import copy
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

CHECK_MARK = "# NBVAL_CHECK_OUTPUT"
"""nbval's comment marker; the course uses the tag instead (``clean`` converts it)."""
CHECK_TAG = "nbval-check-output"
"""The cell tag by which nbval compares a cell's stored output."""
TEXT_MIMES = ("text/plain",)
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
KINDS = ("student", "instructor", "lecture")


class BuildError(ValueError):
    """Bad input for a build: the message is the one line the command prints."""


def _has_mark_line(cell) -> bool:
    return cell.get("source", "").lstrip().startswith(CHECK_MARK)


def is_check_cell(cell) -> bool:
    """A code cell whose printed output nbval compares (tagged, or with the legacy first line)."""
    if cell.get("cell_type") != "code":
        return False
    return CHECK_TAG in cell.get("metadata", {}).get("tags", []) or _has_mark_line(cell)


def tag_check_marks(nb):
    """Turn each ``# NBVAL_CHECK_OUTPUT`` first line into the ``nbval-check-output`` tag."""
    for cell in nb.cells:
        if cell.get("cell_type") == "code" and _has_mark_line(cell):
            cell.source = "\n".join(cell.source.lstrip().splitlines()[1:])
            tags = cell.metadata.setdefault("tags", [])
            if CHECK_TAG not in tags:
                tags.append(CHECK_TAG)
    return nb


def strip_outputs(nb, keep_check_outputs: bool = True):
    """Remove outputs and run metadata in place; keep text outputs of check cells."""
    nb.metadata.pop("widgets", None)
    n_check = 0
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            cell.get("metadata", {}).pop("execution", None)
            continue
        cell["execution_count"] = None
        cell.metadata.pop("execution", None)
        cell.metadata.pop("scrolled", None)
        if keep_check_outputs and is_check_cell(cell):
            # nbval skips ("unrun") a reference cell without an execution count.
            n_check += 1
            cell["execution_count"] = n_check
            kept = []
            for out in cell.get("outputs", []):
                if out.get("output_type") == "stream" and out.get("name") == "stdout":
                    kept.append(out)
                elif out.get("output_type") == "execute_result":
                    data = {k: v for k, v in out.get("data", {}).items() if k in TEXT_MIMES}
                    if data:
                        out["data"] = data
                        out["execution_count"] = None
                        out["metadata"] = {}
                        kept.append(out)
            cell["outputs"] = kept
        else:
            cell["outputs"] = []
    return nb


def strip_check_marks(nb):
    """Remove the check tags (and any legacy marker line) of code cells, in place."""
    tag_check_marks(nb)
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags")
        if tags and CHECK_TAG in tags:
            tags.remove(CHECK_TAG)
            if not tags:
                del cell.metadata["tags"]
    return nb


def execute(nb, cwd: Path, timeout: int = 600, env: dict | None = None):
    """Run a notebook in place with the current Python's kernel."""
    import os

    from nbclient import NotebookClient

    old = {}
    for k, v in (env or {}).items():
        old[k] = os.environ.get(k)
        os.environ[k] = v
    try:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(cwd)}})
        client.execute()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


# ------------------------------------------------------------------ reading notebooks
def find_notebooks(names, folder: Path = NOTEBOOKS) -> list[Path]:
    """Notebook paths from paths, stems or numbers (``"01"``); all of ``folder`` if none.

    Raises
    ------
    BuildError
        For a name that matches no notebook (or several).
    """
    if not names:
        paths = sorted(Path(folder).glob("*.ipynb"))
        if not paths:
            raise BuildError(f"no notebooks in {folder}: run from the course folder or name them")
        return paths
    paths = []
    for name in map(str, names):
        p = Path(name)
        if p.suffix == ".ipynb":
            if not p.is_file():
                raise BuildError(f"no notebook {name}")
            paths.append(p)
            continue
        matches = sorted(Path(folder).glob(f"{name}*.ipynb")) or \
            sorted(Path(folder).glob(f"*{name}*.ipynb"))
        if len(matches) != 1:
            known = ", ".join(m.stem for m in sorted(Path(folder).glob("*.ipynb")))
            what = "matches no notebook" if not matches else "matches several notebooks"
            raise BuildError(f"{name!r} {what} in {folder}; the notebooks are: {known}")
        paths.append(matches[0])
    return paths


def read_notebook(path: Path):
    """Read and validate a notebook.

    Raises
    ------
    BuildError
        If it cannot be read, is not JSON or is not a valid notebook.
    """
    import nbformat
    from nbformat.reader import NotJSONError

    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except NotJSONError:
        raise BuildError(f"{path}: not a notebook (the file is not valid JSON)") from None
    except OSError as exc:
        raise BuildError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    except nbformat.ValidationError as exc:
        raise BuildError(f"{path}: not a valid notebook ({exc.message})") from None
    except Exception as exc:  # nbformat raises several kinds for broken files
        raise BuildError(f"{path}: not a valid notebook ({type(exc).__name__}: {exc})") from None
    return nb


def write_atomically(out: Path, files: dict[str, dict]) -> None:
    """Write ``{folder: {file name: notebook or text}}`` under ``out``, each folder replaced whole.

    Everything is first written to a temporary folder inside ``out``; each
    folder then replaces its old version by a rename, so a failed build
    leaves the old files as they were (and no new ``out`` behind).

    Raises
    ------
    BuildError
        If ``out``'s parent folder does not exist or ``out`` cannot be written.
    """
    import nbformat

    out = Path(out)
    parent = out.absolute().parent
    if not parent.is_dir():
        raise BuildError(f"cannot write {out}: the folder {parent} does not exist")
    if out.exists() and not out.is_dir():
        raise BuildError(f"cannot write {out}: it is a file, not a folder")
    created = not out.exists()
    tmp = None
    try:
        out.mkdir(exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".incomplete-", dir=out))
        for folder, contents in files.items():
            (tmp / folder).mkdir(parents=True)
            for name, item in contents.items():
                if isinstance(item, str):
                    (tmp / folder / name).write_text(item, encoding="utf-8")
                else:
                    nbformat.write(item, tmp / folder / name)
        for k, folder in enumerate(files):
            target = out / folder
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                target.rename(tmp / f".old-{k}")
            (tmp / folder).rename(target)
    except OSError as exc:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        if created:
            shutil.rmtree(out, ignore_errors=True)
        raise BuildError(f"cannot write {out}: {exc.strerror or exc}") from None
    shutil.rmtree(tmp, ignore_errors=True)


# ------------------------------------------------------------------ exercises
EXERCISE, CHECK, HINT, SOLUTION = "exercise", "check", "hint", "solution"
EXERCISE_HEADING = re.compile(r"^#+ .*Exercise", flags=re.M)
SOLUTION_CODE = re.compile(r"```python\n(.*?)\n```", flags=re.S)


def _tags(cell) -> list:
    return cell.setdefault("metadata", {}).setdefault("tags", [])


def _add_tag(cell, tag) -> None:
    tags = _tags(cell)
    if tag not in tags:
        tags.append(tag)


def _is_hint(cell) -> bool:
    return cell.cell_type == "markdown" and (
        cell.source.lstrip().startswith("Stuck?") or "<summary><b>Hint" in cell.source)


def _is_solution(cell) -> bool:
    return cell.cell_type == "markdown" and "<details>" in cell.source and \
        "Worked solution" in cell.source


def tag_exercises(nb):
    """Tag the cells of every exercise from the notebook's structure.

    An exercise is: a markdown task (a heading with "Exercise"), a code
    cell tagged ``exercise``, a check cell (code starting with ``check``),
    a markdown cell of hints (``<details><summary><b>Hint 1</b>...``) and a
    markdown cell with the worked solution (``<details>`` with "Worked
    solution" and a fenced ``python`` block).
    """
    from nbformat.v4 import new_markdown_cell

    # A task cell that starts with text belonging to the previous section is split at the
    # exercise heading, so that lecture versions (which drop exercises) keep that text.
    split = []
    for cell in nb.cells:
        m = EXERCISE_HEADING.search(cell.source) if cell.cell_type == "markdown" else None
        if m and m.start() > 0 and cell.source[:m.start()].strip():
            before = new_markdown_cell(cell.source[:m.start()].rstrip())
            cell.source = cell.source[m.start():]
            tags = [t for t in _tags(cell) if t != EXERCISE]
            if tags:
                before.metadata["tags"] = tags
            split.append(before)
        split.append(cell)
    nb.cells = split
    cells = nb.cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "code" or EXERCISE not in _tags(cell):
            continue
        # the task: markdown cells back to the one with the "Exercise" heading (at most 3)
        task, j = [], i - 1
        while j >= 0 and cells[j].cell_type == "markdown" and len(task) < 3:
            task.append(cells[j])
            if EXERCISE_HEADING.search(cells[j].source):
                break
            j -= 1
        else:
            task = task[:1]  # no heading found: only the cell right above is the task
        for c in task:
            _add_tag(c, EXERCISE)
        for c in cells[i + 1:]:
            if c.cell_type == "code" and c.source.lstrip().startswith("check"):
                _add_tag(c, CHECK)
            elif _is_hint(c):
                _add_tag(c, HINT)
            elif _is_solution(c):
                _add_tag(c, SOLUTION)
                break
            else:
                break
    return nb


@dataclass
class Exercise:
    """The cells of one exercise (indices into ``nb.cells``) and what they say.

    Attributes
    ----------
    task : list of int
        The markdown cells of the task.
    learner : int
        The learner's code cell.
    checks : list of int
        The check cells.
    hints : list of int
        The hint cells.
    solution : int or None
        The worked-solution cell.
    name : str
        The learner's function (the first argument of the check call).
    check : str
        The check's name in the check module (``check.<check>(name)``).
    module : str
        The name the check module has in the notebook (usually ``check``).
    points : int or None
        ``metadata["exercise"]["points"]`` of the learner's cell.
    solution_code : str or None
        The worked solution's code.
    """

    task: list
    learner: int
    checks: list
    hints: list
    solution: int | None
    name: str
    check: str
    module: str
    points: int | None
    solution_code: str | None


def _check_call(source: str):
    """(module alias, check name, learner's name) of the first ``alias.check(name)`` call."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                isinstance(node.func.value, ast.Name) and node.args and \
                isinstance(node.args[0], ast.Name):
            return node.func.value.id, node.func.attr, node.args[0].id
    return None


def exercises(nb) -> list[Exercise]:
    """The exercises of a tagged notebook, in order.

    Raises
    ------
    ValueError
        For an exercise without a check cell, or whose check cell does not
        call ``check.<name>(<learner's function>)``.
    """
    cells, found = nb.cells, []
    for i, cell in enumerate(cells):
        if cell.cell_type != "code" or EXERCISE not in cell.metadata.get("tags", []):
            continue
        task = []
        j = i - 1
        while j >= 0 and cells[j].cell_type == "markdown" and \
                EXERCISE in cells[j].metadata.get("tags", []):
            task.insert(0, j)
            j -= 1
        checks, hints, solution = [], [], None
        for k in range(i + 1, len(cells)):
            tags = cells[k].metadata.get("tags", [])
            if CHECK in tags:
                checks.append(k)
            elif HINT in tags:
                hints.append(k)
            elif SOLUTION in tags:
                solution = k
                break
            else:
                break
        heading = cells[task[0]].source.splitlines()[0] if task else f"cell {i}"
        if not checks:
            raise ValueError(f"exercise {heading!r} has no check cell after its code cell")
        call = _check_call(cells[checks[0]].source)
        if call is None:
            raise ValueError(f"exercise {heading!r}: its check cell does not call "
                             f"check.<name>(<function>): {cells[checks[0]].source!r}")
        code = None
        if solution is not None:
            m = SOLUTION_CODE.search(cells[solution].source)
            code = m.group(1) if m else None
        points = cell.metadata.get("exercise", {}).get("points")
        found.append(Exercise(task, i, checks, hints, solution, call[2], call[1], call[0],
                              points, code))
    return found


def _strip_check_lines(source: str) -> str:
    lines = source.rstrip().splitlines()
    while lines and (lines[-1].lstrip().startswith("check.") or not lines[-1].strip()):
        lines.pop()
    return "\n".join(lines)


def learner_names(nb) -> set[str]:
    """Names the learner's exercise cells define (functions and top-level assignments)."""
    names: set[str] = set()
    for cell in nb.cells:
        if cell.get("cell_type") != "code" or EXERCISE not in cell.metadata.get("tags", []):
            continue
        try:
            body = ast.parse(cell.source).body
        except SyntaxError:
            continue
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _uses(cell, names: set[str]) -> bool:
    if cell.get("cell_type") == "code":
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            return False
        return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(tree))
    return any(f"`{name}`" in cell.source for name in names)


def _without_uses_of(cells, names: set[str]) -> list:
    """Drop code cells that use ``names`` and the text just before one that speaks of them.

    The lecture version has no exercises, so a later cell that runs the learner's
    function (notebook 03's ``HopfieldApp(rule=async_sweep)``) would raise NameError.
    """
    if not names:
        return list(cells)
    drop = {i for i, c in enumerate(cells) if c.get("cell_type") == "code" and _uses(c, names)}
    drop |= {i - 1 for i in drop if i > 0 and cells[i - 1].get("cell_type") == "markdown"
             and _uses(cells[i - 1], names)}
    return [c for i, c in enumerate(cells) if i not in drop]


def make_version(nb, kind: str):
    """Return a copy of ``nb`` for ``kind`` in {"student", "instructor", "lecture"}.

    Raises
    ------
    ValueError
        For another ``kind``, or (instructor) an exercise without a worked
        solution.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be 'student', 'instructor' or 'lecture', got {kind!r}")
    nb = tag_exercises(copy.deepcopy(nb))
    strip_outputs(nb, keep_check_outputs=False)
    strip_check_marks(nb)
    if kind == "lecture":
        mine = learner_names(nb)
        nb.cells = [c for c in nb.cells
                    if not {EXERCISE, CHECK, HINT, SOLUTION} & set(c.metadata.get("tags", []))]
        nb.cells = _without_uses_of(nb.cells, mine)
    elif kind == "instructor":
        for ex in exercises(nb):
            if ex.solution_code is None:
                raise ValueError(f"the exercise with {ex.name!r} (cell {ex.learner}) has no "
                                 "worked solution (a markdown cell tagged 'solution' with a "
                                 "```python block)")
            nb.cells[ex.learner].source = _strip_check_lines(ex.solution_code)
    return nb


def build(notebooks, out: Path, kinds=KINDS) -> list[Path]:
    """Write student, instructor and lecture versions of ``notebooks`` under ``out``.

    Every notebook is read and converted before anything is written; each
    ``out/<kind>/`` folder is then replaced as a whole.

    Raises
    ------
    BuildError
        For a notebook that cannot be read or converted, or an ``out`` that
        cannot be written.
    """
    sources = [(Path(p), read_notebook(Path(p))) for p in notebooks]
    files = {}
    for kind in kinds:
        files[kind] = {}
        for path, nb in sources:
            try:
                files[kind][path.name] = make_version(nb, kind)
            except ValueError as exc:
                raise BuildError(f"{path}: {exc}") from None
    write_atomically(Path(out), files)
    return [Path(out) / kind / path.name for kind in kinds for path, _ in sources]


def _fail(prog: str, msg: str) -> int:
    print(f"{prog}: error: {msg}", file=sys.stderr)
    return 2


def main(argv=None) -> int:
    prog = "python -m course_lib.nbtools"
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_clean = sub.add_parser("clean", help="execute, then strip all outputs but check cells'")
    p_clean.add_argument("notebooks", nargs="+")
    p_clean.add_argument("--no-run", action="store_true", help="strip only, do not execute")
    p_tag = sub.add_parser("tag", help="tag exercise, check, hint and solution cells")
    p_tag.add_argument("notebooks", nargs="+")
    p_build = sub.add_parser("build", help="write student, instructor and lecture versions")
    p_build.add_argument("notebooks", nargs="*",
                         help="paths, stems or numbers (default: notebooks/*.ipynb)")
    p_build.add_argument("--out", default="build", help="output folder (default: build)")
    args = parser.parse_args(argv)
    try:
        if args.cmd == "clean":
            paths = find_notebooks(args.notebooks)
            for p in paths:
                read_notebook(p)
            clean(paths, run=not args.no_run)
        elif args.cmd == "tag":
            import nbformat

            paths = find_notebooks(args.notebooks)
            tagged = [(p, tag_exercises(read_notebook(p))) for p in paths]
            for path, nb in tagged:
                nbformat.write(nb, path)
                print(f"{path}: tagged")
        elif args.cmd == "build":
            paths = find_notebooks(args.notebooks)
            written = build(paths, Path(args.out))
            print(f"wrote {len(written)} notebooks under {args.out}/ ({', '.join(KINDS)})")
    except BuildError as exc:
        return _fail(prog, str(exc))
    return 0


def clean(paths, run: bool = True) -> None:
    import nbformat

    for path in map(Path, paths):
        nb = nbformat.read(path, as_version=4)
        tag_check_marks(nb)
        if run:
            strip_outputs(nb, keep_check_outputs=False)
            execute(nb, path.parent)
        strip_outputs(nb)
        nbformat.validate(nb)
        nbformat.write(nb, path)
        n_kept = sum(1 for c in nb.cells if c.get("outputs"))
        print(f"{path}: cleaned ({n_kept} check cell(s) keep their printed numbers)")


if __name__ == "__main__":
    sys.exit(main())
