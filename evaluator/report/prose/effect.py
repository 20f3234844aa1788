"""Every sentence of the chapter Effect op verwijzingen, written from codes and published figures.

``effect_texts(view, evaluation) -> EffectTexts``. The effect stage returns numbers and codes
(effect/results.py); this module words them. A number is printed only through the ``PilotView``
(the audited figures of report/figures_effect.py), so a sentence never shows more than the
tables do. Branching on the stage's numbers (is the interval above zero?) is fine; printing them
is not. Assumptions and warnings are worded in ``effect_notes``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from evaluator.effect.results import EffectResult, MunicipalityEffect, PracticeEffect
from evaluator.evaluation import Evaluation
from evaluator.report import formatting as fmt
from evaluator.vocabulary import named
from evaluator.report.prose.effect_notes import assumption_texts, comparison_words, outcome_words, warning_texts
from evaluator.report.view import PilotView

HEADLINE_METHODS = {
    "poisson_imputation": "Poissonregressie op praktijken en perioden zonder {poh}, voorspeld voor de perioden met {poh} (praktijkpanel)",
    "intention": "Verwijsintentie van de huisarts vergeleken met de werkelijke uitkomst",
    "assumption": "Aangenomen verwijskans zonder {poh} vergeleken met de werkelijke verwijzingen",
    "none": "Geen schatting van voorkomen verwijzingen mogelijk",
}
WHERE = {"practice": "Vergeleken met praktijken en perioden zonder {poh}",
         "cohort_intention": "Vergeleken met wat de huisarts zonder {poh} van plan was",
         "cohort_assumption": "Uitgaande van de aangenomen verwijskans zonder {poh}"}
DISAGREEMENT = {
    "pilot_only": "De twee niveaus spreken elkaar tegen: binnen de pilot lijkt de {poh} verwijzingen te voorkomen, maar "
                  "in de cijfers van de hele gemeente is dat niet te zien; daar ging het de andere kant op. Mogelijke "
                  "oorzaken: de {poh} werkt maar in een deel van de praktijken, verwijzingen verschuiven naar andere "
                  "verwijzers of perioden, de registratie veranderde, of de {poh} bereikt kinderen die anders niet waren "
                  "verwezen. Een besparing voor de gemeente is daarom niet aangetoond; de pilotcijfers alleen zijn "
                  "daarvoor niet genoeg.",
    "municipality_only": "In de gemeentecijfers daalt het aandeel huisartsverwijzingen meer dan in de vergelijking, "
                         "maar binnen de pilot is een effect niet zeker aangetoond. De daling in de gemeente kan ook "
                         "andere oorzaken hebben (registratie, wijkteam, landelijk beleid); schrijf haar niet zonder "
                         "meer aan de {poh} toe.",
    "municipality_larger": "In de gemeentecijfers daalt het aandeel huisartsverwijzingen meer dan de pilot kan verklaren: bij "
                           "deze dekking en dit effect in de praktijken was een kleinere daling te verwachten. De extra "
                           "daling heeft waarschijnlijk andere oorzaken (registratie, wijkteam, landelijk beleid); schrijf "
                           "haar niet aan de {poh} toe.",
    "municipality_smaller": "In de gemeentecijfers is minder daling te zien dan de pilot doet verwachten. Mogelijke "
                            "oorzaken: verwijzingen verschuiven naar andere verwijzers of perioden, de registratie "
                            "veranderde, of de praktijken met {poh} verschillen van de andere. Een besparing voor de "
                            "gemeente is daarom minder zeker dan de pilotcijfers doen denken.",
    "neither": "De twee niveaus wijzen niet dezelfde kant op en geen van beide is op zichzelf overtuigend; trek nog geen "
               "conclusie over het effect op verwijzingen.",
}
REJECTIONS = {"pretrend_failed": "de toets op voortrends"}
LEVELS_NOTE = "Een verhouding onder 1 betekent minder verwijzingen met {poh}; boven 1 meer."
HEADLINE = "effect.headline.avoided"


@dataclass(frozen=True)
class EffectTexts:
    """The sentences of the chapter Effect op verwijzingen (and the ones other chapters reuse)."""

    verdict: str  # the paragraph the chapter opens with
    headline_method: str  # the method of the headline level, one line
    headline_figure: str | None  # "34 (95%-interval 5 tot 69)"; None when there is no headline number
    rule: str  # the fixed rule that chose the headline level
    practice: str | None  # what the practice panel shows (None without a panel estimate)
    municipality: str | None  # what was compared in the CBS figures (None without CBS figures)
    synthetic: str | None  # the pilot gemeente against its synthetic twin (None without one)
    power: str  # can this study see an effect?
    assumptions: tuple[str, ...]
    warnings: tuple[str, ...]
    levels_note: str  # note under the table of the three levels
    quality_note: str | None  # note under the table of CBS registration quality
    level: str  # code of the headline level (for the label and styling in the template)
    grade: str  # code of the evidence grade


def effect_texts(view: PilotView, evaluation: Evaluation) -> EffectTexts:
    effect = evaluation.effect
    m = effect.municipality
    return EffectTexts(
        verdict=verdict(view, evaluation),
        headline_method=named(HEADLINE_METHODS[effect.headline.method], view.professional),
        headline_figure=headline_figure(view, effect),
        rule=rule(view),
        practice=" ".join(part for part in (
            practice_paragraph(view, effect.practice, evaluation.config.professional.short_title),
            calibration_sentence(view, effect)) if part) or None,
        municipality=municipality_paragraph(view, m, evaluation.config.pilot.municipality) if m is not None else None,
        synthetic=synthetic_paragraph(view, m, evaluation.config.pilot.municipality) if m is not None else None,
        power=power_sentence(view, effect),
        assumptions=assumption_texts(view, evaluation),
        warnings=warning_texts(view, evaluation),
        levels_note=named(LEVELS_NOTE, view.professional),
        quality_note=quality_note(view, m) if m is not None and m.quality else None,
        level=effect.headline.level,
        grade=effect.headline.evidence_grade,
    )


def rule(view: PilotView) -> str:
    who = view.professional
    return ("Hoofdcijfer volgens vaste regel: (1) praktijkniveau als er gegevens zijn van minstens "
            f"{view.text('effect.rule.min_practices')} praktijken, waarvan minstens {view.text('effect.rule.min_treated')} "
            f"met {who}, en de toets op voortrends niet afwijkt; anders (2) de verwijsintentie van de "
            f"huisarts als die bij minstens {view.text('effect.rule.min_intention_share')} van de afgeronde trajecten is "
            f"geregistreerd; anders (3) de aanname over de verwijskans zonder {who} uit het pilotbestand. Het "
            "gemeenteniveau (CBS) staat er altijd naast.")


def interval_words(view: PilotView, name: str, estimable: bool = True) -> str:
    """'95%-interval 5 tot 69', or why there is none: not estimable, or not published (small numbers)."""
    if view.shown(f"{name}_ci_low", f"{name}_ci_high"):
        return f"95%-interval {view.interval(f'{name}_ci_low', f'{name}_ci_high')}"
    if not estimable:
        return "zonder 95%-interval"
    return f"95%-interval niet gepubliceerd: het zou aantallen onder {view.threshold} verraden"


def unsigned(text: str) -> str:
    """A published number without its minus sign, for 'n verwijzingen extra'."""
    return text[1:] if text.startswith(("-", fmt.MINUS)) else text


def _finite(*values: float | None) -> bool:
    return all(v is not None and math.isfinite(v) for v in values)


def headline_figure(view: PilotView, effect: EffectResult) -> str | None:
    h = effect.headline
    if h.level == "none" or (h.level.startswith("cohort") and not effect.cohort.completed):
        return None
    if not view.shown(HEADLINE):
        return "niet gepubliceerd (kleine aantallen)"
    return f"{view.text(HEADLINE)} ({interval_words(view, HEADLINE, _finite(h.avoided_ci_low, h.avoided_ci_high))})"


def verdict(view: PilotView, evaluation: Evaluation) -> str:
    """The plain-Dutch paragraph that opens the chapter."""
    who = evaluation.config.professional.short_title
    effect = evaluation.effect
    h = effect.headline
    parts = []
    if h.level == "none":
        parts.append(f"Hoeveel verwijzingen de {who} heeft voorkomen is niet te schatten: er is geen verwijsintentie "
                     "geregistreerd, geen aanname opgegeven en geen praktijkpanel. Het aandeel kinderen zonder "
                     f"verwijzing zegt niet hoeveel kinderen zonder {who} wél waren verwezen.")
    elif h.level.startswith("cohort") and not effect.cohort.completed:
        parts.append(f"Hoeveel verwijzingen de {who} heeft voorkomen is nog niet te schatten: er zijn nog geen afgeronde "
                     "trajecten.")
    elif not view.shown(HEADLINE):
        parts.append(f"{named(WHERE[h.level], view.professional)} is het aantal voorkomen verwijzingen in de pilotperiode niet gepubliceerd: het "
                     f"zou aantallen onder {view.threshold} verraden. De bewijskracht is {h.evidence_grade}.")
    else:
        direction = "voorkomen" if h.avoided >= 0 else "extra"
        interval = interval_words(view, HEADLINE, _finite(h.avoided_ci_low, h.avoided_ci_high))
        parts.append(f"{named(WHERE[h.level], view.professional)} zijn er in de pilotperiode naar schatting {unsigned(view.text(HEADLINE))} "
                     f"verwijzingen {direction} ({interval}). De bewijskracht is {h.evidence_grade}.")
        if view.shown(f"{HEADLINE}_ci_low", f"{HEADLINE}_ci_high") and h.avoided_ci_low <= 0 <= h.avoided_ci_high:
            parts.append(f"Het interval omvat nul: het is niet uitgesloten dat de {who} per saldo geen verwijzingen voorkomt.")
    if h.level != "practice" and effect.practice is not None:
        parts.append(_practice_not_used(view, effect))
    m = effect.municipality
    if m is not None and m.method != "none":
        parts.append(_municipality_trend(view, m, evaluation.config.pilot.municipality))
    expectation = expected_sentence(view, effect)
    if expectation:
        parts.append(expectation)
    if effect.agreement.verdict == "oneens" and effect.disagreement is not None:
        parts.append(named(DISAGREEMENT[effect.disagreement], view.professional))
    elif expectation:
        pass  # the expected-versus-measured sentence already says that the levels fit
    elif effect.agreement.verdict == "eens" and m is not None and m.p_value >= 0.05:
        parts.append(f"Het gemeenteniveau wijst dezelfde kant op als de pilotcijfers, maar het verschil met de "
                     f"vergelijking is daar te klein om toeval uit te sluiten. Dat past bij een {view.professional} die "
                     "maar een deel van de kinderen in de gemeente bereikt.")
    elif effect.agreement.verdict == "eens":
        parts.append("Het gemeenteniveau wijst dezelfde kant op als de pilotcijfers.")
    return " ".join(parts)


def expected_sentence(view: PilotView, effect: EffectResult) -> str:
    """What the practice level predicts for the whole gemeente, against what the CBS figures show."""
    a, m = effect.agreement, effect.municipality
    if a.basis != "practice" or m is None or not view.shown("effect.agreement.expected_estimate"):
        return ""
    measure = "odds ratio" if m.outcome == "share" else "verhouding"
    fits = "Dat past daarbij." if a.consistent else "Dat past daar niet bij."
    return (f"Met {view.text('effect.agreement.coverage')} van de huisartsen met {view.professional} en het effect in de "
            f"praktijken is voor de hele gemeente een {measure} van {view.text('effect.agreement.expected_estimate')} te "
            f"verwachten (95%-interval {view.interval('effect.agreement.expected_ci_low', 'effect.agreement.expected_ci_high')}); "
            f"gemeten is {view.text('effect.municipality.estimate')}. {fits}")


def _practice_not_used(view: PilotView, effect: EffectResult) -> str:
    who = view.professional
    p = effect.practice
    if "too_few_practices" in effect.practice_rejected:
        reason = f"er te weinig praktijken (met {who}) in het panel zitten"
    else:
        failed = [REJECTIONS[code] for code in effect.practice_rejected if code in REJECTIONS]
        reason = (" en ".join(failed) or "een controle") + (" afwijken" if len(failed) > 1 else " afwijkt")
    direction = "daling" if p.rate_ratio < 1 else "stijging"
    interval = (f"95%-interval van {view.text('effect.practice.change_ci_low')} tot "
                f"{view.text('effect.practice.change_ci_high')}" if _finite(p.ci_low, p.ci_high)
                else "zonder 95%-interval")
    return (f"Het praktijkpanel ({view.text('effect.practice.practices')} praktijken, "
            f"{view.text('effect.practice.treated_practices')} met {who}) geeft een {direction} van "
            f"{view.text('effect.practice.change_size')} in verwijzingen ({interval}); dat is niet als hoofdcijfer "
            f"gebruikt, omdat {reason}.")


def _trend(before: float, after: float) -> str:
    return "steeg" if after > before else ("daalde" if after < before else "bleef gelijk")


def _municipality_trend(view: PilotView, m: MunicipalityEffect, gemeente: str) -> str:
    name = "effect.municipality"
    return (f"In de CBS-cijfers {_trend(m.treated_pre, m.treated_post)} {outcome_words(m)} in {gemeente} van "
            f"{view.text(name + '.treated_pre')} naar {view.text(name + '.treated_post')}; bij "
            f"{comparison_words(view, m)} {_trend(m.comparison_pre, m.comparison_post)} het van "
            f"{view.text(name + '.comparison_pre')} naar {view.text(name + '.comparison_post')}.")




def practice_paragraph(view: PilotView, p: PracticeEffect | None, title: str) -> str | None:
    """'In de perioden met POH verwezen de pilotpraktijken 0,84 keer zo vaak als voorspeld zonder POH (...)'."""
    if p is None:
        return None
    if _finite(p.ci_low, p.ci_high):
        interval = (f"95%-interval {view.interval('effect.practice.ci_low', 'effect.practice.ci_high')}; "
                    f"{view.text('effect.practice.p_value')}")
    else:
        interval = "met zo weinig praktijken is geen 95%-interval te berekenen"
    return " ".join(part for part in (
        f"In de perioden met {title} verwezen de pilotpraktijken {view.text('effect.practice.rate_ratio')} keer zo vaak "
        f"als voorspeld zonder {title} ({interval}): {view.text('effect.practice.observed')} verwijzingen tegen "
        f"{view.text('effect.practice.predicted')} voorspeld. De voorspelling komt uit de praktijken en perioden zonder "
        f"{title} (praktijken die nog niet of nooit begonnen), gemeten over {view.text('effect.practice.practices')} "
        f"praktijken, waarvan {view.text('effect.practice.treated_practices')} met {title}, in "
        f"{view.text('effect.practice.periods')} perioden.",
        ci_method_sentence(view, p, title) if _finite(p.ci_low, p.ci_high) else "",
        sensitivity_sentence(view, p, title)) if part)


def calibration_sentence(view: PilotView, effect: EffectResult) -> str:
    """How the GP's stated intention compares with what the practice panel measures (empty when not published)."""
    if effect.calibration is None or not view.shown("effect.calibration.ratio"):
        return ""
    interval = (f" (95%-interval {view.interval('effect.calibration.ci_low', 'effect.calibration.ci_high')})"
                if view.shown("effect.calibration.ci_low", "effect.calibration.ci_high") else "")
    return (f"Het praktijkpanel meet {view.text('effect.calibration.ratio')} keer zoveel voorkomen verwijzingen als de "
            f"verwijsintentie van de huisarts doet verwachten{interval}; onder 1 zijn volgens de verwijsintentie meer "
            "verwijzingen voorkomen dan het panel meet, boven 1 minder.")


