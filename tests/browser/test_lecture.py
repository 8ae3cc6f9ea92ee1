"""Lecture mode (python -m course_lib.lecture) in a real browser, offline, on a projector.

Every notebook, at the default scale and with ``--scale 1.6``, in a page
whose every request to anything but 127.0.0.1 is blocked and recorded (a
lecture hall without network): none may be attempted. Loaded at 1024 x 768
(a projector) and then resized to 1920 x 1080 (default scale), or the other
way round (``--scale 1.6``), so both first fits and re-fits on a window
resize are seen. At each size: every output fits its column (as in
JupyterLab: nothing scrolls sideways, nothing reaches past the column), each
app's picture has the width its column allows at that scale. Once per page:
no code and no exercise, check or solution cell is shown, the text is big,
the Font Awesome icons of the buttons and toolbars render from the local
font, no app shows an error, and every app's first slider changes its
picture. Screenshots go to
tests/artifacts/browser/lecture-<size>-scale<s>/.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import harness
from findings import Findings

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
DEFAULT_SCALE = 1.3  # python -m course_lib.lecture's --scale default
SCALES = (None, 1.6)  # None: the default
CASES = [(scale, nb) for scale in SCALES for nb in NOTEBOOKS]
LOAD_CAP_MS = 300_000
CHANGE_CAP_MS = 15_000
FIT_CAP_MS = 15_000
FA_FAMILY = "Font Awesome 6 Free"
# Console noise that is not ours: (substring, why).
IGNORED_CONSOLE = (
    ("/voila/labextensions/@jupyter/nbgrader/",
     "nbgrader's JupyterLab extension (installed for homework) needs JupyterLab's file "
     "browser, which voila does not host: it fails to load, nothing of the page uses it"),
    ("/voila/labextensions/@jupyter-notebook/",
     "Jupyter Notebook's JupyterLab extension needs the document registry, which voila "
     "does not host: it fails to load, nothing of the page uses it"),
)


def case_id(case) -> str:
    scale, nb = case
    return f"{nb[:2]}-scale{scale or DEFAULT_SCALE:g}"


def lecture_version(notebook: str):
    """``(apps, kept, removed)``: the apps the lecture version of ``notebook`` shows, in
    order (cells ending in ``X()``), the ids of the cells it keeps and of those it removes
    (exercises, checks, solutions)."""
    import copy

    import nbformat

    from course_lib.nbtools import make_version, tag_exercises

    full = nbformat.read(ROOT / "notebooks" / notebook, as_version=4)
    nb = make_version(full, "lecture")
    apps = []
    for c in nb.cells:
        lines = c.source.strip().splitlines()
        m = c.cell_type == "code" and lines and re.match(r"^(\w+App)\(.*\)\s*$", lines[-1])
        if m:
            apps.append(m.group(1))
    kept = {c.id for c in nb.cells}
    removed = {c.id for c in tag_exercises(copy.deepcopy(full)).cells} - kept
    return apps, kept, removed


def fitted_css_width(app_class: str, column: float, scale: float) -> int:
    """The picture's CSS width that App.fit gives in a column ``column`` px wide."""
    import course_lib.apps as apps
    from course_lib.apps.base import fitted_size

    cls = getattr(apps, app_class)
    dpi = 100.0 * scale
    (w, _), _ = fitted_size(column, cls.figsize, cls.narrow_figsize, dpi)
    return round(w * dpi)


