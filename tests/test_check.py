"""`syllabib check`: each code triggered by a fixture and not by its near miss, ignore, strictness,
JSON, exit codes, and the bundled library."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from syllabib.cli import app
from syllabib.errors import EXIT_USAGE, UsageError
from syllabib.health.codes import CODES, ERROR, FILE_CODES, WARNING
from syllabib.library import load_library
from syllabib.services.checking import check_library

REPO = Path(__file__).resolve().parent.parent
ARTICLE = "@article{{{key},\n  author = {{Ward, Tony}},\n  title = {{{title}}},\n" \
          "  journal = {{J}},\n  year = {{1999}},\n{extra}}}\n"


def article(extra: str = "", title: str = "Implicit theories", key: str = "a") -> str:
    """A complete article with extra field lines."""
    return ARTICLE.format(key=key, title=title, extra=extra)


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def codes(root: Path, ignore: tuple[str, ...] = ()) -> Counter[str]:
    return Counter(d.code for d in check_library(load_library(root, use_cache=False),
                                                 ignore).diagnostics)


# (code, library text that triggers it, a near miss that must not)
CASES = [
    ("missing-field", "@article{a, author = {A, B}, title = {T}, year = {2000}}",
     "@article{a, author = {A, B}, title = {T}, journal = {J}, year = {2000}}"),
    ("missing-field", "@book{a, title = {T}, publisher = {P}, year = {2000}}",
     "@book{a, editor = {A, B}, title = {T}, publisher = {P}, year = {2000}}"),
    ("missing-field", "@inproceedings{c, author = {A, B}, title = {T}, year = {2000}}",
     "@inproceedings{c, author = {A, B}, title = {T}, crossref = {p}}\n"
     "@proceedings{p, title = {Proc}, year = {2000}}"),
    ("missing-field", "@thesis{a, author = {A, B}, title = {T}, year = {2000}}",
     "@phdthesis{a, author = {A, B}, title = {T}, school = {S}, date = {2000-05}}"),
    ("missing-crossref", "@inproceedings{c, author = {A, B}, title = {T}, crossref = {nope}}",
     "@inproceedings{c, author = {A, B}, title = {T}, crossref = {p}}\n"
     "@proceedings{p, title = {Proc}, year = {2000}}"),
    ("bad-doi", article("  doi = {10.1000},\n"), article("  doi = {10.1000/xyz-(1)_2},\n")),
    ("doi-link", article("  doi = {https://doi.org/10.1000/x},\n"), article("  doi = {10.1000/x},\n")),
    ("bad-isbn", "@book{b, author = {A, B}, title = {T}, publisher = {P}, year = {2000},"
     " isbn = {0-306-40615-3}}", "@book{b, author = {A, B}, title = {T}, publisher = {P}, "
     "year = {2000}, isbn = {0-306-40615-2; 978-0-306-40615-7 (pbk.); 0-8044-2957-X}}"),
    ("bad-isbn", "@book{b, author = {A, B}, title = {T}, publisher = {P}, year = {2000},"
     " isbn = {978-0-306-40615-6}}", "@book{b, author = {A, B}, title = {T}, publisher = {P}, "
     "year = {2000}, isbn = {ISBN 978-0-306-40615-7}}"),
    ("bad-issn", article("  issn = {0378-5954},\n"), article("  issn = {0378-5955 (print)},\n")),
    ("bad-url", article("  url = {www.example.org/x},\n"),
     article("  url = {https://example.org/a_b%20c?q=1#f},\n")),
    ("bad-url", article("  url = {https://a.org/x; https://b.org/y},\n"),
     article("  url = {https://a.org/x;y},\n")),
    ("bad-year", article().replace("{1999}", "{in press}"), article()),
    ("bad-year", article().replace("{1999}", "{{\\noopsort{a}}1999}"), article()),
    ("bad-date", article("  date = {2020-13-01},\n"), article("  date = {2020-02-29/2021},\n")),
    ("bad-date", article("  urldate = {2020-04-31},\n"), article("  urldate = {2020-04-30},\n")),
    ("bad-pages", article("  pages = {135--12},\n"), article("  pages = {216--28},\n")),
    ("bad-pages", article("  pages = {pp. 1--5},\n"), article("  pages = {S1--S9, 12--14},\n")),
    ("latex-error", article(title="Law & Order"), article(title="Law \\& Order")),
    ("latex-error", article(title="A $x^2 test"), article(title="A $x^2$ test")),
    ("latex-error", article(title="50% of it"),
     article(title="50\\% of it", extra="  note = {\\url{https://a.org/a_b#c}},\n")),
    ("unknown-command", article(title="The \\foo report"),
     article(title="The \\emph{foo} \\TeX\\ \\PDF{} \\'{e} report")),
    ("unprotected-acronym", article(title="The WHO report"), article(title="The {WHO} report")),
    ("unprotected-acronym", article(title="Child abuse in the U.S. today"),
     article(title="Child abuse in the {U.S.} today: A review")),
    ("unprotected-acronym", article(title="THE WHOLE TITLE IN CAPITALS"),
     "@book{b, author = {A, B}, title = {The WHO report}, publisher = {P}, year = {2000}}"),
    ("unbraced-corporate-author",
     article().replace("Ward, Tony", "World Health Organization"),
     article().replace("Ward, Tony", "{World Health Organization} and Bank, Ilja")),
    ("unbraced-corporate-author",
     article().replace("Ward, Tony", "Ward, Tony and Department of Justice"),
     article().replace("Ward, Tony", "Ward, Tony and the {\\LaTeX{} Project Team}")),
    ("duplicate-key", article() + article(key="a"), article() + article(key="b")),
]


def _library(make_library, text: str, **extra: str) -> Path:
    root = make_library({"x.bib": text})
    for name, content in extra.items():
        path = root / name.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


@pytest.mark.parametrize("code,bad,good", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_code_fires_and_its_near_miss_does_not(make_library, code, bad, good) -> None:
    assert codes(_library(make_library, bad))[code] >= 1
    shutil.rmtree(make_library({}))
    assert codes(_library(make_library, good))[code] == 0


THEMES = '[themes."a"]\nlabel = "A"\n\n[themes."a/b"]\nlabel = "B"\n\n[themes."d"]\nlabel = "D"\n'


def test_theme_codes(make_library) -> None:
    text = article("  keywords = {a/b, c, Child abuse},\n")
    root = _library(make_library, text, **{"bib__themes.toml": THEMES})
    report = check_library(load_library(root, use_cache=False))
    found = {(d.code, str(d.location)) for d in report.diagnostics}
    assert ("undeclared-theme", "bib/x.bib:1") in {(c, l.split(str(root) + "/")[-1])
                                                   for c, l in found}
    unused = [d for d in report.diagnostics if d.code == "unused-theme"]
    assert [d.message for d in unused] == ["theme 'd' is declared but no entry uses it"]
    assert unused[0].location.line == 7  # 'a' is used through 'a/b'; 'Child abuse' is no theme


def test_no_themes_toml_means_no_theme_codes(make_library) -> None:
    counts = codes(_library(make_library, article("  keywords = {c},\n")))
    assert counts["undeclared-theme"] == counts["unused-theme"] == 0


def test_themes_toml_that_does_not_parse(make_library) -> None:
    root = _library(make_library, article(), **{"bib__themes.toml": "[themes.\"a\"\n"})
    assert codes(root)["themes-invalid"] == 1


LIST = """title = "Seminar"
annotated = {annotated}

