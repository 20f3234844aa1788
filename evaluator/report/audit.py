"""The disclosure audit: how each figure of the run is published, so that no small count is pinned.

``audit(table) -> Published`` decides for every figure of the ``FigureTable`` (report/figures.py)
one of: ``exact``; ``rounded`` (a euro amount to 100, 1.000, ... euros, a mean to fewer
decimals); ``bounded`` (a share as "meer dan 95%", "minder dan 5%" or "ongeveer 50%");
``small`` (a count below the threshold, printed "<5"); or ``hidden`` (a count printed "x",
another figure "–").

The rule, stated in the report's methods appendix:

1. A count below the pilot's threshold (at least 5, zero included) is printed "<5".
2. A figure that rests on a group (a mean, an interval, a simulation) is published only when
   the counts of that group are published exactly and are at least the threshold.
3. While some count below the threshold can still be worked out to one value from everything
   published in the run (all reports, tables, charts, sentences and the comparison together),
   the cheapest figure that takes part is coarsened one step: an amount is rounded further,
   a share is bounded, an interval is left out, a count is hidden ("x"). The check is exact:
   integer programming over the counting atoms (cohort/atoms.py), with every published
   figure as a constraint on the atoms: a count as its value or its range, a rounded amount
   as the range of amounts that print the same, a share as a range of the ratio, and for a
   non-linear figure the linear statistics it rests on, taken as known exactly.

Coarsening only widens what a reader can infer, so a count once safe stays safe: one pass.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.sparse import csr_matrix

from evaluator.cohort.atoms import HUB, CountingAtoms
from evaluator.parallel import map_in_workers
from evaluator.report import audit_cache
from evaluator.report.audit_moves import MoveGrid, find_move, keeping_links, satisfies as _satisfies
from evaluator.report.solver import INFEASIBLE, solve
from evaluator.report import formatting as fmt
from evaluator.report.figures import AUDITED_KINDS, Atom, Figure, FigureTable, Form

Status = Literal["exact", "rounded", "bounded", "small", "hidden"]
EURO_STEPS = (1.0, 100.0, 1_000.0, 10_000.0, 100_000.0)
WHOLE_STEPS = (1.0, 5.0, 10.0)  # after its decimals, a number (avoided referrals) may be rounded to 5 or 10
MINIMUM_THRESHOLD = 5  # no count below 5 is ever published, whatever the pilot file says
TRIALS_PER_ROUND = 3
MAX_ROUNDS = 60
# Work limits in branch-and-bound nodes, not seconds, so that a run gives the same report on any machine.
# A check that cannot finish within its limit counts as pinned (the safe side: coarsen more); searches
# that only guide the choice take the best they found. The time limit is a last resort only.
CHECK_LIMITS = {"node_limit": 200, "time_limit": 60.0, "mip_max_improving_sols": 1}  # any registration will do
HINT_LIMITS = {"node_limit": 1, "mip_rel_gap": 1.0, "mip_max_improving_sols": 5, "time_limit": 60.0}  # a good answer, not a proof
LP_OPTIONS = {"presolve": False, "time_limit": 60.0}  # small programmes: presolve costs more than it saves


@dataclass(frozen=True)
class Decision:
    """How one figure is published: ``value`` is the number a reader sees (rounded), ``text`` the
    printed form, ``low``/``high`` what a reader learns about the exact value."""

    key: str
    status: Status
    value: float | None
    text: str
    low: float
    high: float
    step: int = 0  # position on the figure's ladder (0 = finest)

    @property
    def shown(self) -> bool:
        return self.status in ("exact", "rounded", "bounded")


def effective_threshold(threshold: int | None) -> int:
    """The threshold actually used: the configured one, but never below 5."""
    return max(MINIMUM_THRESHOLD, int(threshold or MINIMUM_THRESHOLD))


def round_half_up(value: float, step: float) -> float:
    """``value`` rounded to a multiple of ``step``, halves away from zero (as a reader expects)."""
    scaled = abs(value) / step
    rounded = math.floor(scaled + 0.5) * step
    return math.copysign(rounded, value) if rounded else 0.0


# --- publication ladders ------------------------------------------------------------------------

def _ladder(figure: Figure) -> int:
    """Number of publishable steps before 'hidden'."""
    if figure.kind in ("external", "constant"):
        return 1
    if figure.kind == "count":
        return 2  # exact, then 'ongeveer' to the nearest 5
    if figure.kind == "statistic":
        return 1
    if figure.unit == "euro":
        return sum(1 for s in EURO_STEPS if s >= _euro_start(figure)) or 1
    if figure.unit == "procent":
        return 3  # whole percent, then to 5 percentage points, then bounded (or to 10)
    if figure.unit == "getal":
        return figure.decimals + len(WHOLE_STEPS)
    return 1


def _euro_start(figure: Figure) -> float:
    """The finest rounding of an amount: its precision, and for an amount that rests on the registration
    at most two significant digits (€ 84.071 as € 84.000): no estimate is more precise than that."""
    if figure.kind in ("external", "constant") or not figure.value:
        return figure.precision
    significant = 10.0 ** (math.floor(math.log10(abs(figure.value))) - 1)
    return max(figure.precision, min(s for s in EURO_STEPS if s >= min(significant, EURO_STEPS[-1])))


def _getal_step(figure: Figure, step: int) -> tuple[float, int]:
    """(rounding size, decimals printed) of a number at ``step``: its decimals, then whole, 5, 10."""
    if step <= figure.decimals:
        decimals = figure.decimals - step
        return 10.0 ** -decimals, decimals
    return WHOLE_STEPS[step - figure.decimals], 0


def publish(figure: Figure, step: int) -> Decision:
    """The decision for ``figure`` at ladder position ``step`` (past the ladder: hidden)."""
    v, t = figure.value, figure.threshold
    if figure.kind == "count":
        if v is None:
            return Decision(figure.key, "hidden", None, "x", 0.0, math.inf, step)
        if v < t and figure.protected:
            return Decision(figure.key, "small", None, f"<{t}", 0.0, t - 1.0, 0)
        if step == 1 and v >= 2 * t:  # to the nearest 5: 'ongeveer 80' (never a number that looks small)
            shown = round_half_up(v, 5.0)
            return Decision(figure.key, "rounded", shown, f"ongeveer {fmt.number(shown)}", shown - 2.5, shown + 2.5,
                            step)
        if step >= 1:  # the rule: an 'x' is at least the threshold (a small count is printed '<5')
            return Decision(figure.key, "hidden", None, "x", float(t) if v >= t else 0.0, math.inf, max(step, 2))
        return Decision(figure.key, "exact", v, fmt.number(v), v, v, 0)
    if v is None or step >= _ladder(figure):
        return Decision(figure.key, "hidden", None, fmt.MISSING, -math.inf, math.inf, step)
    if figure.kind in ("external", "constant"):
        return Decision(figure.key, "exact", v, _text(figure, v, figure.decimals), v, v, 0)
    if figure.unit == "euro":
        steps = [s for s in EURO_STEPS if s >= _euro_start(figure)]
        size = steps[step]
        shown = round_half_up(v, size)
        if shown == 0 and abs(v) >= 0.5:  # '€ 0' for € -11.850 would mislead: leave it out instead
            return Decision(figure.key, "hidden", None, fmt.MISSING, -math.inf, math.inf, len(steps))
        status: Status = "exact" if size <= 1 else "rounded"
        return Decision(figure.key, status, shown, _text(figure, shown, 0), shown - size / 2, shown + size / 2, step)
    if figure.unit == "procent":
        if step == 0:
            size = 10.0 ** -(figure.decimals + 2)
            shown = round_half_up(v, size)
            return Decision(figure.key, "exact", shown, _text(figure, shown, figure.decimals), shown - size / 2,
                            shown + size / 2, 0)
        if v > 0.95:
            return Decision(figure.key, "bounded", None, "meer dan 95%", 0.95, 1.0, step)
        if v < 0.05:
            return Decision(figure.key, "bounded", None, "minder dan 5%", 0.0, 0.05, step)
        if step == 1:
            shown = round_half_up(v, 0.05)
            return Decision(figure.key, "rounded", shown, f"ongeveer {fmt.percent(shown)}", shown - 0.025,
                            shown + 0.025, step)
        shown = round_half_up(v, 0.1)
        return Decision(figure.key, "bounded", shown, f"ongeveer {fmt.percent(shown)}", shown - 0.05, shown + 0.05,
                        step)
    if figure.unit == "getal":
        size, decimals = _getal_step(figure, step)
        shown = round_half_up(v, size)
        status = "exact" if step == 0 else "rounded"
        text = _text(figure, shown, decimals)
        return Decision(figure.key, status, shown, text if size <= 1 else f"ongeveer {text}", shown - size / 2,
                        shown + size / 2, step)
    return Decision(figure.key, "exact", v, _text(figure, v, figure.decimals), v, v, 0)


def _text(figure: Figure, value: float, decimals: int) -> str:
    unit = figure.unit
    if unit == "euro":
        return fmt.euro(value)
    if unit == "procent":
        return fmt.percent(value, decimals)
    if unit == "verhouding":
        return fmt.number(value, decimals or 2)
    if unit == "p":
        return fmt.p_value(value)
    if unit == "kans":
        return fmt.probability(value)
    if unit == "aantal":
        return fmt.number(value)
    if unit in ("code", "jaar"):  # a year or a seed: digits without separators
        return str(int(value))
    return fmt.number(value, decimals)


# --- the published table ------------------------------------------------------------------------

@dataclass(frozen=True)
class Published:
    """The audited figures of a run: what every output prints, by key."""

    figures: dict[str, Figure]
    decisions: dict[str, Decision]

    def __contains__(self, key: str) -> bool:
        return key in self.decisions

    def decision(self, key: str) -> Decision:
        return self.decisions[key]

    def text(self, key: str) -> str:
        return self.decisions[key].text

    def value(self, key: str) -> float | None:
        return self.decisions[key].value

    def shown(self, *keys: str) -> bool:
        return all(k in self.decisions and self.decisions[k].shown for k in keys)

    def exact(self, *keys: str) -> bool:
        return all(k in self.decisions and self.decisions[k].status == "exact" for k in keys)

    def status(self, key: str) -> Status:
        return self.decisions[key].status


# --- the audit ----------------------------------------------------------------------------------

def audit(table: FigureTable) -> Published:
    """Decide the publication of every figure in ``table`` (see the module docstring)."""
    steps = {key: 0 for key in table.figures}
    decisions = {key: publish(f, 0) for key, f in table.figures.items()}
    by_pilot: dict[str, list[str]] = defaultdict(list)
    for key, figure in table.figures.items():
        by_pilot[figure.pilot].append(key)
    jobs = [(job, _memo_key(job)) for job in (_pilot_table(table, pilot, keys) for pilot, keys in by_pilot.items()
                                              if pilot in table.atoms)]
    chosen = {memo_key: _known(job, memo_key) for job, memo_key in jobs}
    searched = [(job, memo_key) for job, memo_key in jobs if chosen[memo_key] is None]
    # Pilots that need a search go over the cores (only their steps come back); a single one stays here.
    found = map_in_workers(_searched_steps, searched) if len(searched) > 1 else \
        [_searched_steps(job_and_key) for job_and_key in searched]
    for (job, memo_key), job_steps in zip(searched, found):
        chosen[memo_key] = _remember(memo_key, job_steps, _decided(job, job_steps))
    for job_steps, job_decisions in chosen.values():
        steps.update(job_steps)
        decisions.update(job_decisions)
    _needs_rule(table, list(table.figures), steps, decisions)  # figures across pilots (the comparison)
    return Published(dict(table.figures), decisions)


_MEMO: dict[str, tuple[dict[str, int], dict[str, Decision]]] = {}
_MEMO_SIZE = 32


def _pilot_table(table: FigureTable, pilot: str, keys: list[str]) -> FigureTable:
    """The part of ``table`` one pilot's audit reads: its figures, atoms and threshold."""
    return FigureTable({key: table.figures[key] for key in keys}, {pilot: table.atoms[pilot]},
                       {pilot: table.thresholds[pilot]} if pilot in table.thresholds else {})


