"""Writing outputs: JSON conversion of result objects and atomic file replacement.

``to_jsonable`` turns frozen result dataclasses into JSON-ready values (dates as ISO text,
NaN/inf as null). ``write_all`` writes all files of a run (every pilot's folder and the
comparison) into staging folders next to the targets and only then moves them into place,
putting everything back if a move fails, so a failed run leaves no half-written file and
every earlier report stays as it was.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import json
import math
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from evaluator.errors import OutputError, display_path, os_problem

STAGING = ".evaluatie-"  # + the writing process's id: a staging folder inside each target folder
SET_ASIDE = ".eerder-"  # an earlier file, set aside in the staging folder while the new one moves in


def to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return value.name
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if hasattr(value, "item"):  # numpy scalar
        return to_jsonable(value.item())
    raise TypeError(f"cannot serialise {type(value).__name__}")


def dumps(data: Any) -> str:
    return json.dumps(to_jsonable(data), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_atomically(out_dir: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write ``files`` (name -> content) into ``out_dir``; all or nothing (see ``write_all``)."""
    return write_all([(out_dir, files)])


def check_out_dir(folder: Path | None) -> None:
    """Refuse at the start, before any work, an output folder that is a file (the same message as at the end)."""
    if folder is not None and (folder.is_file() or any(p.is_file() for p in folder.parents)):
        raise OutputError(_unmakeable(folder, FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(folder))))


def _unmakeable(folder: Path, exc: OSError) -> str:
    return (f"De uitvoermap '{display_path(folder)}' kan niet worden gemaakt: {os_problem(exc)}. Er is niets "
            "geschreven; een eerder rapport is niet aangetast. Kies een andere map met --out.")


def write_all(outputs: Sequence[tuple[Path, Mapping[str, bytes]]]) -> list[Path]:
    """Write every folder's files, all or nothing across all folders.

    First every file is written into a hidden staging folder inside its target folder; only when
    all are written are they moved into place, each earlier file set aside first. If a move fails,
    or the run is interrupted (Ctrl-C, SIGTERM), everything moved so far is put back: every earlier
    report stays as it was. Staging folders and folders this call created are removed; what a killed
    run left (``recover_interrupted``) is undone first.
    """
    created: list[Path] = []
    stagings: list[tuple[Path, Path, Mapping[str, bytes]]] = []
    done = False
    try:
        try:
            for folder, files in outputs:
                try:
                    created.extend(_make_folder(folder))
                except OSError as exc:
                    raise OutputError(_unmakeable(folder, exc)) from None
                recover_interrupted(folder)
                staging = Path(tempfile.mkdtemp(prefix=f"{STAGING}{os.getpid()}-", dir=folder))
                stagings.append((folder, staging, files))
                for name, content in files.items():
                    (staging / name).write_bytes(content)
        except OSError as exc:
            raise OutputError(f"{_where(exc, outputs)}: {os_problem(exc)}. Er is niets geschreven; een eerder "
                              "rapport is niet aangetast. Kies zo nodig een andere map met --out.") from None
        written = _swap_in(stagings)
        done = True
        return written
    finally:
        for _folder, staging, _files in stagings:
            shutil.rmtree(staging, ignore_errors=True)
        if not done:
            for folder in reversed(created):
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only when empty: nothing of the user's is removed


def recover_interrupted(folder: Path) -> None:
    """Undo what a run killed while moving its files in (SIGKILL, power cut) left in ``folder``: the earlier
    files it had set aside go back in place, and its staging folder is removed. A staging folder of a run
    that is still going (its process lives) is left alone."""
    for staging in folder.glob(f"{STAGING}*"):
        owner = staging.name[len(STAGING):].split("-", 1)[0]
        if not staging.is_dir() or staging.is_symlink() or (owner.isdigit() and _alive(int(owner))):
            continue
        with contextlib.suppress(OSError):
            for aside in staging.glob(f"{SET_ASIDE}*"):
                os.replace(aside, folder / aside.name[len(SET_ASIDE):])
        shutil.rmtree(staging, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process: it lives
    return True


def _make_folder(folder: Path) -> list[Path]:
    """Create ``folder`` and missing parents; return the folders created, outermost first."""
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(folder))
    missing = [p for p in (folder, *folder.parents) if not p.exists()][::-1]
    folder.mkdir(parents=True, exist_ok=True)
    return missing


def _swap_in(stagings: list[tuple[Path, Path, Mapping[str, bytes]]]) -> list[Path]:
    moved: list[tuple[Path, Path | None]] = []  # (target, where the earlier file was set aside)
    try:
        for folder, staging, files in stagings:
            for name in files:
                target = folder / name
                aside = None
                if target.is_dir() and not target.is_symlink():
                    raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
                if target.exists() or target.is_symlink():
                    aside = staging / f"{SET_ASIDE}{name}"
                    os.replace(target, aside)
                moved.append((target, aside))
                os.replace(staging / name, target)
    except BaseException as exc:
        for target, aside in reversed(moved):
            with contextlib.suppress(OSError):
                if aside is not None:
                    os.replace(aside, target)
                elif target.exists():
                    target.unlink()
        if isinstance(exc, OSError):
            raise OutputError(f"{_where(exc, [])}: {os_problem(exc)}. Er is niets geschreven; elk eerder rapport "
                              "is teruggezet zoals het was.") from None
        raise
    return [target for target, _aside in moved]


def _where(exc: OSError, outputs: Sequence[tuple[Path, Mapping[str, bytes]]]) -> str:
    """'Het rapport kon niet worden geschreven in '<map>'' naming the folder (not the staging folder)."""
    path = Path(exc.filename) if exc.filename else (outputs[0][0] if outputs else None)
    while path is not None and any(part.startswith(STAGING) for part in path.parts):
        path = path.parent
    if path is None:
        return "Het rapport kon niet worden geschreven"
    folder = path if path.is_dir() or not path.suffix else path.parent
    return f"Het rapport kon niet worden geschreven in '{display_path(folder)}'"
