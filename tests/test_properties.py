"""Property-based tests (hypothesis) for the loaders and validators.

Whatever bytes a file holds, reading and validating it ends in a table or a ``DataError``
with Dutch problems naming the file; never another exception. What passes validation obeys
the contract of docs/architecture.md.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluator.inputs.config import load_pilot
from evaluator.errors import DataError
from evaluator.inputs.files import ROW, read_table
from evaluator.inputs.parsing import parse_date, parse_float, parse_int
from evaluator.inputs.privacy import check_identifiers, is_bsn
from evaluator.inputs.validate import STATUSES, validate_trajectories

CORPUS = Path(__file__).parent / "bad_inputs"
CONFIG = load_pilot(CORPUS / "base_pilot.yaml")
HEADER = ["traject_id", "praktijk", "startdatum", "einddatum", "status", "verwezen_naar", "aantal_gesprekken",
          "leeftijd", "tevredenheid"]
FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

cell = st.one_of(
    st.sampled_from(["", " ", "afgerond", "lopend", "uitgevallen", "geen", "wijkteam", "2017-05-01", "31-02-2018",
                     "01-06-2017", "05-04-17", "3", "-1", "8,5", "1.250", "NaN", "inf", "1e400", "T1", "P01", "ja",
                     "\u00e9\u00e9n", "0", "250"]),
    st.text(max_size=12),
)


@FAST
@given(content=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".xlsx", ".parquet", ".txt"]))
def test_read_table_never_crashes(tmp_path_factory, content, suffix):
    path = tmp_path_factory.mktemp("lees") / f"bestand{suffix}"
    path.write_bytes(content)
    try:
        raw = read_table(path)
    except DataError as error:
        assert "bestand" in error.describe()
        return
    assert ROW in raw.frame.columns
    assert all(dtype == pl.String for name, dtype in raw.frame.schema.items() if name != ROW)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cell, min_size=len(HEADER), max_size=len(HEADER)), min_size=1, max_size=8),
       delimiter=st.sampled_from([";", ",", "\t"]))
def test_validation_ends_in_dataset_or_data_error(tmp_path_factory, rows, delimiter):
    rows = [[value.replace(delimiter, " ").replace('"', " ").replace("\n", " ").replace("\r", " ") for value in row]
            for row in rows]
    path = tmp_path_factory.mktemp("val") / "registratie.csv"
    path.write_text("\n".join(delimiter.join(r) for r in [HEADER, *rows]) + "\n", encoding="utf-8")
    try:
        raw = read_table(path)
        check_identifiers(raw)
        typed, warnings = validate_trajectories(CONFIG, raw)
    except DataError as error:
        for problem in error.problems:
            assert problem.file.endswith("registratie.csv") and problem.message
        return
    assert typed["status"].is_in(list(STATUSES)).all()
    assert typed["traject_id"].is_unique().all()
    assert (typed["aantal_gesprekken"] >= 0).all()
    assert typed.filter(pl.col("status") == "lopend")["verwezen_naar"].null_count() == \
        typed.filter(pl.col("status") == "lopend").height
    satisfaction = typed["tevredenheid"].drop_nulls()
    assert satisfaction.is_finite().all() and ((satisfaction >= 1) & (satisfaction <= 10)).all()


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
       style=st.sampled_from(["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]))
def test_every_written_date_is_read_back(day, style):
    frame = pl.DataFrame({"d": [day.strftime(style)]}).select(parse_date("d"))
    assert frame["d"][0] == day


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=15))
def test_parsed_dates_have_four_digit_years_and_numbers_are_finite(text):
    frame = pl.DataFrame({"d": [text], "f": [text], "i": [text]}).select(
        parse_date("d"), parse_float("f"), parse_int("i"))
    if frame["d"][0] is not None:
        assert any(part.isdigit() and len(part) == 4 for part in re.split(r"\D", text))
    if frame["f"][0] is not None:
        assert frame["f"].is_finite()[0]


@settings(max_examples=200, deadline=None)
@given(number=st.integers(0, 10**9 - 1))
def test_elfproef_matches_definition(number):
    digits = f"{number:09d}"
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1)))
    assert is_bsn(digits) == (total % 11 == 0 and number != 0)
