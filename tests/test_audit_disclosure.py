"""No published figure pins a small count: small pilots tried by brute force (hypothesis).

For a generated pilot of at most 30 trajectories, every figure of the run (report, tables, charts,
sentences, money) is entered and audited. Then, independently of the audit:

1. for every protected count below the threshold, an integer programme over the counting atoms
   looks for a registration that agrees with everything the run publishes (each printed figure
   gives a range of its exact value) but has another value for that count;
2. that registration is written out as trajectories and evaluated from scratch; every figure the
   first run published must print the same from it (so the forms the audit reasons with are the
   figures the report really prints).

A count for which no such registration exists is pinned: the test fails and names it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from evaluator.cohort.atoms import HUB
from evaluator.report.audit import publish
from evaluator.vocabulary import HELP_QUESTIONS
from tests.builders import evaluate_run, write_pilot

THRESHOLD = 5
SKIPPED_KINDS = ("simulated", "external")  # Monte Carlo summaries and panel/CBS figures: not about the cells

registration = st.lists(
    st.fixed_dictionaries({
        "practice": st.sampled_from(["P1", "P2", "P3"]),
        "status": st.sampled_from(["afgerond"] * 6 + ["lopend", "uitgevallen"]),
        "destination": st.sampled_from(["geen"] * 5 + ["specialistische_ggz", "basis_ggz", "wijkteam",
                                                         "jeugdhulp_lvb", "vrij_toegankelijk"]),
        "intention": st.sampled_from([None, None, "geen", "specialistische_ggz", "basis_ggz", "wijkteam"]),
        "age": st.integers(0, 21),
        "sessions": st.integers(1, 9),
        "gender": st.sampled_from(["j", "m", "x"]),
        "help": st.sampled_from(HELP_QUESTIONS),
        "month": st.integers(4, 9),
        "goal": st.sampled_from([None, "ja", "deels", "nee"]),
        "rating": st.sampled_from([None, 6.0, 7.0, 8.0, 9.0]),
        "waiting": st.sampled_from([None, 3, 7, 14]),
    }),
    min_size=6, max_size=30,
)
route = st.sampled_from(["intention", "assumption", "none"])


def pilot_yaml(route_name: str) -> str:
    assumption = ("aannames:\n  verwijskans_zonder_poh: {waarde: 0.5, bereik: [0.4, 0.6]}\n"
                  if route_name == "assumption" else "")
    return f"""\
pilot:
  naam: Kleine pilot
  gemeente: Testgemeente
  gemeentecode: GM9999
  start: 2023-04-01
  einde: 2023-12-31
data:
  trajecten: trajecten.csv
  synthetisch: true
kosten:
  personeel_per_jaar: 40000
tarieven:
  specialistische_ggz: 3950
  basis_ggz: 1150
  wijkteam: 600
  jeugdhulp_lvb: 2300
  vrij_toegankelijk: 150
  overig: 800
{assumption}instellingen:
  seed: 3
  trekkingen: 200
  permutaties: 99
rapport:
  datum: 2024-01-15
