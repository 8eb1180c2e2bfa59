"""A request's story for the portal: each audit step (what ``gbdcc audit show`` prints) with its GBCS bodies
decoded as ``gbdcc parse`` decodes them (``adapters/gbcs/decoder.py``; no keys, so MAC and signature show as
not checked)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from gbdcc.adapters.gbcs.decoder import describe_all
from gbdcc.domain.requests import AuditRecord

_GBCS_FIRST = (0xDD, 0xDF)
_DECODE_LIMIT = 8192  # characters of decoded JSON shown per step


@dataclass(frozen=True, slots=True)
class StoryStep:
    record: AuditRecord
    decoded: tuple[str, ...]  # JSON text of each GBCS message in the body (``gbdcc parse --json``)
    body_text: str | None  # the body as text when it is XML / text, else None

    @property
    def at(self) -> str:
        return self.record.received_at.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]


def _gbcs_blobs(body: bytes) -> list[bytes]:
    if body[:1] and body[0] in _GBCS_FIRST:
        return [body]
    if body.lstrip()[:1] == b"<" and b"GBCSPayload" in body:
        from gbdcc.adapters.duis.safe_xml import parse_xml

        try:
            root = parse_xml(body)
        except Exception:
            return []
        return [base64.b64decode("".join((el.text or "").split()))
                for el in root.iter() if isinstance(el.tag, str) and el.tag.endswith("}GBCSPayload")]
    return []


def decode_step(record: AuditRecord) -> StoryStep:
    decoded: list[str] = []
    for blob in _gbcs_blobs(record.body):
        try:
            for message in describe_all(blob, None):
                decoded.append(json.dumps(message.to_json(), indent=1, default=str)[:_DECODE_LIMIT])
        except Exception as exc:
            decoded.append(f"not a GBCS message gbdcc can read: {exc}")
    text: str | None = None
    if record.body and record.body[0] not in _GBCS_FIRST:
        candidate = record.body.decode("utf-8", "replace")
        text = candidate[:_DECODE_LIMIT] if candidate.isprintable() or "<" in candidate[:5] else None
    return StoryStep(record, tuple(decoded), text)
