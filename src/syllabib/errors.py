"""One error root for everything a user can get wrong, plus diagnostics as data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Documented exit codes (README, "Exit codes").
EXIT_OK = 0
EXIT_PROBLEMS = 1  # the command ran and reports problems (e.g. skipped entries)
EXIT_USAGE = 2  # bad arguments, bad query syntax
EXIT_BAD_INPUT = 3  # malformed BibTeX/TOML, a write refused by validation
EXIT_NOT_FOUND = 4  # no library, unknown key, missing file
EXIT_CONFLICT = 5  # duplicate key, concurrent change, lock timeout
EXIT_IO = 6  # the operating system refused a read or write


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file: path, 1-based line and optional 1-based column."""

    path: Path | str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = str(self.path)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found while reading, reported compiler-style."""

    location: Location
    code: str
    message: str
    hint: str | None = None
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        return f"{self.location}: {self.code}: {self.message}"


class SyllabibError(Exception):
    """A user-facing error: a message, where it happened, and a hint."""

    exit_code = EXIT_BAD_INPUT

    def __init__(
        self, message: str, location: Location | None = None, hint: str | None = None,
        diagnostics: tuple[Diagnostic, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint
        self.diagnostics = diagnostics  # every problem found, the first being this one

    @classmethod
    def collected(cls, problems: list[Diagnostic]) -> SyllabibError:
        """One error that reports every problem, led by the first."""
        first = problems[0]
        return cls(first.message, first.location, first.hint, tuple(problems))

    def __str__(self) -> str:
        prefix = f"{self.location}: " if self.location else ""
        return prefix + self.message


class UsageError(SyllabibError):
    """The command was called in a way that cannot work."""

    exit_code = EXIT_USAGE


class QuerySyntaxError(UsageError):
    """A query that does not parse; carries the 1-based column of the problem."""

    def __init__(self, message: str, query: str, column: int, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.query = query
        self.column = column

    def caret(self) -> str:
        """The query with a caret under the offending column."""
        return f"{self.query}\n{' ' * (self.column - 1)}^"


class BibSyntaxError(SyllabibError):
    """Malformed BibTeX or TOML; carries every diagnostic that was found."""

    exit_code = EXIT_BAD_INPUT


class NotFoundError(SyllabibError):
    """A library, file or citation key that does not exist."""

    exit_code = EXIT_NOT_FOUND


class ConflictError(SyllabibError):
    """A duplicate key, or a file changed by someone else."""

    exit_code = EXIT_CONFLICT


class StorageError(SyllabibError):
    """The operating system refused a read or a write."""

    exit_code = EXIT_IO
