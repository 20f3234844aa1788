"""The figures of the chapter Effect op verwijzingen, and those other chapters quote from it.

``effect_figures(figures, evaluation)`` enters, for one pilot, every number the effect chapter
prints (names "effect.*"). Numbers about the pilot's trajectories are functions of the counting
atoms (cohort/atoms.py), so the audit can check that no small count can be worked out from
them; numbers from the practice panel and CBS are ``external``; rule thresholds, the power
target and the pilot file's assumptions are ``constant``.

Names (``<route>`` is "intention" or "assumption", the two cohort routes; "effect.headline" holds
the figures of the route or level the headline rests on):

- ``effect.headline.avoided`` / ``_ci_low`` / ``_ci_high``;
  ``effect.<route>.avoided`` / ``_ci_low`` / ``_ci_high`` for a cohort route that is *not* the
  headline (each number is entered once: ``route_prefix`` says under which name a route stands);
- ``effect.intention.known_share``, ``effect.intention.{intended,avoided,step_down,referred_anyway}_share``
  (printed without interval; ``_share(..., interval=True)`` adds Wilson bounds ``_ci_low`` / ``_ci_high``);
- ``effect.forest.<route>.ratio`` / ``_ci_low`` / ``_ci_high``: actual / expected referrals;
- ``effect.power.detectable``, ``effect.power.months_needed``, ``effect.power.target``;
- ``effect.calibration.ratio`` / ``_ci_low`` / ``_ci_high``: practice-level / intention-level avoided referrals;
- ``effect.practice.*`` (panel) and ``effect.municipality.*`` / ``effect.municipality_rate.*`` (CBS),
  see ``_practice`` and ``_municipality``; ``effect.rule.*`` and ``effect.assumption.*`` constants.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from evaluator.effect.cohort import NOT_COUNTED
from evaluator.effect.headline import MIN_INTENTION_SHARE, MIN_PRACTICES, MIN_TREATED, headline_cohort
from evaluator.effect.practice import FEW_TREATED, SMALL_SAMPLE
from evaluator.effect.results import (
    CohortEffect, EffectResult, LevelAgreement, MunicipalityEffect, PracticeEffect,
    SyntheticControl,
)
from evaluator.evaluation import Evaluation
from evaluator.intervals import wilson
from evaluator.report.figures import Form, PilotFigures
from evaluator.vocabulary import CARE_CLASSES, COUNTED_DESTINATIONS, DESTINATIONS, LIGHTER_THAN_SPECIALIST

HUB = "uitkomst"


@dataclass(frozen=True)
class CohortForms:
    """The hub forms the cohort level is made of (completed trajectories; intention known or not)."""

    completed: Form  # C
    referred: Form  # R: referred to a counted destination
    known: Form  # K: intention registered
    intended: Form  # CF: intention a counted referral (among K)
    actual: Form  # ACT: referred to a counted destination (among K)
    cells: tuple[Form, Form, Form, Form]  # the 2x2 table: (CF & ACT, CF & not, not & ACT, neither)

    @staticmethod
    def of(figures: PilotFigures) -> "CohortForms":
        hub = lambda **levels: figures.cells(HUB, **levels)  # noqa: E731
        counted, other = COUNTED_DESTINATIONS, NOT_COUNTED
        return CohortForms(
            completed=hub(outcome=DESTINATIONS), referred=hub(outcome=counted),
            known=hub(outcome=DESTINATIONS, intention=DESTINATIONS),
            intended=hub(outcome=DESTINATIONS, intention=counted),
            actual=hub(outcome=counted, intention=DESTINATIONS),
            cells=(hub(outcome=counted, intention=counted), hub(outcome=other, intention=counted),
                   hub(outcome=counted, intention=other), hub(outcome=other, intention=other)))


def effect_figures(figures: PilotFigures, evaluation: Evaluation) -> None:
    """Register every figure of the effect chapter for one pilot (see the module docstring)."""
    effect = evaluation.effect
    forms = CohortForms.of(figures)
    _constants(figures, evaluation)
    routes = [r for r in (effect.cohort, effect.cohort_assumption) if r is not None and r.method != "none"]
    for route in routes:
        if route_prefix(effect, route) != "effect.headline":
            _avoided(figures, route_prefix(effect, route), forms, route)
        _forest(figures, forms, route)
        if route.method == "intention":
            _intention_shares(figures, forms)
            _intention_by_outcome(figures)
    _headline(figures, forms, effect)
    _power(figures, forms, effect)
    if effect.practice is not None:
        _practice(figures, effect.practice)
    if effect.calibration is not None:
        _calibration(figures, forms, effect)
    m = effect.municipality
    if m is not None:
        _municipality(figures, "effect.municipality", m)
        if m.rate is not None:
            _municipality(figures, "effect.municipality_rate", m.rate)
    _agreement(figures, effect.agreement)


def _agreement(figures: PilotFigures, a: LevelAgreement) -> None:
    """What the practice level predicts for the gemeente (external: panel and CBS figures). A prediction from a
    cohort level is not published: it would carry the registration's counts past their audit."""
    if a.basis != "practice":
        return
    for name in ("expected_estimate", "expected_ci_low", "expected_ci_high"):
        figures.external(f"effect.agreement.{name}", getattr(a, name), unit="verhouding")
    figures.external("effect.agreement.coverage", a.coverage, unit="procent", decimals=0)
    figures.external("effect.agreement.difference_p", a.difference_p_value, unit="p")


