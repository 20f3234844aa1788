"""Tables of the chapters Bereik en inzet and Uitkomsten; every cell is a published figure."""

from __future__ import annotations

from evaluator.cohort.atoms import NOT_FILLED
from evaluator.evaluation import Evaluation
from evaluator.report.figures_cohort import help_categories
from evaluator.report.tables.base import Table, make_table
from evaluator.report.view import PilotView
from evaluator.vocabulary import AGE_BANDS, GENDERS, SESSION_SCHEMES, SESSION_SCHEME_LABELS, STATUSES, label

SHARE_NOTE = "Aandelen van alle trajecten, ook die zonder ingevulde waarde."
STATUS_COUNTS = {"afgerond": "cohort.completed", "lopend": "cohort.ongoing", "uitgevallen": "cohort.dropped_out"}


def cohort_tables(view: PilotView, evaluation: Evaluation) -> dict[str, Table]:
    atoms = evaluation.cohort.atoms
    rows = [[label(s), view.text(STATUS_COUNTS[s]), view.text(f"cohort.status_share.{s}")] for s in STATUSES]
    rows.append(["Totaal", view.text("cohort.trajectories"), ""])
    tables = {"status": make_table("status", "Trajecten naar status", ("Status", "Aantal", "Aandeel"), rows)}
    if evaluation.cohort.age_known:
        bands = [b for b, _, _ in AGE_BANDS] + ["onbekend"]
        tables["leeftijd"] = _counts(view, "leeftijd", "Leeftijd bij de start", "Leeftijd", "age", bands)
    if evaluation.cohort.gender.total:
        tables["geslacht"] = _counts(view, "geslacht", "Geslacht", "Geslacht", "gender", [*GENDERS, NOT_FILLED])
    if evaluation.cohort.help_questions.total:
        categories = [*help_categories(atoms, view.threshold), NOT_FILLED]
        tables["hulpvragen"] = _counts(view, "hulpvragen", "Hulpvragen bij de aanmelding", "Hulpvraag", "help",
                                       categories)
    rows = []
    for scheme, bins in SESSION_SCHEMES.items():
        for bucket, _, _ in bins:
            count, share = f"cohort.sessions.scheme.{scheme}.{bucket}", f"cohort.sessions.scheme_share.{scheme}.{bucket}"
            rows.append([f"{label(bucket)} ({SESSION_SCHEME_LABELS[scheme]})", view.text(count), view.text(share),
                         view.interval(f"{share}_ci_low", f"{share}_ci_high")])
    tables["gesprekken_indeling"] = make_table(
        "gesprekken_indeling", "Aantal gesprekken in de indelingen van eerdere evaluaties",
        ("Aantal gesprekken", "Trajecten", "Aandeel", "95%-interval"), rows,
        "Intervallen volgens Wilson, per klasse.")
    rows = [[name, view.text(count), view.text(mean), view.interval(f"{mean}_ci_low", f"{mean}_ci_high")]
            for name, count, mean in (("Geholpen zonder verwijzing", "cohort.helped", "cohort.sessions.helped_mean"),
                                      ("Verwezen", "cohort.referred", "cohort.sessions.referred_mean"))]
    if evaluation.cohort.completed:
        tables["gesprekken_uitkomst"] = make_table(
            "gesprekken_uitkomst", "Gesprekken per afgerond traject, naar uitkomst",
            ("Uitkomst", "Trajecten", "Gemiddeld aantal gesprekken", "95%-interval"), rows,
            f"Een gemiddelde over minder dan {view.text('settings.threshold')} trajecten staat er niet.")
    rows = []
    for i, practice in enumerate(atoms.practices):
        share = f"cohort.practice.{i}.helped_share"
        rows.append([practice, view.text(f"cohort.practice.{i}.completed"), view.text(f"cohort.practice.{i}.helped"),
                     view.text(share), view.interval(f"{share}_ci_low", f"{share}_ci_high")])
    tables["per_praktijk"] = make_table(
        "per_praktijk", "Afgeronde trajecten zonder verwijzing per praktijk",
        ("Praktijk", "Afgerond", "Zonder verwijzing", "Aandeel zonder verwijzing", "95%-interval"), rows,
        "Bij weinig trajecten per praktijk zijn de intervallen breed; verschillen tussen praktijken zijn dan vaak "
        "toeval. Lopende en uitgevallen trajecten per praktijk staan er niet, omdat die uit het verschil met alle "
        "trajecten af te leiden zouden zijn.")
    return tables


def _counts(view: PilotView, key: str, caption: str, first: str, name: str, categories: list[str]) -> Table:
    rows = [[label(c) if c != NOT_FILLED else "Niet ingevuld", view.text(f"cohort.{name}.{c}"),
             view.text(f"cohort.{name}_share.{c}")] for c in categories]
    return make_table(key, caption, (first, "Aantal", "Aandeel"), rows, SHARE_NOTE)
