"""Changing a library: edits collected per entry, validated, then written atomically under the lock."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from .bibedit import delete_entry, delete_field, insert_field, replace_entry, set_value
from .bibfile import EntryBlock
from .cache import ParseCache, content_hash
from .document import BibFile, EntryEdit, commit_edits
from .errors import ConflictError, Location, UsageError
from .library import Library, load_library, state_dir
from .store import atomic_write, library_lock, read_bytes, remove_stale_temporaries


class Writer:
    """Collects changes to a loaded library; `commit` validates and writes them."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._edits: dict[Path, dict[int, EntryEdit]] = {}
        self._appends: dict[Path, list[str]] = {}
        self._others: dict[Path, bytes] = {}
        self._files: dict[Path, BibFile] = {}
        self._touched: set[tuple[str, str]] = set()
        self._new_keys: set[str] = set()
        self.written: list[Path] = []

    def _edit(self, key: str) -> tuple[BibFile, EntryEdit]:
        bib, block = self.library.locate(key)
        if key in self.library.duplicate_keys:
            raise ConflictError(f"key '{key}' is used by more than one entry; not editing it",
                                Location(bib.parsed.path, block.line),
                                hint="rename one of them first (`syllabib check` lists them)")
        problem = bib.problem_at(block)
        if problem is not None:
            raise problem
        edits = self._edits.setdefault(bib.path, {})
        self._files[bib.path] = bib
        edit = edits.setdefault(block.start, EntryEdit(block))
        if edit.delete:
            raise UsageError(f"entry '{key}' is already being removed")
        return bib, edit

    def _touch(self, key: str, name: str) -> None:
        if (key, name) in self._touched:
            raise UsageError(f"field '{name}' of '{key}' is changed twice in one command")
        self._touched.add((key, name))

    def set_field(self, key: str, name: str, value: str) -> None:
        """Set field `name` (raw BibTeX text, no delimiters) of entry `key`."""
        bib, edit = self._edit(key)
        name = name.lower()
        self._touch(key, name)
        span = edit.entry.field(name)
        if span is None:
            edit.splices.append(insert_field(bib.text, edit.entry, name, value, bib.style))
        else:
            edit.splices.append(set_value(bib.text, edit.entry, span, value, bib.style))

    def delete_field(self, key: str, name: str) -> bool:
        """Remove field `name` from `key`; False when it has none."""
        bib, edit = self._edit(key)
        self._touch(key, name.lower())
        span = edit.entry.field(name)
        if span is None:
            return False
        edit.splices.append(delete_field(bib.text, edit.entry, span))
        return True

    def replace_entry(self, key: str, text: str) -> None:
        """Replace the whole text of entry `key`."""
        bib, edit = self._edit(key)
        self._touch(key, "*")
        edit.splices.append(replace_entry(edit.entry, text))

    def delete_entry(self, key: str) -> None:
        """Remove entry `key` and its lines."""
        bib, edit = self._edit(key)
        if edit.splices:
            raise UsageError(f"entry '{key}' is changed and removed in one command")
        edit.splices.append(delete_entry(bib.text, edit.entry))
        edit.delete = True

    def append(self, bib: BibFile, key: str, text: str) -> None:
        """Add a new entry (its full text) at the end of `bib`."""
        if key in self.library or key in self._new_keys:
            raise ConflictError(f"key '{key}' already exists", hint="choose another key")
        if not bib.parsed.structurally_sound:
            raise bib.problem_at(EntryBlock("", "", 0, 0, 0, ())) or UsageError("file not sound")
        self._new_keys.add(key)
        self._files[bib.path] = bib
        self._appends.setdefault(bib.path, []).append(text)

    def write_other(self, path: Path, data: bytes) -> None:
        """Write a non-BibTeX file (themes.toml) after the .bib files, under the same lock."""
        self._others[path] = data

    @property
    def pending(self) -> bool:
        """True when there is something to write."""
        return bool(self._files)

    def commit(self, cache: ParseCache | None = None) -> list[Path]:
        """Validate every changed file, then write each atomically; returns the written paths."""
        updated = [commit_edits(bib, list(self._edits.get(path, {}).values()),
                                self._appends.get(path, []))
                   for path, bib in self._files.items()]
        self._check_keys(updated)
        for new in updated:
            old = self._files[new.path]
            on_disk = read_bytes(new.path) if new.path.exists() else b""
            if content_hash(on_disk) != old.digest:
                raise ConflictError("the file changed on disk while syllabib was editing it",
                                    Location(old.parsed.path),
                                    hint="nothing was written; run the command again")
        cache = cache or ParseCache(state_dir(self.library.root) / "cache")
        for new in updated:
            if new.text != self._files[new.path].text:
                atomic_write(new.path, new.source.encode())
                cache.put(new.path, new.digest, new.parsed)  # the digest of exactly these bytes
                self.written.append(new.path)
        for path, data in self._others.items():
            atomic_write(path, data)
            self.written.append(path)
        return self.written

    def _check_keys(self, updated: list[BibFile]) -> None:
        """Edited entries may change keys: they must stay unique across the library."""
        after = {bib.path: bib for bib in updated}
        seen: dict[str, str] = {}
        for bib in self.library.files:
            for block in after.get(bib.path, bib).parsed.entries:
                if block.key in seen and block.key not in self.library.duplicate_keys:
                    raise ConflictError(f"key '{block.key}' would be used twice ({seen[block.key]}"
                                        f" and {bib.parsed.path})", hint="choose another key")
                seen[block.key] = bib.parsed.path


@contextlib.contextmanager
def writing(root: Path, keys: list[str] | None = None) -> Iterator[Writer]:
    """Lock the library, load it fresh, collect changes, write them if the block succeeds.

    With `keys` (the only entries the block will edit, none added), the writer reads and
    splices just those entries through the index instead of the whole library; an index that
    is missing or stale is rebuilt first, so that the next edits are quick too.
    """
    with library_lock(state_dir(root)):
        remove_stale_temporaries(root / "bib")
        writer = _keyed_writer(root, keys) if keys else Writer(load_library(root))
        try:
            yield writer
            writer.commit()
        finally:
            index = getattr(writer, "index", None)
            if index is not None:
                index.close()


def _keyed_writer(root: Path, keys: list[str]) -> Writer:
    """A writer over windows onto `keys` when the index can vouch for them, else the library's."""
    from .index.store import fresh_index, rebuild

    library = None
    index = fresh_index(root)
    if index is None:
        library, index = rebuild(root)
        if index is None or not index.is_fresh():
            # none can be written here, or a file changed while it was read: edit the library
            # just read, whose own checks refuse to overwrite a changed file
            if index is not None:
                index.close()
            return Writer(library)
    try:
        from .index.window import WindowWriter, open_window

        opened = open_window(index, keys)
        if opened is not None:
            return WindowWriter(opened[0], opened[1], index)
    except Exception:  # a damaged index is only a missed shortcut
        pass
    index.close()
    return Writer(library or load_library(root))
