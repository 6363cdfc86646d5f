"""The Spark engine: the same pipeline on Apache Spark, for archives beyond one machine.

What runs where (docs/scaling.md has the measurements):

* **In partitions** (executors, the spaCy and MiniLM models loaded once per
  Python worker): reading files from any Spark-readable URI, building articles,
  and every per-article step (:func:`storytrace.engines.payload.compute`).
* **As distributed joins**: reuse candidates (MinHash LSH keyed by band, shared
  rare anchors) and quotation candidates (shared word trigrams), each a
  self-join on the key, never collected to the driver; close sentence vectors
  by block-pair matrix products over a ``cartesian`` of article blocks.
* **In parallel, pair by pair**: passage alignment of candidate article pairs
  and the scoring of candidate quotation pairs.
* **On the driver, in input order**: recording the results through each
  analysis's own ``save`` step into the SQLite store, the online story
  assignment (order-dependent by design) and the cheap cross-article passes
  (quote groups, flags, figure series and timeline). This is what makes the
  answers the same as the embedded engine's.

The store is then exported as Parquet (``OUT/export/<section>``, the export
schema, nested values as JSON text) and dumped table by table
(``OUT/store/<table>``) so ``storytrace load OUT`` rebuilds the store elsewhere.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import StoreError, StorytraceError
from ..ingest import IngestResult
from ..model import Article, Failure, RawDocument
from ..pipeline import Context, Progress
from ..sources import SourceOptions
from ..store import Store

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["SparkResult", "run"]

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_SKIP_TABLES = ("sqlite_", "articles_fts", "_migrations")


@dataclass
class SparkResult:
    """What one Spark run did: the ingest record, analysis failures, outputs and stage times."""

    ingest: IngestResult
    context: Context
    report: Path | None = None
    out: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.ingest.ok and not self.context.errors


# -- session -------------------------------------------------------------------------

def session(master: str | None = None, partitions: int | None = None) -> SparkSession:
    """The Spark session: ``master`` if given, the one ``spark-submit`` set up, else ``local[*]``."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # the extra is optional
        raise StorytraceError("the Spark engine needs the spark extra: pip install 'storytrace[spark]' "
                              "(and Java 17)") from exc
    builder = SparkSession.builder.appName("storytrace")
    if master:
        builder = builder.master(master)
    elif not os.environ.get("SPARK_ENV_LOADED"):  # not under spark-submit
        builder = builder.master("local[*]")
        master = "local[*]"
    if (master or "").startswith("local") and not os.environ.get("PYSPARK_PYTHON"):
        # Local workers run this interpreter (where storytrace is installed), not whatever
        # `python3` is first on PATH: `.venv/bin/storytrace` works without an activated venv.
        os.environ["PYSPARK_PYTHON"] = sys.executable
    if (master or "").startswith("local") and not os.environ.get("SPARK_ENV_LOADED"):
        # Local mode runs every task inside the driver's JVM, whose default heap (1 GiB) is
        # too small to keep 10,000 articles' payloads cached. (Under spark-submit its own
        # --driver-memory decides: the JVM is already running.)
        builder = builder.config("spark.driver.memory",
                                 os.environ.get("STORYTRACE_SPARK_DRIVER_MEMORY", "4g"))
    builder = (builder.config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", str(partitions or 8))
               .config("spark.python.worker.reuse", "true")
               .config("spark.ui.showConsoleProgress", "false"))
    return builder.getOrCreate()


# -- reading -------------------------------------------------------------------------

Key = tuple[Any, ...]


def _is_parquet(spec: str) -> bool:
    if spec.rstrip("/").endswith(".parquet"):
        return True
    p = Path(spec)
    return p.is_dir() and any(p.glob("*.parquet")) and not any(
        x.suffix not in (".parquet", ".crc", "") for x in p.iterdir() if x.is_file())


def _read_local(item: tuple[Key, str, str], options: SourceOptions) -> Iterator[tuple[Key, RawDocument | Failure]]:
    from ..sources.files import blob_documents

    key, source, path = item
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        yield (*key, 0), Failure(source, f"cannot read ({exc.strerror or exc})")
        return
    for k, doc in enumerate(blob_documents(source, Path(path).name, data, options=options)):
        yield (*key, k), doc


