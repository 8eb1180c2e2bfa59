"""A compliance report: the rows a rule's check produced, with the rule it answers and how it was computed.

Every report (``gbdcc report NAME``, ``GET /admin/v1/reports/NAME``) is one :class:`ComplianceReport`: a
title, the SEC rule id it answers, named columns and their rows, a summary of the figures a reader checks
first, and notes that say how the figures were computed (dates used, exclusions, simulated parts). The
same object renders as a table, as one JSON document and as CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

#: A cell: what a report may hold (dates and instants render as ISO 8601).
Cell = str | int | float | bool | date | datetime | None


@dataclass(frozen=True, slots=True)
class ComplianceReport:
    """One report; ``rows`` are tuples in the order of ``columns``."""

    name: str  # e.g. "mandate" — the CLI / API name
    rule: str  # the SEC-RULES id the report answers, e.g. "R-MANDATE-1"
    title: str
    as_of: datetime
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    summary: Mapping[str, Cell] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"report {self.name}: a row has {len(row)} cells for {len(self.columns)} columns")

    def records(self) -> list[dict[str, Cell]]:
        """The rows as mappings column → cell."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def as_dict(self) -> dict[str, Any]:
        """The report as one JSON-ready document (dates as ISO 8601 strings)."""
        return {
            "report": self.name,
            "rule": self.rule,
            "title": self.title,
            "as_of": self.as_of.isoformat(),
            "columns": list(self.columns),
            "rows": [{c: _json_cell(v) for c, v in r.items()} for r in self.records()],
            "summary": {k: _json_cell(v) for k, v in self.summary.items()},
            "notes": list(self.notes),
        }

    def to_csv(self) -> str:
        """The rows as CSV with a header line (RFC 4180, CRLF line ends)."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if v is None else _json_cell(v) for v in row])
        return out.getvalue()


def _json_cell(value: Cell) -> str | int | float | bool | None:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def column(report: ComplianceReport, name: str) -> Sequence[Cell]:
    """One column's cells (tests and summaries)."""
    i = report.columns.index(name)
    return [row[i] for row in report.rows]
