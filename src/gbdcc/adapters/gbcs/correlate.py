"""Parse & Correlate, the correlate half: is this Pre-Command the one the DUIS request asks for?

A User signs every Pre-Command the DCC returns for a critical request (DUIS 3.5, CV4 → CV5); before it
does, its software must check that the command is the one it asked for — signing a Pre-Command is what
lets the DCC disable supply or change a tariff. :func:`correlate` checks, User side and without any DCC
key:

1. the grouping header: originator = the requesting User, recipient = the request's target, originator
   counter = the RequestID counter, message code = one of the GBCS use cases of the request's SRV and
   body element (so a Pre-Command of another request or another template is refused);
2. the values: the request is transformed again here (``adapters.gbcs.transform.build``) and the
   Pre-Command must equal the command that yields, byte for byte — every value the request names (prices,
   dates, thresholds, certificates, the ExecutionDateTime) is in it. The target's device type, the
   User's remote-party role and the model facts (polyphase, legacy GBCS) that choose among use cases are
   not in the request: given, they are used; not given, each candidate is tried. The grouping header's
   date-time, which the DCC stamps, is taken from the Pre-Command.

A refusal is :class:`PreCommandMismatch` with every difference found (header fields, or the first byte
of the payload that differs and the use case compared).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import Any

from gbdcc.adapters.duis.request import parse_request
from gbdcc.adapters.duis.safe_xml import parse_xml
from gbdcc.adapters.gbcs import frame
from gbdcc.adapters.gbcs.keys import KeyRing
from gbdcc.adapters.gbcs.payload import usecases
from gbdcc.adapters.gbcs.transform import TransformContext, build, select
from gbdcc.domain.errors import GbdccError, PreCommandMismatch

DEVICE_TYPES = (None, "ESME", "GSME", "GPF", "CHF", "PPMID", "HCALCS", "IHD", "CAD")
ROLES = (None, "SUPPLIER", "NETWORK_OPERATOR", "OTHER")
FACTS: tuple[frozenset[str], ...] = (frozenset(), frozenset({"polyphase"}), frozenset({"legacy-gbcs"}))
RULE = "DUIS-CORRELATE"


@dataclass(frozen=True, slots=True)
class Correlation:
    """What matched: the use case and the context that reproduced the Pre-Command."""

    use_case: str
    message_code: int
    device_type: str | None
    user_role: str | None
    device_facts: frozenset[str]


def correlate(request_xml: bytes, precommand: bytes, *, device_type: str | None = None,
              user_role: str | None = None, device_facts: frozenset[str] | None = None) -> Correlation:
    """The correlation of ``precommand`` with the DUIS request ``request_xml`` (see the module
    docstring); raises :class:`PreCommandMismatch` naming each difference."""
    request = parse_request(request_xml)
    try:
        message = frame.decode_message(precommand)
    except (GbdccError, ValueError, IndexError) as exc:
        raise PreCommandMismatch(f"not a GBCS Pre-Command: {exc}", rule=RULE) from None
    header = message.header
    rid = request.request_id
    codes = {uc.message_code for uc in usecases.candidates(request.service_reference_variant, request.body_name)}
    problems = []
    if header.originator != rid.originator:
        problems.append(f"originator {header.originator} is not the User {rid.originator}")
    if header.recipient != rid.target:
        problems.append(f"recipient {header.recipient} is not the target {rid.target}")
    if header.originator_counter != rid.counter:
        problems.append(f"counter {header.originator_counter} is not the RequestID counter {rid.counter}")
    if not codes:
        problems.append(f"SRV {request.service_reference_variant} / {request.body_name} has no GBCS use case")
    elif header.message_code not in codes:
        problems.append(f"message code 0x{header.message_code:04X} is not one of SRV "
                        f"{request.service_reference_variant}'s ({', '.join(f'0x{c:04X}' for c in sorted(codes))})")
    if problems:
        raise PreCommandMismatch("the Pre-Command does not correlate with the request: " + "; ".join(problems),
                                 rule=RULE)
    return _values(request_xml, precommand, header, device_type, user_role, device_facts)


def _values(request_xml: bytes, precommand: bytes, header: Any, device_type: str | None, user_role: str | None,
            device_facts: frozenset[str] | None) -> Correlation:
    root = parse_xml(request_xml)
    ring = KeyRing()  # a Pre-Command is neither MAC'd nor signed: no key is needed to rebuild it
    closest: tuple[int, str] | None = None
    types = (device_type,) if device_type is not None else DEVICE_TYPES
    roles = (user_role,) if user_role is not None else ROLES
    facts = (device_facts,) if device_facts is not None else FACTS
    tried: set[tuple[str, int]] = set()
    for dtype, role, fact in itertools.product(types, roles, facts):
        try:  # the context only chooses the use case and its variant: build each choice once
            chosen_uc, chosen_variant = select(root, dtype, role, fact)
        except GbdccError:
            continue
        if (chosen_uc.name, id(chosen_variant)) in tried or chosen_uc.message_code != header.message_code:
            continue
        tried.add((chosen_uc.name, id(chosen_variant)))
        ctx = TransformContext(keys=ring, counter=header.originator_counter, device_type=dtype, user_role=role,
                               device_facts=fact)
        try:
            grouping, payload, uc, variant = build(root, ctx)
        except GbdccError:
            continue
        if uc.message_code != header.message_code or variant.mode != "user":
            continue
        expected = frame.encode_precommand(replace(grouping, date_time=header.date_time), payload)
        if expected == precommand:
            return Correlation(uc.name, uc.message_code, dtype, role, fact)
        at = next((i for i, (a, b) in enumerate(zip(expected, precommand, strict=False)) if a != b),
                  min(len(expected), len(precommand)))
        if closest is None or at > closest[0]:
            closest = (at, f"{uc.name}: byte {at} of {len(precommand)} differs from the command the request asks "
                           f"for ({len(expected)} bytes)")
    why = closest[1] if closest else "no GBCS use case of the request reproduces it"
    raise PreCommandMismatch(f"the Pre-Command's values do not correlate with the request — {why}", rule=RULE)
