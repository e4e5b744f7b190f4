"""CSL citation collapsing (citeproc-py has none): the plan for one citation's cites.

`collapse="citation-number"`: three or more consecutive numbers print as a range
(`[1]–[3], [5]`); a repeated number starts a new run (`1,2,2–4`). `collapse="year"`:
adjacent cites with the same rendered names print the names once (`(Doe, 2000, 2001a)`);
`year-suffix` also prints a repeated year once (`Doe 2000a, b`) and `year-suffix-ranged`
makes three or more consecutive suffixes a range (`2000a–c`). Cites are grouped only when
adjacent (after the citation's sort), as citeproc-js groups them.

This module plans only: which cites join, with which delimiters; the compat layer renders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

RANGE = "\u2013"


@dataclass(frozen=True)
class Options:
    """The collapse attributes of a cs:citation, defaults resolved."""

    mode: str  # citation-number, year, year-suffix or year-suffix-ranged
    delimiter: str  # between cites (cs:layout)
    group: str  # between the cites of one author group (cite-group-delimiter)
    after: str  # after a collapsed group or range (after-collapse-delimiter)
    suffixes: str  # between year suffixes (year-suffix-delimiter)


def options_of(citation: Any, delimiter: str) -> Options | None:
    """The collapse options of a cs:citation element (None without `collapse`)."""
    mode = citation.get("collapse")
    if mode not in ("citation-number", "year", "year-suffix", "year-suffix-ranged"):
        return None
    if mode != "year" and citation.get("disambiguate-add-year-suffix") != "true":
        mode = "year" if mode != "citation-number" else mode
    group = citation.get("cite-group-delimiter", ", " if mode == "year" else delimiter)
    return Options(mode, delimiter, group, citation.get("after-collapse-delimiter", delimiter),
                   citation.get("year-suffix-delimiter", delimiter))


@dataclass(frozen=True)
class Piece:
    """One printed part of a citation: `delimiter` before it, then cites `first`..`last`
    (a range when they differ), each cite printed `full`, without names (`bare`) or as
    its year suffix alone (`suffix`)."""

    delimiter: str
    first: int
    last: int
    form: str = "full"


def number_ranges(numbers: Sequence[int | None], options: Options) -> list[Piece]:
    """Pieces for numeric cites: runs of three or more consecutive numbers as ranges."""
    pieces: list[Piece] = []
    start, ranged = 0, False
    while start < len(numbers):
        end = start
        while (end + 1 < len(numbers) and numbers[end] is not None
               and numbers[end + 1] == numbers[end] + 1):  # type: ignore[operator]
            end += 1
        delimiter = "" if not pieces else options.after if ranged else options.delimiter
        ranged = end - start >= 2
        pieces.append(Piece(delimiter, start, end if ranged else start))
        start = end + 1 if ranged else start + 1
    return pieces


def author_groups(names: Sequence[str | None]) -> list[list[int]]:
    """Indexes of adjacent cites with the same rendered names (none: a group alone)."""
    groups: list[list[int]] = []
    for index, name in enumerate(names):
        if groups and name is not None and names[groups[-1][-1]] == name:
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def year_pieces(groups: Sequence[Sequence[int]], years: Sequence[tuple[str, str] | None],
                options: Options) -> list[Piece]:
    """Pieces for author groups; `years[i]` is (year, suffix letter) of cite i when its
    cite without names ends in its year suffix (None otherwise)."""
    pieces: list[Piece] = []
    collapsed = False
    for group in groups:
        delimiter = "" if not pieces else options.after if collapsed else options.delimiter
        collapsed = len(group) > 1
        pieces.append(Piece(delimiter, group[0], group[0]))
        runs = _same_year_runs(group, years) if options.mode != "year" else [[i] for i in group]
        for n, run in enumerate(runs):
            if n:
                pieces.append(Piece(options.group, run[0], run[0], "bare"))
            pieces += _suffix_pieces(run, years, options)
    return pieces


def _same_year_runs(group: Sequence[int], years: Sequence[tuple[str, str] | None]
                    ) -> list[list[int]]:
    """The group's cites in runs that share a year (and carry year suffixes)."""
    runs: list[list[int]] = []
    for index in group:
        year = years[index]
        if runs and year is not None and years[runs[-1][-1]] is not None \
                and years[runs[-1][-1]][0] == year[0]:  # type: ignore[index]
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def _suffix_pieces(run: Sequence[int], years: Sequence[tuple[str, str] | None],
                   options: Options) -> list[Piece]:
    """After a run's first cite (printed in full or bare): the others as their year
    suffixes; `year-suffix-ranged` prints three or more consecutive letters, counted from
    the first cite, as a range (`2000a–e`, `2000a,c–e`)."""
    if options.mode != "year-suffix-ranged":
        return [Piece(options.suffixes, i, i, "suffix") for i in run[1:]]
    pieces: list[Piece] = []
    start = 0
    while start < len(run):
        end = start
        while end + 1 < len(run) and _next_letter(years[run[end]], years[run[end + 1]]):
            end += 1
        if start:
            pieces.append(Piece(options.suffixes, run[start], run[start], "suffix"))
        if end - start >= 2:
            pieces.append(Piece(RANGE, run[end], run[end], "suffix"))
            start = end + 1
        else:
            start += 1
    return pieces


def _next_letter(a: tuple[str, str] | None, b: tuple[str, str] | None) -> bool:
    """True when suffix b follows suffix a (`a` → `b`)."""
    return bool(a and b and len(a[1]) == len(b[1]) == 1 and ord(b[1]) == ord(a[1]) + 1)
