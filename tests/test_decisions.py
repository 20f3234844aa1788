"""The besluitpunten rule (evaluator/decisions/assess.py): each soort against grade, the gemeente's chance of a
positive saldo, the scale-up scenarios and the need for more data."""

from __future__ import annotations

import math

import pytest

from evaluator.decisions.assess import _assess, _Facts


def facts(grade="matig", chance=0.9, scale_up=True, more=False) -> _Facts:
    return _Facts(grade, chance, scale_up, more)


@pytest.mark.parametrize("kind,f,verdict", [
    ("voortzetten", facts(chance=0.6), "gedragen"),
    ("voortzetten", facts(chance=0.1), "niet_gedragen"),
    ("voortzetten", facts(chance=0.4), "voorwaardelijk"),
    ("voortzetten", facts(grade="zwak", chance=0.9), "voorwaardelijk"),
    ("uitbreiden", facts(chance=0.9), "gedragen"),
    ("uitbreiden", facts(chance=0.9, scale_up=False), "voorwaardelijk"),
    ("uitbreiden", _Facts("matig", 0.9, True, False, True), "voorwaardelijk"),  # another level: it does not pay
    ("uitbreiden", facts(chance=0.5), "voorwaardelijk"),
    ("uitbreiden", facts(chance=0.19), "niet_gedragen"),  # the example: under 20%
    ("uitbreiden", facts(grade="zwak", chance=0.95), "niet_gedragen"),  # ... or weak evidence
    ("stoppen", facts(chance=0.1), "gedragen"),
    ("stoppen", facts(chance=0.9), "niet_gedragen"),
    ("stoppen", facts(grade="zwak", chance=0.1), "voorwaardelijk"),
    ("registratie", facts(more=True), "gedragen"),
    ("registratie", facts(more=False), "voorwaardelijk"),
    ("anders", facts(), "geen_oordeel"),
    ("voortzetten", facts(grade=None, chance=math.nan), "geen_oordeel"),
    ("registratie", facts(grade=None, chance=math.nan, more=True), "gedragen"),
])
def test_rule(kind, f, verdict):
    assert _assess(kind, f)[0] == verdict


def test_plain_text_besluitpunten_stay_valid():
    from tests.builders import make_config

    config = make_config(besluitpunten=["Doorgaan.", {"tekst": "Uitbreiden.", "soort": "uitbreiden"}])
    assert [(d.text, d.kind) for d in config.decision_points] == [("Doorgaan.", "anders"), ("Uitbreiden.", "uitbreiden")]
