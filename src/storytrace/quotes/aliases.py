"""The store-wide speaker alias table: one canonical name per person across articles.

It grows as articles arrive. Each article-level canonical name is entered
under its lower-cased form and, for a full personal name, under its surname;
a surname that two different people share is marked ambiguous and never
used. Other forms of a full name join the first form seen when the first
and last names agree up to spelling (vowels, y, h, w or doubled letters:
Zelensky / Zelenskyy, Dmitry / Dmitriy; McCaul and McFaul stay two people),
with middle initials printed or left out (Donald J. Trump / Donald Trump)
unless the store knows two different middles for the name (George W. Bush
and George H.W. Bush are not one "George Bush"). Because quotes keep the
article-level name, the export re-resolves them through the table as it
stands then, so a "Biden" stored before any "Joe Biden" arrived is still
shown as Joe Biden.

A quote's speaker may carry the gender its article gives it ("Mr. Obama",
"she said"). A full name entered with a gender is also kept under its
surname and that gender, so a bare "Mr. Obama" becomes Barack Obama even
once Michelle Obama has made the bare surname ambiguous, and never becomes
her while she is the only Obama with a full name.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from ..store import Migration

__all__ = ["ALIAS_MIGRATIONS", "AliasTable", "unaccented"]

AMBIGUOUS = ""

ALIAS_MIGRATIONS = [
    Migration(
        "quotes-002-aliases",
        """
        CREATE TABLE quote_aliases (
            alias TEXT PRIMARY KEY,
            canonical TEXT NOT NULL,
            kind TEXT NOT NULL,
            first_article TEXT
        );
        """,
    ),
]


@dataclass
class AliasTable:
    """In-memory view of ``quote_aliases``; :meth:`save` writes what was added."""

    rows: dict[str, tuple[str, str]] = field(default_factory=dict)  # alias -> (canonical, kind)
    _new: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> AliasTable:
        rows = conn.execute("SELECT alias, canonical, kind FROM quote_aliases").fetchall()
        return cls({r[0]: (r[1], r[2]) for r in rows})

    def save(self, conn: sqlite3.Connection) -> None:
        conn.executemany(
            "INSERT OR REPLACE INTO quote_aliases(alias, canonical, kind, first_article) VALUES (?, ?, ?, ?)",
            [(a, c, k, art) for a, (c, k, art) in self._new.items()],
        )
        self._new.clear()

    def _put(self, alias: str, canonical: str, kind: str, article_id: str | None) -> None:
        self.rows[alias] = (canonical, kind)
        self._new[alias] = (canonical, kind, article_id)

    def resolve(self, name: str | None, kind: str = "person", gender: str | None = None) -> str | None:
        """The store-wide canonical form of an article-level speaker name; ``gender``
        ("he", "she") is the one the speaker's article gives it, if any."""
        if not name:
            return name
        key = " ".join(name.lower().split())
        parts = key.split()
        if kind == "person" and len(parts) == 1 and gender:
            same = self.rows.get(_gendered(key, gender))
            if same is not None:
                return same[0] if same[0] != AMBIGUOUS else name
            plain = self.rows.get(key)
            others = [self.rows.get(_gendered(key, g)) for g in _GENDERS if g != gender]
            if plain and any(o and o[0] == plain[0] for o in others):
                return name  # the only full name of this surname is someone of the other gender
        hit = self.rows.get(key)
        if hit and hit[0] != AMBIGUOUS:
            return hit[0]
        if kind != "person" or len(parts) == 1:
            return name
        # the same full name spelt another way, or with or without middle initials
        found: set[str] = set()
        middles: set[tuple[str, ...]] = set()
        for alias, (canon, k) in self.rows.items():
            if k != "person" or canon == AMBIGUOUS or " " not in alias or "#" in alias:
                continue
            a = alias.split()
            if not _spelling(a[0], parts[0]) or not _spelling(a[-1], parts[-1]):
                continue
            middles.add(tuple(a[1:-1]))
            if a[1:-1] == parts[1:-1] or (not a[1:-1] and _initials(parts[1:-1])) or (
                    not parts[1:-1] and _initials(a[1:-1])):
                found.add(canon)
        if len(found) == 1 and len(middles - {(), tuple(parts[1:-1])}) <= (1 if not parts[1:-1] else 0):
            return found.pop()
        return name

    def add(self, name: str | None, kind: str, article_id: str | None = None,
            gender: str | None = None) -> str | None:
        """Enter an article-level name (with the gender its article gives the speaker,
        if any); returns its canonical form."""
        if not name or kind not in ("person", "org", "role"):
            return name
        canon = self.resolve(name, kind, gender) or name
        key = " ".join(name.lower().split())
        if key not in self.rows:
            self._put(key, canon, kind, article_id)
        if kind == "person" and len(canon.split()) > 1:
            last = canon.split()[-1].lower()
            self._surname(last, canon, article_id)
            if gender in _GENDERS:
                self._surname(_gendered(last, gender), canon, article_id)
        return canon

    def _surname(self, key: str, canon: str, article_id: str | None) -> None:
        """Enter a full name under its surname key: the first full name wins over a bare
        surname; a second, different one makes the key ambiguous."""
        cur = self.rows.get(key)
        if cur is None or (cur[0] != AMBIGUOUS and " " not in cur[0]):
            # unknown, or only known as a bare surname until now: the full name wins
            self._put(key, canon, "person", article_id)
        elif cur[0] not in (canon, AMBIGUOUS):
            self._put(key, AMBIGUOUS, "person", article_id)


_GENDERS = ("he", "she")
_VOWELS = re.compile(r"[aeiouyhw]")
_INITIAL = re.compile(r"^(?:[a-z]\.)+$|^[a-z]$")


def _spelling(a: str, b: str) -> bool:
    """The same name, or a spelling of it that differs in accents, vowels, y, h, w or
    doubled letters (Calderón / Calderon, Zelensky / Zelenskyy / Zelenskiy, Dmitry /
    Dmitriy), not in a consonant (McCaul and McFaul are two people)."""
    a, b = unaccented(a), unaccented(b)
    return a == b or (Levenshtein.normalized_similarity(a, b) >= 0.8 and _skeleton(a) == _skeleton(b))


def unaccented(word: str) -> str:
    """Calderón -> Calderon: accents are dropped by some outlets' systems (the alias
    table and quote grouping compare names so)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _skeleton(word: str) -> str:
    """The consonants of a word, doubled letters once: what transliterations keep."""
    return re.sub(r"(.)\1+", r"\1", _VOWELS.sub("", word))


def _initials(words: Sequence[str]) -> bool:
    """Middle words that are initials only ("j.", "h.w."): "Donald J. Trump" is Donald Trump."""
    return bool(words) and all(_INITIAL.match(w) for w in words)


def _gendered(surname: str, gender: str) -> str:
    """The key of a surname as used for one gender ("obama#she"): no name has a "#"."""
    return f"{surname}#{gender}"
