"""Charts of the chapters Bereik en inzet and Uitkomsten: starts per month, sessions, destinations, and
the helped share per quarter of the start.

Bars are drawn at their published values; a count that is not published is not drawn and its
label says '<5' or 'x', so the gap is not read as zero. Data tables and text alternatives print
the published figures only.
"""

from __future__ import annotations

from evaluator.evaluation import Evaluation
from evaluator.report.charts.base import Chart, count_bars, listing, month_labels, monthly_bars, share_bars
from evaluator.report.figures_cohort import quarters, session_bars, small_destinations
from evaluator.report.view import PilotView
from evaluator.vocabulary import REFERRAL_DESTINATIONS, label


def cohort_charts(view: PilotView, evaluation: Evaluation, colour: str) -> dict[str, Chart]:
    charts: dict[str, Chart] = {}
    atoms = evaluation.cohort.atoms
    months = [key[-1] for key in atoms["maand"].cells]
    if len(months) > 1:
        names = [f"cohort.month.{m}" for m in months]
        labels = month_labels(months)
        texts = [view.text(n) for n in names]
        svg = monthly_bars("starts", months, [view.value(n) or 0 for n in names], colour)
        alt = ("Staafdiagram van het aantal gestarte trajecten per maand, van " f"{labels[0]} tot {labels[-1]}. "
               + listing([f"{lab}: {text}" for lab, text in zip(labels, texts)]) + ".")
        charts["starts"] = Chart("starts", "Gestarte trajecten per maand", svg, alt, ("Maand", "Gestarte trajecten"),
                                 tuple(zip(labels, texts)))
    bars = session_bars(atoms)
    if bars:
        texts = [view.text(b.name) for b in bars]
        ticks = [b.label if view.shown(b.name) else f"{b.label} ({text})" for b, text in zip(bars, texts)]
        svg = count_bars("gesprekken", ticks, [view.value(b.name) or 0 for b in bars], colour, "Aantal gesprekken")
        alt = ("Staafdiagram van het aantal trajecten per aantal gesprekken. "
               + listing([f"{b.label}: {text}" for b, text in zip(bars, texts)]) + ".")
        charts["gesprekken"] = Chart("gesprekken", "Aantal gesprekken per traject", svg, alt,
                                     ("Aantal gesprekken", "Aantal trajecten"),
                                     tuple((b.label, text) for b, text in zip(bars, texts)))
    if evaluation.cohort.completed and view.shown("cohort.helped_share"):
        charts["bestemmingen"] = _destinations(view, evaluation, colour)
    charts["trend"] = _trend(view, evaluation, colour)
    return {k: v for k, v in charts.items() if v is not None}


def _not_drawn(view: PilotView, share: str) -> str:
    """The mark of a bar without a number: its printed bound ('meer dan 95%'), else why it is left out."""
    return view.text(share) if view.shown(share) else "niet gepubliceerd (kleine aantallen)"


def _bound(view: PilotView, share: str) -> float | None:
    """The printed bound of a share published as 'meer dan' / 'minder dan' (None otherwise)."""
    decision = view.decision(share)
    if decision.status != "bounded":
        return None
    return decision.low if decision.low > 0 else decision.high


def quarter_label(quarter: str) -> str:
    """'2024-Q2' -> '2e kwartaal 2024'."""
    return f"{quarter[-1]}e kwartaal {quarter[:4]}"


def published_quarters(view: PilotView, evaluation: Evaluation) -> list[str]:
    """The quarters whose helped share is published (exact, rounded or bounded)."""
    return [q for q in quarters(evaluation.cohort.atoms) if view.shown(f"cohort.quarter.{q}.helped_share")]


def _trend(view: PilotView, evaluation: Evaluation, colour: str) -> Chart | None:
    """The helped share per quarter of the start, drawn only with at least two published shares; a share
    published as a bound is labelled, not drawn."""
    if len(published_quarters(view, evaluation)) < 2:
        return None
    names = list(quarters(evaluation.cohort.atoms))
    labels = [quarter_label(q) for q in names]
    shares = [view.text(f"cohort.quarter.{q}.helped_share") for q in names]
    counts = [view.text(f"cohort.quarter.{q}.completed") for q in names]
    values = [view.value(f"cohort.quarter.{q}.helped_share") for q in names]
    keys = [f"cohort.quarter.{q}.helped_share" for q in names]
    svg = share_bars("trend", labels, values, [None] * len(names), [None] * len(names),
                     [s if v is not None else _not_drawn(view, k) for s, v, k in zip(shares, values, keys)], colour,
                     [_bound(view, k) for k in keys])
    alt = ("Staafdiagram van het aandeel afgeronde trajecten zonder verwijzing per kwartaal van de start. "
           + listing([f"{lab}: {s} van {n} afgeronde trajecten" for lab, s, n in zip(labels, shares, counts)]) + ".")
    return Chart("trend", "Zonder verwijzing geholpen per kwartaal van de start", svg, alt,
                 ("Kwartaal van de start", "Afgeronde trajecten", "Zonder verwijzing"),
                 tuple(zip(labels, counts, shares)))


def _destinations(view: PilotView, evaluation: Evaluation, colour: str) -> Chart | None:
    """Shares of completed trajectories per outcome; small referral destinations drawn as one bar."""
    merged = small_destinations(evaluation.cohort.atoms, view.threshold)
    entries = [("Geen verwijzing (geholpen in de praktijk)", "cohort.helped", "cohort.helped_share")]
    entries += [(label(d), f"cohort.destination.{d}", f"cohort.destination_share.{d}")
                for d in REFERRAL_DESTINATIONS if d not in merged]
    if merged:
        entries.append(("Overige verwijzingen", "cohort.destinations_other", "cohort.destinations_other_share"))
    drawn = [(name, count, share) for name, count, share in entries if view.value(share) is not None]
    if not any(view.shown(share) for _, _, share in entries):
        return None
    # Every category keeps its row: a share that is not printed as a number is marked, not dropped.
    svg = share_bars("bestemmingen", [n for n, _, _ in entries], [view.value(s) for _, _, s in entries],
                     [view.value(f"{s}_ci_low") for _, _, s in entries],
                     [view.value(f"{s}_ci_high") for _, _, s in entries],
                     [view.text(s) if view.value(s) is not None else _not_drawn(view, s) for _, _, s in entries],
                     colour, [_bound(view, s) for _, _, s in entries])
    rows = tuple((name, view.text(count), view.text(share), view.interval(f"{share}_ci_low", f"{share}_ci_high"))
                 for name, count, share in entries)
    alt = (f"Staafdiagram van de uitkomst van {view.text('cohort.completed')} afgeronde trajecten, met "
           "95%-intervallen. " + listing([f"{name}: {view.text(share)}" for name, _, share in drawn]) + "."
           + (" Overige verwijzingen: " + ", ".join(label(d).lower() for d in merged) + "." if merged else ""))
    return Chart("bestemmingen", "Uitkomst van afgeronde trajecten", svg, alt,
                 ("Uitkomst", "Aantal", "Aandeel", "95%-interval"), rows)
