"""Sweep (SIMULATION): every RTDS 4.5.0 DUIS template whose target is the RTDS ESME (00-DB-12-34-56-78-90-A0)
and that has an RTDS response vector is transformed, re-addressed to a fresh simulated ESME and executed;
the meter's response must match the RTDS response in message kind, message code, presence of the
header date-time, payload structure (DLMS: invoke id, per-item results and data type tree; ASN.1: tag
tree, statuses; encrypted data: the plaintext's structure after decryption with the recipient's key)
and its MAC / signature must verify with the simulation's keys.

Where the RTDS meter's state cannot be reproduced by re-addressing, the template is prepared as the
real system would (``esme_support.PREPARE``): the UTRN is made for the simulated meter with the
supplier's prepayment top-up key, ECS70's CurrentDateTime is the DCC's time, CS04AC's device is joined
first, CS06's image is distributed first, CS02d's certificate is issued for the key of a CS02c the
meter answered just before. The meter variant follows the RTDS model (twin element, polyphase).

Future-dated templates are then run to their execution time: the 0x8F66 alerts must be those of the
RTDS alert vectors (message code, signed, recipient, and for DLMS the class / OBIS / attribute named).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from esme_support import Rtds, compare, new_esme, send_template, variant_of

from gbdcc.adapters.gbcs import frame
from gbdcc.adapters.gbcs.alerts import AlertFormat, decode_alert

pytestmark = pytest.mark.oracle

#: Templates that are not expected to match, with the reason (none at present). Keep it small.
KNOWN_EXCEPTIONS: dict[str, str] = {}
TARGET_SHARE = 0.95
SOON = datetime(2029, 12, 1, tzinfo=UTC)  # six weeks before the RTDS execution date-times (2030-01-15)


@pytest.fixture(scope="module")
def rtds(oracles: Path) -> Rtds:
    return Rtds(oracles)


@pytest.fixture(scope="module")
def outcome(rtds: Rtds) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for stem, template in rtds.templates():
        name = f"{stem}_RESPONSE_GBCS.HEX"
        if name not in rtds.vectors:
            continue
        esme = new_esme(rtds, variant=variant_of(stem))
        try:
            sent = send_template(rtds, stem, template, esme)
            out[stem] = compare(rtds, esme, sent, rtds.messages(name)[0])
        except Exception as e:
            out[stem] = f"exception {e!r}"
    return out


def test_every_esme_template_with_a_response_is_answered_like_the_rtds_meter(outcome: dict[str, str | None]) -> None:
    matched = [s for s, why in outcome.items() if why is None]
    failed = {s: why for s, why in outcome.items() if why is not None}
    print(f"\nESME sweep: {len(matched)} / {len(outcome)} RTDS templates answered like the RTDS meter")
    for stem, why in sorted(failed.items()):
        print(f"  {stem}: {why}")
    assert len(outcome) == 170  # ESME templates with a response vector (172 target the ESME)
    unexpected = {s: w for s, w in failed.items() if s not in KNOWN_EXCEPTIONS}
    assert not unexpected, unexpected
    assert len(matched) >= TARGET_SHARE * len(outcome)


def test_known_exceptions_are_still_exceptions(outcome: dict[str, str | None]) -> None:
    """An allow-listed template that now matches must leave the list."""
    assert [s for s in KNOWN_EXCEPTIONS if outcome.get(s) is None] == []


def _alert_view(raw: bytes) -> tuple[object, ...]:
    msg = frame.decode_message(raw)
    alert = decode_alert(msg.payload)
    detail = alert.data[-9:].hex() if alert.format == AlertFormat.DLMS else len(alert.data)
    return msg.kind.value, msg.header.message_code, str(msg.header.recipient), alert.alert_code, detail


def test_future_dated_templates_raise_the_rtds_alerts_at_their_time(rtds: Rtds) -> None:
    checked = 0
    for stem, template in rtds.templates():
        if "FUTURE_DATED" not in stem or f"{stem}_RESPONSE_GBCS.HEX" not in rtds.vectors:
            continue
        prefix = stem.replace("FUTURE_DATED", "8F66_FUTURE_DATED")
        theirs = [n for n in rtds.vectors if n.startswith(prefix) and "ALERT" in n]
        if not theirs:
            continue
        esme = new_esme(rtds, variant=variant_of(stem), at=SOON)
        send_template(rtds, stem, template, esme, SOON)
        assert esme.held, stem
        esme.catch_up(datetime(2031, 1, 1, tzinfo=UTC))  # no scheduler: run what is due
        ours = sorted(_alert_view(a) for a in esme.unsent)
        expected = sorted(_alert_view(bytes.fromhex(rtds.vectors[n].read_text().strip())) for n in theirs)
        assert ours == expected, stem
        checked += 1
    print(f"\nfuture-dated: {checked} templates raised the RTDS 0x8F66 alerts")
    assert checked >= 14
