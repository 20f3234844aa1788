"""The Dutch face of the command line: click's usage errors and help screen in Dutch.

typer vendors click with its English texts hard-coded; ``DutchCommand`` translates its usage
errors and help screen at the two places they leave the command. Unknown texts stay as they
are, so a new typer version degrades to English, never to a crash.
"""

from __future__ import annotations

import re

import typer
from typer.core import TyperCommand

_ERROR_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    (r"No such option: (\S+) \(Possible options: (.+)\)", r"Onbekende optie: \1. Bedoelt u een van: \2?"),
    (r"No such option: (\S+)", r"Onbekende optie: \1."),
    (r"Missing argument '(.+?)'\.?", r"Het argument \1 ontbreekt: geef een of meer pilotbestanden (.yaml) op."),
    (r"Missing option '(.+?)'\.?", r"De optie \1 ontbreekt."),
    (r"Missing parameter: (.+)", r"Er ontbreekt een waarde voor \1."),
    (r"Option '(.+?)' requires an argument\.", r"De optie \1 heeft een waarde nodig."),
    (r"Option '(.+?)' requires (\d+) arguments\.", r"De optie \1 heeft \2 waarden nodig."),
    (r"Option '(.+?)' does not take a value\.", r"De optie \1 heeft geen waarde."),
    (r"Got unexpected extra arguments? \((.+)\)", r"Onverwacht extra argument: \1."),
    (r"Invalid value for (.+?): '(.+?)' is not a valid integer\.", r"Ongeldige waarde voor \1: '\2' is geen geheel getal."),
    (r"Invalid value for (.+?): Input should be a valid integer.*", r"Ongeldige waarde voor \1: geef een geheel getal."),
    (r"Invalid value for (.+?): (.+?) is not in the range x>=(\S+?)\.", r"Ongeldige waarde voor \1: \2 is te klein (minimaal \3)."),
    (r"Invalid value for (.+?): Input should be greater than or equal to (\S+)", r"Ongeldige waarde voor \1: te klein (minimaal \2)."),
    (r"Invalid value for (.+?): (.+)", r"Ongeldige waarde voor \1: \2"),
    (r"Invalid value: (.+)", r"Ongeldige waarde: \1"),
)
_HELP_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    (r"^Usage: ", "Gebruik: "),
    (r"\[OPTIONS\]", "[OPTIES]"),
    (r"\{(PILOTBESTAND)\}\.\.\.", r"\1..."),
    (r" <list\[Path\]>", ""),
    (r"^Arguments:$", "Argumenten:"),
    (r"^Options:$", "Opties:"),
    (r"Show this message and exit\.", "Toon deze hulptekst en stop."),
    (r"\[default: ", "[standaard: "),
    (r"\brequired\]", "verplicht]"),
)


def translate_usage_error(message: str) -> str:
    """Click's English usage error as Dutch (or unchanged when the text is not known)."""
    for pattern, replacement in _ERROR_TRANSLATIONS:
        if re.fullmatch(pattern, message, flags=re.S):
            return re.sub(pattern, replacement, message, count=1, flags=re.S)
    return message


def _translate_help(text: str) -> str:
    for pattern, replacement in _HELP_TRANSLATIONS:
        text = re.sub(pattern, replacement, text, flags=re.M)
    return text


class DutchUsageError(typer.BadParameter):
    """A usage error shown in Dutch; exit code 2 like every click usage error."""

    def __init__(self, message: str, ctx=None):
        super().__init__(message, ctx=ctx)

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        lines = []
        if self.ctx is not None:
            lines.append(self.ctx.get_usage())
            lines.append(f"Typ '{self.ctx.command_path} --help' voor uitleg.\n")
        lines.append(f"Fout: {self.message}")
        typer.echo("\n".join(lines), err=True)


class DutchCommand(TyperCommand):
    """The typer command with Dutch help and Dutch usage errors."""

    def _dutch(self, error: typer.BadParameter | Exception, ctx) -> DutchUsageError:
        return DutchUsageError(translate_usage_error(error.format_message()), getattr(error, "ctx", None) or ctx)

    def make_context(self, info_name, args, parent=None, **extra):
        from typer._click.exceptions import UsageError

        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except DutchUsageError:
            raise
        except UsageError as error:
            raise self._dutch(error, None) from None

    def invoke(self, ctx):
        from typer._click.exceptions import UsageError

        try:
            return super().invoke(ctx)
        except DutchUsageError:
            raise
        except UsageError as error:
            raise self._dutch(error, ctx) from None

    def get_usage(self, ctx) -> str:
        return _translate_help(super().get_usage(ctx))

    def get_help(self, ctx) -> str:
        return _translate_help(super().get_help(ctx))
