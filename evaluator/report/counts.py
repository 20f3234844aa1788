"""Which counts of children and trajectories the report may publish (issue 5, small cells).

``published_counts(config, dataset, cohort, effect) -> PublishedCounts`` decides once, for the
whole report, how every count is shown: exact, ``"<5"`` (small) or ``"x"`` (hidden so that a
small count cannot be worked out from the others). Tables, charts, sentences and key figures
all read their counts here, so the same count looks the same everywhere and no difference
between two published numbers reveals a hidden one.

Counts that describe the same children are audited together with ``suppression.suppress_linked``:

* the trajectories by practice, status and destination (status table, destination chart,
  per-practice table, sentences); the intention counts hang on the completed total;
* the number of sessions (histogram and the two bucket schemes of earlier evaluations).

One-dimensional tables whose only link is the total (age, gender, help questions, start month,
goal reached) go through ``suppress_table`` with an explicit "niet ingevuld" row, so that the
total minus the table does not reveal anything. Texts written by other stages (assumptions and
warnings of the effect and the business case) pass through ``scrub``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import polars as pl

from evaluator.cohort.describe import CohortResult
from evaluator.inputs.config import DESTINATIONS, PilotConfig
from evaluator.effect.results import EffectResult
from evaluator.report.suppression import SuppressedCell, effective_threshold, suppress_count, suppress_linked, suppress_table
from evaluator.inputs.validate import GENDERS

COUNTED = ("specialistische_ggz", "basis_ggz", "wijkteam", "jeugdhulp_lvb", "overig")
SESSIONS_TOP = 15  # sessions from this number up share one bar ("15 of meer")
UNKNOWN = "niet ingevuld"


@dataclass(frozen=True)
class PublishedCounts:
    """Every published count by name (see ``published_counts`` for the names) and the rule's threshold."""

    threshold: int
    cells: dict[str, SuppressedCell]
    tables: dict[str, dict[str, SuppressedCell]] = field(default_factory=dict)
    hidden_values: frozenset[int] = frozenset()
    total_values: frozenset[int] = frozenset()  # shown totals (all, completed): 'van de 93' may stay

    def cell(self, name: str) -> SuppressedCell:
        return self.cells[name]

    def text(self, name: str) -> str:
        """What to print: the count, '<5' or 'x' (nl_NL thousands separator for shown counts)."""
        cell = self.cells[name]
        return cell.text if cell.suppressed else f"{cell.value:,}".replace(",", ".")

    def say(self, name: str) -> str:
        """The count as it reads in a sentence: '12', 'minder dan 5' or 'een niet gepubliceerd aantal'."""
        return _in_words(self.text(name), self.threshold)

    def say_start(self, name: str) -> str:
        """``say`` at the start of a sentence: 'Minder dan 5', 'Een niet gepubliceerd aantal', '12'."""
        words = self.say(name)
        return words[:1].upper() + words[1:]

    def value(self, name: str) -> int | None:
        return self.cells[name].value

    def shown(self, *names: str) -> bool:
        return all(name in self.cells and not self.cells[name].suppressed for name in names)

    def share(self, share: float | None, *names: str) -> float | None:
        """``share`` (or an interval bound) when every count it rests on is shown, else None."""
        return share if self.shown(*names) else None

    def scrub(self, text: str) -> str:
        """A sentence from another stage with its counts of trajectories/children made publishable."""
        def replace(match: re.Match) -> str:
            group = "n" if match.group("n") is not None else "n2"
            n = int(match.group(group))
            before = text[max(0, match.start() - 8):match.start()]
            if n < self.threshold:
                shown = _in_words(f"<{self.threshold}", self.threshold)
            elif n in self.total_values and re.search(r"(?:van de|[Mm]et|alle)\s$", before):
                return match.group(0)
            elif n in self.hidden_values:
                shown = _in_words("x", self.threshold)
            else:
                return match.group(0)
            return shown
        scrubbed = _COUNT_IN_TEXT.sub(replace, text)
        return re.sub(r"(^|[.!?]\s+)(minder dan|een niet gepubliceerd)",
                      lambda m: m.group(1) + m.group(2)[:1].upper() + m.group(2)[1:], scrubbed)


def _in_words(text: str, threshold: int) -> str:
    if text == f"<{threshold}":
        return f"minder dan {threshold}"
    if text == "x":
        return "een niet gepubliceerd aantal"
    return text


# A whole number that counts trajectories, children or ratings in a sentence: "12 afgeronde
# trajecten", "3 van de 40 trajecten", "Lopende (4)", "− 7 werkelijk verwezen".
_COUNT_IN_TEXT = re.compile(
    r"(?<![\d.,€%])(?P<n>\d+)(?![\d.,%])(?=\)?\s+(?:van de \d+\s+)?(?:afgeronde\s+|lopende\s+|uitgevallen\s+|gestarte\s+)?"
    r"(?:trajecten|traject|kinderen|kind|jongeren|jeugdigen|beoordelingen|werkelijk verwezen|verwezen))"
    r"|(?<=\()(?P<n2>\d+)(?=\)\s+(?:en|trajecten))"
)


