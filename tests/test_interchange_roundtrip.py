"""Round trips: BibTeX → CSL-JSON → BibTeX keeps every mapped field; RIS → BibTeX → RIS keeps
the mapped tags. What cannot be carried is listed below, each with its reason."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from syllabib.bibtext import decode
from syllabib.csl.mapping import NOT_REFERENCES, to_csl
from syllabib.interchange import fromcsl, ris
from syllabib.library import load_files, load_library
from syllabib.services.exporting import export_ris
from syllabib.services.importing import as_written, import_text

HERE = Path(__file__).parent
CORPORA = [HERE / "corpora-own" / "social-science.bib", HERE / "corpora" / "biblatex-examples.bib"]
DATA = HERE / "data" / "interchange"

NOT_CARRIED = {
    "keywords": "csl.mapping does not write CSL `keyword` (themes stay out of CSL-JSON exports)",
    "crossref": "CSL has no cross-references; the parent's fields are copied into the item",
    "options": "biblatex processing options, not data", "langidopts": "babel options, not data",
    "sorttitle": "sorting hint", "indextitle": "index hint", "indexsorttitle": "index hint",
    "label": "label hint", "shorthand": "citation label hint", "file": "a local file path",
    "related": "biblatex related entries", "relatedtype": "biblatex related entries",
    "relatedstring": "biblatex related entries", "eid": "no CSL variable in csl.mapping",
    "afterword": "no CSL role", "annotator": "no CSL role", "introduction": "no CSL role",
    "holder": "no CSL role (patent holder)", "editoratype": "the role of editora",
    "origpublisher": "no CSL variable in csl.mapping", "origyear": "no CSL variable in csl.mapping",
    "part": "no CSL variable in csl.mapping", "issuetitle": "no CSL variable in csl.mapping",
    "mainsubtitle": "only the main title reaches CSL", "eprintclass": "arXiv class: only the link",
    "eprinttype": "becomes part of the URL (with eprint)", "booktitleaddon": "no CSL variable",
    "maintitle": "csl.mapping carries it only for a chapter (as its container, booktitle)",
    "eprint": "only arXiv, PubMed and handle eprints become a URL or PMID",
}
"""BibTeX/biblatex fields the BibTeX → CSL-JSON mapping cannot carry, with the reason."""

MOVED = {
    "date": ("year", "month", "date"), "journaltitle": ("journal",), "location": ("address",),
    "institution": ("institution", "school", "publisher"), "school": ("school",),
    "publisher": ("publisher", "institution", "school"), "subtitle": ("title",),
    "booksubtitle": ("booktitle",), "maintitle": ("booktitle",), "eprint": ("url",),
    "howpublished": ("url", "howpublished"), "langid": ("langid", "language"),
    "language": ("langid", "language"), "editora": ("editor",), "type": ("type",),
}
"""Fields that come back under another name (or are merged into another field)."""

DEFAULT_GENRE = {"techreport", "phdthesis", "mastersthesis"}


def _normalised(item: dict) -> dict:
    """A CSL item compared as a style sees it: nocase spans (which acronym protection adds)
    removed; the id (the citation key) left out."""
    text = json.dumps({k: v for k, v in item.items() if k != "id"}, ensure_ascii=False, sort_keys=True)
    return json.loads(re.sub(r'<span class=\\"nocase\\">|</span>', "", text))


def _reimported(path: Path, tmp_path: Path) -> tuple[list, list]:
    """The corpus entries, and the same entries after BibTeX → CSL-JSON → BibTeX."""
    entries = [e for e in load_files([path]).entries if e.entry_type not in NOT_REFERENCES]
    chunks = []
    for entry in entries:
        record = fromcsl.to_record(to_csl(entry))
        body = ",\n".join(f"  {name} = {value}" for name, value in as_written(record))
        chunks.append(f"@{record.entry_type}{{{entry.key},\n{body}\n}}\n")
    copy = tmp_path / "roundtrip.bib"
    copy.write_text("\n".join(chunks), encoding="utf-8")
    again = load_files([copy])
    assert not again.diagnostics
    return entries, again.entries


@pytest.mark.parametrize("path", CORPORA, ids=lambda p: p.name)
def test_bibtex_csl_bibtex_keeps_every_mapped_value(path: Path, tmp_path: Path) -> None:
    entries, again = _reimported(path, tmp_path)
    assert [e.key for e in again] == [e.key for e in entries]
    differences = [(e.key, variable) for e, f in zip(entries, again)
                   for variable in set(to_csl(e)) | set(to_csl(f))
                   if _normalised(to_csl(e)).get(variable) != _normalised(to_csl(f)).get(variable)]
    assert differences == []


@pytest.mark.parametrize("path", CORPORA, ids=lambda p: p.name)
def test_bibtex_csl_bibtex_keeps_every_mapped_field(path: Path, tmp_path: Path) -> None:
    entries, again = _reimported(path, tmp_path)
    lost = []
    for entry, back in zip(entries, again):
        for name in entry.fields:
            if name in back.fields:
                continue
            if name in MOVED and any(target in back.fields for target in MOVED[name]):
                continue
            if name in NOT_CARRIED:
                continue
            if name == "type" and back.entry_type in DEFAULT_GENRE:
                continue  # `type = {phdthesis}` on a @phdthesis says what the type says
            lost.append((entry.key, name))
    assert lost == []


def test_roundtrip_counts(tmp_path: Path) -> None:
    """The corpora really are exercised: many entries, many fields, few exceptions."""
    kept = total = 0
    for path in CORPORA:
        entries, again = _reimported(path, tmp_path)
        for entry, back in zip(entries, again):
            total += len(entry.fields)
            kept += sum(1 for n in entry.fields if n in back.fields)
    assert total > 1300 and kept / total > 0.65


# --- RIS → BibTeX → RIS -----------------------------------------------------------------

RIS_FILES = ["endnote.ris", "mendeley.ris", "zotero.ris"]


def _ris_normalised(item: dict) -> dict:
    """RIS values as a style sees them: typographic apostrophes, edition numbers, genre case,
    language names as codes, paragraph breaks as spaces (csl.mapping folds them in notes and
    abstracts); the ID (the new key) left out."""
    out = {}
    for name, value in item.items():
        if name == "id":
            continue
        text = json.dumps(value, ensure_ascii=False).replace("\u2019", "'")
        value = json.loads(text)
        if name == "edition":
            value = re.sub(r"(?<=\d)(st|nd|rd|th)$", "", str(value))
        if name == "genre":
            value = value.lower()
        if name == "language":
            value = {"english": "en"}.get(value.lower(), value)
        if name in ("note", "abstract"):
            value = re.sub(r"\s+", " ", value)
        out[name] = value
    return out


@pytest.mark.parametrize("name", RIS_FILES)
def test_ris_bibtex_ris_keeps_the_mapped_tags(name: str, make_library) -> None:
    root = make_library({"library.bib": ""})
    text = decode((DATA / name).read_bytes(), name).text
    import_text(root, text, name)
    exported = export_ris(load_library(root, use_cache=False).entries)
    before = [_ris_normalised(ris.to_csl(r)) for r in ris.read_ris(text, name)]
    after = [_ris_normalised(ris.to_csl(r)) for r in ris.read_ris(exported, "out.ris")]
    assert len(after) == len(before) >= 5
    assert after == before
