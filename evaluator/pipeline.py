"""The evaluation of one pilot, step by step, as the spec reads.

``run(pilot_file, options)`` loads and validates the pilot file and its data, describes
the cohort, estimates the effect and the business case, builds the report context and
writes the requested outputs atomically. ``check(pilot_file)`` stops after validation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from evaluator import output
from evaluator.report import render
from evaluator.business_case import build_business_case
from evaluator.evaluation import Evaluation
from evaluator.cohort import describe_cohort
from evaluator.effect import estimate_effect
from evaluator.inputs.config import PilotConfig, load_pilot
from evaluator.report.context import build_context
from evaluator.report.results_file import build_results
from evaluator.inputs.validate import Dataset, load_dataset

FORMATS = ("html", "pdf", "json")


@dataclass(frozen=True)
class RunOptions:
    out_dir: Path | None = None
    formats: tuple[str, ...] = FORMATS
    report_date: dt.date | None = None
    seed: int | None = None
    on_step: Callable[[str], None] | None = None  # told the Dutch name of each step as it starts

    def step(self, name: str) -> None:
        if self.on_step is not None:
            self.on_step(name)


@dataclass(frozen=True)
class RunResult:
    evaluation: Evaluation
    written: tuple[Path, ...]


def check(pilot_file: Path) -> tuple[PilotConfig, Dataset]:
    config = load_pilot(pilot_file)
    return config, load_dataset(config)


def evaluate(pilot_file: Path, options: RunOptions = RunOptions()) -> Evaluation:
    options.step(f"{Path(pilot_file).name}: pilotbestand en gegevens controleren")
    config = load_pilot(pilot_file)
    if options.seed is not None:
        config = config.model_copy(update={"settings": config.settings.model_copy(update={"seed": options.seed})})
    dataset = load_dataset(config)
    options.step(f"{config.slug}: bereik en uitkomsten")
    cohort = describe_cohort(config, dataset)
    options.step(f"{config.slug}: effect op verwijzingen")
    effect = estimate_effect(config, dataset)
    options.step(f"{config.slug}: kosten en baten")
    business_case = build_business_case(config, cohort, effect)
    report_date = options.report_date or config.report.date or dt.date.today()
    return Evaluation(config, dataset, cohort, effect, business_case, report_date)


def run(pilot_file: Path, options: RunOptions = RunOptions()) -> RunResult:
    evaluation = evaluate(pilot_file, options)
    options.step(f"{evaluation.config.slug}: rapport maken")
    files = render_outputs(evaluation, options.formats)
    out_dir = options.out_dir or Path("rapporten") / evaluation.config.slug
    written = output.write_atomically(out_dir, files)
    return RunResult(evaluation, tuple(written))


def run_many(pilot_files: list[Path], options: RunOptions = RunOptions()) -> list[RunResult]:
    """Evaluate several pilots, write each report and a comparison across them.

    Everything is evaluated and rendered before anything is written, so one bad pilot
    file stops the run without leaving a partial set of reports.
    """
    from evaluator.compare.pooling import compare_pilots
    from evaluator.report.comparison import render_comparison

    base = options.out_dir or Path("rapporten")
    evaluations = [evaluate(path, options) for path in pilot_files]
    slugs = [e.config.slug for e in evaluations]
    if len(set(slugs)) != len(slugs):
        from evaluator.errors import ConfigError

        raise ConfigError("Twee pilotbestanden hebben dezelfde naam; hun rapporten zouden elkaar overschrijven. "
                          "Geef de bestanden verschillende namen.")
    rendered = []
    for evaluation in evaluations:
        options.step(f"{evaluation.config.slug}: rapport maken")
        rendered.append(render_outputs(evaluation, options.formats))
    options.step("vergelijking van de pilots")
    report_date = options.report_date or evaluations[0].report_date
    comparison_files = render_comparison(compare_pilots(evaluations), report_date, options.formats)
    results = []
    for evaluation, files in zip(evaluations, rendered):
        written = output.write_atomically(base / evaluation.config.slug, files)
        results.append(RunResult(evaluation, tuple(written)))
    comparison_written = output.write_atomically(base / "vergelijking", comparison_files)
    results.append(RunResult(evaluations[0], tuple(comparison_written)))
    return results


def render_outputs(evaluation: Evaluation, formats: tuple[str, ...]) -> dict[str, bytes]:
    config = evaluation.config
    files: dict[str, bytes] = {}
    if "json" in formats:
        files["resultaten.json"] = output.dumps(build_results(evaluation)).encode("utf-8")
    if "html" in formats or "pdf" in formats:
        context = build_context(evaluation)
        html = render.render_html(context, config.report.templates, config.report.stylesheet, config.report.logo)
        if "html" in formats:
            files["rapport.html"] = html.encode("utf-8")
        if "pdf" in formats:
            extra_roots = [p.parent for p in (config.report.logo, config.report.stylesheet) if p is not None]
            files["rapport.pdf"] = render.render_pdf(html, render.allowed_roots(extra_roots), evaluation.report_date)
    return files
