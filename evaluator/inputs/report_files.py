"""The gemeente's own report files (logo, stylesheet, templates): only safe files are read.

The pilot file may point at a logo (``rapport.logo``), a stylesheet (``rapport.stylesheet``)
and a folder of templates (``rapport.sjablonen``). Each file read for the report must be a
regular file below the pilot file's folder after symbolic links are resolved: no ``..`` out
of it, no absolute path elsewhere, no link pointing outside, no device, FIFO or socket
(``/dev/zero`` would never end, a FIFO would block). Files have a size limit; text must be
UTF-8; a logo must be a PNG, JPEG or SVG image without script.

The same checks run when the pilot file is loaded (``ConfigError``) and again when the report
is rendered (``OutputError``), because a file may change in between. Messages are Dutch, name
the key in the pilot file and say what to do.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from evaluator.errors import ConfigError, EvaluatorError, display_path, os_problem
from evaluator.inputs.regular_file import Refused, read_regular

MAX_STYLESHEET_BYTES = 1_000_000
MAX_LOGO_BYTES = 2_000_000
MAX_TEMPLATE_BYTES = 1_000_000

STYLESHEET_KEY = "rapport.stylesheet"
LOGO_KEY = "rapport.logo"
TEMPLATES_KEY = "rapport.sjablonen"

LOGO_TYPES: dict[str, str] = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                              ".svg": "image/svg+xml"}
_SIGNATURES: dict[str, bytes] = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
_SVG_ROOT = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!DOCTYPE[^>\[]*>\s*)?(<!--.*?-->\s*)*<svg[\s>]", re.S)
_SVG_FORBIDDEN = re.compile(rb"<\s*(script|foreignObject)\b|<!ENTITY|\son[a-z]+\s*=|javascript:", re.I)

@dataclass(frozen=True)
class Logo:
    """A checked logo: its media type and bytes, ready to become a data: URI."""

    media_type: str
    content: bytes


def _fail(error: type[EvaluatorError], key: str, shown: str, problem: str, advice: str) -> EvaluatorError:
    return error(f"{key}: '{shown}' {problem}. {advice}")


def _advice(key: str) -> str:
    example = {STYLESHEET_KEY: "stylesheet: huisstijl.css", LOGO_KEY: "logo: logo.png",
               TEMPLATES_KEY: "sjablonen: sjablonen"}[key]
    return (f"Zet het bestand in de map van het pilotbestand (of een submap daarvan) en verwijs er in "
            f"{key} naar met een pad ten opzichte van het pilotbestand, bijvoorbeeld  {example}")


def inside(path: Path, base: Path, key: str, error: type[EvaluatorError] = ConfigError,
           shown: str | None = None) -> Path:
    """``path`` with symbolic links resolved, if it exists and lies below ``base``; else a Dutch error."""
    shown = shown if shown is not None else display_path(path)
    root = base.resolve()
    candidate = path if path.is_absolute() else root / path
    try:
        resolved = candidate.resolve(strict=True)
    except FileNotFoundError:
        raise _fail(error, key, shown, "bestaat niet", "Controleer de naam en de map.") from None
    except RuntimeError:
        raise _fail(error, key, shown, "is een kring van koppelingen",
                    f"Verwijs in {key} naar het bestand zelf, niet naar een koppeling.") from None
    except OSError as exc:
        raise _fail(error, key, shown, f"kan niet worden gelezen: {os_problem(exc)}", _advice(key)) from None
    if not resolved.is_relative_to(root):
        if Path(os.path.normpath(candidate)).is_relative_to(root):
            problem = f"is een koppeling naar '{resolved}', buiten de map van het pilotbestand ('{root}')"
        else:
            problem = f"ligt buiten de map van het pilotbestand ('{root}')"
        raise _fail(error, key, shown, problem, _advice(key))
    return resolved


def read_file(path: Path, base: Path, key: str, limit: int, error: type[EvaluatorError] = ConfigError,
              shown: str | None = None) -> bytes:
    """The bytes of a regular file below ``base``, at most ``limit`` bytes; never blocks on a FIFO or device.

    The kind of file is checked before opening and again on the open file (it may have been
    swapped); the final path component is opened without following links.
    """
    shown = shown if shown is not None else display_path(path)
    resolved = inside(path, base, key, error, shown)
    try:
        return read_regular(resolved, limit, follow_links=False)
    except Refused as refused:
        advice = {"soort": "Gebruik een gewoon bestand (geen apparaat, FIFO of socket).",
                  "grootte": "Gebruik een kleiner bestand."}.get(refused.kind,
                                                                   "Controleer of het bestand bestaat en leesbaar is.")
        raise _fail(error, key, shown, refused.problem, advice) from None


def read_text(path: Path, base: Path, key: str, limit: int, error: type[EvaluatorError] = ConfigError,
              shown: str | None = None) -> str:
    """A UTF-8 text file below ``base`` (see ``read_file``), without a byte-order mark."""
    shown = shown if shown is not None else display_path(path)
    content = read_file(path, base, key, limit, error, shown)
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail(error, key, shown, "is geen UTF-8-tekst", "Sla het bestand op als UTF-8.") from None


def read_stylesheet(path: Path, base: Path, error: type[EvaluatorError] = ConfigError,
                    shown: str | None = None) -> str:
    """The gemeente's stylesheet (``rapport.stylesheet``): UTF-8 text below the pilot's folder."""
    return read_text(path, base, STYLESHEET_KEY, MAX_STYLESHEET_BYTES, error, shown)


def read_logo(path: Path, base: Path, error: type[EvaluatorError] = ConfigError, shown: str | None = None) -> Logo:
    """The gemeente's logo (``rapport.logo``): a PNG, JPEG or SVG (without script) below the pilot's folder."""
    shown = shown if shown is not None else display_path(path)
    media_type = LOGO_TYPES.get(inside(path, base, LOGO_KEY, error, shown).suffix.lower())
    if media_type is None:
        raise _fail(error, LOGO_KEY, shown, "is geen PNG-, JPEG- of SVG-bestand",
                    "Gebruik een logo met de extensie .png, .jpg of .svg.")
    content = read_file(path, base, LOGO_KEY, MAX_LOGO_BYTES, error, shown)
    if media_type == "image/svg+xml":
        if _SVG_FORBIDDEN.search(content):
            raise _fail(error, LOGO_KEY, shown, "bevat script, een eigen entiteit of ingebedde HTML",
                        "Exporteer het logo opnieuw als gewone SVG, of gebruik een PNG.")
        if not _SVG_ROOT.match(content.removeprefix(b"\xef\xbb\xbf")):
            raise _fail(error, LOGO_KEY, shown, "is geen SVG-afbeelding", "Sla het logo op als SVG, PNG of JPEG.")
    elif not content.startswith(_SIGNATURES[media_type]):
        kind = "PNG" if media_type == "image/png" else "JPEG"
        raise _fail(error, LOGO_KEY, shown, f"is geen {kind}-afbeelding (de inhoud past niet bij de extensie)",
                    "Sla het logo opnieuw op, of geef het de juiste extensie.")
    return Logo(media_type, content)


def templates_folder(path: Path, base: Path, error: type[EvaluatorError] = ConfigError,
                     shown: str | None = None) -> Path:
    """The templates folder (``rapport.sjablonen``), resolved: an existing folder below the pilot's folder."""
    shown = shown if shown is not None else display_path(path)
    resolved = inside(path, base, TEMPLATES_KEY, error, shown)
    if not resolved.is_dir():
        raise _fail(error, TEMPLATES_KEY, shown, "is geen map",
                    "Geef de map met eigen sjablonen op, bijvoorbeeld  sjablonen: sjablonen")
    return resolved


def read_template(folder: Path, name: str, base: Path, error: type[EvaluatorError]) -> str:
    """One template file from the gemeente's folder: UTF-8 text below the pilot's folder."""
    return read_text(folder / name, base, TEMPLATES_KEY, MAX_TEMPLATE_BYTES, error, shown=name)