"""


def to_csv(rows: list[dict], route_name: str) -> str:
    """The registration as the CSV a gemeente would hand in (no warnings: dates inside the pilot)."""
    lines = ["traject_id;praktijk;startdatum;einddatum;status;verwezen_naar;aantal_gesprekken;verwijzing_zonder_poh;"
             "leeftijd;geslacht;hulpvraag;wachttijd_dagen;tevredenheid;doel_bereikt"]
    for i, r in enumerate(rows, start=1):
        done = r["status"] != "lopend"
        destination = r["destination"] if r["status"] == "afgerond" else ""
        intention = (r["intention"] or "") if route_name == "intention" and r["status"] == "afgerond" else ""
        start = dt.date(2023, r["month"], 3)
        lines.append(";".join(str(v) for v in (
            f"T{i:03d}", r["practice"], start.strftime("%d-%m-%Y"),
            (start + dt.timedelta(days=20)).strftime("%d-%m-%Y") if done else "", r["status"], destination,
            r["sessions"], intention, "" if r["age"] is None else r["age"], r["gender"] or "", r["help"] or "",
            "" if r["waiting"] is None else r["waiting"], "" if r["rating"] is None else str(r["rating"]).replace(".", ","),
            r["goal"] or "")))
    return "\n".join(lines) + "\n"


# --- an integer programme over the atoms, written apart from the audit's own -----------------------

class Reader:
    """What a reader of the run knows: every published figure as a range of its exact value."""

    def __init__(self, table, published, pilot: str):
        self.pilot, self.table, self.published = pilot, table, published
        atoms = table.atoms[pilot]
        self.families = atoms.families
        self.index = {}
        for name, family in atoms.families.items():
            for key in family.cells:
                self.index[(pilot, name, *key)] = len(self.index)
        self.rows: list[tuple[dict[int, float], float, float]] = []
        self._link(atoms)
        for key, figure in table.figures.items():
            if figure.pilot == pilot and figure.kind not in SKIPPED_KINDS:
                self._knowledge(figure, published.decision(key))

    def _link(self, atoms) -> None:
        for name, family in atoms.families.items():
            if name == HUB:
                continue
            hub = atoms.families[family.parent]  # the hub, or the family this one splits further (months)
            groups: dict[tuple, dict[int, float]] = defaultdict(dict)
            for key in family.cells:
                groups[tuple(key[family.dims.index(d)] for d in family.link)][self.index[(self.pilot, name, *key)]] = 1
            for key in hub.cells:
                level = tuple(key[hub.dims.index(d)] for d in family.link)
                if level in groups:
                    groups[level][self.index[(self.pilot, family.parent, *key)]] = -1
            self.rows += [(row, 0.0, 0.0) for row in groups.values()]
            for group in family.nonempty:
                self.rows.append(({self.index[(self.pilot, name, *k)]: 1 for k in group}, 1.0, math.inf))

    def _form(self, form) -> dict[int, float]:
        return {self.index[a]: c for a, c in form.terms}

    def _true(self, form) -> float:
        return form.constant + sum(c * self.families[a[1]].cells[a[2:]] for a, c in form.terms)

    def _knowledge(self, figure, decision) -> None:
        if decision.status == "hidden" and figure.kind != "count":
            return
        for form in figure.reveals:
            value = self._true(form) - form.constant
            self.rows.append((self._form(form), value, value))
        num, den = figure.numerator, figure.denominator
        if num is None:
            return
        if den is None or den.is_constant:
            scale = 1.0 if den is None else den.constant
            self.rows.append((self._form(num), decision.low * scale - num.constant, decision.high * scale - num.constant))
            return
        for bound, sign in ((decision.low, 1), (decision.high, -1)):
            if math.isfinite(bound):
                diff = num - den * bound
                row = {k: sign * v for k, v in self._form(diff).items()}
                self.rows.append((row, sign * -diff.constant, math.inf))

    def alternative(self, form, true: float, threshold: int) -> dict | None:
        """A registration (atom counts) consistent with the reader's knowledge where ``form`` != ``true``."""
        n = len(self.index)
        objective = np.zeros(n)
        for j, c in self._form(form).items():
            objective[j] = c
        rows = self.rows + [(self._form(form), -form.constant, threshold - 1 - form.constant)]
        matrix = np.zeros((len(rows), n))
        for i, (row, _, _) in enumerate(rows):
            for j, c in row.items():
                matrix[i, j] = c
        constraint = LinearConstraint(matrix, [r[1] for r in rows], [r[2] for r in rows])
        for sign in (-1, 1):
            res = milp(sign * objective, constraints=constraint, bounds=Bounds(0, np.inf), integrality=np.ones(n))
            if res.x is not None and abs(objective @ np.round(res.x) + form.constant - true) > 0.5:
                return {atom: int(round(res.x[j])) for atom, j in self.index.items()}
        return None


