"""The files of a run, rendered in memory from the published figures: report, comparison, JSON.

``pilot_files(evaluation, published, formats)`` gives {name: bytes} for rapport.html,
rapport.pdf, the collegeversie (collegeversie.html, collegeversie.pdf), resultaten.json and cijfers.xlsx
(every table and chart of the report as a sheet, report/workbook.py);
``comparison_files(...)`` the same for vergelijking.*.
Writing them (all or nothing, across all folders of a run) is ``output.write_all``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from evaluator import __version__, output
from evaluator.compare import Comparison
from evaluator.evaluation import Evaluation
from evaluator.report import render
from evaluator.report.audit import Published
from evaluator.report.college import build_college_context
from evaluator.report.comparison import comparison_context
from evaluator.report.context import build_context, report_charts
from evaluator.report.prose.cohort import cohort_texts
from evaluator.report.prose.effect import effect_texts
from evaluator.report.prose.money import money_texts
from evaluator.report.prose.summary import conclusions, core_message, key_figures
from evaluator.report.publish import view_of
from evaluator.report.results_file import build_results
from evaluator.report.workbook import FILE_NAME, workbook_bytes


def pilot_files(evaluation: Evaluation, published: Published, formats: tuple[str, ...]) -> dict[str, bytes]:
    config = evaluation.config
    view = view_of(published, evaluation)
    files: dict[str, bytes] = {}
    context = build_context(evaluation, view) if {"html", "pdf", "xlsx"} & set(formats) else None
    if "json" in formats:
        texts = report_texts(view, evaluation)
        charts = context.charts if context is not None else report_charts(evaluation, view)
        files["resultaten.json"] = output.dumps(build_results(evaluation, view, texts, charts)).encode("utf-8")
    if "xlsx" in formats and context is not None:
        files[FILE_NAME] = workbook_bytes(context)
    if context is not None and {"html", "pdf"} & set(formats):
        html = render.render_html(context, config.report.templates, config.report.stylesheet, config.report.logo,
                                  base=config.path.parent)
        if "html" in formats:
            files["rapport.html"] = html.encode("utf-8")
        if "pdf" in formats:
            files["rapport.pdf"] = render.render_pdf(html, report_date=evaluation.report_date)
        files.update(college_files(evaluation, view, formats))
    return files


def college_files(evaluation: Evaluation, view, formats: tuple[str, ...]) -> dict[str, bytes]:
    """The collegeversie next to the report: collegeversie.html (with html), collegeversie.pdf (with pdf)."""
    config = evaluation.config
    html = render.render_html(build_college_context(evaluation, view), config.report.templates,
                              config.report.stylesheet, config.report.logo, base=config.path.parent,
                              template="college.html")
    files: dict[str, bytes] = {}
    if "html" in formats:
        files["collegeversie.html"] = html.encode("utf-8")
    if "pdf" in formats:
        files["collegeversie.pdf"] = render.render_pdf(html, report_date=evaluation.report_date)
    return files


def report_texts(view, evaluation: Evaluation) -> dict[str, Any]:
    """The report's sentences, for resultaten.json's 'tekst' section."""
    money = money_texts(view, evaluation)
    return {
        "kernboodschap": core_message(view, evaluation),
        "kerncijfers": key_figures(view, evaluation),
        "bereik_en_uitkomsten": cohort_texts(view, evaluation),
        "effect": effect_texts(view, evaluation),
        "kosten_en_baten": money,
        "conclusies": conclusions(view, evaluation),
    }


def comparison_files(comparison: Comparison, evaluations: Sequence[Evaluation], published: Published,
                     report_date: dt.date, formats: tuple[str, ...]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    if "json" in formats:
        files["vergelijking.json"] = output.dumps(
            {"meta": {"version": __version__, "internal": True, "generated": report_date}, "comparison": comparison}
        ).encode("utf-8")
    if "html" in formats or "pdf" in formats:
        context = comparison_context(comparison, evaluations, published, report_date)
        html = render.render_page("comparison.html", context)
        if "html" in formats:
            files["vergelijking.html"] = html.encode("utf-8")
        if "pdf" in formats:
            files["vergelijking.pdf"] = render.render_pdf(html, report_date=report_date)
    return files

