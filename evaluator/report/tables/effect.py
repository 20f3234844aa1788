"""Tables of the chapter Effect op verwijzingen: every cell is a published figure (``PilotView``).

``effect_tables(view, evaluation) -> dict[str, Table]``: "niveaus" (the three levels side by side),
"controles" (checks of the practice comparison) and "cbs_kwaliteit" (registration quality of the
CBS figures). Labels are fixed Dutch words; numbers come from report/figures_effect.py.
"""

from __future__ import annotations

import math

from evaluator.evaluation import Evaluation
from evaluator.report import formatting as fmt
from evaluator.report.figures_effect import route_prefix
from evaluator.report.prose.effect import LEVELS_NOTE, quality_note
from evaluator.report.tables.base import Table, _table
from evaluator.report.view import PilotView
from evaluator.vocabulary import CARE_CLASS_LABELS, CARE_CLASSES, named

ROUTE_NAMES = {"intention": "Trajecten: verwijsintentie", "assumption": "Trajecten: aangenomen verwijskans"}
PRACTICE = "Praktijken met en zonder {poh}"
QUALITY = ("treated_unknown_referrer", "treated_no_referrer", "comparison_unknown_referrer", "comparison_no_referrer")


def _failed(p_value: float) -> str:
    if math.isnan(p_value):
        return "niet te toetsen"
    return "afwijkend" if p_value < 0.05 else "geen afwijking gevonden"


SENSITIVITY_VERDICTS = {
    "robust": "groter dan de trend vóór de start toelaat: de conclusie staat",
    "fragile": "past bij de trend vóór de start: de conclusie is gevoelig",
    "not_significant": "het interval omvat al 'geen effect'",
    "not_identified": "niet te beoordelen",
}


def _municipality_tests(view: PilotView, prefix: str) -> str:
    """'p = 0,20; placebo p = 0,19' (the placebo when it was computed)."""
    if view.shown(f"{prefix}.permutation_p"):
        return f"{view.text(prefix + '.p_value')}; placebo {view.text(prefix + '.permutation_p')}"
    return view.text(f"{prefix}.p_value")


