"""Helpers of the Device template oracle test (``test_device_templates.py``); the devices are SIMULATED.

* :func:`device_templates` — the RTDS Device templates (CV 1, 2 and 4; the CV 8 ones are the Non-Device
  test's) with what their RequestID and RTDS GBCS vectors say about them;
* :class:`DccTool` — the DCC's own signing tool, one JVM for the whole run (``tests/support/DccToolBatch.java``
  given named pipes): each request is handed to it when the run reaches it, so a CV5, which carries the
  Pre-Command gbdcc returned for its CV4, is signed by the tool like the templates;
* :class:`RtdsDcc` — a gbdcc instance in test-PKI mode provisioned by ``estate add-rtds`` and reopened (the
  adopted DCC GBCS identities take effect on reopen), driven in virtual time, its Users' receiver in memory;
* :func:`compare_response` — a device response against its RTDS response vector with the ESME / HAN
  sweeps' comparisons (``tests/unit/adapters/wan/devices``), the MAC / signature verified with the keys
  the SMKI repository holds for the device (and the RTDS Users' published key-agreement keys).
"""

from __future__ import annotations

import base64
import errno
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree

from gbdcc import bootstrap
from gbdcc.adapters.delivery.memory import RecordingReceivers
from gbdcc.adapters.duis.client import cv5_request
from gbdcc.adapters.duis.safe_xml import parse_xml
from gbdcc.adapters.duis.sign_tool import load_signing_key
from gbdcc.adapters.gbcs import frame
from gbdcc.adapters.gbcs.frame import GbcsMessage
from gbdcc.adapters.messaging.virtual import VirtualPipeline
from gbdcc.adapters.provisioning.boxed import adopt_boxed_keystore
from gbdcc.adapters.provisioning.rtds import CHF, RtdsReport, add_rtds
from gbdcc.adapters.wan.devices.base import SimDevice
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.config import Settings
from gbdcc.domain.catalogue import web_service_for
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.smki import CertificateKind, KeyUsage
from gbdcc.service.gateway import GatewayReply

DEVICE_SWEEPS = Path(__file__).resolve().parents[1] / "unit" / "adapters" / "wan" / "devices"
sys.path.insert(0, str(DEVICE_SWEEPS))

import esme_support  # noqa: E402  (the ESME sweep's comparison)
import han_support  # noqa: E402  (the HAN sweep's comparison)

SR = "http://www.dccinterface.co.uk/ServiceUserGateway"
NS = {"sr": SR}
BATCH_JAVA = Path(__file__).resolve().parents[1] / "support" / "DccToolBatch.java"
ESMES = frozenset({Eui64.parse("00-DB-12-34-56-78-90-A0"), Eui64.parse("00-DB-12-34-56-78-90-A6")})
#: The RequestID counter of the n-th request of the run: above every earlier one for any (User, target),
#: its low 40 bits the RTDS counter — so the DLMS invoke-id (the low 24 bits, GBCS 7.2.2) is the RTDS one.
COUNTER_SHIFT = 40


@dataclass(frozen=True)
class Template:
    """One RTDS Device request template and what its RTDS GBCS vectors say about it."""

    path: Path
    cv: int
    srv: str
    originator: Eui64
    target: Eui64
    counter: int
    command: GbcsMessage | None  # the RTDS command (its originator and counter)
    response: GbcsMessage | None  # the RTDS response vector

    @property
    def stem(self) -> str:
        return self.path.name.removesuffix("_REQUEST_DUIS.XML")

    @property
    def dcc_originated(self) -> bool:
        """The RTDS command came from the DCC (ACB / TransCoS), not from the User of the RequestID."""
        return self.command is not None and self.command.header.originator != self.originator

    def counter_at(self, n: int) -> int:
        return (n << COUNTER_SHIFT) | self.counter

    def gbcs_counter_at(self, n: int) -> int:
        """The originator counter that reproduces the RTDS command's invoke-id at the n-th request."""
        low = self.command.header.originator_counter if self.command is not None else self.counter
        return (n << COUNTER_SHIFT) | (low & ((1 << COUNTER_SHIFT) - 1))


def _vector(folder: Path, name: str) -> list[GbcsMessage]:
    found = sorted(folder.glob(f"*/{name}"))
    return frame.decode_messages(bytes.fromhex(found[0].read_text().strip())) if found else []


