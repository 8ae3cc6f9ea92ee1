"""What the browser tests find wrong, collected per test and for the whole run.

Each test makes a :class:`Findings`, adds a sentence per problem (per app:
an output that reaches past its column by so many px, an app that does not
re-fit, a click that lands off the point under the pointer...), and calls
:meth:`Findings.finish` at its end: it fails with every problem listed, or
xfails when all of them are another branch's open work (:data:`KNOWN_OPEN`).
The conftest writes the whole run's list to tests/artifacts/browser/findings.md.

(A module of its own, imported by name from both the conftest and the
tests, so there is one list: the conftest itself is imported twice, as a
package module by pytest and by name by the tests.)
"""

from __future__ import annotations

import re
import time

import pytest

# App class -> (why, trigger): the app's findings in a test are another branch's open work
# (xfail, not fail) only while one of them matches ``trigger`` (a regex): the symptom of that
# open work. Once it is gone the app's findings fail like any other. Entries whose trigger
# matched nothing in a run are listed at its end as stale.
KNOWN_OPEN: dict[str, tuple[str, str]] = {}  # every branch's work is merged: nothing open


FINDINGS: list[tuple[str, str, str]] = []  # (where, app, what) of the whole run
STALE_CHECK: dict[str, bool] = {}  # known-open app -> seen with its trigger
SEEN_APPS: set[str] = set()  # every app a test looked at this run


class Findings:
    """What one test found wrong, per app; ``finish()`` fails (or xfails known open work)."""

    def __init__(self, where: str):
        self.where = where
        self.items: list[tuple[str, str]] = []
        self.notes: list[str] = []
        self.t0 = time.monotonic()

    def seen(self, apps) -> None:
        """Record the apps this test looked at (for the stale check of KNOWN_OPEN)."""
        SEEN_APPS.update(apps)

    def add(self, app: str, what: str) -> None:
        self.items.append((app or "-", what))

    def note(self, text: str) -> None:
        """A measurement worth reading that is not a failure (timings, sizes)."""
        self.notes.append(f"[{time.monotonic() - self.t0:5.1f} s] {text}")

    def overflow(self, records: list[dict], when: str) -> None:
        for rec in records:
            for p in rec["problems"]:
                where = (f"the notebook ({rec['column']} px wide)" if rec["index"] < 0 else
                         f"output {rec['index']} ({rec['kind']}, column {rec['column']} px)")
                self.add(rec["app"] or rec["kind"], f"{when}: {where}: {p['what']} by "
                         f"{p['px']:g} px")

    def known_open(self) -> set[str]:
        """The apps whose findings here show the symptom of another branch's open work."""
        return {a for a, w in self.items
                if a in KNOWN_OPEN and re.search(KNOWN_OPEN[a][1], w)}

    def finish(self) -> None:
        known = self.known_open()
        STALE_CHECK.update(dict.fromkeys(known, True))
        for app, what in self.items:
            FINDINGS.append((self.where, app, what + (" [known open work]" if app in known
                                                      else "")))
        if not self.items:
            return
        unknown = [(a, w) for a, w in self.items if a not in known]
        lines = "\n".join(f"  {a}: {w}" for a, w in self.items)
        if unknown:
            n_known = len(self.items) - len(unknown)
            pytest.fail(f"{self.where}: {len(unknown)} problem(s) (and {n_known} of known open "
                        f"work):\n{lines}", pytrace=False)
        reasons = "; ".join(sorted({f"{a}: {KNOWN_OPEN[a][0]}" for a in known}))
        pytest.xfail(f"{self.where}: only known open work ({reasons}):\n{lines}")
