"""Report text built from the result objects: core message, key figures and conclusions.

Every sentence a reader sees that depends on the numbers is written here, in Python, from
the computed results, never in a template. Claims are graded (sterk, matig, zwak) by rules
that look at the amount of data and the method; a claim is never graded higher than the
estimate it rests on. Research-question answers and recommendations are in ``answers``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from evaluator.report import formatting as f
from evaluator.business_case.results import BusinessCase
from evaluator.cohort.describe import CohortResult
from evaluator.inputs.config import PilotConfig
from evaluator.effect.results import EffectResult, MunicipalityEffect
from evaluator.report.counts import PublishedCounts

GRADES = ("zwak", "matig", "sterk")


@dataclass(frozen=True)
class KeyFigure:
    """One headline number. ``kind`` tells the template how to format value and interval:
    'getal', 'getal1', 'procent', 'euro' or 'verhouding'. ``interval_note`` replaces the interval
    when a figure has none (a count, for instance)."""

    label: str
    value: float | None
    kind: str
    ci_low: float | None
    ci_high: float | None
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


def weakest(*grades: str) -> str:
    return min(grades, key=GRADES.index)


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def core_message(config: PilotConfig, cohort: CohortResult, effect: EffectResult, bc: BusinessCase | None,
                 pub: PublishedCounts) -> tuple[str, ...]:
    """Three sentences: what the pilot did, what it achieved, what it costs and saves.
    Counts of children come from ``pub`` (small-cell suppression)."""
    who = config.professional.title
    reach = (f"Van {f.date_long(config.pilot.start)} tot en met {f.date_long(config.pilot.end)} begeleidde de {who} "
             f"{pub.say('trajecten')} kinderen en jongeren in {f.number(cohort.practices)} "
             f"{_plural(cohort.practices, 'huisartsenpraktijk', 'huisartsenpraktijken')}")
    share = _no_referral_share(cohort, pub)
    if cohort.completed and share is not None:
        reach += (f"; {f.percent(share)} van de {pub.say('afgerond')} afgeronde trajecten "
                  "eindigde zonder verwijzing.")
    elif cohort.completed:
        reach += (f"; het aandeel van de {pub.say('afgerond')} afgeronde trajecten dat zonder verwijzing eindigde, "
                  "wordt niet gepubliceerd omdat het kleine aantallen zou prijsgeven.")
    else:
        reach += "; er zijn nog geen afgeronde trajecten."
    h = effect.headline
    if not cohort.completed and h.level.startswith("cohort"):
        impact = (f"Hoeveel verwijzingen de {who} heeft voorkomen, is nog niet te schatten: dat kan pas als er "
                  "afgeronde trajecten zijn.")
    elif h.level == "none" or not _finite(h.avoided):
        impact = (f"Hoeveel verwijzingen de {who} heeft voorkomen, is met deze gegevens niet te schatten, want er is geen "
                  "vergelijking met de situatie zonder POH.")
    else:
        zero = _finite(h.avoided_ci_low) and h.avoided_ci_low <= 0
        impact = (f"Naar schatting heeft de {who} {f.number(h.avoided)} verwijzingen voorkomen (95%-interval "
                  f"{f.number_interval(h.avoided_ci_low, h.avoided_ci_high)}; bewijskracht {h.evidence_grade})"
                  + ("; nul voorkomen verwijzingen is niet uitgesloten" if zero else ""))
        impact += _municipality_clause(effect) + "."
    if bc is None:
        money = "Een kosten-batenanalyse ontbreekt, omdat het pilotbestand geen kosten bevat."
    else:
        money = (f"Over de pilotperiode is de netto besparing {f.euro(bc.net_savings)} (95%-interval "
                 f"{f.euro_interval(bc.net_ci_low, bc.net_ci_high)}); de kans dat de {who} meer oplevert dan hij kost, "
                 f"is {f.probability(bc.prob_positive)}"
                 + (", en die besparing rust op een aanname, niet op een meting." if bc.savings_method == "verwijskans"
                    else "."))
        other = _money_count_note(bc, effect)
        if other:
            money += " " + other
    return reach, impact, money


def _money_count_note(bc: BusinessCase, effect: EffectResult) -> str:
    """One sentence when the money rests on another count of avoided referrals than the effect headline."""
    h = effect.headline
    if h.level != "practice" or bc.savings_method not in ("intentie", "verwijskans") or not _finite(h.avoided):
        return ""
    source = "de registratie van de huisarts" if bc.savings_method == "intentie" else "een aangenomen verwijskans"
    return (f"Dat bedrag rekent met {f.number(bc.avoided_referrals)} voorkomen verwijzingen uit {source}, niet met de "
            f"{f.number(h.avoided)} uit de vergelijking van praktijken; het hoofdstuk Kosten en baten legt uit waarom.")


def _municipality_direction(m: MunicipalityEffect | None) -> str:
    """'down', 'up', 'flat' (interval contains 1) or 'none' for the gemeente level."""
    if m is None or m.method == "none" or not _finite(m.estimate, m.ci_low, m.ci_high):
        return "none"
    return "down" if m.ci_high < 1 else "up" if m.ci_low > 1 else "flat"


def _municipality_clause(effect: EffectResult) -> str:
    direction = _municipality_direction(effect.municipality)
    pilot_down = effect.headline.avoided_ci_low > 0
    if direction == "down":
        return (", en in de CBS-cijfers daalde het aandeel huisartsverwijzingen meer dan bij de vergelijking"
                if pilot_down else "; in de CBS-cijfers daalde het aandeel huisartsverwijzingen wel meer dan bij de "
                                   "vergelijking")
    if direction == "up":
        return ", maar in de CBS-cijfers van de hele gemeente stegen de huisartsverwijzingen juist meer dan elders"
    if direction == "flat":
        return ", maar in de CBS-cijfers van de hele gemeente is geen duidelijk verschil met de vergelijking te zien"
    return ""


def _no_referral_share(cohort: CohortResult, pub: PublishedCounts) -> float | None:
    """The share helped without referral, or None when it would reveal a hidden count."""
    return pub.share(cohort.no_referral.share, "afgerond", "bestemming:geen")


def key_figures(cohort: CohortResult, effect: EffectResult, bc: BusinessCase | None,
                pub: PublishedCounts) -> tuple[KeyFigure, ...]:
    """Four to six figures for the bestuurlijke samenvatting, each with an interval and its meaning."""
    share = _no_referral_share(cohort, pub)
    figures = [
        KeyFigure("Geholpen zonder verwijzing", None, "procent", None, None,
                  "er zijn nog geen afgeronde trajecten; het aandeel volgt als trajecten zijn afgesloten",
                  "nog niet te berekenen")
    ] if not cohort.completed else [
        KeyFigure("Geholpen zonder verwijzing", share, "procent", share and cohort.no_referral.ci_low,
                  share and cohort.no_referral.ci_high,
                  f"{pub.say_start('bestemming:geen')} van de {pub.say('afgerond')} afgeronde trajecten; "
                  "dit is nog geen voorkomen verwijzing"
                  + ("" if share is not None else f"; het aandeel staat er niet, want het zou aantallen onder "
                                                  f"{pub.threshold} verraden"),
                  None if share is not None else "niet gepubliceerd (kleine aantallen)"),
    ]
    h = effect.headline
    if h.level != "none" and _finite(h.avoided) and (cohort.completed or not h.level.startswith("cohort")):
        figures.append(KeyFigure("Voorkomen verwijzingen (netto)", h.avoided, "getal", h.avoided_ci_low,
                                 h.avoided_ci_high, f"in de pilotperiode; bewijskracht {h.evidence_grade}"))
    m = effect.municipality
    if m is not None and m.method != "none" and _finite(m.estimate):
        figures.append(KeyFigure(_municipality_label(m), m.estimate, "verhouding", m.ci_low, m.ci_high,
                                 _municipality_meaning(m)))
    if bc is not None:
        figures.append(KeyFigure("Netto besparing", bc.net_savings, "euro", bc.net_ci_low, bc.net_ci_high,
                                 f"over de pilotperiode; kans op een positief saldo {f.probability(bc.prob_positive)}"))
    if cohort.satisfaction.n and pub.shown("tevredenheid_n"):
        figures.append(KeyFigure("Rapportcijfer van ouders en jongeren", cohort.satisfaction.mean, "getal1",
                                 cohort.satisfaction.ci_low, cohort.satisfaction.ci_high,
                                 f"gemiddelde van {pub.say('tevredenheid_n')} beoordelingen"))
    if len(figures) < 6 and cohort.sessions.mean is not None:
        figures.append(KeyFigure("Gesprekken per traject", cohort.sessions.mean, "getal1", cohort.sessions.mean_ci_low,
                                 cohort.sessions.mean_ci_high, f"gemiddeld; de helft had er {f.number(cohort.sessions.median)} "
                                 "of minder"))
    if len(figures) < 4:
        figures.insert(0, KeyFigure("Trajecten", pub.value("trajecten"), "getal", None, None,
                                    f"{pub.say_start('afgerond')} afgerond, {pub.say('lopend')} lopend",
                                    "telling, geen steekproef"))
    return tuple(figures[:6])


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


def _share_grade(total: int, low: float | None, high: float | None, shown: str) -> tuple[str, str]:
    width = (high - low) if _finite(low, high) else 1.0
    if total >= 100 and width <= 0.2:
        return "sterk", f"telling over {shown} afgeronde trajecten; het interval is smal"
    if total >= 30:
        return "matig", f"{shown} afgeronde trajecten; het interval is {f.percent(width)} breed"
    return "zwak", f"maar {shown} afgeronde trajecten; één traject meer of minder verandert het beeld"


def conclusions(config: PilotConfig, cohort: CohortResult, effect: EffectResult, bc: BusinessCase | None,
                warning_rows: int, rows_read: int, pub: PublishedCounts) -> tuple[Conclusion, ...]:
    items: list[tuple[str, str, str, str, str]] = []
    quality = warning_rows / rows_read if rows_read else 0.0
    items.append((
        f"De {config.professional.title} bereikte {pub.say('trajecten')} kinderen en jongeren in "
        f"{f.number(cohort.practices)} {_plural(cohort.practices, 'praktijk', 'praktijken')}.",
        f"{pub.say_start('afgerond')} trajecten zijn afgerond, {pub.say('lopend')} lopen nog en "
        f"{pub.say('uitgevallen')} zijn voortijdig gestopt.",
        "sterk" if quality < 0.05 else "matig",
        "telling uit de registratie" + ("" if quality < 0.05 else
                                        f"; bij {f.percent(quality)} van de rijen was iets mis of onvolledig"),
        "bereik"))
    share = _no_referral_share(cohort, pub)
    if cohort.completed and share is not None:
        grade, reason = _share_grade(cohort.no_referral.total, cohort.no_referral.ci_low, cohort.no_referral.ci_high,
                                     pub.say("afgerond"))
        items.append((
            f"{f.percent(share)} van de kinderen werd in de huisartsenpraktijk geholpen, zonder "
            "verwijzing.",
            f"{pub.say_start('bestemming:geen')} van {pub.say('afgerond')} afgeronde trajecten; 95%-interval "
            f"{f.percent_interval(cohort.no_referral.ci_low, cohort.no_referral.ci_high)}. Dit zegt nog niet hoeveel "
            "kinderen zonder POH wél waren verwezen.",
            grade, reason, "uitkomsten"))
    items.append(_effect_claim(effect, config.professional.title))
    if effect.municipality is not None and effect.municipality.method != "none":
        items.append(_municipality_claim(config, effect))
    if bc is not None:
        items.append(_money_claim(bc, effect, config.professional.title))
    sat = cohort.satisfaction
    if sat.n and pub.shown("tevredenheid_n"):
        response = sat.n / cohort.trajectories if cohort.trajectories else 0
        items.append((
            f"Ouders en jongeren waarderen de hulp met gemiddeld een {f.number(sat.mean, 1)}.",
            f"{pub.say_start('tevredenheid_n')} beoordelingen ({f.percent(response)} van de trajecten); 95%-interval "
            f"{f.number_interval(sat.ci_low, sat.ci_high, 1)}.",
            "matig" if sat.n >= 30 and response >= 0.5 else "zwak",
            "alleen wie een cijfer gaf telt mee; tevreden ouders vullen vaker in" if response < 0.5 or sat.n < 30
            else "ruim de helft gaf een cijfer; wie niet invulde kan anders oordelen",
            "uitkomsten"))
    factors = config.success_factors
    if factors:
        present = sum(1 for x in factors if x.status == "aanwezig")
        partly = sum(1 for x in factors if x.status == "deels")
        risks = sum(1 for x in config.risks if x.status == "aanwezig")
        items.append((
            f"{present} van de {len(factors)} werkzame factoren zijn aanwezig en {partly} deels"
            + (f"; {risks} {_plural(risks, 'risico doet', 'risico’s doen')} zich voor." if config.risks else "."),
            "Zie de checklist in het hoofdstuk Werkzame factoren en risico's.",
            "zwak", "eigen inschatting van de betrokkenen, niet gemeten", "factoren"))
    return tuple(Conclusion(i, *item) for i, item in enumerate(items, start=1))


def _effect_claim(effect: EffectResult, who: str) -> tuple[str, str, str, str, str]:
    h = effect.headline
    if h.level.startswith("cohort") and not effect.cohort.completed:
        return (f"Hoeveel verwijzingen de {who} heeft voorkomen, is nog niet vast te stellen.",
                "Er zijn nog geen afgeronde trajecten.", "zwak", "er zijn nog geen afgeronde trajecten", "effect")
    if h.level == "none" or not _finite(h.avoided):
        return (f"Hoeveel verwijzingen de {who} heeft voorkomen, is niet vast te stellen.",
                "Er is geen verwijsintentie van de huisarts, geen aanname en geen vergelijking tussen praktijken.",
                "zwak", "er is geen schatting van wat er zonder POH was gebeurd", "effect")
    interval = f.number_interval(h.avoided_ci_low, h.avoided_ci_high)
    if h.avoided_ci_low <= 0 <= h.avoided_ci_high:
        claim = (f"Het is niet aangetoond dat de {who} verwijzingen voorkomt: de schatting is {f.number(h.avoided)}, "
                 "maar nul ligt binnen de marge.")
    else:
        claim = f"De {who} heeft naar schatting {f.number(h.avoided)} verwijzingen voorkomen in de pilotperiode."
    reason = {"sterk": "vergelijking met veel praktijken zonder POH; de controles op voortrends en nep-startdatum slagen",
              "matig": "vergelijking met praktijken of met de verwijsintentie, maar met beperkte aantallen",
              "zwak": "de schatting rust op een aanname of op weinig gegevens"}[h.evidence_grade]
    if effect.agreement == "oneens":
        reason += "; een stap lager omdat de gemeentecijfers iets anders laten zien"
    return (claim, f"{h.method}; 95%-interval {interval}.", h.evidence_grade, reason, "effect")


def _municipality_claim(config: PilotConfig, effect: EffectResult) -> tuple[str, str, str, str, str]:
    m = effect.municipality
    assert m is not None
    what = "het aandeel huisartsverwijzingen" if m.outcome == "share" else "het aantal huisartsverwijzingen per 1.000 jeugdigen"
    fmt = f.percent if m.outcome == "share" else (lambda v: f.number(v, 1))
    significant = _finite(m.ci_low, m.ci_high) and (m.ci_low > 1 or m.ci_high < 1)
    if significant and m.estimate > 1:
        claim = f"In {config.pilot.municipality} ontwikkelde {what} zich na de start ongunstiger dan bij {m.comparison_label}."
    elif significant:
        claim = f"In {config.pilot.municipality} daalde {what} na de start meer dan bij {m.comparison_label}."
    else:
        claim = f"In de CBS-cijfers van {config.pilot.municipality} is geen duidelijk verschil te zien met {m.comparison_label}."
    if effect.headline.avoided_ci_low > 0 and not (significant and m.estimate < 1):
        claim += " De pilot lijkt te werken, maar de cijfers van de hele gemeente bewegen (nog) niet mee."
    evidence = (f"{what[0].upper() + what[1:]} ging van {fmt(m.treated_pre)} naar {fmt(m.treated_post)}; bij de "
                f"vergelijking van {fmt(m.comparison_pre)} naar {fmt(m.comparison_post)}. Verhouding "
                f"{f.ratio(m.estimate)} (95%-interval {f.ratio_interval(m.ci_low, m.ci_high)}).")
    grade = "matig" if m.method == "did" and m.comparison_units >= 5 else "zwak"
    reason = ("verschil-in-verschillen met vergelijkingsgemeenten; de POH werkt maar in een deel van de praktijken, "
              "dus andere oorzaken zijn niet uit te sluiten" if grade == "matig"
              else "vergelijking met weinig gemeenten of alleen een trend in de tijd")
    return claim, evidence, grade, reason, "effect"


def _money_claim(bc: BusinessCase, effect: EffectResult, who: str) -> tuple[str, str, str, str, str]:
    if bc.prob_positive >= 0.8:
        claim = f"De {who} verdient zich in de pilotperiode waarschijnlijk terug."
    elif bc.prob_positive <= 0.2:
        claim = f"De {who} verdient zich in de pilotperiode waarschijnlijk niet terug."
    else:
        claim = f"Of de {who} zich terugverdient, is onzeker."
    evidence = (f"Netto besparing {f.euro(bc.net_savings)} (95%-interval {f.euro_interval(bc.net_ci_low, bc.net_ci_high)}); "
                f"kans op een positief saldo {f.probability(bc.prob_positive)}. Om quitte te spelen zijn "
                f"{f.number(bc.break_even_avoided_per_year)} voorkomen verwijzingen per jaar nodig; geschat is "
                f"{f.number(bc.avoided_per_year)} per jaar.")
    h = effect.headline
    if _money_count_note(bc, effect) and bc.pilot_years > 0:
        evidence += (f" Dat aantal komt uit {'de registratie van de huisarts' if bc.savings_method == 'intentie' else 'een aanname'}"
                     f"; het hoofdcijfer uit de vergelijking van praktijken komt neer op "
                     f"{f.number(h.avoided / bc.pilot_years)} per jaar. Welk van de twee klopt, bepaalt de uitkomst "
                     "mede (zie hoofdstuk Kosten en baten).")
    if bc.savings_method in ("verwijskans", "geen"):
        return claim, evidence, "zwak", "de besparing rust op een aangenomen verwijskans, niet op een meting", "kosten"
    grade = weakest(effect.headline.evidence_grade, "matig")
    reason = "niet sterker dan de effectschatting waarop de besparing rust; tarieven zijn gemiddelden"
    if _money_count_note(bc, effect) and bc.pilot_years > 0 and _finite(bc.break_even_avoided_per_year):
        # The money rests on the GP's intention, the headline on the practice comparison: does the
        # headline's interval lead to the same verdict? If not, the claim holds only if the registration is right.
        low, high = h.avoided_ci_low / bc.pilot_years, h.avoided_ci_high / bc.pilot_years
        need = bc.break_even_avoided_per_year
        same = (low >= need) if bc.prob_positive >= 0.8 else (high < need) if bc.prob_positive <= 0.2 else True
        if not same:
            claim = claim[:-1] + ", als de registratie van de huisarts klopt."
            grade = GRADES[max(0, GRADES.index(grade) - 1)]
            reason += ("; een stap lager omdat de vergelijking van praktijken binnen haar marge tot een andere "
                       "uitkomst kan leiden")
    return claim, evidence, grade, reason, "kosten"
