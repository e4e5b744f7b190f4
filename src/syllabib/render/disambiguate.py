"""CSL disambiguation (citeproc-py has none), in the order CSL 1.0.2 §Disambiguation gives:

1. `disambiguate-add-givenname`: names are expanded to initials, then to full given names.
   With a `givenname-disambiguation-rule` other than `by-cite` this is also *global name
   disambiguation*: every rendered name whose family name another rendered name shares is
   expanded as far as it takes to tell the two apart, ambiguous cite or not.
2. `disambiguate-add-names`: names hidden by et-al abbreviation are added one at a time to all
   cites of an ambiguous set, an added name expanded when only that tells them apart.
3. `cs:if disambiguate="true"`, then 4. `disambiguate-add-year-suffix` (done by the engine on
   the groups this module leaves ambiguous).

The algorithm works on keys and rendered text only: the engine renders a cite (`render`) with
the names and given-name levels held in each item's `ItemState`, which the compat layer
applies while citeproc-py renders (and, for the bibliography, so that each entry shows what
told its cite apart).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

CSLItem = dict[str, Any]
_NS = {"cs": "http://purl.org/net/xbiblio/csl"}

SHORT, INITIALS, FULL = 0, 1, 2  # how much of a name shows: family only, initials, given name


@dataclass(frozen=True)
class NameKey:
    """A person's name as disambiguation compares it (periods ignored)."""

    family: str
    initials: str
    given: str
    literal: bool = False


@dataclass(frozen=True)
class NameSet:
    """One name list as rendered in a cite: the `pos`-th `cs:names` output of the cite."""

    pos: int
    names: tuple[NameKey, ...]  # every name of the variable
    shown: int  # names the style's et-al options show
    base: int  # SHORT, INITIALS or FULL: what the style's name options show
    initials: bool  # the style initialises (so INITIALS differs from FULL)


@dataclass
class ItemState:
    """What disambiguation changed for one item: names shown per name list, and the
    expansion level of single names, by (name list, name index)."""

    names: dict[int, int] = field(default_factory=dict)
    givens: dict[tuple[int, int], int] = field(default_factory=dict)

    def copy(self) -> ItemState:
        """An independent copy (for trying a step and taking it back)."""
        return ItemState(dict(self.names), dict(self.givens))

    def restore(self, saved: ItemState) -> None:
        """Take back everything changed since `saved` was copied (in place: the state is
        attached to the item being rendered)."""
        self.names, self.givens = dict(saved.names), dict(saved.givens)


@dataclass(frozen=True)
class Rules:
    """A style's disambiguation options (cs:citation attributes)."""

    add_names: bool = False
    add_givenname: bool = False
    rule: str = "by-cite"
    year_suffix: bool = False
    condition: bool = False

    @property
    def active(self) -> bool:
        """True when the style asks for any disambiguation."""
        return self.add_names or self.add_givenname or self.year_suffix or self.condition

    @property
    def global_names(self) -> bool:
        """Names are expanded in every cite, ambiguous or not (rules other than by-cite)."""
        return self.add_givenname and self.rule != "by-cite"

    @property
    def primary_only(self) -> bool:
        """Only the first name of each cite is expanded."""
        return self.rule.startswith("primary-name")

    @property
    def initials_only(self) -> bool:
        """Expansion stops at initials."""
        return self.rule.endswith("with-initials")


def rules_of(style: Any) -> Rules:
    """The disambiguation rules of a parsed citeproc-py style."""
    citation = style.root.citation
    if citation is None:
        return Rules()
    return Rules(add_names=citation.get("disambiguate-add-names", "false") == "true",
                 add_givenname=citation.get("disambiguate-add-givenname", "false") == "true",
                 rule=citation.get("givenname-disambiguation-rule", "by-cite"),
                 year_suffix=uses_year_suffix(style), condition=uses_disambiguate_condition(style))


