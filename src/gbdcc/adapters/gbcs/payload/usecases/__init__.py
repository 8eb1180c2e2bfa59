"""The per-use-case data table: which GBCS use case a DUIS request maps to, and its payload templates.

Lookup key: DUIS Service Reference Variant + body element (+ the target's device type when one SRV
and body serve several use cases, e.g. 4.1.1 ``ReadInstantaneousImportRegisters`` → ECS17b for an
ESME, GCS13a for a GSME / GPF) — DUIS 5.4 §3 and GBCS Table 13.3 — then the ``DISCRIMINATORS`` below.

How the table was built and is verified:

* built by mining the 279 paired RTDS 4.5.0 vectors: DUIS values were bound to payload leaves
  wherever the encoded values were equal, every other leaf frozen as a constant; then reviewed;
* repeated DUIS elements are templates repeated per element (:class:`..template.Each`): tariff
  switching tables and block thresholds (``esme/_calendar.py``), DLMS schedules and special days
  (``_schedule.py``), ZCL calendars (``_gas_calendar.py``), price lists; optional DUIS elements
  and cancellations are :class:`..template.When` parts; ExecutionDateTime is bound in DLMS, GBZ
  (ZCL start times, GBZ from-date-time) and ASN.1 (GeneralizedTime) payloads; the ASN.1 payloads
  are DER-nested (:class:`..template.Len`) so their lengths follow the bound values;
* verified by ``tests/oracles/test_gbcs_transform.py`` (byte-exact against the vectors) and the
  mutation oracle ``tests/unit/adapters/gbcs/payload/test_table_mutation.py``: each DUIS value of a
  byte-exact template is changed in turn and must change exactly one place of the payload. The
  values still frozen as constants (alert / event masks, credential payloads, gas alert groups…)
  are listed there per use case with the reason, and that list only shrinks.

ESME use cases are in ``esme/`` by GBCS use-case family; GSME / GPF in ``gsme.py``; CHF, PPMID,
HCALCS and any-device (CS / CCS / DBCH) in ``hub.py``.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from gbdcc.adapters.gbcs.payload.template import UseCase, Variant, conditions_hold, score
from gbdcc.adapters.gbcs.payload.usecases import esme, gsme, hub

POLYPHASE, LEGACY = ("@fact", "polyphase"), ("@fact", "legacy-gbcs")
NETWORK_OPERATOR = ("@role", "NETWORK_OPERATOR")

DISCRIMINATORS: dict[str, tuple[tuple[str, str], ...]] = {
    # a body value names the log / credentials (GBCS 13.3 use case titles)
    "ECS15c": (("ESMEEventLogType", "ALCS"),),  # clear the Auxiliary Controller event log
    "ECS35b": (("LogToRead", "Security"),),
    "ECS35d": (("LogToRead", "Security"),),  # CHF security log
    "ECS35e": (("LogToRead", "PowerEvent"),),
    "ECS35f": (("LogToRead", "ALCSEvent"),),
    "ECS35g": (("LogToRead", "ALCSEvent"), NETWORK_OPERATOR),  # ALCS log read by the network operator
    "CS10b": (("LogToRead", "Security"),),
    "UC011B": (("RemotePartyRole", "LoadController"),),  # CS02f: credentials incl. the load controller
    "UC0126": (("RemotePartyRole", "LoadController"),),  # CS02g: replace the load controller's
    # the User's role: the network operator's view of the event / alert configuration
    "ECS25r2": (NETWORK_OPERATOR,),
    # the device model: polyphase ESME variants
    "ECS23b": (POLYPHASE,), "ECS26k": (POLYPHASE,), "ECS29f": (POLYPHASE,),
    # superseded use cases, only for device models that do not support their successor
    "ECS08": (LEGACY,),  # → ECS08a
    "GCS25": (LEGACY,),  # → GCS25a (all periodicities)
    "ECS26d": (LEGACY,), "GCS21d": (LEGACY,),  # → ECS26l / GCS21k billing calendar, all periodicities
    "ECS26e": (LEGACY,), "GCS21e": (LEGACY,),  # → ECS26m / GCS21m device info incl. tamper state
    "ECS26i": (LEGACY,),  # → ECS26n (CH identity and type)
    "GCS60": (LEGACY,),  # → GCS60a (UC012A)
    "UC0004": (LEGACY,),  # → CCS06 (CHF device log with HAN communication check)
}
"""Discriminators (:attr:`UseCase.when`) where one SRV + body element + device type serves several
GBCS use cases, from the use cases' definitions (GBCS 13.3 titles / descriptions)."""

ALL: tuple[UseCase, ...] = tuple(
    replace(uc, when=DISCRIMINATORS[uc.name]) if uc.name in DISCRIMINATORS else uc
    for uc in esme.USE_CASES + gsme.USE_CASES + hub.USE_CASES
)

_FAMILY = {"ESME": "E", "GSME": "G", "GPF": "G", "CHF": "C", "PPMID": "C", "IHD": "C", "HCALCS": "C"}


@cache
def _by_srv_body() -> dict[tuple[str, str], tuple[UseCase, ...]]:
    out: dict[tuple[str, str], list[UseCase]] = {}
    for uc in ALL:
        out.setdefault((uc.srv, uc.body), []).append(uc)
    return {k: tuple(v) for k, v in out.items()}


@cache
def by_message_code() -> dict[int, tuple[UseCase, ...]]:
    out: dict[int, list[UseCase]] = {}
    for uc in ALL:
        out.setdefault(uc.message_code, []).append(uc)
    return {k: tuple(v) for k, v in out.items()}


def candidates(srv: str, body: str) -> tuple[UseCase, ...]:
    return _by_srv_body().get((srv, body), ())


def find(
    srv: str,
    body: str,
    shape: frozenset[str] = frozenset(),
    device_type: str | None = None,
    facts: dict[str, object] | None = None,
) -> tuple[UseCase, Variant] | None:
    """The use case and payload variant for a request: SRV + body element, narrowed by the target's
    ``device_type`` (ESME, GSME, GPF, CHF, PPMID…), then by the use cases' ``when`` discriminators
    (body values, the User's role, device-model facts — see :class:`UseCase`: use cases whose
    conditions fail drop out, and of the rest those with the most conditions win), then by the
    body ``shape`` (DUIS choices such as ``Credit`` / ``Prepayment`` in 1.6 select ECS02 / ECS03)."""
    found = candidates(srv, body)
    if len(found) > 1 and device_type:
        kind = device_type.upper()
        fam = _FAMILY.get(kind)
        narrowed = tuple(uc for uc in found if kind in uc.devices) or tuple(
            uc for uc in found if uc.family == fam
        )
        if narrowed:
            found = narrowed
    if facts is not None:
        held = tuple(uc for uc in found if conditions_hold(uc, facts))
        if held:
            best = max(len(uc.when) for uc in held)
            found = tuple(uc for uc in held if len(uc.when) == best)
    pairs = [(uc, v) for uc in found for v in uc.variants]
    if not pairs:
        return None
    return max(pairs, key=lambda p: score(p[1].shape, shape))
