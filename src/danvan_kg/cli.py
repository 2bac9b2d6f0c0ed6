"""The ``danvan`` command: a thin shell over the Python API.

Each command parses its options, calls one public function and prints the result. Any
:class:`~danvan_kg.errors.DanvanError` becomes one line on stderr and exit code 2, any
other exception one line and exit code 70 (a bug: ``DANVAN_DEBUG=1`` shows the
traceback). Those lines are in English, or in Vietnamese with ``DANVAN_LANG=vi``.
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
from danvan_kg.messages import LANGUAGES, Language, render
from danvan_kg.queries import OUTPUT_FORMATS
from danvan_kg.stores import KIND_OF_TOP_CLASS

DEFAULT_STORE = ".danvan/store"
RECORD_KINDS = list(dict.fromkeys(KIND_OF_TOP_CLASS.values()))  # org, person, … source
LANGUAGE_VARIABLE = "DANVAN_LANG"  # the language of error lines; English unless "vi"


def store_option(function: Any) -> Any:
    return click.option(
        "--store",
        "store_path",
        type=click.Path(path_type=Path, file_okay=False),
        default=lambda: os.environ.get("DANVAN_STORE", DEFAULT_STORE),
        show_default=f"$DANVAN_STORE or {DEFAULT_STORE}",
        help="Folder of the embedded store.",
    )(function)


def table_format_option(function: Any) -> Any:
    """``--format table|csv|json|md`` for commands that print a result table."""
    return click.option(
        "--format",
        "output",
        type=click.Choice(list(OUTPUT_FORMATS)),
        default="table",
        show_default=True,
        help="A text table, CSV, JSON or a Markdown table.",
    )(function)


def output_file_option(help_text: str) -> Any:
    """``-o/--output FILE``, required: where an export or a chart is written."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, dir_okay=False),
        required=True,
        help=help_text,
    )


def choice_option(flag: str, name: str, choices: Sequence[str], help_text: str) -> Any:
    """``FLAG CHOICE``, passed as argument ``name``; the first choice is the default."""
    return click.option(
        flag,
        name,
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help_text,
    )


def map_option(help_text: str) -> Any:
    """``--map old|new`` (argument ``epoch``): the map before 1 July 2025 or after."""
    return choice_option("--map", "epoch", ("old", "new"), help_text)


def language_option(help_text: str) -> Any:
    """``--lang vi|en`` (argument ``language``)."""
    return choice_option("--lang", "language", ("vi", "en"), help_text)


def open_store(store_path: Path, *, read_only: bool = True) -> Any:
    from danvan_kg.stores import Store

    return Store.embedded(store_path, read_only=read_only)


def endpoint_option(function: Any) -> Any:
    """``--endpoint URL``: read the graph from a SPARQL 1.1 server instead of --store."""
    return click.option(
        "--endpoint",
        "endpoint",
        metavar="URL",
        default=lambda: os.environ.get("DANVAN_ENDPOINT") or None,
        show_default="$DANVAN_ENDPOINT or none",
        help="Query this SPARQL 1.1 endpoint (e.g. http://127.0.0.1:7878/query)"
        " instead of the store.",
    )(function)


def add_endpoint_option(function: Any) -> Any:
    """``--endpoint URL`` for a command that writes: never taken from $DANVAN_ENDPOINT,
    so setting it for the reading commands does not send writes to the server."""
    return click.option(
        "--endpoint",
        "endpoint",
        metavar="URL",
        help="Write to the SPARQL 1.1 server with this query endpoint (e.g."
        " http://127.0.0.1:7878/query) instead of the store; see docs/stores.md.",
    )(function)


def write_endpoint_options(function: Any) -> Any:
    """``--update-endpoint URL`` and ``--graph-store URL``: where a server is written."""
    function = click.option(
        "--graph-store",
        metavar="URL",
        help="Its Graph Store Protocol endpoint (default: …/store next to …/query, "
        "…/sparql-graph-crud next to …/sparql).",
    )(function)
    return click.option(
        "--update-endpoint",
        metavar="URL",
        help="Its SPARQL Update endpoint (default: …/update next to …/query, else the same URL).",
    )(function)


