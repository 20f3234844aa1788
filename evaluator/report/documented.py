"""A template context's field with its help text (the context tests check that every field has one)."""

from __future__ import annotations

from dataclasses import field
from typing import Any


def documented(text: str) -> Any:
    return field(metadata={"help": text})
