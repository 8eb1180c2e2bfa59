"""The per-use-case data table: which GBCS use case a DUIS request maps to, and its payload templates.

Lookup key: DUIS Service Reference Variant + body element (+ the target's device type when one SRV
and body serve several use cases, e.g. 4.1.1 ``ReadInstantaneousImportRegisters`` → ECS17b for an
ESME, GCS13a for a GSME / GPF) — DUIS 5.4 §3 and GBCS Table 13.3.
"""

from __future__ import annotations

from functools import cache

from gbdcc.adapters.gbcs.payload.template import UseCase, Variant, score
from gbdcc.adapters.gbcs.payload.usecases import esme, gsme, hub

ALL: tuple[UseCase, ...] = esme.USE_CASES + gsme.USE_CASES + hub.USE_CASES

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
    srv: str, body: str, shape: frozenset[str] = frozenset(), device_type: str | None = None
) -> tuple[UseCase, Variant] | None:
    """The use case and payload variant for a request: SRV + body element, narrowed by the target's
    ``device_type`` (ESME, GSME, GPF, CHF, PPMID…), then by the body ``shape`` (DUIS choices such as
    ``Credit`` / ``Prepayment`` in 1.6 select ECS02 / ECS03)."""
    found = candidates(srv, body)
    if len(found) > 1 and device_type:
        kind = device_type.upper()
        fam = _FAMILY.get(kind)
        narrowed = tuple(uc for uc in found if kind in uc.devices) or tuple(
            uc for uc in found if uc.family == fam
        )
        if narrowed:
            found = narrowed
    pairs = [(uc, v) for uc in found for v in uc.variants]
    if not pairs:
        return None
    return max(pairs, key=lambda p: score(p[1].shape, shape))
