"""Interchange with other reference managers: CSL-JSON and RIS in, RIS and biblatex out."""
