"""Sentences of the chapters Bereik en inzet and Uitkomsten, written from published figures only."""

from __future__ import annotations

from dataclasses import dataclass

from evaluator.evaluation import Evaluation
from evaluator.report import formatting as fmt
from evaluator.report.charts.cohort import published_quarters, quarter_label
from evaluator.report.view import PilotView


@dataclass(frozen=True)
class CohortTexts:
    """``None`` where there is nothing to say (no sessions registered, no waiting times, ...)."""

    reach: str
    sessions: str | None
    waiting: str | None
    outcomes: str | None
    satisfaction: str | None
    goals: str | None
    trend: str | None = None
    ongoing: str | None = None  # the share referred with the ongoing trajectories taken into account


def cohort_texts(view: PilotView, evaluation: Evaluation) -> CohortTexts:
    cohort = evaluation.cohort
    reach = (f"In de pilotperiode zijn {view.say('cohort.trajectories')} trajecten geregistreerd in "
             f"{view.text('cohort.practices')} {'praktijk' if cohort.practices == 1 else 'praktijken'}, gestart tussen "
             f"{fmt.month_year(cohort.first_start)} en {fmt.month_year(cohort.last_start)}.")
    return CohortTexts(reach, _sessions(view), _waiting(view), _outcomes(view, evaluation), _satisfaction(view),
                       _goals(view), _trend(view, evaluation), ongoing_text(view, evaluation))


def with_interval(view: PilotView, name: str, prefix: str = "95%-interval ") -> str:
    """' (95%-interval a tot b)' when both bounds of ``name`` are published, else ''."""
    if view.shown(f"{name}_ci_low", f"{name}_ci_high"):
        return f"{prefix}{view.interval(f'{name}_ci_low', f'{name}_ci_high')}"
    return ""


def _sessions(view: PilotView) -> str | None:
    if not view.shown("cohort.sessions.mean"):
        return None
    interval = with_interval(view, "cohort.sessions.mean")
    text = (f"Gemiddeld telde een traject {view.text('cohort.sessions.mean')} gesprekken"
            + (f" ({interval})" if interval else "") + ".")
    if view.shown("cohort.sessions.median", "cohort.sessions.q3"):
        text += (f" De helft van de trajecten had er {view.text('cohort.sessions.median')} of minder; een kwart had er "
                 f"meer dan {view.text('cohort.sessions.q3')}.")
    return text


def _waiting(view: PilotView) -> str | None:
    if not view.shown("cohort.waiting.median"):
        return None
    spread = (f"de helft van de kinderen wachtte tussen {view.text('cohort.waiting.q1')} en "
              f"{view.text('cohort.waiting.q3')} dagen; " if view.shown("cohort.waiting.q1", "cohort.waiting.q3") else "")
    return (f"De mediane wachttijd tussen overdracht door de huisarts en het eerste gesprek was "
            f"{view.text('cohort.waiting.median')} dagen ({spread}{view.say('cohort.waiting.n')} trajecten met een "
            "bekende wachttijd).")


def _outcomes(view: PilotView, evaluation: Evaluation) -> str | None:
    if not evaluation.cohort.completed:
        return None
    share = ""
    if view.shown("cohort.helped_share"):
        interval = with_interval(view, "cohort.helped_share", "; 95%-interval ")
        share = f" ({view.text('cohort.helped_share')}{interval})"
    return (f"Van de {view.say('cohort.completed')} afgeronde trajecten eindigden er {view.say('cohort.helped')} "
            f"zonder verwijzing{share}: het kind werd in de huisartsenpraktijk geholpen.")


def _satisfaction(view: PilotView) -> str | None:
    if not view.shown("cohort.satisfaction.mean"):
        return None
    interval = with_interval(view, "cohort.satisfaction.mean")
    return (f"Ouders en jongeren gaven gemiddeld een {view.text('cohort.satisfaction.mean')} ("
            + (f"{interval}; " if interval else "") + f"{view.say('cohort.satisfaction.n')} beoordelingen).")


def _goals(view: PilotView) -> str | None:
    if not view.shown("cohort.goal.reached_share"):
        return None
    interval = with_interval(view, "cohort.goal.reached_share")
    text = (f"Het doel van het traject werd bereikt in {view.text('cohort.goal.reached_share')} van de "
            f"{view.say('cohort.goal.total')} trajecten met een doelmeting" + (f" ({interval})" if interval else ""))
    if view.shown("cohort.goal.partly_share"):
        text += f" en deels bereikt in {view.text('cohort.goal.partly_share')}"
    return text + "."


def _trend(view: PilotView, evaluation: Evaluation) -> str | None:
    """The helped share of the first and the last quarter with a published share, in words; only with at
    least two such quarters. The direction is named only when both shares are printed as numbers."""
    shown = published_quarters(view, evaluation)
    if len(shown) < 2:
        return None
    first, last = shown[0], shown[-1]
    name = lambda q: f"cohort.quarter.{q}.helped_share"  # noqa: E731
    a, b = view.value(name(first)), view.value(name(last))
    at = lambda q: f"{view.text(name(q))} bij trajecten gestart in het {quarter_label(q)}"  # noqa: E731
    if a is None or b is None:
        words = f"was {at(first)} en {at(last)}"
    elif abs(b - a) < 0.05:
        words = f"bleef ongeveer gelijk: {at(first)} en {at(last)}"
    else:
        words = f"{'steeg' if b > a else 'daalde'} van {at(first)} naar {at(last)}"
    return (f"Het aandeel afgeronde trajecten zonder verwijzing {words}. Van de later gestarte trajecten lopen er "
            "nog meer; alleen afgeronde trajecten tellen mee, dus de laatste kwartalen kunnen nog veranderen.")


def ongoing_text(view: PilotView, evaluation: Evaluation) -> str | None:
    """The share referred among trajectories ending within the horizon, estimated with the ongoing ones taken
    into account (Aalen–Johansen, cohort/competing_risks.py), next to the completed-only share; a warning
    sentence when the completed-only share lies outside the interval. Only when those figures are published."""
    result = evaluation.cohort.competing_risks
    name = "cohort.competing.referred_share"
    if result is None or not view.shown(name, "cohort.referred_share", "cohort.ongoing"):
        return None
    days = result.horizon_days
    horizon = "een half jaar" if days == 182 else f"{view.text('cohort.competing.horizon_days')} dagen"
    interval = with_interval(view, name)
    text = (f"Er lopen nog {view.say('cohort.ongoing')} trajecten. Een verwijzing rondt een traject vaak sneller af "
            "dan hulp in de praktijk; zolang er trajecten lopen, kan het aandeel verwezen kinderen onder de afgeronde "
            "trajecten daardoor te hoog uitvallen. Een schatting die de lopende trajecten meetelt, komt uit op "
            f"{view.text(name)} verwezen van de trajecten die binnen {horizon} na de start eindigen met hulp of een "
            f"verwijzing{f' ({interval})' if interval else ''}; van de nu afgeronde trajecten is "
            f"{view.text('cohort.referred_share')} verwezen.")
    if "completed_only_outside_interval" in result.warnings:
        too = "hoog" if result.completed_only_referred_share > result.referred_share else "laag"
        text += (f" Dat verschil is groter dan toeval verklaart: het aandeel verwezen onder de afgeronde trajecten "
                 f"is waarschijnlijk te {too}.")
    return text
