"""Stage 2: check and type the registration, collecting every problem at once.

``validate(config, raw)`` turns a ``RawTable`` of text into a ``Dataset`` with typed
columns (see docs/architecture.md). Every problem names file, row and column; errors
are raised together as one ``DataError``, warnings travel on in ``Dataset.warnings``.
Optional inputs (practice panel, CBS series) are loaded here too, by their own modules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from evaluator.inputs import parsing
from evaluator.inputs.config import TRAJECTORY_COLUMNS, PilotConfig
from evaluator.vocabulary import DESTINATIONS, GENDERS, STATUSES
from evaluator.errors import DataError, Problem, display_path
from evaluator.inputs.files import ROW, RawTable, normalise_header, read_table, sha256_of
from evaluator.inputs.privacy import check_identifiers, shown_value

INTENTIONS = (*DESTINATIONS, "onbekend")
GOALS = ("ja", "deels", "nee")
REQUIRED = ("traject_id", "praktijk", "startdatum", "status", "aantal_gesprekken")

# Common ways of writing the categories, mapped to the standard value, per kind of column.
DESTINATION_SYNONYMS: dict[str, str] = {
    "geen_verwijzing": "geen",
    "niet_verwezen": "geen",
    "nee": "geen",
    "specialistisch": "specialistische_ggz",
    "sggz": "specialistische_ggz",
    "specialistische_jeugd_ggz": "specialistische_ggz",
    "basis": "basis_ggz",
    "generalistische_basis_ggz": "basis_ggz",
    "gb_ggz": "basis_ggz",
    "lokaal_team": "wijkteam",
    "sociaal_wijkteam": "wijkteam",
    "jeugdhulp": "jeugdhulp_lvb",
    "lvb": "jeugdhulp_lvb",
    "vrij_toegankelijke_voorziening": "vrij_toegankelijk",
    "voorliggend": "vrij_toegankelijk",
    "anders": "overig",
}
GENDER_SYNONYMS: dict[str, str] = {"jongen": "j", "meisje": "m", "man": "j", "vrouw": "m", "v": "m", "anders": "x"}
STATUS_SYNONYMS: dict[str, str] = {"afgesloten": "afgerond", "gestopt": "uitgevallen", "uitval": "uitgevallen",
                                   "loopt": "lopend"}
GOAL_SYNONYMS: dict[str, str] = {"gedeeltelijk": "deels", "niet": "nee"}


@dataclass(frozen=True)
class Dataset:
    """Validated inputs of one pilot.

    ``trajectories`` has all columns of docs/architecture.md; ``inputs`` maps each input
    file's name to its SHA-256; ``warnings`` are problems that did not block the run.
    """

    trajectories: pl.DataFrame
    practice_panel: pl.DataFrame | None
    cbs: Any | None
    inputs: dict[str, str]
    warnings: tuple[Problem, ...]
    rows_read: int
    ignored_columns: tuple[str, ...]
    synthetic: bool


def load_dataset(config: PilotConfig) -> Dataset:
    """Read and validate every data file the pilot file names."""
    raw = read_table(config.data.trajectories, sheet=config.data.sheet, column_map=config.data.column_map)
    check_identifiers(raw, free_text=free_text_columns(raw))
    trajectories, warnings = validate_trajectories(config, raw)
    warnings += _other_sheet_warnings(raw, config.data.column_map)
    inputs = {config.path.name: sha256_of(config.path), raw.path.name: raw.sha256}
    panel = cbs = None
    if config.data.practice_panel is not None:
        from evaluator.inputs.panel import load_practice_panel, panel_warnings

        panel = load_practice_panel(config.data.practice_panel)
        inputs[config.data.practice_panel.name] = sha256_of(config.data.practice_panel)
        shown = display_path(config.data.practice_panel)
        warnings += [Problem(shown, text, severity="waarschuwing") for text in panel_warnings(panel)]
    if config.data.cbs is not None:
        from evaluator.inputs.cbs import load_cbs

        cbs = load_cbs(config.data.cbs)
        inputs[config.data.cbs.name] = sha256_of(config.data.cbs)
    ignored = tuple(raw.columns_original[c] for c in raw.frame.columns if c not in TRAJECTORY_COLUMNS and c != ROW)
    return Dataset(
        trajectories=trajectories,
        practice_panel=panel,
        cbs=cbs,
        inputs=inputs,
        warnings=tuple(warnings),
        rows_read=raw.frame.height,
        ignored_columns=ignored,
        synthetic=config.data.synthetic,
    )


def free_text_columns(raw: RawTable) -> set[str]:
    """Columns whose cells may be free text: hulpvraag and every column the registration format does not know."""
    return {c for c in raw.frame.columns if c != ROW and (c == "hulpvraag" or c not in TRAJECTORY_COLUMNS)}


def _other_sheet_warnings(raw: RawTable, column_map: dict[str, str]) -> list[Problem]:
    """A warning for every other sheet of the workbook whose first row has the required columns."""
    own = {normalise_header(header): standard for standard, header in column_map.items()}
    problems = []
    for sheet in raw.other_sheets:
        headers = {own.get(h, h) for h in sheet.headers}
        if set(REQUIRED) <= headers:
            hidden = "verborgen " if sheet.hidden else ""
            problems.append(Problem(
                raw.name,
                f"het {hidden}tabblad '{shown_value(sheet.name)}' lijkt ook trajecten te bevatten; gelezen is alleen "
                f"het tabblad '{shown_value(raw.sheet or '')}'. Staan de juiste gegevens op "
                f"'{shown_value(sheet.name)}', zet dan die naam bij 'data.blad' in het pilotbestand.",
                severity="waarschuwing"))
    return problems


def validate_trajectories(config: PilotConfig, raw: RawTable) -> tuple[pl.DataFrame, list[Problem]]:
    """Type and check the registration; raise ``DataError`` listing every error found."""
    file = raw.name
    frame = raw.frame
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise DataError(
            f"In '{file}' ontbreken verplichte kolommen: {', '.join(missing)}. " + _missing_columns_hint(raw),
            tuple(Problem(file, "verplichte kolom ontbreekt", column=c) for c in missing),
        )
    if frame.height == 0:
        raise DataError(f"'{file}' bevat alleen een kopregel en geen trajecten. Vul minstens één traject in.")
    for column in TRAJECTORY_COLUMNS:
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(column))
    frame = frame.with_columns(pl.col(c).str.strip_chars() for c in TRAJECTORY_COLUMNS)
    frame = frame.with_columns(
        pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in TRAJECTORY_COLUMNS
    )

    problems: list[Problem] = []
    shown = raw.columns_original
    typed = frame.select(
        pl.col("traject_id"),
        pl.col("praktijk"),
        parsing.parse_date("startdatum"),
        parsing.parse_date("einddatum"),
        parsing.parse_category("status", STATUSES, STATUS_SYNONYMS),
        parsing.parse_category("verwezen_naar", DESTINATIONS, DESTINATION_SYNONYMS),
        parsing.parse_int("aantal_gesprekken"),
        parsing.parse_category("verwijzing_zonder_poh", INTENTIONS, DESTINATION_SYNONYMS),
        parsing.parse_int("leeftijd"),
        parsing.parse_category("geslacht", GENDERS, GENDER_SYNONYMS),
        pl.col("hulpvraag").str.to_lowercase(),
        parsing.parse_int("wachttijd_dagen"),
        parsing.parse_float("tevredenheid"),
        parsing.parse_category("doel_bereikt", GOALS, GOAL_SYNONYMS),
        pl.col(ROW),
    )
    unparsed = parsing.unparsed_problems(frame, typed, file, shown, _EXPECTED)
    problems += unparsed
    problems += _required_values(typed, file, shown, {(p.row, p.column) for p in unparsed})
    problems += _range_checks(typed, file, shown)
    problems += _consistency_checks(config, typed, file, shown)

    errors = [p for p in problems if p.severity == "fout"]
    if errors:
        raise DataError(
            f"De registratie '{file}' bevat {len(errors)} fout(en). Verbeter ze en start de evaluatie opnieuw.",
            tuple(sorted(errors, key=lambda p: (p.row or 0, p.column or ""))),
        )
    warnings = sorted((p for p in problems if p.severity != "fout"), key=lambda p: (p.row or 0, p.column or ""))
    return typed, warnings


def _missing_columns_hint(raw: RawTable) -> str:
    """What the user most likely has to change when required columns are not found."""
    present = [h for c, h in raw.columns_original.items() if c != ROW]
    shown = ", ".join(shown_value(h) for h in present[:15]) + (", ..." if len(present) > 15 else "")
    if raw.sheets and len(raw.sheets) > 1:
        others = [s for s in raw.sheets if s != raw.sheet]
        return (f"Gelezen is het tabblad '{shown_value(raw.sheet or '')}' (kolommen: {shown}). Het bestand heeft ook "
                f"de tabbladen {', '.join(repr(shown_value(s)) for s in others[:10])}: staan de gegevens daar, zet dan "
                "de naam van dat tabblad bij 'data.blad' in het pilotbestand (bijvoorbeeld  blad: Trajecten).")
    if len(present) == 1 and any(mark in present[0] for mark in ":|,;\t"):
        return (f"Het bestand lijkt maar één kolom te hebben ('{shown_value(present[0])}'): het scheidingsteken "
                "wordt niet herkend. Sla het bestand op met puntkomma's, komma's of tabs tussen de kolommen "
                "(in Excel: 'CSV UTF-8 (door lijstscheidingsteken gescheiden)').")
    return (f"Gevonden kolommen: {shown}. Heeft uw bestand andere kolomkoppen? Koppel ze dan in het "
            "pilotbestand onder 'data.kolommen' (bijvoorbeeld  traject_id: Clientnummer).")


_EXPECTED: dict[str, str] = {
    "startdatum": "een datum met een jaartal van vier cijfers (JJJJ-MM-DD of DD-MM-JJJJ)",
    "einddatum": "een datum met een jaartal van vier cijfers (JJJJ-MM-DD of DD-MM-JJJJ) of leeg",
    "status": "een van: " + ", ".join(STATUSES),
    "verwezen_naar": "een van: " + ", ".join(DESTINATIONS),
    "aantal_gesprekken": "een geheel getal (0 of meer)",
    "verwijzing_zonder_poh": "een van: " + ", ".join(INTENTIONS),
    "leeftijd": "een leeftijd in hele jaren",
    "geslacht": "een van: " + ", ".join(GENDERS),
    "wachttijd_dagen": "een aantal dagen (geheel getal)",
    "tevredenheid": "een rapportcijfer van 1 tot en met 10",
    "doel_bereikt": "een van: " + ", ".join(GOALS),
}


def _rows_where(typed: pl.DataFrame, condition: pl.Expr) -> list[int]:
    return typed.filter(condition)[ROW].to_list()


def _required_values(typed: pl.DataFrame, file: str, shown: dict[str, str],
                     reported: set[tuple[int | None, str | None]]) -> list[Problem]:
    problems = []
    for column in ("traject_id", "praktijk", "startdatum", "status", "aantal_gesprekken"):
        for row in _rows_where(typed, pl.col(column).is_null()):
            if (row, shown.get(column, column)) in reported:
                continue  # already reported as unreadable
            problems.append(Problem(file, "waarde ontbreekt (verplicht)", row, shown.get(column, column)))
    afgerond_without = (pl.col("status") == "afgerond") & pl.col("verwezen_naar").is_null()
    for row in _rows_where(typed, afgerond_without):
        problems.append(
            Problem(
                file,
                "traject is afgerond maar 'verwezen_naar' is leeg; vul 'geen' in als er niet is verwezen",
                row,
                shown.get("verwezen_naar", "verwezen_naar"),
            )
        )
    duplicated = typed.filter(pl.col("traject_id").is_not_null() & pl.col("traject_id").is_duplicated())
    first_row = duplicated.group_by("traject_id").agg(pl.col(ROW).min().alias("first"))
    for row, first in duplicated.join(first_row, on="traject_id").select(ROW, "first").iter_rows():
        if row != first:
            problems.append(
                Problem(file, f"traject_id komt dubbel voor (ook in rij {first})", row, shown.get("traject_id"))
            )
    return problems


_RANGES: tuple[tuple[str, float, float, str], ...] = (
    ("aantal_gesprekken", 0, 200, "fout"),
    ("leeftijd", 0, 23, "fout"),
    ("tevredenheid", 1, 10, "fout"),
    ("wachttijd_dagen", 0, 730, "fout"),
)


def _range_checks(typed: pl.DataFrame, file: str, shown: dict[str, str]) -> list[Problem]:
    problems = []
    for column, low, high, severity in _RANGES:
        outside = pl.col(column).is_not_null() & ((pl.col(column) < low) | (pl.col(column) > high))
        for row, value in typed.filter(outside).select(ROW, column).iter_rows():
            problems.append(
                Problem(file, f"{value} ligt buiten het toegestane bereik {low:g} tot en met {high:g}", row,
                        shown.get(column, column), severity)
            )
    many = pl.col("aantal_gesprekken").is_between(31, 200)
    for row, value in typed.filter(many).select(ROW, "aantal_gesprekken").iter_rows():
        problems.append(
            Problem(file, f"{value} gesprekken is ongewoon veel voor een POH-traject; klopt dit?", row,
                    shown.get("aantal_gesprekken"), "waarschuwing")
        )
    return problems


def _plausible_dates(config: PilotConfig) -> tuple[dt.date, dt.date]:
    """Dates further than this from the pilot period are typing errors (2107 for 2017), not data."""
    start, end = config.pilot.start, config.pilot.end
    return dt.date(start.year - 5, 1, 1), dt.date(end.year + 5, 12, 31)


def _consistency_checks(config: PilotConfig, typed: pl.DataFrame, file: str, shown: dict[str, str]) -> list[Problem]:
    problems = []
    end_col = shown.get("einddatum", "einddatum")
    for row in _rows_where(typed, pl.col("einddatum") < pl.col("startdatum")):
        problems.append(Problem(file, "einddatum ligt vóór startdatum", row, end_col))
    running_referred = (pl.col("status") == "lopend") & pl.col("verwezen_naar").is_not_null()
    for row in _rows_where(typed, running_referred):
        problems.append(
            Problem(file, "traject is nog lopend maar heeft al een verwijzing; maak de status 'afgerond' of "
                    "laat 'verwezen_naar' leeg", row, shown.get("verwezen_naar"))
        )
    earliest, latest = _plausible_dates(config)
    for column in ("startdatum", "einddatum"):
        implausible = pl.col(column).is_not_null() & ((pl.col(column) < earliest) | (pl.col(column) > latest))
        for row, value in typed.filter(implausible).select(ROW, column).iter_rows():
            problems.append(
                Problem(file, f"datum {value:%d-%m-%Y} ligt ver buiten de pilotperiode (toegestaan {earliest:%d-%m-%Y} "
                        f"tot en met {latest:%d-%m-%Y}); is het jaartal juist?", row, shown.get(column, column))
            )
    inside = pl.col("startdatum").is_between(earliest, latest)
    outside = inside & ((pl.col("startdatum") < config.pilot.start) | (pl.col("startdatum") > config.pilot.end))
    for row in _rows_where(typed, outside):
        problems.append(
            Problem(file, f"startdatum ligt buiten de pilotperiode ({config.pilot.start:%d-%m-%Y} tot en met "
                    f"{config.pilot.end:%d-%m-%Y}); het traject telt wel mee", row, shown.get("startdatum"),
                    "waarschuwing")
        )
    closed_without_end = pl.col("status").is_in(["afgerond", "uitgevallen"]) & pl.col("einddatum").is_null()
    for row in _rows_where(typed, closed_without_end):
        problems.append(Problem(file, "traject is beëindigd maar heeft geen einddatum", row, end_col, "waarschuwing"))
    running_with_end = (pl.col("status") == "lopend") & pl.col("einddatum").is_not_null()
    for row in _rows_where(typed, running_with_end):
        problems.append(
            Problem(file, "traject is lopend maar heeft een einddatum; is de status nog juist?", row, end_col,
                    "waarschuwing")
        )
    return problems
