"""The summary for the college: core message, key figures and numbered conclusions.

Written from codes and published figures only (every number through the ``PilotView``). Claims
are graded (sterk, matig, zwak) by rules that look at the amount of data and the method; a claim
is never graded higher than the estimate it rests on (``vocabulary.weakest``).
"""

from __future__ import annotations

import dataclasses

import math
from dataclasses import dataclass

from evaluator.effect.results import MunicipalityEffect
from evaluator.evaluation import Evaluation
from evaluator.report import formatting as fmt
from evaluator.report.prose.effect import HEADLINE_METHODS
from evaluator.report.prose.effect_notes import outcome_words
from evaluator.report.prose.effect_notes import comparison_words
from evaluator.report.view import PilotView
from evaluator.vocabulary import lower_grade, named, weakest

BUDGET = "money.budget.net_per_year"
HEADLINE = "effect.headline.avoided"
MUNICIPALITY = "effect.municipality"


@dataclass(frozen=True)
class KeyFigure:
    """One headline number as printed: ``value`` and ``interval`` are published text; ``interval_note``
    stands in for the interval when a figure has none (a count, for instance)."""

    label: str
    value: str
    interval: str | None
    meaning: str
    interval_note: str | None = None


@dataclass(frozen=True)
class Conclusion:
    """A numbered short claim, the evidence behind it, and how strong that evidence is."""

    number: int
    claim: str
    evidence: str
    grade: str  # "sterk" | "matig" | "zwak"
    grade_reason: str
    chapter: str  # key of the chapter with the details


def _finite(*values) -> bool:
    return all(v is not None and isinstance(v, (int, float)) and math.isfinite(v) for v in values)


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _interval(view: PilotView, name: str) -> str | None:
    return view.interval(f"{name}_ci_low", f"{name}_ci_high") if view.shown(f"{name}_ci_low", f"{name}_ci_high") else None


def headline_shown(view: PilotView, evaluation: Evaluation) -> bool:
    """Is there a published headline count of avoided referrals to quote?"""
    h, effect = evaluation.effect.headline, evaluation.effect
    return (h.level != "none" and _finite(h.avoided) and view.has(HEADLINE) and view.shown(HEADLINE)
            and (effect.cohort.completed > 0 or not h.level.startswith("cohort")))


def core_message(view: PilotView, evaluation: Evaluation) -> tuple[str, ...]:
    """Three sentences: what the pilot did, what it achieved, what it costs and saves."""
    config, cohort, effect = evaluation.config, evaluation.cohort, evaluation.effect
    who = config.professional.short_title
    reach = (f"Van {fmt.date_long(config.pilot.start)} tot en met {fmt.date_long(config.pilot.end)} begeleidde de {who} "
             f"{view.say('cohort.trajectories')} kinderen en jongeren in {view.text('cohort.practices')} "
             f"{_plural(cohort.practices, 'huisartsenpraktijk', 'huisartsenpraktijken')}")
    if cohort.completed and view.shown("cohort.helped_share"):
        reach += (f"; {view.text('cohort.helped_share')} van {view.the('cohort.completed')} afgeronde trajecten "
                  "eindigde zonder verwijzing.")
    elif cohort.completed:
        reach += (f"; het aandeel van {view.the('cohort.completed')} afgeronde trajecten dat zonder verwijzing "
                  "eindigde, wordt niet gepubliceerd omdat het kleine aantallen zou prijsgeven.")
    else:
        reach += "; er zijn nog geen afgeronde trajecten."
    h = effect.headline
    if not cohort.completed and h.level.startswith("cohort"):
        impact = (f"Hoeveel verwijzingen de {who} heeft voorkomen, is nog niet te schatten: dat kan pas als er "
                  "afgeronde trajecten zijn.")
    elif h.level == "none" or not _finite(h.avoided):
        impact = (f"Hoeveel verwijzingen de {who} heeft voorkomen, is met deze gegevens niet te schatten, want er is "
                  f"geen vergelijking met de situatie zonder {who}.")
    elif not view.shown(HEADLINE):
        impact = (f"Hoeveel verwijzingen de {who} heeft voorkomen, wordt niet gepubliceerd: het zou aantallen onder "
                  f"{view.text('settings.threshold')} verraden.")
    else:
        interval = _interval(view, HEADLINE)
        zero = _finite(h.avoided_ci_low) and h.avoided_ci_low <= 0
        impact = (f"Naar schatting heeft de {who} {view.text(HEADLINE)} verwijzingen voorkomen ("
                  + (f"95%-interval {interval}; " if interval else "") + f"bewijskracht {h.evidence_grade})"
                  + ("; nul voorkomen verwijzingen is niet uitgesloten" if zero else "")
                  + _municipality_clause(evaluation) + ".")
    return reach, impact, _money_sentence(view, evaluation)


