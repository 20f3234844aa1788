"""Refuse input files that hold direct identifiers, naming file, row and column but never a value.

``check_identifiers(raw, free_text=..., allowed_columns=...)`` runs on every input file (registration,
practice panel, CBS series) right after it is read, and raises ``PrivacyError`` when

* a header is itself a value that looks identifying (a CSV without its header row starts with
  "T0001;Sanne Jansen;123456782"); such a column is named by its position, never by its header;
* a header names an identifier (Naam, Geb.datum, Adres ouders, e-mail: identifying_columns.py), checked
  as written in the file and under the name ``data.kolommen`` gives it;
* any value, free text included, holds a BSN, e-mail address, phone number, IBAN, full postcode,
  birth date, street and house number or a person's name (identifying_text.py).

``free_text`` names the columns in which a cell holding nothing but a first name counts as a name;
``allowed_columns`` are column names that may contain an identifying word (the CBS column ``naam``
holds a gemeente). One problem per column, with the first row where a value was found.
What the report may publish is decided by the disclosure audit (report/audit.py).
"""

from __future__ import annotations

from collections.abc import Collection

import polars as pl

from evaluator.errors import PrivacyError, Problem
from evaluator.inputs.files import ROW, RawTable, normalise_header
from evaluator.inputs.identifying_columns import names_identifier
from evaluator.inputs.identifying_text import KINDS, identifier_in, is_bsn, looks_identifying, shown_value

__all__ = ["ADVICE", "check_identifiers", "is_bsn", "looks_identifying", "shown_value"]

ADVICE = (
    "Verwijder deze kolom of de gegevens uit de tekst, of vervang de waarden door een pseudoniem "
    "(bijvoorbeeld T0001) of door de leeftijd in hele jaren, en start de evaluatie opnieuw. "
    "De waarden zelf worden niet getoond."
)
# A practice is often named after its GP ("Praktijk Anne de Vries"): a professional, not a child, and the
# report names practices anyway. Every other kind of identifier is still refused in these columns.
WITHOUT_PERSON_NAMES = frozenset({"praktijk", "praktijk_naam", "naam_praktijk", "praktijknaam"})


def check_identifiers(raw: RawTable, free_text: Collection[str] = (),
                      allowed_columns: Collection[str] = ()) -> None:
    """Raise ``PrivacyError`` naming every column that holds or names a direct identifier."""
    allowed = frozenset(allowed_columns)
    columns = [c for c in raw.frame.columns if c != ROW]
    problems = [problem for position, column in enumerate(columns, start=1)
                if (problem := _column_problem(raw, column, position, column in free_text, allowed))]
    if problems:
        raise PrivacyError(
            f"'{raw.name}' bevat gegevens waarmee een kind herkend kan worden. " + ADVICE, tuple(problems)
        )


def _column_problem(raw: RawTable, column: str, position: int, free_text: bool,
                    allowed: frozenset[str]) -> Problem | None:
    header = raw.columns_original.get(column, column)
    if looks_identifying(header):
        return Problem(raw.name, f"kolom {position} (kop niet getoond): de kolomkop lijkt zelf een persoonsgegeven. "
                       "Ontbreekt de kopregel met kolomnamen in de eerste rij, of staat er een naam of nummer als kop?")
    if names_identifier(header, allowed) or names_identifier(column, allowed):
        mapped = column != normalise_header(header)
        where = f" (in 'data.kolommen' gekoppeld aan '{column}')" if mapped else ""
        return Problem(raw.name, f"de kolomnaam wijst op een direct identificerend gegeven{where}", column=header)
    cells = pl.col(column).str.strip_chars()
    values = raw.frame.select(cells.unique()).to_series().drop_nulls()
    values = values.filter(values != "")
    if values.len() == 0:
        return None
    finding = identifier_in(values, lone_first_names=free_text, person_names=column not in WITHOUT_PERSON_NAMES)
    if finding is None:
        return None
    row = raw.frame.filter(cells.is_in(finding.values.implode()))[ROW].min()
    return Problem(raw.name, f"de kolom bevat {KINDS[finding.kind]}", row if isinstance(row, int) else None, header)
