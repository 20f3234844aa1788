"""Practice-panel loader: typing, period parsing and Dutch problems with file/row/column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from evaluator.errors import DataError
from evaluator.inputs.panel import load_practice_panel, panel_warnings, parse_period

FIXTURES = Path(__file__).parent / "fixtures" / "effect"


def test_loads_and_types_panel_with_covariate():
    panel = load_practice_panel(FIXTURES / "panel_ok.csv")
    assert panel.columns[:7] == ["praktijk", "periode", "period_start", "period_index", "poh_actief",
                                 "verwijzingen", "ingeschreven_jeugd"]
    assert panel.schema["period_start"] == pl.Date and panel.schema["aandeel_laag_inkomen"] == pl.Float64
    assert panel.filter(pl.col("praktijk") == "A")["period_index"].to_list() == [0, 1]
    assert panel["aandeel_laag_inkomen"].to_list() == [0.2, 0.2, 0.3, 0.3]
    assert panel["period_start"][1] == dt.date(2023, 4, 1)


@pytest.mark.parametrize("text,expected", [("2023-Q3", dt.date(2023, 7, 1)), ("2023-03", dt.date(2023, 3, 1)),
                                           ("2023-03-15", dt.date(2023, 3, 15)), ("2023K2", dt.date(2023, 4, 1))])
def test_parse_period(text, expected):
    assert parse_period(text)[0] == expected


def test_bad_panel_collects_every_problem():
    with pytest.raises(DataError) as info:
        load_practice_panel(FIXTURES / "panel_bad.csv")
    problems = info.value.problems
    found = {(p.row, p.column) for p in problems if p.severity == "fout"}
    assert (4, "periode") in found  # 2023-Q5
    assert {(5, "poh_actief"), (5, "verwijzingen"), (5, "ingeschreven_jeugd")} <= found
    assert (6, "verwijzingen") in found  # 'drie'
    assert any("meer dan eens" in p.message and p.row == 3 for p in problems)
    assert all(p.file.endswith("panel_bad.csv") for p in problems)
    assert "fout" in info.value.message


def test_missing_columns_named(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("praktijk,periode,verwijzingen\nA,2023-Q1,3\n")
    with pytest.raises(DataError) as info:
        load_practice_panel(path)
    assert {p.column for p in info.value.problems} == {"poh_actief", "ingeschreven_jeugd"}
    assert "mist de kolom" in info.value.message


def test_no_treatment_and_no_preperiod_are_errors(tmp_path):
    never = tmp_path / "never.csv"
    never.write_text("praktijk,periode,poh_actief,verwijzingen,ingeschreven_jeugd\nA,2023-Q1,0,3,100\nA,2023-Q2,0,3,100\n")
    with pytest.raises(DataError) as info:
        load_practice_panel(never)
    assert any("geen effect" in p.message for p in info.value.problems)
    always = tmp_path / "always.csv"
    always.write_text("praktijk,periode,poh_actief,verwijzingen,ingeschreven_jeugd\nA,2023-Q1,1,3,100\n"
                      "B,2023-Q1,0,3,100\nA,2023-Q2,1,3,100\nB,2023-Q2,0,3,100\n")
    with pytest.raises(DataError) as info:
        load_practice_panel(always)
    assert any("voorperiode" in p.message for p in info.value.problems)


def test_missing_periods_are_a_warning_not_an_error(tmp_path):
    path = tmp_path / "gap.csv"
    path.write_text("praktijk,periode,poh_actief,verwijzingen,ingeschreven_jeugd\nA,2023-Q1,0,3,100\n"
                    "A,2023-Q2,1,3,100\nB,2023-Q1,0,3,100\nB,2023-Q2,0,4,100\nB,2023-Q3,0,4,100\nA,2023-Q3,1,2,100\n"
                    "C,2023-Q1,0,3,100\n")
    panel = load_practice_panel(path)
    assert panel.height == 7
    assert "missen periodes" in panel_warnings(panel)[0]


def test_period_missing_everywhere_keeps_its_calendar_gap(tmp_path):
    from evaluator.inputs.panel import load_practice_panel

    rows = ["praktijk,periode,poh_actief,verwijzingen,ingeschreven_jeugd"]
    for practice, start in (("A", 3), ("B", 99)):
        for quarter in ("2017-Q1", "2017-Q2", "2017-Q4", "2018-Q1"):  # 2017-Q3 is missing for everyone
            index = {"2017-Q1": 0, "2017-Q2": 1, "2017-Q4": 3, "2018-Q1": 4}[quarter]
            rows.append(f"{practice},{quarter},{int(index >= start)},5,400")
    path = tmp_path / "panel.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    panel = load_practice_panel(path)
    positions = dict(zip(panel["periode"], panel["period_index"]))
    assert positions["2017-Q4"] == 3 and positions["2018-Q1"] == 4
