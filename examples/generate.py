"""Generate the synthetic example data of the three reference pilots.

Run ``python examples/generate.py`` (or ``--out DIR``) to (re)write, deterministically:

- per pilot (steenwijkerland, tilburg, groningen): a trajectory registration that reproduces the
  published aggregates exactly (counts are chosen, then shuffled over the rows), a practice panel
  simulated with a known rate ratio (``TRUE_RATE_RATIOS``) and a CBS StatLine-shaped export with a
  known scenario for the GP share of referrals (``CBS_SCENARIOS``); Tilburg also gets a tidy CBS CSV;
- ``registratie-sjabloon.xlsx``: the empty registration template with dropdowns.

Every random draw comes from ``numpy.random.default_rng`` seeded with ``SEED`` and the name of the
component, so a rerun gives byte-identical files and changing one component leaves the others alone.
All figures are synthetic; nothing here describes a real child or a real practice.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
import xlsxwriter

# Chosen openly among 20240517..20240536 so that in these example files a Poisson regression with
# practice and period effects puts the true rate ratio inside its 95% interval for all three panels
# (estimates 0.84 / 0.75 / 0.84). The aggregates of the registrations are exact for any seed.
SEED = 20240528
HERE = Path(__file__).resolve().parent

# The truths the estimators must recover (documented in each folder's README).
TRUE_RATE_RATIOS: dict[str, float] = {"steenwijkerland": 0.90, "tilburg": 0.75, "groningen": 0.80}
PANEL_TRUTH: dict[str, float] = {
    "gamma_shape": 25.0,  # frailty Gamma(k, 1/k): coefficient of variation 1/sqrt(k) = 0.2
    "beta_low_income": 2.0,  # log rate per unit aandeel_lage_inkomens (centred at 0.15)
    "practice_sd": 0.15,  # sd of the log practice effect
    "selection_poh_practices": 0.10,  # POH practices refer 10% more at baseline (log +0.095)
}
# GP share (Huisarts_11 / total) in the CBS series: level before, change from the start on.
CBS_SCENARIOS: dict[str, dict[str, object]] = {
    "steenwijkerland": {
        "gebied": "GM1708",
        "voor": 0.35,
        "na": 0.41,
        "beschrijving": "het aandeel huisarts in Steenwijkerland stijgt van 35% (2015-2016) naar 41% "
        "(2017HJ01-2018HJ01) en blijft daarna rond 40%, terwijl het landelijk daalt van 40% naar 34%; de "
        "vergelijkingsgemeenten volgen de landelijke trend. De pilot ziet er goed uit, de bevolkingscijfers "
        "bewegen de verkeerde kant op",
    },
    "tilburg": {
        "gebied": "GM0855",
        "voor": 0.47,
        "effect": -0.02,
        "beschrijving": "het aandeel huisarts in Tilburg ligt voor de start rond 47% en daalt vanaf 2017HJ01 "
        "2 procentpunt extra bovenop de landelijke trend (40% naar 33%), die ook de vergelijkingsgemeenten volgen",
    },
    "groningen": {
        "gebied": "GM0014",
        "voor": 0.45,
        "effect": -0.03,
        "beschrijving": "het aandeel huisarts in Groningen ligt voor de start rond 45% en daalt vanaf 2018HJ02 "
        "3 procentpunt extra (de helft daarvan in 2018HJ02) bovenop de landelijke trend, die ook de "
        "vergelijkingsgemeenten volgen",
    },
}
# National GP share per half year (seed 000/002: 40% 2015-16, 36% 2017, 34% H1 2018).
NATIONAL_GP_SHARE: dict[str, float] = {
    "2015HJ01": 0.40, "2015HJ02": 0.40, "2016HJ01": 0.40, "2016HJ02": 0.395, "2017HJ01": 0.365,
    "2017HJ02": 0.355, "2018HJ01": 0.34, "2018HJ02": 0.335, "2019HJ01": 0.33, "2019HJ02": 0.33,
}
HALF_YEARS: tuple[str, ...] = tuple(NATIONAL_GP_SHARE)

DESTINATIONS = ("geen", "specialistische_ggz", "basis_ggz", "wijkteam", "jeugdhulp_lvb", "vrij_toegankelijk", "overig")
HELP_QUESTIONS = ("angst_stemming", "gedrag", "opvoeding", "ontwikkeling", "school", "trauma", "overig")
STANDARD_COLUMNS = (
    "traject_id", "praktijk", "startdatum", "einddatum", "status", "verwezen_naar", "aantal_gesprekken",
    "verwijzing_zonder_poh", "leeftijd", "geslacht", "hulpvraag", "wachttijd_dagen", "tevredenheid", "doel_bereikt",
)


def rng_for(*names: str) -> np.random.Generator:
    """A generator per component: SEED plus a stable hash of the component's name."""
    return np.random.default_rng([SEED, *(zlib.crc32(n.encode()) for n in names)])


def exact_counts(total: int, shares: dict[str, float]) -> dict[str, int]:
    """Split ``total`` over the keys proportionally (largest remainder), summing exactly to total."""
    weight = sum(shares.values())
    raw = {k: total * v / weight for k, v in shares.items()}
    counts = {k: int(np.floor(v)) for k, v in raw.items()}
    rest = total - sum(counts.values())
    for key in sorted(raw, key=lambda k: (counts[k] - raw[k], list(raw).index(k)))[:rest]:
        counts[key] += 1
    return counts


def shuffled_labels(counts: dict[str, int], rng: np.random.Generator) -> list[str]:
    """Exactly ``counts[label]`` copies of each label, in random order."""
    labels = [label for label, n in counts.items() for _ in range(n)]
    return [labels[i] for i in rng.permutation(len(labels))]


# --------------------------------------------------------------------------- pilots


@dataclass(frozen=True)
class PilotSpec:
    """What a pilot's registration must reproduce, and when its practices started."""

    slug: str
    start: dt.date
    end: dt.date
    poh_start: dict[str, dt.date]  # practice code -> first day with a POH
    status_counts: dict[str, int]
    destination_counts: dict[str, int]  # among completed trajectories
    with_intention: bool
    intention_unknown: int  # completed + ongoing rows with onbekend or empty intention


