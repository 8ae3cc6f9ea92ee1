"""A simulated student: what JupyterLab in a browser sends to a JupyterHub, without the browser.

Used by tests/test_hub.py and benchmarks/bench_class.py. It speaks only the
public protocols, never the course's internals:

* the hub's login form and REST API (cookies and the ``_xsrf`` token, as a browser);
* the Jupyter server's REST API (sessions, contents) and the kernel websocket in the
  ``v1.kernel.websocket.jupyter.org`` framing that JupyterLab 4 uses;
* the Jupyter widgets protocol as @jupyter-widgets/base implements it: models arrive as
  ``comm_open``; a control is changed with a ``comm_msg`` ``{"method": "update", "state":
  {...}, "buffer_paths": []}``; and the front end's **throttle**: at most one update
  message in flight per model; changes made meanwhile are merged and only the newest
  state is sent once the kernel reports ``idle`` for the previous one (checked in a real
  Chromium: a 60 Hz mouse drag sends one update per kernel round trip);
* ipympl's canvas protocol as its JavaScript model implements it: on ``comm_open`` it sends
  ``refresh``, ``send_image_mode`` and ``initialized``; it answers a ``{"type": "draw"}``
  request with a ``draw`` message (one at a time, like ``waiting_for_image``), answers
  ``resize`` with ``refresh``; frames are ``{"type": "binary"}`` messages carrying a PNG.
  Without ipympl a frame is an update of an Image widget's ``value``.

Latency of a move is measured from sending the slider's update message to receiving
the frame that the kernel produced for it (followed through ``parent_header``: a frame
drawn on request belongs to the update that asked for the redraw), through the hub's
proxy, as JupyterLab would receive it.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import aiohttp

WS_PROTOCOL = "v1.kernel.websocket.jupyter.org"
WIDGET_TARGET = "jupyter.widget"
CANVAS_MODEL = "MPLCanvasModel"
SLIDER_MODELS = ("FloatSliderModel", "IntSliderModel")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class HubError(RuntimeError):
    """The hub or a student's server did not do what a browser expects."""


# -- v1 websocket framing ---------------------------------------------------------------------


def pack_v1(channel: str, parts: list[bytes]) -> bytes:
    """A kernel message in the ``v1.kernel.websocket.jupyter.org`` framing."""
    ch = channel.encode()
    offsets = [8 * (2 + len(parts) + 1)]
    offsets.append(offsets[-1] + len(ch))
    for p in parts:
        offsets.append(offsets[-1] + len(p))
    head = len(offsets).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + ch + b"".join(parts)


def unpack_v1(data: bytes) -> tuple[str, list[bytes]]:
    n = int.from_bytes(data[:8], "little")
    offsets = [int.from_bytes(data[8 * (i + 1):8 * (i + 2)], "little") for i in range(n)]
    channel = data[offsets[0]:offsets[1]].decode()
    parts = [data[offsets[i]:offsets[i + 1]] for i in range(1, n - 1)]
    parts.append(data[offsets[-1]:])  # the last part runs to the end
    return channel, parts


def _set_path(state: dict, path: list, value) -> None:
    obj = state
    for key in path[:-1]:
        obj = obj[key]
    obj[path[-1]] = value


# -- widgets ------------------------------------------------------------------------------------


