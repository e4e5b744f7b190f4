"""Rendering: citeproc-py over CSL-JSON, then one small writer per output format."""
