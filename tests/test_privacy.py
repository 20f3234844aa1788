"""Direct identifiers are refused, naming the column but never printing a value."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from evaluator.cli import app
from evaluator.errors import PrivacyError
from evaluator.inputs.files import ROW, RawTable
from evaluator.inputs.parsing import unparsed_problems
from evaluator.inputs.privacy import check_identifiers, is_bsn, looks_identifying

CORPUS = Path(__file__).parent / "bad_inputs"


def raw_table(columns: dict[str, list[str]]) -> RawTable:
    height = len(next(iter(columns.values())))
    frame = pl.DataFrame(columns).with_columns(pl.Series(ROW, range(2, height + 2), dtype=pl.Int64))
    return RawTable(Path("registratie.csv"), frame, {c: c for c in columns}, "0" * 64)


def refused(columns: dict[str, list[str]]) -> PrivacyError:
    with pytest.raises(PrivacyError) as caught:
        check_identifiers(raw_table(columns))
    return caught.value


@pytest.mark.parametrize("name", ["naam", "voornaam", "achternaam", "bsn", "adres", "postcode", "geboortedatum",
                                  "e_mail", "email", "telefoon", "client_naam", "burgerservicenummer"])
def test_identifying_column_names(name):
    error = refused({"traject_id": ["T1", "T2"], name: ["Sanne de Vries", "Ahmed B."]})
    assert f"kolom '{name}'" in error.describe()
    assert "Sanne" not in error.describe() and "Ahmed" not in error.describe()
    assert "pseudoniem" in error.describe() and "leeftijd in hele jaren" in error.describe()


@pytest.mark.parametrize(
    "value, what",
    [
        ("123456782", "burgerservicenummers"),
        ("1234.56.782", "burgerservicenummers"),
        ("moeder: ouder@voorbeeld.nl", "e-mailadressen"),
        ("bel 06-12345678 na 17 uur", "telefoonnummers"),
        ("woont 8331 AB", "postcodes"),
        ("geboren 14-03-2009, angstklachten", "geboortedatums"),
        ("bsn 123456782 in dossier", "burgerservicenummer"),
    ],
)
def test_identifying_values_in_any_column(value, what):
    error = refused({"traject_id": ["T1", "T2"], "hulpvraag": ["angst", value]})
    text = error.describe()
    assert what in text and "kolom 'hulpvraag'" in text
    assert value not in text
    assert "rij 3" in text  # where the value is, never the value


def test_ordinary_registration_passes():
    check_identifiers(raw_table({
        "traject_id": ["T0001", "T0002"], "praktijk": ["P01", "Praktijk De Linde"],
        "startdatum": ["2017-05-03", "03-05-2017"], "aantal_gesprekken": ["3", "12"],
        "hulpvraag": ["angst en somberheid", "gedrag op school"], "praktijk_naam": ["De Linde", "Het Anker"],
    }))


def test_elfproef():
    assert is_bsn("111222333") and is_bsn("123456782")
    assert not is_bsn("123456789") and not is_bsn("000000000") and not is_bsn("12345678")


def test_other_messages_never_echo_identifiers():
    raw = pl.DataFrame({"leeftijd": ["jan@voorbeeld.nl", "0612345678", "twaalf"], ROW: [2, 3, 4]})
    typed = pl.DataFrame({"leeftijd": [None, None, None]}, schema={"leeftijd": pl.Int64})
    messages = " ".join(p.message for p in unparsed_problems(raw, typed, "r.csv", {}, {"leeftijd": "een leeftijd"}))
    assert "jan@" not in messages and "0612345678" not in messages and "twaalf" in messages
    assert looks_identifying("jan@voorbeeld.nl") and not looks_identifying("twaalf")


def test_cli_never_prints_the_values(tmp_path):
    result = CliRunner().invoke(app, [str(CORPUS / "base_pilot.yaml"), "--check"])
    assert result.exit_code == 0, result.output
    pilot = (CORPUS / "base_pilot.yaml").read_text(encoding="utf-8").replace(
        "ok_trajecten.csv", str(CORPUS / "data" / "email_in_vrije_tekst.csv"))
    (tmp_path / "pilot.yaml").write_text(pilot, encoding="utf-8")
    result = CliRunner().invoke(app, [str(tmp_path / "pilot.yaml"), "-o", str(tmp_path / "uit")])
    assert result.exit_code == 1
    assert "ouder.jansen" not in result.output and "kolom 'hulpvraag'" in result.output
    assert not (tmp_path / "uit").exists()


def test_report_lists_no_individual_trajectories(tmp_path):
    result = CliRunner().invoke(app, [str(CORPUS / "base_pilot.yaml"), "-o", str(tmp_path), "-f", "html,json",
                                      "--datum", "2024-06-30"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    ids = [line.split(";")[0] for line in (CORPUS / "ok_trajecten.csv").read_text(encoding="utf-8").splitlines()[1:]]
    assert not [i for i in ids if i in html]
    meta = (tmp_path / "resultaten.json").read_text(encoding="utf-8")
    assert '"internal": true' in meta
