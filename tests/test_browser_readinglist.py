"""Reading-list HTML pages (`syllabib build --to html`) in a real Chromium.

A small list built in a temporary library, and every list of the bundled example library.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from syllabib.cli import app
from syllabib.library import load_library
from syllabib.readinglists.loading import load_list
from syllabib.services.building import select_sections

from .browser import (ARTIFACTS, DESKTOP, PHONE, Chromium, PageReport, launch_or_fail,
                      png_size)
from .test_browser import LONG_DOI, LONG_URL

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted(p.stem for p in (ROOT / "readinglists").glob("*.toml"))

LIBRARY = f"""\
@article{{ward1999implicit,
  author = {{Ward, Tony and Keenan, Thomas}}, year = {{1999}},
  title = {{Child Molesters' Implicit Theories}}, journal = {{Journal of Interpersonal Violence}},
  volume = {{14}}, number = {{8}}, pages = {{821--838}}, doi = {{{LONG_DOI}}},
  keywords = {{justifications/implicit-theories}},
  annotation = {{Five implicit theories organise the distorted beliefs of offenders.}},
}}
@article{{bartels2016implicit,
  author = {{Bartels, Ross M. and Merdian, Hannah L.}}, year = {{2016}},
  title = {{The Implicit Theories of Child Sexual Exploitation Material Users}},
  journal = {{Aggression and Violent Behavior}}, volume = {{26}}, pages = {{16--25}},
  keywords = {{justifications/implicit-theories}},
  annotation = {{Theories specific to users of abuse material.}},
}}
@book{{howitt2007role,
  author = {{Howitt, Dennis and Sheldon, Kerry}}, year = {{2007}},
  title = {{The Role of Cognitive Distortions in Paedophilic Offending}},
  publisher = {{Routledge}}, keywords = {{justifications/cognitive-distortions}},
  annotation = {{Internet and contact offenders compared.}},
}}
@article{{sykes1957techniques,
  author = {{Sykes, Gresham M. and Matza, David}}, year = {{1957}},
  title = {{Techniques of Neutralization}}, journal = {{American Sociological Review}},
  volume = {{22}}, number = {{6}}, pages = {{664--670}},
  keywords = {{justifications/neutralization}},
  annotation = {{The five techniques: denial of responsibility, injury and victim, and more.}},
}}
@techreport{{annex2019,
  author = {{{{Working Group on Online Offender Communities}}}}, year = {{2019}},
  title = {{Annex B: Full Text with Methodological Notes}}, institution = {{Example Institute}},
  url = {{{LONG_URL}}}, keywords = {{communities}},
  annotation = {{The annex is at {LONG_URL} for those who want the interview schedules.}},
}}
"""
READING_LIST = """\
title = "How offenders justify abuse"
subtitle = "A two-session seminar"
description = "Read the *essential* texts before each session."
audience = "MA students"
style = "apa"
locale = "en-GB"
formats = ["html"]
annotated = true
allow_repeats = true

[[sections]]
heading = "Session 1: Implicit theories"
intro = "Ward and Keenan, then the *CSAM-specific* theories."
query = "theme:justifications/implicit-theories"
sort = "year"

[sections.entries.ward1999implicit]
importance = "essential"
note = "Read pages 821–830."

[sections.entries.bartels2016implicit]
importance = "recommended"

[[sections]]
heading = "Session 2: Distortions, neutralization — and the same first reading again"
intro = "Back to Ward and Keenan with two other traditions."
keys = ["sykes1957techniques", "howitt2007role", "ward1999implicit", "annex2019"]
sort = "keys"

[sections.entries.annex2019]
importance = "further"
note = "Optional: https://www.example.org/a/very/long/path/that/goes/on/and/on/without/any/break"
"""
SECTIONS = 2
ITEMS = 6  # 2 + 4: ward1999implicit is in both sessions (allow_repeats)
NAV_TARGETS_MISSING = """
[...document.querySelectorAll('nav a[href^="#"]')]
  .map(a => a.getAttribute('href'))
  .filter(h => !document.getElementById(decodeURIComponent(h.slice(1))))
"""
NAV_LINKS = "document.querySelectorAll('nav a[href^=\"#\"]').length"
DUPLICATE_IDS = """
[...document.querySelectorAll('[id]')].map(e => e.id)
  .filter((id, i, ids) => ids.indexOf(id) !== i)
"""
PROBES = {"missing targets": NAV_TARGETS_MISSING, "nav links": NAV_LINKS,
          "duplicate ids": DUPLICATE_IDS, "lang": "document.documentElement.lang"}
COUNTED = ("section.reading-section", "li.reading-item", "span.badge", "nav", "header h1")


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    """One headless Chromium for the module; a missing browser fails the tests, never skips."""
    chromium = launch_or_fail()
    yield chromium
    chromium.close()


def build(root: Path, name: str, out: Path) -> Path:
    """`syllabib build NAME --to html --out OUT` in the library at `root`; the page's path."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.delenv("SYLLABIB_LIBRARY", raising=False)
        result = CliRunner().invoke(app, ["build", name, "--to", "html", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    page = out / f"{name}.html"
    assert page.is_file(), f"build wrote {sorted(p.name for p in out.iterdir())}"
    return page


def look(browser: Chromium, page: Path, name: str) -> tuple[PageReport, PageReport]:
    """The page at 375 px and at 1280 px, both with screenshots in tests/artifacts/."""
    return tuple(  # type: ignore[return-value]
        browser.load(page, width=width, screenshot=ARTIFACTS / f"list-{name}-{width}.png",
                     count=COUNTED, probes=PROBES)
        for width in (PHONE, DESKTOP)
    )


def assert_sound(phone: PageReport, desktop: PageReport, sections: int, items: int) -> None:
    """Every check of the issue, at both widths."""
    for report in (phone, desktop):
        assert report.errors == [], report.url
        assert report.requests == [], report.url
        assert report.counts["section.reading-section"] == sections
        assert report.counts["li.reading-item"] == items
        assert report.counts["nav"] == 1 and report.counts["header h1"] == 1
        assert report.values["nav links"] == sections
        assert report.values["missing targets"] == []
        assert report.values["lang"]
        assert report.screenshot is not None and png_size(report.screenshot)[0] == report.width
    assert phone.scroll_width <= PHONE, f"{phone.url} is {phone.scroll_width} px wide at {PHONE}"


@pytest.fixture(scope="module")
def seminar(browser: Chromium, tmp_path_factory: pytest.TempPathFactory,
            ) -> tuple[PageReport, PageReport]:
    """The seminar list above, built and loaded at both widths."""
    root = tmp_path_factory.mktemp("lib")
    (root / "bib").mkdir()
    (root / "bib" / "review.bib").write_text(LIBRARY, encoding="utf-8")
    (root / "readinglists").mkdir()
    (root / "readinglists" / "seminar.toml").write_text(READING_LIST, encoding="utf-8")
    return look(browser, build(root, "seminar", root / "out"), "tmp-seminar")


def test_seminar_page_passes_every_check(seminar: tuple[PageReport, PageReport]) -> None:
    assert_sound(*seminar, sections=SECTIONS, items=ITEMS)


def test_seminar_page_language_badges_and_notes(seminar: tuple[PageReport, PageReport]) -> None:
    phone, _ = seminar
    assert phone.values["lang"] == "en-GB"
    assert phone.counts["span.badge"] == 3  # essential, recommended, further; the rest have none
    assert '<span class="badge badge-essential">Essential</span>' in phone.dom
    assert "Read pages 821–830." in phone.dom
    doi_link = "https://doi.org/" + LONG_DOI.replace("<", "%3C").replace(">", "%3E")
    assert f'href="{doi_link}"' in phone.dom


def test_seminar_page_ids_are_unique(seminar: tuple[PageReport, PageReport]) -> None:
    """An entry listed in two sections must not give two elements the same id."""
    assert seminar[0].values["duplicate ids"] == []


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_list_page(browser: Chromium, tmp_path: Path, name: str) -> None:
    reading_list = load_list(ROOT / "readinglists" / f"{name}.toml")
    selected = select_sections(load_library(ROOT, use_cache=False), reading_list)
    phone, desktop = look(browser, build(ROOT, name, tmp_path), name)
    assert_sound(phone, desktop, sections=len(reading_list.sections),
                 items=sum(len(entries) for entries in selected.sections))
    assert phone.values["duplicate ids"] == []
    if reading_list.locale:
        assert phone.values["lang"] == reading_list.locale.replace("_", "-")
