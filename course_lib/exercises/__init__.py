"""Checks for the exercises learners write in the notebooks.

Each exercise in a notebook (``notebooks/``, the self-study version) has

1. the task and the learner's cell (tag ``exercise``): a function to fill in,
   starting as ``return ...``;
2. a check cell (tag ``check``): ``check.euler_step(euler_step)`` shows
   specific feedback;
3. hints and a worked solution (tags ``hint`` and ``solution``): collapsed
   markdown the learner opens when stuck. They never run, so they never
   replace the learner's code.

A check never stops a "Run all": an unfinished exercise reports
"not done yet", a wrong answer says what is wrong. In *strict* mode a check
that does not pass raises :class:`CheckFailed` instead: with the environment
variable ``COURSE_STRICT_CHECKS=1`` (the tests run instructor versions so)
and whenever nbgrader executes a notebook (``nbgrader autograde`` and
``validate`` set ``NBGRADER_EXECUTION``), so that a graded test cell fails
with the very message the learner sees in self-study.

Every check takes an optional ``cases`` argument: the inputs it tries
(default: the cases the notebook's learners see). ``check.random_cases(rng)``
draws other valid cases; the homework build (``course_lib.homework``) writes
them into hidden test cells, so that a graded answer is tried at parameter
values the student never saw.

While a check runs, whatever the learner's code prints is collected: up to
:data:`PRINT_LIMIT` characters it is shown before the feedback, beyond that
the check fails and says so (a print inside a function that the check calls
hundreds of times would otherwise flood the notebook). Warnings raised by the
learner's code are added to the message of a wrong answer.

Topic checks live in ``course_lib.exercises.<topic>`` and build on
:func:`run_check`.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import warnings
from dataclasses import dataclass
from typing import Callable

__all__ = ["Feedback", "CheckFailed", "NotDone", "run_check", "is_unfinished", "strict",
           "with_random_cases", "PRINT_LIMIT"]

PRINT_LIMIT = 10_000
"""Most characters a learner's code may print while one check runs."""


class CheckFailed(AssertionError):
    """Raised by a check in strict mode when the answer is not right."""


class NotDone(Exception):
    """Raised inside a check body when the learner's answer is still a stub."""


@dataclass(frozen=True)
class Feedback:
    """The result of a check: truthy when the answer is right.

    Attributes
    ----------
    status : {"correct", "wrong", "not done"}
    message : str
        What the learner reads.
    """

    status: str
    message: str

    def __bool__(self) -> bool:
        return self.status == "correct"

    def __str__(self) -> str:
        mark = {"correct": "\u2705", "wrong": "\u274c", "not done": "\u270f\ufe0f"}[self.status]
        return f"{mark} {self.message}"

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return str(self)

    def _ipython_display_(self) -> None:
        # Shown as display data, not as an execute result: nbgrader reads a test cell's
        # execute result as a partial score and would warn about this text.
        from IPython.display import display

        display({"text/markdown": str(self), "text/plain": str(self)}, raw=True)


def strict() -> bool:
    """True when checks must raise instead of printing.

    That is with ``COURSE_STRICT_CHECKS=1`` and while nbgrader grades or
    validates a notebook (it sets ``NBGRADER_EXECUTION``).
    """
    if os.environ.get("COURSE_STRICT_CHECKS", "").lower() in ("1", "true", "yes"):
        return True
    return os.environ.get("NBGRADER_EXECUTION", "") in ("autograde", "validate")


def is_unfinished(answer) -> bool:
    """True for the stub a learner starts from: ``...``.

    (``None``, what a function without ``return`` gives, is a wrong answer:
    the checks say "did you forget the return statement?".)
    """
    return answer is ...


class _Capped(io.TextIOBase):
    """A text stream that counts everything written and keeps the first ``limit`` characters."""

    def __init__(self, limit: int):
        self.limit, self.count, self._parts, self._kept = limit, 0, [], 0

    def writable(self) -> bool:
        return True

    def write(self, s) -> int:
        s = str(s)
        self.count += len(s)
        if self._kept < self.limit:
            self._parts.append(s[:self.limit - self._kept])
            self._kept += len(self._parts[-1])
        return len(s)

    def text(self) -> str:
        return "".join(self._parts)


def run_check(name: str, body: Callable[[], str | None]) -> Feedback:
    """Run a check body and turn its outcome into :class:`Feedback`.

    ``body`` returns a success message, or raises :class:`AssertionError`
    with the feedback for a wrong answer, or :class:`NotDone` /
    ``NotImplementedError`` for an unfinished one. Any other exception from
    the learner's code is reported as wrong, with its message.
    ``KeyboardInterrupt`` (the stop button, a grader's timeout) is not caught.

    Output the learner's code prints meanwhile is collected and shown before
    the feedback; more than :data:`PRINT_LIMIT` characters fail the check.

    The feedback is returned; as the last line of a cell it shows itself.
    In strict mode (:func:`strict`) anything but a correct answer raises
    :class:`CheckFailed` with the same text.
    """
    out = _Capped(PRINT_LIMIT)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                ok = body()
            fb = Feedback("correct", ok or f"{name}: correct!")
        except (NotDone, NotImplementedError):
            fb = Feedback("not done", f"{name}: not done yet. Fill in the cell above and run "
                          "it, then run this check again.")
        except AssertionError as exc:
            fb = Feedback("wrong", f"{name}: {exc}")
        except RecursionError as exc:
            fb = Feedback("wrong", f"{name}: your code raised RecursionError ({exc}): does your "
                          "function call itself?")
        except Exception as exc:  # the learner's code raised: say what
            fb = Feedback("wrong", f"{name}: your code raised {type(exc).__name__}: {exc}")
    if out.count > PRINT_LIMIT:
        fb = Feedback("wrong", f"{name}: your code printed {out.count:,} characters while it was "
                      f"checked (at most {PRINT_LIMIT:,} are allowed): remove the print calls "
                      "from your function, the check calls it many times.")
    else:
        text = out.text()
        if text:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
    if fb.status == "wrong" and caught and out.count <= PRINT_LIMIT:
        first = caught[0]
        fb = Feedback("wrong", f"{fb.message} (Python also warned: "
                      f"{first.category.__name__}: {first.message})")
    if strict() and not fb:
        raise CheckFailed(str(fb))
    return fb


def with_random_cases(maker: Callable) -> Callable:
    """Decorator: attach ``maker(rng) -> cases`` to a check as ``check.random_cases``.

    ``maker`` takes a :class:`numpy.random.Generator` and returns cases in
    the form the check's ``cases`` argument takes, as plain Python numbers
    (so that they can be written into a notebook cell).
    """

    def attach(check):
        check.random_cases = maker
        return check

    return attach
