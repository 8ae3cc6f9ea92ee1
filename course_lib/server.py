"""What the course changes in a Jupyter server: kernel frames sent the moment they are ready.

The class hub's servers (``deploy/jupyterhub_config.py``, ``deploy/z2jh/values.yaml``)
use :class:`NoDelayKernelWebsocketConnection` for every kernel websocket::

    --ServerApp.kernel_websocket_connection_class=course_lib.server.NoDelayKernelWebsocketConnection

Tornado leaves Nagle's algorithm on for websockets, and jupyter_server does not turn
it off. A slider move makes the kernel send a few small messages (busy, the
slider's echo, the frame, idle); with Nagle's algorithm the last segment of a frame
waits for the acknowledgement of the previous one, which the receiver (the hub's
proxy, or a browser) delays by up to 40 ms on Linux. Measured through the hub with
one student (``benchmarks/bench_class.py --students 1``): a move's frame arrived
after a median of 48 ms although the kernel took 10 ms; with ``TCP_NODELAY`` on the
server's side of the websocket, 19 ms.

Only this module imports jupyter_server; the rest of ``course_lib`` never does.
"""

from __future__ import annotations

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

__all__ = ["NoDelayKernelWebsocketConnection"]


class NoDelayKernelWebsocketConnection(ZMQChannelsWebsocketConnection):
    """jupyter_server's kernel websocket connection, with ``TCP_NODELAY`` set on it.

    Everything else (protocols, rate limits, buffering while a kernel restarts)
    is the parent class's.
    """

    async def connect(self):
        """Turn Nagle's algorithm off for this websocket, then connect as usual."""
        self.websocket_handler.set_nodelay(True)
        return await super().connect()