def _memo_key(job: FigureTable) -> str:
    pilot = next(iter(job.atoms))
    return audit_cache.key(job.atoms[pilot], job.thresholds.get(pilot), list(job.figures.values()))


def _known(job: FigureTable, memo_key: str) -> tuple[dict[str, int], dict[str, Decision]] | None:
    """(steps, decisions) of a pilot audited before: in this process (the same registration in a single report
    and in a comparison) or in an earlier run (report/audit_cache.py); else None. Every decision follows from
    its figure and step, so the steps are all that is kept."""
    if memo_key in _MEMO:
        return _MEMO[memo_key]
    stored = audit_cache.load(memo_key, list(job.figures))
    return None if stored is None else _remember(memo_key, stored, _decided(job, stored))


def _decided(job: FigureTable, steps: dict[str, int]) -> dict[str, Decision]:
    return {key: publish(job.figures[key], step) for key, step in steps.items()}


def _searched_steps(job_and_key: tuple[FigureTable, str]) -> dict[str, int]:
    """One pilot's search (in a worker process when there are several: evaluator/parallel.py)."""
    job, memo_key = job_and_key
    return _search(job, next(iter(job.atoms)), list(job.figures), memo_key)[0]


def _search(table: FigureTable, pilot: str, keys: list[str], memo_key: str
            ) -> tuple[dict[str, int], dict[str, Decision]]:
    steps = {key: 0 for key in keys}
    decisions = {key: publish(table.figures[key], 0) for key in keys}
    _needs_rule(table, keys, steps, decisions)
    model = _Model(table.atoms[pilot], pilot, [table.figures[k] for k in keys])
    dependents = _dependents([table.figures[k] for k in keys])
    targets = [table.figures[k] for k in keys if table.figures[k].protected and decisions[k].status == "small"]
    _obvious(table, keys, targets, steps, decisions)
    model.watch(targets)
    while True:
        hidden_before = sum(1 for k in keys if decisions[k].status == "hidden")
        for figure in targets:
            if not model.is_free(figure):
                _protect(model, table, keys, figure.key, steps, decisions, dependents)
        _needs_rule(table, keys, steps, decisions)
        if sum(1 for k in keys if decisions[k].status == "hidden") == hidden_before:
            break
    audit_cache.store(memo_key, steps)
    return steps, decisions