def effect_tables(view: PilotView, evaluation: Evaluation) -> dict[str, Table]:
    effect = evaluation.effect
    tables: dict[str, Table] = {}
    rows = []
    for route in (effect.cohort, effect.cohort_assumption):
        if route is None or route.method == "none":
            continue
        name = route_prefix(effect, route) + ".avoided"
        rows.append([ROUTE_NAMES[route.method], "Voorkomen verwijzingen", view.text(name),
                     view.interval(f"{name}_ci_low", f"{name}_ci_high"), fmt.MISSING])
    p = effect.practice
    if p is not None:
        rows.append([named(PRACTICE, view.professional), "Verhouding verwijzingen (rate ratio)", view.text("effect.practice.rate_ratio"),
                     view.interval("effect.practice.ci_low", "effect.practice.ci_high"),
                     view.text("effect.practice.p_value")])
        rows.append([named(PRACTICE, view.professional), "Voorkomen verwijzingen", view.text("effect.practice.avoided"),
                     view.interval("effect.practice.avoided_ci_low", "effect.practice.avoided_ci_high"), fmt.MISSING])
    m = effect.municipality
    for level, prefix in ((m, "effect.municipality"), (m.rate if m is not None else None, "effect.municipality_rate")):
        if level is None or level.method == "none":
            continue
        measure = ("Aandeel huisartsverwijzingen (odds ratio)" if level.outcome == "share"
                   else "Huisartsverwijzingen per 1.000 jeugdigen (rate ratio)")
        method = "verschil-in-verschillen" if level.method == "did" else "onderbroken tijdreeks"
        rows.append([f"Gemeente (CBS, {method})", measure, view.text(f"{prefix}.estimate"),
                     view.interval(f"{prefix}.ci_low", f"{prefix}.ci_high"), _municipality_tests(view, prefix)])
    tables["niveaus"] = _table("niveaus", "Het effect op drie niveaus", ("Niveau", "Maat", "Schatting", "95%-interval",
                                                                        "Toets"), rows, named(LEVELS_NOTE, view.professional),
                               (False, False, True, True, True))
    if any(r is not None and r.method == "intention" for r in (effect.cohort, effect.cohort_assumption)):
        rows = [[CARE_CLASS_LABELS[intended]] + [view.text(f"effect.crosstab.{intended}.{actual}") for actual in CARE_CLASSES]
                for intended in CARE_CLASSES]
        tables["intentie_uitkomst"] = _table(
            "intentie_uitkomst", named("Wat de huisarts zonder {poh} van plan was, en waar het kind heen ging", view.professional),
            ("Verwijsintentie van de huisarts", *(f"Werkelijk: {CARE_CLASS_LABELS[a].split(' (')[0].lower()}"
                                                  for a in CARE_CLASSES)),
            rows, "Afgeronde trajecten met een geregistreerde verwijsintentie. Bestemmingen zijn samengevoegd tot drie "
                  "klassen, zodat de tabel ook bij kleine aantallen per bestemming gepubliceerd kan worden.",
            (False, True, True, True))
    if p is not None:
        trend_off = p.trend_ci_low > 1 or p.trend_ci_high < 1
        rows = [
            [f"Toets op voortrends (liepen de praktijken in de {view.text('effect.practice.pretrend_leads')} perioden "
             f"vóór de start gelijk op? Permutatietoets, {view.text('effect.practice.lead_permutations')} herhalingen)",
             view.text("effect.practice.pretrend_p"), _failed(p.pretrend_p_value)],
            ["Trend van de pilotpraktijken vóór de start, afwijking per periode",
             f"{view.text('effect.practice.trend')} "
             f"({view.interval('effect.practice.trend_ci_low', 'effect.practice.trend_ci_high')})",
             "niet te schatten" if math.isnan(p.trend_slope) else "afwijkend" if trend_off else "geen afwijking gevonden"],
            ["Gevoeligheid: afwijkende trend per periode waarbij het effect binnen de marge van toeval valt",
             view.text("effect.practice.breakdown"), SENSITIVITY_VERDICTS[p.sensitivity]],
            ["Overdispersie (spreiding t.o.v. Poisson)", view.text("effect.practice.overdispersion"),
             "ruimer dan Poisson; de intervallen houden daar rekening mee" if p.overdispersion > 1.5 else "in orde"],
        ]
        if p.permutations and not math.isnan(p.permutation_p_value):
            rows.append([f"Permutatietoets van het effect ({view.text('effect.practice.permutations')} herhalingen)",
                         view.text("effect.practice.permutation_p"), "gebruik deze bij weinig praktijken"])
        if p.unimputed_cells:
            rows.append([named("Praktijkperioden met {poh} zonder voorspelling (tellen niet mee)", view.professional),
                         view.text("effect.practice.unimputed_cells"), "voeg vergelijkingspraktijken of perioden toe"])
        rows.append([named("Ter vergelijking: gewone Poissonregressie met één {poh}-indicator", view.professional),
                     f"{view.text('effect.practice.twfe_rate_ratio')} "
                     f"({view.interval('effect.practice.twfe_ci_low', 'effect.practice.twfe_ci_high')})",
                     "vertekent als het effect in de tijd opbouwt of afneemt; niet gebruikt"])
        tables["controles"] = _table("controles", "Controles bij de vergelijking van praktijken",
                                     ("Controle", "Uitkomst", "Oordeel"), rows, numeric=(False, True, False))
    if m is not None and m.quality:
        rows = [[fmt.period_label(q.period) + (" (voorlopig)" if q.provisional else "")]
                + [view.text(f"effect.municipality.quality.{i}.{name}") for name in QUALITY]
                for i, q in enumerate(m.quality)]
        tables["cbs_kwaliteit"] = _table(
            "cbs_kwaliteit", "Registratiekwaliteit van de CBS-cijfers per periode",
            ("Periode", "Verwijzer onbekend, gemeente", "Geen verwijzer, gemeente", "Verwijzer onbekend, vergelijking",
             "Geen verwijzer, vergelijking"), rows, quality_note(view, m))
    return tables