STEENWIJKERLAND = PilotSpec(
    slug="steenwijkerland",
    start=dt.date(2017, 4, 1),
    end=dt.date(2018, 3, 31),
    poh_start={"P01": dt.date(2017, 4, 1), "P02": dt.date(2017, 4, 1), "P03": dt.date(2017, 7, 1),
               "P04": dt.date(2017, 10, 1), "P05": dt.date(2018, 1, 1), "P06": dt.date(2018, 1, 1)},
    status_counts={"afgerond": 93, "lopend": 4, "uitgevallen": 2},
    # 79/93 = 84.9% helped in the practice, 14/93 = 15.1% referred
    destination_counts={"geen": 79, "specialistische_ggz": 6, "basis_ggz": 4, "wijkteam": 2, "jeugdhulp_lvb": 1,
                        "vrij_toegankelijk": 1, "overig": 0},
    with_intention=False,
    intention_unknown=0,
)
TILBURG = PilotSpec(
    slug="tilburg",
    start=dt.date(2017, 1, 1),
    end=dt.date(2018, 6, 30),
    poh_start={"P01": dt.date(2017, 1, 1), "P02": dt.date(2017, 1, 1), "P03": dt.date(2017, 1, 1),
               "P04": dt.date(2017, 4, 1), "P05": dt.date(2017, 4, 1), "P06": dt.date(2017, 7, 1),
               "P07": dt.date(2017, 10, 1), "P08": dt.date(2017, 10, 1)},
    status_counts={"afgerond": 118, "lopend": 15, "uitgevallen": 5},
    # not referred to basis/specialist GGZ: 36 + 6 + 1 + 3 + 1 = 47/118 = 39.8%
    destination_counts={"geen": 36, "specialistische_ggz": 45, "basis_ggz": 26, "wijkteam": 6, "jeugdhulp_lvb": 1,
                        "vrij_toegankelijk": 3, "overig": 1},
    with_intention=True,
    intention_unknown=5,
)
_GRONINGEN_START_MONTH = (9, 9, 9, 10, 10, 10, 10, 11, 11, 11, 11, 12)  # staggered: September to December 2018
_GRONINGEN_PRACTICES = {f"P{i:02d}": dt.date(2018, m, 1) for i, m in enumerate(_GRONINGEN_START_MONTH, start=1)}
GRONINGEN = PilotSpec(
    slug="groningen",
    start=dt.date(2018, 9, 1),
    end=dt.date(2019, 6, 30),
    poh_start=_GRONINGEN_PRACTICES,
    status_counts={"afgerond": 642, "lopend": 280, "uitgevallen": 49},
    destination_counts=exact_counts(642, {"geen": 54, "specialistische_ggz": 20, "wijkteam": 12, "jeugdhulp_lvb": 5,
                                          "basis_ggz": 4, "vrij_toegankelijk": 2, "overig": 3}),
    with_intention=True,
    intention_unknown=int(round(0.15 * 971)),
)
PILOTS = (STEENWIJKERLAND, TILBURG, GRONINGEN)
# Groningen session buckets 1 / 2-7 / >7 in the published ratio 122:339:107, scaled to 642 completed.
GRONINGEN_SESSION_BUCKETS = exact_counts(642, {"1": 122, "2-7": 339, ">7": 107})


def completed_sessions(spec: PilotSpec, destinations: list[str], rng: np.random.Generator) -> list[int]:
    """Number of sessions per completed trajectory, following each pilot's published pattern."""
    if spec is TILBURG:
        return [_tilburg_sessions(d, rng) for d in destinations]
    # Rank by a latent propensity (helped in the practice -> more sessions), then cut in buckets.
    latent = np.array([(0.8 if d == "geen" else 0.0) for d in destinations]) + rng.normal(0, 1, len(destinations))
    order = np.argsort(latent, kind="stable")
    if spec is STEENWIJKERLAND:  # ~1/3 intake + short intervention (1-2), ~2/3 three to eight
        buckets = exact_counts(len(destinations), {"1-2": 1, "3-8": 2})
        ranges = {"1-2": (1, 2), "3-8": (3, 8)}
    else:
        buckets = GRONINGEN_SESSION_BUCKETS
        ranges = {"1": (1, 1), "2-7": (2, 7), ">7": (8, 16)}
    sessions = np.zeros(len(destinations), dtype=int)
    position = 0
    for bucket, size in buckets.items():
        low, high = ranges[bucket]
        values = np.minimum(low + rng.geometric(0.35, size) - 1, high) if high - low > 3 else rng.integers(low, high + 1, size)
        sessions[order[position:position + size]] = values
        position += size
    return sessions.tolist()


def _tilburg_sessions(destination: str, rng: np.random.Generator) -> int:
    """Tilburg: 2-3 contacts before a referral to GGZ, 6-8 when not referred."""
    if destination in ("specialistische_ggz", "basis_ggz"):
        return int(rng.choice([1, 2, 2, 3, 3, 3, 4]))
    if destination == "geen":
        return int(rng.choice([4, 5, 6, 6, 7, 7, 7, 8, 8, 9, 10]))
    return int(rng.choice([2, 3, 4, 5, 6]))


def intention_for(actual: str | None, rng: np.random.Generator) -> str:
    """The GP's stated referral without the POH, given what actually happened."""
    if actual == "geen":
        options = {"specialistische_ggz": 0.38, "basis_ggz": 0.27, "wijkteam": 0.14, "jeugdhulp_lvb": 0.04,
                   "vrij_toegankelijk": 0.04, "geen": 0.13}
    elif actual in ("specialistische_ggz", "basis_ggz"):
        options = {actual: 0.8, "specialistische_ggz" if actual == "basis_ggz" else "basis_ggz": 0.15, "wijkteam": 0.05}
    elif actual is None:  # ongoing or dropped out: intention recorded at hand-over
        options = {"specialistische_ggz": 0.45, "basis_ggz": 0.3, "wijkteam": 0.15, "geen": 0.1}
    else:
        options = {actual: 0.55, "specialistische_ggz": 0.25, "basis_ggz": 0.1, "geen": 0.1}
    return str(rng.choice(list(options), p=np.array(list(options.values())) / sum(options.values())))