def _remember(memo_key: str, steps: dict[str, int], decisions: dict[str, Decision]):
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.pop(next(iter(_MEMO)))
    _MEMO[memo_key] = (steps, decisions)
    return steps, decisions


def _needs_met(table: FigureTable, figure: Figure, decisions: dict[str, Decision]) -> bool:
    return all(n in decisions and decisions[n].status == "exact" and (table.figures[n].value or 0) >= figure.threshold
               for n in figure.needs)


def _obvious(table: FigureTable, keys: list[str], targets: list[Figure], steps: dict[str, int],
             decisions: dict[str, Decision]) -> None:
    """What certainly pins a small count, settled before any search: a statistic that reveals the count
    itself is left out, and a share of the count (or of the rest of its total) starts bounded."""
    small = {f.numerator.terms for f in targets if f.numerator is not None}
    for key in keys:
        figure = table.figures[key]
        if figure.kind == "statistic" and any(form.terms in small for form in figure.reveals):
            steps[key] = 99
            decisions[key] = publish(figure, 99)
        elif figure.kind == "ratio" and figure.numerator is not None and figure.denominator is not None:
            rest = (figure.denominator - figure.numerator).terms
            if figure.numerator.terms in small or rest in small:
                steps[key] = 2
                decisions[key] = publish(figure, 2)


