"""`import` of CSL-JSON and RIS and `export --to ris|biblatex` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from syllabib.cli import app
from syllabib.errors import EXIT_BAD_INPUT, EXIT_USAGE
from syllabib.library import load_library

DATA = Path(__file__).parent / "data" / "interchange"
EXISTING = """\
@article{ward1999child,
  author  = {Ward, Tony},
  title   = {An older paper},
  journal = {Journal},
  year    = {1999},
}
"""


@pytest.fixture
def lib(make_library, monkeypatch) -> Path:
    root = make_library({"review.bib": EXISTING})
    monkeypatch.chdir(root)
    return root


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def entries(root: Path) -> dict:
    return {e.key: e for e in load_library(root, use_cache=False).entries}


def test_import_zotero_csljson(lib: Path) -> None:
    result = run("import", str(DATA / "zotero.json"))
    assert result.exit_code == 0, result.output
    found = entries(lib)
    assert "added 8" in result.stderr
    chapter = found["seto2008pedophilia"]
    assert chapter.entry_type == "incollection"
    assert chapter.fields["booktitle"] == r"Handbook of Sexual Deviance: Theory \& Practice"
    assert chapter.fields["editor"] == "Laws, D. Richard and O'Donohue, William T."
    assert chapter.fields["pages"] == "201--222"
    report = found["home2004nature"]
    assert report.entry_type == "techreport" and report.fields["institution"] == "Home Office"
    assert report.fields["author"] == "{Home Office Research, Development and Statistics Directorate}"
    assert report.fields["month"] == "March"  # `month = mar`, the macro
    assert report.themes == ("offenders/characteristics",)  # tex.keywords from the note
    assert found["jarvinen2017verkossa"].entry_type == "phdthesis"
    assert found["jarvinen2017verkossa"].fields["langid"] == "finnish"
    assert found["american2013diagnostic"].fields["title"] == \
        "Diagnostic and statistical manual of mental disorders: {DSM-5}"
    web = found["internetiwf"]  # no date: no year in the key
    assert web.entry_type == "online" and "year" not in web.fields
    assert web.fields["url"].endswith("?year=2022&section=trends_2")  # URLs are not escaped
    assert found["vandenberg2019detecting"].fields["author"].startswith("van den Berg, Jan and")
    assert found["ward1999childa"].fields["date"] == "1999-08-01"  # key taken: a suffix
    assert found["ward1999childa"].fields["urldate"] == "2020-01-15"


def test_import_better_bibtex_keeps_citation_keys(lib: Path) -> None:
    result = run("import", str(DATA / "betterbibtex.json"))
    assert result.exit_code == 0, result.output
    found = entries(lib)
    assert {"quayle2002paedophiles", "who2016inspire", "holt2010exploring",
            "howitt-cognitive"} <= set(found)
    assert "skipped ward1999child (same key)" in result.stderr  # a kept key is an identity
    assert found["quayle2002paedophiles"].fields["origdate"] == "2002"
    assert found["holt2010exploring"].annotation == "A qualitative analysis of five web forums."
    assert found["howitt-cognitive"].fields["year"] == "n.d."


def test_import_better_bibtex_new_keys(lib: Path) -> None:
    result = run("import", str(DATA / "betterbibtex.json"), "--new-keys")
    assert result.exit_code == 0, result.output
    assert {"ward1999childa", "quayle2003paedophiles", "world2016inspire",
            "howittcognitive"} <= set(entries(lib))


def test_import_endnote_ris(lib: Path) -> None:
    result = run("import", str(DATA / "endnote.ris"), "--theme", "imported/endnote")
    assert result.exit_code == 0, result.output
    found = entries(lib)
    assert found["world2014global"].fields["author"] == "{World Health Organization}"
    assert found["world2014global"].fields["isbn"] == "978 92 4 156479 3"
    thesis = found["ociardha2011cognitive"]
    assert thesis.entry_type == "phdthesis" and thesis.fields["school"] == "Trinity College Dublin"
    assert thesis.fields["note"] == "Supervised by E. Gannon"
    article = found["ward1999childa"]
    assert article.fields["pages"] == "821--838" and article.fields["year"] == "1999"
    assert article.fields["keywords"] == "Child abuse, Cognitive distortions, imported/endnote"
    assert article.themes == ("imported/endnote",)  # keywords are kept, not made themes
    assert found["howitt1995paedophiles"].fields["pagetotal"] == "271"
    assert found["kloess2014offense"].fields["date"] == "2014-23"  # autumn


def test_import_ris_notes_as_annotation(lib: Path) -> None:
    result = run("import", str(DATA / "mendeley.ris"), "--notes-as-annotation")
    assert result.exit_code == 0, result.output
    found = entries(lib)
    assert found["kloess2014online"].annotation == \
        "From Duplicate 2 (Online child sexual exploitation - Kloess, J. A.)\n\nRead twice."
    assert "note" not in found["kloess2014online"].fields
    assert "keywords that read as themes: meta-analysis" in result.stderr


def test_import_mendeley_ris_keep_keys(lib: Path) -> None:
    result = run("import", str(DATA / "mendeley.ris"), "--keep-keys")
    assert result.exit_code == 0, result.output
    assert {"Babchishin2015", "Quayle2012", "Krone2004", "Sheehan2009"} <= set(entries(lib))


def test_import_zotero_ris(lib: Path) -> None:
    result = run("import", str(DATA / "zotero.ris"))
    assert result.exit_code == 0, result.output
    found = entries(lib)
    assert found["ward1999childa"].fields["note"] == "Key source for the implicit theories model."
    assert found["makinen2018lasten"].fields["author"] == "Mäkinen, Ülle"
    assert found["quayle2015online"].fields["number"] == "12"
    assert found["quayle2015online"].fields["type"] == "Working paper"


def test_import_from_stdin_sniffs_the_format(lib: Path) -> None:
    ris_text = (DATA / "zotero.ris").read_text(encoding="utf-8")
    assert run("import", "-", input=ris_text).exit_code == 0
    json_text = (DATA / "zotero.json").read_text(encoding="utf-8")
    result = run("import", "-", "--on-duplicate", "rename", input=json_text)
    assert result.exit_code == 0, result.output
    assert len(entries(lib)) == 1 + 6 + 8


def test_import_key_pattern_from_config(lib: Path) -> None:
    (lib / "syllabib.toml").write_text('[library]\nkey_pattern = "{author}-{year}"\n')
    result = run("import", str(DATA / "mendeley.ris"))
    assert result.exit_code == 0, result.output
    assert {"babchishin-2015", "quayle-2012", "krone-2004"} <= set(entries(lib))


def test_bad_key_pattern_is_a_config_error(lib: Path) -> None:
    (lib / "syllabib.toml").write_text('[library]\nkey_pattern = "{author}{journal}"\n')
    result = run("import", str(DATA / "mendeley.ris"))
    assert result.exit_code == EXIT_BAD_INPUT
    assert "syllabib.toml: key_pattern" in result.stderr and "{journal}" in result.stderr


@pytest.mark.parametrize("name, where", [("broken.json", "broken.json:3:30"),
                                         ("broken.ris", "broken.ris:1:")])
def test_malformed_input_changes_nothing(lib: Path, name: str, where: str) -> None:
    before = (lib / "bib" / "review.bib").read_bytes()
    result = run("import", str(DATA / name))
    assert result.exit_code == EXIT_BAD_INPUT
    assert where in result.stderr
    assert "Traceback" not in result.output
    assert (lib / "bib" / "review.bib").read_bytes() == before


def test_json_given_as_ris_and_unknown_format(lib: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "export.ris"
    wrong.write_text('[{"type": "book"}]\n')
    result = run("import", str(wrong))
    assert result.exit_code == EXIT_BAD_INPUT and "export.ris:1:" in result.stderr
    assert "before the first record" in result.stderr
    result = run("import", "-", input="just some words\n")
    assert result.exit_code == EXIT_USAGE and "cannot tell the format" in result.stderr
    result = run("import", str(DATA / "zotero.ris"), "--format", "marc")
    assert result.exit_code == EXIT_USAGE


def test_endnote_tagged_text_is_explained(lib: Path, tmp_path: Path) -> None:
    refer = tmp_path / "endnote.txt"
    refer.write_text("%0 Journal Article\n%A Ward, Tony\n%T Child molesters\n%D 1999\n")
    result = run("import", str(refer))
    assert result.exit_code == EXIT_BAD_INPUT
    assert "EndNote tagged text" in result.stderr and "RefMan (RIS)" in result.stderr


# --- export -------------------------------------------------------------------------------

REPORTS = """\
@string{aic = {Australian Institute of Criminology}}

