"""``evaluate nieuw MAP``: a folder to start a new pilot in.

``create_pilot_folder(folder) -> tuple[Path, ...]`` writes a commented pilot.yaml holding only what a new
pilot needs (its required keys read "VUL IN: ...", which ``evaluate --check`` lists in plain Dutch, see
inputs/placeholders.py), the Excel registration template with its column guide, and LEESMIJ.md with the
next steps. It refuses a folder that exists and is not empty, so nothing is ever overwritten.
"""

from __future__ import annotations

from pathlib import Path

from evaluator.errors import ConfigError, OutputError, display_path

PACKAGE = Path(__file__).resolve().parents[1]
STARTER = PACKAGE / "data" / "nieuwe-pilot"
# (name in the new folder, name of the shipped file): the registration template lives in examples/ (in an
# installed package: evaluator/_examples, see pyproject.toml).
TEMPLATE_FILES = (("registratie.xlsx", "registratie-sjabloon.xlsx"), ("registratie-uitleg.md", "registratie-sjabloon.md"))


def _examples() -> Path:
    installed = PACKAGE / "_examples"
    return installed if installed.is_dir() else PACKAGE.parent / "examples"


def starter_files(folder: Path) -> dict[str, bytes]:
    """The files of a new pilot folder by name; 'MAP' in LEESMIJ.md becomes the folder the user gave."""
    files = {"pilot.yaml": (STARTER / "pilot.yaml").read_bytes(),
             "LEESMIJ.md": (STARTER / "LEESMIJ.md").read_text(encoding="utf-8")
             .replace("MAP/", f"{display_path(folder)}/").encode("utf-8")}
    for name, shipped in TEMPLATE_FILES:
        files[name] = (_examples() / shipped).read_bytes()
    return files


def create_pilot_folder(folder: Path) -> tuple[Path, ...]:
    folder = Path(folder)
    shown = display_path(folder)
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"'{shown}' is een bestand, geen map. Kies een nieuwe mapnaam, bijvoorbeeld "
                          "pilot-zwolle.")
    if folder.is_dir() and any(folder.iterdir()):
        raise ConfigError(f"De map '{shown}' bestaat al en is niet leeg. 'evaluate nieuw' overschrijft niets: "
                          "kies een nieuwe mapnaam of maak de map eerst leeg.")
    files = starter_files(folder)
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (folder / name).write_bytes(content)
            written.append(folder / name)
    except OSError as exc:
        raise OutputError(f"De map '{shown}' kon niet worden gemaakt of gevuld: {exc.strerror}. Kies een map "
                          "waarin u mag schrijven.") from None
    return tuple(written)