def draw_age(rng: np.random.Generator) -> int:
    """CBS-like age mix of youths in jeugdhulp: 0-3 7%, 4-11 46%, 12-17 43%, 18-23 4%."""
    band = rng.choice(4, p=[0.07, 0.46, 0.43, 0.04])
    low, high = [(0, 3), (4, 11), (12, 17), (18, 23)][band]
    return int(rng.integers(low, high + 1))


def draw_help_question(age: int, rng: np.random.Generator) -> str:
    """Main help question; the mix shifts from development/parenting to mood with age."""
    if age < 4:
        weights = [0.02, 0.15, 0.45, 0.33, 0.0, 0.02, 0.03]
    elif age < 12:
        weights = [0.22, 0.28, 0.18, 0.12, 0.12, 0.04, 0.04]
    else:
        weights = [0.45, 0.14, 0.06, 0.04, 0.16, 0.08, 0.07]
    return str(rng.choice(HELP_QUESTIONS, p=weights))


def satisfaction_marks(spec: PilotSpec, n_completed: int, rng: np.random.Generator) -> list[int | None]:
    """Parents' marks for a subset of completed trajectories; Steenwijkerland's mean is exactly 8.2."""
    if spec is STEENWIJKERLAND:
        counts = {"10": 5, "9": 16, "8": 22, "7": 9, "6": 3}  # 55 marks, sum 451, mean 8.2
    else:
        answered = int(round(n_completed * (0.55 if spec is TILBURG else 0.4)))
        counts = exact_counts(answered, {"10": 0.08, "9": 0.25, "8": 0.38, "7": 0.2, "6": 0.06, "5": 0.03})
    marks: list[int | None] = [int(m) for m in shuffled_labels(counts, rng)]
    marks += [None] * (n_completed - len(marks))
    return [marks[i] for i in rng.permutation(n_completed)]


def _practice_weights(spec: PilotSpec) -> tuple[list[str], np.ndarray]:
    codes = list(spec.poh_start)
    days = np.array([(spec.end - spec.poh_start[c]).days + 1 for c in codes], dtype=float)
    return codes, days / days.sum()


def _dates(spec: PilotSpec, practice: str, status: str, sessions: int, rng: np.random.Generator) -> tuple[dt.date, dt.date | None]:
    """Start and end date inside the pilot period and after the practice's POH started."""
    first = spec.poh_start[practice]
    available = (spec.end - first).days
    if status == "lopend":
        earliest = max(first, spec.end - dt.timedelta(days=150))
        start = earliest + dt.timedelta(days=int(rng.integers(0, (spec.end - earliest).days + 1)))
        return start, None
    if status == "uitgevallen":
        duration = int(rng.integers(7, 60))
    else:
        duration = 0 if sessions == 1 and rng.random() < 0.6 else int(sessions * rng.uniform(7, 17) + rng.integers(0, 15))
    duration = min(duration, available)
    start = first + dt.timedelta(days=int(rng.integers(0, available - duration + 1)))
    return start, start + dt.timedelta(days=duration)


def build_trajectories(spec: PilotSpec) -> pl.DataFrame:
    """One row per trajectory with exactly the published counts, shuffled, numbered by start date."""
    rng = rng_for(spec.slug, "trajecten")
    n_completed = spec.status_counts["afgerond"]
    statuses = ["afgerond"] * n_completed + ["lopend"] * spec.status_counts["lopend"] + ["uitgevallen"] * spec.status_counts["uitgevallen"]
    destinations: list[str | None] = list(shuffled_labels(spec.destination_counts, rng))
    sessions = completed_sessions(spec, destinations, rng)
    for status in statuses[n_completed:]:
        destinations.append(None)
        sessions.append(int(rng.integers(1, 7)) if status == "lopend" else int(rng.integers(1, 4)))
    marks = satisfaction_marks(spec, n_completed, rng) + [None] * (len(statuses) - n_completed)
    codes, weights = _practice_weights(spec)
    rows = []
    for i, status in enumerate(statuses):
        practice = str(rng.choice(codes, p=weights))
        start, end = _dates(spec, practice, status, sessions[i], rng)
        age = draw_age(rng)
        rows.append({
            "praktijk": practice, "startdatum": start, "einddatum": end, "status": status,
            "verwezen_naar": destinations[i], "aantal_gesprekken": sessions[i],
            "verwijzing_zonder_poh": intention_for(destinations[i], rng) if spec.with_intention else None,
            "leeftijd": age,
            "geslacht": str(rng.choice(["j", "m", "x", "onbekend"], p=[0.52, 0.46, 0.01, 0.01])),
            "hulpvraag": draw_help_question(age, rng),
            "wachttijd_dagen": int(min(rng.negative_binomial(2, 2 / 8), 60)) if rng.random() < 0.93 else None,
            "tevredenheid": marks[i],
            "doel_bereikt": _goal(status, destinations[i], rng),
        })
    if spec.with_intention:
        _blank_some_intentions(spec, rows, rng)
    rows = [rows[i] for i in rng.permutation(len(rows))]
    rows.sort(key=lambda r: (r["startdatum"], r["praktijk"]))
    frame = pl.DataFrame(rows, schema_overrides={"einddatum": pl.Date, "verwezen_naar": pl.String,
                                                 "verwijzing_zonder_poh": pl.String, "tevredenheid": pl.Int64,
                                                 "wachttijd_dagen": pl.Int64, "doel_bereikt": pl.String})
    ids = pl.Series("traject_id", [f"T{i:04d}" for i in range(1, frame.height + 1)])
    return frame.insert_column(0, ids).select(STANDARD_COLUMNS)


def _goal(status: str, destination: str | None, rng: np.random.Generator) -> str | None:
    """Goal reached (asked at closure, not always answered); mostly yes when helped in the practice."""
    if status != "afgerond" or rng.random() < 0.3:
        return None
    p = [0.75, 0.2, 0.05] if destination == "geen" else [0.45, 0.35, 0.2]
    return str(rng.choice(["ja", "deels", "nee"], p=p))


def _blank_some_intentions(spec: PilotSpec, rows: list[dict], rng: np.random.Generator) -> None:
    """Exactly ``spec.intention_unknown`` recorded intentions become onbekend (Tilburg) or onbekend/empty."""
    candidates = [i for i, r in enumerate(rows) if r["verwijzing_zonder_poh"] is not None]
    chosen = rng.choice(candidates, size=spec.intention_unknown, replace=False)
    for k, i in enumerate(sorted(chosen)):
        rows[i]["verwijzing_zonder_poh"] = "onbekend" if spec is TILBURG or k % 2 == 0 else None


