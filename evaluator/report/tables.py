"""The tables of the report, as formatted rows, built from the result objects.

Each builder returns a ``Table`` whose cells are already formatted nl_NL strings, so a
template only lays them out. Every count of children or trajectories comes from the
``PublishedCounts`` built once by ``report_counts`` (small-cell suppression, issue 5).
"""

from __future__ import annotations

from dataclasses import dataclass

from evaluator.report import formatting as f
from evaluator.business_case.results import BusinessCase
from evaluator.cohort.describe import CohortResult
from evaluator.effect.results import EffectResult
from evaluator.intervals import Distribution
from evaluator.vocabulary import SESSION_SCHEME_LABELS, label
from evaluator.report.counts import PublishedCounts

@dataclass(frozen=True)
class Table:
    """A captioned table: ``headers``, ``rows`` of formatted cells (first cell is the row
    header), ``numeric`` per column (right-aligned), an optional ``note`` under the table."""

    key: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    note: str | None = None


def _table(key: str, caption: str, headers: tuple[str, ...], rows, note: str | None = None,
           numeric: tuple[bool, ...] | None = None) -> Table:
    """A table whose columns after the first are numeric (right-aligned) unless ``numeric`` says otherwise."""
    numeric = numeric or tuple(i > 0 for i in range(len(headers)))
    return Table(key, caption, headers, tuple(tuple(r) for r in rows), numeric, note)


def _count_table(key: str, caption: str, first: str, dist: Distribution, cells: dict, total: int,
                 note: str | None = None) -> Table:
    """A one-dimensional count table after suppression: the categories of ``dist`` in its order,
    then the rest of ``cells`` (such as 'niet ingevuld'); a share of ``total`` only for shown counts."""
    keys = [c.key for c in dist.categories]
    rows = []
    for k in keys + [k for k in cells if k not in keys]:
        cell = cells[k]
        share = None if cell.suppressed or not total else cell.value / total
        rows.append([label(k) if k != "niet ingevuld" else "Niet ingevuld",
                     cell.text if cell.suppressed else f.number(cell.value), f.percent(share)])
    return _table(key, caption, (first, "Aantal", "Aandeel"), rows, note)


def cohort_tables(cohort: CohortResult, pub: PublishedCounts) -> dict[str, Table]:
    """Cohort tables; every count comes from ``pub`` (small-cell suppression, see ``report_counts``)."""
    rows = [[label(k), pub.text(k), f.percent(pub.share(cohort.status.count(k) / cohort.trajectories
                                                          if cohort.trajectories else None, k))]
            for k in ("afgerond", "lopend", "uitgevallen")]
    rows.append(["Totaal", pub.text("trajecten"), f.percent(1.0)])
    tables = {"status": _table("status", "Trajecten naar status", ("Status", "Aantal", "Aandeel"), rows)}
    note = "Aandelen van alle trajecten, ook die zonder ingevulde waarde."
    if cohort.age_known:
        tables["leeftijd"] = _count_table("leeftijd", "Leeftijd bij de start", "Leeftijd", cohort.age_bands,
                                          pub.tables["leeftijd"], cohort.trajectories, note)
    if "geslacht" in pub.tables:
        tables["geslacht"] = _count_table("geslacht", "Geslacht", "Geslacht", cohort.gender, pub.tables["geslacht"], cohort.trajectories, note)
    if "hulpvragen" in pub.tables:
        tables["hulpvragen"] = _count_table("hulpvragen", "Hulpvragen bij de aanmelding", "Hulpvraag",
                                            cohort.help_questions, pub.tables["hulpvragen"],
                                            cohort.trajectories, note)
    rows = []
    for scheme, dist in cohort.sessions.buckets.items():
        for c in dist.categories:
            name = f"indeling:{scheme}:{c.key}"
            rows.append([f"{label(c.key)} ({SESSION_SCHEME_LABELS.get(scheme, scheme)})", pub.text(name),
                         f.percent(pub.share(c.share, name)),
                         f.percent_interval(pub.share(c.ci_low, name), pub.share(c.ci_high, name))])
    tables["gesprekken_indeling"] = _table(
        "gesprekken_indeling", "Aantal gesprekken in de indelingen van eerdere evaluaties",
        ("Aantal gesprekken", "Trajecten", "Aandeel", "95%-interval"), rows,
        "Intervallen zijn gelijktijdig per indeling (methode van Goodman).")
    by = cohort.sessions_completed_by_outcome
    rows = [[name, pub.text(count), f.number(pub.share(est.mean, count), 1),
             f.number_interval(pub.share(est.ci_low, count), pub.share(est.ci_high, count), 1)]
            for name, est, count in (("Geholpen zonder verwijzing", by.get("geen_verwijzing"), "bestemming:geen"),
                                     ("Verwezen", by.get("verwezen"), "verwezen"))
            if est is not None and est.n]
    if rows:
        tables["gesprekken_uitkomst"] = _table(
            "gesprekken_uitkomst", "Gesprekken per afgerond traject, naar uitkomst",
            ("Uitkomst", "Trajecten", "Gemiddeld aantal gesprekken", "95%-interval"), rows,
            "Gemiddelden over minder dan " + f"{pub.threshold} trajecten staan er niet.")
    rows = []
    for p in cohort.per_practice:
        done, none = f"praktijk:{p.practice}:afgerond", f"praktijk:{p.practice}:geen"
        share = pub.share(p.no_referral.share, done, none)
        rows.append([p.practice, pub.text(done), pub.text(none), f.percent(share),
                     f.percent_interval(pub.share(p.no_referral.ci_low, done, none),
                                        pub.share(p.no_referral.ci_high, done, none))])
    tables["per_praktijk"] = _table(
        "per_praktijk", "Afgeronde trajecten zonder verwijzing per praktijk",
        ("Praktijk", "Afgerond", "Zonder verwijzing", "Aandeel zonder verwijzing", "95%-interval"), rows,
        "Bij weinig trajecten per praktijk zijn de intervallen breed; verschillen tussen praktijken zijn dan vaak toeval. "
        "Een aandeel staat er niet als het zou verraden hoeveel kinderen (minder dan "
        f"{pub.threshold}) in een praktijk wel of niet zijn verwezen. Lopende en uitgevallen trajecten per praktijk "
        "staan er niet, omdat die uit het verschil met alle trajecten af te leiden zouden zijn.")
    return tables


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


