"""Browser suite set-up: one JupyterLab server and one Chromium for the whole run.

Skips with a clear message when Chromium or playwright is missing. Every
problem a test finds is a ``findings.Findings`` entry: all of them are listed
per notebook and window size in ``tests/artifacts/browser/findings.md`` and at
the end of the run, so one run shows everything that is wrong, not only the
first failure.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import harness  # noqa: E402
from findings import FINDINGS, KNOWN_OPEN, SEEN_APPS, STALE_CHECK  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "browser"

def pytest_collection_modifyitems(config, items):
    reason = None
    if importlib.util.find_spec("playwright") is None:
        reason = "playwright is not installed: pip install -e '.[test]'"
    elif not harness.chromium_available():
        reason = harness.INSTALL_HINT
    for item in items:
        if "tests/browser" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


def pytest_sessionfinish(session, exitstatus):
    if not FINDINGS and not STALE_CHECK:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    lines = ["# Browser suite findings", "", "| where | app | what |", "|---|---|---|"]
    lines += [f"| {w} | {a} | {t} |" for w, a, t in FINDINGS]
    (ARTIFACTS / "findings.md").write_text("\n".join(lines) + "\n")


def pytest_terminal_summary(terminalreporter):
    stale = sorted(a for a in KNOWN_OPEN if a in SEEN_APPS and a not in STALE_CHECK)
    if FINDINGS:
        terminalreporter.section("browser findings (tests/artifacts/browser/findings.md)")
        for where, app, what in FINDINGS:
            terminalreporter.line(f"{where} | {app} | {what}")
    if stale:
        terminalreporter.line("known-open entries whose symptom was not seen this run (remove "
                              f"them from KNOWN_OPEN in tests/browser/findings.py): "
                              f"{', '.join(stale)}")


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole run (pages of every size are contexts in it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = harness.launch(p)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def lab():
    """One JupyterLab server for every notebook at every window size."""
    server = harness.Server("lab")
    with server:
        yield server
    assert not server.alive(), f"processes left behind: {server.alive()}"


@pytest.fixture(scope="session")
def lab_pages(lab, chromium):
    """``lab_pages(size)``: the one JupyterLab page of that window size (started once)."""
    pages: dict[harness.Size, harness.LabPage] = {}

    def get(size: harness.Size) -> harness.LabPage:
        if size not in pages:
            pages[size] = harness.LabPage(harness.new_page(chromium, size), lab).start()
        return pages[size]

    yield get
    for lp in pages.values():
        lp.page.context.close()
