"""The ``ResponseDelivery`` port over HTTP (httpx): ``POST`` the signed DUIS message, ``application/xml``.

DUIS: the User's receive-response service answers 2xx (DCC Boxed clients answer 204) once it has the
message; any other status, a timeout or a connection failure is a failed attempt, retried by the
delivery stage. One connection pool is shared by every delivery thread.
"""

from __future__ import annotations

import time

import httpx

from gbdcc.service.device.ports import DeliveryOutcome

USER_AGENT = "gbdcc-delivery"


class HttpDelivery:
    """Implements :class:`gbdcc.service.device.ports.ResponseDelivery`."""

    def __init__(self, *, verify: bool | str = True, max_connections: int = 32) -> None:
        self._client = httpx.Client(
            verify=verify, headers={"User-Agent": USER_AGENT},
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections))

    def post(self, url: str, body: bytes, timeout_s: float) -> DeliveryOutcome:
        started = time.perf_counter()
        try:
            reply = self._client.post(url, content=body, headers={"Content-Type": "application/xml"},
                                      timeout=timeout_s)
        except httpx.HTTPError as exc:
            return DeliveryOutcome(False, None, f"{type(exc).__name__}: {exc}"[:300], time.perf_counter() - started)
        ok = 200 <= reply.status_code < 300
        return DeliveryOutcome(ok, reply.status_code, None if ok else f"HTTP {reply.status_code}",
                               time.perf_counter() - started)

    def close(self) -> None:
        self._client.close()