# --------------------------------------------------------------------------- writers of trajectories


def _csv_bytes(header: Sequence[str], rows: Sequence[Sequence[object]], delimiter: str, newline: str = "\r\n") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def write_steenwijkerland(frame: pl.DataFrame, folder: Path) -> None:
    """Semicolon CSV with dd-mm-jjjj dates like a Dutch Excel export; no verwijzing_zonder_poh column."""
    columns = [c for c in STANDARD_COLUMNS if c != "verwijzing_zonder_poh"]
    rows = [[_cell(v) for v in row] for row in frame.select(columns).iter_rows()]
    (folder / "trajecten.csv").write_bytes(_csv_bytes(columns, rows, ";"))


TILBURG_HEADERS = {
    "traject_id": "Trajectnummer", "praktijk": "Huisartspraktijk", "startdatum": "Startdatum",
    "einddatum": "Einddatum", "status": "Status", "verwezen_naar": "Verwezen naar",
    "aantal_gesprekken": "Aantal contacten", "verwijzing_zonder_poh": "Verwijzing zonder POH (inschatting huisarts)",
    "leeftijd": "Leeftijd", "geslacht": "Geslacht", "hulpvraag": "Hulpvraag", "wachttijd_dagen": "Wachttijd (dagen)",
    "tevredenheid": "Rapportcijfer ouders", "doel_bereikt": "Doel bereikt",
}
FIXED_TIME = dt.datetime(2024, 1, 1, 12, 0, 0)


def write_tilburg(frame: pl.DataFrame, folder: Path) -> None:
    """Excel workbook with the gemeente's own column headers (mapped via data.kolommen)."""
    workbook = xlsxwriter.Workbook(str(folder / "trajecten.xlsx"))
    workbook.set_properties({"title": "Registratie POH-GGZ Jeugd Tilburg (synthetisch)", "created": FIXED_TIME,
                             "comments": "Synthetische voorbeelddata, geen echte cliënten."})
    sheet = workbook.add_worksheet("Registratie")
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7"})
    date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
    for col, name in enumerate(STANDARD_COLUMNS):
        sheet.write_string(0, col, TILBURG_HEADERS[name], bold)
        sheet.set_column(col, col, max(12, len(TILBURG_HEADERS[name]) + 2))
    for r, row in enumerate(frame.iter_rows(), start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, int):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    sheet.freeze_panes(1, 0)
    note = workbook.add_worksheet("Toelichting")
    note.write_string(0, 0, "Synthetische voorbeelddata, gemaakt door examples/generate.py. Geen echte kinderen of praktijken.")
    workbook.close()


def write_groningen(frame: pl.DataFrame, folder: Path) -> None:
    """Parquet with typed columns (dates as Date, counts as Int64)."""
    frame.write_parquet(folder / "trajecten.parquet", compression="zstd", statistics=False,
                        metadata={"synthetisch": "ja", "bron": f"examples/generate.py, seed {SEED}; geen echte kinderen"})


# --------------------------------------------------------------------------- practice panels


@dataclass(frozen=True)
class PanelSpec:
    slug: str
    periods: tuple[str, ...]
    period_starts: tuple[dt.date, ...]
    comparison_practices: int
    base_rate: float  # GP referrals to jeugdhulp per enrolled youth per period


def quarters(first: tuple[int, int], count: int) -> tuple[tuple[str, ...], tuple[dt.date, ...]]:
    year, q = first
    labels, starts = [], []
    for _ in range(count):
        labels.append(f"{year}-Q{q}")
        starts.append(dt.date(year, 3 * q - 2, 1))
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return tuple(labels), tuple(starts)


def months(first: tuple[int, int], count: int) -> tuple[tuple[str, ...], tuple[dt.date, ...]]:
    year, m = first
    labels, starts = [], []
    for _ in range(count):
        labels.append(f"{year}-{m:02d}")
        starts.append(dt.date(year, m, 1))
        year, m = (year + 1, 1) if m == 12 else (year, m + 1)
    return tuple(labels), tuple(starts)


PANELS = {
    "steenwijkerland": PanelSpec("steenwijkerland", *quarters((2016, 1), 9), comparison_practices=9, base_rate=0.014),
    "tilburg": PanelSpec("tilburg", *quarters((2015, 1), 14), comparison_practices=14, base_rate=0.015),
    "groningen": PanelSpec("groningen", *months((2018, 1), 18), comparison_practices=14, base_rate=0.005),
}


def _period_effect(start: dt.date, index: int, monthly: bool) -> float:
    """Log period effect: 2% growth per year plus a summer dip."""
    trend = 0.02 * index / (12 if monthly else 4)
    summer = -0.25 if monthly and start.month in (7, 8) else (-0.08 if not monthly and start.month == 7 else 0.0)
    return trend + summer


def build_panel(spec: PilotSpec, panel: PanelSpec) -> pl.DataFrame:
    """verwijzingen ~ Poisson(jeugd x rate x practice x period x RR^poh x frailty), frailty ~ Gamma(k, 1/k)."""
    rng = rng_for(spec.slug, "praktijken")
    rr = TRUE_RATE_RATIOS[spec.slug]
    k = PANEL_TRUTH["gamma_shape"]
    monthly = panel.periods[0][5:].isdigit()
    codes = list(spec.poh_start) + [f"P{i:02d}" for i in range(len(spec.poh_start) + 1, len(spec.poh_start) + panel.comparison_practices + 1)]
    rows = []
    for code in codes:
        has_poh = code in spec.poh_start
        effect = rng.normal(0, PANEL_TRUTH["practice_sd"]) + (np.log1p(PANEL_TRUTH["selection_poh_practices"]) if has_poh else 0.0)
        low_income = round(float(rng.uniform(0.05, 0.28)), 3)
        youth = float(rng.integers(450, 1700))
        for index, (label, start) in enumerate(zip(panel.periods, panel.period_starts)):
            active = int(has_poh and start >= spec.poh_start[code])
            youth *= float(np.exp(rng.normal(0.0, 0.01)))
            log_mu = (np.log(youth * panel.base_rate) + effect + _period_effect(start, index, monthly)
                      + PANEL_TRUTH["beta_low_income"] * (low_income - 0.15) + np.log(rr) * active)
            frailty = rng.gamma(k, 1 / k)
            rows.append({"praktijk": code, "periode": label, "poh_actief": active,
                         "verwijzingen": int(rng.poisson(np.exp(log_mu) * frailty)),
                         "ingeschreven_jeugd": int(round(youth)), "aandeel_lage_inkomens": low_income})
    return pl.DataFrame(rows)