def open_graph(
    store_path: Path,
    endpoint: str | None,
    *,
    writable: bool = False,
    update_endpoint: str | None = None,
    graph_store: str | None = None,
) -> Any:
    """The graph to use: the remote ``endpoint`` if given, else the embedded store
    (read-only unless ``writable``; a store to write must exist already)."""
    from danvan_kg.errors import StoreError
    from danvan_kg.stores import Store, restore_directory

    if endpoint:
        return Store.remote(endpoint, update_url=update_endpoint, graph_store_url=graph_store)
    restore_directory(store_path)  # a build killed between its renames
    if writable and not store_path.exists():
        raise StoreError("store.missing", location=str(store_path))
    return Store.embedded(store_path, read_only=not writable)


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
    """danvan-kg: the knowledge graph of Party directives and dân vận work.

    An error is one line on stderr, in English, or in Vietnamese with DANVAN_LANG=vi.
    Exit codes: 0 done, 1 refused (validate, add), 2 unusable input, 70 a bug.
    """


@cli.command()
@store_option
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    help="Folder of record files (default: the curated data shipped with danvan).",
)
@click.option(
    "--memory", is_flag=True, help="Build in memory only (a dry run that checks everything)."
)
@click.option(
    "--drop-unfiled",
    is_flag=True,
    help="Drop the store's source graphs that no record file makes (added with 'danvan add').",
)
def build(store_path: Path, data_dir: Path | None, memory: bool, drop_unfiled: bool) -> None:
    """Build the graph: ontology, vocabularies, gazetteer and every record file.

    Building twice gives the same graph; a failed build leaves the old store untouched.
    A store holding source graphs that no record file makes (added with `danvan add`) is
    not rebuilt unless --drop-unfiled says to drop them.
    """
    from danvan_kg.build import build as run_build

    _, report = run_build(
        None if memory else store_path,
        data_dir=data_dir,
        progress=progress,
        drop_unfiled=drop_unfiled,
    )
    where = "in memory" if memory else str(store_path)
    click.echo(
        f"Built {report.quads:,} quads in {len(report.graphs)} named graphs"
        f" ({where}, {report.seconds:.1f} s)."
    )


@cli.command()
@store_option
@endpoint_option
@table_format_option
def stats(store_path: Path, endpoint: str | None, output: str) -> None:
    """Count the things per class and the statements per source graph."""
    from danvan_kg.queries import format_table, graph_statistics

    store = open_graph(store_path, endpoint)
    classes, graphs = graph_statistics(store)
    click.echo(f"{len(store):,} quads in {len(graphs.rows)} named graphs\n")
    click.echo(format_table(classes, output))
    click.echo(format_table(graphs, output))


@cli.group(cls=QueryGroup)
def query() -> None:
    """Run named queries from the catalogue, or any .rq file."""


@query.command("list")
@table_format_option
def query_list(output: str) -> None:
    """List the named queries with their titles and parameters."""
    from danvan_kg.queries import catalogue_table, format_table

    click.echo(format_table(catalogue_table(), output), nl=False)


@query.command("run")
@click.argument("name")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter, e.g. --param directive=ct-19-tu-ha-nam-2013 (repeatable).",
)
@table_format_option
@store_option
@endpoint_option
def query_run(
    name: str, params: Sequence[str], output: str, store_path: Path, endpoint: str | None
) -> None:
    """Run the catalogue query NAME (see 'danvan query list') or a .rq FILE."""
    from danvan_kg.queries import format_table, get_query, run

    values = parse_params(params)
    table = run(get_query(name), open_graph(store_path, endpoint), values)
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
@endpoint_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["nquads", "trig"]),
    default="nquads",
    show_default=True,
    help="N-Quads (one statement a line) or TriG (grouped by graph, with prefixes).",
)
@click.option("--graph", help="Only this named graph (IRI).")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: stdout).",
)
def dump(
    store_path: Path,
    endpoint: str | None,
    output_format: str,
    graph: str | None,
    output: Path | None,
) -> None:
    """Write the whole store, every named graph, as N-Quads or TriG."""
    store = open_graph(store_path, endpoint)
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


# --- remote endpoints: push -------------------------------------------------------------


