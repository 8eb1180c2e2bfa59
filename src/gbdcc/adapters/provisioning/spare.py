"""Spare premises for installation journeys (SIMULATION of what logistics and Registration Data give a
supplier before an install): a Communications Hub delivered to the supplier (Pending in the SMI), and the
premises' MPAN / MPRN registered to it (or, for a dual-fuel premises with two suppliers, the MPRN to a
second supplier) and to the network operators — so an installer can pre-notify meters (12.2), install the
hub (8.14.1), whitelist and join the meters (8.11, 8.7) and commission them (8.1.1) through DUIS alone.

EUIs and MPxNs are deterministic per index, from a fictional manufacturer OUI (``02:A9:00``): hub CHF
``02-A9-00-00-00-ii-00-00``, GPF ``…01``, the meters to fit ESME ``…02``, GSME ``…03``, IHD ``…04``,
PPMID ``…05``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from gbdcc.adapters.provisioning.hubs import deliver_hub
from gbdcc.adapters.wan.coverage import CoverageMap
from gbdcc.adapters.wan.estate import make_mpan, make_mprn
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import UserRole
from gbdcc.domain.registration import RegistrationPeriod

if TYPE_CHECKING:
    from gbdcc.bootstrap import Instance

OUI = 0x02A900
FIRST_SERIAL = 90_000_000  # MPAN / MPRN serials far from the generated estate's
_POSTCODES = ("M1 1AE", "LS1 4AP", "B1 1BB", "NG1 5FS", "CF10 1EP", "SO14 7DU", "BN1 1AA", "EX1 1HS")


@dataclass(frozen=True)
class SparePremises:
    index: int
    chf: Eui64
    gpf: Eui64
    esme: Eui64
    gsme: Eui64
    ihd: Eui64
    ppmid: Eui64
    mpan: str
    mprn: str
    postcode: str
    supplier: Eui64
    gas_supplier: Eui64


def spare_eui(index: int, slot: int) -> Eui64:
    return Eui64(OUI << 40 | index << 16 | slot)


def spare_premises(index: int, supplier: Eui64, *, gas_supplier: Eui64 | None = None) -> SparePremises:
    coverage = CoverageMap.synthetic(seed=1)
    postcodes = [pc for pc in _POSTCODES if coverage.is_covered(pc)]
    return SparePremises(
        index=index, chf=spare_eui(index, 0), gpf=spare_eui(index, 1), esme=spare_eui(index, 2),
        gsme=spare_eui(index, 3), ihd=spare_eui(index, 4), ppmid=spare_eui(index, 5),
        mpan=make_mpan(13, FIRST_SERIAL + index), mprn=make_mprn(FIRST_SERIAL + index),
        postcode=postcodes[index % len(postcodes)], supplier=supplier, gas_supplier=gas_supplier or supplier)


def prepare_spare_premises(instance: Instance, index: int, supplier: Eui64, network_operator: Eui64, *,
                           gas_supplier: Eui64 | None = None, gas_transporter: Eui64 | None = None,
                           since: datetime = datetime(2020, 1, 1, tzinfo=UTC)) -> SparePremises:
    """Deliver the hub and register the premises (idempotent: an existing hub is left as it is)."""
    p = spare_premises(index, supplier, gas_supplier=gas_supplier)
    with instance.uow_factory(read_only=True) as uow:
        delivered = uow.inventory.get(p.chf) is not None
    if not delivered:
        deliver_hub(instance, p.chf, p.gpf, supplier=supplier, network_operator=network_operator, postcode=p.postcode,
                    uprn=str(20_000_000_000 + index))
    with instance.uow_factory() as uow:
        for mpxn, role, party in ((p.mpan, UserRole.IMPORT_SUPPLIER, p.supplier),
                                  (p.mpan, UserRole.ELECTRICITY_DISTRIBUTOR, network_operator),
                                  (p.mprn, UserRole.GAS_SUPPLIER, p.gas_supplier),
                                  (p.mprn, UserRole.GAS_TRANSPORTER, gas_transporter or network_operator)):
            uow.registration.put(RegistrationPeriod(mpxn, role, party, since))
        uow.commit()
    return p


SPARE_PREMISES = 10


def ensure_spare_premises(instance: Instance, supplier: Eui64, network_operator: Eui64,
                          gas_transporter: Eui64 | None = None, n: int = SPARE_PREMISES) -> list[SparePremises]:
    """``n`` spare premises for ``supplier`` (idempotent)."""
    return [prepare_spare_premises(instance, i, supplier, network_operator, gas_transporter=gas_transporter)
            for i in range(n)]


def free_spare(instance: Instance, spares: list[SparePremises]) -> SparePremises | None:
    """The first spare premises whose hub is still waiting to be installed."""
    with instance.uow_factory(read_only=True) as uow:
        for p in spares:
            hub = uow.inventory.get(p.chf)
            if hub is not None and hub.status.value == "Pending":
                return p
    return None
