"""Installation and operation journeys through DUIS only — what a supplier's adapter does on a job (the
IEWP order, DOMAIN.md §4), scripted for ``gbdcc demo`` and the tests.

Each step is one Service Request, signed as the User; critical ones follow the critical flow (CV4 →
Pre-Command correlated and signed → CV5). Device requests wait for their asynchronous response; the
journey then checks the Smart Metering Inventory with 8.2 Read Inventory, as a supplier would. A
:class:`Transport` hides how the DCC is reached: over HTTP with a real receiver (``HttpTransport``), or an
instance in virtual time (the tests' harness).

Journeys: electricity install (12.2 → 8.14.1 → 8.11 → join → 8.1.1 → 6.20.1 → 1.1.1 → 4.1.1), gas
install (12.2 → 8.11 → join → 8.7.1 GSME↔GPF → 8.1.1, and the re-join R-SMI-2 asks for), PPMID and IHD
join, profile read, supply disable / enable, decommission.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree

from gbdcc.adapters.duis.client import cv5_request
from gbdcc.adapters.duis.namespaces import SR
from gbdcc.adapters.duis.receiver import ReceivedMessage, ReceiverServer
from gbdcc.adapters.duis.safe_xml import parse_xml
from gbdcc.adapters.duis.sign_tool import sign_request
from gbdcc.adapters.gbcs import frame
from gbdcc.adapters.gbcs.correlate import correlate
from gbdcc.domain.catalogue import lookup
from gbdcc.domain.errors import GbdccError
from gbdcc.domain.ids import Eui64

NS = {"sr": SR}
ACB = "90-B3-D5-1F-30-00-00-02"


class JourneyFailed(GbdccError):
    """A journey step did not get the answer the journey needs."""

    code = "GBDCC-140"
    default_rule = "JOURNEY"


@dataclass(frozen=True)
class SyncReply:
    response_code: str
    body: bytes
    rule: str = ""
    reason: str = ""


class Transport(Protocol):
    """How a journey reaches the DCC and its User's receive-response service."""

    def submit(self, signed: bytes) -> SyncReply: ...
    def responses(self, request_id: str, timeout_s: float) -> list[ReceivedMessage]:
        """The asynchronous messages for ``request_id`` received so far, waiting up to ``timeout_s`` for
        at least one."""
        ...
    def wait(self, seconds: float) -> None:
        """Let time pass (the installer walks to the meter; the device joins the HAN)."""
        ...