def ci_method_sentence(view: PilotView, p: PracticeEffect, title: str) -> str:
    if p.ci_method == "jackknife":
        return ("Het interval is berekend door steeds één praktijk weg te laten en opnieuw te rekenen (jackknife): bij "
                f"minder dan {view.text('effect.rule.small_sample_practices')} praktijken, of minder dan "
                f"{view.text('effect.rule.small_sample_treated')} met {title}, vallen gewone intervallen te smal uit.")
    return ("Het interval houdt rekening met samenhang tussen de perioden van dezelfde praktijk "
            "(clustergecorrigeerde standaardfout).")


BARELY = 0.0005  # a breakdown trend that prints as 0,0% per period


def sensitivity_sentence(view: PilotView, p: PracticeEffect, title: str) -> str:
    """How large a deviation from parallel trends would overturn the conclusion, against the pre-period trend."""
    trend = (f"vóór de start week de trend van de pilotpraktijken {view.text('effect.practice.trend')} per periode af van "
             f"de vergelijking (95%-interval {view.interval('effect.practice.trend_ci_low', 'effect.practice.trend_ci_high')})")
    overturn = (f"Gevoeligheid: het effect valt pas binnen de marge van toeval als de pilotpraktijken zonder {title} elke "
                f"periode {view.text('effect.practice.breakdown')} anders waren gaan verwijzen dan de voorspelling")
    if p.sensitivity == "robust":
        return f"{overturn}; {trend}. Zo'n grote afwijking past niet bij de perioden vóór de start."
    if p.sensitivity == "fragile" and abs(p.breakdown_trend - 1) < BARELY:
        return (f"Gevoeligheid: het interval raakt 'geen effect' al bijna; de kleinste afwijking van parallelle trends "
                f"doet het effect binnen de marge van toeval vallen ({trend}). De conclusie hangt dus sterk af van de "
                "aanname van parallelle trends.")
    if p.sensitivity == "fragile":
        return (f"{overturn}; {trend}. Zo'n afwijking past bij de perioden vóór de start: de conclusie hangt sterk af "
                "van de aanname van parallelle trends.")
    if p.sensitivity == "not_identified" and _finite(p.ci_low, p.ci_high) and (p.ci_high < 1 or p.ci_low > 1):
        return ("Hoe gevoelig de conclusie is voor een afwijkende trend, is niet te beoordelen: de pilotpraktijken hebben "
                "te weinig perioden vóór de start in het panel.")
    return ""


