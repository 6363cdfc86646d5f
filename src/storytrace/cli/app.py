"""The Typer application and what every command shares: options, output, errors.

Commands are thin: they call :mod:`storytrace.api`, print a Rich table or
``--json``, and turn library errors into one clear line and an exit code.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import StorytraceError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table as RichTable

__all__ = ["DbOption", "JsonOption", "Table", "app", "console", "err_console", "fail", "handle_errors", "print_json",
           "version"]

app = typer.Typer(
    name="storytrace",
    help="Trace news stories: ingest articles, group them into stories, find reused passages, "
    "quotes and figures, and write a briefing.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain (click) help and usage errors: Typer's Rich formatter imports Markdown, Pygments and
    # attrs, a third of a second before `--help` can print anything.
    rich_markup_mode=None,
)

class LazyConsole:
    """A Rich console made on first use: importing Rich costs a tenth of a second that
    `storytrace --help` and `--version` need not pay."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def get(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


def Table(*columns: Any, **options: Any) -> RichTable:
    """A Rich table, Rich imported only when a command prints one."""
    from rich.table import Table as _Table

    return _Table(*columns, **options)


# markup=False: article text is printed as it is ("[false flag]" in a search snippet, a title
# with brackets); only fail() opts into markup for its own fixed prefix.
console = LazyConsole(highlight=False, markup=False)
err_console = LazyConsole(stderr=True, highlight=False, markup=False)

DbOption = Annotated[str, typer.Option("--db", help="The SQLite store.", envvar="STORYTRACE_DB")]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]


def version() -> str:
    """The installed package's version (from its metadata, so it matches what pip/uv installed)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("storytrace")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"storytrace {version()}\n")
        raise typer.Exit(0)


@app.callback()
def _main(
    _version: Annotated[bool, typer.Option(
        "--version", help="Print the version and exit.", is_eager=True,
        callback=_show_version)] = False,
) -> None:
    # The app's help text is the Typer(help=...) above; this callback only adds --version.
    return


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def fail(message: str, code: int = 1) -> None:
    err_console.print(f"[red]error:[/red] {message}", markup=True, soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def handle_errors() -> Iterator[None]:
    """Library errors become one line on stderr and exit status 2."""
    try:
        yield
    except StorytraceError as exc:
        err_console.print(f"error: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(2) from exc