def _parquet_document(i: int, spec: str, row_n: tuple[Any, int]) -> tuple[Key, RawDocument | Failure]:
    from ..sources.jsonsrc import object_document

    row, n = row_n
    return (i, n, 0), object_document(f"{spec}#{n + 1}", row.asDict(recursive=True))


def _remote_documents(i: int, options: SourceOptions, r: Any) -> Iterator[tuple[Key, RawDocument | Failure]]:
    from ..sources.files import blob_documents

    path = r["path"]
    for k, d in enumerate(blob_documents(path, path.rsplit("/", 1)[-1], bytes(r["content"]), options=options)):
        yield (i, path, k), d


def _documents(spark: SparkSession, specs: Sequence[str], options: SourceOptions,
               partitions: int) -> RDD[tuple[Key, RawDocument | Failure]]:
    """Every raw document of every source, keyed by its place in the input order."""
    from ..sources.files import folder_files

    sc = spark.sparkContext
    parts: list[RDD[tuple[Key, RawDocument | Failure]]] = []
    local: list[tuple[Key, str, str]] = []
    refused: list[tuple[Key, RawDocument | Failure]] = []
    for i, spec in enumerate(specs):
        if spec == "-" or spec.startswith(("http://", "https://")):
            refused.append(((i, 0, 0), Failure(spec, "the Spark engine reads files and Spark-readable "
                                                     "URIs; use the embedded engine for URLs and stdin")))
        elif _is_parquet(spec):
            rows: RDD[Any] = spark.read.parquet(spec).rdd.zipWithIndex()
            parts.append(rows.map(partial(_parquet_document, i, spec)))
        elif _SCHEME.match(spec) and not spec.startswith("file://"):
            files = (spark.read.format("binaryFile").option("recursiveFileLookup", "true")
                     .load(spec).select("path", "content").rdd)
            parts.append(files.flatMap(partial(_remote_documents, i, options)))
        else:
            path = Path(spec[len("file://"):] if spec.startswith("file://") else spec)
            if path.is_dir():
                found = folder_files(path)
                if not found:
                    refused.append(((i, 0, 0), Failure(spec, "folder holds no files")))
                local.extend(((i, j), str(f), str(f)) for j, f in enumerate(found))
            elif path.exists():
                local.append(((i, 0), spec, str(path)))
            else:
                refused.append(((i, 0, 0), Failure(spec, "no such file or folder")))
    if local:
        rdd = sc.parallelize(local, max(1, min(len(local), partitions)))
        parts.append(rdd.flatMap(lambda item: _read_local(item, options)))
    if refused:
        parts.append(sc.parallelize(refused, 1))
    if not parts:
        return sc.parallelize([], 1)
    return sc.union(parts) if len(parts) > 1 else parts[0]


def _build(item: tuple[Key, RawDocument | Failure]) -> tuple[Key, Article | Failure]:
    from ..articles import build_article

    key, doc = item
    if isinstance(doc, Failure):
        return key, doc
    try:
        return key, build_article(doc)
    except StorytraceError as exc:
        return key, Failure(doc.source, getattr(exc, "reason", None) or str(exc))
    except Exception as exc:  # a bug on hostile input must not stop the batch
        return key, Failure(doc.source, f"could not be processed ({type(exc).__name__}: {exc})")


def _first(a: tuple[Key, Article], b: tuple[Key, Article]) -> tuple[Key, Article]:
    return a if a[0] <= b[0] else b


# -- per article ------------------------------------------------------------------------

def _payloads(rows: Iterable[tuple[int, Article]]) -> Iterator[tuple[int, tuple[Article, Any]]]:
    from .payload import compute

    for ord_, article in rows:
        yield ord_, (article, compute(article))


# -- reuse candidates -----------------------------------------------------------------

def _index_rows(item: tuple[int, tuple[Article, Any]]) -> Iterator[tuple[str, int, int, str]]:
    """(kind, ord, band key, anchor term): the rows one article puts in the MinHash and anchor indexes."""
    ord_, (_, p) = item
    doc = p.reuse
    if doc is None:
        return
    for k in doc.keys:
        yield "band", ord_, int(k), ""
    for t in doc.terms:
        yield "anchor", ord_, 0, t


