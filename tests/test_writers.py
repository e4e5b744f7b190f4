"""The output writers: exact text for txt, md, html and tex; the structure of docx; the registry."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.shared import Inches

from syllabib.errors import UsageError
from syllabib.render.model import Bibliography, Layout, Reference, Run
from syllabib.render.writers import FORMATS, format_for, writer_for
from syllabib.render.writers.links import linkify

APA = Reference("smith2020", (
    Run("Smith, J., & Doe, A. (2020). Title of the article. "),
    Run("Journal of Things", italic=True),
    Run(", "),
    Run("12", italic=True),
    Run("(3), 45–67. https://doi.org/10.1234/abc.5678"),
))
IEEE = (
    Reference("lee2019", (Run('J. Lee, "A paper," in '), Run("Proc. Conf.", italic=True),
                          Run(", 2019, doi:10.1000/xyz.")), label="[1]"),
    Reference("kim2021", (Run("S. Kim, "), Run("A Book", italic=True), Run(". 2021.")),
              label="[10]"),
)
SPECIAL = Reference("odd_key", (
    Run("O'Neil & Sons <Co>: 50% of $5 #1 snake_case *star* ~x^2 \\ {b} [c]. "),
    Run("Ital_ic", italic=True),
    Run("."),
))
NOTED = Reference("doe2018", (
    Run("Doe, A. (2018). "),
    Run("A book", italic=True),
    Run(". Publisher. https://example.org/book."),
), annotation="First paragraph,\nsecond line.\n\nSecond paragraph.")

APA_BIB = Bibliography((APA,), style="apa",
                       layout=Layout(hanging_indent=True, line_spacing=2, entry_spacing=0))
IEEE_BIB = Bibliography(IEEE, style="ieee", layout=Layout(second_field_align="flush"))
SPECIAL_BIB = Bibliography((SPECIAL,))
NOTED_BIB = Bibliography((NOTED,), title="Reading list", locale="fi-FI",
                         layout=Layout(hanging_indent=True), annotated=True)


def out(fmt: str, bib: Bibliography, standalone: bool = False) -> str:
    """The writer's output for `fmt`, decoded."""
    return writer_for(fmt, None)(bib, standalone=standalone).decode("utf-8")


# Links


def test_linkify_splits_urls_and_dois() -> None:
    runs = linkify([Run("See https://a.org/x_(y)). Or doi:10.1000/a<b>, or <http://b.org/c>.")])
    assert [(run.text, run.link) for run in runs] == [
        ("See ", None),
        ("https://a.org/x_(y)", "https://a.org/x_(y)"),
        ("). Or ", None),
        ("doi:10.1000/a<b>", "https://doi.org/10.1000/a%3Cb%3E"),
        (", or <", None),
        ("http://b.org/c", "http://b.org/c"),
        (">.", None),
    ]


def test_linkify_keeps_formatting_and_joins_split_runs() -> None:
    runs = linkify([Run("x https://a.org/", italic=True), Run("b y", italic=True)])
    assert runs == (Run("x ", italic=True),
                    Run("https://a.org/b", italic=True, link="https://a.org/b"),
                    Run(" y", italic=True))


def test_linkify_leaves_existing_links_and_plain_text() -> None:
    runs = (Run("the site", link="https://a.org/a b"), Run("no link: 10.1000/x"))
    assert linkify(runs) == (Run("the site", link="https://a.org/a%20b"), runs[1])


# Plain text


def test_text_apa() -> None:
    assert out("txt", APA_BIB) == (
        "Smith, J., & Doe, A. (2020). Title of the article. Journal of Things, 12(3), 45–67. "
        "https://doi.org/10.1234/abc.5678\n"
    )


def test_text_labels_padded_to_the_widest() -> None:
    assert out("txt", IEEE_BIB) == (
        '[1]  J. Lee, "A paper," in Proc. Conf., 2019, doi:10.1000/xyz.\n'
        "\n"
        "[10] S. Kim, A Book. 2021.\n"
    )


