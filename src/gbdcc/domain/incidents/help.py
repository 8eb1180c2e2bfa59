"""The Error Handling Strategy as self-help material (R-INC-1): one page per GBDCC error code, generated from
the registry in the docstring of :mod:`gbdcc.domain.errors` and the class docstring where the class lives
there. Incidents naming an ``error_code`` link to their page (``GET /help/errors/{code}``)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from functools import cache

from gbdcc.domain import errors
from gbdcc.domain.errors import ErrorCodeUnknown, GbdccError

_LINE = re.compile(r"^(GBDCC-\d{3})\s+(.*)$")
#: Where a page is served (relative to the instance).
HELP_PATH = "/help/errors/{code}"


@dataclass(frozen=True, slots=True)
class ErrorHelp:
    """One self-help page: the code, its class, the registry's summary, what to do."""

    code: str
    name: str
    summary: str
    detail: str
    response_code: str | None
    rule: str | None
    self_help: str

    @property
    def path(self) -> str:
        return help_path(self.code)


def help_path(code: str) -> str:
    return HELP_PATH.format(code=code)


@functools.cache
def error_classes() -> dict[str, type[GbdccError]]:
    """Every error class of ``domain.errors`` by its stable code."""
    out: dict[str, type[GbdccError]] = {}
    stack: list[type[GbdccError]] = [GbdccError]
    while stack:
        cls = stack.pop()
        if cls.__module__ == errors.__name__ and "code" in cls.__dict__:
            out.setdefault(cls.code, cls)
        stack.extend(cls.__subclasses__())
    return out


def _advice(code: str, summary: str) -> str:
    number = int(code[-3:])
    if number < 200:
        return "Check the identifiers and values given; correct them and try again."
    if number < 300:
        return "The request is not a valid DUIS request: validate it against the DUIS XML Schema and resend."
    if number < 400:
        return "Check the signing certificate, the User ID's roles and the RequestID counter, then resend."
    if 450 <= number < 460:
        return ("The device could not be reached or did not answer (SM WAN coverage, an outage): retry later; "
                "raise an incident if it persists, naming the device and premises.")
    if number < 500:
        return ("The request is not allowed for this device or role now: check the Registration Data, the SMI "
                "status and the device type before resending.")
    if number < 600:
        return "Raise an incident (R-INC-1) if it persists; say which request, device or premises it concerns."
    if number < 800:
        return "A credential, MAC, signature or message structure problem: check keys and certificates."
    if number < 900:
        return ("An operational refusal: the reason names what to change. Raise an incident if the DCC is at "
                "fault (e.g. an outage).")
    return "A storage or instance problem on the DCC side: raise an incident."


@cache
def pages() -> dict[str, ErrorHelp]:
    """Every code of the registry, by code (cached: the registry is fixed per release)."""
    classes = error_classes()
    out: dict[str, ErrorHelp] = {}
    for line in (errors.__doc__ or "").splitlines():
        m = _LINE.match(line)
        if m is None:
            continue
        code, summary = m.group(1), " ".join(m.group(2).split())
        cls = classes.get(code)
        name = "" if cls is None else cls.__name__
        if name and summary.startswith(name):
            summary = summary[len(name):].strip()
        detail = " ".join((cls.__doc__ or "").split()) if cls is not None and "__doc__" in cls.__dict__ else ""
        out[code] = ErrorHelp(code, name, summary, detail,
                              cls.response_code if cls is not None else None,
                              cls.default_rule if cls is not None else None, _advice(code, summary))
    return out


def page(code: str) -> ErrorHelp:
    """The page of ``code`` (``GBDCC-nnn``, case-insensitive); ``ErrorCodeUnknown`` otherwise."""
    found = pages().get(code.strip().upper())
    if found is None:
        raise ErrorCodeUnknown(f"no Error Handling Strategy page for {code!r}: not a GBDCC error code")
    return found
