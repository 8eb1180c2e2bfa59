"""Stable error codes: every GbdccError subclass in the package has its own code, listed in the registry
docstring of ``gbdcc.domain.errors`` (users grep logs and audit records for them)."""

from __future__ import annotations

import importlib
import pkgutil
import re

import gbdcc
from gbdcc.domain import errors
from gbdcc.domain.errors import GbdccError


def _all_subclasses(cls: type) -> set[type]:
    out = set()
    for sub in cls.__subclasses__():
        out |= {sub} | _all_subclasses(sub)
    return out


def test_every_error_code_is_unique_and_documented() -> None:
    for mod in pkgutil.walk_packages(gbdcc.__path__, "gbdcc."):
        if ".cli" in mod.name or mod.name.endswith("migrations") or ".migrations." in mod.name:
            continue
        importlib.import_module(mod.name)
    classes = _all_subclasses(GbdccError) | {GbdccError}
    by_code: dict[str, list[str]] = {}
    for cls in classes:
        if "code" in cls.__dict__:
            by_code.setdefault(cls.code, []).append(f"{cls.__module__}.{cls.__qualname__}")
    duplicates = {code: names for code, names in by_code.items() if len(names) > 1}
    assert duplicates == {}
    documented = set(re.findall(r"^(GBDCC-\d{3})", errors.__doc__ or "", re.MULTILINE))
    assert set(by_code) - documented == set()
    assert len(by_code) >= 30
