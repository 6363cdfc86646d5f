"""Ingest: sources -> articles -> store, one article per transaction, every outcome recorded."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from .errors import StorytraceError
from .model import Failure
from .sources import SourceOptions, iter_documents
from .store import Store

__all__ = ["IngestResult", "ingest"]


@dataclass
class IngestResult:
    """What one ``add`` run did: ids added, duplicates skipped, failures with reasons."""

    run_id: int
    read: int = 0
    added: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, duplicate_of)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)

    @property
    def ok(self) -> bool:
        return not self.failed

    def as_dict(self) -> dict[str, object]:
        return {
            "run_id": self.run_id,
            "read": self.read,
            "added": self.added,
            "skipped": [{"source": s, "duplicate_of": d} for s, d in self.skipped],
            "failed": [{"source": s, "reason": r} for s, r in self.failed],
        }


def ingest(
    store: Store,
    specs: Sequence[str],
    *,
    options: SourceOptions | None = None,
    command: str = "add",
    argv: Sequence[str] = (),
    stdin: TextIO | None = None,
    on_item: Callable[[str, str, str], None] | None = None,
    finish: bool = True,
) -> IngestResult:
    """Read every source, build articles and store the new ones.

    ``on_item(source, status, detail)`` is called after each document (the
    CLI's progress bar and error lines hang off it). ``finish=False`` leaves the run
    open (``running``) for a caller whose run goes on (``analyze`` closes it after the
    analyses, so a run killed during them never reads ``ok``); the run is closed
    anyway when reading stops on an exception.
    """
    from .articles import build_article  # here: `import storytrace` stays light for the CLI

    run_id = store.start_run(command, argv)
    result = IngestResult(run_id)
    status = "failed"
    try:
        for item in iter_documents(specs, options, store=store, stdin=stdin):
            result.read += 1
            if isinstance(item, Failure):
                _fail(store, result, item.source, item.reason, on_item)
                continue
            try:
                article = build_article(item)
            except StorytraceError as exc:
                reason = getattr(exc, "reason", None) or str(exc)
                _fail(store, result, item.source, reason, on_item)
                continue
            except Exception as exc:  # a bug on hostile input must not stop the batch
                _fail(store, result, item.source, f"could not be processed ({type(exc).__name__}: {exc})", on_item)
                continue
            outcome, ident = store.add_article(article, run_id)
            if outcome == "added":
                result.added.append(ident)
                if on_item:
                    on_item(item.source, "added", ident)
            else:
                result.skipped.append((item.source, ident))
                if on_item:
                    on_item(item.source, "skipped", ident)
        status = "ok" if result.ok else "partial"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        if finish or status in ("failed", "interrupted"):
            store.finish_run(run_id, status)
    return result


def _fail(store: Store, result: IngestResult, source: str, reason: str,
          on_item: Callable[[str, str, str], None] | None) -> None:
    result.failed.append((source, reason))
    store.record(result.run_id, source, "failed", reason=reason)
    if on_item:
        on_item(source, "failed", reason)
