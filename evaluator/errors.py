"""The one exception family of the evaluator.

Every error a user can cause (bad configuration, bad data, missing files) is an
``EvaluatorError``; its message is Dutch and says where, what was expected, what was
found and what to do. The CLI turns these into a message on stderr and exit code 1.
Anything else that escapes is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One finding about an input file.

    ``row`` is the row number as a spreadsheet shows it (the header is row 1, so the
    first record is row 2); ``None`` when the problem is about the whole file or a column.
    ``severity`` is ``"fout"`` (blocks the evaluation) or ``"waarschuwing"``.
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    severity: str = "fout"

    def location(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"rij {self.row}")
        if self.column is not None:
            parts.append(f"kolom '{self.column}'")
        return ", ".join(parts)

    def describe(self) -> str:
        return f"{self.location()}: {self.message}"


class EvaluatorError(Exception):
    """Base class: an error caused by the user's input, with a Dutch message."""

    exit_code = 1

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()):
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)

    def describe(self, max_problems: int = 50) -> str:
        lines = [self.message]
        shown = self.problems[:max_problems]
        lines.extend(f"  - {p.describe()}" for p in shown)
        hidden = len(self.problems) - len(shown)
        if hidden > 0:
            lines.append(f"  ... en nog {hidden} andere meldingen.")
        return "\n".join(lines)


class ConfigError(EvaluatorError):
    """The pilot file (YAML) is missing, unreadable or invalid."""


class DataError(EvaluatorError):
    """A data file is missing, unreadable or its contents are invalid."""


class PrivacyError(DataError):
    """A data file holds direct identifiers or other data that may identify a child."""


class NetworkError(EvaluatorError):
    """CBS open data could not be fetched (``evaluate cbs``, the only command that uses the network)."""


class OutputError(EvaluatorError):
    """The report could not be written (rights, disk full, ...)."""


def display_path(path: Path | str) -> str:
    """The path as a user would recognise it: relative to the working directory if possible."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
