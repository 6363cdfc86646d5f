"""The public surface is small and deliberate: this test fails when it changes."""

import storytrace


def test_exported_members():
    assert sorted(storytrace.__all__) == sorted([
        "AnalyzeResult", "Article", "ConfigError", "Failure", "Flag", "IngestResult",
        "ModelNotFound", "RawDocument", "SourceError", "SourceOptions", "Span", "Store",
        "StoreError", "StorytraceError", "__version__", "add", "analyze", "export_data",
        "open_store", "update", "write_report",
    ])
    for name in storytrace.__all__:
        assert hasattr(storytrace, name), name


def test_errors_share_one_base():
    for exc in (storytrace.SourceError, storytrace.StoreError, storytrace.ModelNotFound,
                storytrace.ConfigError):
        assert issubclass(exc, storytrace.StorytraceError)
