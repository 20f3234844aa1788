"""The design table of the comparison: each pilot's set-up and registration side by side.

``design_table(evaluations, views) -> Table``: the professional and background, formation, practices and
GP coverage, hours in the wijkteam, length, and two marks of registration completeness (the GP's
intention known, trajectories with a warning). Every number is the pilot's own published figure
(setup.*, effect.intention.known_share, quality.rows_with_warning_share), so a figure hidden in a
pilot's report is hidden here too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from evaluator.evaluation import Evaluation
from evaluator.report import formatting
from evaluator.report.tables.base import Table, make_table
from evaluator.report.view import PilotView
from evaluator.vocabulary import BACKGROUND_LABELS, label


def design_table(evaluations: Sequence[Evaluation], views: Mapping[str, PilotView]) -> Table:
    rows = []
    for evaluation in evaluations:
        config, view = evaluation.config, views[evaluation.config.slug]
        prof, prac = config.professional, config.practices
        background = f" ({label(prof.background, BACKGROUND_LABELS)})" if prof.background else ""
        practices = _given(view, "setup.practices", prac.count)
        if prac.gp_coverage is not None and view.shown("setup.gp_coverage"):
            practices += f" ({view.text('setup.gp_coverage')})"
        wijkteam = {True: "ja", False: "nee", None: formatting.MISSING}[prof.works_in_wijkteam]
        rows.append([config.pilot.municipality, prof.short_title + background, _given(view, "setup.fte", prof.fte),
                     practices, wijkteam, _given(view, "setup.pilot_years", config.pilot.years),
                     _shown(view, "effect.intention.known_share"), _shown(view, "quality.rows_with_warning_share")])
    note = ("Dekking: het deel van de huisartsen in de gemeente dat met de professional werkt. Verwijsintentie bekend: "
            "bij hoeveel afgeronde trajecten de huisarts registreerde waarheen hij anders had verwezen; hoe hoger, hoe "
            "beter het effect uit de registratie te schatten is. Pilots met een andere opzet of een minder volledige "
            "registratie zijn niet zonder meer vergelijkbaar.")
    return make_table("opzet", "Opzet en registratie per pilot",
                      ("Pilot", "Professional (achtergrond)", "Fte", "Praktijken (dekking)", "Uren in wijkteam",
                       "Duur (jaar)", "Verwijsintentie bekend", "Trajecten met waarschuwing"), rows, note,
                      numeric=(False, False, True, True, False, True, True, True))


def _given(view: PilotView, name: str, value) -> str:
    return formatting.MISSING if value is None else _shown(view, name)


def _shown(view: PilotView, name: str) -> str:
    return view.text(name) if view.has(name) and view.shown(name) else formatting.MISSING
