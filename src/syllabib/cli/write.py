"""Commands that change the library: init, add, import, tag, set, unset, rm, annotate, edit."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .app import app, library_root
from .read import themes_app
from . import output

# `-h` is help everywhere else; here `-theme` may contain an h (`-bench/flip`), so only --help
_OPS = {"ignore_unknown_options": True, "allow_extra_args": False, "help_option_names": ["--help"]}


def _changed(outcome, verb: str) -> None:
    if outcome.changed:
        output.done(f"{verb} {len(outcome.changed)}: {', '.join(outcome.changed[:10])}"
                    + (" …" if len(outcome.changed) > 10 else ""))
    if outcome.unchanged:
        output.note(f"unchanged: {', '.join(outcome.unchanged[:10])}")


@app.command()
def init(path: Path = typer.Argument(Path("."), help="Folder for the new library.")) -> None:
    """Create a library: bib/, readinglists/, bib/themes.toml and syllabib.toml."""
    from ..services.init import init_library

    created = init_library(path)
    for item in created:
        output.note(f"created {item}")
    output.done(f"library ready in {path.resolve()}" if created else f"{path} is already a library")


def _read_source(source: str) -> tuple[str, str]:
    from ..bibtext import decode
    from ..store import read_bytes

    if source == "-":
        return decode(sys.stdin.buffer.read(), "<stdin>").text, "<stdin>"
    return decode(read_bytes(Path(source)), source).text, source


@app.command()
def add(
    ctx: typer.Context,
    source: str = typer.Argument(..., help="A .bib file with the new entries ('-' for stdin)."),
    theme: List[str] = typer.Option([], "--theme", "-t", help="Theme to give them (repeatable)."),
    annotation: Optional[str] = typer.Option(None, "--annotation", "-a", help="Annotation text."),
    file: Optional[str] = typer.Option(None, "--file", "-f", help="Library file to add to."),
    on_duplicate: str = typer.Option("error", "--on-duplicate",
                                     help="error, skip, rename (key+a) or merge (fill gaps)."),
) -> None:
    """Add entries from BibTeX, written in the library file's own style."""
    _import(ctx, source, theme, annotation, file, on_duplicate)


@app.command("import")
def import_(
    ctx: typer.Context,
    source: str = typer.Argument(..., help="A .bib, CSL-JSON (.json) or RIS (.ris) export "
                                 "(Zotero, Better BibTeX, EndNote, Mendeley …); '-' for stdin."),
    theme: List[str] = typer.Option([], "--theme", "-t", help="Theme to give them (repeatable)."),
    file: Optional[str] = typer.Option(None, "--file", "-f", help="Library file to add to."),
    on_duplicate: str = typer.Option("skip", "--on-duplicate",
                                     help="skip, rename (key+a), merge (fill gaps) or error."),
    format_: Optional[str] = typer.Option(None, "--format", help="bibtex, csljson or ris "
                                          "(default: by suffix, else by content)."),
    keep_keys: Optional[bool] = typer.Option(
        None, "--keep-keys/--new-keys", show_default=False,
        help="Keep the keys the input offers (CSL id, RIS ID) / make new ones by key_pattern. "
        "Default: keep .bib keys and Better BibTeX citation keys, make the others."),
    notes_as_annotation: bool = typer.Option(False, "--notes-as-annotation",
                                             help="RIS N1 and CSL notes become the annotation."),
) -> None:
    """Import many entries; duplicates (same key or DOI) follow --on-duplicate."""
    from ..services.importing import ImportOptions

    options = ImportOptions(format_, keep_keys, notes_as_annotation)
    _import(ctx, source, theme, None, file, on_duplicate, options)


def _import(ctx, source, themes, annotation, file, policy, options=None) -> None:
    from ..services.importing import ImportOptions, import_text

    text, label = _read_source(source)
    imported = import_text(library_root(ctx), text, label,
                           options or ImportOptions(format="bibtex"), file, themes, annotation,
                           policy)
    report = imported.report
    if report.added:
        output.done(f"added {len(report.added)}: {', '.join(report.added[:10])}"
                    + (" …" if len(report.added) > 10 else ""))
    for old, new in report.renamed:
        output.note(f"renamed {old} → {new}")
    for key, filled in report.merged:
        output.note(f"merged into {key}: {', '.join(filled) or 'nothing new'}")
    for key, reason in report.skipped:
        output.note(f"skipped {key} ({reason})")
    if imported.themelike and report.added:
        output.note(f"keywords that read as themes: {', '.join(imported.themelike[:10])} "
                    "(remove one with `syllabib tag --where 'theme:X' -X`)")


