"""Dutch number formatting for the few sentences the effect stage writes itself."""

from __future__ import annotations

import math


def nl(value: float, decimals: int = 0) -> str:
    """1234.5 -> '1.234,5' (Dutch separators); nan -> 'onbekend'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "onbekend"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def pct(value: float, decimals: int = 0) -> str:
    """0.353 -> '35%'."""
    if value is None or math.isnan(value):
        return "onbekend"
    return f"{nl(100 * value, decimals)}%"
