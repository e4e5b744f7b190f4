"""citeproc-py's HTML output → format-neutral runs (italic, bold, small caps, super/subscript)."""

from __future__ import annotations

from html.parser import HTMLParser

from .model import Run

_FLAGS = {"i": "italic", "em": "italic", "b": "bold", "strong": "bold", "u": "underline",
          "sup": "superscript", "sub": "subscript"}


class _Runs(HTMLParser):
    """Collects text with the formatting of the tags around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str | None] = []
        self.runs: list[Run] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        style = dict(attrs).get("style") or ""
        flag = _FLAGS.get(tag) or ("smallcaps" if "small-caps" in style else None)
        self.stack.append(flag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        flags = {flag: True for flag in self.stack if flag}
        if self.runs and _same(self.runs[-1], flags):
            last = self.runs[-1]
            self.runs[-1] = Run(last.text + data, **flags)
        else:
            self.runs.append(Run(data, **flags))


def _same(run: Run, flags: dict[str, bool]) -> bool:
    """True when `run` carries exactly `flags`."""
    return all(getattr(run, name) == flags.get(name, False) for name in set(_FLAGS.values()) |
               {"smallcaps"})


def html_to_runs(html: str) -> tuple[Run, ...]:
    """The runs of one rendered reference."""
    parser = _Runs()
    parser.feed(html)
    parser.close()
    return tuple(run for run in parser.runs if run.text)
