"""A cache of disclosure-audit outcomes on disk, so a rerun of the same pilot does not search again.

The audit of one pilot (report/audit.py) is a pure function of its counting atoms, its threshold, its
figures and the audit's own code. A policy adviser reruns the evaluation many times while writing
(another date, another stylesheet, a corrected text in the pilot file): the figures stay the same and
the search, the slowest part of a run, need not be repeated.

What is stored: per pilot, the ladder step of each figure (figure key -> whole number) as JSON, under a
hash of everything the outcome depends on. No count, no value and no name of a child or practice is
stored; the file name is a hash. The folder is the user's own cache folder (``platformdirs``), or
``$EVALUATOR_CACHE`` (tests point it at a temporary folder; ``EVALUATOR_CACHE=uit`` turns the cache
off). A file that cannot be read, does not parse or does not match the figures is ignored and the audit
searches as without a cache; a cache that cannot be written is skipped silently.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path

import platformdirs

from evaluator.cohort import atoms as atoms_module
from evaluator.cohort.atoms import CountingAtoms
from evaluator.report.figures import Figure

ENVIRONMENT = "EVALUATOR_CACHE"
OFF = "uit"
MAX_FILES = 500  # oldest removed beyond this
MAX_BYTES = 2_000_000  # a larger file is not ours


def folder() -> Path | None:
    chosen = os.environ.get(ENVIRONMENT)
    if chosen == OFF:
        return None
    return Path(chosen) if chosen else Path(platformdirs.user_cache_dir("poh-jeugd-evaluator")) / "controle"


def key(atoms: CountingAtoms, threshold: int | None, figures: list[Figure]) -> str:
    """A hash of the audit's inputs and code, the same in every process (no set or dict order in it)."""
    digest = hashlib.sha256(_code_version().encode())
    digest.update(repr(threshold).encode())
    for name in sorted(atoms.families):
        family = atoms.families[name]
        digest.update(repr((name, family.dims, sorted(family.cells.items()), family.link, family.nonempty,
                            family.parent)).encode())
    for figure in figures:
        digest.update(repr(_as_searched(figure)).encode())  # frozen dataclass of numbers, strings and sorted tuples
    return digest.hexdigest()


def _as_searched(figure: Figure) -> Figure:
    """The figure as the search sees it: a statistic (a mean, a median, an interval bound) is published whole
    or not at all, whatever its value, so only whether it has one counts (a rerun with 8,5 read as 8.5
    searches nothing again)."""
    if figure.kind == "statistic" and figure.unit != "euro" and figure.value is not None:  # an amount may print as 0
        return dataclasses.replace(figure, value=0.0)
    return figure


@cache
def _code_version() -> str:
    """The source of the modules whose change can change an audit's outcome, and the solver's version."""
    import scipy

    here = Path(__file__).parent
    digest = hashlib.sha256(scipy.__version__.encode())
    for source in (here / "audit.py", here / "audit_moves.py", here / "solver.py", here / "figures.py",
                   here / "formatting.py", Path(atoms_module.__file__)):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def load(cache_key: str, figure_keys: list[str]) -> dict[str, int] | None:
    """The stored steps for exactly ``figure_keys``, or None."""
    place = folder()
    if place is None:
        return None
    path = place / f"{cache_key}.json"
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > MAX_BYTES:
            return None
        steps = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(steps, dict) or sorted(steps) != sorted(figure_keys):
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 99 for v in steps.values()):
        return None
    return steps


def store(cache_key: str, steps: dict[str, int]) -> None:
    place = folder()
    if place is None:
        return
    with contextlib.suppress(OSError):
        place.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=place, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(steps, out, sort_keys=True)
            os.replace(temporary, place / f"{cache_key}.json")
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _prune(place)


def _prune(place: Path) -> None:
    files = sorted(place.glob("*.json"), key=lambda p: p.stat().st_mtime)
    for old in files[:-MAX_FILES]:
        with contextlib.suppress(OSError):
            old.unlink()
