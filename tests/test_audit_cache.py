"""The audit's disk cache: a rerun takes the stored steps, which give exactly the decisions of a fresh search;
anything wrong with the cache is ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluator.report import audit, audit_cache
from tests.builders import evaluate_run

PILOT = Path(__file__).resolve().parent / "fixtures" / "report" / "pilot.yaml"


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """(table, decisions of a fresh search, cache folder) of the small fixture pilot."""
    folder = tmp_path_factory.mktemp("cache")
    patch = pytest.MonkeyPatch()
    patch.setenv(audit_cache.ENVIRONMENT, str(folder))
    audit._MEMO.clear()
    _, table, _ = evaluate_run(PILOT, audited=False)
    fresh = audit.audit(table)
    yield table, fresh, folder
    patch.undo()


def test_a_rerun_takes_the_stored_steps_and_decides_the_same(first_run, monkeypatch):
    table, fresh, folder = first_run
    stored = list(folder.glob("*.json"))
    assert len(stored) == 1
    steps = json.loads(stored[0].read_text())
    assert set(steps) == {k for k, f in table.figures.items() if f.pilot in table.atoms}
    assert any(d.status in ("small", "hidden") for d in fresh.decisions.values())  # the search had work to do
    monkeypatch.setenv(audit_cache.ENVIRONMENT, str(folder))
    audit._MEMO.clear()
    assert audit.audit(table).decisions == fresh.decisions


def test_the_cache_holds_no_counts_and_no_names(first_run):
    table, _, folder = first_run
    text = next(folder.glob("*.json")).read_text()
    practices = [p for atoms in table.atoms.values() for p in atoms.practices]
    assert practices and not any(f'"{p}' in text for p in practices)
    assert all(isinstance(v, int) for v in json.loads(text).values())


@pytest.mark.parametrize("content", ["niet json", "[1, 2]", '{"onbekend": 1}', '{"a": -1}', '{"a": true}'])
def test_a_damaged_or_foreign_file_is_ignored(tmp_path, monkeypatch, content):
    monkeypatch.setenv(audit_cache.ENVIRONMENT, str(tmp_path))
    (tmp_path / "abc.json").write_text(content)
    assert audit_cache.load("abc", ["a"]) is None
    audit_cache.store("abc", {"a": 2})
    assert audit_cache.load("abc", ["a"]) == {"a": 2}


def test_a_symlink_is_not_followed(tmp_path, monkeypatch):
    monkeypatch.setenv(audit_cache.ENVIRONMENT, str(tmp_path))
    (tmp_path / "elders.json").write_text('{"a": 1}')
    (tmp_path / "abc.json").symlink_to(tmp_path / "elders.json")
    assert audit_cache.load("abc", ["a"]) is None


def test_off_switch_writes_nothing(monkeypatch):
    monkeypatch.setenv(audit_cache.ENVIRONMENT, audit_cache.OFF)
    assert audit_cache.folder() is None
    audit_cache.store("abc", {"x": 1})
    assert audit_cache.load("abc", ["x"]) is None


def test_the_key_changes_with_a_count(first_run):
    table, _, _ = first_run
    pilot = next(iter(table.atoms))
    figures = [f for f in table.figures.values() if f.pilot == pilot]
    atoms = table.atoms[pilot]
    before = audit_cache.key(atoms, table.thresholds.get(pilot), figures)
    assert audit_cache.key(atoms, table.thresholds.get(pilot), figures) == before
    family = next(iter(atoms.families.values()))
    cell = next(iter(family.cells))
    family.cells[cell] += 1
    try:
        assert audit_cache.key(atoms, table.thresholds.get(pilot), figures) != before
    finally:
        family.cells[cell] -= 1


def test_a_statistic_s_value_does_not_change_the_key_a_count_s_does(first_run):
    import dataclasses

    table, _, _ = first_run
    pilot = next(iter(table.atoms))
    figures = [f for f in table.figures.values() if f.pilot == pilot]
    statistic = next(i for i, f in enumerate(figures) if f.kind == "statistic" and f.unit != "euro" and f.value)
    count = next(i for i, f in enumerate(figures) if f.kind == "count" and f.value)

    def key_with(index: int, value: float) -> str:
        changed = list(figures)
        changed[index] = dataclasses.replace(figures[index], value=value)
        return audit_cache.key(table.atoms[pilot], table.thresholds.get(pilot), changed)

    same = audit_cache.key(table.atoms[pilot], table.thresholds.get(pilot), figures)
    assert key_with(statistic, figures[statistic].value + 0.5) == same  # published whole or not, whatever it is
    assert key_with(statistic, None) != same  # a statistic without a value is left out: another search
    assert key_with(count, figures[count].value + 1) != same
