"""Constants of the pilot file and the run that the report prints: the set-up and the settings.

Not about children, so never coarsened; entered so that every number a report prints comes from
the one table of published figures (names "setup.*" and "settings.*")."""

from __future__ import annotations

from evaluator.evaluation import Evaluation
from evaluator.report.colours import contrast, readable
from evaluator.report.figures import PilotFigures


def setup_figures(figures: PilotFigures, evaluation: Evaluation) -> None:
    config = evaluation.config
    prof, prac, fin = config.professional, config.practices, config.financing
    for name, value, unit, decimals in (
        ("setup.professionals", prof.count, "aantal", 0), ("setup.hours_per_week", prof.hours_per_week, "getal", 1),
        ("setup.fte", prof.fte, "getal", 2), ("setup.practices", prac.count, "aantal", 0),
        ("setup.gps", prac.gp_count, "aantal", 0), ("setup.gp_coverage", prac.gp_coverage, "procent", 0),
        ("setup.financing.jeugdwet", fin.jeugdwet, "procent", 0), ("setup.financing.zvw", fin.zvw, "procent", 0),
        ("setup.financing.overig", fin.other, "procent", 0),
    ):
        figures.constant(name, value, unit, decimals)
    figures.constant("setup.pilot_years", config.pilot.years, "getal", 1)
    factors = config.success_factors
    figures.constant("setup.factors", len(factors), "aantal")
    figures.constant("setup.factors_present", sum(1 for x in factors if x.status == "aanwezig"), "aantal")
    figures.constant("setup.factors_partly", sum(1 for x in factors if x.status == "deels"), "aantal")
    figures.constant("setup.risks_present", sum(1 for x in config.risks if x.status == "aanwezig"), "aantal")
    for i, voice in enumerate(config.experiences):
        figures.constant(f"setup.respondents.{i}", voice.respondents, "aantal")
    for i, reason in enumerate(prac.not_joining):
        figures.constant(f"setup.not_joining.{i}", reason.practices, "aantal")
    for i, wait in enumerate(config.waiting_times):
        figures.constant(f"setup.waiting.{i}.before", wait.before, "getal", 0 if wait.before == int(wait.before) else 1)
        figures.constant(f"setup.waiting.{i}.during", wait.during, "getal", 0 if wait.during == int(wait.during) else 1)
    colours = config.report.colours
    figures.constant("setup.contrast_primary", contrast(readable(colours.primary, 4.5)), "getal", 1)
    figures.constant("setup.contrast_accent", contrast(readable(colours.accent, 3.0)), "getal", 1)
    settings = config.settings
    figures.constant("settings.threshold", figures.threshold, "aantal")
    figures.constant("settings.seed", settings.seed, "code")
    figures.constant("settings.draws", settings.draws, "aantal")
    figures.constant("settings.permutations", settings.permutations, "aantal")
    if settings.report_year is not None:
        figures.constant("settings.price_year", settings.report_year, "code")
