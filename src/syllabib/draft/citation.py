"""One in-text citation as found in a draft: who and when (or which key), and where."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

AUTHOR_YEAR = "author-year"  # (Ward & Keenan, 1999)
NARRATIVE = "narrative"  # Ward and Keenan (1999)
PANDOC = "pandoc"  # [@ward1999, p. 823] or @ward1999
LATEX = "latex"  # \citep[823]{ward1999}


@dataclass(frozen=True, slots=True)
class Citation:
    """A citation of one work: an author group and a year, or a citation key."""

    kind: str
    text: str  # as printed, white space normalised: 'Ward & Keenan, 1999, p. 823'
    line: int  # 1-based line of the source file where it starts (paragraph for DOCX)
    column: int
    authors: tuple[str, ...] = ()  # names as printed: ('M. de Young',), ('Merdian', 'Wilson')
    et_al: bool = False
    group: str = ""  # the whole author group as printed: 'Merdian, Wilson, et al.'
    year: str = ""  # '2020', 'n.d.', 'in press'
    suffix: str = ""  # the letter of '2020b'
    locator: str = ""  # 'p. 137', '27', 'pp. 20–21'
    prefix: str = ""  # 'see', 'for a contrasting view, see'
    key: str = ""  # pandoc and LaTeX citations

    @property
    def label(self) -> str:
        """A short, uniform form: 'Merdian, Wilson, et al., 2013b' or '@key'."""
        if self.key:
            return f"@{self.key}"
        return f"{self.group}, {self.year}{self.suffix}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (empty fields left out)."""
        data = {k: v for k, v in asdict(self).items() if v not in ("", (), False)}
        data["line"], data["column"] = self.line, self.column
        if "authors" in data:
            data["authors"] = list(self.authors)
        return data
