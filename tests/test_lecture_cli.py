"""Lecture mode from the command line: one clear line for every mistake, and nothing left
behind whatever ends it (Ctrl+C, kill, closing the terminal)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from course_lib import lecture

pytest.importorskip("voila")
ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args, env=None, timeout=60):
    return subprocess.run([sys.executable, "-m", "course_lib.lecture", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("args, says", [
    (["01", "--port", "-5"], "argument --port: must be in 1-65535, got -5"),
    (["01", "--port", "70000"], "argument --port: must be in 1-65535, got 70000"),
    (["01", "--port", "http"], "must be a whole number in 1-65535"),
    (["01", "--scale", "9"], "argument --scale: must be in [0.5, 3], got 9"),
    (["01", "--scale", "nan"], "argument --scale: must be in [0.5, 3]"),
    (["99"], "no single notebook matches '99'; choose one of 00, 01, 02, 03, 04"),
    (["nope.ipynb"], "no notebook at nope.ipynb"),
])
def test_a_mistake_is_one_clear_line_and_exit_status_2(args, says):
    out = run_cli(*args)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], out.stderr
    assert "Traceback" not in out.stderr


def test_a_busy_port_is_refused_not_silently_moved():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        out = run_cli("01", "--port", str(port), "--no-browser")
    assert out.returncode == 2
    assert out.stderr.strip() == (f"lecture mode: port {port} is in use (another lecture or "
                                  "server?); choose another with --port")


def test_a_notebook_that_is_not_json_is_one_line(tmp_path):
    bad = tmp_path / "broken.ipynb"
    bad.write_text("{ not json")
    out = run_cli(str(bad), "--port", str(free_port()), "--no-browser")
    assert out.returncode == 2
    assert out.stderr.strip().startswith("lecture mode: broken.ipynb is not a readable notebook")
    assert len(out.stderr.strip().splitlines()) == 1


def test_the_template_has_no_link_outside_the_machine(tmp_path):
    target = lecture.write_template(tmp_path)
    index = (target / "index.html.j2").read_text()
    assert "cdn.jsdelivr.net" not in index
    assert f"templates/{lecture.TEMPLATE}/static/css/all.min.css" in index
    assert (target / "static" / "css" / "all.min.css").exists()
    assert (target / "static" / "css" / "v4-shims.min.css").exists()
    assert list((target / "static" / "webfonts").glob("fa-solid-900.*"))


def _descendants(pid):
    return lecture._descendants(pid)


def _port_open(port) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_stops_voila_and_its_kernels_and_frees_everything(signum, tmp_path):
    port = free_port()
    env = {**os.environ, "TMPDIR": str(tmp_path), "JUPYTER_PLATFORM_DIRS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "course_lib.lecture", "00", "--port",
                             str(port), "--no-browser"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while not _port_open(port):
            assert proc.poll() is None, proc.stdout.read()
            assert time.monotonic() < deadline, "voila did not start"
            time.sleep(0.5)
        # open the page: voila starts a kernel and runs the notebook in it
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=120) as r:
            assert r.status == 200
        deadline = time.monotonic() + 60
        while not any("ipykernel" in Path(f"/proc/{p}/cmdline").read_text()
                      for p in _descendants(proc.pid) if Path(f"/proc/{p}").exists()):
            assert time.monotonic() < deadline, "no kernel was started"
            time.sleep(0.5)
        family = _descendants(proc.pid)
        assert list(tmp_path.glob("course-lecture-*"))
        proc.send_signal(signum)
        proc.wait(timeout=60)
        time.sleep(0.5)
        left = [p for p in family if lecture._alive(p)]
        assert left == [], f"still running after {signum!r}: {left}"
        assert not _port_open(port), "the port still answers"
        assert list(tmp_path.glob("course-lecture-*")) == [], "temporary files left"
    finally:
        if proc.poll() is None:
            proc.kill()
            lecture.stop(proc)
