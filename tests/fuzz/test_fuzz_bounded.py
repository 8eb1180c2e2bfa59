"""A bounded run of the atheris fuzz target of the DUIS request path (``fuzz/duis_request.py``; ``make fuzz`` runs
it for longer): seeded from the RTDS templates, 10,000 inputs, and it must find nothing — any input for which the
path raises something other than a ``GbdccError`` is a crash and fails this test (it then becomes a regression
test in ``test_fuzz_regressions.py``)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RUNS = 10_000

pytestmark = pytest.mark.oracle


def test_bounded_fuzz_run_finds_nothing(oracles: Path, tmp_path: Path) -> None:
    corpus, artifacts = tmp_path / "corpus", tmp_path / "artifacts"
    artifacts.mkdir()
    seeded = subprocess.run([sys.executable, str(REPO / "fuzz/seed_corpus.py"), str(corpus)],
                            capture_output=True, text=True, check=True, timeout=120)
    assert "594 seeds" in seeded.stdout
    run = subprocess.run(
        [sys.executable, str(REPO / "fuzz/duis_request.py"), str(corpus), f"-runs={RUNS}", "-seed=20260301",
         f"-dict={REPO / 'fuzz/duis.dict'}", f"-artifact_prefix={artifacts}/", "-max_len=65536"],
        capture_output=True, text=True, timeout=600, check=False,
    )
    crashes = sorted(p.name for p in artifacts.iterdir())
    assert run.returncode == 0 and not crashes, (crashes, run.stderr[-3000:])
    assert re.search(rf"Done {RUNS} runs in \d+ second", run.stderr), run.stderr[-2000:]
