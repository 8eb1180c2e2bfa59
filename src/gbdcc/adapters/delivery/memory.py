"""An in-memory receive-response service, for handler tests in virtual time (no network).

It implements the ``ResponseDelivery`` port by recording each message per URL and answering as told
(``fail_next`` / ``status``), like a receiver a User runs. Integration tests use real HTTP receivers.
"""

from __future__ import annotations

from collections import defaultdict

from gbdcc.service.device.ports import DeliveryOutcome


class RecordingReceivers:
    """Implements :class:`gbdcc.service.device.ports.ResponseDelivery` in memory."""

    def __init__(self) -> None:
        self.received: dict[str, list[bytes]] = defaultdict(list)
        self.attempts: dict[str, int] = defaultdict(int)
        self.down: set[str] = set()  # URLs that answer 503
        self.fail_next: dict[str, int] = defaultdict(int)  # URL → attempts still to fail

    def post(self, url: str, body: bytes, timeout_s: float) -> DeliveryOutcome:
        self.attempts[url] += 1
        if url in self.down or self.fail_next[url] > 0:
            self.fail_next[url] = max(0, self.fail_next[url] - 1)
            return DeliveryOutcome(False, 503, "HTTP 503")
        self.received[url].append(body)
        return DeliveryOutcome(True, 204)
