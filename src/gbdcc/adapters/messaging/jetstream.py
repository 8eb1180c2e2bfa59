"""NATS JetStream between the stages (scaled mode; ``service/transport.py`` says what it carries and why).

One stream (``GBDCC`` by default) holds every subject ``<prefix>.<group>.<topic>.<key>``:

- ``group`` is the stage that consumes it — ``stages`` (transform, dispatch, uplinks, deadlines, Change of
  Supplier, schedules: the processor role), ``delivery`` (signed messages to Users) or ``wan`` (commands for
  the CSP, ``remote_wan.py``); each group is one durable pull consumer shared by every process of that
  role, so the processes of a role share its work;
- ``key`` is the outbox key — the Communications Hub for request and uplink events — so one hub's traffic
  is on one subject, and the outbox keeps at most one of its events in flight (order per hub).

The stream has work-queue retention (a message is gone once acknowledged), file storage, and a duplicate
window in which a message republished with the same ID (``<seq>.<attempts>``) is stored once. nats-py is
asyncio-only: :class:`NatsLink` runs the connection on its own event-loop thread and the synchronous
stages submit coroutines to it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Callable, Coroutine, Sequence
from datetime import datetime
from typing import Any, TypeVar

import nats
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeout
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

from gbdcc.domain.errors import GbdccError
from gbdcc.service.ports import OutboxEntry

log = logging.getLogger("gbdcc.jetstream")
T = TypeVar("T")

DEFAULT_URL = "nats://127.0.0.1:4222"
DEFAULT_STREAM = "GBDCC"
#: A repeat publication within this window is dropped by the server (outbox entries republished after a lease).
DUPLICATE_WINDOW_S = 600.0
#: A message not acknowledged within this is delivered again (its consumer died mid-handling).
ACK_WAIT_S = 60.0
_FORBIDDEN = str.maketrans({".": "-", "*": "_", ">": "_", " ": "_", "\t": "_"})


class BrokerUnavailable(GbdccError):
    code = "GBDCC-580"
    default_rule = "SCALED-MODE"
    response_code = "E3"


def token(text: str) -> str:
    """``text`` as one subject token (no dots, wildcards or spaces)."""
    return text.translate(_FORBIDDEN) or "_"


class NatsLink:
    """One NATS connection (JetStream context, the stream ensured) on its own event-loop thread."""

    def __init__(self, url: str = DEFAULT_URL, stream: str = DEFAULT_STREAM, *, name: str = "gbdcc") -> None:
        self.url, self.stream, self.name = url, stream, name
        self.prefix = token(stream.lower())
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=f"gbdcc-nats-{name}", daemon=True)
        self._nc: Client | None = None
        self._js: JetStreamContext | None = None

    def start(self, timeout: float = 10.0) -> NatsLink:
        self._thread.start()
        try:
            self.run(self._connect(), timeout)
        except Exception as exc:
            self.close()
            why = f"{type(exc).__name__}: {exc}" if str(exc) else "no answer (is nats-server running with -js?)"
            raise BrokerUnavailable(f"NATS JetStream at {self.url} is not reachable: {why}") from None
        return self

    async def _connect(self) -> None:
        async def on_error(exc: Exception) -> None:  # one line, not nats-py's default traceback
            (log.warning if self._nc is not None else log.debug)("NATS %s: %s: %s", self.url, type(exc).__name__, exc)

        self._nc = await nats.connect(self.url, name=self.name, max_reconnect_attempts=-1, reconnect_time_wait=0.5,
                                      allow_reconnect=True, connect_timeout=3, error_cb=on_error)
        self._js = self._nc.jetstream()
        config = StreamConfig(name=self.stream, subjects=[f"{self.prefix}.>"], retention=RetentionPolicy.WORK_QUEUE,
                              storage=StorageType.FILE, duplicate_window=DUPLICATE_WINDOW_S)
        try:
            await self._js.stream_info(self.stream)
        except NotFoundError:
            await self._js.add_stream(config)

    @property
    def js(self) -> JetStreamContext:
        if self._js is None:
            raise BrokerUnavailable(f"not connected to {self.url}")
        return self._js

    @property
    def connected(self) -> bool:
        return self._nc is not None and self._nc.is_connected

    def run(self, coro: Coroutine[Any, Any, T], timeout: float | None = 30.0) -> T:
        """Run ``coro`` on the link's loop and wait for its result (from any other thread)."""
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def subject(self, group: str, topic: str, key: str) -> str:
        return f"{self.prefix}.{group}.{token(topic)}.{token(key)}"

    def close(self) -> None:
        """Close the connection (consumers and publisher stopped first), then the loop and its thread."""
        if self._thread.is_alive():
            if self._nc is not None:
                try:
                    self.run(self._nc.close(), 5)
                except Exception:  # closing anyway
                    log.debug("NATS close failed", exc_info=True)
            try:
                self.run(_cancel_pending(), 5)
            except Exception:
                log.debug("cancelling the NATS tasks failed", exc_info=True)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)
        if not self._thread.is_alive() and not self._loop.is_closed():
            self._loop.close()


