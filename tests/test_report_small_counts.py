"""Small counts in everything the report publishes, end to end.

A pilot with deliberately small cells (3 children to the wijkteam, 2 dropped out, a practice with 4
trajectories) is run through the whole pipeline: the rendered HTML shows "<5", no table cell prints a
count below 5, no sentence states those counts, the threshold can be raised (not lowered below 5), and
resultaten.json stays exact. That no combination of published figures pins a small count is checked
by tests/test_audit_disclosure.py with an independent integer programme.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from evaluator import pipeline
from evaluator.report.context import build_context
from evaluator.report.publish import view_of

BASE = Path(__file__).parent / "fixtures" / "report" / "pilot.yaml"
HEADER = ("traject_id;praktijk;startdatum;einddatum;status;verwezen_naar;aantal_gesprekken;verwijzing_zonder_poh;"
          "leeftijd;geslacht;hulpvraag;wachttijd_dagen;tevredenheid;doel_bereikt")

# practice -> outcomes; PC has 4 trajectories; 3 to the wijkteam, 2 dropped out in all.
DESIGN = {
    "PA": ["geen"] * 20 + ["specialistische_ggz"] * 6 + ["wijkteam"] * 2 + ["lopend"] * 4 + ["uitgevallen"],
    "PB": ["geen"] * 16 + ["specialistische_ggz"] * 5 + ["basis_ggz"] * 6 + ["wijkteam"] + ["lopend"] * 3
          + ["uitgevallen"],
    "PC": ["geen"] * 3 + ["basis_ggz"],
}
SMALL = {"wijkteam": 3, "uitgevallen": 2, "PC trajectories": 4}
COUNT_HEADERS = ("Aantal", "Trajecten", "Afgerond", "Zonder verwijzing")


def _write_pilot(folder: Path, threshold: int | None = None) -> Path:
    rows, n = [], 0
    for practice, outcomes in DESIGN.items():
        for outcome in outcomes:
            n += 1
            status = outcome if outcome in ("lopend", "uitgevallen") else "afgerond"
            dest = "" if status != "afgerond" else outcome
            end = "" if status == "lopend" else f"{10 + n % 15:02d}-10-2023"
            rows.append(f"T{n:03d};{practice};{1 + n % 27:02d}-0{5 + n % 4}-2023;{end};{status};{dest};{2 + n % 6};"
                        f"{'basis_ggz' if n % 2 else 'geen'};{6 + n % 11};{'jm'[n % 2]};angst_stemming;{n % 20};"
                        f"{6 + n % 4};{'ja' if n % 3 else 'deels'}")
    (folder / "trajecten.csv").write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    text = BASE.read_text(encoding="utf-8").replace("namen: [P1, P2, P3]", "namen: [PA, PB, PC]")
    if threshold is not None:
        text = text.replace("  seed: 7\n", f"  seed: 7\n  onderdrukking_drempel: {threshold}\n")
    (folder / "pilot.yaml").write_text(text, encoding="utf-8")
    return folder / "pilot.yaml"


def _text(html: str) -> str:
    """What a reader can read: no CSS, no chart drawings (their numbers are in the data tables)."""
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    html = re.sub(r"<svg\b.*?</svg>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html).replace("&lt;", "<").replace("&gt;", ">")
    return re.sub(r"\s+", " ", html)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("klein")
    result = pipeline.run([_write_pilot(folder)], pipeline.RunOptions(out_dir=folder / "uit", formats=("html", "json")))
    evaluation = result.evaluations[0]
    context = build_context(evaluation, view_of(result.published, evaluation))
    html = (folder / "uit" / "rapport.html").read_text(encoding="utf-8")
    return evaluation, result.published, context, _text(html), folder / "uit"


def test_fixture_has_the_small_cells(small) -> None:
    c = small[0].cohort
    assert c.referred_to["wijkteam"] == SMALL["wijkteam"] and c.dropped_out == SMALL["uitgevallen"]
    assert {p.practice: p.trajectories for p in c.per_practice}["PC"] == SMALL["PC trajectories"]


def test_small_counts_are_shown_as_less_than_five(small) -> None:
    evaluation, published, _, text, _ = small
    slug = evaluation.config.slug
    assert "<5" in text
    assert published.text(f"{slug}/cohort.dropped_out") == "<5"
    assert published.text(f"{slug}/cohort.destination.wijkteam") == "<5"


def test_no_table_cell_prints_a_small_count(small) -> None:
    _, _, context, _, _ = small
    checked = 0
    for table in context.tables.values():
        for row in table.rows:
            for header, cell in zip(table.headers[1:], row[1:]):
                if header in COUNT_HEADERS and cell not in ("<5", "x", "–"):
                    assert int(cell.removeprefix("ongeveer ").replace(".", "")) >= 5, (table.key, row)
                    checked += 1
    assert checked > 0


def test_sentences_do_not_reveal_small_counts(small) -> None:
    evaluation, _, context, text, _ = small
    c = evaluation.cohort
    assert not re.search(r"\b2 (zijn )?voortijdig gestopt", text)
    assert not re.search(r"\b3\b[^.]{0,40}wijkteam", text, flags=re.I)
    assert "uitgevallen (2)" not in text.lower()
    for sentence in context.core_message:
        assert not re.search(rf"\b({c.dropped_out}|{c.referred_to['wijkteam']}) (kinderen|trajecten)", sentence)


def test_quality_chapter_lists_no_rows(small) -> None:
    _, _, context, text, _ = small
    assert "Rij " not in text and "rij 1" not in text.lower()


def test_resultaten_json_stays_exact_and_internal(small) -> None:
    data = json.loads((small[4] / "resultaten.json").read_text(encoding="utf-8"))
    assert data["meta"]["internal"] is True
    assert data["cohort"]["dropped_out"] == 2 and data["cohort"]["referred_to"]["wijkteam"] == 3


def test_threshold_can_be_raised(tmp_path) -> None:
    """The pilot's threshold reaches every figure: 7 running trajectories are shown with 5, '<10' with 10."""
    from evaluator.report.audit import publish
    from evaluator.report.publish import figure_table

    evaluation = pipeline.evaluate(_write_pilot(tmp_path, threshold=10))
    table = figure_table([evaluation])
    slug = evaluation.config.slug
    assert table.thresholds[slug] == 10
    assert {f.threshold for f in table.figures.values() if f.pilot == slug} == {10}
    assert publish(table.figures[f"{slug}/cohort.ongoing"], 0).text == "<10"