@dataclass
class _Block:
    """A block of articles as the vector comparison needs it (rows in input order)."""

    owners: list[int]  # one per article with sentences
    stored: np.ndarray  # their sentences' stored vectors, stacked
    sizes: np.ndarray  # sentences per article
    query_owners: np.ndarray  # one per prose query sentence
    query: np.ndarray  # those sentences' vectors


def _block(rows: Iterable[tuple[int, tuple[Article, Any]]]) -> _Block:
    from ..embeddings import DIM
    from ..reuse.analysis import query_sentences, stored_vectors

    owners: list[int] = []
    stored: list[np.ndarray] = []
    q_own: list[int] = []
    query: list[np.ndarray] = []
    for ord_, (_, p) in sorted(rows, key=lambda r: r[0]):
        doc = p.reuse
        if doc is None or not len(doc.vectors):
            continue
        owners.append(ord_)
        stored.append(stored_vectors(doc.vectors))
        q = query_sentences(doc.sentences)
        q_own.extend([ord_] * len(q))
        if q:
            query.append(doc.vectors[q])
    empty = np.zeros((0, DIM), np.float32)
    return _Block(owners, np.concatenate(stored) if stored else empty,
                  np.array([len(v) for v in stored], dtype=np.int64), np.array(q_own, dtype=np.int64),
                  np.concatenate(query) if query else empty)


def _close_pairs(pair: tuple[tuple[int, Any], tuple[int, Any]]) -> Iterator[tuple[int, int, int]]:
    """(a, b, close): prose sentences of b whose best match among a's sentences reaches the cosine.

    Exactly the embedded engine's test, for every a < b of two blocks at once, as one
    matrix product per block pair (BLAS), so no pair is missed and none is approximated.
    """
    from ..reuse.analysis import EMBED_COSINE

    (_, left), (_, right) = pair
    if not len(left.stored) or not len(right.query):
        return
    starts = np.concatenate([[0], np.cumsum(left.sizes)[:-1]])
    best = np.maximum.reduceat(right.query @ left.stored.T, starts, axis=1) >= EMBED_COSINE
    for j, a in enumerate(left.owners):  # best: (query sentences of the right block, articles of the left)
        hits = right.query_owners[best[:, j]]
        if not len(hits):
            continue
        bs, counts = np.unique(hits[hits > a], return_counts=True)
        for b, n in zip(bs.tolist(), counts.tolist(), strict=True):
            yield a, b, n  # candidate_score decides what counts


