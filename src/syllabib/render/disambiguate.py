"""CSL `disambiguate-add-year-suffix`: 2020a/2020b for works that cite alike (citeproc-py lacks it).

Pre-processing, exactly as CSL 1.0.2 §Disambiguation orders it: two items are ambiguous when
their in-text citations render identically and the style's earlier steps cannot tell them
apart — `disambiguate-add-names` (the full author lists differ) and
`disambiguate-add-givenname` (the given names differ). Ambiguous items get the `year-suffix`
variable, lettered in bibliography order, where the style prints it; in styles without year
suffixes (MLA) they are the items for which `cs:if disambiguate="true"` holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

CSLItem = dict[str, Any]


def suffix_letters(n: int) -> str:
    """0 → a, 25 → z, 26 → aa (the CSL year-suffix sequence)."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def uses_year_suffix(style: Any) -> bool:
    """True when the style asks for year suffixes and prints the variable somewhere."""
    citation = style.root.citation
    if citation is None or citation.get("disambiguate-add-year-suffix", "false") != "true":
        return False
    return bool(style.root.xpath('//cs:text[@variable="year-suffix"]',
                                 namespaces={"cs": "http://purl.org/net/xbiblio/csl"}))


def _names(item: CSLItem, given: bool) -> tuple[tuple[str, ...], ...]:
    """Every name of the item's first non-empty name variable (what add-names can show)."""
    for variable in ("author", "editor", "translator"):
        names = item.get(variable)
        if names:
            return tuple((n.get("literal", ""), n.get("family", ""),
                          n.get("non-dropping-particle", ""),
                          n.get("given", "") if given else "") for n in names)
    return ()


def ambiguous_groups(items: Sequence[CSLItem], cite: Callable[[str], str], add_names: bool,
                     add_givenname: bool) -> list[list[str]]:
    """Groups of item ids whose citations stay identical after add-names and add-givenname.

    `cite(id)` renders one item's citation. Only items sharing a first name with another are
    rendered, so most libraries cost nothing.
    """
    candidates: dict[tuple[Any, ...], list[CSLItem]] = defaultdict(list)
    for item in items:
        candidates[_names(item, False)[:1]].append(item)
    groups: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for group in candidates.values():
        if len(group) < 2:
            continue
        for item in group:
            key: tuple[Any, ...] = (cite(str(item["id"])),)
            if add_names:
                key += (_names(item, add_givenname),)
            groups[key].append(str(item["id"]))
    return [ids for ids in groups.values() if len(ids) > 1]


def year_suffixes(groups: Sequence[Sequence[str]], order: Sequence[str]) -> dict[str, str]:
    """Item id → suffix letter, lettered in bibliography `order` within each ambiguous group."""
    position = {key: n for n, key in enumerate(order)}
    suffixes: dict[str, str] = {}
    for ids in groups:
        for n, key in enumerate(sorted(ids, key=lambda k: position.get(k, 0))):
            suffixes[key] = suffix_letters(n)
    return suffixes


def uses_disambiguate_condition(style: Any) -> bool:
    """True when the style has `cs:if disambiguate="true"` branches."""
    return bool(style.root.xpath('//*[@disambiguate="true"]',
                                 namespaces={"cs": "http://purl.org/net/xbiblio/csl"}))


def _year(item: CSLItem) -> Any:
    """The issued year (or the literal date), for grouping candidates."""
    issued = item.get("issued") or {}
    parts = issued.get("date-parts") or []
    return tuple(tuple(p[:1]) for p in parts) or issued.get("literal")
