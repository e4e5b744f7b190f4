"""Finding the library and reading `syllabib.toml` (flag > environment > file > defaults)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import BibSyntaxError, Location, NotFoundError

CONFIG_NAME = "syllabib.toml"
STATE_DIR = ".syllabib"
ENV_LIBRARY = "SYLLABIB_LIBRARY"
_KNOWN = {"default_file", "style", "locale", "ignore", "key_pattern"}
DEFAULT_KEY_PATTERN = "{author}{year}{title}"  # interchange/keys.py: ward1999child


@dataclass(frozen=True, slots=True)
class Config:
    """Settings of one library."""

    default_file: str | None = None  # relative to the library root, e.g. "bib/library.bib"
    style: str = "apa"
    locale: str = "en-US"
    ignore: tuple[str, ...] = ()  # check codes to silence
    key_pattern: str = DEFAULT_KEY_PATTERN  # keys of imported entries


def state_dir(root: Path) -> Path:
    """Where the lock, the caches and the index live (safe to delete)."""
    return root / STATE_DIR


def find_root(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """The library root: `--library`, then $SYLLABIB_LIBRARY, then the nearest folder with bib/."""
    if explicit is not None:
        return _checked(explicit, "--library")
    env = os.environ.get(ENV_LIBRARY)
    if env:
        return _checked(Path(env), ENV_LIBRARY)
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "bib").is_dir():
            return folder
    raise NotFoundError(f"no library here: no bib/ folder in {here} or above",
                        hint="create one with `syllabib init`, or pass --library DIR")


def _checked(path: Path, source: str) -> Path:
    path = path.expanduser().resolve()
    if not (path / "bib").is_dir():
        raise NotFoundError(f"{source} points to {path}, which has no bib/ folder",
                            hint=f"create one with `syllabib init {path}`")
    return path


def toml_error(exc: Exception, path: Path) -> BibSyntaxError:
    """A TOML syntax error as `file:line:column: message`."""
    import re

    text = str(exc)
    m = re.search(r"\(at line (\d+), column (\d+)\)", text)
    message = re.sub(r"\s*\(at line \d+, column \d+\)", "", text)
    where = Location(path, int(m.group(1)), int(m.group(2))) if m else Location(path)
    return BibSyntaxError(f"not valid TOML: {message}", where, hint="see https://toml.io")


def load_config(root: Path) -> Config:
    """The library's `syllabib.toml`, or defaults when it has none."""
    path = root / CONFIG_NAME
    if not path.exists():
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(exc, path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BibSyntaxError(f"cannot read: {exc}", Location(path)) from None
    table = data.get("library", {})
    unknown = sorted(set(table) - _KNOWN)
    if unknown:
        raise BibSyntaxError(f"unknown setting(s) in [library]: {', '.join(unknown)}",
                             Location(path), hint=f"known: {', '.join(sorted(_KNOWN))}")
    pattern = str(table.get("key_pattern", DEFAULT_KEY_PATTERN))
    _check_key_pattern(pattern, path)
    return Config(
        default_file=table.get("default_file"),
        style=table.get("style", "apa"),
        locale=table.get("locale", "en-US"),
        ignore=tuple(table.get("ignore", ())),
        key_pattern=pattern,
    )


def _check_key_pattern(pattern: str, path: Path) -> None:
    """A `key_pattern` that cannot make keys is refused when the config is read."""
    from .interchange.keys import pattern_problem

    problem = pattern_problem(pattern)
    if problem:
        raise BibSyntaxError(f"key_pattern {pattern!r}: {problem}", Location(path),
                             hint='e.g. key_pattern = "{author}{year}{title}"')


DEFAULT_CONFIG = """\
# syllabib settings for this library (all optional)
[library]
# default_file = "bib/library.bib"   # where `add` and `import` put new entries
# style = "apa"                       # CSL style for `format` and reading lists
# locale = "en-US"
# key_pattern = "{author}{year}{title}"  # keys of imported entries: ward1999child
"""
