"""The ``wan`` role's side of the remote SM WAN (``adapters/messaging/remote_wan.py``): each command message goes to
the (simulated) CSP; a refusal is recorded against what the command carried — the Service Request (E20) or the
Change of Supplier migration of a device — and a command the CSP takes is not recorded as refused."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

from gbdcc.domain.errors import DeviceUnreachable
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.service.device.ports import WanAccepted

HUB = Eui64.parse("00-DB-12-34-56-78-90-A0")
DEVICE = Eui64.parse("00-DB-12-34-56-78-90-A1")
RID = RequestId.parse("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A1:1000")
T0 = datetime(2026, 12, 1, 12, tzinfo=UTC)


class Csp:
    """The CSP as ``WanCommands`` sees it: takes commands, or refuses every one while ``down``."""

    def __init__(self, down: bool = False) -> None:
        self.down = down
        self.taken: list[tuple[Eui64, bytes, RequestId | None, Eui64 | None]] = []

    def send(self, hub_id: Eui64, command: bytes, request_id: RequestId | None = None, *,
             migration: Eui64 | None = None) -> WanAccepted:
        if self.down:
            raise DeviceUnreachable(f"no SM WAN coverage for hub {hub_id}")
        self.taken.append((hub_id, command, request_id, migration))
        return WanAccepted(hub_id, len(self.taken), T0)

    def subscribe(self, on_uplink: object) -> None:  # pragma: no cover - not used here
        raise AssertionError


def message(*, request_id: RequestId | None = None, migration: Eui64 | None = None) -> bytes:
    return json.dumps({"hub": str(HUB), "command": base64.b64encode(b"\xdd\x00\x01").decode(),
                       "request_id": None if request_id is None else str(request_id),
                       "migration": None if migration is None else str(migration)}).encode()


def commands(csp: Csp) -> tuple[object, list[object], list[object]]:
    from gbdcc.adapters.messaging.remote_wan import WanCommands

    refused: list[object] = []
    migrations: list[object] = []
    handler = WanCommands(csp, lambda rid, err: refused.append((rid, err.response_code)),
                          lambda dev, hub, err: migrations.append((dev, hub, err.response_code)))
    return handler, refused, migrations


def test_a_command_the_csp_takes_is_handed_over_with_what_it_carries() -> None:
    csp = Csp()
    handler, refused, migrations = commands(csp)
    handler(message(request_id=RID))  # type: ignore[operator]
    handler(message(migration=DEVICE))  # type: ignore[operator]
    assert csp.taken == [(HUB, b"\xdd\x00\x01", RID, None), (HUB, b"\xdd\x00\x01", None, DEVICE)]
    assert refused == migrations == []


def test_a_refused_request_is_recorded_e20_and_a_refused_migration_as_a_failed_attempt() -> None:
    handler, refused, migrations = commands(Csp(down=True))
    handler(message(request_id=RID))  # type: ignore[operator]
    handler(message(migration=DEVICE))  # type: ignore[operator]
    assert refused == [(RID, "E20")]
    assert migrations == [(DEVICE, HUB, "E20")]
