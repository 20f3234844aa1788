"""Tables of the chapter Kosten en baten; every number is the published figure (``PilotView``).

``money_tables(view, evaluation) -> dict[str, Table]``: kern (key figures, the gemeente's budget first), scenarios (the money per effect level),
financiers (per payer),
kosten (costs of the POH), projectie and opschaling (after the pilot), invoer (inputs, appendix).
"""

from __future__ import annotations

from evaluator.evaluation import Evaluation
from evaluator.report import formatting as f
from evaluator.report.figures_money import cumulative_name, level_avoided_key
from evaluator.report.prose.money import (
    PAYER_LABELS, SCENARIO_LABELS, UNIT_LABELS, input_label, input_source_text,
)
from evaluator.report.tables.base import Table, _table
from evaluator.report.view import PilotView
from evaluator.vocabulary import named


def interval(view: PilotView, low: str, high: str) -> str:
    return view.interval(low, high)


def scenario_row(view: PilotView, evaluation: Evaluation, level: str) -> list[str]:
    """One row of the scenario table: the headline's level prints the chapter's own figures."""
    t = view.text
    bc = evaluation.business_case
    label = named(SCENARIO_LABELS[level], view.professional) + (" (hoofdcijfer)" if level == bc.basis.level else "")
    count = t(level_avoided_key(evaluation.effect, level))
    if level == bc.basis.level:
        return [label, count, t("money.net"), interval(view, "money.net_ci_low", "money.net_ci_high"),
                t("money.prob_positive"), t("money.budget.net_per_year"),
                t("money.payer.gemeente_totaal.prob_positive")]
    p = f"money.scenario.{level}"
    return [label, count, t(f"{p}.net"), interval(view, f"{p}.net_ci_low", f"{p}.net_ci_high"),
            t(f"{p}.prob_positive"), t(f"{p}.budget_net_per_year"),
            t(f"{p}.budget_prob_positive")]


