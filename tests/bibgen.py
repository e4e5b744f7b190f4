"""Hypothesis strategies for well-formed BibTeX files written in every layout people use.

Shared by the property tests and `bench/fuzz.py`. A generated file is valid BibTeX that the
reader must accept without a diagnostic: entries with braced, quoted, numeric and macro values
(joined with `#`), nested braces, LaTeX accents and non-ASCII text, `@string` macros,
`@comment`/`@preamble` blocks and free text between blocks, in LF, CRLF or mixed line endings,
with or without a BOM, trailing whitespace and a final newline.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from syllabib.bibtext import BOM

ENTRY_TYPES = ["article", "book", "inproceedings", "incollection", "misc", "online", "thesis",
               "Article", "BOOK", "InProceedings", "report", "unpublished"]
FIELD_NAMES = ["author", "title", "journal", "year", "volume", "pages", "publisher", "doi",
               "url", "note", "editor", "booktitle", "month", "keywords", "annotation", "abstract",
               "date", "urldate", "isbn", "address", "series", "edition", "file"]
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
ACCENTS = ["{\\\"o}", "{\\'e}", "\\`a", "{\\c c}", "{\\ss}", "\\~n", "{\\aa}", "--", "---",
           "\\&", "\\%", "$\\alpha$", "\\emph{x}", "\\textit{Deep}"]
WORDS = ["Implicit", "theories", "of", "the", "TeX", "Münster", "Łódź", "naïve", "Ærø", "東京",
         "Ελλάδα", "café", "O'Brien", "van", "der", "Berg", "2nd", "and", "et", "al.", "vs.",
         "Smith,", "J.", "—", "“quoted”", "«x»", "e.g.,", "1999–2001", "🙂",
         "jo@example.org", "https://x.org/a%20b?q=1&r=2#frag", "50%"]
KEYWORD_THEMES = ["classic", "grooming", "justifications/implicit-theories", "method/survey",
                  "Child abuse", "{with, comma}"]


@dataclass(frozen=True)
class GeneratedFile:
    """A generated file: its bytes and what it holds."""

    data: bytes
    keys: tuple[str, ...]
    newline: str  # "\n", "\r\n" or "mixed"


MACROS = ["acm", "ieee", "jcp", "lncs"]
NESTED = ["{Nested {Group}}", "{DNA}", "{a {b {c}}}", "{\\\"o}", "{\\'{\\i}}", "{}"]
_KEY_MARK = "\x00KEY\x00"

_words = st.lists(st.sampled_from(WORDS + ACCENTS), min_size=1, max_size=6).map(" ".join)
_braced_text = st.lists(st.sampled_from(WORDS + ACCENTS + NESTED + ['"', "  ", "\n", "\n  "]),
                        min_size=1, max_size=7).map(" ".join)
_quoted_text = st.lists(st.sampled_from(WORDS + ACCENTS + NESTED + ['{"}']),
                        min_size=1, max_size=6).map(" ".join)
_piece = st.one_of(
    _braced_text.map(lambda t: "{" + t + "}"),
    _quoted_text.map(lambda t: '"' + t + '"'),
    st.integers(0, 2100).map(str),
    st.sampled_from(MACROS + MONTHS),
)
value = st.one_of(_piece, _piece, st.builds(lambda pieces, joiner: joiner.join(pieces),
                                            st.lists(_piece, min_size=2, max_size=3),
                                            st.sampled_from([" # ", "#", " #\n    "])))
"""A field value: one piece, or several joined with `#`."""

_key = st.from_regex(r"[A-Za-z][A-Za-z0-9:_./+-]{0,18}", fullmatch=True)
_keywords = st.builds(lambda themes, sep: "{" + sep.join(themes) + "}",
                      st.lists(st.sampled_from(KEYWORD_THEMES), min_size=1, max_size=3,
                               unique=True),
                      st.sampled_from([", ", ",", "; "]))
# keywords and annotation are what syllabib edits most: make them frequent
_field = st.tuples(st.sampled_from(FIELD_NAMES + ["keywords"] * 6 + ["annotation"] * 4),
                   st.integers(0, 3), value, _keywords)


@st.composite
def _entry(draw: st.DrawFn) -> str:
    """One entry (its key left as a mark), one field per line or several per line."""
    kind = draw(st.sampled_from(ENTRY_TYPES))
    fields = draw(st.lists(_field, max_size=7, unique_by=lambda f: f[0]))
    upper, indent, one_line, delimiters, trailing = draw(st.tuples(
        st.booleans(), st.sampled_from(["  ", "\t", "    ", ""]), st.integers(0, 5),
        st.sampled_from([("{", "}"), ("{", "}"), ("(", ")")]), st.booleans()))
    open_, close = delimiters
    lines = []
    for name, pad_width, val, keywords in fields:
        pad = " " * pad_width
        name = name.upper() if upper else name
        val = keywords if name.lower() == "keywords" else val
        lines.append(f"{name}{pad} ={pad or ' '}{val}")
    head = f"@{kind}{open_}{_KEY_MARK},"
    if not lines:
        return head + ("" if one_line == 0 else "\n") + close
    if one_line == 0:
        return head + " " + ", ".join(lines) + ("," if trailing else "") + close
    return (head + "\n" + indent + (",\n" + indent).join(lines) + ("," if trailing else "")
            + "\n" + close)


entry = _entry()
_free_word = st.sampled_from(["Some", "notes", "here", "Ünïcode", "text", "about", "this",
                              "file", "-- ", "%", "#", "!", "(", ")", "2024", "\t"])
free_text = st.lists(_free_word, min_size=1, max_size=8).map(" ".join)
between = st.one_of(
    st.integers(1, 3).map(lambda n: "\n" * n),
    free_text.map(lambda t: "\n% " + t + "\n\n"),
    free_text.map(lambda t: "\n" + t + "\n\n"),
    _braced_text.map(lambda t: "\n@comment{" + t + "}\n\n"),
    st.just("\n@preamble{\"\\newcommand{\\noop}[1]{}\"}\n\n"),
)
"""What may stand between two blocks: blank lines, comments, @comment, @preamble."""


def _apply_newlines(text: str, style: str, choices: list[bool]) -> str:
    if style == "\n":
        return text
    if style == "\r\n":
        return text.replace("\n", "\r\n")
    lines = text.split("\n")
    out = [line + ("\r\n" if choices[i % len(choices)] else "\n") for i, line in enumerate(lines[:-1])]
    return "".join(out) + lines[-1]


@st.composite
def bib_file(draw: st.DrawFn, min_entries: int = 1, max_entries: int = 5) -> GeneratedFile:
    """A whole valid .bib file."""
    macros = draw(st.lists(st.tuples(st.sampled_from(MACROS), value, between),
                           max_size=3, unique_by=lambda m: m[0]))
    keys = draw(st.lists(_key, min_size=min_entries, max_size=max_entries, unique_by=str.lower))
    blocks = draw(st.lists(st.tuples(entry, between), min_size=len(keys), max_size=len(keys)))
    opening, trailing_ws, ending, newline, choices, bom = draw(st.tuples(
        st.one_of(st.just(""), free_text.map(lambda t: t + "\n\n")),
        st.sampled_from([0, 0, 0, 1, 3]), st.sampled_from(["keep", "keep", "none", "spaces"]),
        st.sampled_from(["\n", "\n", "\r\n", "mixed"]),
        st.lists(st.booleans(), min_size=1, max_size=5), st.booleans()))
    parts = [opening]
    for name, val, gap in macros:
        parts += [f"@string{{{name} = {val}}}", gap]
    for key, (text, gap) in zip(keys, blocks):
        parts += [text.replace(_KEY_MARK, key), gap]
    text = "".join(parts).replace(",\n", ",  \n", trailing_ws)
    if ending == "none":
        text = text.rstrip("\n")
    elif ending == "spaces":
        text = text.rstrip("\n") + "\n  \t"
    data = _apply_newlines(text, newline, choices).encode("utf-8")
    return GeneratedFile(BOM + data if bom else data, tuple(keys), newline)