def route_prefix(effect: EffectResult, route: CohortEffect) -> str:
    """The names of a cohort route's avoided referrals: "effect.headline" when the headline rests on it,
    else "effect.intention" or "effect.assumption" (a figure is entered once, under one name)."""
    if effect.headline.level.startswith("cohort") and route is headline_cohort(effect.cohort, effect.cohort_assumption):
        return "effect.headline"
    return f"effect.{route.method}"


def _calibration(figures: PilotFigures, forms: CohortForms, effect: EffectResult) -> None:
    """The panel's avoided referrals over the intention route's: with the panel's (published) number, the ratio gives
    the intention route's number away, and its interval the route's standard error: audited like that interval."""
    c = effect.calibration
    for name, value in (("ratio", c.ratio), ("ci_low", c.ci_low), ("ci_high", c.ci_high)):
        figures.statistic(f"effect.calibration.{name}", value, reveals=_reveals(forms, effect.cohort),
                          needs=_needs(figures, effect.cohort), unit="getal", decimals=2)


def _intention_by_outcome(figures: PilotFigures) -> None:
    """The GP's intention against the actual outcome, in three classes ('effect.crosstab.<intended>.<actual>'):
    counts of completed trajectories with a known intention, audited like every count."""
    for intended, intended_in in CARE_CLASSES.items():
        for actual, actual_in in CARE_CLASSES.items():
            figures.count(f"effect.crosstab.{intended}.{actual}",
                          figures.cells(HUB, outcome=actual_in, intention=intended_in))


def _constants(figures: PilotFigures, evaluation: Evaluation) -> None:
    figures.constant("effect.rule.min_practices", MIN_PRACTICES)
    figures.constant("effect.rule.min_treated", MIN_TREATED)
    figures.constant("effect.rule.min_intention_share", MIN_INTENTION_SHARE, unit="procent")
    figures.constant("effect.rule.small_sample_practices", SMALL_SAMPLE)
    figures.constant("effect.rule.small_sample_treated", FEW_TREATED)
    figures.constant("effect.power.target", evaluation.effect.power.target_reduction, unit="procent")
    given = evaluation.config.assumptions
    if given.referral_probability_without_poh is not None:
        p = given.referral_probability_without_poh
        figures.constant("effect.assumption.referral_probability", p.value, unit="procent")
        if p.range:
            figures.constant("effect.assumption.referral_probability_low", p.range[0], unit="procent")
            figures.constant("effect.assumption.referral_probability_high", p.range[1], unit="procent")
    if given.induced_demand is not None:
        figures.constant("effect.assumption.induced_demand", given.induced_demand.value, unit="procent")