@dataclass(eq=False)  # compared by identity
class Model:
    """A widget model as the front end keeps it."""

    kernel: "Kernel"
    comm_id: str
    state: dict
    pending: int = 0
    buffer: dict | None = None
    waiting_for_image: bool = False
    frames: int = 0
    last_frame: bytes | None = None
    frame_event: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def name(self) -> str:
        return self.state.get("_model_name", "")

    @property
    def classes(self) -> list[str]:
        return list(self.state.get("_dom_classes", ()))

    def children(self) -> list["Model"]:
        out = []
        for ref in self.state.get("children", ()):
            m = self.kernel.models.get(str(ref).removeprefix("IPY_MODEL_"))
            if m is not None:
                out.append(m)
        return out

    def descendants(self) -> list["Model"]:
        out, todo = [], [self]
        while todo:
            for child in todo.pop(0).children():
                out.append(child)
                todo.append(child)
        return out

    # -- what the front end sends ---------------------------------------------------------
    def set(self, **state) -> None:
        """Change the model as a view does (``model.set(...); model.save_changes()``)."""
        self.state.update(state)
        if self.pending >= 1:  # the throttle: merge, send the newest when idle
            self.buffer = {**(self.buffer or {}), **state}
            return
        self._send_update(state)

    def _send_update(self, state: dict) -> None:
        self.pending += 1
        msg_id = self.kernel.send_comm(self.comm_id, {"method": "update", "state": state,
                                                      "buffer_paths": []})
        self.kernel.on_idle[msg_id] = self._on_update_idle
        self.kernel.sent[msg_id] = (time.monotonic(), self)

    def _on_update_idle(self) -> None:
        self.pending = max(0, self.pending - 1)
        if self.buffer is not None and self.pending < 1:
            state, self.buffer = self.buffer, None
            self._send_update(state)

    def custom(self, content: dict) -> str:
        return self.kernel.send_comm(self.comm_id, {"method": "custom", "content": content})

    async def next_frame(self, after: int, timeout: float) -> bytes:
        """Wait until this model has shown more than ``after`` frames; the newest frame."""
        deadline = time.monotonic() + timeout
        while self.frames <= after:
            self.frame_event.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise HubError(f"no new frame from {self.name} within {timeout:.0f} s")
            try:
                await asyncio.wait_for(self.frame_event.wait(), left)
            except asyncio.TimeoutError:
                pass
        return self.last_frame


# -- a kernel, as one open notebook ---------------------------------------------------------------


