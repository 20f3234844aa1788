"""Charts as vector SVG made with matplotlib, each with a text alternative and its numbers.

Charts receive numbers already computed by the estimation stages; they draw, they do not
estimate. Output is deterministic (fixed SVG hash salt, no date) so reports are
reproducible byte for byte.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from evaluator import formatting  # noqa: E402

matplotlib.rcParams.update(
    {
        "svg.hashsalt": "poh-jeugd-evaluator",
        "svg.fonttype": "path",
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 10,
    }
)
GREY = "#5A5A5A"


@dataclass(frozen=True)
class Chart:
    """A drawn chart: ``svg`` markup, ``alt`` text saying what it shows, and its data table."""

    key: str
    title: str
    svg: str
    alt: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _to_svg(figure, key: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    # Several charts share one HTML page: give every SVG id a chart-specific prefix.
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{key}-{m.group(1)}"', svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{key}-{m.group(1)}"', svg)
    return re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{key}-{m.group(1)})", svg)


def _percent_axis(axis) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _: formatting.percent(v)))


def share_bars(
    key: str,
    title: str,
    labels: Sequence[str],
    shares: Sequence[float | None],
    lows: Sequence[float | None],
    highs: Sequence[float | None],
    counts: Sequence[int],
    colour: str,
    alt_intro: str,
) -> Chart:
    """Horizontal bars of shares with their 95% intervals as whiskers."""
    height = 0.45 * len(labels) + 0.9
    figure, axis = plt.subplots(figsize=(6.3, height))
    values = [s or 0.0 for s in shares]
    y = list(range(len(labels)))[::-1]
    err_low = [max(v - (lo if lo is not None else v), 0) for v, lo in zip(values, lows)]
    err_high = [max((hi if hi is not None else v) - v, 0) for v, hi in zip(values, highs)]
    axis.barh(y, values, color=colour, height=0.6)
    axis.errorbar(values, y, xerr=[err_low, err_high], fmt="none", ecolor=GREY, capsize=3, linewidth=1)
    axis.set_yticks(y, labels)
    axis.set_xlim(0, 1)
    _percent_axis(axis.xaxis)
    axis.set_xlabel("Aandeel (lijn: 95%-betrouwbaarheidsinterval)")
    svg = _to_svg(figure, key)
    rows = tuple(
        (lab, formatting.number(n), formatting.percent(s), formatting.percent_interval(lo, hi))
        for lab, n, s, lo, hi in zip(labels, counts, shares, lows, highs)
    )
    parts = [f"{lab}: {formatting.percent(s)}" for lab, s in zip(labels, shares)]
    alt = f"{alt_intro} " + "; ".join(parts) + "."
    return Chart(key, title, svg, alt, ("Categorie", "Aantal", "Aandeel", "95%-interval"), rows)


def count_bars(key: str, title: str, labels: Sequence[str], counts: Sequence[int], colour: str, xlabel: str,
               alt_intro: str) -> Chart:
    """Vertical bars of counts (e.g. number of sessions)."""
    figure, axis = plt.subplots(figsize=(6.3, 2.6))
    axis.bar(range(len(labels)), counts, color=colour)
    axis.set_xticks(range(len(labels)), labels)
    axis.set_xlabel(xlabel)
    axis.set_ylabel("Aantal trajecten")
    axis.yaxis.set_major_formatter(FuncFormatter(lambda v, _: formatting.number(v)))
    svg = _to_svg(figure, key)
    rows = tuple((lab, formatting.number(n)) for lab, n in zip(labels, counts))
    alt = f"{alt_intro} " + "; ".join(f"{lab}: {n}" for lab, n in zip(labels, counts)) + "."
    return Chart(key, title, svg, alt, (xlabel, "Aantal trajecten"), rows)
