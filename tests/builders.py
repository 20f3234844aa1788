"""Builders shared by the tests: pilots on disk, runs through the pipeline, panels and frames.

One module, so tests never import each other. conftest.py imports it, so it imports only the standard
library at module level; polars and evaluator are imported inside the builders that need them.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
import types
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

    from evaluator.cohort import CohortResult
    from evaluator.inputs.config import PilotConfig

# --- Pilots on disk and runs through the pipeline ----------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]
PILOTS = REPO / "pilots"
EXAMPLES = ("steenwijkerland", "tilburg", "groningen")

SMALL_REGISTRATION = """traject_id;praktijk;startdatum;einddatum;status;verwezen_naar;aantal_gesprekken;verwijzing_zonder_poh;leeftijd;geslacht;hulpvraag;wachttijd_dagen;tevredenheid;doel_bereikt
T01;P1;03-04-2023;15-05-2023;afgerond;geen;3;basis_ggz;9;j;angst_stemming;5;8;ja
T02;P1;10-04-2023;20-06-2023;afgerond;geen;6;specialistische_ggz;14;m;gedrag;7;9;ja
T03;P1;17-04-2023;01-06-2023;afgerond;specialistische_ggz;2;specialistische_ggz;15;m;trauma;3;7;deels
T04;P1;24-04-2023;;lopend;;4;;11;j;opvoeding;10;;
T05;P2;02-05-2023;30-06-2023;afgerond;geen;5;geen;6;j;opvoeding;12;8,5;ja
T06;P2;09-05-2023;10-07-2023;afgerond;wijkteam;3;basis_ggz;8;m;school;4;7;nee
T07;P2;16-05-2023;01-08-2023;afgerond;geen;7;basis_ggz;16;m;angst_stemming;6;9;ja
T08;P2;23-05-2023;15-06-2023;uitgevallen;;1;onbekend;13;j;gedrag;20;;
T09;P3;01-06-2023;15-08-2023;afgerond;basis_ggz;2;basis_ggz;17;m;angst_stemming;2;6;deels
T10;P3;08-06-2023;30-08-2023;afgerond;geen;4;wijkteam;4;j;ontwikkeling;9;8;ja
T11;P3;15-06-2023;01-09-2023;afgerond;geen;8;specialistische_ggz;12;x;trauma;14;10;ja
T12;P3;22-06-2023;;lopend;;2;;7;j;school;8;;
"""

SMALL_PILOT = """\
pilot:
  naam: POH-jeugd Testgemeente
  gemeente: Testgemeente
  gemeentecode: GM9999
  start: 2023-04-01
  einde: 2023-12-31
data:
  trajecten: trajecten.csv
rapport:
  datum: 2024-01-15
