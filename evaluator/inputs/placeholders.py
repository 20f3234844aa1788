"""Placeholders a new pilot file still holds ("VUL IN: ..."), listed in plain Dutch.

``evaluate nieuw`` writes a pilot.yaml whose required keys read ``"VUL IN: <what to fill in>"``.
``refuse_placeholders(path)`` raises ``ConfigError`` listing every such key with its hint, so that
``evaluate --check`` says at once what is still to be filled in instead of one validation error at a
time. A file that is not readable YAML passes unchanged: ``config.load_pilot`` reports that.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


from evaluator.errors import ConfigError, Problem, display_path
from evaluator.inputs.pilot_yaml import parse_pilot_yaml, read_pilot_text

MARKER = "VUL IN"


def placeholders(tree: Any, where: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(key path 'pilot → naam', hint) of every string value that starts with the marker."""
    found: list[tuple[str, str]] = []
    if isinstance(tree, dict):
        for key, value in tree.items():
            found.extend(placeholders(value, (*where, str(key))))
    elif isinstance(tree, list):
        for i, value in enumerate(tree, start=1):
            found.extend(placeholders(value, (*where, f"{i}e")))
    elif isinstance(tree, str) and tree.strip().upper().startswith(MARKER):
        hint = tree.strip()[len(MARKER):].lstrip(" :").strip() or "nog in te vullen"
        found.append((" → ".join(where), hint))
    return found


def refuse_placeholders(path: Path | str) -> None:
    path = Path(path)
    shown = display_path(path)
    if not path.exists():
        return  # load_pilot says so
    tree, _ = parse_pilot_yaml(read_pilot_text(path, shown), shown)  # within the limits (size, nesting, aliases)
    found = placeholders(tree)
    if not found:
        return
    raise ConfigError(
        f"Het pilotbestand '{shown}' is nog niet helemaal ingevuld: bij {len(found)} sleutel(s) staat nog "
        "'VUL IN'. Vervang die tekst door de gevraagde gegevens en controleer opnieuw met "
        f"evaluate --check {shown}.",
        problems=tuple(Problem(shown, f"{key}: {hint}") for key, hint in found),
    )