def municipality_paragraph(view: PilotView, m: MunicipalityEffect, gemeente: str) -> str:
    if m.method == "none":
        return ("Met deze CBS-cijfers is het effect op de hele gemeente niet te schatten; de reden staat hieronder bij "
                "‘Let op bij het lezen’.")
    text = (f"{gemeente} is vergeleken met {comparison_words(view, m)}, van {fmt.period_label(m.periods[0])} tot "
            f"{fmt.period_label(m.periods[-1])} ({view.text('effect.municipality.pre_periods')} perioden vóór en "
            f"{view.text('effect.municipality.post_periods')} na de start).")
    if m.ci_method == "size_aware_did":
        text += (" Het interval rekent met de schommelingen die elke gemeente ook zonder pilot heeft, geschat uit de "
                 "vergelijkingsgemeenten; die worden bij een grote gemeente niet kleiner.")
        if view.shown("effect.municipality.permutation_p"):
            text += (f" Als tweede toets is {gemeente} op dezelfde manier gerangschikt tussen alle vergelijkingsgemeenten "
                     f"(placebotoets, rekening houdend met hun grootte): {view.text('effect.municipality.permutation_p')}, "
                     f"tegen {view.text('effect.municipality.p_value')} uit het interval.")
    if m.registration_shifts:
        text += (" Let op: rond de start veranderde de registratie van de verwijzer in de CBS-cijfers van de gemeente; "
                 "dat alleen al kan het gemeenteniveau verschuiven (zie ‘Let op bij het lezen’).")
    return text


