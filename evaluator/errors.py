"""The one exception family of the evaluator.

Every error a user can cause (bad configuration, bad data, missing files) is an
``EvaluatorError``; its message is Dutch and says where, what was expected, what was
found and what to do. The CLI turns these into a message on stderr and exit code 1.
Anything else that escapes is a bug.
"""

from __future__ import annotations

import errno
import re
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
            parts.append(f"kolom '{excerpt(self.column, 60)}'")
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

    def __reduce__(self):  # travels whole from a worker process (evaluator/parallel.py)
        return type(self), (self.message, self.problems)

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


EXCERPT_CHARS = 40
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]+")


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """A short, printable excerpt of an input value for a message: control characters become a space,
    and anything longer than ``limit`` characters is cut with '…' (a 5 MB value is never echoed)."""
    text = value if isinstance(value, str) else repr(value)
    text = _CONTROL.sub(" ", text[: limit * 4]).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_OS_PROBLEMS: dict[int, str] = {
    errno.EEXIST: "er bestaat daar al een bestand of map met die naam",
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "de schijfruimte (quotum) is op",
    errno.EACCES: "geen toegang (geen leesrechten of schrijfrechten)",
    errno.EPERM: "geen toegang (geen leesrechten of schrijfrechten)",
    errno.EROFS: "de schijf is alleen-lezen",
    errno.ENOENT: "het bestand of de map bestaat niet",
    errno.ENOTDIR: "een deel van het pad is een bestand, geen map",
    errno.EISDIR: "het is een map, geen bestand",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.ELOOP: "het is een (kring van) symbolische koppeling(en)",
    errno.EIO: "de schijf gaf een lees- of schrijffout",
    errno.EMFILE: "er zijn te veel bestanden tegelijk open",
    errno.ENOTEMPTY: "de map is niet leeg",
    errno.EXDEV: "de map ligt op een andere schijf",
    errno.EBUSY: "het bestand is in gebruik",
}


def os_problem(exc: OSError) -> str:
    """What went wrong, in Dutch, for an operating-system error (never the English strerror)."""
    known = _OS_PROBLEMS.get(exc.errno or -1)
    if known:
        return known
    code = errno.errorcode.get(exc.errno or -1, type(exc).__name__)
    return f"het besturingssysteem weigerde ({code})"


def os_message(exc: OSError, what: str, path: Path | str | None = None) -> str:
    """One Dutch sentence: '<what> '<path>' kan niet: <problem>.' naming the path the OS named."""
    target = path if path is not None else exc.filename
    shown = f" '{display_path(target)}'" if target not in (None, "") else ""
    return f"{what}{shown}: {os_problem(exc)}."
