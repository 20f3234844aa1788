"""The machine-readable results (resultaten.json): exact figures for the gemeente's analysts.

``build_results(evaluation)`` returns a plain dict; ``output.dumps`` makes it JSON. The file
is internal: it is not suppressed for small cells and says so in ``meta``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from evaluator import __version__

if TYPE_CHECKING:
    from evaluator.evaluation import Evaluation


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


def build_results(evaluation: Evaluation) -> dict[str, Any]:
    config, dataset = evaluation.config, evaluation.dataset
    return {
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
        "cohort": evaluation.cohort,
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
