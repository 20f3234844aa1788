"""The table of published figures: every number an output of a run prints, entered once.

A ``Figure`` holds the exact value, how it is printed (``unit``, ``decimals``), what kind of
function of the registration it is, and that function itself:

============  ================================================================================
kind          what the audit knows about it
============  ================================================================================
count         a number of children: ``numerator`` is a sum of counting atoms (cohort/atoms.py);
              protected: a count below the threshold must never be pinned to one value
linear        a linear function of atoms: a euro amount (tariff x count), a sum of sessions
ratio         ``numerator / denominator``, both linear: a share, a mean, costs per child
statistic     a non-linear function (an interval, a median) of the linear statistics in
              ``reveals``; the audit assumes the worst: a reader learns those exactly
simulated     a Monte Carlo summary; printed coarsely, needs its group counts shown
external      from the practice panel or CBS (not about individual children)
constant      from the pilot file (costs, tariffs, hours) or fixed by the method
============  ================================================================================

Any figure may also list ``reveals``: linear statistics (counts, sums) that its printed value
may give away exactly, for instance a count whose true value was substituted to make the form
linear (an amount per referral, where the number of referrals divides). The audit then treats
them as known. ``needs`` names count figures that must be published exactly (and at least at the
threshold) for the figure to be published at all: the group a mean is taken over, or a count
whose exact value was substituted to make a form linear. ``FigureTable`` collects figures;
``audit.audit`` decides how each is published. Builders register figures with the helpers
of ``AtomForms``, which turn counting-atom families into forms.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from evaluator.cohort.atoms import CountingAtoms

Atom = tuple[str, ...]  # (pilot, family, *levels)
Kind = Literal["count", "linear", "ratio", "statistic", "simulated", "external", "constant"]
Unit = Literal["aantal", "getal", "procent", "euro", "verhouding", "p", "kans", "code", "jaar"]
AUDITED_KINDS = ("count", "linear", "ratio", "statistic")


@dataclass(frozen=True)
class Form:
    """A linear function of counting atoms: sum of coefficient x atom, plus a constant."""

    terms: tuple[tuple[Atom, float], ...] = ()
    constant: float = 0.0

    @staticmethod
    def of(terms: Mapping[Atom, float], constant: float = 0.0) -> "Form":
        return Form(tuple(sorted((a, float(c)) for a, c in terms.items() if c != 0)), float(constant))

    def as_dict(self) -> dict[Atom, float]:
        return dict(self.terms)

    def __add__(self, other: "Form | float") -> "Form":
        if not isinstance(other, Form):
            return Form(self.terms, self.constant + float(other))
        merged = self.as_dict()
        for atom, c in other.terms:
            merged[atom] = merged.get(atom, 0.0) + c
        return Form.of(merged, self.constant + other.constant)

    __radd__ = __add__

    def __mul__(self, factor: float) -> "Form":
        return Form.of({a: c * factor for a, c in self.terms}, self.constant * factor)

    __rmul__ = __mul__

    def __neg__(self) -> "Form":
        return self * -1.0

    def __sub__(self, other: "Form | float") -> "Form":
        return self + (-other if isinstance(other, Form) else -float(other))

    def evaluate(self, values: Mapping[Atom, float]) -> float:
        return self.constant + sum(c * values.get(a, 0) for a, c in self.terms)

    @property
    def atoms(self) -> frozenset[Atom]:
        return frozenset(a for a, _ in self.terms)

    @property
    def is_constant(self) -> bool:
        return not self.terms


@dataclass(frozen=True)
class Figure:
    key: str
    value: float | None
    kind: Kind
    unit: Unit = "getal"
    decimals: int = 0
    numerator: Form | None = None
    denominator: Form | None = None
    reveals: tuple[Form, ...] = ()
    needs: tuple[str, ...] = ()
    pilot: str = ""
    threshold: int = 5
    # euro amounts: the finest rounding step (in euros) an amount may be printed with
    precision: float = 1.0
    # a count of children that, below the threshold, must never be pinned (False for a count of
    # missing registrations, which describes the registration, not a group of children)
    protect: bool = True
    # how much a reader loses when the figure is coarsened (the headline figures of the summary are dear)
    importance: float = 1.0

    @property
    def protected(self) -> bool:
        return self.kind == "count" and self.protect

    @property
    def finite(self) -> bool:
        return self.value is not None and math.isfinite(self.value)


@dataclass
class FigureTable:
    """Figures by key, in the order they were entered; plus the atoms of every pilot."""

    figures: dict[str, Figure] = field(default_factory=dict)
    atoms: dict[str, CountingAtoms] = field(default_factory=dict)
    thresholds: dict[str, int] = field(default_factory=dict)

    def add(self, figure: Figure) -> Figure:
        if figure.key in self.figures:
            raise ValueError(f"figure {figure.key!r} entered twice")
        self.figures[figure.key] = figure
        return figure

    def get(self, key: str) -> Figure:
        return self.figures[key]

    def __contains__(self, key: str) -> bool:
        return key in self.figures

    def for_pilot(self, pilot: str) -> "PilotFigures":
        """The figures of one pilot (or of the comparison, which has no atoms of its own)."""
        return PilotFigures(self, pilot, self.atoms.get(pilot), self.thresholds[pilot])


def _finite(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


@dataclass
class PilotFigures:
    """Enter the figures of one pilot: keys are prefixed with the pilot's slug, forms built from its atoms.

    ``count``, ``linear`` and ``ratio`` take forms; ``statistic``, ``simulated``, ``external`` and
    ``constant`` take values. Every method returns the full key.
    """

    table: FigureTable
    pilot: str
    atoms: CountingAtoms | None
    threshold: int

    def key(self, name: str) -> str:
        return f"{self.pilot}/{name}"

    # --- forms --------------------------------------------------------------------------------
    def cells(self, family: str, **levels: str | tuple[str, ...]) -> Form:
        """The sum of the cells of ``family`` whose levels match (a level may be a tuple)."""
        fam = self.atoms[family]
        return Form.of({(self.pilot, family, *key): 1.0 for key in fam.keys(**levels)})

    def weighted(self, family: str, weight, **levels: str | tuple[str, ...]) -> Form:
        """Sum over matching cells of ``weight(levels dict) x cell`` (sessions x count, tariff x count)."""
        fam = self.atoms[family]
        terms = {}
        for key in fam.keys(**levels):
            w = float(weight(dict(zip(fam.dims, key))))
            if w:
                terms[(self.pilot, family, *key)] = w
        return Form.of(terms)

    def true_value(self, form: Form) -> float:
        """The form evaluated on the real registration."""
        return form.constant + sum(c * self.atoms[a[1]].cells[a[2:]] for a, c in form.terms)

    # --- entering figures ---------------------------------------------------------------------
    def count(self, name: str, form: Form, protect: bool = True, importance: float = 1.0) -> str:
        value = self.true_value(form)
        return self._add(name, value, "count", "aantal", numerator=form, protect=protect, importance=importance)

    def important(self, *names: str, factor: float = 10.0) -> None:
        """Mark figures a summary leans on as dear to coarsen (the audit then prefers other figures)."""
        import dataclasses

        for name in names:
            key = self.key(name)
            if key in self.table.figures:
                self.table.figures[key] = dataclasses.replace(self.table.figures[key], importance=factor)

    def linear(self, name: str, form: Form, value: float | None = None, unit: Unit = "euro", decimals: int = 0,
               needs: Iterable[str] = (), precision: float = 100.0, reveals: Iterable[Form] = ()) -> str:
        """A linear function of atoms; ``value`` (from the stage) must equal the form on the data.

        Euro amounts are printed to ``precision`` euros at the finest (100 by default: an amount
        to the euro suggests a precision no estimate has)."""
        exact = self.true_value(form)
        _check(name, value, exact)
        return self._add(name, exact, "linear", unit, decimals, numerator=form, needs=tuple(needs),
                         precision=precision, reveals=tuple(reveals))

    def ratio(self, name: str, numerator: Form, denominator: Form, value: float | None = None,
              unit: Unit = "procent", decimals: int = 0, needs: Iterable[str] = (), precision: float = 1.0,
              reveals: Iterable[Form] = ()) -> str:
        """``numerator / denominator`` (a share, a mean, an amount per child); None when the denominator is 0."""
        den = self.true_value(denominator)
        exact = self.true_value(numerator) / den if den else None
        _check(name, value, exact)
        return self._add(name, exact, "ratio", unit, decimals, numerator=numerator, denominator=denominator,
                         needs=tuple(needs), precision=precision, reveals=tuple(reveals))

    def statistic(self, name: str, value: float | None, reveals: Iterable[Form], needs: Iterable[str],
                  unit: Unit = "getal", decimals: int = 1, precision: float = 1.0) -> str:
        return self._add(name, value, "statistic", unit, decimals, reveals=tuple(reveals), needs=tuple(needs),
                         precision=precision)

    def simulated(self, name: str, value: float | None, needs: Iterable[str] = (), unit: Unit = "euro",
                  decimals: int = 0, precision: float = 1000.0) -> str:
        return self._add(name, value, "simulated", unit, decimals, needs=tuple(needs), precision=precision)

    def external(self, name: str, value: float | None, unit: Unit = "getal", decimals: int = 2,
                 needs: Iterable[str] = ()) -> str:
        return self._add(name, value, "external", unit, decimals, needs=tuple(needs))

    def constant(self, name: str, value: float | None, unit: Unit = "getal", decimals: int = 0,
                 precision: float = 1.0) -> str:
        return self._add(name, value, "constant", unit, decimals, precision=precision)

    def scaled(self, name: str, source: str, factor: float, decimals: int | None = None) -> str:
        """A figure that is ``factor`` times another (per year: 1 / years), of the same kind and forms."""
        base = self.table.get(self.key(source))
        value = None if base.value is None else base.value * factor
        parts = {"numerator": None if base.numerator is None else base.numerator * factor,
                 "denominator": base.denominator, "reveals": base.reveals, "needs": base.needs,
                 "precision": base.precision}
        kind, unit = ("linear", "getal") if base.kind == "count" else (base.kind, base.unit)
        return self._add(name, value, kind, unit, base.decimals if decimals is None else decimals, **parts)

    def _add(self, name: str, value, kind: Kind, unit: Unit, decimals: int = 0, **parts) -> str:
        if parts.get("needs"):  # names of this pilot's figures may be given without the pilot's prefix
            parts["needs"] = tuple(n if "/" in n else self.key(n) for n in parts["needs"])
        figure = Figure(self.key(name), _finite(value), kind, unit, decimals, pilot=self.pilot,
                        threshold=self.threshold, **parts)
        return self.table.add(figure).key


def _check(name: str, given: float | None, exact: float | None) -> None:
    """A stage's number and the form built for the audit must agree, or the audit checks the wrong thing."""
    if given is None or exact is None or not math.isfinite(given):
        return
    if abs(given - exact) > 1e-6 * max(1.0, abs(exact)):
        raise AssertionError(f"figure {name}: stage value {given!r} differs from its form {exact!r}")