def _needs(figures: PilotFigures, route: CohortEffect, referred: bool = False) -> tuple[str, ...]:
    """The counts a route's interval rests on, which must be published exactly (and >= the threshold).

    An interval of the intention route reveals the 2x2 table and the completed count, so also the
    number without a registered intention (their difference); one of the assumption route, or any
    figure that rests on the number referred (``referred``), reveals that number exactly."""
    if route.method == "intention":
        names = ("cohort.completed", "cohort.intention_known")
    else:
        names = ("cohort.completed", "cohort.referred_counted")
    if referred:
        names = tuple(dict.fromkeys(names + ("cohort.completed", "cohort.referred_counted")))
    return tuple(figures.key(n) for n in names)


def _reveals(forms: CohortForms, route: CohortEffect) -> tuple[Form, ...]:
    """What an interval of the route rests on: the 2x2 table (intention), or completed and referred.

    An interval clustered by practice is registered the same way: its centre is the pooled estimate
    (a function of the 2x2 table) and its width one standard error computed from the practices' own
    2x2 tables (``CountingAtoms.practice_intention``). Those per-practice cells are never published,
    and one number made of all of them pins no single cell, so the audit does not model them: the
    bounds reveal no more than the Agresti-Min bounds do (the 2x2 table, exactly, as the worst case)."""
    if route.method == "intention":
        return (*forms.cells, forms.completed)
    return (forms.completed, forms.referred)


def _avoided(figures: PilotFigures, prefix: str, forms: CohortForms, route: CohortEffect) -> None:
    """Net avoided referrals of a cohort route: a function of the atoms, then its interval."""
    name = f"{prefix}.avoided"
    if route.method == "intention":
        inner = forms.intended * (1 - route.induced_demand) - forms.actual
        if route.with_intention == route.completed:
            figures.linear(name, inner, value=route.avoided, unit="getal")
        else:  # the rate among known intentions, scaled to all completed: the true completed count substituted
            figures.ratio(name, inner * route.completed, forms.known, value=route.avoided, unit="getal",
                          reveals=(forms.completed,))
    else:
        rate = route.referral_probability * (1 - route.induced_demand)
        figures.linear(name, forms.completed * rate - forms.referred, value=route.avoided, unit="getal")
    for bound, value in (("ci_low", route.avoided_ci_low), ("ci_high", route.avoided_ci_high)):
        if route.method == "assumption" and value is not None and math.isfinite(value):
            # A binomial quantile of the completed count minus the number referred: given the completed
            # count, linear in the atoms (so it can be rounded instead of hidden).
            quantile = value + route.referred
            figures.linear(f"{prefix}.avoided_{bound}", Form.of({}, quantile) - forms.referred, value=value,
                           unit="getal", reveals=(forms.completed,), needs=(figures.key("cohort.completed"),))
            continue
        figures.statistic(f"{prefix}.avoided_{bound}", value, reveals=_reveals(forms, route),
                          needs=_needs(figures, route), decimals=0)


def _forest(figures: PilotFigures, forms: CohortForms, route: CohortEffect) -> None:
    """Actual / expected referrals without POH, the scale of the other levels in the forest chart."""
    expected = route.referred + route.avoided
    if not expected > 0:
        return
    prefix = f"effect.forest.{route.method}"
    r, c = route.referred, route.completed
    if route.method == "intention":
        inner = forms.intended * (1 - route.induced_demand) - forms.actual
        figures.ratio(f"{prefix}.ratio", forms.known * r, forms.known * r + inner * c, value=r / expected,
                      unit="getal", decimals=2, reveals=(forms.completed, forms.referred),
                      needs=_needs(figures, route, referred=True))
    else:
        rate = route.referral_probability * (1 - route.induced_demand)
        figures.ratio(f"{prefix}.ratio", forms.referred, forms.completed * rate, value=r / expected, unit="getal",
                      decimals=2, needs=_needs(figures, route, referred=True))
    for bound, avoided in (("ci_low", route.avoided_ci_high), ("ci_high", route.avoided_ci_low)):
        value = r / (r + avoided) if r + avoided > 0 else math.nan
        figures.statistic(f"{prefix}.{bound}", value, reveals=(*_reveals(forms, route), forms.referred),
                          needs=_needs(figures, route, referred=True), decimals=2)


