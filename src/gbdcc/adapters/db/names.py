"""A small normaliser for RFC 4514 distinguished-name strings, used as the certificate lookup key.

Issuer names reach the repository from different sources (DUIS ``X509IssuerName`` text, the
``cryptography`` RFC 4514 rendering, hand-written test data) that differ in spacing only, e.g.
``CN=Z1, OU=07`` and ``CN=Z1,OU=07``. Per RFC 4514 §2 / §3 the separators and the spaces around them
carry no meaning. This keeps RDN order (it is significant), upper-cases attribute type names (RFC 4514
§3: type names are case-insensitive) and keeps values as written, escapes included. The SMKI adapter may
supply a stricter X.500 comparison later; it only has to produce the same key for the same name.
"""

from __future__ import annotations


def _split_unescaped(text: str, sep: str) -> list[str]:
    """Split on ``sep`` where it is not escaped by a backslash (RFC 4514 §2.4)."""
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _strip_unescaped(text: str) -> str:
    """Strip surrounding spaces, but keep a trailing space that is escaped (``\\ ``)."""
    stripped = text.lstrip()
    trimmed = stripped.rstrip()
    if trimmed.endswith("\\") and len(trimmed) < len(stripped):
        # count trailing backslashes: odd → the next (space) character is escaped
        run = len(trimmed) - len(trimmed.rstrip("\\"))
        if run % 2 == 1:
            trimmed += " "
    return trimmed


def _normalise_ava(ava: str) -> str:
    attr, eq, value = ava.partition("=")
    if not eq:
        return _strip_unescaped(ava)
    return f"{attr.strip().upper()}={_strip_unescaped(value)}"


def normalise_dn(dn: str) -> str:
    """Canonical form of an RFC 4514 DN string: ``CN=Z1, OU=07`` → ``CN=Z1,OU=07``."""
    rdns = []
    for rdn in _split_unescaped(dn.strip(), ","):
        avas = [_normalise_ava(a) for a in _split_unescaped(rdn, "+")]
        rdns.append("+".join(avas))
    return ",".join(rdns)
