"""BibTeX/biblatex → CSL-JSON: our own type, field, name and date tables."""
