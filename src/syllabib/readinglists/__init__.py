"""Reading lists: TOML files in `readinglists/` that select, order and annotate entries (no I/O but reading the file)."""
