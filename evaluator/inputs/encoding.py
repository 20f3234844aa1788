"""Decoding a text data file: UTF-8, or Windows-1252 only when the whole file is consistent with it.

Excel writes 'CSV (gescheiden door lijstscheidingsteken)' in Windows-1252 and 'CSV UTF-8' in
UTF-8. A file that is not valid UTF-8 is decoded as Windows-1252 only if no line of it holds
UTF-8 characters beyond ASCII: one stray Windows-1252 byte in an otherwise UTF-8 file would
otherwise turn every 'café' into 'cafÃ©'. A mixed file is refused, naming the rows that are not
UTF-8, so the user can fix them.
"""

from __future__ import annotations

from evaluator.errors import DataError

_SHOWN_ROWS = 10


def decode_text(content: bytes, shown: str) -> str:
    """The text of a data file (without a byte-order mark); ``DataError`` in Dutch when it cannot be decoded."""
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lines = content.split(b"\n")
    not_utf8, utf8_beyond_ascii = [], False
    for number, line in enumerate(lines, start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            not_utf8.append(number)
            continue
        utf8_beyond_ascii = utf8_beyond_ascii or not line.isascii()
    if not utf8_beyond_ascii:
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError:
            raise DataError(
                f"Het bestand '{shown}' is geen leesbare tekst (geen UTF-8 en geen Windows-1252). "
                "Sla het in Excel op als 'CSV UTF-8 (door lijstscheidingsteken gescheiden)'."
            ) from None
    rows = ", ".join(str(n) for n in not_utf8[:_SHOWN_ROWS])
    more = f" en nog {len(not_utf8) - _SHOWN_ROWS} andere" if len(not_utf8) > _SHOWN_ROWS else ""
    raise DataError(
        f"Het bestand '{shown}' is UTF-8-tekst, maar rij {rows}{more} (regelnummer in het bestand) "
        f"{'bevat' if len(not_utf8) == 1 else 'bevatten'} tekens in een andere codering (Windows-1252). Gelezen "
        "met één codering zouden letters als 'é' verminkt raken. Verbeter die rij(en), of sla het hele bestand in "
        "Excel opnieuw op als 'CSV UTF-8 (door lijstscheidingsteken gescheiden)'."
    )
