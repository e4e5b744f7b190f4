"""CSL-JSON items + a style + a locale → a Bibliography or citations, through citeproc-py."""

from __future__ import annotations

import copy
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ..errors import NotFoundError, UsageError
from .locales import resolve_locale
from .markup import html_to_runs
from .model import Bibliography, Layout, Reference, Run, runs_text
from .styles import StyleRef, find_style

CSLItem = dict[str, Any]
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\n]{2,}")


def _citeproc() -> Any:
    """citeproc-py with syllabib's compatibility classes installed (imported on first use)."""
    from . import compat  # noqa: F401  (defines the replacement element classes)
    import citeproc

    return citeproc


@lru_cache(maxsize=16)
def _style(path: str, locale: str) -> Any:
    """A parsed style (parsing a big style takes ~50 ms: kept per process)."""
    citeproc = _citeproc()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return citeproc.CitationStylesStyle(path, locale=locale, validate=False)


def style_and_locale(style: str | StyleRef, locale: str | None) -> tuple[StyleRef, str]:
    """Resolve a style name and a locale (default: the style's default locale, else en-US)."""
    ref = style if isinstance(style, StyleRef) else find_style(style)
    if locale:
        return ref, resolve_locale(locale)  # the user's choice: unknown is an error
    return ref, _style_default_locale(ref.default_locale)


def _style_default_locale(tag: str | None) -> str:
    """A style's default-locale, or its language's main locale (`en-US-x-sort-…` → en-US)."""
    for candidate in (tag, "-".join((tag or "").split("-")[:2]), (tag or "").split("-")[0]):
        if candidate:
            try:
                return resolve_locale(candidate)
            except NotFoundError:
                continue
    return "en-US"


class _Session:
    """Items registered with citeproc-py under synthetic ids (it lower-cases ids)."""

    def __init__(self, items: Sequence[CSLItem], ref: StyleRef, locale: str) -> None:
        citeproc = _citeproc()
        from citeproc.source.json import CiteProcJSON

        self.keys = [str(item["id"]) for item in items]
        self.ids = {key: f"item{n}" for n, key in enumerate(self.keys)}
        self.keys_by_id = {v: k for k, v in self.ids.items()}
        from .compat import adopt

        source = adopt(CiteProcJSON([dict(_clean(item), id=self.ids[str(item["id"])])
                                     for item in items]))
        self.style = _style(str(ref.path), locale)
        self.bib = citeproc.CitationStylesBibliography(self.style, source,
                                                       citeproc.formatter.html)
        for key in self.keys:
            self.bib.register(self.citation([key]))
        if self.style.root.bibliography is not None:
            self.bib.sort()

    def cite_text(self, key: str) -> str:
        """One item's in-text citation, as citeproc-py renders it (HTML)."""
        one = self.citation([key])
        self.bib.register(one)
        text = str(self.bib.cite(one, lambda item: None))
        self.bib._cites.clear()  # a probe is no citation: later cites stay "first" (CSL position)
        return text

    def mark_ambiguous(self, keys: Iterable[str]) -> None:
        """Make `cs:if disambiguate="true"` hold for these items (see compat.If)."""
        from .compat import AMBIGUOUS

        for key in keys:
            dict.__setitem__(self.reference(key), AMBIGUOUS, True)

    def reference(self, key: str) -> Any:
        """The citeproc-py reference of an item."""
        return self.bib.source[self.ids[key]]

    def probe(self, key: str) -> tuple[str, list[Any]]:
        """One item's citation and the name lists it renders (disambiguate.NameSet)."""
        from .compat import recording

        with recording() as namesets:
            text = self.cite_text(key)
        return text, namesets

    def attach(self, key: str) -> Any:
        """The item's disambiguation state, attached to its reference (see compat.Name)."""
        from .compat import DISAMBIGUATION
        from .disambiguate import ItemState

        reference = self.reference(key)
        state = dict.get(reference, DISAMBIGUATION)
        if state is None:
            state = ItemState()
            dict.__setitem__(reference, DISAMBIGUATION, state)
        return state

    def set_year_suffixes(self, letters: dict[str, str]) -> None:
        """Give items the `year-suffix` variable."""
        for key, letter in letters.items():
            dict.__setitem__(self.reference(key), "year_suffix",
                             self.bib.source.parse_string(letter))

    def bibliography_order(self) -> list[str]:
        """Item keys in bibliography order (registration order without a cs:sort)."""
        return [self.keys_by_id[item.key] for item in self.bib.items]

    def citation(self, keys: Sequence[str]) -> Any:
        """A citeproc-py citation of `keys`."""
        citeproc = _citeproc()
        return citeproc.Citation([citeproc.CitationItem(self.ids[k]) for k in keys])


