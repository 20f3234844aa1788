"""The effect chapter on small pilots: what it can and cannot say, and that it prints no figure the audit hides.

The example pilots' effect figures are checked in test_example_reports.py (one run of the examples).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from evaluator.pipeline import evaluate
from evaluator.report.audit import _Model
from tests.published_text import NUMBER, free_of_figures, printed_tokens, run_of, text_fields

ROWS = """traject_id;praktijk;startdatum;einddatum;status;verwezen_naar;aantal_gesprekken;verwijzing_zonder_poh;leeftijd
"""


def small_pilot(folder: Path, rows: list[str], extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "trajecten.csv").write_text(ROWS + "\n".join(rows) + "\n", encoding="utf-8")
    (folder / "pilot.yaml").write_text(textwrap.dedent("""\
        pilot:
          naam: POH-jeugd Testgemeente
          gemeente: Testgemeente
          gemeentecode: GM9999
          start: 2023-01-01
          einde: 2023-12-31
        data:
          trajecten: trajecten.csv
        rapport:
          datum: 2024-01-15
        """) + extra, encoding="utf-8")
    return folder / "pilot.yaml"


def rows_of(pairs, status="afgerond") -> list[str]:
    return [f"T{i:03d};P{i % 3};01-03-2023;01-06-2023;{status};{a};3;{b or ''};10" for i, (a, b) in enumerate(pairs)]


def test_tiny_intention_pilot_hides_what_would_pin_a_child(tmp_path):
    pairs = [("geen", "specialistische_ggz")] * 6 + [("specialistische_ggz", "specialistische_ggz")] * 2 + \
            [("geen", "geen")] * 4
    run = run_of(evaluate(small_pilot(tmp_path / "tiny", rows_of(pairs))))
    assert run.evaluation.effect.headline.level == "cohort_intention"
    keys = [k for k in run.table.figures if k.startswith(run.view.pilot + "/")]
    model = _Model(run.table.atoms[run.view.pilot], run.view.pilot, [run.table.figures[k] for k in keys])
    for k in keys:
        if run.published.decisions[k].status == "small":
            assert not model.pinned(run.table.figures[k], run.published.decisions), k
    # 2 children referred: the forest row (actual / expected) would tell how many
    assert not run.view.shown("effect.forest.intention.ratio")
    allowed = printed_tokens(run)
    for sentence in text_fields(run.texts):
        assert all(token in allowed for token in NUMBER.findall(free_of_figures(run, sentence))), sentence


def test_pilot_without_intention_or_assumption_says_it_cannot_estimate(tmp_path):
    run = run_of(evaluate(small_pilot(tmp_path / "none", rows_of([("geen", None)] * 8 + [("wijkteam", None)] * 4))))
    t = run.texts
    assert t.verdict.startswith("Hoeveel verwijzingen de POH-jeugd heeft voorkomen is niet te schatten: er is geen "
                                "verwijsintentie geregistreerd, geen aanname opgegeven en geen praktijkpanel.")
    assert t.headline_figure is None and t.practice is None and t.municipality is None
    assert t.power == "Zonder verwijsintentie, aanname of praktijkgegevens is geen onderscheidingsvermogen te berekenen."
    assert t.warnings == (
        "Er is geen verwijsintentie van de huisarts geregistreerd en geen aanname over de verwijskans zonder POH-jeugd "
        "opgegeven. Het aantal voorkomen verwijzingen is daarom niet te schatten; het aandeel kinderen zonder "
        "verwijzing is géén maat voor voorkomen verwijzingen.",
        "Er is geen hoofdcijfer voor voorkomen verwijzingen; de kosten-batenanalyse kan daarom geen besparing "
        "berekenen.")
    assert run.view.decision("effect.headline.avoided").text == "–"


def test_pilot_without_completed_trajectories(tmp_path):
    extra = "aannames:\n  verwijskans_zonder_poh:\n    waarde: 0.5\n"
    rows = [f"T{i};P1;01-03-2023;;lopend;;2;;9" for i in range(6)]
    run = run_of(evaluate(small_pilot(tmp_path / "lopend", rows, extra)))
    assert run.texts.verdict == ("Hoeveel verwijzingen de POH-jeugd heeft voorkomen is nog niet te schatten: er zijn nog geen "
                                 "afgeronde trajecten.")
    assert run.texts.headline_figure is None
    assert run.texts.power == "Er zijn te weinig afgeronde trajecten om dit te berekenen."
