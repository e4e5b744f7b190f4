"""Bytes to text and back for .bib files: strict UTF-8, BOM kept, positions as file:line:column."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import BibSyntaxError, Location

BOM = b"\xef\xbb\xbf"
_NEWLINE = re.compile(r"\r\n|\n|\r")


@dataclass(frozen=True, slots=True)
class BibText:
    """The decoded text of a file and what is needed to encode it back unchanged."""

    text: str
    bom: bool

    def encode(self, text: str | None = None) -> bytes:
        """Bytes for `text` (default: the original), with the BOM if the file had one."""
        body = (self.text if text is None else text).encode("utf-8")
        return BOM + body if self.bom else body


def decode(data: bytes, path: Path | str) -> BibText:
    """Decode strict UTF-8; a non-UTF-8 byte or a NUL byte is an error naming line:column."""
    bom = data.startswith(BOM)
    body = data[len(BOM) :] if bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = byte_position(body, exc.start)
        raise BibSyntaxError(
            f"not UTF-8: byte 0x{body[exc.start]:02x} cannot be decoded",
            Location(path, line, column),
            hint="convert the file to UTF-8, e.g. `iconv -f latin1 -t utf-8`",
        ) from None
    nul = text.find("\0")
    if nul >= 0:
        lines = LineIndex(text)
        raise BibSyntaxError(
            "binary data: a NUL byte is not text",
            Location(path, lines.line(nul), lines.column(nul)),
            hint="is this really a .bib file?",
        )
    return BibText(text, bom)


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte `offset`."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def detect_newline(text: str) -> str:
    """The file's prevailing line ending ('\\n' if it has none)."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    return "\r\n" if crlf > lf else "\n"


class LineIndex:
    """Maps string offsets to 1-based lines and columns."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        """1-based line of `offset`."""
        return bisect.bisect_right(self._starts, offset)

    def column(self, offset: int) -> int:
        """1-based column of `offset`."""
        return offset - self._starts[self.line(offset) - 1] + 1

    def line_start(self, line: int) -> int:
        """Offset where 1-based `line` starts."""
        return self._starts[line - 1]