@pytest.fixture(scope="module")
def lecture_servers(request):
    """``get(case)``: that case's lecture server; the next selected one starts meanwhile."""
    selected = [item.callspec.params["case"] for item in request.session.items
                if getattr(item, "originalname", None) == "test_lecture_mode"
                and hasattr(item, "callspec")]
    servers: dict = {}
    left_behind: list[int] = []

    def make(case):
        scale, nb = case
        args = [] if scale is None else ["--scale", f"{scale:g}"]
        return harness.Server("lecture", notebooks=[nb], extra_args=args).launch()

    def get(case):
        if case not in selected:
            selected.append(case)
        i = selected.index(case)
        for c in [c for c in servers if selected.index(c) < i]:  # done with these
            s = servers.pop(c)
            s.cleanup()
            left_behind.extend(s.alive())
        if case not in servers:
            servers[case] = make(case)
        if i + 1 < len(selected) and selected[i + 1] not in servers:
            servers[selected[i + 1]] = make(selected[i + 1])
        return servers[case].wait_ready(180)

    yield get
    for s in servers.values():
        s.cleanup()
        left_behind.extend(s.alive())
    assert not left_behind, f"lecture mode left processes behind: {left_behind}"


def wait_loaded(page, apps: list[str]) -> None:
    """voila has run every cell: the spinner is gone and every app shows a picture."""
    page.wait_for_function(
        """(n) => {
            const loading = document.querySelector('#loading');
            if (loading && loading.offsetParent !== null) return false;
            const apps = [...document.querySelectorAll('.course-app')];
            return apps.length === n && apps.every(a => a.querySelector(
                '.jupyter-matplotlib-canvas-div canvas, img'));
        }""", arg=len(apps), timeout=LOAD_CAP_MS)
    page.evaluate("async () => { await document.fonts.ready; }")


def wait_fitted(page, apps: list[str], scale: float, f: Findings, when: str) -> None:
    """Each app's picture has the width App.fit gives for the column its probe measures."""
    for k, name in enumerate(apps):
        app = page.query_selector_all(".course-app")[k]
        app.evaluate("el => el.scrollIntoView({block: 'start'})")
        deadline = page.evaluate("() => performance.now()") + FIT_CAP_MS
        stable = 0
        while True:
            probe, width = app.evaluate(
                """el => [Math.floor(el.querySelector('.course-column-probe')
                                     ?.getBoundingClientRect().width || 0),
                          (el.querySelector('.jupyter-matplotlib-canvas-div canvas')
                           || el.querySelector('img'))?.getBoundingClientRect().width]""")
            want = fitted_css_width(name, probe, scale) if probe else None
            stable = stable + 1 if want is not None and abs(width - want) <= 1 else 0
            if stable >= 2:
                break
            if page.evaluate("() => performance.now()") > deadline:
                f.add(name, f"{when}: not fitted within {FIT_CAP_MS / 1000:g} s: picture "
                      f"{width:.0f} px wide, App.fit gives {want} px for the {probe} px column")
                break
            page.wait_for_timeout(250)


# The error line of each app's status (the base class shows exceptions there), or null.
STATUS_ERRORS_JS = """() => [...document.querySelectorAll('.course-app')].map(app => {
    const e = app.querySelector('.course-status .course-error');
    return e ? e.innerText.split('\\n')[0] : null;
})"""

ICONS_JS = """() => {
    const faces = [...document.fonts].filter(f => f.family.replace(/"/g, '') === '%s');
    const icons = [...document.querySelectorAll('.course-app i.fa')].map(i => {
        const b = getComputedStyle(i, '::before');
        return {cls: i.className, content: b.content, font: b.fontFamily};
    });
    return {loaded: faces.filter(f => f.status === 'loaded').map(f => f.weight),
            check: document.fonts.check('900 16px "%s"'), icons};
}""" % (FA_FAMILY, FA_FAMILY)