@cli.command()
@store_option
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    envvar="DANVAN_ENDPOINT",
    help="The server's SPARQL query endpoint, e.g. http://127.0.0.1:7878/query.",
)
@write_endpoint_options
@click.option(
    "--method",
    type=click.Choice(["auto", "gsp", "update"]),
    default="auto",
    show_default=True,
    help="gsp: one PUT per graph; update: SPARQL Update; auto: gsp where the server has it.",
)
@click.option(
    "--timeout",
    type=float,
    default=120.0,
    show_default=True,
    help="Seconds to wait for each request.",
)
def push(
    store_path: Path,
    endpoint: str,
    update_endpoint: str | None,
    graph_store: str | None,
    method: str,
    timeout: float,
) -> None:
    """Load the whole graph, every named graph, into a SPARQL 1.1 server.

    Each named graph on the server is replaced by the store's; other graphs there stay.
    """
    from danvan_kg.stores import Store
    from danvan_kg.stores.push import push as run_push

    target = Store.remote(
        endpoint, update_url=update_endpoint, graph_store_url=graph_store, timeout=timeout
    )
    report = run_push(open_store(store_path), target, method=method, progress=progress)
    for graph, count in report.graphs.items():
        click.echo(f"{count:>9,}  {graph}")
    click.echo(
        f"Pushed {report.quads:,} quads in {len(report.graphs)} named graphs to {endpoint} "
        f"({'Graph Store Protocol' if report.method == 'gsp' else 'SPARQL Update'})."
    )


@cli.command()
@store_option
@click.option(
    "--graph", "graph_name", metavar="GRAPH", help="One named graph: IRI, dvg:… or source key."
)
@click.option(
    "--lineage", metavar="ID", help="The lineage of a directive (key, identifier or IRI)."
)
@click.option("--around", metavar="IRI_OR_ID", help="The neighbourhood of a node.")
@click.option(
    "--depth", type=click.IntRange(0), default=1, show_default=True, help="Links from --around."
)
@click.option("--max-nodes", type=click.IntRange(1), help="Stop --around after this many nodes.")
@click.option(
    "--construct",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="The result of a SPARQL CONSTRUCT query file.",
)
@click.option(
    "--format",
    "output_format",
    help="graphml, gexf, cyjs, dot, svg, png, html, ttl, trig, jsonld, nq "
    "(default: from the file suffix).",
)
@output_file_option("File to write.")
@endpoint_option
def export(
    store_path: Path,
    graph_name: str | None,
    lineage: str | None,
    around: str | None,
    depth: int,
    max_nodes: int | None,
    construct: Path | None,
    output_format: str | None,
    output: Path,
    endpoint: str | None,
) -> None:
    """Export the whole graph or a part of it to a file (RDF, graph files, drawings, HTML)."""
    from danvan_kg import export as ex

    chosen = [
        name
        for name, value in (
            ("--graph", graph_name),
            ("--lineage", lineage),
            ("--around", around),
            ("--construct", construct),
        )
        if value
    ]
    if len(chosen) > 1:
        raise click.UsageError(f"choose one of {', '.join(chosen)}")
    fmt = ex.format_for(output, output_format)
    store = open_graph(store_path, endpoint)
    if graph_name:
        selection = ex.select_graph(store, graph_name)
    elif lineage:
        selection = ex.select_lineage(store, lineage)
    elif around:
        selection = ex.select_around(store, around, depth, max_nodes=max_nodes)
    elif construct:
        selection = ex.select_construct(store, construct)
    else:
        selection = ex.select_all(store)
    import warnings

    from danvan_kg.export.webgl import ExportWarning

    # What the export did differently (a large graph drawn with vis-network because the
    # WebGL scripts are missing) is one line on stderr, in the reader's language.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ExportWarning)
        ex.export(selection, fmt, output)
    for warning in caught:
        if isinstance(warning.message, ExportWarning):
            text = render(warning.message.code, warning.message.params, message_language())
            click.echo(f"danvan: {text}", err=True)
    click.echo(
        f"Wrote {output} ({fmt}, {len(selection):,} statements: {selection.title}).", err=True
    )


