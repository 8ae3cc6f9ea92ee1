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


# voila's page links Font Awesome from a CDN; offline only the button icons are missing.
ALLOWED_OFFLINE = ("cdn.jsdelivr.net/npm/@fortawesome/",)


def test_lecture_mode_shows_apps_without_code_and_sliders_work(lecture, page, artifacts):
    page.console_errors.clear()
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(lecture.base + "/")
    # voila streams cells as they run: wait for the last app, then for the kernel to settle
    page.wait_for_selector(".course-app-BifurcationApp .jupyter-matplotlib-canvas-div canvas",
                           timeout=180_000)
    page.wait_for_timeout(3000)
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
    assert harness.wait_for_change(app, before, 3000) is not None
    page.screenshot(path=str(artifacts / "lecture_mode.png"))
    unexpected = [u for u in failed if not any(a in u for a in ALLOWED_OFFLINE)]
    assert not unexpected, f"requests failed: {unexpected}"
    errors = [m for m in page.console_errors
              if not (failed and "ERR_NAME_NOT_RESOLVED" in m and not unexpected)]
    assert not errors, errors
