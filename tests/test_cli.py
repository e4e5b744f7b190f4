"""The command line through typer's CliRunner: what a user types, what they see, the exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from syllabib.cli import app
from syllabib.errors import EXIT_BAD_INPUT, EXIT_CONFLICT, EXIT_NOT_FOUND, EXIT_USAGE

WARD = """\
@article{ward1999implicit,
  author  = {Ward, Tony and Keenan, Thomas},
  title   = {Child Molesters' Implicit Theories},
  journal = {Journal of Interpersonal Violence},
  year    = {1999},
  keywords = {classic, Child abuse},
}
"""
HOWITT = """\
@book{howitt2007role,
  author    = {Howitt, Dennis and Sheldon, Kerry},
  title     = {The Role of Cognitive Distortions in Paedophilic Offending},
  publisher = {Routledge},
  year      = {2007},
}
"""
QUAYLE = """\
@incollection{quayle2002,
  author    = {Quayle, Ethel and Taylor, Max},
  title     = {Paedophiles, Pornography and the Internet},
  booktitle = {Sex Offenders},
  year      = {2002},
}
"""


@pytest.fixture
def lib(make_library, monkeypatch) -> Path:
    root = make_library({"review.bib": WARD + "\n" + HOWITT + "\n" + QUAYLE})
    monkeypatch.chdir(root)
    return root


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def bib(root: Path) -> str:
    return (root / "bib" / "review.bib").read_text()


def test_list_plain_when_piped(lib) -> None:
    result = run("list", "--sort", "year")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["ward1999implicit", "quayle2002",
                                                       "howitt2007role"]
    assert lines[0].split("\t")[1:5] == ["Ward & Keenan", "1999",
                                         "Child Molesters' Implicit Theories", "classic"]


def test_list_query_and_json(lib) -> None:
    result = run("list", "year>=2000 -type:book", "--json")
    assert result.exit_code == 0
    assert [r["key"] for r in json.loads(result.stdout)] == ["quayle2002"]


def test_query_error_has_caret_and_exit_code(lib) -> None:
    result = run("list", "year:20x0")
    assert result.exit_code == EXIT_USAGE
    assert "not a year" in result.stderr and "     ^" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_show_json_and_bibtex(lib) -> None:
    data = json.loads(run("show", "ward1999implicit", "--json").stdout)
    assert data["fields"]["title"] == "Child Molesters' Implicit Theories"
    assert run("show", "ward1999implicit", "--bibtex").stdout == WARD


def test_unknown_key_suggests(lib) -> None:
    result = run("show", "ward1999")
    assert result.exit_code == EXIT_NOT_FOUND
    assert "ward1999implicit" in result.stderr


def test_tag_changes_one_line_and_keeps_plain_keywords(lib) -> None:
    before = bib(lib)
    result = run("tag", "ward1999implicit", "+justifications/implicit-theories", "-classic")
    assert result.exit_code == 0, result.stderr
    after = bib(lib)
    assert after == before.replace("{classic, Child abuse}",
                                   "{Child abuse, justifications/implicit-theories}")


def test_tag_where_adds_a_keywords_line(lib) -> None:
    result = run("tag", "--where", "author:quayle", "+communities/subculture")
    assert result.exit_code == 0, result.stderr
    assert "  year      = {2002},\n  keywords  = {communities/subculture},\n}" in bib(lib)
    themes = run("themes", "--json")
    tree = {n["slug"]: n for n in json.loads(themes.stdout)}
    assert tree["communities"]["total"] == 1
    assert tree["communities"]["children"][0]["slug"] == "communities/subculture"


def test_tag_rejects_bad_slug_and_writes_nothing(lib) -> None:
    before = bib(lib)
    result = run("tag", "ward1999implicit", "+Cognitive Distortions")
    assert result.exit_code == EXIT_USAGE
    assert "cognitive-distortions" in result.stderr
    assert bib(lib) == before


def test_set_unset_rm(lib) -> None:
    assert run("set", "howitt2007role", "doi=10.4324/9780203", "edition=2").exit_code == 0
    text = bib(lib)
    assert "  doi       = {10.4324/9780203},\n" in text and "  edition   = {2},\n" in text
    assert run("unset", "howitt2007role", "doi", "edition").exit_code == 0
    assert bib(lib) == WARD + "\n" + HOWITT + "\n" + QUAYLE
    assert run("rm", "howitt2007role").exit_code == 0
    assert bib(lib) == WARD + "\n" + QUAYLE


def test_annotate_text_escapes_prose(lib) -> None:
    result = run("annotate", "howitt2007role", "--text", "Rates of 50% & more.")
    assert result.exit_code == 0, result.stderr
    assert "annotation = {Rates of 50\\% \\& more.}" in bib(lib)
    data = json.loads(run("show", "howitt2007role", "--json").stdout)
    assert data["fields"]["annotation"] == "Rates of 50% & more." and data["annotated"]


def test_annotate_and_edit_with_editor(lib, monkeypatch, tmp_path) -> None:
    script = tmp_path / "fake-editor.py"
    script.write_text("import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
                      "p.write_text(p.read_text().replace('Routledge', 'Willan'))\n")
    import sys

    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    assert run("edit", "howitt2007role").exit_code == 0
    assert "{Willan}" in bib(lib) and "Routledge" not in bib(lib)


def test_edit_refuses_broken_text(lib, monkeypatch, tmp_path) -> None:
    script = tmp_path / "bad-editor.py"
    script.write_text("import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
                      "p.write_text(p.read_text().replace('Routledge},', 'Routledge}'))\n")
    import sys

    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    before = bib(lib)
    result = run("edit", "howitt2007role")
    assert result.exit_code == EXIT_BAD_INPUT and "missing-comma" in result.stderr
    assert bib(lib) == before


def test_add_and_import_policies(lib, tmp_path) -> None:
    new = tmp_path / "new.bib"
    new.write_text("@article{new2020,\n title={New}, author={Doe, Jane}, year=2020}\n")
    result = run("add", str(new), "--theme", "offences/grooming", "--annotation", "Short.")
    assert result.exit_code == 0, result.stderr
    text = bib(lib)
    assert text.endswith("\n\n@article{new2020,\n  title     = {New},\n  author    = {Doe, Jane},\n"
                         "  year      = 2020,\n  keywords  = {offences/grooming},\n"
                         "  annotation = {Short.},\n}\n"), text[-200:]
    assert run("add", str(new)).exit_code == EXIT_CONFLICT
    assert run("import", str(new), "--on-duplicate", "rename").exit_code == 0
    assert "@article{new2020a," in bib(lib)
    assert run("import", str(new)).exit_code == 0  # default: skip
    assert bib(lib).count("{New}") == 2


def test_themes_rename_whole_subtree(lib) -> None:
    run("tag", "ward1999implicit", "+justifications/implicit-theories")
    (lib / "bib" / "themes.toml").write_text(
        '# mine\n[themes."justifications"]\nlabel = "Justifications"\n')
    result = run("themes", "rename", "justifications", "excuses")
    assert result.exit_code == 0, result.stderr
    assert "excuses/implicit-theories" in bib(lib) and "justifications" not in bib(lib)
    assert '[themes.excuses]' in (lib / "bib" / "themes.toml").read_text() or \
        '[themes."excuses"]' in (lib / "bib" / "themes.toml").read_text()


def test_themes_merge_drops_source_table(lib) -> None:
    run("tag", "ward1999implicit", "+justifications/implicit-theories")
    run("tag", "howitt2007role", "+justifications")
    (lib / "bib" / "themes.toml").write_text(
        '[themes."justifications"]\nlabel = "Justifications"\n\n'
        '[themes."justifications/implicit-theories"]\nlabel = "Implicit theories"\n\n'
        '[themes."cognition"]\nlabel = "Cognition"\n')
    result = run("themes", "merge", "justifications", "cognition")
    assert result.exit_code == 0, result.stderr
    assert "cognition/implicit-theories" in bib(lib) and "justifications" not in bib(lib)
    toml = (lib / "bib" / "themes.toml").read_text()
    assert toml == ('[themes."cognition/implicit-theories"]\nlabel = "Implicit theories"\n\n'
                    '[themes."cognition"]\nlabel = "Cognition"\n')


def test_export_bibtex_keeps_entries_as_written(lib, tmp_path) -> None:
    out = tmp_path / "x.bib"
    assert run("export", "type:book", "--to", "bibtex", "-o", str(out)).exit_code == 0
    assert out.read_text() == HOWITT


def test_no_library_suggests_init(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SYLLABIB_LIBRARY", raising=False)
    result = run("list")
    assert result.exit_code == EXIT_NOT_FOUND and "syllabib init" in result.stderr


def test_init_then_library_env(tmp_path, monkeypatch) -> None:
    assert run("init", str(tmp_path / "thesis")).exit_code == 0
    assert (tmp_path / "thesis" / "bib" / "themes.toml").exists()
    assert (tmp_path / "thesis" / "readinglists").is_dir()
    monkeypatch.setenv("SYLLABIB_LIBRARY", str(tmp_path / "thesis"))
    monkeypatch.chdir(tmp_path)
    assert run("list", "--json").stdout.strip() == "[]"


def test_read_commands_report_skipped_entries(make_library, monkeypatch) -> None:
    root = make_library({"x.bib": WARD + "\n@article{bad,\n  title = {A},\n  title = {B},\n}\n"})
    monkeypatch.chdir(root)
    result = run("list")
    assert result.exit_code == 0 and "1 entry skipped" in result.stderr
    check = run("check")
    assert check.exit_code == 1 and "bib/x.bib:11: duplicate-field" in check.stdout


@pytest.mark.parametrize("message", ["unchanged: smith:a:2000, knuth:ct:a",
                                     "tab\there [bold]x[/] \\ back\x07", "ünïcödé — ✓ " * 12])
def test_piped_remarks_are_what_rich_would_print(message, capsys, monkeypatch) -> None:
    from syllabib.cli import output
    from syllabib.errors import QuerySyntaxError

    def say_all() -> str:
        output.note(message)
        output.done(message)
        output.print_error(QuerySyntaxError(message, "year:20x0", 6, hint=message))
        return capsys.readouterr().err

    monkeypatch.setattr(output, "_plain_stderr", lambda: True)
    plain = say_all()
    monkeypatch.setattr(output, "_plain_stderr", lambda: False)
    assert say_all() == plain
    assert plain.startswith(message.expandtabs(8).replace("\x07", "") + "\n✓ ")


def test_tag_removes_a_theme_whose_name_has_an_h(lib) -> None:
    """`-health/harm` is a theme to remove, not a cluster of short flags containing -h."""
    assert run("tag", "ward1999implicit", "+health/harm").exit_code == 0
    result = run("tag", "ward1999implicit", "-health/harm")
    assert result.exit_code == 0, result.stdout
    assert "health/harm" not in bib(lib)
