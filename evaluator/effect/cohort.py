"""Level 1: net avoided referrals from the registration of the pilot's own trajectories.

``estimate_cohort(trajectories, referral_probability=None, induced_demand=None) -> CohortEffect``
takes the validated trajectories (docs/architecture.md) and two optional ``config.Parameter``s.

Counted referrals ("verwijzingen naar jeugdhulp of jeugd-GGZ"): every destination of
``config.REFERRAL_DESTINATIONS`` except ``vrij_toegankelijk`` (a free-access service needs no
referral and costs the Jeugdwet no trajectory). Only completed trajectories (status ``afgerond``)
with a known destination count; ongoing and dropped-out trajectories have no outcome yet.

Route "intention" (column ``verwijzing_zonder_poh`` filled): per trajectory the counterfactual
is the GP's stated intention. Net avoided per trajectory is (1 - induced) x share intending a
counted referral - share actually referred; its 95% interval is an adjusted Wald interval for a
paired difference (Agresti & Min 2005: add 0.5 to each cell of the 2x2 table). The rate is
applied to all completed trajectories (assumes those without a registered intention resemble
those with one). Shares (avoided, step-down, referred-without-intention) get Wilson intervals.
Route "assumption": counterfactual referrals ~ Binomial(N, p x (1 - induced)) with p from
``aannames.verwijskans_zonder_poh``; net avoided = counterfactual - observed referrals. The
interval combines binomial sampling with the range of p (and of induced demand).
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl
from scipy import stats

from evaluator.inputs.config import REFERRAL_DESTINATIONS, Parameter
from evaluator.effect.results import NAN, CohortEffect, Share

COUNTED = tuple(d for d in REFERRAL_DESTINATIONS if d != "vrij_toegankelijk")
LIGHTER_THAN_SPECIALIST = ("basis_ggz", "wijkteam", "vrij_toegankelijk")
# Fallback split when no referral destinations are observed: Groningen OJG 2018-19 (domain.md §2).
GRONINGEN_SPLIT = {"specialistische_ggz": 20.0, "wijkteam": 12.0, "jeugdhulp_lvb": 5.0, "basis_ggz": 4.0}
Z = float(stats.norm.ppf(0.975))


def wilson(count: int, total: int) -> Share:
    """Count out of total with a Wilson 95% interval (nan when total is 0)."""
    if total <= 0:
        return Share(int(count), int(total), NAN, NAN, NAN)
    p = count / total
    denom = 1 + Z**2 / total
    centre = (p + Z**2 / (2 * total)) / denom
    half = Z * math.sqrt(p * (1 - p) / total + Z**2 / (4 * total**2)) / denom
    return Share(int(count), int(total), p, max(0.0, centre - half), min(1.0, centre + half))


def paired_difference_ci(n11, n10, n01, n00, weight: float = 1.0):
    """Estimate, se and 95% CI of weight*P(cf) - P(actual) from a 2x2 table (Agresti-Min adjusted).

    ``n10``: counterfactual referral, not referred; ``n01``: no counterfactual referral, referred.
    Works on numpy arrays (vectorised for simulations).
    """
    n11, n10, n01, n00 = (np.asarray(x, dtype=float) for x in (n11, n10, n01, n00))
    n = n11 + n10 + n01 + n00
    estimate = (weight * (n11 + n10) - (n11 + n01)) / n
    a11, a10, a01, a00 = n11 + 0.5, n10 + 0.5, n01 + 0.5, n00 + 0.5
    m = n + 2.0
    p_cf, p_act, p11 = (a11 + a10) / m, (a11 + a01) / m, a11 / m
    centre = weight * p_cf - p_act
    var = (weight**2 * p_cf * (1 - p_cf) + p_act * (1 - p_act) - 2 * weight * (p11 - p_cf * p_act)) / m
    se = np.sqrt(np.maximum(var, 0.0))
    return estimate, se, centre - Z * se, centre + Z * se


def _param(p: Parameter | None) -> tuple[float, tuple[float, float] | None]:
    if p is None:
        return 0.0, None
    return p.value, (tuple(p.range) if p.range else None)


def destination_split(total: float, weights: dict[str, float]) -> dict[str, float]:
    """Split ``total`` over destinations proportional to positive ``weights`` (Groningen if none)."""
    positive = {k: v for k, v in weights.items() if v > 0}
    if not positive:
        positive = GRONINGEN_SPLIT
    norm = sum(positive.values())
    return {d: total * positive.get(d, 0.0) / norm for d in COUNTED}


def estimate_cohort(trajectories: pl.DataFrame, referral_probability: Parameter | None = None,
                    induced_demand: Parameter | None = None) -> CohortEffect:
    """Net avoided referrals among completed trajectories (see module docstring)."""
    done = trajectories.filter((pl.col("status") == "afgerond") & pl.col("verwezen_naar").is_not_null())
    completed = done.height
    actual = done["verwezen_naar"].to_list()
    referred = sum(a in COUNTED for a in actual)
    intention = [i if i not in (None, "onbekend") else None for i in done["verwijzing_zonder_poh"].to_list()]
    known = [(i, a) for i, a in zip(intention, actual) if i is not None]
    induced, induced_range = _param(induced_demand)
    warnings: list[str] = []
    assumptions = [
        "Als verwijzing tellen verwijzingen naar specialistische of basis-jeugd-GGZ, wijkteam, jeugdhulp/LVB "
        "en overig; een vrij toegankelijke voorziening telt niet als verwijzing.",
        "Alleen afgeronde trajecten tellen mee; lopende en uitgevallen trajecten hebben nog geen uitkomst.",
    ]
    if induced_demand is not None:
        assumptions.append(
            f"Aanname: {induced:.0%} van de kinderen was zonder het aanbod niet bij de huisarts gekomen "
            "(geïnduceerde vraag); voor hen is zonder POH geen verwijzing meegeteld."
        )
    base = dict(completed=completed, referred=referred, counted_destinations=COUNTED,
                with_intention=len(known), missing_intention=completed - len(known),
                intention_share=len(known) / completed if completed else NAN,
                induced_demand=induced, induced_demand_range=induced_range)
    if known:
        return _by_intention(known, base, induced, induced_range, assumptions, warnings)
    if referral_probability is not None:
        observed = {d: sum(a == d for a in actual) for d in COUNTED}
        return _by_assumption(base, referral_probability, induced, induced_range, assumptions, warnings, observed)
    warnings.append(
        "Er is geen verwijsintentie van de huisarts geregistreerd en geen aanname over de verwijskans zonder POH "
        "opgegeven. Het aantal voorkomen verwijzingen is daarom niet te schatten; het aandeel kinderen zonder "
        "verwijzing is géén maat voor voorkomen verwijzingen."
    )
    return CohortEffect(method="none", avoided=NAN, avoided_ci_low=NAN, avoided_ci_high=NAN, avoided_se=NAN,
                        avoided_ci_method="", avoided_sampling_ci_low=NAN, avoided_sampling_ci_high=NAN,
                        avoided_per_trajectory=NAN, avoided_by_destination={d: NAN for d in COUNTED},
                        intended_referral=None, avoided_referral=None, step_down=None,
                        referred_without_intention=None, intended_by_destination={}, actual_by_destination={},
                        referral_probability=NAN, referral_probability_range=None,
                        assumptions=tuple(assumptions), warnings=tuple(warnings), **base)


def _by_intention(known, base, induced, induced_range, assumptions, warnings) -> CohortEffect:
    n = len(known)
    cf = np.array([i in COUNTED for i, _ in known])
    act = np.array([a in COUNTED for _, a in known])
    cells = (int((cf & act).sum()), int((cf & ~act).sum()), int((~cf & act).sum()), int((~cf & ~act).sum()))
    weight = 1.0 - induced
    est, se, low, high = (float(x) for x in paired_difference_ci(*cells, weight=weight))
    lows, highs = [low], [high]
    for w in ([1 - r for r in induced_range] if induced_range else []):
        _, _, lo_w, hi_w = paired_difference_ci(*cells, weight=w)
        lows.append(float(lo_w))
        highs.append(float(hi_w))
    scale = base["completed"]
    specialist = [(i, a) for i, a in known if i == "specialistische_ggz"]
    intended_by = {d: sum(i == d for i, _ in known) for d in COUNTED}
    actual_by = {d: sum(a == d for _, a in known) for d in COUNTED}
    by_destination = {d: (weight * intended_by[d] - actual_by[d]) * scale / n for d in COUNTED}
    missing = base["missing_intention"]
    if missing:
        assumptions.append(
            f"Bij {missing} van de {base['completed']} afgeronde trajecten ontbreekt de verwijsintentie; aangenomen is "
            "dat deze trajecten lijken op die met een geregistreerde intentie."
        )
    if base["intention_share"] < 0.8:
        warnings.append(
            f"De verwijsintentie is maar bij {base['intention_share']:.0%} van de afgeronde trajecten geregistreerd. "
            "Als vooral de duidelijke gevallen zijn geregistreerd, is de schatting vertekend."
        )
    assumptions.append("De verwijsintentie van de huisarts bij de overdracht is wat er zonder POH was gebeurd.")
    return CohortEffect(
        method="intention", avoided=est * scale, avoided_ci_low=min(lows) * scale, avoided_ci_high=max(highs) * scale,
        avoided_se=se * scale, avoided_ci_method="aangepast Wald-interval voor een gepaard verschil (Agresti-Min)",
        avoided_sampling_ci_low=low * scale, avoided_sampling_ci_high=high * scale, avoided_per_trajectory=est,
        avoided_by_destination=by_destination, intended_referral=wilson(int(cf.sum()), n),
        avoided_referral=wilson(cells[1], int(cf.sum())),
        step_down=wilson(sum(a in LIGHTER_THAN_SPECIALIST for _, a in specialist), len(specialist)),
        referred_without_intention=wilson(cells[2], int((~cf).sum())),
        intended_by_destination=intended_by, actual_by_destination=actual_by,
        referral_probability=NAN, referral_probability_range=None,
        assumptions=tuple(assumptions), warnings=tuple(warnings), **base,
    )


def _by_assumption(base, parameter: Parameter, induced, induced_range, assumptions, warnings,
                   observed: dict[str, int]) -> CohortEffect:
    n, referred = base["completed"], base["referred"]
    p = parameter.value
    p_range = tuple(parameter.range) if parameter.range else (p, p)
    i_range = induced_range or (induced, induced)
    cf_rate = p * (1 - induced)
    est = n * cf_rate - referred
    samp_low = float(stats.binom.ppf(0.025, n, cf_rate)) - referred if n else NAN
    samp_high = float(stats.binom.ppf(0.975, n, cf_rate)) - referred if n else NAN
    low = float(stats.binom.ppf(0.025, n, p_range[0] * (1 - i_range[1]))) - referred if n else NAN
    high = float(stats.binom.ppf(0.975, n, p_range[1] * (1 - i_range[0]))) - referred if n else NAN
    assumptions.append(
        f"Aanname (geen meting): zonder POH was {p:.0%} van de kinderen verwezen"
        + (f" (plausibel bereik {p_range[0]:.0%}–{p_range[1]:.0%})" if parameter.range else "")
        + (f"; bron: {parameter.source}" if parameter.source else "") + "."
    )
    if not parameter.range:
        warnings.append("Voor de verwijskans zonder POH is geen bereik opgegeven; het interval bevat dan alleen "
                        "toevalsvariatie en is te smal. Geef in het pilotbestand een 'bereik' op.")
    assumptions.append("De voorkomen verwijzingen zijn over bestemmingen verdeeld zoals de werkelijke verwijzingen"
                       + (" (er zijn geen verwijzingen; verdeling uit Groningen 2018-19)." if not referred else "."))
    return CohortEffect(
        method="assumption", avoided=est, avoided_ci_low=low, avoided_ci_high=high,
        avoided_se=(high - low) / (2 * Z), avoided_ci_method="binomiale spreiding plus het bereik van de aanname",
        avoided_sampling_ci_low=samp_low, avoided_sampling_ci_high=samp_high,
        avoided_per_trajectory=est / n if n else NAN,
        avoided_by_destination=destination_split(est, {d: float(v) for d, v in observed.items()}),
        intended_referral=None, avoided_referral=None, step_down=None, referred_without_intention=None,
        intended_by_destination={}, actual_by_destination=observed, referral_probability=p,
        referral_probability_range=p_range, assumptions=tuple(assumptions), warnings=tuple(warnings), **base,
    )
