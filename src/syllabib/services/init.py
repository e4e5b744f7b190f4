"""`syllabib init`: the folders and files of a new library."""

from __future__ import annotations

from pathlib import Path

from ..config import CONFIG_NAME, DEFAULT_CONFIG
from ..errors import StorageError

THEMES_TEMPLATE = """\
# Theme labels and descriptions. Entries carry theme slugs in their `keywords` field;
# `a/b` is the theme `b` under `a`. Example:
#
# [themes."justifications"]
# label = "Justifications"
# description = "How offenders explain their offending."
# order = 1
"""


def init_library(root: Path) -> list[Path]:
    """Create bib/, readinglists/, bib/themes.toml and syllabib.toml; existing files are kept."""
    created: list[Path] = []
    try:
        for folder in (root, root / "bib", root / "readinglists"):
            if not folder.exists():
                folder.mkdir(parents=True)
                created.append(folder)
        for path, content in ((root / "bib" / "themes.toml", THEMES_TEMPLATE),
                              (root / CONFIG_NAME, DEFAULT_CONFIG)):
            if not path.exists():
                path.write_text(content, encoding="utf-8")
                created.append(path)
    except OSError as exc:
        raise StorageError(f"cannot create the library in {root}: {exc.strerror}") from None
    return created
