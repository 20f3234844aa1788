"""Work over the cores (evaluator/parallel.py): results in order, errors as they were raised. That several pilots
give the same files with two workers as in one process: tests/test_example_reports.py (-m slow)."""

from __future__ import annotations

import pytest

from evaluator import parallel
from evaluator.errors import DataError, Problem


def _raise_data_error(problem: Problem) -> None:
    raise DataError("De registratie klopt niet.", (problem,))


def _square(value: int) -> int:
    return value * value


def test_worker_count_follows_the_setting_and_the_jobs(monkeypatch):
    monkeypatch.setenv("EVALUATOR_PROCESSEN", "8")
    assert parallel.worker_count(3) == 3
    monkeypatch.setenv("EVALUATOR_PROCESSEN", "1")
    assert parallel.worker_count(20) == 1
    assert parallel.map_in_workers(_square, [1, 2, 3]) == [1, 4, 9]


def test_an_error_in_a_worker_arrives_whole(monkeypatch):
    monkeypatch.setenv("EVALUATOR_PROCESSEN", "2")
    problem = Problem("trajecten.csv", "geen datum", 7, "startdatum")
    with pytest.raises(DataError) as caught:
        parallel.map_in_workers(_raise_data_error, [problem, problem])
    assert caught.value.problems == (problem,)
    assert caught.value.message == "De registratie klopt niet."
