"""Building Registration Data files for the tests (``docs/rdp-files.md``): valid MPANs, REG lines, whole files,
and the lines the domain validator reads."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from gbdcc.domain.ids import mpan_check_digit
from gbdcc.domain.rdp.model import RawLine

SUPPLIER = "90-B3-D5-1F-30-01-00-00"
SUPPLIER_2 = "90-B3-D5-1F-30-03-00-00"
OPERATOR = "90-B3-D5-1F-30-02-00-00"
GAS_OPERATOR = "90-B3-D5-1F-30-02-00-01"


def mpan(i: int, distributor: str = "16") -> str:
    """A valid MPAN core (check digit right), the ``i``-th of a distributor."""
    first = f"{distributor}{i:010d}"
    return first + str(mpan_check_digit(first))


def reg(mpxn: str, supplier: str = SUPPLIER, start: str = "2026-01-01", *, fuel: str = "E",
        operator: str = OPERATOR, domestic: str = "Y", end: str | None = None, energisation: str | None = None) -> str:
    fields = ["REG", mpxn, fuel, supplier, operator, start, domestic]
    if end is not None or energisation is not None:
        fields.append(end or "")
    if energisation is not None:
        fields.append(energisation)
    return ",".join(fields)


def file_text(regs: Iterable[str], *, rdp: str = "ENWL", kind: str = "FULL", sequence: int = 1,
              created: str = "2026-06-01T00:00:00Z", checksum: bool = False) -> str:
    """A whole file: header, the REG lines, trailer (with the SHA-256 of the lines before it if asked)."""
    body = [f"HDR,{rdp},{kind},{sequence},{created}", *regs]
    digest = hashlib.sha256("".join(line + "\n" for line in body).encode()).hexdigest()
    trailer = f"TRL,{len(body) - 1}" + (f",{digest}" if checksum else "")
    return "\n".join([*body, trailer]) + "\n"


def raw_lines(text: str) -> list[RawLine]:
    """The lines of ``text`` as ``adapters.rdp.files`` reads them (no quoting here)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [RawLine(n, tuple(t.split(",")), t) for n, t in enumerate(lines, 1)]