def device_templates(oracles: Path) -> dict[str, Template]:
    """Every RTDS template of Command Variant 1, 2 or 4, by stem."""
    out = {}
    for path in sorted((oracles / "duis-templates").glob("*_REQUEST_DUIS.XML")):
        root = parse_xml(path.read_bytes())
        cv = int(root.findtext("sr:Header/sr:CommandVariant", namespaces=NS) or 0)
        if cv not in (1, 2, 4):
            continue
        rid = RequestId.parse(root.findtext("sr:Header/sr:RequestID", namespaces=NS) or "")
        stem = path.name.removesuffix("_REQUEST_DUIS.XML")
        commands = _vector(oracles / "rtds-gbcs", f"{stem}_COMMAND_GBCS.HEX")
        command = next((m for m in commands if m.header.originator_counter == rid.counter),
                       commands[0] if commands else None)
        responses = _vector(oracles / "rtds-gbcs", f"{stem}_RESPONSE_GBCS.HEX")
        wanted = command.header.originator_counter if command is not None else rid.counter
        response = next((m for m in responses if m.header.originator_counter == wanted),
                        responses[0] if responses else None)
        out[stem] = Template(path, cv, root.findtext("sr:Header/sr:ServiceReferenceVariant", namespaces=NS) or "",
                             rid.originator, rid.target, rid.counter, command, response)
    return out


def with_counter(xml: bytes, counter: int) -> bytes:
    return re.sub(rb"(<sr:RequestID>[0-9A-F-]+:[0-9A-F-]+:)\d+", rb"\g<1>" + str(counter).encode(), xml, count=1)


def set_text(xml: bytes, element: str, text: str) -> bytes:
    """``xml`` with the text of every ``sr:<element>`` replaced."""
    done, n = re.subn(rb"(<sr:" + element.encode() + rb">)[^<]*(</sr:" + element.encode() + rb">)",
                      rb"\g<1>" + text.encode() + rb"\g<2>", xml)
    assert n, f"no sr:{element} in the request"
    return done


def text_of(xml: bytes, element: str) -> str:
    found = re.search(rb"<sr:" + element.encode() + rb">([^<]*)</sr:", xml)
    assert found, f"no sr:{element} in the request"
    return found.group(1).decode()


# --- the DCC's signing tool --------------------------------------------------------------------------


class DccToolRefused(Exception):
    pass


class DccTool:
    """``xmldsig.Sign --preserveCounter`` (the DCC's tool) in one JVM, fed request by request.

    The batch helper signs file pairs in order; here each input is a named pipe the JVM blocks on until
    :meth:`sign` writes the request into it, so requests made during the run (CV5s, prepared templates)
    are signed by the same JVM. ``slots`` bounds how many requests the run may sign."""

    def __init__(self, jar: Path, work: Path, slots: int) -> None:
        work.mkdir(parents=True, exist_ok=True)
        self._pipes = [work / f"in-{i:04d}.xml" for i in range(slots)]
        self._outs = [work / f"out-{i:04d}.xml" for i in range(slots)]
        args: list[str] = []
        for pipe, out in zip(self._pipes, self._outs, strict=True):
            os.mkfifo(pipe)
            args += [str(pipe), str(out)]
        self._log = (work / "jvm.log").open("w")
        self._proc = subprocess.Popen(["java", "-cp", str(jar), str(BATCH_JAVA), "sign", *args],
                                      stdout=subprocess.PIPE, stderr=self._log, text=True)
        self._next = 0
        self.signed = 0

    def sign(self, xml: bytes, timeout_s: float = 60.0) -> bytes:
        """The request signed by the DCC tool as the User its RequestID names (counter preserved)."""
        if self._next >= len(self._pipes):
            raise DccToolRefused("no signing slot left")
        i, self._next = self._next, self._next + 1
        self._write(self._pipes[i], xml, timeout_s)
        line = self._proc.stdout.readline() if self._proc.stdout else ""
        if "\t" not in line:
            raise DccToolRefused(f"the DCC tool stopped (exit {self._proc.poll()}); see {self._log.name}")
        code = line.rstrip("\n").split("\t")[1]
        if code != "SUCCESS":
            raise DccToolRefused(code)
        self.signed += 1
        return self._outs[i].read_bytes()

    def _write(self, pipe: Path, data: bytes, timeout_s: float) -> None:
        """Write into the pipe once the JVM has opened it (never block on a JVM that died)."""
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fd = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
                break
            except OSError as exc:
                if exc.errno != errno.ENXIO:
                    raise
                if self._proc.poll() is not None or time.monotonic() > deadline:
                    raise DccToolRefused(f"the DCC tool is not reading (exit {self._proc.poll()})") from None
                time.sleep(0.002)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "wb") as f:
            f.write(data)

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()  # the slots left unused
        self._proc.wait(timeout=30)
        if self._proc.stdout:
            self._proc.stdout.close()
        self._log.close()


