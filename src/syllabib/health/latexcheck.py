"""LaTeX in printed fields: what stops LaTeX, and commands syllabib cannot decode."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..errors import Diagnostic
from ..library import Library
from .codes import diagnostic
from .fields import each_field

# Fields a style prints (verbatim fields such as url, doi, file and keywords are left out).
PRINTED = frozenset({
    "author", "editor", "translator", "title", "subtitle", "titleaddon", "booktitle",
    "booksubtitle", "maintitle", "journal", "journaltitle", "journalsubtitle", "eventtitle",
    "publisher", "institution", "school", "organization", "series", "edition", "note",
    "howpublished", "address", "location", "chapter", "volume", "number", "type", "annotation",
    "annote", "addendum", "venue",
})
_TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|\\\Z|[$&%#_^]", re.DOTALL)
_VERBATIM_ARG = re.compile(r"\\(?:url|path|nolinkurl|doi|href)\s*\{[^{}]*\}")
_SELF_NAMED = frozenset({"TeX", "LaTeX", "BibTeX", "ConTeXt", "XeTeX", "LuaTeX", "SliTeX", "TUG",
                         "LaTeXTeX", "eTeX"})
_ARGUMENT = re.compile(r"\s*\{(?!\})")  # `\cmd{arg}` decodes to its argument
_MATH_OPEN, _MATH_CLOSE = "\\(", "\\)"
_WHY = {"&": ("unescaped '&' (LaTeX stops: misplaced alignment tab)", "write \\&"),
        "%": ("unescaped '%' (LaTeX drops the rest of the line)", "write \\%"),
        "#": ("unescaped '#' (LaTeX stops: macro parameter character)", "write \\#"),
        "_": ("'_' outside math (LaTeX stops: missing $)", "write \\_"),
        "^": ("'^' outside math (LaTeX stops: missing $)", "write \\^{} or put it in $…$")}


def scan_latex(value: str) -> tuple[list[str], list[str]]:
    """The LaTeX errors of `value` (codes of `_WHY`, or '$') and the commands used outside math."""
    text = _VERBATIM_ARG.sub("{}", value)
    errors: list[str] = []
    commands: list[str] = []
    math = False
    for m in _TOKEN.finditer(text):
        token = m.group()
        if token == "$" or token in (_MATH_OPEN, _MATH_CLOSE):
            math = not math if token == "$" else token == _MATH_OPEN
        elif token == "\\":
            errors.append("\\")
        elif token[0] == "\\":
            if not math and token[1:2].isalpha() and not _ARGUMENT.match(text, m.end()):
                commands.append(token[1:].rstrip("*"))
        elif not math and token not in errors:
            errors.append(token)
    if math:
        errors.append("$")
    return errors, commands


def latex_errors(library: Library) -> Iterator[Diagnostic]:
    """`latex-error`: printed fields that would stop LaTeX or lose text."""
    for entry, field in each_field(library, PRINTED):
        if not any(c in field.value for c in "$&%#_^\\"):
            continue
        for problem in scan_latex(field.value)[0]:
            message, hint = _WHY.get(problem) or (
                ("unbalanced '$': math mode never ends", "close the math with '$', or write \\$")
                if problem == "$" else ("a lone '\\' at the end", "write \\textbackslash{}"))
            yield diagnostic("latex-error", field.location,
                             f"'{entry.key}': {field.name}: {message}", hint)


def unknown_commands(library: Library) -> Iterator[Diagnostic]:
    """`unknown-command`: commands that syllabib would print as their bare name."""
    for entry, field in each_field(library, PRINTED):
        if "\\" not in field.value:
            continue
        unknown = sorted({c for c in scan_latex(field.value)[1] if not decodable(c)})
        if unknown:
            names = ", ".join("\\" + c for c in unknown)
            yield diagnostic("unknown-command", field.location,
                             f"'{entry.key}': {field.name}: {names} cannot be decoded and would "
                             f"print as {', '.join(repr(c) for c in unknown)}",
                             "write the character itself (UTF-8), or a standard LaTeX command; "
                             "a command with an argument keeps its argument")


@lru_cache(maxsize=4096)
def decodable(name: str) -> bool:
    """True when syllabib turns `\\name` into something other than the bare word `name`."""
    from ..latex import to_unicode

    if name in _SELF_NAMED or to_unicode(f"\\{name}") != name:
        return True
    if sum(c.isupper() for c in name) >= 2:
        return True  # \PDF, \AmSTeX, \LyX: a logo macro printed as its name reads right
    return _pylatexenc_knows(name)


def _pylatexenc_knows(name: str) -> bool:
    from pylatexenc.latex2text import get_default_latex_context_db

    return _context_db(get_default_latex_context_db).get_macro_spec(name) is not None


@lru_cache(maxsize=1)
def _context_db(factory):  # type: ignore[no-untyped-def]
    return factory()