def _disambiguated(items: Sequence[CSLItem], ref: StyleRef, locale: str) -> _Session:
    """A sorted session with CSL disambiguation applied (citeproc-py has none): given names
    and hidden names shown where they tell cites apart, then `cs:if disambiguate="true"`,
    then year suffixes (see disambiguate)."""
    from . import disambiguate as dis

    session = _Session(items, ref, locale)
    rules = dis.rules_of(session.style)
    if not rules.active:
        return session
    buckets = dis.collision_buckets(items)
    registry = dis.name_registry(items, rules) if rules.global_names else {}
    probed = {key for bucket in buckets for key in bucket} | dis.name_suspects(items, registry)
    texts, namesets = {}, {}
    for key in probed:
        texts[key], namesets[key] = session.probe(key)
    states = {key: session.attach(key) for key in probed}
    for key, givens in dis.global_levels(namesets, registry, rules).items():
        states[key].givens.update(givens)
        texts[key] = session.cite_text(key)
    resolver = dis.Resolver(session.cite_text, states, namesets, rules)
    ambiguous = [part for bucket in buckets for group in _alike(bucket, texts)
                 for part in resolver.resolve(group)]
    if ambiguous and rules.condition:
        session.mark_ambiguous(key for group in ambiguous for key in group)
        ambiguous = [p for group in ambiguous for p in resolver.split(group) if len(p) > 1]
    if ambiguous and rules.year_suffix:
        session.set_year_suffixes(dis.year_suffixes(ambiguous, session.bibliography_order()))
    return session


def _alike(keys: Sequence[str], texts: dict[str, str]) -> list[list[str]]:
    """The keys whose cites render alike, in groups of two or more."""
    by_text: dict[str, list[str]] = {}
    for key in keys:
        by_text.setdefault(texts[key], []).append(key)
    return [group for group in by_text.values() if len(group) > 1]


def _clean(item: CSLItem) -> CSLItem:
    """What citeproc-py 0.11.1 can read: no CSL 1.0.2-only variables it would choke on."""
    out = copy.deepcopy(item)
    out.pop("id", None)
    for name in ("annote", "abstract", "container-title-short", "original-language"):
        out.pop(name, None)
    for name in ("issued", "accessed", "event-date", "original-date"):
        value = out.get(name)
        if isinstance(value, dict) and not value.get("date-parts") and not value.get("literal"):
            out.pop(name)
    return {k.replace("title-short", "shortTitle"): v for k, v in out.items()}