def _share(figures: PilotFigures, name: str, part: Form, whole: Form, interval: bool = False) -> None:
    """A share; with ``interval`` also its Wilson bounds (statistics revealing the two counts). The
    report prints the intention shares without interval, so their bounds are not entered: a figure in
    the table counts as published, and an unprinted bound would make the audit hide more for nothing."""
    figures.ratio(name, part, whole, unit="procent")
    if not interval:
        return
    bounds = wilson(int(figures.true_value(part)), int(figures.true_value(whole)))
    for bound, value in (("ci_low", bounds.ci_low), ("ci_high", bounds.ci_high)):
        figures.statistic(f"{name}_{bound}", value, reveals=(part, whole), needs=(), unit="procent", decimals=0)


def _intention_shares(figures: PilotFigures, forms: CohortForms) -> None:
    hub = lambda **levels: figures.cells(HUB, **levels)  # noqa: E731
    n11, n10, n01, n00 = forms.cells
    figures.ratio("effect.intention.known_share", forms.known, forms.completed, unit="procent")
    _share(figures, "effect.intention.intended_share", forms.intended, forms.known)
    _share(figures, "effect.intention.avoided_share", n10, forms.intended)
    specialist = "specialistische_ggz"
    _share(figures, "effect.intention.step_down_share", hub(outcome=LIGHTER_THAN_SPECIALIST, intention=specialist),
           hub(outcome=DESTINATIONS, intention=specialist))
    _share(figures, "effect.intention.referred_anyway_share", n01, forms.known - forms.intended)


def _headline(figures: PilotFigures, forms: CohortForms, effect: EffectResult) -> None:
    """The headline: the figures of the cohort route it rests on, or of the practice panel (external)."""
    h = effect.headline
    route = headline_cohort(effect.cohort, effect.cohort_assumption)
    if h.level in ("cohort_intention", "cohort_assumption"):
        _avoided(figures, "effect.headline", forms, route)
    else:
        for name, value in (("avoided", h.avoided), ("avoided_ci_low", h.avoided_ci_low),
                            ("avoided_ci_high", h.avoided_ci_high)):
            figures.external(f"effect.headline.{name}", value, decimals=0)


def _power(figures: PilotFigures, forms: CohortForms, effect: EffectResult) -> None:
    power = effect.power
    if power.level == "practice":
        figures.external("effect.power.detectable", power.detectable_reduction, unit="procent", decimals=0)
        figures.external("effect.power.months_needed", power.additional_months, decimals=0)
        return
    route = effect.cohort_assumption if effect.headline.level == "cohort_assumption" and effect.cohort_assumption \
        else effect.cohort
    reveals = forms.cells if route.method == "intention" else (forms.completed,)
    needs = _needs(figures, route) if route.method != "none" else ()
    figures.statistic("effect.power.detectable", power.detectable_reduction, reveals=reveals, needs=needs,
                      unit="procent", decimals=0)
    figures.statistic("effect.power.months_needed", power.additional_months, reveals=reveals, needs=needs,
                      decimals=0)


def _practice(figures: PilotFigures, p: PracticeEffect) -> None:
    """The practice panel (external): the rate ratio, avoided referrals, checks, event study and series."""
    ext = figures.external
    for name, value in (("rate_ratio", p.rate_ratio), ("ci_low", p.ci_low), ("ci_high", p.ci_high),
                        ("twfe_rate_ratio", p.twfe_rate_ratio), ("twfe_ci_low", p.twfe_ci_low),
                        ("twfe_ci_high", p.twfe_ci_high)):
        ext(f"effect.practice.{name}", value, unit="verhouding")
    for name, value in (("p_value", p.p_value), ("permutation_p", p.permutation_p_value),
                        ("pretrend_p", p.pretrend_p_value)):
        ext(f"effect.practice.{name}", value, unit="p")
    change = p.rate_ratio - 1
    for name, value in (("change", change), ("change_size", abs(change)), ("change_ci_low", p.ci_low - 1),
                        ("change_ci_high", p.ci_high - 1)):
        ext(f"effect.practice.{name}", value, unit="procent", decimals=0)
    for name, value in (("avoided", p.avoided), ("avoided_ci_low", p.avoided_ci_low),
                        ("avoided_ci_high", p.avoided_ci_high), ("practices", p.practices),
                        ("treated_practices", p.treated_practices), ("periods", p.periods),
                        ("observed", p.observed_treated), ("predicted", p.predicted_treated),
                        ("unimputed_cells", p.unimputed_cells), ("pretrend_leads", p.pretrend_df)):
        ext(f"effect.practice.{name}", value, decimals=0)
    # Trends per period as a percentage difference: the pre-period trend and the one that would overturn the result.
    for name, value in (("trend", p.trend_slope), ("trend_ci_low", p.trend_ci_low),
                        ("trend_ci_high", p.trend_ci_high), ("breakdown", p.breakdown_trend)):
        ext(f"effect.practice.{name}", value - 1, unit="procent", decimals=1)
    ext("effect.practice.overdispersion", p.overdispersion, decimals=2)
    figures.constant("effect.practice.permutations", p.permutations)
    figures.constant("effect.practice.lead_permutations", p.pretrend_permutations)
    for term in p.event_study:
        for name, value in (("rate_ratio", term.rate_ratio), ("ci_low", term.ci_low), ("ci_high", term.ci_high)):
            ext(f"effect.practice.event.{term.relative_period}.{name}", value, unit="verhouding")
    for i, point in enumerate(p.series):
        ext(f"effect.practice.series.{i}.treated", point.treated_value, decimals=1)
        ext(f"effect.practice.series.{i}.comparison", point.comparison_value, decimals=1)


