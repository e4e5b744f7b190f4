"""Interchange pieces one by one: text escaping, names, dates, keys, Zotero notes, CSL-JSON and
RIS reading, and the mapping tables (each the inverse of the other direction)."""

from __future__ import annotations

import pytest

from syllabib.csl.mapping import FIELD_MAP, TYPE_MAP
from syllabib.errors import BibSyntaxError
from syllabib.interchange import biblatex, bibdates, bibnames, csljson, fromcsl, keys, ris, ris_out
from syllabib.interchange.extra import read_extra
from syllabib.interchange.record import valid_key
from syllabib.interchange.texvalue import escape, escape_prose, rich


# --- text ---------------------------------------------------------------------------------

@pytest.mark.parametrize("plain, bibtex", [
    ("Theory & Practice", r"Theory \& Practice"),
    ("100% of $5 #1 my_file", r"100\% of \$5 \#1 my\_file"),
    ("a {b} c\\d", r"a \{b\} c\textbackslash{}d"),
    ("Järvinen  Åsa\n", "Järvinen Åsa"),
    ("C.\u00a0A. Kaemmerer", "C.\u00a0A. Kaemmerer"),
])
def test_escape_specials_and_keep_unicode(plain: str, bibtex: str) -> None:
    assert escape(plain) == bibtex


def test_rich_text_markup_and_case_protection() -> None:
    assert rich('The <i>DSM-5</i> & <span class="nocase">iPhone</span> users') == \
        r"The \textit{{DSM}-5} \& {iPhone} users"
    assert rich("A study of PTSD in the UK") == "A study of {PTSD} in the {UK}"
    assert rich('<span class="nocase">WHO and UNICEF</span>') == "{WHO and UNICEF}"  # no double
    assert rich("THE WHO REPORT") == "THE WHO REPORT"  # shouting, not acronyms
    assert rich("Looking ahead for a <box> & H<sub>2</sub>O") == \
        r"Looking ahead for a <box> \& H\textsubscript{2}O"
    assert rich("Capitalised Words Stay Bare") == "Capitalised Words Stay Bare"


def test_prose_keeps_paragraphs_and_no_acronym_braces() -> None:
    assert escape_prose("First UK para.\n\n  Second & last.") == "First UK para.\n\nSecond \\& last."


# --- names --------------------------------------------------------------------------------

@pytest.mark.parametrize("name, bibtex", [
    ({"family": "Ward", "given": "Tony"}, "Ward, Tony"),
    ({"literal": "World Health Organization"}, "{World Health Organization}"),
    ({"literal": "Johnson & Johnson"}, r"{Johnson \& Johnson}"),
    ({"family": "Berg", "given": "Jan", "non-dropping-particle": "van den"}, "van den Berg, Jan"),
    ({"family": "Gogh", "given": "Vincent", "non-dropping-particle": "Van"}, "{Van Gogh}, Vincent"),
    ({"family": "Müller", "given": "Jörg", "suffix": "Jr."}, "Müller, Jr., Jörg"),
    ({"family": "Vázques de Parga", "given": "Luis"}, "{Vázques de Parga}, Luis"),
    ({"family": "Ó Ciardha", "given": "Caoilte"}, "Ó Ciardha, Caoilte"),
    ({"family": "Plato"}, "Plato"),
    ({"family": "Correa\u00a0Jr.", "given": "Telmo"}, "{Correa~Jr.}, Telmo"),
])
def test_csl_name_to_bibtex(name: dict, bibtex: str) -> None:
    assert bibnames.bibtex_name(name) == bibtex


def test_name_list_roundtrips_through_the_bibtex_parser() -> None:
    from syllabib.csl.names import csl_names

    names = [{"family": "Ward", "given": "Tony"}, {"literal": "World Health Organization"},
             {"family": "Berg", "given": "Jan", "non-dropping-particle": "van den"},
             {"family": "Müller", "given": "Jörg", "suffix": "Jr."}]
    assert csl_names(bibnames.bibtex_names(names)) == names


