"""ASN.1 use cases of the simulated ESME — SIMULATION.

CS03A1 (join a PPMID / HCALCS to the ESME for HAN interaction, :mod:`.han_join`), CS04AC (unjoin) and
CS06 (activate firmware, future-datable: held and at its time alert 0x8F66 / 0x8F67 with message code
0x00CA; 9999-12-31 cancels), with :meth:`EsmeAsn1.distribute_firmware` what 11.1 Update Firmware leaves
on the meter.
"""

from __future__ import annotations

from datetime import datetime

from gbdcc.adapters.gbcs.frame import GbcsMessage
from gbdcc.adapters.wan.devices import der
from gbdcc.adapters.wan.devices.base import HeldWork
from gbdcc.adapters.wan.devices.esme_state import (
    ALERT_FIRMWARE_CHANGED,
    ALERT_FUTURE_ACTIONED,
    ALERT_FUTURE_NOT_ACTIONED,
    ALERT_JOIN_OK,
    ALERT_UNJOIN_OK,
    FUTURE_DATED_FIRMWARE_ALERT,
    EsmeState,
)
from gbdcc.adapters.wan.devices.han_join import JOIN_OK


class EsmeAsn1(EsmeState):
    """CS03A1 join, CS04AC unjoin, CS06 firmware activation."""

    # --- ASN.1 use cases (CS03A1, CS04AC, CS06)
    def _join(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """CS03A1 (8.7.1): join a PPMID / HCALCS to the ESME for HAN interaction (:mod:`.han_join`):
        ``SEQUENCE { INTEGER method, OCTET STRING EUI, INTEGER device type }`` → INTEGER result."""
        result = self.joins.join(msg.payload)
        if result == der.integer(JOIN_OK):
            self.log_event(at, ALERT_JOIN_OK, "device joined (CS03A1)")
        return result, []

    def _unjoin(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """CS04AC (8.8.1): unjoin a device: ``OCTET STRING EUI`` → INTEGER 0 (1: not joined)."""
        result = self.joins.unjoin(msg.payload)
        if result == der.integer(JOIN_OK):
            self.log_event(at, ALERT_UNJOIN_OK, "device unjoined (CS04AC)")
        return result, []

    def distribute_firmware(self, image_hash: bytes, version: bytes) -> None:
        """What 11.1 Update Firmware leaves on the meter (the CHF distributes the image): activatable by
        CS06 with this hash."""
        self.firmware_images[bytes(image_hash)] = bytes(version)

    def _activate_firmware(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """CS06 (11.3): ``SEQUENCE { OCTET STRING image hash, INTEGER counter, GeneralizedTime? }``;
        immediate → ``SEQUENCE { INTEGER status (0 activated, 1 no such image), OCTET STRING version }``,
        future-dated → NULL and at its time alert 0x8F66 / 0x8F67 (0x00CA); 9999-12-31 cancels."""
        top = der.parse(msg.payload)
        image = top.child(0).content
        when = next((c.time() for c in top.children[1:] if c.tag == der.GENERALIZED_TIME), None)
        h = msg.header
        key = ("firmware-activation",)
        if when is not None and when.year >= 9999:
            self.cancel_held(key)
            return der.null(), []
        if when is not None and when > self.clock(at):
            def run(due: datetime) -> list[bytes]:
                status, version = self._switch_firmware(image, due)
                code = ALERT_FUTURE_ACTIONED if status == 0 else ALERT_FUTURE_NOT_ACTIONED
                body = der.sequence(der.integer(code), der.generalized_time(when), der.integer(h.originator_counter),
                                   der.sequence(der.integer(status), der.octets(version)))
                return [self.security.notification(FUTURE_DATED_FIRMWARE_ALERT, body, recipient=h.originator,
                                                   signed=True)]

            self.hold(HeldWork(when - self.clock_offset, key, run, "firmware activation"))
            return der.null(), []
        status, version = self._switch_firmware(image, at)
        return der.sequence(der.integer(status), der.octets(version)), []

    def _switch_firmware(self, image: bytes, at: datetime) -> tuple[int, bytes]:
        version = self.firmware_images.get(image)
        if version is None:
            return 1, self.firmware_version.encode()
        self.firmware_version = version.decode("latin-1") if not version.isascii() else version.decode()
        self.log_event(at, ALERT_FIRMWARE_CHANGED, f"firmware {version.hex()} activated")
        return 0, version
