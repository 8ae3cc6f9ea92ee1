"""Slider-to-pixels latency in a real browser, for every app (a script, not a test).

For each notebook, in JupyterLab with headless Chromium: Run All, then for
each app press the right-arrow key on its first slider ``--moves`` times
(stepping back and forth) and time, in the page, from the key press to the
first frame whose pixels differ. Twice: with ipympl (live plots) and with
the inline fallback (``COURSE_BACKEND=inline``, as on Colab without ipympl).

Target: median <= 80 ms with ipympl for live sliders.

Usage::

    python benchmarks/bench_browser.py                  # all notebooks, both modes
    python benchmarks/bench_browser.py 01 --moves 30 --modes ipympl
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
import harness  # noqa: E402

ARM = """(el) => {
    // Time to the first frame that shows the new picture, measured the same way in both
    // modes and without polling cost: with ipympl, the first drawImage into the visible
    // canvas after the key press; inline, the new PNG decoded. Then one animation frame
    // (the frame that paints it). Whether the pixels really changed is checked afterwards,
    // outside the timed path (polling canvas.toDataURL() every frame would itself cost
    // ~10-20 ms per frame on a 960 px canvas and bias the ipympl figures).
    window.__changedAt = null;
    const done = () => requestAnimationFrame(() => {
        if (window.__changedAt === null) window.__changedAt = performance.now();
    });
    const c = el.querySelector('.jupyter-matplotlib-canvas-div canvas');
    if (c) {
        const ctx = c.getContext('2d');
        if (!ctx.__courseWrapped) {
            const draw = ctx.drawImage;
            ctx.drawImage = function (...args) {
                draw.apply(this, args);
                const hook = window.__coursePaint;
                window.__coursePaint = null;
                if (hook) hook();
            };
            ctx.__courseWrapped = true;
        }
        window.__coursePaint = done;
        return;
    }
    const img = el.querySelector('.course-figure img, img');
    const before = img.src;
    const tick = () => {
        if (img.src !== before) { img.decode().then(done, done); return; }
        requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
}"""


def app_name(app) -> str:
    classes = (app.get_attribute("class") or "").split()
    return next((c.removeprefix("course-app-") for c in classes if c.startswith("course-app-")),
                "App")


def measure_app(page, app, moves: int, timeout_ms: float) -> tuple[list[float], str, bool]:
    app.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    control = app.query_selector_all(".course-control")[0]
    label = control.evaluate("el => el.querySelector('.widget-label')?.textContent || ''")
    live = "course-live" in (control.get_attribute("class") or "")
    handle = app.query_selector_all(".noUi-handle")[0]
    times = []
    for k in range(moves):
        key = "ArrowRight" if (k // 5) % 2 == 0 else "ArrowLeft"  # wander, stay in range
        before = harness.canvas_snapshot(app)
        app.evaluate(ARM)
        handle.focus()
        t0 = page.evaluate("() => performance.now()")
        page.keyboard.press(key)
        try:
            page.wait_for_function("() => window.__changedAt !== null", timeout=timeout_ms)
        except Exception:
            continue  # nothing drawn (e.g. the slider was at the end of its range)
        changed_at = page.evaluate("() => window.__changedAt")
        page.wait_for_timeout(150)  # let any later frames of this move land
        if harness.canvas_snapshot(app) != before:
            times.append(changed_at - t0)
    return times, label.strip(), live


def run(notebooks, mode: str, moves: int) -> list[dict]:
    env = {"COURSE_BACKEND": "inline"} if mode == "inline" else {}
    rows = []
    with harness.Server("lab", notebooks=notebooks, env=env) as server, \
            harness.browser((1400, 1000)) as page:
        for nb in notebooks:
            harness.open_notebook(page, server, nb)
            harness.run_all(page)
            for app in page.query_selector_all(".course-app"):
                if not app.query_selector_all(".noUi-handle"):
                    continue
                times, label, live = measure_app(page, app, moves, 15_000)
                if times:
                    rows.append(dict(notebook=nb[:2], app=app_name(app), control=label,
                                     live=live, mode=mode, n=len(times),
                                     median=float(np.median(times)),
                                     p95=float(np.percentile(times, 95))))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="numbers or names (default: all)")
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--modes", nargs="+", default=["ipympl", "inline"],
                        choices=["ipympl", "inline"])
    args = parser.parse_args(argv)
    if not harness.chromium_available():
        print(harness.INSTALL_HINT)
        return 2
    all_nbs = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    nbs = [n for n in all_nbs if not args.notebooks or any(n.startswith(a) for a in args.notebooks)]
    rows = []
    for mode in args.modes:
        rows += run(nbs, mode, args.moves)
    print(f"# {platform.node()} · {os.cpu_count()} cores · Chromium headless · "
          f"key press to changed pixels, {args.moves} moves per app\n")
    print("| notebook | app | slider | updates | mode | median ms | p95 ms | target (ipympl, live: median <= 80 ms) |")
    print("|---|---|---|---|---|---:|---:|---|")
    for r in rows:
        target = ("yes" if r["median"] <= 80 else "NO") if (r["mode"] == "ipympl" and r["live"]) else "–"
        print(f"| {r['notebook']} | {r['app']} | {r['control']} | "
              f"{'live' if r['live'] else 'on release'} | {r['mode']} | {r['median']:.0f} | "
              f"{r['p95']:.0f} | {target} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
