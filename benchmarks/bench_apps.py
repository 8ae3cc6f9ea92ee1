"""Latency of every app of the course, headless (a script, not a test).

For each app and each slider, move the slider across its range and time one
update: recompute + redraw of the changed artists + PNG encoding of the
frame (the kernel-side cost of one frame, in the inline mode; with ipympl
the kernel does the same work and sends a diff image). Beside it, time a full
re-render of the same figure: a new figure, every artist drawn, a PNG
(what an ``interact`` callback that rebuilds its figure pays per move).

Target on the course's 2-core machines: p95 <= 40 ms for every slider that
updates while dragging ("live"), and at least 5x faster than a full
re-render. Release-only sliders show a busy indicator; their times are
reported, not held to the target. Beside the wall-clock times, the CPU time of
this process per update (``time.process_time``): what a shared class server
pays per frame, and a figure that a busy machine does not inflate.

Usage::

    python benchmarks/bench_apps.py              # every app
    python benchmarks/bench_apps.py PhasePlaneApp --moves 40
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402

TARGET_P95_MS = 40.0
TARGET_SPEEDUP = 5.0


def sweep_values(control, moves: int) -> list:
    if control.kind == "float":
        values = np.linspace(control.min, control.max, moves)
        # distinct positions only: a repeated value sends no change and would time nothing
        return list(dict.fromkeys(control.snap(v) for v in values))
    if control.kind == "int":
        n = int((control.max - control.min) // control.step) + 1
        idx = np.linspace(0, n - 1, min(moves, n)).round().astype(int)
        return [int(control.min + i * control.step) for i in idx]
    if control.kind == "choice":
        return control.option_values * max(1, moves // max(1, len(control.options)))
    return [not control.value, control.value] * max(1, moves // 2)


def time_call(fn, repeats: int) -> tuple[np.ndarray, np.ndarray]:
    """Wall-clock and CPU milliseconds of ``repeats`` calls of ``fn``."""
    wall, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return np.array(wall) * 1e3, np.array(cpu) * 1e3


def bench_app(cls, moves: int, full_repeats: int) -> list[dict]:
    app = cls()
    full_ms = float(np.median(time_call(app.render_full, full_repeats)[0]))
    rows = []
    for control in cls.controls:
        widget = app.sliders[control.name]
        default = widget.value
        values = sweep_values(control, moves)

        def move(it=iter(values)):
            widget.value = next(it)

        t, cpu = time_call(move, len(values))
        widget.value = default
        if app.last_error is not None:
            raise RuntimeError(f"{cls.__name__}.{control.name}: {app.last_error!r}")
        rows.append(dict(app=cls.__name__, control=control.name, kind=control.kind,
                         live=control.live, median=float(np.median(t)),
                         p95=float(np.percentile(t, 95)), cpu=float(np.median(cpu)),
                         full=full_ms))
    for name, action in app.bench_actions().items():
        t, cpu = time_call(action, 3)
        rows.append(dict(app=cls.__name__, control=name, kind="action", live=False,
                         median=float(np.median(t)), p95=float(np.percentile(t, 95)),
                         cpu=float(np.median(cpu)), full=full_ms))
    app.close()
    return rows


def verdict(row) -> str:
    if row["kind"] == "action" or not row["live"]:
        return "on release"
    ok = row["p95"] <= TARGET_P95_MS and row["full"] / row["median"] >= TARGET_SPEEDUP
    return "yes" if ok else "NO"


def format_table(rows) -> str:
    head = ("| app | control | updates | median ms | p95 ms | CPU median ms "
            "| full re-render ms | speed-up | live target met |")
    lines = [head, "|---|---|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        mode = "action" if r["kind"] == "action" else ("live" if r["live"] else "on release")
        lines.append(
            f"| {r['app']} | {r['control']} | {mode} | {r['median']:.1f} | {r['p95']:.1f} "
            f"| {r['cpu']:.1f} | {r['full']:.0f} | {r['full'] / r['median']:.0f}x | {verdict(r)} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("apps", nargs="*", help="app class names (default: all)")
    parser.add_argument("--moves", type=int, default=30, help="slider positions per control")
    parser.add_argument("--full-repeats", type=int, default=5)
    args = parser.parse_args(argv)

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir))
    from course_lib.apps import all_app_classes

    classes = [c for c in all_app_classes() if not args.apps or c.__name__ in args.apps]
    if not classes:
        print("no app matched", args.apps)
        return 2
    rows = []
    for cls in classes:
        rows.extend(bench_app(cls, args.moves, args.full_repeats))
    import platform

    print(f"# {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()}"
          f" · backend Agg (headless)\n")
    print(format_table(rows))
    misses = [r for r in rows if verdict(r) == "NO"]
    print(f"\n{len(misses)} live control(s) miss the target "
          f"(p95 <= {TARGET_P95_MS:.0f} ms and >= {TARGET_SPEEDUP:.0f}x faster than a full re-render)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