def money_tables(bc: BusinessCase, pub: PublishedCounts) -> dict[str, Table]:
    payers = [r for r in bc.per_payer.values() if r.costs or r.savings] + [bc.municipality_total]
    rows = [[r.label, f.euro(r.costs), f.euro(r.savings), f.euro(r.net), f.euro_interval(r.net_ci_low, r.net_ci_high),
             f.probability(r.prob_positive, short=True)] for r in payers]
    tables = {"financiers": _table("financiers", "Kosten en besparing per financier over de pilotperiode",
                                   ("Financier", "Kosten", "Besparing", "Netto", "95%-interval netto", "Kans netto > 0"),
                                   rows)}
    c = bc.costs
    rows = [["Personeel", f.euro(c.personnel)], ["Overhead", f.euro(c.overhead)], ["Overige kosten", f.euro(c.other)],
            ["Eenmalige kosten", f.euro(c.one_off)], ["Totaal", f.euro(c.total)]]
    tables["kosten"] = _table("kosten", "Kosten van de POH over de pilotperiode", ("Kostenpost", "Bedrag"), rows)
    rows = [["Kosten", f.euro(bc.costs_total)], ["Bruto besparing", f.euro(bc.gross_savings)],
            ["Netto besparing", f.euro(bc.net_savings)],
            ["95%-interval netto besparing", f.euro_interval(bc.net_ci_low, bc.net_ci_high)],
            ["Kans op netto besparing", f.probability(bc.prob_positive, short=True)],
            ["Baten per geïnvesteerde euro", f.number(bc.benefit_cost_ratio, 2)],
            ["Kosten per kind geholpen zonder verwijzing",  # costs / count would reveal a hidden count
             f.euro(pub.share(bc.cost_per_child_helped, "bestemming:geen"))],
            ["Voorkomen verwijzingen per jaar (schatting)", f.number(bc.avoided_per_year, 1)],
            ["Nodig om quitte te spelen, per jaar", f.number(bc.break_even_avoided_per_year, 1)],
            ["Hoogste personeelskosten per jaar waarbij de pilot quitte speelt",
             f.euro(bc.break_even_personnel_per_year) if not bc.break_even_personnel_per_year < 0 else
             "geen: ook zonder personeelskosten is er geen quitte"]]
    tables["kern"] = _table("kern", "Kerncijfers kosten en baten", ("Onderdeel", "Waarde"), rows)
    if bc.projection:
        rows = [[f"Jaar {y.year}", f.euro(y.costs), f.euro(y.savings), f.euro(y.net), f.euro(y.cumulative_present_value)]
                for y in bc.projection]
        tables["projectie"] = _table(
            "projectie", f"Doorrekening bij voortzetten ({bc.projection_horizon_years} jaar, disconteringsvoet "
                         f"{f.percent(bc.projection_discount_rate, 1)})",
            ("Jaar", "Kosten", "Besparing", "Netto", "Cumulatief (contante waarde)"), rows,
            f"Contante waarde over de horizon {f.euro(bc.projection_present_value)} (95%-interval "
            f"{f.euro_interval(bc.projection_ci_low, bc.projection_ci_high)}); kans op positief saldo "
            f"{f.probability(bc.projection_prob_positive)}.")
    if bc.scale_up:
        rows = [[f.percent(s.coverage), f.euro(s.costs_per_year), f.euro(s.savings_per_year), f.euro(s.net_per_year),
                 f.euro_interval(s.net_per_year_ci_low, s.net_per_year_ci_high), f.number(s.avoided_per_year, 1)]
                for s in bc.scale_up]
        tables["opschaling"] = _table(
            "opschaling", "Opschalen naar meer huisartsen: per jaar",
            ("Dekking huisartsen", "Kosten", "Besparing", "Netto", "95%-interval netto", "Voorkomen verwijzingen"), rows)
    rows = [[r.label + (" (standaard)" if r.is_default else ""), r.unit, _value(r.value, r.unit),
             "–" if r.range_low is None else f"{_value(r.range_low, r.unit)} tot {_value(r.range_high, r.unit)}",
             r.source or "–"] for r in bc.inputs]
    tables["invoer"] = _table("invoer", "Invoer van de kosten-batenanalyse", ("Invoer", "Eenheid", "Waarde", "Bereik",
                                                                            "Bron"), rows,
                              numeric=(False, False, True, True, False))
    return tables


def _value(value: float, unit: str) -> str:
    if unit.startswith("EUR"):
        return f.euro(value)
    if unit == "kans":
        return f.percent(value)
    return f.number(value, 0 if abs(value) >= 100 or value == int(value) else 2)
