"""Choose the headline figure by a fixed, documented rule and write the verdict.

Rule (also stored, in Dutch, in ``Headline.rule``):
1. Practice level ("practice") when a practice panel has at least 10 practices, of which at
   least 3 got a POH, and neither the pre-trend test nor the placebo test fails (p < 0.05).
2. Otherwise the cohort with the GP's intention ("cohort_intention") when it is registered for
   at least 70% of the completed trajectories.
3. Otherwise the cohort with the counterfactual referral probability from the pilot file
   ("cohort_assumption"); if that is missing but some intention is registered, the intention
   route anyway (graded "zwak").
4. Otherwise "none" (no net estimate; the gemeente level is shown, but gives no count).
The gemeente level is always shown alongside. Evidence grade: "sterk" only for the practice
level with >= 20 practices, >= 5 with a POH and passed checks; "matig" for the practice level
otherwise and for the intention route with >= 90% registered and >= 100 trajectories; else
"zwak". One step down when the gemeente level disagrees in direction or significance.
"""

from __future__ import annotations

import math

from evaluator.effect.cohort import destination_split
from evaluator.effect.results import NAN, CohortEffect, Headline, MunicipalityEffect, PracticeEffect
from evaluator.effect.text import nl, pct

RULE = (
    "Hoofdcijfer volgens vaste regel: (1) praktijkniveau als er gegevens zijn van minstens 10 praktijken, waarvan "
    "minstens 3 met POH, en de toetsen op voortrends en nep-startdatum niet afwijken; anders (2) de verwijsintentie "
    "van de huisarts als die bij minstens 70% van de afgeronde trajecten is geregistreerd; anders (3) de aanname "
    "over de verwijskans zonder POH uit het pilotbestand. Het gemeenteniveau (CBS) staat er altijd naast."
)
GRADES = ("zwak", "matig", "sterk")


def practice_usable(practice: PracticeEffect | None) -> bool:
    if practice is None or practice.practices < 10 or practice.treated_practices < 3:
        return False
    failed = [p for p in (practice.pretrend_p_value, practice.placebo_p_value) if not math.isnan(p) and p < 0.05]
    return not failed


def choose_headline(cohort: CohortEffect, practice: PracticeEffect | None, agreement: str,
                    assumed: CohortEffect | None = None) -> Headline:
    """Apply the rule above; ``agreement`` ("eens"/"oneens"/...) may lower the grade.

    ``assumed`` is the assumption route computed next to a poorly registered intention route.
    """
    if assumed is not None and not (cohort.method == "intention" and cohort.intention_share >= 0.7):
        cohort = assumed
    weights = cohort.intended_by_destination if cohort.method == "intention" else cohort.actual_by_destination
    weights = {d: float(v) for d, v in weights.items()}
    if practice_usable(practice):
        assert practice is not None
        strong = practice.practices >= 20 and practice.treated_practices >= 5
        grade = "sterk" if strong else "matig"
        level, method = "practice", "Poissonregressie met vaste effecten (praktijkpanel)"
        values = (practice.avoided, practice.avoided_ci_low, practice.avoided_ci_high, practice.avoided_se)
        split = destination_split(practice.avoided, weights)
    elif cohort.method == "intention":
        good = cohort.intention_share >= 0.9 and cohort.with_intention >= 100
        grade = "matig" if good else "zwak"
        level, method = "cohort_intention", "Verwijsintentie van de huisarts vergeleken met de werkelijke uitkomst"
        values = (cohort.avoided, cohort.avoided_ci_low, cohort.avoided_ci_high, cohort.avoided_se)
        split = dict(cohort.avoided_by_destination)
    elif cohort.method == "assumption":
        grade, level = "zwak", "cohort_assumption"
        method = "Aangenomen verwijskans zonder POH vergeleken met de werkelijke verwijzingen"
        values = (cohort.avoided, cohort.avoided_ci_low, cohort.avoided_ci_high, cohort.avoided_se)
        split = dict(cohort.avoided_by_destination)
    else:
        return Headline("none", "Geen schatting van voorkomen verwijzingen mogelijk", RULE, "zwak",
                        NAN, NAN, NAN, NAN, {})
    if agreement == "oneens":
        grade = GRADES[max(0, GRADES.index(grade) - 1)]
    return Headline(level, method, RULE, grade, *values, split)


def compare_levels(headline_avoided: tuple[float, float, float], municipality: MunicipalityEffect | None) -> str:
    """"eens", "oneens" or "niet_te_vergelijken": direction and significance of both levels."""
    avoided, low, high = headline_avoided
    if municipality is None or municipality.method == "none" or math.isnan(avoided) or math.isnan(municipality.estimate):
        return "niet_te_vergelijken"
    pilot_down, pilot_sig = avoided > 0, (low > 0 or high < 0)
    muni_down, muni_sig = municipality.estimate < 1, municipality.p_value < 0.05
    return "eens" if pilot_down == muni_down and pilot_sig == muni_sig else "oneens"


