"""The counting atoms: the finest counts of the registration that any figure is made of.

``count_atoms(trajectories) -> CountingAtoms`` counts the validated trajectories once. Every
count that the cohort description, the effect, the business case, the report and the
comparison use is a sum of these cells, so a count is derived in one place only.

The cells come in *families*, each a table over a few characteristics of a trajectory:

=================  ==========================================  ============================
family             cell                                        linked to the hub by
=================  ==========================================  ============================
``uitkomst`` (hub) outcome x GP's intention x age group         -
``praktijk``       practice x outcome                          outcome
``gesprekken``     outcome x number of sessions                outcome
``leeftijd``       age group x age band                        age group
``geslacht``       gender (or not filled in)                   the total
``hulpvraag``      help question as registered (or not filled) the total
``kwartaal``       quarter of the start x outcome              outcome
``maand``          quarter x month of the start                quarter (through ``kwartaal``)
``doel``           goal reached (or not filled in)             the total
``tevredenheid``   rated or not                                the total
``wachttijd``      waiting time known or not                   the total
=================  ==========================================  ============================

*Outcome* is the status for running and dropped-out trajectories (``lopend``,
``uitgevallen``) and the destination for completed ones (``geen``, ``specialistische_ggz``,
...). A family is linked to the hub, except ``maand``: its months are the finer split of
``kwartaal``'s quarters, so it is linked to that family by quarter (``parent``). The families form
a tree through the hub, so any set of family tables that agree on
the shared margins belongs to at least one real registration; the disclosure audit relies on
that (report/audit.py).

One more table is counted here but is *not* a family: ``practice_intention``, completed trajectories
with a registered intention per practice x intended class x actual class (each class ``counted``, a
counted referral, or ``not_counted``). Only the cohort level's interval clustered by practice uses
it (effect/cohort.py), and only through one standard error; no figure prints its cells, so the
disclosure audit does not reason over them (report/figures_effect.py registers the interval).
Keeping it out of the families keeps the audit's programme as small as the published tables need.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import polars as pl

from evaluator.vocabulary import (
    AGE_BANDS, COUNTED_DESTINATIONS, DESTINATIONS, GENDERS, GOALS, HELP_QUESTIONS, INTENTIONS, UNKNOWN_AGE_BAND,
    UNKNOWN_INTENTION,
)

OUTCOMES: tuple[str, ...] = ("lopend", "uitgevallen") + DESTINATIONS
# Sessions are counted per number from 0 up to at least this many (more when registered), so the
# cells do not depend on the highest number anyone had.
SESSIONS_RANGE = 16
SESSIONS_TOP = 15  # the report's sessions chart puts 15 and more in one bar
NOT_FILLED = "niet_ingevuld"
HUB = "uitkomst"
REFERRAL_CLASSES: tuple[str, ...] = ("counted", "not_counted")  # of practice_intention (module docstring)


@dataclass(frozen=True)
class Family:
    """One table of counting atoms: ``cells`` maps a tuple of levels (one per dimension) to a count.

    ``link`` names the dimensions shared with the hub family (``outcome``, ``age_group``); an empty
    ``link`` means the family shares only the total with the others. Every possible cell is present,
    zeros included, so the audit can reason about what a reader does not see.
    """

    name: str
    dims: tuple[str, ...]
    cells: dict[tuple[str, ...], int]
    link: tuple[str, ...] = ()
    # Groups of cells a reader knows hold at least one child: the months a report's range starts and
    # ends with, each practice it lists. The disclosure audit takes them as given.
    nonempty: tuple[tuple[tuple[str, ...], ...], ...] = ()
    # The family ``link`` refers to: the hub, or for a finer split of another family that family.
    parent: str = "uitkomst"

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    def count(self, **levels: str | tuple[str, ...]) -> int:
        """Sum of the cells whose levels match (a level may be a tuple of allowed values)."""
        return sum(n for key, n in self.cells.items() if _matches(self.dims, key, levels))

    def keys(self, **levels: str | tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        return tuple(key for key in self.cells if _matches(self.dims, key, levels))


def _matches(dims: tuple[str, ...], key: tuple[str, ...], levels: dict) -> bool:
    for dim, wanted in levels.items():
        value = key[dims.index(dim)]
        if (value not in wanted) if isinstance(wanted, tuple) else (value != wanted):
            return False
    return True


@dataclass(frozen=True)
class CountingAtoms:
    """All families of one pilot (see the module docstring) and the practices in their order, and the
    unpublished per-practice intention table (``practice_intention``: not a family, never audited)."""

    practices: tuple[str, ...]
    families: dict[str, Family]
    practice_intention: Family

    def __getitem__(self, name: str) -> Family:
        return self.families[name]

    # Counts everyone asks for, each a sum of hub cells.
    @property
    def total(self) -> int:
        return self.families[HUB].total

    def outcome(self, *outcomes: str) -> int:
        return self.families[HUB].count(outcome=tuple(outcomes))

    @property
    def completed(self) -> int:
        return self.outcome(*DESTINATIONS)

    @property
    def helped(self) -> int:
        return self.outcome("geen")

    @property
    def referred(self) -> int:
        """Completed trajectories that ended in any referral (also to a free-access service)."""
        return self.completed - self.helped

    @property
    def referred_counted(self) -> int:
        return self.outcome(*COUNTED_DESTINATIONS)

    @property
    def known_intention(self) -> int:
        """Completed trajectories with the GP's intention registered."""
        return self.families[HUB].count(outcome=DESTINATIONS, intention=DESTINATIONS)

    def intention_pairs(self) -> dict[tuple[str, str, str], int]:
        """(intended, actual, age group) -> count, for completed trajectories with a known intention."""
        hub = self.families[HUB]
        return {(i, o, g): n for (o, i, g), n in hub.cells.items() if n and o in DESTINATIONS and i in DESTINATIONS}


