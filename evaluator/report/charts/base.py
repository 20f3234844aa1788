"""Charts as vector SVG made with matplotlib, each with a text alternative and its numbers.

Charts receive numbers already computed by the estimation stages; they draw, they do not
estimate. Output is deterministic (fixed SVG hash salt, no date) so reports are
reproducible byte for byte. Every chart returns a ``Chart``: the SVG, an ``alt`` text that
says what the chart shows in words, and the data table (formatted nl_NL) for the bijlage.
Cohort charts live here; effect charts in ``charts_effect``, money charts in ``charts_money``.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from evaluator.report import formatting  # noqa: E402

matplotlib.rcParams.update(
    {
        "svg.hashsalt": "poh-jeugd-evaluator",
        "svg.fonttype": "none",  # text stays text: selectable, small, and fast for WeasyPrint
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 10,
        "legend.frameon": False,
    }
)
GREY = "#5A5A5A"
LIGHT_GREY = "#BBBBBB"
WIDTH = 6.3  # inches: the text width of an A4 page with 18 mm margins


@dataclass(frozen=True)
class Palette:
    """Colours for charts: ``primary`` and ``accent`` reach 3:1 against white (see ``colours``)."""

    primary: str
    accent: str
    comparison: str = GREY


@dataclass(frozen=True)
class Chart:
    """A drawn chart: ``svg`` markup, ``alt`` text saying what it shows, and its data table."""

    key: str
    title: str
    svg: str
    alt: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def __post_init__(self) -> None:
        # The text alternative travels with the drawing: WeasyPrint tags an inline SVG as a Figure and takes its
        # /Alt from the SVG's <title>, so the PDF keeps the alt text without printing the data table.
        if self.svg.startswith("<svg") and "<title>" not in self.svg[:self.svg.index(">") + 9]:
            head = self.svg.index(">") + 1
            object.__setattr__(self, "svg", f"{self.svg[:head]}<title>{html.escape(self.alt)}</title>{self.svg[head:]}")


def to_svg(figure, key: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    # Several charts share one HTML page: give every SVG id a chart-specific prefix.
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{key}-{m.group(1)}"', svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{key}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{key}-{m.group(1)})", svg)
    # Text uses the report's shipped font (templates/fonts, the same DejaVu Sans matplotlib measured with).
    svg = svg.replace("'DejaVu Sans'", "'Rapport Sans', 'DejaVu Sans', sans-serif")
    # The wrapper carries the text alternative; the drawing itself is hidden from screen readers.
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def percent_axis(axis, decimals: int = 0) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _: formatting.percent(v, decimals)))


def euro_axis(axis, bins: int = 5) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins=bins))
    axis.set_major_formatter(FuncFormatter(lambda v, _: formatting.euro(v)))


def number_axis(axis, decimals: int = 0) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _: formatting.number(v, decimals)))


def count_axis(axis) -> None:
    """An axis of counts: whole-number ticks only (no 2,5 shown as '2')."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))
    number_axis(axis)


def listing(parts: Sequence[str]) -> str:
    """'a; b; c' joined for alt texts."""
    return "; ".join(parts)


def share_bars(key: str, labels: Sequence[str], shares: Sequence[float | None], lows: Sequence[float | None],
               highs: Sequence[float | None], annotations: Sequence[str], colour: str,
               bounds: Sequence[float | None] = ()) -> str:
    """SVG of horizontal bars of shares, whiskers for their 95% intervals, ``annotations`` beside the bars.

    Geometry only: the caller passes published values and the printed texts. A share that is not printed as a
    number (None) gets no bar, but its row stays, with its annotation in grey: a reader sees that it is left
    out, not that it is zero. ``bounds``: for a share printed as a bound ('meer dan 95%'), the bound, drawn as
    an open (hatched) bar up to it."""
    figure, axis = plt.subplots(figsize=(WIDTH, 0.42 * len(labels) + 0.9))
    y = list(range(len(labels)))[::-1]
    for yi, bound in zip(y, bounds or [None] * len(labels)):
        if bound is not None:
            axis.barh([yi], [bound], color="white", edgecolor=colour, hatch="///", height=0.6)
    drawn = [(yi, v, lo, hi) for yi, v, lo, hi in zip(y, shares, lows, highs) if v is not None]
    if drawn:
        ys, vs, los, his = zip(*drawn)
        err_low = [max(v - (lo if lo is not None else v), 0) for v, lo in zip(vs, los)]
        err_high = [max((hi if hi is not None else v) - v, 0) for v, hi in zip(vs, his)]
        axis.barh(ys, vs, color=colour, height=0.6)
        axis.errorbar(vs, ys, xerr=[err_low, err_high], fmt="none", ecolor=GREY, capsize=3, linewidth=1)
    for yi, v, text in zip(y, shares, annotations):
        bound = bounds[y.index(yi)] if bounds else None
        if v is None:
            axis.annotate(text, (bound or 0, yi), xytext=(4, -3), textcoords="offset points", fontsize=8, color=GREY,
                          fontstyle="italic")
        else:
            axis.annotate(text, (v, yi), xytext=(4, 3), textcoords="offset points", fontsize=8, color="#1a1a1a")
    axis.set_yticks(y, labels)
    axis.set_xlim(0, 1)
    percent_axis(axis.xaxis)
    axis.set_xlabel("Aandeel (lijn: 95%-betrouwbaarheidsinterval)")
    return to_svg(figure, key)


def count_bars(key: str, labels: Sequence[str], heights: Sequence[float], colour: str, xlabel: str) -> str:
    """SVG of vertical bars of counts (a bar that is not published has height 0 and says so in its label)."""
    figure, axis = plt.subplots(figsize=(WIDTH, 2.4))
    axis.bar(range(len(labels)), heights, color=colour)
    # Long labels ('16 of meer', '13 (<10)') must not run into each other: on two lines when there is
    # room, slanted when there are many bars.
    if len(labels) > 12 and any(len(str(lab)) > 3 for lab in labels):
        axis.set_xticks(range(len(labels)), labels, rotation=45, ha="right", fontsize=8)
    else:
        axis.set_xticks(range(len(labels)), [str(lab).replace(" (", "\n(").replace(" of ", "\nof ") for lab in labels])
    axis.set_xlabel(xlabel)
    axis.set_ylabel("Aantal trajecten")
    count_axis(axis.yaxis)
    return to_svg(figure, key)


def month_labels(months: Sequence[str], pattern: str = "MMM yyyy") -> list[str]:
    """'2017-04' -> 'apr 2017' (or another babel date pattern)."""
    import datetime as dt

    from babel.dates import format_date

    return [format_date(dt.date(int(m[:4]), int(m[5:7]), 1), pattern, locale=formatting.LOCALE) for m in months]


def monthly_bars(key: str, months: Sequence[str], heights: Sequence[float], colour: str) -> str:
    """SVG of trajectories started per month (ticks 'apr '17')."""
    short = month_labels(months, "MMM ''yy")
    figure, axis = plt.subplots(figsize=(WIDTH, 2.3))
    axis.bar(range(len(months)), heights, color=colour)
    step = max(1, len(months) // 12)
    axis.set_xticks(range(0, len(months), step), short[::step], rotation=45, ha="right", fontsize=8)
    axis.set_ylabel("Gestarte trajecten")
    count_axis(axis.yaxis)
    return to_svg(figure, key)
