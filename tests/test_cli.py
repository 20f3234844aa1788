"""The command line: Dutch help and usage errors, exit codes, internal errors without traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from evaluator import pipeline
from evaluator.cli import app
from evaluator.cli_dutch import translate_usage_error

CORPUS = Path(__file__).parent / "bad_inputs"
runner = CliRunner()


def test_help_is_dutch():
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    for dutch in ("Gebruik:", "Argumenten:", "Opties:", "PILOTBESTAND", "Toon deze hulptekst", "[standaard:",
                  "Exitcodes"):
        assert dutch in result.output
    for english in ("Usage:", "Options:", "Arguments:", "Show this message", "[default:", "required"):
        assert english not in result.output


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--bogus"], "Onbekende optie"),
        ([], "ontbreekt"),
        (["x.yaml", "--seed"], "heeft een waarde nodig"),
        (["x.yaml", "--seed", "twaalf"], "geheel getal"),
        (["x.yaml", "-f", "docx"], "onbekend formaat"),
        (["x.yaml", "--datum", "31-02-2024"], "geen datum"),
        (["x.yaml", "extra", "--check", "--check=ja"], "geen waarde"),
    ],
)
def test_usage_errors_are_dutch_with_exit_2(args, fragment):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert fragment in result.output and "Fout:" in result.output
    assert "Error" not in result.output and "Traceback" not in result.output


def test_unknown_click_text_passes_through_unchanged():
    assert translate_usage_error("Iets heel anders.") == "Iets heel anders."


def test_internal_error_gives_short_dutch_message_and_log(tmp_path, monkeypatch):
    log = tmp_path / "fout.log"
    monkeypatch.setenv("EVALUATOR_LOGBESTAND", str(log))

    def broken(*args, **kwargs):
        raise ZeroDivisionError("interne fout in het cohort")

    monkeypatch.setattr(pipeline, "describe_cohort", broken)
    out = tmp_path / "uit"
    out.mkdir()
    (out / "rapport.html").write_bytes(b"eerder")
    result = runner.invoke(app, [str(CORPUS / "base_pilot.yaml"), "-o", str(out)])
    assert result.exit_code == 1
    assert "onverwachts" in result.output and str(log) in result.output
    assert "Traceback" not in result.output and "ZeroDivisionError" not in result.output
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")
    assert (log.stat().st_mode & 0o077) == 0  # may hold data: readable by the owner only
    assert [p.name for p in out.iterdir()] == ["rapport.html"] and (out / "rapport.html").read_bytes() == b"eerder"


def test_check_only_validates(tmp_path):
    result = runner.invoke(app, [str(CORPUS / "base_pilot.yaml"), "--check", "-o", str(tmp_path / "uit")])
    assert result.exit_code == 0, result.output
    assert "Registratie in orde: 40 trajecten" in result.output
    assert not (tmp_path / "uit").exists()
