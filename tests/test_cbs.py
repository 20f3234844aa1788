"""CBS loader: the real StatLine export, the tidy CSV and Dutch errors for bad files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from evaluator.inputs.cbs import load_cbs, parse_cbs_period
from evaluator.errors import DataError

FIXTURES = Path(__file__).parent / "fixtures" / "effect"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "cbs" / "gemeentedata-2022.csv"


@pytest.mark.skipif(not SHARED.exists(), reason="shared/cbs ontbreekt")
def test_reads_real_statline_export():
    data = load_cbs(SHARED)
    frame = data.frame
    assert data.source == "statline"
    assert frame.filter(pl.col("is_national")).height == 1
    assert frame.filter(pl.col("is_gemeente")).height == 345
    row = frame.filter(pl.col("gebied") == "GM1680").row(0, named=True)
    assert (row["huisarts"], row["totaal"], row["naam"]) == (360, 860, "Aa en Hunze")
    assert frame.filter(pl.col("gebied") == "NL00")["huisarts"][0] == 227295
    assert frame["period_start"].unique().to_list() == [dt.date(2022, 1, 1)]
    # GM0358 Aalsmeer: VerwijzerOnbekend_17 suppressed -> null, not zero
    assert frame.filter(pl.col("gebied") == "GM0358")["verwijzer_onbekend"][0] is None


@pytest.mark.parametrize("text,start,kind,provisional", [
    ("2022JJ00", dt.date(2022, 1, 1), "JJ", False), ("2022HJ02", dt.date(2022, 7, 1), "HJ", False),
    ("2023KW03*", dt.date(2023, 7, 1), "KW", True), ("2021", dt.date(2021, 1, 1), "JJ", False),
    ("2021-H2", dt.date(2021, 7, 1), "HJ", False), ("2021-Q4", dt.date(2021, 10, 1), "KW", False)])
def test_periods(text, start, kind, provisional):
    assert parse_cbs_period(text) == (start, kind, provisional)


def test_tidy_csv_with_population_and_provisional():
    data = load_cbs(FIXTURES / "cbs_tidy.csv")
    assert data.source == "tidy" and data.ignored_rows == 1  # the wijk row
    assert data.provisional_rows == 1
    assert data.frame.filter(pl.col("gebied") == "GM1708")["jeugd_inwoners"].to_list() == [9000, 9000]


def test_only_suppressed_cells_is_an_error():
    with pytest.raises(DataError) as info:
        load_cbs(FIXTURES / "cbs_suppressed.csv")
    assert "onderdrukt" in info.value.message
    assert info.value.problems[0].column == "Huisarts_11"


def test_bad_cells_named_by_row_and_column():
    with pytest.raises(DataError) as info:
        load_cbs(FIXTURES / "cbs_bad.csv")
    where = {(p.row, p.column) for p in info.value.problems}
    assert (2, "Perioden") in where
    assert (3, "TotaalTrajectenInNatura_9") in where
    assert (4, "Huisarts_11") in where  # huisarts > totaal


def test_missing_columns(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("gebied,periode,totaal\nGM0001,2022,4\n")
    with pytest.raises(DataError) as info:
        load_cbs(path)
    assert "huisarts" in info.value.message