# --- the instance -------------------------------------------------------------------------------------


class RtdsDcc:
    """gbdcc with the RTDS premises, in virtual time (see the module docstring)."""

    def __init__(self, data_dir: Path, oracles: Path, start: datetime, *, boxed: bool = False) -> None:
        """``boxed``: then also present the DCC Boxed identity (``gbdcc smki import keystore.json --boxed``)."""
        self.settings = Settings(data_dir=data_dir, test_pki=True)
        self.clock = VirtualClock(start)
        self.receivers = RecordingReceivers()
        self.scheduler = VirtualScheduler(self.clock)
        self.instance = self._open()
        self.report: RtdsReport = add_rtds(self.instance, oracles / "keys")
        if boxed:
            adopt_boxed_keystore(self.instance, oracles / "keys" / "boxed-keystore" / "keystore.json")
        self.reopen()

    def _open(self) -> bootstrap.Instance:
        return bootstrap.open_instance(self.settings, clock=self.clock, scheduler=self.scheduler,
                                       delivery=self.receivers)

    def reopen(self) -> None:
        """A restart: the simulated premises are built again from the SMI on first contact."""
        self.close()
        self.scheduler = VirtualScheduler(self.clock)
        self.instance = self._open()

    def close(self) -> None:
        if self.instance.engine is not None:
            self.instance.engine.dispose()

    def submit(self, signed: bytes) -> GatewayReply:
        cv = int(etree.fromstring(signed).findtext("sr:Header/sr:CommandVariant", namespaces=NS) or 0)
        return self.instance.gateway.submit(signed, web_service_for(cv))

    def run(self, horizon: timedelta) -> int:
        return VirtualPipeline(self.instance.pipeline.relays, self.scheduler).run_until_idle(horizon)

    # -- the SMI, the SMKI repository, the simulated devices ---------------------------------------------

    def update_device(self, eui: Eui64, **changes: Any) -> None:
        with self.instance.uow_factory() as uow:
            device = uow.inventory.get(eui)
            assert device is not None, eui
            uow.inventory.update(replace(device, **changes))
            uow.commit()

    def device_key(self, eui: Eui64, usage: KeyUsage) -> ec.EllipticCurvePublicKey:
        """The key of the newest Device Certificate the SMKI repository holds for ``eui``."""
        with self.instance.uow_factory(read_only=True) as uow:
            records = [r for r in uow.certificates.by_eui_usage(eui, usage) if r.kind is CertificateKind.DEVICE]
        assert records, f"no {usage.value} Device Certificate of {eui} in the SMKI repository"
        newest = max(records, key=lambda r: r.not_before)
        key = x509.load_der_x509_certificate(newest.der).public_key()
        assert isinstance(key, ec.EllipticCurvePublicKey)
        return key

    def simulated(self, eui: Eui64) -> SimDevice:
        """The SIMULATED device behind the RTDS hub (built from the SMI if not yet)."""
        hub = self.instance.pipeline.wan.hub(CHF)
        assert hub is not None
        found = {d.eui: d for d in (hub.hub.chf, hub.hub.gpf, *hub.hub.devices.values()) if d is not None}
        return found[eui]  # type: ignore[return-value]

    def advance_dcc_counter(self, originator: Eui64, recipient: Eui64, below: int) -> None:
        """Let the DCC's next counter from ``originator`` to ``recipient`` be ``below`` (GBCS 4.3.1)."""
        with self.instance.uow_factory() as uow:
            uow.dcc_counters.next(originator, recipient, below - 1)
            uow.commit()


# --- comparison with the RTDS response ------------------------------------------------------------------


