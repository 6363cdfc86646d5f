"""The embedded SQLite store (see :class:`Store`)."""

from .db import Store, utcnow
from .migrations import SCHEMA_VERSION, Migration

__all__ = ["SCHEMA_VERSION", "Migration", "Store", "utcnow"]
