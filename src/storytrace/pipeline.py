"""The contract every cross-article analysis keeps (stories, reuse, quotes, figures).

An analysis owns its tables (``migrations``), updates them incrementally for
the articles it has not yet seen (``update``), and contributes sections to the
export (``export``). Per-article work inside an analysis should be a pure
function of one :class:`~storytrace.model.Article` (and its parse) so the
Spark engine can run it in partitions; cross-article work is candidate
generation from an index followed by pairwise steps.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from .model import Article
from .store import Migration, Store

__all__ = ["Analysis", "Context", "Progress"]

#: ``progress(analysis_name, done, total)``; the CLI draws a Rich bar from it.
Progress = Callable[[str, int, int], None]


def _no_progress(name: str, done: int, total: int) -> None:
    return None


@dataclass
class Context:
    """What an analysis run gets besides the store: settings, progress, caches."""

    settings: dict[str, Any] = field(default_factory=dict)
    progress: Progress = _no_progress
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (analysis, article_id, reason)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per analysis in this run
    _articles: dict[str, Article] = field(default_factory=dict)

    def article(self, store: Store, article_id: str) -> Article:
        """A cached article (analyses in one run share the objects)."""
        a = self._articles.get(article_id)
        if a is None:
            a = store.get_article(article_id)
            if a is None:
                raise KeyError(article_id)
            self._articles[article_id] = a
        return a

    def fail(self, analysis: str, article_id: str, reason: str) -> None:
        """Record that one article failed in one analysis; the run goes on."""
        self.errors.append((analysis, article_id, reason))


@runtime_checkable
class Analysis(Protocol):
    """One layer of analysis over the store."""

    name: str
    version: str

    @property
    def migrations(self) -> Sequence[Migration]:
        """The schema steps for this layer's own tables."""
        ...

    def update(self, store: Store, new_ids: Sequence[str], ctx: Context) -> None:
        """Bring this layer up to date after ``new_ids`` were added (may be empty)."""
        ...

    def export(self, store: Store) -> dict[str, Any]:
        """Sections of the export this layer owns, e.g. ``{"stories": [...], "storylines": [...]}``."""
        ...
