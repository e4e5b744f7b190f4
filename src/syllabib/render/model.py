"""What a rendered bibliography is, independent of the output format (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one set of formatting; `link` makes it a hyperlink."""

    text: str
    italic: bool = False
    bold: bool = False
    smallcaps: bool = False
    superscript: bool = False
    subscript: bool = False
    underline: bool = False
    link: str | None = None


def runs_text(runs: tuple[Run, ...]) -> str:
    """Plain text of runs."""
    return "".join(run.text for run in runs)


@dataclass(frozen=True, slots=True)
class Reference:
    """One formatted bibliography entry.

    `label` is the citation number or label of a numbered style ("1.", "[1]"), laid out by the
    writer before the text (never glued to it); `runs` is the reference itself; `annotation`
    is plain text (paragraphs separated by blank lines) printed as its own paragraph(s) under
    the reference when the bibliography is annotated.
    """

    key: str
    runs: tuple[Run, ...]
    label: str | None = None
    annotation: str | None = None

    @property
    def text(self) -> str:
        """The reference as plain text, without its label."""
        return runs_text(self.runs)


@dataclass(frozen=True, slots=True)
class Layout:
    """The style's bibliography layout options (CSL `cs:bibliography` attributes)."""

    hanging_indent: bool = False
    second_field_align: str | None = None  # "flush" or "margin": label in its own column
    line_spacing: int = 1
    entry_spacing: int = 1


@dataclass(frozen=True, slots=True)
class Bibliography:
    """A formatted reference list, ready for any writer."""

    references: tuple[Reference, ...]
    style: str = ""  # style id, e.g. "apa"
    style_title: str = ""  # e.g. "American Psychological Association 7th edition"
    locale: str = "en-US"
    title: str = ""  # heading, e.g. "References" (writers may omit it when empty)
    layout: Layout = field(default_factory=Layout)
    annotated: bool = False  # print each reference's annotation under it
