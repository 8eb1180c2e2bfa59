"""Simulated Electricity Smart Metering Equipment (ESME) — SIMULATION.

Every ESME use case of the GBCS use-case table (``adapters/gbcs/payload/usecases/esme/``; GBCS 13.3) is
executed against the meter's state, data-driven:

* a COSEM object model (:mod:`.esme_objects`): every attribute a use case reads or writes, stored with
  the type of a new meter's value — SET checks the type (``type-unmatched``) and stores, GET returns
  the stored value, an object the meter variant lacks is ``object-undefined``; passive values
  (tariffs, prices, payment mode, prepayment configuration, debt recovery rates, schedules, load
  limits…) become active at their execution date-time: at once (``NOW``), held and activated at
  their time with a signed 0x8F66 alert to the commanding party (message code 0x00CC, as the RTDS
  vectors), or cancelled (``NEVER``);
* live attributes computed from the meter's state (registers, maximum demand, power, supply state,
  balances, debts, clock, identity) override the stored ones;
* methods (scripts: supply enable / disable / arm, tariff block counter reset, auxiliary load control;
  credit adjust / set / emergency credit; debt activation and adjustment; register and log resets;
  clock; UTRN top-up) and log buffers (``get-with-selection`` on class 7: event, security, power and
  ALCS logs, debt payments, prepayment credits, export daily reads, export and reactive profiles,
  voltage profiles, boost button) answered as compact-arrays in the RTDS layout;
* protected reads (class 30 ``get_protected_attributes``: ECS17b / d / e, ECS19, ECS20b / c, ECS21a / b,
  ECS22b, ECS66) **encrypted** for the requester (or the Unknown Remote Party of ECS21b "URP");
* ASN.1 use cases CS03A1 (join), CS04AC (unjoin), CS06 (activate firmware, future-datable); the
  security credential use cases CS02a-g come from the base class (:mod:`.credentials`).

State that moves: registers come from the premises' deterministic consumption model
(:mod:`.consumption`, a pure function of time — a meter created lazily reads the registers of
everything since installation) minus the energy of the periods without supply. :meth:`Esme.advance`
steps half hour by half hour from the last time the meter was used: the active calendar's
TOU / block rate receives the energy (48 TOU registers, 8 × 4 block registers and counters;
secondary element: 4 TOU registers), maximum demand and load limiting are updated, the price of the
rate, the standing charge and time-based debt recovery are charged to the meter balance; at midnight
the daily read and prepayment daily read logs are written, and the billing calendar writes the
billing data log. In prepayment mode the credit runs down: low credit (0x810D), emergency credit
available (0x8119) and — at the exact second the credit reaches the disablement threshold — supply
interruption (0x8F0F; 0x81AA when emergency credit is exhausted) are alerts raised unasked (pushed up
the SM WAN when a runtime is attached; with a scheduler the meter wakes itself at the predicted
time). A top-up (CS01a) is verified as GBCS 14 defines (:mod:`.prepayment`), collects payment-based
debt, repays emergency credit and arms the supply (0x8F32; the simulated consumer then presses the
button at once).

Variants: A single element (default), B twin element (secondary element registers and tariff),
C polyphase (phase 2 / 3 voltage objects). Monetary values are 1/100 000 £.

Not simulated: reactive energy other than a fixed fraction of import, RMS voltage events (voltage is
a quiet synthetic profile; counters stay 0 until reset), non-disablement calendars (stored, not
applied), the debt recovery rate cap (stored), local (PPMID / keypad) interaction, DST (UTC throughout;
season starts repeat every year).

The meter is assembled from one mixin per concept: state and configuration (:mod:`.esme_state`),
registers and live attributes (:mod:`.esme_metrology`), tariff and prices (:mod:`.esme_tariff`),
prepayment (:mod:`.esme_prepay`), time stepping (:mod:`.esme_advance`), supply / load control / clock
methods (:mod:`.esme_control`), log buffers (:mod:`.esme_logs`), protected reads
(:mod:`.esme_protected`), DLMS dispatch and activation (:mod:`.esme_dlms`) and the ASN.1 use cases
(:mod:`.esme_asn1`); this module holds :class:`Esme` with its DLMS method table and re-exports the
names other modules import from it (the variants, payment modes, supply states, maximum demand registers…).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.wan.devices.base import DlmsOutcome
from gbdcc.adapters.wan.devices.consumption import ConsumptionModel
from gbdcc.adapters.wan.devices.esme_asn1 import EsmeAsn1
from gbdcc.adapters.wan.devices.esme_control import EsmeControl
from gbdcc.adapters.wan.devices.esme_dlms import EsmeDlms
from gbdcc.adapters.wan.devices.esme_logs import EsmeLogs
from gbdcc.adapters.wan.devices.esme_objects import Key, k
from gbdcc.adapters.wan.devices.esme_state import (
    ACCUMULATED_DEBT,
    ALCS_LOG,
    ALCS_SCRIPTS,
    APC_SCRIPTS,
    CLOCK,
    DEBTS,
    EMERGENCY_CREDIT,
    EVENT_LOG,
    LOAD_LIMIT_COUNTER,
    MD_EXPORT,
    MD_IMPORT,
    MD_IMPORT_CONFIGURABLE,
    METER_BALANCE,
    SECONDARY_TOU,
    SUPPLY_SCRIPTS,
    TARIFF_SCRIPTS,
    TOU_REGISTERS,
    ConsumptionProfile,
    EsmeVariant,
    PaymentMode,
    Snapshot,
    SupplyState,
    _Command,
    domestic_profile,
)
from gbdcc.adapters.wan.devices.security import DeviceSecurity

__all__ = [
    "MD_EXPORT",
    "MD_IMPORT",
    "MD_IMPORT_CONFIGURABLE",
    "ConsumptionProfile",
    "Esme",
    "EsmeVariant",
    "PaymentMode",
    "Snapshot",
    "SupplyState",
    "domestic_profile",
]


class Esme(EsmeDlms, EsmeControl, EsmeLogs, EsmeAsn1):
    """The simulated ESME (see the module doc): :class:`.esme_state.EsmeState` and its behaviour mixins."""

    def __init__(self, security: DeviceSecurity, started: datetime, *,
                 profile: ConsumptionProfile | None = None, firmware_version: str = "5.2.1",
                 import_wh: float = 0.0, installed: datetime | None = None,
                 variant: EsmeVariant | str = EsmeVariant.SINGLE, prepayment: bool = False,
                 model: ConsumptionModel | None = None, mpan: str | None = None,
                 credit: int | None = None) -> None:
        """``started``: when the simulation starts running this meter; ``installed``: when the meter was
        installed (the consumption model's origin; default ``started``) — a meter created lazily long
        after installation reads the registers of everything since. ``model`` / ``profile``: the
        consumption (default: drawn from the EUI); ``credit``: opening meter balance (1/100 000 £)."""
        super().__init__(security, started, profile=profile, firmware_version=firmware_version,
                         import_wh=import_wh, installed=installed, variant=variant, prepayment=prepayment,
                         model=model, mpan=mpan, credit=credit)
        # metrology at the start: every register from the consumption model
        total = self.import_register(started)
        self.tou = [0] * TOU_REGISTERS
        self.tou[0] = total
        self.tou2 = [0] * SECONDARY_TOU
        self.tou2[0] = self.secondary_register(started)
        self._getters = self._live_attributes()
        self._methods = self._method_table()
        self._buffers = self._buffer_table()
        self._protected_reads = self._protected_table()
        self.use_cases.update({0x000D: self._join, 0x000F: self._unjoin, 0x0012: self._activate_firmware})

    # --- methods
    def _method_table(self) -> dict[Key, Callable[[DlmsValue, _Command], DlmsOutcome]]:
        m: dict[Key, Callable[[DlmsValue, _Command], DlmsOutcome]] = {
            k(9, SUPPLY_SCRIPTS, 1): self._supply_script,
            k(9, TARIFF_SCRIPTS, 1): self._tariff_script,
            k(9, ALCS_SCRIPTS, 1): self._alcs_script,
            k(9, APC_SCRIPTS, 1): self._apc_script,
            k(112, METER_BALANCE, 1): self._adjust_balance,
            k(112, EMERGENCY_CREDIT, 3): self._activate_emergency_credit,
            k(3, LOAD_LIMIT_COUNTER, 1): self._reset_load_limit_counter,
            k(7, EVENT_LOG, 1): self._clear_log,
            k(7, ALCS_LOG, 1): self._clear_log,
            k(8, CLOCK, 4): self._adjust_to_preset_time,
            k(8, CLOCK, 5): self._preset_time,
            k(115, "0-0:19.40.0.255", 1): self._top_up,
        }
        for text in (METER_BALANCE, EMERGENCY_CREDIT, ACCUMULATED_DEBT):
            m[k(112, text, 2)] = (lambda o: lambda v, ctx: self._set_credit(o, v, ctx))(text)
        for n in (1, 2):
            m[k(113, DEBTS[n], 2)] = (lambda i: lambda v, ctx: self._activate_debt_rate(i, ctx))(n)
        for n in (1, 2, 3):
            m[k(113, DEBTS[n], 4)] = (lambda i: lambda v, ctx: self._update_debt(i, v, ctx))(n)
        phases = 3 if self.variant == EsmeVariant.POLYPHASE else 1
        for phase in range(phases):
            for n in (32, 36):
                m[k(3, f"1-0:{32 + 20 * phase}.{n}.0.4", 1)] = self._reset_voltage_counter
        for obis_text in (MD_IMPORT, MD_IMPORT_CONFIGURABLE, MD_EXPORT):
            m[k(4, obis_text, 1)] = (lambda o: lambda v, ctx: self._reset_md(o, ctx))(obis_text)
        return m
