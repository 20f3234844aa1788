"""``evaluate cbs``: jeugdhulp trajectories by referrer for all gemeenten, from CBS open data.

``download(first_year, last_year, ...) -> CbsDownload`` asks CBS's OData service (through the maintained
client cbsodata, ``cbsodata.download_data(table, typed=True, filters=...)``) for table 85097NED
"Jeugdhulptrajecten in natura; verwijzer, regio (gemeente)" and turns the answer into the tidy rows that
``inputs.cbs.load_cbs`` reads: ``gebied, naam, periode, huisarts, totaal, geen_verwijzer,
verwijzer_onbekend``, a suppressed cell as '.', a provisional period marked '*'. ``write(download, csv)``
writes that CSV and, next to it, ``<naam>-bron.json`` with the table, the download date and CBS's status
of every period (voorlopig / definitief). docs/cbs.md documents the tables.

This is the only module that uses the network. ``fetch`` is the seam: tests pass a recorded answer; the
default asks CBS and turns a failed connection into a Dutch ``NetworkError``. Two table layouts are read:
a referrer dimension (85097NED: one topic, a row per referrer) and referrers as topics (the yearly
"Jeugdzorg; wijken" tables: columns Huisarts_11, TotaalTrajectenInNatura_9, ...).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluator.errors import DataError, NetworkError, OutputError, display_path

TRAJECTORY_TABLE = "85097NED"  # Jeugdhulptrajecten in natura; verwijzer, regio (gemeente)
COLUMNS = ("gebied", "naam", "periode", "huisarts", "totaal", "geen_verwijzer", "verwijzer_onbekend")
KINDS = {"halfjaar": "HJ", "jaar": "JJ"}
# referrer categories (titles, lower case) and topic keys (lower case, without the _n suffix) -> our column
REFERRER_TITLES = {"huisarts": "huisarts", "geen verwijzer": "geen_verwijzer", "verwijzer onbekend": "verwijzer_onbekend",
                   "onbekend": "verwijzer_onbekend"}
REFERRER_TOPICS = {"huisarts": "huisarts", "totaaltrajecteninnatura": "totaal", "geenverwijzer": "geen_verwijzer",
                   "verwijzeronbekend": "verwijzer_onbekend"}
CBS_SITE = "opendata.cbs.nl"

Fetch = Callable[[str, str | None], dict[str, list[dict[str, Any]]]]


@dataclass(frozen=True)
class CbsDownload:
    """The tidy rows, and where they came from: table id and title, CBS's last change, period statuses."""

    rows: tuple[dict[str, str], ...]
    table_id: str
    table_title: str
    table_modified: str | None
    statuses: dict[str, str]  # period code -> 'definitief' | 'voorlopig' | 'nader voorlopig'
    municipalities: int


def fetch_with_cbsodata(table_id: str, filters: str | None) -> dict[str, list[dict[str, Any]]]:
    """The table's data and metadata as cbsodata returns them; a Dutch ``NetworkError`` when offline."""
    try:
        import cbsodata
        import requests
    except ImportError:
        raise NetworkError("Voor 'evaluate cbs' is het pakket cbsodata nodig. Installeer het met: "
                           "pip install cbsodata") from None
    try:
        return cbsodata.download_data(table_id, typed=True, filters=filters, timeout=120)
    except requests.HTTPError as exc:
        raise NetworkError(f"Het CBS gaf een fout bij tabel {table_id}: {exc}. Controleer het tabelnummer op "
                           "opendata.cbs.nl of probeer het later opnieuw.") from None
    except (requests.RequestException, OSError):
        raise NetworkError(
            f"Geen verbinding met het CBS ({CBS_SITE}). 'evaluate cbs' is het enige commando dat internet "
            "gebruikt. Controleer de internetverbinding (of de proxy van uw organisatie) en probeer het opnieuw. "
            "Zonder internet kunt u de tabel ook in een browser downloaden op opendata.cbs.nl (StatLine) en "
            "het bestand in het pilotbestand opgeven onder data.cbs.") from None


def period_filter(first_year: int, last_year: int, region_key: str | None) -> str:
    """The OData filter: the requested years, and (for a known region dimension) gemeenten and Nederland."""
    years = " or ".join(f"substringof('{year}',Perioden)" for year in range(first_year, last_year + 1))
    if region_key is None:
        return f"({years})"
    return f"({years}) and (substringof('GM',{region_key}) or substringof('NL',{region_key}))"


def download(first_year: int, last_year: int, kind: str | None = None, table_id: str = TRAJECTORY_TABLE,
             fetch: Fetch = fetch_with_cbsodata) -> CbsDownload:
    """Trajectories by referrer for every gemeente (and Nederland) in the years ``first_year``..``last_year``.

    ``kind``: 'halfjaar' or 'jaar'; None takes half-years when the table has them, else years."""
    if first_year > last_year:
        raise DataError(f"Het beginjaar ({first_year}) ligt na het eindjaar ({last_year}). Geef bijvoorbeeld "
                        "--van 2015 --tot 2023.")
    answer = fetch(table_id, period_filter(first_year, last_year, "RegioS" if table_id == TRAJECTORY_TABLE else None))
    return tidy(answer, table_id, first_year, last_year, kind)


def _dimension(properties: Sequence[dict], kind: str) -> str | None:
    return next((p["Key"] for p in properties if p.get("Type") == kind), None)


