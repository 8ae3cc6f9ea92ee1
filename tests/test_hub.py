"""The class hub (deploy/): two students log in, run notebook 01 and move a slider.

The hub is the real single-server set-up of deploy/jupyterhub_config.py (JupyterHub,
configurable-http-proxy from deploy/node_modules, the idle culler, the course copied into
each home) with two test-only swaps (tests/hub/jupyterhub_test_config.py): any user
name logs in, and servers run as the current user with homes in a temporary folder, so
no system users are created. Everything talks to the hub through its proxy, as a browser
does (tests/hub/student.py). Every process the hub started is stopped by PID and checked
gone, with its ports.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy"))
import hub  # noqa: E402  (deploy/hub.py)

NOTEBOOK = "course/01_self_connected_neuron.ipynb"
TEST_CONFIG = ROOT / "tests" / "hub" / "jupyterhub_test_config.py"


def _hub_or_skip():
    """Skip (one line) only where the hub really cannot run: no node/npm, npm unreachable."""
    for module in ("jupyterhub", "jupyterhub_idle_culler", "aiohttp"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed: pip install -e '.[test]'")
    try:
        hub.ensure_proxy()
    except hub.SetupError as e:
        pytest.skip(str(e))


# -- the launcher's set-up errors: one line each ----------------------------------------------


def test_missing_node_is_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(hub.SetupError, match="node .*not installed") as err:
        hub.check_node()
    assert "\n" not in str(err.value)


def test_missing_proxy_without_npm_is_one_clear_line(tmp_path, monkeypatch):
    node = subprocess.run(["sh", "-c", "command -v node"], capture_output=True, text=True)
    if not node.stdout.strip():
        pytest.skip("node is not installed (the check above covers that case)")
    (tmp_path / "node").symlink_to(node.stdout.strip())
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(hub, "PROXY", tmp_path / "no-proxy-here")
    with pytest.raises(hub.SetupError, match="npm is missing") as err:
        hub.ensure_proxy()
    assert "\n" not in str(err.value)


def test_missing_group_or_admin_is_one_clear_line():
    with pytest.raises(hub.SetupError, match="group 'no-such-group-here' does not exist"):
        hub.check_accounts("no-such-group-here", [])
    with pytest.raises(hub.SetupError, match="admin 'no-such-user-here' is not a user"):
        hub.check_accounts("root", ["no-such-user-here"])


def test_port_in_use_is_one_clear_line():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(hub.SetupError, match=f"port {port} .*already in use") as err:
            hub.check_port("127.0.0.1", port, "test")
        assert "\n" not in str(err.value)
        # The one command says it in one line on stderr and exits 2, never a traceback
        # (as non-root it first says that it needs root, also in one line).
        out = subprocess.run([sys.executable, str(ROOT / "deploy" / "hub.py"), "--ip",
                              "127.0.0.1", "--port", str(port), "--group", "root",
                              "--state-dir", "/nonexistent"],
                             capture_output=True, text=True, timeout=120)
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("course hub: "), out.stderr
    if os.geteuid() == 0 and hub.PROXY.exists():
        assert f"port {port}" in lines[0]


# -- the hub itself ------------------------------------------------------------------------------


async def _student(url: str, name: str) -> dict:
    from tests.hub import student as st

    async with st.Student(url, name) as s:
        await s.login()
        await s.start_server()
        listing = await s.api("GET", "contents/course")
        names = sorted(item["name"] for item in listing["content"])
        kernel, cells = await s.open_notebook(NOTEBOOK)
        await kernel.run_all(cells)
        errors = list(kernel.errors)
        await kernel.settle()
        apps = kernel.apps()
        assert apps, f"{name}: notebook 01 displayed no course app"
        app = apps[0]
        parts = app.descendants()
        sliders = [m for m in parts if m.name in st.SLIDER_MODELS
                   and "course-live" in m.classes]
        canvases = [m for m in parts if m.name == st.CANVAS_MODEL]
        assert sliders, f"{name}: the first app has no live slider"
        assert canvases, f"{name}: the first app shows no ipympl canvas (live plots are off)"
        slider, canvas = sliders[0], canvases[0]
        shown, before = canvas.frames, canvas.last_frame
        value = slider.state["value"]
        step = slider.state.get("step") or 1
        target = value + 3 * step if value + 3 * step <= slider.state["max"] else value - 3 * step
        kernel.move(slider, st.snap(slider, target))
        frame = await canvas.next_frame(shown, timeout=60)
        await asyncio.sleep(0.5)  # the readout and status updates follow the frame
        status = [m for m in parts if "course-status" in m.classes]
        return {
            "notebooks": names, "errors": errors, "frame": frame, "before": before,
            "latencies": [lat[2] for lat in kernel.latencies], "slider": slider,
            "echo": slider.state["value"], "target": st.snap(slider, target),
            "status": status[0].state.get("value", "") if status else "",
            "kernel": kernel.kernel_id,
        }


@pytest.mark.timeout(300)
def test_two_students_run_notebook_01_and_move_a_slider(tmp_path):
    _hub_or_skip()
    from tests.hub import student as st

    env = {
        "COURSE_HUB_HOMES": str(tmp_path / "homes"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "COURSE_BACKEND": "",  # students on a hub get live plots (ipympl)
        "MPLCONFIGDIR": str(tmp_path / "mpl"),
        "IPYTHONDIR": str(tmp_path / "ipython"),
    }
    h = hub.Hub(TEST_CONFIG, env=env, state_dir=tmp_path / "state")
    results = None
    try:
        h.start()
        processes_running = len(h.descendants())

        async def both():
            return await asyncio.gather(_student(h.url, "ada"), _student(h.url, "bob"))

        # In a thread of its own: the browser suite's Playwright (sync API) keeps an event
        # loop running in the main thread, where asyncio.run() refuses to start another.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            results = pool.submit(asyncio.run, both()).result()
        tree = h.descendants()
        servers = [p for p in tree if "jupyterhub.singleuser" in _cmdline(p)]
        kernels = [p for p in tree if "ipykernel" in _cmdline(p)]
        server_ports = {port for pid in servers for port in hub.listening_sockets([pid]).values()}
    finally:
        h.stop()
    pids, ports = h.leftovers()
    log = h.read_log()
    assert not pids, f"processes left behind: {pids}"
    assert not ports, f"ports still listening: {ports}"
    assert h.pids and h.ports, "the stop recorded no processes or ports"

    assert processes_running >= 2, "the hub did not start its proxy and idle culler"
    assert len(servers) == 2 and len(kernels) == 2, (servers, kernels, log[-2000:])
    # Each server on its fixed port (base + the student's id: 1 and 2 in a fresh hub),
    # below the ephemeral range the kernels' random ports come from.
    assert server_ports == {20001, 20002}, server_ports
    for name, r in zip(("ada", "bob"), results):
        assert "01_self_connected_neuron.ipynb" in r["notebooks"], r["notebooks"]
        assert not r["errors"], f"{name}: {r['errors']}"
        assert r["frame"].startswith(st.PNG_MAGIC)
        assert r["frame"] != r["before"], f"{name}: the frame after the move is the old one"
        # The frame is the kernel's answer to this move (followed through parent_header).
        assert r["latencies"] == [r["slider"]]
        assert r["echo"] == r["target"]
        assert "course-error" not in r["status"], r["status"]
    assert results[0]["kernel"] != results[1]["kernel"]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


# -- one set of per-student numbers for both deployments ----------------------------------------


def _local_config(tmp_path, monkeypatch):
    from traitlets.config import PyFileConfigLoader

    for key in [k for k in os.environ if k.startswith("COURSE_HUB_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("COURSE_HUB_STATE_DIR", str(tmp_path))
    return PyFileConfigLoader("jupyterhub_config.py", path=str(ROOT / "deploy")).load_config()


def _bytes(spec: str) -> float:
    units = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
    spec = str(spec).removesuffix("i")
    return float(spec[:-1]) * units[spec[-1]] if spec[-1] in units else float(spec)


def test_kernel_websockets_turn_nagle_off_before_connecting(monkeypatch):
    """The hub's servers send each frame at once: TCP_NODELAY on the websocket (set on
    the handler before jupyter_server's own connect, which it then runs unchanged)."""
    from jupyter_server.services.kernels.connection.channels import (
        ZMQChannelsWebsocketConnection,
    )

    from course_lib.server import NoDelayKernelWebsocketConnection

    calls = []

    class Handler:
        def set_nodelay(self, value):
            calls.append(("nodelay", value))

    async def parent_connect(self):
        calls.append(("connect", self.websocket_handler))
        return "connected"

    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "connect", parent_connect)
    conn = NoDelayKernelWebsocketConnection.__new__(NoDelayKernelWebsocketConnection)
    handler = Handler()
    monkeypatch.setattr(NoDelayKernelWebsocketConnection, "websocket_handler", handler,
                        raising=False)
    # In a thread of its own (the browser suite's Playwright runs a loop in the main thread).
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, conn.connect()).result() == "connected"
    assert calls == [("nodelay", True), ("connect", handler)]
    assert issubclass(NoDelayKernelWebsocketConnection, ZMQChannelsWebsocketConnection)


