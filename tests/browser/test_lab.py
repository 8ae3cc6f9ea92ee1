"""Every notebook in JupyterLab, at three window sizes: runs clean, fits, responds, re-fits.

One JupyterLab server and one page per window size (1280 x 800 in the
default layout with the file browser open, whose notebook column is the
issue's 848 px; 1024 x 768; 1920 x 1080 at device scale 2). For each
notebook at each size:

1. Run All: no cell records an error, the browser console shows none; the
   apps have fitted their columns (kernel and page agree) and each shows
   its kernel's figure (no stale or cropped frame: the pixels compared).
2. Every output area fits its column: it does not scroll sideways, and no
   element in it (canvas, image, slider, button, table) reaches past the
   column's right edge or past a box that clips it (1 px tolerance); nor
   does anything make the notebook scroll sideways.
3. At device scale 2 every live canvas and every picture has 2x the
   device pixels of its CSS size.
4. Every app's first slider changes the picture (waited for up to 15 s;
   the time goes to benchmarks/bench_browser.py, not into a pass/fail).
5. A click on the phase plane launches a trajectory from the data point
   under the pointer; a click on a pixel of the pattern editor toggles that
   pixel and no other (checked in the kernel).
6. The file browser is closed and opened again: each time every app re-fits
   to its new column (kernel and page agree, up to 15 s), still fits, keeps
   its state (control values, launched starts, the drawing), redraws at most
   twice (no flicker storm), and the clicks of 5 still land where they point.

Everything found wrong is collected and reported at once (conftest.Findings);
screenshots of every app and figure are in tests/artifacts/browser/<size>/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import harness
from findings import Findings

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
CHANGE_CAP_MS = 15_000  # generous caps: waits, not timing assertions
FIT_CAP_S = 15.0
MAX_REDRAWS_PER_REFIT = 2  # one column change: one rebuild (two if a debounce splits it)
# Console noise that is not ours: (substring, why) pairs.
IGNORED_CONSOLE = (
    ("Failed to execute 'drawImage' on 'CanvasRenderingContext2D': The HTMLImageElement "
     "provided is in the 'broken' state",
     "ipympl's front end redraws its cached image on a size change before that image has "
     "loaded (matplotlib/ipympl#472, matplotlib/matplotlib#19116); seen once in ~20 runs "
     "on a loaded machine; the next frame draws, and the pixel checks below still apply"),
)
ISSUE_COLUMN_PX = (820, 880)  # the issue measured 848 px at 1280 x 800, file browser open


def console_errors(page) -> list[str]:
    return [m for m in page.console_errors if not any(s in m for s, _ in IGNORED_CONSOLE)]


def click_figure(page, app, fx: float, fy: float) -> dict:
    """Click the live canvas at figure fractions (fx, fy) from its bottom left; its box."""
    canvas = app.query_selector(".jupyter-matplotlib-canvas-div canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y = box["x"] + fx * box["width"], box["y"] + (1 - fy) * box["height"]
    # A person's pointer moves onto the picture before it clicks. Playwright's jumps to the
    # point: right after the file browser was toggled, ipympl's front end dropped such a
    # click (no button_press reached the kernel) while the same click after a move arrived.
    page.mouse.move(x - 6, y - 6)
    page.mouse.move(x, y, steps=3)
    page.mouse.click(x, y)
    return box


def wait_for_update(lp, k: int, before: dict, cap_s: float = CHANGE_CAP_MS / 1000) -> dict:
    """The app's kernel state once it has drawn something new (or after ``cap_s``)."""
    deadline = lp.page.evaluate("() => performance.now()") + cap_s * 1000
    while True:
        state = lp.app_states()[k]
        if state["n"] != before["n"] or lp.page.evaluate("() => performance.now()") > deadline:
            break
        lp.page.wait_for_timeout(150)
    lp.page.wait_for_timeout(400)  # a second handler of the same click would land by now
    return lp.app_states()[k]


# App class -> list of (description, check(lp, k, app, findings, when)).
GESTURES: dict[str, list] = {}


def gesture(app_class: str, description: str):
    def register(fn):
        GESTURES.setdefault(app_class, []).append((description, fn))
        return fn
    return register


@gesture("PhasePlaneApp", "click on the phase plane")
def _click_phase_plane(lp, k, app, f, when):
    target = (12.5, 37.5)  # Hz: in the upper-left basin, away from the fixed points
    before = lp.app_states()[k]
    point = lp.figure_point(k, "a.artists.phase", target)
    box = click_figure(lp.page, app, point["fx"], point["fy"])
    after = wait_for_update(lp, k, before)
    if after["starts"] == before["starts"]:
        f.add("PhasePlaneApp", f"{when}: a click on the plane at {target} Hz launched nothing")
        return
    x, y = after["starts"][-1]
    # data units per CSS pixel of the canvas
    px_x = point["x_per_fig"] / box["width"]
    px_y = point["y_per_fig"] / box["height"]
    dx, dy = (x - target[0]) / px_x, (y - target[1]) / px_y
    if abs(dx) > 1.5 or abs(dy) > 1.5:
        f.add("PhasePlaneApp", f"{when}: the click at {target} Hz launched from "
              f"({x:.2f}, {y:.2f}) Hz, {dx:+.0f} px, {dy:+.0f} px from the pointer")


