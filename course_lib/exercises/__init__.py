"""Checks for the exercises learners write in the notebooks.

Each exercise in a notebook has three cells:

1. the learner's cell (tag ``exercise``): a function or a value to fill in,
   starting as ``...`` or ``raise NotImplementedError``;
2. a check cell: ``check.euler_step(euler_step)`` prints specific feedback;
3. a worked solution (tag ``solution``, input collapsed), revealed on click.

A check never stops a "Run all": an unfinished exercise reports
"not done yet", a wrong answer says what is wrong. With the environment
variable ``COURSE_STRICT_CHECKS=1`` (used by the tests on instructor
versions) a check that does not pass raises :class:`CheckFailed`.

Topic checks live in ``course_lib.exercises.<topic>`` and build on
:func:`run_check`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable

__all__ = ["Feedback", "CheckFailed", "NotDone", "run_check", "is_unfinished", "strict"]


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


def strict() -> bool:
    """True when checks must raise instead of printing (``COURSE_STRICT_CHECKS=1``)."""
    return os.environ.get("COURSE_STRICT_CHECKS", "").lower() in ("1", "true", "yes")


def is_unfinished(answer) -> bool:
    """True for the stubs a learner starts from: ``...``, ``None``."""
    return answer is ... or answer is None


def run_check(name: str, body: Callable[[], str | None]) -> Feedback:
    """Run a check body and turn its outcome into :class:`Feedback`.

    ``body`` returns a success message, or raises :class:`AssertionError`
    with the feedback for a wrong answer, or :class:`NotDone` /
    ``NotImplementedError`` for an unfinished one. Any other exception from
    the learner's code is reported as wrong, with its message.

    The feedback is returned; as the last line of a cell it shows itself.
    """
    try:
        ok = body()
        fb = Feedback("correct", ok or f"{name}: correct!")
    except (NotDone, NotImplementedError):
        fb = Feedback("not done", f"{name}: not done yet. Fill in the cell above and run it, "
                      "then run this check again.")
    except AssertionError as exc:
        fb = Feedback("wrong", f"{name}: {exc}")
    except Exception as exc:  # the learner's code raised: say what and where
        fb = Feedback("wrong", f"{name}: your code raised {type(exc).__name__}: {exc}")
    if strict() and not fb:
        raise CheckFailed(str(fb))
    return fb
