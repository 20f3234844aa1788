"""Tables of the chapter Effect op verwijzingen."""

from __future__ import annotations

from evaluator.report import formatting as f
from evaluator.report.tables.base import Table, _count_table, _table
from evaluator.effect.results import EffectResult


def effect_tables(effect: EffectResult, municipality_name: str) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    rows = []
    c = effect.cohort
    routes = [c] + ([effect.cohort_assumption] if effect.cohort_assumption is not None else [])
    for route in routes:
        if route.method == "none":
            continue
        name = "Trajecten: verwijsintentie" if route.method == "intention" else "Trajecten: aangenomen verwijskans"
        rows.append([name, "Voorkomen verwijzingen", f.number(route.avoided, 1),
                     f.number_interval(route.avoided_ci_low, route.avoided_ci_high, 1), "–"])
    p = effect.practice
    if p is not None:
        rows.append(["Praktijken met en zonder POH", "Verhouding verwijzingen (rate ratio)", f.ratio(p.rate_ratio),
                     f.ratio_interval(p.ci_low, p.ci_high), f.p_value(p.p_value)])
        rows.append(["Praktijken met en zonder POH", "Voorkomen verwijzingen", f.number(p.avoided, 1),
                     f.number_interval(p.avoided_ci_low, p.avoided_ci_high, 1), "–"])
    m = effect.municipality
    for level in [m, m.rate if m is not None else None]:
        if level is None or level.method == "none":
            continue
        measure = ("Aandeel huisartsverwijzingen (odds ratio)" if level.outcome == "share"
                   else "Huisartsverwijzingen per 1.000 jeugdigen (rate ratio)")
        method = "verschil-in-verschillen" if level.method == "did" else "onderbroken tijdreeks"
        rows.append([f"Gemeente (CBS, {method})", measure,
                     f.ratio(level.estimate), f.ratio_interval(level.ci_low, level.ci_high), f.p_value(level.p_value)])
    tables["niveaus"] = _table("niveaus", "Het effect op drie niveaus", ("Niveau", "Maat", "Schatting", "95%-interval",
                                                                        "Toets"), rows,
                               "Een verhouding onder 1 betekent minder verwijzingen met POH; boven 1 meer.",
                               (False, False, True, True, True))
    if p is not None:
        rows = [
            ["Toets op voortrends (liepen de praktijken vóór de start gelijk op?)", f.p_value(p.pretrend_p_value),
             "afwijkend" if p.pretrend_p_value < 0.05 else "geen afwijking gevonden"],
            [f"Nep-startdatum ({p.placebo_shift} perioden eerder)", f"{f.ratio(p.placebo_rate_ratio)}; "
             f"{f.p_value(p.placebo_p_value)}", "afwijkend" if p.placebo_p_value < 0.05 else "geen afwijking gevonden"],
            ["Overdispersie (spreiding t.o.v. Poisson)", f.number(p.overdispersion, 2),
             "ruimer dan Poisson; de intervallen houden daar rekening mee" if p.overdispersion > 1.5 else "in orde"],
        ]
        if p.permutations and p.permutation_p_value == p.permutation_p_value:
            rows.append([f"Permutatietoets ({f.number(p.permutations)} herhalingen)", f.p_value(p.permutation_p_value),
                         "gebruik deze bij weinig praktijken"])
        tables["controles"] = _table("controles", "Controles bij de vergelijking van praktijken",
                                     ("Controle", "Uitkomst", "Oordeel"), rows, numeric=(False, True, False))
    if m is not None and m.quality:
        rows = [[f.period_label(q.period) + (" (voorlopig)" if q.provisional else ""), f.percent(q.treated_unknown_referrer, 1),
                 f.percent(q.treated_no_referrer, 1), f.percent(q.comparison_unknown_referrer, 1),
                 f.percent(q.comparison_no_referrer, 1)] for q in m.quality]
        tables["cbs_kwaliteit"] = _table(
            "cbs_kwaliteit", "Registratiekwaliteit van de CBS-cijfers per periode",
            ("Periode", "Verwijzer onbekend, gemeente", "Geen verwijzer, gemeente", "Verwijzer onbekend, vergelijking",
             "Geen verwijzer, vergelijking"), rows,
            ("Het CBS-bestand bevat geen aantallen 'verwijzer onbekend' of 'geen verwijzer'; de registratiekwaliteit "
             "is daarom niet te beoordelen. " if all(c == f.MISSING for r in rows for c in r[1:]) else "")
            + f"{f.number(m.suppressed_cells)} {'onderdrukte cel' if m.suppressed_cells == 1 else 'onderdrukte cellen'}; "
            f"{f.number(m.excluded_rows)} {'rij' if m.excluded_rows == 1 else 'rijen'} weggelaten.")
    return tables
