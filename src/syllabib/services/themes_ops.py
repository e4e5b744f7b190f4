"""The theme tree, and renaming or merging themes across every file and themes.toml."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import NotFoundError, UsageError
from ..library import Library
from ..writer import writing
from .editing import Outcome


def catalogue_path(root: Path) -> Path:
    """`bib/themes.toml`."""
    return root / "bib" / "themes.toml"


def theme_tree(library: Library):
    """The themes in use and declared, as a tree with entry counts."""
    from ..catalogue import build_tree, load_catalogue

    catalogue = load_catalogue(catalogue_path(library.root))
    return build_tree((e.themes for e in library.entries), catalogue)


def rename(root: Path, old: str, new: str) -> Outcome:
    """Rename `old` and its whole subtree to `new` in every entry and in themes.toml."""
    from ..catalogue import catalogue_rename

    return _move(root, old, new, catalogue_rename)


def merge(root: Path, source: str, target: str) -> Outcome:
    """Fold theme `source` (and its subtree) into `target`; `source`'s own table goes."""
    from ..catalogue import catalogue_merge

    return _move(root, source, target, catalogue_merge)


def _move(root: Path, old: str, new: str, edit_catalogue: Callable[[str, str, str], str]) -> Outcome:
    """Retag every entry under `old` to `new`, then edit themes.toml with `edit_catalogue`."""
    from ..themes import rename_theme, under, validate_slug

    old, new = validate_slug(old), validate_slug(new)
    if under(new, old) and new != old:
        raise UsageError(f"cannot move '{old}' inside itself", hint="choose a target outside it")
    outcome = Outcome()
    with writing(root) as writer:
        for entry in writer.library.entries:
            if not any(under(t, old) for t in entry.themes):
                continue
            bib, block = writer.library.locate(entry.key)
            span = block.field("keywords")
            raw = block.raw_value(bib.text, span)
            current = raw[1:-1] if raw[:1] in '{"' else entry.fields["keywords"]
            renamed = rename_theme(current, old, new)
            if renamed is not None:
                writer.set_field(entry.key, "keywords", renamed)
                outcome.changed.append(entry.key)
        path = catalogue_path(root)
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        declared = old in text
        if not outcome.changed and not declared:
            raise NotFoundError(f"no entry or themes.toml table uses theme '{old}'",
                                hint="see the themes with `syllabib themes`")
        updated = edit_catalogue(text, old, new) if text else text
        if updated != text:
            writer.write_other(path, updated.encode("utf-8"))
    outcome.files = list(writer.written)
    return outcome
