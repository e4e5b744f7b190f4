"""Library health: checks that return diagnostics with stable codes, and duplicate detection.

Each module holds one family of checks; each check is a small function that yields
`Diagnostic`s. Nothing here reads files, prints or exits: `services.checking` gathers the
inputs (library, themes.toml, reading lists) and runs them.
"""