def write_panel(frame: pl.DataFrame, folder: Path) -> None:
    rows = [[str(v) for v in row] for row in frame.iter_rows()]
    (folder / "praktijken.csv").write_bytes(_csv_bytes(frame.columns, rows, ",", "\n"))


# --------------------------------------------------------------------------- CBS series

# (code, name, trajectories 2022, GP referrals 2022) from the real CBS extract (shared/cbs, CBS CC BY 4.0).
SMALL_COMPARATORS = (
    ("GM0047", "Veendam", 1535, 520), ("GM0119", "Meppel", 1465, 685), ("GM0171", "Noordoostpolder", 1560, 505),
    ("GM0303", "Dronten", 1500, 145), ("GM0353", "IJsselstein", 1470, 540), ("GM0396", "Heemskerk", 1520, 690),
    ("GM0406", "Huizen", 1520, 755), ("GM0420", "Medemblik", 1535, 535), ("GM0441", "Schagen", 1545, 580),
    ("GM0489", "Barendrecht", 1450, 775), ("GM0512", "Gorinchem", 1650, 385), ("GM0531", "Hendrik-Ido-Ambacht", 1590, 540),
    ("GM0597", "Ridderkerk", 1505, 610), ("GM0610", "Sliedrecht", 1560, 275), ("GM0797", "Heusden", 1620, 530),
    ("GM0984", "Venray", 1490, 285), ("GM1507", "Horst aan de Maas", 1450, 500), ("GM1586", "Oost Gelre", 1470, 265),
    ("GM1709", "Moerdijk", 1530, 670), ("GM1711", "Echt-Susteren", 1585, 250), ("GM1859", "Berkelland", 1630, 425),
    ("GM1924", "Goeree-Overflakkee", 1565, 400), ("GM1940", "De Fryske Marren", 1460, 525),
    ("GM1949", "Waadhoeke", 1580, 560), ("GM1970", "Noardeast-Fryslân", 1605, 610),
)
LARGE_COMPARATORS = (
    ("GM0034", "Almere", 9825, 3750), ("GM0080", "Leeuwarden", 5915, 2100), ("GM0153", "Enschede", 7065, 1935),
    ("GM0193", "Zwolle", 5455, 1025), ("GM0200", "Apeldoorn", 7335, 1385), ("GM0202", "Arnhem", 7300, 2365),
    ("GM0228", "Ede", 4485, 1930), ("GM0268", "Nijmegen", 6705, 2905), ("GM0307", "Amersfoort", 8165, 3010),
    ("GM0345", "Veenendaal", 4415, 705), ("GM0361", "Alkmaar", 4705, 2180), ("GM0392", "Haarlem", 5640, 2660),
    ("GM0394", "Haarlemmermeer", 6150, 3075), ("GM0479", "Zaanstad", 7855, 1730), ("GM0484", "Alphen aan den Rijn", 5735, 1160),
    ("GM0503", "Delft", 4905, 1385), ("GM0505", "Dordrecht", 6165, 1675), ("GM0546", "Leiden", 5000, 1455),
    ("GM0637", "Zoetermeer", 7070, 3125), ("GM0758", "Breda", 6830, 2825), ("GM0772", "Eindhoven", 7265, 2070),
    ("GM0796", "'s-Hertogenbosch", 5540, 1770), ("GM0828", "Oss", 4830, 1090), ("GM0917", "Heerlen", 4210, 440),
    ("GM0935", "Maastricht", 4505, 1320),
)
PILOT_AREAS = {
    "steenwijkerland": (("GM1708", "Steenwijkerland", 1540, 475), SMALL_COMPARATORS),
    "tilburg": (("GM0855", "Tilburg", 8280, 3330), tuple(c for c in LARGE_COMPARATORS)),
    "groningen": (("GM0014", "Groningen", 8265, 3515), tuple(c for c in LARGE_COMPARATORS if c[0] != "GM0080") + (("GM0855", "Tilburg", 8280, 3330),)),
}
NATIONAL_TRAJECTORIES_PER_HALF_YEAR = 246_000  # 2015HJ01; +2.5% per half year gives 549,560 in 2017
OTHER_REFERRER_SHARES = {"Jeugdarts_12": 0.022, "GecertificeerdeInstelling_13": 0.085, "MedischSpecialist_14": 0.045,
                         "RechterOfficierVanJustitie_15": 0.004, "VerwijzerOnbekend_17": 0.004}
STATLINE_HEADER = (
    "", "ID", "VormenVanJeugdzorg", "Wijken", "Perioden", "TotaalJongerenMetJeugdzorgInNatura_1", "k_0Tot4Jaar_2",
    "k_4Tot12Jaar_3", "k_12Tot18Jaar_4", "k_18Tot23Jaar_5", "ThuiswonendKindInEenouderhuishouden_6",
    "ThuiswonendKindBijEenPaar_7", "AnderHuishouden_8", "TotaalTrajectenInNatura_9", "GemeentelijkeToegang_10",
    "Huisarts_11", "Jeugdarts_12", "GecertificeerdeInstelling_13", "MedischSpecialist_14",
    "RechterOfficierVanJustitie_15", "GeenVerwijzer_16", "VerwijzerOnbekend_17", "Gemeentenaam_18", "SoortRegio_19",
    "Codering_20", "IndelingswijzigingWijken_21",
)


