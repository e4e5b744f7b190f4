"""The standalone HTML bibliography page (`format --to html --standalone`) in a real Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from syllabib.cli import app

from .browser import (ARTIFACTS, DESKTOP, PHONE, Chromium, PageReport, launch_or_fail,
                      png_size)

LONG_DOI = "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"
LONG_URL = ("https://www.example.org/reports/2019/online-offender-communities/annex-b/"
            "full-text-with-appendices-and-methodological-notes-and-interview-schedules.pdf"
            "?version=3&download=true&format=accessible-pdf-with-tagged-structure")
LIBRARY = f"""\
@article{{ward1999implicit,
  author  = {{Ward, Tony and Keenan, Thomas}},
  title   = {{Child Molesters' Implicit Theories}},
  journal = {{Journal of Interpersonal Violence}},
  year    = {{1999}},
  volume  = {{14}},
  number  = {{8}},
  pages   = {{821--838}},
  doi     = {{{LONG_DOI}}},
  annotation = {{Five implicit theories organise offenders' distorted beliefs;
                 the seminar starts from them.}},
}}

@techreport{{annex2019,
  author      = {{{{Working Group on Online Offender Communities}}}},
  title       = {{Annex B: Full Text with Methodological Notes}},
  institution = {{Example Institute}},
  year        = {{2019}},
  url         = {{{LONG_URL}}},
  annotation  = {{The full annex is at {LONG_URL} and is worth skimming.}},
}}

@book{{howitt2007role,
  author    = {{Howitt, Dennis and Sheldon, Kerry}},
  title     = {{The Role of Cognitive Distortions in Paedophilic Offending:
                Rechtsschutzversicherungsgesellschaften and Other Long Words}},
  publisher = {{Routledge}},
  year      = {{2007}},
  annotation = {{A short annotation.}},
}}

@incollection{{quayle2002,
  author    = {{Quayle, Ethel and Taylor, Max}},
  title     = {{Paedophiles, Pornography and the Internet}},
  booktitle = {{Sex Offenders}},
  publisher = {{Wiley}},
  year      = {{2002}},
}}

@online{{sykes1957,
  author  = {{Sykes, Gresham M. and Matza, David}},
  title   = {{Techniques of Neutralization}},
  year    = {{1957}},
  url     = {{https://doi.org/10.2307/2089195}},
}}
"""
ENTRIES = 5


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    """One headless Chromium for the module; a missing browser fails the tests, never skips."""
    chromium = launch_or_fail()
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`format --to html --standalone --annotated` of the library above, as a file."""
    root = tmp_path_factory.mktemp("lib")
    (root / "bib").mkdir()
    (root / "bib" / "review.bib").write_text(LIBRARY, encoding="utf-8")
    out = root / "bibliography.html"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.delenv("SYLLABIB_LIBRARY", raising=False)
        result = CliRunner().invoke(app, ["format", "--to", "html", "--standalone", "--annotated",
                                          "--title", "Seminar readings", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def phone(browser: Chromium, page: Path) -> PageReport:
    """The page at 375 px, with a full-page screenshot kept in tests/artifacts/."""
    return browser.load(page, width=PHONE, screenshot=ARTIFACTS / "format-page-375.png",
                        count=(".csl-entry", ".annotation", "a[href]"))


@pytest.fixture(scope="module")
def desktop(browser: Chromium, page: Path) -> PageReport:
    """The page at 1280 px, with a screenshot."""
    return browser.load(page, width=DESKTOP, screenshot=ARTIFACTS / "format-page-1280.png",
                        count=(".csl-entry",))


def test_no_console_errors_and_no_requests(phone: PageReport, desktop: PageReport) -> None:
    for report in (phone, desktop):
        assert report.errors == []
        assert report.requests == []


def test_every_entry_and_annotation_in_the_dom(phone: PageReport) -> None:
    assert phone.counts[".csl-entry"] == ENTRIES
    assert phone.counts[".annotation"] == 3
    assert phone.counts["a[href]"] >= 3  # the DOI, the report's URL (twice) and Sykes's URL
    assert 'id="ref-ward1999implicit"' in phone.dom


def test_no_horizontal_scrolling_on_a_phone(phone: PageReport) -> None:
    assert phone.scroll_width <= PHONE, f"page is {phone.scroll_width} px wide at {PHONE} px"


def test_language_and_print_stylesheet(phone: PageReport) -> None:
    assert re.search(r'<html lang="en(-US)?"', phone.dom)
    styles = re.findall(r"<style>(.*?)</style>", phone.dom, re.DOTALL)
    assert any("@media print" in css for css in styles)


def test_screenshots_are_pngs_of_the_viewport_width(phone: PageReport,
                                                    desktop: PageReport) -> None:
    for report in (phone, desktop):
        assert report.screenshot is not None and report.screenshot.is_file()
        width, height = png_size(report.screenshot)
        assert width == report.width
        assert height >= 300  # the whole page, not an empty strip


def test_a_long_word_in_a_title_wraps_on_a_phone(browser: Chromium, tmp_path: Path) -> None:
    """Finnish and German compounds run to 60 letters; they must wrap, not widen the page."""
    root = tmp_path / "lib"
    (root / "bib").mkdir(parents=True)
    (root / "bib" / "fi.bib").write_text(
        "@book{virtanen2020,\n  author = {Virtanen, Matti}, year = {2020},\n"
        "  title = {Lentokonesuihkuturbiinimoottoriapumekaanikkoaliupseerioppilas},\n"
        "  publisher = {Gaudeamus},\n}\n", encoding="utf-8")
    out = root / "page.html"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.delenv("SYLLABIB_LIBRARY", raising=False)
        result = CliRunner().invoke(app, ["format", "--to", "html", "--standalone",
                                          "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    report = browser.load(out, width=PHONE, screenshot=ARTIFACTS / "format-long-word-375.png")
    assert report.scroll_width <= PHONE, f"page is {report.scroll_width} px wide at {PHONE} px"


def test_harness_sees_errors_requests_and_overflow(browser: Chromium, tmp_path: Path) -> None:
    """The checks above can fail: a bad page trips every one of them."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width">'
        '<link rel="stylesheet" href="https://cdn.example.org/x.css"></head>'
        f"<body><p>{'x' * 200}</p><script>console.error('boom'); missing();</script>"
        "</body></html>",
        encoding="utf-8",
    )
    report = browser.load(bad, width=PHONE, count=("p",))
    assert [m.text for m in report.errors if m.source == "console-api"] == ["boom"]
    assert any("missing is not defined" in m.text for m in report.errors)
    assert report.requests == ["https://cdn.example.org/x.css"]
    assert report.scroll_width > PHONE
    assert report.counts == {"p": 1}
