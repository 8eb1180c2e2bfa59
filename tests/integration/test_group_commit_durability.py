"""Durable before acknowledging, with group commit on (``GBDCC_GROUP_COMMIT=true``): several Users send 8.2
requests at once to a real ``gbdcc up`` that is killed (SIGKILL) mid-run; every request answered I0 has its
response in the audit trail when the database is reopened (``bench/load.py`` ``sigkill``)."""

from __future__ import annotations

from bench.load import sigkill


def test_acknowledged_requests_survive_sigkill_with_group_commit() -> None:
    acknowledged, lost = sigkill(requests=300, users=4, kill_after_s=2.0, env={"GBDCC_GROUP_COMMIT": "true"})
    assert acknowledged > 0
    assert lost == 0