def _money_sentence(view: PilotView, evaluation: Evaluation) -> str:
    """The gemeente's own budget per year first; all payers together over the pilot period after it."""
    bc = evaluation.business_case
    who = evaluation.config.professional.short_title
    if bc is None:
        return "Een kosten-batenanalyse ontbreekt, omdat het pilotbestand geen kosten bevat."
    if bc.savings_method == "geen":
        return (f"Er is geen besparing gerekend: er is geen schatting van voorkomen verwijzingen waarop die kan rusten. "
                f"De {who} kost de gemeente {view.text('money.budget.costs_per_year')} per jaar.")
    budget = BUDGET
    interval = _interval(view, budget)
    if view.shown(budget):
        text = (f"Voor de begroting van de gemeente levert de {who} netto {view.text(budget)} per jaar op"
                + (f" (95%-interval {interval})" if interval else ""))
    else:  # too coarse to print without misleading, or it would give small counts away
        text = (f"Wat de {who} netto oplevert voor de begroting van de gemeente, staat hier niet als bedrag, omdat "
                "afronden het misleidend zou maken of kleine aantallen zou verraden"
                + (f"; het 95%-interval loopt van {interval}" if interval else ""))
    text += (f"; de kans op een positief saldo voor de gemeente is {view.say('money.payer.gemeente_totaal.prob_positive')}."
             if view.shown("money.payer.gemeente_totaal.prob_positive") else ".")
    if view.shown("money.net"):
        text += (f" Voor alle financiers samen (ook de zorgverzekeraar) is de netto besparing over de pilotperiode "
                 f"{view.text('money.net')}.")
    return text


def _municipality_direction(m: MunicipalityEffect | None) -> str:
    """'down', 'up', 'flat' (interval contains 1) or 'none' for the gemeente level."""
    if m is None or m.method == "none" or not _finite(m.estimate, m.ci_low, m.ci_high):
        return "none"
    return "down" if m.ci_high < 1 else "up" if m.ci_low > 1 else "flat"


def _municipality_clause(evaluation: Evaluation) -> str:
    """What the CBS figures did, in the words of what they measure: a rising GP *share* of referrals is not
    'more referrals' (other referrers may simply have referred less)."""
    m = evaluation.effect.municipality
    direction = _municipality_direction(m)
    pilot_down = evaluation.effect.headline.avoided_ci_low > 0
    what = outcome_words(m) if m is not None else ""
    if direction == "down":
        return (f", en in de CBS-cijfers daalde {what} meer dan bij de vergelijking"
                if pilot_down else f"; in de CBS-cijfers daalde {what} wel meer dan bij de vergelijking")
    if direction == "up":
        return f", maar in de CBS-cijfers van de hele gemeente steeg {what} juist meer dan elders"
    if direction == "flat":
        return ", maar in de CBS-cijfers van de hele gemeente is geen duidelijk verschil met de vergelijking te zien"
    return ""


# --- key figures ---------------------------------------------------------------------------------

