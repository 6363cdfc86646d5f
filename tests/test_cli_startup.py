"""`storytrace --help` and `--version` start fast: no model, parser or extractor is imported.

Why: a user's first command is `--help`; it took 1.2 s quiet and up to 13 s under load when
the CLI imported spaCy (through the quotes layer), numpy and trafilatura at start-up (#28).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from storytrace.cli.app import version

HEAVY = ("spacy", "thinc", "onnxruntime", "numpy", "scipy", "sklearn", "trafilatura", "faiss",
         "httpx", "feedparser", "warcio", "fastapi", "uvicorn", "jinja2", "rich.markdown",
         "rich.console", "rich.table")

_PROBE = """
import json, sys
sys.argv = ["storytrace", *json.loads(sys.argv[1])]
from storytrace.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
sys.stderr.write(json.dumps({"code": code, "modules": sorted(sys.modules)}) + "\\n")
"""


def _run(args: list[str]) -> tuple[str, dict]:
    proc = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args)],
                          capture_output=True, text=True, timeout=120)
    return proc.stdout, json.loads(proc.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["search", "--help"]])
def test_help_and_version_import_no_heavy_module(args):
    out, probe = _run(args)
    assert probe["code"] == 0
    loaded = set(probe["modules"])
    heavy = sorted(m for m in HEAVY if m in loaded)
    assert not heavy, f"`storytrace {' '.join(args)}` imported {heavy}"
    assert out.strip()


def test_version_comes_from_the_package_metadata():
    from importlib.metadata import version as dist_version

    out, _probe = _run(["--version"])
    assert out.strip() == f"storytrace {dist_version('storytrace')}" == f"storytrace {version()}"
