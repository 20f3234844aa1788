"""The figures of the chapters Bereik en inzet and Uitkomsten: counts of children and what rests on them.

``cohort_figures(figures, evaluation)`` enters, for one pilot, every count, share and mean the
report prints about the children reached (names "cohort.*"). Each is a function of the counting
atoms (cohort/atoms.py), so the audit can check that no small count can be worked out.
"""

from __future__ import annotations

from evaluator.evaluation import Evaluation
from evaluator.intervals import wilson
from evaluator.report.figures import Form, PilotFigures
from evaluator.vocabulary import COUNTED_DESTINATIONS, DESTINATIONS, REFERRAL_DESTINATIONS

HUB = "uitkomst"


def cohort_figures(figures: PilotFigures, evaluation: Evaluation) -> None:
    _status_and_outcomes(figures)


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
    for destination in REFERRAL_DESTINATIONS:
        figures.count(f"cohort.destination.{destination}", hub(outcome=destination))
    known = hub(outcome=DESTINATIONS, intention=DESTINATIONS)
    figures.count("cohort.intention_known", known)
    figures.count("cohort.intention_unknown", completed - known)
    _share(figures, "cohort.helped_share", helped, completed)


def _share(figures: PilotFigures, name: str, part: Form, whole: Form) -> None:
    """A share with its Wilson interval (the interval is a function of the two counts it rests on)."""
    count, total = figures.true_value(part), figures.true_value(whole)
    figures.ratio(name, part, whole, unit="procent")
    interval = wilson(int(count), int(total))
    for bound, value in (("ci_low", interval.ci_low), ("ci_high", interval.ci_high)):
        figures.statistic(f"{name}_{bound}", value, reveals=(part, whole), needs=(), unit="procent", decimals=0)