@gesture("PatternEditorApp", "click a pixel of the editor")
def _click_editor_pixel(lp, k, app, f, when):
    row, col = 2, 5
    before = lp.app_states()[k]
    if "drawing" not in before:
        f.add("PatternEditorApp", f"{when}: the kernel shows no drawing")
        return
    point = lp.figure_point(k, "a.artists.edit.image.axes", (col, row))  # pixel centres sit on integers
    click_figure(lp.page, app, point["fx"], point["fy"])
    after = wait_for_update(lp, k, before)
    changed = [(i, j) for i, r in enumerate(after["drawing"]) for j, v in enumerate(r)
               if v != before["drawing"][i][j]]
    if changed != [(row, col)]:
        f.add("PatternEditorApp", f"{when}: a click on pixel (row {row}, col {col}) changed "
              f"{changed or 'no pixel'} ({after['n'] - before['n']} redraws)")


def shoot(lp, records, out: Path, tag: str = "") -> None:
    """A screenshot of the window scrolled to each app and figure (only apps after a re-fit)."""
    outputs = lp.page.query_selector_all(f"{lp.PANEL} .jp-OutputArea-output")
    for rec in records:
        if rec["kind"] in ("text", "notebook") or rec["index"] >= len(outputs) or (
                tag and not rec["app"]):
            continue
        name = f"{rec['index']:02d}_{rec['kind']}{tag}.png"
        # apps at the screen's own pixels (to see HiDPI sharpness), figures cheaper
        harness.screenshot_of(lp.page, outputs[rec["index"]], out / name,
                              scale="device" if rec["app"] else "css")


def state_of(s: dict) -> dict:
    """What a re-fit must keep: control values and the app's own state."""
    return {k: s.get(k) for k in ("params", "starts", "drawing")}


def check_apps_fit(lp, f: Findings, when: str, out: Path, tag: str = "") -> list[dict]:
    states, seconds, unfitted = lp.wait_fitted(timeout_s=FIT_CAP_S)
    for cls, line in unfitted:
        f.add(cls, f"{when}: {line}")
    f.note(f"{when}: apps fitted after {seconds:.1f} s (columns "
           f"{sorted({s['column'] for s in states})} px)")
    waits = []
    for k, s in enumerate(states):
        if not s["error"]:
            why, seconds = lp.picture_mismatch(k, timeout_s=FIT_CAP_S)
            waits.append(f"{s['cls']} {seconds:.1f} s")
            if why:
                f.add(s["cls"], f"{when}: {why}")
    f.note(f"{when}: each picture shows its kernel's figure after: {', '.join(waits)}")
    records = lp.overflow()
    f.overflow(records, when)
    f.note(f"{when}: measured")
    if lp.size.scale != 1:
        for kind, line in harness.hidpi_problems(records, lp.size.scale):
            f.add(kind, f"{when}: {line}")
    shoot(lp, records, out, tag)
    f.note(f"{when}: screenshots taken")
    return states


@pytest.mark.parametrize("size,notebook", [(s, nb) for s in harness.LAB_SIZES
                                           for nb in NOTEBOOKS],
                         ids=[f"{s.name}-{nb[:2]}" for s in harness.LAB_SIZES for nb in NOTEBOOKS])
