"""Clear notes in autograded notebooks (an nbgrader preprocessor; needs ``nbgrader``).

:class:`GradingNotes` runs in ``nbgrader autograde`` right after the
notebook was executed, before the scores are read. For each exercise of the
homework build (answer cell ``<name>_answer``, test cell ``<name>_tests``,
see :mod:`course_lib.homework`) it

* cuts the text of every cell's outputs to
  :attr:`GradingNotes.max_output_chars` characters (10 000, as a check allows
  a learner's function to print; a print of a megabyte would otherwise land
  in the feedback); if that was the answer cell's output, the exercise
  scores 0, with a note;
* explains a failed test whose answer cell is missing from the submission
  (deleted), or which (or whose answer cell) was stopped at the time limit
  (``Execute.timeout``).

A note is an error output of the test cell (nbgrader gives a test cell with
an error no points), so it shows in the feedback.

The errors of test cells are shortened to their last line: the message of
a failed check is the learner's feedback, and neither course_lib's frames
nor the hidden tests' lines need to be shown.

``configure_grading(c)`` in ``nbgrader_config.py`` switches it on, and
removes the hidden tests' source from the feedback HTML.
"""

from __future__ import annotations

from nbformat.notebooknode import NotebookNode
from nbgrader.converters.autograde import Autograde
from nbgrader.converters.generate_feedback import GenerateFeedback
from nbgrader.preprocessors import ClearHiddenTests, Execute, GetGrades, NbGraderPreprocessor
from traitlets import Integer

from .exercises import PRINT_LIMIT

__all__ = ["GradingNotes", "configure_grading", "NOTE"]

NOTE = "GradingNote"
"""The ``ename`` of the notes' error outputs."""

ANSWER, TESTS = "_answer", "_tests"


def _grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def _note(text: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=NOTE, evalue=text,
                        traceback=[f"\x1b[0;31m{NOTE}\x1b[0m: {text}"])


TEXT = ("text/plain", "text/html", "text/markdown", "text/latex")


def _size(output) -> int:
    """Characters of text in an output (pictures and widget states do not count)."""
    if output.get("output_type") == "stream":
        return len(output.get("text", ""))
    if output.get("output_type") == "error":
        return sum(map(len, output.get("traceback", [])))
    return sum(len(v) if isinstance(v, str) else len("".join(v))
               for k, v in output.get("data", {}).items() if k in TEXT)


def _cut(output, limit: int) -> None:
    """Shorten the text of one output in place to about ``limit`` characters."""
    if output.get("output_type") == "stream":
        if len(output["text"]) > limit:
            output["text"] = output["text"][:limit] + "\n... (cut)\n"
    elif output.get("output_type") == "error":
        output["traceback"] = [line[:limit] for line in output["traceback"][:20]]
    else:
        for k in TEXT:
            v = output.get("data", {}).get(k)
            if v is not None and len(v) > limit:
                output["data"][k] = v[:limit] + "\n... (cut)"


class GradingNotes(NbGraderPreprocessor):
    """Cut oversized outputs and explain missing answers and timeouts in the test cells."""

    max_output_chars = Integer(
        PRINT_LIMIT, help="Most characters of text a cell's outputs may have (pictures do not "
                          "count); longer outputs are cut, and an answer cell that printed more "
                          "scores 0 for its exercise (a check fails at the same length).",
    ).tag(config=True)

    def preprocess(self, nb, resources):
        answers, flooded, timed_out = set(), {}, set()
        for cell in nb.cells:
            gid = _grade_id(cell) or ""
            if cell.metadata.get("nbgrader", {}).get("solution") and gid.endswith(ANSWER):
                answers.add(gid[:-len(ANSWER)])
            if cell.cell_type != "code":
                continue
            if gid.endswith(TESTS):  # errors of a test cell: their message only
                for o in cell.outputs:
                    if o.get("output_type") == "error":
                        o["traceback"] = [f"\x1b[0;31m{o.get('ename', 'Error')}\x1b[0m: "
                                          f"{o.get('evalue', '')}"]
            size = sum(_size(o) for o in cell.outputs)
            if size > self.max_output_chars:
                for o in cell.outputs:
                    _cut(o, self.max_output_chars // max(1, len(cell.outputs)))
                if gid.endswith(ANSWER):
                    flooded[gid[:-len(ANSWER)]] = size
            if any(o.get("output_type") == "error" and o.get("ename") == "CellTimeoutError"
                   for o in cell.outputs) and gid.endswith(ANSWER):
                timed_out.add(gid[:-len(ANSWER)])
        for cell in nb.cells:
            gid = _grade_id(cell) or ""
            if not (cell.cell_type == "code" and gid.endswith(TESTS)
                    and cell.metadata["nbgrader"].get("grade")):
                continue
            name = gid[:-len(TESTS)]
            failed = any(o.get("output_type") == "error" for o in cell.outputs)
            notes = []
            if failed and name not in answers:
                notes.append(f"the answer cell of this exercise ({name}{ANSWER}) is missing from "
                             "the submission, probably deleted: its tests cannot pass, 0 points.")
            if name in flooded:
                notes.append(f"the answer cell printed {flooded[name]:,} characters (at most "
                             f"{self.max_output_chars:,} are allowed), so this exercise scores 0. "
                             "Remove the print calls.")
            if failed and name in timed_out:
                notes.append("the answer cell did not finish within the time limit and was "
                             "stopped (an endless loop?).")
            if any(o.get("output_type") == "error" and o.get("ename") == "CellTimeoutError"
                   for o in cell.outputs):
                notes.append("this test did not finish within the time limit and was stopped: "
                             "does your function loop forever? 0 points.")
            if notes:
                cell.outputs.append(_note(" ".join(n[0].upper() + n[1:] for n in notes)))
        return nb, resources

    def preprocess_cell(self, cell, resources, index):  # pragma: no cover (preprocess does all)
        return cell, resources


def configure_grading(c) -> None:
    """Grading settings of the course, for ``nbgrader_config.py`` (``c`` is its config).

    Puts :class:`GradingNotes` into ``nbgrader autograde`` right after the
    execution, and :class:`~nbgrader.preprocessors.ClearHiddenTests` into
    ``nbgrader generate_feedback`` (the feedback shows a failed hidden test's
    message, not its source).
    """
    steps = list(Autograde.class_traits()["autograde_preprocessors"].default())
    if GradingNotes not in steps:
        steps.insert(steps.index(Execute) + 1, GradingNotes)
    c.Autograde.autograde_preprocessors = steps
    feedback = list(GenerateFeedback.class_traits()["preprocessors"].default())
    if ClearHiddenTests not in feedback:
        feedback.insert(feedback.index(GetGrades) + 1, ClearHiddenTests)
    c.GenerateFeedback.preprocessors = feedback
