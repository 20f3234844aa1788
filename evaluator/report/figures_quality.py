"""Figures of the data-quality appendix: warnings per kind.

Warnings of the registration are counted per kind (column and message, with values and row numbers
taken out), each as the number of trajectories that have it. Those counts are about children too, so
each kind becomes a family of its own (has the warning, or not) and goes through the audit like every
other count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from evaluator.cohort.atoms import CountingAtoms, Family
from evaluator.errors import Problem
from evaluator.evaluation import Evaluation
from evaluator.report.figures import PilotFigures


@dataclass(frozen=True)
class WarningKind:
    name: str  # figure name "quality.kind.<i>"
    column: str
    message: str
    rows: frozenset[int]


def warning_kinds(warnings: tuple[Problem, ...]) -> tuple[WarningKind, ...]:
    """Warnings about trajectories per column and kind of message; values and row numbers left out,
    so the published report shows what to check, not which child (the rows are in resultaten.json)."""
    kinds: dict[tuple[str, str], set[int]] = {}
    for w in warnings:
        if w.row is None:
            continue
        message = re.sub(r"\(ook in rij \d+\)", "", w.message)
        message = re.sub(r"\d[\d\-.,:/]*", "…", message).strip()
        kinds.setdefault((w.column or "–", message), set()).add(w.row)
    return tuple(WarningKind(f"quality.kind.{i}", column, message, frozenset(rows))
                 for i, ((column, message), rows) in enumerate(sorted(kinds.items())))


def with_warning_families(atoms: CountingAtoms, warnings: tuple[Problem, ...]) -> CountingAtoms:
    """The atoms plus one family per kind of warning (trajectories with and without it)."""
    families = dict(atoms.families)
    total = atoms.total
    for kind in warning_kinds(warnings):
        n = len(kind.rows)
        families[kind.name] = Family(kind.name, ("has",), {("ja",): n, ("nee",): total - n})
    rows = {w.row for w in warnings if w.row is not None}
    families["quality.rows"] = Family("quality.rows", ("has",), {("ja",): len(rows), ("nee",): total - len(rows)})
    return replace(atoms, families=families)


def quality_figures(figures: PilotFigures, evaluation: Evaluation) -> None:
    for kind in warning_kinds(evaluation.dataset.warnings):
        figures.count(kind.name, figures.cells(kind.name, has="ja"))
    rows = figures.cells("quality.rows", has="ja")
    figures.count("quality.rows_with_warning", rows)
    figures.ratio("quality.rows_with_warning_share", rows, figures.cells("uitkomst"), unit="procent")
