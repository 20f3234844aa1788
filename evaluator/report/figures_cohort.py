"""The figures of the chapters Bereik en inzet and Uitkomsten: counts of children and what rests on them.

``cohort_figures(figures, evaluation)`` enters, for one pilot, every count, share and mean the
report prints about the children reached (names "cohort.*"). Each is a function of the counting
atoms (cohort/atoms.py), so the audit can check that no small count can be worked out:

- counts: trajectories, completed, ongoing, dropped_out, helped, referred, referred_counted,
  destination.<d>, destinations_other (small referral destinations together), intention_known,
  intention_unknown, age.<band>, gender.<g>, help.<category>, month.<YYYY-MM>, sessions.bar.<i>,
  sessions.scheme.<scheme>.<bucket>, waiting.n, satisfaction.n, goal.<ja|deels|nee|niet_ingevuld>,
  goal.total, practice.<i>.completed, practice.<i>.helped, quarter.<YYYY-Qn>.completed;
- shares (with Wilson intervals "_ci_low"/"_ci_high" where the report shows one): status_share.<s>,
  helped_share, destination_share.<d>, age_share.<band>, gender_share.<g>, help_share.<category>,
  sessions.scheme_share.<scheme>.<bucket>, practice.<i>.helped_share, quarter.<YYYY-Qn>.helped_share (no interval), goal.reached_share,
  goal.partly_share, satisfaction.response_share;
- how trajectories end with the ongoing ones taken into account (only when enough are still running,
  ``shows_competing_risks``): cohort.referred_share (completed only), cohort.competing.horizon_days,
  cohort.competing.referred_share, .referred, .helped (each with "_ci_low"/"_ci_high");
- means and medians: sessions.mean (+ interval), sessions.median, sessions.q1, sessions.q3,
  sessions.helped_mean, sessions.referred_mean (+ intervals), waiting.median/q1/q3,
  satisfaction.mean (+ interval); practices (the number of practices, not a count of children).

Free-text help questions are a category of their own only when at least the threshold of children
share them; otherwise they count as "overig". Session counts are drawn in fixed bars (one per
number, the top one "15 of meer").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evaluator.cohort.atoms import HUB, NOT_FILLED, SESSIONS_TOP, CountingAtoms
from evaluator.cohort.describe import session_values
from evaluator.evaluation import Evaluation
from evaluator.intervals import mean_t, wilson
from evaluator.report.figures import Form, PilotFigures
from evaluator.vocabulary import (
    AGE_BANDS, COUNTED_DESTINATIONS, DESTINATIONS, GENDERS, GOALS, HELP_QUESTIONS, REFERRAL_DESTINATIONS,
    SESSION_SCHEMES, STATUSES, UNKNOWN_AGE_BAND,
)

OTHER_HELP = "overig"
MIN_QUARTERS = 3


def cohort_figures(figures: PilotFigures, evaluation: Evaluation) -> None:
    atoms = figures.atoms
    _status_and_outcomes(figures)
    _destinations(figures)
    _characteristics(figures, atoms)
    _sessions(figures, atoms)
    _per_practice(figures, atoms)
    _per_quarter(figures, atoms)
    _satisfaction_and_goals(figures, evaluation)
    _competing_risks(figures, evaluation)
    figures.constant("cohort.practices", len(atoms.practices), "aantal")


# --- shared helpers --------------------------------------------------------------------------

def share_with_interval(figures: PilotFigures, name: str, part: Form, whole: Form) -> None:
    """A share and its Wilson interval: the interval is a function of the two counts, which it may reveal."""
    count, total = figures.true_value(part), figures.true_value(whole)
    figures.ratio(name, part, whole, unit="procent")
    interval = wilson(int(round(count)), int(round(total)))
    for bound, value in (("ci_low", interval.ci_low), ("ci_high", interval.ci_high)):
        figures.statistic(f"{name}_{bound}", value, reveals=(part, whole), needs=(), unit="procent", decimals=0)


def _mean_with_interval(figures: PilotFigures, name: str, family: str, values: np.ndarray, group: str,
                        **levels) -> None:
    """Mean of a count-weighted value (sessions) with its t-interval: mean = S1 / N, interval from N, S1, S2."""
    n = figures.cells(family, **levels)
    s1 = figures.weighted(family, lambda lv: float(lv["sessions"]), **levels)
    s2 = figures.weighted(family, lambda lv: float(lv["sessions"]) ** 2, **levels)
    estimate = mean_t(values)
    figures.ratio(name, s1, n, estimate.mean, unit="getal", decimals=1, needs=(group,))
    for bound, value in (("ci_low", estimate.ci_low), ("ci_high", estimate.ci_high)):
        figures.statistic(f"{name}_{bound}", value, reveals=(n, s1, s2), needs=(group,), decimals=1)


# --- status, destinations, intention -----------------------------------------------------------

def _status_and_outcomes(figures: PilotFigures) -> None:
    hub = lambda **levels: figures.cells(HUB, **levels)  # noqa: E731
    total, completed, helped = hub(), hub(outcome=DESTINATIONS), hub(outcome="geen")
    figures.count("cohort.trajectories", total)
    figures.count("cohort.completed", completed)
    figures.count("cohort.ongoing", hub(outcome="lopend"))
    figures.count("cohort.dropped_out", hub(outcome="uitgevallen"))
    figures.count("cohort.helped", helped)
    figures.count("cohort.referred", hub(outcome=REFERRAL_DESTINATIONS))
    figures.count("cohort.referred_counted", hub(outcome=COUNTED_DESTINATIONS))
    known = hub(outcome=DESTINATIONS, intention=DESTINATIONS)
    # How complete the GP's registration is describes the registration, not a group of children; the
    # report must say which route it took (with or without intentions), so these are not protected.
    figures.count("cohort.intention_known", known, protect=False)
    figures.count("cohort.intention_unknown", completed - known, protect=False)
    figures.ratio("cohort.intention_share", known, completed, unit="procent")
    for status, form in (("afgerond", completed), ("lopend", hub(outcome="lopend")),
                         ("uitgevallen", hub(outcome="uitgevallen"))):
        figures.ratio(f"cohort.status_share.{status}", form, total, unit="procent")
    share_with_interval(figures, "cohort.helped_share", helped, completed)


def small_destinations(atoms: CountingAtoms, threshold: int) -> tuple[str, ...]:
    """Referral destinations shown together as 'overige verwijzingen' in the chart: exactly those below
    the threshold (which the table prints as '<5' anyway)."""
    return tuple(d for d in REFERRAL_DESTINATIONS if atoms.outcome(d) < threshold)


def _destinations(figures: PilotFigures) -> None:
    completed = figures.cells(HUB, outcome=DESTINATIONS)
    for destination in REFERRAL_DESTINATIONS:
        part = figures.cells(HUB, outcome=destination)
        figures.count(f"cohort.destination.{destination}", part)
        share_with_interval(figures, f"cohort.destination_share.{destination}", part, completed)
    other = small_destinations(figures.atoms, figures.threshold)
    if other:
        part = figures.cells(HUB, outcome=other)
        figures.count("cohort.destinations_other", part)
        share_with_interval(figures, "cohort.destinations_other_share", part, completed)


# --- who came, with which question ---------------------------------------------------------------

def help_categories(atoms: CountingAtoms, threshold: int) -> dict[str, tuple[str, ...]]:
    """Published categories of help questions and the registered values each holds.

    A value from the registration template is its own category; free text is one only when at least
    ``threshold`` children share it (else it is counted under 'overig'), so no rare text becomes a label.
    """
    family = atoms["hulpvraag"]
    categories: dict[str, list[str]] = {}
    for (value,), n in family.cells.items():
        if value == NOT_FILLED:
            continue
        own = value in HELP_QUESTIONS or n >= threshold
        categories.setdefault(value if own else OTHER_HELP, []).append(value)
    ordered = sorted(categories, key=lambda c: (-sum(family.count(question=v) for v in categories[c]), c))
    return {c: tuple(categories[c]) for c in ordered}


def _characteristics(figures: PilotFigures, atoms: CountingAtoms) -> None:
    total = figures.cells(HUB)
    for band in [b for b, _, _ in AGE_BANDS] + [UNKNOWN_AGE_BAND]:
        part = figures.cells("leeftijd", band=band)
        figures.count(f"cohort.age.{band}", part)
        figures.ratio(f"cohort.age_share.{band}", part, total, unit="procent")
    for gender in GENDERS + (NOT_FILLED,):
        part = figures.cells("geslacht", gender=gender)
        figures.count(f"cohort.gender.{gender}", part)
        figures.ratio(f"cohort.gender_share.{gender}", part, total, unit="procent")
    for category, values in {**help_categories(atoms, figures.threshold), NOT_FILLED: (NOT_FILLED,)}.items():
        part = figures.cells("hulpvraag", question=values)
        figures.count(f"cohort.help.{category}", part)
        figures.ratio(f"cohort.help_share.{category}", part, total, unit="procent")
    for (_, month), _ in atoms["maand"].cells.items():
        figures.count(f"cohort.month.{month}", figures.cells("maand", month=month))


# --- the helped share per quarter of the start -----------------------------------------------------

def quarters(atoms: CountingAtoms) -> tuple[str, ...]:
    """The quarters of the start ('2024-Q1') from the first to the last start, in order."""
    return tuple(dict.fromkeys(q for q, _ in atoms["kwartaal"].cells))


def _per_quarter(figures: PilotFigures, atoms: CountingAtoms) -> None:
    """Per quarter of the start the completed trajectories and the share of them helped without referral
    (the trend over the pilot's course): counts of the family ``kwartaal`` (quarter x outcome). Only for a
    pilot whose starts span at least ``MIN_QUARTERS`` quarters (known from the published first and last
    start): two points are no trend, and in a short pilot the quarters would cost its totals' precision."""
    if len(quarters(atoms)) < MIN_QUARTERS:
        return
    for quarter in quarters(atoms):
        completed = figures.cells("kwartaal", quarter=quarter, outcome=DESTINATIONS)
        helped = figures.cells("kwartaal", quarter=quarter, outcome="geen")
        figures.count(f"cohort.quarter.{quarter}.completed", completed)
        figures.ratio(f"cohort.quarter.{quarter}.helped_share", helped, completed, unit="procent",
                      needs=(f"cohort.quarter.{quarter}.completed",))
        # A detail of the chapter: the audit coarsens the trend before the pilot's totals (the quarters
        # and the months together tell how many trajectories of a quarter are still running).
        figures.important(f"cohort.quarter.{quarter}.completed", f"cohort.quarter.{quarter}.helped_share",
                          factor=0.1)


# --- sessions -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class SessionBar:
    """One bar of the sessions chart: ``values`` are the numbers of sessions it holds."""

    name: str
    label: str
    values: tuple[int, ...]


def session_bars(atoms: CountingAtoms) -> tuple[SessionBar, ...]:
    """One bar per number of sessions from the lowest registered to the highest, the top one holding 15
    and more. Bins never merge by how many children are in them; the range's ends each hold a child,
    which the audit takes as known (cohort/atoms.py)."""
    values = session_values(atoms).astype(int)
    if values.size == 0:
        return ()
    low, high = int(values.min()), min(int(values.max()), SESSIONS_TOP)
    top = max(int(s) for (_, s) in atoms["gesprekken"].cells)
    bars = []
    for v in range(low, high + 1):
        if v == SESSIONS_TOP:
            bars.append(SessionBar(f"cohort.sessions.bar.{v}", f"{v} of meer", tuple(range(v, top + 1))))
        else:
            bars.append(SessionBar(f"cohort.sessions.bar.{v}", str(v), (v,)))
    return tuple(bars)


def _sessions(figures: PilotFigures, atoms: CountingAtoms) -> None:
    family = atoms["gesprekken"]
    top = max((int(s) for (_, s) in family.cells), default=0)
    total = figures.cells(HUB)
    for bar in session_bars(atoms):
        figures.count(bar.name, figures.cells("gesprekken", sessions=tuple(str(v) for v in bar.values)))
    for scheme, bins in SESSION_SCHEMES.items():
        for bucket, low, high in bins:
            part = figures.cells("gesprekken", sessions=tuple(str(v) for v in range(low, min(high, top) + 1)))
            figures.count(f"cohort.sessions.scheme.{scheme}.{bucket}", part)
            share_with_interval(figures, f"cohort.sessions.scheme_share.{scheme}.{bucket}", part, total)
    values = session_values(atoms)
    _mean_with_interval(figures, "cohort.sessions.mean", "gesprekken", values, "cohort.trajectories")
    _order_statistics(figures, "cohort.sessions", values, "cohort.trajectories")
    _mean_with_interval(figures, "cohort.sessions.helped_mean", "gesprekken", session_values(atoms, ("geen",)),
                        "cohort.helped", outcome="geen")
    _mean_with_interval(figures, "cohort.sessions.referred_mean", "gesprekken",
                        session_values(atoms, REFERRAL_DESTINATIONS), "cohort.referred",
                        outcome=REFERRAL_DESTINATIONS)


def _order_statistics(figures: PilotFigures, name: str, values: np.ndarray, group: str) -> None:
    """Median and quartiles: each rests on the trajectories at two ranks, so it may reveal how many
    trajectories had fewer and at most that many sessions."""
    if values.size == 0:
        for q in ("median", "q1", "q3"):
            figures.statistic(f"{name}.{q}", None, reveals=(), needs=(group,), decimals=0)
        return
    for q, p in (("median", 0.5), ("q1", 0.25), ("q3", 0.75)):
        position = (values.size - 1) * p
        ranks = {int(np.floor(position)), int(np.ceil(position))}
        reveals = []
        for rank in ranks:
            at = int(values[rank])
            for cut in (at - 1, at):
                reveals.append(figures.cells("gesprekken", sessions=tuple(str(v) for v in range(0, cut + 1))))
        figures.statistic(f"{name}.{q}", float(np.quantile(values, p)), reveals=reveals, needs=(group,), decimals=0)


# --- per practice -------------------------------------------------------------------------------

def _per_practice(figures: PilotFigures, atoms: CountingAtoms) -> None:
    for i, practice in enumerate(atoms.practices):
        completed = figures.cells("praktijk", practice=practice, outcome=DESTINATIONS)
        helped = figures.cells("praktijk", practice=practice, outcome="geen")
        figures.count(f"cohort.practice.{i}.completed", completed)
        figures.count(f"cohort.practice.{i}.helped", helped)
        share_with_interval(figures, f"cohort.practice.{i}.helped_share", helped, completed)


# --- satisfaction, waiting time and goals -----------------------------------------------------------

def _satisfaction_and_goals(figures: PilotFigures, evaluation: Evaluation) -> None:
    cohort = evaluation.cohort
    rated = figures.cells("tevredenheid", known="ja")
    figures.count("cohort.satisfaction.n", rated)
    figures.ratio("cohort.satisfaction.response_share", rated, figures.cells(HUB), unit="procent")
    sat = cohort.satisfaction
    for part, value in (("mean", sat.mean), ("mean_ci_low", sat.ci_low), ("mean_ci_high", sat.ci_high)):
        figures.statistic(f"cohort.satisfaction.{part}", value, reveals=(rated,), needs=("cohort.satisfaction.n",),
                          decimals=1)
    waited = figures.cells("wachttijd", known="ja")
    figures.count("cohort.waiting.n", waited)
    wait = cohort.waiting_time
    for part, value in (("median", wait.median), ("q1", wait.q1), ("q3", wait.q3)):
        figures.statistic(f"cohort.waiting.{part}", value, reveals=(waited,), needs=("cohort.waiting.n",),
                          decimals=0)
    measured = figures.cells("doel", goal=GOALS)
    for goal in GOALS + (NOT_FILLED,):
        figures.count(f"cohort.goal.{goal}", figures.cells("doel", goal=goal))
    figures.count("cohort.goal.total", measured)
    share_with_interval(figures, "cohort.goal.reached_share", figures.cells("doel", goal="ja"), measured)
    figures.ratio("cohort.goal.partly_share", figures.cells("doel", goal="deels"), measured, unit="procent")


def status_keys() -> tuple[str, ...]:
    """The count figure of each status, in table order."""
    return tuple({"afgerond": "cohort.completed", "lopend": "cohort.ongoing",
                  "uitgevallen": "cohort.dropped_out"}[s] for s in STATUSES)


# --- how trajectories end, the ongoing ones taken into account ----------------------------------------

ONGOING_MINIMUM = 5  # trajectories still running, and at least this share of all: MIN_ONGOING_SHARE
MIN_ONGOING_SHARE = 0.05


def shows_competing_risks(evaluation: Evaluation) -> bool:
    """The report compares the completed-only share referred with the Aalen–Johansen share when enough
    trajectories are still running to matter (at least 5, and at least 5% of all)."""
    cohort = evaluation.cohort
    return (cohort.competing_risks is not None and cohort.ongoing >= ONGOING_MINIMUM
            and cohort.ongoing >= MIN_ONGOING_SHARE * cohort.trajectories)


def _competing_risks(figures: PilotFigures, evaluation: Evaluation) -> None:
    """The Aalen–Johansen estimates rest on the start and end dates of all trajectories; a reader is taken to
    learn the counts per end state (helped, referred, dropped out, running), published next to them anyway."""
    if not shows_competing_risks(evaluation):
        return
    result = evaluation.cohort.competing_risks
    hub = lambda **levels: figures.cells(HUB, **levels)  # noqa: E731
    completed, referred = hub(outcome=DESTINATIONS), hub(outcome=REFERRAL_DESTINATIONS)
    figures.ratio("cohort.referred_share", referred, completed, result.completed_only_referred_share, unit="procent")
    counts = (hub(outcome="geen"), referred, hub(outcome="uitgevallen"), hub(outcome="lopend"))
    needs = ("cohort.completed", "cohort.ongoing")
    figures.statistic("cohort.competing.horizon_days", result.horizon_days, reveals=(), needs=(), decimals=0)
    for name in ("referred_share", "referred", "helped"):
        for part in ("", "_ci_low", "_ci_high"):
            figures.statistic(f"cohort.competing.{name}{part}", getattr(result, f"{name}{part}"), reveals=counts,
                              needs=needs, unit="procent", decimals=0)