@dataclass(frozen=True)
class _PublicOnly:
    key: ec.EllipticCurvePublicKey

    def public_key(self) -> ec.EllipticCurvePublicKey:
        return self.key


@dataclass(frozen=True)
class _Security:
    ds_key: _PublicOnly
    ka_key: _PublicOnly


@dataclass(frozen=True)
class SmkiHeld:
    """Stands in for the simulated device in the sweeps' comparisons with nothing but the public keys the
    SMKI repository holds for it: what a User (and the DCC) can verify a device response with."""

    eui: Eui64
    security: _Security


def smki_held(dcc: RtdsDcc, eui: Eui64) -> SmkiHeld:
    return SmkiHeld(eui, _Security(_PublicOnly(dcc.device_key(eui, KeyUsage.DIGITAL_SIGNATURE)),
                                   _PublicOnly(dcc.device_key(eui, KeyUsage.KEY_AGREEMENT))))


@dataclass(frozen=True)
class _Result:
    response: bytes
    alerts: tuple[bytes, ...] = ()


@dataclass(frozen=True)
class _Sent:
    result: _Result


def compare_response(rtds: esme_support.Rtds, dcc: RtdsDcc, template: Template, gbcs: bytes) -> str | None:
    """None when the device response has the RTDS response's structure and its MAC / signature verifies
    with the SMKI-held device keys; else the difference (ESME: ``esme_support.compare``; other devices:
    ``han_support.compare``)."""
    assert template.response is not None
    ours = frame.decode_message(gbcs)
    device = smki_held(dcc, ours.header.originator)
    if template.target in ESMES:
        return esme_support.compare(rtds, device, _Sent(_Result(gbcs)), template.response)  # type: ignore[arg-type]
    return han_support.compare(ours, template.response, device)  # type: ignore[arg-type]


def gbcs_payload(root: etree._Element) -> bytes | None:
    text = root.findtext(".//sr:GBCSPayload", namespaces=NS)
    return base64.b64decode(text) if text else None


