"""A report table as formatted rows: cells are already printed strings, a template only lays them out."""

from __future__ import annotations

from dataclasses import dataclass

from evaluator.intervals import Distribution
from evaluator.report import formatting as f
from evaluator.vocabulary import label


@dataclass(frozen=True)
class Table:
    """A captioned table: ``headers``, ``rows`` of formatted cells (first cell is the row
    header), ``numeric`` per column (right-aligned), an optional ``note`` under the table."""

    key: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    note: str | None = None


def _table(key: str, caption: str, headers: tuple[str, ...], rows, note: str | None = None,
           numeric: tuple[bool, ...] | None = None) -> Table:
    """A table whose columns after the first are numeric (right-aligned) unless ``numeric`` says otherwise."""
    numeric = numeric or tuple(i > 0 for i in range(len(headers)))
    return Table(key, caption, headers, tuple(tuple(r) for r in rows), numeric, note)


def _count_table(key: str, caption: str, first: str, dist: Distribution, cells: dict, total: int,
                 note: str | None = None) -> Table:
    """A one-dimensional count table after suppression: the categories of ``dist`` in its order,
    then the rest of ``cells`` (such as 'niet ingevuld'); a share of ``total`` only for shown counts."""
    keys = [c.key for c in dist.categories]
    rows = []
    for k in keys + [k for k in cells if k not in keys]:
        cell = cells[k]
        share = None if cell.suppressed or not total else cell.value / total
        rows.append([label(k) if k != "niet ingevuld" else "Niet ingevuld",
                     cell.text if cell.suppressed else f.number(cell.value), f.percent(share)])
    return _table(key, caption, (first, "Aantal", "Aandeel"), rows, note)
