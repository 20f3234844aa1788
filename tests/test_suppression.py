"""Small-cell suppression: known cases and properties (hypothesis).

The property tests check suppression with an independent attacker: from the published
cells and total, enumerate every completion of the hidden cells and require that each
hidden small cell keeps at least two possible values.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaluator.report.suppression import (
    SECONDARY_MARK,
    effective_threshold,
    rule_text,
    suppress_count,
    suppress_counts,
    suppress_share,
    suppress_table,
)


def possible_values(table, threshold: int, key: str) -> set[int]:
    """Every value of hidden cell ``key`` consistent with what the table publishes.

    Independent of the implementation: a dynamic programme over the sums the other hidden
    cells can reach ('<t' cells: 0..t-1; 'x' cells: t or more).
    """
    cells = table.cells
    if table.total.suppressed:
        return set(range(threshold))  # nothing ties the cells together
    hidden_sum = table.total.value - sum(c.value for c in cells.values() if not c.suppressed)

    def options(cell) -> range:
        return range(0, threshold) if cell.status == "klein" else range(threshold, hidden_sum + 1)

    reachable = {0}
    for other, cell in cells.items():
        if other == key or not cell.suppressed:
            continue
        reachable = {r + v for r in reachable for v in options(cell) if r + v <= hidden_sum}
    return {v for v in options(cells[key]) if hidden_sum - v in reachable}


counts_strategy = st.dictionaries(
    st.sampled_from(["geen", "sggz", "basis", "wijkteam", "lvb", "vrij", "overig"]),
    st.one_of(st.integers(0, 6), st.integers(0, 40)),
    min_size=1,
    max_size=7,
)


@settings(max_examples=300, deadline=None)
@given(counts=counts_strategy, threshold=st.integers(5, 8))
def test_no_small_cell_can_be_recovered(counts, threshold):
    table = suppress_table(counts, threshold)
    for key, cell in table.cells.items():
        if counts[key] < threshold:
            assert cell.suppressed and cell.value is None and cell.text == f"<{threshold}"
            assert table.shares[key] is None
            values = possible_values(table, threshold, key)
            assert counts[key] in values
            assert len(values) >= 2, (counts, table)
        elif cell.suppressed:
            assert cell.text == SECONDARY_MARK and table.shares[key] is None
        else:
            assert cell.value == counts[key] and cell.text == str(counts[key])


@settings(max_examples=300, deadline=None)
@given(counts=counts_strategy, threshold=st.integers(5, 8))
def test_published_numbers_are_exact_and_never_small(counts, threshold):
    table = suppress_table(counts, threshold)
    published = [c.value for c in table.cells.values() if not c.suppressed]
    if not table.total.suppressed:
        published.append(table.total.value)
        assert table.total.value == sum(counts.values())
    assert all(v >= threshold for v in published)
    # No text in the table is a number below the threshold.
    for cell in [*table.cells.values(), table.total]:
        assert not (cell.text.isdigit() and int(cell.text) < threshold)


@settings(max_examples=300, deadline=None)
@given(total=st.integers(0, 60), data=st.data(), threshold=st.integers(5, 8))
def test_share_never_reveals_small_count_or_rest(total, data, threshold):
    count = data.draw(st.integers(0, total))
    row = suppress_share(count, total, threshold, ci_low=0.1, ci_high=0.9)
    if count < threshold or total - count < threshold:
        assert row.share is None and row.ci_low is None and row.ci_high is None
        assert row.count.value is None
    else:
        assert row.share == pytest.approx(count / total)
        assert (row.ci_low, row.ci_high) == (0.1, 0.9)


def test_single_small_cell_gets_a_partner():
    cells = suppress_counts({"geen": 40, "wijkteam": 3, "basis": 12}, 5)
    assert cells["wijkteam"].text == "<5"
    assert cells["basis"].text == SECONDARY_MARK  # smallest other cell
    assert cells["geen"].text == "40"


def test_two_small_cells_that_hide_each_other():
    cells = suppress_counts({"geen": 40, "a": 3, "b": 2}, 5)
    assert [cells[k].text for k in ("geen", "a", "b")] == ["40", "<5", "<5"]


def test_zero_is_small_and_needs_protection():
    cells = suppress_counts({"geen": 40, "lvb": 0}, 5)
    assert cells["lvb"].text == "<5" and cells["geen"].text == SECONDARY_MARK


def test_small_total_hides_everything():
    table = suppress_table({"a": 3, "b": 1}, 5)
    assert table.total.text == "<5" and all(c.suppressed for c in table.cells.values())


def test_no_suppression_needed():
    table = suppress_table({"a": 30, "b": 12}, 5)
    assert not table.hidden and table.shares["b"] == pytest.approx(12 / 42)


def test_threshold_is_never_below_five():
    assert effective_threshold(3) == 5
    assert suppress_counts({"a": 4, "b": 4, "c": 50}, 2)["a"].text == "<5"
    assert effective_threshold(10) == 10


def test_total_not_published_needs_no_partner():
    cells = suppress_table({"geen": 40, "wijkteam": 3}, 5, total_published=False).cells
    assert cells["geen"].text == "40" and cells["wijkteam"].text == "<5"


def test_bad_counts_are_refused():
    with pytest.raises(ValueError):
        suppress_counts({"a": -1}, 5)
    with pytest.raises(ValueError):
        suppress_counts({"a": 2.5}, 5)


def test_rule_text_states_threshold_and_internal_json():
    text = rule_text(10)
    assert "<10" in text and "resultaten.json" in text


def test_stand_alone_count():
    assert suppress_count(3, 5).text == "<5" and suppress_count(3, 5).value is None
    assert suppress_count(12, 10).text == "12"
