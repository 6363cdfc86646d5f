"""Engines: who runs the pipeline.

``embedded`` (the default, :mod:`storytrace.api`) runs every analysis in this
process against the SQLite store, incrementally. ``spark``
(:mod:`storytrace.engines.spark`, needs the ``spark`` extra and Java 17) runs
the same per-article functions in Spark partitions and finds cross-article
candidates with distributed joins, then writes the same store (and Parquet).

Both engines call the functions of :mod:`.payload` for per-article work and the
analyses' own ``save`` steps to record results, so they give the same answers.
"""

from __future__ import annotations

__all__ = ["ENGINES"]

ENGINES = ("embedded", "spark")
