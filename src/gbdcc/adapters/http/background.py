"""An ASGI app served by uvicorn on a background thread (the SMKI service beside the DUIS gateway in
``gbdcc up``; receivers in journeys, tests and the demo)."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import uvicorn

from gbdcc.domain.errors import GbdccError


class ListenFailed(GbdccError):
    """A port to serve on cannot be bound (in use, or not allowed)."""

    code = "GBDCC-150"
    default_rule = "HTTP-LISTEN"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class BackgroundServer:
    def __init__(self, app: Any, *, host: str = "127.0.0.1", port: int = 0, name: str = "gbdcc-http") -> None:
        self.host = host
        self.port = port or free_port(host)
        self._server = uvicorn.Server(uvicorn.Config(app, host=host, port=self.port, log_level="warning"))
        self._thread = threading.Thread(target=self._server.run, name=name, daemon=True)

    def start(self, timeout: float = 10.0) -> BackgroundServer:
        """Start and wait until it listens; a port that cannot be bound is an error, not a silent thread."""
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started and self._thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        if not self._server.started:
            raise ListenFailed(f"could not listen on {self.host}:{self.port} (in use?)")
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)
