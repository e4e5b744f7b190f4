"""A disposable SQLite index of the library, so that reading commands need not parse .bib files.

The .bib files stay the only source of truth. The index (`.syllabib/index.sqlite`) holds, per
file, its size, modification time and content hash, and per entry its key, where its text lies
(character and byte offsets, line), a hash of that text, what `list` shows, and the folded text
of the fields that queries read. It is used only when every file is as it was indexed, and
rebuilt from the files otherwise; deleting it loses nothing.
"""
