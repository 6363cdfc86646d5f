"""One exception hierarchy for the library.

Library code raises these (converting third-party errors at the boundary with
``raise ... from exc``); the CLI turns them into one clear line and an exit
code, the server into one JSON error shape.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "ModelNotFound",
    "SourceError",
    "StoreError",
    "StorytraceError",
]


class StorytraceError(Exception):
    """Base class for every error storytrace raises on purpose."""


class SourceError(StorytraceError):
    """A source (file, URL, record) could not be read or understood."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class StoreError(StorytraceError):
    """The SQLite store is missing, locked, corrupt or of an unknown schema."""


class ModelNotFound(StorytraceError):
    """A language or embedding model is not installed (nothing is downloaded at run time)."""


class ConfigError(StorytraceError):
    """An option or setting has an impossible value."""
