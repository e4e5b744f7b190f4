"""Fixes over the pinned citeproc-py 0.11.1, as subclasses of its element classes.

citeproc-py builds its element tree through an lxml class lookup that maps every direct
subclass of `CitationStylesElement` to the CSL element of the same name; a class defined here
with the same name and `CitationStylesElement` among its direct bases replaces the original
for every style parsed afterwards. Each class names the CSL feature it implements.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from citeproc import model
from citeproc.string import join

LABEL_SEPARATOR = "\u2063"  # INVISIBLE SEPARATOR: between a bibliography label and the text


class Style(model.Style, model.CitationStylesElement):
    """Speed: macro lookups by name are answered once per style, not by an XPath query each
    time (citeproc-py looked up Chicago's macros ~200,000 times for 150 entries)."""

    def xpath_search(self, expression: str) -> Any:
        if expression.startswith("cs:macro[@name="):
            return _macro_lookup(self, expression)
        return super().xpath_search(expression)


@lru_cache(maxsize=8192)
def _macro_lookup(style: Any, expression: str) -> Any:
    """The result of a macro-by-name query on a parsed style (styles are never edited)."""
    return model.Style.xpath_search(style, expression)


class Locale(model.Locale, model.CitationStylesElement):
    """Speed: a term is looked up once per locale, name, form and padding, not by an XPath
    query each time (about a tenth of the rendering time of an APA bibliography)."""

    def get_term(self, name: str, form: Any = None, zero_padded: bool = False) -> Any:
        term = _term_lookup(self, name, form, zero_padded)
        if term is None:
            raise IndexError(name)
        return term


@lru_cache(maxsize=16384)
def _term_lookup(locale: Any, name: str, form: Any, zero_padded: bool) -> Any:
    """A term element of a parsed locale (locales are never edited), or None."""
    try:
        return model.Locale.get_term(locale, name, form, zero_padded)
    except IndexError:
        return None


class Group(model.Group, model.CitationStylesElement):
    """Speed: whether a subtree calls a variable is a property of the style, computed once per
    group or text element (citeproc-py walked it, macros included, on every render)."""

    def calls_variable(self) -> bool:
        return _calls_variable(self, model.Group)


    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        """CSL group suppression: a group that calls variables prints only if one of them
        printed. `cs:choose` is transparent: the children of the branch taken count as the
        group's own (APA printed `(Publication)` for a thesis without a number, Chicago
        `Edition.` for a journal without an edition)."""
        output, called, rendered = [], False, False
        for child in _members(self.iterchildren(), item, context):
            calls = child.calls_variable()
            called = called or calls
            try:
                text = child.render(item, context=context, **kwargs)
            except model.VariableError:
                continue
            if text is not None:
                output.append(text)
                rendered = rendered or calls
        if output and (rendered or not called):
            return self.join(output)
        raise model.VariableError


def _members(children: Any, item: Any, context: Any) -> Iterator[Any]:
    """The elements a group renders: `cs:choose` children replaced by the children of the
    branch whose condition holds (recursively)."""
    for child in children:
        if not isinstance(child, model.Choose):
            yield child
            continue
        for branch in child.iterchildren():
            if not isinstance(branch, If) or branch.passes(item, context):
                yield from _members(branch.iterchildren(), item, context)
                break


@lru_cache(maxsize=65536)
def _calls_variable(element: Any, base: type) -> bool:
    """`cs:group` suppression test (`base`'s own answer), memoised per element of a style."""
    return bool(base.calls_variable(element))


class Layout(model.Layout, model.CitationStylesElement):
    """CSL `second-field-align`: the first field of a bibliography entry is its label.

    citeproc-py glues the label (`[1]`) to the text; this layout marks the seam so that each
    writer can lay the label out in its own column.
    """

    def render_citation(self, citation: Any, callback: Any) -> Any:
        """CSL citation order: cites print in the order given unless the citation has a
        `cs:sort` (citeproc-py put them in bibliography order: `(Gillies; Matuz)` for
        Matuz + Gillies in Chicago and MLA); then CSL `collapse` (see collapse)."""
        known = [cite for cite in citation.cites if not cite.is_bad()]
        unknown = [cite for cite in citation.cites if cite.is_bad()]
        parent = self.getparent()
        if parent.sort is not None:
            known = parent.sort.sort(known, self)
        rendered = []
        for cite in known:
            text, names = self._cite(cite)
            if text is not None:
                rendered.append((cite, cite.get("prefix", "") + text + cite.get("suffix", ""),
                                 names))
                parent.cites.append(cite)
        from . import collapse

        options = collapse.options_of(parent, self.get("delimiter", ""))
        if options is not None and len(rendered) > 1:
            out = [self._collapsed(rendered, options)]
        else:
            out = [text for _, text, _ in rendered]
        out += [callback(cite) or f"{cite.key}?" for cite in unknown]
        return self.format(self.wrap(self.join(out) if len(out) != 1 else out[0]))

    def _cite(self, cite: Any, bare: bool = False) -> tuple[Any, str | None]:
        """One cite and the text of its first name list (`bare`: printed without it)."""
        self.repressed = {}
        _FIRST_NAMES.append(_FirstNames(suppress=bare))
        try:
            with _substitution_scope(cite):
                text = self.render_children(cite)
        except model.VariableError:
            text = None
        finally:
            state = _FIRST_NAMES.pop()
        return text, state.text

    def _collapsed(self, rendered: list[tuple[Any, Any, str | None]], options: Any) -> Any:
        """The cites of one citation joined as CSL `collapse` asks."""
        from . import collapse

        texts = [text for _, text, _ in rendered]
        bare: dict[int, Any] = {}
        years: list[tuple[str, str] | None] = [None] * len(rendered)
        if options.mode == "citation-number":
            pieces = collapse.number_ranges([_plain_number(cite, text) for cite, text, _ in
                                             rendered], options)
        else:
            groups = collapse.author_groups([names for _, _, names in rendered])
            for group in (g for g in groups if len(g) > 1):
                for index in group:
                    bare[index] = self._cite(rendered[index][0], bare=True)[0]
                    if options.mode != "year":
                        years[index] = _year_and_suffix(rendered[index][0], bare[index])
            pieces = collapse.year_pieces(groups, years, options)
        return _assemble(pieces, texts, bare, years)
    def render_bibliography(self, citation_items: list[Any]) -> list[Any]:
        aligned = self.getparent().get("second-field-align") is not None
        dash = self.getparent().get("subsequent-author-substitute")
        rule = self.getparent().get("subsequent-author-substitute-rule", "complete-all")
        if dash is None or rule != "complete-all":
            return [self._guarded(item, aligned) for item in citation_items]
        return self._substituting(citation_items, aligned, dash)

    def _substituting(self, citation_items: list[Any], aligned: bool, dash: str) -> list[Any]:
        """CSL `subsequent-author-substitute` (rule complete-all): the names of the first
        `cs:names` rendered in an entry give way to `dash` (MLA `———`) when they are the same
        as in the entry before."""
        out, previous = [], None
        for item in citation_items:
            _FIRST_NAMES.append(_FirstNames())
            try:
                text = self._guarded(item, aligned)
            finally:
                state = _FIRST_NAMES.pop()
            html = str(text) if text is not None else None
            names = (state.variable, state.text) if state.text else None
            if html is not None and names and names == previous:
                html = _replace_once(html, state.text or "", dash)
            out.append(html)
            previous = names
        return out

    def _guarded(self, item: Any, aligned: bool) -> Any:
        """One entry, substituted variables put back afterwards (see Substitute)."""
        with _substitution_scope(item):
            return self._resilient(item, aligned)

    def _resilient(self, item: Any, aligned: bool) -> Any:
        """One entry; where citeproc-py crashes on a date range or a literal date, the entry
        is rendered again with the range's start date (never the whole list lost)."""
        render = self._with_label if aligned else self._plain
        try:
            return render(item)
        except Exception:  # citeproc-py 0.11.1 bugs (e.g. ranges in some date forms)
            if not _degrade_dates(item.reference):
                return _fallback(item)
        try:
            return render(item)
        except Exception:
            return _fallback(item)

    def _plain(self, item: Any) -> Any:
        """One entry, as citeproc-py renders it."""
        self.repressed = {}
        return self.format(self.wrap(self.render_children(item)))

    def _with_label(self, item: Any) -> Any:
        """One entry rendered as label, separator, rest."""
        self.repressed = {}
        children = list(self.iterchildren())
        label = _render(children[:1], item)
        rest = _render(children[1:], item, self.get("delimiter", ""))
        parts = [part for part in (label, LABEL_SEPARATOR, rest) if part is not None]
        return self.format(self.wrap(join(parts)))


def _plain_number(cite: Any, text: Any) -> int | None:
    """The citation number of a cite that prints it and nothing of its own (no locator,
    prefix or suffix), else None (such a cite never joins a range)."""
    number = getattr(cite, "number", None)
    if number is None or cite.get("prefix") or cite.get("suffix") or _has_locator(cite):
        return None
    return int(number) if str(number) in re.sub(r"<[^>]+>", "", str(text)) else None


def _has_locator(cite: Any) -> bool:
    """True when a cite carries a locator (page, chapter …)."""
    try:
        return bool(cite.has_locator)
    except Exception:  # citeproc-py raises when the cite has none
        return False


def _year_and_suffix(cite: Any, bare: Any) -> tuple[str, str] | None:
    """(year text, suffix letter) of a cite printed without names when it ends in its year
    suffix (`2000a` → ("2000", "a")) and has no locator; else None."""
    letter = str(dict.get(cite.reference, "year_suffix") or "")
    text = re.sub(r"<[^>]+>", "", str(bare or ""))
    if not letter or _has_locator(cite) or not text.endswith(letter):
        return None
    return text[: len(text) - len(letter)], letter


def _assemble(pieces: Any, texts: list[Any], bare: dict[int, Any],
              years: list[tuple[str, str] | None]) -> Any:
    """The citation text of collapse pieces: cites, bare cites, suffixes and ranges."""
    from citeproc.string import String

    from .collapse import RANGE

    out = None
    for piece in pieces:
        if piece.form == "suffix":
            text = String(years[piece.first][1])  # type: ignore[index]
        elif piece.form == "bare":
            text = bare[piece.first]
        elif piece.last != piece.first:
            text = join([texts[piece.first], texts[piece.last]], RANGE)
        else:
            text = texts[piece.first]
        if text is None:
            continue  # a collapsed cite with nothing but its names (no date)
        out = text if out is None else join([out, text], piece.delimiter)
    return out


@contextmanager
def _substitution_scope(item: Any) -> Iterator[None]:
    """While one entry or cite renders, variables printed by `cs:substitute` are taken out of
    its reference (see Substitute); afterwards they are put back. Its name lists are
    numbered as they render (see Name.process)."""
    removed: dict[str, Any] = {}
    _SUBSTITUTED.append(removed)
    _RENDERING.append(_Rendering(_RECORDERS[-1] if _RECORDERS else None, item))
    try:
        yield
    finally:
        _RENDERING.pop()
        _SUBSTITUTED.pop()
        dict.update(item.reference, removed)


DISAMBIGUATION = "syllabib-disambiguation"  # a reference's disambiguate.ItemState


class _Rendering:
    """One cite or bibliography entry being rendered: how many name lists it has rendered,
    and where to note them (a disambiguation probe) if anywhere."""

    def __init__(self, recorder: list[Any] | None, item: Any = None) -> None:
        self.namesets = 0
        self.recorder = recorder
        self.item = item
        self.year_suffixed = False  # the implicit year suffix was printed (see Date_Part)


_RENDERING: list[_Rendering] = []
_RECORDERS: list[list[Any]] = []


@contextmanager
def recording() -> Iterator[list[Any]]:
    """Within: the name lists of each cite rendered are noted (disambiguate.NameSet)."""
    found: list[Any] = []
    _RECORDERS.append(found)
    try:
        yield found
    finally:
        _RECORDERS.pop()


class Key(model.Key, model.CitationStylesElement):
    """CSL sorting compares text the way a locale collates it, as citeproc-js does.

    citeproc-py compares code points, so `Ó Ciardha` sorted after `Webb`; here text keys are
    compared without accents, case or leading punctuation, except the letters a Nordic
    alphabet puts after z (`Hämäläinen` after `Howitt` in Finnish, with `Ha…` in English).
    """

    def sort_keys(self, items: list[Any], context: Any) -> list[Any]:
        keys = super().sort_keys(items, context)
        if "macro" in self.attrib:  # rendered through the HTML formatter: compare the text
            keys = [_plain(key) for key in keys]
        after_z = _AFTER_Z.get(output_language(self))
        return [collation_key(key, after_z) for key in keys]


def _after_z(letters: str) -> dict[int, str]:
    """A translation table putting `letters` (both cases) after z, in this order."""
    table = {}
    for n, letter in enumerate(letters):
        table[ord(letter)] = table[ord(letter.upper())] = "z" + chr(0x7B + n)
    return table


_AFTER_Z = {"fi": _after_z("\u00e5\u00e4\u00f6"), "sv": _after_z("\u00e5\u00e4\u00f6"),
            "da": _after_z("\u00e6\u00f8\u00e5"), "nb": _after_z("\u00e6\u00f8\u00e5"),
            "nn": _after_z("\u00e6\u00f8\u00e5"), "no": _after_z("\u00e6\u00f8\u00e5")}


def _plain(key: Any) -> Any:
    """A macro's rendered sort key without markup (`<i>Alternative …</i>` sorted after `On`)."""
    if key is None or isinstance(key, (int, float, tuple)):
        return key
    text = str(key)
    if "<" in text or "&" in text:
        from html import unescape

        text = unescape(re.sub(r"<[^>]+>", "", text))
    return _QUOTES.sub("", text)


_QUOTES = re.compile("[\u201c\u201d\u00ab\u00bb\"]")  # quotes="true" marks are no text


def collation_key(key: Any, letters: dict[int, str] | None = None) -> Any:
    """A text sort key folded for comparison (`letters`: a locale's own letters, translated
    first); numbers, dates and None pass through."""
    if key is None or isinstance(key, (int, float, tuple)) or not hasattr(key, "lower"):
        return key
    text = unicodedata.normalize("NFKD", str(key).translate(letters) if letters else str(key))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u00f8", "o").replace("\u00d8", "O").replace("\u0142", "l")
    return _IGNORED.sub("", re.sub(r"^[\W_]+", "", text)).casefold()


_IGNORED = re.compile("[,'\u2018\u2019]")  # `Simple 'title' here C` sorts as `Simple title here C`


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class _TermForms:
    """CSL term form fallback: a form no locale defines falls back to `verb-short` → `verb`
    → long and `symbol` → `short` → long, after every locale was tried for the form itself
    (citeproc-py printed nothing: APA's `By` of a container-author, verb-short, was lost)."""

    def get_term(self, name: str, form: Any = None, fallback_locale: bool = True,
                 zero_padded: bool = False) -> Any:
        term = model.CitationStylesElement.get_term(self, name, form, fallback_locale,
                                                    zero_padded)
        while term is None and form in _FORM_FALLBACK:
            form = _FORM_FALLBACK[form]
            term = model.CitationStylesElement.get_term(self, name, form, fallback_locale,
                                                        zero_padded)
        return term


_FORM_FALLBACK = {"verb-short": "verb", "symbol": "short", "verb": None, "short": None}


class Label(_TermForms, model.Label, model.CitationStylesElement):
    """CSL `text-case` on terms (`(Eds.)` in APA) and `number-of-volumes` plurals.

    citeproc-py passes no language when casing a label, and its title case then does nothing;
    as in citeproc-js, a term is title-cased whatever the language (`(Toim. ja käänt.)` in
    APA fi-FI becomes `(Toim. Ja Käänt.)`, also for a German book).
    """

    def render(self, item: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("sort_options") is not None and _in_names(self):
            return None  # a name sort key is the names alone (`Gaonkar (Ed.)` sorts as Gaonkar)
        text = self.process(item, *args, **kwargs)
        if not text:
            return None
        return self.wrap(self.format(self.case(self.strip_periods(text), "en")))

    def _is_plural(self, item: Any) -> bool:
        """`number-of-volumes` above one is plural (citeproc-py read it from the wrong object,
        so `5 vols.` lost its label); other variables: several numbers are plural."""
        variable = self.get("variable", "")
        if variable.startswith("number-of"):
            value = dict.get(item.reference, variable.replace("-", "_"))
            digits = re.match(r"\s*(\d+)", str(value or ""))
            return bool(digits) and int(digits.group(1)) > 1
        return super()._is_plural(item)


@lru_cache(maxsize=4096)
def _in_names(element: Any) -> bool:
    """True for an element inside a `cs:names`."""
    return element.getparent() is not None and element.getparent().tag.endswith("}names")


def output_language(element: Any) -> str:
    """The two-letter language of the locale a style renders in."""
    for locale in getattr(element.get_root(), "locales", None) or ():
        lang = locale.get(_XML_LANG)
        if lang:
            return lang[:2]
    return "en"


class Name(model.Name, model.CitationStylesElement):
    """CSL name options `initialize="false"` and initials of hyphenated given names.

    With `initialize="false"` (Chicago, MLA) full given names stay full: only names already
    written as initials are laid out with `initialize-with`. A hyphenated given name keeps
    its capitalised parts (`Jean-Pierre` → `J.-P.`); lower-case parts drop (`Min-jun` → `M.`),
    as citeproc-js does.
    """

    def render(self, item: Any, variable: str, *args: Any, **kwargs: Any) -> Any:
        sort_options = kwargs.get("sort_options")
        if sort_options is not None and self.get_root().get(
                "demote-non-dropping-particle", "display-and-sort") == "sort-only":
            # CSL demote-non-dropping-particle="sort-only": `van Gennep` sorts under G
            kwargs["sort_options"] = {**sort_options,
                                      "demote-non-dropping-particle": "display-and-sort"}
        text = super().render(item, variable, *args, **kwargs)
        state = _FIRST_NAMES[-1] if _FIRST_NAMES else None
        if state is not None and not state.done and state.text is None and text:
            state.text = str(text)  # for subsequent-author-substitute (see Layout)
            state.variable = variable
        return text

    def process(self, item: Any, variable: str, context: Any = None, sort_options: Any = None,
                **kwargs: Any) -> Any:
        """Two names of which the first is an organisation (a literal name) are joined without
        a delimiter before `and`, as citeproc-js does (`ECPAT International and …`)."""
        rendering = _RENDERING[-1] if _RENDERING and sort_options is None else None
        names = item.reference.get(variable) or ()
        if len(names) == 2 and "literal" in names[0]:
            sort_options = {**(sort_options or {}), "delimiter-precedes-last": "never"}
        suffixed = self._suffixes_initialized(names, context)
        state = None
        if rendering is not None and names:
            pos, rendering.namesets = rendering.namesets, rendering.namesets + 1
            state = dict.get(item.reference, DISAMBIGUATION)
            if state is not None or rendering.recorder is not None:
                return self._disambiguated(item, variable, suffixed or names, pos, state,
                                           rendering, context, sort_options or {}, kwargs)
        if suffixed is not None:
            return self._render_names(item, variable, suffixed, context, sort_options or {},
                                      kwargs)
        return super().process(item, variable, context=context, sort_options=sort_options,
                               **kwargs)

    def _suffixes_initialized(self, names: Any, context: Any) -> list[Any] | None:
        """Name suffixes laid out like initials, as citeproc-js does: each abbreviating period
        becomes `initialize-with` (NLM, `initialize-with=""`: `Malesky LA Jr`), or None
        when no suffix changes."""
        if not any("." in str(name.get("suffix") or "") for name in names):
            return None
        scope = _scope(context if context is not None else self)
        mark = self.get("initialize-with", scope.get_option("initialize-with"))
        if mark is None or mark.rstrip() == ".":
            return None
        from citeproc.source import Name as CiteprocName

        out = []
        for name in names:
            suffix = str(name.get("suffix") or "")
            if "." in suffix:
                fields = {k: v for k, v in name.items() if v is not None}
                fields["suffix"] = re.sub(r"\.\s*", mark, suffix).rstrip()
                name = CiteprocName(**fields)
            out.append(name)
        return out

    def _disambiguated(self, item: Any, variable: str, names: Any, pos: int, state: Any,
                       rendering: _Rendering, context: Any, options: dict[str, Any],
                       kwargs: dict[str, Any]) -> Any:
        """CSL disambiguation of name lists (see disambiguate): the list renders with the
        names added and the given names expanded that told its cite apart. In the
        bibliography the entry shows at least as much as its cite."""
        from . import disambiguate as dis

        form = self.get_option("form", context, options)
        mark = self.get_option("initialize-with", context, options)
        base = dis.SHORT if form == "short" else dis.INITIALS if mark is not None else dis.FULL
        shown = self._shown(len(names), context, options)
        if rendering.recorder is not None:
            keys = tuple(dis.name_key(*_name_fields(name)) for name in names)
            rendering.recorder.append(dis.NameSet(pos, keys, shown, base, mark is not None))
        if state is not None:
            options = {**options, **self._count_override(state.names.get(pos), len(names),
                                                         shown, context, options)}
            levels = [max(base, state.givens.get((pos, i), base)) for i in range(len(names))]
            if max(levels, default=base) > base:
                names = _expanded(self, names, levels, mark, context)
                options.update({"form": "long", "initialize-with":
                                None if dis.FULL in levels else mark})
        return self._render_names(item, variable, names, context, options, kwargs)

    def _shown(self, count: int, context: Any, options: dict[str, Any]) -> int:
        """How many names the et-al options show of a list of `count`."""
        minimum = self.get_option("et-al-min", context, options)
        first = self.get_option("et-al-use-first", context, options)
        if count > 1 and minimum and count >= minimum and first:
            return min(first, count)
        return count

    def _count_override(self, wanted: int | None, count: int, shown: int, context: Any,
                        options: dict[str, Any]) -> dict[str, Any]:
        """Et-al options that show `wanted` names (disambiguate-add-names), if more than now."""
        if not wanted or wanted <= shown:
            return {}
        if wanted >= count:
            return {"et-al-min": count + 1}
        return {"et-al-use-first": wanted}

    def _render_names(self, item: Any, variable: str, names: Any, context: Any,
                      options: dict[str, Any], kwargs: dict[str, Any]) -> Any:
        """citeproc-py's rendering of `names` in place of the variable's own."""
        reference = item.reference
        stored = variable if dict.__contains__(reference, variable) else variable.replace("-", "_")
        original = dict.get(reference, stored)
        dict.__setitem__(reference, stored, names)
        try:
            return super().process(item, variable, context=context,
                                   sort_options=options or None, **kwargs)
        finally:
            dict.__setitem__(reference, stored, original)

    def get_option(self, name: str, context: Any = None, sort_options: Any = None) -> Any:
        """A name option: the sort key's override, this element's attribute, or the one
        inherited from cs:citation / cs:bibliography / cs:style (scope looked up once)."""
        if sort_options and name in sort_options:
            value = sort_options[name]
        else:
            scope = _scope(context if context is not None else self)
            inherited = "name-" + name if name in ("form", "delimiter") else name
            value = self.get(name, scope.get_option(inherited))
        if name in ("initialize-with-hyphen", "et-al-use-last"):
            return str(value).lower() == "true"
        if name.startswith("et-al"):
            return int(value)
        if name == "initialize-with" and value is not None and not self._initializes(context):
            return None
        return value

    def _initializes(self, context: Any) -> bool:
        """The inheritable `initialize` option (default true)."""
        if self.get("initialize") is not None:
            return self.get("initialize") != "false"
        value = _scope(context if context is not None else self).get("initialize")
        if value is None:
            value = self.get_root().get("initialize")
        return value != "false"

    def initialize(self, given: Any, mark: str, context: Any) -> Any:
        """Initials of a given name: `Jean-Pierre` and `J.-P.` → `J.-P.` (with
        initialize-with-hyphen, else `J. P.`), `Min-jun` → `M.` (else `M. jun`), `J.Y.` →
        `J. Y.`; a lower-case word stays as written."""
        hyphen = self.get_option("initialize-with-hyphen", context)
        space = mark[len(mark.rstrip()):]
        out = ""
        given = str(given) if hyphen else str(given).replace("-", " ")  # `Min jun` → `M jun`
        for word in given.replace(".", ". ").split():
            pieces = [p for p in _INITIAL_PIECES.findall(word) if p.lstrip("-")[:1].isupper()]
            if not pieces:
                out += ("" if out.endswith(" ") or not out else " ") + word + " "
                continue
            for piece in pieces:
                if piece.startswith("-") and hyphen and out.endswith(mark):
                    out = out[:len(out) - len(space)] + "-" + piece[1] + mark
                else:
                    out += piece.lstrip("-")[0] + mark
        return out.rstrip()


_INITIAL_PIECES = re.compile(r"-?[^-]+")  # `-Y.` → -Y.; `Jean-Pierre` → Jean, -Pierre


def _name_fields(name: Any) -> tuple[Any, Any, Any, Any]:
    """(given, family, non-dropping particle, literal) of a citeproc-py name."""
    if "literal" in name:
        return None, None, None, name["literal"]
    return name.get("given"), name.get("family"), name.get("non-dropping-particle"), None


def _expanded(element: Any, names: Any, levels: list[int], mark: str | None,
              context: Any) -> list[Any]:
    """The names to render in long form so that each shows as much as its level: a name
    that stays short keeps only its family name, one shown with initials has them written
    out when others in the list show full given names."""
    from citeproc.source import Name as CiteprocName

    from . import disambiguate as dis

    out = []
    full = dis.FULL in levels
    for name, level in zip(names, levels):
        if "literal" in name:
            out.append(name)
        elif level == dis.SHORT:
            family = " ".join(p for p in (name.get("non-dropping-particle"), name.get("family"))
                              if p)
            out.append(CiteprocName(family=family))
        elif level == dis.INITIALS and full and mark is not None and name.get("given"):
            fields = {k: v for k, v in name.items() if v is not None}
            fields["given"] = element.initialize(name["given"], mark, context)
            out.append(CiteprocName(**fields))
        else:
            out.append(name)
    return out


@lru_cache(maxsize=8192)
def _scope(element: Any) -> Any:
    """The cs:citation or cs:bibliography an element belongs to (options inherit from it)."""
    return element.xpath_search("./ancestor::*[self::cs:citation or self::cs:bibliography][1]")[0]


_STOP_WORDS = frozenset(  # the single-word stop words of CSL 1.0.2 (title case)
    "a across afore after against alongside amid amidst among amongst an and anenst apropos "
    "apud around as astride at athwart atop barring before behind below beneath beside besides "
    "between beyond but by c ca circa d de despite down during et except for forenenst from "
    "given in inside into lest like modulo near next nor notwithstanding of off on onto or out "
    "over per plus pro qua sans since so than the through throughout thru thruout till to "
    "toward towards under underneath until unto up upon v. van versus via vis-à-vis von vs. "
    "with within without yet".split())
_WORDS = re.compile(r"(\s+)")


class Text(_TermForms, model.Text, model.CitationStylesElement):
    """CSL `text-case="title"`: words are cased across case-protected spans without adding
    spaces around them (`V: 2-Groups`, not `V : 2-Groups`), and lower-case words after a
    hyphen are capitalised (`Meta-Analysis`), as citeproc-js does. An item without a
    `language` is in the output locale's language (citeproc-py took the style's default, so
    APA fi-FI title-cased `Sexual abuse: a journal …`)."""

    def calls_variable(self) -> bool:
        return _calls_variable(self, model.Text)

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        """CSL sort keys through nested macros: a macro called from a sort-key macro renders
        with the key's name options too (citeproc-py dropped them one macro down, so APA
        sorted `Gaonkar, D. P. (Ed.)` after `Gaonkar, D. P.`). A value that starts with a
        period or comma is marked, so that punctuation-in-quote leaves it where it is."""
        sort_options = kwargs.get("sort_options")
        if self.get("value", "")[:1] in (".", ",") and sort_options is None:
            from citeproc.string import String

            from .punctuation import LITERAL

            return String(LITERAL + self.get("value")), output_language(self)
        if sort_options is None or "macro" not in self.attrib:
            text, language = super().process(item, context, **kwargs)
            if not dict.get(item.reference, "language"):
                language = output_language(self)  # no title case for fi-FI output
            return text, language
        language = str(dict.get(item.reference, "language") or output_language(self))[:2]
        macro = self.get_macro(self.get("macro"))
        return macro.render(item, context if context is not None else self,
                            sort_options=sort_options), language

    def _format_last_page(self, first: str, last: str) -> str:
        """CSL page ranges: an abbreviated range is expanded first (`216-28` → 216–228), then
        `page-range-format` applies; a longer last page is never cut (`1–22`, not `1–2`).
        Without a format, the range prints as written (citeproc-js)."""
        if self.get_root().get_option("page-range-format") is None:
            return last
        if first.isdigit() and last.isdigit() and len(last) < len(first):
            last = first[: len(first) - len(last)] + last
        if len(last) != len(first):
            return last
        return super()._format_last_page(first, last)

    def case(self, text: Any, language: str | None = None) -> Any:
        if self.get("text-case") != "title" or language != "en":
            return super().case(text, language)
        return title_case(text)


def title_case(text: Any) -> Any:
    """English title case of a (Mixed)String; NoCase pieces stay as they are."""
    from citeproc.string import MixedString, NoCase, String

    pieces = list(text) if isinstance(text, MixedString) else [text]
    out: list[Any] = []
    previous = ":"  # the first word is capitalised
    for piece in pieces:
        if isinstance(piece, NoCase) or not str(piece).strip():
            out.append(piece)
            previous = str(piece).rstrip()[-1:] or previous
            continue
        words = []
        for token in _WORDS.split(str(piece)):
            if token and not token.isspace():
                token = _title_word(token, previous)
                previous = token[-1]
            words.append(token)
        out.append(String("".join(words)))
    return MixedString(out) if len(out) != 1 else out[0]


def _title_word(word: str, previous: str) -> str:
    """One word: lower-case words, and lower-case parts of hyphenated words (`Meta-analysis`
    → `Meta-Analysis`), are capitalised unless stop words mid-sentence (`Hands-on`, `around`);
    words with capitals of their own (`iPhone`, `BeaST`, `DNA`) are kept."""
    if "-" in word and word.lower() not in _STOP_WORDS:
        parts = word.split("-")
        return "-".join([_title_word(parts[0], previous)] +
                        [_title_word(part, "-") for part in parts[1:]])
    if not word.islower():
        return word
    if word.rstrip(",;") in _STOP_WORDS and previous not in (":", ".", "?", "!"):
        return word
    return word[:1].upper() + word[1:]


_NUMBER = r"[A-Za-z]*\d+[A-Za-z]*"
_NUMERIC = re.compile(rf"^\s*{_NUMBER}(?:\s*(?:[-\u2013&,]|and)\s*{_NUMBER})*\s*$")


class Date(model.Date, model.CitationStylesElement):
    """CSL localized dates: the parts are joined with the locale format's own delimiter
    (NLM `2008 Feb`, not `2008Feb`); citeproc-py took it from the calling `cs:date`."""

    def render_single_date(self, date: Any, show_parts: Any = None, context: Any = None) -> Any:
        if context is None or context is self or not self.is_locale_date():
            return super().render_single_date(date, show_parts, context)
        parts = self.parts(date, show_parts, context)
        return self.join(parts) if parts else None

    def render_date_range(self, date_range: Any, show_parts: Any = None,
                          context: Any = None) -> Any:
        """CSL date ranges over the parts this date shows: a range whose shown parts are
        the same at both ends prints once (citeproc-py printed no date at all for
        1994-01/1994-02 shown as a year: Harvard `(Lansey and Awumah)`, now `…, 1994)`)."""
        rendered = {part.get("name") for part in self.iterchildren()}
        shown = [p for p in (show_parts or ("year", "month", "day")) if p in rendered]
        begin, end = date_range.begin, date_range.end
        if not end.is_nil() and all(dict.get(begin, p) == dict.get(end, p) for p in shown):
            return self.render_single_date(begin, shown, context)
        return super().render_date_range(date_range, list(shown), context)


class Date_Part(model.Date_Part, model.CitationStylesElement):  # noqa: N801 (CSL name)
    """CSL implicit year suffix: in a style that prints no `year-suffix` variable, the
    suffix follows the first year rendered through `cs:date` in each cite and entry."""

    def process(self, date: Any, context: Any = None) -> Any:
        text = super().process(date, context)
        rendering = _RENDERING[-1] if _RENDERING else None
        if (rendering is None or rendering.year_suffixed or rendering.item is None
                or self.get("name") != "year" or not text):
            return text
        letter = dict.get(rendering.item.reference, "year_suffix")
        root = (context if context is not None else self).get_root()
        if not letter or not isinstance(root, model.Style) or _explicit_year_suffix(root):
            return text
        rendering.year_suffixed = True
        return f"{text}{letter}"


@lru_cache(maxsize=64)
def _explicit_year_suffix(style: Any) -> bool:
    """True when the style prints the year-suffix variable itself somewhere."""
    return bool(style.xpath('//cs:text[@variable="year-suffix"]',
                            namespaces={"cs": model.CitationStylesElement.nsmap["cs"]}))


AMBIGUOUS = "syllabib-ambiguous"  # set on a reference whose citation stays ambiguous


class If(model.If, model.CitationStylesElement):
    """CSL condition `disambiguate="true"`: true only for items whose citations would stay
    identical otherwise (citeproc-py ignores the test, so MLA always added the title)."""

    def render(self, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        if not self.passes(item, context):
            raise model.ConditionFailed
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)

    def passes(self, item: Any, context: Any = None) -> bool:
        """True when the item meets this branch's conditions."""
        results = []
        for attribute, test in (("type", self._type), ("variable", self._variable),
                                ("is-numeric", self._is_numeric),
                                ("is-uncertain-date", self._is_uncertain_date),
                                ("locator", self._locator)):
            if attribute in self.attrib:
                results += test(item)
        if "position" in self.attrib:
            results += self._position(item, context)
        if "disambiguate" in self.attrib:
            results.append(self.get("disambiguate") == "true" and
                           bool(dict.get(item.reference, AMBIGUOUS)))
        match = self.get("match", "all")
        return any(results) if match == "any" else (
            not any(results) if match == "none" else all(results))

    def _variable(self, item: Any) -> list[bool]:
        """CSL `variable` test; a variable already printed by cs:substitute still counts as
        present (it is only not printed twice: APA kept the pages and publisher of a
        conference paper whose editor stood in for the book's author)."""
        removed = _SUBSTITUTED[-1] if _SUBSTITUTED else {}
        return [present or name.replace("-", "_") in removed
                for name, present in zip(self.get("variable").split(), super()._variable(item))]

    def _is_numeric(self, item: Any) -> list[bool]:
        """CSL is-numeric: numbers with affixes, and ranges or lists of them (`99–02`, `1 & 3`)."""
        results = []
        for name in self.get("is-numeric").split():
            value = dict.get(item.reference, name.replace("-", "_"))
            results.append(value is not None and bool(_NUMERIC.match(str(value))))
        return results




class Else_If(If, model.CitationStylesElement):  # noqa: N801  (the CSL element's name)
    """`cs:else-if`, with the same tests as `cs:if`."""


class _FirstNames:
    """While an entry or a cite renders: the text of its first rendered name list (or, with
    `suppress`, that list is not printed: a collapsed cite)."""

    def __init__(self, suppress: bool = False) -> None:
        self.suppress = suppress
        self.text: str | None = None
        self.variable = ""  # the name variable (role) it renders: an editor is no author
        self.done = False  # the first cs:names that printed anything has finished
        self.depth = 0  # cs:names elements being rendered (substitutes nest them)


_FIRST_NAMES: list[_FirstNames] = []


def _replace_once(html: str, names: str, dash: str) -> str:
    """`html` with the first occurrence of the name list `names` replaced by `dash`; a final
    period of the names (`Knuth, Donald E.`) also closed the field, so it stays."""
    from html import escape

    for form in (names, escape(names, quote=False)):
        at = html.find(form)
        if at >= 0:
            end = at + len(form)
            stop = "." if form.endswith(".") and not html.startswith(".", end) else ""
            return html[:at] + escape(dash, quote=False) + stop + html[end:]
    return html


class Names(model.Names, model.CitationStylesElement):
    """CSL `cs:substitute` shorthand: a `cs:names` without a `cs:name` child inherits the
    name, et-al and label options of the `cs:names` it substitutes for, also inside a
    `cs:choose` (citeproc-py did so only for direct children, so Chicago printed an edited
    book as `D. P. Gaonkar.` instead of `Gaonkar, Dilip Parameshwar, ed.`)."""

    def process(self, item: Any, names_context: Any = None, context: Any = None,
                **kwargs: Any) -> Any:
        if names_context is None and self.name is None:
            names_context = _substituted_names(self)
        _ensure_name(names_context if names_context is not None else self)
        state = _FIRST_NAMES[-1] if _FIRST_NAMES else None
        if state is None or state.done:
            return super().process(item, names_context=names_context, context=context, **kwargs)
        if state.suppress and state.depth == 0:
            state.done = True
            return None  # collapsed: the cite's names were printed by the one before
        state.depth += 1
        try:
            text = super().process(item, names_context=names_context, context=context, **kwargs)
        finally:
            state.depth -= 1
        state.done = state.depth == 0 and bool(text)
        return text


def _ensure_name(names: Any) -> None:
    """A `cs:names` without `cs:name` gets one (inheriting every option), made by the style's
    own element lookup so that it is this module's Name: citeproc-py inserted a plain one,
    untagged, on every render (NLM's names never met the fixes above)."""
    if names.name is None:
        names.insert(0, names.makeelement(f"{{{model.CitationStylesElement.nsmap['cs']}}}name"))


@lru_cache(maxsize=4096)
def _substituted_names(element: Any) -> Any:
    """The `cs:names` whose `cs:substitute` holds `element`, or None."""
    found = element.xpath_search("./ancestor::cs:substitute[1]/parent::cs:names[1]")
    return found[0] if found else None


class Substitute(model.Substitute, model.CitationStylesElement):
    """CSL `cs:substitute`: a variable printed in place of the names is empty for the rest of
    the entry (citeproc-py only represses `cs:text` elements by tag, so an anonymous work
    printed its title twice and an edited book its editors twice)."""

    def render(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        removed = _SUBSTITUTED[-1] if _SUBSTITUTED else None
        reference = item.reference
        if removed is None or type(reference) is not model_reference():
            return super().render(item, context=context, **kwargs)
        used: set[str] = set()
        _USED.append(used)
        object.__setattr__(reference, "__class__", _RecordingReference)  # CustomDict traps setattr
        try:
            text = super().render(item, context=context, **kwargs)
        finally:
            object.__setattr__(reference, "__class__", model_reference())
            _USED.pop()
        if text:
            for name in used - _NEVER_SUBSTITUTED:
                if dict.__contains__(reference, name):
                    removed[name] = dict.pop(reference, name)
        return text


_SUBSTITUTED: list[dict[str, Any]] = []  # variables taken out of the entry being rendered
_USED: list[set[str]] = []  # variables read while a substitute renders
_NEVER_SUBSTITUTED = frozenset({"key", "type", "language"})


def _make_reference() -> type:
    """citeproc-py's Reference, answering CSL variable names with hyphens too."""
    from citeproc.source import Reference as Base

    class Reference(Base):  # type: ignore[misc, valid-type]
        """CSL name variables with a hyphen (`container-author`, `collection-editor`,
        `editorial-director`): citeproc-py stores them as `container_author` but asks for the
        CSL name, so they never printed (APA `In I. Kant, Kritik …`)."""

        def __contains__(self, key: object) -> bool:
            return dict.__contains__(self, key) or (
                isinstance(key, str) and "-" in key and dict.__contains__(self, key.replace("-", "_")))

        def __getitem__(self, key: str) -> Any:
            if "-" in key and not dict.__contains__(self, key):
                key = key.replace("-", "_")
            return super().__getitem__(key)

        def get(self, key: str, default: Any = None) -> Any:
            if "-" in key and not dict.__contains__(self, key):
                key = key.replace("-", "_")
            return dict.get(self, key, default)

    return Reference


Reference = _make_reference()


def model_reference() -> type:
    """The Reference class of the references syllabib renders (see `adopt`)."""
    return Reference


def adopt(source: Any) -> Any:
    """A citeproc-py bibliography source whose references are compat References."""
    for reference in source.values():
        object.__setattr__(reference, "__class__", Reference)  # CustomDict traps setattr
    return source


def _make_recording() -> type:
    """A Reference that notes which variables are read (while a cs:substitute renders)."""
    base = model_reference()

    class RecordingReference(base):  # type: ignore[misc, valid-type]
        def __getitem__(self, key: str) -> Any:
            value = super().__getitem__(key)
            _USED[-1].add(key.replace("-", "_"))
            return value

        def get(self, key: str, default: Any = None) -> Any:
            key = key if dict.__contains__(self, key) else key.replace("-", "_")
            if dict.__contains__(self, key):
                _USED[-1].add(key)
            return dict.get(self, key, default)

    return RecordingReference


_RecordingReference = _make_recording()


def _degrade_dates(reference: Any) -> bool:
    """Replace date ranges by their start and drop literal dates; True when anything changed."""
    from citeproc.source import DateRange, LiteralDate

    changed = False
    for name in list(reference.keys()):
        value = reference[name]
        if isinstance(value, DateRange):
            reference[name] = value.begin
            changed = True
        elif isinstance(value, LiteralDate):
            del reference[name]
            changed = True
    return changed


def _fallback(item: Any) -> str:
    """Last resort for an entry citeproc-py cannot render: its title, so nothing vanishes."""
    title = item.reference.get("title") if hasattr(item.reference, "get") else None
    return f"{title or item.key}."


def _render(children: list[Any], item: Any, delimiter: str = "") -> Any:
    """Render elements for `item` and join what they print."""
    output = []
    for child in children:
        try:
            text = child.render(item)
        except model.VariableError:
            continue
        if text is not None:
            output.append(text)
    return join(output, delimiter) if output else None


def installed() -> bool:
    """True when the classes above are the ones citeproc-py will use."""
    names = {cls.__name__: cls for cls in model.CitationStylesElement.__subclasses__()}
    return all(names.get(cls.__name__) is cls for cls in (
        Style, Locale, Group, Layout, Key, Names, Substitute, Label, Name, If, Else_If, Text,
        Date, Date_Part))
