"""Load and validate the optional practice panel (``data.praktijken``, issue 6 level 2).

``load_practice_panel(path, sheet=None) -> pl.DataFrame`` reads any CSV/Excel/Parquet via
``load.read_table`` and returns one row per practice and period with the columns of
docs/architecture.md: ``praktijk`` (String), ``periode`` (String as given), ``period_start``
(Date), ``period_index`` (Int64, calendar position from 0; quarters and months keep gaps), ``poh_actief``, ``verwijzingen``,
``ingeschreven_jeugd`` (Int64) and every other column as a Float64 covariate, plus ``__row``.

All problems are collected and raised together as one ``DataError`` with ``Problem``s naming
file, row and column. Choices:
- A practice missing some periods is allowed (the fixed-effects estimate uses the periods it
  has); this is reported as a ``waarschuwing`` Problem and stored in ``frame`` only as absent rows.
- A panel in which no practice ever has ``poh_actief = 1``, in which every practice is treated
  in every period, or without any untreated period is an error: the estimate would have no
  comparison (the treatment effect is then not identified).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl

from evaluator.errors import DataError, Problem, display_path
from evaluator.inputs.files import ROW, read_table
from evaluator.inputs.privacy import check_identifiers, shown_value

REQUIRED = ("praktijk", "periode", "poh_actief", "verwijzingen", "ingeschreven_jeugd")
COUNTS = ("verwijzingen", "ingeschreven_jeugd")

_QUARTER = re.compile(r"^(\d{4})\s*[-_ ]?\s*[QqKk](\d)$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


def parse_period(text: str) -> tuple[dt.date, str] | None:
    """Start date and kind ("kwartaal", "maand", "datum") of ``YYYY-Qn``, ``YYYY-MM`` or a date."""
    value = text.strip()
    if m := _QUARTER.match(value):
        quarter = int(m.group(2))
        if 1 <= quarter <= 4:
            return dt.date(int(m.group(1)), 3 * quarter - 2, 1), "kwartaal"
        return None
    try:
        if m := _MONTH.match(value):
            return dt.date(int(m.group(1)), int(m.group(2)), 1), "maand"
        if m := _DATE.match(value):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "datum"
        if m := _DUTCH_DATE.match(value):
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))), "datum"
    except ValueError:
        return None
    return None


def _calendar_positions(starts: list[dt.date], kinds: set[str]) -> list[int]:
    """Position of each period on the calendar, counted from the first.

    Quarters and months count calendar steps, so a period missing from the whole file
    leaves a gap instead of silently pulling later periods forward (which would shift
    event-study timing). Free dates have no regular step and are ranked.
    """
    if kinds == {"kwartaal"}:
        steps = [d.year * 4 + (d.month - 1) // 3 for d in starts]
    elif kinds == {"maand"}:
        steps = [d.year * 12 + d.month - 1 for d in starts]
    else:
        return list(range(len(starts)))
    return [step - steps[0] for step in steps]


def _integer(text: str | None) -> int | None:
    if text is None:
        return None
    value = text.strip().replace(" ", "")
    if re.fullmatch(r"[+-]?\d+", value):
        return int(value)
    if re.fullmatch(r"[+-]?\d+[.,]0+", value):
        return int(re.split(r"[.,]", value)[0])
    return None


def _number(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None


def load_practice_panel(path: Path, sheet: str | None = None) -> pl.DataFrame:
    """Read, validate and type the practice panel; raise ``DataError`` listing every problem."""
    raw = read_table(Path(path), sheet=sheet)
    check_identifiers(raw)
    shown = display_path(path)
    frame = raw.frame
    problems: list[Problem] = []
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        for column in missing:
            problems.append(Problem(shown, f"de verplichte kolom '{column}' ontbreekt", None, column))
        raise DataError(
            f"Het praktijkbestand '{shown}' mist de kolom(men) {', '.join(missing)}. Verplicht zijn: "
            f"{', '.join(REQUIRED)}. Aanwezig: {', '.join(shown_value(h) for h in raw.columns_original.values())}.",
            problems=tuple(problems),
        )
    covariates = [c for c in frame.columns if c not in REQUIRED and c != ROW]
    records: dict[str, list] = {c: [] for c in (*REQUIRED, "period_start", ROW, *covariates)}
    kinds: set[str] = set()
    for rec in frame.iter_rows(named=True):
        row = rec[ROW]
        practice = (rec["praktijk"] or "").strip()
        if not practice:
            problems.append(Problem(shown, "de praktijk is leeg", row, "praktijk"))
        period = (rec["periode"] or "").strip()
        parsed = parse_period(period)
        if parsed is None:
            problems.append(Problem(
                shown, f"'{shown_value(period)}' is geen periode; gebruik bijvoorbeeld 2023-Q1, 2023-01 of 2023-01-01", row, "periode"
            ))
        else:
            kinds.add(parsed[1])
        values = {}
        for column in ("poh_actief", *COUNTS):
            value = _integer(rec[column])
            if value is None:
                problems.append(Problem(shown, f"'{shown_value(rec[column] or '')}' is geen geheel getal", row, column))
            elif column == "poh_actief" and value not in (0, 1):
                problems.append(Problem(shown, f"poh_actief moet 0 of 1 zijn, gevonden: {value}", row, column))
            elif column == "verwijzingen" and value < 0:
                problems.append(Problem(shown, f"een aantal kan niet negatief zijn, gevonden: {value}", row, column))
            elif column == "ingeschreven_jeugd" and value <= 0:
                problems.append(Problem(
                    shown, f"het aantal ingeschreven jeugdigen moet groter dan 0 zijn, gevonden: {value}", row, column
                ))
            values[column] = value
        for column in covariates:
            value = _number(rec[column])
            if value is None:
                problems.append(Problem(
                    shown, f"covariaat '{column}': '{shown_value(rec[column] or '')}' is geen getal (leeg mag niet)",
                    row, column
                ))
            records[column].append(value)
        records["praktijk"].append(practice)
        records["periode"].append(period)
        records["period_start"].append(parsed[0] if parsed else None)
        records[ROW].append(row)
        for column, value in values.items():
            records[column].append(value)
    if len(kinds) > 1 and kinds != {"datum"}:
        problems.append(Problem(
            shown, f"de periodes mengen vormen ({', '.join(sorted(kinds))}); gebruik één vorm voor het hele bestand",
            None, "periode",
        ))
    if not records[ROW]:
        raise DataError(f"Het praktijkbestand '{shown}' bevat geen rijen.")
    typed = pl.DataFrame(
        {
            "praktijk": pl.Series(records["praktijk"], dtype=pl.String),
            "periode": pl.Series(records["periode"], dtype=pl.String),
            "period_start": pl.Series(records["period_start"], dtype=pl.Date),
            "poh_actief": pl.Series(records["poh_actief"], dtype=pl.Int64),
            "verwijzingen": pl.Series(records["verwijzingen"], dtype=pl.Int64),
            "ingeschreven_jeugd": pl.Series(records["ingeschreven_jeugd"], dtype=pl.Int64),
            **{c: pl.Series(records[c], dtype=pl.Float64) for c in covariates},
            ROW: pl.Series(records[ROW], dtype=pl.Int64),
        }
    )
    problems.extend(_structure_problems(typed, shown))
    errors = [p for p in problems if p.severity == "fout"]
    if errors:
        raise DataError(
            f"Het praktijkbestand '{shown}' bevat {len(errors)} fout(en). Verbeter ze en start opnieuw.",
            problems=tuple(problems),
        )
    starts = sorted(typed["period_start"].unique().to_list())
    index = pl.DataFrame({"period_start": starts, "period_index": _calendar_positions(starts, kinds)},
                         schema={"period_start": pl.Date, "period_index": pl.Int64})
    typed = typed.join(index, on="period_start", how="left")
    ordered = ["praktijk", "periode", "period_start", "period_index", "poh_actief", "verwijzingen",
               "ingeschreven_jeugd", *covariates, ROW]
    return typed.select(ordered).sort(["praktijk", "period_index"])


def panel_warnings(panel: pl.DataFrame) -> tuple[str, ...]:
    """Plain-Dutch warnings about an already validated panel (missing periods per practice)."""
    periods = panel["period_start"].n_unique()
    counts = panel.group_by("praktijk").agg(pl.len().alias("n")).filter(pl.col("n") < periods)
    if counts.height == 0:
        return ()
    names = ", ".join(shown_value(name) for name in sorted(counts["praktijk"].to_list())[:5])
    return (f"{counts.height} praktijk(en) missen periodes ({names}); de schatting gebruikt de periodes "
            "die er wel zijn.",)


def _structure_problems(typed: pl.DataFrame, shown: str) -> list[Problem]:
    problems: list[Problem] = []
    valid = typed.filter(pl.col("period_start").is_not_null() & (pl.col("praktijk") != ""))
    dupes = valid.filter(pl.struct("praktijk", "period_start").is_duplicated())
    for rec in dupes.iter_rows(named=True):
        problems.append(Problem(
            shown, f"praktijk '{shown_value(rec['praktijk'])}' staat meer dan eens in periode {rec['periode']}",
            rec[ROW], "periode"
        ))
    periods = valid["period_start"].n_unique()
    per_practice = valid.group_by("praktijk").agg(pl.col("period_start").n_unique().alias("n"))
    for rec in per_practice.filter(pl.col("n") < periods).iter_rows(named=True):
        problems.append(Problem(
            shown, f"praktijk '{shown_value(rec['praktijk'])}' heeft {rec['n']} van de {periods} periodes; de "
            "schatting gebruikt alleen de periodes die er zijn", None, "periode", severity="waarschuwing",
        ))
    treat = valid.filter(pl.col("poh_actief").is_not_null())
    if treat.height:
        if treat["poh_actief"].max() == 0:
            problems.append(Problem(
                shown, "geen enkele praktijk heeft ooit poh_actief = 1; zonder periodes met POH valt er geen effect "
                "te schatten", None, "poh_actief",
            ))
        elif treat["poh_actief"].min() == 1:
            problems.append(Problem(
                shown, "alle praktijken hebben in alle periodes poh_actief = 1; zonder periodes of praktijken zonder "
                "POH is er geen vergelijking en valt er geen effect te schatten", None, "poh_actief",
            ))
        else:
            switchers = treat.group_by("praktijk").agg(pl.col("poh_actief").n_unique().alias("k"))
            if switchers["k"].max() == 1:
                problems.append(Problem(
                    shown, "geen enkele praktijk heeft zowel periodes zonder als met POH (geen voorperiode); het "
                    "verschil tussen praktijken met en zonder POH valt samen met vaste praktijkverschillen, dus er "
                    "valt geen effect te schatten", None, "poh_actief",
                ))
    return problems
