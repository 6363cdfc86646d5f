"""Load a Spark run's Parquet output into a SQLite store, to browse it or grow it on one machine.

The Spark engine writes the store it built table by table under
``OUT/store/<table>`` (and the export schema under ``OUT/export/<section>``);
``load`` puts those rows back into a new store, so ``serve``, ``report``,
``export`` and later embedded ``add`` runs work on it as on any store.
Reading Parquet needs ``pyarrow`` (the ``spark`` extra brings it), not Spark.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import StoreError, StorytraceError
from ..store import Store

__all__ = ["load_parquet"]


def _read(path: Path) -> list[dict[str, Any]]:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise StorytraceError("reading Parquet needs pyarrow: pip install 'storytrace[spark]'") from exc
    try:
        return list(pq.read_table(str(path)).to_pylist())
    except (OSError, ValueError) as exc:
        raise StorytraceError(f"{path}: not readable as Parquet ({exc})") from exc


def load_parquet(folder: str | Path, store: Store) -> dict[str, int]:
    """Copy every table of a Spark run's output into ``store`` (which must hold no articles yet)."""
    root = Path(folder)
    if not (root / "manifest").exists():
        raise StorytraceError(f"{root}: no Spark output here (the 'manifest' folder is missing)")
    manifest = json.loads(_read(root / "manifest")[0]["manifest"])
    if store.count_articles():
        raise StoreError(f"{store.path}: load needs a new store; this one already holds "
                         f"{store.count_articles()} articles")
    have = {r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    counts: dict[str, int] = {}
    with store.transaction() as conn:
        for table, info in manifest["store"].items():
            if table not in have:
                raise StoreError(f"{root}: table {table!r} is not in this version's store schema")
            rows = _read(root / "store" / table)
            json_cols = set(info.get("json_columns", []))
            cols = [c[1] for c in conn.execute(f'PRAGMA table_info("{table}")')]
            use = [c for c in cols if rows and c in rows[0]]
            values = [[json.loads(r[c]) if c in json_cols and r[c] is not None else r[c] for c in use]
                      for r in rows]
            conn.execute(f'DELETE FROM "{table}"')
            conn.executemany(f'INSERT INTO "{table}" ({", ".join(use)}) VALUES ({", ".join("?" * len(use))})',
                             values)
            counts[table] = len(rows)
    return counts