def count_atoms(trajectories: pl.DataFrame, label_minimum: int = 5) -> CountingAtoms:
    """Count the validated trajectories (docs/architecture.md) into the families. A help question outside
    the template's list becomes a category of its own only when at least ``label_minimum`` children share
    it (the threshold of the report); rarer free text counts as 'overig', so no label points at a child."""
    frame = _common_help_questions(trajectories, label_minimum).with_columns(
        pl.when(pl.col("status") == "afgerond").then(pl.col("verwezen_naar")).otherwise(pl.col("status"))
        .alias("_outcome"),
        pl.when((pl.col("status") == "afgerond") & pl.col("verwijzing_zonder_poh").is_in(list(DESTINATIONS)))
        .then(pl.col("verwijzing_zonder_poh")).otherwise(pl.lit(UNKNOWN_INTENTION)).alias("_intention"),
        pl.when(pl.col("leeftijd").fill_null(0) >= 18).then(pl.lit("volwassen")).otherwise(pl.lit("jeugd"))
        .alias("_age_group"),
        _age_band().alias("_age_band"),
        pl.col("startdatum").dt.strftime("%Y-%m").alias("_month"),
    ).with_columns(pl.concat_str(pl.col("startdatum").dt.strftime("%Y"), pl.lit("-Q"),
                                 pl.col("startdatum").dt.quarter().cast(pl.String)).alias("_quarter"))
    practices = tuple(sorted({str(p) for p in frame["praktijk"].to_list()}))
    months = _months(frame["_month"].to_list())
    quarters = tuple(dict.fromkeys(quarter_of(m) for m in months))
    sessions = frame["aantal_gesprekken"].to_list()
    top = max(max(sessions, default=0), SESSIONS_RANGE)
    families = {
        HUB: _family(HUB, ("outcome", "intention", "age_group"), frame, ("_outcome", "_intention", "_age_group"),
                     (OUTCOMES, INTENTIONS, ("jeugd", "volwassen"))),
        "praktijk": _family("praktijk", ("practice", "outcome"), frame, ("praktijk", "_outcome"),
                            (practices, OUTCOMES), link=("outcome",),
                            nonempty=tuple(tuple((p, o) for o in OUTCOMES) for p in practices)),
        "gesprekken": _family("gesprekken", ("outcome", "sessions"), frame, ("_outcome", "aantal_gesprekken"),
                              (OUTCOMES, tuple(str(v) for v in range(top + 1))), link=("outcome",),
                              nonempty=_session_ends(sessions, top)),
        "leeftijd": _family("leeftijd", ("age_group", "band"), frame, ("_age_group", "_age_band"),
                            (("jeugd", "volwassen"), tuple(b for b, _, _ in AGE_BANDS) + (UNKNOWN_AGE_BAND,)),
                            link=("age_group",), possible=_age_band_possible),
        "geslacht": _family("geslacht", ("gender",), frame, ("geslacht",), (GENDERS + (NOT_FILLED,),)),
        "hulpvraag": _family("hulpvraag", ("question",), frame, ("hulpvraag",),
                             (tuple(sorted({str(v) for v in frame["hulpvraag"].drop_nulls()})) + (NOT_FILLED,),)),
        "kwartaal": _family("kwartaal", ("quarter", "outcome"), frame, ("_quarter", "_outcome"),
                            (quarters, OUTCOMES), link=("outcome",)),
        "maand": _family("maand", ("quarter", "month"), frame, ("_quarter", "_month"), (quarters, months),
                         link=("quarter",), possible=lambda key: quarter_of(key[1]) == key[0],
                         nonempty=((((quarter_of(months[0]), months[0]),), ((quarter_of(months[-1]), months[-1]),))
                                   if months else ()), parent="kwartaal"),
        "doel": _family("doel", ("goal",), frame, ("doel_bereikt",), (GOALS + (NOT_FILLED,),)),
        "tevredenheid": _binary("tevredenheid", frame["tevredenheid"].is_not_null()),
        "wachttijd": _binary("wachttijd", frame["wachttijd_dagen"].is_not_null()),
    }
    return CountingAtoms(practices, families, _practice_intention(frame, practices))