def tidy(answer: dict[str, list[dict[str, Any]]], table_id: str, first_year: int, last_year: int,
         kind: str | None = None) -> CbsDownload:
    """cbsodata's answer (TableInfos, DataProperties, TypedDataSet and a list per dimension) as tidy rows."""
    properties = answer.get("DataProperties") or []
    region, period = _dimension(properties, "GeoDimension"), _dimension(properties, "TimeDimension")
    data = answer.get("TypedDataSet") or []
    if region is None or period is None or not data:
        raise DataError(f"CBS-tabel {table_id} heeft niet de verwachte vorm (geen regio's, perioden of gegevens). "
                        f"Gebruik tabel {TRAJECTORY_TABLE} (Jeugdhulptrajecten in natura; verwijzer, regio).")
    names = {str(r["Key"]).strip(): str(r.get("Title") or "").strip() for r in answer.get(region, [])}
    statuses = {str(r["Key"]).strip(): str(r.get("Status") or "definitief").strip().lower()
                for r in answer.get(period, [])}
    dimensions = [p["Key"] for p in properties if p.get("Type") == "Dimension"]
    referrer = next((d for d in dimensions if "verwijzer" in d.lower()), None)
    others = [d for d in dimensions if d != referrer]
    data = [row for row in data if all(row.get(d) == _total_category(answer, d, data) for d in others)]
    wanted = KINDS.get(kind or "") or ("HJ" if any("HJ" in str(r[period]) for r in data) else "JJ")
    data = [row for row in data if str(row[period]).strip()[4:6] == wanted
            and first_year <= int(str(row[period])[:4]) <= last_year]
    cells: dict[tuple[str, str], dict[str, int | None]] = {}
    for row in data:
        code = str(row[region]).strip()
        if not (code.startswith("GM") or code in ("NL00", "NL01")):
            continue
        target = cells.setdefault((code, str(row[period]).strip()), {})
        if referrer is None:
            for key, value in row.items():
                column = REFERRER_TOPICS.get(key.lower().rsplit("_", 1)[0])
                if column:
                    target[column] = value
        else:
            column = _referrer_column(answer, referrer, row[referrer])
            if column:
                target[column] = row[_topic(properties)]
    if not cells:
        raise DataError(f"CBS-tabel {table_id} bevat geen gemeenten in {first_year}-{last_year}. Kies andere jaren "
                        "(het CBS publiceert jeugdhulp per gemeente vanaf 2015).")
    rows = tuple(_row(code, names.get(code, ""), period_code, values, statuses.get(period_code, "definitief"))
                 for (code, period_code), values in sorted(cells.items()))
    info = (answer.get("TableInfos") or [{}])[0]
    used = {period_code for _, period_code in cells}
    return CbsDownload(rows, table_id, str(info.get("Title") or table_id).strip(), info.get("Modified"),
                       {p: statuses.get(p, "definitief") for p in sorted(used)},
                       len({code for code, _ in cells if code.startswith("GM")}))


def _total_category(answer: dict, dimension: str, data: list[dict]) -> Any:
    """The category of a dimension we do not split by: its total ('Totaal ...' or a CBS total code T001...),
    or its only category."""
    present = {row.get(dimension) for row in data}
    categories = [c for c in answer.get(dimension, []) if c.get("Key") in present]
    for category in categories:
        if str(category.get("Title", "")).lower().startswith("totaal") or str(category["Key"]).startswith("T001"):
            return category["Key"]
    if len(present) == 1:
        return next(iter(present))
    raise DataError(f"De CBS-tabel is uitgesplitst naar '{dimension}' zonder totaal; kies een tabel met een totaal.")


def _referrer_column(answer: dict, dimension: str, key: Any) -> str | None:
    title = next((str(c.get("Title", "")) for c in answer.get(dimension, []) if c.get("Key") == key), "")
    title = title.strip().lower()
    return "totaal" if title.startswith("totaal") else REFERRER_TITLES.get(title)


def _topic(properties: Sequence[dict]) -> str:
    topics = [p["Key"] for p in properties if p.get("Type") == "Topic"]
    return next((t for t in topics if "traject" in t.lower()), topics[0])


def _row(code: str, name: str, period_code: str, values: dict, status: str) -> dict[str, str]:
    def cell(value: Any) -> str:
        return "." if value is None else str(int(value))

    return {"gebied": code, "naam": name, "periode": period_code + ("*" if status != "definitief" else ""),
            **{column: cell(values.get(column)) for column in COLUMNS[3:]}}


def write(result: CbsDownload, path: Path, today: dt.date | None = None) -> tuple[Path, Path]:
    """The tidy CSV at ``path`` and ``<stem>-bron.json`` next to it (table, date, status per period)."""
    path = Path(path)
    side = path.with_name(f"{path.stem}-bron.json")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(result.rows)
    source = {
        "bron": "CBS StatLine open data (Centraal Bureau voor de Statistiek, licentie CC BY 4.0)",
        "tabel": {"id": result.table_id, "titel": result.table_title, "laatst_gewijzigd_bij_cbs": result.table_modified},
        "gedownload_op": (today or dt.date.today()).isoformat(),
        "gemeenten": result.municipalities,
        "status_per_periode": result.statuses,
        "toelichting": "Een periode met '*' in het CSV-bestand is voorlopig: het CBS kan die cijfers nog "
                       "bijstellen. '.' is een cel die het CBS niet publiceert (te klein).",
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(buffer.getvalue(), encoding="utf-8")
        side.write_text(json.dumps(source, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"'{display_path(path)}' kon niet worden geschreven: {exc.strerror}.") from None
    return path, side
