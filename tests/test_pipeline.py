"""End to end: every example pilot runs and yields the required results, HTML and PDF."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from evaluator import pipeline
from tests.builders import PILOTS, REQUIRED_KEYS, lookup

EXAMPLES = ["steenwijkerland", "tilburg", "groningen"]
OPTIONS = pipeline.RunOptions(report_date=dt.date(2024, 6, 30))


@pytest.fixture(params=EXAMPLES)
def example(request, example_runs):
    run = example_runs[request.param]
    files = {name: (run.folder / name).read_bytes() for name in ("resultaten.json", "rapport.html")}
    return request.param, run, files


def test_results_have_the_required_keys(example):
    _, run, files = example
    evaluation = run.evaluation
    results = json.loads(files["resultaten.json"])
    for key in REQUIRED_KEYS:
        lookup(results, key)
    assert results["meta"]["internal"] is True
    assert set(results["meta"]["inputs"]) >= {evaluation.config.path.name, evaluation.config.data.trajectories.name}
    share = results["cohort"]["no_referral"]["share"]
    assert 0 <= results["cohort"]["no_referral"]["ci_low"] <= share <= results["cohort"]["no_referral"]["ci_high"] <= 1
    referred = sum(results["cohort"]["referred_to"].values())
    assert referred + results["cohort"]["no_referral"]["count"] == results["cohort"]["completed"]


def test_pdf_opens_and_shows_key_figures(example_runs):
    from evaluator.report import render

    run = example_runs["steenwijkerland"]
    html = run.read("rapport.html")
    reader = PdfReader(io.BytesIO(render.render_pdf(html, report_date=run.evaluation.report_date)))
    assert len(reader.pages) >= 5
    text = " ".join(page.extract_text() for page in reader.pages)
    assert run.evaluation.config.pilot.municipality in text
    slug = run.evaluation.config.slug
    for key in ("cohort.trajectories", "cohort.helped_share"):
        decision = run.published.decision(f"{slug}/{key}")
        if decision.shown:
            assert decision.text.replace("ongeveer ", "") in text, key


def test_html_is_dutch_and_complete(example):
    html = example[2]["rapport.html"].decode("utf-8")
    assert '<html lang="nl">' in html
    assert "Bestuurlijke samenvatting" in html
    assert "synthetische" in html  # the examples say they are synthetic


def test_steenwijkerland_reproduces_published_aggregates(example_runs):
    evaluation = example_runs["steenwijkerland"].evaluation
    cohort = evaluation.cohort
    assert cohort.trajectories == 99
    assert cohort.no_referral.share == pytest.approx(0.85, abs=0.01)
    assert cohort.satisfaction.mean == pytest.approx(8.2, abs=0.05)


def test_run_writes_files_atomically(tmp_path):
    result = pipeline.run(PILOTS / "steenwijkerland.yaml",
                          pipeline.RunOptions(out_dir=tmp_path, formats=("json", "html"), report_date=dt.date(2024, 6, 30)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.html", "resultaten.json"]
    assert {p.name for p in result.written} == {"rapport.html", "resultaten.json"}
