"""Command line: ``evaluate pilot.yaml`` (the only module that knows typer and exit codes).

Two more commands share the ``evaluate`` entry point, chosen by the first word: ``evaluate nieuw MAP``
(a new pilot folder, tools/scaffold.py) and ``evaluate cbs`` (CBS open data, tools/cbs_download.py, the
only command that uses the network). Any other first word is a pilot file, so ``evaluate pilot.yaml``
works exactly as before.

Exit codes: 0 success, 1 invalid input or an output that could not be written, 2 wrong
usage (typer). An unexpected internal error prints a short Dutch message and the path of
a log file with the details; never a traceback on screen.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import traceback
import warnings
from pathlib import Path
from typing import Annotated

import typer

from evaluator.cli_dutch import DutchCommand
from evaluator.errors import EvaluatorError, display_path, os_problem

LOG_ENV = "EVALUATOR_LOGBESTAND"

app = typer.Typer(
    add_completion=False,
    help="Evalueer een POH-jeugd-pilot: bereik, uitkomsten, effect op verwijzingen en kosten en baten.",
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


FORMATS = ("html", "pdf", "json", "xlsx")


def _parse_formats(value: str) -> tuple[str, ...]:
    chosen = tuple(part.strip().lower() for part in value.split(",") if part.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise typer.BadParameter(param_hint="'--format'", message=f"onbekend formaat '{', '.join(unknown) or value}'; kies uit html, pdf, json, xlsx "
                                 "(gescheiden door komma's, bijvoorbeeld html,json)")
    return chosen


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise typer.BadParameter(param_hint="'--datum'", message=f"'{value}' is geen datum; gebruik JJJJ-MM-DD, bijvoorbeeld 2024-06-30")


@app.command(cls=DutchCommand)
def evaluate(
    pilots: Annotated[list[Path], typer.Argument(help="Een of meer pilotbestanden (.yaml).", show_default=False,
                                                 metavar="PILOTBESTAND")],
    out: Annotated[Path | None, typer.Option("--out", "-o", metavar="MAP",
                                             help="Uitvoermap (standaard rapporten/<pilot>/).")] = None,
    formats: Annotated[str, typer.Option("--format", "-f", metavar="FORMATEN",
                                         help="Welke uitvoer: html, pdf, json, xlsx (komma-gescheiden); html en pdf "
                                              "maken het rapport en de collegeversie, xlsx de cijfers "
                                              "in Excel (cijfers.xlsx).")] = "html,pdf,json,xlsx",
    check: Annotated[bool, typer.Option("--check", help="Alleen pilotbestand en gegevens controleren; geen rapport.")] = False,
    date: Annotated[str | None, typer.Option("--datum", "--date", metavar="DATUM",
                                             help="Rapportdatum (JJJJ-MM-DD) in plaats van vandaag; ook de datum "
                                                  "in de PDF.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", metavar="GETAL", min=0,
                                             help="Startwaarde voor de toevalsgenerator (overschrijft het "
                                                  "pilotbestand).")] = None,
) -> None:
    """Maak het evaluatierapport en de collegeversie (HTML en PDF), resultaten.json en cijfers.xlsx voor een pilot.

    Exitcodes: 0 gelukt, 1 fout in de invoer of de uitvoer kon niet worden geschreven, 2 verkeerd gebruik.

    Andere commando's: 'evaluate nieuw MAP' maakt een map voor een nieuwe pilot; 'evaluate cbs' haalt de
    CBS-cijfers voor de vergelijking met andere gemeenten op (het enige commando dat internet gebruikt).
    """
    chosen_formats = _parse_formats(formats)
    report_date = _parse_date(date)
    try:
        with warnings.catch_warnings(), _stop_cleanly_on_sigterm():
            # Library warnings (statsmodels, numpy) are for developers, not for the user's screen.
            warnings.simplefilter("ignore")
            _evaluate(pilots, out, chosen_formats, report_date, seed, check)
    except KeyboardInterrupt:
        typer.echo("Fout: de evaluatie is onderbroken. Half geschreven uitvoer is opgeruimd; een eerder rapport is "
                   "niet aangetast.", err=True)
        raise typer.Exit(130) from None
    except EvaluatorError as error:
        typer.echo(f"Fout: {error.describe()}", err=True)
        raise typer.Exit(error.exit_code) from None
    except Exception:  # anything not an EvaluatorError is a bug: log it, never show a traceback
        log_file = _log_internal_error()
        typer.echo(
            "Fout: er ging iets onverwachts mis in de evaluator. Er is geen rapport geschreven en een eerder "
            f"rapport is niet aangetast. De technische details staan in {log_file}; stuur dat bestand mee als "
            "u de fout meldt (het kan gegevens uit uw bestanden bevatten: deel het alleen binnen uw organisatie).",
            err=True,
        )
        raise typer.Exit(1) from None


def _evaluate(pilots: list[Path], out: Path | None, chosen_formats: tuple[str, ...], report_date: dt.date | None,
              seed: int | None, check: bool) -> None:
    from evaluator import pipeline

    if check:
        for pilot in pilots:
            config, dataset = pipeline.check(pilot)
            _print_check(config, dataset)
        return
    with _progress() as on_step:
        options = pipeline.RunOptions(out_dir=out, formats=chosen_formats, report_date=report_date, seed=seed,
                                      on_step=on_step)
        result = pipeline.run(list(pilots), options)
    for evaluation in result.evaluations:
        _print_warnings(evaluation.dataset)
    for path in result.written:
        typer.echo(f"Geschreven: {display_path(path)}")


@contextlib.contextmanager
def _stop_cleanly_on_sigterm():
    """A SIGTERM (a kill) interrupts like Ctrl-C, so staged output is removed and earlier reports put back."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not in the main thread: leave the default
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _progress():
    """A spinner with the current step on a terminal (rich); silent when output is redirected."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                  transient=True) as progress:
        task = progress.add_task("starten", total=None)
        yield lambda name: progress.update(task, description=name)


def log_file_path() -> Path:
    """Where details of an unexpected error go: $EVALUATOR_LOGBESTAND, else the user's own cache folder
    (~/.cache/poh-jeugd-evaluator/fout.log, %LOCALAPPDATA% on Windows), never a fixed path in a shared folder."""
    if os.environ.get(LOG_ENV):
        return Path(os.environ[LOG_ENV])
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "poh-jeugd-evaluator" / "fout.log"


def _log_internal_error() -> str:
    """Append the traceback to the log file (owner-only, opened without following a symbolic link)."""
    log_file = log_file_path()
    try:
        if LOG_ENV not in os.environ:
            log_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        descriptor = os.open(log_file, flags, 0o600)  # may hold data: owner only
        with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
            handle.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n{traceback.format_exc()}\n")
    except OSError as exc:
        return f"(geen logbestand: '{log_file}' kon niet worden geschreven, {os_problem(exc)})"
    return str(log_file)


def _print_check(config, dataset) -> None:
    trajectories = dataset.trajectories
    completed = int((trajectories["status"] == "afgerond").sum())
    typer.echo(f"Pilotbestand in orde: {config.pilot.name} ({config.pilot.municipality}, {config.pilot.municipality_code}).")
    typer.echo(f"Registratie in orde: {trajectories.height} trajecten, waarvan {completed} afgerond, "
               f"in {trajectories['praktijk'].n_unique()} praktijken.")
    if dataset.practice_panel is not None:
        typer.echo(f"Praktijkpanel in orde: {dataset.practice_panel.height} rijen.")
    if dataset.cbs is not None:
        typer.echo("CBS-reeks in orde.")
    _print_warnings(dataset)


def _print_warnings(dataset) -> None:
    warnings = dataset.warnings
    if not warnings:
        return
    typer.echo(f"{len(warnings)} waarschuwing(en):", err=True)
    for warning in warnings[:20]:
        typer.echo(f"  - {warning.describe()}", err=True)
    if len(warnings) > 20:
        typer.echo(f"  ... en nog {len(warnings) - 20}; alle meldingen met rij en kolom staan in resultaten.json (data_quality.warnings).", err=True)


new_app = typer.Typer(add_completion=False, context_settings={"help_option_names": ["-h", "--help"]},
                      rich_markup_mode=None, pretty_exceptions_enable=False)
cbs_app = typer.Typer(add_completion=False, context_settings={"help_option_names": ["-h", "--help"]},
                      rich_markup_mode=None, pretty_exceptions_enable=False)


@new_app.command(cls=DutchCommand)
def new(folder: Annotated[str, typer.Argument(help="De map voor de nieuwe pilot (mag nog niet bestaan of moet "
                                                    "leeg zijn).", show_default=False, metavar="MAP")]) -> None:
    """Maak een map voor een nieuwe pilot: pilot.yaml om in te vullen, het registratiesjabloon en LEESMIJ.md.

    Overschrijft niets. Daarna zegt 'evaluate --check MAP/pilot.yaml' wat er nog moet worden ingevuld.
    """
    from evaluator.tools.scaffold import create_pilot_folder

    folder_path = Path(folder)
    with _user_errors():
        written = create_pilot_folder(folder_path)
    for path in written:
        typer.echo(f"Geschreven: {display_path(path)}")
    pilot_file = display_path(folder_path / "pilot.yaml")
    typer.echo(f"Volgende stap: vul {pilot_file} in en controleer met 'evaluate --check {pilot_file}'. Zie "
               f"{display_path(folder_path / 'LEESMIJ.md')}.")


@cbs_app.command(cls=DutchCommand)
def cbs(
    first_year: Annotated[int, typer.Option("--van", metavar="JAAR", help="Eerste jaar, bijvoorbeeld 2015.")],
    last_year: Annotated[int, typer.Option("--tot", metavar="JAAR", help="Laatste jaar (tot en met).")],
    out: Annotated[Path, typer.Option("--uit", "-o", metavar="BESTAND",
                                      help="Het CSV-bestand dat de evaluator leest (data.cbs).")] = Path("cbs-statline.csv"),
    kind: Annotated[str | None, typer.Option("--soort", metavar="SOORT",
                                             help="halfjaar of jaar (standaard: halfjaren als het CBS die heeft).")] = None,
    table: Annotated[str, typer.Option("--tabel", metavar="TABEL",
                                       help="CBS-tabel (standaard 85097NED, Jeugdhulptrajecten in natura; "
                                            "verwijzer, regio).")] = "85097NED",
) -> None:
    """Haal bij het CBS de jeugdhulptrajecten per verwijzer op, voor alle gemeenten en de gevraagde jaren.

    Dit is het enige commando dat internet gebruikt (opendata.cbs.nl). Het schrijft het CSV-bestand dat de
    evaluator leest en daarnaast <naam>-bron.json met de tabel, de downloaddatum en per periode of de cijfers
    van het CBS voorlopig of definitief zijn.
    """
    from evaluator.tools import cbs_download

    if kind is not None and kind not in cbs_download.KINDS:
        raise typer.BadParameter(param_hint="'--soort'", message=f"'{kind}' is geen soort periode; kies halfjaar of jaar")
    typer.echo("Let op: dit commando haalt gegevens op bij het CBS via internet (opendata.cbs.nl). De andere "
               "commando's van de evaluator gebruiken geen netwerk.", err=True)
    with _user_errors():
        result = cbs_download.download(first_year, last_year, kind, table)
        written = cbs_download.write(result, out)
    provisional = [p for p, status in result.statuses.items() if status != "definitief"]
    typer.echo(f"{result.municipalities} gemeenten, {len(result.statuses)} perioden uit CBS-tabel {result.table_id}"
               + (f"; voorlopig: {', '.join(provisional)}." if provisional else "; alle perioden definitief."))
    for path in written:
        typer.echo(f"Geschreven: {display_path(path)}")


@contextlib.contextmanager
def _user_errors():
    """An ``EvaluatorError`` as 'Fout: ...' on stderr with its exit code (1)."""
    try:
        yield
    except EvaluatorError as error:
        typer.echo(f"Fout: {error.describe()}", err=True)
        raise typer.Exit(error.exit_code) from None


SUBCOMMANDS = {"nieuw": new_app, "cbs": cbs_app}


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``evaluate`` command: 'nieuw' and 'cbs' are commands, anything else a pilot file."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SUBCOMMANDS:
        SUBCOMMANDS[args[0]](args[1:], prog_name=f"evaluate {args[0]}")
    else:
        app(args, prog_name="evaluate")
