"""Capitals a style will change: unbraced acronyms in titles, organisations split as people."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import Diagnostic
from ..library import Library
from ..names import parse_name, split_names
from .codes import diagnostic
from .fields import each_field

TITLES = frozenset({"title", "subtitle"})
# Types whose title BibTeX's standard styles (plain, abbrv, alpha, unsrt) pass through
# change.case$ ("t"); book-like titles are printed as written, so they are not checked.
CASE_CHANGED = frozenset({"article", "inproceedings", "conference", "incollection", "misc",
                          "techreport", "report", "unpublished", "mastersthesis", "booklet",
                          "online", "electronic", "www", "thesis"})
PEOPLE = frozenset({"author", "editor"})
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_DOTTED = re.compile(r"(?<![^\W_])(?:[A-Z]\.){2,}")
_INTERCAPS = re.compile(r"[a-z][A-Z]")
_CORPORATE = frozenset("""
    Organization Organisation Organizations Organisations Association Associations Institute
    Institut Institution Institutions Society Council Agency Department Ministry Commission
    Committee Bureau Office Foundation Center Centre Corporation Inc Inc. Ltd Ltd. LLC GmbH
    Company University Universität Université College Board Federation Union Network Alliance
    Coalition Consortium Authority Police Government Nations Programme Project Group Services
    Laboratory Laboratories Academy Parliament Secretariat Congress Initiative Partnership
    Taskforce Directorate Administration Assembly Observatory Collaboration Forum Bank Unit
    Team Agencies Ministries Departments Councils Societies
""".split())
_JOINING = frozenset({"of", "for", "on", "and", "&", "\\&"})


def masked(value: str) -> str:
    """`value` with everything a case change cannot touch blanked: braced groups, math, commands."""
    out: list[str] = []
    depth, math, i = 0, False, 0
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            m = re.match(r"\\(?:[A-Za-z]+|.)", value[i:], re.DOTALL)
            step = len(m.group()) if m else 1
            out.append(" " * step)
            i += step
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        elif ch == "$":
            math = not math
        out.append(ch if depth == 0 and not math and ch not in "{}$" else " ")
        i += 1
    return "".join(out)


def exposed_capitals(value: str) -> tuple[list[str], bool]:
    """Unbraced words a sentence-case style would lower (acronyms, inner capitals, U.S.),
    and whether the whole value is written in capitals."""
    text = masked(value)
    words = [w for w in _WORD.findall(text) if sum(c.isalpha() for c in w) >= 2]
    found = [w for w in words if _shouted(w) or _INTERCAPS.search(w)]
    found += _DOTTED.findall(text)
    shouting = len(words) >= 3 and sum(_shouted(w) for w in words) >= 0.6 * len(words)
    return list(dict.fromkeys(found)), shouting


def _shouted(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def unprotected_acronyms(library: Library) -> Iterator[Diagnostic]:
    """`unprotected-acronym`: capitals in a title that a sentence-case style would lower."""
    for entry, field in each_field(library, TITLES):
        if entry.entry_type not in CASE_CHANGED or not any(c.isupper() for c in field.value[1:]):
            continue
        words, shouting = exposed_capitals(field.value)
        if shouting:
            yield diagnostic("unprotected-acronym", field.location,
                             f"'{entry.key}': {field.name} is written in capitals; a style that "
                             "changes case will lower all of it",
                             "write it in title case, with braces only around acronyms: {WHO}")
        elif words:
            shown = ", ".join(words[:6]) + (" …" if len(words) > 6 else "")
            yield diagnostic("unprotected-acronym", field.location,
                             f"'{entry.key}': {field.name}: {shown} would be lowered by a "
                             "sentence-case style", "brace them: "
                             + ", ".join("{" + w + "}" for w in words[:3]))


def corporate_names(value: str) -> list[str]:
    """The names of a name list that look like organisations but are not braced as one."""
    found = []
    for raw in split_names(value):
        parsed = parse_name(raw)
        if parsed.literal or not parsed.given or _depth0_comma(raw):
            continue  # braced, or no given name to abbreviate: printed as written
        words = [re.sub(r"[(),.]", "", t) for t in masked_braces(raw).replace("~", " ").split()]
        if any(w in _CORPORATE for w in words) or (len(words) >= 3 and _JOINING & set(words[1:-1])):
            found.append(raw)
    return found


def masked_braces(raw: str) -> str:
    """`raw` with braced groups collapsed to one placeholder word each."""
    out, depth = [], 0
    for ch in raw:
        if ch == "{":
            if depth == 0:
                out.append("\x00")
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def _depth0_comma(raw: str) -> bool:
    return "," in masked_braces(raw)


def unbraced_corporate_authors(library: Library) -> Iterator[Diagnostic]:
    """`unbraced-corporate-author`: an organisation that BibTeX would split into given and family."""
    for entry, field in each_field(library, PEOPLE):
        for name in corporate_names(field.value):
            parsed = parse_name(name)
            yield diagnostic("unbraced-corporate-author", field.location,
                             f"'{entry.key}': {field.name} '{name}' would be read as a person "
                             f"(family name '{parsed.family}', given '{parsed.given}')",
                             f"brace the whole name: {{{name}}}"
                             + (f" — {field.name} = {{{{{name}}}}}" if name == field.value.strip()
                                else ""))
