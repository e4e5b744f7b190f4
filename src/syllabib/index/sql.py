"""A compiled query as an SQL condition over the `entries` table, with the same meaning.

Every term of the query language has an exact translation here; `tests/test_index.py` checks
that the index and the Python evaluator select the same entries for many generated queries.
"""

from __future__ import annotations

import fnmatch
import sqlite3
from typing import Any

from ..query import (All, And, HasTerm, KeyTerm, Node, Not, Or, Query, TextTerm, ThemeTerm,
                     TypeTerm, YearTerm)
from .schema import INDEXED_FIELDS

Condition = tuple[str, list[Any]]


def answerable(query: Query) -> bool:
    """True when the index holds the text of every field the query reads."""
    return _searched(query.node) <= INDEXED_FIELDS


def needs_search(query: Query) -> bool:
    """True when the query reads the searchable text of fields (the `search` table)."""
    return bool(_searched(query.node))


def _searched(node: Node) -> set[str]:
    """The fields whose text a query reads (`has:theme` and `has:annotation` need none)."""
    if isinstance(node, TextTerm):
        return set(node.fields)
    if isinstance(node, HasTerm):
        return set() if node.field in ("theme", "themes", "annotation") else {node.field}
    if isinstance(node, Not):
        return _searched(node.node)
    if isinstance(node, (And, Or)):
        return set().union(*(_searched(child) for child in node.nodes))
    return set()


def register_functions(conn: sqlite3.Connection) -> None:
    """The Python functions conditions call (glob matching as the evaluator does it)."""
    conn.create_function("key_glob", 2, lambda key, pattern: fnmatch.fnmatchcase(key, pattern),
                         deterministic=True)


def condition(node: Node) -> Condition:
    """`(sql, params)` true for exactly the rows whose entries match `node`."""
    if isinstance(node, And):
        return _joined(node.nodes, " AND ", "1")
    if isinstance(node, Or):
        return _joined(node.nodes, " OR ", "0")
    if isinstance(node, Not):
        sql, params = condition(node.node)
        return f"NOT ({sql})", params
    if isinstance(node, TextTerm):
        parts = [f"instr(coalesce(json_extract(folded, {_path(name)}), ''), ?) > 0"
                 for name in node.fields]
        return _searching(" OR ".join(parts)), [node.needle] * len(node.fields)
    if isinstance(node, ThemeTerm):
        return ("(instr(themes, ?) > 0 OR instr(themes, ?) > 0)",
                [f"\n{node.slug}\n", f"\n{node.slug}/"])
    if isinstance(node, TypeTerm):
        return "type = ?", [node.entry_type]
    if isinstance(node, YearTerm):
        return _year(node)
    if isinstance(node, KeyTerm):
        if "*" in node.needle:
            return "key_glob(key_lower, ?)", [node.needle.lower()]
        return "instr(key_lower, ?) > 0", [node.needle.lower()]
    if isinstance(node, HasTerm):
        return _has(node.field)
    if isinstance(node, All):
        return "1", []
    raise TypeError(f"no SQL for {node!r}")


def _joined(nodes: tuple[Node, ...], glue: str, empty: str) -> Condition:
    parts, params = [], []
    for child in nodes:
        sql, child_params = condition(child)
        parts.append(f"({sql})")
        params.extend(child_params)
    return (glue.join(parts) or empty), params


def _year(node: YearTerm) -> Condition:
    parts, params = ["year IS NOT NULL"], []
    if node.low is not None:
        parts.append("year >= ?")
        params.append(node.low)
    if node.high is not None:
        parts.append("year <= ?")
        params.append(node.high)
    return " AND ".join(parts), params


def _has(name: str) -> Condition:
    if name in ("theme", "themes"):
        return "themes != ?", ["\n"]
    if name == "annotation":
        return "annotated = 1", []
    return _searching(f"json_type(folded, {_path(name)}) IS NOT NULL"), []


def _searching(test: str) -> str:
    """A condition on the entry's row of the `search` table."""
    return f"EXISTS (SELECT 1 FROM search WHERE search.ord = entries.ord AND ({test}))"


def _path(name: str) -> str:
    """A JSON path literal for a field name (names are [A-Za-z0-9_-], see the query grammar)."""
    return "'$.\"" + name.replace("'", "").replace('"', "") + "\"'"
