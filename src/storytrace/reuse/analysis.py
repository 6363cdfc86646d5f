"""The reuse analysis: incremental, across stories and time.

Each new article is indexed (MinHash bands of its 50-word windows, rare anchors, sentence
embeddings) and compared with every stored article the indexes propose, not
only those of its story. Candidate pairs are aligned; pairs with strong
passages become links (source -> copy) with direction, credit and evidence.
Per-article fields and ``uncredited-reuse`` flags are recomputed for every
article a new link touches.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

import numpy as np

from ..model import Article
from ..pipeline import Context
from ..store import Migration, Store
from .align import AlignSettings, align
from .boilerplate import boilerplate_spans, sentence_hashes
from .candidates import MinHasher, anchors, band_keys, lsh_params
from .provenance import (
    Link,
    article_fields,
    decide_reuse,
    graphs,
    make_link,
    uncredited_flags,
    without_boilerplate,
)
from .text import Sentence, sentences, words
from .vectors import VectorIndex, open_index

__all__ = ["ReuseAnalysis", "ReuseDoc", "candidate_score", "pair_link", "query_sentences", "stored_vectors"]

NUM_PERM = 128
LSH_THRESHOLD = 0.3
EMBED_COSINE = 0.75  # a sentence this close to a stored one makes its article a candidate
EMBED_MIN_SENTENCES = 2
ANCHOR_MIN = 4  # rare names/numbers two articles must share to count (with a close sentence)
ANCHOR_CLOSE = 1  # close sentences that let shared anchors make a candidate
MAX_CANDIDATES = 50
EMBED_AHEAD = 64  # articles whose sentences are embedded in one call (sorted by length)
LSH_SCORE = 100  # what sharing a MinHash band (near-verbatim text) counts in the ranking

MIGRATIONS = [
    Migration(
        "reuse-001-tables",
        """
        CREATE TABLE reuse_docs (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            minhash BLOB NOT NULL,  -- was one signature per 50-word window; empty since reuse-004
            n_sentences INTEGER NOT NULL,
            vectors BLOB NOT NULL
        );
        CREATE TABLE reuse_bands (key INTEGER NOT NULL, article_id TEXT NOT NULL);
        CREATE INDEX reuse_bands_key ON reuse_bands(key);
        CREATE TABLE reuse_anchors (term TEXT NOT NULL, article_id TEXT NOT NULL);
        CREATE INDEX reuse_anchors_term ON reuse_anchors(term);
        CREATE TABLE reuse_links (
            source_id TEXT NOT NULL,
            copy_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            share REAL NOT NULL,
            direction_confidence REAL NOT NULL,
            credited INTEGER NOT NULL,
            common_source TEXT,
            passages TEXT NOT NULL,
            evidence TEXT NOT NULL,
            PRIMARY KEY (source_id, copy_id)
        );
        CREATE INDEX reuse_links_copy ON reuse_links(copy_id);
        """,
    ),
    # Saving an article first deletes its old bands and anchors; without these indexes
    # each delete scanned the whole table (~500 band rows per article): quadratic in N.
    Migration(
        "reuse-002-article-indexes",
        """
        CREATE INDEX IF NOT EXISTS reuse_bands_article ON reuse_bands(article_id);
        CREATE INDEX IF NOT EXISTS reuse_anchors_article ON reuse_anchors(article_id);
        """,
    ),
    # Sentence fingerprints, to learn boilerplate (boilerplate.py) as the store grows.
    Migration(
        "reuse-003-sentences",
        """
        CREATE TABLE IF NOT EXISTS reuse_sentences (
            hash INTEGER NOT NULL, article_id TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS reuse_sentences_hash ON reuse_sentences(hash);
        CREATE INDEX IF NOT EXISTS reuse_sentences_article ON reuse_sentences(article_id);
        """,
    ),
    # Band keys as one clustered B-tree of (key, article seq) instead of a table of (key, id)
    # with two indexes (48 KB of 115 KB per article on the development stream), and the
    # window signatures no longer kept (nothing read them back). A save deletes an article's
    # keys by primary key (its text, hence its keys, never change).
    Migration(
        "reuse-004-compact-bands",
        """
        CREATE TABLE IF NOT EXISTS reuse_band_keys (
            key INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (key, seq)
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO reuse_band_keys
            SELECT b.key, a.seq FROM reuse_bands b JOIN articles a ON a.id = b.article_id;
        DROP TABLE IF EXISTS reuse_bands;
        UPDATE reuse_docs SET minhash = x'';
        """,
    ),
]


class ReuseAnalysis:
    """Passage-level reuse, direction, credit and originality (see docs/reuse.md)."""

    name = "reuse"
    #: Bumped when alignment changes what is stored: every article is aligned again
    #: on the next update (2: copies trimmed to the words copied in order, repeats;
    #: 3: shared own wording required, credits as printed, boilerplate learned;
    #: 4: runs counted in ordinary words, band keys in reuse_band_keys).
    version = "4"
    migrations = MIGRATIONS

    def __init__(self, settings: AlignSettings | None = None) -> None:
        self.settings = settings or AlignSettings()
        self.hasher = MinHasher(NUM_PERM)
        self.bands, self.rows = lsh_params(LSH_THRESHOLD, NUM_PERM)
        self._vectors_index: VectorIndex | None = None

    # -- update ----------------------------------------------------------------------
    def update(self, store: Store, new_ids: Sequence[str], ctx: Context) -> None:
        if not new_ids:
            return
        self._vectors_index = None  # loaded from the store on first use in this run
        touched: set[str] = set()
        sents: dict[str, list[Sentence]] = {}
        for n, aid in enumerate(new_ids, 1):
            if (n - 1) % EMBED_AHEAD == 0:
                self._embed_ahead(store, new_ids[n - 1:n - 1 + EMBED_AHEAD], ctx, sents)
            try:
                article = ctx.article(store, aid)
                touched |= self._add(store, article, ctx, sents)
            except Exception as exc:  # one bad article must not stop the run
                ctx.fail(self.name, aid, f"{type(exc).__name__}: {exc}")
            ctx.progress(self.name, n, len(new_ids))
        self.refresh(store, touched, ctx)

    @staticmethod
    def _embed_ahead(store: Store, ids: Sequence[str], ctx: Context,
                     sents: dict[str, list[Sentence]]) -> None:
        """Embed the sentences of the next articles in one call, so the model sees them
        sorted by length across articles (an article alone pads its short sentences to its
        longest): ``prepare`` then finds each vector in the embedding cache."""
        texts: list[str] = []
        for aid in ids:
            try:
                article = ctx.article(store, aid)
            except Exception:  # reported by the article's own step
                continue
            sents[aid] = sentences(article.text)
            texts.extend(article.text[x.start:x.end] for x in sents[aid])
        if texts:
            from ..embeddings import embed

            embed(texts)

    def _add(self, store: Store, article: Article, ctx: Context,
             sents: dict[str, list[Sentence]]) -> set[str]:
        doc = self.prepare(article, sents.get(article.id))
        sents[article.id] = doc.sentences
        candidates = self._candidates(store, article.id, doc.keys, doc.terms, doc.vectors,
                                      doc.sentences)
        found: list[Link] = []
        for other_id in candidates:
            other = ctx.article(store, other_id)
            if other_id not in sents:
                sents[other_id] = sentences(other.text)
            os_ = sents[other_id]
            lk = pair_link(other, os_, self._vectors(store, other_id, len(os_)), article, doc,
                           self.settings)
            if lk is not None:
                found.append(lk)
        return self.save(store, doc, found)

    def prepare(self, article: Article, ss: list[Sentence] | None = None) -> ReuseDoc:
        """What the indexes keep of one article (a pure function: the Spark engine runs it too);
        ``ss`` are its sentences when the caller has split it already."""
        ss = ss if ss is not None else sentences(article.text)
        vecs = sentence_vectors(article.text, ss)
        sigs = self.hasher.window_signatures(words(article.text))
        keys = [int(k) for k in np.unique(band_keys(sigs, self.bands, self.rows))]
        return ReuseDoc(article.id, ss, vecs, sigs, keys, anchors(article.text),
                        sentence_hashes(article.text, ss))

    def save(self, store: Store, doc: ReuseDoc, found: Sequence[Link]) -> set[str]:
        """Index ``doc`` and record the links found for it; returns the articles they touch."""
        aid = doc.article_id
        with store.transaction() as conn:
            seq = conn.execute("SELECT seq FROM articles WHERE id = ?", (aid,)).fetchone()[0]
            conn.execute("DELETE FROM reuse_docs WHERE article_id = ?", (aid,))
            conn.executemany("DELETE FROM reuse_band_keys WHERE key = ? AND seq = ?",
                             [(k, seq) for k in doc.keys])
            conn.execute("DELETE FROM reuse_anchors WHERE article_id = ?", (aid,))
            conn.execute("DELETE FROM reuse_sentences WHERE article_id = ?", (aid,))
            conn.executemany("INSERT INTO reuse_sentences VALUES (?, ?, ?, ?)",
                             [(h, aid, a, b) for h, a, b in doc.sentence_hashes])
            conn.execute("INSERT INTO reuse_docs VALUES (?, ?, ?, ?)",
                         (aid, b"", len(doc.sentences), doc.vectors.astype(np.float16).tobytes()))
            conn.executemany("INSERT OR IGNORE INTO reuse_band_keys VALUES (?, ?)",
                             [(k, seq) for k in doc.keys])
            conn.executemany("INSERT INTO reuse_anchors VALUES (?, ?)",
                             [(t, aid) for t in sorted(doc.terms)])
            conn.execute("DELETE FROM reuse_links WHERE source_id = ? OR copy_id = ?", (aid, aid))
            for lk in found:
                _insert_link(conn, lk)
        if self._vectors_index is not None:
            self._vectors_index.add(aid, doc.vectors.astype(np.float16))
        return {aid, *(i for lk in found for i in (lk.source_id, lk.copy_id))}

    def _vectors(self, store: Store, article_id: str, n: int) -> np.ndarray | None:
        rows = store.query("SELECT vectors, n_sentences FROM reuse_docs WHERE article_id = ?",
                           (article_id,))
        if not rows or rows[0][1] != n:
            return None
        return stored_vectors(np.frombuffer(rows[0][0], dtype=np.float16).reshape(n, -1))

    def _candidates(self, store: Store, aid: str, keys: list[int], terms: set[str],
                    vecs: np.ndarray, ss: list[Sentence]) -> list[str]:
        """Stored articles worth aligning with ``aid``: those with evidence of shared wording.

        A shared MinHash band (near-verbatim text) or ``EMBED_MIN_SENTENCES`` close
        sentences are such evidence; shared rare names and numbers are not on their own
        (every report of one event shares them) and only add to the rank of an article
        that also has a close sentence (:func:`candidate_score`, both engines)."""
        seqs: set[int] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            seqs.update(r[0] for r in store.query(
                f"SELECT DISTINCT seq FROM reuse_band_keys WHERE key IN ({','.join('?' * len(chunk))})",
                chunk))
        lsh: set[str] = set()
        ordered = sorted(seqs)
        for i in range(0, len(ordered), 500):
            part = ordered[i:i + 500]
            lsh.update(r[0] for r in store.query(
                f"SELECT id FROM articles WHERE seq IN ({','.join('?' * len(part))})", part))
        weight: Counter[str] = Counter()
        if terms:
            total = max(1, store.count_articles())
            marks = ",".join("?" * len(terms))
            df = {r[0]: r[1] for r in store.query(
                f"SELECT term, count(*) FROM reuse_anchors WHERE term IN ({marks}) GROUP BY term",
                sorted(terms))}
            shared: Counter[str] = Counter()
            for r in store.query(
                    f"SELECT term, article_id FROM reuse_anchors WHERE term IN ({marks})", sorted(terms)):
                shared[r[1]] += 1
                weight[r[1]] += int(10 * math.log((total + 1) / df[r[0]]))
            weight = Counter({k: v for k, v in weight.items() if shared[k] >= ANCHOR_MIN})
        close: dict[str, int] = {}
        keep = query_sentences(ss)
        if keep and len(vecs):
            if self._vectors_index is None:
                self._vectors_index = open_index(store)
            close = dict(self._vectors_index.close_counts(vecs[keep], EMBED_COSINE))
        found: Counter[str] = Counter()
        for other in lsh | set(close) | set(weight):
            sc = candidate_score(other in lsh, other in weight, weight.get(other, 0), close.get(other, 0))
            if sc is not None:
                found[other] = sc
        found.pop(aid, None)
        return self._best(store, found)

    @staticmethod
    def _best(store: Store, found: Counter[str]) -> list[str]:
        """The ``MAX_CANDIDATES`` best-scored candidates; ties go to the article stored first."""
        if len(found) <= MAX_CANDIDATES:
            return list(found)
        ids = list(found)
        seq: dict[str, int] = {}
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            seq.update((r[0], r[1]) for r in store.query(
                f"SELECT id, seq FROM articles WHERE id IN ({','.join('?' * len(part))})", part))
        ranked = sorted(ids, key=lambda x: (-found[x], seq.get(x, 0)))
        return ranked[:MAX_CANDIDATES]

    def refresh(self, store: Store, ids: set[str], ctx: Context) -> None:
        """Re-decide links that rest on boilerplate learned so far, then recompute the
        ``uncredited-reuse`` flags of ``ids`` and of every article whose links changed."""
        ids = set(ids) | self._drop_boilerplate(store, ctx)
        links = self.links(store)
        for aid in ids:
            try:
                article = ctx.article(store, aid)
            except KeyError:
                continue
            store.set_flags(self.name, aid, uncredited_flags(article, links))

    def _drop_boilerplate(self, store: Store, ctx: Context) -> set[str]:
        """Take boilerplate passages out of the stored links; a link left without reuse
        goes. Returns the articles whose links changed."""
        spans = boilerplate_spans(store)
        if not spans:
            return set()
        changed: set[str] = set()
        for lk in self.links(store):
            if lk.copy_id not in spans and lk.source_id not in spans:
                continue
            try:
                src, cp = ctx.article(store, lk.source_id), ctx.article(store, lk.copy_id)
            except KeyError:
                continue
            new = without_boilerplate(lk, src, cp, spans.get(lk.source_id, []), spans.get(lk.copy_id, []))
            if new is lk:
                continue
            changed |= {lk.source_id, lk.copy_id}
            with store.transaction() as conn:
                conn.execute("DELETE FROM reuse_links WHERE source_id = ? AND copy_id = ?",
                             (lk.source_id, lk.copy_id))
                if new is not None:
                    _insert_link(conn, new)
        return changed

    # -- reading back -------------------------------------------------------------------
    def links(self, store: Store) -> list[Link]:
        rows = store.query("SELECT * FROM reuse_links ORDER BY source_id, copy_id")
        return [Link(r["source_id"], r["copy_id"], r["kind"], r["share"], r["direction_confidence"],
                     bool(r["credited"]), json.loads(r["passages"]), r["common_source"],
                     json.loads(r["evidence"])) for r in rows]

    def export(self, store: Store) -> dict[str, Any]:
        links = self.links(store)
        spans = boilerplate_spans(store)
        fields = {a.id: article_fields(a, links, spans.get(a.id, [])) for a in store.iter_articles()}
        return {"reuse": [lk.to_dict() for lk in links],
                "provenance": graphs(links, _story_of(store)),
                "article_fields": fields}


@dataclass
class ReuseDoc:
    """One article as the reuse indexes see it: sentences, their vectors, MinHash bands, anchors."""

    article_id: str
    sentences: list[Sentence]
    vectors: np.ndarray  # float32, one row per sentence
    sigs: np.ndarray  # MinHash signatures of the 50-word windows
    keys: list[int]  # LSH band keys of those windows
    terms: set[str]  # rare names and numbers
    sentence_hashes: list[tuple[int, int, int]] = dc_field(default_factory=list)  # (hash, start, end)


def candidate_score(lsh: bool, anchored: bool, weight: int, close: int) -> int | None:
    """A candidate's rank score, or None when nothing shows shared wording (both engines).

    Evidence: a shared MinHash band, or ``EMBED_MIN_SENTENCES`` close sentences, or
    ``ANCHOR_MIN`` shared rare anchors together with ``ANCHOR_CLOSE`` close sentence."""
    if not (lsh or close >= EMBED_MIN_SENTENCES or (anchored and close >= ANCHOR_CLOSE)):
        return None
    return LSH_SCORE * lsh + (weight if anchored else 0) + 10 * close


def query_sentences(ss: Sequence[Sentence]) -> list[int]:
    """The sentences of a new article that look for close sentences elsewhere: its own prose."""
    return [i for i, s in enumerate(ss) if s.quoted_share < 0.5 and len(s.prose) >= 3]


def sentence_vectors(text: str, ss: Sequence[Sentence]) -> np.ndarray:
    """One embedding row per sentence of ``text`` (float32; none for no sentences)."""
    from ..embeddings import embed

    return embed([text[s.start:s.end] for s in ss])


def stored_vectors(vectors: np.ndarray) -> np.ndarray:
    """Sentence vectors as a stored article gives them back (float16 in the store, float32 to use).

    Both engines compare a new article with stored ones through this, so they
    see the same numbers.
    """
    return vectors.astype(np.float16).astype(np.float32)


def pair_link(source: Article, source_sents: list[Sentence], source_vectors: np.ndarray | None,
              copy: Article, copy_doc: ReuseDoc, settings: AlignSettings) -> Link | None:
    """Align an earlier-indexed article with a new one; the link if their passages make reuse.

    ``source_vectors`` are the stored (float16) vectors of ``source``, or None
    when they are not at hand; a pure function of its arguments, so each engine
    calls it for its candidate pairs.
    """
    passages = align(source.text, copy.text, settings, translated=_translated(source, copy),
                     sents=(source_sents, copy_doc.sentences),
                     vectors=(source_vectors, copy_doc.vectors) if source_vectors is not None else None)
    if not passages:
        return None
    decision = decide_reuse(passages, source.text, copy.text, (source_sents, copy_doc.sentences))
    return make_link(source, copy, passages, decision) if decision["reuse"] else None


TRANSLATION_MAX_OVERLAP = 0.3


def _translated(a: Article, b: Article) -> bool:
    """Different languages, and few words in common.

    Language identification is unsure on lists and short texts (a Virginia wine
    list read as Luxembourgish, its copy as French); a translation shares
    names and numbers with its original, never most of its words, so two texts
    sharing most of their words are the same language whatever the labels say.
    """
    if not (a.language and b.language and a.language != b.language):
        return False
    wa, wb = set(a.text.lower().split()), set(b.text.lower().split())
    return len(wa & wb) / max(1, len(wa | wb)) < TRANSLATION_MAX_OVERLAP


def _insert_link(conn: sqlite3.Connection, lk: Link) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO reuse_links VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (lk.source_id, lk.copy_id, lk.kind, lk.share, lk.direction_confidence, int(lk.credited),
         lk.common_source, json.dumps(lk.passages), json.dumps(lk.evidence, ensure_ascii=False)))


def _story_of(store: Store) -> dict[str, str]:
    """article id -> story id, when the stories analysis keeps a membership table."""
    tables = {r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in ("story_members", "stories_members", "story_articles"):
        if table in tables:
            try:
                return {r["article_id"]: str(r["story_id"])
                        for r in store.query(f"SELECT article_id, story_id FROM {table}")}
            except sqlite3.Error:
                return {}
    return {}
