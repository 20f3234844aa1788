"""Validation of the registration: typing, normalisation and collected problems."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from evaluator.inputs.config import load_pilot
from evaluator.errors import DataError
from evaluator.inputs.validate import load_dataset
from tests.builders import SMALL_PILOT, SMALL_REGISTRATION, write_pilot

HEADER = SMALL_REGISTRATION.splitlines()[0]


def dataset_for(tmp_path, rows: list[str]):
    path = write_pilot(tmp_path, SMALL_PILOT, "\n".join([HEADER, *rows]) + "\n")
    return load_dataset(load_pilot(path))


def test_types_and_dutch_formats(small_pilot):
    frame = load_dataset(load_pilot(small_pilot)).trajectories
    assert frame.schema["startdatum"] == pl.Date
    assert frame.schema["aantal_gesprekken"] == pl.Int64
    assert frame.schema["tevredenheid"] == pl.Float64
    assert frame["startdatum"][0] == dt.date(2023, 4, 3)
    assert frame.filter(pl.col("traject_id") == "T05")["tevredenheid"][0] == 8.5  # "8,5" in the file
    assert frame["__row"].to_list()[:3] == [2, 3, 4]


def test_synonyms_and_case_are_normalised(tmp_path):
    rows = ["T1;P1;03-04-2023;04-05-2023;Afgerond;Specialistische GGZ;3;SGGZ;9;Meisje;x;5;8;Gedeeltelijk"]
    frame = dataset_for(tmp_path, rows).trajectories
    assert frame.row(0, named=True)["verwezen_naar"] == "specialistische_ggz"
    assert frame.row(0, named=True)["verwijzing_zonder_poh"] == "specialistische_ggz"
    assert frame.row(0, named=True)["geslacht"] == "m"
    assert frame.row(0, named=True)["doel_bereikt"] == "deels"


def test_all_problems_are_collected_with_row_and_column(tmp_path):
    rows = [
        "T1;P1;31-02-2023;;afgerond;geen;3;;9;j;x;5;8;ja",          # impossible date
        "T2;P1;03-04-2023;01-04-2023;afgerond;geen;-1;;9;j;x;5;8;ja",  # end before start, negative sessions
        "T2;P1;03-04-2023;;lopend;wijkteam;2;;9;j;x;5;11;ja",       # duplicate id, destination while running, mark 11
        "T4;P1;03-04-2023;05-05-2023;afgerond;;2;;9;j;x;5;8;misschien",  # no destination, bad goal value
    ]
    with pytest.raises(DataError) as caught:
        dataset_for(tmp_path, rows)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert (2, "startdatum") in found
    assert (3, "einddatum") in found
    assert (3, "aantal_gesprekken") in found
    assert (4, "traject_id") in found
    assert (4, "verwezen_naar") in found
    assert (4, "tevredenheid") in found
    assert (5, "verwezen_naar") in found
    assert (5, "doel_bereikt") in found
    assert "trajecten.csv" in caught.value.describe()


def test_start_outside_pilot_period_is_a_warning(tmp_path):
    dataset = dataset_for(tmp_path, ["T1;P1;03-01-2022;04-02-2022;afgerond;geen;3;;9;j;x;5;8;ja"])
    assert any(w.column == "startdatum" and w.severity == "waarschuwing" for w in dataset.warnings)


def test_missing_required_column_suggests_mapping(tmp_path):
    path = write_pilot(tmp_path, SMALL_PILOT, "id;praktijk;startdatum;status;aantal_gesprekken\nT1;P1;2023-05-01;lopend;1\n")
    with pytest.raises(DataError) as caught:
        load_dataset(load_pilot(path))
    assert "traject_id" in caught.value.describe() and "data.kolommen" in caught.value.describe()


def test_column_mapping_renames_own_headers(tmp_path):
    registration = "Nummer;Praktijk;Start;Status;Verwezen;Contacten\nT1;P1;2023-05-01;afgerond;geen;4\n"
    yaml_text = SMALL_PILOT.replace(
        "  trajecten: trajecten.csv\n",
        "  trajecten: trajecten.csv\n  kolommen: {traject_id: Nummer, startdatum: Start, verwezen_naar: Verwezen, "
        "aantal_gesprekken: Contacten}\n",
    )
    dataset = load_dataset(load_pilot(write_pilot(tmp_path, yaml_text, registration)))
    assert dataset.trajectories["aantal_gesprekken"].to_list() == [4]


def test_identifier_column_is_refused_without_showing_values(tmp_path):
    registration = "traject_id;praktijk;startdatum;status;aantal_gesprekken;bsn\nT1;P1;2023-05-01;lopend;1;111222333\n"
    with pytest.raises(DataError) as caught:
        load_dataset(load_pilot(write_pilot(tmp_path, SMALL_PILOT, registration)))
    assert "bsn" in caught.value.describe()
    assert "111222333" not in caught.value.describe()