def _reuse_candidates(spark: SparkSession, payloads: RDD[tuple[int, tuple[Article, Any]]],
                      n_articles: int, partitions: int, block: int = 256) -> DataFrame:
    """The (a, b) pairs the embedded engine would align: scored, best ``MAX_CANDIDATES`` per ``b``.

    ``a`` comes before ``b`` in input order, as a stored article comes before a new one.
    Three distributed candidate sources, as in the embedded engine: MinHash LSH bands and
    rare anchors by self-joins on the key, and close sentence vectors by block-pair
    matrix products (``cartesian`` of blocks of ``block`` articles).
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    from ..reuse.analysis import (
        ANCHOR_CLOSE,
        ANCHOR_MIN,
        EMBED_MIN_SENTENCES,
        LSH_SCORE,
        MAX_CANDIDATES,
    )

    schema = StructType([StructField("kind", StringType()), StructField("ord", LongType()),
                         StructField("key", LongType()), StructField("term", StringType())])
    rows = spark.createDataFrame(payloads.flatMap(_index_rows), schema)
    band = rows.where("kind = 'band'").select("ord", "key")
    lsh = (band.alias("x").join(band.alias("y"), "key")
           .where(F.col("x.ord") < F.col("y.ord"))
           .select(F.col("x.ord").alias("a"), F.col("y.ord").alias("b")).distinct()
           .withColumn("lsh", F.lit(1)))
    anchor = rows.where("kind = 'anchor'").select("ord", "term").distinct()
    # A term's weight for article b uses the articles before b that hold it, as the
    # embedded engine's index holds only those when b arrives.
    before = F.row_number().over(Window.partitionBy("term").orderBy("ord")) - 1
    weighted = anchor.withColumn("before", before).withColumn(
        "w", F.when(F.col("before") > 0, F.floor(
            F.lit(10.0) * F.log((F.lit(n_articles) + 1) / F.col("before")))).otherwise(0).cast("long"))
    anchors = (weighted.alias("x").join(weighted.alias("y"), "term")
               .where(F.col("x.ord") < F.col("y.ord"))
               .groupBy(F.col("x.ord").alias("a"), F.col("y.ord").alias("b"))
               .agg(F.count("*").alias("shared"), F.sum("y.w").alias("weight"))
               .where(F.col("shared") >= ANCHOR_MIN).select("a", "b", "weight"))
    blocks = payloads.map(lambda kv: (kv[0] // block, kv)).groupByKey(partitions) \
        .mapValues(_block).cache()
    block_pairs = blocks.cartesian(blocks).filter(lambda lr: lr[0][0] <= lr[1][0])
    close_schema = StructType([StructField("a", LongType()), StructField("b", LongType()),
                               StructField("close", LongType())])
    close = spark.createDataFrame(block_pairs.flatMap(_close_pairs), close_schema)
    anchors = anchors.withColumn("anchored", F.lit(1))
    # candidate_score (reuse/analysis.py) as Spark SQL: the same evidence and the same rank.
    evidence = ((F.col("lsh") > 0) | (F.col("close") >= EMBED_MIN_SENTENCES)
                | ((F.col("anchored") > 0) & (F.col("close") >= ANCHOR_CLOSE)))
    scored = (lsh.join(anchors, ["a", "b"], "full").join(close, ["a", "b"], "full")
              .na.fill({"lsh": 0, "weight": 0, "close": 0, "anchored": 0})
              .where(evidence)
              .withColumn("score", F.col("lsh") * LSH_SCORE + F.col("weight") * F.col("anchored")
                          + F.col("close") * 10))
    rank = F.row_number().over(Window.partitionBy("b").orderBy(F.desc("score"), "a"))
    return scored.withColumn("r", rank).where(F.col("r") <= MAX_CANDIDATES).select("a", "b")


def _align(item: tuple[int, tuple[tuple[int, Article, Any], tuple[Article, Any]]]) -> Iterator[tuple[int, Any]]:
    """Align one candidate pair (source a, new article b): (b, Link) when it is reuse."""
    from ..reuse.analysis import pair_link, stored_vectors
    from ..reuse.text import sentences
    from .payload import reuse_analysis

    _, ((b, copy, cp), (source, sp)) = item
    if cp.reuse is None:
        return
    ss = sentences(source.text)
    vecs = None
    if sp.reuse is not None and len(sp.reuse.vectors) == len(ss):
        vecs = stored_vectors(sp.reuse.vectors)
    link = pair_link(source, ss, vecs, copy, cp.reuse, reuse_analysis().settings)
    if link is not None:
        yield b, link


def reuse_links(spark: SparkSession, payloads: RDD[tuple[int, tuple[Article, Any]]],
                n_articles: int, partitions: int) -> RDD[tuple[int, Any]]:
    """(ord of the new article, Link) for every candidate pair whose alignment makes reuse."""
    chosen = _reuse_candidates(spark, payloads, n_articles, partitions).rdd.map(lambda r: (r["b"], r["a"]))
    with_copy = chosen.join(payloads, partitions).map(
        lambda kv: (kv[1][0], (kv[0], kv[1][1][0], kv[1][1][1])))
    return with_copy.join(payloads, partitions).flatMap(_align)


# -- quotes ---------------------------------------------------------------------------------

def _quote_rows(item: tuple[int, tuple[Article, Any]], aliases: dict[str, tuple[str, str]]
                ) -> Iterator[tuple[str, tuple[int, int, Any]]]:
    """(quote id, (ord, index, QuoteItem)) for each quotation with quoted words."""
    from ..quotes.aliases import AliasTable
    from ..quotes.analysis import quote_item

    ord_, (article, p) = item
    table = AliasTable(aliases)
    for i, q in enumerate(p.quotes or []):
        if q.quoted:
            qid = f"{article.id}-q{i:03d}"
            yield qid, (ord_, i, quote_item(qid, article.id, article.text, article.published, q.quoted,
                                            q.speaker, q.speaker_kind, q.speaker_via, q.kind,
                                            bool(q.repaired), table, q.speaker_gender))


def quote_links(spark: SparkSession, payloads: RDD[tuple[int, tuple[Article, Any]]],
                aliases: dict[str, tuple[str, str]], partitions: int) -> RDD[tuple[str, str, dict[str, Any]]]:
    """Linked quotation pairs (a < b, evidence), as the embedded engine's trigram lookup finds them."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    from ..quotes.analysis import MAX_CANDIDATES
    from ..quotes.groups import link_score, shingles

    table = spark.sparkContext.broadcast(aliases)
    items = payloads.flatMap(lambda it: _quote_rows(it, table.value)).cache()
    schema = StructType([StructField("sh", StringType()), StructField("qid", StringType()),
                         StructField("ord", LongType())])
    sh = spark.createDataFrame(items.flatMap(lambda kv: (
        (s, kv[0], kv[1][0]) for s in shingles(" ".join(kv[1][2].pieces)))), schema).distinct()
    counts = (sh.alias("x").join(sh.alias("y"), "sh").where(F.col("x.ord") != F.col("y.ord"))
              .groupBy(F.col("x.qid").alias("me"), F.col("y.qid").alias("other")).agg(F.count("*").alias("n")))
    rank = F.row_number().over(Window.partitionBy("me").orderBy(F.desc("n"), "other"))
    directed = counts.withColumn("r", rank).where(F.col("r") <= MAX_CANDIDATES).select("me", "other")
    pairs = directed.rdd.map(lambda r: (r["me"], r["other"]))
    both = pairs.join(items, partitions).map(lambda kv: (kv[1][0], (kv[0], kv[1][1]))) \
        .join(items, partitions)

    def score(kv: tuple[str, tuple[tuple[str, Any], Any]]) -> Iterator[tuple[tuple[str, str], tuple[Any, dict[str, Any]]]]:
        other_id, ((me_id, me), other) = kv
        ev = link_score(me[2], other[2])
        if ev is not None:
            yield tuple(sorted((me_id, other_id))), ((me[0], me[1]), ev)  # type: ignore[misc]

    # The embedded engine writes a pair once from each side that proposes it; the later writer wins.
    best = both.flatMap(score).reduceByKey(lambda u, v: u if u[0] >= v[0] else v, partitions)
    return best.map(lambda kv: (kv[0][0], kv[0][1], kv[1][1]))