def key_figures(view: PilotView, evaluation: Evaluation) -> tuple[KeyFigure, ...]:
    """Four to six figures for the bestuurlijke samenvatting, each with an interval and its meaning."""
    cohort, effect, bc = evaluation.cohort, evaluation.effect, evaluation.business_case
    if not cohort.completed:
        figures = [KeyFigure("Geholpen zonder verwijzing", fmt.MISSING, None,
                             "er zijn nog geen afgeronde trajecten; het aandeel volgt als trajecten zijn afgesloten",
                             "nog niet te berekenen")]
    else:
        shown = view.shown("cohort.helped_share")
        figures = [KeyFigure(
            "Geholpen zonder verwijzing", view.text("cohort.helped_share"), _interval(view, "cohort.helped_share"),
            f"{view.say_start('cohort.helped')} van {view.the('cohort.completed')} afgeronde trajecten; dit is nog "
            "geen voorkomen verwijzing" + ("" if shown else f"; het aandeel staat er niet, want het zou aantallen "
                                                             f"onder {view.text('settings.threshold')} verraden"),
            None if shown else "niet gepubliceerd (kleine aantallen)")]
    h = effect.headline
    if headline_shown(view, evaluation):
        figures.append(KeyFigure("Voorkomen verwijzingen (netto)", view.text(HEADLINE), _interval(view, HEADLINE),
                                 f"in de pilotperiode; bewijskracht {h.evidence_grade}"))
    m = effect.municipality
    if m is not None and m.method != "none" and view.shown(f"{MUNICIPALITY}.estimate"):
        figures.append(KeyFigure(_municipality_label(m), view.text(f"{MUNICIPALITY}.estimate"),
                                 _bounds(view, MUNICIPALITY),
                                 _municipality_meaning(m)))
    if bc is not None and bc.savings_method != "geen" and view.shown(BUDGET):
        figures.append(KeyFigure("Netto voor de gemeente per jaar", view.text(BUDGET), _interval(view, BUDGET),
                                 "Jeugdwet en eigen budget samen; kans op een positief saldo "
                                 f"{view.say('money.payer.gemeente_totaal.prob_positive')}"))
    if view.shown("cohort.satisfaction.mean"):
        figures.append(KeyFigure("Rapportcijfer van ouders en jongeren", view.text("cohort.satisfaction.mean"),
                                 _interval(view, "cohort.satisfaction.mean"),
                                 f"gemiddelde van {view.say('cohort.satisfaction.n')} beoordelingen"))
    if len(figures) < 6 and view.shown("cohort.sessions.mean"):
        median = (f"; de helft had er {view.text('cohort.sessions.median')} of minder"
                  if view.shown("cohort.sessions.median") else "")
        figures.append(KeyFigure("Gesprekken per traject", view.text("cohort.sessions.mean"),
                                 _interval(view, "cohort.sessions.mean"), "gemiddeld" + median))
    figures = [_with_interval_note(view, f) for f in figures]
    if len(figures) < 4:
        figures.insert(0, KeyFigure("Trajecten", view.text("cohort.trajectories"), None,
                                    f"{view.say_start('cohort.completed')} afgerond, {view.say('cohort.ongoing')} lopend",
                                    "telling, geen steekproef"))
    return tuple(figures[:6])


INTERVAL_OF = {"Geholpen zonder verwijzing": "cohort.helped_share", "Voorkomen verwijzingen (netto)": HEADLINE,
               "Netto voor de gemeente per jaar": BUDGET, "Rapportcijfer van ouders en jongeren": "cohort.satisfaction.mean",
               "Gesprekken per traject": "cohort.sessions.mean"}


def _with_interval_note(view: PilotView, figure: KeyFigure) -> KeyFigure:
    """A key figure without interval says why: left out to protect small counts, or there is none."""
    name = INTERVAL_OF.get(figure.label, MUNICIPALITY)
    if figure.interval or figure.interval_note:
        return figure
    low = f"{name}_ci_low" if name != MUNICIPALITY else f"{name}.ci_low"
    computed = view.has(low) and view.published.figures[view.key(low)].value is not None
    note = (f"interval niet gepubliceerd: het zou aantallen onder {view.text('settings.threshold')} verraden"
            if computed else "geen interval te berekenen")
    return dataclasses.replace(figure, interval_note=note)


