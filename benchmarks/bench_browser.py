"""Slider-to-pixels latency and re-fit time in a real browser, per window size (a script).

For each mode (ipympl live plots; the inline fallback, ``COURSE_BACKEND=inline``,
as on Colab without ipympl), each window size (the browser suite's: 1280 x 800
with JupyterLab's file browser open, 1024 x 768, 1920 x 1080 at device scale 2)
and each notebook, in JupyterLab with headless Chromium: Run All, then for
each app press the right-arrow key on its first slider ``--moves`` times
(stepping back and forth) and time, in the page, from the key press to the
frame that shows the new picture. Then close the file browser and time how
long the first app takes to re-fit its wider column (the picture at its new
width), and open it again.

Prints one row per app, window size and mode, then a summary row per window
size and mode (median and p95 over every move of every live slider), and the
machine's load while it ran (the numbers mean little on a busy machine).

Target: median <= 80 ms with ipympl for live sliders.

Usage::

    python benchmarks/bench_browser.py                       # everything (~20-40 min)
    python benchmarks/bench_browser.py 01 --moves 30 --modes ipympl --sizes 1280x800
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT))
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
    const img = el.querySelector('.course-figure img, img.course-figure, img');
    const before = img.src;
    const tick = () => {
        if (img.src !== before) { img.decode().then(done, done); return; }
        requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
}"""

# Wait, in the page, until the app's picture has the CSS width ``want`` (px); resolve with
# the milliseconds since ``t0`` (performance.now() of the toggle), or null after ``cap`` ms.
REFIT = """(el, [want, t0, cap]) => new Promise(resolve => {
    const tick = () => {
        const c = el.querySelector('.jupyter-matplotlib-canvas-div canvas')
                  || el.querySelector('img');
        const now = performance.now();
        if (c && Math.abs(c.getBoundingClientRect().width - want) <= 1)
            return requestAnimationFrame(() => resolve(performance.now() - t0));
        if (now - t0 > cap) return resolve(null);
        requestAnimationFrame(tick);
    };
    tick();
})"""


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


def fitted_css_width(app_class: str, column: float) -> int:
    import course_lib.apps as apps
    from course_lib.apps.base import fitted_size

    cls = getattr(apps, app_class)
    (w, _), _ = fitted_size(column, cls.figsize, cls.narrow_figsize, 100.0)
    return round(w * 100)


def measure_refit(lp, k: int, cap_ms: float = 15_000) -> float | None:
    """Milliseconds from closing the file browser to app ``k``'s picture at its new width.

    None when the wider column gives the same picture (already at its design
    size) or it did not re-fit within ``cap_ms``. The file browser is opened
    again afterwards (and that re-fit waited for).
    """
    page = lp.page
    app = lp.apps()[k]
    app.evaluate("el => el.scrollIntoView({block: 'start'})")
    name = harness.app_name(app)
    before = lp.figure_widths()[k]
    t0 = page.evaluate("() => performance.now()")
    lp.toggle_left_area()
    page.wait_for_timeout(50)  # the layout, then the probe's new width
    column = lp.probe_widths()[k]
    want = fitted_css_width(name, column)
    ms = None
    if abs(want - before) > 1:
        ms = app.evaluate(REFIT, [want, t0, cap_ms])
    lp.toggle_left_area()
    lp.wait_fitted(k)
    return ms


def run(notebooks, mode: str, sizes, moves: int, refit: bool) -> list[dict]:
    env = {"COURSE_BACKEND": "inline"} if mode == "inline" else {}
    rows = []
    from playwright.sync_api import sync_playwright

    with harness.Server("lab", notebooks=notebooks, env=env) as server, \
            sync_playwright() as p:
        chromium = harness.launch(p)
        try:
            for size in sizes:
                lp = harness.LabPage(harness.new_page(chromium, size), server).start()
                for nb in notebooks:
                    lp.open(nb)
                    lp.run_all()
                    lp.wait_fitted()
                    for k, app in enumerate(lp.apps()):
                        if not app.query_selector_all(".noUi-handle"):
                            continue
                        times, label, live = measure_app(lp.page, app, moves, 15_000)
                        refit_ms = measure_refit(lp, k) if refit else None
                        if times:
                            # inline, every slider updates on release (no continuous updates)
                            rows.append(dict(size=size.name, notebook=nb[:2],
                                             app=harness.app_name(app), control=label,
                                             live=live and mode == "ipympl", mode=mode,
                                             n=len(times), times=times,
                                             median=float(np.median(times)),
                                             p95=float(np.percentile(times, 95)),
                                             refit=refit_ms))
                    lp.close()
                lp.page.context.close()
        finally:
            chromium.close()
    return rows


def load_average() -> str:
    try:
        return ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main(argv=None) -> int:
    names = {s.name: s for s in harness.LAB_SIZES}
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="numbers or names (default: all)")
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--modes", nargs="+", default=["ipympl", "inline"],
                        choices=["ipympl", "inline"])
    parser.add_argument("--sizes", nargs="+", default=list(names), choices=list(names))
    parser.add_argument("--no-refit", action="store_true", help="skip the re-fit timing")
    args = parser.parse_args(argv)
    if not harness.chromium_available():
        print(harness.INSTALL_HINT)
        return 2
    all_nbs = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    nbs = [n for n in all_nbs if not args.notebooks or any(n.startswith(a) for a in args.notebooks)]
    sizes = [names[s] for s in args.sizes]
    rows, loads = [], [load_average()]
    t0 = time.monotonic()
    for mode in args.modes:
        rows += run(nbs, mode, sizes, args.moves, not args.no_refit)
        loads.append(load_average())
    minutes = (time.monotonic() - t0) / 60
    print(f"# {platform.node()} · {os.cpu_count()} cores · Chromium headless · "
          f"key press to new picture, {args.moves} moves per app · {minutes:.0f} min · "
          f"load average (1, 5, 15 min) at start and after each mode: {' | '.join(loads)}\n")
    print("| window | notebook | app | slider | updates | mode | median ms | p95 ms | "
          "re-fit ms | target (ipympl, live: median <= 80 ms) |")
    print("|---|---|---|---|---|---|---:|---:|---:|---|")
    for r in rows:
        target = ("yes" if r["median"] <= 80 else "NO") if (r["mode"] == "ipympl"
                                                            and r["live"]) else "–"
        refit = "–" if r["refit"] is None else f"{r['refit']:.0f}"
        print(f"| {r['size']} | {r['notebook']} | {r['app']} | {r['control']} | "
              f"{'live' if r['live'] else 'on release'} | {r['mode']} | {r['median']:.0f} | "
              f"{r['p95']:.0f} | {refit} | {target} |")
    print("\nPer window size and mode, every move of every slider that updates while dragged "
          "(live), and of the release-only ones:\n")
    print("| window | mode | sliders | moves | median ms | p95 ms | re-fit median ms | "
          "re-fit max ms |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for size in sizes:
        for mode in args.modes:
            for live in (True, False):
                sel = [r for r in rows if r["size"] == size.name and r["mode"] == mode
                       and r["live"] == live]
                if not sel:
                    continue
                t = np.concatenate([r["times"] for r in sel])
                fits = [r["refit"] for r in sel if r["refit"] is not None]
                fit_med = f"{np.median(fits):.0f}" if fits else "–"
                fit_max = f"{max(fits):.0f}" if fits else "–"
                print(f"| {size.name} | {mode} | {'live' if live else 'on release'} | "
                      f"{len(t)} | {np.median(t):.0f} | {np.percentile(t, 95):.0f} | "
                      f"{fit_med} | {fit_max} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