def _needs_rule(table: FigureTable, keys: list[str], steps: dict[str, int], decisions: dict[str, Decision]) -> None:
    """Rule 2: a figure on a group is published only when the group's counts are shown exactly, >= threshold."""
    for key in keys:
        figure = table.figures[key]
        if not figure.needs or decisions[key].status == "hidden":
            continue
        if not _needs_met(table, figure, decisions):
            steps[key] = 99
            decisions[key] = publish(figure, 99)


def _protect(model: "_Model", table: FigureTable, keys: list[str], target: str, steps: dict[str, int],
             decisions: dict[str, Decision], dependents: dict[str, int]) -> None:
    """Coarsen published figures until ``target`` (a small count) has more than one possible value.

    Which figures to coarsen: the cheapest set whose constraints, relaxed, let the target move
    (a linear programme with a penalty per relaxed figure: rounding an amount is cheap, hiding a
    count dear). Each of them goes one step down its ladder; then the exact check is repeated."""
    target_figure = table.figures[target]
    weight = lambda k, a: _weight(table, k, a, steps, dependents)  # noqa: E731
    for _ in range(MAX_ROUNDS):
        if not model.pinned(target_figure, decisions, keep=True):
            return
        blocking = {k: a for k, a in model.blocking(target_figure, decisions, weight).items()
                    if decisions[k].shown and table.figures[k].kind in AUDITED_KINDS}
        if not blocking:
            break
        changes = {k: (99 if a == "hide" else steps[k] + 1) for k, a in blocking.items()}
        ranked = sorted(changes, key=lambda k: (weight(k, blocking[k]), k))  # ties by name: the same on every run
        # The first single change that frees the target is taken (its registration is kept as a witness:
        # the trial's decisions are the ones that come into force); else all of them, and check again.
        single = next((k for k in ranked[:TRIALS_PER_ROUND]
                       if not model.pinned(target_figure, {**decisions, k: publish(table.figures[k], changes[k])},
                                           keep=True)), None)
        chosen = [single] if single is not None else _shortest_freeing(model, table, target_figure, ranked, changes,
                                                                       decisions)
        for key in chosen:
            steps[key] = changes[key]
            decisions[key] = publish(table.figures[key], steps[key])
        if len(chosen) < len(ranked) or single is not None:
            return
    reach = model.signature(target_figure)
    for key in keys:  # never publish what could not be protected: hide all that shares children with it
        figure = table.figures[key]
        if figure.kind in AUDITED_KINDS and decisions[key].shown and model.signature(figure) & reach:
            steps[key] = 99
            decisions[key] = publish(figure, 99)


