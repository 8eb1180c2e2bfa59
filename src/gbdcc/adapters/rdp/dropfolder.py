"""The RDP drop folder: Registration Data files dropped in ``<data dir>/rdp/in/`` are loaded; the response
file goes to ``rdp/out/<name>.response.csv`` and the file moves to ``rdp/done/`` (accepted) or
``rdp/rejected/``. Status files due that day (R-REG-2) are written to ``rdp/out/<rdp id>-status-<date>.csv``.

Write a file under a name starting with ``.`` or ending ``.part`` and rename it when complete: such names
are not picked up. A file is claimed by renaming it into a work folder of this process
(``rdp/.work-<pid>``) before it is read, so two processes watching one folder never load one file twice
(and if they did, its sequence number would refuse the second load); files left in the work folder of a
process that died go back to ``in/`` on the next run.

``gbdcc up`` runs :func:`drop_folder_task` as a housekeeping task; ``gbdcc rdp drop-folder`` runs it by hand.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gbdcc.adapters.observability.logging import get_logger
from gbdcc.adapters.rdp.files import MAX_FILE_BYTES, CsvRegistrationFiles, read_path
from gbdcc.service.ports import Clock, UnitOfWorkFactory
from gbdcc.service.registration import RegistrationLoad, due_status_files, status_file

log = get_logger("gbdcc.rdp")
SKIPPED_SUFFIXES = (".part", ".tmp")


@dataclass(frozen=True)
class Dropped:
    """One file handled: where its response and the file itself went."""

    name: str
    accepted: bool
    response: Path
    moved_to: Path


@dataclass(frozen=True)
class DropFolderRun:
    files: tuple[Dropped, ...]
    status_files: tuple[Path, ...]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write_atomically(path: Path, data: bytes) -> None:
    part = path.with_name(f".{path.name}.part")
    part.write_bytes(data)
    os.replace(part, path)


def _free_name(folder: Path, name: str, tag: str) -> Path:
    target = folder / name
    return target if not target.exists() else folder / f"{name}.{tag}"


class DropFolder:
    """The folders under ``root`` (``<data dir>/rdp``) and the use cases that handle what is dropped."""

    def __init__(self, root: Path, uow_factory: UnitOfWorkFactory, clock: Clock, *, lenient: bool = False,
                 max_bytes: int = MAX_FILE_BYTES) -> None:
        self.root = root
        self.inbox, self.outbox = root / "in", root / "out"
        self.done, self.rejected = root / "done", root / "rejected"
        self._work = root / f".work-{os.getpid()}"
        self._uow = uow_factory
        self._clock = clock
        self._writer = CsvRegistrationFiles()
        self._load = RegistrationLoad(uow_factory, clock, self._writer, lenient=lenient)
        self._max_bytes = max_bytes

    def ensure(self) -> None:
        for folder in (self.inbox, self.outbox, self.done, self.rejected, self._work):
            folder.mkdir(parents=True, exist_ok=True)

    def run_once(self) -> DropFolderRun:
        """Load every complete file in ``in/`` (name order), then write the status files due today."""
        self.ensure()
        self._recover()
        handled = []
        for path in sorted(self.inbox.iterdir()):
            if path.is_file() and not path.name.startswith(".") and not path.name.endswith(SKIPPED_SUFFIXES):
                dropped = self._handle(path)
                if dropped is not None:
                    handled.append(dropped)
        return DropFolderRun(tuple(handled), tuple(self._status_files()))

    def _recover(self) -> None:
        """Files claimed by a process that died go back to ``in/``."""
        for work in self.root.glob(".work-*"):
            pid = work.name.removeprefix(".work-")
            if work == self._work or not pid.isdigit() or _alive(int(pid)):
                continue
            for left in work.iterdir():
                os.replace(left, _free_name(self.inbox, left.name, f"recovered-{pid}"))
            work.rmdir()

    def _handle(self, path: Path) -> Dropped | None:
        claimed = self._work / path.name
        try:
            os.replace(path, claimed)
        except FileNotFoundError:
            return None  # another process took it
        try:
            loaded = self._load(read_path(claimed, source="drop-folder", max_bytes=self._max_bytes))
        except Exception:
            log.exception("rdp_drop_folder_failed", file=path.name)
            os.replace(claimed, _free_name(self.inbox, path.name, "retry"))
            raise
        tag = str(loaded.outcome.file_id)
        response = _free_name(self.outbox, f"{path.name}.response.csv", tag)
        _write_atomically(response, loaded.response)
        target = _free_name(self.done if loaded.outcome.accepted else self.rejected, path.name, tag)
        os.replace(claimed, target)
        log.info("rdp_file_loaded", file=path.name, accepted=loaded.outcome.accepted, file_id=loaded.outcome.file_id,
                 rdp_id=loaded.outcome.rdp_id, sequence=loaded.outcome.sequence)
        return Dropped(path.name, loaded.outcome.accepted, response, target)

    def _status_files(self) -> list[Path]:
        day = self._clock.now().date()
        written = []
        for rdp_id in due_status_files(self._uow, day):
            made = status_file(self._uow, self._clock, self._writer, rdp_id, day)
            target = self.outbox / f"{rdp_id}-status-{day.isoformat()}.csv"
            _write_atomically(target, made.content)
            written.append(target)
        return written


def drop_folder_task(data_dir: Path, uow_factory: UnitOfWorkFactory, clock: Clock, *, lenient: bool = False,
                     max_bytes: int = MAX_FILE_BYTES) -> Callable[[], DropFolderRun]:
    """The housekeeping task ``gbdcc up`` runs (``EmbeddedRunner(..., housekeeping=[...])``): one pass over
    ``<data_dir>/rdp`` each time it is called."""
    folder = DropFolder(data_dir / "rdp", uow_factory, clock, lenient=lenient, max_bytes=max_bytes)
    folder.ensure()
    return folder.run_once
