"""Refuse inputs that hold direct identifiers, without ever printing the values.

``check_identifiers(raw)`` raises ``PrivacyError`` naming the column (never a value) when
a column is named like a direct identifier or holds valid BSNs (9 digits passing the
elfproef). Small-cell suppression for published tables lives in ``suppression``.
"""

from __future__ import annotations

import re

import polars as pl

from evaluator.errors import PrivacyError, Problem
from evaluator.load import ROW, RawTable

IDENTIFYING_NAMES = re.compile(
    r"^(naam|voornaam|achternaam|roepnaam|tussenvoegsel|volledige_naam|naam_\w+|\w+_naam|bsn|burgerservicenummer|"
    r"sofinummer|adres|straat|straatnaam|huisnummer|woonadres|postcode|geboortedatum|geb_datum|geboortedag|"
    r"e_?mail|emailadres|e_mailadres|telefoon|telefoonnummer|tel|mobiel|telnr)$"
)
ALLOWED_NAME_COLUMNS = {"praktijk_naam", "naam_praktijk"}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
POSTCODE_FULL = re.compile(r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b")
PHONE = re.compile(r"\b(?:0|\+31)\d{9}\b|\b06[-\s]?\d{8}\b")

ADVICE = (
    "Verwijder deze kolom of vervang de waarden door een pseudoniem (bijvoorbeeld T0001) of door de "
    "leeftijd in hele jaren, en start de evaluatie opnieuw. De waarden zelf worden niet getoond."
)


def is_bsn(number: str) -> bool:
    """The elfproef for a 9-digit BSN."""
    if len(number) != 9 or not number.isdigit() or number == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(number, weights)) % 11 == 0


def check_identifiers(raw: RawTable) -> None:
    problems: list[Problem] = []
    for column in raw.frame.columns:
        if column == ROW:
            continue
        header = raw.columns_original[column]
        if IDENTIFYING_NAMES.match(column) and column not in ALLOWED_NAME_COLUMNS:
            problems.append(Problem(raw.name, "de kolomnaam wijst op een direct identificerend gegeven", column=header))
            continue
        values = raw.frame[column].drop_nulls().str.strip_chars()
        values = values.filter(values != "")
        if values.len() == 0:
            continue
        problem = _identifying_values(values)
        if problem:
            problems.append(Problem(raw.name, problem, column=header))
    if problems:
        raise PrivacyError(
            f"'{raw.name}' bevat gegevens waarmee een kind herkend kan worden. " + ADVICE, tuple(problems)
        )


def _identifying_values(values: pl.Series) -> str | None:
    digits = values.str.replace_all(r"[\s.\-]", "")
    nine = digits.filter(digits.str.contains(r"^\d{8,9}$")).str.zfill(9)
    if nine.len() and sum(is_bsn(v) for v in nine.head(2000).to_list()) >= max(1, nine.head(2000).len() // 2):
        return "de kolom bevat geldige burgerservicenummers (BSN)"
    sample = values.head(5000).to_list()
    for pattern, what in ((EMAIL, "e-mailadressen"), (PHONE, "telefoonnummers"),
                          (POSTCODE_FULL, "volledige postcodes (4 cijfers en 2 letters)")):
        if any(pattern.search(v) for v in sample):
            return f"de kolom bevat {what}"
    return None
