"""Mutation oracle for the per-use-case table (see :mod:`mutation`): every DUIS value of every paired
RTDS template whose payload is byte-exact fills exactly one place of the GBCS payload.

Findings not yet fixed are listed in ``KNOWN`` with the reason; the test fails on any other finding
(a table change that binds a value to the wrong field) and on a listed finding that no longer occurs
(so the list only shrinks). The findings table is written to ``var/gbcs_table_mutation.txt``.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from gbdcc.adapters.duis.safe_xml import parse_xml
from gbdcc.adapters.gbcs import frame
from gbdcc.adapters.gbcs.cli_transform import parse_device_types
from gbdcc.adapters.gbcs.keys import KeyRing
from gbdcc.adapters.gbcs.transform import TransformContext, build
from gbdcc.domain.ids import RequestId

sys.path.insert(0, str(Path(__file__).parent))
from mutation import Finding, enumerations, leaves, mutate, places, with_value

pytestmark = pytest.mark.oracle

SR = "{http://www.dccinterface.co.uk/ServiceUserGateway}"
DEVICE_TYPES = parse_device_types(["00-DB-12-34-56-78-90-A5=IHD"])

# One DUIS value filling several GBCS fields by design (not a coincidental binding):
FAN_OUT_BY_DESIGN: dict[str, str] = {
    "ExecutionDateTime": "every future-dated request / component carries the activation date-time",
    "CurrentDateTime": "clock set: the date-time and the start of its validity window (ECS70, GCS28)",
    "ReadLogPeriod/StartDateTime": "use cases reading several logs / elements over one period",
    "ReadLogPeriod/EndDateTime": "use cases reading several logs / elements over one period",
    "GasBillingCalendar/BillingPeriodStart": "GCS25: billing period and block period start together",
}
# DUIS values that are not in the payload: they go elsewhere in the GBCS message.
NOT_IN_PAYLOAD: dict[str, str] = {
    "KAPublicSecurityCredentials": "URP KA certificate → grouping header (GBCS 7.2.8.2), checked by the transform test",
}

TARIFF = "tariff / calendar / prepayment schedule frozen by the mining (needs repeat-per-element templates)"
LOGRANGE = "selective-access date range of a log read frozen as constant DLMS date-times"
ALERTS = ("alert / event configuration bit masks frozen: needs GBCS's alert-code → bit-position table of the "
          "512-bit mask (Enable / Disable / Unchanged)")
GAS_ALERTS = ("GCS20: ZCL Publish Event Configuration groups events by configuration byte, in an order the "
              "vectors do not determine (the byte itself is WAN 0x08 | HAN 0x10 | log 0x03 | alarm 0x40)")
CURRENCY = "ESME tariffs: DUIS CurrencyUnits has no DLMS counterpart in the payload"
CREDENTIALS = "CS02 / CS03 credential payloads: certificates, roles and floor counters frozen"
OTHER = "DUIS value frozen as a constant in the mined template"
LOG_CHOICE = "LogToRead selects the use case (a discriminator, GBCS 13.3), not a payload value"
SCHEDULE = "phase / time-of-day schedule values frozen by the mining (not a log range)"
CS03C_CERT = "CS03C: the joined device's certificate is a constant with the EUI patched in (should come from SMKI)"

# Findings still open, per (use case, kind): the most allowed, and why. Only ever lower these.
KNOWN: dict[tuple[str, str], tuple[int, str]] = {
    ("CCS01", "no-effect"): (3, OTHER),
    ("CCS02", "no-effect"): (1, OTHER),
    ("CCS03", "no-effect"): (1, OTHER),
    ("CS02b", "no-effect"): (30, CREDENTIALS),
    ("CS02c", "no-effect"): (1, CREDENTIALS),
    ("CS02e", "no-effect"): (1, CREDENTIALS),
    ("CS03C", "fan-out"): (1, CS03C_CERT),
    ("CS10a", "no-effect"): (1, LOG_CHOICE),
    ("DBCH04", "no-effect"): (5, OTHER),
    ("ECS01a", "no-effect"): (4, CURRENCY),
    ("ECS01c", "no-effect"): (3, TARIFF),
    ("ECS03", "no-effect"): (4, TARIFF),
    ("ECS07", "no-effect"): (2, TARIFF),
    ("ECS25a", "no-effect"): (3, ALERTS),
    ("ECS25a1", "no-effect"): (3, ALERTS),
    ("ECS25a2", "no-effect"): (4, ALERTS),
    ("ECS25a3", "no-effect"): (6, ALERTS),
    ("ECS25b", "no-effect"): (3, ALERTS),
    ("ECS25b3", "no-effect"): (2, ALERTS),
    ("ECS29b", "no-effect"): (3, SCHEDULE),
    ("ECS29d", "no-effect"): (3, SCHEDULE),
    ("ECS30", "no-effect"): (2, TARIFF),
    ("ECS30a", "no-effect"): (3, TARIFF),
    ("ECS35c", "no-effect"): (1, LOG_CHOICE),
    ("ECS37", "no-effect"): (2, SCHEDULE),
    ("ECS48", "no-effect"): (1, TARIFF),
    ("ECS62", "no-effect"): (5, TARIFF),
    ("ECS81", "no-effect"): (1, TARIFF),
    ("GCS01a", "no-effect"): (3, TARIFF),
    ("GCS01b", "no-effect"): (2, TARIFF),
    ("GCS09", "no-effect"): (1, TARIFF),
    ("GCS15c", "no-effect"): (2, LOGRANGE),
    ("GCS15e", "no-effect"): (1, LOGRANGE),
    ("GCS16b", "no-effect"): (1, OTHER),
    ("GCS18", "no-effect"): (2, LOGRANGE),
    ("GCS20", "no-effect"): (44, GAS_ALERTS),
    ("GCS23", "no-effect"): (2, TARIFF),
    ("GCS24", "no-effect"): (3, TARIFF),
    ("GCS24a", "no-effect"): (4, TARIFF),
    ("GCS25a", "no-effect"): (1, TARIFF),
    ("GCS59", "no-effect"): (1, OTHER),
    ("GCS61", "no-effect"): (2, OTHER),
    ("UC011B", "no-effect"): (1, CREDENTIALS),
    ("UC011E", "no-effect"): (3, TARIFF),
    ("UC011F", "no-effect"): (2, TARIFF),
    ("UC0126", "no-effect"): (12, CREDENTIALS),
}


def _pairs(oracles: Path) -> list[tuple[str, Path, Path]]:
    vectors = {p.name: p for p in (oracles / "rtds-gbcs").glob("*/*.HEX")}
    out = []
    for t in sorted((oracles / "duis-templates").glob("*_REQUEST_DUIS.XML")):
        stem = t.name.removesuffix("_REQUEST_DUIS.XML")
        for suffix in ("_PRECOMMAND_GBCS.HEX", "_COMMAND_GBCS.HEX"):
            if stem + suffix in vectors:
                out.append((stem, t, vectors[stem + suffix]))
                break
    return out


def _open(f: Finding) -> bool:
    path = re.sub(r"\[\d+\]", "", f.path)
    if path in NOT_IN_PAYLOAD:
        return False
    return not (f.kind == "fan-out" and path in FAN_OUT_BY_DESIGN)


def run(oracles: Path) -> tuple[list[Finding], Counter[str]]:
    ring = KeyRing.load(oracles / "keys" / "rtds")
    enums = enumerations(oracles / "duis-xsd" / "DUIS_Schema_V5.4.xsd")
    findings: list[Finding] = []
    stats: Counter[str] = Counter()
    for stem, template, vector in _pairs(oracles):
        root = parse_xml(template.read_bytes())
        rid = RequestId.parse(root.findtext(f"{SR}Header/{SR}RequestID") or "")
        msgs = frame.decode_messages(bytes.fromhex(vector.read_text().strip()))
        exp = next((m for m in msgs if m.header.originator_counter == rid.counter), msgs[0])
        ctx = TransformContext(keys=ring, counter=exp.header.originator_counter,
                               device_type=DEVICE_TYPES.get(str(rid.target)))
        try:
            _, payload, uc, _ = build(root, ctx)
        except Exception:
            continue
        if payload != exp.payload:
            continue
        stats["templates"] += 1
        body = root.find(f"{SR}Body")
        assert body is not None
        element = next(el for el in body if isinstance(el.tag, str))
        for path, text in leaves(element):
            candidates = mutate(text, enums)
            if not candidates:
                continue
            stats["values"] += 1
            outcome: Finding | None = None
            for new in candidates:
                mutated = with_value(element, path, new)
                body.replace(element, mutated)
                try:
                    _, other, _, _ = build(root, ctx)
                except Exception as exc:
                    outcome = Finding(stem, uc.name, path, "error", f"{text!r}->{new!r}: {exc}")
                    continue
                finally:
                    body.replace(mutated, element)
                where = places(payload, other)
                if len(where) == 1:
                    outcome = None
                    break
                kind = "no-effect" if not where else "fan-out"
                outcome = Finding(stem, uc.name, path, kind, f"{text!r}->{new!r}: {', '.join(where[:6])}")
            if outcome is None:
                stats["one place"] += 1
            else:
                findings.append(outcome)
                stats[outcome.kind] += 1
    return findings, stats


def test_every_bound_value_fills_exactly_one_place(oracles: Path) -> None:
    findings, stats = run(oracles)
    open_ = [f for f in findings if _open(f)]
    report = Path(__file__).resolve().parents[5] / "var" / "gbcs_table_mutation.txt"
    report.parent.mkdir(exist_ok=True)
    report.write_text(f"{dict(stats)}\n" + "\n".join(
        f"{f.stem}\t{f.use_case}\t{f.kind}\t{f.path}\t{f.detail}" for f in findings) + "\n")
    counts = Counter((f.use_case, f.kind) for f in open_)
    print(f"\nmutation: {dict(stats)}; open findings {len(open_)} in {len(counts)} use-case groups")
    new = {k: n for k, n in counts.items() if n > KNOWN.get(k, (0, ""))[0]}
    assert not new, f"values bound to the wrong field or frozen (see {report}): {new}"
    fixed = {k for k in KNOWN if counts.get(k, 0) < KNOWN[k][0]}
    assert not fixed, f"fixed — lower KNOWN for: {sorted(fixed)}"
    assert stats["templates"] >= 250 and stats["one place"] >= 560
