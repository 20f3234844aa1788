"""What a report may print: the published figures' own forms, and a check that a text holds no other number.

Shared by the tests on the example reports and on small pilots (a helper module, not a test module).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from evaluator.evaluation import Evaluation
from evaluator.report import formatting as fmt
from evaluator.report.audit import Published, audit, effective_threshold
from evaluator.report.figures import FigureTable
from evaluator.report.figures_cohort import cohort_figures
from evaluator.report.figures_effect import effect_figures
from evaluator.report.prose.effect import EffectTexts, effect_texts
from evaluator.report.view import PilotView

REPO = Path(__file__).resolve().parents[1]
NUMBER = re.compile(r"[-\u2212]?\d+(?:[.,]\d+)*%?")  # a printed minus is the Unicode one (U+2212)
# Fixed wording with a number in it: the method's constants and names of sources, not figures.
FIXED = ("95%-interval", "80% zekerheid", "per 1.000", "Groningen 2018-19", "onder 1 ", "boven 1 ", "van 1:", "om 1:",
         "referentie (1)", "waarop 1 ", "dan 1:")


@dataclass
class Run:
    evaluation: Evaluation
    table: FigureTable
    published: Published
    view: PilotView
    texts: EffectTexts


def run_of(evaluation: Evaluation) -> Run:
    table = FigureTable()
    slug = evaluation.config.slug
    table.atoms[slug] = evaluation.cohort.atoms
    table.thresholds[slug] = effective_threshold(evaluation.config.settings.suppression_threshold)
    figures = table.for_pilot(slug)
    cohort_figures(figures, evaluation)
    effect_figures(figures, evaluation)
    published = audit(table)
    view = PilotView(published, slug, table.thresholds[slug], evaluation.config.professional.short_title)
    return Run(evaluation, table, published, view, effect_texts(view, evaluation))




def printed_tokens(run: Run) -> set[str]:
    """Every number a reader may see: the printed forms of the pilot's figures (also without sign)."""
    tokens = {str(run.view.threshold)}
    for key, decision in run.published.decisions.items():
        if key.startswith(run.view.pilot + "/"):
            for token in NUMBER.findall(decision.text):
                tokens.update({token, token.lstrip("-\u2212")})
    return tokens


def free_of_figures(run: Run, sentence: str) -> str:
    """The sentence without what may hold digits but is no figure: fixed wording, dates, periods, codes,
    panel column names and the pilot file's own source text."""
    e = run.evaluation
    for fixed in FIXED:
        sentence = sentence.replace(fixed, "")
    p = e.config.assumptions.referral_probability_without_poh
    if p is not None and p.source:
        sentence = sentence.replace(p.source.strip().rstrip("."), "")
    m = e.effect.municipality
    periods = [*(m.periods if m else ()), *(m.provisional_periods if m else ())]
    periods += [point.period for point in (e.effect.practice.series if e.effect.practice else ())]
    for shift in (m.registration_shifts if m else ()):
        periods += [shift.first_period_before, shift.last_period_before, shift.first_period_after, shift.last_period_after]
    for period in sorted({fmt.period_label(x) for x in periods}, key=len, reverse=True):
        sentence = sentence.replace(period, "")
    sentence = sentence.replace(fmt.date_long(e.config.pilot.start), "")
    return re.sub(r"GM\d{4}|\([123]\) ", "", sentence)  # gemeente codes; the rule's enumeration


def text_fields(texts: EffectTexts) -> list[str]:
    out = []
    for value in texts.__dict__.values():
        out.extend(value if isinstance(value, tuple) else [value] if value else [])
    return out
