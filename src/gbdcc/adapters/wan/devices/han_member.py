"""What the simulated PPMID and HCALCS share: SMKI-credentialled HAN devices that join a meter,
read their firmware version by CS08 and keep a join table — SIMULATION.

* CS08 (message code 0x0129, ASN.1, GBCS 11.8): ``NULL`` → ``SEQUENCE { firmware version OCTET
  STRING (4), result INTEGER 0 }`` (RTDS CS08 vectors);
* joins CS03A2 (0x00AB) / CS03C (0x00AF) and unjoin CS04AC (0x000F) through :mod:`.han_join`;
* 11.2 firmware read over DLMS (class 1 ``0-0:0.2.1.255``, the base's).
"""

from __future__ import annotations

from gbdcc.adapters.wan.devices import der
from gbdcc.adapters.wan.devices.base import SimDevice
from gbdcc.adapters.wan.devices.han_join import JoinTable
from gbdcc.adapters.wan.devices.security import DeviceSecurity

CS03A2, CS03C, CS04AC, CS08 = 0x00AB, 0x00AF, 0x000F, 0x0129


def version_bytes(version: str) -> bytes:
    """``"1.1.4"`` → ``01 01 04 00`` (the 4-byte firmware version of the RTDS responses)."""
    parts = [int(x) & 0xFF for x in version.split(".") if x.isdigit()][:4]
    return bytes(parts + [0] * (4 - len(parts)))


class JoinedHanDevice(SimDevice):
    """A PPMID or HCALCS: joins a meter, answers CS08 and the DLMS firmware read."""

    def __init__(self, security: DeviceSecurity, *, firmware_version: str, install_code: bytes = b"") -> None:
        super().__init__(security, firmware_version=firmware_version)
        self.install_code = install_code
        self.joins = JoinTable(self.device_type)
        for code in (CS03A2, CS03C):
            self.use_cases[code] = lambda msg, at: (self.joins.join(msg.payload), [])
        self.use_cases[CS04AC] = lambda msg, at: (self.joins.unjoin(msg.payload), [])
        self.use_cases[CS08] = lambda msg, at: (
            der.sequence(der.octets(version_bytes(self.firmware_version)), der.integer(0)), [])
