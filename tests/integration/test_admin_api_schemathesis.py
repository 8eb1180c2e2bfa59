"""Schemathesis over the admin JSON API's OpenAPI document (``/openapi.json``), in-process (ASGI): every admin
operation with generated data, with a valid admin token and with none, answers without a 5xx
(``not_a_server_error``). Bounded: a few examples per operation, so the run stays well under a minute."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error

from gbdcc import bootstrap
from gbdcc.adapters.provisioning.demo import ensure_demo_parties
from gbdcc.adapters.provisioning.estate import ensure_estate
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.config import Settings

TOKEN = "schemathesis-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
EXAMPLES = int(os.environ.get("GBDCC_SCHEMATHESIS_EXAMPLES", "20"))  # per operation; more for a deeper run


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[bootstrap.Instance]:
    clock = VirtualClock(datetime(2026, 6, 1, 9, tzinfo=UTC))
    data_dir: Path = tmp_path_factory.mktemp("admin-api")
    inst = bootstrap.open_instance(Settings(data_dir=data_dir, admin_token=TOKEN, admin_estate_max_premises=2),
                                   clock=clock, scheduler=VirtualScheduler(clock))
    ensure_estate(inst, 2, parties=ensure_demo_parties(inst).estate)
    yield inst


@pytest.fixture(scope="module")
def admin_schema(instance: bootstrap.Instance) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", bootstrap.build_app(instance)).include(
        path_regex=r"^/(admin/|healthz)")


def _run(operation: schemathesis.APIOperation) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    def check(case: schemathesis.Case) -> None:
        for headers in (AUTH, {}):
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error], headers=headers)

    check()


def test_the_admin_api_answers_generated_requests_without_a_server_error(
        admin_schema: schemathesis.BaseSchema) -> None:
    """Every admin operation of the OpenAPI document (the pytest plugin of schemathesis is not used: it does
    not run under this pytest; hypothesis drives each operation's strategy directly)."""
    failures: dict[str, str] = {}
    operations = [result.ok() for result in admin_schema.get_all_operations()]
    assert len(operations) >= 30  # the whole admin API is in the document
    for operation in operations:
        try:
            _run(operation)
        except Exception as exc:  # collect every operation's failure, then report them together
            failures[operation.label] = f"{type(exc).__name__}: {exc}"[:2000]
    assert not failures, "\n\n".join(f"{label}\n{why}" for label, why in failures.items())
