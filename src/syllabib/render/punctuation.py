"""Post-processing of rendered HTML at the seams where citeproc-js differs from citeproc-py:
punctuation inside quotes, nested quotes, doubled stops. Pure string functions."""

from __future__ import annotations

import re
from typing import Any

LITERAL = "\ue000"  # marks a period or comma printed by `cs:text value` (see compat.Text)
_TAGS = r"((?:<[^>]+>|\ue000)*)"
_OUTSIDE = re.compile(r"((?:\u2019)?\u201d|\u2019)" + _TAGS + r"([.,])")
_DOUBLE_STOP = re.compile(r"(?<!\.)\." + _TAGS + r"\.(?!\.)")
_STOP_AFTER_MARK = re.compile(r"([?!])" + _TAGS + r"\.(?!\.)")


def punctuation_in_quote(html: str) -> str:
    """CSL `punctuation-in-quote` (en-US): a comma or period after a closing quote moves inside.

    Only punctuation from affixes and delimiters moves; a period printed as text
    (`<text value="."/>`, IEEE after an article's title) stays outside, as in citeproc-js.
    Only a closing double quote, or a single quote that closes a quotation opened with ‘ in the
    same text, counts: an apostrophe (`Pedophiles’,`) stays where it is.
    """
    def move(m: re.Match[str]) -> str:
        quote, tags, mark = m.group(1), m.group(2), m.group(3)
        if LITERAL in tags or (quote == "\u2019" and not _closes_single(html, m.start())):
            return m.group(0)  # text, not an affix or delimiter: citeproc-js leaves it out
        if mark == "." and html[:m.start()].endswith(("?", "!")):
            return f"{quote}{tags}"  # `Theory?”.` → `Theory?”`; a comma stays: `Theory?,”`
        return f"{mark}{quote}{tags}"

    return _OUTSIDE.sub(move, html)


def without_literal_marks(html: str) -> str:
    """The rendered text without the marks of literal punctuation."""
    return html.replace(LITERAL, "")


def _closes_single(html: str, at: int) -> bool:
    """True when the ’ at `at` closes a ‘…’ quotation rather than being an apostrophe."""
    opening = html.rfind("\u2018", 0, at)
    if opening < 0:
        return False
    return not re.search(r"\u2019(?!\w)", html[opening:at])


def flip_nested_quotes(html: str) -> str:
    """Quotes inside quotes alternate, as citeproc-js prints them: “a “b” c” → “a ‘b’ c”."""
    if html.count("\u201c") < 2:
        return html
    out: list[str] = []
    stack: list[str] = []
    in_tag = False
    for ch in html:
        if ch == "<":
            in_tag = True
        elif ch == ">":
            in_tag = False
        elif not in_tag and ch == "\u201c":
            ch = "\u2018" if stack and stack[-1] == "\u201c" else "\u201c"
            stack.append(ch)
        elif not in_tag and ch == "\u201d" and stack:
            ch = "\u2019" if stack.pop() == "\u2018" else "\u201d"
        out.append(ch)
    return "".join(out)


def collapse_seam_punctuation(html: str) -> str:
    """`et al..` → `et al.` and `Theory?.` → `Theory?`: one mark where two affixes meet."""
    html = _DOUBLE_STOP.sub(lambda m: f".{m.group(1)}", html)
    return _STOP_AFTER_MARK.sub(lambda m: f"{m.group(1)}{m.group(2)}", html)


def punctuation_in_quote_enabled(style: Any) -> bool:
    """The locale option `punctuation-in-quote` of a parsed style (false when unset)."""
    try:
        return str(style.root.get_locale_option("punctuation-in-quote")).lower() == "true"
    except (IndexError, AttributeError, KeyError):
        return False