def _practice_intention(frame: pl.DataFrame, practices: tuple[str, ...]) -> Family:
    """Completed trajectories with a known intention: practice x intended class x actual class."""
    counted = list(COUNTED_DESTINATIONS)
    referral_class = lambda column: pl.when(pl.col(column).is_in(counted)).then(  # noqa: E731
        pl.lit(REFERRAL_CLASSES[0])).otherwise(pl.lit(REFERRAL_CLASSES[1]))
    known = frame.filter(pl.col("_outcome").is_in(list(DESTINATIONS)) & pl.col("_intention").is_in(list(DESTINATIONS)))
    known = known.with_columns(referral_class("_intention").alias("_intended"),
                               referral_class("_outcome").alias("_actual"))
    return _family("praktijk_intentie", ("practice", "intended", "actual"), known, ("praktijk", "_intended", "_actual"),
                   (practices, REFERRAL_CLASSES, REFERRAL_CLASSES))


def _session_ends(sessions: list[int], top: int) -> tuple:
    """The lowest and the highest number of sessions shown (the chart's range, top-coded at
    ``SESSIONS_TOP``) each hold at least one trajectory."""
    if not sessions:
        return ()
    low, high = min(sessions), min(max(sessions), SESSIONS_TOP)
    ends = []
    for value in sorted({low, high}):
        values = range(value, top + 1) if value == SESSIONS_TOP else (value,)
        ends.append(tuple((o, str(v)) for o in OUTCOMES for v in values))
    return tuple(ends)


def _age_band() -> pl.Expr:
    age = pl.col("leeftijd")
    expr = pl.when(age.is_null()).then(pl.lit(UNKNOWN_AGE_BAND))
    for name, low, high in AGE_BANDS:
        expr = expr.when(age.is_between(low, high)).then(pl.lit(name))
    return expr.otherwise(pl.lit(UNKNOWN_AGE_BAND))


def _age_band_possible(key: tuple[str, ...]) -> bool:
    group, band = key
    return (band == "18+") == (group == "volwassen")


def _family(name: str, dims: tuple[str, ...], frame: pl.DataFrame, columns: tuple[str, ...],
            levels: tuple[tuple[str, ...], ...], link: tuple[str, ...] = (), possible=None,
            nonempty: tuple = (), parent: str = HUB) -> Family:
    texts = frame.select([pl.col(c).cast(pl.String).fill_null(NOT_FILLED).alias(f"_{i}") for i, c in enumerate(columns)])
    counted = Counter({row[:-1]: row[-1] for row in texts.group_by(texts.columns).len().iter_rows()})
    cells: dict[tuple[str, ...], int] = {}
    for key in _product(levels):
        if possible is None or possible(key):
            cells[key] = counted.pop(key, 0)
    if counted:  # a value outside the levels would silently vanish from every table
        raise ValueError(f"family {name}: values outside the known levels: {sorted(counted)[:3]}")
    return Family(name, dims, cells, link, nonempty, parent)


def _binary(name: str, present: pl.Series) -> Family:
    known = int(present.sum())
    return Family(name, ("known",), {("ja",): known, ("nee",): present.len() - known})


def _product(levels: tuple[tuple[str, ...], ...]) -> list[tuple[str, ...]]:
    keys: list[tuple[str, ...]] = [()]
    for values in levels:
        keys = [key + (v,) for key in keys for v in values]
    return keys


def _common_help_questions(trajectories: pl.DataFrame, label_minimum: int) -> pl.DataFrame:
    counts = trajectories["hulpvraag"].drop_nulls().value_counts()
    common = {str(v) for v, n in zip(counts["hulpvraag"].to_list(), counts["count"].to_list())
              if v in HELP_QUESTIONS or n >= label_minimum}
    return trajectories.with_columns(
        pl.when(pl.col("hulpvraag").is_null() | pl.col("hulpvraag").is_in(sorted(common)))
        .then(pl.col("hulpvraag")).otherwise(pl.lit("overig")).alias("hulpvraag"))


def _months(months: list[str]) -> tuple[str, ...]:
    """Every calendar month from the first to the last start (a month without starts is a cell too)."""
    if not months:
        return ()
    first, last = min(months), max(months)
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(out)


def quarter_of(month: str) -> str:
    """'2024-05' -> '2024-Q2': the quarter of the start, the period of the helped share's trend."""
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"
