"""Shared test set-up: a headless matplotlib and no leaked figures."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def ipympl_backend():
    """Run a test with ipympl as matplotlib's backend (no browser needed)."""
    previous = matplotlib.get_backend()
    plt.switch_backend("module://ipympl.backend_nbagg")
    try:
        yield
    finally:
        plt.close("all")
        plt.switch_backend(previous)
