"""The layering rules of DESIGN.md, enforced: the domain core is pure, the service layer imports no
adapter, and neither imports the composition root (``gbdcc.bootstrap`` and the ``gbdcc.wiring`` package it
re-exports, which alone may wire adapters in). Checked by parsing every module's imports (no import side
effects)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "gbdcc"

DOMAIN_ALLOWED_PREFIXES = ("gbdcc.domain",)
STDLIB_FORBIDDEN_IN_DOMAIN = {"socket", "subprocess", "random", "secrets", "sqlite3", "urllib", "http",
                              "asyncio", "threading", "os", "time", "uuid"}
COMPOSITION_ROOT = ("gbdcc.bootstrap", "gbdcc.wiring")
THIRD_PARTY_FORBIDDEN_IN_SERVICE = {"sqlalchemy", "lxml", "signxml", "fastapi", "starlette", "uvicorn",
                                    "nats", "httpx", "alembic", "psycopg"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_domain_imports_only_stdlib_and_itself() -> None:
    import sys

    offenders = []
    for path in (SRC / "domain").rglob("*.py"):
        for name in _imports(path):
            top = name.split(".")[0]
            if name.startswith("gbdcc."):
                if not name.startswith(DOMAIN_ALLOWED_PREFIXES):
                    offenders.append(f"{path.name}: {name}")
            elif top not in sys.stdlib_module_names and top != "__future__":
                offenders.append(f"{path.name}: third-party {name}")
            elif top in STDLIB_FORBIDDEN_IN_DOMAIN:
                offenders.append(f"{path.name}: I/O, clock or randomness via {name}")
    assert offenders == []


def test_service_layer_imports_no_adapter() -> None:
    offenders = []
    for path in (SRC / "service").rglob("*.py"):
        for name in _imports(path):
            if name.startswith(("gbdcc.adapters", "gbdcc.cli", *COMPOSITION_ROOT)):
                offenders.append(f"{path.name}: {name}")
            if name.split(".")[0] in THIRD_PARTY_FORBIDDEN_IN_SERVICE:
                offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_the_composition_root_is_bootstrap_and_the_wiring_package() -> None:
    """The wiring package is composition root like bootstrap: it may import adapters (it does), and the
    domain core and the service layer import neither (checked above); bootstrap itself only re-exports."""
    wiring = list((SRC / "wiring").rglob("*.py"))
    assert len(wiring) > 5
    assert any(name.startswith("gbdcc.adapters") for path in wiring for name in _imports(path))
    assert all(name.startswith(("gbdcc.wiring", "__future__")) for name in _imports(SRC / "bootstrap.py"))


def test_the_checker_sees_imports() -> None:
    """Guard against a checker that passes because it reads nothing."""
    assert "gbdcc.domain.errors" in _imports(SRC / "domain" / "ids.py")
