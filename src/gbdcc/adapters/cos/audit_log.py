"""A CoS Party's own audit log: one JSON object a line, appended and fsynced before the party signs or
refuses (``<data-dir>/cos-party/<name>.jsonl``, owner-only). Apart from the DCC's audit trail on purpose:
the CoS Party is a segregated function (R-COS-1)."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from pathlib import Path


class JsonLinesLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)

    def append(self, entry: Mapping[str, object]) -> None:
        line = (json.dumps(dict(entry), sort_keys=True) + "\n").encode()
        with self._lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)

    def entries(self) -> list[dict[str, object]]:
        if not self.path.is_file():
            return []
        return [json.loads(line) for line in self.path.read_text().splitlines() if line.strip()]