@cli.command()
@store_option
@click.argument("kind", type=click.Choice(["activity", "fields", "heatmap", "map"]))
@click.option(
    "--target", metavar="ID", help="Directive or movement (heatmap, map); default: every activity."
)
@click.option(
    "--level",
    type=click.Choice(["province", "district"]),
    help="Units of the chart: districts or provinces (heatmap, map; activities roll up)."
    "  [default: district; province with --map new, which has no districts]",
)
@map_option("The old map or the 2025 one (map: provinces only).")
@click.option("--period", metavar="YYYY-YYYY", help="Only these years (heatmap, map).")
@click.option(
    "--counting",
    multiple=True,
    metavar="RELATIONS",
    help="What counts as activity (heatmap, map), as in `danvan coverage`: reviews, "
    "carries-out, concerns, awards, cites, or all (repeat or separate with commas). "
    "Default: all but cites.",
)
@output_file_option("PNG or SVG file to write.")
def chart(
    store_path: Path,
    kind: str,
    target: str | None,
    level: str | None,
    epoch: str,
    period: str | None,
    counting: tuple[str, ...],
    output: Path,
) -> None:
    """Draw a chart (activity per year, models per field, unit × year heatmap) or a coverage map.

    The heatmap and the map count what `danvan coverage` counts for the same target,
    period, level, map and --counting.
    """
    from danvan_kg import charts

    level = level or ("province" if epoch == "new" else "district")
    charts.draw(
        open_store(store_path),
        kind,
        output,
        target=target,
        level=level,
        epoch=epoch,
        period=period,
        counting=counting or None,
    )
    click.echo(f"Wrote {output}", err=True)


# --- convenience views: find, lineage, coverage ------------------------------------------


@cli.command()
@click.argument("text")
@click.option("--kind", type=click.Choice(RECORD_KINDS), help="Only nodes of this kind.")
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=20,
    show_default=True,
    help="Show at most this many hits, best first.",
)
@table_format_option
@store_option
@endpoint_option
def find(
    text: str, kind: str | None, limit: int, output: str, store_path: Path, endpoint: str | None
) -> None:
    """Find the key of an existing node by its name, key or identifier.

    TEXT is matched without regard to case or diacritics: "thuy" finds "Lê Thị Thủy",
    "19 ct/tu" finds Chỉ thị 19-CT/TU. Each hit shows its key, kind, label, identifier,
    date and IRI. Exit code: 0 found, 1 nothing found.
    """
    from danvan_kg.queries import format_table
    from danvan_kg.search import find as find_nodes
    from danvan_kg.search import found_table, nothing_found

    hits = find_nodes(open_graph(store_path, endpoint), text, kind=kind, limit=None)
    language = message_language()
    if not hits:
        click.echo(nothing_found(text, kind, language), err=True)
        raise ReportedFailure(1)
    click.echo(format_table(found_table(hits[:limit]), output), nl=False)
    if len(hits) > limit:
        more = {"shown": limit, "total": len(hits)}
        click.echo(render("find.more", more, language), err=True)


