"""cijfers.xlsx: every table and every chart's figures of the pilot report as an Excel sheet.

``workbook_bytes(context) -> bytes``. The cells are the report's own printed cells (``ReportContext.tables``
and the data tables of ``ReportContext.charts``, written from the audited published figures), so a figure
is suppressed exactly as in the report: "<5", "x", "–", "ongeveer 80%" stay text. A cell becomes an
Excel number only when the number, printed with the report's own formatter (``report.formatting``, nl_NL),
gives back exactly the report's text; it then carries a number format that a Dutch Excel shows the same
way (percent, euro, decimals). A first sheet "Toelichting" names the pilot, the report date, the version
and the SHA-256 of the input files, and lists the sheets. The bytes depend only on the context: the
workbook's creation date is the report date and xlsxwriter writes fixed timestamps in the zip.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation

import xlsxwriter

from evaluator.report import formatting as fmt
from evaluator.report.context import ReportContext

FILE_NAME = "cijfers.xlsx"
INFO_SHEET = "Toelichting"
# Excel number formats are stored locale-neutral ('#,##0.0'); a Dutch Excel shows them as 1.234,5.
EURO_FORMAT = '"€ "#,##0;"€ "-#,##0'
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_MAX_NAME = 31  # Excel's limit for a sheet name
_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})*(?:,(\d+))?")


def typed(text: str) -> tuple[float, str] | None:
    """The number and Excel format of a printed cell, or None when the cell stays text.

    Only a plain number ('1.234', '0,84'), percentage ('45%', '0,5%') or amount ('€ −1.100') converts,
    and only when printing the number back with the report's formatter gives exactly ``text``."""
    body, kind = text, "number"
    if body.startswith(f"€{fmt.NBSP}"):
        body, kind = body[2:], "euro"
    elif body.endswith("%"):
        body, kind = body[:-1], "percent"
    negative = body.startswith(fmt.MINUS)
    digits = body[1:] if negative else body
    match = _NUMBER.fullmatch(digits)
    if match is None:
        return None
    decimals = len(match.group(1) or "")
    try:
        amount = Decimal(digits.replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None
    amount = -amount if negative else amount
    places = ("." + "0" * decimals) if decimals else ""
    printers: dict[str, tuple[Callable[[float], str], float, str]] = {
        "number": (lambda v: fmt.number(v, decimals), float(amount), "#,##0" + places),
        "percent": (lambda v: fmt.percent(v, decimals), float(amount / 100), "0" + places + "%"),
        "euro": (lambda v: fmt.euro(v, decimals), float(amount), EURO_FORMAT),
    }
    printer, value, number_format = printers[kind]
    if kind == "euro" and decimals:
        return None
    return (value, number_format) if printer(value) == text else None


def sheet_names(titles: Sequence[str]) -> list[str]:
    """Valid, unique Excel sheet names for ``titles`` (at most 31 characters, no []:*?/\\)."""
    names: list[str] = []
    for title in titles:
        base = _shortened(_FORBIDDEN.sub("-", title).strip().strip("'"), _MAX_NAME)
        name, n = base, 2
        while name.lower() in {m.lower() for m in names} or name.lower() == INFO_SHEET.lower():
            suffix = f" ({n})"
            name, n = _shortened(base, _MAX_NAME - len(suffix)) + suffix, n + 1
        names.append(name)
    return names


def _shortened(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, at a word boundary when there is one."""
    if len(text) <= limit:
        return text
    cut = text[:limit + 1].rsplit(" ", 1)[0] if " " in text[:limit + 1] else text[:limit]
    return cut[:limit].rstrip(" ,–-")


def _sheets(context: ReportContext) -> list[tuple[str, str, tuple[str, ...], tuple[tuple[str, ...], ...], str | None]]:
    """(title, description, headers, rows, note) per table and per chart, tables first, charts by number."""
    sheets = [(table.caption, table.caption, table.headers, table.rows, table.note)
              for table in context.tables.values()]
    for key, number in sorted(context.figure_numbers.items(), key=lambda item: item[1]):
        chart = context.charts[key]
        sheets.append((f"Figuur {number} {chart.title}", f"Cijfers bij figuur {number}: {chart.title}",
                       chart.headers, chart.rows, None))
    return sheets


def workbook_bytes(context: ReportContext) -> bytes:
    """The workbook: "Toelichting", then one sheet per table and per chart of the report."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    created = dt.datetime.combine(context.report_date, dt.time(12, 0))
    book.set_properties({"title": f"Cijfers bij {context.title}", "author": context.organisation or "",
                         "comments": f"poh-jeugd-evaluator {context.version}", "created": created})
    styles = _Styles(book)
    sheets = _sheets(context)
    names = sheet_names([title for title, *_ in sheets])
    _write_info(book.add_worksheet(INFO_SHEET), styles, context,
                [(name, description) for name, (_, description, *_) in zip(names, sheets)])
    for name, (title, description, headers, rows, note) in zip(names, sheets):
        _write_table(book.add_worksheet(name), styles, description, headers, rows, note)
    book.close()
    return buffer.getvalue()


class _Styles:
    def __init__(self, book) -> None:
        self.book = book
        self.title = book.add_format({"bold": True, "font_size": 12})
        self.header = book.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
        self.note = book.add_format({"italic": True, "font_color": "#5A5A5A"})
        self.text_right = book.add_format({"align": "right"})
        self._numbers: dict[str, object] = {}

    def number(self, number_format: str):
        if number_format not in self._numbers:
            self._numbers[number_format] = self.book.add_format({"num_format": number_format})
        return self._numbers[number_format]


def _write_info(sheet, styles: _Styles, context: ReportContext, index: list[tuple[str, str]]) -> None:
    rows: list[tuple[str, str]] = [
        ("Pilot", context.pilot_name),
        ("Gemeente", context.municipality),
        ("Rapport", context.title),
        ("Rapportdatum", fmt.date_long(context.report_date)),
        ("Versie van de evaluator", context.version),
        ("Kleine aantallen", context.suppression_rule),
        ("Gelijk aan het rapport", "Elke cel staat er zoals in het rapport. '<5' is een aantal kleiner dan 5, 'x' een "
                                   "aantal dat niet wordt getoond omdat er anders een klein aantal uit af te leiden is, "
                                   "'–' een cijfer dat niet wordt getoond; 'ongeveer' en 'meer dan' zijn afgeronde "
                                   "cijfers. Getallen, percentages en bedragen zijn echte getallen om mee te rekenen."),
    ]
    if context.synthetic:
        rows.append(("Let op", "De gegevens zijn synthetisch (voorbeelddata)."))
    sheet.write(0, 0, f"Cijfers bij {context.title}", styles.title)
    line = 2
    for label, value in rows:
        sheet.write_string(line, 0, label, styles.header)
        sheet.write_string(line, 1, value)
        line += 1
    line += 1
    sheet.write_string(line, 0, "Invoerbestand", styles.header)
    sheet.write_string(line, 1, "SHA-256 (controlegetal van de inhoud)", styles.header)
    for name, digest in sorted(context.inputs.items()):
        line += 1
        sheet.write_string(line, 0, name)
        sheet.write_string(line, 1, digest)
    line += 2
    sheet.write_string(line, 0, "Blad", styles.header)
    sheet.write_string(line, 1, "Inhoud", styles.header)
    for name, description in index:
        line += 1
        sheet.write_url(line, 0, f"internal:'{name}'!A1", string=name)
        sheet.write_string(line, 1, description)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 100)


def _write_table(sheet, styles: _Styles, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
                 note: str | None) -> None:
    sheet.write_string(0, 0, title, styles.title)
    first = 2
    for column, header in enumerate(headers):
        sheet.write_string(first, column, header, styles.header)
    widths = [len(h) for h in headers]
    for r, row in enumerate(rows, start=first + 1):
        for column, cell in enumerate(row):
            converted = typed(cell)
            if converted is None:
                sheet.write_string(r, column, cell, styles.text_right if column > 0 else None)
            else:
                sheet.write_number(r, column, converted[0], styles.number(converted[1]))
            widths[column] = max(widths[column], len(cell))
    if note:
        sheet.write_string(first + len(rows) + 2, 0, note, styles.note)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, min(max(width + 2, 10), 60 if column == 0 else 30))
    sheet.freeze_panes(first + 1, 1)
