"""What prose, tables and charts of one pilot read: its audited figures, by name.

``PilotView(published, pilot)`` looks figures up by their name within the pilot (the key
without the ``pilot/`` prefix). Every number the report prints comes through here, so it is
printed the way the audit decided: exact, rounded, bounded ("meer dan 95%"), small ("<5")
or hidden ("x" for a count, "–" otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass

from evaluator.report import formatting as fmt
from evaluator.report.audit import Decision, Published


@dataclass(frozen=True)
class PilotView:
    published: Published
    pilot: str
    threshold: int = 5
    professional: str = "POH"  # how the report names the professional (the pilot file's short title, e.g. OJG)

    def key(self, name: str) -> str:
        return f"{self.pilot}/{name}"

    def has(self, name: str) -> bool:
        return self.key(name) in self.published

    def decision(self, name: str) -> Decision:
        return self.published.decision(self.key(name))

    def text(self, name: str) -> str:
        """The printed form: '93', '<5', 'x', '€ 26.000', 'meer dan 95%', '0,84' or '–'."""
        return self.decision(name).text

    def value(self, name: str) -> float | None:
        """The number a reader sees (rounded as printed); None when it is not printed as a number."""
        decision = self.decision(name)
        return decision.value if decision.status in ("exact", "rounded") else None

    def exact_value(self, name: str) -> float | None:
        """The number as published when it is published exactly (for a comparison in a sentence)."""
        decision = self.decision(name)
        return decision.value if decision.status == "exact" else None

    def shown(self, *names: str) -> bool:
        """Every one of ``names`` is published (exact, rounded or bounded)."""
        return all(self.has(n) and self.decision(n).shown for n in names)

    def exact(self, *names: str) -> bool:
        return all(self.has(n) and self.decision(n).status == "exact" for n in names)

    def say(self, name: str) -> str:
        """The figure as it reads inside a sentence: '12', 'minder dan 5', 'een niet gepubliceerd aantal'."""
        decision = self.decision(name)
        if decision.status == "small":
            return f"minder dan {self.threshold}"
        if decision.status == "hidden":
            return "een niet gepubliceerd aantal" if decision.text == "x" else "niet gepubliceerd"
        return decision.text

    def the(self, name: str) -> str:
        """A count as a group in a sentence: 'de 93', 'de ongeveer 80', 'de minder dan 5', or 'alle' when the
        count is not published ('van alle afgeronde trajecten')."""
        decision = self.decision(name)
        return "alle" if decision.status == "hidden" else f"de {self.say(name)}"

    def say_start(self, name: str) -> str:
        words = self.say(name)
        return words[:1].upper() + words[1:]

    def interval(self, low: str, high: str) -> str:
        """'5 tot 69' from two published bounds, or '–' when either is not published."""
        if not self.shown(low, high):
            return fmt.MISSING
        return f"{self.text(low)} tot {self.text(high)}"
