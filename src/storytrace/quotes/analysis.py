"""The quotes analysis: attributions per article, then quote groups across the store.

Per article (pure, :func:`.extract.extract_quotes`): every attribution with its
cue, speaker mention and article-level canonical speaker. Across articles
(incremental): the new article's quoted words are looked up in a trigram
index of the stored quotes; candidate pairs that align become links with
their evidence; the groups those links touch are rebuilt
(:mod:`.groups`). Speaker names go through the store-wide alias table
(:mod:`.aliases`). Articles with an altered or misattributed quotation get a
flag that points at the group.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from ..model import Article, Flag
from ..nlp import parse
from ..pipeline import Context
from ..store import Migration, Store
from .aliases import ALIAS_MIGRATIONS, AliasTable
from .extract import Quote, extract_quotes
from .groups import QuoteGroup, QuoteItem, build_groups, link_score, shingles
from .marks import QUOTE_MARKS

__all__ = ["QuotesAnalysis", "quote_rows"]

MAX_CANDIDATES = 200

MIGRATIONS = [
    Migration(
        "quotes-001-tables",
        """
        CREATE TABLE quotes (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            kind TEXT NOT NULL,
            pieces TEXT NOT NULL,
            quoted TEXT NOT NULL,
            cue TEXT, cue_start INTEGER, cue_end INTEGER, cue_kind TEXT NOT NULL DEFAULT 'none',
            speaker TEXT, speaker_kind TEXT NOT NULL, speaker_via TEXT NOT NULL,
            speaker_mention TEXT, speaker_role TEXT, speaker_start INTEGER, speaker_end INTEGER,
            repaired INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX quotes_article ON quotes(article_id);
        CREATE INDEX quotes_speaker ON quotes(speaker);
        CREATE TABLE quote_shingles (shingle TEXT NOT NULL, quote_id TEXT NOT NULL);
        CREATE INDEX quote_shingles_key ON quote_shingles(shingle);
        CREATE INDEX quote_shingles_quote ON quote_shingles(quote_id);
        CREATE TABLE quote_links (
            a TEXT NOT NULL, b TEXT NOT NULL, evidence TEXT NOT NULL,
            PRIMARY KEY (a, b)
        );
        CREATE INDEX quote_links_b ON quote_links(b);
        CREATE TABLE quote_groups (id TEXT PRIMARY KEY, data TEXT NOT NULL);
        """,
    ),
    *ALIAS_MIGRATIONS,
    Migration("quotes-003-cue-kind-role", fn=lambda conn: _add_missing_columns(conn)),
    Migration("quotes-004-speaker-gender", fn=lambda conn: _add_missing_columns(conn)),
]


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    """Stores made before ``cue_kind``, ``speaker_role`` or ``speaker_gender`` existed get
    the columns (fresh ones have the first two from their table, the last from here)."""
    have = {r[1] for r in conn.execute("PRAGMA table_info(quotes)")}
    if "cue_kind" not in have:
        conn.execute("ALTER TABLE quotes ADD COLUMN cue_kind TEXT NOT NULL DEFAULT 'none'")
    if "speaker_role" not in have:
        conn.execute("ALTER TABLE quotes ADD COLUMN speaker_role TEXT")
    if "speaker_gender" not in have:
        conn.execute("ALTER TABLE quotes ADD COLUMN speaker_gender TEXT")


class QuotesAnalysis:
    """Who said what, and the same quotation across outlets (see docs/quotes.md)."""

    name = "quotes"
    # 2: links need content words, and speakers after a quotation with an appositive are
    # found; 3: transcript turns, signed quotations, datelines never speakers; 4: words
    # before a parenthetical cue, canonical names, links that need one stretch of words
    # for another speaker, no titles, no echoes. Stores analysed before extract and link
    # their quotations again on the next update; 5: impersonal views (it seems, is expected
    # to) dropped, spacing/typography/compounds no alteration, the fullest wording canonical,
    # a misattribution needs the speaker named by other articles
    version = "5"
    migrations = MIGRATIONS

    def __init__(self) -> None:
        # the store-wide alias table, kept between saves: reading it whole for every
        # article made large runs quadratic (78 % of the quotes stage at 10k articles)
        self._aliases: AliasTable | None = None
        self._aliases_mark: tuple[int, int] | None = None

    def update(self, store: Store, new_ids: Sequence[str], ctx: Context) -> None:
        self._aliases = None  # read afresh once per run
        touched: list[str] = []
        for n, aid in enumerate(new_ids, 1):
            try:
                article = ctx.article(store, aid)
                touched.extend(self._add(store, article))
            except Exception as exc:  # one bad article must not stop the run
                ctx.fail(self.name, aid, f"{type(exc).__name__}: {exc}")
            ctx.progress(self.name, n, len(new_ids))
        if new_ids:
            self._link(store, touched)
            self.regroup(store)

    # -- per article -----------------------------------------------------------

    def _add(self, store: Store, article: Article) -> list[str]:
        return self.save(store, article, extract_quotes(article.text, parse(article.text)))

    def save(self, store: Store, article: Article, quotes: Sequence[Quote]) -> list[str]:
        """Store one article's quotes (from ``extract_quotes``); returns the ids of the quoted ones."""
        try:
            with store.transaction() as conn:
                aliases = self._alias_table(conn)
                old = [r[0] for r in conn.execute("SELECT id FROM quotes WHERE article_id = ?", (article.id,))]
                for qid in old:
                    conn.execute("DELETE FROM quote_shingles WHERE quote_id = ?", (qid,))
                    conn.execute("DELETE FROM quote_links WHERE a = ? OR b = ?", (qid, qid))
                conn.execute("DELETE FROM quotes WHERE article_id = ?", (article.id,))
                ids = []
                for i, q in enumerate(quotes):
                    qid = f"{article.id}-q{i:03d}"
                    ids.append(qid)
                    aliases.add(q.speaker, q.speaker_kind, article.id, q.speaker_gender)
                    _insert(conn, qid, article.id, q)
                    if q.quoted:
                        conn.executemany("INSERT INTO quote_shingles(shingle, quote_id) VALUES (?, ?)",
                                         [(s, qid) for s in shingles(q.quoted_text(article.text))])
                aliases.save(conn)
        except BaseException:
            self._aliases = None  # rolled back: names added in memory were not stored
            raise
        return [qid for qid, q in zip(ids, quotes, strict=True) if q.quoted]

    def _alias_table(self, conn: sqlite3.Connection) -> AliasTable:
        """The alias table as stored: the kept copy while no other connection has written the
        database (SQLite's ``data_version`` moves only then), else read again."""
        mark = (id(conn), conn.execute("PRAGMA data_version").fetchone()[0])
        if self._aliases is None or mark != self._aliases_mark:
            self._aliases = AliasTable.load(conn)
            self._aliases_mark = mark
        return self._aliases

    # -- across articles -------------------------------------------------------

    def _link(self, store: Store, new_qids: list[str]) -> None:
        """Candidates from the trigram index, then pairwise alignment with evidence."""
        aliases = AliasTable.load(store.conn)
        for qid in new_qids:
            rows = store.query(
                "SELECT s2.quote_id, COUNT(*) AS n FROM quote_shingles s1"
                " JOIN quote_shingles s2 ON s1.shingle = s2.shingle"
                " JOIN quotes q2 ON q2.id = s2.quote_id"
                " WHERE s1.quote_id = ? AND q2.article_id != (SELECT article_id FROM quotes WHERE id = ?)"
                " GROUP BY s2.quote_id ORDER BY n DESC, s2.quote_id LIMIT ?",  # ties: by id, in both engines
                (qid, qid, MAX_CANDIDATES),
            )
            if not rows:
                continue
            items = _items(store, aliases, [qid, *(r[0] for r in rows)])
            me = items.get(qid)
            if me is None:
                continue
            links = []
            for r in rows:
                other = items.get(r[0])
                ev = link_score(me, other) if other is not None else None
                if ev is not None:
                    a, b = sorted((qid, r[0]))
                    links.append((a, b, ev))
            self.save_links(store, links)

    @staticmethod
    def save_links(store: Store, links: Sequence[tuple[str, str, dict[str, Any]]]) -> None:
        """Record quote pairs found to be the same utterance, with their evidence."""
        with store.transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO quote_links(a, b, evidence) VALUES (?, ?, ?)",
                             [(a, b, json.dumps(ev, ensure_ascii=False)) for a, b, ev in links])

    def regroup(self, store: Store) -> None:
        """Rebuild the groups from the stored links (only linked quotes are read)."""
        aliases = AliasTable.load(store.conn)
        links = [(r[0], r[1]) for r in store.query("SELECT a, b FROM quote_links")]
        ids = sorted({i for pair in links for i in pair})
        items = _items(store, aliases, ids)
        groups = build_groups(list(items.values()), links)
        flagged: dict[str, list[dict[str, Any]]] = {}
        for g in groups:
            for m in g.members:
                if m.status in ("altered", "misattributed"):
                    aid = items[m.quote_id].article_id
                    flagged.setdefault(aid, []).append(
                        {"group": g.id, "quote_id": m.quote_id, "status": m.status,
                         "canonical_text": g.canonical_text, "wording": m.wording,
                         "diff": m.diff["text"]})
        with store.transaction() as conn:
            before = {r[0] for r in conn.execute(
                "SELECT DISTINCT article_id FROM flags WHERE source = 'quotes'")}
            conn.execute("DELETE FROM quote_groups")
            conn.executemany("INSERT INTO quote_groups(id, data) VALUES (?, ?)",
                             [(g.id, json.dumps(_group_record(g, items), ensure_ascii=False))
                              for g in groups])
            for aid in before | set(flagged):
                flags = [Flag("altered-quote" if any(e["status"] == "altered" for e in flagged[aid])
                              else "misattributed-quote", flagged[aid], None)] if aid in flagged else []
                store.set_flags(self.name, aid, flags, conn=conn)

    # -- export ----------------------------------------------------------------

    def export(self, store: Store) -> dict[str, Any]:
        aliases = AliasTable.load(store.conn)
        groups = [json.loads(r[0]) for r in store.query("SELECT data FROM quote_groups ORDER BY id")]
        group_of = {m["quote_id"]: g["id"] for g in groups for m in g["members"]}
        quotes = quote_rows(store, aliases)
        for q in quotes:
            q["group_id"] = group_of.get(q["id"])
        # group speakers were resolved through the table when the groups were built, after
        # the last names were added; resolving them again would lose their members' genders
        return {"quotes": quotes, "quote_groups": groups}


