"""cijfers.xlsx: every table and chart of the report as a sheet, with the report's printed (audited) figures.

Uses the session's example runs (written with json, html and xlsx). The sheets are compared with the tables
in rapport.html, read back with openpyxl and an independent nl_NL formatter; the workbook's XML is scanned
for the exact value of every figure the audit coarsened or suppressed.
"""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser

import openpyxl
import pytest

from evaluator.report.workbook import sheet_names, typed

PILOTS = ("groningen", "steenwijkerland", "tilburg")
MINUS = "\u2212"


class _Tables(HTMLParser):
    """The report's tables as {caption: [row cells]} (header row included), text as a reader sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows, self._name = [], None
        elif tag == "caption" and self._rows is not None:
            self._caption = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption" and self._caption is not None:
            self._name, self._caption = "".join(self._caption).strip(), None
        elif tag in ("td", "th") and self._cell is not None and self._rows:
            self._rows[-1].append(re.sub(r"[ \t\r\n]+", " ", "".join(self._cell)).strip())
            self._cell = None
        elif tag == "table" and self._rows is not None:
            if self._name:
                self.tables[self._name] = self._rows
            self._rows = None

    def handle_data(self, data):
        if self._caption is not None:
            self._caption.append(data)
        elif self._cell is not None:
            self._cell.append(data)


def _dutch(value: float, number_format: str) -> str:
    """An Excel number as a Dutch Excel shows it (written apart from report/formatting.py)."""
    decimals = len(number_format.split(".")[1].rstrip("%")) if "." in number_format.split(";")[0] else 0
    percent = number_format.endswith("%")
    shown = value * 100 if percent else value
    text = f"{abs(shown):,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    sign = MINUS if round(shown, decimals) < 0 else ""
    if number_format.startswith('"€'):
        return f"€\u00a0{sign}{text}"
    return f"{sign}{text}{'%' if percent else ''}"


@pytest.fixture(scope="module")
def workbooks(example_runs):
    return {name: (example_runs[name], openpyxl.load_workbook(example_runs[name].folder / "cijfers.xlsx"))
            for name in PILOTS}


@pytest.mark.parametrize("name", PILOTS)
def test_every_sheet_equals_the_report_table(workbooks, name):
    run, book = workbooks[name]
    parser = _Tables()
    parser.feed(run.read("rapport.html"))
    report = parser.tables
    assert book.sheetnames[0] == "Toelichting"
    numbers = 0
    for sheet in book.worksheets[1:]:
        title = sheet["A1"].value
        caption = title.split(":")[0] if title.startswith("Cijfers bij figuur") else title
        assert caption in report, f"{sheet.title}: geen tabel '{caption}' in het rapport"
        expected = report[caption]
        rows = [[c for c in row] for row in sheet.iter_rows(min_row=3, max_row=2 + len(expected))]
        for cells, printed in zip(rows, expected):
            for cell, text in zip(cells, printed):
                if isinstance(cell.value, (int, float)):
                    assert _dutch(cell.value, cell.number_format) == text, (sheet.title, cell.coordinate)
                    numbers += 1
                else:
                    assert (cell.value or "") == text, (sheet.title, cell.coordinate)
    assert numbers > 20
    figure_sheets = sum(1 for s in book.worksheets[1:] if s["A1"].value.startswith("Cijfers bij figuur"))
    assert figure_sheets == sum(1 for c in report if c.startswith("Cijfers bij figuur"))


@pytest.mark.parametrize("name", PILOTS)
def test_no_exact_value_of_a_coarsened_figure_in_the_workbook(workbooks, name):
    """Scan the XML: a figure printed '<5', 'x', '–', 'ongeveer ...' or rounded never has its exact value in a cell
    (row labels in column A, such as '3' gesprekken, are categories, not figures)."""
    run, _ = workbooks[name]
    slug = run.evaluation.config.slug
    with zipfile.ZipFile(run.folder / "cijfers.xlsx") as archive:
        xml = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("xl/worksheets/"))
    numbers = {float(v) for column, v in re.findall(r'<c r="([A-Z]+)\d+"(?: s="\d+")?><v>([^<]+)</v>', xml)
               if column != "A"}
    assert numbers
    shown = {d.value for k, d in run.published.decisions.items() if k.startswith(f"{slug}/") and d.shown
             and d.value is not None}
    checked = small = 0
    for key, figure in run.published.figures.items():
        decision = run.published.decision(key)
        if not key.startswith(f"{slug}/") or figure.value is None or decision.value == figure.value:
            continue
        exact = float(figure.value)
        if any(abs(exact - s) < 1e-9 for s in shown):
            continue  # the same number is another figure's published value
        assert not any(abs(exact - n) < 1e-9 * max(1.0, abs(exact)) for n in numbers), (key, decision.text)
        checked += 1
        small += decision.status in ("small", "hidden")
    assert checked > 10 and small > 0


@pytest.mark.parametrize("name", PILOTS)
def test_suppressed_figures_are_their_printed_text(workbooks, name):
    _, book = workbooks[name]
    texts = {c.value for s in book.worksheets[1:] for row in s.iter_rows(min_row=3) for c in row
             if isinstance(c.value, str)}
    assert "<5" in texts or "x" in texts or "–" in texts


def test_the_information_sheet_names_pilot_date_version_and_inputs(workbooks):
    run, book = workbooks["steenwijkerland"]
    info = {row[0]: row[1] for row in book["Toelichting"].iter_rows(values_only=True) if row[0]}
    meta = run.data()["meta"]
    assert info["Pilot"] == run.evaluation.config.pilot.name
    assert info["Rapportdatum"] == "30 juni 2024"
    assert info["Versie van de evaluator"] == meta["version"]
    for file_name, digest in meta["inputs"].items():
        assert info[file_name] == digest
    assert book.properties.created.date().isoformat() == meta["generated"]


@pytest.mark.parametrize("text, value, number_format", [
    ("1.234", 1234, "#,##0"), ("0,84", 0.84, "#,##0.00"), ("45%", 0.45, "0%"), ("0,5%", 0.005, "0.0%"),
    ("€\u00a0−1.100", -1100, '"€ "#,##0;"€ "-#,##0'), ("35,4", 35.4, "#,##0.0"),
])
def test_printed_numbers_become_excel_numbers(text, value, number_format):
    assert typed(text) == (pytest.approx(value), number_format)
    assert _dutch(value, number_format) == text


@pytest.mark.parametrize("text", ["<5", "x", "–", "ongeveer 80%", "meer dan 95%", "5 tot 69", "apr 2023", "",
                                  "1234", "1.23", "€\u00a01.234,50", "minder dan 1%", "Jaar 1"])
def test_other_texts_stay_text(text):
    assert typed(text) is None


def test_sheet_names_are_valid_and_unique():
    names = sheet_names(["Kosten: per jaar / financier [euro]", "Kosten: per jaar / financier [euro]", "Toelichting",
                         "Een heel lange titel van een tabel die niet in een bladnaam past"])
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)
    assert len({n.lower() for n in names}) == 4 and "toelichting" not in {n.lower() for n in names}
    assert names[3] == "Een heel lange titel van een"
