"""`syllabib check`: every health check over the library, its themes and its reading lists."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ..errors import Diagnostic, Location, SyllabibError, UsageError
from ..health.codes import CODES, ERROR, WARNING, diagnostic, severity_of
from ..library import Library, display_path


@dataclass
class CheckReport:
    """What `check` found: the diagnostics shown, and how many were silenced."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    ignored: int = 0
    files: int = 0
    entries: int = 0
    lists: int = 0

    def count(self, severity: str) -> int:
        """How many shown diagnostics have `severity`."""
        return sum(d.severity == severity for d in self.diagnostics)

    def failed(self, strict: bool = False) -> bool:
        """True when the check fails: any error, or any warning with `strict`."""
        return self.count(ERROR) > 0 or (strict and self.count(WARNING) > 0)


def check_library(library: Library, ignore: Sequence[str] = ()) -> CheckReport:
    """Run every check; `ignore` (plus the library's `ignore` setting) silences codes."""
    silenced = set(validate_codes(ignore, "--ignore")) | set(
        validate_codes(library.config.ignore, "ignore in syllabib.toml"))
    report = CheckReport(files=len(library.files), entries=len(library.entries))
    found = list(_all(library, report))
    report.diagnostics = sorted((d for d in found if d.code not in silenced), key=_order)
    report.ignored = len(found) - len(report.diagnostics)
    return report


def validate_codes(codes: Sequence[str], where: str) -> list[str]:
    """`codes` if each is a known check code; a UsageError naming the closest one otherwise."""
    for code in codes:
        if code not in CODES:
            close = difflib.get_close_matches(code, list(CODES), n=1)
            raise UsageError(f"{where}: unknown check code '{code}'",
                             hint=f"did you mean '{close[0]}'?" if close
                             else "the codes are listed in docs/check-codes.md")
    return list(codes)


def _order(d: Diagnostic) -> tuple[str, int]:
    return str(d.location.path), d.location.line or 0


def _all(library: Library, report: CheckReport) -> Iterator[Diagnostic]:
    from ..health.run import check_entries

    for d in library.diagnostics:
        yield d if d.severity == severity_of(d.code) else Diagnostic(
            d.location, d.code, d.message, d.hint, severity_of(d.code))
    yield from check_entries(library)
    yield from _theme_checks(library)
    yield from _list_checks(library, report)


def _theme_checks(library: Library) -> Iterator[Diagnostic]:
    from ..catalogue import load_catalogue
    from ..health.themecheck import undeclared_themes, unused_themes
    from .themes_ops import catalogue_path

    path = catalogue_path(library.root)
    if not path.exists():
        return  # a library that does not curate themes: nothing to compare against
    shown = display_path(path)
    try:
        declared = load_catalogue(path)
    except SyllabibError as exc:
        yield diagnostic("themes-invalid", exc.location or Location(shown), exc.message, exc.hint)
        return
    yield from undeclared_themes(library, declared, shown)
    yield from unused_themes(library, declared, shown, path.read_text(encoding="utf-8"))


def _list_checks(library: Library, report: CheckReport) -> Iterator[Diagnostic]:
    from ..health.lists import invalid_list, selection_problems, unannotated
    from ..readinglists.loading import load_list
    from .building import lists_dir, select_sections

    folder = lists_dir(library)
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        shown = display_path(path)
        report.lists += 1
        try:
            reading_list = load_list(path)
        except SyllabibError as exc:
            yield from invalid_list(exc, shown)
            continue
        selected = select_sections(library, reading_list)
        yield from selection_problems(selected.problems)
        yield from unannotated(reading_list, selected.sections, f"'{path.stem}'")


def diagnostic_data(d: Diagnostic) -> dict[str, object]:
    """One diagnostic as JSON-ready data."""
    return {"file": str(d.location.path), "line": d.location.line, "column": d.location.column,
            "code": d.code, "severity": d.severity, "message": d.message, "hint": d.hint}


def report_data(report: CheckReport) -> dict[str, object]:
    """The whole report as JSON-ready data (`check --json`)."""
    return {"problems": [diagnostic_data(d) for d in report.diagnostics],
            "errors": report.count(ERROR), "warnings": report.count(WARNING),
            "ignored": report.ignored, "files": report.files, "entries": report.entries,
            "lists": report.lists}
