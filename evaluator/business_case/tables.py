"""Tables and chart data derived from model outcomes: payers, waterfall, per destination,
concentration of savings (heavy tails)."""

from __future__ import annotations

import math

import numpy as np

from evaluator.business_case.costs import split_costs
from evaluator.business_case.model import PAYERS, Outcome
from evaluator.business_case.results import Concentration, CostBreakdown, PayerRow, StepKey, StepKind, WaterfallStep
from evaluator.business_case.savings import CELLS, CareCounts
from evaluator.inputs.config import Financing
from evaluator.vocabulary import REFERRAL_DESTINATIONS

HEAVY_TAIL_TOP = 0.10  # the top 10% of trajectories ...
HEAVY_TAIL_SHARE = 0.50  # ... carrying more than half of the savings


def cost_breakdown(outcome: Outcome) -> CostBreakdown:
    c = outcome.costs
    return CostBreakdown(float(c.personnel_per_year[0]), float(c.personnel[0]), float(c.overhead[0]),
                         float(c.other[0]), float(c.one_off[0]), float(c.total[0]))


def payer_rows(base: Outcome, mc: Outcome, financing: Financing) -> tuple[dict[str, PayerRow], PayerRow]:
    """Costs, savings and net per payer (base case) with the Monte Carlo interval of the net;
    plus the gemeente in total (Jeugdwet + own budget)."""
    def costs_of(outcome: Outcome) -> dict[str, np.ndarray]:
        split = split_costs(outcome.costs.total, financing)
        return {p: split.get(p, np.zeros_like(outcome.costs.total)) for p in PAYERS}

    base_costs, mc_costs = costs_of(base), costs_of(mc)
    base_sav, mc_sav = base.savings_per_payer(), mc.savings_per_payer()

    def row(payer: str, members: tuple[str, ...]) -> PayerRow:
        cost = sum(float(base_costs[p][0]) for p in members)
        saving = sum(float(base_sav[p][0]) for p in members)
        draws = sum(mc_sav[p] - mc_costs[p] for p in members)
        low, high = np.quantile(draws, (0.025, 0.975))
        return PayerRow(payer, cost, saving, saving - cost, float(low), float(high),
                        float((draws > 0).mean()))

    rows = {p: row(p, (p,)) for p in PAYERS}
    return rows, row("gemeente_totaal", ("jeugdwet", "gemeente_overig"))


def per_destination(outcome: Outcome) -> tuple[dict[str, float], dict[str, float]]:
    """Net avoided referrals and savings per destination (base case, summed over age groups).
    The total of avoided referrals counts only ``COUNTED_DESTINATIONS``."""
    counts = (outcome.counterfactual - outcome.induced - outcome.actual)[0]
    savings = outcome.savings_cells[0]
    avoided = {d: 0.0 for d in REFERRAL_DESTINATIONS}
    saved = {d: 0.0 for d in REFERRAL_DESTINATIONS}
    for i, (d, _) in enumerate(CELLS):
        avoided[d] += float(counts[i])
        saved[d] += float(savings[i])
    return avoided, saved


def waterfall(base: Outcome, method: str, induced_shown: bool) -> tuple[WaterfallStep, ...]:
    """From care costs avoided, via induced demand and POH costs, to the net saving.

    The first step is ``avoided_care`` (avoided referrals x tariff) when the savings come from the
    effect estimate and no referral is counted against them, else ``counterfactual_care``."""
    tariffs = base.tariffs[0]
    counterfactual = float((base.counterfactual[0] * tariffs).sum())
    actual = float((base.actual[0] * tariffs).sum())
    induced = float((base.induced[0] * tariffs).sum())
    c = base.costs
    first: StepKey = "avoided_care" if method == "effect" and actual == 0 else "counterfactual_care"
    steps: list[tuple[StepKey, float, StepKind]] = [(first, counterfactual, "baten")]
    if actual != 0 or method in ("intentie", "verwijskans"):
        steps.append(("actual_care", -actual, "baten"))
    if induced_shown:
        steps.append(("induced", -induced, "baten"))
    steps.append(("gross", float(base.gross[0]), "totaal"))
    steps.append(("personnel", -float(c.personnel[0]), "kosten"))
    for key, value in (("overhead", c.overhead), ("other", c.other), ("one_off", c.one_off)):
        if float(value[0]) != 0:
            steps.append((key, -float(value[0]), "kosten"))
    steps.append(("net", float(base.net[0]), "totaal"))
    result, level = [], 0.0
    for key, value, kind in steps:
        if kind == "totaal":
            result.append(WaterfallStep(key, value, 0.0, value, kind))
            level = value
        else:
            result.append(WaterfallStep(key, value, level, level + value, kind))
            level += value
    return tuple(result)


def concentration(per_trajectory: np.ndarray | None, saved: dict[str, float]) -> Concentration:
    """Share of positive savings carried by the top 10% of trajectories and by one destination."""
    positive = {d: max(v, 0.0) for d, v in saved.items()}
    total = sum(positive.values())
    top_dest = max(positive, key=positive.get) if total > 0 else None
    dest_share = positive[top_dest] / total if top_dest else math.nan
    if per_trajectory is None or per_trajectory.size == 0:
        return Concentration(math.nan, 0, top_dest, dest_share, False)
    gains = np.sort(np.maximum(per_trajectory, 0.0))[::-1]
    k = max(1, math.ceil(HEAVY_TAIL_TOP * per_trajectory.size))
    share = float(gains[:k].sum() / gains.sum()) if gains.sum() > 0 else math.nan
    return Concentration(share, k, top_dest, dest_share, bool(share > HEAVY_TAIL_SHARE))


def trajectory_savings(counts: CareCounts, tariffs: dict[str, float], induced: float) -> np.ndarray:
    """Per trajectory with known intention: (1 - induced) x tariff(intended) - tariff(actual)."""
    t = {"geen": 0.0, **tariffs}
    return np.array([(1 - induced) * t[i] - t[a] for (i, a, _), n in sorted(counts.pairs.items()) for _ in range(n)])
