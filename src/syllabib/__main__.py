"""`python -m syllabib`."""

from .cli import main

main()
