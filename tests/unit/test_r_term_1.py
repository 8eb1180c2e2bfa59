"""R-TERM-1: documents say "reasonable steps" — never "reasonable endeavours" (which means the same); "best
endeavours" stays where used. Checked over README.md, docs/**/*.md, every README under src/ and the docstrings
(and comments) of src/."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_FORBIDDEN = re.compile(r"\breasonable\s+endeavou?rs?\b", re.IGNORECASE)


def offences(text: str) -> list[str]:
    """The forbidden phrases in ``text`` (line breaks inside the phrase count too)."""
    return [m.group(0) for m in _FORBIDDEN.finditer(text)]


def _docstrings(path: Path) -> str:
    tree = ast.parse(path.read_text(), filename=str(path))
    nodes = [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef
                                                              | ast.ClassDef))]
    return "\n".join(filter(None, (ast.get_docstring(n, clean=False) for n in nodes)))


def _documents() -> dict[Path, str]:
    docs = [ROOT / "README.md", *(ROOT / "docs").rglob("*.md"), *(ROOT / "src").rglob("*.md")]
    found = {p: p.read_text() for p in docs}
    for p in (ROOT / "src").rglob("*.py"):
        found[p] = _docstrings(p) + "\n" + "\n".join(line for line in p.read_text().splitlines() if "#" in line)
    return found


def test_r_term_1_checker_fails_on_reasonable_endeavours_and_passes_on_reasonable_steps() -> None:
    assert offences("The DCC shall use Reasonable Endeavours to notify.") == ["Reasonable Endeavours"]
    assert offences("use reasonable\n  endeavours") and offences("REASONABLE ENDEAVOR")
    assert offences("The DCC shall take reasonable steps to notify.") == []
    assert offences("best endeavours stay where used") == []


def test_r_term_1_documents_and_docstrings_say_reasonable_steps() -> None:
    documents = _documents()
    assert ROOT / "README.md" in documents and ROOT / "docs" / "compliance.md" in documents
    assert any("reasonable steps" in text for text in documents.values())
    assert len([p for p in documents if p.suffix == ".py"]) > 100
    bad = {str(p.relative_to(ROOT)): offences(t) for p, t in documents.items() if offences(t)}
    assert bad == {}
