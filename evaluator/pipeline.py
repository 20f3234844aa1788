"""The evaluation of one or more pilots, step by step, as the spec reads.

``run(pilot_files, options)`` loads and validates each pilot file and its data, describes the
cohort, estimates the effect and the business case, compares the pilots (when there are
several), enters every figure of the run in one table and audits it, renders the reports from
the published figures and writes all files atomically. ``check(pilot_file)`` stops after
validation. Nothing imports this module but the CLI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from evaluator import output
from evaluator.business_case import build_business_case
from evaluator.decisions import assess_decision_points
from evaluator.cohort import describe_cohort
from evaluator.compare import compare_pilots
from evaluator.effect import estimate_effect
from evaluator.errors import ConfigError
from evaluator.evaluation import Evaluation
from evaluator.inputs.config import PilotConfig, load_pilot
from evaluator.inputs.placeholders import refuse_placeholders
from evaluator.inputs.validate import Dataset, load_dataset
from evaluator.parallel import map_in_workers
from evaluator.report.files import comparison_files, pilot_files
from evaluator.report.audit import Published
from evaluator.report.audit import audit
from evaluator.report.figures import FigureTable
from evaluator.report.publish import figure_table

FORMATS = ("html", "pdf", "json", "xlsx")
COMPARISON_FOLDER = "vergelijking"


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
    """What a run evaluated and wrote (every report, and the comparison when there were several pilots)."""

    evaluations: tuple[Evaluation, ...]
    table: FigureTable  # every figure of the run with its exact value
    published: Published  # how each of them is published
    written: tuple[Path, ...]


def check(pilot_file: Path) -> tuple[PilotConfig, Dataset]:
    config = _load_pilot(pilot_file)
    return config, load_dataset(config)


def _load_pilot(pilot_file: Path) -> PilotConfig:
    """The validated pilot file; a file made by ``evaluate nieuw`` first lists what is still 'VUL IN'."""
    refuse_placeholders(pilot_file)
    return load_pilot(pilot_file)


def evaluate(pilot_file: Path, options: RunOptions = RunOptions()) -> Evaluation:
    options.step(f"{Path(pilot_file).name}: pilotbestand en gegevens controleren")
    config = _load_pilot(pilot_file)
    if options.seed is not None:
        config = config.model_copy(update={"settings": config.settings.model_copy(update={"seed": options.seed})})
    dataset = load_dataset(config)
    options.step(f"{config.slug}: bereik en uitkomsten")
    cohort = describe_cohort(config, dataset)
    options.step(f"{config.slug}: effect op verwijzingen")
    effect = estimate_effect(config, dataset, cohort)
    options.step(f"{config.slug}: kosten en baten")
    business_case = build_business_case(config, cohort, effect)
    report_date = options.report_date or config.report.date or dt.date.today()
    decisions = assess_decision_points(config, effect, business_case)
    return Evaluation(config, dataset, cohort, effect, business_case, report_date, decisions)


def _files_of(job: tuple[Callable[..., dict[str, bytes]], tuple]) -> dict[str, bytes]:
    """The files of one report (a pilot's or the comparison's), in a worker process."""
    make, arguments = job
    return make(*arguments)


def run(pilot_files_given: Sequence[Path] | Path, options: RunOptions = RunOptions()) -> RunResult:
    """Evaluate one pilot (its report in --out or rapporten/<pilot>) or several (each in <out>/<pilot>,
    plus the comparison in <out>/vergelijking). Everything is evaluated and rendered before anything is
    written, so a failure leaves no partial set of reports."""
    paths = [pilot_files_given] if isinstance(pilot_files_given, (str, Path)) else list(pilot_files_given)
    output.check_out_dir(options.out_dir)
    evaluations = tuple(evaluate(path, options) for path in paths)
    slugs = [e.config.slug for e in evaluations]
    if len(set(slugs)) != len(slugs) or (len(slugs) > 1 and COMPARISON_FOLDER in slugs):
        raise ConfigError("Twee pilotbestanden hebben dezelfde naam (of een heet 'vergelijking'); hun rapporten "
                          "zouden elkaar overschrijven. Geef de bestanden verschillende namen.")
    comparison = compare_pilots(evaluations) if len(evaluations) > 1 else None
    options.step("cijfers controleren op kleine aantallen")
    table = figure_table(evaluations, comparison)
    published = audit(table)
    if comparison is None:
        evaluation = evaluations[0]
        options.step(f"{evaluation.config.slug}: rapport maken")
        outputs = [(options.out_dir or Path("rapporten") / evaluation.config.slug,
                    pilot_files(evaluation, published, options.formats))]
    else:
        options.step(f"{len(evaluations)} rapporten en de vergelijking maken")
        report_date = options.report_date or evaluations[0].report_date
        jobs = [(pilot_files, (evaluation, published, options.formats)) for evaluation in evaluations]
        jobs.append((comparison_files, (comparison, evaluations, published, report_date, options.formats)))
        files = map_in_workers(_files_of, jobs)
        root = options.out_dir or Path("rapporten")
        outputs = [(root / e.config.slug, f) for e, f in zip(evaluations, files)] + [(root / COMPARISON_FOLDER,
                                                                                        files[-1])]
    written = output.write_all(outputs)  # all folders or none: a failure leaves every earlier report as it was
    return RunResult(evaluations, table, published, tuple(written))