def money_tables(view: PilotView, evaluation: Evaluation) -> dict[str, Table]:
    """The tables of the chapter (empty when there is no business case)."""
    who = evaluation.config.professional.short_title
    bc = evaluation.business_case
    if bc is None:
        return {}
    t = view.text
    rows = []
    for payer, row in [*bc.per_payer.items(), ("gemeente_totaal", bc.municipality_total)]:
        if payer != "gemeente_totaal" and not (row.costs or row.savings):
            continue
        p = f"money.payer.{payer}"
        rows.append([PAYER_LABELS[payer], t(f"{p}.costs"), t(f"{p}.savings"), t(f"{p}.net"),
                     interval(view, f"{p}.net_ci_low", f"{p}.net_ci_high"),
                     t(f"{p}.prob_positive")])
    tables = {"financiers": _table("financiers", "Kosten en besparing per financier over de pilotperiode",
                                   ("Financier", "Kosten", "Besparing", "Netto", "95%-interval netto", "Kans netto > 0"),
                                   rows)}
    rows = [["Personeel", t("money.costs.personnel")], ["Overhead", t("money.costs.overhead")],
            ["Overige kosten", t("money.costs.other")], ["Eenmalige kosten", t("money.costs.one_off")],
            ["Totaal", t("money.costs.total")]]
    tables["kosten"] = _table("kosten", f"Kosten van de {who} over de pilotperiode", ("Kostenpost", "Bedrag"), rows)
    rows = [["Gemeente: kosten per jaar", t("money.budget.costs_per_year")],
            ["Gemeente: besparing per jaar", t("money.budget.savings_per_year")],
            ["Gemeente: netto per jaar", t("money.budget.net_per_year")],
            ["Gemeente: 95%-interval netto per jaar",
             interval(view, "money.budget.net_per_year_ci_low", "money.budget.net_per_year_ci_high")],
            ["Gemeente: kans op positief saldo", t("money.payer.gemeente_totaal.prob_positive")],
            ["Alle financiers samen, pilotperiode: kosten", t("money.costs.total")], ["Bruto besparing", t("money.gross")],
            ["Netto besparing", t("money.net")],
            ["95%-interval netto besparing", interval(view, "money.net_ci_low", "money.net_ci_high")],
            ["Kans op netto besparing", t("money.prob_positive")],
            ["Baten per geïnvesteerde euro", t("money.benefit_cost_ratio")],
            ["Kosten per kind geholpen zonder verwijzing", t("money.cost_per_child_helped")],
            ["Voorkomen verwijzingen per jaar (schatting)", t("money.avoided_per_year")],
            ["Nodig om quitte te spelen, per jaar", t("money.break_even_avoided_per_year")],
            ["Hoogste personeelskosten per jaar waarbij de pilot quitte speelt",
             t("money.break_even_personnel_per_year") if not bc.break_even_personnel_per_year < 0 else
             "geen: ook zonder personeelskosten is er geen quitte"]]
    tables["kern"] = _table("kern", "Kerncijfers kosten en baten", ("Onderdeel", "Waarde"), rows)
    if len(bc.scenarios) > 1:
        tables["scenarios"] = _table(
            "scenarios", "Het geld bij elk aantal voorkomen verwijzingen (het hoofdcijfer eerst)",
            ("Aantal voorkomen verwijzingen volgens", "Aantal", "Netto alle financiers", "95%-interval",
             "Kans netto > 0", "Gemeente netto per jaar", "Kans gemeente > 0"),
            [scenario_row(view, evaluation, level) for level in sorted(bc.scenarios, key=lambda lv: lv != bc.basis.level)],
            "De eerste rij is het hoofdcijfer, waarop de rest van dit hoofdstuk rust.")
    if bc.projection:
        horizon = bc.projection_horizon_years
        rows = [[f"Jaar {y.year}", t("money.projection.costs_per_year"), t("money.projection.savings_per_year"),
                 t("money.projection.net_per_year"), t(cumulative_name(y.year, horizon))] for y in bc.projection]
        tables["projectie"] = _table(
            "projectie", f"Doorrekening bij voortzetten ({t('money.horizon')} jaar, disconteringsvoet "
                         f"{t('money.discount_rate')})",
            ("Jaar", "Kosten", "Besparing", "Netto", "Cumulatief (contante waarde)"), rows,
            f"Contante waarde over de horizon {t('money.projection.present_value')} (95%-interval "
            f"{interval(view, 'money.projection.ci_low', 'money.projection.ci_high')}); kans op positief saldo "
            f"{t('money.projection.prob_positive')}.")
    if bc.scale_up:
        rows = [[t(f"money.scale_up.{i}.coverage"), t(f"money.scale_up.{i}.costs"), t(f"money.scale_up.{i}.savings"),
                 t(f"money.scale_up.{i}.net"),
                 interval(view, f"money.scale_up.{i}.net_ci_low", f"money.scale_up.{i}.net_ci_high"),
                 t(f"money.scale_up.{i}.avoided_per_year")] for i in range(len(bc.scale_up))]
        tables["opschaling"] = _table(
            "opschaling", "Opschalen naar meer huisartsen: per jaar",
            ("Dekking huisartsen", "Kosten", "Besparing", "Netto", "95%-interval netto", "Voorkomen verwijzingen"), rows)
    rows = [[input_label(r.key) + (" (standaard)" if r.is_default else ""), UNIT_LABELS[r.unit],
             t(f"money.input.{r.key}"),
             f.MISSING if r.range_low is None else interval(view, f"money.input.{r.key}.low", f"money.input.{r.key}.high"),
             input_source_text(evaluation, r.key) or f.MISSING] for r in bc.inputs]
    tables["invoer"] = _table("invoer", "Invoer van de kosten-batenanalyse",
                              ("Invoer", "Eenheid", "Waarde", "Bereik", "Bron"), rows,
                              numeric=(False, False, True, True, False))
    return tables
