"""Tables of the chapter Kosten en baten."""

from __future__ import annotations

from evaluator.report import formatting as f
from evaluator.report.tables.base import Table, _count_table, _table
from evaluator.business_case.results import BusinessCase
from evaluator.report.counts import PublishedCounts


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
