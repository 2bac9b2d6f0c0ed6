"""Write docs/cli.md, the command-line reference, from the click command tree.

    python scripts/cli_reference.py            # rewrite docs/cli.md
    python scripts/cli_reference.py --check    # exit 1 if docs/cli.md is stale

Every command with its help, its usage line and every option with its help and default,
as ``danvan COMMAND --help`` shows them; tests/test_docs.py fails when the file is stale.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from danvan_kg.cli import cli

TARGET = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
COMMAND = "python scripts/cli_reference.py"

HEADER = f"""\
# Command-line reference

Every `danvan` command and option, as `danvan COMMAND --help` shows them. Generated from
the command tree by `{COMMAND}`; do not edit by hand (`tests/test_docs.py`
fails when this file is stale).
"""


def commands(
    command: click.Command, path: tuple[str, ...], parent: click.Context | None = None
) -> Iterator[tuple[tuple[str, ...], click.Command, click.Context]]:
    """Every command under ``command`` (itself first), with its name path and context.

    The context shows every default, as ``--help`` would with ``show_default=True``.
    """
    ctx = click.Context(
        command, info_name=path[-1], parent=parent, show_default=True, **command.context_settings
    )
    yield path, command, ctx
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from commands(sub, (*path, name), ctx)


def section(path: tuple[str, ...], command: click.Command, ctx: click.Context) -> str:
    """The Markdown of one command: heading, usage, help, options."""
    lines = [f"{'#' * min(len(path) + 1, 4)} `{' '.join(path)}`", ""]
    usage = " ".join(command.collect_usage_pieces(ctx))
    lines += ["```", f"{' '.join(path)} {usage}".rstrip(), "```", ""]
    if command.help:
        lines += [inspect.cleandoc(command.help), ""]
    options = [
        record
        for param in command.get_params(ctx)
        if isinstance(param, click.Option) and (record := param.get_help_record(ctx)) is not None
    ]
    if options:
        lines += ["Options:", ""]
        lines += [f"- `{flags}`: {text}" if text else f"- `{flags}`" for flags, text in options]
        lines.append("")
    return "\n".join(lines)


def reference() -> str:
    """The whole of docs/cli.md."""
    parts = [HEADER]
    parts += [section(path, command, ctx) for path, command, ctx in commands(cli, ("danvan",))]
    return "\n".join(parts).rstrip() + "\n"


def main(argv: list[str]) -> int:
    text = reference()
    if "--check" in argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is stale: run '{COMMAND}'", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"Wrote {TARGET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