@app.command(context_settings=_OPS)
def tag(
    ctx: typer.Context,
    args: List[str] = typer.Argument(None, help="Keys and operations: +theme adds, -theme removes."),
    where: Optional[str] = typer.Option(None, "--where", help="Also tag every entry matching this query."),
) -> None:
    """Add or remove themes: `tag KEY +a/b -c`, or `tag --where 'author:quayle' +x`."""
    from ..services.editing import parse_tag_ops, tag as tag_entries

    keys, add_, remove = parse_tag_ops(args or [])
    outcome = tag_entries(library_root(ctx), keys, add_, remove, where)
    _changed(outcome, "tagged")


@app.command("set")
def set_(
    ctx: typer.Context,
    key: str = typer.Argument(..., help="Citation key."),
    assignments: List[str] = typer.Argument(..., help="name=value (BibTeX text)."),
) -> None:
    """Set fields of one entry: `set KEY doi=10.1/x year=2020`."""
    from ..services.editing import set_fields

    _changed(set_fields(library_root(ctx), key, assignments), "updated")


@app.command()
def unset(
    ctx: typer.Context,
    key: str = typer.Argument(..., help="Citation key."),
    names: List[str] = typer.Argument(..., help="Field names to remove."),
) -> None:
    """Remove fields from one entry."""
    from ..services.editing import unset_fields

    outcome = unset_fields(library_root(ctx), key, names)
    if outcome.changed:
        output.done(f"removed from {key}: {', '.join(outcome.changed)}")
    if outcome.unchanged:
        output.note(f"{key} has no {', '.join(outcome.unchanged)}")


@app.command()
def rm(
    ctx: typer.Context,
    keys: List[str] = typer.Argument(..., help="Citation keys of the entries to delete."),
) -> None:
    """Delete entries (exactly their lines; everything else stays)."""
    from ..services.editing import remove_entries

    _changed(remove_entries(library_root(ctx), keys), "removed")


@app.command()
def annotate(
    ctx: typer.Context,
    key: str = typer.Argument(..., help="Citation key."),
    text: Optional[str] = typer.Option(None, "--text", help="The annotation (prose)."),
    file: Optional[Path] = typer.Option(None, "--file", help="Read the annotation from a file."),
    raw: bool = typer.Option(False, "--raw", help="Store as BibTeX text (no escaping of & % $ # _)."),
) -> None:
    """Write an entry's annotation: --text, --file, or in $EDITOR."""
    from ..services.editing import annotate as store, current_annotation

    root = library_root(ctx)
    if text is None and file is not None:
        text = _read_text(file)
    if text is None:
        text = _edit_in_editor(current_annotation(root, key), ".txt")
        raw = True if text.strip() == current_annotation(root, key).strip() else raw
    _changed(store(root, key, text, raw), "annotated")


@app.command()
def edit(ctx: typer.Context, key: str = typer.Argument(..., help="Citation key.")) -> None:
    """Edit one entry's BibTeX in $EDITOR; it is validated before it is written back."""
    from ..services.editing import entry_text, replace_entry_text

    root = library_root(ctx)
    original = entry_text(root, key)
    edited = _edit_in_editor(original, ".bib")
    _changed(replace_entry_text(root, key, original, edited), "edited")


@themes_app.command("rename")
def themes_rename(ctx: typer.Context, old: str = typer.Argument(...), new: str = typer.Argument(...)) -> None:
    """Rename a theme and its whole subtree in every file and in themes.toml."""
    from ..services.themes_ops import rename

    _changed(rename(library_root(ctx), old, new), f"renamed {old} → {new} in")


@themes_app.command("merge")
def themes_merge(ctx: typer.Context, source: str = typer.Argument(...),
                 target: str = typer.Argument(...)) -> None:
    """Merge theme SOURCE (and its subtree) into TARGET."""
    from ..services.themes_ops import merge

    _changed(merge(library_root(ctx), source, target), f"merged {source} into {target} in")


def _read_text(path: Path) -> str:
    from ..bibtext import decode
    from ..store import read_bytes

    return decode(read_bytes(path), str(path)).text


def _edit_in_editor(initial: str, suffix: str) -> str:
    """Open $VISUAL/$EDITOR on `initial`; returns the saved text."""
    import os
    import shlex
    import subprocess
    import tempfile

    from ..errors import UsageError

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.TemporaryDirectory(prefix="syllabib-") as folder:
        path = Path(folder) / f"entry{suffix}"
        path.write_text(initial, encoding="utf-8")
        try:
            result = subprocess.run([*shlex.split(editor), str(path)])
        except OSError as exc:
            raise UsageError(f"cannot run the editor {editor!r}: {exc.strerror}",
                             hint="set $EDITOR, or use --text / --file") from None
        if result.returncode != 0:
            raise UsageError(f"the editor exited with status {result.returncode}; nothing written")
        return path.read_text(encoding="utf-8")