# -- the run -------------------------------------------------------------------------------

def _aliases_in_order(ordered: Iterable[tuple[str, list[tuple[str | None, str, str | None]]]]
                      ) -> dict[str, tuple[str, str]]:
    """The store-wide alias table as the embedded engine builds it, article after article."""
    from ..quotes.aliases import AliasTable

    table = AliasTable()
    for aid, speakers in ordered:
        for name, kind, gender in speakers:
            table.add(name, kind, aid, gender)
    return dict(table.rows)


def run(
    sources: Sequence[str],
    db: str | Path,
    *,
    out: str | None = None,
    master: str | None = None,
    report: str | Path | None = None,
    options: SourceOptions | None = None,
    argv: Sequence[str] = (),
    partitions: int | None = None,
    on_item: Callable[[str, str, str], None] | None = None,
    progress: Progress | None = None,
    spark: SparkSession | None = None,
) -> SparkResult:
    """Analyse ``sources`` on Spark into a new store at ``db``; Parquet to ``out`` when given."""
    from ..analyses import registered
    from ..api import open_store, write_report

    options = options or SourceOptions()
    store = open_store(db)
    try:
        if store.count_articles():
            raise StoreError(f"{db}: the Spark engine writes a new store, and this one already holds "
                             f"{store.count_articles()} articles (use a new --db, or the embedded "
                             "engine to grow it)")
        spark = spark or session(master, partitions)
        parts = partitions or max(2, spark.sparkContext.defaultParallelism)
        ctx = Context()
        if progress is not None:
            ctx.progress = progress
        result = SparkResult(IngestResult(store.start_run("analyze", argv)), ctx)
        _execute(spark, store, sources, options, parts, result, on_item)
        if report:
            t = time.perf_counter()
            result.report = write_report(store, report)
            result.timings["report"] = time.perf_counter() - t
        if out:
            t = time.perf_counter()
            write_parquet(spark, store, out, [a.name for a in registered()])
            result.out = out
            result.timings["parquet"] = time.perf_counter() - t
        return result
    finally:
        store.close()


