"""The documentation is tested (STYLE item 12): every command and option has help, the
generated CLI reference (docs/cli.md) is current, every query file has its header.

The catalogue queries' headers (title in both languages, description, parameters) are
checked by tests/test_catalogue.py::test_header; here only what it does not reach.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import click
import pytest

from danvan_kg.cli import cli
from danvan_kg.queries import SYSTEM_FOLDER, catalogue, parse_query_file

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"


def load_script(name: str) -> ModuleType:
    """A script of scripts/ as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REFERENCE = load_script("cli_reference")
COMMANDS = list(REFERENCE.commands(cli, ("danvan",)))


@pytest.mark.parametrize(
    ("path", "command", "ctx"), COMMANDS, ids=[" ".join(path) for path, _, _ in COMMANDS]
)
def test_every_command_and_option_has_help(
    path: tuple[str, ...], command: click.Command, ctx: click.Context
) -> None:
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"
    undocumented = [
        param.opts[-1]
        for param in command.get_params(ctx)
        if isinstance(param, click.Option) and not (param.help or "").strip()
    ]
    assert undocumented == [], f"{' '.join(path)}: options without help: {undocumented}"


def test_the_reference_covers_every_command_and_option() -> None:
    text = REFERENCE.reference()
    for path, command, ctx in COMMANDS:
        assert f"`{' '.join(path)}`" in text
        for param in command.get_params(ctx):
            if isinstance(param, click.Option):
                assert re.search(rf"`[^`]*{re.escape(param.opts[-1])}\b", text), param.opts


def test_the_cli_reference_is_current() -> None:
    written = REFERENCE.TARGET.read_text(encoding="utf-8") if REFERENCE.TARGET.exists() else ""
    assert written == REFERENCE.reference(), (
        f"docs/cli.md is stale: run '{REFERENCE.COMMAND}' and commit the result"
    )


def test_the_readme_points_to_the_cli_reference() -> None:
    assert "docs/cli.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_query_file_is_a_catalogue_or_a_system_query() -> None:
    # So that test_header (the catalogue) and the test below (system/) see every file.
    others = [
        path.relative_to(QUERIES)
        for path in QUERIES.rglob("*.rq")
        if path.parent != QUERIES / SYSTEM_FOLDER and path.stem not in catalogue()
    ]
    assert others == []


@pytest.mark.parametrize(
    "path",
    sorted((QUERIES / SYSTEM_FOLDER).glob("*.rq")),
    ids=lambda path: path.name,
)
def test_system_queries_have_a_title_in_both_languages_and_a_description(path: Path) -> None:
    query = parse_query_file(path)
    assert query.title.get("en") and query.title.get("vi"), path.name
    assert query.title["vi"] != query.title["en"], path.name
    assert query.description.strip(), path.name


def test_the_adversarial_corpus_table_is_current() -> None:
    report = load_script("adversarial_report")
    written = report.DOC.read_text(encoding="utf-8")
    assert report.render(written) == written, (
        "docs/adversarial.md is stale: run '.venv/bin/python scripts/adversarial_report.py'"
    )
    assert written.count("| `") >= 60  # one row per case of the corpus
