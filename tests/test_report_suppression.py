"""Small-cell suppression in everything the report publishes (issue 5).

- A pilot with deliberately small cells (3 children to the wijkteam, 2 dropped out, a practice
  with 4 trajectories): the rendered HTML shows "<5" and contains no value that reveals or lets
  a reader derive those counts (text without the chart drawings, so tick labels do not count).
- Property (hypothesis): for random small linked tables, brute force over every table that
  agrees with what is published finds at least two values for each hidden small cell.
- The threshold can be raised, not lowered below 5; resultaten.json stays exact.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluator.report import render
from evaluator.pipeline import evaluate
from evaluator.report.context import build_context
from evaluator.report.suppression import suppress_linked

BASE = Path(__file__).parent / "fixtures" / "report" / "pilot.yaml"
HEADER = ("traject_id;praktijk;startdatum;einddatum;status;verwezen_naar;aantal_gesprekken;verwijzing_zonder_poh;"
          "leeftijd;geslacht;hulpvraag;wachttijd_dagen;tevredenheid;doel_bereikt")

# practice -> outcomes; P3 has 4 trajectories; 3 to the wijkteam, 2 dropped out in all.
DESIGN = {
    "PA": ["geen"] * 20 + ["specialistische_ggz"] * 6 + ["wijkteam"] * 2 + ["lopend"] * 4 + ["uitgevallen"],
    "PB": ["geen"] * 16 + ["specialistische_ggz"] * 5 + ["basis_ggz"] * 6 + ["wijkteam"] + ["lopend"] * 3
          + ["uitgevallen"],
    "PC": ["geen"] * 3 + ["basis_ggz"],
}
SMALL = {"wijkteam": 3, "uitgevallen": 2, "PC trajectories": 4}


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
    pilot = _write_pilot(tmp_path_factory.mktemp("klein"))
    evaluation = evaluate(pilot)
    context = build_context(evaluation)
    return evaluation, context, _text(render.render_html(context))


def test_fixture_has_the_small_cells(small) -> None:
    evaluation, _, _ = small
    c = evaluation.cohort
    assert c.referred_to["wijkteam"] == SMALL["wijkteam"] and c.dropped_out == SMALL["uitgevallen"]
    assert {p.practice: p.trajectories for p in c.per_practice}["PC"] == SMALL["PC trajectories"]


def test_small_counts_are_shown_as_less_than_five(small) -> None:
    _, context, text = small
    assert "<5" in text
    assert context.counts["uitgevallen"] == "<5"
    assert context.counts["bestemming:wijkteam"] == "<5"
    status = {row[0]: row[1] for row in context.tables["status"].rows}
    assert status["Uitgevallen"] == "<5"


def test_no_published_table_or_chart_cell_reveals_a_small_count(small) -> None:
    evaluation, context, _ = small
    cohort = evaluation.cohort
    status = {row[0]: row[1:] for row in context.tables["status"].rows}
    # Dropped out = total - completed - running: with 2 hidden, one of the others is hidden too.
    assert sum(cell in ("<5", "x") for cell in (status["Afgerond"][0], status["Lopend"][0], status["Uitgevallen"][0])) >= 2
    dest = {row[0]: row[1] for row in context.charts["bestemmingen"].rows} if "bestemmingen" in context.charts else {}
    for label, count in dest.items():
        assert count in ("<5", "x") or int(count.replace(".", "")) >= 5, (label, count)
    # Every count of the chart data tables and tables is '<5', 'x' or at least 5.
    for table in list(context.tables.values()):
        for row in table.rows:
            for header, cell in zip(table.headers[1:], row[1:]):
                if header in ("Aantal", "Trajecten", "Afgerond", "Zonder verwijzing") and cell not in ("<5", "x", "–"):
                    assert int(cell.replace(".", "")) >= 5, (table.key, row)
    per_practice = {row[0]: row[1:] for row in context.tables["per_praktijk"].rows}
    assert per_practice["PC"][0] in ("<5", "x") and per_practice["PC"][2] == "–"  # 4 trajectories: no share
    assert len(context.tables["per_praktijk"].headers) == 5 and "Trajecten" not in context.tables["per_praktijk"].headers
    assert cohort.completed - cohort.no_referral.count >= 5  # referred in total is not small here


def test_sentences_do_not_reveal_small_counts(small) -> None:
    evaluation, context, text = small
    c = evaluation.cohort
    # "N afgerond, L lopen nog en 2 zijn voortijdig gestopt" must not appear with the exact 2 ...
    assert not re.search(r"\b2 zijn voortijdig gestopt", text)
    assert re.search(r"minder dan 5 zijn voortijdig gestopt", text)
    # ... nor with both other exact numbers next to the total (that would give 2 by subtraction).
    claim = next(x for x in context.conclusions if x.chapter == "bereik")
    shown = [p for p in re.findall(r"(\S+) (?:trajecten zijn afgerond|lopen nog)", claim.evidence)]
    assert not (str(c.completed) in shown and str(c.ongoing) in shown), claim.evidence
    # No sentence says "3 ... wijkteam", "4 trajecten" for PC, or "(2)" for dropped out.
    assert not re.search(r"\b3\b[^.]{0,40}wijkteam", text, flags=re.I)
    assert "uitgevallen (2)" not in text.lower()
    for sentence in context.core_message + tuple(a.answer for a in context.answers):
        assert not re.search(rf"\b({c.dropped_out}|{c.referred_to['wijkteam']}) (kinderen|trajecten)", sentence)


def test_methods_state_the_rule_and_quality_lists_no_rows(small) -> None:
    _, context, text = small
    assert "Kleine aantallen" in text and "<5" in context.suppression_rule
    assert "Rij " not in text and "rij 1" not in text.lower()
    for column, message, count in context.warning_kinds:
        assert not re.search(r"\d", message)


def test_resultaten_json_stays_exact_and_internal(small) -> None:
    from evaluator import output
    from evaluator.report.results_file import build_results

    evaluation, _, _ = small
    data = json.loads(output.dumps(build_results(evaluation)))
    assert data["meta"]["internal"] is True
    assert data["cohort"]["dropped_out"] == 2 and data["cohort"]["referred_to"]["wijkteam"] == 3


def test_threshold_can_be_raised(tmp_path) -> None:
    pilot = _write_pilot(tmp_path, threshold=10)
    context = build_context(evaluate(pilot))
    assert context.counts["lopend"] == "<10"  # 7 running trajectories: shown with 5, hidden with 10
    assert "<10" in context.suppression_rule


def test_threshold_below_five_is_refused(tmp_path) -> None:
    from evaluator.errors import ConfigError

    pilot = _write_pilot(tmp_path, threshold=3)
    with pytest.raises(ConfigError):
        evaluate(pilot)


# --- property: no published combination recovers a hidden cell ---------------------------------

@st.composite
def linked_tables(draw):
    """A 2 x 2 table of small counts (practice x outcome) with row, column and grand totals and
    some of its cells published too (the shape of the per-practice table)."""
    atoms = {(r, c): draw(st.integers(0, 8)) for r in range(2) for c in range(2)}
    aggregates = {"totaal": tuple(atoms)}
    aggregates.update({f"rij{r}": tuple(a for a in atoms if a[0] == r) for r in range(2)})
    aggregates.update({f"kolom{c}": tuple(a for a in atoms if a[1] == c) for c in range(2)})
    aggregates.update({f"cel{r}{c}": ((r, c),) for r in range(2) for c in range(2) if draw(st.booleans())})
    return atoms, aggregates


def _consistent(atoms, aggregates, cells, threshold):
    """Every table of whole numbers that agrees with what is published (brute force)."""
    keys = list(atoms)
    top = sum(atoms.values()) if cells["totaal"].status == "getoond" else 2 * threshold + 8
    for values in itertools.product(range(top + 1), repeat=len(keys)):
        table = dict(zip(keys, values))
        if all(_agrees(sum(table[a] for a in members), cells[name], threshold)
               for name, members in aggregates.items()):
            yield table


def _agrees(s: int, cell, threshold: int) -> bool:
    if cell.status == "getoond":
        return s == cell.value
    return s < threshold if cell.status == "klein" else s >= threshold


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(linked_tables())
def test_no_published_combination_recovers_a_hidden_cell(case) -> None:
    atoms, aggregates = case
    threshold = 5
    cells = suppress_linked(atoms, aggregates, threshold, keep=("totaal",))
    for name, cell in cells.items():
        assert cell.status != "getoond" or cell.value >= threshold, (name, cell)
    hidden_small = [n for n, c in cells.items() if c.status == "klein"]
    seen: dict[str, set[int]] = {n: set() for n in hidden_small}
    for table in _consistent(atoms, aggregates, cells, threshold):
        for name in hidden_small:
            seen[name].add(sum(table[a] for a in aggregates[name]))
        if all(len(v) > 1 for v in seen.values()):
            break
    for name, values in seen.items():
        assert len(values) > 1, (name, cells[name], atoms)


def test_comparison_rows_hide_small_counts_and_shares() -> None:
    from evaluator.compare.pooling import PilotRow
    from evaluator.report.comparison import published_pilot

    row = PilotRow(slug="x", name="x", municipality="X", municipality_code="GM1", start="2023-01", end="2023-12",
                   years=1.0, trajectories=40, trajectories_per_year=40.0, completed=37, no_referral_share=34 / 37,
                   no_referral_ci_low=0.8, no_referral_ci_high=0.97, sessions_mean=4.0, satisfaction_mean=8.0,
                   headline_level="none", headline_method="", evidence_grade="zwak", avoided=float("nan"),
                   avoided_ci_low=float("nan"), avoided_ci_high=float("nan"), avoided_per_year=float("nan"),
                   practice_rate_ratio=None, practice_ci_low=None, practice_ci_high=None, costs_total=None,
                   net_savings=None, net_ci_low=None, net_ci_high=None, net_per_year=None, prob_positive=None)
    shown = published_pilot(row)
    # 3 not completed: completed is hidden (40 - 37 = 3); 3 referred: the share is hidden.
    assert shown.completed in ("<5", "x") and shown.trajectories == 40
    assert shown.no_referral_share is None and shown.no_referral_ci_low is None
