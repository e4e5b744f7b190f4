"""CSL-JSON text (Zotero, Better BibTeX, pandoc) → items, each with the line it starts on."""

from __future__ import annotations

import json
from typing import Any

from ..errors import BibSyntaxError, Location


def read_items(text: str, label: str) -> list[tuple[dict[str, Any], int]]:
    """The items of a CSL-JSON array (or one item, or `{"items": [...]}`), with their lines;
    malformed JSON or a non-item is a `file:line:column` error."""
    text = text.lstrip("\ufeff")
    decoder = json.JSONDecoder()
    start = _skip(text, 0)
    if text[start:start + 1] != "[":
        value, _ = _decode(decoder, text, start, label)
        items = value.get("items") if isinstance(value, dict) and "type" not in value else [value]
        if not isinstance(items, list):
            raise _error("not CSL-JSON: expected an array of items", text, start, label)
        return [(_checked(item, text, start, label), _line(text, start)) for item in items]
    return _array(decoder, text, start, label)


def _array(decoder: json.JSONDecoder, text: str, start: int, label: str) -> list[tuple[dict[str, Any], int]]:
    """Walk the array item by item, so every item knows its line."""
    out: list[tuple[dict[str, Any], int]] = []
    pos = _skip(text, start + 1)
    if text[pos:pos + 1] == "]":
        return _end(out, text, pos, label)
    while True:
        item_start = pos
        item, end = _decode(decoder, text, pos, label)
        out.append((_checked(item, text, item_start, label), _line(text, item_start)))
        pos = _skip(text, end)
        if text[pos:pos + 1] == ",":
            pos = _skip(text, pos + 1)
        elif text[pos:pos + 1] == "]":
            return _end(out, text, pos, label)
        else:
            raise _error("not valid JSON: expected ',' or ']' after an item", text, pos, label)


def _end(out: list, text: str, pos: int, label: str) -> list:
    rest = _skip(text, pos + 1)
    if rest < len(text):
        raise _error("not valid JSON: text after the closing ']'", text, rest, label)
    if not out:
        raise _error("no CSL-JSON item found (the array is empty)", text, pos, label)
    return out


def _decode(decoder: json.JSONDecoder, text: str, pos: int, label: str) -> tuple[Any, int]:
    try:
        return decoder.raw_decode(text, pos)
    except json.JSONDecodeError as exc:
        raise _error(f"not valid JSON: {exc.msg}", text, exc.pos, label) from None


def _checked(item: Any, text: str, pos: int, label: str) -> dict[str, Any]:
    """An item must be an object with a `type` (CSL's one required variable besides `id`)."""
    if not isinstance(item, dict):
        raise _error(f"not a CSL-JSON item: {type(item).__name__} instead of an object",
                     text, pos, label)
    if not isinstance(item.get("type"), str):
        raise _error("CSL-JSON item has no type", text, pos, label)
    return item


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _error(message: str, text: str, pos: int, label: str) -> BibSyntaxError:
    line = _line(text, pos)
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return BibSyntaxError(message, Location(label, line, column),
                          hint="export from Zotero as 'CSL JSON', or check the file in a JSON validator")
