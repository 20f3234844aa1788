"""Whose experience is missing from the evaluation (a limitation and a recommendation)."""

from __future__ import annotations

from evaluator.inputs.config import PilotConfig
from evaluator.vocabulary import KEY_ROLES, ROLE_LABELS


def missing_voices(config: PilotConfig) -> tuple[str, ...]:
    present = {v.role for v in config.experiences if v.goes_well or v.could_be_better or v.quotes}
    return tuple(ROLE_LABELS[r] for r in KEY_ROLES if r not in present)
