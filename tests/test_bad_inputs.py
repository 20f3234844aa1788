"""Every case of the bad-input corpus (tests/bad_inputs/manifest.yaml) through the CLI.

A failing case must give a Dutch message naming the file (and row and column where the
manifest says so), exit code 1 (2 for usage errors), no traceback, no output written, and
an earlier report in the output folder left byte-identical. Cases marked ``succes`` are
valid but unusual inputs and must produce a report.
"""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from evaluator.cli import app

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
EARLIER_REPORT = {
    "rapport.html": b"<html>eerder rapport</html>\n",
    "rapport.pdf": b"%PDF-1.7 eerder rapport\n",
    "resultaten.json": b'{"eerder": true}\n',
}
ENGLISH = ("Traceback", "Error:", "Usage:", "Invalid value", "No such option", "Missing argument", "Exception")
LARGE_ROWS = 300_000


def test_corpus_is_large_enough():
    failing = [c for c in CASES if c["verwacht"] in ("fout", "gebruik")]
    assert len(failing) >= 40
    assert len({c["id"] for c in CASES}) == len(CASES)
    assert any(c["verwacht"] == "succes" for c in CASES)


def _set(tree: dict, dotted: str, value) -> None:
    *parents, last = dotted.split(".")
    for key in parents:
        tree = tree.setdefault(key, {})
    tree[last] = value


def _remove(tree: dict, dotted: str) -> None:
    *parents, last = dotted.split(".")
    for key in parents:
        tree = tree[key]
    del tree[last]


def _absolute(key: str, value):
    if isinstance(value, str) and value.startswith("@lang:"):  # a long text, e.g. "@lang:3000"
        return "x" * int(value.removeprefix("@lang:"))
    if key in ("data.trajecten", "data.praktijken", "data.cbs") and isinstance(value, str):
        return str(CORPUS / value)
    return value


def _large_file(folder: Path) -> Path:
    """300,000 valid rows, written lazily, with one bad value in the very last row."""
    rows = list(csv.reader((CORPUS / "ok_trajecten.csv").open(encoding="utf-8"), delimiter=";"))
    header, body = rows[0], rows[1:]
    sessions = header.index("aantal_gesprekken")
    path = folder / "groot.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        for index in range(LARGE_ROWS):
            row = list(body[index % len(body)])
            row[0] = f"T{index:07d}"
            if index == LARGE_ROWS - 1:
                row[sessions] = "veel"
            writer.writerow(row)
    return path


def _pilot_for(case: dict, folder: Path) -> Path | None:
    if "pilot" in case:
        return None if case["pilot"] is None else CORPUS / case["pilot"]
    pilot = yaml.safe_load((CORPUS / "base_pilot.yaml").read_text(encoding="utf-8"))
    pilot["data"]["trajecten"] = str(CORPUS / "ok_trajecten.csv")
    for key, value in (case.get("zet") or {}).items():
        _set(pilot, key, _absolute(key, value))
    for key in case.get("verwijder") or ():
        _remove(pilot, key)
    generated = case.get("genereer")
    if generated == "groot_pilotbestand":
        pilot["pilot"]["beschrijving"] = "x" * 5_000_000
    elif generated == "lange_waarde":
        pilot["pilot"]["gemeentecode"] = "GM" + "9" * 900_000
    elif generated == "lange_cel":  # 10 MB of free text in one cell (row 3, hulpvraag)
        lines = (CORPUS / "ok_trajecten.csv").read_text(encoding="utf-8").splitlines()
        cells = lines[2].split(";")
        cells[9] = "x" * 10_000_000
        lines[2] = ";".join(cells)
        (folder / "lange_cel.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        pilot["data"]["trajecten"] = str(folder / "lange_cel.csv")
    elif generated == "fifo_data":
        fifo = folder / "fifo.csv"
        os.mkfifo(fifo)
        pilot["data"]["trajecten"] = str(fifo)
    if generated == "groot_bestand":
        pilot["data"]["trajecten"] = str(_large_file(folder))
    elif generated == "onleesbaar":
        if os.geteuid() == 0:
            pytest.skip("als root zijn alle bestanden leesbaar")
        path = folder / "onleesbaar.csv"
        path.write_bytes((CORPUS / "ok_trajecten.csv").read_bytes())
        path.chmod(0)
        pilot["data"]["trajecten"] = str(path)
    path = folder / "pilot.yaml"
    if generated == "fifo_pilot":
        os.mkfifo(path)  # nobody writes to it: reading it would wait forever
        return path
    path.write_text(yaml.safe_dump(pilot, allow_unicode=True, sort_keys=False, width=10**9), encoding="utf-8")
    return path


def _secrets(case: dict) -> list[str]:
    secrets = case.get("geheim") or []
    if secrets == "bsn":
        with (CORPUS / "data" / "bsn_kolom.csv").open(encoding="utf-8") as handle:
            return [row["clientnummer"] for row in csv.DictReader(handle, delimiter=";")]
    return list(secrets)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_corpus_case(case, tmp_path):
    pilot = _pilot_for(case, tmp_path)
    out = tmp_path / "uit"
    out.mkdir()
    for name, content in EARLIER_REPORT.items():
        (out / name).write_bytes(content)
    if case.get("genereer") == "uitvoer_is_bestand":
        out = tmp_path / "bezet"
        out.write_bytes(b"een bestand, geen map\n")
    before = _snapshot(tmp_path / "uit")
    args = ([] if pilot is None else [str(pilot)]) + ["--datum", "2024-06-30"]
    args += case.get("args") or (["-f", "html,json"] if case["verwacht"] == "succes" else [])
    if "--out" not in args:
        args += ["-o", str(out)]

    started = time.perf_counter()
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    elapsed = time.perf_counter() - started
    output = result.output
    if case.get("genereer") == "groot_bestand":
        print(f"\n{LARGE_ROWS} rijen: {elapsed:.1f} s")

    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), output
    for english in ENGLISH:
        assert english not in output, output
    for secret in _secrets(case):
        assert secret not in output, f"waarde getoond: {secret}"
    expected = case["verwacht"]
    if expected in ("fout", "gebruik"):
        assert result.exit_code == (1 if expected == "fout" else 2), output
        assert "Fout:" in output
        assert _snapshot(tmp_path / "uit") == before  # earlier report untouched, nothing added
    else:
        assert result.exit_code == 0, output
        if "--check" not in args:
            assert {"rapport.html", "resultaten.json"} <= set(os.listdir(out))
            assert (out / "rapport.html").read_bytes() != EARLIER_REPORT["rapport.html"]
    if case.get("bestand"):
        assert case["bestand"] in output, output
    if case.get("rij") is not None:
        assert f"rij {case['rij']}" in output, output
    if case.get("kolom"):
        assert f"kolom '{case['kolom']}'" in output, output
    for fragment in case.get("melding") or ():
        assert fragment in output, output
    if case.get("hoogstens_tekens"):  # a long input value is never echoed in full
        assert len(output) <= case["hoogstens_tekens"], output[:2000]
