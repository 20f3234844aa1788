"""The linear and integer programmes of the disclosure audit (report/audit.py), solved by HiGHS through SciPy.

``solve(objective, matrix, lows, highs, integer, limits)`` finds x >= 0 with lows <= matrix @ x <= highs,
minimising ``objective``; ``integer`` marks the variables that must be whole (None: none). ``limits`` are
HiGHS options (work limits in nodes, so that a run gives the same report on any machine).

Measured against calling HiGHS 1.16 directly (highspy): no faster for these programmes, so SciPy's own
copy of HiGHS is used and its version is part of the audit cache's key (report/audit_cache.py).
"""

from __future__ import annotations

import os
import sys
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

FOUND = "found"  # a solution: optimal, or the first one when the limits ask no more
INFEASIBLE = "infeasible"
UNDECIDED = "undecided"  # a limit was reached before any solution or proof


@dataclass(frozen=True)
class Solution:
    status: str
    x: np.ndarray | None = None
    objective: float | None = None


def solve(objective: np.ndarray, matrix: csr_matrix, lows: np.ndarray, highs: np.ndarray,
          integer: np.ndarray | None, limits: dict) -> Solution:
    with _quiet_stdout(), warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Unrecognized options", RuntimeWarning)  # HiGHS options passed verbatim
        result = milp(objective, constraints=LinearConstraint(matrix, lows, highs), bounds=Bounds(0, np.inf),
                      integrality=integer, options=limits)
    if result.status == 2:
        return Solution(INFEASIBLE)
    if result.x is None:
        return Solution(UNDECIDED)
    return Solution(FOUND, result.x, float(result.fun))


@contextmanager
def _quiet_stdout():
    """HiGHS writes some of its progress lines straight to file descriptor 1, past Python: hold it shut."""
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError):
        yield
        return
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
