"""The library: every `bib/*.bib` file of a root folder, read as one set of entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .bibfile import EntryBlock
from .cache import ParseCache, gc_paused
from .config import Config, load_config
from .document import BibFile, load_bibfile, load_bibfiles
from .errors import (
    BibSyntaxError, ConflictError, Diagnostic, Location, NotFoundError, SyllabibError,
)
from .model import Entry
from .resolve import LazyFields, apply_crossref, define_macros

from .config import STATE_DIR, state_dir  # noqa: F401  (re-exported: many modules use them)


def display_path(path: Path) -> str:
    """`path` relative to the working directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass
class Library:
    """All entries of a library, resolved for display, plus where each one is written."""

    root: Path
    config: Config
    files: list[BibFile] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)  # clean entries, in file order
    diagnostics: list[Diagnostic] = field(default_factory=list)
    skipped: int = 0  # entries left out because of problems
    unreadable: list[SyllabibError] = field(default_factory=list)
    _by_key: dict[str, Entry] = field(default_factory=dict)
    _blocks: dict[str, tuple[BibFile, EntryBlock]] = field(default_factory=dict)
    duplicate_keys: set[str] = field(default_factory=set)
    macros: dict[str, str] = field(default_factory=dict)  # @string macros of every file, resolved
    crossrefs: dict[str, str] = field(default_factory=dict)  # key -> its crossref, as resolved

    @property
    def bib_dir(self) -> Path:
        """The `bib/` folder."""
        return self.root / "bib"

    def get(self, key: str) -> Entry:
        """The entry with citation key `key`; BibSyntaxError at its file:line when it was skipped
        for its problems, NotFoundError with close keys when there is none."""
        entry = self._by_key.get(key)
        if entry is None:
            found = self._blocks.get(key)
            if found is not None and found[1].problems:
                from .bibfile import entry_diagnostics

                raise BibSyntaxError.collected(entry_diagnostics(found[0].parsed.path, found[1]))
            raise NotFoundError(f"no entry with key '{key}'", hint=self.suggest(key))
        return entry

    def parent(self, entry: Entry) -> Entry | None:
        """The entry's crossref parent, when it has one that is in the library."""
        name = self.crossrefs.get(entry.key)
        return None if name is None else self._by_key.get(name)

    def __contains__(self, key: str) -> bool:
        return key in self._blocks

    def locate(self, key: str) -> tuple[BibFile, EntryBlock]:
        """The file and block of `key` (entries with problems included)."""
        found = self._blocks.get(key)
        if found is None:
            raise NotFoundError(f"no entry with key '{key}'", hint=self.suggest(key))
        return found

    def raw(self, key: str) -> str:
        """The entry's text exactly as written in its file."""
        bib, block = self.locate(key)
        return bib.text[block.start:block.end]

    def suggest(self, key: str) -> str | None:
        """A hint naming the closest existing keys."""
        import difflib

        close = difflib.get_close_matches(key, list(self._blocks), n=3, cutoff=0.6)
        lowered = [k for k in self._blocks if k.lower() == key.lower() and k != key]
        close = lowered + [k for k in close if k not in lowered]
        return f"did you mean {', '.join(close[:3])}?" if close else "list keys with `syllabib list`"

    def file_for(self, name: str | None) -> BibFile:
        """The file new entries go to: `name`, the configured default, or the only file."""
        wanted = name or self.config.default_file
        if wanted:
            path = Path(wanted)
            candidates = [self.root / path, self.bib_dir / path, self.bib_dir / f"{path}.bib"]
            for bib in self.files:
                if any(bib.path.resolve() == c.resolve() for c in candidates):
                    return bib
            if name and path.suffix == ".bib" and len(path.parts) == 1:
                return self._new_file(self.bib_dir / path)
            raise NotFoundError(f"no library file {wanted}",
                                hint="choose one of " + ", ".join(b.path.name for b in self.files)
                                + ", or give a new NAME.bib to create it")
        if len(self.files) == 1:
            return self.files[0]
        if not self.files:
            return self._new_file(self.bib_dir / "library.bib")
        raise ConflictError("the library has several .bib files; which one?",
                            hint="pass --file NAME, or set default_file in syllabib.toml")

    def _new_file(self, path: Path) -> BibFile:
        from .document import new_bibfile

        bib = new_bibfile(path, display_path(path))
        self.files.append(bib)
        return bib


def load_library(root: Path, use_cache: bool = True) -> Library:
    """Read every bib/*.bib file of `root`; malformed entries are skipped and reported."""
    library = Library(root, load_config(root))
    cache = ParseCache(state_dir(root) / "cache" if use_cache else None)
    paths = sorted(library.bib_dir.glob("*.bib"))
    for path, read in zip(paths, load_bibfiles([(p, display_path(p)) for p in paths], cache)):
        if isinstance(read, BibSyntaxError):
            library.unreadable.append(read)
            library.diagnostics.append(Diagnostic(read.location or Location(path),
                                                  "unreadable-file", read.message, read.hint))
        else:
            library.files.append(read)
    with gc_paused():
        _resolve(library)
    return library


def _resolve(library: Library) -> None:
    library.macros = macros = define_macros(
        (s.name, s.value) for bib in library.files for s in bib.parsed.strings)
    crossrefs: list[Entry] = []
    for bib in library.files:
        library.diagnostics.extend(bib.parsed.diagnostics())
        for block in bib.parsed.entries:
            if block.key in library._blocks:
                library.duplicate_keys.add(block.key)
                first = library._blocks[block.key][0].parsed.path
                library.diagnostics.append(Diagnostic(
                    Location(bib.parsed.path, block.line), "duplicate-key",
                    f"citation key '{block.key}' is already used in {first}",
                    "rename one of them: keys are unique across the library"))
                continue
            library._blocks[block.key] = (bib, block)
            if block.problems:
                library.skipped += 1
                continue
            entry = _entry(bib, block, macros)
            library.entries.append(entry)
            library._by_key[entry.key] = entry
            if block.field("crossref") is not None:
                library.crossrefs[entry.key] = entry.fields["crossref"].strip()
                crossrefs.append(entry)
    for entry in crossrefs:
        parent = library.parent(entry)
        if parent is not None:
            entry.fields = apply_crossref(entry.fields, parent.fields)


def _entry(bib: BibFile, block: EntryBlock, macros: dict[str, str]) -> Entry:
    fields = LazyFields(bib.text, block.start, block.fields, macros)
    return Entry(block.key, block.entry_type.lower(), fields, Location(bib.parsed.path, block.line))


def load_files(paths: list[Path], root: Path | None = None) -> Library:
    """A library made of the given .bib files (no cache), e.g. a file outside any library."""
    root = root or (paths[0].parent if paths else Path.cwd())
    library = Library(root, load_config(root))
    for path in paths:
        library.files.append(load_bibfile(path, ParseCache(None), display_path(path)))
    _resolve(library)
    return library
