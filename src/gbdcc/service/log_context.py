"""The RequestID of the work in hand, for log lines (observability): the gateway binds it while it handles a
request, the message bus while a pipeline stage handles an event of one. The logging adapter
(``adapters.observability.logging``) adds it to every line written meanwhile, from any logger."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_request_id: ContextVar[str | None] = ContextVar("gbdcc_request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


@contextmanager
def request_context(request_id: str | None) -> Iterator[None]:
    """Log lines written inside carry ``request_id`` (unchanged when None)."""
    if request_id is None:
        yield
        return
    token = _request_id.set(request_id)
    try:
        yield
    finally:
        _request_id.reset(token)
