"""Read CBS figures on jeugdhulp trajectories by referrer (issue 6, level 3).

``load_cbs(path) -> CbsData`` accepts
(a) a CBS StatLine export (e.g. table 85097NED or "Jeugdzorg; wijken") as users download it:
    codes padded with spaces, an optional leading unnamed index column, periods ``2022JJ00`` /
    ``2022HJ01`` / ``2022KW01`` / ``2022MM01``, ``.`` for a suppressed cell, ``*`` or a trailing
    letter marking provisional figures, columns ``Huisarts_11``, ``TotaalTrajectenInNatura_9``,
    ``GeenVerwijzer_16``, ``VerwijzerOnbekend_17`` and a region column ``Wijken`` or ``RegioS``;
(b) a tidy CSV ``gebied, periode, huisarts, totaal[, jeugd_inwoners]``.

Only ``GM`` codes are gemeenten, ``NL00`` (or ``NL01``) is the nation; wijk/buurt and other rows
are dropped. ``CbsData.frame`` has one row per area and period: ``gebied`` (code), ``naam``,
``periode`` (as given), ``period_start`` (Date), ``period_kind`` (JJ/HJ/KW/MM), ``huisarts``,
``totaal``, ``geen_verwijzer``, ``verwijzer_onbekend``, ``jeugd_inwoners`` (Int64, null when
suppressed/absent), ``provisional`` (Boolean), ``is_gemeente``, ``is_national`` and ``__row``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from evaluator.errors import DataError, Problem, display_path
from evaluator.inputs.files import ROW, read_table
from evaluator.inputs.privacy import check_identifiers, shown_value

NATIONAL_CODES = ("NL00", "NL01")
STATLINE_COLUMNS = {
    "huisarts": ("huisarts_11", "huisarts"),
    "totaal": ("totaaltrajecteninnatura_9", "totaaltrajecten", "totaal"),
    "geen_verwijzer": ("geenverwijzer_16", "geenverwijzer", "geen_verwijzer"),
    "verwijzer_onbekend": ("verwijzeronbekend_17", "verwijzeronbekend", "verwijzer_onbekend"),
    "jeugd_inwoners": ("jeugd_inwoners", "jongerentot18jaar", "k_0tot18jaar"),
}
_PERIOD = re.compile(r"^(\d{4})\s*(JJ|HJ|KW|MM)\s*(\d{2})$")
_TIDY = re.compile(r"^(\d{4})(?:[-_ ]?([HhQqKk])(\d)|-(\d{1,2}))?$")
_MONTHS_PER = {"JJ": 12, "HJ": 6, "KW": 3, "MM": 1}


@dataclass(frozen=True)
class CbsData:
    """CBS figures per area and period, with counts of what could not be used."""

    frame: pl.DataFrame
    source: str  # "statline" | "tidy"
    file: str
    suppressed_cells: int  # '.' in the columns we use
    provisional_rows: int
    ignored_rows: int  # wijk/buurt or other non-gemeente rows


def parse_cbs_period(text: str) -> tuple[dt.date, str, bool] | None:
    """Start date, kind (JJ/HJ/KW/MM) and provisional flag of a CBS or tidy period, or None."""
    value = text.strip().upper()
    provisional = value.endswith("*") or value.endswith("V")
    value = value.rstrip("*V ").strip()
    if m := _PERIOD.match(value):
        year, kind, number = int(m.group(1)), m.group(2), int(m.group(3))
        step = _MONTHS_PER[kind]
        if kind == "JJ":
            return (dt.date(year, 1, 1), kind, provisional) if number == 0 else None
        if not 1 <= number <= 12 // step:
            return None
        return dt.date(year, 1 + step * (number - 1), 1), kind, provisional
    if m := _TIDY.match(value):
        year = int(m.group(1))
        if m.group(2):
            kind = "HJ" if m.group(2) == "H" else "KW"
            number = int(m.group(3))
            if not 1 <= number <= 12 // _MONTHS_PER[kind]:
                return None
            return dt.date(year, 1 + _MONTHS_PER[kind] * (number - 1), 1), kind, provisional
        if m.group(4):
            month = int(m.group(4))
            return (dt.date(year, month, 1), "MM", provisional) if 1 <= month <= 12 else None
        return dt.date(year, 1, 1), "JJ", provisional
    return None


def period_end(start: dt.date, kind: str) -> dt.date:
    """Last day of the period that starts at ``start``."""
    months = start.month - 1 + _MONTHS_PER[kind]
    following = dt.date(start.year + months // 12, months % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _cell(text: str | None) -> tuple[int | None, bool, bool]:
    """(value, suppressed, provisional) of one count cell; raises ValueError for junk."""
    value = (text or "").strip()
    if value in ("", "."):
        return None, value == ".", False
    provisional = value.endswith("*")
    value = value.rstrip("*").strip().replace(" ", "")
    if re.fullmatch(r"\d+", value):
        return int(value), False, provisional
    if re.fullmatch(r"\d+[.,]0+", value):
        return int(re.split(r"[.,]", value)[0]), False, provisional
    raise ValueError(value)


def _find(columns: list[str], names: tuple[str, ...]) -> str | None:
    for name in names:
        if name in columns:
            return name
    return None


def load_cbs(path: Path) -> CbsData:
    """Read a StatLine export or tidy CSV; raise ``DataError`` (Dutch, file/row/column) when unusable."""
    raw = read_table(Path(path))
    check_identifiers(raw, allowed_columns={"naam"})  # the tidy form's 'naam' is the name of the gemeente
    shown = display_path(path)
    frame = raw.frame
    columns = list(frame.columns)
    region = _find(columns, ("wijken", "regios", "wijkenenbuurten", "gebied"))
    period = _find(columns, ("perioden", "periode"))
    source = "tidy" if "gebied" in columns else "statline"
    found = {key: _find(columns, names) for key, names in STATLINE_COLUMNS.items()}
    missing = [label for label, col in (("gebied (Wijken/RegioS)", region), ("periode (Perioden)", period),
                                        ("huisarts (Huisarts_11)", found["huisarts"]),
                                        ("totaal (TotaalTrajectenInNatura_9)", found["totaal"])) if col is None]
    if missing:
        raise DataError(
            f"Het CBS-bestand '{shown}' mist de kolom(men) {', '.join(missing)}. Verwacht een StatLine-export "
            "(tabel Jeugdhulptrajecten; verwijzer, regio) of een CSV met gebied, periode, huisarts, totaal "
            f"[, jeugd_inwoners]. Aanwezig: {', '.join(shown_value(h) for h in raw.columns_original.values())}.",
            problems=tuple(Problem(shown, f"kolom {m} ontbreekt", None, None) for m in missing),
        )
    problems: list[Problem] = []
    rows: list[dict] = []
    suppressed = provisional_rows = ignored = 0
    name_col = _find(columns, ("gemeentenaam_18", "gemeentenaam", "naam"))
    for rec in frame.iter_rows(named=True):
        row = rec[ROW]
        code = (rec[region] or "").strip().upper()
        is_national = code in NATIONAL_CODES
        if not (code.startswith("GM") or is_national):
            ignored += 1
            continue
        parsed = parse_cbs_period(rec[period] or "")
        if parsed is None:
            problems.append(Problem(shown, f"'{shown_value((rec[period] or '').strip())}' is geen CBS-periode (zoals "
                                    "2022JJ00, 2022HJ01, 2022KW01 of 2022)", row, raw.columns_original[period]))
            continue
        item = {"gebied": code, "naam": (rec[name_col] or "").strip() if name_col else "",
                "periode": (rec[period] or "").strip(), "period_start": parsed[0], "period_kind": parsed[1],
                "provisional": parsed[2], "is_gemeente": code.startswith("GM"), "is_national": is_national, ROW: row}
        for key, col in found.items():
            if col is None:
                item[key] = None
                continue
            try:
                value, was_suppressed, prov = _cell(rec[col])
            except ValueError as exc:
                problems.append(Problem(shown, f"'{shown_value(str(exc))}' is geen aantal (verwacht een geheel getal "
                                        "of '.')", row, raw.columns_original[col]))
                value, was_suppressed, prov = None, False, False
            suppressed += was_suppressed and key in ("huisarts", "totaal")
            item["provisional"] = item["provisional"] or prov
            item[key] = value
        if item["huisarts"] is not None and item["totaal"] is not None and item["huisarts"] > item["totaal"]:
            problems.append(Problem(shown, f"huisarts ({item['huisarts']}) is groter dan totaal ({item['totaal']})",
                                    row, raw.columns_original[found["huisarts"]]))
        if item["jeugd_inwoners"] == 0:
            problems.append(Problem(shown, "jeugd_inwoners is 0", row, raw.columns_original[found["jeugd_inwoners"]]))
        provisional_rows += item["provisional"]
        rows.append(item)
    if problems:
        raise DataError(f"Het CBS-bestand '{shown}' bevat {len(problems)} fout(en).", problems=tuple(problems))
    if not rows:
        raise DataError(f"Het CBS-bestand '{shown}' bevat geen rijen voor gemeenten (GM-codes) of Nederland (NL00).")
    usable = [r for r in rows if r["huisarts"] is not None and r["totaal"] is not None]
    if not usable:
        raise DataError(
            f"Het CBS-bestand '{shown}' bevat geen enkele rij met zowel 'huisarts' als 'totaal' ingevuld: alle "
            "cellen zijn onderdrukt ('.') of leeg. Kies een groter gebied of een langere periode in StatLine.",
            problems=(Problem(shown, "alle benodigde cellen zijn onderdrukt of leeg", None,
                              raw.columns_original[found["huisarts"]]),),
        )
    typed = pl.DataFrame(rows, schema={
        "gebied": pl.String, "naam": pl.String, "periode": pl.String, "period_start": pl.Date,
        "period_kind": pl.String, "provisional": pl.Boolean, "is_gemeente": pl.Boolean, "is_national": pl.Boolean,
        ROW: pl.Int64, "huisarts": pl.Int64, "totaal": pl.Int64, "geen_verwijzer": pl.Int64,
        "verwijzer_onbekend": pl.Int64, "jeugd_inwoners": pl.Int64,
    })
    dupes = typed.filter(pl.struct("gebied", "period_start", "period_kind").is_duplicated())
    if dupes.height:
        raise DataError(
            f"Het CBS-bestand '{shown}' bevat gebieden die meer dan eens in dezelfde periode staan. Exporteer één "
            "onderwerp (bijvoorbeeld alleen 'Totaal jeugdhulp') per gebied en periode.",
            problems=tuple(Problem(shown, f"{r['gebied']} {r['periode']} staat dubbel", r[ROW], None)
                           for r in dupes.iter_rows(named=True)),
        )
    ordered = ["gebied", "naam", "periode", "period_start", "period_kind", "huisarts", "totaal", "geen_verwijzer",
               "verwijzer_onbekend", "jeugd_inwoners", "provisional", "is_gemeente", "is_national", ROW]
    return CbsData(frame=typed.select(ordered).sort(["gebied", "period_start"]), source=source, file=shown,
                   suppressed_cells=int(suppressed), provisional_rows=int(provisional_rows), ignored_rows=ignored)