@cli.command()
@click.argument("directive", metavar="ID")
@language_option("Language of the labels.")
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="An indented tree, or the tree as JSON.",
)
@store_option
@endpoint_option
def lineage(
    directive: str, language: str, output: str, store_path: Path, endpoint: str | None
) -> None:
    """Print the lineage tree of a directive: what it rests on, what carries it out, and the
    conferences, models and awards below it.

    ID is a key (ct-19-tu-ha-nam-2013), an identifier (19-CT/TU) or an IRI.
    """
    import json

    from danvan_kg import views

    tree = views.lineage(open_graph(store_path, endpoint), directive)
    if output == "json":
        click.echo(json.dumps(tree.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(tree.render(language), nl=False)


@cli.command()
@click.argument("target", metavar="ID")
@click.option(
    "--period",
    default="2021-2023",
    show_default=True,
    metavar="YYYY-YYYY",
    help="Years of activity counted ('all' for any year).",
)
@click.option(
    "--level",
    type=click.Choice(["district", "province"]),
    default="district",
    show_default=True,
    help="Units listed, on the old map: districts, or provinces.",
)
@click.option(
    "--province",
    metavar="NAME",
    help="An old-map province (name, code or IRI) instead of the issuer's.",
)
@map_option(
    "The map before 1 July 2025, or the 2025 one (old districts rolled up into the new provinces)."
)
@click.option(
    "--counting",
    multiple=True,
    metavar="RELATIONS",
    help="What counts as activity: reviews, carries-out, concerns, awards, cites, or all "
    "(repeat or separate with commas). Default: all but cites.",
)
@language_option("Language of the labels.")
@table_format_option
@store_option
@endpoint_option
def coverage(
    target: str,
    period: str,
    level: str,
    province: str | None,
    epoch: str,
    counting: tuple[str, ...],
    language: str,
    output: str,
    store_path: Path,
    endpoint: str | None,
) -> None:
    """Print the covered and uncovered units of a directive or movement, with totals.

    ID is a key (ct-19-tu-ha-nam-2013, dan-van-kheo), an identifier (19-CT/TU) or an IRI.
    A unit is covered when it has activity in the period under a relation counted:
    reviews (a conference or visit reviewing the target or a document carrying it out),
    carries-out (a document of its bodies carrying it out, based on it, continuing,
    amending or replacing it), concerns (a document of its bodies about the movement, or
    a review of one), awards (an award for the target presented or given there), cites
    (a document of its bodies that only cites it, or a review of one; not counted unless
    asked for).
    """
    from danvan_kg import views

    years = views.parse_period(period)
    table = views.coverage(
        open_graph(store_path, endpoint),
        target,
        period=years,
        level=level,
        province=province,
        map=epoch,
        counting=counting or None,
    )
    click.echo(table.format(output, language), nl=False)


# --- validate and add new records ----------------------------------------------------------


class ReportedFailure(click.ClickException):
    """Exit with ``code`` once the report is printed; main() turns it into the exit code
    (a ctx.exit code would be lost: click returns it instead of raising in that mode)."""

    def __init__(self, code: int) -> None:
        super().__init__("")
        self.exit_code = code

    def show(self, file: Any = None) -> None:
        """The report already said everything."""


def records_options(function: Any) -> Any:
    function = click.option(
        "--engine",
        type=click.Choice(["auto", "pyshacl", "turbo"]),
        default="auto",
        show_default=True,
        help="SHACL engine: pyshacl-turbo if installed, or pySHACL.",
    )(function)
    function = language_option("Language of the messages.")(function)
    return click.argument(
        "files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False)
    )(function)


@cli.command()
@records_options
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "turtle"]),
    default="text",
    show_default=True,
    help="Findings as text, as JSON, or the SHACL report in Turtle.",
)
@store_option
@endpoint_option
def validate(
    files: Sequence[Path],
    language: str,
    engine: str,
    output: str,
    store_path: Path,
    endpoint: str | None,
) -> None:
    """Check new record files (YAML, Turtle, JSON-LD) against the graph they will join.

    Only the new records are checked; what they refer to (directives, units,
    organisations) is looked up in the store. Findings are grouped by file, record and
    field. Exit code: 0 valid (warnings allowed), 1 violations, 2 unusable input.
    """
    from danvan_kg.validate import render, render_text, validate_files

    store = open_graph(store_path, endpoint)
    report = validate_files(files, store, engine=engine)  # type: ignore[arg-type]
    click.echo(render(report, output, language), nl=False)  # type: ignore[arg-type]
    if report.unusable and output == "turtle":
        click.echo(render_text(report, language), err=True, nl=False)  # type: ignore[arg-type]
    if report.exit_code:
        raise ReportedFailure(report.exit_code)