[[sections]]
heading = "One"
keys = {keys}
{extra}
"""


def _list(keys: str = '["a"]', annotated: str = "true", extra: str = "") -> str:
    return LIST.format(keys=keys, annotated=annotated, extra=extra)


@pytest.mark.parametrize("code,bad,good", [
    ("list-invalid", 'annotated = true\n[[sections]]\nheading = "x"\nkeys = ["a"]\n', _list()),
    ("list-invalid", 'title = "x\n', _list()),
    ("list-unknown-key", _list('["a", "nope"]'), _list('["a"]')),
    ("list-repeated-entry", _list(extra='[[sections]]\nheading = "Two"\nkeys = ["a"]\n'),
     _list(extra='[[sections]]\nheading = "Two"\nquery = "year:1999"\n')),
    ("list-unlisted-entry", _list('["a"]', extra='[sections.entries.b]\nnote = "x"\n'),
     _list('["a"]', extra='[sections.entries.a]\nnote = "x"\n')),
    ("unannotated-in-list", _list('["b"]'), _list('["a"]')),
    ("unannotated-in-list", _list('["b"]'), _list('["b"]', annotated="false")),
    ("unannotated-in-list", _list('["b"]'),
     _list('["b"]', extra='[sections.entries.b]\nannotation = "Why read it."\n')),
])
def test_reading_list_codes(make_library, code, bad, good) -> None:
    text = article("  annotation = {Read it.},\n") + article(key="b", title="Other")
    assert codes(_library(make_library, text, **{"readinglists__l.toml": bad}))[code] >= 1
    shutil.rmtree(make_library({}))
    assert codes(_library(make_library, text, **{"readinglists__l.toml": good}))[code] == 0


def test_every_code_has_a_fixture_and_a_doc() -> None:
    covered = {c[0] for c in CASES} | {"undeclared-theme", "unused-theme", "themes-invalid",
                                       "list-invalid", "list-unknown-key", "list-repeated-entry",
                                       "list-unlisted-entry", "unannotated-in-list"}
    assert set(CODES) - set(FILE_CODES) == covered - set(FILE_CODES)
    doc = (REPO / "docs" / "check-codes.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in doc, code


def test_file_layer_problems_keep_their_codes(make_library, monkeypatch) -> None:
    root = make_library({"x.bib": article() + "@article{bad,\n  title = {A},\n  title = {B},\n}\n"})
    monkeypatch.chdir(root)
    result = run("check")
    assert result.exit_code == 1
    assert "bib/x.bib:9: duplicate-field: @article{bad}: field 'title' appears twice" in result.stdout


def test_output_is_compiler_style_with_hints_and_never_stops(make_library, monkeypatch) -> None:
    text = article("  doi = {10.1},\n  pages = {9--1},\n") + article(key="b", title="Law & Order")
    monkeypatch.chdir(make_library({"x.bib": text}))
    result = run("check")
    lines = result.stdout.splitlines()
    assert "bib/x.bib:6: bad-doi: 'a': '10.1' is not a DOI" in lines
    assert "bib/x.bib:7: bad-pages: 'a': page range '9--1' runs backwards" in lines
    assert "bib/x.bib:11: latex-error: 'b': title: unescaped '&' (LaTeX stops: misplaced " \
           "alignment tab)" in lines
    assert "  hint: write \\&" in lines
    assert "1 error(s), 2 warning(s)" in result.stderr


def test_exit_codes_and_strict(make_library, monkeypatch) -> None:
    monkeypatch.chdir(make_library({"x.bib": article()}))
    assert run("check").exit_code == 0
    Path("bib/x.bib").write_text(article("  pages = {9--1},\n"), encoding="utf-8")
    assert run("check").exit_code == 0  # a warning only
    assert run("check", "--strict").exit_code == 1
    Path("bib/x.bib").write_text(article(title="A & B"), encoding="utf-8")
    assert run("check").exit_code == 1  # an error


def test_ignore_flag_and_config(make_library, monkeypatch) -> None:
    root = make_library({"x.bib": article("  pages = {9--1},\n  doi = {10.1},\n")})
    monkeypatch.chdir(root)
    result = run("check", "--strict", "--ignore", "bad-pages", "--ignore", "bad-doi")
    assert result.exit_code == 0 and result.stdout == "" and "2 ignored" in result.stderr
    (root / "syllabib.toml").write_text('[library]\nignore = ["bad-pages"]\n', encoding="utf-8")
    result = run("check", "--json")
    data = json.loads(result.stdout)
    assert [p["code"] for p in data["problems"]] == ["bad-doi"] and data["ignored"] == 1


def test_unknown_ignore_code_is_a_usage_error(make_library, monkeypatch) -> None:
    monkeypatch.chdir(make_library({"x.bib": article()}))
    result = run("check", "--ignore", "bad-pagse")
    assert result.exit_code == EXIT_USAGE and "did you mean 'bad-pages'?" in result.stderr
    with pytest.raises(UsageError):
        check_library(load_library(Path.cwd()), ["nope"])


def test_json_shape(make_library, monkeypatch) -> None:
    monkeypatch.chdir(make_library({"x.bib": article("  pages = {9--1},\n")}))
    result = run("check", "--json")
    data = json.loads(result.stdout)
    assert set(data) == {"problems", "errors", "warnings", "ignored", "files", "entries", "lists"}
    assert data["problems"] == [{"file": "bib/x.bib", "line": 6, "column": None,
                                 "code": "bad-pages", "severity": WARNING,
                                 "message": "'a': page range '9--1' runs backwards",
                                 "hint": data["problems"][0]["hint"]}]
    assert (data["errors"], data["warnings"], data["files"], data["entries"]) == (0, 1, 1, 1)


def test_every_code_has_a_severity() -> None:
    assert {c.severity for c in CODES.values()} == {ERROR, WARNING}
    assert all(CODES[c].severity == ERROR for c in FILE_CODES)


# Real gaps in the bundled data (reported for a data fix, not silenced here): two works whose
# source gives no author, and a declared theme no entry carries yet.
BUNDLED_GAPS = {
    ("missing-field", "@report 'insoll2021csam' has no author"),
    ("missing-field", "@article 'lorenzodus2017cause' has no author"),
    ("unused-theme", "theme 'context/definitions' is declared but no entry uses it"),
}


def test_bundled_library_has_no_errors_and_only_the_known_gaps(tmp_path, monkeypatch) -> None:
    root = tmp_path / "lib"
    shutil.copytree(REPO / "bib", root / "bib")
    shutil.copytree(REPO / "readinglists", root / "readinglists")
    shutil.copy(REPO / "syllabib.toml", root / "syllabib.toml")
    monkeypatch.chdir(root)
    result = run("check", "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["errors"] == 0 and data["lists"] == 5
    assert {(p["code"], p["message"]) for p in data["problems"]} == BUNDLED_GAPS
    ignored = run("check", "--strict", "--ignore", "missing-field", "--ignore", "unused-theme")
    assert ignored.exit_code == 0
