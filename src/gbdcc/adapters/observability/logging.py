"""Structured logging (structlog over the standard library's logging): JSON lines when stderr is not a
terminal, readable console output when it is. Output goes through ``logging`` handlers, so a closed or
replaced stream (test runners, daemons) can never break a request."""

from __future__ import annotations

import logging
import sys

import structlog

_configured = False


def configure_logging(level: str = "INFO") -> None:
    """Send gbdcc's log lines to stderr at ``level``. Idempotent: the first call wins (the composition
    root calls it). Until then nothing is printed below WARNING (library use, tests, benchmarks)."""
    global _configured
    if _configured:
        return
    _configured = True
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger("gbdcc")
    root.addHandler(handler)
    root.setLevel(getattr(logging, level.upper(), logging.INFO))
    root.propagate = False
    _configure_structlog(
        structlog.dev.ConsoleRenderer() if sys.stderr.isatty() else structlog.processors.JSONRenderer()
    )


def _configure_structlog(renderer: structlog.types.Processor) -> None:
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            renderer,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)  # type: ignore[no-any-return]


_configure_structlog(structlog.processors.JSONRenderer())
