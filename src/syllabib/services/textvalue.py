"""Prose typed by a user, made safe to store as a BibTeX value."""

from __future__ import annotations

import re

from ..bibstyle import balanced
from ..errors import UsageError

_SPECIAL = re.compile(r"(?<!\\)([&%$#_])")


def prose_to_bibtex(text: str) -> str:
    """Escape LaTeX's special characters in plain prose; braces must balance."""
    value = _SPECIAL.sub(r"\\\1", text.strip())
    value = re.sub(r"\n{3,}", "\n\n", value.replace("\r\n", "\n"))
    if not balanced(value):
        raise UsageError("unbalanced braces in the text", hint="every '{' needs a '}'")
    return value
