"""Changes to existing entries: themes, fields, annotations, whole-entry edits, removal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..bibfile import parse_text
from ..errors import BibSyntaxError, ConflictError, Location, UsageError
from ..writer import Writer, writing
from .textvalue import prose_to_bibtex


@dataclass
class Outcome:
    """What a change did: the keys changed, the keys left as they were, the files written."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def parse_tag_ops(tokens: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """Split `tag` arguments into (keys, themes to add, themes to remove)."""
    from ..themes import validate_slug

    keys, add, remove = [], [], []
    for token in tokens:
        if token.startswith("+"):
            add.append(validate_slug(token[1:]))
        elif token.startswith("-") and len(token) > 1:
            remove.append(validate_slug(token[1:]))
        else:
            keys.append(token)
    if not add and not remove:
        raise UsageError("nothing to do: give +theme to add or -theme to remove",
                         hint="e.g. syllabib tag KEY +justifications/implicit-theories -classic")
    return keys, add, remove


def tag(root: Path, keys: Sequence[str], add: Sequence[str], remove: Sequence[str],
        where: str | None = None) -> Outcome:
    """Add and remove themes on the given keys and/or the entries matching `where`."""
    from ..themes import add_themes, remove_themes

    outcome = Outcome()
    if where is not None:  # answered by the index when it can: then only those entries are read
        matched = _indexed_matches(root, keys, where)
        if matched is not None:
            keys, where = matched, None
    with writing(root, list(keys) if where is None else None) as writer:
        targets = _targets(writer, keys, where)
        for key in targets:
            raw = writer.library.get(key).fields.get("keywords")
            bib, block = writer.library.locate(key)
            span = block.field("keywords")
            current = block.raw_value(bib.text, span)[1:-1] if span else None
            if span and block.raw_value(bib.text, span)[:1] not in '{"':
                current = raw  # a bare macro: replaced by its text
            new = current
            if remove and new is not None:
                new = remove_themes(new, remove) if remove_themes(new, remove) is not None else new
            if add:
                added = add_themes(new, add)
                new = added if added is not None else new
            if new == current:
                outcome.unchanged.append(key)
            elif new:
                writer.set_field(key, "keywords", new)
                outcome.changed.append(key)
            else:
                writer.delete_field(key, "keywords")
                outcome.changed.append(key)
    outcome.files = writer.written
    return outcome


def _indexed_matches(root: Path, keys: Sequence[str], where: str) -> list[str] | None:
    """The keys plus the entries matching `where`, when the index answers the query."""
    from ..index.sql import answerable
    from ..query import compile_query
    from .indexed import list_rows

    if not answerable(compile_query(where)):
        return None
    found = [row["key"] for row in list_rows(root, where).rows]
    return list(dict.fromkeys([*keys, *found]))


def _targets(writer: Writer, keys: Sequence[str], where: str | None) -> list[str]:
    targets = list(dict.fromkeys(keys))
    for key in targets:
        writer.library.locate(key)  # unknown keys fail before anything is written
    if where is not None:
        from .selection import select

        targets += [e.key for e in select(writer.library, where) if e.key not in targets]
    if not targets:
        raise UsageError("no entries to change", hint="give keys, or --where QUERY that matches")
    return targets


def set_fields(root: Path, key: str, assignments: Sequence[str]) -> Outcome:
    """Set `name=value` pairs (values are BibTeX text, braces balanced) on one entry."""
    pairs = [_assignment(a) for a in assignments]
    with writing(root, [key]) as writer:
        for name, value in pairs:
            writer.set_field(key, name, value)
    return Outcome([key], [], writer.written)


def _assignment(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    name = name.strip().lower()
    if not sep or not name.replace("-", "").replace("_", "").isalnum():
        raise UsageError(f"expected name=value, got {text!r}", hint="e.g. doi=10.1000/xyz")
    if not value.strip():
        raise UsageError(f"empty value for '{name}'", hint=f"to remove it: syllabib unset KEY {name}")
    return name, value.strip()


def unset_fields(root: Path, key: str, names: Sequence[str]) -> Outcome:
    """Remove fields from one entry; absent fields are reported, not an error."""
    outcome = Outcome()
    with writing(root, [key]) as writer:
        for name in names:
            (outcome.changed if writer.delete_field(key, name) else outcome.unchanged).append(name)
    outcome.files = writer.written
    return outcome


def remove_entries(root: Path, keys: Sequence[str]) -> Outcome:
    """Delete whole entries."""
    with writing(root) as writer:
        for key in dict.fromkeys(keys):
            writer.delete_entry(key)
    return Outcome(list(dict.fromkeys(keys)), [], writer.written)


def current_annotation(root: Path, key: str) -> str:
    """The entry's annotation as stored (BibTeX text), '' if none."""
    from ..library import load_library

    entry = load_library(root).get(key)
    return entry.fields.get("annotation") or entry.fields.get("annote") or ""


def annotate(root: Path, key: str, text: str, raw: bool = False) -> Outcome:
    """Store `text` as the annotation of `key` (prose escaped unless `raw`); empty removes it."""
    value = text.strip() if raw else prose_to_bibtex(text)
    with writing(root, [key]) as writer:
        entry = writer.library.get(key)
        name = "annote" if "annote" in entry.fields and "annotation" not in entry.fields \
            else "annotation"
        if not value:
            changed = writer.delete_field(key, name)
        elif entry.fields.get(name, "").strip() == value:
            changed = False
        else:
            writer.set_field(key, name, value)
            changed = True
    return Outcome([key] if changed else [], [] if changed else [key], writer.written)


def entry_text(root: Path, key: str) -> str:
    """The entry's BibTeX exactly as written, for an editor."""
    from ..library import load_library

    library = load_library(root)
    bib, block = library.locate(key)
    problem = bib.problem_at(block)
    if problem is not None:
        raise problem
    return library.raw(key)


def replace_entry_text(root: Path, key: str, original: str, new_text: str,
                       label: str = "<edited entry>") -> Outcome:
    """Write back an edited entry: exactly one clean entry, and the file unchanged meanwhile."""
    new_text = new_text.strip()
    _validate_single_entry(new_text, label)
    if new_text == original.strip():
        return Outcome([], [key], [])
    with writing(root) as writer:
        if writer.library.raw(key) != original:
            bib, block = writer.library.locate(key)
            raise ConflictError(f"entry '{key}' changed in the file while you were editing it",
                                Location(bib.parsed.path, block.line),
                                hint="nothing was written; run `syllabib edit` again")
        writer.replace_entry(key, new_text)
    return Outcome([key], [], writer.written)


def _validate_single_entry(text: str, label: str) -> None:
    parsed = parse_text(text, label)
    diagnostics = parsed.diagnostics()
    if diagnostics:
        d = diagnostics[0]
        raise BibSyntaxError(f"{d.code}: {d.message}", d.location, d.hint, tuple(diagnostics))
    if len(parsed.entries) != 1 or parsed.strings or parsed.block_count != 1:
        raise BibSyntaxError("the text must hold exactly one entry and nothing else",
                             Location(label, 1), hint="nothing was written")