def synthetic_paragraph(view: PilotView, m: MunicipalityEffect, gemeente: str) -> str | None:
    """What the synthetic twin is, the gap after the start, and the placebo p-value."""
    sc = m.synthetic
    if sc is None:
        return None
    name = "effect.municipality.synthetic"
    first = sc.p_value * (sc.placebos + 1) < 1.5  # no placebo deviates as much as the pilot
    how_many = "geen" if first else "weinig" if sc.p_value <= 0.05 else None
    return (f"Daarnaast is {gemeente} vergeleken met een synthetische tweeling: een gewogen gemiddelde van "
            "vergelijkingsgemeenten, samengesteld zodat het aandeel huisartsverwijzingen vóór de start zo goed "
            "mogelijk gelijk liep (afwijking vóór de start "
            f"{view.text(name + '.rmspe_pre_points')} procentpunt). Na de start lag het aandeel in {gemeente} gemiddeld "
            f"{view.text(name + '.gap_size_points')} procentpunt {'hoger' if sc.gap > 0 else 'lager'} dan bij de "
            f"tweeling (odds ratio {view.text(name + '.odds_ratio')}, naast {view.text('effect.municipality.estimate')} "
            f"met de hoofdmethode). Hetzelfde is gedaan voor elk van de {view.text(name + '.placebos')} "
            "vergelijkingsgemeenten, alsof de pilot daar liep: "
            + (f"bij {how_many} van hen wijkt de gemeente na de start zo sterk af van haar tweeling"
               if how_many else f"bij een deel van hen wijkt de gemeente na de start even sterk of sterker af van "
               f"haar tweeling, dus het verschil in {gemeente} kan ook toeval zijn")
            + f" (placebotoets: {view.text(name + '.p_value')}).")


