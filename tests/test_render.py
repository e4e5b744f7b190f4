"""Rendering: styles, locales, citeproc-py with the compat layer, the format/cite/styles commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from syllabib.cli import app
from syllabib.errors import EXIT_NOT_FOUND, NotFoundError
from syllabib.render import compat, punctuation
from syllabib.render.engine import render_bibliography, render_citations
from syllabib.render.locales import resolve_locale
from syllabib.render.styles import find_style, search_styles

LIBRARY = r"""@book{howitt2007role,
  author    = {Howitt, Dennis and Sheldon, Kerry},
  title     = {The Role of Cognitive Distortions in Paedophilic Offending},
  publisher = {Routledge},
  year      = {2007},
  annotation = {Compares internet and contact offenders.},
}

@article{ward1999implicit,
  author  = {Ward, Tony and Keenan, Thomas},
  title   = {Child Molesters' Implicit Theories},
  journal = {Journal of Interpersonal Violence},
  volume = {14}, number = {8}, pages = {821--838},
  year    = {1999}, doi = {10.1177/088626099014008003},
  note = {Widely cited},
}

@incollection{quayle2002,
  author    = {Quayle, Ethel and Taylor, Max},
  editor = {Smith, Anna},
  title     = {Paedophiles, Pornography and the Internet},
  booktitle = {Sex Offenders},
  publisher = {Willan}, pages = {1--22},
  year      = {2002},
}
"""
ITEMS = [
    {"id": "b", "type": "book", "author": [{"family": "Hämäläinen", "given": "Aino"}],
     "title": "Second", "issued": {"date-parts": [[2020]]}},
    {"id": "a", "type": "book", "author": [{"family": "Howitt", "given": "Dennis"}],
     "title": "First", "issued": {"date-parts": [[2007]]}},
    {"id": "c", "type": "article-journal", "author": [{"family": "Ó Ciardha", "given": "C."}],
     "title": "Third", "container-title": "J", "issued": {"date-parts": [[2013]]}},
]


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def lib(make_library, monkeypatch) -> Path:
    root = make_library({"review.bib": LIBRARY})
    monkeypatch.chdir(root)
    return root


# -- styles and locales ------------------------------------------------------------------------


@pytest.mark.parametrize("name, file", [
    ("apa", "apa.csl"), ("APA", "apa.csl"), ("vancouver", "nlm-citation-sequence.csl"),
    ("harvard1", "harvard-cite-them-right.csl"), ("mla", "modern-language-association.csl"),
    ("http://www.zotero.org/styles/ieee", "ieee.csl"), ("nature-digest", "nature.csl"),
])
def test_styles_by_id_alias_renamed_and_dependent(name, file) -> None:
    assert find_style(name).path.name == file


def test_dependent_style_keeps_its_title_and_locale() -> None:
    ref = find_style("nature-digest")
    assert ref.title == "Nature Digest" and ref.default_locale == "en-GB"


def test_style_by_path(tmp_path) -> None:
    own = tmp_path / "mine.csl"
    own.write_bytes(find_style("apa").path.read_bytes())
    assert find_style(str(own)).path == own
    with pytest.raises(NotFoundError):
        find_style(str(tmp_path / "missing.csl"))


def test_unknown_style_lists_the_closest() -> None:
    with pytest.raises(NotFoundError) as caught:
        find_style("apaa")
    assert "apa" in caught.value.hint and "syllabib styles" in caught.value.hint


def test_search_styles_by_words_in_id_or_title() -> None:
    found = [s.id for s in search_styles("chicago author date")]
    assert "chicago-author-date" in found
    assert search_styles("apa")[0].id == "apa"


@pytest.mark.parametrize("given, expected", [
    ("fi-FI", "fi-FI"), ("fi", "fi-FI"), ("fi_fi", "fi-FI"), ("en-gb", "en-GB"), ("de", "de-DE")])
def test_locales(given, expected) -> None:
    assert resolve_locale(given) == expected


def test_unknown_locale() -> None:
    with pytest.raises(NotFoundError) as caught:
        resolve_locale("xx-YY")
    assert "unknown locale" in caught.value.message


# -- the engine and the compat layer -------------------------------------------------------------


def test_compat_classes_are_the_ones_citeproc_uses() -> None:
    render_bibliography(ITEMS, "apa")
    assert compat.installed()


def test_second_field_align_label_is_split_from_the_text() -> None:
    bib = render_bibliography(ITEMS, "ieee")
    assert [r.label for r in bib.references] == ["[1]", "[2]", "[3]"]
    assert bib.references[0].text.startswith("A. Hämäläinen")
    assert bib.layout.second_field_align == "flush"


def test_author_date_styles_have_no_label_and_a_hanging_indent() -> None:
    bib = render_bibliography(ITEMS, "apa")
    assert all(r.label is None for r in bib.references) and bib.layout.hanging_indent


def test_sorting_collates_accents_like_citeproc_js() -> None:
    """CSL sort keys: Hämäläinen before Howitt, Ó Ciardha among the O's (citeproc-js order)."""
    assert [r.key for r in render_bibliography(ITEMS, "apa").references] == ["b", "a", "c"]


@pytest.mark.parametrize("html, expected", [
    ("“Title”, Journal", "“Title,” Journal"),
    ("“Title”</span>.", "“Title.”</span>"),
    ("“It’s ‘Quoted’”, J", "“It’s ‘Quoted,’” J"),
    ("Pedophiles’, J", "Pedophiles’, J"),
    ("“A ‘b’ c”; d", "“A ‘b’ c”; d"),
    # corpus social-science akers1996differential (Chicago): a question mark ends the field
    ("“Cultural Deviance Theory?”. Criminology", "“Cultural Deviance Theory?” Criminology"),
    ("“Cultural Deviance Theory?”, Criminology", "“Cultural Deviance Theory?,” Criminology"),
])
def test_punctuation_in_quote(html, expected) -> None:
    """CSL locale option punctuation-in-quote (en-US), as citeproc-js applies it."""
    assert punctuation.punctuation_in_quote(html) == expected


@pytest.mark.parametrize("html, expected", [
    ("Aksın, Ö. et al.. Effect", "Aksın, Ö. et al. Effect"),
    ("Theory?. Criminology", "Theory? Criminology"),
    ("Theory?</i>. Criminology", "Theory?</i> Criminology"),
    ("Wait... what", "Wait... what"),
])
def test_seam_punctuation(html, expected) -> None:
    assert punctuation.collapse_seam_punctuation(html) == expected


def test_locale_fi_fi_uses_finnish_terms(lib) -> None:
    result = run("format", "key:quayle2002", "--style", "apa", "--locale", "fi-FI")
    assert result.exit_code == 0, result.stderr
    # the role term is title-cased as citeproc-js does (`(Toim.)`, corpus social-science)
    assert "Teoksessa A. Smith (Toim.), Sex Offenders (s. 1–22). Willan." in result.stdout


def test_citations() -> None:
    assert render_citations(ITEMS, [["a"], ["a", "b"]], "apa") == [
        "(Howitt, 2007)", "(Hämäläinen, 2020; Howitt, 2007)"]
    assert render_citations(ITEMS, [["c"]], "ieee") == ["[3]"]


# -- commands ------------------------------------------------------------------------------


def test_cite_command(lib) -> None:
    result = run("cite", "ward1999implicit", "howitt2007role", "--style", "apa")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "(Howitt & Sheldon, 2007; Ward & Keenan, 1999)"


def test_cite_unknown_key_suggests(lib) -> None:
    result = run("cite", "ward1999")
    assert result.exit_code == EXIT_NOT_FOUND and "ward1999implicit" in result.stderr


def test_format_plain_text(lib) -> None:
    result = run("format", "--style", "apa")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split("\n\n")[2].strip() == (
        "Ward, T., & Keenan, T. (1999). Child Molesters’ Implicit Theories. Journal of "
        "Interpersonal Violence, 14(8), 821–838. https://doi.org/10.1177/088626099014008003")


def test_annotated_bibliography_prints_the_annotation_once_as_its_own_paragraph(lib) -> None:
    for args in (["--style", "apa", "--annotated"], ["--style", "apa-annotated-bibliography"]):
        out = run("format", "key:howitt2007role", *args).stdout
        assert out.count("Compares internet and contact offenders.") == 1
        assert "\n\n    Compares internet" in out


def test_annotated_style_does_not_print_the_bibtex_note_as_an_annotation(lib) -> None:
    out = run("format", "key:ward1999implicit", "--style", "apa-annotated-bibliography").stdout
    assert "Widely cited" not in out


def test_format_to_files_by_suffix(lib, tmp_path) -> None:
    for name in ("refs.md", "refs.html", "refs.tex", "refs.docx", "refs.txt"):
        result = run("format", "--style", "ieee", "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.stderr
    assert (tmp_path / "refs.md").read_text().startswith(r"\[1\] D. Howitt and K. Sheldon")
    assert (tmp_path / "refs.docx").read_bytes()[:2] == b"PK"
    import docx

    texts = [p.text for p in docx.Document(str(tmp_path / "refs.docx")).paragraphs]
    assert any(t.startswith("[1]\t") for t in texts)


def test_format_csljson_and_bibtex(lib, tmp_path) -> None:
    assert run("format", "--to", "csljson", "-o", str(tmp_path / "x.json")).exit_code == 0
    items = json.loads((tmp_path / "x.json").read_text())
    assert [i["id"] for i in items] == ["howitt2007role", "ward1999implicit", "quayle2002"]
    result = run("format", "key:quayle2002", "--to", "bibtex")
    assert result.stdout.startswith("@incollection{quayle2002,")


def test_format_unknown_style_is_a_clear_error(lib) -> None:
    result = run("format", "--style", "apaa")
    assert result.exit_code == EXIT_NOT_FOUND
    assert "unknown style 'apaa'" in result.stderr and "Traceback" not in result.stderr


def test_docx_to_stdout_is_refused(lib) -> None:
    result = run("format", "--to", "docx")
    assert result.exit_code != 0 and "-o" in result.stderr


def test_rendering_is_cached(lib, monkeypatch) -> None:
    assert run("format", "--style", "apa").exit_code == 0
    from syllabib.render import engine

    def fail(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(engine, "render_bibliography", fail)
    assert run("format", "--style", "apa").exit_code == 0
    (lib / "bib" / "review.bib").write_text(LIBRARY.replace("2007", "2008"))
    assert isinstance(run("format", "--style", "apa").exception, AssertionError)


def test_styles_command() -> None:
    result = run("styles", "vancouver", "--json")
    assert result.exit_code == 0
    assert "vancouver-nlm" in [s["id"] for s in json.loads(result.stdout)]


def test_an_entry_citeproc_py_cannot_render_does_not_lose_the_bibliography() -> None:
    """citeproc-py 0.11.1 crashes on some date ranges (IEEE): the entry falls back to its start."""
    items = ITEMS + [{"id": "knuth", "type": "book", "author": [{"family": "Knuth", "given": "D."}],
                      "title": "Computers & Typesetting", "publisher": "Addison-Wesley",
                      "issued": {"date-parts": [[1984], [1986]]}}]
    bib = render_bibliography(items, "ieee")
    assert len(bib.references) == 4
    assert bib.references[3].text.startswith("D. Knuth, Computers & Typesetting")


@pytest.mark.parametrize("style", ["ieee", "apa", "chicago-author-date"])
def test_every_corpus_renders_in_full(style) -> None:
    from syllabib.csl.mapping import bib_to_csl_items
    from tests.conftest import ENTRY_FILES

    for path in ENTRY_FILES:
        items = bib_to_csl_items(path)[:80]
        bib = render_bibliography(items, style)
        assert sorted(r.key for r in bib.references) == sorted(i["id"] for i in items)
        assert all(r.text or r.label for r in bib.references)  # a note-only @misc prints nothing


def test_export_csljson(lib, tmp_path) -> None:
    out = tmp_path / "library.json"
    assert run("export", "--to", "csljson", "-o", str(out)).exit_code == 0
    items = {i["id"]: i for i in json.loads(out.read_text())}
    assert items["quayle2002"]["type"] == "chapter"
    assert items["quayle2002"]["container-title"] == "Sex Offenders"
    assert items["howitt2007role"]["annote"] == "Compares internet and contact offenders."


def test_year_suffix_for_same_author_same_year() -> None:
    """CSL disambiguate-add-year-suffix (citeproc-js: Europol 2020a/2020b), in title order."""
    items = [{"id": k, "type": "report", "author": [{"literal": "Europol"}], "title": t,
              "issued": {"date-parts": [[2020]]}} for k, t in (("x", "Internet"), ("y", "Exploiting"))]
    items.append({"id": "z", "type": "report", "author": [{"literal": "Europol"}],
                  "title": "Other year", "issued": {"date-parts": [[2019]]}})
    bib = render_bibliography(items, "apa")
    assert [r.text for r in bib.references] == [
        "Europol. (2019). Other year.", "Europol. (2020a). Exploiting.",
        "Europol. (2020b). Internet."]
    assert render_citations(items, [["x"], ["y"]], "apa") == ["(Europol, 2020b)", "(Europol, 2020a)"]


def test_no_year_suffix_when_more_names_tell_works_apart() -> None:
    """disambiguate-add-names comes first: different co-authors need no suffix."""
    def work(key: str, second: str) -> dict:
        return {"id": key, "type": "book", "title": key, "issued": {"date-parts": [[2013]]},
                "author": [{"family": "Merdian", "given": "H."}, {"family": second, "given": "N."},
                           {"family": "Boer", "given": "D."}]}

    bib = render_bibliography([work("a", "Wilson"), work("b", "Curtis")], "apa")
    assert all("2013)" in r.text for r in bib.references)


def test_suffix_letters() -> None:
    from syllabib.render.disambiguate import suffix_letters

    assert [suffix_letters(n) for n in (0, 1, 25, 26, 27)] == ["a", "b", "z", "aa", "ab"]


@pytest.mark.parametrize("html, expected", [
    ("““It’s Not” Chosen”", "“‘It’s Not’ Chosen”"),
    ("“The ‘Butner Study’ Redux”", "“The ‘Butner Study’ Redux”"),
    ("“A” and “B”", "“A” and “B”"),
    ("<i>“x “y”</i> z”", "<i>“x ‘y’</i> z”"),
])
def test_nested_quotes_alternate(html, expected) -> None:
    assert punctuation.flip_nested_quotes(html) == expected


@pytest.mark.parametrize("style, anonymous, edited", [
    ("apa", "CSAM Users in the Dark Web. (2021). Protect Children.",
     "Matuz, R. (Ed.). (1990). Contemporary. Gale."),
    ("harvard-cite-them-right", "CSAM Users in the Dark Web (2021). Protect Children.",
     "Matuz, R. (ed.) (1990) Contemporary. Gale."),
    ("nlm-citation-sequence", "CSAM Users in the Dark Web. Protect Children; 2021.",
     "Matuz R, editor. Contemporary. Gale; 1990."),
])
def test_substituted_variables_print_once(style, anonymous, edited) -> None:
    """CSL cs:substitute: the title or editors standing in for the author are not repeated."""
    items = [{"id": "a", "type": "book", "title": "CSAM Users in the Dark Web",
              "publisher": "Protect Children", "issued": {"date-parts": [[2021]]}},
             {"id": "b", "type": "book", "editor": [{"family": "Matuz", "given": "R."}],
              "title": "Contemporary", "publisher": "Gale", "issued": {"date-parts": [[1990]]}}]
    texts = {r.key: r.text for r in render_bibliography(items, style).references}
    assert texts["a"] == anonymous
    assert texts["b"] == edited
    again = {r.key: r.text for r in render_bibliography(items, style).references}
    assert again == texts  # the substituted variables were put back after each entry


def test_initialize_false_keeps_full_given_names() -> None:
    """CSL initialize="false" (Chicago): full names stay; names written as initials stay initials."""
    items = [{"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [[2015]]},
              "author": [{"family": "Babchishin", "given": "Kelly M."},
                         {"family": "Hanson", "given": "R. K."}]}]
    (ref,) = render_bibliography(items, "chicago-author-date").references
    assert ref.text.startswith("Babchishin, Kelly M., and R. K. Hanson. 2015.")


@pytest.mark.parametrize("given, expected", [
    ("Jean-Pierre", "Dubois, J.-P."), ("Min-jun", "Cho, M."), ("Aino-Maria", "Hämäläinen, A.-M."),
    ("Kelly M.", "Babchishin, K. M."), ("K.M.", "Babchishin, K. M.")])
def test_initials_of_hyphenated_and_dotted_given_names(given, expected) -> None:
    family = expected.split(",")[0]
    items = [{"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [[2015]]},
              "author": [{"family": family, "given": given}]}]
    (ref,) = render_bibliography(items, "apa").references
    assert ref.text.startswith(expected + " (2015)")


def test_disambiguate_condition_only_for_ambiguous_citations() -> None:
    """CSL cs:if disambiguate="true": MLA adds the title only when the author alone is ambiguous."""
    def work(key: str, family: str, title: str) -> dict:
        return {"id": key, "type": "book", "title": title, "issued": {"date-parts": [[2010]]},
                "author": [{"family": family, "given": "M."}]}

    items = [work("a", "Seto", "Pedophilia"), work("b", "Seto", "Adolescents"),
             work("c", "Ward", "Theories")]
    assert render_citations(items, [["a"], ["b"], ["c"]], "modern-language-association") == [
        "(Seto, Pedophilia)", "(Seto, Adolescents)", "(Ward)"]


def test_probing_for_ambiguity_does_not_make_notes_subsequent() -> None:
    """CSL position: a first note stays a full note after syllabib's ambiguity probe."""
    items = [{"id": k, "type": "book", "title": t, "publisher": "P",
              "issued": {"date-parts": [[y]]}, "author": [{"family": "Seto", "given": "Michael"}]}
             for k, t, y in (("a", "One", 2010), ("b", "Two", 2018))]
    assert render_citations(items, [["a"]], "chicago-notes-bibliography") == [
        "Michael Seto, One (P, 2010)."]


@pytest.mark.parametrize("title, expected", [
    ('Higher-Dimensional Algebra V: <span class="nocase">2</span>-Groups',
     "Higher-Dimensional Algebra V: 2-Groups"),
    ('A Model of a Multiple Virtual Storage (<span class="nocase">MVS</span>) Operating System',
     "A Model of a Multiple Virtual Storage (MVS) Operating System"),
    ("online offenders: a meta-analysis of the characteristics",
     "Online Offenders: A Meta-Analysis of the Characteristics"),
    ("tame the BeaST", "Tame the BeaST"),
])
def test_title_case_across_protected_spans(title, expected) -> None:
    """CSL text-case="title" (Chicago): no spaces around nocase spans, capitals after hyphens."""
    items = [{"id": "a", "type": "article-journal", "title": title, "container-title": "J",
              "author": [{"family": "Baez", "given": "John"}], "issued": {"date-parts": [[2004]]}}]
    (ref,) = render_bibliography(items, "chicago-author-date").references
    assert f"\u201c{expected}.\u201d" in ref.text


def test_number_of_volumes_label_and_numeric_ranges() -> None:
    """CSL label plurality for number-of-volumes (`5 vols.`) and is-numeric for ranges."""
    items = [{"id": "a", "type": "book", "author": [{"family": "Knuth", "given": "Donald"}],
              "title": "T", "number-of-volumes": "5", "issued": {"date-parts": [[1986]]}},
             {"id": "b", "type": "report", "author": [{"family": "Padhye", "given": "J."}],
              "title": "R", "genre": "Technical report", "number": "99\u201302",
              "publisher": "UMass", "issued": {"date-parts": [[1999]]}}]
    texts = {r.key: r.text for r in render_bibliography(items, "chicago-author-date").references}
    assert texts["a"] == "Knuth, Donald. 1986. T. 5 vols."
    apa = {r.key: r.text for r in render_bibliography(items, "apa").references}
    assert apa["b"] == "Padhye, J. (1999). R (Technical Report Nos. 99\u201302). UMass."


def test_render_cache_is_invalidated_by_a_change_in_the_engine_code(lib, monkeypatch) -> None:
    from syllabib.render import cache

    assert run("format", "--style", "apa").exit_code == 0
    monkeypatch.setattr(cache, "code_stamp", lambda: [("engine.py", 1, 2)])
    from syllabib.render import engine

    calls = []
    original = engine.render_bibliography
    monkeypatch.setattr(engine, "render_bibliography",
                        lambda *a, **k: calls.append(1) or original(*a, **k))
    assert run("format", "--style", "apa").exit_code == 0
    assert calls == [1]


def test_role_terms_title_cased_for_english_items_in_a_finnish_locale() -> None:
    """CSL text-case on terms follows citeproc-js: English items get `(Toim.)` under fi-FI."""
    items = [{"id": "a", "type": "book", "editor": [{"family": "Hicks", "given": "R. D."}],
              "title": "De Anima", "language": "en", "issued": {"date-parts": [[1907]]}}]
    (ref,) = render_bibliography(items, "apa", "fi-FI").references
    assert ref.text == "Hicks, R. D. (Toim.). (1907). De Anima."


def test_a_style_default_locale_with_extensions_falls_back_to_its_language(tmp_path) -> None:
    from syllabib.render.engine import style_and_locale

    own = tmp_path / "x.csl"
    own.write_text(find_style("apa").path.read_text(encoding="utf-8").replace(
        '<style ', '<style default-locale="en-US-x-sort-ja-alalc97" ', 1), encoding="utf-8")
    assert style_and_locale(str(own), None)[1] == "en-US"
    with pytest.raises(NotFoundError):
        style_and_locale(str(own), "xx-YY")


@pytest.mark.parametrize("style, pages, expected", [
    ("apa", "216-28", "216\u2013228"),           # expanded
    ("nlm-citation-sequence", "216-228", "216\u201328"),  # minimal
    ("nlm-citation-sequence", "1-22", "1\u201322"),       # never cut a longer last page
    ("ieee", "216-28", "216\u201328"),           # no page-range-format: as written
])
def test_page_range_formats(style, pages, expected) -> None:
    """CSL page-range-format, with abbreviated input expanded first (citeproc-js)."""
    items = [{"id": "a", "type": "article-journal", "title": "T", "container-title": "J",
              "page": pages, "author": [{"family": "Beech", "given": "A."}],
              "issued": {"date-parts": [[2008]]}}]
    (ref,) = render_bibliography(items, style).references
    assert expected in ref.text


def test_localized_date_keeps_the_locale_delimiter() -> None:
    """CSL localized date formats (NLM: `2009 Mar`), delimiter from the locale's cs:date."""
    items = [{"id": "a", "type": "article-journal", "title": "T", "container-title": "J",
              "author": [{"family": "Elliott", "given": "I."}], "volume": "21",
              "issued": {"date-parts": [[2009, 3]]}}]
    (ref,) = render_bibliography(items, "nlm-citation-sequence").references
    assert "J. 2009 Mar;21." in ref.text


def test_group_suppression_counts_only_the_branch_taken() -> None:
    """CSL cs:group suppression with cs:choose: a thesis without a number prints no
    `(Publication)`; an undated work still prints `(n.d.)` (citeproc-js)."""
    thesis = {"id": "t", "type": "thesis", "genre": "PhD thesis", "publisher": "U",
              "author": [{"family": "Loh", "given": "N."}], "title": "T",
              "issued": {"date-parts": [[1992]]}}
    undated = {"id": "u", "type": "book", "author": [{"family": "Seto", "given": "M."}],
               "title": "Pedophilia"}
    texts = {r.key: r.text for r in render_bibliography([thesis, undated], "apa").references}
    assert texts == {"t": "Loh, N. (1992). T [PhD thesis]. U.", "u": "Seto, M. (n.d.). Pedophilia."}


def test_render_cache_stays_bounded(tmp_path, monkeypatch) -> None:
    from syllabib.render import cache
    from syllabib.render.model import Bibliography

    monkeypatch.setattr(cache, "KEEP", 3)
    store = cache.RenderCache(tmp_path)
    for n in range(5):
        store.put(f"k{n}", Bibliography(()))
    assert len(list(tmp_path.glob("*.pickle"))) == 3
    assert store.get("k4") is not None
