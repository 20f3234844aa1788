"""Refuse inputs that hold direct identifiers, without ever printing the values.

``check_identifiers(raw)`` raises ``PrivacyError`` naming the file and column (never a
value, never a row) when

* a column is named like a direct identifier (naam, voornaam, achternaam, bsn, adres,
  postcode, geboortedatum, e-mail, telefoon, ...);
* a column mostly holds valid BSNs (9 digits passing the elfproef);
* any cell, free text included, holds an e-mail address, a phone number, a full postcode
  (4 digits and 2 letters), a 9-digit number passing the elfproef or a written birth date.

``looks_identifying(text)`` answers the same question for one value, so that other messages
never echo such a value. What the report may publish is decided by the disclosure audit (report/audit.py).
"""

from __future__ import annotations

import re

import polars as pl

from evaluator.errors import PrivacyError, Problem
from evaluator.inputs.files import ROW, RawTable

IDENTIFYING_NAMES = re.compile(
    r"^(naam|namen|voornaam|voornamen|achternaam|roepnaam|tussenvoegsel|initialen|volledige_naam|naam_\w+|\w+_naam|"
    r"clientnaam|kindnaam|bsn|\w*_bsn|bsn_\w+|burgerservicenummer|sofinummer|adres|woonadres|straat|straatnaam|"
    r"huisnummer|postcode|postcode_\w+|geboortedatum|geb_datum|geboortedag|geb_dat|dob|date_of_birth|"
    r"e_?mail|e_?mailadres|email_\w+|telefoon|telefoonnummer|tel|tel_nr|telnr|mobiel|mobiel_nummer|"
    r"name|first_name|last_name|surname|address|phone|birth_?date)$"
)
ALLOWED_NAME_COLUMNS = {"praktijk_naam", "naam_praktijk"}

# Rust regex (polars): no look-around, so boundaries are written out.
EMAIL = r"[\w.+-]+@[\w-]+\.[\w.-]+"
PHONE = r"(^|[^\d])(\+31|0031|0)[\s-]?\d([\s-]?\d){8}([^\d]|$)"
POSTCODE_FULL = r"\b[1-9]\d{3}\s?[A-Z]{2}\b"
BIRTH_DATE = r"(?i)\bgeb(oren|\.|oortedatum|oren op)?\s*:?\s*(op\s+)?\d{1,2}[-/. ]\d{1,2}[-/. ]\d{2,4}"
NINE_DIGITS = r"\b\d{9}\b|\b\d{4}\.\d{2}\.\d{3}\b|\b\d{3}[ .-]\d{3}[ .-]\d{3}\b"

VALUE_PATTERNS: tuple[tuple[str, str], ...] = (
    (EMAIL, "e-mailadressen"),
    (PHONE, "telefoonnummers"),
    (POSTCODE_FULL, "volledige postcodes (4 cijfers en 2 letters)"),
    (BIRTH_DATE, "geboortedatums"),
)

ADVICE = (
    "Verwijder deze kolom of de gegevens uit de tekst, of vervang de waarden door een pseudoniem "
    "(bijvoorbeeld T0001) of door de leeftijd in hele jaren, en start de evaluatie opnieuw. "
    "De waarden zelf worden niet getoond."
)


def is_bsn(number: str) -> bool:
    """The elfproef for a 9-digit BSN."""
    if len(number) != 9 or not number.isdigit() or number == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(number, weights)) % 11 == 0


def looks_identifying(text: str) -> bool:
    """True when one value looks like an e-mail address, phone number, postcode, birth date or BSN."""
    series = pl.Series([text], dtype=pl.String)
    return _identifying_values(series) is not None


def check_identifiers(raw: RawTable) -> None:
    """Raise ``PrivacyError`` naming every column that holds or names a direct identifier."""
    problems: list[Problem] = []
    for column in raw.frame.columns:
        if column == ROW:
            continue
        header = raw.columns_original.get(column, column)
        if IDENTIFYING_NAMES.match(column) and column not in ALLOWED_NAME_COLUMNS:
            problems.append(Problem(raw.name, "de kolomnaam wijst op een direct identificerend gegeven", column=header))
            continue
        values = raw.frame[column].drop_nulls().str.strip_chars()
        values = values.filter(values != "").unique(maintain_order=True)  # distinct values: fast on large files
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
    # Whole cells written as a BSN: 123456782, 12345678 (leading zero lost in Excel), 1234.56.782.
    shaped = values.filter(values.str.contains(r"^(\d{8,9}|\d{4}\.\d{2}\.\d{3}|\d{3}[ .-]\d{3}[ .-]\d{3})$"))
    nine = shaped.str.replace_all(r"\D", "").str.zfill(9)
    if nine.len() and sum(is_bsn(v) for v in nine.head(2000).to_list()) >= max(1, nine.head(2000).len() // 2):
        return "de kolom bevat geldige burgerservicenummers (BSN)"
    for pattern, what in VALUE_PATTERNS:
        if values.str.contains(pattern).any():
            return f"de kolom bevat {what}"
    candidates = values.filter(values.str.contains(NINE_DIGITS)).str.extract_all(NINE_DIGITS).explode().drop_nulls()
    if any(is_bsn(re.sub(r"\D", "", c)) for c in candidates.unique().head(10_000).to_list()):
        return "de kolom bevat een getal van 9 cijfers dat een burgerservicenummer (BSN) kan zijn"
    return None
