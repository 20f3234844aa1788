"""Direct identifiers are refused, naming the column but never printing a value."""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from evaluator.cli import app
from evaluator.errors import DataError, PrivacyError
from evaluator.inputs.cbs import load_cbs
from evaluator.inputs.files import ROW, RawTable, read_table
from evaluator.inputs.identifying_columns import names_identifier
from evaluator.inputs.identifying_text import is_iban, shown_value
from evaluator.inputs.panel import load_practice_panel
from evaluator.inputs.parsing import unparsed_problems
from evaluator.inputs.privacy import check_identifiers, is_bsn, looks_identifying
from evaluator.inputs.validate import free_text_columns

CORPUS = Path(__file__).parent / "bad_inputs"


def raw_table(columns: dict[str, list[str]]) -> RawTable:
    height = len(next(iter(columns.values())))
    frame = pl.DataFrame(columns).with_columns(pl.Series(ROW, range(2, height + 2), dtype=pl.Int64))
    return RawTable(Path("registratie.csv"), frame, {c: c for c in columns}, "0" * 64)


def refused(columns: dict[str, list[str]], **options) -> PrivacyError:
    with pytest.raises(PrivacyError) as caught:
        check_identifiers(raw_table(columns), **options)
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


# --- issue 15: every form of identifier in free text ------------------------------------------------------

FREE_TEXT_IDENTIFIERS = [
    ("Sanne Jansen wordt gepest", "namen van personen"),
    ("sanne jansen, 12 jaar", "namen van personen"),
    ("Daan de Vries", "namen van personen"),
    ("Jansen, Sanne", "namen van personen"),
    ("gesprek met Sanne J. en moeder", "namen van personen"),
    ("Emma Oosterhuis wordt gepest", "namen van personen"),
    ("Roos van Dijk", "namen van personen"),
    ("met Sanne, Daan Jansen en moeder", "namen van personen"),
    ("Kerkstraat 12 Steenwijk", "adressen"),
    ("woont Van Goghlaan 3a", "adressen"),
    ("Stationsweg 104", "adressen"),
    ("geboren op 14 maart 2009", "geboortedatums"),
    ("geb. 14-03-2009", "geboortedatums"),
    ("geboortedatum 2009-03-14", "geboortedatums"),
    ("bsn123456782", "burgerservicenummer"),
    ("BSN: 123 456 782", "burgerservicenummer"),
    ("8331ab", "postcodes"),
    ("8331 AB", "postcodes"),
    ("(06) 12345678", "telefoonnummers"),
    ("06-12345678", "telefoonnummers"),
    ("+31 6 1234 5678", "telefoonnummers"),
    ("+31 (0)6 12345678", "telefoonnummers"),
    ("0031612345678", "telefoonnummers"),
    ("bel 038-4561234", "telefoonnummers"),
    ("(038) 456 12 34", "telefoonnummers"),
    ("ouder.jansen@voorbeeld.nl", "e-mailadressen"),
    ("NL91ABNA0417164300", "IBAN"),
    ("rekening NL91 ABNA 0417 1643 00", "IBAN"),
]


@pytest.mark.parametrize("value, what", FREE_TEXT_IDENTIFIERS)
def test_every_form_in_free_text_is_refused_without_the_value(value, what):
    error = refused({"traject_id": ["T1", "T2", "T3"], "hulpvraag": ["angst", "gedrag", value]})
    text = error.describe()
    assert what in text and "rij 4, kolom 'hulpvraag'" in text
    assert value not in text and "pseudoniem" in text
    assert looks_identifying(value) and shown_value(value) == "(waarde niet getoond: lijkt een persoonsgegeven)"


LEGITIMATE = [
    "T0001", "2021-03-14", "14-03-2021", "2017-05-03 00:00:00", "Angst en somberheid", "angst", "gedrag op school",
    "1.250,00", "€ 1.250", "78000", "0,275", "Huisartsenpraktijk De Linde", "Gezondheidscentrum Het Anker",
    "in 2017 en 2018", "Emma Kinderziekenhuis", "Sophia Kinderziekenhuis", "Sint Lucas Andreas",
    "Daan. School gaat slecht",
    "Max 3 gesprekken", "Roos", "training 3x per week", "onderweg 2 uur", "01-02-2017 - 03-04-2017", "2015HJ01",
    "2022KW01", "GM1708", "2016-Q1", "Rotterdam 2019", "P01", "T0000001", "totaal 167280", "doel bereikt: ja",
]


@pytest.mark.parametrize("value", LEGITIMATE)
def test_legitimate_values_pass(value):
    check_identifiers(raw_table({"traject_id": ["T1", "T2"], "hulpvraag": ["angst", value]}),
                      free_text={"hulpvraag"})
    assert not looks_identifying(value)


def test_a_lone_first_name_counts_in_free_text_only():
    error = refused({"traject_id": ["T1", "T2"], "kind": ["Sanne", "Daan"]}, free_text={"kind"})
    assert "namen van personen" in error.describe() and "Sanne" not in error.describe()
    check_identifiers(raw_table({"traject_id": ["T1", "T2"], "status": ["Sanne", "afgerond"]}))


def test_a_column_of_full_names_is_refused_whatever_its_name():
    error = refused({"traject_id": ["T1", "T2"], "kind": ["Sanne Bakker", "Daan Mulder"]})
    assert "rij 2, kolom 'kind'" in error.describe() and "Bakker" not in error.describe()


