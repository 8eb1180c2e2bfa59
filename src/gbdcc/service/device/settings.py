"""Timings of the device request pipeline (all configuration; defaults illustrative where DUIS is silent)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from gbdcc.domain.delivery import DeliveryPolicy


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    """``response_timeout``: how long the DCC waits for a device's response before E21 (on-demand
    Service Responses are commonly targeted within 30 s, DOMAIN.md §10; the simulated WAN's p99 round
    trip is ~24 s in the North region, so the default leaves room). ``precommand_validity``: how long a
    CV4 Pre-Command may be signed and returned as a CV5. ``held_release_window``: how late after its
    ExecutionDateTime the DCC still releases a request it held (DSP pattern) — later, E30 (gbdcc was not
    running at the time). ``test_pki``: accept the DCC's expired test certificates (also for the User's
    GBCS signing certificate)."""

    response_timeout: timedelta = timedelta(seconds=60)
    precommand_validity: timedelta = timedelta(hours=24)
    held_release_window: timedelta = timedelta(hours=1)
    delivery: DeliveryPolicy = field(default_factory=DeliveryPolicy)
    test_pki: bool = False
