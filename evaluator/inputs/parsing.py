"""Polars expressions that turn text cells into typed values, and the problems they leave.

A cell that has text but parses to null is a problem; ``unparsed_problems`` reports each
one with its file, spreadsheet row and the column header as the user wrote it.
"""

from __future__ import annotations

import polars as pl

from evaluator.errors import Problem
from evaluator.inputs.files import ROW
from evaluator.inputs.identifying_text import shown_values

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S")


def parse_date(column: str) -> pl.Expr:
    """A date in one of ``DATE_FORMATS``; null when unparseable, impossible (31-02-2018) or
    written with a two-digit year (05-04-17 would otherwise become the year 17)."""
    text = pl.col(column).str.strip_chars()
    attempts = [text.str.to_date(fmt, strict=False) for fmt in DATE_FORMATS]
    four_digit_year = text.str.contains(r"^\d{4}\D") | text.str.contains(r"\D\d{4}$")
    return pl.when(four_digit_year).then(pl.coalesce(attempts)).otherwise(None).alias(column)


def _number_text(column: str) -> pl.Expr:
    # Dutch decimal comma ("8,5") and thousands separators ("1.250") as Excel writes them.
    text = pl.col(column).str.strip_chars().str.replace_all(" ", "")
    dutch = text.str.contains(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$") | text.str.contains(r"^-?\d+,\d+$")
    return pl.when(dutch).then(text.str.replace_all(r"\.", "").str.replace(",", ".")).otherwise(text)


def parse_float(column: str) -> pl.Expr:
    """A number (Dutch decimal comma allowed); NaN and infinity count as unparseable."""
    number = _number_text(column).cast(pl.Float64, strict=False)
    return pl.when(number.is_finite()).then(number).otherwise(None).alias(column)


def parse_int(column: str) -> pl.Expr:
    number = _number_text(column).cast(pl.Float64, strict=False)
    whole = number.is_not_null() & (number == number.round(0)) & number.is_finite()
    return pl.when(whole).then(number.cast(pl.Int64, strict=False)).otherwise(None).alias(column)


def normalise_category(column: str) -> pl.Expr:
    return (
        pl.col(column)
        .str.strip_chars()
        .str.to_lowercase()
        .str.replace_all(r"[\s\-/]+", "_")
        .str.replace_all("é", "e")
    )


def parse_category(column: str, allowed: tuple[str, ...], synonyms: dict[str, str]) -> pl.Expr:
    value = normalise_category(column).replace(synonyms)
    return pl.when(value.is_in(list(allowed))).then(value).otherwise(None).alias(column)


def unparsed_problems(
    raw: pl.DataFrame, typed: pl.DataFrame, file: str, shown: dict[str, str], expected: dict[str, str]
) -> list[Problem]:
    """Cells with text in ``raw`` whose typed value is null: one problem each. A value is quoted only
    when it does not look like an identifier (e-mail, phone number, BSN, postcode, name, ...)."""
    problems: list[Problem] = []
    for column, wanted in expected.items():
        lost = raw[column].is_not_null() & typed[column].is_null()
        if not lost.any():
            continue
        rows = raw.filter(lost).select(ROW, column)
        quoted = shown_values(rows[column].unique().to_list(), 20)
        for row, value in rows.iter_rows():
            problems.append(
                Problem(file, f"verwacht {wanted}, gevonden '{quoted[value]}'", row, shown.get(column, column))
            )
    return problems
