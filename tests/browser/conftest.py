"""Browser suite set-up: skip with a clear message when Chromium or playwright is missing."""

import importlib.util
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import harness  # noqa: E402

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


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def lab():
    server = harness.Server("lab")
    with server:
        yield server
    assert not server.alive(), f"processes left behind: {server.alive()}"


@pytest.fixture(scope="session")
def page():
    with harness.browser((1400, 1000)) as p:
        yield p
