"""The Registration Data use cases over the in-memory unit of work, at a fixed instant."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest

from gbdcc.adapters.clock import FixedClock
from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.adapters.rdp.files import CsvRegistrationFiles, read_bytes, read_response
from gbdcc.domain.rdp.cadence import Cadence, RdpCadences
from gbdcc.domain.rdp.model import Fuel
from gbdcc.service.registration import LoadedFile, RegistrationLoad, add_rdp

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


@dataclass
class Rdps:
    factory: InMemoryUnitOfWorkFactory = field(default_factory=InMemoryUnitOfWorkFactory)
    clock: FixedClock = field(default_factory=lambda: FixedClock(NOW))
    lenient: bool = False

    def add(self, rdp_id: str = "ENWL", fuel: Fuel = Fuel.ELECTRICITY, name: str | None = None,
            cadences: RdpCadences | None = None) -> None:
        monthly = RdpCadences(Cadence(date(2026, 1, 1)), Cadence(date(2026, 1, 1)))
        add_rdp(self.factory, rdp_id, fuel, name or f"RDP {rdp_id}", cadences or monthly, added_on=date(2026, 1, 1))

    def load(self, text: str, *, expected_rdp: str | None = None) -> LoadedFile:
        use_case = RegistrationLoad(self.factory, self.clock, CsvRegistrationFiles(), lenient=self.lenient)
        return use_case(read_bytes(text.encode(), source="test", name="test.csv"), expected_rdp=expected_rdp)

    def state(self) -> tuple[object, ...]:
        """Everything a file may change, to compare before and after."""
        s = self.factory.store.state
        return (dict(s.registration), dict(s.rdps), dict(s.rdp_points), dict(s.rdp_churn))


@pytest.fixture
def rdps() -> Rdps:
    r = Rdps()
    r.add()
    return r


def bad_lines(loaded: LoadedFile) -> list[int]:
    return list(read_response(loaded.response).bad_lines)