def icon_problems(info: dict) -> list[str]:
    out = []
    if not info["loaded"]:
        out.append(f"no {FA_FAMILY} face is loaded")
    if not info["check"]:
        out.append(f"document.fonts.check says {FA_FAMILY} 900 is not ready")
    if not info["icons"]:
        out.append("no Font Awesome icon in any app")
    for icon in info["icons"]:
        glyph = icon["content"].strip('"\'')
        if len(glyph) != 1 or not 0xE000 <= ord(glyph) <= 0xF8FF:
            out.append(f"<i class='{icon['cls']}'> has no icon glyph (::before {icon['content']})")
        elif FA_FAMILY not in icon["font"]:
            out.append(f"<i class='{icon['cls']}'> is drawn in {icon['font']}, not {FA_FAMILY}")
    return out


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_lecture_mode(case, lecture_servers, chromium, artifacts):
    """Offline, no code, big type, icons, fits at 1024 x 768 and 1920 x 1080, sliders work."""
    scale, notebook = case
    factor = scale or DEFAULT_SCALE
    server = lecture_servers(case)
    apps, kept, removed = lecture_version(notebook)
    sizes = (harness.PROJECTOR, harness.WIDE) if scale is None else (harness.WIDE,
                                                                      harness.PROJECTOR)
    f = Findings(f"lecture {notebook[:2]} scale {factor:g}")
    page = harness.new_page(chromium, sizes[0], offline=True)
    try:
        # voila streams the page while it runs the cells: "load" comes at the very end
        page.goto(server.base + "/", wait_until="commit", timeout=LOAD_CAP_MS)
        wait_loaded(page, apps)
        f.note("loaded")
        shown = set(page.evaluate("""() => [...document.querySelectorAll('[id^="cell-id="]')]
                                        .map(e => e.id.slice('cell-id='.length))"""))
        assert shown, "no cell ids in the page (voila's markup changed?)"
        assert not shown & removed, f"exercise, check or solution cells shown: {shown & removed}"
        assert shown <= kept, f"cells the lecture version does not have: {shown - kept}"
        code = page.evaluate("""() => [...document.querySelectorAll('.jp-CodeCell .jp-InputArea')]
            .filter(e => e.getBoundingClientRect().height > 0).length""")
        assert not code, f"{code} code cells show their code"
        size = page.evaluate("""() => parseFloat(getComputedStyle(
            document.querySelector('.jp-RenderedMarkdown, .jp-RenderedHTMLCommon')).fontSize)""")
        assert size >= 20, f"lecture text is {size}px"
        names = [harness.app_name(a) for a in page.query_selector_all(".course-app")]
        assert names == apps, f"the page shows {names}, the lecture version {apps}"
        f.seen(apps)
        errors = page.evaluate(STATUS_ERRORS_JS)
        for name, error in zip(apps, errors):
            if error:
                f.add(name, f"shows an error: {error}")
        for problem in icon_problems(page.evaluate(ICONS_JS)):
            f.add("icons", problem)
        for i, size in enumerate(sizes):
            if i:
                page.set_viewport_size({"width": size.width, "height": size.height})
            when = f"{size.name}" + (" (after a resize)" if i else "")
            wait_fitted(page, apps, factor, f, when)
            records = harness.measure_overflow(page)
            f.overflow(records, when)
            out = artifacts / f"lecture-{size.name}-scale{factor:g}" / Path(notebook).stem
            shutil.rmtree(out, ignore_errors=True)
            outputs = page.query_selector_all(".jp-OutputArea-output")
            for rec in records:
                if rec["kind"] not in ("text", "notebook") and 0 <= rec["index"] < len(outputs):
                    harness.screenshot_of(page, outputs[rec["index"]],
                                          out / f"{rec['index']:02d}_{rec['kind']}.png")
        for app, name, error in zip(page.query_selector_all(".course-app"), apps, errors):
            if error or not app.query_selector_all(".noUi-handle"):
                continue  # a broken app is reported above; nothing to wait for
            app.scroll_into_view_if_needed()
            before = harness.canvas_snapshot(app)
            harness.press_slider(page, app, 0)
            if harness.wait_for_change(app, before, CHANGE_CAP_MS) is None:
                f.add(name, f"its first slider did not change the picture within "
                      f"{CHANGE_CAP_MS / 1000:g} s")
        assert not page.external_requests, \
            f"lecture mode asked for things outside the machine: {page.external_requests}"
        errors = [m for m in page.console_errors
                  if not any(s in m for s, _ in IGNORED_CONSOLE)]
        assert not errors, f"console errors: {errors}"
    finally:
        page.context.close()
    f.finish()