def test_text_labels_without_alignment_get_one_space() -> None:
    bib = Bibliography(IEEE)
    assert out("txt", bib).splitlines()[0].startswith('[1] J. Lee, "A paper,"')


def test_text_specials_untouched() -> None:
    assert out("txt", SPECIAL_BIB) == (
        "O'Neil & Sons <Co>: 50% of $5 #1 snake_case *star* ~x^2 \\ {b} [c]. Ital_ic.\n"
    )


def test_text_annotation_indented_paragraphs() -> None:
    assert out("txt", NOTED_BIB) == (
        "Reading list\n"
        "\n"
        "Doe, A. (2018). A book. Publisher. https://example.org/book.\n"
        "\n"
        "    First paragraph,\n"
        "    second line.\n"
        "\n"
        "    Second paragraph.\n"
    )


def test_annotation_only_when_annotated() -> None:
    bib = Bibliography((NOTED,))
    assert out("txt", bib) == "Doe, A. (2018). A book. Publisher. https://example.org/book.\n"
    assert "annotation" not in out("html", bib)


# Markdown


def test_markdown_apa() -> None:
    assert out("md", APA_BIB) == (
        "Smith, J., & Doe, A. (2020). Title of the article. *Journal of Things*, *12*(3), "
        "45–67. <https://doi.org/10.1234/abc.5678>\n"
    )


def test_markdown_labels_are_literal() -> None:
    assert out("md", IEEE_BIB) == (
        r'\[1\] J. Lee, "A paper," in *Proc. Conf.*, 2019, '
        "[doi:10.1000/xyz](https://doi.org/10.1000/xyz).\n"
        "\n"
        r"\[10\] S. Kim, *A Book*. 2021." "\n"
    )
    numbered = Bibliography((Reference("a", (Run("Text."),), label="1."),))
    assert out("md", numbered) == "1\\. Text.\n"


def test_markdown_escapes() -> None:
    assert out("md", SPECIAL_BIB) == (
        r"O'Neil & Sons \<Co\>: 50% of $5 #1 snake\_case \*star\* ~x^2 \\ {b} \[c\]. "
        r"*Ital\_ic*." "\n"
    )
    heading = Bibliography((Reference("h", (Run("# not a heading"),)),))
    assert out("md", heading) == "\\# not a heading\n"


def test_markdown_annotation_block_quote() -> None:
    assert out("md", NOTED_BIB) == (
        "## Reading list\n"
        "\n"
        "Doe, A. (2018). *A book*. Publisher. <https://example.org/book>.\n"
        "\n"
        "> First paragraph,\n"
        "> second line.\n"
        ">\n"
        "> Second paragraph.\n"
    )


def test_markdown_emphasis_keeps_spaces_outside() -> None:
    bib = Bibliography((Reference("a", (Run("A"), Run(" Title ", italic=True), Run("B"))),))
    assert out("md", bib) == "A *Title* B\n"


# HTML


def test_html_apa_hanging_indent() -> None:
    assert out("html", APA_BIB) == (
        '<div class="csl-bib-body hanging-indent" style="line-height:2">\n'
        '  <div class="csl-entry" id="ref-smith2020" '
        'style="margin:0;padding-left:2em;text-indent:-2em">'
        "Smith, J., &amp; Doe, A. (2020). Title of the article. <i>Journal of Things</i>, "
        "<i>12</i>(3), 45–67. "
        '<a href="https://doi.org/10.1234/abc.5678">https://doi.org/10.1234/abc.5678</a></div>\n'
        "</div>\n"
    )


