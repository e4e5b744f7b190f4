"""Identifiers: DOI form, ISBN and ISSN check digits, URL form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from ..errors import Diagnostic
from ..library import Library
from .codes import diagnostic
from .fields import each_field, unbraced

_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_LINK = re.compile(r"(?i)^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)")
_ESCAPED = re.compile(r"\\([_%#&$~])")
_ISBN_LABEL = re.compile(r"(?i)\bISBN(?:-1[03])?:?")
_QUALIFIER = re.compile(r"\([^()]*\)")
_LIST_SEP = re.compile(r"[;,]|\s+(?:and|or)\s+|\s{2,}")
_ISSN = re.compile(r"(\d{4})-?(\d{3}[\dXx])")
_SCHEMES = {"http", "https", "ftp", "ftps", "sftp", "file", "mailto", "gopher", "news", "urn",
            "doi", "hdl", "info", "s3", "git", "ssh", "svn", "data"}
_NEEDS_HOST = {"http", "https", "ftp", "ftps", "sftp", "gopher"}


def normalize_doi(value: str) -> str:
    """A DOI without link prefix, braces or escapes, lower-cased (DOIs are case-insensitive)."""
    text = _ESCAPED.sub(r"\1", unbraced(value))
    return _DOI_LINK.sub("", text).strip().lower()


def doi_problem(value: str) -> tuple[str, str, str] | None:
    """(code, message, hint) when `value` is not one bare DOI, else None."""
    text = _ESCAPED.sub(r"\1", unbraced(value))
    bare = _DOI_LINK.sub("", text).strip()
    if not _DOI.fullmatch(bare):
        return ("bad-doi", f"'{text}' is not a DOI", "a DOI reads 10.NNNN/suffix, e.g. 10.1177/0886260")
    if bare != text:
        return ("doi-link", f"the DOI is written as a link ('{text}'): biblatex links to https://doi.org/https://doi.org/…",
                f"write doi = {{{bare}}}")
    return None


def bad_dois(library: Library) -> Iterator[Diagnostic]:
    """`bad-doi`: a doi field that is not one DOI; `doi-link`: one written as a link."""
    for entry, field in each_field(library, frozenset({"doi"})):
        problem = doi_problem(field.value)
        if problem:
            yield diagnostic(problem[0], field.location, f"'{entry.key}': {problem[1]}", problem[2])


def isbn_parts(value: str) -> list[str]:
    """The ISBNs in a field (several may be listed), digits and X only."""
    text = _QUALIFIER.sub(" ", _ISBN_LABEL.sub(" ", unbraced(value)))
    parts = (re.sub(r"[\s\-‐–.]", "", p) for p in _LIST_SEP.split(text))
    return [p.upper() for p in parts if p]


def isbn_valid(isbn: str) -> bool:
    """True for an ISBN-10 or ISBN-13 with the right check digit."""
    if re.fullmatch(r"\d{9}[\dX]", isbn):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(isbn))
        return total % 11 == 0
    if re.fullmatch(r"97[89]\d{10}", isbn):
        total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(isbn))
        return total % 10 == 0
    return False


def isbn13(isbn: str) -> str:
    """An ISBN-10 as its ISBN-13 (978 prefix, new check digit); an ISBN-13 unchanged."""
    if len(isbn) != 10:
        return isbn
    body = "978" + isbn[:9]
    check = (10 - sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body)) % 10) % 10
    return body + str(check)


def bad_isbns(library: Library) -> Iterator[Diagnostic]:
    """`bad-isbn`: an ISBN with a wrong length, character or check digit."""
    for entry, field in each_field(library, frozenset({"isbn"})):
        for isbn in isbn_parts(field.value):
            if not isbn_valid(isbn):
                yield diagnostic("bad-isbn", field.location,
                                 f"'{entry.key}': ISBN '{isbn}' {_isbn_why(isbn)}",
                                 "copy the ISBN again from the book or the publisher's page")


def _isbn_why(isbn: str) -> str:
    if re.fullmatch(r"\d{9}[\dX]|97[89]\d{10}", isbn):
        return "has a wrong check digit"
    return "is not 10 or 13 digits (978/979…)"


def issn_valid(issn: str) -> bool:
    """True for NNNN-NNNC with the right check digit (C may be X)."""
    m = _ISSN.fullmatch(issn)
    if not m:
        return False
    digits = (m.group(1) + m.group(2)).upper()
    total = sum((8 - i) * int(c) for i, c in enumerate(digits[:7]))
    check = (11 - total % 11) % 11
    return digits[7] == ("X" if check == 10 else str(check))


def bad_issns(library: Library) -> Iterator[Diagnostic]:
    """`bad-issn`: an ISSN with a wrong form or check digit."""
    for entry, field in each_field(library, frozenset({"issn"})):
        text = _QUALIFIER.sub(" ", unbraced(field.value))
        for issn in (p.strip() for p in _LIST_SEP.split(text)):
            if issn and not issn_valid(issn):
                yield diagnostic("bad-issn", field.location,
                                 f"'{entry.key}': ISSN '{issn}' is not valid (form NNNN-NNNN, "
                                 "last digit a check digit)", "copy it again from the journal")


def url_problem(value: str) -> tuple[str, str] | None:
    """(message, hint) when `value` is not one usable URL, else None."""
    text = value.strip()
    if text.startswith("\\url"):
        return ("the url field holds \\url{…}", "write only the address: url = {https://…}")
    several = [p for p in re.split(r"[\s;,]+", text) if "://" in p]
    if len(several) > 1:
        return (f"the url field holds {len(several)} addresses", "keep one in url; move the "
                "others to a note, or to separate entries")
    if re.search(r"\s", text):
        return (f"'{text}' contains spaces", "remove the line break or space, or write it as %20")
    parts = urlsplit(text)
    if parts.scheme.lower() not in _SCHEMES:
        return (f"'{text}' has no scheme such as https://", f"write url = {{https://{text}}}"
                if "." in text.split("/")[0] else "write the full address, e.g. https://…")
    if parts.scheme.lower() in _NEEDS_HOST and not parts.netloc:
        return (f"'{text}' has no host", "write the full address, e.g. https://example.org/…")
    return None


def bad_urls(library: Library) -> Iterator[Diagnostic]:
    """`bad-url`: a url field without scheme and host, with spaces, or wrapped in \\url."""
    for entry, field in each_field(library, frozenset({"url"})):
        problem = url_problem(field.value)
        if problem:
            yield diagnostic("bad-url", field.location, f"'{entry.key}': {problem[0]}", problem[1])
