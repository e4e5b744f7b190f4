"""Fixes over the pinned citeproc-py 0.11.1, as subclasses of its element classes.

citeproc-py builds its element tree through an lxml class lookup that maps every direct
subclass of `CitationStylesElement` to the CSL element of the same name; a class defined here
with the same name and `CitationStylesElement` among its direct bases replaces the original
for every style parsed afterwards. Each class names the CSL feature it implements.
"""

from __future__ import annotations

from typing import Any

from citeproc import model
from citeproc.string import join

LABEL_SEPARATOR = "\u2063"  # INVISIBLE SEPARATOR: between a bibliography label and the text


class Layout(model.Layout, model.CitationStylesElement):
    """CSL `second-field-align`: the first field of a bibliography entry is its label.

    citeproc-py glues the label (`[1]`) to the text; this layout marks the seam so that each
    writer can lay the label out in its own column.
    """

    def render_bibliography(self, citation_items: list[Any]) -> list[Any]:
        bibliography = self.getparent()
        if bibliography.get("second-field-align") is None:
            return super().render_bibliography(citation_items)
        return [self._with_label(item) for item in citation_items]

    def _with_label(self, item: Any) -> Any:
        """One entry rendered as label, separator, rest."""
        self.repressed = {}
        children = list(self.iterchildren())
        label = _render(children[:1], item)
        rest = _render(children[1:], item, self.get("delimiter", ""))
        parts = [part for part in (label, LABEL_SEPARATOR, rest) if part is not None]
        return self.format(self.wrap(join(parts)))


def _render(children: list[Any], item: Any, delimiter: str = "") -> Any:
    """Render elements for `item` and join what they print."""
    output = []
    for child in children:
        try:
            text = child.render(item)
        except model.VariableError:
            continue
        if text is not None:
            output.append(text)
    return join(output, delimiter) if output else None


def installed() -> bool:
    """True when the classes above are the ones citeproc-py will use."""
    names = {cls.__name__: cls for cls in model.CitationStylesElement.__subclasses__()}
    return names.get("Layout") is Layout
