"""The layering rules of DESIGN.md, enforced: the domain core is pure, the service layer imports no
adapter. Checked by parsing every module's imports (no import side effects)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "gbdcc"

DOMAIN_ALLOWED_PREFIXES = ("gbdcc.domain",)
STDLIB_FORBIDDEN_IN_DOMAIN = {"socket", "subprocess", "random", "secrets", "sqlite3", "urllib", "http",
                              "asyncio", "threading", "os", "time", "uuid"}
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
            if name.startswith(("gbdcc.adapters", "gbdcc.cli", "gbdcc.bootstrap")):
                offenders.append(f"{path.name}: {name}")
            if name.split(".")[0] in THIRD_PARTY_FORBIDDEN_IN_SERVICE:
                offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_the_checker_sees_imports() -> None:
    """Guard against a checker that passes because it reads nothing."""
    assert "gbdcc.domain.errors" in _imports(SRC / "domain" / "ids.py")