def _shortest_freeing(model: "_Model", table: FigureTable, target: Figure, ranked: list[str],
                      changes: dict[str, int], decisions: dict[str, Decision]) -> list[str]:
    """The shortest run of ``ranked`` (cheapest first) whose changes together free ``target``; all of them
    when even that is not enough. Coarsening only widens what a reader can infer, so freeing is monotone
    in the run's length and a bisection finds it in a few checks."""
    def frees(n: int) -> bool:
        trial = {**decisions, **{k: publish(table.figures[k], changes[k]) for k in ranked[:n]}}
        return not model.pinned(target, trial)

    if len(ranked) <= 1 or not frees(len(ranked)):
        return ranked
    low, high = 1, len(ranked)  # frees(high) holds
    while low < high:
        middle = (low + high) // 2
        if frees(middle):
            high = middle
        else:
            low = middle + 1
    return ranked[:high]


def _weight(table: FigureTable, key: str, action: str, steps: dict[str, int], dependents: dict[str, int]) -> float:
    """Penalty for relaxing a figure one step: rounding an amount or number is cheap, bounding a share a
    little dearer, rounding a count dearer, hiding dear; times the figure's importance (the summary's
    figures are the last to go)."""
    figure = table.figures[key]
    last = action == "hide" or steps[key] + 1 >= _ladder(figure)
    if figure.kind == "count":
        size = abs(figure.value or 0.0)
        base = 16.0 * (1.0 + size / (size + 10.0)) * (0.5 if not last else 1.0)  # hide the smaller count
        base += 8.0 * dependents.get(key, 0)  # a count no longer exact takes its means and intervals along
    elif figure.kind == "statistic":
        base = 8.0
    elif not last:
        base = 1.0 if figure.unit in ("euro", "getal") else 2.0
    else:
        base = 64.0
    return base * figure.importance


def _dependents(figures: list[Figure]) -> dict[str, int]:
    """Per count, how many of ``figures`` need it published exactly (rule 2)."""
    counts: dict[str, int] = defaultdict(int)
    for figure in figures:
        for need in figure.needs:
            counts[need] += 1
    return dict(counts)


