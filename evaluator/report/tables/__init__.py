"""The tables of the report, one module per chapter; cells are printed strings."""

from evaluator.report.tables.base import Table
from evaluator.report.tables.cohort import cohort_tables
from evaluator.report.tables.effect import effect_tables
from evaluator.report.tables.money import money_tables

__all__ = ["Table", "cohort_tables", "effect_tables", "money_tables"]
