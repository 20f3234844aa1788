"""A report table as printed rows: every cell is already the text a reader sees; a template only lays it out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    """A captioned table: ``headers``, ``rows`` of printed cells (first cell is the row header),
    ``numeric`` per column (right-aligned), an optional ``note`` under the table."""

    key: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    note: str | None = None


def make_table(key: str, caption: str, headers: tuple[str, ...], rows, note: str | None = None,
               numeric: tuple[bool, ...] | None = None) -> Table:
    """A table whose columns after the first are numeric (right-aligned) unless ``numeric`` says otherwise."""
    numeric = numeric or tuple(i > 0 for i in range(len(headers)))
    return Table(key, caption, headers, tuple(tuple(r) for r in rows), numeric, note)
_table = make_table  # old name, kept until every chapter module uses make_table
