"""A generated market (``adapters/provisioning/market.py``) with its mandate and ERO reports worked out BY HAND
from the spec (R-MANDATE-1, R-ERO-1). The seed only moves identifiers and instants; every figure below follows
from the counts in :data:`SPEC` and the SEC-RULES dates.

ERO (default terms: by 2017-02-17, cap 1,500, 0.025 %; report as of :data:`AS_OF`):

- Big Energy plc — User IDs: IS from 2016-11-01, GS from 2016-12-01 → points counted at 2016-11-01 00:00 UTC.
  Electricity 1,001 single-fuel + 1,500 dual-fuel = 2,501 MPANs; gas 1,500 MPRNs (the dual-fuel premises again:
  counted twice) = 4,001 points (the 100 lost before and 40 gained after that date excluded).
  0.025 % × 4,001 = 1.00025 < 1,500 → target ⌈1.00025⌉ = 2 (a floor would give 1). Installed by the ERO day:
  1 ESME (its premises then churns away, and it is suspended and commissioned again after the ERO day:
  counted once) + 1 GSME = 2; 3 ESMEs commissioned after the day don't count → met, shortfall 0.
- Volt Supply Ltd — exactly 250,000 premises: large. IS from 2017-01-10; 4,000 MPANs (50 lost, 30 gained
  excluded) → 0.025 % = 1.0 → target 1; installed 0 (2 late) → not met, shortfall 1.
- Late Power Ltd — IS + GS from 2017-03-01 (after the ERO day); 400 MPANs → ⌈0.1⌉ = 1; installed 0 → not
  met, shortfall 1.

Mandate (as of 2017-09-01): see :data:`MANDATE_ROWS`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from gbdcc.adapters.provisioning.market import SupplierSpec
from gbdcc.domain.compliance.parties import PartyType
from gbdcc.domain.parties import UserRole

IS, GS, ED, OU = (UserRole.IMPORT_SUPPLIER, UserRole.GAS_SUPPLIER, UserRole.ELECTRICITY_DISTRIBUTOR,
                  UserRole.OTHER_USER)
D = date.fromisoformat
SEED = 7
AS_OF = datetime(2017, 9, 1, 12, 0, tzinfo=UTC)

SPEC: tuple[SupplierSpec, ...] = (
    SupplierSpec("Big Energy plc", (((IS, D("2016-11-01")),), ((GS, D("2016-12-01")),)),
                 domestic_premises=300_000, gas_licence=True, electricity_only=1_001, dual_fuel=1_500,
                 lost_before=100, gained_after=40, esme_installed=1, gsme_installed=1, late=3, churned=1,
                 recommissioned=1),
    SupplierSpec("Volt Supply Ltd", (((IS, D("2017-01-10")),),), domestic_premises=250_000,
                 electricity_only=4_000, lost_before=50, gained_after=30, late=2),
    SupplierSpec("Late Power Ltd", (((IS, D("2017-03-01")), (GS, D("2017-03-01"))),), domestic_premises=260_000,
                 gas_licence=True, electricity_only=400),
    SupplierSpec("Small Gas Co", (((GS, D("2017-08-17")),),), domestic_premises=20_000, electricity_licence=False,
                 gas_licence=True, gas_only=80),
    SupplierSpec("Slow Supply Ltd", (), domestic_premises=5_000),
    SupplierSpec("Newco Energy", (((IS, D("2017-09-20")),),), domestic_supply_from=D("2017-10-01")),
    SupplierSpec("Northern Wires", (((ED, D("2017-04-28")),),), party_type=PartyType.DNO, electricity_licence=False),
    SupplierSpec("Southern Wires", (((ED, D("2017-05-02")),),), party_type=PartyType.DNO, electricity_licence=False),
    SupplierSpec("Acme Services", (((OU, D("2018-01-01")),),), electricity_licence=False),
)

#: (party, type, role, due_by, basis, entered_on, status, days_late) by party name; Acme Services ("other") is
#: not bound, so not listed.
MANDATE_ROWS = [
    ("Big Energy plc", "large-supplier", "IS", "2017-02-16", "large supplier", "2016-11-01", "complied", None),
    ("Big Energy plc", "large-supplier", "GS", "2017-02-16", "large supplier", "2016-12-01", "complied", None),
    ("Late Power Ltd", "large-supplier", "IS", "2017-02-16", "large supplier", "2017-03-01", "not complied", 13),
    ("Late Power Ltd", "large-supplier", "GS", "2017-02-16", "large supplier", "2017-03-01", "not complied", 13),
    # new entrant: supplies from 2017-10-01, so due the day before; its IS entry (2017-09-20) is after AS_OF
    ("Newco Energy", "domestic-supplier", "IS", "2017-09-30", "new entrant (supplies from 2017-10-01)",
     "2017-09-20", "not yet due", None),
    ("Northern Wires", "dno", "ED", "2017-04-28", "DNO", "2017-04-28", "complied", None),
    ("Slow Supply Ltd", "domestic-supplier", "IS", "2017-08-17", "domestic supplier", None, "not complied", None),
    ("Small Gas Co", "domestic-supplier", "GS", "2017-08-17", "domestic supplier", "2017-08-17", "complied", None),
    ("Southern Wires", "dno", "ED", "2017-04-28", "DNO", "2017-05-02", "not complied", 4),
    ("Volt Supply Ltd", "large-supplier", "IS", "2017-02-16", "large supplier", "2017-01-10", "complied", None),
]
MANDATE_SUMMARY = {"mandates": 10, "complied": 5, "not complied": 4, "not yet due": 1, "parties_not_bound": 1}

#: (party, user_from, electricity_points, gas_points, meter_points, target, esme, gsme, installed, status, shortfall)
ERO_ROWS = [
    ("Big Energy plc", "2016-11-01", 2_501, 1_500, 4_001, 2, 1, 1, 2, "met", 0),
    ("Late Power Ltd", "2017-03-01", 400, 0, 400, 1, 0, 0, 0, "not met", 1),
    ("Volt Supply Ltd", "2017-01-10", 4_000, 0, 4_000, 1, 0, 0, 0, "not met", 1),
]
