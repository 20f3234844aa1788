"""Shared fixtures. Builders live in tests/builders.py; the examples are evaluated and rendered once
per test session (``example_run``), not once per test."""

from __future__ import annotations

import os

# Two test workers on two cores: multithreaded BLAS in each would oversubscribe the cores and slow the
# many small matrix operations of the estimators (set before numpy is first imported).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import datetime as dt  # noqa: E402
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from tests.builders import EXAMPLES, PILOTS, SMALL_PILOT, SMALL_REGISTRATION, write_pilot  # noqa: F401

REPORT_DATE = dt.date(2024, 6, 30)

# The same generated cases on every run: a red test can be rerun, and the suite's time does not wander.
# The long variants (-m slow) explore many more cases.
settings.register_profile("herhaalbaar", derandomize=True)
settings.load_profile("herhaalbaar")


@pytest.fixture(scope="session", autouse=True)
def audit_cache_of_this_session(tmp_path_factory):
    """The audit's disk cache in a folder of this test session, shared by its workers: a pilot audited by
    one test is not searched again by the next, and nothing of an earlier session or of the user's own
    cache is used."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    previous = os.environ.get("EVALUATOR_CACHE")
    os.environ["EVALUATOR_CACHE"] = str(shared / "controle-cache")
    yield
    if previous is None:
        os.environ.pop("EVALUATOR_CACHE", None)
    else:
        os.environ["EVALUATOR_CACHE"] = previous


@pytest.fixture(scope="session", autouse=True)
def one_process_per_test_worker():
    """The suite already runs on every core (pytest-xdist): several pilots are evaluated in the test's own
    process, not in worker processes of their own (evaluator/parallel.py; tests/test_parallel.py tests those)."""
    previous = os.environ.get("EVALUATOR_PROCESSEN")
    os.environ["EVALUATOR_PROCESSEN"] = "1"
    yield
    if previous is None:
        os.environ.pop("EVALUATOR_PROCESSEN", None)
    else:
        os.environ["EVALUATOR_PROCESSEN"] = previous


def pytest_collection_modifyitems(config, items) -> None:
    """Tests marked ``slow`` (long simulations, many generated pilots) run only with ``-m slow``."""
    slow_selected = "slow" in (config.getoption("markexpr") or "")
    skip = pytest.mark.skip(reason="lange simulatie: draai met -m slow")
    for item in items:
        if "slow" in item.keywords and not slow_selected:
            item.add_marker(skip)


@pytest.fixture
def small_pilot(tmp_path: Path) -> Path:
    """A 12-trajectory pilot with hand-checkable figures; returns the YAML path."""
    return write_pilot(tmp_path, SMALL_PILOT, SMALL_REGISTRATION)


@dataclass(frozen=True)
class ExampleRun:
    """One example pilot, evaluated, audited and rendered once for the whole session."""

    evaluation: object
    table: object  # the run's FigureTable (all pilots and the comparison)
    published: object
    folder: Path

    def read(self, name: str) -> str:
        return (self.folder / name).read_text(encoding="utf-8")

    def data(self, name: str = "resultaten.json") -> dict:
        import json

        return json.loads(self.read(name))


@pytest.fixture(scope="session")
def example_runs(tmp_path_factory) -> dict[str, ExampleRun]:
    """The three example pilots run together (reports and comparison) into one session folder, as JSON and
    HTML; a test that needs a PDF renders it from the HTML (which is what the pipeline does). Run once per
    session: the test workers share the folder and the run's results (pickled). Tests only read them."""
    import fcntl
    import pickle

    from evaluator import pipeline

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    out, stored = shared / "voorbeelden", shared / "voorbeelden.pickle"
    with open(shared / "voorbeelden.lock", "w") as lock:  # the first test worker runs them, the next reads them
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stored.exists():
            result = pickle.loads(stored.read_bytes())
        else:
            options = pipeline.RunOptions(out_dir=out, report_date=REPORT_DATE, formats=("json", "html", "xlsx"))
            result = pipeline.run([PILOTS / f"{name}.yaml" for name in EXAMPLES], options)
            stored.write_bytes(pickle.dumps(result))
    runs = {e.config.slug: ExampleRun(e, result.table, result.published, out / e.config.slug) for e in result.evaluations}
    runs["vergelijking"] = ExampleRun(None, result.table, result.published, out / "vergelijking")
    return runs