@pytest.mark.parametrize("raw, name", [
    ("Ward, Tony", {"family": "Ward", "given": "Tony"}),
    ("World Health Organization,", {"literal": "World Health Organization"}),  # EndNote
    ("World Health Organization", {"literal": "World Health Organization"}),  # Zotero
    ("NSPCC", {"family": "NSPCC"}),
    ("King, Martin Luther, Jr.", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
])
def test_ris_names(raw: str, name: dict) -> None:
    assert bibnames.ris_name(raw) == name


# --- dates --------------------------------------------------------------------------------

@pytest.mark.parametrize("date, fields", [
    ({"date-parts": [[2019]]}, {"year": "2019"}),
    ({"date-parts": [["2019", "5"]]}, {"year": "2019", "month": "may"}),  # Zotero's strings
    ({"date-parts": [[2019, 5, 3]]}, {"date": "2019-05-03"}),
    ({"date-parts": [[2019], [2020]]}, {"date": "2019/2020"}),
    ({"date-parts": [[2019]], "season": 1}, {"date": "2019-21"}),
    ({"date-parts": [[1850]], "circa": True}, {"date": "1850~"}),
    ({"raw": "2004-03"}, {"year": "2004", "month": "mar"}),
    ({"raw": "Spring 2018"}, {"date": "2018-21"}),
    ({"literal": "n.d."}, {"year": "n.d."}),
    ({"date-parts": [[]]}, {}),
])
def test_csl_dates_to_fields(date: dict, fields: dict) -> None:
    assert bibdates.date_fields(date) == fields


@pytest.mark.parametrize("text, date", [
    ("2019///", {"date-parts": [[2019]]}),  # EndNote Y1
    ("2019/05/03/", {"date-parts": [[2019, 5, 3]]}),  # Zotero DA
    ("2015/06//", {"date-parts": [[2015, 6]]}),
    ("2020/01/15/10:12:45", {"date-parts": [[2020, 1, 15]]}),  # Zotero Y2
    ("2014//Fall", {"date-parts": [[2014]], "season": 3}),
    ("2019-05-03", {"date-parts": [[2019, 5, 3]]}),
    ("May 3, 2019", {"date-parts": [[2019, 5, 3]]}),
    ("1999-2000", {"date-parts": [[1999], [2000]]}),
    ("in press", {"literal": "in press"}),
])
def test_text_dates(text: str, date: dict) -> None:
    assert bibdates.parse_text_date(text) == date


def test_endnote_da_completed_by_the_year() -> None:
    assert bibdates.month_and_day("May 3", 2019) == {"date-parts": [[2019, 5, 3]]}
    assert bibdates.month_and_day("Jun", 2019) == {"date-parts": [[2019, 6]]}
    assert bibdates.month_and_day("whenever", 2019) is None


# --- keys ---------------------------------------------------------------------------------

def test_default_key_pattern() -> None:
    fields = {"author": "Ward, Tony and Keenan, Thomas", "year": "1999",
              "title": "The Child molesters' implicit theories"}
    assert keys.make_key(fields) == "ward1999child"


@pytest.mark.parametrize("fields, key", [
    ({"author": "{Ó Ciardha}, Caoilte", "date": "2011-05", "title": "On {C}ognitive"},
     "ociardha2011cognitive"),
    ({"author": "van den Berg, Jan", "year": "2019", "title": "Detecting"}, "vandenberg2019detecting"),
    ({"author": "{World Health Organization}", "year": "2016", "title": "{INSPIRE}: Seven"},
     "world2016inspire"),
    ({"editor": "M{\\\"u}ller, J.", "title": "Der Fall"}, "mullerfall"),
    ({"title": "A study"}, "study"),
    ({}, "ref"),
])
def test_key_parts(fields: dict, key: str) -> None:
    assert keys.make_key(fields) == key


def test_key_pattern_is_configurable_and_checked() -> None:
    fields = {"author": "Ward, Tony", "year": "1999", "title": "Child molesters"}
    assert keys.make_key(fields, "{author}:{year}") == "ward:1999"
    assert keys.pattern_problem("{author}{year}{title}") is None
    assert "unknown placeholder {journal}" in keys.pattern_problem("{author}{journal}")
    assert keys.pattern_problem("{author} {year}") is not None
    assert keys.pattern_problem("fixed") is not None


def test_collisions_get_letters() -> None:
    assert keys.unique_key("ward1999child", set()) == "ward1999child"
    assert keys.unique_key("ward1999child", {"ward1999child"}) == "ward1999childa"
    assert keys.unique_key("ward1999child", {"ward1999child", "ward1999childa"}) == "ward1999childb"


def test_valid_keys() -> None:
    assert valid_key("ward1999child") and valid_key("Ward:1999-a")
    assert not valid_key("http://zotero.org/users/1/items/ABC")
    assert not valid_key("two words") and not valid_key("") and not valid_key(None)


# --- Zotero notes -------------------------------------------------------------------------

def test_zotero_note_lines() -> None:
    extra = read_extra("citation-key: ward1999child\ntex.keywords: classic\n"
                       "tex.howpublished= \\url{x}\noriginal-date: 1923\nOriginal Date: 1924\n"
                       "Read for chapter 2: important.", {"original-date"})
    assert extra.key == "ward1999child"
    assert extra.tex_fields == {"keywords": ("classic", False), "howpublished": ("\\url{x}", True)}
    assert extra.variables == {"original-date": "1924"}
    assert extra.rest == "Read for chapter 2: important."


# --- CSL-JSON -----------------------------------------------------------------------------

def test_csljson_items_know_their_lines() -> None:
    text = '[\n  {"id": "a", "type": "book"},\n\n  {"id": "b", "type": "report"}\n]\n'
    assert [line for _, line in csljson.read_items(text, "x.json")] == [2, 4]
    assert csljson.read_items('{"id": "a", "type": "book"}', "x.json")[0][0]["id"] == "a"


@pytest.mark.parametrize("text, where, words", [
    ('[\n {"id": "a", "type": "book"}\n {"id": "b"}]', "x.json:3:2", "expected ','"),
    ('[\n {"id": "a", "type": "book",}\n]', "x.json:2:29", "not valid JSON"),
    ('[\n {"id": "a", "title": "no type"}\n]', "x.json:2:2", "has no type"),
    ('[\n 3\n]', "x.json:2:2", "int instead of an object"),
    ("[]", "x.json:1:2", "no CSL-JSON item"),
    ("TY  - JOUR", "x.json:1:1", "not valid JSON"),
])
def test_csljson_errors_name_file_line_column(text: str, where: str, words: str) -> None:
    with pytest.raises(BibSyntaxError) as caught:
        csljson.read_items(text, "x.json")
    assert str(caught.value.location) == where
    assert words in caught.value.message


def test_csl_item_to_record() -> None:
    record = fromcsl.to_record({
        "id": "http://zotero.org/users/1/items/X", "type": "chapter",
        "title": "Pedophilia: Assessment & treatment", "container-title": "Handbook",
        "author": [{"family": "Seto", "given": "Michael C."}],
        "editor": [{"family": "Laws", "given": "D. Richard"}],
        "issued": {"date-parts": [["2008"]]}, "page": "201–222", "publisher-place": "New York",
        "collection-title": "Clinical series", "language": "en-GB",
        "note": "citation-key: seto2008\nBorrowed from the library."}, line=7)
    assert record.entry_type == "incollection" and record.line == 7 and record.key == "seto2008"
    assert record.fields == {
        "author": "Seto, Michael C.", "editor": "Laws, D. Richard",
        "title": r"Pedophilia: Assessment \& treatment", "booktitle": "Handbook",
        "series": "Clinical series", "year": "2008", "pages": "201--222",
        "address": "New York", "langid": "british", "note": "Borrowed from the library."}


@pytest.mark.parametrize("csl_type, genre, bib_type, type_field", [
    ("article-journal", "", "article", None), ("paper-conference", "", "inproceedings", None),
    ("report", "", "techreport", None), ("report", "Working paper", "techreport", "Working paper"),
    ("thesis", "PhD thesis", "phdthesis", None),
    ("thesis", "Doctoral dissertation", "phdthesis", "Doctoral dissertation"),
    ("thesis", "Master's thesis", "mastersthesis", None), ("thesis", "", "thesis", None),
    ("thesis", "Habilitation", "thesis", "Habilitation"), ("webpage", "", "online", None),
    ("book", "", "book", None), ("no-such-type", "", "misc", None),
])
def test_types_by_genre(csl_type: str, genre: str, bib_type: str, type_field: str | None) -> None:
    item = {"type": csl_type, "title": "T"} | ({"genre": genre} if genre else {})
    record = fromcsl.to_record(item)
    assert record.entry_type == bib_type
    assert record.fields.get("type") == type_field


def test_notes_as_annotation_and_annote() -> None:
    item = {"type": "book", "title": "T", "note": "Read twice.", "annote": "Key text."}
    assert fromcsl.to_record(item).fields["note"] == "Read twice."
    moved = fromcsl.to_record(item, notes_as_annotation=True).fields
    assert "note" not in moved and moved["annotation"] == "Key text.\n\nRead twice."


def test_every_csl_variable_of_the_mapping_has_an_inverse() -> None:
    assert fromcsl.inverse_gaps() == set()
    assert set(TYPE_MAP.values()) <= set(fromcsl.BIB_TYPES)
    for field, (variable, _) in FIELD_MAP.items():
        assert variable in fromcsl.BIB_FIELDS or variable in ("container-title",), field


# --- RIS ----------------------------------------------------------------------------------

RIS = "TY  - JOUR\nAU  - Ward, Tony\nTI  - Child molesters\nPY  - 1999\nER  - \n"


def test_ris_records_know_their_lines_and_continuations() -> None:
    text = "\ufeff\r\n" + RIS.replace("\n", "\r\n") + "\r\nTY  - BOOK\r\nN1  - First\r\n  second\r\nER  -\r\n"
    records = ris.read_ris(text, "x.ris")
    assert [r.line for r in records] == [2, 8]
    assert records[0].tags["AU"] == ["Ward, Tony"]
    assert records[1].tags["N1"] == ["First second"]


@pytest.mark.parametrize("text, line, words", [
    ("Title: nothing\n" + RIS, 1, "before the first record"),
    (RIS + "garbage\n", 6, "after the end of a record"),
    ("TY  - JOUR\nTI  - cut off\n", 1, "has no end"),
    ("%0 Journal Article\n%A Ward, Tony\n", 1, "EndNote tagged text"),
    ("\n\n", 1, "no RIS record"),
])
def test_ris_errors_name_file_line(text: str, line: int, words: str) -> None:
    with pytest.raises(BibSyntaxError) as caught:
        ris.read_ris(text, "x.ris")
    assert caught.value.location.line == line
    assert words in caught.value.message


@pytest.mark.parametrize("tags, expected", [
    ({"TY": "JOUR", "SP": "12-34"}, {"page": "12-34"}),  # EndNote: both pages in SP
    ({"TY": "JOUR", "SP": "12", "EP": "34"}, {"page": "12-34"}),
    ({"TY": "BOOK", "SP": "271"}, {"number-of-pages": "271"}),
    ({"TY": "JOUR", "SN": ["0886-2605"]}, {"ISSN": "0886-2605"}),
    ({"TY": "BOOK", "SN": ["978 92 4 156479 3 (NLM classification: HV 6625)"]},
     {"ISBN": "978 92 4 156479 3"}),
    ({"TY": "RPRT", "SN": ["12"]}, {"number": "12"}),
    ({"TY": "JOUR", "PY": "2015", "DA": "2015/03/12"}, {"issued": {"date-parts": [[2015, 3, 12]]}}),
    ({"TY": "JOUR", "PY": "2019", "DA": "May 3"}, {"issued": {"date-parts": [[2019, 5, 3]]}}),
    ({"TY": "JOUR", "DO": "https://doi.org/10.1/x"}, {"DOI": "10.1/x"}),
    ({"TY": "JOUR", "N1": ["<p>A <b>note</b></p><p>Two</p>"]}, {"note": "A note\n\nTwo"}),
    ({"TY": "CHAP", "A2": ["Laws, D. R."]}, {"editor": [{"family": "Laws", "given": "D. R."}]}),
])
def test_ris_tags_to_csl(tags: dict, expected: dict) -> None:
    item = ris.to_csl(ris.RisRecord(tags, 1))
    for variable, value in expected.items():
        assert item[variable] == value


def test_ris_type_tables_agree() -> None:
    for csl_type, tag in ris_out.RIS_TYPES.items():
        assert tag in ris.TYPES, tag
        assert fromcsl.BIB_TYPES[ris.TYPES[tag]] == fromcsl.BIB_TYPES[csl_type], tag


def test_ris_record_out() -> None:
    item = {"id": "ward1999child", "type": "article-journal",
            "author": [{"family": "Ward", "given": "Tony"}, {"literal": "WHO"}],
            "title": 'The <i>implicit</i> <span class="nocase">DNA</span>', "page": "821-838",
            "issued": {"date-parts": [[1999, 8]]}, "container-title": "JIV", "ISSN": "0886-2605"}
    assert ris_out.ris_record(item, ["classic"]) == {
        "TY": "JOUR", "ID": "ward1999child", "AU": ["Ward, Tony", "WHO"],
        "TI": "The implicit DNA", "T2": "JIV", "PY": "1999", "DA": "1999/08//", "SP": "821",
        "EP": "838", "SN": ["0886-2605"], "KW": ["classic"]}


# --- biblatex export ----------------------------------------------------------------------

def test_biblatex_fields() -> None:
    fields = [("author", "{Krone, Tony}"), ("journal", "jiv"), ("address", "{Canberra}"),
              ("year", "{2004}"), ("month", "jul"), ("school", "{ANU}")]
    resolved = {"year": "2004", "month": "July"}
    assert biblatex.to_biblatex("techreport", fields, resolved) == ("report", [
        ("author", "{Krone, Tony}"), ("journaltitle", "jiv"), ("location", "{Canberra}"),
        ("date", "{2004-07}"), ("institution", "{ANU}"), ("type", "{techreport}")])


def test_biblatex_keeps_what_it_cannot_convert() -> None:
    fields = [("year", "{forthcoming}"), ("type", "{Working paper}"), ("date", "{2020}")]
    assert biblatex.to_biblatex("phdthesis", fields[:2], {"year": "forthcoming"}) == \
        ("thesis", fields[:2])
    _, out = biblatex.to_biblatex("article", [("year", "{2019}"), ("date", "{2019-05}")],
                                  {"year": "2019", "date": "2019-05"})
    assert out == [("year", "{2019}"), ("date", "{2019-05}")]  # both written: left alone
    _, out = biblatex.to_biblatex("article", [("year", "{2019}"), ("month", "{Spring}")],
                                  {"year": "2019", "month": "Spring"})
    assert out == [("year", "{2019}"), ("month", "{Spring}")]