@cli.command()
@records_options
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Findings and what was written, as text or as JSON.",
)
@click.option(
    "--accept-warnings", is_flag=True, help="Write even if warnings remain (never with violations)."
)
@click.option(
    "--replace",
    is_flag=True,
    help="Let a file replace a stored source of the same key that holds other records.",
)
@click.option(
    "--records",
    "records_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Keep the added files in this records folder (default: 'records' next to the"
    " store, which 'danvan build' reads; none with --endpoint unless given).",
)
@store_option
@add_endpoint_option
@write_endpoint_options
def add(
    files: Sequence[Path],
    language: str,
    engine: str,
    output: str,
    accept_warnings: bool,
    replace: bool,
    records_dir: Path | None,
    store_path: Path,
    endpoint: str | None,
    update_endpoint: str | None,
    graph_store: str | None,
) -> None:
    """Validate new record files, then add them to the store all at once.

    Nothing is written if any file is unusable or any record violates a shape, nor, without
    --accept-warnings, if warnings remain. Adding the same file again changes nothing; a
    file that reuses a stored source's key for other records is refused unless --replace.
    The files are kept in the store's records folder, so that 'danvan build' makes them
    again (both written or neither: docs/records.md, "Adding records").
    Exit code: 0 added, 1 refused, 2 unusable input. With --endpoint, docs/stores.md says
    what "all at once" means on a server.
    """
    from danvan_kg.records.folder import RecordsFolder
    from danvan_kg.validate import add_files, render_add, render_add_json, render_text

    store = open_graph(
        store_path,
        endpoint,
        writable=True,
        update_endpoint=update_endpoint,
        graph_store=graph_store,
    )
    try:
        if records_dir is not None:
            records: RecordsFolder | None = RecordsFolder(records_dir)
        else:
            records = None if endpoint else RecordsFolder.beside(store_path)
        result = add_files(
            files,
            store,
            accept_warnings=accept_warnings,
            engine=engine,  # type: ignore[arg-type]
            records=records,
            replace=replace,
        )
    finally:
        store.close()
    if output == "json":
        click.echo(render_add_json(result), nl=False)
    else:
        click.echo(render_text(result.validation, language), nl=False)  # type: ignore[arg-type]
        click.echo(render_add(result, language), nl=False)  # type: ignore[arg-type]
    if result.exit_code:
        raise ReportedFailure(result.exit_code)


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--url", help="The article's address (else from the HTML's meta tags).")
@click.option("--publisher", help="Who published it.")
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date (years of dates).")
@click.option("--title", help="The article's title.")
@click.option("--province", help="The province it is about (disambiguates unit names).")
@click.option(
    "--format", "output_format", type=click.Choice(["yaml", "json"]), default="yaml",
    show_default=True, help="The draft record (yaml) or every mention with its span (json).",
)  # fmt: skip
@click.option("--annotate", type=click.Path(path_type=Path), help="Write the annotated page here.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (or folder) to write.")
@click.option("--jobs", type=click.IntRange(1), help="Worker processes for a folder.")
@click.option(
    "--store", "store_path", type=click.Path(path_type=Path, file_okay=False),
    help="Match documents against this store's graph.",
)  # fmt: skip
@click.option(
    "--evaluate", "gold_dir", type=click.Path(path_type=Path, file_okay=False),
    help="Score against the gold files of this folder instead (P/R/F1 per kind).",
)  # fmt: skip
@click.option(
    "--corpus", type=click.Path(path_type=Path, file_okay=False), multiple=True,
    default=(Path("../shared/corpus"),), show_default=True,
    help="Where the gold files' articles are (repeat for several folders; gold files whose "
    "article is in none are left out).",
)  # fmt: skip
def extract(
    path: Path | None, url: str | None, publisher: str | None, published: str | None,
    title: str | None, province: str | None, output_format: str, annotate: Path | None,
    output: Path | None, jobs: int | None, store_path: Path | None, gold_dir: Path | None,
    corpus: tuple[Path, ...],
) -> None:  # fmt: skip
    """Draft records from an article (text or HTML) or a folder of them.

    Writes the draft record (danvan-record/1, for 'danvan validate') or, with --format
    json, every mention found; --annotate writes the article with each mention marked.
    A file that cannot be read gives one error line and a folder goes on.
    """
    from danvan_kg.extract.cli import run_evaluate, run_extract

    if gold_dir is not None:
        click.echo(run_evaluate(gold_dir, corpus), nl=False)
        return
    if path is None:
        raise click.UsageError("give a FILE or folder, or --evaluate GOLD_DIR")
    failed = run_extract(
        path, dict(url=url, publisher=publisher, published=published, title=title,
                   province=province),
        output_format=output_format, annotate=annotate, output=output, jobs=jobs,
        store_path=store_path, echo=click.echo, progress=progress,
    )  # fmt: skip
    if failed:
        raise ReportedFailure(1)


