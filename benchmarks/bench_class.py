"""A class on the local hub: N simulated students moving sliders at once (a script, not a test).

For each class size N: start the class hub (deploy/jupyterhub_config.py with the test
swaps of tests/hub/jupyterhub_test_config.py: any name logs in, servers run as the
current user), let N students arrive, log in, start their servers, open the notebooks
and Run All, then let every student move sliders for ``--minutes`` minutes. Everything
goes through the hub's proxy, as a browser's traffic does (tests/hub/student.py).

The student (what a browser sends, checked against JupyterLab in Chromium):

* **think time** between drags: lognormal, median ``--think-median`` s (default 6) and
  log-standard-deviation ``--think-sigma`` (default 1.0: 5 % of pauses shorter than
  1.2 s, 5 % longer than 31 s, mean 9.9 s). The first pause starts when the whole class
  is ready, so students are not in step.
* **a drag**: a slider chosen at random among the notebook's apps (live sliders; with
  probability ``--release-share``, default 0.1, one that updates on release), moved to a
  uniformly random value over a duration uniform in [``--drag-min``, ``--drag-max``] s
  (default 0.5-2 s) with pointer events at ``--rate`` Hz (default 60, one per animation
  frame). Each event that changes the value goes through the widgets throttle (at most
  one update in flight per slider; the newest value is sent when the kernel is idle
  again). A release-only slider sends one update, at release.
* **background requests** of an open JupyterLab, every 10 s: kernels, sessions,
  terminals, the file browser's folder and the workspace list.

Measured: per move of a live slider, the time from sending its update to receiving the
frame the kernel drew for it, at the client, through the proxy; frames per second while
dragging; on-release updates separately; peak RSS (VmHWM) of every kernel and the RSS
and PSS of every student's server and kernels; CPU seconds by part (kernels, servers,
proxy, hub, this client, everything else on the machine) while the students move
sliders. Target on 2 cores / 24 GB: 40 students, p95 <= 150 ms, <= 200 MB per kernel.

Usage::

    python benchmarks/bench_class.py                            # N = 1, 10, 20, 40; 1 min each
    python benchmarks/bench_class.py --students 40 --minutes 3
    python benchmarks/bench_class.py --students 1,10 --notebooks 01,02 --json out.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "deploy"))
import hub  # noqa: E402  (deploy/hub.py)
from tests.hub import student as st  # noqa: E402

TEST_CONFIG = ROOT / "tests" / "hub" / "jupyterhub_test_config.py"
NOTEBOOKS = {p.name[:2]: p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
TICK = os.sysconf("SC_CLK_TCK")
POLL_EVERY = 10.0


# -- /proc ---------------------------------------------------------------------------------------


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def kind_of(pid: int, hub_pid: int) -> str:
    if pid == hub_pid:
        return "hub"
    cmd = _cmdline(pid)
    if "ipykernel" in cmd:
        return "kernels"
    if "jupyterhub.singleuser" in cmd or "jupyterhub-singleuser" in cmd:
        return "servers"
    if "configurable-http-proxy" in cmd:
        return "proxy"
    if "idle_culler" in cmd:
        return "culler"
    return "other children"


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent busy (all cores), from /proc/stat."""
    f = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = f[3] + f[4]
    return (sum(f[:8]) - idle) / TICK