def _insert(conn: sqlite3.Connection, qid: str, article_id: str, q: Quote) -> None:
    conn.execute(
        "INSERT INTO quotes(id, article_id, start, end, text, kind, pieces, quoted, cue, cue_start,"
        " cue_end, cue_kind, speaker, speaker_kind, speaker_via, speaker_mention, speaker_role,"
        " speaker_start, speaker_end, repaired, speaker_gender)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (qid, article_id, q.start, q.end, q.text, q.kind, json.dumps(q.pieces), json.dumps(q.quoted),
         q.cue, q.cue_start, q.cue_end, q.cue_kind, q.speaker, q.speaker_kind, q.speaker_via,
         q.speaker_mention, q.speaker_role, q.speaker_start, q.speaker_end, int(q.repaired),
         q.speaker_gender),
    )


def _items(store: Store, aliases: AliasTable, ids: Sequence[str]) -> dict[str, QuoteItem]:
    """Grouping views of stored quotes: quoted words per piece, store-wide speaker."""
    out: dict[str, QuoteItem] = {}
    for chunk in range(0, len(ids), 500):
        part = list(ids[chunk : chunk + 500])
        marks = ",".join("?" * len(part))
        rows = store.query(
            f"SELECT q.*, a.text AS article_text, a.published FROM quotes q"
            f" JOIN articles a ON a.id = q.article_id WHERE q.id IN ({marks})", part)
        for r in rows:
            quoted = json.loads(r["quoted"])
            if not quoted:
                continue
            out[r["id"]] = quote_item(r["id"], r["article_id"], r["article_text"], r["published"],
                                      quoted, r["speaker"], r["speaker_kind"], r["speaker_via"],
                                      r["kind"], bool(r["repaired"]), aliases, r["speaker_gender"])
    return out


