"""The machine-readable results (resultaten.json): exact figures for the gemeente's analysts.

``build_results(evaluation, published=None, texts=None)`` returns a plain dict; ``output.dumps``
makes it JSON. The file is internal: its ``cohort``, ``effect`` and ``business_case`` sections are
exact (not suppressed) and carry numbers and codes only. ``gepubliceerd`` lists every figure of the
report with its exact value and how the report printed it (after the disclosure audit); ``tekst``
holds the report's sentences for analysts who want its wording; ``figuren`` the numbers behind each chart
(the data tables that the HTML shows collapsed under each figure and the PDF leaves out).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from evaluator import __version__
from evaluator.cohort.atoms import CountingAtoms
from evaluator.evaluation import Evaluation
from evaluator.report.prose.college import decision_rows
from evaluator.report.charts.base import Chart
from evaluator.report.view import PilotView


def software_versions() -> dict[str, str]:
    """Versions of Python and of the libraries whose behaviour shapes the figures and the PDF."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    versions = {"python": platform.python_version()}
    for package in ("polars", "statsmodels", "numpy", "scipy", "weasyprint", "matplotlib", "jinja2", "babel"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = "onbekend"
    return versions


def atoms_as_rows(atoms: CountingAtoms) -> dict[str, Any]:
    """The counting atoms as {family: {dims, cells: [[level, ..., count], ...]}} (non-empty cells only)."""
    return {"practices": list(atoms.practices),
            "families": {name: {"dims": list(f.dims), "link": list(f.link),
                                "cells": [[*key, n] for key, n in f.cells.items() if n]}
                         for name, f in atoms.families.items()}}


def build_results(evaluation: Evaluation, view: PilotView | None = None, texts: dict[str, Any] | None = None,
                  charts: Mapping[str, Chart] | None = None) -> dict[str, Any]:
    config, dataset = evaluation.config, evaluation.dataset
    cohort = evaluation.cohort
    cohort_section = {name: getattr(cohort, name) for name in cohort.__dataclass_fields__ if name != "atoms"}
    cohort_section["atoms"] = atoms_as_rows(cohort.atoms)
    results: dict[str, Any] = {
        "meta": {
            "version": __version__,
            "internal": True,
            "notice": "Intern bestand: exacte cijfers zonder onderdrukking van kleine aantallen. Niet publiceren.",
            "generated": evaluation.report_date,
            "seed": config.settings.seed,
            "inputs": dict(dataset.inputs),
            "synthetic": dataset.synthetic,
            "settings": config.settings.model_dump(by_alias=True),
            "software": software_versions(),
        },
        "pilot": {
            "name": config.pilot.name,
            "municipality": config.pilot.municipality,
            "municipality_code": config.pilot.municipality_code,
            "start": config.pilot.start,
            "end": config.pilot.end,
        },
        "cohort": cohort_section,
        "effect": evaluation.effect,
        "business_case": evaluation.business_case,
        "data_quality": {
            "rows_read": dataset.rows_read,
            "ignored_columns": list(dataset.ignored_columns),
            "warnings": [
                {"row": w.row, "column": w.column, "message": w.message} for w in dataset.warnings
            ],
        },
    }
    if view is not None:
        results["besluitpunten"] = decision_rows(view, evaluation)
        results["gepubliceerd"] = _published(view)
    if texts is not None:
        results["tekst"] = texts
    if charts is not None:
        results["figuren"] = {key: {"titel": c.title, "beschrijving": c.alt, "kolommen": list(c.headers),
                                    "rijen": [list(row) for row in c.rows]} for key, c in charts.items()}
    return results


def _published(view: PilotView) -> dict[str, Any]:
    prefix = f"{view.pilot}/"
    out = {}
    for key, figure in view.published.figures.items():
        if not key.startswith(prefix):
            continue
        decision = view.published.decision(key)
        out[key[len(prefix):]] = {"waarde": figure.value, "gepubliceerd": decision.text, "status": decision.status,
                                  "soort": figure.kind}
    return out
