"""The ``danvan`` command: a thin shell over the Python API.

Each command parses its options, calls one public function and prints the result. Any
:class:`~danvan_kg.errors.DanvanError` becomes one line on stderr and exit code 2.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from danvan_kg import __version__
from danvan_kg.errors import DanvanError

DEFAULT_STORE = ".danvan/store"


def store_option(function: Any) -> Any:
    return click.option(
        "--store",
        "store_path",
        type=click.Path(path_type=Path, file_okay=False),
        default=lambda: os.environ.get("DANVAN_STORE", DEFAULT_STORE),
        show_default=f"$DANVAN_STORE or {DEFAULT_STORE}",
        help="Folder of the embedded store.",
    )(function)


def open_store(store_path: Path, *, read_only: bool = True) -> Any:
    from danvan_kg.store import Store

    return Store.embedded(store_path, read_only=read_only)


def progress(message: str) -> None:
    click.echo(f"· {message}", err=True)


class QueryGroup(click.Group):
    """``danvan query FILE.rq`` is short for ``danvan query run FILE.rq``."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args.insert(0, "run")
        return super().resolve_command(ctx, args)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="danvan")
def cli() -> None:
    """danvan-kg: the knowledge graph of Party directives and dân vận work."""


@cli.command()
@store_option
@click.option("--data", "data_dir", type=click.Path(path_type=Path, exists=True, file_okay=False),
              help="Folder of record files (default: the curated data shipped with danvan).")
@click.option("--memory", is_flag=True, help="Build in memory only (a dry run that checks everything).")
def build(store_path: Path, data_dir: Path | None, memory: bool) -> None:
    """Build the graph: ontology, vocabularies, gazetteer and every record file.

    Building twice gives the same graph; a failed build leaves the old store untouched.
    """
    from danvan_kg.build import build as run_build

    _, report = run_build(None if memory else store_path, data_dir=data_dir, progress=progress)
    where = "in memory" if memory else str(store_path)
    click.echo(f"Built {report.quads:,} quads in {len(report.graphs)} named graphs ({where}, {report.seconds:.1f} s).")


@cli.command()
@store_option
@click.option("--format", "output", type=click.Choice(["table", "csv", "json", "md"]), default="table",
              show_default=True)
def stats(store_path: Path, output: str) -> None:
    """Count the things per class and the statements per source graph."""
    from danvan_kg.queries import format_table
    from danvan_kg.queries import graph_statistics

    store = open_store(store_path)
    classes, graphs = graph_statistics(store)
    click.echo(f"{len(store):,} quads in {len(graphs.rows)} named graphs\n")
    click.echo(format_table(classes, output))
    click.echo(format_table(graphs, output))


@cli.group(cls=QueryGroup)
def query() -> None:
    """Run named queries from the catalogue, or any .rq file."""


@query.command("list")
@click.option("--format", "output", type=click.Choice(["table", "csv", "json", "md"]), default="table",
              show_default=True)
def query_list(output: str) -> None:
    """List the named queries with their titles and parameters."""
    from danvan_kg.queries import catalogue_table, format_table

    click.echo(format_table(catalogue_table(), output), nl=False)


@query.command("run")
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter, e.g. --param directive=ct-19-tu-ha-nam-2013 (repeatable).")
@click.option("--format", "output", type=click.Choice(["table", "csv", "json", "md"]), default="table",
              show_default=True)
@store_option
def query_run(name: str, params: Sequence[str], output: str, store_path: Path) -> None:
    """Run the catalogue query NAME (see 'danvan query list') or a .rq FILE."""
    from danvan_kg.queries import format_table, get_query, run

    values = parse_params(params)
    table = run(get_query(name), open_store(store_path), values)
    click.echo(format_table(table, output), nl=False)


def parse_params(params: Sequence[str]) -> dict[str, str]:
    values = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        values[name.strip()] = value
    return values


@cli.command()
@store_option
@click.option("--format", "output_format", type=click.Choice(["nquads", "trig"]), default="nquads",
              show_default=True)
@click.option("--graph", help="Only this named graph (IRI).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="File to write (default: stdout).")
def dump(store_path: Path, output_format: str, graph: str | None, output: Path | None) -> None:
    """Write the whole store, every named graph, as N-Quads or TriG."""
    store = open_store(store_path)
    if output:
        with output.open("wb") as stream:
            store.dump(stream, output_format, graph)
        click.echo(f"Wrote {output}", err=True)
    else:
        store.dump(sys.stdout.buffer, output_format, graph)


@cli.command()
@store_option
def demo(store_path: Path) -> None:
    """Build the graph from the shipped records and answer a few sample questions."""
    from danvan_kg.demo import run_demo

    run_demo(store_path, echo=click.echo, progress=progress)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``danvan`` console script; returns the exit code."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="danvan", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("danvan: aborted", err=True)
        return 130
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except DanvanError as error:
        click.echo(f"danvan: error: {error}", err=True)
        return 2
    except click.exceptions.Exit as exit_:
        return exit_.exit_code
    except Exception as error:  # noqa: BLE001 - one line, never a traceback, unless asked
        if os.environ.get("DANVAN_DEBUG"):
            raise
        click.echo(f"danvan: internal error: {type(error).__name__}: {error} (set DANVAN_DEBUG=1 for details)",
                   err=True)
        return 70
    return 0


if __name__ == "__main__":
    sys.exit(main())