def _municipality(figures: PilotFigures, prefix: str, m: MunicipalityEffect) -> None:
    """CBS figures (external): the ratio, the outcome before and after, the series and registration quality."""
    ext = figures.external
    for name, value in (("estimate", m.estimate), ("ci_low", m.ci_low), ("ci_high", m.ci_high)):
        ext(f"{prefix}.{name}", value, unit="verhouding")
    ext(f"{prefix}.p_value", m.p_value, unit="p")
    ext(f"{prefix}.permutation_p", m.permutation_p_value, unit="p")
    share = m.outcome == "share"
    level = dict(unit="procent", decimals=0) if share else dict(unit="getal", decimals=1)
    point = dict(unit="procent", decimals=1) if share else dict(unit="getal", decimals=1)
    for name in ("treated_pre", "treated_post", "comparison_pre", "comparison_post"):
        ext(f"{prefix}.{name}", getattr(m, name), **level)
    for name in ("pre_periods", "post_periods", "comparison_units", "excluded_rows", "suppressed_cells"):
        ext(f"{prefix}.{name}", getattr(m, name), decimals=0)
    if m.comparison_kind == "chosen":
        figures.constant(f"{prefix}.comparison_chosen", m.comparison_chosen)
    for i, s in enumerate(m.series):
        ext(f"{prefix}.series.{i}.treated", s.treated_value, **point)
        ext(f"{prefix}.series.{i}.comparison", s.comparison_value, **point)
    for i, q in enumerate(m.quality):
        for name in ("treated_unknown_referrer", "treated_no_referrer", "comparison_unknown_referrer",
                     "comparison_no_referrer"):
            ext(f"{prefix}.quality.{i}.{name}", getattr(q, name), unit="procent", decimals=1)
    for shift in m.registration_shifts:
        for name in ("treated_before", "treated_after", "comparison_before", "comparison_after"):
            ext(f"{prefix}.registration_shift.{shift.measure}.{name}", getattr(shift, name), unit="procent", decimals=1)
    if m.synthetic is not None:
        _synthetic(figures, f"{prefix}.synthetic", m.synthetic)


def _synthetic(figures: PilotFigures, prefix: str, sc: SyntheticControl) -> None:
    """The synthetic twin (CBS, external): gap and fit in percentage points, placebo p-value, the twin's series
    (the pilot's own shares are the ``series.<i>.treated`` figures of the gemeente level)."""
    ext = figures.external
    for name, value in (("gap_size", abs(sc.gap)), ("rmspe_pre", sc.rmspe_pre)):
        ext(f"{prefix}.{name}_points", 100 * value, decimals=1)
    ext(f"{prefix}.odds_ratio", sc.odds_ratio, unit="verhouding")
    ext(f"{prefix}.p_value", sc.p_value, unit="p")
    ext(f"{prefix}.placebos", sc.placebos, decimals=0)
    for i, point in enumerate(sc.series):
        ext(f"{prefix}.series.{i}", point.synthetic_value, unit="procent", decimals=1)
