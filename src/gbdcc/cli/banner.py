"""What ``gbdcc up`` prints when it starts: where everything is and what to try first."""

from __future__ import annotations

from rich.console import Console

from gbdcc.adapters.provisioning.demo import DemoParties
from gbdcc.bootstrap import Instance
from gbdcc.domain.catalogue import WebService


def print_banner(instance: Instance, host: str, port: int, demo: DemoParties | None, *, scheme: str = "http",
                 mutual_tls: bool = False, proxy: str | None = None, role: str | None = None,
                 name: str | None = None) -> None:
    """``role`` / ``name``: a scaled-mode process (``up --role``), else the embedded DCC."""
    console = Console(stderr=True, soft_wrap=True)
    base = f"{scheme}://{host}:{port}"
    s = instance.settings
    backend = "PostgreSQL" if (s.database_url or "").startswith("postgresql") else "SQLite"
    mode = "embedded DCC" if role is None else f"scaled DCC, role {role} {name!r}"
    console.print(f"[bold]gbdcc[/bold] {mode} — data in {s.data_dir.resolve()} ({backend}), simulated SM WAN"
                  + (f" at {s.wan_time_scale:g}× time" if s.wan_time_scale != 1 else ""))
    if role is not None:
        console.print(f"  NATS JetStream {s.nats_url} stream {s.nats_stream}; the other roles: `gbdcc up --role "
                      "processor | wan | delivery` with the same settings (docs/scaling.md)")
    for ws in WebService:
        console.print(f"  DUIS {ws.value:9} {base}{ws.path}")
    if scheme == "https":
        console.print("  TLS on" + (": mutual — clients must present a certificate from --tls-client-ca"
                                     if mutual_tls else " (no client certificate asked for)"))
    if proxy is not None:
        console.print(f"  reverse-proxy mode: X-Forwarded-For / -Proto honoured from {proxy}")
    console.print(f"  health         {base}/healthz   metrics {base}/metrics   API docs {base}/docs")
    console.print(f"  portal         {base}/portal/   (Self-Service Interface: `gbdcc portal account add <User ID>`)")
    console.print(f"  admin API      {base}/admin/v1/…   OpenAPI {base}/openapi.json"
                  + ("" if s.admin_token else "   (no GBDCC_ADMIN_TOKEN: loopback callers only)"))
    if s.smki_port:
        console.print(f"  SMKI service   http://{host}:{s.smki_port}/services/certificatesearch, /retrievecertificate")
    if s.boxed:
        console.print(f"  [yellow]DCC Boxed identity[/yellow]: responses signed with the DSP key serial "
                      f"{instance.identity.xml_signing_cert.serial_number:X}")
    if s.test_pki:
        console.print("  [yellow]test-PKI mode ON[/yellow]: expired DCC test certificates accepted")
    if demo is not None:
        console.print(f"  demo supplier {demo.supplier} (IS, GS), keys in {demo.supplier_keys}")
        console.print(f"  demo electricity distributor {demo.network_operator} (ED), keys in "
                      f"{demo.network_operator_keys}")
        console.print(f"  demo gas transporter {demo.gas_transporter} (GT), keys in {demo.gas_transporter_keys}")
        console.print("  10 spare premises (hubs delivered, MPAN / MPRN registered) await an install: run "
                      f"`gbdcc demo --url {base} --data-dir {s.data_dir}` to install and operate one through DUIS")
        console.print(f"  responses and alerts for them are POSTed to {s.demo_response_url}: run "
                      f"`gbdcc duis receive --port {_port(s.demo_response_url)}` to see them")
    _print_cpl(console, instance)
    with instance.uow_factory(read_only=True) as uow:
        users = len(uow.users.list())
    if users == 0:
        console.print("  no Users yet: gbdcc users add --data-dir "
                      f"{s.data_dir} --eui <EUI-64> --role IS --name <name> --issue-keys <dir>")


def _print_cpl(console: Console, instance: Instance) -> None:
    """R-PKI-2: the CPL in force, or that there is none and commissioning is not checked against one."""
    with instance.uow_factory(read_only=True) as uow:
        cpl = uow.cpl.in_force()
    if cpl is None:
        console.print("  CPL            none loaded: commissioning (8.1.1) and firmware (11.1) are not checked "
                      "against a Certified Products List (R-PKI-2); load SECCo's signed CPL with `gbdcc cpl load`")
    else:
        console.print(f"  CPL            version {cpl.version} in force ({cpl.entries} device models, signed by "
                      f"{cpl.signer}): 8.1.1 and 11.1 checked against it (R-PKI-2)")


def _port(url: str) -> str:
    tail = url.rsplit(":", 1)[-1]
    return tail.split("/", 1)[0] if tail[:1].isdigit() else "8090"
