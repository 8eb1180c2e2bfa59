"""GBZ alerts of the simulated GSME (GBCS 10.4.2.x, 7.2.12) — SIMULATION.

Layouts and framing as the RTDS 4.5.0 GSME alert vectors:

* a non-critical alert (``GNCA-ZigBee``): message code 0x1001, General-Ciphering MAC'd with the
  device KA key and the recipient's, GBZ alert payload without components;
* a critical alert (``GCA-ZigBee``, e.g. 0x8F30): message code 0x1000, General-Signing signed with
  the device's digital-signing key;
* the outcome of a future-dated command (0x8F66 / 0x8F67, message code 0x00CD): signed, addressed
  to the originator of the command, carrying its message code, counter and ZCL command.

GSME alerts go to the Supplier (its trust anchor cell), as the RTDS ones; the device's alert counter
is shared with its other originated messages.
"""

from __future__ import annotations

from datetime import datetime

from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.security import GENERIC_CRITICAL_ALERT, GENERIC_NON_CRITICAL_ALERT, DeviceSecurity
from gbdcc.adapters.wan.errors import DeviceRefusal
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import RemotePartyRole

FUTURE_DATED_GBZ_ALERT = 0x00CD
ALERT_FUTURE_DATED_OK, ALERT_FUTURE_DATED_FAILED = 0x8F66, 0x8F67
#: GSME alerts sent as Generic Critical Alerts (signed): authority / authentication failures
CRITICAL_ALERTS = frozenset({0x8F30, 0x8F3D, 0x8F53})


def _recipient(security: DeviceSecurity, recipient: Eui64 | None) -> Eui64:
    if recipient is not None:
        return recipient
    for role in (RemotePartyRole.SUPPLIER, RemotePartyRole.ACCESS_CONTROL_BROKER):
        cell = security.anchors.get(role)
        if cell is not None:
            return cell.eui
    raise DeviceRefusal("no supplier or ACB trust anchor to address alerts to", alert_code=0x8F53)


def gbz_alert(security: DeviceSecurity, code: int, at: datetime, *, body: bytes = b"",
              recipient: Eui64 | None = None, message_code: int | None = None) -> bytes:
    """A GSME alert framed as GBCS says for its criticality (see module docstring)."""
    critical = code in CRITICAL_ALERTS or message_code == FUTURE_DATED_GBZ_ALERT
    if message_code is None:
        message_code = GENERIC_CRITICAL_ALERT if critical else GENERIC_NON_CRITICAL_ALERT
    payload = z.encode_gbz_alert(code, at, body, components=1 if body else 0)
    return security.notification(message_code, payload, recipient=_recipient(security, recipient), signed=critical,
                                 fallback_code=code)


def future_dated_alert(security: DeviceSecurity, ok: bool, at: datetime, *, recipient: Eui64, message_code: int,
                       counter: int, cluster: int, frame_control: int, command: int) -> bytes:
    """0x8F66 (actioned) / 0x8F67 (not actioned) for one future-dated component (GBCS 10.4.2.8)."""
    body = z.future_dated_outcome(message_code, counter, cluster, frame_control, command)
    return gbz_alert(security, ALERT_FUTURE_DATED_OK if ok else ALERT_FUTURE_DATED_FAILED, at, body=body,
                     recipient=recipient, message_code=FUTURE_DATED_GBZ_ALERT)
