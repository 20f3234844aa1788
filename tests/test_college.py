"""The collegeversie of the small fixed pilot: a documented context, besluitpunten as the gemeente's
proposal with a judgement label, certainty in words, and numbers only from published figures.

The examples' collegeversie.pdf (pages, tags, jargon, numbers) is checked in tests/test_example_reports.py.
"""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path

import pytest
from jinja2 import meta

from evaluator.report import render
from evaluator.report.audit import audit
from evaluator.report.college import CollegeContext, build_college_context, chapter_reference
from evaluator.report.prose.college import CHANCES, chance_in_words, decision_rows
from evaluator.report.publish import figure_table, view_of
from evaluator.vocabulary import JUDGEMENT_LABELS

FIXTURE = Path(__file__).parent / "fixtures" / "report" / "pilot.yaml"


@pytest.fixture(scope="module")
def fixture_run():
    from evaluator.pipeline import evaluate

    evaluation = evaluate(FIXTURE)
    published = audit(figure_table([evaluation]))
    return evaluation, view_of(published, evaluation)


@pytest.fixture(scope="module")
def college(fixture_run) -> CollegeContext:
    return build_college_context(*fixture_run)


@pytest.fixture(scope="module")
def html(college) -> str:
    return render.render_html(college, template="college.html")


def test_the_template_uses_only_documented_names() -> None:
    environment = render.make_environment()
    tree = environment.parse((render.templates_dir() / "college.html").read_text(encoding="utf-8"))
    base = environment.parse((render.templates_dir() / "base.html").read_text(encoding="utf-8"))
    documented = {f.name for f in dataclasses.fields(CollegeContext)} | set(render.RENDER_FIELDS)
    for source in (tree, base):
        assert meta.find_undeclared_variables(source) - documented - {"loop"} == set()
    for f in dataclasses.fields(CollegeContext):
        assert f.metadata.get("help"), f"CollegeContext.{f.name} heeft geen helptekst"


def _with_points(evaluation, points):
    from evaluator.decisions import assess_decision_points

    config = evaluation.config.model_validate({**evaluation.config.model_dump(by_alias=True), "besluitpunten": points})
    config = config.model_copy(update={"path": evaluation.config.path})
    assessed = assess_decision_points(config, evaluation.effect, evaluation.business_case)
    return dataclasses.replace(evaluation, config=config, decision_points=assessed)


def test_besluitpunten_are_the_gemeentes_proposal_with_the_evaluations_judgement(fixture_run) -> None:
    evaluation, view = fixture_run
    points = ["De POH-jeugd voortzetten.", "Uitbreiden naar alle praktijken."]
    evaluation = _with_points(evaluation, points)
    rows = decision_rows(view, evaluation)
    assert [(r["tekst"], r["soort"], r["oordeel"]) for r in rows] == [(p, "anders", "geen_oordeel") for p in points]
    assert all(r["reden"] for r in rows)
    context = build_college_context(evaluation, view)
    page = render.render_html(context, template="college.html")
    assert "voorstel van de gemeente" in page.lower()
    assert page.count(JUDGEMENT_LABELS["geen_oordeel"]) == 2
    assert context.open_questions == ()


def test_without_besluitpunten_the_college_gets_questions(college) -> None:
    assert college.decisions == () and college.open_questions


def test_each_part_names_the_chapter_that_founds_it(college, html) -> None:
    assert chapter_reference("kosten") == "hoofdstuk 8, Kosten en baten"
    for source in (college.question_source, college.pilot_source, college.money_source, college.decisions_source,
                   *(f.source for f in college.figures)):
        assert re.search(r"hoofdstuk \d+, [A-Z]", source), source
    assert [f.label for f in college.figures] == ["Kinderen geholpen zonder verwijzing", "Voorkomen verwijzingen",
                                                  "Geld voor de gemeente"]
    assert '<html lang="nl">' in html and "1. De vraag" in html and "6. Waar staat de onderbouwing?" in html


class _Chance:
    """A view that publishes one chance exactly."""

    def __init__(self, p: float):
        self.p = p

    def has(self, name: str) -> bool:
        return True

    def shown(self, name: str) -> bool:
        return True

    def decision(self, name: str):
        return type("D", (), {"value": self.p, "low": self.p, "high": self.p})()


@pytest.mark.parametrize("p, words", [(0.005, "in minder dan 1 op de 100 scenario's"),
                                      (0.13, "in minder dan 1 op de 5 scenario's"),
                                      (0.21, "in 1 à 2 op de 5 scenario's"),
                                      (0.5, "in ongeveer de helft van de scenario's"),
                                      (0.995, "in meer dan 99 op de 100 scenario's")])
def test_the_chance_of_a_positive_saldo_is_said_in_words(p, words) -> None:
    assert chance_in_words(_Chance(p), "kans").scenarios == words
    assert [bound for bound, _, _ in CHANCES] == sorted(bound for bound, _, _ in CHANCES)
    assert CHANCES[-1][0] == math.inf


def test_a_gemeente_can_replace_the_collegeversie_template(college, tmp_path) -> None:
    own = tmp_path / "sjablonen"
    own.mkdir()
    (own / "college.html").write_text('{% extends "base.html" %}{% block body %}<p>Eigen: {{ municipality }}</p>'
                                      "{% for f in figures %}<p>{{ f.value }}</p>{% endfor %}{% endblock %}",
                                      encoding="utf-8")
    page = render.render_html(college, own, base=tmp_path, template="college.html")
    assert f"Eigen: {college.municipality}" in page and college.figures[0].value in page


def test_besluitpunten_with_a_kind_are_assessed(fixture_run) -> None:
    evaluation, view = fixture_run
    evaluation = _with_points(evaluation, [{"tekst": "Uitbreiden naar alle praktijken.", "soort": "uitbreiden"},
                                           {"tekst": "Meer registreren.", "soort": "registratie"}, "Voortzetten."])
    rows = decision_rows(view, evaluation)
    assert [(r["tekst"], r["soort"]) for r in rows] == [("Uitbreiden naar alle praktijken.", "uitbreiden"),
                                                        ("Meer registreren.", "registratie"), ("Voortzetten.", "anders")]
    assert [r["oordeel"] for r in rows] == [d.verdict for d in evaluation.decision_points]
    assert rows[0]["oordeel"] != "geen_oordeel" and rows[2]["oordeel"] == "geen_oordeel"


def test_without_costs_the_collegeversie_says_so(fixture_run) -> None:
    evaluation, view = fixture_run
    context = build_college_context(dataclasses.replace(evaluation, business_case=None), view)
    assert context.figures[2].value == "niet berekend"
    assert "geen kosten" in " ".join(context.money_text) and "geen kosten" in context.short_answer[1]
    render.render_html(context, template="college.html")
