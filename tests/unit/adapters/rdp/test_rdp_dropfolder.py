"""The drop folder: files in ``rdp/in`` are loaded, responses land in ``rdp/out``, files move to ``done`` or
``rejected``; half-written names are left alone; a dead process's claimed files come back; status files due
are written (R-REG-2)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from tests.support.rdp import file_text, mpan, reg

from gbdcc.adapters.clock import FixedClock
from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.adapters.rdp.dropfolder import DropFolder, drop_folder_task
from gbdcc.adapters.rdp.files import read_response
from gbdcc.domain.rdp.cadence import Cadence, RdpCadences
from gbdcc.domain.rdp.model import Fuel
from gbdcc.service.registration import add_rdp

NOW = datetime(2026, 6, 2, 9, tzinfo=UTC)


def setup(tmp_path: Path, status: Cadence | None = None) -> tuple[InMemoryUnitOfWorkFactory, DropFolder]:
    factory = InMemoryUnitOfWorkFactory()
    add_rdp(factory, "ENWL", Fuel.ELECTRICITY, "ENWL", RdpCadences(Cadence(date(2026, 1, 1)), status or Cadence()),
            added_on=date(2026, 1, 1))
    return factory, DropFolder(tmp_path / "rdp", factory, FixedClock(NOW))


def test_dropped_files_are_loaded_answered_and_moved(tmp_path: Path) -> None:
    factory, folder = setup(tmp_path)
    folder.ensure()
    (folder.inbox / "a-good.csv").write_text(file_text([reg(mpan(1))]))
    (folder.inbox / "b-bad.csv").write_text(file_text([reg("nope")], sequence=2))
    (folder.inbox / "c-coming.csv.part").write_text("HDR")
    (folder.inbox / ".hidden").write_text("HDR")
    run = folder.run_once()
    assert [(d.name, d.accepted) for d in run.files] == [("a-good.csv", True), ("b-bad.csv", False)]
    assert (folder.done / "a-good.csv").is_file() and (folder.rejected / "b-bad.csv").is_file()
    assert read_response((folder.outbox / "a-good.csv.response.csv").read_bytes()).accepted
    assert read_response((folder.outbox / "b-bad.csv.response.csv").read_bytes()).bad_lines == (2,)
    assert sorted(p.name for p in folder.inbox.iterdir()) == [".hidden", "c-coming.csv.part"]
    with factory() as uow:
        assert [f.source for f in uow.rdps.files("ENWL", 5)] == ["drop-folder", "drop-folder"]
    assert folder.run_once().files == ()


def test_a_file_dropped_twice_under_one_name_is_kept_twice(tmp_path: Path) -> None:
    _, folder = setup(tmp_path)
    folder.ensure()
    for _ in range(2):
        (folder.inbox / "same.csv").write_text(file_text([reg(mpan(1))]))
        folder.run_once()
    assert (folder.done / "same.csv").is_file()
    [again] = list(folder.rejected.iterdir())  # the repeat (sequence 1 again) is refused
    assert again.name == "same.csv" and len(list(folder.outbox.iterdir())) == 2


def test_files_claimed_by_a_dead_process_go_back_and_are_loaded(tmp_path: Path) -> None:
    _, folder = setup(tmp_path)
    folder.ensure()
    dead = folder.root / ".work-999999999"
    dead.mkdir()
    (dead / "left.csv").write_text(file_text([reg(mpan(1))]))
    run = folder.run_once()
    assert [d.name for d in run.files] == ["left.csv"] and not dead.exists()


def test_r_reg_2_status_files_due_are_written_once_a_day(tmp_path: Path) -> None:
    factory, _ = setup(tmp_path, status=Cadence(daily_from=date(2026, 6, 1)))
    task = drop_folder_task(tmp_path, factory, FixedClock(NOW))
    first, second = task(), task()
    assert [p.name for p in first.status_files] == ["ENWL-status-2026-06-02.csv"]
    assert second.status_files == ()
    assert (tmp_path / "rdp" / "out" / "ENWL-status-2026-06-02.csv").read_text().startswith("HDR,ENWL,STATUS,")