@dataclass
class Party:
    """The User the journey acts as: its User ID and keys."""

    eui: Eui64
    xml_key: ec.EllipticCurvePrivateKey
    xml_cert: x509.Certificate
    ds_key: ec.EllipticCurvePrivateKey
    counter: int = field(default_factory=lambda: time.time_ns() // 1_000_000)

    def next(self) -> int:
        self.counter += 1
        return self.counter


@dataclass
class StepOutcome:
    title: str
    request_id: str
    sync: str
    answers: list[str]
    note: str = ""


def request_xml(party: Party, target: str, srv: str, body: str, cv: int, counter: int) -> bytes:
    entry = lookup(srv)
    return (f'<sr:Request xmlns:sr="{SR}" schemaVersion="5.4"><sr:Header><sr:RequestID>{party.eui}:{target}:'
            f"{counter}</sr:RequestID><sr:CommandVariant>{cv}</sr:CommandVariant><sr:ServiceReference>"
            f"{entry.service_reference}</sr:ServiceReference><sr:ServiceReferenceVariant>{srv}"
            f"</sr:ServiceReferenceVariant></sr:Header><sr:Body>{body}</sr:Body></sr:Request>").encode()


class Journeys:
    """Runs steps as ``party`` over ``transport``; ``trace`` receives one line per step."""

    def __init__(self, transport: Transport, party: Party, *, trace: Callable[[str], None] = lambda _: None,
                 timeout_s: float = 120.0, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.transport = transport
        self.party = party
        self.trace = trace
        self.timeout_s = timeout_s
        self.clock = clock
        self.outcomes: list[StepOutcome] = []

    # -- one request ---------------------------------------------------------------------------------
    def send(self, title: str, target: Eui64 | str, srv: str, body: str, *, expect: str | None = None,
             wait: bool | None = None) -> StepOutcome:
        entry = lookup(srv)
        cv = 8 if entry.non_device else 4 if entry.critical else 1
        counter = self.party.next()
        raw = request_xml(self.party, str(target), srv, body, cv, counter)
        signed = sign_request(raw, self.party.xml_key, self.party.xml_cert, preserve_counter=True)
        rid = f"{self.party.eui}:{target}:{counter}"
        reply = self.transport.submit(signed)
        if cv == 4 and reply.response_code == "I0":
            pre = base64.b64decode(parse_xml(reply.body).findtext(".//sr:PreCommand/sr:GBCSPayload", namespaces=NS)
                                   or "")
            correlate(signed, pre)
            cv5 = sign_request(cv5_request(signed, frame.sign_precommand(pre, self.party.ds_key)),
                               self.party.xml_key, self.party.xml_cert, preserve_counter=True)
            reply = self.transport.submit(cv5)
        answers: list[str] = []
        if reply.response_code == "I99" and (wait is None or wait):
            answers = [m.response_code or "" for m in self.transport.responses(rid, self.timeout_s)]
        outcome = StepOutcome(title, rid, reply.response_code, answers, reply.reason)
        self.outcomes.append(outcome)
        self.trace(f"{title:<52} {srv:<7} {reply.response_code:<4} {' '.join(answers) or '-':<6} "
                   f"{reply.rule} {reply.reason[:70] if reply.response_code.startswith('E') else ''}")
        wanted = expect or ("I0" if entry.non_device else "I99")
        if reply.response_code != wanted:
            raise JourneyFailed(f"{title}: {srv} answered {reply.response_code} ({reply.rule}: {reply.reason}), "
                                f"not {wanted}")
        if wanted == "I99" and (wait is None or wait) and "I0" not in answers:
            raise JourneyFailed(f"{title}: {srv} got {answers or 'no'} asynchronous answer, not an I0 response")
        return outcome

    def status(self, device: Eui64) -> str:
        """The device's SMI status, read with 8.2 Read Inventory."""
        counter = self.party.next()
        raw = request_xml(self.party, ACB, "8.2", f"<sr:ReadInventory><sr:DeviceID>{device}</sr:DeviceID>"
                          "</sr:ReadInventory>", 8, counter)
        reply = self.transport.submit(sign_request(raw, self.party.xml_key, self.party.xml_cert,
                                                   preserve_counter=True))
        if reply.response_code != "I0":
            return f"({reply.response_code})"
        return parse_xml(reply.body).findtext(".//sr:Device/sr:DeviceStatus", namespaces=NS) or "?"

    def expect_status(self, device: Eui64, wanted: str, *, attempts: int = 12, pause_s: float = 5.0) -> str:
        for _ in range(attempts):
            found = self.status(device)
            if found == wanted:
                self.trace(f"  SMI: {device} is {found}")
                return found
            self.transport.wait(pause_s)
        raise JourneyFailed(f"{device} is {found} in the SMI, expected {wanted}")

    # -- journeys ------------------------------------------------------------------------------------
    def install_hub(self, chf: Eui64, mpxn: str) -> None:
        self.send("Communications Hub installed, SM WAN up", ACB, "8.14.1",
                  f"<sr:CHFInstallSuccessSMWAN><sr:DeviceID>{chf}</sr:DeviceID><sr:CHFInstallType>New CHF Install"
                  f"</sr:CHFInstallType><sr:MPxN>{mpxn}</sr:MPxN><sr:AerialInstall>false</sr:AerialInstall>"
                  "<sr:CHFLocation>Basement or Cellar</sr:CHFLocation></sr:CHFInstallSuccessSMWAN>")
        self.expect_status(chf, "Commissioned")

    def prenotify(self, device: Eui64, kind: str, **extra: str) -> None:
        more = "".join(f"<sr:{k}>{v}</sr:{k}>" for k, v in extra.items())
        self.send(f"{kind} pre-notified", ACB, "12.2",
                  f"<sr:DevicePrenotification><sr:DeviceID>{device}</sr:DeviceID><sr:DeviceManufacturer>SimMeter Ltd"
                  f"</sr:DeviceManufacturer><sr:DeviceModel>SM-{kind}</sr:DeviceModel><sr:DeviceType>{kind}"
                  f"</sr:DeviceType>{more}</sr:DevicePrenotification>")

    def whitelist(self, chf: Eui64, device: Eui64, mpxn: str | None) -> None:
        mp = f"<sr:ImportMPxN>{mpxn}</sr:ImportMPxN>" if mpxn else ""
        self.send(f"{device} added to the CHF device log", chf, "8.11",
                  f"<sr:UpdateHANDeviceLog><sr:DeviceID>{device}</sr:DeviceID><sr:RequestType>Add</sr:RequestType>"
                  "<sr:AddDeviceToCHFWhitelist><sr:JoinTimePeriod>600</sr:JoinTimePeriod><sr:InstallCode>"
                  f"30313233343536373839414243444546</sr:InstallCode>{mp}</sr:AddDeviceToCHFWhitelist>"
                  "</sr:UpdateHANDeviceLog>")

    def commission(self, device: Eui64) -> None:
        now = self.clock().astimezone(UTC)
        self.send(f"{device} commissioned (clock set)", device, "8.1.1",
                  "<sr:CommissionDeviceSynchroniseClock><sr:CurrentDateTime>"
                  f"{now.strftime('%Y-%m-%dT%H:%M:%S')}.00Z</sr:CurrentDateTime><sr:TolerancePeriod>60"
                  "</sr:TolerancePeriod></sr:CommissionDeviceSynchroniseClock>")

    def join(self, target: Eui64, other: Eui64, *, critical: bool) -> None:
        element = "JoinServiceCritical" if critical else "JoinServiceNonCritical"
        self.send(f"{other} joined to {target}", target, "8.7.1" if critical else "8.7.2",
                  f"<sr:{element}><sr:OtherDeviceID>{other}</sr:OtherDeviceID></sr:{element}>")

    def electricity_install(self, chf: Eui64, esme: Eui64, mpan: str, *, hub_installed: bool = False) -> None:
        self.prenotify(esme, "ESME", ESMEVariant="A")
        if not hub_installed:
            self.install_hub(chf, mpan)
        self.whitelist(chf, esme, mpan)
        self.expect_status(esme, "InstalledNotCommissioned")
        self.commission(esme)
        self.expect_status(esme, "Commissioned")
        self.send("MPAN written to the ESME", esme, "6.20.1",
                  f"<sr:SetDeviceConfigurationImportMPxN><sr:ImportMPANs><sr:ImportMPAN>{mpan}</sr:ImportMPAN>"
                  "</sr:ImportMPANs></sr:SetDeviceConfigurationImportMPxN>")
        self.send("single-rate tariff set", esme, "1.1.1", single_rate_tariff())
        self.send("meter read", esme, "4.1.1", "<sr:ReadInstantaneousImportRegisters/>")

    def gas_install(self, chf: Eui64, gpf: Eui64, gsme: Eui64, mprn: str, *, hub_installed: bool = True) -> None:
        self.prenotify(gsme, "GSME")
        if not hub_installed:
            self.install_hub(chf, mprn)
        self.whitelist(chf, gsme, mprn)
        self.expect_status(gsme, "InstalledNotCommissioned")
        self.join(gsme, gpf, critical=True)
        self.commission(gsme)
        self.expect_status(gsme, "Commissioned")
        self.send("gas meter read", gsme, "4.1.1", "<sr:ReadInstantaneousImportRegisters/>")

    def han_device(self, chf: Eui64, device: Eui64, kind: str, meter: Eui64) -> None:
        """A PPMID or IHD: pre-notified, whitelisted, joined to the meter (8.7.2 to the device)."""
        self.prenotify(device, kind)
        self.whitelist(chf, device, None)
        if kind == "PPMID":
            self.expect_status(device, "InstalledNotCommissioned")
            self.join(device, meter, critical=False)

    def profile_read(self, esme: Eui64, start: datetime, end: datetime) -> None:
        self.send("half-hour profile read", esme, "4.8.1",
                  "<sr:ReadActiveImportProfileData><sr:ReadLogPeriod><sr:StartDateTime>"
                  f"{_xsd(start)}</sr:StartDateTime><sr:EndDateTime>{_xsd(end)}</sr:EndDateTime></sr:ReadLogPeriod>"
                  "</sr:ReadActiveImportProfileData>")

    def supply(self, esme: Eui64, *, enable: bool) -> None:
        if enable:
            self.send("supply enabled", esme, "7.1", "<sr:EnableSupply/>")
        else:
            self.send("supply disabled", esme, "7.2", "<sr:DisableSupply/>")

    def decommission(self, device: Eui64) -> None:
        self.send(f"{device} decommissioned", ACB, "8.3",
                  f"<sr:DecommissionDevice><sr:DeviceID>{device}</sr:DeviceID></sr:DecommissionDevice>")


def _xsd(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") + ".00Z"


def single_rate_tariff(price: int = 2500, standing: int = 20000) -> str:
    """1.1.1 body: one rate all day every day (TOU register 1), no blocks (DUIS 5.4 XSD)."""
    week = "".join(f'<sr:ReferencedDayName index="{i}">1</sr:ReferencedDayName>' for i in range(1, 8))
    thresholds = "".join(f'<sr:Thresholds index="{i}"><sr:BlockThreshold index="1">4294967295</sr:BlockThreshold>'
                         "</sr:Thresholds>" for i in range(1, 9))
    return ("<sr:UpdateImportTariffPrimaryElement><sr:ElecTariffElements><sr:CurrencyUnits>GBP</sr:CurrencyUnits>"
            "<sr:SwitchingTable><sr:DayProfiles><sr:DayProfile><sr:DayName>1</sr:DayName><sr:ProfileSchedule>"
            "<sr:StartTime>00:00:00.00Z</sr:StartTime><sr:TOUTariffAction>1</sr:TOUTariffAction></sr:ProfileSchedule>"
            "</sr:DayProfile></sr:DayProfiles><sr:WeekProfiles><sr:WeekProfile><sr:WeekName>1</sr:WeekName>"
            f"{week}</sr:WeekProfile></sr:WeekProfiles><sr:Seasons><sr:Season><sr:SeasonName>all year</sr:SeasonName>"
            "<sr:SeasonStartDate><sr:Year><sr:NonSpecifiedYear/></sr:Year><sr:Month><sr:SpecifiedMonth>01"
            "</sr:SpecifiedMonth></sr:Month><sr:DayOfMonth><sr:SpecifiedDayOfMonth>01</sr:SpecifiedDayOfMonth>"
            "</sr:DayOfMonth><sr:DayOfWeek><sr:NonSpecifiedDayOfWeek/></sr:DayOfWeek></sr:SeasonStartDate>"
            "<sr:ReferencedWeekName>1</sr:ReferencedWeekName></sr:Season></sr:Seasons></sr:SwitchingTable>"
            "<sr:SpecialDays><sr:SpecialDay><sr:Date><sr:Year><sr:NonSpecifiedYear/></sr:Year><sr:Month>"
            "<sr:SpecifiedMonth>12</sr:SpecifiedMonth></sr:Month><sr:DayOfMonth><sr:SpecifiedDayOfMonth>25"
            "</sr:SpecifiedDayOfMonth></sr:DayOfMonth><sr:DayOfWeek><sr:NonSpecifiedDayOfWeek/></sr:DayOfWeek>"
            "</sr:Date><sr:ReferencedDayName>1</sr:ReferencedDayName></sr:SpecialDay></sr:SpecialDays>"
            f"<sr:ThresholdMatrix>{thresholds}</sr:ThresholdMatrix></sr:ElecTariffElements><sr:PriceElements>"
            f"<sr:ElectricityPriceElements><sr:StandingCharge>{standing}</sr:StandingCharge>"
            "<sr:StandingChargeScale>-5</sr:StandingChargeScale><sr:PriceScale>-5</sr:PriceScale><sr:TOUTariff>"
            f'<sr:TOUPrice index="1">{price}</sr:TOUPrice></sr:TOUTariff></sr:ElectricityPriceElements>'
            "</sr:PriceElements></sr:UpdateImportTariffPrimaryElement>")


def messages_of(received: Sequence[ReceivedMessage], request_id: str) -> list[ReceivedMessage]:
    return [m for m in received if m.request_id == request_id]


def xml(message: ReceivedMessage) -> etree._Element:
    return parse_xml(message.body)


__all__ = ["JourneyFailed", "Journeys", "Party", "StepOutcome", "SyncReply", "Transport", "single_rate_tariff"]


class HttpTransport:
    """Journeys over HTTP: requests POSTed to the DCC, responses taken by a real receiver."""

    def __init__(self, base_url: str, receiver: ReceiverServer, *, timeout: float = 30.0,
                 time_scale: float = 1.0) -> None:
        import httpx

        self._receiver = receiver
        self._scale = time_scale
        self._base = base_url.rstrip("/")
        self._http = httpx.Client(timeout=timeout)

    def submit(self, signed: bytes) -> SyncReply:
        from gbdcc.adapters.duis.request import parse_request
        from gbdcc.domain.catalogue import web_service_for

        path = web_service_for(parse_request(signed).command_variant).path
        reply = self._http.post(self._base + path, content=signed, headers={"Content-Type": "application/xml"})
        root = parse_xml(reply.content) if reply.headers.get("content-type", "").startswith("application/xml") \
            else None
        code = root.findtext("sr:Header/sr:ResponseCode", namespaces=NS) if root is not None else None
        return SyncReply(code or f"HTTP {reply.status_code}", reply.content, reply.headers.get("x-gbdcc-rule", ""),
                         reply.headers.get("x-gbdcc-reason", ""))

    def responses(self, request_id: str, timeout_s: float) -> list[ReceivedMessage]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            found = self._receiver.for_request(request_id)
            if found:
                time.sleep(0.2)  # a second message (a late response) is not awaited
                return self._receiver.for_request(request_id)
            time.sleep(0.05)
        return []

    def wait(self, seconds: float) -> None:
        time.sleep(seconds * self._scale)  # the simulated WAN may run compressed (GBDCC_WAN_TIME_SCALE)

    def close(self) -> None:
        self._http.close()
