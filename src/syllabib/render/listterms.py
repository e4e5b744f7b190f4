"""The few words a reading list prints around its references, in the list's language."""

from __future__ import annotations

TERMS: dict[str, dict[str, str]] = {
    "en": {"contents": "Contents", "audience": "Audience", "note": "Note",
           "references": "references", "style": "Citation style"},
    "fi": {"contents": "Sisällys", "audience": "Kohderyhmä", "note": "Huom.",
           "references": "lähdettä", "style": "Viittaustyyli"},
    "sv": {"contents": "Innehåll", "audience": "Målgrupp", "note": "Obs.",
           "references": "referenser", "style": "Referensstil"},
    "de": {"contents": "Inhalt", "audience": "Zielgruppe", "note": "Hinweis",
           "references": "Titel", "style": "Zitierstil"},
    "fr": {"contents": "Sommaire", "audience": "Public", "note": "Remarque",
           "references": "références", "style": "Style de citation"},
}


def term(locale: str, name: str) -> str:
    """The word `name` in the language of `locale` (English when the language is not known)."""
    language = locale.replace("_", "-").split("-")[0].lower()
    return TERMS.get(language, TERMS["en"])[name]