class Kernel:
    """One notebook open in JupyterLab: its kernel websocket and the widget models."""

    def __init__(self, student: "Student", path: str, kernel_id: str, ws):
        self.student = student
        self.path = path
        self.kernel_id = kernel_id
        self.ws = ws
        self.session = uuid.uuid4().hex
        self.models: dict[str, Model] = {}
        self.displayed: list[str] = []  # model ids shown by cell outputs, in order
        self.errors: list[str] = []
        self.on_idle: dict[str, Any] = {}
        self.replies: dict[str, asyncio.Future] = {}
        self.sent: dict[str, tuple[float, Model]] = {}  # update msg_id -> (send time, model)
        self.origin: dict[str, str] = {}  # draw msg_id -> update msg_id that needed it
        # one per move that got its frame:
        # (time sent (monotonic s), latency (ms), slider, frame size (bytes))
        self.latencies: list[tuple[float, float, Model, int]] = []
        self._reader = asyncio.ensure_future(self._read())
        self.closed = False

    # -- sending ------------------------------------------------------------------------
    def send(self, channel: str, msg_type: str, content: dict) -> str:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": msg_type, "username": self.student.name,
                  "session": self.session, "date": _now_iso(), "version": "5.3"}
        parts = [json.dumps(header).encode(), b"{}", b"{}", json.dumps(content).encode()]
        self.student.spawn_task(self.ws.send_bytes(pack_v1(channel, parts)))
        return msg_id

    def send_comm(self, comm_id: str, data: dict) -> str:
        return self.send("shell", "comm_msg", {"comm_id": comm_id, "data": data})

    def request(self, msg_type: str, content: dict, channel: str = "shell") -> asyncio.Future:
        msg_id = self.send(channel, msg_type, content)
        fut = asyncio.get_running_loop().create_future()
        self.replies[msg_id] = fut
        return fut

    # -- receiving ----------------------------------------------------------------------
    async def _read(self) -> None:
        try:
            async for msg in self.ws:
                if msg.type == aiohttp.WSMsgType.BINARY:
                    self._dispatch(*unpack_v1(msg.data))
                elif msg.type in (aiohttp.WSMsgType.ERROR, aiohttp.WSMsgType.CLOSE):
                    break
        except (aiohttp.ClientError, asyncio.CancelledError):
            pass
        finally:
            self.closed = True
            for fut in self.replies.values():
                if not fut.done():
                    fut.set_exception(HubError(f"kernel websocket of {self.path} closed"))

    def _dispatch(self, channel: str, parts: list[bytes]) -> None:
        header = json.loads(parts[0])
        parent = json.loads(parts[1]) if parts[1] not in (b"", b"{}") else {}
        content = json.loads(parts[3])
        buffers = parts[4:]
        msg_type = header["msg_type"]
        parent_id = parent.get("msg_id")
        if channel == "shell" or channel == "control":
            fut = self.replies.pop(parent_id, None)
            if fut is not None and not fut.done():
                fut.set_result(content)
            return
        if channel != "iopub":
            return
        if msg_type == "status":
            if content.get("execution_state") == "idle":
                cb = self.on_idle.pop(parent_id, None)
                if cb is not None:
                    cb()
        elif msg_type == "error":
            self.errors.append(f"{content.get('ename')}: {content.get('evalue')}")
        elif msg_type in ("display_data", "execute_result"):
            view = content.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if view:
                self.displayed.append(view["model_id"])
        elif msg_type == "comm_open":
            if content.get("target_name") != WIDGET_TARGET:
                return
            data = content.get("data", {})
            state = dict(data.get("state", {}))
            for path, buf in zip(data.get("buffer_paths", []), buffers):
                _set_path(state, path, buf)
            model = Model(self, content["comm_id"], state)
            self.models[model.comm_id] = model
            if model.name == CANVAS_MODEL:  # what ipympl's JS model does when it is created
                for kind in ("refresh", "send_image_mode", "initialized"):
                    model.custom({"type": kind})
        elif msg_type == "comm_msg":
            model = self.models.get(content.get("comm_id"))
            if model is None:
                return
            data = content.get("data", {})
            method = data.get("method")
            if method in ("update", "echo_update"):
                state = dict(data.get("state", {}))
                paths = data.get("buffer_paths", [])
                for path, buf in zip(paths, buffers):
                    _set_path(state, path, buf)
                model.state.update(state)
                if method == "update" and "value" in state and model.name == "ImageModel":
                    self._frame(model, bytes(state["value"]), parent_id)
            elif method == "custom":
                self._custom(model, data.get("content", {}), buffers, parent_id)
        elif msg_type == "comm_close":
            self.models.pop(content.get("comm_id"), None)

    def _custom(self, model: Model, content: dict, buffers, parent_id) -> None:
        try:
            msg = json.loads(content.get("data", "{}"))
        except (TypeError, ValueError):
            return
        kind = msg.get("type")
        if kind == "draw":
            if not model.waiting_for_image:
                model.waiting_for_image = True
                draw_id = model.custom({"type": "draw"})
                self.origin[draw_id] = self.origin.get(parent_id, parent_id)
        elif kind == "resize":
            model.custom({"type": "refresh"})
        elif kind == "binary" and buffers:
            model.waiting_for_image = False
            self._frame(model, bytes(buffers[0]), parent_id)

    def _frame(self, model: Model, png: bytes, parent_id: str | None) -> None:
        now = time.monotonic()
        model.frames += 1
        model.last_frame = png
        model.frame_event.set()
        root = self.origin.pop(parent_id, parent_id)
        sent = self.sent.pop(root, None)
        if sent is not None:
            self.latencies.append((sent[0], (now - sent[0]) * 1000.0, sent[1], len(png)))

    # -- what a notebook tab does ---------------------------------------------------------
    async def kernel_info(self, timeout: float = 120) -> dict:
        return await asyncio.wait_for(self.request("kernel_info_request", {}), timeout)

    async def execute(self, code: str) -> asyncio.Future:
        return self.request("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True})

    async def run_all(self, cells: list[str], timeout: float = 600) -> list[dict]:
        """Queue every code cell at once (JupyterLab's Run All), wait for every reply."""
        futures = [await self.execute(code) for code in cells]
        replies = await asyncio.wait_for(asyncio.gather(*futures), timeout)
        for i, reply in enumerate(replies):
            if reply.get("status") != "ok":
                self.errors.append(f"cell {i}: {reply.get('ename')}: {reply.get('evalue')}")
                break
        return replies

    def apps(self) -> list[Model]:
        """The displayed widgets that are course apps (css class ``course-app``), in order."""
        return [self.models[m] for m in self.displayed
                if m in self.models and "course-app" in self.models[m].classes]

    async def settle(self, timeout: float = 120) -> None:
        """Wait until every canvas has drawn its first frame (what the student sees first)."""
        deadline = time.monotonic() + timeout
        for app in self.apps():
            for m in app.descendants():
                if m.name == CANVAS_MODEL and m.frames == 0:
                    await m.next_frame(0, max(1.0, deadline - time.monotonic()))

    def move(self, slider: Model, value) -> None:
        """One pointer event that changes the slider: through the widgets throttle."""
        slider.set(value=value)
        if len(self.sent) > 1000:  # updates that drew nothing: forget them after a minute
            old = time.monotonic() - 60
            self.sent = {k: v for k, v in self.sent.items() if v[0] > old}

    async def close(self) -> None:
        self._reader.cancel()
        await self.ws.close()


def slider_name(model: Model) -> str:
    for cls in model.classes:
        if cls.startswith("course-control-"):
            return cls.removeprefix("course-control-")
    return model.name


def snap(slider: Model, value: float):
    s = slider.state
    lo, hi, step = s["min"], s["max"], s.get("step") or 1
    value = min(hi, max(lo, lo + round((value - lo) / step) * step))
    if slider.name == "IntSliderModel":
        return int(round(value))
    return round(value, 10)


def _now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + "Z"


# -- a student ---------------------------------------------------------------------------------


class Student:
    """One browser: logs into the hub, starts its server, opens notebooks."""

    def __init__(self, hub_url: str, name: str, password: str = "course"):
        self.hub = hub_url.rstrip("/")
        self.name = name
        self.password = password
        self.http: aiohttp.ClientSession | None = None
        self.kernels: list[Kernel] = []
        self._tasks: set = set()

    @property
    def server(self) -> str:
        return f"{self.hub}/user/{self.name}"

    def spawn_task(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def __aenter__(self) -> "Student":
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                          timeout=aiohttp.ClientTimeout(total=120))
        return self

    async def __aexit__(self, *exc) -> None:
        for k in self.kernels:
            await k.close()
        await self.http.close()

    def _xsrf(self, prefix: str) -> dict:
        """The X-XSRFToken header for requests under ``prefix`` (from its ``_xsrf`` cookie)."""
        for cookie in self.http.cookie_jar:
            if cookie.key == "_xsrf" and cookie["path"].rstrip("/") == prefix.rstrip("/"):
                return {"X-XSRFToken": cookie.value}
        return {}

    async def _check(self, resp, what: str) -> None:
        if resp.status >= 400:
            body = (await resp.text())[:300]
            raise HubError(f"{what}: HTTP {resp.status} {body}")

    async def login(self) -> None:
        """The hub's login form, as a browser submits it."""
        async with self.http.get(f"{self.hub}/hub/login") as r:
            await self._check(r, "GET /hub/login")
        form = {"username": self.name, "password": self.password,
                "_xsrf": self._xsrf("/hub/").get("X-XSRFToken", "")}
        async with self.http.post(f"{self.hub}/hub/login", data=form,
                                  allow_redirects=False) as r:
            if r.status not in (302, 303):
                raise HubError(f"login of {self.name} failed: HTTP {r.status}")

    async def start_server(self, timeout: float = 120) -> None:
        """Ask the hub for this student's server and wait until it answers."""
        headers = self._xsrf("/hub/")
        async with self.http.post(f"{self.hub}/hub/api/users/{self.name}/server",
                                  json={}, headers=headers) as r:
            if r.status not in (201, 202, 400):  # 400: already running
                await self._check(r, f"start the server of {self.name}")
        deadline = time.monotonic() + timeout
        while True:
            async with self.http.get(f"{self.hub}/hub/api/users/{self.name}",
                                     headers=headers) as r:
                await self._check(r, f"GET /hub/api/users/{self.name}")
                model = await r.json()
            server = model.get("servers", {}).get("")
            if server and server.get("ready"):
                break
            if not server:  # neither pending nor running: the spawn failed
                raise HubError(f"the hub could not start the server of {self.name} "
                               "(spawn failed or timed out; see the hub's log)")
            if time.monotonic() > deadline:
                raise HubError(f"the server of {self.name} did not start in {timeout:.0f} s")
            await asyncio.sleep(0.5)
        # The first visit goes through the hub's OAuth and sets the server's cookies.
        async with self.http.get(f"{self.server}/lab") as r:
            await self._check(r, f"open /user/{self.name}/lab")

    async def api(self, method: str, path: str, body=None):
        url = f"{self.server}/api/{path}"
        async with self.http.request(method, url, json=body,
                                     headers=self._xsrf(f"/user/{self.name}")) as r:
            await self._check(r, f"{method} {url}")
            return await r.json() if r.content_type == "application/json" else None

    async def open_notebook(self, path: str) -> tuple[Kernel, list[str]]:
        """What opening a notebook tab does: a session (kernel), its websocket, kernel info."""
        nb = (await self.api("GET", f"contents/{path}?content=1"))["content"]
        cells = [_source(c) for c in nb["cells"] if c["cell_type"] == "code"]
        sess = await self.api("POST", "sessions", {"path": path, "name": path.rsplit("/", 1)[-1],
                                                   "type": "notebook",
                                                   "kernel": {"name": "python3"}})
        kid = sess["kernel"]["id"]
        client_session = uuid.uuid4().hex
        ws = await self.http.ws_connect(
            f"{self.server}/api/kernels/{kid}/channels?session_id={client_session}".replace(
                "http", "ws", 1),
            protocols=[WS_PROTOCOL], max_msg_size=64 * 2 ** 20, heartbeat=None,
            headers=self._xsrf(f"/user/{self.name}"))
        kernel = Kernel(self, path, kid, ws)
        kernel.session = client_session
        self.kernels.append(kernel)
        await kernel.kernel_info()
        return kernel, cells

    async def poll(self, listing: str) -> None:
        """JupyterLab's background requests (about every 10 s per open JupyterLab)."""
        for path in ("kernels", "sessions", "terminals", f"contents/{listing}?content=1"):
            await self.api("GET", path)
        async with self.http.get(f"{self.server}/lab/api/workspaces") as r:
            await r.read()


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


# -- a drag --------------------------------------------------------------------------------------


async def drag(kernel: Kernel, slider: Model, target: float, seconds: float,
               rate: float = 60.0) -> int:
    """Drag ``slider`` to ``target`` over ``seconds`` with pointer events at ``rate`` Hz.

    Live sliders (``continuous_update``) change with every pointer event that moves the
    value (through the throttle); the others only at release. Returns the number of
    value changes the pointer made.
    """
    start = float(slider.state["value"])
    n = max(1, int(round(seconds * rate)))
    live = bool(slider.state.get("continuous_update", True))
    t0 = time.monotonic()
    changes, last = 0, slider.state["value"]
    for i in range(1, n + 1):
        value = snap(slider, start + (target - start) * i / n)
        if value != last:
            changes += 1
            last = value
            if live:
                kernel.move(slider, value)
        await asyncio.sleep(max(0.0, t0 + i / rate - time.monotonic()))
    if not live and last != start:
        kernel.move(slider, last)
    return changes


def random_target(slider: Model, rng: random.Random) -> float:
    s = slider.state
    return rng.uniform(s["min"], s["max"])
