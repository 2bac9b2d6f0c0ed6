"""The front door: ``import danvan_kg`` gives a notebook everything, fast, and the README's
Python example runs as written."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import danvan_kg
from danvan_kg.stores import Store

ROOT = Path(__file__).resolve().parents[1]
BAD_RECORD = ROOT / "tests" / "bad_records" / "minh-long-as-stated.yaml"


def readme_python() -> str:
    """The code block of the README's "## Python" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 1, "the Python section should hold one example"
    return blocks[0]


def test_the_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = readme_python()
    # Only the front door: no inner module imported by the example.
    assert re.findall(r"^\s*(?:from|import) (\S+)", code, re.MULTILINE) == ["danvan_kg"]
    monkeypatch.chdir(tmp_path)
    shutil.copy(BAD_RECORD, tmp_path / "new-records.yaml")
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md (## Python)", "exec"), namespace)
    assert (tmp_path / "lineage.graphml").read_text(encoding="utf-8").startswith("<?xml")
    checked = namespace["checked"]
    assert [finding.record for finding in checked.findings]  # the misdated review is found
    assert namespace["reviews"].column("event_key")


def test_every_name_is_listed_and_resolves() -> None:
    for name in danvan_kg.__all__:
        assert getattr(danvan_kg, name) is not None, name
        assert name in dir(danvan_kg)
    assert danvan_kg.lineage.__module__ == "danvan_kg.views.lineage"
    assert danvan_kg.export_selection.__name__ == "export"
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        danvan_kg.nothing_here  # noqa: B018


def test_import_loads_nothing_heavy() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, danvan_kg; print(sorted(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for heavy in ("pyoxigraph", "rdflib", "danvan_kg.stores", "yaml", "networkx"):
        assert f"'{heavy}'" not in loaded, heavy


def test_open_store_in_memory_on_disk_and_query(tmp_path: Path) -> None:
    memory = danvan_kg.open_store()
    assert isinstance(memory, Store) and memory.path is None
    disk = danvan_kg.open_store(tmp_path / "store")
    assert disk.path == tmp_path / "store"
    disk.close()
    assert danvan_kg.open_store(tmp_path / "store", read_only=True).path == tmp_path / "store"
    assert danvan_kg.query(memory, "figures").rows == ()


def test_query_binds_its_parameters(graph: Store) -> None:
    table = danvan_kg.query(graph, "reviews-of-directive", directive="19-CT/TU")
    assert "2023-11-29-thanh-liem-tong-ket-ct19" in table.column("event_key")
    with pytest.raises(danvan_kg.DanvanError, match="has no parameter 'nope'"):
        danvan_kg.query(graph, "reviews-of-directive", nope="x")
