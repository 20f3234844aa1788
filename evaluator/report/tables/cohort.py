"""Tables of the chapters Bereik en inzet and Uitkomsten."""

from __future__ import annotations

from evaluator.report import formatting as f
from evaluator.report.tables.base import Table, _count_table, _table
from evaluator.cohort.describe import CohortResult
from evaluator.report.counts import PublishedCounts
from evaluator.vocabulary import SESSION_SCHEME_LABELS, label


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
