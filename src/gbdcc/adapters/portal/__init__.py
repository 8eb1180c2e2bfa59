"""The Self-Service Interface (web portal): server-rendered pages (Jinja2, plain forms, no JavaScript build)
mounted at ``/portal`` by ``bootstrap.build_app`` (R-OPS-2; docs/portal.md)."""