async def _cancel_pending() -> None:
    tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


# -- outbox entries on the wire --------------------------------------------------------------------------

def encode_entry(entry: OutboxEntry) -> bytes:
    return json.dumps({"seq": entry.seq, "topic": entry.topic, "key": entry.key, "payload": dict(entry.payload),
                       "created_at": entry.created_at.isoformat(), "available_at": entry.available_at.isoformat(),
                       "attempts": entry.attempts}, separators=(",", ":")).encode()


def decode_entry(data: bytes) -> OutboxEntry:
    d = json.loads(data)
    return OutboxEntry(seq=int(d["seq"]), topic=d["topic"], key=d["key"], payload=d["payload"],
                       created_at=datetime.fromisoformat(d["created_at"]),
                       available_at=datetime.fromisoformat(d["available_at"]), attempts=int(d["attempts"]),
                       last_error=None)


class JetStreamTransport:
    """``EventTransport`` on JetStream: every entry published (concurrently) and its PubAck awaited."""

    def __init__(self, link: NatsLink, group_of: Callable[[str], str]) -> None:
        self._link = link
        self._group_of = group_of

    def publish(self, entries: Sequence[OutboxEntry]) -> None:
        self._link.run(self._publish(entries))

    async def _publish(self, entries: Sequence[OutboxEntry]) -> None:
        js = self._link.js
        await asyncio.gather(*(
            js.publish(self._link.subject(self._group_of(e.topic), e.topic, e.key), encode_entry(e),
                       stream=self._link.stream, headers={"Nats-Msg-Id": f"{e.seq}.{e.attempts}"}, timeout=10)
            for e in entries))


class JetStreamConsumer:
    """The durable pull consumer of ``group``, shared by every process of the role: ``workers`` threads
    each fetch up to ``batch`` messages, hand each to ``handle`` and acknowledge it once handled. A message
    whose handling raised is not acknowledged and comes again (``nak`` with a delay)."""

    def __init__(self, link: NatsLink, group: str, handle: Callable[[bytes], object], *, workers: int = 2,
                 batch: int = 8, ack_wait: float = ACK_WAIT_S) -> None:
        self._link = link
        self._ack_wait = ack_wait
        self.group = group
        self._handle = handle
        self._workers = max(1, workers)
        self._batch = batch
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.handled = 0

    def start(self) -> JetStreamConsumer:
        config = ConsumerConfig(durable_name=self.group, ack_policy=AckPolicy.EXPLICIT, ack_wait=self._ack_wait,
                                deliver_policy=DeliverPolicy.ALL, max_ack_pending=20_000,
                                filter_subject=f"{self._link.prefix}.{self.group}.>")
        for i in range(self._workers):
            sub = self._link.run(self._link.js.pull_subscribe(
                config.filter_subject or "", durable=self.group, stream=self._link.stream, config=config))
            thread = threading.Thread(target=self._run, args=(sub,), name=f"gbdcc-{self.group}-{i}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def _run(self, sub: JetStreamContext.PullSubscription) -> None:
        while not self._stop.is_set():
            try:
                msgs: list[Msg] = self._link.run(sub.fetch(self._batch, timeout=0.5), 30)
            except (NatsTimeout, TimeoutError):
                continue
            except Exception:  # a broker hiccup: the connection reconnects by itself
                if not self._stop.is_set():
                    log.exception("fetch from %s failed; retrying", self.group)
                    self._stop.wait(0.5)
                continue
            for msg in msgs:
                try:
                    self._handle(msg.data)
                except Exception:
                    log.exception("handling a %s message failed; it comes again", self.group)
                    self._settle(msg.nak(delay=1.0))
                    continue
                self.handled += 1
                self._settle(msg.ack())

    def _settle(self, coro: Coroutine[Any, Any, object]) -> None:
        try:
            self._link.run(coro, 10)
        except Exception:  # not acknowledged: it is delivered again after ack_wait, and found handled then
            log.warning("acknowledging a %s message failed", self.group, exc_info=True)

    def alive(self) -> bool:
        return bool(self._threads) and all(t.is_alive() for t in self._threads) and not self._stop.is_set()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(5)


__all__ = ["DEFAULT_STREAM", "DEFAULT_URL", "BrokerUnavailable", "JetStreamConsumer", "JetStreamTransport", "NatsLink",
           "decode_entry", "encode_entry", "token"]