def _bounds(view: PilotView, prefix: str) -> str | None:
    low, high = f"{prefix}.ci_low", f"{prefix}.ci_high"
    return view.interval(low, high) if view.shown(low, high) else None


def _municipality_label(m: MunicipalityEffect) -> str:
    return ("Aandeel huisartsverwijzingen, gemeente t.o.v. vergelijking" if m.outcome == "share"
            else "Huisartsverwijzingen per 1.000 jeugdigen, t.o.v. vergelijking")


def _municipality_meaning(m: MunicipalityEffect) -> str:
    measure = "odds ratio" if m.outcome == "share" else "verhouding"
    if _finite(m.ci_low, m.ci_high) and m.ci_low > 1:
        return f"{measure} uit CBS-cijfers; boven 1: na de start méér huisartsverwijzingen dan verwacht"
    if _finite(m.ci_low, m.ci_high) and m.ci_high < 1:
        return f"{measure} uit CBS-cijfers; onder 1: na de start minder huisartsverwijzingen dan verwacht"
    return f"{measure} uit CBS-cijfers; het interval omvat 1: geen duidelijk verschil met de vergelijking"


# --- conclusions ---------------------------------------------------------------------------------

def conclusions(view: PilotView, evaluation: Evaluation) -> tuple[Conclusion, ...]:
    who = evaluation.config.professional.short_title
    config, cohort, effect = evaluation.config, evaluation.cohort, evaluation.effect
    rows = {w.row for w in evaluation.dataset.warnings if w.row is not None}
    clean = not rows or len(rows) / max(cohort.trajectories, 1) < 0.05
    items: list[tuple[str, str, str, str, str]] = [(
        f"De {config.professional.title} bereikte {view.say('cohort.trajectories')} kinderen en jongeren in "
        f"{view.text('cohort.practices')} {_plural(cohort.practices, 'praktijk', 'praktijken')}.",
        f"{view.say_start('cohort.completed')} trajecten zijn afgerond, {view.say('cohort.ongoing')} lopen nog en "
        f"{view.say('cohort.dropped_out')} zijn voortijdig gestopt.",
        "sterk" if clean else "matig",
        "telling uit de registratie" + ("" if clean else f"; bij {view.say('quality.rows_with_warning_share')} van de "
                                                         "trajecten was iets mis of onvolledig"),
        "bereik")]
    if cohort.completed and view.shown("cohort.helped_share"):
        grade, reason = _share_grade(view, evaluation)
        interval = _interval(view, "cohort.helped_share")
        items.append((
            f"{view.text('cohort.helped_share')} van de kinderen werd in de huisartsenpraktijk geholpen, zonder "
            "verwijzing.",
            f"{view.say_start('cohort.helped')} van {view.say('cohort.completed')} afgeronde trajecten"
            + (f"; 95%-interval {interval}" if interval else "") + f". Dit zegt nog niet hoeveel kinderen zonder {who} "
            "wél waren verwezen.", grade, reason, "uitkomsten"))
    items.append(_effect_claim(view, evaluation))
    if effect.municipality is not None and effect.municipality.method != "none":
        items.append(_municipality_claim(view, evaluation))
    if evaluation.business_case is not None:
        items.append(_money_claim(view, evaluation))
    if view.shown("cohort.satisfaction.mean"):
        sat = cohort.satisfaction
        response = sat.n / cohort.trajectories if cohort.trajectories else 0
        interval = _interval(view, "cohort.satisfaction.mean")
        items.append((
            f"Ouders en jongeren waarderen de hulp met gemiddeld een {view.text('cohort.satisfaction.mean')}.",
            f"{view.say_start('cohort.satisfaction.n')} beoordelingen ({view.say('cohort.satisfaction.response_share')} "
            "van de trajecten)" + (f"; 95%-interval {interval}" if interval else "") + ".",
            "matig" if sat.n >= 30 and response >= 0.5 else "zwak",
            "alleen wie een cijfer gaf telt mee; tevreden ouders vullen vaker in" if response < 0.5 or sat.n < 30
            else "ruim de helft gaf een cijfer; wie niet invulde kan anders oordelen",
            "uitkomsten"))
    if config.success_factors:
        risks = sum(1 for x in config.risks if x.status == "aanwezig")
        items.append((
            f"{view.text('setup.factors_present')} van de {view.text('setup.factors')} werkzame factoren zijn aanwezig "
            f"en {view.text('setup.factors_partly')} deels"
            + (f"; {view.text('setup.risks_present')} {_plural(risks, 'risico doet', 'risico’s doen')} zich voor."
               if config.risks else "."),
            "Zie de checklist in het hoofdstuk Werkzame factoren en risico's.",
            "zwak", "eigen inschatting van de betrokkenen, niet gemeten", "factoren"))
    return tuple(Conclusion(i, *item) for i, item in enumerate(items, start=1))


