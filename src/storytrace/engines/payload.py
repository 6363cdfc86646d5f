"""Per-article work as one pure function: everything the analyses compute from one article alone.

``compute(article)`` parses once and returns what each analysis keeps of the
article before looking across articles: story features, the reuse indexes'
view (sentences, vectors, MinHash bands, anchors), the quotations, and the
figures with the article's own event date. It reads no store, so the Spark
engine runs it in partitions; the analyses' ``save`` steps record it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..figures.analysis import ArticleFigures, FiguresAnalysis
from ..model import Article
from ..quotes.extract import Quote, extract_quotes
from ..reuse.analysis import ReuseAnalysis, ReuseDoc
from ..stories.features import ArticleFeatures, extract_features

__all__ = ["Payload", "compute", "reuse_analysis"]


@dataclass
class Payload:
    """One article's per-article results; an analysis that failed leaves None and a reason."""

    article_id: str
    features: ArticleFeatures | None = None
    reuse: ReuseDoc | None = None
    quotes: list[Quote] | None = None
    figures: ArticleFigures | None = None
    errors: dict[str, str] = field(default_factory=dict)  # analysis name -> reason


@lru_cache(maxsize=1)
def reuse_analysis() -> ReuseAnalysis:
    """One reuse layer per process (its MinHash permutations are made once)."""
    return ReuseAnalysis()


def compute(article: Article) -> Payload:
    """Everything per-article for ``article``; a failure in one analysis is kept, not raised."""
    from ..nlp import parse

    out = Payload(article.id)
    try:
        doc = parse(article.text)
    except Exception as exc:  # hostile text must not stop a partition
        reason = f"{type(exc).__name__}: {exc}"
        out.errors = {"stories": f"features: {reason}", "reuse": reason, "quotes": reason,
                      "figures": reason}
        return out
    try:
        out.features = extract_features(article, doc)
    except Exception as exc:
        out.errors["stories"] = f"features: {type(exc).__name__}: {exc}"
    try:
        out.reuse = reuse_analysis().prepare(article)
    except Exception as exc:
        out.errors["reuse"] = f"{type(exc).__name__}: {exc}"
    try:
        out.quotes = extract_quotes(article.text, doc)
    except Exception as exc:
        out.errors["quotes"] = f"{type(exc).__name__}: {exc}"
    try:
        out.figures = FiguresAnalysis.prepare(article)
    except Exception as exc:
        out.errors["figures"] = f"{type(exc).__name__}: {exc}"
    return out