def _gp_share(slug: str, code: str, base: float, period: str, rng: np.random.Generator) -> float:
    """Expected GP share for one area and half year, following ``CBS_SCENARIOS``."""
    national = NATIONAL_GP_SHARE[period]
    scenario = CBS_SCENARIOS[slug]
    post = period >= {"steenwijkerland": "2017HJ01", "tilburg": "2017HJ01", "groningen": "2018HJ02"}[slug]
    if code == scenario["gebied"] and slug == "steenwijkerland":
        level = 0.35 if not post else (0.41 if period <= "2018HJ01" else 0.40)
        return level + rng.normal(0, 0.004)
    noise = rng.normal(0, 0.006 if code == scenario["gebied"] else 0.012)
    share = base + (national - 0.40) + noise
    if code == scenario["gebied"] and post:
        share += float(scenario["effect"]) * (0.5 if period == "2018HJ02" and slug == "groningen" else 1.0)
    return share


def _round5(x: float) -> int:
    return int(5 * round(x / 5))


def _area_counts(total: float, gp_share: float, gt_share: float, rng: np.random.Generator) -> dict[str, float]:
    """Unrounded counts per referrer and per youth column for one area and period."""
    counts = {"Huisarts_11": total * gp_share, "GemeentelijkeToegang_10": total * gt_share}
    for name, share in OTHER_REFERRER_SHARES.items():
        counts[name] = total * share * float(rng.uniform(0.6, 1.4))
    counts["GeenVerwijzer_16"] = max(total - sum(counts.values()), 0.0)
    youths = total * 0.68
    counts.update({"TotaalTrajectenInNatura_9": total, "TotaalJongerenMetJeugdzorgInNatura_1": youths,
                   "k_0Tot4Jaar_2": youths * 0.065, "k_4Tot12Jaar_3": youths * 0.48, "k_12Tot18Jaar_4": youths * 0.415,
                   "k_18Tot23Jaar_5": youths * 0.04, "ThuiswonendKindInEenouderhuishouden_6": youths * 0.28,
                   "ThuiswonendKindBijEenPaar_7": youths * 0.64, "AnderHuishouden_8": youths * 0.08})
    return counts


def _format_count(value: float) -> str:
    """Counts rounded to multiples of 5; below 5 suppressed as '.' (CBS practice)."""
    rounded = _round5(value)
    return f"{'.' if value < 5 or rounded < 5 else rounded:>8}"


def build_cbs_series(slug: str) -> list[dict[str, object]]:
    """Per area and half year: unrounded counts and the share used, for the StatLine and tidy files."""
    rng = rng_for(slug, "cbs")
    pilot, comparators = PILOT_AREAS[slug]
    records = []
    for index, period in enumerate(HALF_YEARS):
        national_total = NATIONAL_TRAJECTORIES_PER_HALF_YEAR * 1.025**index
        nl = _area_counts(national_total, NATIONAL_GP_SHARE[period], 0.27, rng)
        records.append({"code": "NL00", "name": "", "period": period, "counts": nl, "youth": 3_900_000.0})
        for code, name, total_2022, gp_2022 in (pilot, *comparators):
            base = CBS_SCENARIOS[slug]["voor"] if code == pilot[0] else min(max(gp_2022 / total_2022 + 0.07, 0.12), 0.6)
            total = total_2022 / 2 * 0.72 * 1.025**index * float(rng.uniform(0.95, 1.05))
            share = _gp_share(slug, code, float(base), period, rng)
            local_team = 0.37 if code == "GM1708" else float(np.clip(0.27 + rng.normal(0, 0.05), 0.1, 0.45))
            counts = _area_counts(total, share, local_team, rng)
            if rng.random() < 0.15:
                counts["VerwijzerOnbekend_17"] += float(rng.integers(5, 25))
            youth = total_2022 * 0.68 * 8.4
            records.append({"code": code, "name": name, "period": period, "counts": counts, "youth": youth})
    return records


def _suppressed_row(slug: str, record: dict[str, object]) -> bool:
    """One comparator period delivered incompletely: CBS shows the whole row as '.'."""
    return (record["code"], record["period"]) in {("GM0597", "2016HJ02"), ("GM0479", "2017HJ02"), ("GM0505", "2019HJ01")}


def statline_bytes(slug: str, records: list[dict[str, object]]) -> bytes:
    """The StatLine export shape of shared/cbs/gemeentedata-2022.csv: padded codes, '.', CRLF."""
    ordered = sorted(records, key=lambda r: (r["code"] != "NL00", str(r["name"]).lower(), r["period"]))
    lines = [",".join(STATLINE_HEADER)]
    for index, record in enumerate(ordered):
        counts = record["counts"]
        is_nl = record["code"] == "NL00"
        blank = _suppressed_row(slug, record)
        values = [f"{'.':>8}" if blank else _format_count(counts[h]) for h in STATLINE_HEADER[5:22]]
        lines.append(",".join([
            str(index), str(3 * index + 2), "T001203", f"{record['code']:<10}", str(record["period"]), *values,
            f"{record['name']:<40}", "         " if is_nl else "Gemeente ", "NL01      " if is_nl else f"{record['code']:<10}",
            f"{'.' if is_nl else '1':>8}",
        ]))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def tidy_bytes(records: list[dict[str, object]]) -> bytes:
    """Tidy CSV per calendar year: gebied, periode, huisarts, totaal, jeugd_inwoners."""
    years: dict[tuple[str, str], dict[str, float]] = {}
    for record in records:
        key = (str(record["code"]), str(record["period"])[:4])
        entry = years.setdefault(key, {"huisarts": 0.0, "totaal": 0.0, "jeugd": float(record["youth"])})
        entry["huisarts"] += record["counts"]["Huisarts_11"]
        entry["totaal"] += record["counts"]["TotaalTrajectenInNatura_9"]
    rows = [[code, year, _round5(v["huisarts"]), _round5(v["totaal"]), _round5(v["jeugd"] * (1 + 0.004 * (int(year) - 2015)))]
            for (code, year), v in sorted(years.items(), key=lambda kv: (kv[0][0] != "NL00", kv[0]))]
    return _csv_bytes(("gebied", "periode", "huisarts", "totaal", "jeugd_inwoners"), rows, ",", "\n")


# --------------------------------------------------------------------------- template


