"""A draft's text normalised for matching, with the original line and column of every character.

Line breaks become spaces, a word hyphenated at a line end is joined (`Miss-` + `ing`), a
hyphen before a capital stays (`Lorenzo-` + `Dus`), runs of white space become one space and a
blank line becomes a paragraph break (`\\n\\n`). Slices keep their original positions.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_BREAK = re.compile(r"(?<=\w)-[ \t]*\r?\n[ \t]*(?=[^\W\d_])|[ \t\r\n\u00a0\f\v]+")
PARAGRAPH = "\n\n"


@dataclass(frozen=True)
class Source:
    """Normalised text plus, for each of its characters, the offset in the original."""

    text: str
    offsets: tuple[int, ...]
    line_starts: tuple[int, ...]  # offset of each original line

    def position(self, index: int) -> tuple[int, int]:
        """1-based (line, column) in the original of normalised character `index`."""
        if not self.offsets:
            return 1, 1
        offset = self.offsets[min(max(index, 0), len(self.offsets) - 1)]
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1


def normalise(original: str) -> Source:
    """The normalised `Source` of `original` text."""
    chunks: list[str] = []
    offsets: list[int] = []
    cursor = 0
    for m in _BREAK.finditer(original):
        chunks.append(original[cursor:m.start()])
        offsets.extend(range(cursor, m.start()))
        replacement = _replacement(m.group(), original, m.end())
        chunks.append(replacement)
        offsets.extend([m.start()] * len(replacement))
        cursor = m.end()
    chunks.append(original[cursor:])
    offsets.extend(range(cursor, len(original)))
    starts = [0] + [m.end() for m in re.finditer(r"\n", original)]
    return Source("".join(chunks), tuple(offsets), tuple(starts))


def _replacement(gap: str, original: str, end: int) -> str:
    """What a matched break or white-space run becomes."""
    if gap.startswith("-"):
        return "" if original[end:end + 1].islower() else "-"
    return PARAGRAPH if gap.count("\n") >= 2 else " "
