"""What an Excel workbook holds, read from its XML without loading any sheet: names, visibility, extent.

The Excel reader (calamine, through fastexcel) allocates the whole rectangle from cell A1 to the
farthest filled cell: one stray value in cell XFD1048576 asks for 17 billion cells and aborts the
process. ``inspect_workbook`` streams each sheet's XML once and finds the farthest filled cell,
so the reader can refuse such a sheet with a Dutch message naming the cell. It also reports
which sheets are hidden, so a hidden sheet is never read without being asked for.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

MAX_CELLS = 10_000_000  # rows x columns the reader may allocate (a registration has far fewer)
MAX_XML_BYTES = 2 * 1024**3
_CELL = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")


class WorkbookProblem(Exception):
    """The file is not a workbook this module can inspect (damaged zip, missing parts)."""


@dataclass(frozen=True)
class SheetInfo:
    name: str
    visible: bool
    filled_cells: int
    last_row: int  # 1-based; 0 for an empty sheet
    last_column: int  # 1-based
    far_cells: tuple[str, ...]  # the filled cell in the last row and the one in the last column, e.g. 'XFD1048576'

    @property
    def cells(self) -> int:
        return self.last_row * self.last_column

    @property
    def too_large(self) -> bool:
        return self.cells > MAX_CELLS


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attribute(element: ElementTree.Element, name: str) -> str | None:
    return next((value for key, value in element.attrib.items() if _local(key) == name), None)


def inspect_workbook(content: bytes) -> list[SheetInfo]:
    """Every sheet of an .xlsx/.xlsm workbook in workbook order, with visibility and filled extent."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        workbook = ElementTree.fromstring(_member(archive, "xl/workbook.xml"))
        relations = ElementTree.fromstring(_member(archive, "xl/_rels/workbook.xml.rels"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as exc:
        raise WorkbookProblem(type(exc).__name__) from None
    targets = {_attribute(r, "Id"): _attribute(r, "Target") for r in relations if _local(r.tag) == "Relationship"}
    sheets = []
    for element in workbook.iter():
        if _local(element.tag) != "sheet":
            continue
        name = _attribute(element, "name") or ""
        target = targets.get(_attribute(element, "id")) or ""
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        visible = (_attribute(element, "state") or "visible") == "visible"
        sheets.append(_inspect_sheet(archive, name, part, visible))
    return sheets


def _member(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_XML_BYTES:
        raise WorkbookProblem("te groot")
    return archive.read(info)


def _inspect_sheet(archive: zipfile.ZipFile, name: str, part: str, visible: bool) -> SheetInfo:
    filled = 0
    lowest = rightmost = (0, 0)  # (row, column) of the filled cell in the last row / the last column
    try:
        info = archive.getinfo(part)
        if info.file_size > MAX_XML_BYTES:
            raise WorkbookProblem("te groot")
        with archive.open(info) as stream:
            for _event, element in ElementTree.iterparse(stream, events=("end",)):
                if _local(element.tag) != "c":
                    continue
                has_value = any(_local(child.tag) in ("v", "is") for child in element)
                reference = _CELL.match(element.get("r") or "")
                element.clear()
                if not has_value or reference is None:
                    continue
                row, column = int(reference[2]), _column_number(reference[1])
                filled += 1
                lowest = max(lowest, (row, column))
                rightmost = max(rightmost, (row, column), key=lambda cell: (cell[1], cell[0]))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError) as exc:
        raise WorkbookProblem(type(exc).__name__) from None
    far_cells = tuple(dict.fromkeys(f"{column_letters(c)}{r}" for r, c in (lowest, rightmost) if r))
    return SheetInfo(name, visible, filled, lowest[0], rightmost[1], far_cells)
