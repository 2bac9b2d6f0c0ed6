"""The `danvan` command: every command has help, errors are one line, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from danvan_kg.cli import cli, main


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a child process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "danvan_kg.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def all_commands() -> list[tuple[str, ...]]:
    found = []
    for name, command in cli.commands.items():
        found.append((name,))
        for sub in getattr(command, "commands", {}):
            found.append((name, sub))
    return found


@pytest.mark.parametrize("command", all_commands(), ids=" ".join)
def test_every_command_has_help(
    command: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Usage: danvan " + " ".join(command))
    assert len(out.splitlines()) > 3


def test_build_stats_query_and_dump_from_the_shell(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    built = run("build", "--store", store)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("Built ") and "named graphs" in built.stdout

    stats = run("stats", "--store", store)
    assert stats.returncode == 0, stats.stderr
    assert "dv:Document" in stats.stdout and "dvg:source/cho-don-2020" in stats.stdout

    query = tmp_path / "documents.rq"
    query.write_text(
        "#+ title: {en: Documents, vi: Văn bản}\n#+ description: Every document identifier.\n"
        "SELECT ?id WHERE { ?d dv:identifier ?id } ORDER BY ?id\n",
        encoding="utf-8",
    )
    for fmt in ("table", "csv", "md"):
        answered = run("query", str(query), "--store", store, "--format", fmt)
        assert answered.returncode == 0, answered.stderr
        assert "2559/QĐ-UBND" in answered.stdout
    as_json = run("query", "run", str(query), "--store", store, "--format", "json")
    identifiers = [row["id"] for row in json.loads(as_json.stdout)]
    assert identifiers == sorted(identifiers) and "19-CT/TU" in identifiers

    dumped = run("dump", "--store", store, "--format", "nquads")
    assert dumped.returncode == 0
    graphs = {line.rsplit(" ", 2)[-2] for line in dumped.stdout.splitlines() if line}
    assert "<https://w3id.org/danvan/graph/source/minh-long-2024>" in graphs
    assert "<https://w3id.org/danvan/graph/gazetteer>" in graphs


def test_bad_record_is_one_line_and_exit_2(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    (data / "sources" / "bad.yaml").write_text(
        "format: danvan-record/1\nsource: {key: bad, kind: article, title: T}\n"
        "documents:\n  - {key: d, identifier: 19-CT/TU, date: 2020-02-31}\n",
        encoding="utf-8",
    )
    result = run("build", "--store", str(tmp_path / "store"), "--data", str(data))
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if not line.startswith("·")]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("danvan: error: ")
    assert "bad.yaml: documents[0] (d): date: '2020-02-31' is not a real date" in lines[0]
    assert not (tmp_path / "store").exists()


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    result = run("stats", "--store", str(tmp_path / "nothing"))
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"danvan: error: no store at {tmp_path / 'nothing'}: make one with 'danvan build' (it"
        " writes .danvan/store in the current folder, or where --store DIR says), or use another"
        " with --store DIR or --endpoint URL"
    )


def test_unknown_query_names_the_catalogue(tmp_path: Path, built) -> None:
    _, path = built
    result = run("query", "run", "no-such-query", "--store", str(path))
    assert result.returncode == 2
    assert "no query named 'no-such-query'" in result.stderr and "Traceback" not in result.stderr


def test_a_bug_is_one_line_and_exit_70(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # No command fails this way on purpose, so a bug is planted in one it calls.
    import danvan_kg.queries

    def broken() -> None:
        raise KeyError("x" * 300)

    monkeypatch.setattr(danvan_kg.queries, "catalogue_table", broken)
    monkeypatch.delenv("DANVAN_DEBUG", raising=False)
    monkeypatch.delenv("DANVAN_LANG", raising=False)
    assert main(["query", "list"]) == 70
    err = capsys.readouterr().err
    assert err.startswith("danvan: internal error: KeyError: 'xxx")
    assert err.endswith("… (302 characters) (set DANVAN_DEBUG=1 for details)\n")
    monkeypatch.setenv("DANVAN_LANG", "vi")
    assert main(["query", "list"]) == 70
    assert capsys.readouterr().err.startswith("danvan: lỗi nội bộ: KeyError: ")
    monkeypatch.setenv("DANVAN_DEBUG", "1")
    with pytest.raises(KeyError):
        main(["query", "list"])


def test_errors_are_in_vietnamese_with_danvan_lang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DANVAN_LANG", "vi")
    assert main(["stats", "--store", str(tmp_path / "nothing")]) == 2
    assert capsys.readouterr().err.startswith("danvan: lỗi: ")
    monkeypatch.setenv("DANVAN_LANG", "fr")  # not a language of the catalogue: English
    assert main(["stats", "--store", str(tmp_path / "nothing")]) == 2
    assert capsys.readouterr().err.startswith("danvan: error: no store at ")