def quote_item(qid: str, article_id: str, text: str, published: str | None,
               quoted: Sequence[Sequence[int]], speaker: str | None, speaker_kind: str,
               speaker_via: str, kind: str, repaired: bool, aliases: AliasTable,
               speaker_gender: str | None = None) -> QuoteItem:
    """The grouping view of one quotation: its quoted words per piece and its store-wide speaker.

    Two quoted spans that one quotation mark alone separates are a quotation inside
    the quotation (``“… claim that “has to do with Israel …” makes clear …”``): the
    speaker quotes someone else (``nested``)."""
    nested = any(len(text[e:s].strip()) == 1 and text[e:s].strip() in QUOTE_MARKS
                 for (_, e), (s, _) in pairwise(quoted))
    return QuoteItem(qid, article_id, [text[s:e] for s, e in quoted],
                     aliases.resolve(speaker, speaker_kind, speaker_gender), speaker_kind, speaker_via,
                     "partial" if kind == "partial" else "direct", repaired, published, nested)



def _group_record(g: QuoteGroup, items: dict[str, QuoteItem]) -> dict[str, Any]:
    return {
        "id": g.id,
        "speaker": g.speaker,
        "canonical_text": g.canonical_text,
        "canonical_quote_id": g.canonical_quote_id,
        "speaker_votes": g.speaker_votes,
        "articles": sorted({items[m.quote_id].article_id for m in g.members}),
        "members": [
            {"quote_id": m.quote_id, "article_id": items[m.quote_id].article_id, "status": m.status,
             "wording": m.wording, "score": m.score, "speaker": m.speaker,
             "speaker_via": m.speaker_via, "diff": m.diff, "speaker_correction": m.speaker_correction}
            for m in g.members
        ],
    }


