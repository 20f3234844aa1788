"""The synthetic example pilots: deterministic, reproducing the published aggregates, valid pilot files.

The generator (examples/generate.py) is loaded from its path; it is a script, not part of the package.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import sys
from pathlib import Path

import polars as pl
import pytest

from evaluator.inputs.config import load_pilot
from evaluator.vocabulary import DESTINATIONS
from evaluator.inputs.files import normalise_header

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
PILOTS = ("steenwijkerland", "tilburg", "groningen")
GGZ = ("specialistische_ggz", "basis_ggz")


def _load_generator():
    spec = importlib.util.spec_from_file_location("examples_generate", EXAMPLES / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("voorbeelden")
    gen.main(out)
    return out


def _read_trajectories(slug: str) -> pl.DataFrame:
    """Read a pilot's registration as text with standard column names (using the pilot's kolommen)."""
    config = load_pilot(ROOT / "pilots" / f"{slug}.yaml")
    path = config.data.trajectories
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter=";"))
        frame = pl.DataFrame(rows[1:], schema=rows[0], orient="row")
    elif path.suffix == ".xlsx":
        frame = pl.read_excel(path, sheet_name=config.data.sheet, infer_schema_length=0)
    else:
        frame = pl.read_parquet(path)
    wanted = {normalise_header(own): standard for standard, own in config.data.column_map.items()}
    frame = frame.rename({c: wanted.get(normalise_header(c), normalise_header(c)) for c in frame.columns})
    frame = frame.with_columns(pl.all().cast(pl.String)).with_columns(
        [pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in frame.columns]
    )
    for column in ("startdatum", "einddatum"):
        text = pl.col(column).str.slice(0, 10)
        frame = frame.with_columns(
            pl.coalesce(text.str.to_date("%d-%m-%Y", strict=False), text.str.to_date("%Y-%m-%d", strict=False)).alias(column)
        )
    return frame.with_columns(pl.col("aantal_gesprekken").cast(pl.Int64), pl.col("leeftijd").cast(pl.Int64))


def _completed(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("status") == "afgerond")


# ---------------------------------------------------------------- (a) deterministic


def test_rerun_gives_byte_identical_files(generated, tmp_path):
    gen.main(tmp_path)
    for name in ("steenwijkerland/trajecten.csv", "groningen/trajecten.parquet", "tilburg/cbs-tidy.csv",
                 "tilburg/praktijken.csv", "groningen/cbs-statline.csv"):
        assert (tmp_path / name).read_bytes() == (generated / name).read_bytes(), name


def test_committed_examples_are_up_to_date(generated):
    files = sorted(p.relative_to(generated) for p in generated.rglob("*") if p.is_file())
    assert len(files) == 14
    for relative in files:
        committed = EXAMPLES / relative
        assert committed.exists(), f"{relative} ontbreekt; draai python examples/generate.py"
        assert committed.read_bytes() == (generated / relative).read_bytes(), (
            f"{relative} wijkt af van de generator; draai python examples/generate.py en commit"
        )


# ---------------------------------------------------------------- (b) published aggregates


def test_steenwijkerland_reproduces_published_figures():
    frame = _read_trajectories("steenwijkerland")
    completed = _completed(frame)
    assert frame.height == 99
    assert "verwijzing_zonder_poh" not in frame.columns
    helped = (completed["verwezen_naar"] == "geen").sum()
    assert abs(helped - 0.85 * completed.height) <= 1
    short = (completed["aantal_gesprekken"] <= 2).sum()
    assert abs(short - completed.height / 3) <= 1
    assert completed["aantal_gesprekken"].is_between(3, 8).sum() == completed.height - short
    marks = frame["tevredenheid"].drop_nulls().cast(pl.Float64)
    assert abs(marks.mean() - 8.2) < 0.05 and 0 < marks.len() < completed.height
    assert {"lopend", "uitgevallen"} <= set(frame["status"])


def test_tilburg_reproduces_published_figures():
    frame = _read_trajectories("tilburg")
    completed = _completed(frame)
    assert completed.height == 118
    assert frame.height > 118
    not_ggz = (~completed["verwezen_naar"].is_in(GGZ)).mean()
    assert 0.37 <= not_ggz <= 0.43
    referred = completed.filter(pl.col("verwezen_naar").is_in(GGZ))["aantal_gesprekken"].mean()
    helped = completed.filter(pl.col("verwezen_naar") == "geen")["aantal_gesprekken"].mean()
    assert 2 <= referred <= 3 and 6 <= helped <= 8
    intention = frame["verwijzing_zonder_poh"]
    assert intention.null_count() == 0
    assert 1 <= (intention == "onbekend").sum() <= 10
    assert intention.is_in(GGZ).mean() > 0.6


def test_groningen_reproduces_published_shares():
    frame = _read_trajectories("groningen")
    completed = _completed(frame)
    assert 300 <= frame.height <= 1000
    published = {"geen": 0.54, "specialistische_ggz": 0.20, "wijkteam": 0.12, "jeugdhulp_lvb": 0.05,
                 "basis_ggz": 0.04, "vrij_toegankelijk": 0.02}
    for destination, share in published.items():
        assert abs((completed["verwezen_naar"] == destination).mean() - share) <= 0.01, destination
    sessions = completed["aantal_gesprekken"]
    buckets = [(sessions == 1).sum(), sessions.is_between(2, 7).sum(), (sessions > 7).sum()]
    for got, ratio in zip(buckets, (122, 339, 107)):
        assert abs(got / completed.height - ratio / 568) <= 0.01
    unknown = (frame["verwijzing_zonder_poh"].is_null() | (frame["verwijzing_zonder_poh"] == "onbekend")).mean()
    assert 0.13 <= unknown <= 0.17


@pytest.mark.parametrize("slug", PILOTS)
def test_registration_is_consistent_and_anonymous(slug):
    config = load_pilot(ROOT / "pilots" / f"{slug}.yaml")
    frame = _read_trajectories(slug)
    assert frame["traject_id"].is_unique().all() and frame["traject_id"].str.contains(r"^T\d{4}$").all()
    assert frame["startdatum"].min() >= config.pilot.start and frame["einddatum"].max() <= config.pilot.end
    assert frame.filter(pl.col("einddatum") < pl.col("startdatum")).height == 0
    ongoing = frame.filter(pl.col("status") == "lopend")
    assert ongoing["einddatum"].null_count() == ongoing.height and ongoing["verwezen_naar"].null_count() == ongoing.height
    assert _completed(frame)["verwezen_naar"].null_count() == 0
    assert set(frame["verwezen_naar"].drop_nulls()) <= set(DESTINATIONS)
    assert set(frame["status"]) <= {"afgerond", "lopend", "uitgevallen"}
    assert set(frame["geslacht"].drop_nulls()) <= {"j", "m", "x", "onbekend"}
    assert set(frame["doel_bereikt"].drop_nulls()) <= {"ja", "deels", "nee"}
    assert frame["leeftijd"].is_between(0, 23).all() and frame["leeftijd"].is_between(4, 17).mean() > 0.8
    assert (frame["aantal_gesprekken"] >= 0).all()
    assert (frame["wachttijd_dagen"].drop_nulls().cast(pl.Int64) < 14).mean() > 0.75
    assert not {"naam", "bsn", "geboortedatum", "adres", "postcode"} & set(frame.columns)


@pytest.mark.parametrize("slug", PILOTS)
def test_practice_panel_has_staggered_starts_and_comparisons(slug):
    panel = pl.read_csv(EXAMPLES / slug / "praktijken.csv")
    assert panel.columns == ["praktijk", "periode", "poh_actief", "verwijzingen", "ingeschreven_jeugd",
                             "aandeel_lage_inkomens"]
    per_practice = panel.sort("periode").group_by("praktijk", maintain_order=True).agg(
        pl.col("poh_actief").sum().alias("active"), pl.col("poh_actief").diff().min().alias("min_step"),
        pl.col("periode").filter(pl.col("poh_actief") == 1).first().alias("first"),
    )
    assert (per_practice["active"] == 0).sum() >= 5  # comparison practices
    assert per_practice["first"].drop_nulls().n_unique() >= 2  # staggered
    assert (per_practice["min_step"].fill_null(0) >= 0).all()  # once on, stays on
    first_start = per_practice["first"].drop_nulls().min()
    assert panel.filter(pl.col("periode") < first_start)["periode"].n_unique() >= 4
    assert slug in gen.TRUE_RATE_RATIOS and (panel["ingeschreven_jeugd"] > 0).all()


def _statline_shares(slug: str) -> dict[tuple[str, str], float]:
    with (EXAMPLES / slug / "cbs-statline.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    shares = {}
    for row in rows:
        if row["Huisarts_11"].strip() != ".":
            shares[(row["Wijken"].strip(), row["Perioden"])] = int(row["Huisarts_11"]) / int(row["TotaalTrajectenInNatura_9"])
    return shares


def test_statline_export_has_the_cbs_shape():
    lines = (EXAMPLES / "steenwijkerland" / "cbs-statline.csv").read_bytes().split(b"\r\n")
    assert lines[0].startswith(b",ID,VormenVanJeugdzorg,Wijken,Perioden,TotaalJongerenMetJeugdzorgInNatura_1")
    assert lines[0].endswith(b"Gemeentenaam_18,SoortRegio_19,Codering_20,IndelingswijzigingWijken_21")
    assert b",NL00      ,2015HJ01," in lines[1]
    body = b"\n".join(lines[1:])
    assert b",GM1708    ," in body and b"Steenwijkerland" + b" " * 25 in body
    assert b"       .," in body  # suppressed cells
    with (EXAMPLES / "steenwijkerland" / "cbs-statline.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    counts = [int(r["Huisarts_11"]) for r in rows if r["Huisarts_11"].strip() != "."]
    assert all(c % 5 == 0 for c in counts)
    assert len({r["Wijken"] for r in rows}) >= 26
    assert sum(r["VerwijzerOnbekend_17"].strip() not in (".", "") for r in rows) > 0


def test_steenwijkerland_cbs_scenario_moves_the_wrong_way():
    shares = _statline_shares("steenwijkerland")
    before = [shares[("GM1708", p)] for p in ("2015HJ01", "2015HJ02", "2016HJ01", "2016HJ02")]
    after = [shares[("GM1708", p)] for p in ("2017HJ01", "2017HJ02", "2018HJ01")]
    assert abs(sum(before) / 4 - 0.35) < 0.01 and abs(sum(after) / 3 - 0.41) < 0.01
    assert abs(shares[("NL00", "2015HJ01")] - 0.40) < 0.005 and abs(shares[("NL00", "2018HJ01")] - 0.34) < 0.005


def test_groningen_gp_share_drops_more_than_comparators():
    shares = _statline_shares("groningen")
    pre, post = ("2017HJ01", "2017HJ02", "2018HJ01"), ("2019HJ01", "2019HJ02")

    def change(code: str) -> float | None:
        try:
            return sum(shares[(code, p)] for p in post) / 2 - sum(shares[(code, p)] for p in pre) / 3
        except KeyError:
            return None

    others = [c for c in (change(code) for code, *_ in gen.PILOT_AREAS["groningen"][1]) if c is not None]
    assert change("GM0014") < sum(others) / len(others) - 0.015


def test_tidy_cbs_variant_has_the_documented_columns():
    tidy = pl.read_csv(EXAMPLES / "tilburg" / "cbs-tidy.csv")
    assert tidy.columns == ["gebied", "periode", "huisarts", "totaal", "jeugd_inwoners"]
    assert {"GM0855", "NL00"} <= set(tidy["gebied"]) and tidy["gebied"].n_unique() >= 26


# ---------------------------------------------------------------- (c) pilot files


@pytest.mark.parametrize("slug", PILOTS)
def test_pilot_file_validates_and_its_data_exist(slug):
    config = load_pilot(ROOT / "pilots" / f"{slug}.yaml")
    for path in (config.data.trajectories, config.data.practice_panel, config.data.cbs):
        assert path is not None and path.exists(), path
        assert EXAMPLES in path.parents
    assert config.data.synthetic
    assert "synthetisch" in (config.pilot.description or "").lower()
    assert config.costs is not None and config.tariffs and config.assumptions.referral_probability_without_poh
    assert {"huisarts", "poh"} <= {voice.role for voice in config.experiences}
    assert (EXAMPLES / slug / "README.md").read_text(encoding="utf-8").count("SYNTHETISCH") >= 1


def test_one_pilot_misses_the_parents_voice():
    roles = {slug: {v.role for v in load_pilot(ROOT / "pilots" / f"{slug}.yaml").experiences} for slug in PILOTS}
    assert "ouder" not in roles["groningen"]
    assert "ouder" in roles["steenwijkerland"] and "ouder" in roles["tilburg"]


def test_template_is_an_empty_workbook_with_explanation():
    import openpyxl

    workbook = openpyxl.load_workbook(EXAMPLES / "registratie-sjabloon.xlsx")
    assert workbook.sheetnames == ["Registratie", "Toelichting"]
    sheet = workbook["Registratie"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["traject_id", "praktijk", "startdatum", "einddatum"] and len(header) == 14
    assert sheet.max_row == 1
    assert len(sheet.data_validations.dataValidation) >= 6
    assert dt.date(2024, 1, 1) == workbook.properties.created.date()
