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


#: Tests marked ``slow`` here, beside those marked in their own files: the README's test
#: command leaves them out (``-m "not slow"``, under 5 minutes on a 2-core machine) and
#: ``.ci/run`` runs them after it. Each was measured alone (``pytest FILE --durations``) on
#: this project's 2-core machine, under load from other jobs; a file name marks every test in
#: it. What a test pays once per session (the model loads, the ``seeds_db`` analysis) is not
#: a reason to list it: another test would pay it instead.
SLOW: dict[str, str] = {
    # the Spark engine: a JVM per module (Java 17)
    "tests/test_spark_engine.py::test_seeds_same_answers_and_parquet_round_trip": "Spark",
    "tests/test_spark_engine.py::test_load_refuses_a_store_that_holds_articles": "Spark",
    "tests/test_spark_engine.py::test_bad_input_and_duplicates_are_recorded_and_the_batch_goes_on": "Spark",
    "tests/test_spark_engine.py::test_spark_refuses_a_store_that_holds_articles": "Spark",
    "tests/test_spark_engine.py::test_local_workers_run_this_interpreter_without_an_activated_venv": "Spark",
    # whole analyses of their own stores, many parses, training
    "tests/test_nlp.py::test_parses_evicted_from_the_live_tier_come_back_from_bytes_unchanged": "38 s",
    "tests/test_nlp.py::test_a_run_larger_than_the_live_tier_parses_each_text_once": "41 s",
    "tests/test_quotes_model.py::test_training_command_runs_on_a_tiny_subset": "50 s",
    "tests/test_figures_estimate.py::test_undated_article_in_a_small_storyline_gets_an_interval": "69 s",
    "tests/test_figures_cli.py::test_cli_figures_series_timeline": "46 s",
    "tests/test_quotes_extract.py::test_speaker_lookups_match_spacy_on_long_articles": "22 s",
    "tests/test_report.py::test_any_json_in_any_section_renders": "13 s",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests listed in ``SLOW``."""
    for item in items:
        node = item.nodeid.split("[", 1)[0]
        if node in SLOW or node.split("::", 1)[0] in SLOW:
            item.add_marker(pytest.mark.slow)


def pytest_configure(config: pytest.Config) -> None:
    """A listed test that was renamed or removed would quietly leave the slow set: say so."""
    for key in SLOW:
        path, _, name = key.partition("::")
        file = ROOT / path
        if not file.is_file() or (name and f"def {name}(" not in file.read_text(encoding="utf-8")):
            import warnings

            warnings.warn(f"tests/conftest.py SLOW lists {key}, which does not exist "
                          "(renamed or removed? update the list)", stacklevel=1)


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
