"""Reading an input file safely: only a regular file, at most a given number of bytes, never blocking.

Every file the evaluator reads (pilot file, data files, stylesheet, logo, templates) goes through
``read_regular``: a device (``/dev/zero`` never ends), a FIFO (blocks until someone writes) or a
socket is refused before reading, and the kind is checked again on the opened file (it may have
been swapped in between). A ``Refused`` carries the Dutch phrase saying what is wrong; the caller
puts it in its own message with the file and key.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from evaluator.errors import os_problem

_KIND = {stat.S_IFCHR: "een apparaat", stat.S_IFBLK: "een apparaat", stat.S_IFIFO: "een FIFO (named pipe)",
         stat.S_IFSOCK: "een socket", stat.S_IFDIR: "een map"}


class Refused(Exception):
    """A file that may not or cannot be read; ``problem`` is a Dutch phrase ('is een FIFO, geen gewoon bestand')."""

    def __init__(self, problem: str, kind: str):
        super().__init__(problem)
        self.problem = problem
        self.kind = kind  # "soort", "grootte" or "os"


def check_kind(mode: int) -> None:
    """Refuse anything but a regular file."""
    if not stat.S_ISREG(mode):
        kind = _KIND.get(stat.S_IFMT(mode), "iets anders dan een bestand")
        raise Refused(f"is {kind}, geen gewoon bestand", "soort")


def _too_large(limit: int) -> Refused:
    if limit >= 1_000_000_000:
        size = f"{limit // 1_000_000_000} GB"
    elif limit >= 10_000_000:
        size = f"{limit // 1_000_000} MB"
    else:
        size = f"{limit // 1000:,} kB".replace(",", ".")
    return Refused(f"is te groot (hoogstens {size})", "grootte")


def read_regular(path: Path, limit: int, *, follow_links: bool = True) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit``; raises ``Refused`` otherwise."""
    try:
        check_kind(os.stat(path).st_mode)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        if not follow_links:
            flags |= getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise Refused(f"kan niet worden gelezen: {os_problem(exc)}", "os") from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        check_kind(info.st_mode)
        if info.st_size > limit:
            raise _too_large(limit)
        try:
            content = handle.read(limit + 1)
        except OSError as exc:
            raise Refused(f"kan niet worden gelezen: {os_problem(exc)}", "os") from None
    if len(content) > limit:
        raise _too_large(limit)
    return content
