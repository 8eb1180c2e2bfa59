"""CS02 commands of the credential tests on every simulated device type (SIMULATION): a CS02b /
CS02g (GBCS 13.3.5.2) replacing a role's trust anchor cells with RTDS organisation certificates,
and a CS02a cell details request (6.24.1)."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from gbdcc.adapters.gbcs import frame
from gbdcc.adapters.wan.devices import der

KEYS = Path(__file__).resolve().parents[5].parent / "shared" / "oracles" / "keys" / "rtds"
DS_BITS, KA_BITS = bytes.fromhex("0780"), bytes.fromhex("0308")


def certificate(name: str) -> bytes:
    """An RTDS organisation certificate (``90b3d51f30030000-ds`` …), DER."""
    return x509.load_pem_x509_certificate((KEYS / f"{name}.pem").read_bytes()).public_bytes(Encoding.DER)


@cache
def issuing_ca() -> bytes:
    """The organisation CA certificate (Z1) the RTDS CS02b commands carry as certification path."""
    folder = KEYS.parents[1] / "rtds-gbcs" / "6.15.1_CS02bSupplierBySupplier"
    raw = (folder / "CS02bSupplierBySupplier_6.15.1_IMMEDIATE_SUCCESS_COMMAND_GBCS.HEX").read_text().strip()
    return der.parse(frame.decode_messages(bytes.fromhex(raw))[0].payload).child(2).child(0).der


def cs02b(counter: int, *, mode: int = 2, role: int = 2, authority: int = 2, party: str = "90b3d51f30030000",
          when: datetime | None = None) -> bytes:
    """CS02b replacing ``role``'s cells (DS, KA and, for the supplier, the prepayment KA) with ``party``'s
    certificates; authorised by the ``authority`` role's DS cell, authorising sequence number ``counter``."""
    control = der.sequence(der.integer(mode), der.tlv(0xA2, der.integer(authority) + der.bit_string(DS_BITS)),
                           der.tlv(0x83, counter.to_bytes(max(1, (counter.bit_length() + 8) // 8), "big")),
                           der.tlv(0x84, b"\x00"), der.tlv(0xA5, der.sequence(der.integer(0), der.integer(0))))
    items = [der.sequence(certificate(f"{party}-ds"), der.sequence(der.integer(role), der.bit_string(DS_BITS))),
             der.sequence(certificate(f"{party}-ka"), der.sequence(der.integer(role), der.bit_string(KA_BITS)))]
    if role == 2:
        items.append(der.sequence(certificate(f"{party}-pp-ka"),
                                  der.sequence(der.integer(role), der.bit_string(KA_BITS), der.integer(1))))
    parts = [control, der.sequence(*items), der.sequence(issuing_ca())]
    if when is not None:
        parts.append(der.generalized_time(when))
    return der.sequence(*parts)


def cs02a(*roles: int) -> bytes:
    """CS02a: the cells of ``roles``, asked by the ACB (requester cell: its key agreement key)."""
    return der.sequence(der.sequence(der.integer(4), der.bit_string(KA_BITS)),
                        der.sequence(*(der.integer(r) for r in roles)))