def _share_grade(view: PilotView, evaluation: Evaluation) -> tuple[str, str]:
    share = evaluation.cohort.no_referral
    width = (share.ci_high - share.ci_low) if _finite(share.ci_low, share.ci_high) else 1.0
    completed = view.say("cohort.completed")
    if share.total >= 100 and width <= 0.2:
        return "sterk", f"telling over {completed} afgeronde trajecten; het interval is smal"
    if share.total >= 30:
        return "matig", f"{completed} afgeronde trajecten; het interval is niet smal"
    return "zwak", f"maar {completed} afgeronde trajecten; één traject meer of minder verandert het beeld"


def _effect_claim(view: PilotView, evaluation: Evaluation) -> tuple[str, str, str, str, str]:
    effect, who = evaluation.effect, evaluation.config.professional.short_title
    h = effect.headline
    if h.level.startswith("cohort") and not effect.cohort.completed:
        return (f"Hoeveel verwijzingen de {who} heeft voorkomen, is nog niet vast te stellen.",
                "Er zijn nog geen afgeronde trajecten.", "zwak", "er zijn nog geen afgeronde trajecten", "effect")
    if h.level == "none" or not _finite(h.avoided):
        return (f"Hoeveel verwijzingen de {who} heeft voorkomen, is niet vast te stellen.",
                "Er is geen verwijsintentie van de huisarts, geen aanname en geen vergelijking tussen praktijken.",
                "zwak", f"er is geen schatting van wat er zonder {who} was gebeurd", "effect")
    if not view.shown(HEADLINE):
        return (f"Hoeveel verwijzingen de {who} heeft voorkomen, wordt niet gepubliceerd.",
                f"Het aantal zou aantallen onder {view.text('settings.threshold')} kinderen verraden.",
                h.evidence_grade, "het aantal is geschat, maar niet te publiceren", "effect")
    interval = _interval(view, HEADLINE)
    if h.avoided_ci_low <= 0 <= h.avoided_ci_high:
        claim = (f"Het is niet aangetoond dat de {who} verwijzingen voorkomt: de schatting is {view.text(HEADLINE)}, "
                 "maar nul ligt binnen de marge.")
    else:
        claim = f"De {who} heeft naar schatting {view.text(HEADLINE)} verwijzingen voorkomen in de pilotperiode."
    reason = {"sterk": f"vergelijking met veel praktijken zonder {who}; de toets op voortrends slaagt en een afwijkende "
                       "trend zo groot als de perioden vóór de start toelaten, verandert de conclusie niet",
              "matig": "vergelijking met praktijken of met de verwijsintentie, maar met beperkte aantallen",
              "zwak": "de schatting rust op een aanname of op weinig gegevens"}[h.evidence_grade]
    if effect.agreement.verdict == "oneens":
        reason += "; een stap lager omdat de gemeentecijfers iets anders laten zien"
    evidence = named(HEADLINE_METHODS[h.method], view.professional) + (f"; 95%-interval {interval}." if interval else ".")
    return claim, evidence, h.evidence_grade, reason, "effect"


