"""Command line: ``evaluate pilot.yaml`` (the only module that knows typer and exit codes).

Exit codes: 0 success, 1 invalid input or an output that could not be written, 2 wrong
usage (typer). An unexpected internal error prints a short Dutch message and the path of
a log file with the details; never a traceback on screen.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import traceback
from pathlib import Path
from typing import Annotated

import typer

from evaluator.errors import EvaluatorError, display_path

app = typer.Typer(
    add_completion=False,
    help="Evalueer een POH-jeugd-pilot: bereik, uitkomsten, effect op verwijzingen en kosten en baten.",
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _parse_formats(value: str) -> tuple[str, ...]:
    from evaluator.pipeline import FORMATS

    chosen = tuple(part.strip().lower() for part in value.split(",") if part.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise typer.BadParameter(f"onbekend formaat '{', '.join(unknown) or value}'; kies uit html, pdf, json "
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
    raise typer.BadParameter(f"'{value}' is geen datum; gebruik JJJJ-MM-DD, bijvoorbeeld 2024-06-30")


@app.command()
def evaluate(
    pilots: Annotated[list[Path], typer.Argument(help="Een of meer pilotbestanden (.yaml).", show_default=False)],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Uitvoermap (standaard rapporten/<pilot>/).")] = None,
    formats: Annotated[str, typer.Option("--format", "-f", help="Welke uitvoer: html, pdf, json (komma-gescheiden).")] = "html,pdf,json",
    check: Annotated[bool, typer.Option("--check", help="Alleen pilotbestand en gegevens controleren; geen rapport.")] = False,
    date: Annotated[str | None, typer.Option("--datum", "--date", help="Rapportdatum (JJJJ-MM-DD) in plaats van vandaag.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Startwaarde voor de toevalsgenerator (overschrijft het pilotbestand).")] = None,
) -> None:
    """Maak het evaluatierapport (HTML en PDF) en resultaten.json voor een pilot."""
    from evaluator import pipeline

    chosen_formats = _parse_formats(formats)
    report_date = _parse_date(date)
    try:
        if check:
            for pilot in pilots:
                config, dataset = pipeline.check(pilot)
                _print_check(config, dataset)
            return
        for pilot in pilots:
            out_dir = out / Path(pilot).stem if (out is not None and len(pilots) > 1) else out
            options = pipeline.RunOptions(out_dir=out_dir, formats=chosen_formats, report_date=report_date, seed=seed)
            result = pipeline.run(pilot, options)
            _print_warnings(result.evaluation.dataset)
            for path in result.written:
                typer.echo(f"Geschreven: {display_path(path)}")
    except EvaluatorError as error:
        typer.echo(f"Fout: {error.describe()}", err=True)
        raise typer.Exit(error.exit_code) from None
    except Exception:  # anything not an EvaluatorError is a bug: log it, never show a traceback
        log_file = _log_internal_error()
        typer.echo(
            "Fout: er ging iets onverwachts mis in de evaluator. Er is geen rapport geschreven. "
            f"De technische details staan in {log_file}; stuur dat bestand mee als u de fout meldt.",
            err=True,
        )
        raise typer.Exit(1) from None


def _log_internal_error() -> Path:
    log_file = Path(tempfile.gettempdir()) / "poh-jeugd-evaluator-fout.log"
    with log_file.open("a", encoding="utf-8") as handle:
        handle.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n{traceback.format_exc()}\n")
    return log_file


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
        typer.echo(f"  ... en nog {len(warnings) - 20}; zie de bijlage datakwaliteit in het rapport.", err=True)


def main() -> None:
    """Entry point of the ``evaluate`` command."""
    app()