def test_notebook_in_lab(size, notebook, lab_pages, artifacts):
    """Run All clean; every output fits; apps respond, re-fit, and take clicks where pointed."""
    lp = lab_pages(size)
    page = lp.page
    stem = Path(notebook).stem
    out = artifacts / size.name / stem
    f = Findings(f"JupyterLab {size.name} {notebook[:2]}")
    shutil.rmtree(out, ignore_errors=True)
    page.console_errors.clear()
    lp.open(notebook)
    try:
        assert lp.file_browser_open(), "JupyterLab should open with the file browser (default)"
        f.note("opened")
        lp.run_all()
        f.note("Run All done")
        errors = lp.cell_errors()
        assert not errors, f"{notebook}: cells raised: {errors}"
        assert not console_errors(page), f"{notebook}: console errors: {console_errors(page)}"
        if size == harness.LAPTOP:
            column = lp.column_width()
            lo, hi = ISSUE_COLUMN_PX
            assert lo <= column <= hi, (f"the notebook column is {column} px at 1280 x 800 with "
                                        f"the file browser open; the issue's is 848 px")
        apps = lp.apps()
        states = check_apps_fit(lp, f, "after Run All", out)
        assert [harness.app_name(a) for a in apps] == [s["cls"] for s in states], \
            "the page's apps and the kernel's differ"
        f.seen(s["cls"] for s in states)

        broken = set()
        for k, (app, s) in enumerate(zip(apps, states)):
            name = s["cls"]
            if s["error"]:
                f.add(name, f"shows an error after Run All: {s['error']}")
                broken.add(k)  # nothing it draws can be checked: no waiting on it below
                continue
            if not app.query_selector_all(".noUi-handle"):
                f.note(f"{name}: no slider")
                continue
            app.scroll_into_view_if_needed()
            before = harness.canvas_snapshot(app)
            if not before:
                f.add(name, "shows no picture")
                continue
            harness.press_slider(page, app, 0)
            ms = harness.wait_for_change(app, before, CHANGE_CAP_MS)
            if ms is None:
                f.add(name, f"its first slider did not change the picture within "
                      f"{CHANGE_CAP_MS / 1000:g} s")
            else:
                f.note(f"{name}: first slider changed the picture after {ms:.0f} ms")
            for description, check in GESTURES.get(name, []):
                check(lp, k, app, f, "before a re-fit")

        f.note("sliders and clicks done")
        # At 1920 px both columns are wider than every design: nothing to re-fit there.
        steps = ((("file browser closed", "_sidebar_closed"),
                  ("file browser open again", "_sidebar_open"))
                 if size.width < 1600 else ())
        for step, tag in steps:
            before = lp.app_states()
            lp.toggle_left_area()
            states = check_apps_fit(lp, f, step, out, tag)
            for k, (b, s) in enumerate(zip(before, states)):
                if state_of(s) != state_of(b):
                    f.add(s["cls"], f"{step}: the re-fit lost state: {state_of(b)} -> "
                          f"{state_of(s)}")
                if s["n"] - b["n"] > MAX_REDRAWS_PER_REFIT:
                    f.add(s["cls"], f"{step}: {s['n'] - b['n']} redraws for one column change")
                if s["error"] and k not in broken:
                    f.add(s["cls"], f"{step}: shows an error: {s['error']}")
            apps = lp.apps()
            for k, (app, s) in enumerate(zip(apps, states)):
                for description, check in GESTURES.get(s["cls"], []):
                    if k not in broken:
                        check(lp, k, app, f, f"after the re-fit ({step})")
    finally:
        if not lp.left_area_open():
            lp.toggle_left_area()
        lp.close()
        out.mkdir(parents=True, exist_ok=True)
        (out / "notes.txt").write_text("\n".join(f.notes + [f"{a}: {w}" for a, w in f.items]))
    f.finish()


# Notebook 00 at every size (HiDPI pictures at 1920 x 1080 @2x), notebook 02's two bigger
# apps in the narrowest column.
INLINE_CASES = [(s, "00_start_here.ipynb") for s in harness.LAB_SIZES] + [
    (harness.PROJECTOR, "02_two_neurons_phase_plane.ipynb")]


@pytest.mark.parametrize("size,notebook", INLINE_CASES,
                         ids=[f"{s.name}-{nb[:2]}" for s, nb in INLINE_CASES])
def test_inline_fallback_in_lab(size, notebook, lab_pages, artifacts):
    """Without ipympl (COURSE_BACKEND=inline): the pictures fit, re-fit, are 2x on HiDPI."""
    lp = lab_pages(size)
    page = lp.page
    out = artifacts / size.name / f"inline_{Path(notebook).stem}"
    f = Findings(f"JupyterLab inline {size.name} {notebook[:2]}")
    shutil.rmtree(out, ignore_errors=True)
    page.console_errors.clear()
    lp.open(notebook)
    try:
        lp.set_env(COURSE_BACKEND="inline")
        lp.run_all()
        assert not lp.cell_errors(), lp.cell_errors()
        assert not console_errors(page), console_errors(page)
        apps = lp.apps()
        states = check_apps_fit(lp, f, "after Run All", out)
        assert states and not any(s["live"] for s in states), "the apps should be inline"
        for s in states:
            if s["ratio"] != size.scale:
                f.add(s["cls"], f"draws at {s['ratio']:g}x on a {size.scale:g}x screen")
        for app, s in zip(apps, states):
            if not app.query_selector_all(".noUi-handle"):
                continue
            app.scroll_into_view_if_needed()
            before = harness.canvas_snapshot(app)
            harness.press_slider(page, app, 0)
            if harness.wait_for_change(app, before, CHANGE_CAP_MS) is None:
                f.add(s["cls"], f"inline: its first slider did not change the picture within "
                      f"{CHANGE_CAP_MS / 1000:g} s")
        before = lp.app_states()
        lp.toggle_left_area()
        states = check_apps_fit(lp, f, "file browser closed", out, "_sidebar_closed")
        for b, s in zip(before, states):
            if state_of(s) != state_of(b):
                f.add(s["cls"], f"inline re-fit lost state: {state_of(b)} -> {state_of(s)}")
    finally:
        if not lp.left_area_open():
            lp.toggle_left_area()
        lp.close()
    f.finish()