@pytest.mark.slow
def test_threshold_of_ten_in_the_rendered_report(tmp_path) -> None:
    pilot = _write_pilot(tmp_path, threshold=10)
    result = pipeline.run([pilot], pipeline.RunOptions(out_dir=tmp_path / "uit", formats=("html",)))
    slug = result.evaluations[0].config.slug
    assert result.published.text(f"{slug}/cohort.ongoing") == "<10"
    assert "&lt;10" in (tmp_path / "uit" / "rapport.html").read_text(encoding="utf-8")


def test_threshold_below_five_is_refused(tmp_path) -> None:
    from evaluator.errors import ConfigError

    pilot = _write_pilot(tmp_path, threshold=3)
    with pytest.raises(ConfigError):
        pipeline.evaluate(pilot)


def test_a_share_printed_as_a_bound_is_drawn_as_one_not_dropped(tmp_path):
    """124 of 127 helped: the share prints as a bound, and the chart draws every category (open bars up to the
    printed bound) instead of leaving the chart out or showing one bar."""
    from evaluator.report.charts.cohort import cohort_charts
    from tests.builders import SMALL_PILOT, evaluate_run, write_pilot

    header = SMALL_REGISTRATION_HEADER
    rows = [f"T{i:03d};P{i % 6 + 1};{i % 28 + 1:02d}-0{4 + i % 5}-2023;{i % 28 + 1:02d}-1{i % 2}-2023;afgerond;"
            f"{'specialistische_ggz' if i < 3 else 'geen'};{1 + i % 8};geen;{4 + i % 14}" for i in range(127)]
    evaluation, _, published = evaluate_run(write_pilot(tmp_path, SMALL_PILOT, header + "\n".join(rows) + "\n"))
    view = view_of(published, evaluation)
    assert view.decision("cohort.helped_share").status == "bounded"
    chart = cohort_charts(view, evaluation, "#1F4E79")["bestemmingen"]
    assert chart.rows[0][2] == view.text("cohort.helped_share")
    assert "<path" in chart.svg or "<rect" in chart.svg


SMALL_REGISTRATION_HEADER = ("traject_id;praktijk;startdatum;einddatum;status;verwezen_naar;aantal_gesprekken;"
                             "verwijzing_zonder_poh;leeftijd\n")
