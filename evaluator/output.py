"""Writing outputs: JSON conversion of result objects and atomic file replacement.

``to_jsonable`` turns frozen result dataclasses into JSON-ready values (dates as ISO text,
NaN/inf as null). ``write_atomically`` writes all files of one run into a temporary
folder next to the target and only then moves each into place, so a failed run leaves
no half-written file and an earlier report stays as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from evaluator.errors import OutputError, display_path


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
    """Write ``files`` (name -> content) into ``out_dir``; all or nothing per file set."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".evaluatie-", dir=out_dir))
    except OSError as exc:
        raise OutputError(
            f"De uitvoermap '{display_path(out_dir)}' kan niet worden gemaakt: {exc.strerror}. "
            "Kies een andere map met --out."
        ) from None
    try:
        for name, content in files.items():
            (staging / name).write_bytes(content)
        written = []
        for name in files:
            target = out_dir / name
            os.replace(staging / name, target)
            written.append(target)
        return written
    except OSError as exc:
        raise OutputError(
            f"Het rapport kon niet worden geschreven in '{display_path(out_dir)}': {exc.strerror}. "
            "Er is niets half geschreven; een eerder rapport is niet aangetast."
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