class _Model:
    """The integer program of one pilot: atoms as variables, families linked through the hub (a finer split,
    the months, through the family it splits: the quarters)."""

    def __init__(self, atoms: CountingAtoms, pilot: str, figures: list[Figure]):
        self.atoms, self.pilot = atoms, pilot
        used = {a[1] for f in figures for form in _forms(f) for a, _ in form.terms}
        families = [HUB] + sorted(used - {HUB})
        self.index: dict[Atom, int] = {}
        self.truth: list[int] = []
        for name in families:
            for key, n in atoms[name].cells.items():
                self.index[(pilot, name, *key)] = len(self.index)
                self.truth.append(n)
        self.n = len(self.index)
        self.links = self._links(families)
        self._figures = {f.key: f for f in figures}
        self._signatures: dict[str, frozenset] = {}
        # Dimensions by which a finer family is linked to this one (quarter): they mark shared children too.
        self._split_by: dict[str, tuple[str, ...]] = defaultdict(tuple)
        for name in families:
            if name != HUB and atoms[name].parent != HUB:
                self._split_by[atoms[name].parent] += atoms[name].link
        self._rows: dict[str, tuple[Decision, list]] = {}
        # Registrations (atom counts) consistent with everything published so far. Coarsening only
        # widens what is consistent, so a witness stays one; every small count it changes is free.
        self._witnesses: list[np.ndarray] = []
        self._free: set[str] = set()
        self._watched: list[Figure] = []
        self._truth = np.array(self.truth, dtype=float)
        self._grids = {name: MoveGrid(list(atoms[name].cells), [self.index[(pilot, name, *key)]
                                                                 for key in atoms[name].cells])
                       for name in families}
        self._moves: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._link_matrix = _matrix([row for row in self.links if row[1] == row[2]], self.n)[0]

    def rows_of(self, key: str, decision: Decision) -> list:
        """The rows of one published figure, cached for as long as its decision stays the same."""
        cached = self._rows.get(key)
        if cached is None or cached[0] != decision:
            cached = (decision, self._figure_rows(self._figures[key], decision))
            self._rows[key] = cached
        return cached[1]

    def _links(self, families: list[str]) -> list[tuple[dict[int, float], float, float]]:
        rows = []
        for name in families:
            if name == HUB:
                continue
            family = self.atoms[name]
            # The hub, or the family this one splits further (months: quarters). When no figure uses that
            # family, the finer one is linked to the total: the same registrations, a smaller programme.
            parent, link = ((family.parent, family.link) if family.parent in families else (HUB, ()))
            hub = self.atoms[parent]
            groups: dict[tuple, dict[int, float]] = defaultdict(dict)
            for key in family.cells:
                levels = tuple(key[family.dims.index(d)] for d in link)
                groups[levels][self.index[(self.pilot, name, *key)]] = 1.0
            for key in hub.cells:
                levels = tuple(key[hub.dims.index(d)] for d in link)
                if levels in groups or not link:
                    groups[levels][self.index[(self.pilot, parent, *key)]] = -1.0
            rows.extend((_coefficients(row), 0.0, 0.0) for row in groups.values())
        for name in families:
            for group in self.atoms[name].nonempty:
                rows.append((_coefficients({self.index[(self.pilot, name, *key)]: 1.0 for key in group}), 1.0, np.inf))
        return rows

    def signature(self, figure: Figure) -> frozenset:
        """Atoms of the figure, plus the linked margins they fall in (outcome, age group)."""
        if figure.key not in self._signatures:
            marks = set()
            for form in _forms(figure):
                for atom, _ in form.terms:
                    marks.add(atom)
                    family = self.atoms[atom[1]]
                    link = family.dims if atom[1] == HUB else family.link + self._split_by.get(atom[1], ())
                    for dim in link:
                        marks.add((dim, atom[2 + family.dims.index(dim)]))
            self._signatures[figure.key] = frozenset(marks)
        return self._signatures[figure.key]

    def _row(self, form: Form) -> Coefficients:
        return _coefficients({self.index[a]: c for a, c in form.terms})

    def _figure_rows(self, figure: Figure, decision: Decision):
        """What a reader learns from one published figure, as rows (coefficients, low, high, tag): the tag
        says what takes the row away: a coarser step ('step') or only hiding the figure ('hide')."""
        if decision.status == "hidden" and figure.kind != "count":
            return []
        rows = [(self._row(form), self._true(form) - form.constant, self._true(form) - form.constant, "hide")
                for form in figure.reveals]  # the worst case: the statistics it rests on become known
        num, den = figure.numerator, figure.denominator
        if num is None:
            return rows
        if den is None or den.is_constant:
            scale = 1.0 if den is None else den.constant
            low, high = decision.low * scale, decision.high * scale
            if scale < 0:
                low, high = high, low
            rows.append((self._row(num), low - num.constant, high - num.constant, "step"))
            return rows
        if math.isfinite(decision.low):
            diff = num - den * decision.low
            rows.append((self._row(diff), -diff.constant, math.inf, "step"))
        if math.isfinite(decision.high):
            diff = num - den * decision.high
            rows.append((self._row(diff), -math.inf, -diff.constant, "step"))
        rows.append((self._row(den), 1e-9 - den.constant, math.inf, "hide"))  # a printed ratio has a denominator
        return rows

    def _true(self, form: Form) -> float:
        return form.constant + sum(c * self.truth[self.index[a]] for a, c in form.terms)

    def is_free(self, target: Figure) -> bool:
        """A registration consistent with what is published gives ``target`` another value."""
        return target.key in self._free

    def _record(self, x: np.ndarray, targets) -> None:
        self._witnesses.append(x)
        for figure in targets:
            if figure.key not in self._free and abs(self._value(figure.numerator, x) - self._true(figure.numerator)) > 0.5:
                self._free.add(figure.key)

    def _value(self, form: Form, x: np.ndarray) -> float:
        return form.constant + sum(c * x[self.index[a]] for a, c in form.terms)

    def _published_rows(self, decisions: dict[str, Decision], skip: str = "") -> list:
        """Everything published as rows (a row printed twice is simply there twice)."""
        rows = list(self.links)
        for key, decision in decisions.items():
            if key in self._figures and key != skip:
                rows.extend(row[:3] for row in self.rows_of(key, decision))
        return rows

    def watch(self, targets) -> None:
        """The small counts a registration found later is checked against: each it moves comes free."""
        self._watched = list(targets)

    def pinned(self, target: Figure, decisions: dict[str, Decision], keep: bool = False) -> bool:
        """True when ``target`` takes one value in every registration consistent with ``decisions``.

        Looks for any registration (a feasible point of the integer programme) in which the target is
        one higher, then one lower; a search that cannot finish in time counts as pinned. With ``keep``
        (``decisions`` are the ones in force), a registration found is kept as a witness."""
        assert target.numerator is not None
        if keep and target.key in self._free:
            return False
        rows = self._published_rows(decisions, skip=target.key)
        true = self._true(target.numerator)
        constant = target.numerator.constant
        for low, high in ((true + 1, target.threshold - 1.0), (-math.inf, true - 1)):
            if low > high or high < 0:
                continue
            matrix, lows, highs = _matrix(rows + [(self._row(target.numerator), low - constant, high - constant)],
                                          self.n)
            found = None
            for start in [self._truth] + self._witnesses[-1:]:
                found = find_move(matrix, lows, highs, start, *self._moves_of(target), target_row=len(lows) - 1)
                if found is not None:
                    break
            if found is not None:  # a registration next to the real one (report/audit_moves.py)
                if keep:
                    self._record(found, self._watched)
                return False
            # The linear relaxation first: infeasible there means infeasible in whole children too, and a
            # vertex in whole numbers (common: the families are table margins) is already a registration.
            relaxed = solve(np.zeros(self.n), matrix, lows, highs, None, LP_OPTIONS)
            if relaxed.status == INFEASIBLE:
                continue
            if relaxed.x is not None and _whole(relaxed.x) and _satisfies(matrix, lows, highs, np.round(relaxed.x)):
                found = np.round(relaxed.x)
            else:
                res = solve(np.zeros(self.n), matrix, lows, highs, np.ones(self.n), CHECK_LIMITS)
                if res.x is not None and _satisfies(matrix, lows, highs, np.round(res.x)):  # stopped at the first one
                    found = np.round(res.x)
            if found is not None:
                if keep:
                    self._record(found, self._watched)
                return False
        return True

    def _moves_of(self, target: Figure) -> tuple[np.ndarray, np.ndarray]:
        if target.key not in self._moves:
            blocks = [self._grids[atom[1]].moves(self.index[atom]) for atom, _ in target.numerator.terms]
            signs = blocks[0][1] if blocks else np.ones(4)
            moves = np.concatenate([b[0] for b in blocks]) if blocks else np.zeros((0, 4), dtype=np.int64)
            self._moves[target.key] = (keeping_links(self._link_matrix, moves, signs), signs)
        return self._moves[target.key]

    def blocking(self, target: Figure, decisions: dict[str, Decision], weight) -> dict[str, str]:
        """The published figures that hold ``target`` in place: {figure: 'step' or 'hide'}.

        An integer programme over the atoms in which the target must move by one (up or down, staying
        below the threshold, as the reader knows) while every row of every published figure may give
        way, at ``weight(key, action)`` per unit of slack (rows scaled so a unit is about one child); a
        row that only hiding removes (what a figure reveals) is priced as hiding the figure. The figures
        that take slack in the cheaper direction are the ones to coarsen."""
        rows: list[tuple[Coefficients, float, float]] = list(self.links)
        owners: list[tuple[str, str] | None] = [None] * len(rows)
        for key, decision in decisions.items():
            figure = self._figures.get(key)
            if figure is not None and key != target.key:
                new = self.rows_of(key, decision)
                rows.extend(row[:3] for row in new)
                relaxable = decision.shown and figure.kind in AUDITED_KINDS  # a '<5' or 'x' stays as it is
                owners.extend([(key, row[3]) if relaxable else None for row in new])
        assert target.numerator is not None
        true = self._true(target.numerator)
        best: tuple[float, dict[str, str]] | None = None
        for low, high in ((true + 1, target.threshold - 1.0), (-np.inf, true - 1)):
            if low > high or high < 0:
                continue
            trial = rows + [(self._row(target.numerator), low - target.numerator.constant,
                             high - target.numerator.constant)]
            # The linear relaxation is fast and usually names the same figures; when its fractional
            # registrations need no slack at all (whole children are what pins it), ask the integer one.
            found = self._slack_pool(trial, owners + [None], weight, integer=False)
            if found is None or not found[0]:
                found = self._slack_pool(trial, owners + [None], weight)
            if found is None:
                continue
            pool, cost = found
            actions: dict[str, str] = {}
            for key, action in sorted(pool):
                actions[key] = "hide" if action == "hide" or actions.get(key) == "hide" else "step"
            if best is None or cost < best[0]:
                best = (cost, actions)
        return best[1] if best else {}

    def _slack_pool(self, rows, owners, weight, integer: bool = True) -> tuple[set[tuple[str, str]], float] | None:
        """(figure, action) pairs that take slack when every relaxable row may give way per unit."""
        from scipy.sparse import hstack, identity

        matrix, lows, highs = _matrix(rows, self.n)
        scale = abs(matrix).max(axis=1).toarray().ravel()
        scale[scale == 0] = 1.0
        slack = np.array([o is not None for o in owners], float)
        m = len(rows)
        eye = identity(m, format="csr").multiply(slack[:, None]).tocsr()
        full = hstack([matrix, eye, -eye]).tocsr()
        cost = np.array([weight(*o) / s if o is not None else 0.0 for o, s in zip(owners, scale)])
        objective = np.concatenate([np.zeros(self.n), cost, cost])
        integrality = np.concatenate([np.full(self.n, 1.0 if integer else 0.0), np.zeros(2 * m)])
        res = solve(objective, full, lows, highs, integrality, HINT_LIMITS if integer else LP_OPTIONS)  # a hint
        if res.x is None:
            return None
        used = res.x[self.n:self.n + m] + res.x[self.n + m:]
        return {o for o, u in zip(owners, used) if o is not None and u > 1e-7}, float(res.objective)


def _whole(x: np.ndarray) -> bool:
    return bool(np.all(np.abs(x - np.round(x)) < 1e-7))


Coefficients = tuple[np.ndarray, np.ndarray]  # a row's atom indices and their coefficients


def _coefficients(row: dict[int, float]) -> Coefficients:
    return np.fromiter(row.keys(), dtype=np.int64, count=len(row)), np.fromiter(row.values(), dtype=float,
                                                                               count=len(row))


def _matrix(rows, n: int):
    """(matrix, lows, highs) of ``rows``, each (coefficients, low, high[, tag])."""
    if not rows:
        return csr_matrix((0, n)), np.zeros(0), np.zeros(0)
    columns = np.concatenate([row[0][0] for row in rows])
    data = np.concatenate([row[0][1] for row in rows])
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([row[0][0].size for row in rows], out=indptr[1:])
    lows = np.fromiter((row[1] for row in rows), dtype=float, count=len(rows))
    highs = np.fromiter((row[2] for row in rows), dtype=float, count=len(rows))
    return csr_matrix((data, columns, indptr), shape=(len(rows), n)), lows, highs


def _forms(figure: Figure) -> list[Form]:
    return [f for f in (figure.numerator, figure.denominator, *figure.reveals) if f is not None]