@techreport{krone2004typology,
  author      = {Krone, Tony},
  title       = {A Typology of Online Child Pornography Offending},
  institution = aic,
  number      = {279},
  address     = {Canberra},
  year        = {2004},
  month       = jul,
  keywords    = {offenders/typologies, Child pornography},
  annotation  = {Sets out a typology.},
}

@phdthesis{seto1997thesis,
  author  = {Seto, Michael C.},
  title   = {Sexual arousal},
  school  = {Queen's University},
  year    = {1997},
}

@article{ward1999child,
  author  = {Ward, Tony and {World Health Organization}},
  title   = {Child molesters' implicit theories},
  journal = {Journal of Interpersonal Violence},
  year    = {1999},
  pages   = {821--838},
}
"""


@pytest.fixture
def reports(make_library, monkeypatch) -> Path:
    root = make_library({"review.bib": REPORTS})
    monkeypatch.chdir(root)
    return root


def test_export_biblatex(reports: Path) -> None:
    before = (reports / "bib" / "review.bib").read_bytes()
    result = run("export", "--to", "biblatex")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("@string{aic = {Australian Institute of Criminology}}")
    assert "@report{krone2004typology," in out and "  type        = {techreport}" in out
    assert "  institution = aic," in out and "  location    = {Canberra}," in out
    assert "  date        = {2004-07}," in out and "month" not in out
    assert "@thesis{seto1997thesis," in out and "{phdthesis}" in out
    assert "  institution = {Queen's University}," in out
    assert "  journaltitle = {Journal of Interpersonal Violence}," in out
    assert (reports / "bib" / "review.bib").read_bytes() == before


def test_export_ris(reports: Path) -> None:
    result = run("export", "type:techreport or type:article", "--to", "ris")
    assert result.exit_code == 0, result.output
    records = result.stdout.strip().split("\n\n")
    assert len(records) == 2
    krone = records[0].splitlines()
    assert krone[0] == "TY  - RPRT" and krone[-1] == "ER  - "
    assert {"ID  - krone2004typology", "AU  - Krone, Tony", "PB  - Australian Institute of Criminology",
            "PY  - 2004", "DA  - 2004/07//", "IS  - 279", "CY  - Canberra",
            "KW  - offenders/typologies", "KW  - Child pornography",
            "N1  - Sets out a typology."} <= set(krone)
    ward = records[1].splitlines()
    assert {"AU  - Ward, Tony", "AU  - World Health Organization", "SP  - 821",
            "EP  - 838", "T2  - Journal of Interpersonal Violence"} <= set(ward)


def test_export_ris_reimports_with_its_keys(reports: Path, make_library, tmp_path: Path) -> None:
    exported = run("export", "--to", "ris").stdout
    other = tmp_path / "other"
    (other / "bib").mkdir(parents=True)
    (other / "bib" / "new.bib").write_text("")
    result = run("--library", str(other), "import", "-", "--keep-keys", input=exported)
    assert result.exit_code == 0, result.output
    found = entries(other)
    assert set(found) == {"krone2004typology", "seto1997thesis", "ward1999child"}
    assert found["seto1997thesis"].entry_type == "phdthesis"
    assert found["krone2004typology"].themes == ("offenders/typologies",)


def test_export_csljson_imports_back(reports: Path, tmp_path: Path) -> None:
    exported = run("export", "--to", "csljson").stdout
    assert json.loads(exported)[0]["id"] == "krone2004typology"
    other = tmp_path / "other"
    (other / "bib").mkdir(parents=True)
    (other / "bib" / "new.bib").write_text("")
    result = run("--library", str(other), "import", "-", "--keep-keys", input=exported)
    assert result.exit_code == 0, result.output
    assert set(entries(other)) == {"krone2004typology", "seto1997thesis", "ward1999child"}


def test_unknown_export_format(reports: Path) -> None:
    result = run("export", "--to", "marc")
    assert result.exit_code == EXIT_USAGE and "biblatex, csljson or ris" in result.stderr