def test_html_label_column() -> None:
    assert out("html", IEEE_BIB) == (
        '<div class="csl-bib-body">\n'
        '  <div class="csl-entry" id="ref-lee2019" style="margin:0 0 1em;overflow:hidden">'
        '<span class="csl-left-margin" style="float:left;width:5ch">[1]</span> '
        '<span class="csl-right-inline" style="display:block;margin-left:5ch">'
        'J. Lee, "A paper," in <i>Proc. Conf.</i>, 2019, '
        '<a href="https://doi.org/10.1000/xyz">doi:10.1000/xyz</a>.</span></div>\n'
        '  <div class="csl-entry" id="ref-kim2021" style="margin:0 0 1em;overflow:hidden">'
        '<span class="csl-left-margin" style="float:left;width:5ch">[10]</span> '
        '<span class="csl-right-inline" style="display:block;margin-left:5ch">'
        "S. Kim, <i>A Book</i>. 2021.</span></div>\n"
        "</div>\n"
    )


def test_html_escapes() -> None:
    assert out("html", SPECIAL_BIB) == (
        '<div class="csl-bib-body">\n'
        '  <div class="csl-entry" id="ref-odd_key" style="margin:0 0 1em">'
        "O'Neil &amp; Sons &lt;Co&gt;: 50% of $5 #1 snake_case *star* ~x^2 \\ {b} [c]. "
        "<i>Ital_ic</i>.</div>\n"
        "</div>\n"
    )


def test_html_annotation() -> None:
    assert out("html", NOTED_BIB) == (
        "<h2>Reading list</h2>\n"
        '<div class="csl-bib-body hanging-indent">\n'
        '  <div class="csl-entry" id="ref-doe2018" '
        'style="margin:0 0 1em;padding-left:2em;text-indent:-2em">'
        "Doe, A. (2018). <i>A book</i>. Publisher. "
        '<a href="https://example.org/book">https://example.org/book</a>.'
        '<div class="annotation" style="text-indent:0">'
        "<p>First paragraph,\nsecond line.</p><p>Second paragraph.</p></div></div>\n"
        "</div>\n"
    )


def test_html_formatting_tags() -> None:
    runs = (Run("b", bold=True), Run("sc", smallcaps=True), Run("2", superscript=True),
            Run("i", subscript=True), Run("u", underline=True),
            Run("t", italic=True, link="https://a.org/?q=1&r=2"))
    html = out("html", Bibliography((Reference("k", runs),)))
    assert ('<b>b</b><span style="font-variant:small-caps">sc</span><sup>2</sup><sub>i</sub>'
            '<u>u</u><a href="https://a.org/?q=1&amp;r=2"><i>t</i></a>') in html


def test_html_standalone_page() -> None:
    page = out("html", NOTED_BIB, standalone=True)
    assert page.startswith('<!DOCTYPE html>\n<html lang="fi-FI">\n<head>\n<meta charset="utf-8">\n')
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<title>Reading list</title>" in page and "<h1>Reading list</h1>" in page
    assert "<style>" in page and "@media print" in page
    assert '<div class="csl-entry" id="ref-doe2018"' in page
    assert "http" not in page.split("<body>")[0]  # no external resources
    assert page.endswith("</body>\n</html>\n")
    untitled = out("html", Bibliography((APA,), style_title="APA 7th"), standalone=True)
    assert "<title>APA 7th</title>" in untitled and "<h1>" not in untitled


# LaTeX

HANGING_LIST = (
    "\\begin{list}{}{%\n"
    "  \\setlength{\\leftmargin}{2em}%\n"
    "  \\setlength{\\itemindent}{-\\leftmargin}%\n"
    "  \\setlength{\\labelwidth}{0pt}%\n"
    "  \\setlength{\\labelsep}{0pt}%\n"
)


def test_latex_apa() -> None:
    assert out("tex", APA_BIB) == (
        HANGING_LIST
        + "  \\setlength{\\itemsep}{0pt}%\n"
        "  \\setlength{\\parsep}{0pt}%\n"
        "  \\linespread{2}\\selectfont}\n"
        r"\item[] Smith, J., \& Doe, A. (2020). Title of the article. \emph{Journal of Things}, "
        r"\emph{12}(3), 45–67. \url{https://doi.org/10.1234/abc.5678}" "\n"
        "\\end{list}\n"
    )


