"""Recognise direct identifiers in text: BSN, e-mail, phone, IBAN, postcode, birth date, address, name.

``identifier_in(values, lone_first_names)`` looks at a Series of distinct text values and returns the
first kind of identifier found with the values that hold it (to locate their rows; never to be shown).
It is vectorised: one polars (Rust) regex per kind over all values, then an exact check in Python
(elfproef, IBAN mod-97, name list) on the few candidates. ``looks_identifying(text)`` answers the same
question for one value, a lone first name or surname included, and ``shown_value(text)`` is how a
message may quote an input value: as an excerpt, or not at all when it looks identifying.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from evaluator.errors import excerpt
from evaluator.inputs.person_names import is_lone_name, person_name_values

# Dutch plural per kind, for "de kolom bevat ...".
KINDS: dict[str, str] = {
    "bsn_column": "geldige burgerservicenummers (BSN)",
    "bsn": "een getal dat een burgerservicenummer (BSN) kan zijn",
    "email": "e-mailadressen",
    "phone": "telefoonnummers",
    "iban": "bankrekeningnummers (IBAN)",
    "postcode": "volledige postcodes (4 cijfers en 2 letters)",
    "birth_date": "geboortedatums",
    "address": "adressen (straat en huisnummer)",
    "name": "namen van personen",
}
NOT_SHOWN = "(waarde niet getoond: lijkt een persoonsgegeven)"

# Rust regex (polars): no look-around, so the boundaries are written out as characters.
_START = r"(?:^|[^\p{L}\d])"
_END = r"(?:[^\p{L}\d]|$)"
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# 06-12345678, (06) 12345678, +31 6 1234 5678, +31 (0)6 ..., 0031612345678, 038-4561234, (038) 456 12 34:
# a 0 (or +31/0031) and nine more digits, at most two separators between digits.
PHONE = r"(?:^|[^\w+])(?:(?:\+|00)31[ .-]*(?:\(0\)[ .-]*)?|\(?0)[1-9](?:\)?[ .-]{0,2}\d){8}(?:[^\d:]|$)"
# 8331 AB, 8331AB, 8331ab (not "8331 ab": "in 2017 en" would match).
POSTCODE = _START + r"[1-9]\d{3}(?: ?[A-Z]{2}|[a-z]{2})" + _END
_MONTH = r"(?:jan|feb|mrt|maa|apr|mei|jun|jul|aug|sep|okt|oct|nov|dec)\p{L}*\.?"
_DATE = (r"(?:\d{1,2}[-/. ]\d{1,2}[-/. ](?:19|20)?\d{2}|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}|"
         r"\d{1,2}\s*" + _MONTH + r"\s*(?:19|20)?\d{2})")
BIRTH_DATE = (r"(?i)(?:^|[^\p{L}])(?:geb(?:oren)?|geboortedatum|geboortedag|geb\.?\s?datum|dob|born|"
              r"date of birth|birth ?date)[^\p{L}\d]{0,4}(?:(?:op|on|d\.d\.)[^\p{L}\d]{1,3})?" + _DATE)
_STREET_ENDINGS = r"(?:straat|straatje|laan|weg|plein|gracht|singel|kade|dijk|dyk|hof|pad|steeg|dreef|plantsoen|" \
                  r"markt|allee|boulevard|wal|haven)"
STREET = (r"(?i)(?:^|[^\p{L}])(\p{L}[\p{L}'-]*" + _STREET_ENDINGS + r"|\p{L}*(?:noord|zuid|oost|west|binnen|buiten|"
          r"midden)(?:er)?ring)\.?\s+(?:nr\.?\s*)?\d{1,3}(?:[^\d]|$)")
NOT_STREETS = frozenset({"onderweg", "uitweg", "halfweg", "snelweg", "zijweg", "omweg"})
IBAN = r"(?i)" + _START + r"[a-z]{2}\d{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,3})?" + _END
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "FR": 27, "GB": 22, "ES": 24, "IT": 27, "LU": 20, "AT": 20, "CH": 21,
                "PL": 28, "PT": 25, "IE": 22, "DK": 18, "SE": 24, "NO": 15, "FI": 18, "TR": 26, "MA": 28}
# 123456782, 1234.56.782, 123 456 782, 12.34.56.782; "bsn123456782" and "BSN: 123 456 782" too.
_NINE = r"(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[ .-]\d{3}[ .-]\d{3}|\d{2}[ .-]\d{2}[ .-]\d{2}[ .-]\d{3})"
BSN_IN_TEXT = r"(?:^|[^\p{L}\d]|(?i:bsn|sofi)[^\p{L}\d]{0,3})" + _NINE + _END
BSN_CELL = r"^(?:\d{8,9}|\d{4}\.\d{2}\.\d{3}|\d{3}[ .-]\d{3}[ .-]\d{3})$"  # 8 digits: a leading zero lost in Excel


@dataclass(frozen=True)
class Finding:
    """What was found (a key of KINDS) and the distinct values that hold it (never to be shown)."""

    kind: str
    values: pl.Series


def is_bsn(number: str) -> bool:
    """The elfproef for a 9-digit BSN."""
    if len(number) != 9 or not number.isdigit() or number == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(number, weights)) % 11 == 0


def is_iban(text: str) -> bool:
    """The mod-97 check of an IBAN (spaces allowed), at the length its country uses."""
    code = re.sub(r"[^0-9A-Za-z]", "", text).upper()
    length = IBAN_LENGTHS.get(code[:2])
    if length is not None:
        code = code[:length]
    if not 15 <= len(code) <= 34 or (length is not None and len(code) != length):
        return False
    digits = "".join(str(int(c, 36)) for c in code[4:] + code[:4])
    return int(digits) % 97 == 1


def identifier_in(values: pl.Series, lone_first_names: bool = False, person_names: bool = True) -> Finding | None:
    """The first direct identifier in a Series of distinct, stripped, non-empty texts."""
    for kind, detect in _detectors(lone_first_names, person_names):
        found = detect(values)
        if found.len():
            return Finding(kind, found)
    return None


def looks_identifying(text: str) -> bool:
    """True when one value looks like a BSN, e-mail, phone, IBAN, postcode, birth date, address or name."""
    return bool(identifying_values([text]))


def identifying_values(texts: list[str]) -> set[str]:
    """The texts that look identifying, each judged on its own (a lone first name or surname included)."""
    stripped = {text: text.strip() for text in texts if isinstance(text, str) and text.strip()}
    if not stripped:
        return set()
    values = pl.Series(sorted(set(stripped.values())), dtype=pl.String)
    found = {value for value in stripped.values() if is_lone_name(value)}
    for kind, detect in _detectors(lone_first_names=True, person_names=True):
        if kind != "bsn_column":  # a single valid BSN is caught by the "bsn" detector
            found.update(detect(values).to_list())
    return {text for text, value in stripped.items() if value in found}


def shown_value(text: object, limit: int = 40) -> str:
    """An input value as a message may quote it: an excerpt, or a note that it is not shown."""
    return shown_values([text], limit)[text] if isinstance(text, str) else excerpt(text, limit)


def shown_values(texts: list[str], limit: int = 40) -> dict[str, str]:
    """``shown_value`` for many values at once (one vectorised pass)."""
    hidden = identifying_values(texts)
    return {text: NOT_SHOWN if text in hidden else excerpt(text, limit) for text in texts}


def _detectors(lone_first_names: bool, person_names: bool) -> list[tuple[str, Callable[[pl.Series], pl.Series]]]:
    detectors: list[tuple[str, Callable[[pl.Series], pl.Series]]] = [
        ("bsn_column", _bsn_column),
        ("email", lambda v: v.filter(v.str.contains(EMAIL))),
        ("iban", lambda v: _validated(v, IBAN, is_iban)),  # before phone: "NL91 ABNA 0417 1643 00" holds both
        ("phone", lambda v: v.filter(v.str.contains(PHONE))),
        ("bsn", lambda v: _validated(v, BSN_IN_TEXT, lambda m: is_bsn(re.sub(r"\D", "", m)))),
        ("postcode", lambda v: v.filter(v.str.contains(POSTCODE))),
        ("birth_date", lambda v: v.filter(v.str.contains(BIRTH_DATE))),
        ("address", _addresses),
    ]
    if person_names:
        detectors.append(("name", lambda v: person_name_values(v, lone_first_names)))
    return detectors


def _bsn_column(values: pl.Series) -> pl.Series:
    """Whole cells written as a BSN, when at least half of them pass the elfproef (a column of BSNs)."""
    shaped = values.filter(values.str.contains(BSN_CELL)).head(2000)
    if shaped.len() == 0:
        return shaped
    valid = [v for v in shaped.to_list() if is_bsn(re.sub(r"\D", "", v).zfill(9))]
    return pl.Series(valid if len(valid) >= max(1, shaped.len() // 2) else [], dtype=pl.String)


def _validated(values: pl.Series, pattern: str, check: Callable[[str], bool]) -> pl.Series:
    """Values with a match of ``pattern`` that passes ``check`` (elfproef, mod-97)."""
    candidates = values.filter(values.str.contains(pattern))
    if candidates.len() == 0:
        return candidates
    matches = candidates.str.extract_all(pattern).to_list()
    return pl.Series([v for v, found in zip(candidates.to_list(), matches) if any(check(m) for m in found)],
                     dtype=pl.String)


def _addresses(values: pl.Series) -> pl.Series:
    candidates = values.filter(values.str.contains(STREET))
    if candidates.len() == 0:
        return candidates
    streets = candidates.str.extract_all(STREET).to_list()
    words = [[re.sub(r"[^\w'-]", " ", m).split()[0].lower() for m in found] for found in streets]
    return pl.Series([v for v, found in zip(candidates.to_list(), words) if any(w not in NOT_STREETS for w in found)],
                     dtype=pl.String)
