"""Structured logging (structlog over the standard library's logging): JSON lines when stderr is not a
terminal, readable console output when it is. Output goes through ``logging`` handlers, so a closed or
replaced stream (test runners, daemons) can never break a request.

Every line — from structlog loggers and from plain ``logging`` ones (the service layer) alike — is rendered
by the same processors, and carries the ``request_id`` of the request being handled when there is one
(``gbdcc.service.log_context``: bound by the gateway and by the pipeline's message bus)."""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

from gbdcc.service.log_context import current_request_id

_configured = False


def add_request_id(_logger: Any, _method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: the RequestID in hand (``service.log_context``), unless the line names one."""
    request_id = current_request_id()
    if request_id is not None:
        event.setdefault("request_id", request_id)
    return event


#: The processors every line goes through before it is rendered (structlog and stdlib lines).
SHARED_PROCESSORS: list[structlog.types.Processor] = [
    structlog.contextvars.merge_contextvars,
    add_request_id,
    structlog.stdlib.add_logger_name,
    structlog.processors.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def json_formatter() -> logging.Formatter:
    """A ``logging`` formatter writing each record as one JSON object (with its ``request_id``)."""
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=SHARED_PROCESSORS,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info, structlog.processors.JSONRenderer()],
    )


def configure_logging(level: str = "INFO") -> None:
    """Send gbdcc's log lines to stderr at ``level``. Idempotent: the first call wins (the composition
    root calls it). Until then nothing is printed below WARNING (library use, tests, benchmarks)."""
    global _configured
    if _configured:
        return
    _configured = True
    handler = logging.StreamHandler(sys.stderr)
    if sys.stderr.isatty():
        handler.setFormatter(structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=SHARED_PROCESSORS,
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                        structlog.dev.ConsoleRenderer()]))
    else:
        handler.setFormatter(json_formatter())
    root = logging.getLogger("gbdcc")
    root.addHandler(handler)
    root.setLevel(getattr(logging, level.upper(), logging.INFO))
    root.propagate = False


def _configure_structlog() -> None:
    structlog.configure(
        processors=[*SHARED_PROCESSORS, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)  # type: ignore[no-any-return]


_configure_structlog()
