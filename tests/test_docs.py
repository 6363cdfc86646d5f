"""Every CLI command and option is documented (docs/cli.md), and the README keeps its contract."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from storytrace.cli import app

ROOT = Path(__file__).resolve().parent.parent


def _commands():
    group = typer.main.get_group(app)
    for name, cmd in sorted(group.commands.items()):
        opts = [o for p in cmd.params for o in p.opts if o.startswith("--") and o != "--help"]
        yield name, opts


@pytest.mark.parametrize(("name", "opts"), list(_commands()))
def test_command_is_documented(name, opts):
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"## storytrace {name}" in doc, f"docs/cli.md has no section for `storytrace {name}`"
    section = doc.split(f"## storytrace {name}", 1)[1].split("\n## ", 1)[0]
    for opt in opts:
        assert f"`{opt}" in section, f"`storytrace {name} {opt}` is not documented in docs/cli.md"


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[: readme.index("## Usage")] if "## Usage" in readme else readme
    assert "storytrace analyze examples/ukraine-2022" in head
    assert "pytest" in head
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_cmd = next(line for line in head.splitlines() if "pytest" in line and "uv" in line)
    assert test_cmd.strip() in ci, ".ci/run must run the README's test command"