def power_sentence(view: PilotView, effect: EffectResult) -> str:
    who = view.professional
    power = effect.power
    if power.status == "no_basis":
        return "Zonder verwijsintentie, aanname of praktijkgegevens is geen onderscheidingsvermogen te berekenen."
    if power.status == "too_few_completed":
        return "Er zijn te weinig afgeronde trajecten om dit te berekenen."
    if not view.shown("effect.power.detectable"):
        return ("Hoe groot een afname moet zijn om die met 80% zekerheid aan te tonen, wordt niet gepubliceerd: het "
                f"getal zou aantallen onder {view.threshold} verraden.")
    detectable, target = view.text("effect.power.detectable"), view.text("effect.power.target")
    months = view.text("effect.power.months_needed")
    if power.level == "practice":
        return (f"Met deze praktijkgegevens is een daling van de verwijzingen vanaf ongeveer {detectable} met 80% "
                f"zekerheid aan te tonen. Voor een daling van {target} is "
                + ("de huidige registratie genoeg." if power.additional_months == 0 else
                   f"naar schatting nog {months} maanden registratie met {who} nodig (bij hetzelfde aantal praktijken)."))
    return (f"Met {view.say('cohort.completed')} afgeronde trajecten is een afname vanaf ongeveer {detectable} van de "
            f"verwijzingen die er zonder {who} waren geweest met 80% zekerheid aan te tonen. Voor {target} is "
            + ("het huidige aantal genoeg." if power.additional_months == 0 else
               f"bij het huidige tempo nog ongeveer {months} maanden registratie nodig."))


def quality_note(view: PilotView, m: MunicipalityEffect) -> str:
    """Under the table of CBS registration quality: missing columns, suppressed cells, rows left out."""
    empty = all(not _finite(getattr(q, f)) for q in m.quality for f in (
        "treated_unknown_referrer", "treated_no_referrer", "comparison_unknown_referrer", "comparison_no_referrer"))
    cells, rows = m.suppressed_cells, m.excluded_rows
    return (("Het CBS-bestand bevat geen aantallen 'verwijzer onbekend' of 'geen verwijzer'; de registratiekwaliteit "
             "is daarom niet te beoordelen. " if empty else "")
            + f"{view.text('effect.municipality.suppressed_cells')} {'onderdrukte cel' if cells == 1 else 'onderdrukte cellen'}; "
            f"{view.text('effect.municipality.excluded_rows')} {'rij' if rows == 1 else 'rijen'} weggelaten.")
