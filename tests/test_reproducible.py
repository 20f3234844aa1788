"""Same inputs, seed and --datum give byte-identical resultaten.json, rapport.html, rapport.pdf, the collegeversie
and cijfers.xlsx.

Runs a small pilot with a business case (Monte Carlo, bootstrap) twice, with sockets blocked and the
audit searching afresh in the second run (no memory, no disk cache), and compares the bytes. Also checks that the PDF's dates come from --datum
and its identifier is fixed, not taken from the clock.
"""

from __future__ import annotations

import re
import socket
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evaluator.cli import app
from evaluator.report.audit import _MEMO as audit_memo

PILOT = Path(__file__).resolve().parent / "fixtures" / "report" / "pilot.yaml"
FILES = ("resultaten.json", "rapport.html", "rapport.pdf", "collegeversie.html", "collegeversie.pdf", "cijfers.xlsx")


def _blocked(*args, **kwargs):
    raise AssertionError("netwerkverbinding geprobeerd")


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    patch = pytest.MonkeyPatch()
    for name in ("socket", "create_connection", "getaddrinfo"):
        patch.setattr(socket, name, _blocked)
    try:
        folders = []
        for attempt in (1, 2):
            # The second run searches afresh, without the session's disk cache or the memory, and must decide
            # as the first did (whose steps may come from a search in another test): the audit is deterministic.
            audit_memo.clear()
            if attempt == 2:
                patch.setenv("EVALUATOR_CACHE", "uit")
            out = tmp_path_factory.mktemp(f"run{attempt}")
            result = CliRunner().invoke(app, [str(PILOT), "-o", str(out), "--datum", "2024-06-30", "--seed", "1708"])
            assert result.exit_code == 0, result.output
            folders.append(out)
    finally:
        patch.undo()
    return folders


@pytest.mark.parametrize("name", FILES)
def test_byte_identical(two_runs, name):
    first, second = (folder / name for folder in two_runs)
    assert first.read_bytes() == second.read_bytes(), f"{name} verschilt tussen twee runs"


def _pdf_texts(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated, for searching metadata."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_pdf_dates_and_identifier_are_fixed(two_runs):
    text = _pdf_texts((two_runs[0] / "rapport.pdf").read_bytes())
    assert b"/CreationDate (D:20240630" in text
    assert b"/ModDate (D:20240630" in text
    assert b"(poh-jeugd-evaluator)" in text  # first half of /ID: fixed, not random


def test_results_carry_the_colophon(two_runs):
    import json

    meta = json.loads((two_runs[0] / "resultaten.json").read_text(encoding="utf-8"))["meta"]
    assert meta["seed"] == 1708 and meta["generated"] == "2024-06-30" and meta["internal"] is True
    assert meta["version"] and all(len(h) == 64 for h in meta["inputs"].values())
    assert {"pilot.yaml", "trajecten.csv"} <= set(meta["inputs"])


@pytest.mark.slow
def test_the_audit_does_not_depend_on_the_hash_seed(tmp_path, request):
    """Two processes with different string hashing (PYTHONHASHSEED) publish the same figures: no choice of the
    audit may follow the iteration order of a set. Two full audits in subprocesses (about 20 s): -m slow."""
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("lange controle: draai met -m slow")
    import os
    import subprocess
    import sys

    script = ("import json, pathlib, sys; from tests.builders import evaluate_run; "
              "_, _, p = evaluate_run(pathlib.Path(sys.argv[1])); "
              "print(json.dumps({k: d.text for k, d in p.decisions.items()}, sort_keys=True))")
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script, str(PILOT)], capture_output=True, text=True, env=env,
                              cwd=Path(__file__).resolve().parents[1], check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