def published_counts(config: PilotConfig, trajectories: pl.DataFrame, cohort: CohortResult,
                     effect: EffectResult) -> PublishedCounts:
    """Decide how each count is published. Names:

    ``trajecten, afgerond, lopend, uitgevallen, verwezen, verwezen_geteld, bestemming:<d>,
    intentie_bekend, intentie_onbekend, praktijk:<p>:{afgerond, geen, verwezen}, gesprekken:<v>, indeling:<schema>:<klasse>, gesprekken_totaal, tevredenheid_n,
    wachttijd_n, doel_totaal``; ``tables`` holds the one-dimensional tables (leeftijd,
    geslacht, hulpvragen, maanden, doel, and the intention shares).
    """
    t = effective_threshold(config.settings.suppression_threshold)
    cells: dict[str, SuppressedCell] = {}
    cells.update(_trajectory_counts(trajectories, t))
    cells.update(_intention_counts(trajectories, cells["afgerond"], t))
    cells.update(_session_counts(cohort, t))
    n = cohort.trajectories
    tables = {
        "leeftijd": suppress_table({**{c.key: c.count for c in cohort.age_bands.categories},
                                    UNKNOWN: n - cohort.age_known}, t).cells,
        "maanden": suppress_table(_months(cohort.started_per_month), t).cells,
    }
    if cohort.gender.total:
        present = {c.key: c.count for c in cohort.gender.categories}
        tables["geslacht"] = suppress_table({**{g: present.get(g, 0) for g in GENDERS},
                                             UNKNOWN: n - cohort.gender.total}, t).cells
    if cohort.help_questions.total:
        tables["hulpvragen"] = suppress_table({**{c.key: c.count for c in cohort.help_questions.categories},
                                               UNKNOWN: n - cohort.help_questions.total}, t).cells
    goal_total = cohort.goal_reached.total
    if goal_total:
        ja, deels = cohort.goal_reached.count, cohort.goal_partly.count
        tables["doel"] = suppress_table({"ja": ja, "deels": deels, "nee": goal_total - ja - deels}, t).cells
        cells["doel_totaal"] = suppress_count(goal_total, t)
    cells["tevredenheid_n"] = suppress_count(cohort.satisfaction.n, t)
    cells["wachttijd_n"] = suppress_count(cohort.waiting_time.n, t)
    tables["intentie"] = _intention_shares(effect, t)
    hidden = frozenset(_exact_hidden(trajectories, cohort, cells))
    totals = frozenset(cells[n].value for n in ("trajecten", "afgerond") if not cells[n].suppressed)
    return PublishedCounts(t, cells, tables, hidden, totals)


def _trajectory_counts(frame: pl.DataFrame, t: int) -> dict[str, SuppressedCell]:
    """Practice x outcome: the atoms behind every count about the trajectories.

    Per practice only the completed trajectories and those without referral are published (the
    share with its interval reveals both); the practice's total would reveal its running and
    dropped-out trajectories by difference, so it is not published at all.
    """
    outcome = (pl.when(pl.col("status") != "afgerond").then(pl.col("status"))
               .otherwise(pl.lit("d:") + pl.col("verwezen_naar").fill_null("geen")))
    rows = frame.with_columns(outcome.alias("_uitkomst")).group_by(["praktijk", "_uitkomst"]).len().iter_rows()
    practices = sorted({str(p) for p in frame["praktijk"].to_list()})
    outcomes = ["lopend", "uitgevallen"] + [f"d:{d}" for d in DESTINATIONS]
    atoms: dict[tuple, int] = {(p, o): 0 for p in practices for o in outcomes}
    for practice, out, count in rows:
        atoms[(str(practice), out)] += int(count)

    def pick(practice=None, outs=None) -> tuple:
        return tuple(a for a in atoms if (practice is None or a[0] == practice) and (outs is None or a[1] in outs))

    done = [o for o in outcomes if o.startswith("d:")]
    referred = [o for o in done if o != "d:geen"]
    aggregates = {
        "trajecten": pick(), "afgerond": pick(outs=done), "lopend": pick(outs=["lopend"]),
        "uitgevallen": pick(outs=["uitgevallen"]), "verwezen": pick(outs=referred),
        "verwezen_geteld": pick(outs=[f"d:{d}" for d in COUNTED]),
        **{f"bestemming:{d}": pick(outs=[f"d:{d}"]) for d in DESTINATIONS},
    }
    for p in practices:
        aggregates.update({f"praktijk:{p}:afgerond": pick(p, done), f"praktijk:{p}:geen": pick(p, ["d:geen"]),
                           f"praktijk:{p}:verwezen": pick(p, referred)})
    return suppress_linked(atoms, aggregates, t, keep=("trajecten",))