"""


def write_pilot(folder: Path, yaml_text: str, registration: str | None = None) -> Path:
    """A pilot file (and its registration as trajecten.csv) in ``folder``; returns the pilot file."""
    folder.mkdir(parents=True, exist_ok=True)
    if registration is not None:
        (folder / "trajecten.csv").write_text(registration, encoding="utf-8")
    path = folder / "pilot.yaml"
    path.write_text(textwrap.dedent(yaml_text), encoding="utf-8")
    return path


def evaluate_run(path: Path, audited: bool = True):
    """(evaluation, figure table, published figures or None) of one pilot, without rendering anything."""
    from evaluator.pipeline import evaluate
    from evaluator.report.audit import audit
    from evaluator.report.publish import figure_table

    evaluation = evaluate(path)
    table = figure_table([evaluation])
    return evaluation, table, audit(table) if audited else None


# Keys every resultaten.json must have (dotted paths, see ``lookup``).
REQUIRED_KEYS = [
    "pilot.name", "pilot.municipality_code", "cohort.trajectories", "cohort.completed", "cohort.ongoing",
    "cohort.dropped_out", "cohort.no_referral.count", "cohort.no_referral.share", "cohort.no_referral.ci_low",
    "cohort.no_referral.ci_high", "cohort.sessions.mean", "cohort.sessions.median", "cohort.satisfaction.mean",
    "meta.version", "meta.inputs",
]


def report_context(pilot: "Path | object"):
    """The ``ReportContext`` of a pilot file (or of an ``Evaluation``), audited on its own."""
    from evaluator.report.audit import audit
    from evaluator.report.context import build_context
    from evaluator.report.publish import figure_table, view_of

    if isinstance(pilot, Path):
        from evaluator.pipeline import evaluate

        pilot = evaluate(pilot)
    return build_context(pilot, view_of(audit(figure_table([pilot])), pilot))


def lookup(data: dict, dotted: str):
    """``data['a']['b']`` for 'a.b'."""
    for part in dotted.split("."):
        data = data[part]
    return data


# --- Cohort: counting atoms of a registration --------------------------------------------------------------


def _cohort_schema() -> dict:
    import polars as pl

    return {"traject_id": pl.String, "praktijk": pl.String, "startdatum": pl.Date, "einddatum": pl.Date,
            "status": pl.String, "verwezen_naar": pl.String, "verwijzing_zonder_poh": pl.String,
            "aantal_gesprekken": pl.Int64, "leeftijd": pl.Int64, "geslacht": pl.String, "hulpvraag": pl.String,
            "wachttijd_dagen": pl.Int64, "tevredenheid": pl.Float64, "doel_bereikt": pl.String}


def cohort_trajectories(pairs, extra_status=(), age=10) -> pl.DataFrame:
    """A validated-looking registration; pairs: (verwezen_naar, verwijzing_zonder_poh) of completed trajectories."""
    import polars as pl

    common = dict(praktijk="A", startdatum=dt.date(2023, 1, 1), aantal_gesprekken=3, leeftijd=age, geslacht="j",
                  hulpvraag=None, wachttijd_dagen=None, tevredenheid=None, doel_bereikt=None)
    rows = [dict(traject_id=str(i), einddatum=dt.date(2023, 3, 1), status="afgerond", verwezen_naar=a,
                 verwijzing_zonder_poh=i_, **common) for i, (a, i_) in enumerate(pairs)]
    rows += [dict(traject_id=f"x{i}", einddatum=None, status=s, verwezen_naar=None, verwijzing_zonder_poh=None,
                  **common) for i, s in enumerate(extra_status)]
    return pl.DataFrame(rows, schema=_cohort_schema())


def atoms_of(pairs, extra_status=(), age=10):
    """The counting atoms of ``cohort_trajectories(pairs, extra_status, age)``."""
    from evaluator.cohort.atoms import count_atoms

    return count_atoms(cohort_trajectories(pairs, extra_status, age))


# --- Practice level: a simulated practice panel ------------------------------------------------------------


def make_panel(rng, practices=12, periods=8, rate_ratio=0.7, trend_in_treated=0.0,
               covariate=False) -> pl.DataFrame:
    """Quarterly referrals of ``practices`` practices; the first half starts the POH in quarter 3-6."""
    import polars as pl

    rows = []
    for i in range(practices):
        start = int(rng.integers(3, 7)) if i < practices // 2 else 99
        alpha = rng.normal(0, 0.3)
        for t in range(periods):
            d = int(t >= start)
            drift = trend_in_treated * t if i < practices // 2 else 0.0
            mu = 900 * 0.012 * math.exp(alpha + 0.03 * t + drift) * rate_ratio**d
            row = dict(praktijk=f"P{i:02d}", periode=f"{2022 + t // 4}-Q{t % 4 + 1}",
                       period_start=dt.date(2022 + t // 4, 3 * (t % 4) + 1, 1), period_index=t, poh_actief=d,
                       verwijzingen=int(rng.poisson(mu)), ingeschreven_jeugd=900, __row=len(rows) + 2)
            if covariate:
                row["aandeel_laag_inkomen"] = float(rng.uniform(0.1, 0.4))
            rows.append(row)
    return pl.DataFrame(rows)


# --- Gemeente level: CBS referral frames (CBS_SCHEMA is built on first use, see __getattr__) ---------------


def _cbs_schema() -> dict:
    import polars as pl

    return {"gebied": pl.String, "naam": pl.String, "periode": pl.String, "period_start": pl.Date,
            "period_kind": pl.String, "huisarts": pl.Int64, "totaal": pl.Int64, "geen_verwijzer": pl.Int64,
            "verwijzer_onbekend": pl.Int64, "jeugd_inwoners": pl.Int64, "provisional": pl.Boolean,
            "is_gemeente": pl.Boolean, "is_national": pl.Boolean, "__row": pl.Int64}


def cbs_row(code, year, huisarts, totaal, inwoners=None, unknown=5, provisional=False):
    """One yearly CBS row (a dict in ``CBS_SCHEMA``) for gemeente or nation ``code``."""
    return dict(gebied=code, naam="", periode=f"{year}JJ00", period_start=dt.date(year, 1, 1), period_kind="JJ",
                huisarts=huisarts, totaal=totaal, geen_verwijzer=10, verwijzer_onbekend=unknown,
                jeugd_inwoners=inwoners, provisional=provisional, is_gemeente=code.startswith("GM"),
                is_national=code == "NL00", __row=0)


def steenwijkerland() -> pl.DataFrame:
    """GP share 35% -> 41% in the pilot gemeente while it fell nationally 40% -> 34% (domain.md §4)."""
    import polars as pl

    rows = []
    for year, pilot, nation in ((2015, 0.35, 0.40), (2016, 0.35, 0.40), (2017, 0.41, 0.34), (2018, 0.41, 0.34)):
        rows.append(cbs_row("GM1708", year, round(800 * pilot) + (year % 2), 800, inwoners=9000))
        rows.append(cbs_row("NL00", year, round(500000 * nation), 500000, inwoners=3_000_000,
                            provisional=year == 2018))
    return pl.DataFrame(rows, schema=_cbs_schema())


# --- Business case: config, dataset, cohort and a duck-typed effect ----------------------------------------
# make_config(**sections) builds a validated PilotConfig from Dutch YAML-style dicts (a section of None
# drops it); make_dataset(rows) a namespace with a trajectories frame in the validated shape; make_cohort(rows)
# the CohortResult of those rows (with its counting atoms); make_effect(...) an effect result with a headline and
# the levels the money reads (practice, cohort, cohort_assumption; effect_level(...) builds one).

# A pilot of exactly 4 years: (2024-12-31 - 2021-01-01).days + 1 = 1461 days = 4 x 365.25.
BUSINESS_CASE_BASE = {
    "pilot": {"naam": "Testpilot", "gemeente": "Testdorp", "gemeentecode": "GM0001",
              "start": "2021-01-01", "einde": "2024-12-31"},
    "data": {"trajecten": "trajecten.csv"},
    "kosten": {"personeel_per_jaar": 2500, "overhead_percentage": 20, "overige_per_jaar": 250, "eenmalig": 1000},
    "financiering": {"jeugdwet": 0.75, "zvw": 0.25},
    "tarieven": {"specialistische_ggz": 4000, "basis_ggz": 1000, "wijkteam": 500, "jeugdhulp_lvb": 2000,
                 "vrij_toegankelijk": 100, "overig": 0},
    "praktijken": {"dekking_huisartsen": 0.25},
    "projectie": {"horizon_jaren": 3, "disconteringsvoet": 0.0, "opschaling_dekking": [0.25, 1.0],
                  "jeugdigen_gemeente": 8000},
    "instellingen": {"trekkingen": 2000, "seed": 7},
}

# (status, verwezen_naar, verwijzing_zonder_poh, leeftijd): the hand-computed case.
HAND_ROWS = [
    ("afgerond", "geen", "specialistische_ggz", 10),  # +4000
    ("afgerond", "geen", "specialistische_ggz", 12),  # +4000
    ("afgerond", "geen", "basis_ggz", 9),  # +1000
    ("afgerond", "wijkteam", "specialistische_ggz", 14),  # +4000 - 500 = +3500
    ("afgerond", "basis_ggz", "specialistische_ggz", 19),  # +4000 - 1000 = +3000 (18+: Zvw)
    ("afgerond", "geen", "geen", 8),  # 0
    ("afgerond", "specialistische_ggz", "specialistische_ggz", 15),  # 0
    ("afgerond", "wijkteam", "geen", 11),  # -500
    ("afgerond", "geen", "onbekend", 7),  # left out: unknown intention
    ("afgerond", "geen", None, 13),  # left out: intention not registered
    ("lopend", None, "specialistische_ggz", 10),  # not completed
    ("uitgevallen", None, "basis_ggz", 16),  # not completed
]


def _business_case_schema() -> dict:
    import polars as pl

    return {
        "traject_id": pl.String, "praktijk": pl.String, "startdatum": pl.Date, "einddatum": pl.Date,
        "status": pl.String, "verwezen_naar": pl.String, "aantal_gesprekken": pl.Int64,
        "verwijzing_zonder_poh": pl.String, "leeftijd": pl.Int64, "geslacht": pl.String, "hulpvraag": pl.String,
        "wachttijd_dagen": pl.Int64, "tevredenheid": pl.Float64, "doel_bereikt": pl.String, "__row": pl.Int64,
    }


def make_config(**sections) -> PilotConfig:
    """A validated ``PilotConfig``: ``BUSINESS_CASE_BASE`` with ``sections`` replaced (None drops one)."""
    from evaluator.inputs.config import PilotConfig

    raw = {k: (dict(v) if isinstance(v, dict) else v) for k, v in BUSINESS_CASE_BASE.items()}
    for key, value in sections.items():
        if value is None:
            raw.pop(key, None)
        else:
            raw[key] = value
    return PilotConfig.model_validate(raw)


def make_dataset(rows=HAND_ROWS, drop_intention: bool = False):
    import polars as pl

    records = []
    for i, (status, actual, intended, age) in enumerate(rows):
        records.append({
            "traject_id": f"T{i:03d}", "praktijk": "P1", "startdatum": dt.date(2021, 3, 1), "einddatum": None,
            "status": status, "verwezen_naar": actual, "aantal_gesprekken": 3,
            "verwijzing_zonder_poh": None if drop_intention else intended, "leeftijd": age, "geslacht": None,
            "hulpvraag": None, "wachttijd_dagen": None, "tevredenheid": None, "doel_bereikt": None, "__row": i + 2,
        })
    return types.SimpleNamespace(trajectories=pl.DataFrame(records, schema=_business_case_schema()))


def make_cohort(rows=HAND_ROWS, drop_intention: bool = False) -> CohortResult:
    from evaluator.cohort import describe_cohort

    return describe_cohort(make_config(), make_dataset(rows, drop_intention))


def effect_level(avoided: float, se: float = 0.0, ci=None, method: str | None = None, intention_share: float = 1.0):
    """One effect level's count of avoided referrals over the pilot period (a ``PracticeEffect`` or, with
    ``method`` "intention"/"assumption"/"none", a ``CohortEffect``), duck-typed: only what the money reads.
    Without ``ci`` the interval is avoided -/+ 1.96 se (symmetric)."""
    low, high = ci if ci is not None else (avoided - 1.96 * se, avoided + 1.96 * se)
    if math.isnan(avoided):
        low = high = float("nan")
    level = types.SimpleNamespace(avoided=avoided, avoided_ci_low=low, avoided_ci_high=high, avoided_se=se)
    if method is not None:
        level.method, level.intention_share = method, intention_share
    return level


def make_effect(avoided=float("nan"), se=0.0, by_destination=None, level=None, ci=None, grade="matig",
                practice=None, cohort=None, cohort_assumption=None, intention_share=1.0):
    """An ``EffectResult``, duck-typed: a headline at ``level`` (default "practice", or "none" when ``avoided``
    is nan) and the levels the money reads. The headline's own level object is filled in from the headline's
    figures unless given (a "cohort_intention" headline as an intention route registered for
    ``intention_share`` of the completed trajectories); ``cohort`` is a route with method "none" unless given
    or filled in; ``practice`` and ``cohort_assumption`` are None unless given or filled in."""
    finite = not math.isnan(avoided)
    level = level or ("practice" if finite else "none")
    own = dict(avoided=avoided, se=se, ci=ci)
    if finite and level == "practice" and practice is None:
        practice = effect_level(**own)
    if finite and level == "cohort_intention" and cohort is None:
        cohort = effect_level(**own, method="intention", intention_share=intention_share)
    if finite and level == "cohort_assumption" and cohort is None:
        cohort = effect_level(**own, method="assumption", intention_share=0.0)
    if cohort is None:
        cohort = effect_level(float("nan"), method="none", intention_share=0.0)
    own_level = effect_level(**own)
    headline = types.SimpleNamespace(
        level=level, method="Testmethode", rule="Testregel", evidence_grade=grade, avoided=avoided,
        avoided_ci_low=own_level.avoided_ci_low, avoided_ci_high=own_level.avoided_ci_high, avoided_se=se,
        avoided_by_destination=by_destination or {},
    )
    return types.SimpleNamespace(headline=headline, practice=practice, cohort=cohort,
                                 cohort_assumption=cohort_assumption)


def __getattr__(name: str):
    """``CBS_SCHEMA`` on first use, so importing this module (conftest does) does not import polars."""
    if name == "CBS_SCHEMA":
        globals()[name] = _cbs_schema()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --- Several pilots for the comparison ----------------------------------------------------------------------


def pilot_with_traits(folder: Path, code: str, completed: int, helped: int, traits: str = "") -> Path:
    """A pilot in ``folder`` with ``completed`` completed trajectories of which ``helped`` without referral, and
    the set-up ``traits`` (YAML lines under professional/praktijken); the file is named after ``folder``."""
    rows = ["traject_id;praktijk;startdatum;einddatum;status;verwezen_naar;aantal_gesprekken;verwijzing_zonder_poh;"
            "leeftijd;geslacht;hulpvraag;wachttijd_dagen;tevredenheid;doel_bereikt"]
    for i in range(completed):  # alike in everything but the outcome, so the disclosure audit has few cells
        destination = "geen" if i < helped else "basis_ggz"
        rows.append(f"T{i:03d};P1;03-04-2023;15-05-2023;afgerond;{destination};3;basis_ggz;10;j;gedrag;5;8;ja")
    header = SMALL_PILOT.replace("Testgemeente", f"Gemeente {code}").replace("GM9999", code)
    path = write_pilot(folder, header + textwrap.dedent(traits), "\n".join(rows) + "\n")
    return path.rename(folder / f"{folder.name}.yaml")  # the file name is the pilot's slug
