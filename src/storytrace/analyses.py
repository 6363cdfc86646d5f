"""The registry of analyses, in the order they run (later layers may read earlier ones)."""

from __future__ import annotations

from .pipeline import Analysis
from .store import Migration

__all__ = ["all_migrations", "registered"]


def registered() -> list[Analysis]:
    """Fresh instances of every analysis, in run order."""
    analyses: list[Analysis] = []
    # Each analysis layer appends itself here, in data-flow order:
    # stories -> reuse -> quotes -> figures (dates, flags, timeline).
    from .stories import StoriesAnalysis

    analyses.append(StoriesAnalysis())
    from .reuse.analysis import ReuseAnalysis

    analyses.append(ReuseAnalysis())
    from .quotes.analysis import QuotesAnalysis

    analyses.append(QuotesAnalysis())
    from .figures import FiguresAnalysis  # keep last: it reads the layers before it

    analyses.append(FiguresAnalysis())
    return analyses


def all_migrations() -> list[Migration]:
    return [m for a in registered() for m in a.migrations]
