"""storytrace: trace news stories across outlets, rewrites, translations and time.

The public API is small and pinned by ``tests/test_public_api.py``.
"""

from .api import AnalyzeResult, add, analyze, export_data, open_store, update, write_report
from .errors import ConfigError, ModelNotFound, SourceError, StoreError, StorytraceError
from .ingest import IngestResult
from .model import Article, Failure, Flag, RawDocument, Span
from .sources import SourceOptions
from .store import Store

__version__ = "0.1.0"

__all__ = [
    "AnalyzeResult",
    "Article",
    "ConfigError",
    "Failure",
    "Flag",
    "IngestResult",
    "ModelNotFound",
    "RawDocument",
    "SourceError",
    "SourceOptions",
    "Span",
    "Store",
    "StoreError",
    "StorytraceError",
    "__version__",
    "add",
    "analyze",
    "export_data",
    "open_store",
    "update",
    "write_report",
]