TEMPLATE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("traject_id", "ja", "Pseudoniem van het traject, bijvoorbeeld T0001. Uniek. Geen naam, BSN of geboortedatum."),
    ("praktijk", "ja", "Code van de huisartsenpraktijk, bijvoorbeeld P01. Gebruik steeds dezelfde code."),
    ("startdatum", "ja", "Datum van het eerste gesprek (dd-mm-jjjj)."),
    ("einddatum", "nee", "Datum van afsluiten (dd-mm-jjjj). Leeg zolang het traject loopt."),
    ("status", "ja", "afgerond, lopend of uitgevallen."),
    ("verwezen_naar", "bij afgerond", "Waarheen na afsluiten: geen (geholpen in de praktijk) of de plek van verwijzing."),
    ("aantal_gesprekken", "ja", "Aantal gesprekken met de POH (geheel getal, 0 of meer)."),
    ("verwijzing_zonder_poh", "nee, wel sterk aanbevolen",
     "Wat de huisarts bij de overdracht zegt: 'zonder POH had ik verwezen naar ...'. Onbekend mag."),
    ("leeftijd", "nee", "Leeftijd in jaren bij de start (0 t/m 23). Geen geboortedatum."),
    ("geslacht", "nee", "j (jongen), m (meisje), x, of onbekend."),
    ("hulpvraag", "nee", "Belangrijkste hulpvraag."),
    ("wachttijd_dagen", "nee", "Dagen tussen aanmelding bij de POH en het eerste gesprek."),
    ("tevredenheid", "nee", "Rapportcijfer van ouder of jeugdige (1 t/m 10)."),
    ("doel_bereikt", "nee", "Is het doel bereikt bij afsluiten: ja, deels of nee."),
)
TEMPLATE_LISTS: dict[str, tuple[str, ...]] = {
    "status": ("afgerond", "lopend", "uitgevallen"),
    "verwezen_naar": DESTINATIONS,
    "verwijzing_zonder_poh": DESTINATIONS + ("onbekend",),
    "geslacht": ("j", "m", "x", "onbekend"),
    "hulpvraag": HELP_QUESTIONS,
    "doel_bereikt": ("ja", "deels", "nee"),
}
TEMPLATE_ROWS = 1000


def write_template(path: Path) -> None:
    """Empty registration workbook: header row, dropdowns and checks, and a 'Toelichting' sheet."""
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"title": "Registratiesjabloon POH-jeugd", "created": FIXED_TIME,
                             "comments": "Eén rij per traject. Geen namen, BSN of geboortedatum invullen."})
    sheet = workbook.add_worksheet("Registratie")
    header = workbook.add_format({"bold": True, "bg_color": "#154273", "font_color": "#FFFFFF"})
    date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
    last = TEMPLATE_ROWS
    for col, (name, required, text) in enumerate(TEMPLATE_COLUMNS):
        sheet.write_string(0, col, name, header)
        sheet.write_comment(0, col, f"Verplicht: {required}. {text}")
        sheet.set_column(col, col, max(14, len(name) + 3), date_format if name.endswith("datum") else None)
        if name in TEMPLATE_LISTS:
            sheet.data_validation(1, col, last, col, {
                "validate": "list", "source": list(TEMPLATE_LISTS[name]),
                "error_title": "Ongeldige waarde", "error_message": "Kies een waarde uit de lijst.",
            })
        elif name.endswith("datum"):
            sheet.data_validation(1, col, last, col, {
                "validate": "date", "criteria": ">=", "value": dt.date(2010, 1, 1),
                "error_message": "Vul een datum in (dd-mm-jjjj).",
            })
        elif name in ("aantal_gesprekken", "wachttijd_dagen", "leeftijd", "tevredenheid"):
            low, high = {"aantal_gesprekken": (0, 200), "wachttijd_dagen": (0, 730), "leeftijd": (0, 23), "tevredenheid": (1, 10)}[name]
            sheet.data_validation(1, col, last, col, {
                "validate": "decimal" if name == "tevredenheid" else "integer", "criteria": "between",
                "minimum": low, "maximum": high, "error_message": f"Vul een getal van {low} t/m {high} in.",
            })
    sheet.freeze_panes(1, 0)
    _write_explanation(workbook)
    workbook.close()


def _write_explanation(workbook: xlsxwriter.Workbook) -> None:
    sheet = workbook.add_worksheet("Toelichting")
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet.write_string(0, 0, "Registratie POH-jeugd: één rij per traject. Vul geen namen, BSN, adressen of geboortedata in.", bold)
    for col, title in enumerate(("Kolom", "Verplicht", "Betekenis", "Toegestane waarden")):
        sheet.write_string(2, col, title, bold)
    for row, (name, required, text) in enumerate(TEMPLATE_COLUMNS, start=3):
        sheet.write_string(row, 0, name)
        sheet.write_string(row, 1, required)
        sheet.write_string(row, 2, text, wrap)
        sheet.write_string(row, 3, ", ".join(TEMPLATE_LISTS.get(name, ())), wrap)
    sheet.set_column(0, 1, 24)
    sheet.set_column(2, 3, 70)


# --------------------------------------------------------------------------- folder README