def status_kb(pid: int, key: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return float(line.split()[1])
    except OSError:
        pass
    return float("nan")


def pss_kb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return float(line.split()[1])
    except OSError:
        pass
    return float("nan")


def student_of(pid: int) -> str | None:
    try:
        env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return None
    for item in env:
        if item.startswith(b"JUPYTERHUB_USER="):
            return item.split(b"=", 1)[1].decode()
    return None


def snapshot_cpu(h: hub.Hub) -> dict[str, float]:
    """CPU seconds so far, by part; the client and the machine as a whole included."""
    parts: dict[str, float] = {}
    for pid in [h.proc.pid, *h.descendants()]:
        k = kind_of(pid, h.proc.pid)
        parts[k] = parts.get(k, 0.0) + cpu_seconds(pid)
    parts["client"] = cpu_seconds(os.getpid())
    parts["machine"] = machine_busy_seconds()
    return parts


def memory(h: hub.Hub) -> dict:
    kernels, servers, per_student = [], [], {}
    for pid in h.descendants():
        k = kind_of(pid, h.proc.pid)
        if k not in ("kernels", "servers"):
            continue
        row = {"pid": pid, "rss": status_kb(pid, "VmRSS") / 1024,
               "peak": status_kb(pid, "VmHWM") / 1024, "pss": pss_kb(pid) / 1024}
        (kernels if k == "kernels" else servers).append(row)
        who = student_of(pid)
        if who:
            per_student[who] = per_student.get(who, 0.0) + row["pss"]
    return {"kernels": kernels, "servers": servers, "pss_per_student": list(per_student.values())}


# -- statistics ------------------------------------------------------------------------------


def pct(values, q: float) -> float:
    """The q-th percentile (0-100), linear between order statistics; nan if empty."""
    v = sorted(values)
    if not v:
        return float("nan")
    i = (len(v) - 1) * q / 100
    lo, hi = math.floor(i), math.ceil(i)
    return v[lo] + (v[hi] - v[lo]) * (i - lo)


def fmt(x: float, digits: int = 0) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


# -- one student -----------------------------------------------------------------------------


@dataclass
class Drag:
    kernel: st.Kernel
    slider: st.Model
    start: float
    end: float
    changes: int


@dataclass
class Record:
    name: str
    ready_s: float | None = None
    error: str | None = None
    drags: list = field(default_factory=list)
    kernels: list = field(default_factory=list)


class Phase:
    def __init__(self, n: int):
        self.n = n
        self.ready = 0
        self.all_ready = asyncio.Event()
        self.start = self.end = 0.0

    def arrived(self, minutes: float) -> None:
        self.ready += 1
        if self.ready == self.n:
            self.start = time.monotonic()
            self.end = self.start + minutes * 60
            self.all_ready.set()


def sliders_of(kernel: st.Kernel) -> tuple[list, list]:
    live, release = [], []
    for app in kernel.apps():
        for m in app.descendants():
            if m.name in st.SLIDER_MODELS and any(c.startswith("course-control-")
                                                  for c in m.classes):
                (live if m.state.get("continuous_update", True) else release).append(m)
    return live, release


async def student_life(url: str, rec: Record, arrival: float, phase: Phase, args,
                       rng: random.Random) -> None:
    await asyncio.sleep(arrival)
    t0 = time.monotonic()
    poller = None
    try:
        async with st.Student(url, rec.name) as s:
            try:
                await s.login()
                await s.start_server(timeout=300)
                for nb in args.notebooks:
                    kernel, cells = await s.open_notebook(f"course/{NOTEBOOKS[nb]}")
                    await kernel.run_all(cells, timeout=900)
                    await kernel.settle(timeout=300)
                    if kernel.errors:
                        raise st.HubError(f"{nb}: {kernel.errors[0]}")
                    rec.kernels.append(kernel)
                rec.ready_s = time.monotonic() - t0
            except Exception as e:  # counted and reported; the class goes on
                rec.error = f"{type(e).__name__}: {e}"[:300]
                phase.arrived(args.minutes)
                return
            phase.arrived(args.minutes)
            await phase.all_ready.wait()
            poller = asyncio.ensure_future(_poll(s, rng, phase))
            choices = [(k, *sliders_of(k)) for k in rec.kernels]
            while True:
                pause = rng.lognormvariate(math.log(args.think_median), args.think_sigma)
                if time.monotonic() + pause >= phase.end:
                    break
                await asyncio.sleep(pause)
                kernel, live, release = rng.choice(choices)
                pool = release if (release and rng.random() < args.release_share) else live
                if not pool or kernel.closed:
                    continue
                slider = rng.choice(pool)
                seconds = rng.uniform(args.drag_min, args.drag_max)
                start = time.monotonic()
                changes = await st.drag(kernel, slider, st.random_target(slider, rng), seconds,
                                        rate=args.rate)
                rec.drags.append(Drag(kernel, slider, start, time.monotonic(), changes))
            await asyncio.sleep(max(0.0, phase.end - time.monotonic()) + args.grace)
    finally:
        if poller is not None:
            poller.cancel()


async def _poll(s: st.Student, rng: random.Random, phase: Phase) -> None:
    await asyncio.sleep(rng.uniform(0, POLL_EVERY))
    while time.monotonic() < phase.end:
        try:
            await s.poll("course")
        except Exception:
            pass
        await asyncio.sleep(POLL_EVERY)


# -- one class -------------------------------------------------------------------------------


async def simulate(h: hub.Hub, n: int, args, seed: int) -> dict:
    rng = random.Random(seed)
    ramp = args.ramp if args.ramp is not None else 2.0 * n
    arrivals = sorted(rng.uniform(0, ramp) for _ in range(n)) if n > 1 else [0.0]
    recs = [Record(f"student{i + 1:02d}") for i in range(n)]
    phase = Phase(n)
    loop = asyncio.get_running_loop()
    cpu_init = await loop.run_in_executor(None, snapshot_cpu, h)
    lives = [asyncio.ensure_future(student_life(h.url, rec, arrivals[i], phase, args,
                                                random.Random(rng.random())))
             for i, rec in enumerate(recs)]
    await phase.all_ready.wait()
    cpu0 = await loop.run_in_executor(None, snapshot_cpu, h)
    load0 = os.getloadavg()
    await asyncio.sleep(max(0.0, phase.end - time.monotonic()))
    cpu1 = await loop.run_in_executor(None, snapshot_cpu, h)
    mem = await loop.run_in_executor(None, memory, h)
    await asyncio.gather(*lives, return_exceptions=True)
    result = analyse(n, recs, phase, cpu0, cpu1, mem, load0, args)
    parts = ("kernels", "servers", "proxy", "hub", "culler", "other children")
    result["setup_cpu_s_per_student"] = sum(cpu0.get(k, 0.0) - cpu_init.get(k, 0.0)
                                            for k in parts) / n
    return result


def analyse(n, recs, phase, cpu0, cpu1, mem, load0, args) -> dict:
    live_ms, release_ms, fps, frame_kb = [], [], [], []
    sent_live = 0
    for rec in recs:
        for k in rec.kernels:
            for t_sent, ms, model, nbytes in k.latencies:
                if phase.start <= t_sent <= phase.end:
                    live = model.state.get("continuous_update", True)
                    (live_ms if live else release_ms).append(ms)
                    frame_kb.append(nbytes / 1024)
        for d in rec.drags:
            if not d.slider.state.get("continuous_update", True):
                continue
            frames = sum(1 for t, _, m, _ in d.kernel.latencies
                         if m is d.slider and d.start <= t <= d.end)
            sent_live += d.changes
            if d.end > d.start:
                fps.append(frames / (d.end - d.start))
    seconds = phase.end - phase.start
    cpu = {k: (cpu1.get(k, 0.0) - cpu0.get(k, 0.0)) / seconds for k in cpu1}
    ours = sum(v for k, v in cpu.items() if k != "machine")
    cpu["everything else"] = max(0.0, cpu.get("machine", 0.0) - ours)
    moves = len(live_ms) + len(release_ms)
    kernel_peak = [r["peak"] for r in mem["kernels"]]
    return {
        "students": n,
        "ready": sum(r.ready_s is not None for r in recs),
        "errors": [f"{r.name}: {r.error}" for r in recs if r.error],
        "ready_median_s": pct([r.ready_s for r in recs if r.ready_s], 50),
        "ready_max_s": max([r.ready_s for r in recs if r.ready_s] or [float("nan")]),
        "seconds": seconds,
        "drags": sum(len(r.drags) for r in recs),
        "live_moves": len(live_ms),
        "live_median_ms": pct(live_ms, 50), "live_p95_ms": pct(live_ms, 95),
        "live_p99_ms": pct(live_ms, 99), "live_max_ms": max(live_ms or [float("nan")]),
        "fps_median": pct(fps, 50),
        "frame_kb_median": pct(frame_kb, 50),
        "release_moves": len(release_ms), "release_median_ms": pct(release_ms, 50),
        "release_p95_ms": pct(release_ms, 95),
        "kernels": len(kernel_peak),
        "kernel_peak_rss_max_mb": max(kernel_peak or [float("nan")]),
        "kernel_peak_rss_median_mb": pct(kernel_peak, 50),
        "kernel_pss_median_mb": pct([r["pss"] for r in mem["kernels"]], 50),
        "server_rss_median_mb": pct([r["rss"] for r in mem["servers"]], 50),
        "server_pss_median_mb": pct([r["pss"] for r in mem["servers"]], 50),
        "student_pss_median_mb": pct(mem["pss_per_student"], 50),
        "student_pss_max_mb": max(mem["pss_per_student"] or [float("nan")]),
        "cpu_cores": cpu,
        "cpu_ms_per_move": {k: 1000 * v * seconds / moves for k, v in cpu.items()
                            if moves and k in ("kernels", "servers", "proxy", "hub", "client")},
        "loadavg_at_start": load0,
        "updates_sent_live": sent_live,
    }


def run_class(n: int, args, seed: int) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix=f"course-class-{n}-"))
    env = {
        "COURSE_HUB_HOMES": str(workdir / "homes"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "COURSE_BACKEND": "inline" if args.inline else "",
        "MPLCONFIGDIR": str(workdir / "mpl"),
        "IPYTHONDIR": str(workdir / "ipython"),
    }
    h = hub.Hub(TEST_CONFIG, env=env, state_dir=workdir / "state")
    try:
        h.start()
        result = asyncio.run(simulate(h, n, args, seed))
    finally:
        h.stop()
        pids, ports = h.leftovers()
        if pids or ports:
            print(f"warning: left behind by the hub: processes {pids}, ports {ports}",
                  file=sys.stderr)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"kept {workdir}", file=sys.stderr)
    return result