def _disagreement(headline: Headline, municipality: MunicipalityEffect) -> str:
    pilot_down = headline.avoided > 0
    pilot_sig = headline.avoided_ci_low > 0 or headline.avoided_ci_high < 0
    muni_down, muni_sig = municipality.estimate < 1, municipality.p_value < 0.05
    if pilot_down and pilot_sig and not muni_down:
        return ("De twee niveaus spreken elkaar tegen: binnen de pilot lijkt de POH verwijzingen te voorkomen, maar in "
                "de cijfers van de hele gemeente is dat niet te zien; daar ging het de andere kant op. Mogelijke "
                "oorzaken: de POH werkt maar in een deel van de praktijken, verwijzingen verschuiven naar andere "
                "verwijzers of perioden, de registratie veranderde, of de POH bereikt kinderen die anders niet waren "
                "verwezen. Een besparing voor de gemeente is daarom niet aangetoond; de pilotcijfers alleen zijn "
                "daarvoor niet genoeg.")
    if pilot_down and pilot_sig:
        return ("De gemeentecijfers gaan dezelfde kant op, maar het verschil met de vergelijking is te klein om toeval "
                "uit te sluiten. Dat past bij een POH die maar een deel van de kinderen in de gemeente bereikt; een "
                "besparing voor de hele gemeente is daarmee nog niet aangetoond.")
    if muni_sig and muni_down:
        return ("In de gemeentecijfers daalt het aandeel huisartsverwijzingen meer dan in de vergelijking, maar binnen "
                "de pilot is een effect niet zeker aangetoond. De daling in de gemeente kan ook andere oorzaken hebben "
                "(registratie, wijkteam, landelijk beleid); schrijf haar niet zonder meer aan de POH toe.")
    return ("De twee niveaus wijzen niet dezelfde kant op en geen van beide is op zichzelf overtuigend; trek nog geen "
            "conclusie over het effect op verwijzingen.")


def _practice_sentence(practice: PracticeEffect | None) -> str:
    if practice is None:
        return ""
    if practice.practices >= 10 and practice.treated_practices >= 3:
        failed = [name for name, p in (("de toets op voortrends", practice.pretrend_p_value),
                                       ("de toets met een nep-startdatum", practice.placebo_p_value))
                  if not math.isnan(p) and p < 0.05]
        reason = (" en ".join(failed) or "een controle") + (" afwijken" if len(failed) > 1 else " afwijkt")
    else:
        reason = "er te weinig praktijken (met POH) in het panel zitten"
    change = practice.rate_ratio - 1
    direction = "daling" if change < 0 else "stijging"
    interval = (f"95%-interval van {pct(practice.ci_low - 1)} tot {pct(practice.ci_high - 1)}"
                if math.isfinite(practice.ci_low) and math.isfinite(practice.ci_high) else "zonder 95%-interval")
    return (f"Het praktijkpanel ({practice.practices} praktijken, {practice.treated_practices} met POH) geeft een "
            f"{direction} van {pct(abs(change))} in verwijzingen ({interval}); dat is niet als hoofdcijfer gebruikt, "
            f"omdat {reason}.")


def write_verdict(headline: Headline, cohort: CohortEffect, municipality: MunicipalityEffect | None,
                  agreement: str, gemeente: str, practice: PracticeEffect | None = None) -> str:
    """The plain-Dutch paragraph that opens the chapter."""
    parts = []
    if headline.level == "none":
        parts.append("Hoeveel verwijzingen de POH heeft voorkomen is niet te schatten: er is geen verwijsintentie "
                     "geregistreerd, geen aanname opgegeven en geen praktijkpanel. Het aandeel kinderen zonder "
                     "verwijzing zegt niet hoeveel kinderen zonder POH wél waren verwezen.")
    elif headline.level.startswith("cohort") and not cohort.completed:
        parts.append("Hoeveel verwijzingen de POH heeft voorkomen is nog niet te schatten: er zijn nog geen afgeronde "
                     "trajecten.")
    else:
        where = {"practice": "Vergeleken met praktijken en perioden zonder POH",
                 "cohort_intention": "Vergeleken met wat de huisarts zonder POH van plan was",
                 "cohort_assumption": "Uitgaande van de aangenomen verwijskans zonder POH"}[headline.level]
        direction = "voorkomen" if headline.avoided >= 0 else "extra"
        parts.append(
            f"{where} zijn er in de pilotperiode naar schatting {nl(abs(headline.avoided))} verwijzingen {direction} "
            f"(95%-interval {nl(headline.avoided_ci_low)} tot {nl(headline.avoided_ci_high)}). De bewijskracht is "
            f"{headline.evidence_grade}."
        )
        if headline.avoided_ci_low <= 0 <= headline.avoided_ci_high:
            parts.append("Het interval omvat nul: het is niet uitgesloten dat de POH per saldo geen verwijzingen voorkomt.")
    if headline.level != "practice" and practice is not None:
        parts.append(_practice_sentence(practice))
    if municipality is not None and municipality.method != "none":
        what = "het aandeel huisartsverwijzingen" if municipality.outcome == "share" else "het aantal huisartsverwijzingen per 1.000 jeugdigen"
        fmt = pct if municipality.outcome == "share" else (lambda v: nl(v, 1))
        trend = lambda a, b: "steeg" if b > a else ("daalde" if b < a else "bleef gelijk")  # noqa: E731
        parts.append(
            f"In de CBS-cijfers {trend(municipality.treated_pre, municipality.treated_post)} {what} in {gemeente} van "
            f"{fmt(municipality.treated_pre)} naar {fmt(municipality.treated_post)}; bij {municipality.comparison_label} "
            f"{trend(municipality.comparison_pre, municipality.comparison_post)} het van {fmt(municipality.comparison_pre)} "
            f"naar {fmt(municipality.comparison_post)}."
        )
    if agreement == "oneens" and municipality is not None:
        parts.append(_disagreement(headline, municipality))
    elif agreement == "eens":
        parts.append("Het gemeenteniveau wijst dezelfde kant op als de pilotcijfers.")
    return " ".join(parts)