def test_the_class_servers_use_the_no_delay_websockets(tmp_path, monkeypatch):
    local = _local_config(tmp_path, monkeypatch)
    assert ("--ServerApp.kernel_websocket_connection_class="
            "course_lib.server.NoDelayKernelWebsocketConnection") in local.Spawner.args


def test_each_student_server_gets_its_own_fixed_port(tmp_path, monkeypatch):
    from types import SimpleNamespace

    local = _local_config(tmp_path, monkeypatch)
    hook = local.Spawner.pre_spawn_hook
    ports = []
    for uid in (1, 2, 40):
        home = tmp_path / f"home{uid}"
        spawner = SimpleNamespace(user=SimpleNamespace(id=uid, name=f"s{uid}"), port=0,
                                  home_dir=str(home))
        hook(spawner)
        ports.append(spawner.port)
        assert (home / "course" / "01_self_connected_neuron.ipynb").exists()
    low, _high = map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    assert ports == [20001, 20002, 20040] and max(ports) < low


def test_kubernetes_values_use_the_single_servers_numbers(tmp_path, monkeypatch):
    yaml = pytest.importorskip("yaml")
    values = yaml.safe_load((ROOT / "deploy" / "z2jh" / "values.yaml").read_text())
    local = _local_config(tmp_path, monkeypatch)
    user = values["singleuser"]
    assert _bytes(user["memory"]["guarantee"]) == _bytes(local.Spawner.mem_guarantee)
    assert _bytes(user["memory"]["limit"]) == _bytes(local.Spawner.mem_limit)
    assert float(user["cpu"]["guarantee"]) == local.Spawner.cpu_guarantee
    assert float(user["cpu"]["limit"]) == local.Spawner.cpu_limit
    assert _bytes(user["memory"]["guarantee"]) <= _bytes(user["memory"]["limit"])
    assert float(user["cpu"]["guarantee"]) <= float(user["cpu"]["limit"])
    # Idle servers are culled after the same time in both.
    culler = next(s for s in local.JupyterHub.services if s["name"] == "idle-culler")
    assert values["cull"]["enabled"] is True
    assert f"--timeout={values['cull']['timeout']}" in culler["command"]
    # The kernels' culling and the websocket setting are the same server settings.
    server = user["extraFiles"]["jupyter_server_config"]["data"]
    args = set(local.Spawner.args)
    for section, settings in server.items():
        for key, value in settings.items():
            text = str(value).capitalize() if isinstance(value, bool) else str(value)
            assert f"--{section}.{key}={text}" in args, (section, key)
    assert user["defaultUrl"] == local.Spawner.default_url
