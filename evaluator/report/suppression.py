"""Small-cell suppression for everything the report publishes (tables, charts, chart data).

The rule (stated in the report by ``rule_text``):

* Primary suppression: a count below the threshold (``instellingen.onderdrukking_drempel``,
  default 5, never below 5) is shown as ``"<5"``. Zero counts are small counts too, so an
  empty category cannot be told apart from one with a few children.
* Secondary suppression: when the total is published, a hidden cell could be recovered as
  total minus the visible cells. While any hidden small cell can still be pinned down to one
  value from what is published, the smallest visible count is hidden as well, shown as
  ``"x"``. A total below the threshold is itself hidden, and then nothing can be recovered.
* A share, percentage or interval computed from a hidden count is hidden too (``None``).
* ``resultaten.json`` stays exact; it is internal and says so.

How to use it from the report context (the only place that should call it)::

    from evaluator.report.suppression import suppress_table, suppress_share, rule_text

    threshold = config.settings.suppression_threshold
    table = suppress_table({"geen": 40, "wijkteam": 3, "basis_ggz": 12}, threshold)
    table.cells["wijkteam"].text    # "<5"   (what to print in the table / chart data table)
    table.cells["wijkteam"].value   # None   (what to draw; None = draw no bar)
    table.cells["basis_ggz"].text   # "x"    (secondary suppression) or "12"
    table.total.text                # "55"   (or "<5" when the whole table is small)
    table.shares["basis_ggz"]       # None when the cell is hidden, else 12 / 55

    row = suppress_share(count=85, total=99, threshold=threshold, ci_low=0.77, ci_high=0.91)
    row.count.text, row.share, row.ci_low, row.ci_high   # all hidden together when needed

    rule_text(threshold)            # one Dutch paragraph for the methods section

``suppress_counts(counts, threshold)`` is the same as ``suppress_table(...).cells``;
``suppress_count(n, threshold)`` is for a stand-alone count (e.g. in a sentence) that is not
part of a table and cannot be derived from other published counts.
Tables are one-dimensional (categories and their total). Publish cross-tables only as
separate one-dimensional margins, each passed through ``suppress_table``, and give the
same total to every table that shares it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

MINIMUM_THRESHOLD = 5
SECONDARY_MARK = "x"
Status = Literal["getoond", "klein", "secundair"]


@dataclass(frozen=True)
class SuppressedCell:
    """One published count. ``value`` is the exact count when shown, ``None`` when hidden;
    ``text`` is what to print: the count, ``"<5"`` (small) or ``"x"`` (hidden to protect another)."""

    value: int | None
    text: str
    status: Status = "getoond"

    @property
    def suppressed(self) -> bool:
        return self.status != "getoond"


@dataclass(frozen=True)
class SuppressedTable:
    """A one-dimensional table after suppression; ``shares`` are fractions of the total (0-1)."""

    cells: dict[str, SuppressedCell]
    total: SuppressedCell
    shares: dict[str, float | None]
    threshold: int
    hidden: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class SuppressedShare:
    """A (count, total, share, interval) row: every part that would reveal a small count is ``None``."""

    count: SuppressedCell
    total: SuppressedCell
    share: float | None
    ci_low: float | None
    ci_high: float | None

    @property
    def suppressed(self) -> bool:
        return self.share is None


def effective_threshold(threshold: int | None) -> int:
    """The threshold actually used: the configured one, but never below 5."""
    return max(MINIMUM_THRESHOLD, int(threshold or MINIMUM_THRESHOLD))


def small_text(threshold: int) -> str:
    return f"<{effective_threshold(threshold)}"


def suppress_count(count: int, threshold: int = MINIMUM_THRESHOLD) -> SuppressedCell:
    """One stand-alone count (not part of a table, not a difference of published counts)."""
    limit = effective_threshold(threshold)
    count = _check_count("aantal", count)
    return SuppressedCell(None, f"<{limit}", "klein") if count < limit else SuppressedCell(count, str(count))


def suppress_counts(counts: Mapping[str, int], threshold: int = MINIMUM_THRESHOLD) -> dict[str, SuppressedCell]:
    """Suppress a one-dimensional table whose total is published; see the module docstring."""
    return suppress_table(counts, threshold).cells


def suppress_table(
    counts: Mapping[str, int], threshold: int = MINIMUM_THRESHOLD, *, total_published: bool = True
) -> SuppressedTable:
    """Primary and secondary suppression of ``counts`` (category -> count >= 0).

    ``total_published=False`` when the table's total appears nowhere in the report (then
    secondary suppression is not needed); by default the total is assumed to be published.
    """
    limit = effective_threshold(threshold)
    values = {str(key): _check_count(key, value) for key, value in counts.items()}
    total = sum(values.values())
    total_hidden = total < limit
    small = {key for key, value in values.items() if value < limit}
    secondary: set[str] = set()
    if total_published and not total_hidden:
        candidates = sorted((v, k) for k, v in values.items() if k not in small)
        while small and not _hidden_cells_safe(values, small, secondary, limit):
            if not candidates:  # cannot happen with total >= limit, but never publish if it does
                total_hidden = True
                break
            secondary.add(candidates.pop(0)[1])
    cells = {key: _cell(value, key in small, key in secondary, limit) for key, value in values.items()}
    total_cell = SuppressedCell(None, small_text(limit), "klein") if total_hidden else SuppressedCell(total, str(total))
    shares = {
        key: (None if cell.suppressed or total_hidden or total == 0 else cell.value / total)
        for key, cell in cells.items()
    }
    hidden = tuple(key for key, cell in cells.items() if cell.suppressed)
    return SuppressedTable(cells, total_cell, shares, limit, hidden)


def suppress_share(
    count: int,
    total: int,
    threshold: int = MINIMUM_THRESHOLD,
    ci_low: float | None = None,
    ci_high: float | None = None,
    *,
    protect_complement: bool = True,
) -> SuppressedShare:
    """A share ``count / total`` with its interval, hidden when it would reveal a small count.

    With ``protect_complement`` (default) the rest (``total - count``) is protected as well,
    so that "96 of 100" does not reveal the 4 others: it is the two-cell table
    ``{count, total - count}`` with its total.
    """
    count, total = _check_count("aantal", count), _check_count("totaal", total)
    if count > total:
        raise ValueError("count is larger than total")
    table = suppress_table({"count": count, "rest": total - count}, threshold)
    count_cell = table.cells["count"]
    if not protect_complement and count >= table.threshold and not table.total.suppressed:
        count_cell = SuppressedCell(count, str(count))
    if count_cell.suppressed or table.total.suppressed or total == 0:
        return SuppressedShare(count_cell, table.total, None, None, None)
    return SuppressedShare(count_cell, table.total, count / total, ci_low, ci_high)


def rule_text(threshold: int = MINIMUM_THRESHOLD) -> str:
    """The suppression rule in plain Dutch, for the methods section of the report."""
    limit = effective_threshold(threshold)
    return (
        f"Om te voorkomen dat een kind herkenbaar wordt, tonen we aantallen kleiner dan {limit} (ook 0) als "
        f"'<{limit}'. Kan een verborgen aantal nog worden uitgerekend uit het totaal en de andere cijfers, "
        f"dan verbergen we ook het kleinste andere aantal; dat staat er als '{SECONDARY_MARK}'. Percentages en "
        "intervallen die op een verborgen aantal berusten, laten we ook weg. Het rapport noemt geen "
        "individuele trajecten. Het bestand resultaten.json bevat de exacte cijfers; het is alleen voor "
        "intern gebruik en mag niet worden gepubliceerd."
    )


def _check_count(key: object, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) and not (
        isinstance(value, float) and math.isfinite(value) and value == int(value)
    ):
        raise ValueError(f"count for {key!r} is not a whole number: {value!r}")
    if value < 0:
        raise ValueError(f"count for {key!r} is negative: {value!r}")
    return int(value)


def _cell(value: int, small: bool, secondary: bool, limit: int) -> SuppressedCell:
    if small:
        return SuppressedCell(None, f"<{limit}", "klein")
    if secondary:
        return SuppressedCell(None, SECONDARY_MARK, "secundair")
    return SuppressedCell(value, str(value))


def _hidden_cells_safe(values: Mapping[str, int], small: set[str], secondary: set[str], limit: int) -> bool:
    """True when every hidden small cell has at least two values consistent with what is published.

    A reader knows the total, the visible cells, that each '<t' cell lies in 0..t-1 and that
    each 'x' cell is at least t. The hidden cells' sum is then known exactly; a small cell's
    possible values form the interval left after the other hidden cells take their extremes.
    """
    if not small:
        return True
    hidden_sum = sum(values[k] for k in small | secondary)
    others_min = len(secondary) * limit  # the other small cells may be 0
    others_max = math.inf if secondary else (len(small) - 1) * (limit - 1)
    low = max(0, hidden_sum - others_max)
    high = min(limit - 1, hidden_sum - others_min)
    return high > low


# --- Linked tables ---------------------------------------------------------------------------
# Several published tables can describe the same children (status, destinations, per practice,
# sentences). Then differences between tables can reveal a hidden cell even when every table
# passes ``suppress_table`` on its own. ``suppress_linked`` audits everything published at once.


def suppress_linked(
    atoms: Mapping[object, int],
    aggregates: Mapping[str, tuple[object, ...]],
    threshold: int = MINIMUM_THRESHOLD,
    *,
    keep: tuple[str, ...] = (),
    max_rounds: int = 200,
) -> dict[str, SuppressedCell]:
    """Suppression over published counts that share children.

    ``atoms`` are the finest counts (e.g. practice x outcome), never published themselves;
    ``aggregates`` name every published count as the atoms it adds up (a table cell, a total,
    a count in a sentence). Counts below the threshold are hidden (``"<5"``). Then, as long as
    some hidden small count can be pinned to one value from everything else that is published
    (the reader knows the visible counts exactly, a '<t' count lies in 0..t-1, an 'x' count is
    at least t and every atom is a whole number >= 0), another visible count is hidden as
    ``"x"``: the smallest one that shares children with it, preferring one that resolves it.
    The check is exact (integer programming), so no combination of published counts recovers a
    hidden one. Counts named in ``keep`` (e.g. a grand total that is published elsewhere too)
    are hidden secondarily only when nothing else can protect a small count (a total just above
    the threshold). A small grand total hides everything.
    """
    limit = effective_threshold(threshold)
    values = {k: _check_count(k, v) for k, v in atoms.items()}
    sums = {name: sum(values[a] for a in members) for name, members in aggregates.items()}
    status: dict[str, Status] = {name: ("klein" if s < limit else "getoond") for name, s in sums.items()}
    if sum(values.values()) < limit:
        status = {name: "klein" for name in sums}
    # Hiding more only widens what a reader can infer, so a count once safe stays safe: one pass.
    rounds = 0
    # A count made of no atoms at all (a class beyond the range of the data) is 0 by definition:
    # it holds no child and nothing can protect it, so it is shown as small without a search.
    for target in [n for n in sums if status[n] == "klein" and aggregates[n]]:
        while _pinned(values, aggregates, sums, status, target, limit):
            rounds += 1
            members = set(aggregates[target])
            # First choice: the smallest visible count whose hiding alone leaves the small one open
            # (often a cell in another row, as in a 2x2 'rectangle'); else the smallest that shares
            # children with it, and the search goes on.
            visible = sorted((s, n) for n, s in sums.items() if status[n] == "getoond" and n not in keep)
            overlapping = [c for c in visible if members & set(aggregates[c[1]])]
            if not overlapping or rounds > max_rounds:  # never publish what could not be protected
                status = {n: (s if s != "getoond" or n in keep else "secundair") for n, s in status.items()}
                if _pinned(values, aggregates, sums, status, target, limit):  # the kept totals pin it
                    status = {n: (s if s != "getoond" else "secundair") for n, s in status.items()}
                break
            status.update(dict.fromkeys(_resolving(values, aggregates, sums, status, target, limit,
                                                   [n for _, n in visible]) or (overlapping[0][1],), "secundair"))
    return {name: _cell(sums[name], status[name] == "klein", status[name] == "secundair", limit) for name in sums}


def _resolving(values, aggregates, sums, status, target: str, limit: int, visible: list[str]) -> tuple[str, ...]:
    """The first single visible count, or else pair, whose hiding frees ``target``. A pair is one of
    the eight smallest counts with a count that shares children with it (a cell and a margin)."""
    for name in visible:
        if not _pinned(values, aggregates, sums, {**status, name: "secundair"}, target, limit):
            return (name,)
    for first in visible[:8]:
        members = set(aggregates[first])
        for second in (n for n in visible if n != first and members & set(aggregates[n])):
            if not _pinned(values, aggregates, sums, {**status, first: "secundair", second: "secundair"}, target, limit):
                return (first, second)
    return ()


def _pinned(values, aggregates, sums, status, target: str, limit: int) -> bool:
    """True when the reader can compute ``target`` exactly from what ``status`` publishes."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    keys = list(values)
    index = {k: i for i, k in enumerate(keys)}
    total = sum(values.values())
    rows, low, high = [], [], []
    for name, members in aggregates.items():
        if name == target or not members:
            continue
        row = np.zeros(len(keys))
        for a in members:
            row[index[a]] += 1
        rows.append(row)
        s = status[name]
        low.append(sums[name] if s == "getoond" else (0 if s == "klein" else limit))
        high.append(sums[name] if s == "getoond" else (limit - 1 if s == "klein" else np.inf))
    objective = np.zeros(len(keys))
    for a in aggregates[target]:
        objective[index[a]] += 1
    # The target itself is known to be small.
    rows.append(objective.copy())
    low.append(0)
    high.append(limit - 1)
    constraints = LinearConstraint(np.array(rows), np.array(low, float), np.array(high, float))
    bounds = Bounds(np.zeros(len(keys)), np.full(len(keys), float(max(total, limit))))
    integrality = np.ones(len(keys))
    results = []
    for sign in (1, -1):
        res = milp(sign * objective, constraints=constraints, bounds=bounds, integrality=integrality)
        if res.status != 0:  # infeasible cannot happen for true data; treat as unsafe
            return True
        results.append(sign * res.fun)
    return round(results[1]) <= round(results[0])
