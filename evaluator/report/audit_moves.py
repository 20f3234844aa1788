"""Cheap witnesses for the disclosure audit: registrations one small step away from the real one.

A check of the audit (report/audit.py) asks whether some registration consistent with everything
published gives a small count another value. Very often one lies next to the real registration:
one child counted in another cell of the same table (a *pair move*), or two children swapping one
characteristic between two cells, so that both margins of the table stay as they were (a
*rectangle move*: +1 and -1 in one row of the table, -1 and +1 in another). All such moves of the
cells a count is made of are tried at once, as one sparse product; a move that keeps every
published row within its range is a registration, so it proves the count is not pinned exactly as
the integer programme would. Only when no move fits does the audit solve the programme.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
from scipy.sparse import csc_matrix, csr_matrix

TOLERANCE = 1e-6


class MoveGrid:
    """The cells of one family as an array over its dimensions (atom index per cell, -1 where absent)."""

    def __init__(self, keys: list[tuple[str, ...]], indices: list[int]):
        self.dims = len(keys[0]) if keys else 0
        self.levels = [sorted({key[d] for key in keys}) for d in range(self.dims)]
        positions = [{level: i for i, level in enumerate(levels)} for levels in self.levels]
        self.grid = np.full([len(levels) for levels in self.levels], -1, dtype=np.int64)
        self.position: dict[int, tuple[int, ...]] = {}
        for key, index in zip(keys, indices):
            at = tuple(positions[d][level] for d, level in enumerate(key))
            self.grid[at] = index
            self.position[index] = at

    def moves(self, atom: int) -> tuple[np.ndarray, np.ndarray]:
        """(rows, signs) of the moves through ``atom``: each row holds the atom indices of one move, with
        the sign per column (+1 on ``atom``); a pair move pads its last two places with -1 (no atom)."""
        at = self.position[atom]
        others = self.grid[self.grid != atom]
        others = others[others >= 0]
        pairs = np.column_stack([np.full(others.size, atom), others, np.full((others.size, 2), -1)])
        blocks = [pairs]
        for first, second in combinations(range(self.dims), 2):
            plane = self.grid[tuple(slice(None) if d in (first, second) else at[d] for d in range(self.dims))]
            across = np.delete(np.arange(plane.shape[0]), at[first])
            down = np.delete(np.arange(plane.shape[1]), at[second])
            row, column = np.meshgrid(across, down, indexing="ij")
            row, column = row.ravel(), column.ravel()
            block = np.column_stack([np.full(row.size, atom), plane[row, at[second]], plane[at[first], column],
                                     plane[row, column]])
            blocks.append(block[np.all(block >= 0, axis=1)])
        return np.concatenate(blocks), np.array([1.0, -1.0, -1.0, 1.0])


def find_move(matrix: csr_matrix, lows: np.ndarray, highs: np.ndarray, start: np.ndarray,
              moves: np.ndarray, signs: np.ndarray, target_row: int) -> np.ndarray | None:
    """A registration ``start + move`` (a move of ``moves``, either way round) that satisfies every row.

    ``start`` satisfies every row but ``target_row``. Moves are narrowed cheaply before the full check:
    they must bring the target row within its range and leave no cell negative."""
    if moves.size == 0:
        return None
    n = matrix.shape[1]
    values = matrix @ start
    target = np.append(matrix.getrow(target_row).toarray().ravel(), 0.0)  # index -1 (no atom) counts 0
    reach = (target[moves] * signs).sum(axis=1)
    padded_start = np.append(start, np.inf)
    chosen, weights = [], []
    for way in (1.0, -1.0):
        moved = values[target_row] + way * reach
        fits = (reach != 0) & (moved >= lows[target_row] - TOLERANCE) & (moved <= highs[target_row] + TOLERANCE)
        fits &= np.all(padded_start[moves] + way * signs >= 0, axis=1)
        chosen.append(moves[fits])
        weights.append(np.broadcast_to(way * signs, (int(fits.sum()), signs.size)))
    moves, weights = np.concatenate(chosen), np.concatenate(weights)
    if moves.size == 0:
        return None
    moves, weights = _keeping(matrix, moves, weights, n, values, lows, highs)
    for move, weight in zip(moves[:3], weights[:3]):
        candidate = start.copy()
        np.add.at(candidate, move[move >= 0], weight[move >= 0])
        if satisfies(matrix, lows, highs, candidate):
            return candidate
    return None


def keeping_links(links: csr_matrix, moves: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """The moves that keep every row of ``links`` (the tables' shared margins, which hold exactly) as it is;
    the same either way round, and whatever else is published."""
    if moves.size == 0 or links.shape[0] == 0:
        return moves
    zero = np.zeros(links.shape[0])
    weights = np.broadcast_to(signs, moves.shape)
    return _keeping(links, moves, weights, links.shape[1], zero, zero, zero)[0]


def _keeping(matrix: csr_matrix, moves: np.ndarray, weights: np.ndarray, n: int, values: np.ndarray,
             lows: np.ndarray, highs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The moves after which every row of ``matrix`` (now at ``values``) stays within [lows, highs]."""
    k = moves.shape[0]
    columns = np.repeat(np.arange(k), moves.shape[1])
    cells, data = moves.ravel(), weights.ravel()
    present = cells >= 0
    direction = csc_matrix((data[present], (cells[present], columns[present])), shape=(n, k))
    change = (matrix @ direction).tocoo()
    moved = values[change.row] + change.data
    slack = TOLERANCE * np.maximum(1.0, np.abs(moved))
    outside = (moved < lows[change.row] - slack) | (moved > highs[change.row] + slack)
    good = np.ones(k, dtype=bool)
    good[change.col[outside]] = False
    return moves[good], weights[good]


def satisfies(matrix, lows, highs, x: np.ndarray) -> bool:
    """True when ``x`` keeps every row of ``matrix`` within [lows, highs] (up to rounding)."""
    values = matrix @ x
    slack = TOLERANCE * np.maximum(1.0, np.abs(values))
    return bool(np.all(values >= lows - slack) and np.all(values <= highs + slack))
