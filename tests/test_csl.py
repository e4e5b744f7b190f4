"""The BibTeX/biblatex → CSL-JSON mapping, field by field (our own tables, not citeproc-py's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from syllabib.csl.dates import issued, month_number, parse_iso
from syllabib.csl.mapping import bib_to_csl_items, edition, page_range, to_csl_items
from syllabib.csl.names import csl_names
from syllabib.csl.richtext import csl_text, protected_groups
from syllabib.library import load_files


def item(tmp_path: Path, body: str) -> dict:
    """The CSL-JSON item of a one-entry .bib text."""
    path = tmp_path / "one.bib"
    path.write_text(body, encoding="utf-8")
    (found,) = to_csl_items(load_files([path]).entries)
    return found


@pytest.mark.parametrize("bibtype, fields, csl_type", [
    ("article", "journal = {J}", "article-journal"),
    ("article", "journaltitle = {J}, entrysubtype = {newspaper}", "article-newspaper"),
    ("book", "publisher = {P}", "book"),
    ("incollection", "booktitle = {B}", "chapter"),
    ("inbook", "booktitle = {B}", "chapter"),
    ("inproceedings", "booktitle = {B}", "paper-conference"),
    ("techreport", "institution = {I}", "report"),
    ("report", "institution = {I}", "report"),
    ("phdthesis", "school = {S}", "thesis"),
    ("mastersthesis", "school = {S}", "thesis"),
    ("thesis", "institution = {S}, type = {phdthesis}", "thesis"),
    ("online", "url = {https://example.org}", "webpage"),
    ("misc", "url = {https://example.org}", "webpage"),
    ("misc", "howpublished = {\\url{https://example.org}}", "webpage"),
    ("misc", "howpublished = {Leaflet}", "article"),
    ("manual", "organization = {O}", "report"),
    ("unpublished", "note = {Draft}", "manuscript"),
    ("proceedings", "editor = {E, F}", "book"),
    ("collection", "editor = {E, F}", "book"),
    ("legislation", "", "legislation"),
    ("standard", "", "standard"),
])
def test_types(tmp_path, bibtype, fields, csl_type) -> None:
    body = f"@{bibtype}{{k, title = {{T}}, year = 2020, {fields}}}\n"
    assert item(tmp_path, body)["type"] == csl_type


def test_article_fields(tmp_path) -> None:
    found = item(tmp_path, r"""@article{ward1999,
  author = {Ward, Tony and Keenan, Thomas},
  title = {Child Molesters' Implicit Theories},
  journal = {Journal of Interpersonal Violence},
  volume = {14}, number = {8}, pages = {821--838},
  year = {1999}, month = aug,
  doi = {https://doi.org/10.1177/088626099014008003},
  issn = {0886-2605}, language = {english},
  annotation = {Five implicit theories.},
}
""")
    assert found == {
        "id": "ward1999", "type": "article-journal",
        "author": [{"family": "Ward", "given": "Tony"}, {"family": "Keenan", "given": "Thomas"}],
        "title": "Child Molesters\u2019 Implicit Theories",
        "container-title": "Journal of Interpersonal Violence",
        "volume": "14", "issue": "8", "page": "821-838",
        "issued": {"date-parts": [[1999, 8]]},
        "DOI": "10.1177/088626099014008003", "ISSN": "0886-2605", "language": "en",
        "annote": "Five implicit theories.",
    }


def test_chapter_in_edited_book(tmp_path) -> None:
    found = item(tmp_path, r"""@incollection{quayle2002,
  author = {Quayle, Ethel and Taylor, Max}, editor = {Smith, Anna and {van der} Berg, Jan},
  title = {Paedophiles, Pornography and the Internet},
  booktitle = {Sex Offenders}, booksubtitle = {A Handbook},
  publisher = {Willan}, address = {Cullompton}, pages = {1--22}, edition = {2nd},
  series = {Crime Studies}, number = {4}, year = 2002,
}
""")
    assert found["container-title"] == "Sex Offenders: A Handbook"
    assert found["editor"][1] == {"family": "van der Berg", "given": "Jan"}
    assert (found["publisher"], found["publisher-place"]) == ("Willan", "Cullompton")
    assert found["edition"] == 2 and found["collection-title"] == "Crime Studies"
    assert found["collection-number"] == "4" and "issue" not in found


def test_report_by_institution_with_url_and_access_date(tmp_path) -> None:
    found = item(tmp_path, r"""@report{europol2020a,
  author = {{Europol}}, title = {Internet Organised Crime Threat Assessment ({IOCTA}) 2020},
  institution = {European Union Agency for Law Enforcement Cooperation}, type = {techreport},
  number = {IOCTA-2020}, location = {The Hague}, date = {2020-10-05},
  url = {https://www.europol.europa.eu/iocta_2020}, urldate = {2021-01-31},
}
""")
    assert found["author"] == [{"literal": "Europol"}]
    assert found["title"] == ('Internet Organised Crime Threat Assessment '
                              '(<span class="nocase">IOCTA</span>) 2020')
    assert found["publisher"] == "European Union Agency for Law Enforcement Cooperation"
    assert found["genre"] == "Technical report" and found["number"] == "IOCTA-2020"
    assert found["issued"] == {"date-parts": [[2020, 10, 5]]}
    assert found["accessed"] == {"date-parts": [[2021, 1, 31]]}
    assert found["URL"] == "https://www.europol.europa.eu/iocta_2020"


def test_thesis_genre_and_school(tmp_path) -> None:
    found = item(tmp_path, "@phdthesis{t, author = {Huikuri, Salla}, title = {T},"
                           " school = {University of Eastern Finland}, year = 2023}\n")
    assert found["genre"] == "PhD thesis"
    assert found["publisher"] == "University of Eastern Finland"


def test_names_are_split_before_latex_is_decoded(tmp_path) -> None:
    found = item(tmp_path, r"""@book{b,
  author = {{World Health Organization} and {\'O} Ciardha, Caoilte and van der Bruggen, Madeleine
            and Smith, Jr., John and Jean-Pierre Dupont and Sepp{\"a}l{\"a}, Aino and others},
  title = {T}, year = 2019, publisher = {P},
}
""")
    assert found["author"] == [
        {"literal": "World Health Organization"},
        {"family": "Ó Ciardha", "given": "Caoilte"},
        {"family": "Bruggen", "given": "Madeleine", "non-dropping-particle": "van der"},
        {"family": "Smith", "given": "John", "suffix": "Jr."},
        {"family": "Dupont", "given": "Jean-Pierre"},
        {"family": "Seppälä", "given": "Aino"},
    ]


def test_literal_name_with_and_inside_braces() -> None:
    assert csl_names(r"{International Centre for Missing \& Exploited Children}") == [
        {"literal": "International Centre for Missing & Exploited Children"}]
    assert csl_names("{Barnardo's and Others}") == [{"literal": "Barnardo\u2019s and Others"}]


@pytest.mark.parametrize("raw, expected", [
    ("The {AIDS} epidemic", 'The <span class="nocase">AIDS</span> epidemic'),
    ("{{The WHO Report}}", '<span class="nocase">The WHO Report</span>'),
    (r"Caf{\'e} culture", "Café culture"),
    (r"\emph{Homo} sapiens", "Homo sapiens"),
    ("Users' views", "Users\u2019 views"),
    ("Children's rights", "Children\u2019s rights"),
    (r"Pages 10--20 \& more", "Pages 10\u201320 & more"),
    (r"An \enquote{inside} view", "An \u201cinside\u201d view"),
])
def test_title_text(raw, expected) -> None:
    assert csl_text(raw) == expected


def test_protected_groups_skip_macro_arguments() -> None:
    assert protected_groups(r"\textbf{Bold} and {Kept}") == [
        (r"\textbf{Bold} and ", False), ("Kept", True)]


@pytest.mark.parametrize("fields, expected", [
    ({"year": "2020"}, {"date-parts": [[2020]]}),
    ({"year": "2020", "month": "mar"}, {"date-parts": [[2020, 3]]}),
    ({"year": "2020", "month": "March", "day": "5"}, {"date-parts": [[2020, 3, 5]]}),
    ({"year": "2020", "month": "11"}, {"date-parts": [[2020, 11]]}),
    ({"date": "2019-05"}, {"date-parts": [[2019, 5]]}),
    ({"date": "2018/2019"}, {"date-parts": [[2018], [2019]]}),
    ({"date": "2018-01-05/2018-02-07"}, {"date-parts": [[2018, 1, 5], [2018, 2, 7]]}),
    ({"date": "1999/"}, {"date-parts": [[1999]]}),
    ({"date": "1850~"}, {"date-parts": [[1850]], "circa": True}),
    ({"date": "2001-22"}, {"date-parts": [[2001]], "season": 2}),
    ({"year": "n.d."}, {"literal": "n.d."}),
])
def test_dates(fields, expected) -> None:
    assert issued(fields) == expected


def test_forthcoming_is_a_status_not_a_date(tmp_path) -> None:
    found = item(tmp_path, "@article{f, author = {A, B}, title = {T}, journal = {J},"
                           " year = {forthcoming}}\n")
    assert found["status"] == "forthcoming" and "issued" not in found
    found = item(tmp_path, "@article{f, author = {A, B}, title = {T}, journal = {J},"
                           " pubstate = {forthcoming}}\n")
    assert found["status"] == "forthcoming"


def test_month_numbers() -> None:
    assert [month_number(m) for m in ("jan", "Feb", "3", "09", "December", "13", "x")] == [
        1, 2, 3, 9, 12, None, None]
    assert parse_iso("2020-13") is None


@pytest.mark.parametrize("raw, expected", [
    ("2", 2), ("2nd", 2), ("3rd ed.", 3), ("second", 2), ("Fifth", 5), ("Revised", "Revised")])
def test_edition_as_ordinal_number(raw, expected) -> None:
    assert edition(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("12--34", "12-34"), ("12 -- 34", "12-34"), ("12\u201334", "12-34"), ("e1234", "e1234")])
def test_pages(raw, expected) -> None:
    assert page_range(raw) == expected


def test_url_doi_eprint_isbn(tmp_path) -> None:
    found = item(tmp_path, r"""@misc{m,
  author = {A, B}, title = {T}, year = 2021,
  url = {https://example.org/a\_b\%20c~d}, eprint = {2101.00001}, eprinttype = {arxiv},
  isbn = {978-3-16-148410-0}, doi = {doi:10.1000/xyz},
}
""")
    assert found["URL"] == "https://example.org/a_b%20c~d"
    assert found["DOI"] == "10.1000/xyz" and found["ISBN"] == "978-3-16-148410-0"


def test_crossref_parent_fills_container(tmp_path) -> None:
    path = tmp_path / "two.bib"
    path.write_text("@incollection{c, author = {A, B}, title = {Ch}, crossref = {p}, pages = {1--2}}"
                    "\n\n@collection{p, editor = {E, F}, title = {Book}, publisher = {P},"
                    " year = 2000}\n", encoding="utf-8")
    child = bib_to_csl_items(path)[0]
    assert child["container-title"] == "Book" and child["issued"] == {"date-parts": [[2000]]}
    assert child["editor"] == [{"family": "E", "given": "F"}] and child["publisher"] == "P"


def test_sets_are_not_references(tmp_path) -> None:
    path = tmp_path / "s.bib"
    path.write_text("@set{s, entryset = {a}}\n\n@book{a, author = {A, B}, title = {T},"
                    " year = 2000}\n", encoding="utf-8")
    assert [i["id"] for i in bib_to_csl_items(path)] == ["a"]


def test_every_corpus_entry_maps() -> None:
    from tests.conftest import CORPUS_FILES

    for path in CORPUS_FILES:
        for found in bib_to_csl_items(path):
            assert found["id"] and found["type"]


def test_number_ranges_and_series_keys(tmp_path) -> None:
    found = item(tmp_path, "@report{r, author = {A, B}, title = {T}, institution = {I},"
                           " number = {99-02}, series = {newseries}, year = 1999}\n")
    assert found["number"] == "99\u201302" and found["collection-title"] == "new series"
