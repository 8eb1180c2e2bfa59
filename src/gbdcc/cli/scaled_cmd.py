"""``gbdcc up --role …``: one process of scaled mode (docs/scaling.md).

The HTTP roles (``gateway``, ``all``) go on through ``up``'s own start-up (provisioning, banner, uvicorn);
the others — ``processor``, ``wan``, ``delivery`` — run here until SIGTERM or Ctrl-C. NATS (nats-py) is
imported only when a role is asked for, so the embedded default starts as before.
"""

from __future__ import annotations

import signal
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer

from gbdcc.config import Settings
from gbdcc.wiring.roles import ScaledModeInvalid, check_role

if TYPE_CHECKING:
    from gbdcc.adapters.messaging.jetstream import NatsLink
    from gbdcc.wiring.instance import Instance
    from gbdcc.wiring.scaled import ScaledRunner


@dataclass
class ScaledStart:
    role: str
    name: str
    link: NatsLink

    def open(self, settings: Settings) -> Instance:
        from gbdcc.wiring.scaled import open_scaled_instance

        return open_scaled_instance(settings, self.link)

    def start(self, instance: Instance, workers: int) -> ScaledRunner:
        from gbdcc.wiring.scaled import start_role

        return start_role(instance, self.link, self.role, self.name, workers=workers)


def scaled_start(role: str | None, name: str | None, settings: Settings) -> ScaledStart | None:
    """``None`` for the embedded default; else the role checked and the broker connected (or a one-line error)."""
    if role is None:
        return None
    from gbdcc.wiring.scaled import connect, default_name

    check_role(role)
    if settings.database_url is None or not settings.database_url.startswith("postgresql"):
        raise ScaledModeInvalid("scaled mode shares one system of record between processes: set GBDCC_DATABASE_URL "
                                "to a PostgreSQL database (postgresql+psycopg://…)")
    name = name or default_name(role)
    return ScaledStart(role, name, connect(settings, name))


def serve_role(scaled: ScaledStart, settings: Settings, workers: int) -> int:
    """Run a non-HTTP role until SIGTERM / SIGINT; 0 when stopped."""
    from sqlalchemy.engine import make_url

    instance = scaled.open(settings)
    runner = scaled.start(instance, workers)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    database = make_url(settings.database_url or "").render_as_string(hide_password=True)
    typer.echo(f"gbdcc {scaled.role} {scaled.name!r} running: NATS JetStream {settings.nats_url} stream "
               f"{settings.nats_stream}, database {database}, {workers} workers per "
               "stage; SIGTERM or Ctrl-C stops it", err=True)
    try:
        while not stop.wait(1.0):
            pass
    finally:
        runner.stop()
        if instance.engine is not None:
            instance.engine.dispose()
    return 0