def _execute(spark: SparkSession, store: Store, sources: Sequence[str], options: SourceOptions,
             parts: int, result: SparkResult, on_item: Callable[[str, str, str], None] | None) -> None:
    from pyspark import StorageLevel

    from ..analyses import registered
    from ..figures.analysis import FiguresAnalysis
    from ..quotes.analysis import QuotesAnalysis
    from ..reuse.analysis import ReuseAnalysis
    from ..stories import StoriesAnalysis

    ctx, res = result.context, result.ingest
    timings = result.timings
    t = time.perf_counter()
    # Kept on disk when memory runs short, never recomputed: a payload costs a parse and
    # the sentence embeddings, and five later stages read them.
    keep = StorageLevel.MEMORY_AND_DISK
    built: RDD[Any] = _documents(spark, sources, options, parts).map(_build).persist(keep)
    failures: list[tuple[Key, Failure]] = built.filter(lambda kv: isinstance(kv[1], Failure)).collect()
    ok: RDD[tuple[Key, Article]] = built.filter(lambda kv: isinstance(kv[1], Article))
    # Duplicates (same text, then same URL) keep the first in input order, as the store does.
    by_hash = ok.map(lambda kv: (kv[1].content_hash, kv)).reduceByKey(_first, parts).values()
    by_url = by_hash.map(lambda kv: (kv[1].url or f"\0{kv[1].id}", kv)).reduceByKey(_first, parts).values()
    kept = by_url.sortByKey(numPartitions=parts).zipWithIndex().map(lambda kv: (kv[1], kv[0][1]))
    payloads = kept.mapPartitions(_payloads, preservesPartitioning=True).persist(keep)
    n = payloads.count()
    timings["articles"] = time.perf_counter() - t
    result.counts["articles"] = n

    t = time.perf_counter()
    links: dict[int, list[Any]] = {}
    for b, link in reuse_links(spark, payloads, n, parts).collect():
        links.setdefault(b, []).append(link)
    timings["reuse pairs"] = time.perf_counter() - t
    result.counts["reuse links"] = sum(len(v) for v in links.values())

    t = time.perf_counter()
    speakers = payloads.mapValues(lambda ap: (ap[0].id, [(q.speaker, q.speaker_kind, q.speaker_gender)
                                                             for q in ap[1].quotes or []]))
    aliases = _aliases_in_order(v for _, v in speakers.sortByKey().toLocalIterator())
    qlinks = quote_links(spark, payloads, aliases, parts).collect()
    timings["quote pairs"] = time.perf_counter() - t
    result.counts["quote links"] = len(qlinks)

    # -- record everything on the driver, in input order ---------------------------------------
    t = time.perf_counter()
    layers = {a.name: a for a in registered()}
    stories, reuse, quotes, figures = (layers["stories"], layers["reuse"], layers["quotes"],
                                       layers["figures"])
    assert isinstance(stories, StoriesAnalysis) and isinstance(reuse, ReuseAnalysis)
    assert isinstance(quotes, QuotesAnalysis) and isinstance(figures, FiguresAnalysis)
    for _, f in sorted(failures, key=lambda kv: kv[0]):
        res.read += 1
        res.failed.append((f.source, f.reason))
        store.record(res.run_id, f.source, "failed", reason=f.reason)
        if on_item:
            on_item(f.source, "failed", f.reason)
    touched: set[str] = set()
    added: list[str] = []
    ord_: int
    for ord_, (article, p) in payloads.sortByKey().toLocalIterator():
        res.read += 1
        outcome, ident = store.add_article(article, res.run_id)
        if outcome != "added":
            res.skipped.append((article.source, ident))
            continue
        res.added.append(ident)
        added.append(ident)
        if on_item:
            on_item(article.source, "added", ident)
        for name, reason in p.errors.items():
            ctx.fail(name, article.id, reason)
        if p.features is not None:
            stories.place(store, article, p.features)
        if p.reuse is not None:
            touched |= reuse.save(store, p.reuse, links.get(ord_, []))
        if p.quotes is not None:
            quotes.save(store, article, p.quotes)
        if p.figures is not None:
            figures.save(store, article.id, p.figures)
        ctx.progress("record", len(added), n)
    for _, art in sorted(ok.subtractByKey(by_url.map(lambda kv: (kv[0], 1))).collect(),
                         key=lambda kv: kv[0]):
        res.read += 1
        winner = store.find_duplicate(art)
        res.skipped.append((art.source, winner or ""))
        store.record(res.run_id, art.source, "skipped", duplicate_of=winner, reason="duplicate")
    reuse.refresh(store, touched, ctx)
    quotes.save_links(store, qlinks)
    quotes.regroup(store)
    figures.cross(store)
    for a in registered():
        store.mark_done(a.name, a.version, added)
    store.finish_run(res.run_id, "ok" if res.ok else "partial")
    timings["record"] = time.perf_counter() - t
    payloads.unpersist()
    built.unpersist()


