"""Shared fixtures: fresh stores, the example articles, and ../shared when it exists."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "ukraine-2022"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"needs {p} (the shared seeds/gold/benchmark data are not beside this checkout)")
    return p


def load_benchmark(name: str) -> ModuleType:
    """``benchmarks/<name>.py`` as a module (loaded once per session), for the tests of its
    readers and scores: the benchmarks are scripts, not a package."""
    key = f"bench_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, ROOT / "benchmarks" / f"{name}.py")
        assert spec and spec.loader
        mod = importlib.util.module_from_spec(spec)
        sys.modules[key] = mod  # dataclasses look their module up while the file runs
        spec.loader.exec_module(mod)
    return sys.modules[key]


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture
def gold() -> dict:
    return json.loads(shared_path("gold", "seeds.gold.json").read_text(encoding="utf-8"))


@pytest.fixture
def store(tmp_path):
    from storytrace import open_store

    s = open_store(tmp_path / "test.db")
    yield s
    s.close()


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory) -> Path:
    """A store holding the five example articles, fully analysed, once per test session.

    Treat it as read-only (copy it to write).
    """
    from storytrace import analyze, open_store

    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    store = open_store(db)
    try:
        analyze([str(EXAMPLES)], store, report=None)
    finally:
        store.close()
    return db


@pytest.fixture(scope="session")
def seeds_export(seeds_db) -> dict:
    """The full analysis of the five example articles, computed once per test session."""
    from storytrace import export_data, open_store

    store = open_store(seeds_db)
    try:
        return export_data(store)
    finally:
        store.close()


@pytest.fixture(scope="session")
def seeds_by_name(seeds_export) -> dict:
    """Exported articles keyed by file name (000_....txt)."""
    return {Path(a["source"]).name: a for a in seeds_export["articles"]}