def materialise(atoms_values: dict, families, pilot: str, original_rows: list[dict]) -> list[dict]:
    """Trajectories with exactly the given atom counts: glue the families along the hub's outcome and age."""
    def cells(name):
        out = []
        for key in families[name].cells:
            out += [key] * atoms_values[(pilot, name, *key)]
        return out

    hub = sorted(cells(HUB))
    by_outcome: dict[str, list[dict]] = defaultdict(list)
    for outcome, intention, group in hub:
        by_outcome[outcome].append({"outcome": outcome, "intention": intention, "group": group})
    for name, field in (("praktijk", "practice"), ("gesprekken", "sessions"), ("kwartaal", "quarter")):
        per = defaultdict(list)
        for key in cells(name):
            outcome = key[families[name].dims.index("outcome")]
            per[outcome].append(key[1 - families[name].dims.index("outcome")])
        for outcome, people in by_outcome.items():
            for person, value in zip(people, per[outcome]):
                person[field] = value
    people = [p for outcome in sorted(by_outcome) for p in by_outcome[outcome]]
    bands = defaultdict(list)
    for group, band in cells("leeftijd"):
        bands[group].append(band)
    for group in ("jeugd", "volwassen"):
        for person, band in zip([p for p in people if p["group"] == group], bands[group]):
            person["band"] = band
    months = defaultdict(list)  # the months split the quarters
    for quarter, month in cells("maand"):
        months[quarter].append(month)
    for quarter, inside in months.items():
        for person, month in zip([p for p in people if p["quarter"] == quarter], inside):
            person["month"] = month
    for name, field in (("geslacht", "gender"), ("hulpvraag", "help"), ("doel", "goal"),
                        ("tevredenheid", "rated"), ("wachttijd", "waited")):
        for person, key in zip(people, cells(name)):
            person[field] = key[0]
    ratings = [r["rating"] for r in original_rows if r["rating"] is not None]
    waits = [r["waiting"] for r in original_rows if r["waiting"] is not None]
    age_of = {"0-3": 2, "4-11": 8, "12-17": 14, "18+": 19, "onbekend": None}
    rows = []
    for person in people:
        status = person["outcome"] if person["outcome"] in ("lopend", "uitgevallen") else "afgerond"
        rows.append({
            "practice": person["practice"], "status": status,
            "destination": person["outcome"] if status == "afgerond" else "geen",
            "intention": None if person["intention"] == "onbekend" else person["intention"],
            "age": age_of[person["band"]], "sessions": int(person["sessions"]),
            "gender": None if person["gender"] == "niet_ingevuld" else person["gender"],
            "help": None if person["help"] == "niet_ingevuld" else person["help"],
            "month": int(person["month"][5:7]), "goal": None if person["goal"] == "niet_ingevuld" else person["goal"],
            "rating": ratings.pop() if person["rated"] == "ja" else None,
            "waiting": waits.pop() if person["waited"] == "ja" else None,
        })
    return rows


def consistent(first, witness) -> list[str]:
    """Figures the first run published that the witness registration would print differently."""
    table, published = first
    table2, _ = witness
    wrong = []
    for key, figure in table.figures.items():
        if figure.kind in SKIPPED_KINDS:
            continue
        decision = published.decision(key)
        other = table2.figures.get(key)
        if other is None:
            wrong.append(f"{key}: not in the witness run")
            continue
        if decision.status == "small":
            if not (other.value is not None and other.value < figure.threshold):
                wrong.append(f"{key}: small, witness {other.value}")
        elif decision.status == "hidden":
            if figure.kind == "count" and decision.low > 0 and not (other.value or 0) >= decision.low:
                wrong.append(f"{key}: 'x' means >= {decision.low}, witness {other.value}")
        elif publish(other, decision.step).text != decision.text:
            wrong.append(f"{key}: published {decision.text}, witness {publish(other, decision.step).text}")
    return wrong


def check_pilot(folder: Path, rows: list[dict], route_name: str, verify_witnesses: int = 0) -> None:
    path = write_pilot(folder, pilot_yaml(route_name), to_csv(rows, route_name))
    evaluation, table, published = evaluate_run(path)
    slug = evaluation.config.slug
    reader = Reader(table, published, slug)
    verified = 0
    for key, figure in table.figures.items():
        if not (figure.protected and figure.value is not None and figure.value < figure.threshold):
            continue
        witness = reader.alternative(figure.numerator, figure.value, figure.threshold)
        assert witness is not None, f"{key} = {figure.value:g} is pinned by the published figures"
        if verified < verify_witnesses:
            verified += 1
            new_rows = materialise(witness, table.atoms[slug].families, slug, rows)
            other = folder / f"getuige{verified}"
            path2 = write_pilot(other, pilot_yaml(route_name), to_csv(new_rows, route_name))
            _, table2, published2 = evaluate_run(path2, audited=False)
            wrong = consistent((table, published), (table2, published2))
            assert not wrong, f"witness for {key} is not consistent with what was published: {wrong[:5]}"


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(rows=registration, route_name=route)
def test_no_small_count_is_pinned(tmp_path_factory, rows, route_name):
    check_pilot(tmp_path_factory.mktemp("pilot"), rows, route_name)


@pytest.mark.slow
@pytest.mark.xfail(reason="known gaps, reported in issue 9: a category's row appears only when it is not empty, "
                          "and the per-referral fallback and the mean sessions of helped children are not yet "
                          "linear forms of the atoms, so a witness registration can print them differently",
                   strict=False)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(rows=registration, route_name=route)
def test_no_small_count_is_pinned_many(tmp_path_factory, rows, route_name):
    check_pilot(tmp_path_factory.mktemp("pilot"), rows, route_name, verify_witnesses=3)