@cli.command()
@click.option(
    "--scale",
    "-s",
    type=float,
    default=1.0,
    show_default=True,
    help="Activity bundles per district per year"
    " (0.01 ≈ 100k record triples, 1 ≈ 1.6M, 3.35 ≈ 5M).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same bytes.")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder to write reference/ and sources/ into (its *.yaml there are replaced).",
)
def synth(scale: float, seed: int, output: Path) -> None:
    """Write a national-scale synthetic dataset in the record format (for benchmarks).

    All 63 pre-2025 provinces with their districts and communes; build it with
    'danvan build --data DIR'.
    """
    from danvan_kg.synth import write_dataset

    report = write_dataset(output, scale, seed, progress=progress)
    click.echo(
        f"Wrote {report.records:,} records in {report.files} files"
        f" ({report.bytes / 1e6:.1f} MB) to {output}."
    )


@cli.command()
@store_option
@endpoint_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 to listen on (0: any free port).",
)
@click.option(
    "--editor-token",
    default=lambda: os.environ.get("DANVAN_EDITOR_TOKEN") or None,
    show_default="$DANVAN_EDITOR_TOKEN or none (adding is off)",
    help="The secret editors give to add records on the web; opens the store for writing.",
)
@click.option(
    "--query-timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds a query may run before /sparql or a catalogue page abandons it (503).",
)
@click.option(
    "--result-cap",
    type=click.IntRange(1),
    default=10_000,
    show_default=True,
    help="Rows (or triples) /sparql and the catalogue send at most; stated in the answer.",
)
@click.option(
    "--query-workers",
    type=click.IntRange(1),
    default=lambda: os.cpu_count() or 2,
    show_default="the number of cores",
    help="Queries (/sparql, catalogue pages, large parts of pages) run at once.",
)
@click.option(
    "--queue-wait",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds a query may wait for a worker before 503 (its timeout starts after).",
)
@click.option(
    "--queue-size",
    type=click.IntRange(1),
    default=100,
    show_default=True,
    help="Queries that may wait for a worker at once; more are refused with 503.",
)
@click.option(
    "--max-body",
    type=click.IntRange(1),
    default=1_000_000,
    show_default=True,
    help="Largest request body in bytes (uploads, posted queries); larger is 413.",
)
def serve(
    store_path: Path,
    endpoint: str | None,
    port: int,
    editor_token: str | None,
    query_timeout: float,
    result_cap: int,
    query_workers: int,
    queue_wait: float,
    queue_size: int,
    max_body: int,
) -> None:
    """Serve the graph on the web at http://127.0.0.1:PORT/ (see docs/web.md).

    Search, a page for every IRI (/id/...), the query catalogue, a read-only SPARQL 1.1
    endpoint at /sparql and record validation; adding records needs --editor-token.
    """
    import uvicorn

    from danvan_kg.records.folder import RecordsFolder
    from danvan_kg.stores import Store
    from danvan_kg.web import Settings, create_app

    if endpoint:
        store = Store.remote(endpoint)
    else:
        store = Store.embedded(store_path, read_only=editor_token is None)
    settings = Settings(
        query_timeout=query_timeout,
        result_cap=result_cap,
        query_workers=query_workers,
        queue_wait=queue_wait,
        queue_size=queue_size,
        max_body=max_body,
        editor_token=editor_token,
        records=None if endpoint else RecordsFolder.beside(store_path).root,
    )
    uvicorn.run(create_app(store, settings), host="127.0.0.1", port=port, log_level="info")


def message_language() -> Language:
    """The language of the error lines: ``$DANVAN_LANG`` if it is vi or en, else English."""
    chosen = os.environ.get(LANGUAGE_VARIABLE, "en")
    return chosen if chosen in LANGUAGES else "en"  # type: ignore[return-value]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``danvan`` console script; returns the exit code."""
    language = message_language()
    try:
        cli.main(
            args=list(argv) if argv is not None else None, prog_name="danvan", standalone_mode=False
        )
    except click.exceptions.Abort:
        click.echo(f"danvan: {render('cli.aborted', {}, language)}", err=True)
        return 130
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except DanvanError as error:
        label = render("cli.error", {}, language)
        click.echo(f"danvan: {label}: {error.message(language)}", err=True)
        return 2
    except click.exceptions.Exit as exit_:
        return exit_.exit_code
    except Exception as error:
        if os.environ.get("DANVAN_DEBUG"):
            raise
        arguments = {"kind": type(error).__name__, "detail": str(error)}
        click.echo(f"danvan: {render('cli.internal-error', arguments, language)}", err=True)
        return 70
    return 0


if __name__ == "__main__":
    sys.exit(main())