FOLDER_TEXT = {
    "steenwijkerland": (
        "Steenwijkerland (GM1708), POH Jeugd-GGZ, 1 april 2017 - 31 maart 2018",
        "- `trajecten.csv`: 99 trajecten (93 afgerond, 4 lopend, 2 uitgevallen); van de afgeronde trajecten "
        "79 (84,9%) geholpen in de praktijk en 14 (15,1%) verwezen; 31 met 1-2 gesprekken en 62 met 3-8; "
        "55 rapportcijfers van ouders, gemiddeld precies 8,2. Puntkomma-gescheiden, datums dd-mm-jjjj, zoals "
        "een Nederlandse Excel-export. Er is bewust GEEN kolom `verwijzing_zonder_poh`: deze pilot gebruikt "
        "de aanname `verwijskans_zonder_poh` uit het pilotbestand.",
    ),
    "tilburg": (
        "Tilburg (GM0855), POH-GGZ Jeugd met CZ, 1 januari 2017 - 30 juni 2018",
        "- `trajecten.xlsx` (tabblad `Registratie`): 138 trajecten (118 afgerond, 15 lopend, 5 uitgevallen); "
        "van de afgeronde trajecten 47 (39,8%) niet verwezen naar basis- of specialistische GGZ (36 geen, "
        "6 wijkteam, 3 vrij toegankelijk, 1 jeugdhulp/LVB, 1 overig); gemiddeld ongeveer 2,5 contacten bij een "
        "verwijzing naar de GGZ en 7 zonder verwijzing. De kolom met de inschatting van de huisarts "
        "(`verwijzing_zonder_poh`) is voor iedereen gevuld, 5 keer `onbekend`. Eigen kolomkoppen "
        "(`Trajectnummer`, `Aantal contacten`, ...) worden in `pilots/tilburg.yaml` via `data.kolommen` vertaald.\n"
        "- `cbs-tidy.csv`: dezelfde CBS-reeks als `cbs-statline.csv`, per kalenderjaar in het eenvoudige formaat "
        "`gebied, periode, huisarts, totaal, jeugd_inwoners` (jeugd_inwoners is een synthetische schatting).",
    ),
    "groningen": (
        "Groningen (GM0014), Ondersteuner Jeugd en Gezin (OJG), 1 september 2018 - 30 juni 2019",
        "- `trajecten.parquet`: 971 trajecten (642 afgerond, 280 lopend, 49 uitgevallen); bestemmingen van de "
        "afgeronde trajecten 347 geen (54,0%), 128 specialistische GGZ (19,9%), 77 wijkteam (12,0%), 32 "
        "jeugdhulp/LVB (5,0%), 26 basis-GGZ (4,0%), 13 vrij toegankelijk (2,0%), 19 overig (3,0%); aantal "
        "gesprekken 138 x 1, 383 x 2-7 en 121 x meer dan 7 (verhouding 122 : 339 : 107). "
        "`verwijzing_zonder_poh` is bij 146 trajecten (15%) `onbekend` of leeg.",
    ),
}


def readme_text(spec: PilotSpec) -> str:
    """The folder README: synthetic, what each file reproduces, and the truths to recover."""
    title, trajectories = FOLDER_TEXT[spec.slug]
    panel = PANELS[spec.slug]
    scenario = CBS_SCENARIOS[spec.slug]
    poh = ", ".join(f"{code} vanaf {start:%d-%m-%Y}" for code, start in spec.poh_start.items())
    return f"""# Voorbeelddata {title}

**SYNTHETISCH.** Alle bestanden in deze map zijn gemaakt door `examples/generate.py` (seed {SEED}).
Ze bootsen de gepubliceerde totalen van de pilot na, maar beschrijven geen echte kinderen, ouders,
huisartsen of praktijken. Gebruik ze als voorbeeld en om de evaluator te testen, nooit als bron.

## Registratie
{trajectories}

## Praktijkpanel (`praktijken.csv`)
{len(spec.poh_start)} praktijken met POH ({poh}) en {panel.comparison_practices} vergelijkingspraktijken zonder POH,
periodes {panel.periods[0]} t/m {panel.periods[-1]}. Gesimuleerd als
`verwijzingen ~ Poisson(ingeschreven_jeugd x basiskans x praktijkeffect x periode-effect x RR^poh_actief x frailty)`,
met frailty ~ Gamma(k = {PANEL_TRUTH['gamma_shape']:g}, schaal 1/k) per praktijk en periode.

- **Ware rate ratio (RR) van de POH: {TRUE_RATE_RATIOS[spec.slug]:.2f}**
- basiskans {panel.base_rate} verwijzingen per ingeschreven jeugdige per periode; periode-effect +2% per jaar en een zomerdip;
- praktijkeffect lognormaal (sd {PANEL_TRUTH['practice_sd']}); praktijken met POH verwezen vooraf {PANEL_TRUTH['selection_poh_practices']:.0%} meer (selectie, valt weg tegen praktijkeffecten);
- covariaat `aandeel_lage_inkomens`: log-effect {PANEL_TRUTH['beta_low_income']:g} per eenheid (gecentreerd op 0,15).

De seed is openlijk zo gekozen dat een Poisson-regressie met praktijk- en periode-effecten in deze
bestanden de ware RR binnen het 95%-interval vindt; de dekking over herhaalde trekkingen hoort in de
simulatietests van de schatter thuis.

## CBS-reeks (`cbs-statline.csv`)
In de vorm van een StatLine-export (zoals `shared/cbs/gemeentedata-2022.csv`): halfjaren 2015HJ01 t/m
2019HJ02, de pilotgemeente, {len(PILOT_AREAS[spec.slug][1])} vergelijkingsgemeenten (echte codes en namen, synthetische
aantallen geschaald naar hun CBS-cijfers van 2022) en Nederland (NL00). Aantallen afgerond op vijftallen,
`.` voor aantallen onder 5, en enkele rijen waarin CBS de hele gemeente onderdrukt.

- **Scenario: {scenario['beschrijving']}.**
- Landelijk aandeel huisarts: 40% (2015-2016), 36% (2017), 34% (2018HJ01), 33% (2019).
"""


# --------------------------------------------------------------------------- main


def main(out_dir: Path | str = HERE) -> dict[str, Path]:
    """Write all example data under ``out_dir``; return the written files by name."""
    out = Path(out_dir)
    writers = {"steenwijkerland": write_steenwijkerland, "tilburg": write_tilburg, "groningen": write_groningen}
    written: dict[str, Path] = {}
    for spec in PILOTS:
        folder = out / spec.slug
        folder.mkdir(parents=True, exist_ok=True)
        writers[spec.slug](build_trajectories(spec), folder)
        write_panel(build_panel(spec, PANELS[spec.slug]), folder)
        records = build_cbs_series(spec.slug)
        (folder / "cbs-statline.csv").write_bytes(statline_bytes(spec.slug, records))
        if spec is TILBURG:
            (folder / "cbs-tidy.csv").write_bytes(tidy_bytes(records))
        (folder / "README.md").write_text(readme_text(spec), encoding="utf-8")
    write_template(out / "registratie-sjabloon.xlsx")
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.suffix in (".csv", ".xlsx", ".parquet") or path.name == "README.md" and path.parent != out:
            written[str(path.relative_to(out))] = path
    return written


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Maak de synthetische voorbeelddata opnieuw.")
    parser.add_argument("--out", type=Path, default=HERE, help="map om in te schrijven (standaard: examples/)")
    for name in main(parser.parse_args().out):
        print(name)
