"""The comparison report across pilots: context, forest charts, HTML/PDF/JSON files.

``render_comparison(comparison, report_date, formats) -> dict[name, bytes]``. The template
``comparison.html`` receives a ``ComparisonContext``; it formats, it does not compute.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import matplotlib.pyplot as plt

from evaluator import __version__, output
from evaluator.report import formatting
from evaluator.report import render
from evaluator.report.charts.base import Chart, number_axis, percent_axis, to_svg
from evaluator.compare.pooling import Comparison, PilotRow, PooledEstimate
from evaluator.report.suppression import MINIMUM_THRESHOLD, suppress_share, suppress_table

PRIMARY = "#154273"


@dataclass(frozen=True)
class ComparisonContext:
    title: str
    report_date: dt.date
    comparison: Comparison
    charts: dict[str, Chart]
    version: str


def _forest(key: str, title: str, labels: list[str], values: list[float | None], lows: list[float | None],
            highs: list[float | None], pooled: PooledEstimate | None, reference: float | None, percent: bool,
            axis_label: str) -> Chart:
    fmt = formatting.percent if percent else (lambda v: formatting.number(v, 2))
    rows_labels = labels + ([f"Gepoold ({pooled.pilots} pilots)"] if pooled else [])
    rows_values = values + ([pooled.estimate] if pooled else [])
    rows_lows = lows + ([pooled.ci_low] if pooled else [])
    rows_highs = highs + ([pooled.ci_high] if pooled else [])
    figure, axis = plt.subplots(figsize=(6.3, 0.45 * len(rows_labels) + 1.0))
    y = list(range(len(rows_labels)))[::-1]
    for yi, v, lo, hi, is_pooled in zip(y, rows_values, rows_lows, rows_highs,
                                        [False] * len(labels) + [True] * (1 if pooled else 0)):
        if v is None or lo is None or hi is None:
            continue
        axis.plot([lo, hi], [yi, yi], color=PRIMARY, linewidth=1.5)
        axis.plot([v], [yi], marker="D" if is_pooled else "s", color=PRIMARY, markersize=7 if is_pooled else 6)
    if reference is not None:
        axis.axvline(reference, color="#5A5A5A", linestyle="--", linewidth=1)
    axis.set_yticks(y, rows_labels)
    (percent_axis if percent else lambda a: number_axis(a, 1))(axis.xaxis)  # Dutch decimals on the axis
    axis.set_xlabel(axis_label)
    svg = to_svg(figure, key)
    rows = tuple((lab, fmt(v), f"{fmt(lo)} tot {fmt(hi)}" if lo is not None and hi is not None else formatting.MISSING)
                 for lab, v, lo, hi in zip(rows_labels, rows_values, rows_lows, rows_highs))
    alt = f"Puntschattingen met 95%-interval: {title}. " + "; ".join(f"{lab}: {fmt(v)}" for lab, v in zip(rows_labels, rows_values)) + "."
    return Chart(key, title, svg, alt, ("Pilot", "Schatting", "95%-interval"), rows)


def published_pilot(p: PilotRow, threshold: int = MINIMUM_THRESHOLD) -> PilotRow:
    """The row as the comparison report may publish it (small-cell suppression, issue 5).

    Trajectories and completed are a two-cell table {completed, not completed} with the pilot's
    total; the share without referral (and its interval) is hidden when it would reveal fewer
    than ``threshold`` children helped or referred. Hidden counts become '<5' or 'x' (the
    template filters pass strings through); the JSON keeps the exact row.
    """
    table = suppress_table({"afgerond": p.completed, "niet_afgerond": p.trajectories - p.completed}, threshold)
    done = table.cells["afgerond"]
    helped = round((p.no_referral_share or 0.0) * p.completed)
    share = suppress_share(helped, p.completed, threshold, p.no_referral_ci_low, p.no_referral_ci_high)
    shown = not done.suppressed and p.no_referral_share is not None and not share.suppressed
    total_hidden = table.total.suppressed
    return dataclasses.replace(
        p, trajectories=table.total.text if total_hidden else p.trajectories,
        trajectories_per_year=None if total_hidden else p.trajectories_per_year,
        completed=done.text if done.suppressed else p.completed,
        no_referral_share=p.no_referral_share if shown else None,
        no_referral_ci_low=p.no_referral_ci_low if shown else None,
        no_referral_ci_high=p.no_referral_ci_high if shown else None)


def build_comparison_context(comparison: Comparison, report_date: dt.date) -> ComparisonContext:
    """The context of the comparison report; counts per pilot are suppressed (``published_pilot``)."""
    comparison = dataclasses.replace(comparison, pilots=tuple(published_pilot(p) for p in comparison.pilots))
    pilots = comparison.pilots
    charts = {
        "zonder_verwijzing": _forest(
            "zonder_verwijzing", "Aandeel afgeronde trajecten zonder verwijzing per pilot",
            [p.municipality for p in pilots], [p.no_referral_share for p in pilots],
            [p.no_referral_ci_low for p in pilots], [p.no_referral_ci_high for p in pilots],
            comparison.no_referral, None, True, "Aandeel zonder verwijzing (lijn: 95%-interval)"),
    }
    with_panel = [p for p in pilots if p.practice_rate_ratio is not None]
    if with_panel:
        charts["rate_ratio"] = _forest(
            "rate_ratio", "Verwijzingen door praktijken met POH ten opzichte van praktijken zonder POH",
            [p.municipality for p in with_panel], [p.practice_rate_ratio for p in with_panel],
            [p.practice_ci_low for p in with_panel], [p.practice_ci_high for p in with_panel],
            comparison.practice_rate_ratio, 1.0, False,
            "Verhouding verwijzingen met en zonder POH (onder 1: minder verwijzingen)")
    return ComparisonContext("Vergelijking van POH-jeugd-pilots", report_date, comparison, charts, __version__)


def render_comparison(comparison: Comparison, report_date: dt.date, formats: tuple[str, ...]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    if "json" in formats:
        files["vergelijking.json"] = output.dumps(
            {"meta": {"version": __version__, "internal": True, "generated": report_date}, "comparison": comparison}
        ).encode("utf-8")
    if "html" in formats or "pdf" in formats:
        context = build_comparison_context(comparison, report_date)
        environment = render.make_environment()
        css = (render.templates_dir() / "css" / "report.css").read_text(encoding="utf-8")
        html = environment.get_template("comparison.html").render(
            **{f.name: getattr(context, f.name) for f in dataclasses.fields(context)},
            css=render.jinja2.utils.markupsafe.Markup(css),
        )
        if "html" in formats:
            files["vergelijking.html"] = html.encode("utf-8")
        if "pdf" in formats:
            files["vergelijking.pdf"] = render.render_pdf(html, render.allowed_roots([]), report_date)
    return files