def name_key(given: str | None, family: str | None, particle: str | None = None,
             literal: str | None = None) -> NameKey:
    """The comparison key of one name (family with its non-dropping particle)."""
    if literal:
        return NameKey(_plain(literal), "", "", literal=True)
    given = _plain(given or "")
    initials = " ".join(part[0] if part[:1].isupper() else part
                        for part in re.split(r"[\s-]+", given) if part)
    return NameKey(_plain(f"{particle or ''} {family or ''}"), initials, given)


def _plain(text: str) -> str:
    """Periods and repeated spaces out (`H. L.` and `H L` are the same initials)."""
    return " ".join(str(text).replace(".", " ").split())


def suffix_letters(n: int) -> str:
    """0 → a, 25 → z, 26 → aa (the CSL year-suffix sequence)."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def uses_year_suffix(style: Any) -> bool:
    """True when the style asks for year suffixes (printed where the style puts the
    variable, else after the first year of each cite and entry)."""
    citation = style.root.citation
    return citation is not None and citation.get("disambiguate-add-year-suffix") == "true"


def uses_disambiguate_condition(style: Any) -> bool:
    """True when the style has `cs:if disambiguate="true"` branches."""
    return bool(style.root.xpath('//*[@disambiguate="true"]', namespaces=_NS))


_NAME_VARIABLES = ("author", "editor", "translator")


def _first_names(item: CSLItem) -> tuple[Any, ...]:
    """The first name of the item's first non-empty name variable: cites that differ here
    cannot render alike (a cheap filter before rendering anything)."""
    for variable in _NAME_VARIABLES:
        names = item.get(variable)
        if names:
            first = names[0]
            return (first.get("literal", ""), first.get("family", ""),
                    first.get("non-dropping-particle", ""))
    return ()


def collision_buckets(items: Sequence[CSLItem]) -> list[list[str]]:
    """Ids of items whose cites might render alike (same first name), in buckets of two or more."""
    buckets: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for item in items:
        buckets[_first_names(item)].append(str(item["id"]))
    return [ids for ids in buckets.values() if len(ids) > 1]


Registry = dict[str, dict[str, set[str]]]  # family → initials → given names


def name_registry(items: Sequence[CSLItem], rules: Rules) -> Registry:
    """Every personal name with a given name in the items' name variables (only the first
    of each list under a `primary-name` rule), by family name and initials.

    citeproc-js registers each name it renders, in the bibliography too, and a cite's name
    is compared with all of them (`C. Hicks` because an edition is edited by R. D. Hicks):
    the names in the data stand for what gets rendered.
    """
    registry: Registry = defaultdict(lambda: defaultdict(set))
    for item in items:
        for value in item.values():
            if not _is_name_list(value):
                continue
            for name in value[:1] if rules.primary_only else value:
                key = name_key(name.get("given"), name.get("family"),
                               name.get("non-dropping-particle"), name.get("literal"))
                if not key.literal and key.given:
                    registry[key.family][key.initials].add(key.given)
    return registry


def name_suspects(items: Sequence[CSLItem], registry: Registry) -> set[str]:
    """Ids of items with a name that global name disambiguation could expand: its family
    name comes with other initials or another given name in the registry."""
    ambiguous = {family for family, initials in registry.items()
                 if len(initials) > 1 or any(len(g) > 1 for g in initials.values())}
    if not ambiguous:
        return set()
    found = set()
    for item in items:
        for value in item.values():
            if _is_name_list(value) and any(
                    name_key(n.get("given"), n.get("family"), n.get("non-dropping-particle"),
                             n.get("literal")).family in ambiguous for n in value):
                found.add(str(item["id"]))
                break
    return found


def _is_name_list(value: Any) -> bool:
    """True for a CSL-JSON name list."""
    return isinstance(value, list) and bool(value) and isinstance(value[0], dict) and (
        "family" in value[0] or "literal" in value[0] or "given" in value[0])


def global_levels(namesets: dict[str, list[NameSet]], registry: Registry, rules: Rules
                  ) -> dict[str, dict[tuple[int, int], int]]:
    """Global name disambiguation (rules other than by-cite): per item, the level of each
    rendered name that shares its family name with a different registered name.

    Initials are enough when they differ; full given names when the initials are the same
    (or the style does not initialise); `…-with-initials` rules never go past initials.
    """
    if not rules.global_names:
        return {}
    out: dict[str, dict[tuple[int, int], int]] = {}
    for key, sets in namesets.items():
        for index, name, nameset in _expandable(sets, rules):
            if not name.given or name.family not in registry:
                continue
            level = _global_level(registry[name.family], name, nameset, rules)
            if level > nameset.base:
                out.setdefault(key, {})[(nameset.pos, index)] = level
    return out


def _expandable(sets: Iterable[NameSet], rules: Rules) -> Iterable[tuple[int, NameKey, NameSet]]:
    """(index, name, name list) of the rendered personal names a rule may expand."""
    for nameset in sets:
        for index, name in enumerate(nameset.names[:nameset.shown]):
            if not name.literal and not (rules.primary_only and index > 0):
                yield index, name, nameset


def _global_level(initials: dict[str, set[str]], name: NameKey, nameset: NameSet,
                  rules: Rules) -> int:
    """The level a registered name needs among the names of its family."""
    if rules.initials_only:
        return INITIALS if nameset.initials and len(initials) > 1 else SHORT
    level = INITIALS if len(initials) > 1 else SHORT
    if len(initials[name.initials]) > 1 or (level and not nameset.initials):
        level = FULL
    return level


class Resolver:
    """Cite disambiguation over groups of items whose cites render alike."""

    def __init__(self, render: Callable[[str], str], states: dict[str, ItemState],
                 namesets: dict[str, list[NameSet]], rules: Rules) -> None:
        self.render = render
        self.states = states
        self.namesets = namesets
        self.rules = rules

    def resolve(self, group: list[str]) -> list[list[str]]:
        """Split one ambiguous group as far as the rules allow; the parts left ambiguous."""
        parts = [group]
        if self.rules.add_givenname:
            parts = [q for p in parts for q in self._by_givens(p)]
        if self.rules.add_names:
            parts = [q for p in parts for q in (self._by_names(p) if len(p) > 1 else [p])]
        return [p for p in parts if len(p) > 1]

    def split(self, group: Sequence[str]) -> list[list[str]]:
        """The group's keys by rendered cite, in first-seen order."""
        by_text: dict[str, list[str]] = {}
        for key in group:
            by_text.setdefault(self.render(key), []).append(key)
        return list(by_text.values())

    def _by_givens(self, group: list[str]) -> list[list[str]]:
        """Step 1 for the names each cite shows: name by name, initials then full names,
        kept where they tell cites apart (by-cite: stop once the cites differ)."""
        pending, done = [group], []
        for pos, index in self._shown_positions(group):
            still = []
            for part in pending:
                parts = self._try_levels(part, pos, index)
                done += [p for p in parts if len(p) == 1]
                still += [p for p in parts if len(p) > 1]
            pending = still
            if not pending:
                break
        return done + pending

    def _shown_positions(self, group: Sequence[str]) -> list[tuple[int, int]]:
        """(name list, index) of every name shown in some cite of the group."""
        found: set[tuple[int, int]] = set()
        for key in group:
            for nameset in self.namesets.get(key, ()):
                shown = self.states[key].names.get(nameset.pos, nameset.shown)
                found.update((nameset.pos, i) for i in range(min(shown, len(nameset.names))))
        return sorted(p for p in found if not (self.rules.primary_only and p[1] > 0))

    def _try_levels(self, group: list[str], pos: int, index: int) -> list[list[str]]:
        """Expand name `index` of list `pos` in every cite of the group, to initials and
        then to full names; keep the first level that splits the group, else undo."""
        levels = (INITIALS,) if self.rules.initials_only else (INITIALS, FULL)
        for level in levels:
            names = [self._name(key, pos, index) for key in group]
            if any(n is None for n in names) or not self._differ(names, level):
                continue
            saved = {key: self.states[key].copy() for key in group}
            for key in group:
                givens = self.states[key].givens
                givens[(pos, index)] = max(givens.get((pos, index), 0), level)
            parts = self.split(group)
            if len(parts) > 1:
                return parts
            self._restore(saved)
        return [group]

    def _restore(self, saved: dict[str, ItemState]) -> None:
        """Undo a step that told no cites apart."""
        for key, state in saved.items():
            self.states[key].restore(state)

    def _name(self, key: str, pos: int, index: int) -> tuple[NameKey, NameSet] | None:
        """Name `index` of list `pos` of an item's cite, with its list."""
        for nameset in self.namesets.get(key, ()):
            if nameset.pos == pos and index < len(nameset.names):
                return nameset.names[index], nameset
        return None

    def _differ(self, names: Sequence[tuple[NameKey, NameSet] | None], level: int) -> bool:
        """True when showing names at `level` can tell at least two of them apart."""
        shown = set()
        for found in names:
            assert found is not None
            name, nameset = found
            initials = level == INITIALS and nameset.initials
            shown.add((name.family, name.initials if initials else name.given))
        return len(shown) > 1

    def _by_names(self, group: list[str]) -> list[list[str]]:
        """Step 2: names hidden by et-al are added one at a time to every cite of the group
        until that tells some apart; each part left ambiguous goes on alone."""
        for pos in sorted({s.pos for key in group for s in self.namesets.get(key, ())}):
            parts = self._add_names_at(group, pos)
            if len(parts) > 1:
                return [q for p in parts for q in (self._by_names(p) if len(p) > 1 else [p])]
        return [group]

    def _add_names_at(self, group: list[str], pos: int) -> list[list[str]]:
        """The smallest number of names in list `pos` that splits the group (names added
        to all of it, an added name expanded if only that helps); undone if none does."""
        lists = [self._nameset(key, pos) for key in group]
        if any(s is None for s in lists):
            return [group]
        start = max(self.states[k].names.get(pos, s.shown) for k, s in zip(group, lists) if s)
        total = max(len(s.names) for s in lists if s)
        saved = {key: self.states[key].copy() for key in group}
        for count in range(start + 1, total + 1):
            if not self._names_differ(lists, count):
                continue
            for key in group:
                self.states[key].names[pos] = count
            parts = self.split(group)
            if len(parts) == 1 and self.rules.add_givenname:
                for index in range(start, count):
                    if not (self.rules.primary_only and index > 0):
                        parts = self._try_levels(group, pos, index)
                        if len(parts) > 1:
                            break
            if len(parts) > 1:
                return parts
        self._restore(saved)
        return [group]

    def _nameset(self, key: str, pos: int) -> NameSet | None:
        """An item's name list `pos` as its cite renders it."""
        return next((s for s in self.namesets.get(key, ()) if s.pos == pos), None)

    def _names_differ(self, lists: Sequence[NameSet | None], count: int) -> bool:
        """True when the first `count` names differ between some of the lists (with given
        names if the rules may expand them)."""
        def shown(nameset: NameSet) -> tuple[Any, ...]:
            names = nameset.names[:count]
            if self.rules.add_givenname:
                return tuple((n.family, n.given) for n in names)
            return tuple(n.family for n in names)

        return len({shown(s) for s in lists if s is not None}) > 1


def year_suffixes(groups: Sequence[Sequence[str]], order: Sequence[str]) -> dict[str, str]:
    """Item id → suffix letter, lettered in bibliography `order` within each ambiguous group."""
    position = {key: n for n, key in enumerate(order)}
    suffixes: dict[str, str] = {}
    for ids in groups:
        for n, key in enumerate(sorted(ids, key=lambda k: position.get(k, 0))):
            suffixes[key] = suffix_letters(n)
    return suffixes
