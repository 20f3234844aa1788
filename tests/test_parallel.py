"""Several pilots over the cores (evaluator/parallel.py): the same files as in one process, errors as they were."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator import parallel, pipeline
from evaluator.errors import DataError, Problem
from tests.builders import SMALL_PILOT, SMALL_REGISTRATION, write_pilot


def _raise_data_error(problem: Problem) -> None:
    raise DataError("De registratie klopt niet.", (problem,))


def _square(value: int) -> int:
    return value * value


def _run(tmp_path: Path, name: str, workers: str, monkeypatch) -> dict[str, bytes]:
    monkeypatch.setenv("EVALUATOR_PROCESSEN", workers)
    monkeypatch.setenv("EVALUATOR_CACHE", "uit")
    pilots = []
    for gemeente in ("Eerstegemeente", "Tweedegemeente"):
        text = SMALL_PILOT.replace("Testgemeente", gemeente)
        pilots.append(write_pilot(tmp_path / "invoer" / gemeente, text, SMALL_REGISTRATION).rename(
            tmp_path / "invoer" / gemeente / f"{gemeente.lower()}.yaml"))
    out = tmp_path / name
    pipeline.run(pilots, pipeline.RunOptions(out_dir=out, formats=("json", "html")))
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_two_workers_write_the_same_files_as_one_process(tmp_path, monkeypatch):
    together = _run(tmp_path, "een", "1", monkeypatch)
    apart = _run(tmp_path, "twee", "2", monkeypatch)
    assert len(together) >= 6 and "vergelijking/vergelijking.html" in together
    assert together == apart


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
