"""The line `syllabib list` prints for each entry when its output is piped (no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SORTS = ("key", "year", "year-desc", "author", "title", "file")  # what `list --sort` takes


def tsv_line(row: Mapping[str, Any]) -> str:
    """Key, authors, year, title, themes and `*` when annotated, tab-separated, with a newline."""
    return "\t".join([row["key"], row["authors"], str(row["year"] or ""), row["title"],
                      ",".join(row["themes"]), "*" if row["annotated"] else ""]) + "\n"
