"""Prometheus metrics of an instance, per stage, served at ``/metrics`` (prometheus-client text format).

Maintained as work happens:

- ``gbdcc_duis_requests_total{web_service, response_code}`` and ``gbdcc_duis_request_seconds{web_service}``:
  the DUIS web services (HTTP adapter);
- ``gbdcc_gateway_requests_total{srv, response_code}``: requests by SRV and the DUIS response code the
  gateway answered (``srv`` is ``unknown`` when the request named no catalogue SRV or could not be read);
- ``gbdcc_wan_round_trip_seconds``: command sent on the SIMULATED SM WAN → its response received, in the
  simulated WAN's time (scaled by ``GBDCC_WAN_TIME_SCALE``);
- ``gbdcc_delivery_attempts_total{outcome}``: POSTs to Users' receive-response addresses (``delivered`` /
  ``failed``), first attempts and retries alike.

Computed from the database on each scrape (:class:`StoreStats`, a few grouped queries):

- ``gbdcc_outbox_depth{topic}`` / ``gbdcc_outbox_oldest_due_seconds{topic}``: each stage's queue;
- ``gbdcc_delivery_failed_queue``: the failed-delivery queue's size;
- ``gbdcc_delivery_retrying``: messages waiting for a retry after a failed attempt.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from gbdcc.adapters.observability.store_stats import StoreStats
from gbdcc.service.device.ports import DeliveryOutcome, ResponseDelivery

#: Buckets of the WAN round trip (seconds; the default CSP latency is 1.5 s median, 8 s p99 each way).
WAN_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 12, 20, 30, 60)


class Metrics:
    """One instance's metrics, in their own registry (several instances may share a process: tests)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "gbdcc_duis_requests_total", "DUIS requests by web service and response code",
            ["web_service", "response_code"], registry=self.registry,
        )
        self.latency = Histogram(
            "gbdcc_duis_request_seconds", "Time to the synchronous DUIS reply", ["web_service"],
            registry=self.registry,
        )
        self.gateway = Counter(
            "gbdcc_gateway_requests_total", "Service Requests by SRV and the DUIS response code answered",
            ["srv", "response_code"], registry=self.registry,
        )
        self.wan_round_trip = Histogram(
            "gbdcc_wan_round_trip_seconds", "SIMULATED SM WAN: command sent to its response received "
            "(simulated time)", buckets=WAN_BUCKETS, registry=self.registry,
        )
        self.delivery_attempts = Counter(
            "gbdcc_delivery_attempts_total", "POSTs of responses and alerts to Users' receive-response "
            "addresses, by outcome", ["outcome"], registry=self.registry,
        )

    def watch_store(self, stats: StoreStats) -> None:
        """Add the figures computed from the database on each scrape."""
        self.registry.register(_StoreCollector(stats))


class _StoreCollector(Collector):
    def __init__(self, stats: StoreStats) -> None:
        self._stats = stats

    def describe(self) -> Iterator[Metric]:  # registration needs the names only: no query then
        yield GaugeMetricFamily("gbdcc_outbox_depth", "", labels=["topic"])
        yield GaugeMetricFamily("gbdcc_outbox_oldest_due_seconds", "", labels=["topic"])
        yield GaugeMetricFamily("gbdcc_delivery_failed_queue", "")
        yield GaugeMetricFamily("gbdcc_delivery_retrying", "")

    def collect(self) -> Iterator[Metric]:
        depth = GaugeMetricFamily("gbdcc_outbox_depth", "Outbox entries waiting, per topic (stage queue)",
                                  labels=["topic"])
        oldest = GaugeMetricFamily("gbdcc_outbox_oldest_due_seconds", "Age of the oldest due outbox entry "
                                   "(0 when none is due yet), per topic", labels=["topic"])
        now = datetime.now(UTC)
        for backlog in self._stats.outbox():
            depth.add_metric([backlog.topic], backlog.depth)
            due = 0.0 if backlog.oldest_due is None else max(0.0, (now - backlog.oldest_due).total_seconds())
            oldest.add_metric([backlog.topic], due)
        queues = self._stats.deliveries()
        yield depth
        yield oldest
        yield GaugeMetricFamily("gbdcc_delivery_failed_queue", "Messages in the failed-delivery queue",
                                value=queues.failed)
        yield GaugeMetricFamily("gbdcc_delivery_retrying", "Messages waiting to be retried after a failed "
                                "delivery attempt", value=queues.retrying)


class MeteredDelivery:
    """A :class:`ResponseDelivery` that counts each attempt's outcome."""

    def __init__(self, inner: ResponseDelivery, metrics: Metrics) -> None:
        self._inner = inner
        self._metrics = metrics

    def post(self, url: str, body: bytes, timeout_s: float) -> DeliveryOutcome:
        outcome = self._inner.post(url, body, timeout_s)
        self._metrics.delivery_attempts.labels("delivered" if outcome.ok else "failed").inc()
        return outcome
