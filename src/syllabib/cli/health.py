"""Library health commands beyond `check`: `duplicates` (list likely duplicates, merge two)."""

from __future__ import annotations

from typing import Optional

import typer

from .app import app, library_root
from . import output


@app.command()
def duplicates(
    ctx: typer.Context,
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    merge: Optional[tuple[str, str]] = typer.Option(
        None, "--merge", metavar="KEEP DROP",
        help="Keep KEEP, fill the fields it lacks from DROP, then delete DROP."),
) -> None:
    """Likely duplicate entries across every file: same DOI, same ISBN, or the same title, year
    and first author (exit 1 when there are any)."""
    if merge:
        _merge(ctx, *merge)
        return
    from ..library import load_library
    from ..services.dedupe import find_duplicates, group_data

    library = load_library(library_root(ctx))
    groups = find_duplicates(library)
    if json_out:
        output.print_json([group_data(library, g) for g in groups])
    else:
        lines = []
        for group in groups:
            for key in group.keys:
                entry = library.get(key)
                lines.append(f"{entry.location}: {key} ({entry.year or 'n.d.'}) "
                             f"{(entry.text('title') or '')[:70]}")
            lines += [f"  {m.first} ~ {m.second}: {m.reason}" for m in group.matches] + [""]
        if lines:
            output.print_text("\n".join(lines).rstrip("\n"))
        output.note(f"{len(groups)} group(s) of likely duplicates in {len(library.entries)} "
                    "entries" + (" — merge with `syllabib duplicates --merge KEEP DROP`"
                                 if groups else ""))
    if groups:
        raise typer.Exit(1)


def _merge(ctx: typer.Context, keep: str, drop: str) -> None:
    from ..services.dedupe import merge_entries

    merged = merge_entries(library_root(ctx), keep, drop)
    filled = ", ".join(merged.filled) or "nothing"
    output.done(f"merged '{drop}' into '{keep}' (filled: {filled}); '{drop}' deleted")
    if merged.differing:
        output.note(f"kept '{keep}'s own value of: {', '.join(merged.differing)}")
