"""Stories and storylines: online clustering of articles that report the same event.

The clustering core (:class:`StoryClusterer` over :class:`MemoryIndex`) works
without a store; :class:`StoriesAnalysis` runs the same code over the store.
"""

from __future__ import annotations

from .analysis import StoriesAnalysis
from .cluster import Assignment, ClusterSettings, Merge, StoryClusterer
from .features import ArticleFeatures, extract_features
from .index import MemoryIndex, StoryState

__all__ = [
    "ArticleFeatures",
    "Assignment",
    "ClusterSettings",
    "MemoryIndex",
    "Merge",
    "StoriesAnalysis",
    "StoryClusterer",
    "StoryState",
    "extract_features",
]
