"""Boilerplate learned from the store: sentences that recur across unrelated articles.

An outlet's recurring editor's note, a reader promotion, an embedded-post
placeholder, a licence or footer line: printed word for word in many
articles that are otherwise about different things. Such a sentence is no
one's copying, so it must neither make a reuse link nor count against an
article's original share.

What tells boilerplate from a syndicated story (whose every sentence also
recurs, in every outlet that ran it) is where it recurs: a syndicated
sentence stays inside one story, boilerplate turns up in many stories. So a
sentence is boilerplate when its exact words (lower-cased, punctuation
aside) are stored for at least ``ARTICLES`` articles that belong to at least
``STORIES`` different stories. The store learns it as it grows: the counts
are read when links are recorded and again whenever new articles arrive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from hashlib import blake2b

from ..store import Store
from .text import Sentence

__all__ = ["ARTICLES", "STORIES", "Boilerplate", "boilerplate_spans", "sentence_hashes"]

ARTICLES = 3  # a sentence printed word for word in this many articles ...
STORIES = 3  # ... of this many different stories is boilerplate
MIN_WORDS = 4  # shorter sentences ("Advertisement", "Read more") are left to clutter removal

_WORD = re.compile(r"[^\W_]+")


def sentence_hashes(text: str, sents: Sequence[Sentence]) -> list[tuple[int, int, int]]:
    """``(hash, start, end)`` for each sentence of ``text`` long enough to count."""
    out = []
    for s in sents:
        ws = _WORD.findall(text[s.start:s.end].lower())
        if len(ws) >= MIN_WORDS:
            h = int.from_bytes(blake2b(" ".join(ws).encode(), digest_size=8).digest(), "little") >> 1
            out.append((h, s.start, s.end))
    return out


@dataclass(frozen=True)
class Boilerplate:
    """A boilerplate sentence of one article: where, and how widely it recurs."""

    start: int
    end: int
    articles: int
    stories: int

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end, "articles": self.articles, "stories": self.stories}


def boilerplate_spans(store: Store, article_ids: Iterable[str] | None = None) -> dict[str, list[Boilerplate]]:
    """Each article's boilerplate sentences (all articles, or only ``article_ids``)."""
    tables = {r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    story = ("COUNT(DISTINCT COALESCE(m.story_id, s.article_id))" if "story_articles" in tables
             else "COUNT(DISTINCT s.article_id)")
    join = "LEFT JOIN story_articles m ON m.article_id = s.article_id" if "story_articles" in tables else ""
    counts = {r[0]: (r[1], r[2]) for r in store.query(
        f"SELECT s.hash, COUNT(DISTINCT s.article_id), {story} FROM reuse_sentences s {join} "
        f"GROUP BY s.hash HAVING COUNT(DISTINCT s.article_id) >= ?", (ARTICLES,))
        if r[2] >= STORIES}
    out: dict[str, list[Boilerplate]] = {}
    if not counts:
        return out
    wanted = set(article_ids) if article_ids is not None else None
    hashes = sorted(counts)
    for i in range(0, len(hashes), 500):
        part = hashes[i:i + 500]
        for r in store.query(f"SELECT article_id, hash, start, end FROM reuse_sentences "
                             f"WHERE hash IN ({','.join('?' * len(part))})", part):
            if wanted is None or r[0] in wanted:
                n, m = counts[r[1]]
                out.setdefault(r[0], []).append(Boilerplate(r[2], r[3], n, m))
    for spans in out.values():
        spans.sort(key=lambda b: b.start)
    return out


def covered_share(start: int, end: int, spans: Sequence[Boilerplate]) -> float:
    """The share of ``start``-``end`` that boilerplate sentences cover."""
    inside = sum(max(0, min(end, b.end) - max(start, b.start)) for b in spans)
    return inside / max(1, end - start)
