"""The benchmark script runs (its quick version): it measures, it asserts nothing about speed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "benchmark.py"


def test_quick_benchmark_prints_a_table_and_writes_json(tmp_path):
    out = tmp_path / "benchmark.json"
    done = subprocess.run([sys.executable, str(SCRIPT), "--quick", "--skip", "large", "--json", str(out)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "evaluate --help" in done.stdout
    figures = json.loads(out.read_text())
    assert figures["help"]["ok"] and figures["help"]["wall"] > 0
    assert "large" not in figures  # skipped: a whole evaluation costs the suite ~20 s (the full script times it)
