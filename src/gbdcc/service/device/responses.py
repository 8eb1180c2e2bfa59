"""RESPOND: what comes up the SM WAN — device responses and alerts — becomes messages for Users.

A response is matched to its request by the device, the command's originator and its counter (the
grouping header of the response echoes them, GBCS 7.2). A matched, awaited response completes the request
(``responded``) and queues the signed ``ResponseMessage``; its meaning for the SMI is applied
(``inventory_rules``). A response that comes after its deadline (the User already had E21) is still
passed on, and the audit trail says it was late. A response whose request is still being recorded as
sent is retried shortly; one that matches nothing is recorded and dropped.

An alert (addressed to the ACB) is checked — its MAC must verify with the ACB's key — and passed on as a
``DeviceAlertMessage`` to the Users entitled to it (``alerts``); a supply interruption also raises the
DCC's power outage alert (AD1) to the network operator.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from gbdcc.domain.errors import GbdccError
from gbdcc.domain.events import UplinkReceived
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType
from gbdcc.domain.requests import AuditRecord, Decision, RequestState
from gbdcc.service.device.alerts import (
    ALERT_SUPPLY_INTERRUPTED,
    NETWORK_OPERATORS,
    POWER_OUTAGE_DCC_ALERT,
    alert_recipients,
)
from gbdcc.service.device.inventory_rules import InventoryRules
from gbdcc.service.device.outbound import Outbound, audit_step
from gbdcc.service.device.ports import CommandTransformer, UplinkHeader, UplinkKind
from gbdcc.service.ports import Clock, OutboxEntry, UnitOfWork, UnitOfWorkFactory

#: How long to wait before looking again for the request of a response that overtook its "sent" record.
OVERTAKEN_RETRY = timedelta(milliseconds=200)
OVERTAKEN_ATTEMPTS = 25
_LATE = frozenset({RequestState.FAILED, RequestState.EXPIRED})


class UplinkStage:
    def __init__(self, uow_factory: UnitOfWorkFactory, transformer: CommandTransformer, outbound: Outbound,
                 rules: InventoryRules, clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._transformer = transformer
        self._outbound = outbound
        self._rules = rules
        self._clock = clock

    def record(self, hub_id: Eui64, payload: bytes, received_at: datetime) -> None:
        """The SM WAN's callback: store the uplink durably as the respond stage's input."""
        with self._uow_factory() as uow:
            uow.outbox.add(UplinkReceived(str(hub_id), payload.hex(), received_at.isoformat()), received_at)
            uow.commit()

    def __call__(self, entry: OutboxEntry, event: UplinkReceived) -> None:
        raw = bytes.fromhex(event.payload_hex)
        at = datetime.fromisoformat(event.received_at)
        with self._uow_factory() as uow:
            try:
                header = self._transformer.inspect_uplink(raw)
            except GbdccError as err:
                self._drop(uow, event.hub_id, raw, at, f"not a GBCS message: {err.reason}")
            else:
                if header.kind is UplinkKind.RESPONSE:
                    if not self._response(uow, entry, header, raw, at):
                        uow.commit()
                        return  # retried: the entry stays in the outbox
                elif header.kind is UplinkKind.ALERT:
                    self._alert(uow, header, raw, at)
                else:
                    self._drop(uow, event.hub_id, raw, at, "a command came up the SM WAN")
            uow.outbox.done(entry.seq)
            uow.commit()

    # -- responses ---------------------------------------------------------------------------------

    def _response(self, uow: UnitOfWork, entry: OutboxEntry, header: UplinkHeader, raw: bytes,
                  at: datetime) -> bool:
        """Handle a response; False when it must be looked at again later (left in the outbox)."""
        request = uow.requests.by_command(header.originator, header.recipient, header.counter)
        if request is None:
            self._drop(uow, str(header.originator), raw, at,
                       f"response 0x{header.message_code:04X} matches no command (counter {header.counter})")
            return True
        if request.state is RequestState.SENT:
            responded = request.transition(RequestState.RESPONDED, at, response_code="I0", rule="DUIS-RESPONSE",
                                           reason=f"device response 0x{header.message_code:04X}")
            if not uow.requests.update(responded, RequestState.SENT):
                return True
            note = self._rules.after_response(uow, responded, header.success, at)
            audit_step(uow, responded, "wan", Decision("I0", "DUIS-RESPONSE", "device responded"
                                                       + (f"; SMI: {note}" if note else "")), at, raw, "in")
            self._outbound.device_response(uow, responded, raw, at)
        elif request.state in (RequestState.ADMITTED, RequestState.TRANSFORMED):
            if entry.attempts < OVERTAKEN_ATTEMPTS:  # the response overtook the record of its sending
                uow.outbox.retry(entry.seq, self._clock.now() + OVERTAKEN_RETRY, "request not yet recorded as sent")
                return False
            self._drop(uow, str(header.originator), raw, at, f"response for {request.request_id} never sent")
        elif request.state in _LATE:
            audit_step(uow, request, "wan", Decision("I0", "DUIS-RESPONSE", f"late device response (request "
                                                     f"{request.state} with {request.response_code})"), at, raw, "in")
            self._outbound.device_response(uow, request, raw, at, note="late device response")
        else:
            audit_step(uow, request, "wan", Decision("I0", "DUIS-RESPONSE", "duplicate device response ignored"),
                       at, raw, "in")
        return True

    # -- alerts ------------------------------------------------------------------------------------

    def _alert(self, uow: UnitOfWork, header: UplinkHeader, raw: bytes, at: datetime) -> None:
        code = header.alert_code or 0
        device = uow.inventory.get(header.originator)
        if device is None:
            self._drop(uow, str(header.originator), raw, at, f"alert 0x{code:04X} from a device not in the SMI")
            return
        if header.authentic is False:
            self._drop(uow, str(header.originator), raw, at, f"alert 0x{code:04X} whose MAC does not verify")
            return
        smi = self._rules.after_alert(uow, device, code, header.subject, at)
        users = alert_recipients(uow, device, code, at)
        note = f"to {len(users)} User(s)" + (f"; SMI: {smi}" if smi else "")
        for user in users:
            self._outbound.device_alert(uow, user, device.device_id, code, header.counter, raw, at, note)
        if not users:
            self._drop(uow, str(device.device_id), raw, at, f"alert 0x{code:04X}: no registered User to send it to")
        if code == ALERT_SUPPLY_INTERRUPTED and device.device_type is DeviceType.ESME:
            # the alert's recipients include the network operators already (a supply event): no second lookup
            self._power_outage(uow, device, at, sorted(u for u, role in users.items() if role in NETWORK_OPERATORS))

    def _power_outage(self, uow: UnitOfWork, esme: Device, at: datetime, operators: list[Eui64]) -> None:
        """AD1 to the network operator: the premises lost power (the CSP's view of the hub's last gasp)."""
        for user in operators:
            self._outbound.dcc_alert(
                uow, user, POWER_OUTAGE_DCC_ALERT, "PowerOutageEvent",
                {"CommsHubDeviceID": str(esme.chf_id or esme.device_id), "StartDateTime": _xsd_datetime(at),
                 "MPxN": esme.import_mpxn or ""}, at, "DUIS-AD1", f"power outage at {esme.device_id}")

    @staticmethod
    def _drop(uow: UnitOfWork, source: str, raw: bytes, at: datetime, why: str) -> None:
        uow.audit.append(AuditRecord(
            direction="in", received_at=at, request_id=None, user_id=None, srv=None, command_variant=None,
            state=RequestState.REJECTED, decision=Decision("E1", "GBCS-UPLINK", f"{why} (from {source})"),
            body=raw, kind="wan"))


def _xsd_datetime(at: datetime) -> str:
    at = at.astimezone(UTC)
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"
