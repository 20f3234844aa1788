"""Stage 1: read input files into polars tables of text, without interpreting them.

``read_table(path)`` returns every column as text (``pl.String``) with normalised
headers and a ``__row`` column holding the row number a spreadsheet would show
(header = row 1). Types, allowed values and consistency are checked in ``validate``.
Formats are a registry keyed by file suffix: CSV (comma, semicolon or tab; UTF-8 with or
without BOM, or cp1252 as Excel writes it), Excel (.xlsx, .xlsm) and Parquet.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import polars as pl

from evaluator.errors import DataError, display_path
from evaluator.inputs.encoding import decode_text
from evaluator.inputs.excel_sheets import SheetInfo, inspect_workbook
from evaluator.inputs.identifying_text import shown_value
from evaluator.inputs.regular_file import Refused, read_regular

ROW = "__row"
MAX_BYTES = 2 * 1024**3
MAX_CELL_CHARS = 2_000
MAX_HEADER_CHARS = 200


@dataclass(frozen=True)
class RawTable:
    """A file read as text. ``columns_original`` maps normalised header to the header as written."""

    path: Path
    frame: pl.DataFrame
    columns_original: dict[str, str]
    sha256: str
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    other_sheets: tuple[OtherSheet, ...] = ()

    @property
    def name(self) -> str:
        return display_path(self.path)


class Loaded(NamedTuple):
    """What a reader returns: the text frame, and for Excel the sheet read, all sheet names and the
    other sheets that hold data (name, normalised headers of their first row, hidden or not)."""

    frame: pl.DataFrame
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    other_sheets: tuple[OtherSheet, ...] = ()


class OtherSheet(NamedTuple):
    """A sheet of the workbook that was not read but holds data."""

    name: str
    headers: tuple[str, ...]
    hidden: bool


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def normalise_header(header: str) -> str:
    cleaned = header.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-/]+", "_", cleaned)


def _sniff_delimiter(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _read_csv(content: bytes, shown: str, sheet: str | None) -> Loaded:
    text = decode_text(content, shown)
    if not text.strip():
        raise DataError(f"Het bestand '{shown}' is leeg. Er staan geen kolomkoppen en geen rijen in.")
    delimiter = _sniff_delimiter(text)
    fast = _read_csv_fast(text, delimiter)
    if fast is not None:
        return Loaded(fast)
    # The csv module handles quoting, embedded delimiters and ragged rows robustly; polars
    # then holds the text columns. Blank lines are kept as row numbers but skipped.
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        problem = ("een waarde is langer dan 131.072 tekens" if "field larger than field limit" in str(exc)
                   else "een aanhalingsteken of regeleinde staat op een onverwachte plek")
        raise DataError(f"Het bestand '{shown}' is geen geldig CSV-bestand: {problem}.") from None
    header, body = rows[0], rows[1:]
    width = len(header)
    records, numbers = [], []
    for index, row in enumerate(body, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > width:
            extra = [c for c in row[width:] if c.strip()]
            if extra:
                raise DataError(
                    f"Het bestand '{shown}', rij {index}: de rij heeft {len(row)} velden, de kop heeft er "
                    f"{width}. Staat er een scheidingsteken ('{delimiter}') in een waarde? Zet die waarde "
                    "dan tussen aanhalingstekens."
                )
            row = row[:width]
        records.append(row + [""] * (width - len(row)))
        numbers.append(index)
    columns = list(zip(*records)) if records else [()] * width
    frame = pl.DataFrame(
        {f"c{i}": pl.Series(values=list(col), dtype=pl.String) for i, col in enumerate(columns)}
    )
    frame.columns = header if len(set(header)) == len(header) else _dedupe(header)
    return Loaded(frame.with_columns(pl.Series(ROW, numbers, dtype=pl.Int64)))


_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n[^\n]")


def _read_csv_fast(text: str, delimiter: str) -> pl.DataFrame | None:
    """polars' own reader for large, regular files (10x faster than the csv module).

    Returns None, so that the careful reader below runs, when the file has blank lines in it
    (row numbers must match the spreadsheet), a repeated header or anything polars refuses.
    """
    if len(text) < 1_000_000 or _BLANK_LINE.search(text):
        return None
    try:
        frame = pl.read_csv(text.encode("utf-8"), separator=delimiter, infer_schema=False, has_header=True)
    except Exception:  # ragged rows, bad quoting, ...: the careful reader gives the precise message
        return None
    if len(set(frame.columns)) != len(frame.columns) or any(c.startswith("_duplicated_") for c in frame.columns):
        return None
    frame = frame.with_columns(pl.Series(ROW, range(2, frame.height + 2), dtype=pl.Int64))
    values = [c for c in frame.columns if c != ROW]
    blank = pl.all_horizontal([pl.col(c).fill_null("").str.strip_chars() == "" for c in values])
    return frame.filter(~blank)


def _dedupe(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in header:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}__{seen[name]}")
    return out


def _to_text(frame: pl.DataFrame) -> pl.DataFrame:
    converted = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if dtype == pl.Datetime or isinstance(dtype, pl.Datetime):
            converted.append(column.dt.strftime("%Y-%m-%d").alias(name))
        elif dtype == pl.Date:
            converted.append(column.dt.strftime("%Y-%m-%d").alias(name))
        elif dtype.is_float():
            # 3.0 from Excel becomes "3", 8.5 stays "8.5"
            converted.append(
                pl.when(column == column.round(0))
                .then(column.cast(pl.Int64, strict=False).cast(pl.String))
                .otherwise(column.cast(pl.String))
                .alias(name)
            )
        else:
            converted.append(column.cast(pl.String).alias(name))
    return frame.select(converted) if converted else frame


def _read_excel(content: bytes, shown: str, sheet: str | None) -> Loaded:
    try:
        import fastexcel

        infos = {info.name: info for info in inspect_workbook(content)}
        workbook = fastexcel.read_excel(content)
        names = workbook.sheet_names
    except Exception as exc:  # fastexcel raises its own error types for damaged files
        raise DataError(f"Het Excel-bestand '{shown}' kan niet worden geopend ({type(exc).__name__}).") from None
    if sheet is not None and sheet not in names:
        raise DataError(
            f"Het Excel-bestand '{shown}' heeft geen tabblad '{shown_value(sheet)}'. Tabbladen: "
            f"{', '.join(shown_value(n) for n in names)}. Pas 'data.blad' in het pilotbestand aan."
        )
    chosen = sheet or _first_visible_with_data(names, infos, shown)
    if chosen in infos and infos[chosen].too_large:
        _refuse_far_cells(infos[chosen], shown)
    try:
        sheet_data = workbook.load_sheet_by_name(chosen, header_row=0)
    except Exception as exc:  # an empty sheet or a damaged one
        raise DataError(
            f"Het tabblad '{shown_value(chosen)}' van '{shown}' kan niet worden gelezen ({type(exc).__name__}). "
            "Staan de kolomkoppen in de eerste rij?"
        ) from None
    frame = pl.from_arrow(sheet_data.to_arrow())
    assert isinstance(frame, pl.DataFrame)
    frame = _to_text(frame)
    frame = frame.with_columns(pl.Series(ROW, range(2, frame.height + 2), dtype=pl.Int64))
    text_cols = [c for c in frame.columns if c != ROW]
    if text_cols:
        blank = pl.all_horizontal([pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "") for c in text_cols])
        frame = frame.filter(~blank)
    others = tuple(_other_sheet(workbook, infos[n]) for n in names
                   if n != chosen and n in infos and infos[n].filled_cells and not infos[n].too_large)
    return Loaded(frame, chosen, tuple(names), others)


def _first_visible_with_data(names: list[str], infos: dict[str, SheetInfo], shown: str) -> str:
    """The sheet read when ``data.blad`` is not given: the first visible sheet with data (never a hidden one)."""
    visible = [n for n in names if n not in infos or infos[n].visible]
    if not visible:
        raise DataError(f"Het Excel-bestand '{shown}' heeft alleen verborgen tabbladen. Maak het tabblad met de "
                        "gegevens zichtbaar, of zet de naam ervan bij 'data.blad' in het pilotbestand.")
    return next((n for n in visible if n in infos and infos[n].filled_cells), visible[0])


def _refuse_far_cells(info: SheetInfo, shown: str) -> None:
    cells = " en ".join(info.far_cells)
    raise DataError(
        f"Het tabblad '{shown_value(info.name)}' van '{shown}' loopt tot cel {cells}: zo'n groot blad "
        f"({info.last_row:,} rijen bij {info.last_column:,} kolommen) wordt niet ingelezen. Staat daar per ongeluk "
        "een waarde? Maak die cel leeg (of kopieer de gegevens naar een nieuw tabblad) en sla het bestand opnieuw op."
        .replace(",", ".")
    )


def _other_sheet(workbook, info: SheetInfo) -> OtherSheet:
    try:
        header = [c.name for c in workbook.load_sheet_by_name(info.name, header_row=0, n_rows=1).available_columns()]
    except Exception:  # an odd sheet that is not read anyway
        header = []
    return OtherSheet(info.name, tuple(normalise_header(str(h)) for h in header), not info.visible)


def _read_parquet(content: bytes, shown: str, sheet: str | None) -> Loaded:
    try:
        frame = pl.read_parquet(io.BytesIO(content))
    except Exception as exc:  # polars raises several error types for damaged parquet
        raise DataError(f"Het Parquet-bestand '{shown}' kan niet worden gelezen ({type(exc).__name__}).") from None
    frame = _to_text(frame)
    return Loaded(frame.with_columns(pl.Series(ROW, range(2, frame.height + 2), dtype=pl.Int64)))


READERS: dict[str, Callable[[bytes, str, str | None], Loaded]] = {
    ".csv": _read_csv,
    ".txt": _read_csv,
    ".tsv": _read_csv,
    ".xlsx": _read_excel,
    ".xlsm": _read_excel,
    ".parquet": _read_parquet,
    ".pq": _read_parquet,
}


def _refuse_long_cells(frame: pl.DataFrame, shown: str) -> None:
    """A cell of a registration holds a date, a number or a short category: refuse one longer than MAX_CELL_CHARS
    (a text of megabytes would be carried into the report)."""
    for column in frame.columns:
        if column == ROW or frame.schema[column] != pl.String:
            continue
        long = frame.filter(pl.col(column).str.len_chars() > MAX_CELL_CHARS)
        if long.height:
            raise DataError(
                f"Het bestand '{shown}', rij {long[ROW][0]}, kolom '{shown_value(str(column))}': de waarde is langer "
                f"dan {MAX_CELL_CHARS:,} tekens. Een registratie bevat per cel een datum, getal of korte omschrijving; "
                "kort de waarde in.".replace(",", ".")
            )


def read_table(path: Path, sheet: str | None = None, column_map: dict[str, str] | None = None) -> RawTable:
    """Read a CSV, Excel or Parquet file as text columns with normalised headers.

    ``column_map`` maps a standard column name to the user's own header (``traject_id:
    Clientnummer``); those headers are renamed to the standard name.
    Raises ``DataError`` (Dutch) for missing, unreadable, empty or unsupported files.
    """
    shown = display_path(path)
    if not path.exists():
        raise DataError(f"Het databestand '{shown}' bestaat niet. Controleer het pad in het pilotbestand.")
    if path.is_dir():
        raise DataError(f"'{shown}' is een map, geen databestand. Geef een CSV-, Excel- of Parquet-bestand op.")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise DataError(
            f"Het bestand '{shown}' heeft een onbekend formaat ('{path.suffix}'). "
            f"Gebruik {', '.join(sorted(READERS))}. Een oud .xls-bestand kunt u in Excel opslaan als .xlsx."
        )
    try:
        content = read_regular(path, MAX_BYTES)
    except Refused as refused:
        if refused.kind == "grootte":
            raise DataError(f"Het bestand '{shown}' is groter dan 2 GB; dat is geen registratiebestand.") from None
        raise DataError(f"Het bestand '{shown}' {refused.problem}. Geef een gewoon CSV-, Excel- of Parquet-bestand op.") \
            from None
    if not content:
        raise DataError(f"Het bestand '{shown}' is leeg. Er staan geen kolomkoppen en geen rijen in.")
    frame, chosen_sheet, sheets, other_sheets = reader(content, shown, sheet)
    _refuse_long_cells(frame, shown)
    digest = hashlib.sha256(content).hexdigest()
    originals: dict[str, str] = {}
    renamed: dict[str, str] = {}
    wanted = {normalise_header(own): standard for standard, own in (column_map or {}).items()}
    for number, header in enumerate(frame.columns, start=1):
        if header == ROW:
            continue
        if len(str(header)) > MAX_HEADER_CHARS:
            raise DataError(f"Het bestand '{shown}': de kolomkop van kolom {number} is langer dan {MAX_HEADER_CHARS} "
                            "tekens. Geef de kolom een korte naam in de eerste rij.")
        normal = normalise_header(str(header))
        normal = wanted.get(normal, normal)
        if normal in originals:
            raise DataError(
                f"Het bestand '{shown}' heeft de kolom '{shown_value(normal)}' twee keer "
                f"('{shown_value(originals[normal])}' en '{shown_value(str(header))}'). Verwijder of hernoem er één."
            )
        originals[normal] = str(header)
        renamed[header] = normal
    frame = frame.rename(renamed)
    missing_maps = [own for own in wanted if own not in {normalise_header(h) for h in originals.values()}]
    if missing_maps:
        raise DataError(
            f"Het bestand '{shown}' heeft geen kolom '{shown_value(missing_maps[0])}', die in 'data.kolommen' "
            "van het pilotbestand staat. Kolommen in het bestand: "
            f"{', '.join(shown_value(h) for h in originals.values())}."
        )
    return RawTable(path=path, frame=frame, columns_original=originals, sha256=digest, sheet=chosen_sheet,
                    sheets=sheets, other_sheets=other_sheets)