def test_practice_names_may_name_a_gp_but_not_hold_other_identifiers():
    check_identifiers(raw_table({"traject_id": ["T1"], "praktijk": ["Praktijk Anne de Vries"]}))
    error = refused({"traject_id": ["T1"], "praktijk": ["info@praktijk.nl"]})
    assert "e-mailadressen" in error.describe()


def test_names_are_decided_per_window_not_per_value():
    """Many distinct free texts that all mention the Emma Kinderziekenhuis are not read one by one in Python."""
    many = {"traject_id": [f"T{i}" for i in range(100_000)],
            "hulpvraag": [f"verwezen naar Emma Kinderziekenhuis ({i})" for i in range(100_000)]}
    started = time.perf_counter()
    check_identifiers(raw_table(many), free_text={"hulpvraag"})
    assert time.perf_counter() - started < 10  # about 0.3 s; generous for a busy machine


def test_elfproef_and_iban():
    assert is_iban("NL91ABNA0417164300") and is_iban("nl91 abna 0417 1643 00") and is_iban("BE68539007547034")
    assert not is_iban("NL92ABNA0417164300") and not is_iban("NL91ABNA041716430")


@pytest.mark.parametrize("header", ["naam", "Naam kind", "Voornaam", "Achternaam ouder", "client_naam",
                                    "Geboorte datum", "Geb.datum", "Geboren", "geboortedatum", "Adres ouders",
                                    "Straat + huisnr", "Woonplaats", "Postcode", "BSN", "Burgerservicenummer", "E-mail", "Tel.",
                                    "Telefoonnummer", "Mobiel", "first_name", "Last Name", "date_of_birth", "IBAN"])
def test_identifying_column_names_by_word(header):
    assert names_identifier(header)
    error = refused({"traject_id": ["T1"], header: ["x"]})
    assert f"kolom '{header}'" in error.describe() and "identificerend" in error.describe()


@pytest.mark.parametrize("header", ["traject_id", "praktijk", "startdatum", "verwezen_naar", "verwijzing_zonder_poh",
                                    "hulpvraag", "ingeschreven_jeugd", "aandeel_lage_inkomens", "gebied", "periode",
                                    "huisarts", "totaal", "jeugd_inwoners", "Gemeentenaam_18", "praktijk_naam",
                                    "naam_praktijk", "Kind", "deelname", "aantal_telefoongesprekken", "pc4",
                                    "ThuiswonendKindInEenouderhuishouden_6",
                                    "Verwijzing zonder POH (inschatting huisarts)"])
def test_ordinary_column_names_pass(header):
    assert not names_identifier(header)


def test_kolommen_mapping_checks_the_original_header(tmp_path):
    path = tmp_path / "registratie.csv"
    path.write_text("traject_id;Naam\nT1;Sanne Bakker\nT2;Daan Mulder\n", encoding="utf-8")
    raw = read_table(path, column_map={"hulpvraag": "Naam"})
    assert "hulpvraag" in raw.frame.columns
    with pytest.raises(PrivacyError) as caught:
        check_identifiers(raw)
    text = caught.value.describe()
    assert "kolom 'Naam'" in text and "data.kolommen" in text and "Bakker" not in text


def test_a_header_that_is_itself_a_value_is_named_by_position(tmp_path):
    path = tmp_path / "zonder_kop.csv"
    path.write_text("T0001;P01;Sanne Jansen;123456782\nT0002;P02;Daan Mulder;111222333\n", encoding="utf-8")
    raw = read_table(path)
    with pytest.raises(PrivacyError) as caught:
        check_identifiers(raw, free_text=free_text_columns(raw))
    text = caught.value.describe()
    assert "kolom 3 (kop niet getoond)" in text and "kolom 4 (kop niet getoond)" in text and "kopregel" in text
    assert not any(secret in text for secret in ("Sanne", "Jansen", "123456782", "Mulder"))


def test_read_errors_never_quote_identifying_headers(tmp_path):
    path = tmp_path / "registratie.csv"
    path.write_text("traject_id;Sanne Jansen;ouder@voorbeeld.nl\nT1;x;y\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_table(path, column_map={"praktijk": "Huisarts"})
    text = caught.value.describe()
    assert "traject_id" in text and "Sanne" not in text and "ouder@" not in text


def test_panel_and_cbs_are_checked(tmp_path):
    panel = tmp_path / "praktijken.csv"
    panel.write_text("praktijk,periode,poh_actief,verwijzingen,ingeschreven_jeugd,bsn\n"
                     "P01,2016-Q1,0,14,672,123456782\nP02,2016-Q1,1,10,500,111222333\n", encoding="utf-8")
    with pytest.raises(PrivacyError) as caught:
        load_practice_panel(panel)
    assert "kolom 'bsn'" in caught.value.describe() and "123456782" not in caught.value.describe()
    cbs = tmp_path / "cbs.csv"
    cbs.write_text("gebied,periode,huisarts,totaal,contact\nGM1708,2022,10,20,wethouder@steenwijkerland.nl\n",
                   encoding="utf-8")
    with pytest.raises(PrivacyError) as caught:
        load_cbs(cbs)
    assert "rij 2, kolom 'contact'" in caught.value.describe() and "wethouder" not in caught.value.describe()


def test_the_examples_pass():
    examples = Path(__file__).resolve().parents[1] / "examples"
    for path in [*examples.glob("*/trajecten.*"), examples / "registratie-sjabloon.xlsx"]:
        raw = read_table(path)
        check_identifiers(raw, free_text=free_text_columns(raw))
    for path in examples.glob("*/praktijken.csv"):
        load_practice_panel(path)
    for path in examples.glob("*/cbs-*.csv"):
        load_cbs(path)
