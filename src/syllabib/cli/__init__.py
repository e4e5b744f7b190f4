"""The command-line interface (typer). No logic here: parse, call a service, print."""

from .app import app, main
from . import read, write, format, lists, draft  # noqa: E402,F401  (registers the commands)
from . import health  # noqa: E402,F401  (duplicates)

__all__ = ["app", "main"]
