"""Every `syllabib check` code: its severity and a one-line summary (documented in docs/check-codes.md)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Diagnostic, Location

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Code:
    """A stable diagnostic code."""

    name: str
    severity: str
    summary: str


def _codes(severity: str, table: dict[str, str]) -> dict[str, Code]:
    return {name: Code(name, severity, summary) for name, summary in table.items()}


# Problems of the file layer (bibscan, bibfile, library): the entry or file cannot be trusted.
FILE_CODES = _codes(ERROR, {
    "unreadable-file": "a .bib file is not text syllabib can read (encoding, permissions)",
    "unlocatable-block": "a block could not be located in the file text",
    "bad-block": "'@' not followed by a type and '{'",
    "unclosed-block": "an entry or @string is never closed",
    "space-after-at": "'@ type{' with a space: the whole entry is ignored by BibTeX",
    "stray-field": "a field outside any entry (an extra '}' closed the entry too early)",
    "missing-type": "'@' with no entry type",
    "empty-key": "an entry with an empty citation key",
    "bad-key": "a citation key with a space, brace, quote or '='",
    "missing-comma": "a missing comma after the key or after a value",
    "duplicate-field": "the same field twice in one entry",
    "commented-field": "a '%' line inside an entry (BibTeX does not treat it as a comment)",
    "expected-field": "text inside an entry that is not 'name = value'",
    "bad-field-name": "a field name that is not valid",
    "unbalanced-braces": "a '{' in a value that is never closed",
    "unterminated-quote": "a quoted value that never ends",
    "empty-value": "a field with no value",
    "bad-string": "an @string that is not '@string{name = value}'",
    "string-two-definitions": "one @string defining two macros",
    "duplicate-key": "a citation key used by two entries (in one file or across files)",
})

CODES: dict[str, Code] = {
    **FILE_CODES,
    **_codes(ERROR, {
        "latex-error": "LaTeX that stops LaTeX: unbalanced '$', unescaped '&', '%', '#', '_' or '^'",
        "missing-crossref": "a crossref naming an entry that is not in the library",
        "themes-invalid": "bib/themes.toml is not valid TOML or declares a theme wrongly",
        "list-invalid": "a reading list that is not valid TOML or fails validation",
        "list-unknown-key": "a reading list naming a key that is not in the library",
        "list-repeated-entry": "a reading list placing one entry in two sections",
        "list-unlisted-entry": "a [sections.entries.KEY] table for an entry its section does not select",
    }),
    **_codes(WARNING, {
        "missing-field": "a field the entry type needs to be rendered (journal of an article …)",
        "bad-doi": "a DOI that is not '10.NNNN/suffix'",
        "doi-link": "a DOI written as a link (https://doi.org/…): biblatex doubles the prefix",
        "bad-isbn": "an ISBN with the wrong length or check digit",
        "bad-issn": "an ISSN with the wrong form or check digit",
        "bad-url": "a URL without scheme and host, or with spaces",
        "bad-year": "a year that is not four digits",
        "bad-date": "a date that is not ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD, ranges with '/')",
        "bad-pages": "a page range that runs backwards, or pages written with 'pp.'",
        "unknown-command": "a LaTeX command syllabib cannot decode (printed as its bare name)",
        "unprotected-acronym": "capitals in a title that a style's case change will lower",
        "unbraced-corporate-author": "an organisation as author that BibTeX splits as a person",
        "undeclared-theme": "a theme used in keywords but not declared in bib/themes.toml",
        "unused-theme": "a theme declared in bib/themes.toml that no entry uses",
        "unannotated-in-list": "an entry of an annotated reading list with no annotation",
    }),
}


def diagnostic(code: str, location: Location, message: str, hint: str | None = None) -> Diagnostic:
    """A diagnostic with the severity registered for `code`."""
    return Diagnostic(location, code, message, hint, CODES[code].severity)


def severity_of(code: str) -> str:
    """The severity of `code` (unregistered codes, e.g. new file-layer ones, are errors)."""
    known = CODES.get(code)
    return known.severity if known else ERROR
