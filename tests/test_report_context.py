"""The report context is a documented contract, and the report texts follow the results.

- Every name a template uses is a documented ReportContext field (or a documented render field),
  and every attribute a template reads on a context value exists on its dataclass.
- The chapter registry gives chapters 1-13 and bijlagen A-E; figures are numbered in reading order.
- The bestuurlijke samenvatting has a three-sentence core message and 4-6 key figures with meaning.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from pathlib import Path

import jinja2
import pytest
from jinja2 import meta, nodes

from evaluator.report import render
from tests.builders import report_context
from evaluator.report.context import CHAPTERS, ReportContext

FIXTURE = Path(__file__).parent / "fixtures" / "report" / "pilot.yaml"
TEMPLATES = render.templates_dir()


@pytest.fixture(scope="module")
def context() -> ReportContext:
    return report_context(FIXTURE)


def _templates() -> list[str]:
    """The templates of the evaluation report (other report types have their own context)."""
    names = ["base.html", "report.html", "_macros.html"]
    return names + sorted(str(p.relative_to(TEMPLATES)) for p in (TEMPLATES / "chapters").glob("*.html"))


# --- the contract -------------------------------------------------------------------------------

def _unwrap(tp):
    """X | None -> X; leaves other types alone."""
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        return rest[0] if len(rest) == 1 else None
    return tp


def _field_type(owner, name: str):
    if not (isinstance(owner, type) and dataclasses.is_dataclass(owner)):
        return None
    hints = typing.get_type_hints(owner)
    if name in hints:
        return _unwrap(hints[name])
    return "method" if hasattr(owner, name) else KeyError(name)


def _element(tp):
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is tuple and args:
        return _unwrap(args[0])
    if origin is dict and len(args) == 2:
        return _unwrap(args[1])
    return None


class _Checker:
    """Resolves template expressions to dataclass types and records unknown attributes."""

    def __init__(self, roots: dict[str, object]):
        self.env = dict(roots)
        self.errors: list[str] = []

    def resolve(self, node):
        if isinstance(node, nodes.Name):
            return self.env.get(node.name)
        if isinstance(node, nodes.Getattr):
            owner = self.resolve(node.node)
            found = _field_type(owner, node.attr)
            if isinstance(found, KeyError):
                self.errors.append(f"{owner.__name__} heeft geen veld '{node.attr}' (lineno {node.lineno})")
                return None
            return found
        if isinstance(node, nodes.Getitem):
            return _element(self.resolve(node.node))
        if isinstance(node, nodes.Filter):
            return None
        return None

    def visit(self, node):
        if isinstance(node, nodes.For):
            self.resolve(node.iter)
            element = _element(self.resolve(node.iter))
            if isinstance(node.target, nodes.Name) and element is not None:
                self.env[node.target.name] = element
        if isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
            self.env[node.target.name] = self.resolve(node.node)
        if isinstance(node, nodes.Getattr):
            self.resolve(node)
        for child in node.iter_child_nodes():
            self.visit(child)


@pytest.mark.parametrize("name", _templates())
def test_templates_use_only_documented_names(name: str) -> None:
    environment = render.make_environment()
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    tree = environment.parse(source)
    documented = {f.name for f in dataclasses.fields(ReportContext)} | set(render.RENDER_FIELDS)
    undeclared = meta.find_undeclared_variables(tree) - documented - {"loop"}
    assert not undeclared, f"{name} gebruikt ongedocumenteerde namen: {sorted(undeclared)}"
    hints = typing.get_type_hints(ReportContext)
    checker = _Checker({k: _unwrap(v) for k, v in hints.items()})
    checker.visit(tree)
    assert not checker.errors, f"{name}: " + "; ".join(checker.errors)


def test_every_context_field_is_documented() -> None:
    for f in dataclasses.fields(ReportContext):
        assert f.metadata.get("help"), f"ReportContext.{f.name} heeft geen helptekst"
    for name, text in render.RENDER_FIELDS.items():
        assert text, name


def test_the_checker_catches_an_unknown_attribute() -> None:
    environment = render.make_environment()
    tree = environment.parse("{% for k in key_figures %}{{ k.bestaat_niet }}{% endfor %}{{ cohort_text.ook_niet }}")
    checker = _Checker({k: _unwrap(v) for k, v in typing.get_type_hints(ReportContext).items()})
    checker.visit(tree)
    assert len(checker.errors) == 2


def test_every_registered_chapter_has_a_template() -> None:
    for chapter in CHAPTERS:
        assert (TEMPLATES / chapter.template).is_file(), chapter.template


# --- structure and texts ------------------------------------------------------------------------

def test_chapter_registry_numbers_chapters_and_appendices() -> None:
    body = [c for c in CHAPTERS if not c.appendix]
    assert [c.number for c in body] == [str(i) for i in range(1, 14)]
    titles = [c.title for c in body]
    assert titles[0] == "Bestuurlijke samenvatting"
    assert "Effect op verwijzingen" in titles and "Kosten en baten" in titles
    assert [c.number for c in CHAPTERS if c.appendix] == list("ABCD")


def test_figures_are_numbered_in_reading_order(context: ReportContext) -> None:
    order = [key for chapter in context.chapters for key in chapter.charts if key in context.charts]
    assert sorted(context.figure_numbers.values()) == list(range(1, len(context.charts) + 1))
    assert [context.figure_numbers[k] for k in order] == list(range(1, len(order) + 1))
    for chart in context.charts.values():
        assert chart.alt and chart.rows and chart.svg.startswith("<svg")
        assert 'aria-hidden="true"' in chart.svg


def test_summary_has_core_message_and_key_figures(context: ReportContext) -> None:
    assert len(context.core_message) == 3
    assert 4 <= len(context.key_figures) <= 6
    for k in context.key_figures:
        assert k.meaning
        assert k.interval or k.interval_note  # an interval, or a word on why there is none


def test_conclusions_are_graded_and_questions_answered(context: ReportContext) -> None:
    assert context.conclusions
    assert {c.grade for c in context.conclusions} <= {"sterk", "matig", "zwak"}
    # Never stronger than the headline estimate it rests on.
    effect_claims = [c for c in context.conclusions if c.chapter == "effect"]
    assert effect_claims[0].grade == context.effect_text.grade
    assert len(context.answers) == len(context.research_questions) == 5
    by_number = {a.number: a for a in context.answers}
    assert not by_number[3].answered and "data.praktijken" in by_number[3].answer  # no practice panel
    assert not by_number[5].answered  # a question the data cannot answer
    assert by_number[4].answered


def test_missing_voices_and_generated_recommendations(context: ReportContext) -> None:
    assert context.missing_voices == ("Ouders",)
    texts = " ".join(r.text for r in context.recommendations_generated)
    assert "ouders" in texts.lower()
    assert "terugkoppeling aan de huisarts" in texts.lower()  # afspraak ontbreekt
    assert "verwijscijfers per praktijk" in texts.lower()  # no comparison group


def test_no_decision_points_gives_questions(context: ReportContext) -> None:
    assert context.decision_points == ()
    assert context.open_questions and all(q.endswith("?") for q in context.open_questions)


def test_checklists_use_statuses_and_risk_styling(context: ReportContext) -> None:
    assert [r.status for r in context.success_factors] == ["aanwezig", "afwezig"]
    assert [r.status for r in context.risks] == ["risico-deels"]
    assert [r.status_label for r in context.agreements] == ["Ontbreekt", "Vastgelegd"]


def test_what_is_published_is_decided_in_one_place() -> None:
    """One audit per run (in the pipeline); the report layer only reads its decisions through a view."""
    package = Path(render.__file__).parents[1]
    callers = [p.relative_to(package).as_posix() for p in package.rglob("*.py")
               if re.search(r"\baudit\(", p.read_text(encoding="utf-8")) and p.name != "audit.py"]
    assert callers == ["pipeline.py"]


def test_light_house_colour_is_darkened_for_contrast() -> None:
    from evaluator.report.colours import contrast
    from evaluator.report.context import _colours

    class Contrasts:  # the view's published contrast ratios
        def text(self, key: str) -> str:
            return {"setup.contrast_primary": "1,4", "setup.contrast_accent": "1,1"}[key]

    colours, note = _colours("#FFD700", "#FFFF00", Contrasts())
    assert contrast(colours["primair"]) >= 4.5 and contrast(colours["accent"]) >= 3.0
    assert note and "verdonkerd" in note and "1,4" in note
    assert _colours("#154273", "#A4262C", Contrasts())[1] is None


def test_undefined_names_fail_loudly() -> None:
    environment = render.make_environment()
    with pytest.raises(jinja2.UndefinedError):
        environment.from_string("{{ bestaat_niet }}").render()
