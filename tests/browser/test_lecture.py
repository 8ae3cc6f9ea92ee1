"""Lecture mode (python -m course_lib.lecture) in a real browser: no code, big type, live apps."""

import pytest

import harness

LECTURE_NOTEBOOK = "01_self_connected_neuron.ipynb"


@pytest.fixture(scope="module")
def lecture():
    server = harness.Server("lecture", notebooks=[LECTURE_NOTEBOOK])
    with server:
        yield server
    assert not server.alive(), f"processes left behind: {server.alive()}"


def test_lecture_mode_shows_apps_without_code_and_sliders_work(lecture, page, artifacts):
    page.console_errors.clear()
    page.goto(lecture.base + "/")
    page.wait_for_selector(".course-app", timeout=180_000)
    page.wait_for_selector(".jupyter-matplotlib-canvas-div canvas", timeout=60_000)
    page.wait_for_timeout(1500)
    text = page.inner_text("body")
    assert "Exercise" not in text and "check." not in text  # exercises removed
    assert "def euler_step" not in text  # no code
    size = page.evaluate("""() => parseFloat(getComputedStyle(
        document.querySelector('.jp-RenderedMarkdown, .jp-RenderedHTMLCommon')).fontSize)""")
    assert size >= 20, f"lecture text is {size}px"
    app = page.query_selector(".course-app")
    canvas_width = app.evaluate(
        "el => el.querySelector('.jupyter-matplotlib-canvas-div canvas').width")
    assert canvas_width >= 1200  # 9.6 in at 100 dpi x 1.3
    before = harness.canvas_snapshot(app)
    harness.press_slider(page, app, 0)
    assert harness.wait_for_change(app, before, 1000) is not None
    page.screenshot(path=str(artifacts / "lecture_mode.png"))
    assert not page.console_errors, page.console_errors
