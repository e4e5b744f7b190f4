"""Find URLs and DOIs in rendered text and turn them into linked runs (shared by every writer)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from urllib.parse import quote

from ..model import Run

# A URL runs to the next whitespace; `doi:10.xxxx/...` is a DOI printed without a resolver.
_LINK = re.compile(r"(?P<url>https?://\S+)|(?P<doi>\bdoi:\s?10\.\d{4,9}/\S+)", re.I)
_TRAILING = ".,;:!?'\"\u2019\u201d\u00bb"
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_SAFE = ":/?#[]@!$&'()*+,;=%~"  # reserved characters stay as they are; `<`, `"`, `\` are encoded
DOI_RESOLVER = "https://doi.org/"


def linkify(runs: Iterable[Run]) -> tuple[Run, ...]:
    """The runs with each URL and `doi:` DOI split out into a run with `link` set (URL-safe)."""
    out: list[Run] = []
    for run in merge(runs):
        out.extend(_split(run) if run.link is None else [replace(run, link=href(run.link))])
    return tuple(out)


def merge(runs: Iterable[Run]) -> tuple[Run, ...]:
    """Adjacent runs with the same formatting joined into one (so a URL is never cut in two)."""
    out: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if out and replace(out[-1], text="") == replace(run, text=""):
            out[-1] = replace(out[-1], text=out[-1].text + run.text)
        else:
            out.append(run)
    return tuple(out)


def href(target: str) -> str:
    """`target` with URL-unsafe characters (spaces, `<`, `"`, `\\`, braces) percent-encoded."""
    return quote(target, safe=_SAFE)


def _split(run: Run) -> list[Run]:
    """One unlinked run cut into plain and linked pieces."""
    pieces: list[Run] = []
    start = 0
    for match in _LINK.finditer(run.text):
        text = _trim(match.group(0))
        target = DOI_RESOLVER + text[4:].lstrip() if match.group("doi") else text
        if match.start() > start:
            pieces.append(replace(run, text=run.text[start : match.start()]))
        pieces.append(replace(run, text=text, link=href(target)))
        start = match.start() + len(text)
    if start < len(run.text):
        pieces.append(replace(run, text=run.text[start:]))
    return pieces


def _trim(url: str) -> str:
    """A matched URL without the sentence punctuation or wrapper that follows it."""
    url = _cut_at_unopened(url, "<", ">")
    while url:
        last = url[-1]
        if last in _TRAILING:
            url = url[:-1]
        elif last in _CLOSERS and url.count(last) > url.count(_CLOSERS[last]):
            url = url[:-1]
        else:
            break
    return url


def _cut_at_unopened(url: str, opener: str, closer: str) -> str:
    """`url` up to the first `closer` that no `opener` inside it balances (`<http://x>`)."""
    depth = 0
    for index, char in enumerate(url):
        if char == opener:
            depth += 1
        elif char == closer:
            if depth == 0:
                return url[:index]
            depth -= 1
    return url