# --- the run --------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one template got: its synchronous reply (and its CV5's), the asynchronous messages with its
    RequestID, and how its device response compares with the RTDS response vector."""

    template: Template
    phase: str
    request_id: str = ""
    notes: list[str] = field(default_factory=list)  # how it was prepared (PREPARE)
    refused_by_tool: str | None = None  # the DCC tool could not sign it (its ResultCode)
    sync: tuple[str, str, str] = ("", "", "")  # response code, rule, reason
    sync_error: str | None = None  # GBDCC-nnn of a refusal
    local_command: bytes | None = None  # CV2: the GBCS command the I0 carries for local delivery
    cv5: tuple[str, str, str] | None = None
    answers: list[bytes] = field(default_factory=list)
    structure: str | None = "no device response"  # None: matches the RTDS response vector

    @property
    def accepted(self) -> bool:
        """I99 (CV1, and the CV5 of a CV4 whose I0 carried the Pre-Command) or I0 (CV2 with its command)."""
        if self.template.cv == 1:
            return self.sync[0] == "I99"
        if self.template.cv == 2:
            return self.sync[0] == "I0" and self.local_command is not None
        return self.sync[0] == "I0" and self.cv5 is not None and self.cv5[0] == "I99"

    @property
    def answer_code(self) -> str | None:
        if not self.answers:
            return None
        return etree.fromstring(self.answers[0]).findtext("sr:Header/sr:ResponseCode", namespaces=NS)

    @property
    def device_response(self) -> bytes | None:
        if self.answer_code != "I0":
            return None
        return gbcs_payload(etree.fromstring(self.answers[0]))


Preparation = Callable[["TemplateRun", Template, bytes], tuple[bytes, str]]


@dataclass(frozen=True)
class Phase:
    """A stretch of the run with the starting state its templates need (``setup`` returns what it did)."""

    name: str
    stems: tuple[str, ...]
    setup: Callable[[RtdsDcc], str] | None = None


class TemplateRun:
    """Sends the templates phase by phase through the gateway (signed by the DCC tool; CV4 → the
    Pre-Command signed with the User's RTDS GBCS key → CV5 signed by the DCC tool), running the pipeline
    after each until it is idle."""

    def __init__(self, dcc: RtdsDcc, tool: DccTool, rtds: esme_support.Rtds, templates: dict[str, Template],
                 prepare: dict[str, Preparation], horizon: timedelta) -> None:
        self.dcc = dcc
        self.tool = tool
        self.rtds = rtds  # the RTDS keys and vectors
        self.templates = templates
        self.prepare = prepare
        self.horizon = horizon
        self.outcomes: dict[str, Outcome] = {}
        self.replies: list[bytes] = []  # every synchronous DUIS reply (CV5s' included)
        self.phase_setup: dict[str, str] = {}  # phase → what its setup did
        self._n = 0
        self._seen: dict[str, int] = defaultdict(int)
        self._by_request: dict[str | None, list[bytes]] = defaultdict(list)

    def run(self, phases: list[Phase]) -> dict[str, Outcome]:
        for phase in phases:
            self.phase_setup[phase.name] = phase.setup(self.dcc) if phase.setup is not None else ""
            for stem in phase.stems:
                self._one(self.templates[stem], phase.name)
        self._collect()
        for outcome in self.outcomes.values():
            outcome.answers = list(self._by_request.get(outcome.request_id, []))
        return self.outcomes

    def messages(self, request_id: str) -> list[bytes]:
        """What the Users' receiver got so far with that RequestID."""
        self._collect()
        return list(self._by_request.get(request_id, []))

    def alerts(self) -> list[bytes]:
        self._collect()
        return list(self._by_request.get(None, []))

    def _collect(self) -> None:
        for url, bodies in self.dcc.receivers.received.items():
            for raw in bodies[self._seen[url]:]:
                rid = etree.fromstring(raw).findtext("sr:Header/sr:RequestID", namespaces=NS)
                self._by_request[rid].append(raw)
            self._seen[url] = len(bodies)

    def _one(self, t: Template, phase: str) -> None:
        self._n += 1
        xml = with_counter(t.path.read_bytes(), t.counter_at(self._n))
        outcome = Outcome(t, phase, str(RequestId(t.originator, t.target, t.counter_at(self._n))))
        self.outcomes[t.stem] = outcome
        if t.stem in self.prepare:
            xml, why = self.prepare[t.stem](self, t, xml)
            outcome.notes.append(why)
        if t.dcc_originated:
            assert t.command is not None
            self.dcc.advance_dcc_counter(t.command.header.originator, t.target, t.gbcs_counter_at(self._n))
        try:
            signed = self.tool.sign(xml)
        except DccToolRefused as refused:
            outcome.refused_by_tool = str(refused)
            return
        reply = self.dcc.submit(signed)
        if reply.duis:
            self.replies.append(reply.body)
        outcome.sync = (reply.decision.response_code, reply.decision.rule, reply.decision.reason)
        outcome.sync_error = reply.error_code
        body = etree.fromstring(reply.body) if reply.duis else None
        if t.cv == 2 and body is not None:
            text = body.findtext(".//sr:LocalCommand/sr:GBCSPayload", namespaces=NS)
            outcome.local_command = base64.b64decode(text) if text else None
        if t.cv == 4 and body is not None and reply.decision.response_code == "I0":
            outcome.cv5 = self._cv5(t, signed, body)
        self.dcc.run(self.horizon)
        outcome.answers = self.messages(outcome.request_id)
        gbcs = outcome.device_response
        if t.response is not None and gbcs is not None:  # compared now: with the device's keys of the moment
            outcome.structure = compare_response(self.rtds, self.dcc, t, gbcs)

    def _cv5(self, t: Template, cv4: bytes, reply: etree._Element) -> tuple[str, str, str]:
        text = reply.findtext(".//sr:PreCommand/sr:GBCSPayload", namespaces=NS)
        if not text:
            return ("", "no PreCommand in the I0", "")
        key = load_signing_key((self.rtds.keys_dir / f"{t.originator.hex}-ds.key").read_bytes())
        signed = frame.sign_precommand(base64.b64decode(text), key)
        try:
            cv5 = self.tool.sign(cv5_request(cv4, signed))
        except DccToolRefused as refused:
            return ("", f"the DCC tool refused the CV5: {refused}", "")
        second = self.dcc.submit(cv5)
        if second.duis:
            self.replies.append(second.body)
        return (second.decision.response_code, second.decision.rule, second.decision.reason)
