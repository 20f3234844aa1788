"""Work over the cores (evaluator/parallel.py): results in order, errors as they were raised. That several pilots
give the same files with two workers as in one process: tests/test_example_reports.py (-m slow)."""

from __future__ import annotations

import os

import pytest

from evaluator import parallel
from evaluator.errors import DataError, OutputError, Problem


@pytest.fixture(autouse=True)
def light_workers(monkeypatch):
    """Workers that import only what these jobs need (the package's reports and WeasyPrint cost 5 s)."""
    monkeypatch.setattr(parallel, "PRELOAD", [])


def _raise_data_error(problem: Problem) -> None:
    raise DataError("De registratie klopt niet.", (problem,))


def _square(value: int) -> int:
    return value * value


def _die(value: int) -> int:
    import signal

    os.kill(os.getpid(), signal.SIGKILL)
    return value


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


def test_a_worker_that_dies_ends_the_run_with_a_dutch_error(monkeypatch):
    monkeypatch.setenv("EVALUATOR_PROCESSEN", "2")
    with pytest.raises(OutputError, match="werkproces is onverwacht gestopt"):
        parallel.map_in_workers(_die, [1, 2])
