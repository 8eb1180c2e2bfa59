"""``/admin/v1/deliveries/failed``: the failed-delivery queue (DUIS: kept 2 days after the 300-second retry
window), listed and re-delivered one by one or whole — over a real instance (SQLite)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gbdcc import bootstrap
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.config import Settings
from gbdcc.domain.delivery import DeliveryState, MessageKind, OutboundMessage
from gbdcc.domain.ids import Eui64

TOKEN = "deliveries-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)
USERS = (Eui64.parse("90-B3-D5-1F-30-01-00-01"), Eui64.parse("90-B3-D5-1F-30-01-00-02"))
URL = "/admin/v1/deliveries/failed"


@pytest.fixture
def instance(tmp_path: Path) -> bootstrap.Instance:
    clock = VirtualClock(T0)
    inst = bootstrap.open_instance(Settings(data_dir=tmp_path, admin_token=TOKEN), clock=clock,
                                   scheduler=VirtualScheduler(clock))
    with inst.uow_factory() as uow:
        for i, user in enumerate((*USERS, USERS[0])):
            uow.messages.add(OutboundMessage(user, MessageKind.RESPONSE, f"resp-{i}", b"<r/>", T0 - timedelta(hours=1),
                                             request_id=f"req-{i}", state=DeliveryState.FAILED, attempts=6,
                                             failed_at=T0 - timedelta(minutes=50), last_error="HTTP 503"))
        uow.commit()
    return inst


def state(instance: bootstrap.Instance, message_id: int) -> DeliveryState:
    with instance.uow_factory(read_only=True) as uow:
        message = uow.messages.get(message_id)
    assert message is not None
    return message.state


def test_the_failed_queue_is_listed_and_one_message_redelivered(instance: bootstrap.Instance) -> None:
    client = TestClient(bootstrap.build_app(instance))
    queue = client.get(URL, headers=AUTH).json()["messages"]
    assert [(m["response_id"], m["attempts"], m["last_error"]) for m in queue] == [
        ("resp-0", 6, "HTTP 503"), ("resp-1", 6, "HTTP 503"), ("resp-2", 6, "HTTP 503")]
    assert [m["response_id"] for m in client.get(URL, params={"user_id": str(USERS[1])}, headers=AUTH)
            .json()["messages"]] == ["resp-1"]
    first = queue[0]["message_id"]
    assert client.post(f"{URL}/{first}/redeliver", headers=AUTH).json() == {"requeued": 1}
    assert state(instance, first) is DeliveryState.PENDING
    again = client.post(f"{URL}/{first}/redeliver", headers=AUTH)
    assert again.status_code == 404 and again.json()["detail"]["code"] == "GBDCC-571"
    assert len(client.get(URL, headers=AUTH).json()["messages"]) == 2


def test_the_whole_queue_or_one_users_part_is_redelivered(instance: bootstrap.Instance) -> None:
    client = TestClient(bootstrap.build_app(instance))
    assert client.post(f"{URL}/redeliver", params={"user_id": str(USERS[0])}, headers=AUTH).json() == {"requeued": 2}
    assert client.post(f"{URL}/redeliver", headers=AUTH).json() == {"requeued": 1}
    assert client.get(URL, headers=AUTH).json()["messages"] == []
    assert client.get(URL, params={"user_id": "nope"}, headers=AUTH).status_code == 422
    assert client.post(f"{URL}/redeliver").status_code == 401
