"""Line numbers of the keys, table headers and array items of a TOML text (tomllib gives none).

Paths are tuples as the parsed data is indexed: `("sections", 0, "entries", "ward1999", "note")`
for a key, `("sections", 0)` for an array-of-tables header, `("sections", 0, "keys", 2)` for the
third string of an array. Only what a hand-written file holds is tracked; inline tables are not
looked into. The text is assumed to be valid TOML (tomllib has read it first).
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")


class _Scanner:
    """One pass over the text, recording the line of every path it meets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[Path, int] = {}
        self.table: Path = ()
        self.arrays: dict[Path, int] = {}  # array-of-tables path → index of its last element

    def run(self) -> dict[Path, int]:
        """Scan everything; the map of paths to 1-based lines."""
        while self.pos < len(self.text):
            self._skip_blank()
            if self.pos >= len(self.text):
                break
            char = self.text[self.pos]
            if char == "#":
                self._skip_comment()
            elif char == "[":
                self._header()
            else:
                self._key_value()
        return self.lines

    def _peek(self, count: int = 1) -> str:
        return self.text[self.pos:self.pos + count]

    def _advance(self, count: int = 1) -> None:
        self.line += self.text.count("\n", self.pos, self.pos + count)
        self.pos += count

    def _skip_blank(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self._advance()

    def _skip_inline_blank(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1

    def _skip_comment(self) -> None:
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end

    def _header(self) -> None:
        double = self._peek(2) == "[["
        self._advance(2 if double else 1)
        names = self._key_names()
        self._advance(2 if double else 1)
        if double:
            path = (*self._resolve(names[:-1]), names[-1])
            index = self.arrays.get(path, -1) + 1
            self.arrays[path] = index
            path = (*path, index)
        else:
            path = self._resolve(names)
        self.lines.setdefault(path, self.line)
        self.table = path

    def _resolve(self, names: list[str]) -> Path:
        """A header's names with the current index of every array of tables along the way."""
        path: Path = ()
        for name in names:
            path = (*path, name)
            if path in self.arrays:
                path = (*path, self.arrays[path])
        return path

    def _key_value(self) -> None:
        line = self.line
        path = (*self.table, *self._key_names())
        self.lines[path] = line
        self._skip_inline_blank()
        self._advance(1)  # "="
        self._skip_inline_blank()
        self._value(path)

    def _key_names(self) -> list[str]:
        """A dotted key (bare or quoted parts), leaving pos after it."""
        names: list[str] = []
        while True:
            self._skip_inline_blank()
            char = self._peek()
            if char in "\"'":
                names.append(self._string())
            else:
                match = _BARE.match(self.text, self.pos)
                end = match.end() if match else self.pos + 1
                names.append(self.text[self.pos:end])
                self.pos = end
            self._skip_inline_blank()
            if self._peek() != ".":
                return names
            self.pos += 1

    def _value(self, path: Path) -> None:
        char = self._peek()
        if char in "\"'":
            self._string()
        elif char == "[":
            self._array(path)
        elif char == "{":
            self._skip_bracketed("{", "}")
        else:
            while self.pos < len(self.text) and self.text[self.pos] not in "\n#,]}":
                self.pos += 1

    def _array(self, path: Path) -> None:
        self._advance(1)
        index = 0
        while self.pos < len(self.text):
            self._skip_blank()
            char = self._peek()
            if char == "#":
                self._skip_comment()
            elif char == "]":
                self._advance(1)
                return
            elif char == ",":
                self._advance(1)
            else:
                self.lines[(*path, index)] = self.line
                self._value((*path, index))
                index += 1

    def _skip_bracketed(self, opener: str, closer: str) -> None:
        depth = 0
        while self.pos < len(self.text):
            char = self._peek()
            if char in "\"'":
                self._string()
                continue
            depth += (char == opener) - (char == closer)
            self._advance(1)
            if depth == 0:
                return

    def _string(self) -> str:
        """A basic, literal or multi-line string; its raw content (escapes left as written)."""
        quote = self._peek()
        triple = self._peek(3) == quote * 3
        delimiter = quote * 3 if triple else quote
        start = self.pos + len(delimiter)
        end = start
        while True:
            end = self.text.find(delimiter, end)
            if end < 0:
                end = len(self.text)
                break
            if quote == '"' and _escaped(self.text, end):
                end += 1
                continue
            break
        if triple:  # a closing """" or """"" keeps its extra quotes in the content
            while self.text[end + 3:end + 4] == quote:
                end += 1
        self._advance(end + len(delimiter) - self.pos)
        return self.text[start:end]


def _escaped(text: str, index: int) -> bool:
    """True when the character at `index` follows an odd number of backslashes."""
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def locate(text: str) -> dict[Path, int]:
    """The 1-based line of every key, table header and array item in `text`."""
    return _Scanner(text).run()


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of `path`, else of its nearest recorded ancestor (None at the top)."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None
