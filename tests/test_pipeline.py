"""End to end: every example pilot runs and yields the required results, HTML and PDF."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from evaluator import pipeline
from tests.conftest import PILOTS

REQUIRED_KEYS = [
    "pilot.name", "pilot.municipality_code", "cohort.trajectories", "cohort.completed", "cohort.ongoing",
    "cohort.dropped_out", "cohort.no_referral.count", "cohort.no_referral.share", "cohort.no_referral.ci_low",
    "cohort.no_referral.ci_high", "cohort.sessions.mean", "cohort.sessions.median", "cohort.satisfaction.mean",
    "meta.version", "meta.inputs",
]
EXAMPLES = ["steenwijkerland", "tilburg", "groningen"]
OPTIONS = pipeline.RunOptions(report_date=dt.date(2024, 6, 30))


def lookup(data: dict, dotted: str):
    for part in dotted.split("."):
        data = data[part]
    return data


@pytest.fixture(scope="module", params=EXAMPLES)
def example(request):
    evaluation = pipeline.evaluate(PILOTS / f"{request.param}.yaml", OPTIONS)
    files = pipeline.render_outputs(evaluation, pipeline.FORMATS)
    return request.param, evaluation, files


def test_results_have_the_required_keys(example):
    _, evaluation, files = example
    results = json.loads(files["resultaten.json"])
    for key in REQUIRED_KEYS:
        lookup(results, key)
    assert results["meta"]["internal"] is True
    assert set(results["meta"]["inputs"]) >= {evaluation.config.path.name, evaluation.config.data.trajectories.name}
    share = results["cohort"]["no_referral"]["share"]
    assert 0 <= results["cohort"]["no_referral"]["ci_low"] <= share <= results["cohort"]["no_referral"]["ci_high"] <= 1
    referred = sum(results["cohort"]["referred_to"].values())
    assert referred + results["cohort"]["no_referral"]["count"] == results["cohort"]["completed"]


def test_pdf_opens_and_shows_key_figures(example):
    name, evaluation, files = example
    reader = PdfReader(io.BytesIO(files["rapport.pdf"]))
    assert len(reader.pages) >= 5
    text = " ".join(page.extract_text() for page in reader.pages)
    assert evaluation.config.pilot.municipality in text
    cohort = evaluation.cohort
    assert f"{cohort.trajectories}" in text
    share_text = f"{round(cohort.no_referral.share * 100)}%"
    assert share_text in text


def test_html_is_dutch_and_complete(example):
    _, evaluation, files = example
    html = files["rapport.html"].decode("utf-8")
    assert '<html lang="nl">' in html
    assert "Bestuurlijke samenvatting" in html
    assert "synthetische" in html  # the examples say they are synthetic


def test_steenwijkerland_reproduces_published_aggregates():
    evaluation = pipeline.evaluate(PILOTS / "steenwijkerland.yaml", OPTIONS)
    cohort = evaluation.cohort
    assert cohort.trajectories == 99
    assert cohort.no_referral.share == pytest.approx(0.85, abs=0.01)
    assert cohort.satisfaction.mean == pytest.approx(8.2, abs=0.05)


def test_run_writes_files_atomically(tmp_path):
    result = pipeline.run(PILOTS / "steenwijkerland.yaml",
                          pipeline.RunOptions(out_dir=tmp_path, formats=("json", "html"), report_date=dt.date(2024, 6, 30)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.html", "resultaten.json"]
    assert {p.name for p in result.written} == {"rapport.html", "resultaten.json"}
