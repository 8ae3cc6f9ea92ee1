"""Kernel memory over repeated "Run All" of every notebook (a script, not a test).

A class on one server lives or dies by what each student's kernel holds. This
starts one kernel per notebook and mode, runs every code cell in order five
times (as JupyterLab's Run All does: each request carries the cell's id, so
re-running a cell is recognised as such), and prints after each pass the
kernel's resident memory (RSS), its peak so far (VmHWM), the apps alive and the
pyplot figures open.

Modes: ``live`` (ipympl, what JupyterLab users get) and ``inline`` (the PNG
fallback of Colab and voila without ipympl, ``COURSE_BACKEND=inline``).
Without a browser the ipympl canvases receive no front-end messages; the
kernel still builds, updates and keeps everything a browser session would.

Target: peak RSS <= 250 MB through 5 passes (a hub's per-student limit is
typically 256-512 MB) and no growth from pass to pass.

Usage::

    python benchmarks/bench_memory.py                    # every notebook, both modes
    python benchmarks/bench_memory.py 01 03 --passes 3 --modes inline
"""

from __future__ import annotations

import argparse
import os
import platform
import queue
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_PEAK_MB = 250.0

PROBE = (
    "import gc as _gc, matplotlib.pyplot as _plt\n"
    "from course_lib.apps.base import App as _App\n"
    "_gc.collect()\n"
    "print('PROBE', len(_App.instances()), len(_plt.get_fignums()))\n"
)


def _status_mb(pid: int) -> tuple[float, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    kb = lambda k: float(fields[k].split()[0]) / 1024  # noqa: E731
    return kb("VmRSS"), kb("VmHWM")


class Kernel:
    """One ipykernel driven as JupyterLab drives it (execute requests with the cell id)."""

    def __init__(self, env: dict, cwd: Path):
        from jupyter_client import KernelManager

        self.km = KernelManager(kernel_name="python3")
        self.km.start_kernel(env=env, cwd=str(cwd))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)

    @property
    def pid(self) -> int:
        return self.km.provisioner.process.pid

    def run(self, code: str, cell_id: str | None = None, timeout: float = 600.0) -> str:
        """Execute ``code``; return its stdout. Raises on an error in the cell."""
        content = dict(code=code, silent=False, store_history=True, user_expressions={},
                       allow_stdin=False, stop_on_error=True)
        msg = self.kc.session.msg("execute_request", content,
                                  metadata={"cellId": cell_id} if cell_id else {})
        self.kc.shell_channel.send(msg)
        msg_id = msg["header"]["msg_id"]
        out, error = [], None
        deadline = time.monotonic() + timeout
        while True:
            try:
                reply = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"cell did not finish in {timeout:.0f} s:\n{code[:200]}")
            if reply["parent_header"].get("msg_id") != msg_id:
                continue
            kind, c = reply["msg_type"], reply["content"]
            if kind == "stream" and c.get("name") == "stdout":
                out.append(c["text"])
            elif kind == "error":
                error = f"{c['ename']}: {c['evalue']}"
            elif kind == "status" and c["execution_state"] == "idle":
                break
        if error:
            raise RuntimeError(f"error in cell:\n{code[:300]}\n{error}")
        return "".join(out)

    def stop(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def code_cells(path: Path) -> list[tuple[str, str]]:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return [(c.get("id"), c.source) for c in nb.cells if c.cell_type == "code"]


def bench(notebook: Path, mode: str, passes: int) -> list[dict]:
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    if mode == "inline":
        env["COURSE_BACKEND"] = "inline"
    else:
        env.pop("COURSE_BACKEND", None)
    tmp = Path(tempfile.mkdtemp(prefix="course-mem-"))
    for key in ("MPLCONFIGDIR", "IPYTHONDIR"):
        env.setdefault(key, str(tmp / key.lower()))
    cells = code_cells(notebook)
    kernel = Kernel(env, notebook.parent)
    rows = []
    try:
        rss0, _ = _status_mb(kernel.pid)
        for k in range(1, passes + 1):
            t0 = time.perf_counter()
            for cell_id, source in cells:
                kernel.run(source, cell_id)
            seconds = time.perf_counter() - t0
            probe = kernel.run(PROBE).split()
            rss, peak = _status_mb(kernel.pid)
            rows.append(dict(notebook=notebook.stem[:2], mode=mode, run=k, rss=rss, peak=peak,
                             start=rss0, apps=int(probe[1]), figs=int(probe[2]),
                             seconds=seconds))
            print(f"  {notebook.stem[:2]} {mode:6s} run {k}: RSS {rss:6.1f} MB, peak {peak:6.1f}"
                  f" MB, apps alive {probe[1]}, pyplot figures {probe[2]} ({seconds:.1f} s)",
                  flush=True)
    finally:
        kernel.stop()
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="notebook numbers (default: all)")
    parser.add_argument("--passes", type=int, default=5, help="Run All passes per kernel")
    parser.add_argument("--modes", nargs="+", default=["live", "inline"],
                        choices=["live", "inline"])
    args = parser.parse_args(argv)
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if args.notebooks:
        paths = [p for p in paths if p.name[:2] in args.notebooks]
    if not paths:
        print(f"no notebook matches {args.notebooks}", file=sys.stderr)
        return 2
    print(f"# {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()}"
          f" · {args.passes} Run All passes per kernel\n", flush=True)
    rows = []
    for mode in args.modes:
        for path in paths:
            rows.extend(bench(path, mode, args.passes))
    print("\n| notebook | mode | RSS after run 1 (MB) | after run "
          f"{args.passes} (MB) | growth per run (MB) | peak (MB) | apps alive after the "
          "last run | pyplot figures |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    worst = 0.0
    for mode in args.modes:
        for path in paths:
            rs = [r for r in rows if r["mode"] == mode and r["notebook"] == path.stem[:2]]
            growth = (rs[-1]["rss"] - rs[0]["rss"]) / max(1, len(rs) - 1)
            peak = max(r["peak"] for r in rs)
            worst = max(worst, peak)
            print(f"| {path.stem[:2]} | {mode} | {rs[0]['rss']:.0f} | {rs[-1]['rss']:.0f} | "
                  f"{growth:+.1f} | {peak:.0f} | {rs[-1]['apps']} | {rs[-1]['figs']} |")
    verdict = "met" if worst <= TARGET_PEAK_MB else "MISSED"
    print(f"\nworst kernel peak: {worst:.0f} MB (target <= {TARGET_PEAK_MB:.0f} MB: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