# -- report ----------------------------------------------------------------------------------


def report(results: list[dict], args) -> str:
    out = []
    out.append("| students | ready | login to Run All done, median / max s | CPU s per "
               "student to get there | live moves | median ms | p95 ms | p99 ms | frames/s "
               "while dragging | frame KB | on-release moves | on-release median ms |")
    out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        out.append(f"| {r['students']} | {r['ready']} | {fmt(r['ready_median_s'])} / "
                   f"{fmt(r['ready_max_s'])} | {fmt(r['setup_cpu_s_per_student'], 1)} | "
                   f"{r['live_moves']} | {fmt(r['live_median_ms'])} | "
                   f"{fmt(r['live_p95_ms'])} | {fmt(r['live_p99_ms'])} | "
                   f"{fmt(r['fps_median'], 1)} | {fmt(r['frame_kb_median'])} | "
                   f"{r['release_moves']} | "
                   f"{fmt(r['release_median_ms'])} |")
    out.append("")
    out.append("| students | kernel peak RSS max / median MB | kernel PSS MB | server RSS / PSS MB "
               "| PSS per student MB | CPU cores used: kernels / servers / proxy / hub / "
               "client / rest of machine | CPU ms per move: kernel / server / proxy |")
    out.append("|---:|---:|---:|---:|---:|---|---|")
    for r in results:
        c, m = r["cpu_cores"], r["cpu_ms_per_move"]
        out.append(
            f"| {r['students']} | {fmt(r['kernel_peak_rss_max_mb'])} / "
            f"{fmt(r['kernel_peak_rss_median_mb'])} | {fmt(r['kernel_pss_median_mb'])} | "
            f"{fmt(r['server_rss_median_mb'])} / {fmt(r['server_pss_median_mb'])} | "
            f"{fmt(r['student_pss_median_mb'])} | "
            + " / ".join(fmt(c.get(k, 0.0), 2) for k in ("kernels", "servers", "proxy", "hub",
                                                       "client", "everything else"))
            + " | " + " / ".join(fmt(m.get(k, float("nan")), 1)
                                  for k in ("kernels", "servers", "proxy")) + " |")
    for r in results:
        if r["errors"]:
            out.append(f"\nN = {r['students']}: {len(r['errors'])} students failed, e.g. "
                       f"{r['errors'][0]}")
    return "\n".join(out)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--students", default="1,10,20,40",
                   help="class sizes to run, comma-separated (default 1,10,20,40)")
    p.add_argument("--minutes", type=float, default=1.0,
                   help="minutes of slider moving per class size (default 1)")
    p.add_argument("--notebooks", default="01",
                   help="notebooks each student opens and runs, e.g. 01,02 (default 01)")
    p.add_argument("--ramp", type=float, default=None,
                   help="students arrive uniformly over this many seconds (default 2 s x N)")
    p.add_argument("--think-median", type=float, default=6.0)
    p.add_argument("--think-sigma", type=float, default=1.0)
    p.add_argument("--drag-min", type=float, default=0.5)
    p.add_argument("--drag-max", type=float, default=2.0)
    p.add_argument("--rate", type=float, default=60.0, help="pointer events per second")
    p.add_argument("--release-share", type=float, default=0.1,
                   help="share of drags on release-only sliders (default 0.1)")
    p.add_argument("--grace", type=float, default=3.0,
                   help="seconds to wait for the last frames after the end")
    p.add_argument("--inline", action="store_true",
                   help="the inline fallback (PNG Image widget) instead of ipympl")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", type=Path, default=None, help="also write the results here")
    p.add_argument("--keep", action="store_true", help="keep the hub's folders (logs)")
    args = p.parse_args(argv)
    try:
        sizes = [int(x) for x in args.students.split(",") if x.strip()]
        args.notebooks = [x.strip() for x in args.notebooks.split(",") if x.strip()]
        unknown = [nb for nb in args.notebooks if nb not in NOTEBOOKS]
        if unknown or not sizes or min(sizes) < 1:
            raise ValueError(f"notebooks must be among {sorted(NOTEBOOKS)} and class sizes >= 1")
        hub.check_python()
        hub.ensure_proxy()
    except (ValueError, hub.SetupError) as e:
        print(f"bench_class: {e}", file=sys.stderr)
        return 2

    print(f"# class benchmark: {platform.node()}, {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GB, "
          f"Python {platform.python_version()}; notebooks {','.join(args.notebooks)}, "
          f"{'inline' if args.inline else 'ipympl'}; {args.minutes:g} min of sliders per size; "
          f"think time lognormal(median {args.think_median:g} s, sigma {args.think_sigma:g}), "
          f"drags {args.drag_min:g}-{args.drag_max:g} s at {args.rate:g} Hz", flush=True)
    results = []
    for i, n in enumerate(sizes):
        t = time.monotonic()
        r = run_class(n, args, args.seed + i)
        r["wall_s"] = time.monotonic() - t
        results.append(r)
        print(f"  N = {n}: {r['ready']}/{n} ready, {r['live_moves']} live moves, "
              f"median {fmt(r['live_median_ms'])} ms, p95 {fmt(r['live_p95_ms'])} ms, "
              f"load average at start {r['loadavg_at_start'][0]:.1f} "
              f"({r['wall_s']:.0f} s)", flush=True)
    print()
    print(report(results, args))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))
    last = results[-1]
    print()
    print(f"students {last['students']}: p95 {fmt(last['live_p95_ms'])} ms, median "
          f"{fmt(last['live_median_ms'])} ms, peak RSS per kernel "
          f"{fmt(last['kernel_peak_rss_max_mb'])} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
