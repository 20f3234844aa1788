"""Several pilots spread over the machine's cores.

``map_in_workers(function, items)`` returns ``[function(item) for item in items]``, computed in worker
processes when there are several items and several cores. Workers start from a clean process
(``forkserver``: no thread of polars or OpenBLAS is copied mid-work) with the package already imported,
so ``function`` must be a module-level function and items and results picklable (frozen results,
bytes). An error in a worker is raised here as it was raised there; a worker that dies (out of memory,
a signal) ends the run with a Dutch ``OutputError`` instead of a wait without end.

``EVALUATOR_PROCESSEN`` sets the number of workers; ``1`` keeps all work in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from evaluator.errors import OutputError

Item = TypeVar("Item")
Result = TypeVar("Result")
PRELOAD = ["evaluator.report.files", "evaluator.report.audit", "weasyprint"]


def worker_count(items: int) -> int:
    """How many worker processes ``items`` jobs get: one per core (or as EVALUATOR_PROCESSEN says), at most one
    per job; 1 means no workers at all."""
    setting = os.environ.get("EVALUATOR_PROCESSEN", "").strip()
    try:
        cores = int(setting) if setting else len(os.sched_getaffinity(0))
    except (ValueError, AttributeError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, items))


def map_in_workers(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    workers = worker_count(len(items))
    if workers == 1 or "forkserver" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(function, items))
    except BrokenProcessPool:  # a worker was killed (out of memory, a signal): say so instead of waiting forever
        raise OutputError("Een werkproces is onverwacht gestopt, mogelijk door te weinig geheugen. Er is niets "
                          "geschreven. Probeer het opnieuw met EVALUATOR_PROCESSEN=1 (alles in één proces).") from None
