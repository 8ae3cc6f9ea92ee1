"""Notebook maintenance: clean outputs, build student and instructor versions.

Usage::

    python -m course_lib.nbtools clean notebooks/*.ipynb

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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course_lib.nbtools", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_clean = sub.add_parser("clean", help="execute, then strip all outputs but check cells'")
    p_clean.add_argument("notebooks", nargs="+")
    p_clean.add_argument("--no-run", action="store_true", help="strip only, do not execute")
    args = parser.parse_args(argv)
    if args.cmd == "clean":
        clean(args.notebooks, run=not args.no_run)
    return 0


if __name__ == "__main__":
    sys.exit(main())