def quote_rows(store: Store, aliases: AliasTable | None = None,
               article_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Stored quotes as export records (speaker resolved through the alias table)."""
    aliases = aliases or AliasTable.load(store.conn)
    sql = "SELECT q.* FROM quotes q JOIN articles a ON a.id = q.article_id"
    params: list[Any] = []
    if article_ids is not None:
        sql += f" WHERE q.article_id IN ({','.join('?' * len(article_ids))})"
        params = list(article_ids)
    rows = store.query(sql + " ORDER BY a.seq, q.start", params)
    out = []
    for r in rows:
        out.append({
            "id": r["id"], "article_id": r["article_id"], "start": r["start"], "end": r["end"],
            "text": r["text"], "direct": r["kind"] != "indirect", "kind": r["kind"],
            "speaker": aliases.resolve(r["speaker"], r["speaker_kind"], r["speaker_gender"]),
            "speaker_kind": r["speaker_kind"], "speaker_via": r["speaker_via"],
            "speaker_mention": r["speaker_mention"], "speaker_role": r["speaker_role"],
            "speaker_gender": r["speaker_gender"],
            "speaker_start": r["speaker_start"], "speaker_end": r["speaker_end"],
            "cue": r["cue"], "cue_start": r["cue_start"], "cue_end": r["cue_end"],
            "cue_kind": r["cue_kind"],
            "pieces": json.loads(r["pieces"]), "quoted": json.loads(r["quoted"]),
            "repaired": bool(r["repaired"]),
        })
    return out
