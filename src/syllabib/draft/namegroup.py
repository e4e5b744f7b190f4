"""The author group that ends a stretch of prose: 'see Merdian, Wilson, et al.' → its names.

Read backwards from the year: names (capitalised words, initials, `O’Connell`, `Lorenzo-Dus`),
particles (`van der`, `de`), lower-case words inside a corporate name (`Centre for Missing`),
`&`, `and`, commas and `et al.`, until a word that cannot belong to a name ('see', 'e.g.').
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PARTICLES = frozenset(
    "van von der den de del della dei di da du des la le ten ter dos das do op zu bin ibn al el"
    " y".split())
CONNECTORS = frozenset("for of the on against in and to".split())  # inside corporate names
STOP_WORDS = frozenset(
    "see cf cf. e.g. i.e. also in as according for but and however thus hence while when "
    "although following after before since both unlike like compare contra from by with "
    "of on to at then yet so whereas where whether this these that those it its their his her "
    "our we they he she there here eg ie viz table figure chapter section appendix".split())
_NAME = re.compile(r"^(?:[^\W\d_]{1,3}[’'])?[^\W\d_][\w’'.\-]*$")
_DOMAIN = re.compile(r"^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:org|com|net|edu|gov|int|eu|io|"
                     r"info|fi|uk|de|fr|nl|se|no|dk|au|ca)$")
_TOKEN = re.compile(r"\S+")
_POSSESSIVE = re.compile(r"[’']s?$")
_ELIDED = re.compile(r"^[^\W\d_]{1,3}[’']")  # O’, d’, D’


@dataclass(frozen=True, slots=True)
class NameGroup:
    """Names found at the end of a text: where the group starts and what it says."""

    start: int  # index in the text searched
    text: str  # 'Merdian, Wilson, et al.'
    authors: tuple[str, ...]  # ('Merdian', 'Wilson')
    et_al: bool


def _word(token: str) -> str:
    """A token without the trailing comma (and closing quote marks)."""
    return token.rstrip(",")


def is_name(token: str) -> bool:
    """A capitalised name word (`O’Connell`, `K.`, `INTERPOL`) or a web domain."""
    word = _word(token)
    if _DOMAIN.match(word):
        return True
    if not _NAME.match(word) or word.lower() in STOP_WORDS:
        return False
    return _ELIDED.sub("", word)[:1].isupper()


def find_group(text: str, possessive: bool = False) -> NameGroup | None:
    """The author group that ends `text` (trailing commas and spaces ignored), if any."""
    tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(text.rstrip(" ,"))]
    if possessive and tokens:
        start, last = tokens[-1]
        tokens[-1] = (start, _POSSESSIVE.sub("", last) or last)
    taken = _take(tokens)
    while taken and (_word(taken[0][1]).lower() in CONNECTORS | {"&", "et"}):
        taken.pop(0)
    if not taken or not any(is_name(t) for _, t in taken):
        return None
    words = [t for _, t in taken]
    authors, et_al = split_authors(words)
    if not authors:
        return None
    start = taken[0][0]
    return NameGroup(start, text[start:taken[-1][0] + len(taken[-1][1])].rstrip(","),
                     tuple(authors), et_al)


def _take(tokens: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The longest run of tokens at the end that can form an author group."""
    taken: list[tuple[int, str]] = []
    listy = False  # an `et al.`, `&` or `and` seen: a comma may separate names
    i = len(tokens) - 1
    while i >= 0:
        token = tokens[i][1]
        word = _word(token)
        lower = word.lower()
        left = tokens[i - 1][1] if i > 0 else ""
        if token.endswith(",") and taken and not listy:
            break
        if taken and _sentence_end(word):
            break
        if lower in ("al.", "al") and _word(left).lower() == "et":
            taken[:0] = tokens[i - 1:i + 1]
            listy = True
            i -= 2
            continue
        if word in ("&", "and") and taken and (is_name(left) or left.lower() in PARTICLES):
            listy = True
        elif lower in PARTICLES and taken:
            pass
        elif lower in CONNECTORS and taken and is_name(left) and not left.endswith(","):
            pass
        elif not is_name(token):
            break
        taken.insert(0, tokens[i])
        i -= 1
    return taken


def _sentence_end(word: str) -> bool:
    """A word closing a sentence ('Jones.'), not initials ('K.', 'J.-P.') or 'al.'."""
    return word.endswith(".") and len(re.sub(r"[^\w]", "", word)) > 3 and not _DOMAIN.match(word)


def split_authors(words: list[str]) -> tuple[list[str], bool]:
    """The names of a group's words, split on commas, `&`, `and` and `et al.`."""
    names: list[list[str]] = [[]]
    et_al = False
    for i, token in enumerate(words):
        word = _word(token)
        if word.lower() in ("et",) and i + 1 < len(words) and _word(words[i + 1]).lower() in (
                "al.", "al"):
            et_al = True
            names.append([])
            continue
        if word.lower() in ("al.", "al") and et_al:
            continue
        if word in ("&", "and"):
            names.append([])
            continue
        names[-1].append(word)
        if token.endswith(","):
            names.append([])
    return [" ".join(n) for n in names if n], et_al