def _intention_counts(frame: pl.DataFrame, completed: SuppressedCell, t: int) -> dict[str, SuppressedCell]:
    """Completed trajectories with and without the GP's intention: a two-cell table whose total
    is the completed count (hidden together with it)."""
    done = frame.filter(pl.col("status") == "afgerond")
    known = int((done["verwijzing_zonder_poh"].is_not_null() & (done["verwijzing_zonder_poh"] != "onbekend")).sum())
    table = suppress_table({"intentie_bekend": known, "intentie_onbekend": done.height - known}, t).cells
    if completed.suppressed:
        table = {k: (c if c.suppressed else SuppressedCell(None, "x", "secundair")) for k, c in table.items()}
    return table


def session_label(value: int) -> str:
    return f"{SESSIONS_TOP} of meer" if value >= SESSIONS_TOP else str(value)


def _session_counts(cohort: CohortResult, t: int) -> dict[str, SuppressedCell]:
    """Histogram of sessions (lowest to highest, gaps as zero, top-coded) and the bucket schemes, audited together."""
    from evaluator.cohort.describe import SESSION_BUCKETS

    hist = {min(int(k), SESSIONS_TOP): 0 for k in cohort.sessions.histogram}
    for k, v in cohort.sessions.histogram.items():
        hist[min(int(k), SESSIONS_TOP)] += v
    first, top = min(hist, default=0), max(hist, default=0)
    atoms = {v: hist.get(v, 0) for v in range(first, top + 1)}
    aggregates = {f"gesprekken:{session_label(v)}": (v,) for v in atoms}
    aggregates["gesprekken_totaal"] = tuple(atoms)
    for scheme, bins in SESSION_BUCKETS.items():
        for label, low, high in bins:
            aggregates[f"indeling:{scheme}:{label}"] = tuple(v for v in atoms if low <= v <= high)
    return suppress_linked(atoms, aggregates, t, keep=("gesprekken_totaal",))


def _months(started: dict[str, int]) -> dict[str, int]:
    """Every calendar month from the first to the last start (a month without starts is a small count too)."""
    if not started:
        return {}
    first, last = min(started), max(started)
    year, month = int(first[:4]), int(first[5:7])
    months: dict[str, int] = {}
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        months[key] = started.get(key, 0)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _intention_shares(effect: EffectResult, t: int) -> dict[str, SuppressedCell]:
    """The intention answer's shares rest on the 2x2 table intended x actual referral (and the
    specialist subgroup): publish them only when every cell of that table is at least ``t``."""
    c = effect.cohort
    out: dict[str, SuppressedCell] = {}
    if c.intended_referral is None or c.avoided_referral is None or c.referred_without_intention is None:
        return out
    cf, not_cf = c.intended_referral.count, c.intended_referral.total - c.intended_referral.count
    cells = (cf - c.avoided_referral.count, c.avoided_referral.count, c.referred_without_intention.count,
             not_cf - c.referred_without_intention.count)
    safe = min(cells) >= t
    for name in ("voornemen", "voorkomen", "toch_verwezen"):
        out[name] = SuppressedCell(1, "", "getoond") if safe else SuppressedCell(None, "x", "secundair")
    if c.step_down is not None and c.step_down.total:
        d, s = c.step_down.count, c.step_down.total
        ok = safe and min(d, s - d, cf - s) >= t
        out["lichter"] = SuppressedCell(1, "", "getoond") if ok else SuppressedCell(None, "x", "secundair")
    return out


def _exact_hidden(frame: pl.DataFrame, cohort: CohortResult, cells: dict[str, SuppressedCell]) -> set[int]:
    """Exact values of the hidden counts, so that texts from other stages do not print them."""
    exact = {"trajecten": cohort.trajectories, "afgerond": cohort.completed, "lopend": cohort.ongoing,
             "uitgevallen": cohort.dropped_out, "verwezen": cohort.completed - cohort.no_referral.count,
             **{f"bestemming:{c.key}": c.count for c in cohort.destinations.categories}}
    done = frame.filter(pl.col("status") == "afgerond")
    known = int((done["verwijzing_zonder_poh"].is_not_null() & (done["verwijzing_zonder_poh"] != "onbekend")).sum())
    exact.update({"intentie_bekend": known, "intentie_onbekend": done.height - known,
                  "verwezen_geteld": int(done["verwezen_naar"].is_in(list(COUNTED)).sum())})
    return {value for name, value in exact.items() if name in cells and cells[name].suppressed}


def month_key(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:7]), 1)