def _municipality_claim(view: PilotView, evaluation: Evaluation) -> tuple[str, str, str, str, str]:
    who = evaluation.config.professional.short_title
    effect, gemeente = evaluation.effect, evaluation.config.pilot.municipality
    m = effect.municipality
    assert m is not None
    what = ("het aandeel huisartsverwijzingen" if m.outcome == "share"
            else "het aantal huisartsverwijzingen per 1.000 jeugdigen")
    against = comparison_words(view, m)
    significant = _finite(m.ci_low, m.ci_high) and (m.ci_low > 1 or m.ci_high < 1)
    if significant and m.estimate > 1:
        claim = f"In {gemeente} ontwikkelde {what} zich na de start ongunstiger dan bij {against}."
    elif significant:
        claim = f"In {gemeente} daalde {what} na de start meer dan bij {against}."
    else:
        claim = f"In de CBS-cijfers van {gemeente} is geen duidelijk verschil te zien met {against}."
    if effect.headline.avoided_ci_low > 0 and not (significant and m.estimate < 1):
        claim += " De pilot lijkt te werken, maar de cijfers van de hele gemeente bewegen (nog) niet mee."
    p = MUNICIPALITY
    evidence = (f"{what[0].upper() + what[1:]} ging van {view.text(f'{p}.treated_pre')} naar "
                f"{view.text(f'{p}.treated_post')}; bij de vergelijking van {view.text(f'{p}.comparison_pre')} naar "
                f"{view.text(f'{p}.comparison_post')}. Verhouding {view.text(f'{p}.estimate')}"
                + (f" (95%-interval {_bounds(view, p)})." if _bounds(view, p) else "."))
    grade = "matig" if m.method == "did" and m.comparison_units >= 5 else "zwak"
    reason = (f"verschil-in-verschillen met vergelijkingsgemeenten; de {who} werkt maar in een deel van de praktijken, "
              "dus andere oorzaken zijn niet uit te sluiten" if grade == "matig"
              else "vergelijking met weinig gemeenten of alleen een trend in de tijd")
    return claim, evidence, grade, reason, "effect"


def _money_claim(view: PilotView, evaluation: Evaluation) -> tuple[str, str, str, str, str]:
    bc, effect, who = evaluation.business_case, evaluation.effect, evaluation.config.professional.short_title
    assert bc is not None
    chance = bc.budget.prob_positive
    if bc.savings_method == "geen":
        claim = f"Of de {who} zich terugverdient, is niet te zeggen: er is geen schatting van voorkomen verwijzingen."
    elif chance >= 0.8:
        claim = f"De {who} verdient zich voor de gemeente waarschijnlijk terug."
    elif chance <= 0.2:
        claim = f"De {who} verdient zich voor de gemeente waarschijnlijk niet terug."
    else:
        claim = f"Of de {who} zich voor de gemeente terugverdient, is onzeker."
    interval = _interval(view, BUDGET)
    evidence = (f"Netto voor de gemeente {view.say(BUDGET)} per jaar" + (f" (95%-interval {interval})" if interval else "")
                + f"; kans op een positief saldo {view.say('money.payer.gemeente_totaal.prob_positive')}. Om quitte te "
                f"spelen zijn {view.say('money.break_even_avoided_per_year')} voorkomen verwijzingen per jaar nodig; "
                f"geschat is {view.say('money.avoided_per_year')} per jaar.")
    if bc.savings_method == "geen":
        return claim, evidence, "zwak", "er is geen schatting van voorkomen verwijzingen", "kosten"
    grade = weakest(effect.headline.evidence_grade, "matig")
    reason = "niet sterker dan het hoofdcijfer waarop de besparing rust; tarieven zijn gemiddelden"
    others = [s for level, s in bc.scenarios.items() if level != bc.basis.level]
    if others and any((o.municipality_prob_positive >= 0.5) != (chance >= 0.5) for o in others):
        grade = lower_grade(grade)
        reason += "; een stap lager omdat een andere manier van meten tot een andere uitkomst leidt (zie de scenario's)"
    return claim, evidence, grade, reason, "kosten"