def render_bibliography(items: Sequence[CSLItem], style: str | StyleRef,
                        locale: str | None = None, annotated: bool = False,
                        annotations: dict[str, str] | None = None) -> Bibliography:
    """The style's bibliography of `items` (registered in their order)."""
    ref, locale = style_and_locale(style, locale)
    if ref.annotates:  # the style prints CSL `note` as the annotation: we print it, once
        items = [{k: v for k, v in item.items() if k != "note"} for item in items]
        annotated = True
    _check_ids(items)
    session = _disambiguated(items, ref, locale)
    if session.style.root.bibliography is None:
        raise UsageError(f"style '{ref.id}' has no bibliography", hint="choose another style")
    rendered = session.bib.bibliography()
    notes = annotations if annotations is not None else {
        str(i["id"]): _TAGS.sub("", i["annote"]) for i in items if i.get("annote")}
    tidy = _post_processor(session.style)
    references = tuple(_reference(session.keys_by_id[item.key], tidy(str(text)), notes)
                       for item, text in zip(session.bib.items, rendered))
    return Bibliography(references, style=ref.id, style_title=ref.title, locale=locale,
                        layout=_layout(session.style), annotated=annotated)


def _post_processor(style: Any) -> Callable[[str], str]:
    """The seam fixes that apply to this style and locale (see compat)."""
    from . import punctuation as marks

    quotes = marks.punctuation_in_quote_enabled(style)

    def tidy(html: str) -> str:
        html = marks.flip_nested_quotes(marks.collapse_seam_punctuation(html))
        return marks.without_literal_marks(marks.punctuation_in_quote(html) if quotes else html)

    return tidy


def _reference(key: str, html: str, notes: dict[str, str]) -> Reference:
    """One rendered entry, its label split off where the style aligns a second field."""
    from .compat import LABEL_SEPARATOR

    label = None
    if LABEL_SEPARATOR in html:
        head, html = html.split(LABEL_SEPARATOR, 1)
        label = runs_text(html_to_runs(head)).strip() or None
    runs = _tidy(html_to_runs(html))
    return Reference(key, runs, label, notes.get(key) or None)


def _tidy(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """Whitespace at the edges trimmed, inner runs of spaces collapsed."""
    out = [replace(run, text=_SPACES.sub(" ", run.text)) for run in runs]
    if out:
        out[0] = replace(out[0], text=out[0].text.lstrip())
        out[-1] = replace(out[-1], text=out[-1].text.rstrip())
    return tuple(run for run in out if run.text)


def _layout(style: Any) -> Layout:
    """The bibliography's whitespace options."""
    bib = style.root.bibliography
    return Layout(hanging_indent=bib.get("hanging-indent", "false") == "true",
                  second_field_align=bib.get("second-field-align"),
                  line_spacing=int(bib.get("line-spacing", "1")),
                  entry_spacing=int(bib.get("entry-spacing", "1")))


def _check_ids(items: Sequence[CSLItem]) -> None:
    """Every item has an id, and no id twice."""
    seen: set[str] = set()
    for item in items:
        key = str(item.get("id", ""))
        if not key or key in seen:
            raise UsageError(f"CSL item id '{key}' is missing or repeated")
        seen.add(key)


def render_citations(items: Sequence[CSLItem], clusters: Sequence[Sequence[str]],
                     style: str | StyleRef, locale: str | None = None) -> list[str]:
    """In-text citations (or first notes) for each cluster of keys, as plain text."""
    return [runs_text(runs) for runs in render_citation_runs(items, clusters, style, locale)]


def render_citation_runs(items: Sequence[CSLItem], clusters: Sequence[Sequence[str]],
                         style: str | StyleRef, locale: str | None = None) -> list[tuple[Run, ...]]:
    """In-text citations for each cluster of keys, as formatted runs."""
    ref, locale = style_and_locale(style, locale)
    _check_ids(items)
    session = _disambiguated(items, ref, locale)
    tidy = _post_processor(session.style)
    out = []
    for keys in clusters:
        unknown = [k for k in keys if k not in session.ids]
        if unknown:
            raise UsageError(f"cannot cite unknown key '{unknown[0]}'")
        citation = session.citation(keys)
        session.bib.register(citation)
        session.bib._cites.clear()  # every cluster is a first citation (CSL position "first")
        text = session.bib.cite(citation, lambda item: None)
        out.append(_tidy(html_to_runs(tidy(str(text)))))
    return out