def test_latex_labels_in_item_label() -> None:
    assert out("tex", IEEE_BIB) == (
        "\\begin{list}{}{%\n"
        "  \\settowidth{\\labelwidth}{[10]}%\n"
        "  \\setlength{\\leftmargin}{\\labelwidth}%\n"
        "  \\addtolength{\\leftmargin}{\\labelsep}%\n"
        "  \\setlength{\\itemsep}{1\\baselineskip}%\n"
        "  \\setlength{\\parsep}{0pt}}\n"
        r'\item[{[1]}] J. Lee, "A paper," in \emph{Proc. Conf.}, 2019, '
        r"\href{https://doi.org/10.1000/xyz}{doi:10.1000/xyz}." "\n"
        r"\item[{[10]}] S. Kim, \emph{A Book}. 2021." "\n"
        "\\end{list}\n"
    )


def test_latex_escapes() -> None:
    item = out("tex", SPECIAL_BIB).splitlines()[-2]
    assert item == (
        r"\item[] O'Neil \& Sons \textless{}Co\textgreater{}: 50\% of \$5 \#1 snake\_case *star* "
        r"\textasciitilde{}x\textasciicircum{}2 \textbackslash{} \{b\} [c]. \emph{Ital\_ic}."
    )


def test_latex_annotation_own_paragraph() -> None:
    assert out("tex", NOTED_BIB) == (
        "\\section*{Reading list}\n"
        "\n"
        + HANGING_LIST
        + "  \\setlength{\\itemsep}{1\\baselineskip}%\n"
        "  \\setlength{\\parsep}{0pt}}\n"
        r"\item[] Doe, A. (2018). \emph{A book}. Publisher. \url{https://example.org/book}." "\n"
        r"\par\smallskip{\small First paragraph," "\n"
        r"second line.\par\smallskip Second paragraph.\par}" "\n"
        "\\end{list}\n"
    )


def test_latex_formatting_and_links() -> None:
    runs = (Run("sc", smallcaps=True), Run("2", superscript=True), Run("i", subscript=True),
            Run("b", bold=True), Run("https://a.org/x%20y#z", italic=True),
            Run(" see https://a.org/{x}"))
    tex = out("tex", Bibliography((Reference("k", runs),)))
    assert (r"\textsc{sc}\textsuperscript{2}\textsubscript{i}\textbf{b}"
            r"\href{https://a.org/x%20y#z}{\emph{https://a.org/x\%20y\#z}}"
            r" see \href{https://a.org/%7Bx%7D}{https://a.org/\{x\}}") in tex


def test_latex_standalone_document() -> None:
    tex = out("tex", NOTED_BIB, standalone=True)
    assert tex.startswith(
        "\\documentclass{article}\n"
        "\\usepackage[utf8]{inputenc}\n"
        "\\usepackage[T1]{fontenc}\n"
        "\\usepackage{hyperref}\n"
    )
    assert "\\hypersetup{pdftitle={Reading list},pdflang={fi-FI}}\n\\begin{document}\n" in tex
    assert out("tex", NOTED_BIB) in tex
    assert tex.endswith("\\end{list}\n\n\\end{document}\n")


# DOCX


def open_docx(bib: Bibliography) -> docx.document.Document:
    """The .docx bytes for `bib`, opened again with python-docx."""
    return docx.Document(BytesIO(writer_for("docx", None)(bib)))


def test_docx_apa_paragraph_indent_italics_and_hyperlink() -> None:
    document = open_docx(APA_BIB)
    [paragraph] = document.paragraphs
    assert paragraph.text == APA.text
    assert [run.text for run in paragraph.runs if run.italic] == ["Journal of Things", "12"]
    assert paragraph.paragraph_format.left_indent == Inches(0.5)
    assert paragraph.paragraph_format.first_line_indent == -Inches(0.5)
    [link] = paragraph.hyperlinks
    assert link.text == "https://doi.org/10.1234/abc.5678"
    assert link.address == "https://doi.org/10.1234/abc.5678"
    r_id = link._hyperlink.rId
    assert paragraph.part.rels[r_id].target_ref == "https://doi.org/10.1234/abc.5678"
    assert paragraph.part.rels[r_id].is_external
    assert link.runs[0].font.underline and str(link.runs[0].font.color.rgb) == "0563C1"


