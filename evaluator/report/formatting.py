"""nl_NL formatting of numbers, percentages, money and dates (babel), as jinja filters.

Templates format; they never compute. Every filter accepts ``None`` (and NaN) and then
shows a dash, so a missing figure is visible instead of an error. A string passes through
unchanged: a suppressed count (for instance "<5") is already what the reader should see.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

LOCALE = "nl_NL"
MISSING = "–"
MINUS = "\u2212"  # the typographic minus: '−9.109', never a hyphen that looks like a dash or breaks a line
NBSP = "\u00a0"  # after '€': '€ −9.109' never breaks after the euro sign


def _signed(text: str) -> str:
    """babel's ASCII hyphen-minus as the Unicode minus (every printed number goes through here)."""
    return text.replace("-", MINUS)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def _passthrough(value: Any) -> bool:
    return isinstance(value, str)


def number(value: Any, decimals: int = 0) -> str:
    if _missing(value):
        return MISSING
    if _passthrough(value):
        return value
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return _signed(format_decimal(value, format=pattern, locale=LOCALE))


def percent(value: Any, decimals: int = 0) -> str:
    if _missing(value):
        return MISSING
    if _passthrough(value):
        return value
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return _signed(format_percent(value, format=pattern, locale=LOCALE))


def euro(value: Any, decimals: int = 0) -> str:
    if _missing(value):
        return MISSING
    if _passthrough(value):
        return value
    if round(value, decimals) == 0:
        value = 0  # no "€ -0"
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    pattern = f"¤{NBSP}{digits};¤{NBSP}-{digits}"  # nl_NL: "€ −1.234", with a non-breaking space
    return _signed(format_currency(value, "EUR", format=pattern, locale=LOCALE, currency_digits=False))


def date_long(value: dt.date | None) -> str:
    return MISSING if value is None else format_date(value, format="long", locale=LOCALE)


def date_short(value: dt.date | None) -> str:
    return MISSING if value is None else format_date(value, format="dd-MM-yyyy", locale=LOCALE)


def month_year(value: dt.date | str | None) -> str:
    """A date (or ISO date string) as month and year: 'sep 2018'."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return format_date(value, format="MMM yyyy", locale=LOCALE)


_ORDINAL = {"1": "1e", "2": "2e", "3": "3e", "4": "4e"}


def period_label(code: Any, short: bool = False) -> str:
    """A period code as a reader says it: CBS '2015HJ01' -> '1e halfjaar 2015' (short: '2015 1e hj'),
    '2015JJ00' -> '2015', '2015KW02' or '2015-Q2' -> '2e kwartaal 2015' (short: '2015 K2'),
    '2018-03' or '2018MM03' -> 'mrt 2018'. Anything else is returned unchanged."""
    import re

    text = str(code).strip()
    if m := re.fullmatch(r"(\d{4})JJ00", text):
        return m[1]
    if m := re.fullmatch(r"(\d{4})HJ0?([12])", text):
        return f"{m[1]} {_ORDINAL[m[2]]} hj" if short else f"{_ORDINAL[m[2]]} halfjaar {m[1]}"
    if m := re.fullmatch(r"(\d{4})(?:KW0?|-?Q)([1-4])", text):
        return f"{m[1]} K{m[2]}" if short else f"{_ORDINAL[m[2]]} kwartaal {m[1]}"
    if m := re.fullmatch(r"(\d{4})(?:MM|-)(\d{2})", text):
        if 1 <= int(m[2]) <= 12:
            return format_date(dt.date(int(m[1]), int(m[2]), 1), format="MMM yyyy", locale=LOCALE)
    return text


def percent_interval(low: Any, high: Any, decimals: int = 0) -> str:
    if _missing(low) or _missing(high):
        return MISSING
    return f"{percent(low, decimals)} tot {percent(high, decimals)}"


def number_interval(low: Any, high: Any, decimals: int = 0) -> str:
    if _missing(low) or _missing(high):
        return MISSING
    return f"{number(low, decimals)} tot {number(high, decimals)}"


def euro_interval(low: Any, high: Any) -> str:
    if _missing(low) or _missing(high):
        return MISSING
    return f"{euro(low)} tot {euro(high)}"


def ratio(value: Any) -> str:
    """A rate or odds ratio: two decimals (0,84)."""
    return number(value, 2)


def ratio_interval(low: Any, high: Any) -> str:
    return number_interval(low, high, 2)


def signed_euro(value: Any) -> str:
    """Money with an explicit sign for gains: +€ 1.200 / −€ 300 (sign, euro sign and amount never split)."""
    if _missing(value) or _passthrough(value):
        return euro(value)
    return ("+" if value > 0 else MINUS if value < 0 else "") + euro(abs(value))


def probability(value: Any) -> str:
    """A simulated probability, never a flat '0%' or '100%' (10.000 draws are not certainty):
    'minder dan 1%' / 'meer dan 99%', in sentences and table cells alike (one printed form per figure)."""
    if _missing(value) or _passthrough(value):
        return percent(value)
    if value < 0.005:
        return "minder dan 1%"
    if value > 0.995:
        return "meer dan 99%"
    return percent(value)


def p_value(value: Any) -> str:
    """A p-value the way reports print it: 'p = 0,03' or 'p < 0,001'."""
    if _missing(value):
        return MISSING
    return "p < 0,001" if value < 0.001 else f"p = {number(value, 3 if value < 0.01 else 2)}"


FILTERS = {
    "getal": number,
    "procent": percent,
    "euro": euro,
    "datum": date_long,
    "datum_kort": date_short,
    "procent_interval": percent_interval,
    "getal_interval": number_interval,
    "euro_interval": euro_interval,
    "verhouding": ratio,
    "verhouding_interval": ratio_interval,
    "euro_teken": signed_euro,
    "p_waarde": p_value,
    "kans": probability,
    "maand_jaar": month_year,
    "periode": period_label,
}
