"""Notebook maintenance: clean outputs, build student, instructor and lecture versions.

Usage::

    python -m course_lib.nbtools clean notebooks/*.ipynb
    python -m course_lib.nbtools tag notebooks/*.ipynb
    python -m course_lib.nbtools build            # writes build/{student,instructor,lecture}/

Cell tags mark the parts of an exercise (``tag`` adds them from the
notebook's structure): ``exercise`` (the task and the learner's cell),
``check`` (the cell that checks the answer), ``solution`` (the worked
solution and the line that introduces it).

* **student** versions drop the solutions and keep tasks, checks and hints;
  an unfinished exercise reports "not done yet" and the notebook runs on.
* **instructor** versions keep everything, with each learner's cell filled
  in with its solution, so every check passes (the tests run them with
  ``COURSE_STRICT_CHECKS=1``).
* **lecture** versions drop the exercises, for showing a notebook as an app
  (``python -m course_lib.lecture``).

``clean`` executes each notebook and then removes every output except those
of cells that start with ``# NBVAL_CHECK_OUTPUT``: those print a few key
numbers (from ``course_lib``) that nbval compares on every test run, so their
expected text must be stored. Execution counts, widget state and other
run-specific metadata are removed, so diffs stay clean (check cells keep a
small sequential execution count: nbval ignores a reference cell without one).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHECK_MARK = "# NBVAL_CHECK_OUTPUT"
TEXT_MIMES = ("text/plain",)


def is_check_cell(cell) -> bool:
    return cell.get("cell_type") == "code" and cell.get("source", "").lstrip().startswith(CHECK_MARK)


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


def clean(paths, run: bool = True) -> None:
    import nbformat

    for path in map(Path, paths):
        nb = nbformat.read(path, as_version=4)
        if run:
            strip_outputs(nb, keep_check_outputs=False)
            execute(nb, path.parent)
        strip_outputs(nb)
        nbformat.validate(nb)
        nbformat.write(nb, path)
        n_kept = sum(1 for c in nb.cells if c.get("outputs"))
        print(f"{path}: cleaned ({n_kept} check cell(s) keep their printed numbers)")


EXERCISE, CHECK, SOLUTION = "exercise", "check", "solution"


def _tags(cell) -> list:
    return cell.setdefault("metadata", {}).setdefault("tags", [])


def _add_tag(cell, tag) -> None:
    tags = _tags(cell)
    if tag not in tags:
        tags.append(tag)


def tag_exercises(nb):
    """Tag the cells of every exercise from the notebook's structure.

    An exercise is: a markdown task (a heading with "Exercise"), a code
    cell tagged ``exercise``, a check cell (code starting with ``check``),
    a markdown line starting "Stuck?" and a code cell tagged ``solution``.
    """
    cells = nb.cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "code" or EXERCISE not in _tags(cell):
            continue
        # the task: markdown cells back to the one with the "Exercise" heading
        j = i - 1
        while j >= 0 and cells[j].cell_type == "markdown":
            _add_tag(cells[j], EXERCISE)
            if "Exercise" in cells[j].source:
                break
            j -= 1
        k = i + 1
        while k < len(cells) and SOLUTION not in _tags(cells[k]):
            c = cells[k]
            if c.cell_type == "code" and c.source.lstrip().startswith("check"):
                _add_tag(c, CHECK)
            elif c.cell_type == "markdown" and c.source.lstrip().startswith("Stuck?"):
                _add_tag(c, SOLUTION)
            else:
                break
            k += 1
    return nb


def _strip_check_lines(source: str) -> str:
    lines = source.rstrip().splitlines()
    while lines and (lines[-1].lstrip().startswith("check.") or not lines[-1].strip()):
        lines.pop()
    return "\n".join(lines)


def make_version(nb, kind: str):
    """Return a copy of ``nb`` for ``kind`` in {"student", "instructor", "lecture"}."""
    import copy

    if kind not in ("student", "instructor", "lecture"):
        raise ValueError(f"kind must be 'student', 'instructor' or 'lecture', got {kind!r}")
    nb = tag_exercises(copy.deepcopy(nb))
    strip_outputs(nb, keep_check_outputs=False)
    cells = nb.cells
    if kind == "student":
        nb.cells = [c for c in cells if SOLUTION not in _tags(c)]
    elif kind == "lecture":
        nb.cells = [c for c in cells if not {EXERCISE, CHECK, SOLUTION} & set(_tags(c))]
    else:
        for i, c in enumerate(cells):
            if c.cell_type == "code" and EXERCISE in _tags(c):
                sol = next((d for d in cells[i + 1:] if d.cell_type == "code"
                            and SOLUTION in _tags(d)), None)
                if sol is None:
                    raise ValueError(f"exercise cell {i} has no solution cell after it")
                c.source = _strip_check_lines(sol.source)
            if SOLUTION in _tags(c):
                c.metadata.get("jupyter", {}).pop("source_hidden", None)
    return nb


def build(notebooks, out: Path) -> list[Path]:
    """Write student, instructor and lecture versions of ``notebooks`` under ``out``."""
    import nbformat

    written = []
    for kind in ("student", "instructor", "lecture"):
        (out / kind).mkdir(parents=True, exist_ok=True)
        for path in map(Path, notebooks):
            nb = make_version(nbformat.read(path, as_version=4), kind)
            target = out / kind / path.name
            nbformat.write(nb, target)
            written.append(target)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course_lib.nbtools", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_clean = sub.add_parser("clean", help="execute, then strip all outputs but check cells'")
    p_clean.add_argument("notebooks", nargs="+")
    p_clean.add_argument("--no-run", action="store_true", help="strip only, do not execute")
    p_tag = sub.add_parser("tag", help="tag exercise, check and solution cells")
    p_tag.add_argument("notebooks", nargs="+")
    p_build = sub.add_parser("build", help="write student, instructor and lecture versions")
    p_build.add_argument("notebooks", nargs="*", help="default: notebooks/*.ipynb")
    p_build.add_argument("--out", default="build", help="output folder (default: build)")
    args = parser.parse_args(argv)
    if args.cmd == "clean":
        clean(args.notebooks, run=not args.no_run)
    elif args.cmd == "tag":
        import nbformat

        for path in args.notebooks:
            nb = tag_exercises(nbformat.read(path, as_version=4))
            nbformat.write(nb, path)
            print(f"{path}: tagged")
    elif args.cmd == "build":
        paths = args.notebooks or sorted(Path("notebooks").glob("*.ipynb"))
        if not paths:
            parser.error("no notebooks found: run from the course folder or name them")
        written = build(paths, Path(args.out))
        print(f"wrote {len(written)} notebooks under {args.out}/ (student, instructor, lecture)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