# -- Parquet ---------------------------------------------------------------------------------

def _column_type(values: Iterable[Any]) -> str:
    seen = {type(v) for v in values if v is not None}
    if not seen:
        return "string"
    if seen <= {bool}:
        return "boolean"
    if seen <= {int}:
        return "long"
    if seen <= {int, float}:
        return "double"
    if seen <= {bytes}:
        return "binary"
    return "string"


def _frame(spark: SparkSession, records: Sequence[dict[str, Any]]) -> tuple[DataFrame, list[str]]:
    """Records as a DataFrame: scalars typed, nested values (and mixed types) as JSON text."""
    from pyspark.sql.types import (
        BinaryType,
        BooleanType,
        DoubleType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    types = {"string": StringType(), "boolean": BooleanType(), "long": LongType(),
             "double": DoubleType(), "binary": BinaryType()}
    cols: list[str] = []
    for r in records:
        cols.extend(k for k in r if k not in cols)
    kinds = {c: _column_type(r.get(c) for r in records) for c in cols}
    json_cols = [c for c in cols if kinds[c] == "string"
                 and any(v is not None and not isinstance(v, str) for v in (r.get(c) for r in records))]

    def cell(c: str, v: Any) -> Any:
        if v is None:
            return None
        if c in json_cols:
            return json.dumps(v, ensure_ascii=False)
        if kinds[c] == "double":
            return float(v)
        return v

    rows = [tuple(cell(c, r.get(c)) for c in cols) for r in records]
    schema = StructType([StructField(c, types[kinds[c]]) for c in cols])
    return spark.createDataFrame(rows, schema), json_cols


def write_parquet(spark: SparkSession, store: Store, out: str, analyses: Sequence[str]) -> None:
    """The export (``OUT/export/<section>``) and the store's tables (``OUT/store/<table>``) as Parquet."""
    from ..api import export_data

    data = export_data(store)
    manifest: dict[str, Any] = {"schema_version": data.get("schema_version"), "engine": "spark",
                                "analyses": list(analyses), "export": {}, "store": {}}
    for name, records in data.items():
        if isinstance(records, list) and records and all(isinstance(r, dict) for r in records):
            frame, json_cols = _frame(spark, records)
            frame.coalesce(1).write.mode("overwrite").parquet(f"{out}/export/{name}")
            manifest["export"][name] = {"rows": len(records), "json_columns": json_cols}
    for table in _tables(store):
        rows = [dict(r) for r in store.query(f'SELECT * FROM "{table}"')]
        if not rows:
            continue
        frame, json_cols = _frame(spark, rows)
        frame.write.mode("overwrite").parquet(f"{out}/store/{table}")
        manifest["store"][table] = {"rows": len(rows), "json_columns": json_cols}
    spark.createDataFrame([(json.dumps(manifest),)], "manifest string").coalesce(1) \
        .write.mode("overwrite").parquet(f"{out}/manifest")


def _tables(store: Store) -> list[str]:
    names = [r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]
    return [n for n in names if not n.startswith(_SKIP_TABLES)]