def test_docx_labels_tab_and_tab_stop() -> None:
    document = open_docx(IEEE_BIB)
    first, second = document.paragraphs
    assert first.text == '[1]\tJ. Lee, "A paper," in Proc. Conf., 2019, doi:10.1000/xyz.'
    assert second.text == "[10]\tS. Kim, A Book. 2021."
    indent = first.paragraph_format.left_indent
    assert indent is not None and indent >= Inches(0.5)
    assert first.paragraph_format.first_line_indent == -indent
    assert [stop.position for stop in first.paragraph_format.tab_stops] == [indent]
    assert first.hyperlinks[0].address == "https://doi.org/10.1000/xyz"


def test_docx_annotation_paragraphs_heading_and_language() -> None:
    document = open_docx(NOTED_BIB)
    heading, reference, note1, note2 = document.paragraphs
    assert heading.text == "Reading list" and heading.style.name == "Heading 1"
    assert reference.text == "Doe, A. (2018). A book. Publisher. https://example.org/book."
    assert reference.hyperlinks[0].address == "https://example.org/book"
    assert note1.text == "First paragraph, second line."
    assert note2.text == "Second paragraph."
    for note in (note1, note2):
        assert note.paragraph_format.left_indent == Inches(0.5)
        assert note.paragraph_format.first_line_indent == 0
    styles = document.styles.element
    [lang] = styles.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang")
    assert lang.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "fi-FI"


def test_docx_run_formatting_and_escapes() -> None:
    runs = (Run("sc", smallcaps=True), Run("2", superscript=True), Run("i", subscript=True),
            Run("b", bold=True), Run("u", underline=True), *SPECIAL.runs)
    [paragraph] = open_docx(Bibliography((Reference("k", runs),))).paragraphs
    fonts = [run.font for run in paragraph.runs]
    assert fonts[0].small_caps and fonts[1].superscript and fonts[2].subscript
    assert paragraph.runs[3].bold and paragraph.runs[4].underline
    assert paragraph.text.endswith(SPECIAL.text)
    assert paragraph.paragraph_format.left_indent is None


# Registry


@pytest.mark.parametrize(("output", "expected"), [
    ("refs.txt", "txt"), ("refs.md", "md"), ("refs.markdown", "md"), ("refs.html", "html"),
    ("refs.HTM", "html"), ("refs.tex", "tex"), ("refs.docx", "docx"), ("refs", "txt"),
])
def test_format_by_suffix(output: str, expected: str) -> None:
    assert format_for(None, Path(output)) == expected


def test_writer_for_picks_name_then_suffix_then_txt() -> None:
    assert format_for(None, None) == "txt"
    assert format_for("HTML", Path("refs.md")) == "html"
    assert writer_for(None, Path("list.html"))(SPECIAL_BIB).startswith(b'<div class="csl-bib-body">')
    assert writer_for("md", None)(SPECIAL_BIB) == out("md", SPECIAL_BIB).encode("utf-8")
    assert writer_for(None, Path("refs.docx"))(SPECIAL_BIB)[:2] == b"PK"
    assert FORMATS == ("txt", "md", "html", "tex", "docx")


def test_writer_for_unknown_name_or_suffix() -> None:
    with pytest.raises(UsageError) as error:
        writer_for("rtf", None)
    assert "rtf" in error.value.message and "txt, md, html, tex, docx" in (error.value.hint or "")
    with pytest.raises(UsageError) as error:
        writer_for(None, Path("refs.odt"))
    assert "refs.odt" in error.value.message and "html" in (error.value.hint or "")


def test_empty_bibliography() -> None:
    empty = Bibliography(())
    assert out("txt", empty) == "" and out("md", empty) == "" and out("tex", empty) == ""
    assert out("html", empty) == '<div class="csl-bib-body">\n</div>\n'
    assert open_docx(empty).paragraphs == []
