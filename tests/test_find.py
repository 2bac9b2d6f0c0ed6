"""Finding things (issue 13): ``danvan find`` over names, keys and identifiers without
regard to case or diacritics, and "did you mean" for keys and codes that name nothing."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

import danvan_kg
from danvan_kg.build import build
from danvan_kg.cli import main
from danvan_kg.errors import QueryError, RecordError
from danvan_kg.records import Reference, Where, unresolved_error
from danvan_kg.search import Found, find
from danvan_kg.stores import Store
from danvan_kg.validate import add_files, validate_files
from danvan_kg.vocab import DV_IRI, ID_IRI, PREFIXES, UnknownTermError, concept

GOOD = Path(__file__).parent / "good_records" / "thanh-liem-2024-so-ket.yaml"
THUY = {"le-thi-thuy", "dang-thi-thuy-vinh"}  # Lê Thị Thủy, Đặng Thị Thùy Vinh

QUANG_BINH = """\
format: danvan-record/1
source:
  key: test-quang-binh-ct19
  kind: article
  title: "Tỉnh ủy Quảng Bình hướng dẫn thực hiện Chỉ thị số 19-CT/TU"
units:
  - key: quang-binh
    name: Quảng Bình
    level: province
organisations:
  - key: tinh-uy-quang-binh
    name: Tỉnh ủy Quảng Bình
    kind: party-committee
    level: province
    territory: quang-binh
documents:
  - key: ct-19-tu-quang-binh-2023
    identifier: 19-CT/TU
    issuer: tinh-uy-quang-binh
    date: 2023-03-08
    title: "về tăng cường sự lãnh đạo của Đảng đối với công tác dân vận"
"""


def keys(hits: list[Found]) -> list[str]:
    return [hit.key for hit in hits]


# --------------------------------------------------------------------------- find


@pytest.mark.parametrize(
    "text",
    ["thuy", "THÙY", "Thuỳ", "thủy", unicodedata.normalize("NFD", "Thùy"), "  Thuy "],
    ids=["plain", "upper-new-style", "old-style", "hoi", "nfd", "spaces"],
)
def test_a_name_is_found_whatever_its_case_diacritics_and_tone_placement(
    graph: Store, text: str
) -> None:
    assert set(keys(find(graph, text, kind="person"))) == THUY


def test_old_and_new_tone_placement_find_the_same_nodes(graph: Store) -> None:
    old, new = find(graph, "khoá", limit=None), find(graph, "khóa", limit=None)
    assert keys(old) == keys(new)
    assert "reference-kl-114-tw-2015" in keys(old)  # "Kết luận 114-KL/TW … khóa XI"


def test_a_hit_has_its_key_kind_label_identifier_date_and_iri(graph: Store) -> None:
    [hit] = find(graph, "19-ct/tu", kind="document")
    assert (hit.key, hit.kind, hit.label, hit.identifier, hit.date, hit.iri) == (
        "ct-19-tu-ha-nam-2013",
        "document",
        "Chỉ thị 19-CT/TU",
        "19-CT/TU",
        "2013-10-16",
        ID_IRI + "document/tinh-uy-ha-nam/ct-19-2013",
    )
    assert hit.rank == 0  # the identifier itself, parsed


def test_an_event_shows_its_date_and_an_identifier_in_its_name_finds_it(graph: Store) -> None:
    found = {hit.key: hit for hit in find(graph, "19-CT/TU", limit=None)}
    assert set(found) == {"ct-19-tu-ha-nam-2013", "2023-11-29-thanh-liem-tong-ket-ct19"}
    event = found["2023-11-29-thanh-liem-tong-ket-ct19"]
    assert (event.kind, event.date, event.identifier) == ("event", "2023-11-29", "")


def test_punctuation_is_ignored_when_nothing_else_matches(graph: Store) -> None:
    assert keys(find(graph, "19 ct tu", kind="document")) == ["ct-19-tu-ha-nam-2013"]
    assert "huyen-uy-thanh-liem" in keys(find(graph, "huyen uy thanh liem", kind="org"))


def test_the_exact_key_comes_first(graph: Store) -> None:
    hits = find(graph, "huyen-uy-thanh-liem", limit=None)
    assert hits[0].key == "huyen-uy-thanh-liem" and hits[0].rank == 1
    assert {"tt-huyen-uy-thanh-liem", "btv-huyen-uy-thanh-liem"} <= set(keys(hits[1:]))


def test_the_kind_filter_and_the_limit(graph: Store) -> None:
    everything = find(graph, "thanh liem", limit=None)
    assert {"org", "source", "event"} <= {hit.kind for hit in everything}
    orgs = find(graph, "thanh liem", kind="org", limit=None)
    assert orgs and all(hit.kind == "org" for hit in orgs)
    assert "huyen-uy-thanh-liem" in keys(orgs)
    sources = find(graph, "thanh liem", kind="source", limit=None)
    assert keys(sources) == ["thanh-liem-2023"]
    assert len(find(graph, "thanh liem", limit=2)) == 2
    assert find(graph, "thuy", kind="document") == []


def test_two_documents_of_one_identifier_are_both_found(
    graph_copy: Callable[[Path | None], Store], tmp_path: Path
) -> None:
    store = graph_copy(tmp_path / "store")  # on disk: hard links, no 157k quads to copy
    record = tmp_path / "quang-binh.yaml"
    record.write_text(QUANG_BINH, encoding="utf-8")
    assert add_files([record], store).exit_code == 0
    hits = find(store, "19-ct/tu", kind="document")
    assert sorted(keys(hits)) == ["ct-19-tu-ha-nam-2013", "ct-19-tu-quang-binh-2023"]
    assert {hit.label for hit in hits} == {"Chỉ thị 19-CT/TU"}
    assert {hit.date for hit in hits} == {"2013-10-16", "2023-03-08"}
    assert len({hit.iri for hit in hits}) == 2


def test_the_kind_is_read_from_the_type_not_the_iri() -> None:
    node, graph = ox.NamedNode(ID_IRI + "org/looks-like-an-org"), ox.NamedNode("urn:g")
    facts = [
        (PREFIXES["rdf"] + "type", ox.NamedNode(DV_IRI + "Person")),
        (DV_IRI + "recordKey", ox.Literal("looks-like-an-org")),
        (PREFIXES["rdfs"] + "label", ox.Literal("Ông A", language="vi")),
    ]
    with Store.embedded() as store:
        store.extend([ox.Quad(node, ox.NamedNode(prop), value, graph) for prop, value in facts])
        [hit] = find(store, "ong a")
        assert (hit.kind, hit.label) == ("person", "Ông A")
        assert find(store, "ong a", kind="org") == []


def test_bad_requests_are_errors(graph: Store) -> None:
    with pytest.raises(QueryError) as empty:
        find(graph, "   ")
    assert empty.value.code == "find.empty"
    with pytest.raises(QueryError) as kind:
        find(graph, "thuy", kind="unit")
    assert kind.value.code == "find.kind-unknown" and "person" in str(kind.value)
    with pytest.raises(QueryError):
        find(graph, "thuy", limit=0)


def test_the_front_door_has_find(graph: Store) -> None:
    assert set(keys(danvan_kg.find(graph, "THÙY"))) >= THUY


# --------------------------------------------------------------------------- the command


def test_cli_find_prints_the_key_column(
    built: tuple[Store, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, path = built
    assert main(["find", "THÙY", "--kind", "person", "--store", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["key", "kind", "label", "identifier", "date", "iri"]
    assert {line.split()[0] for line in lines[2:4]} == THUY
    assert lines[-1] == "(2 rows)"


def test_cli_find_formats_limit_and_kind(
    built: tuple[Store, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, path = built
    assert main(["find", "19 ct/tu", "--format", "json", "--store", str(path)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["key"] for row in rows] == [
        "ct-19-tu-ha-nam-2013",
        "2023-11-29-thanh-liem-tong-ket-ct19",
    ]
    assert rows[0]["iri"] == "dvi:document/tinh-uy-ha-nam/ct-19-2013"
    assert main(["find", "thuy", "--limit", "1", "--format", "csv", "--store", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[1].startswith("dang-thi-thuy-vinh,person,Đặng Thị Thùy Vinh")
    assert len(captured.out.splitlines()) == 2
    assert captured.err.strip() == "1 of 2 shown (--limit shows more)"


def test_cli_find_nothing_is_one_line_and_exit_code_1(
    built: tuple[Store, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, path = built
    assert main(["find", "thuy", "--kind", "document", "--store", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "no document has a name, key or identifier like 'thuy'\n"
    monkeypatch.setenv("DANVAN_LANG", "vi")
    assert main(["find", "zzzqqq", "--store", str(path)]) == 1
    assert capsys.readouterr().err == "không có gì có tên, khóa hay số hiệu giống 'zzzqqq'\n"


# --------------------------------------------------------------------------- did you mean


def test_a_misspelt_key_is_reported_with_the_closest_keys(
    graph_copy: Callable[[Path | None], Store], tmp_path: Path
) -> None:
    text = GOOD.read_text(encoding="utf-8")
    assert text.count("organiser: huyen-uy-thanh-liem") == 1
    record = tmp_path / "misspelt.yaml"
    record.write_text(
        text.replace("organiser: huyen-uy-thanh-liem", "organiser: huyen-uy-thanh-lim"),
        encoding="utf-8",
    )
    report = validate_files([record], graph_copy(tmp_path / "store"))  # writable, not shared
    [finding] = report.findings
    assert (finding.severity.value, finding.field) == ("unusable", "organiser")
    assert finding.message_en.startswith(
        "no org with key 'huyen-uy-thanh-lim' in these records or the store; "
        "did you mean: huyen-uy-thanh-liem"
    )
    assert "; có phải là: huyen-uy-thanh-liem" in finding.message_vi
    assert report.exit_code == 2


def test_a_key_like_nothing_gets_no_suggestion(graph: Store, tmp_path: Path) -> None:
    record = tmp_path / "far.yaml"
    text = GOOD.read_text(encoding="utf-8")
    record.write_text(
        text.replace("organiser: huyen-uy-thanh-liem", "organiser: qqqq-zzzz"), encoding="utf-8"
    )
    [finding] = validate_files([record], graph).findings
    assert finding.message_en == "no org with key 'qqqq-zzzz' in these records or the store"


def test_suggestions_come_from_the_batch_and_only_of_the_kinds_asked() -> None:
    where = Where("a.yaml", "events[0] (e)", "organiser")
    reference = Reference(("org",), "ban-dan-van-xa-moj", where)
    defined = {("org", "ban-dan-van-xa-moi"), ("person", "ban-dan-van-xa-mo")}
    error = unresolved_error(reference, defined)
    assert isinstance(error, RecordError) and error.code == "record.key-unresolved-close"
    assert error.message("en").endswith("did you mean: ban-dan-van-xa-moi")
    assert unresolved_error(reference).code == "record.key-unresolved"


@pytest.mark.parametrize("workers", [1, 2])
def test_a_build_names_the_closest_key_too(tmp_path: Path, workers: int) -> None:
    # One process converts the batch in one pass; several read the batch's keys back from
    # the state the workers share: both name the key the batch defines.
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.yaml").write_text(QUANG_BINH, encoding="utf-8")
    meeting = QUANG_BINH.split("units:")[0].replace("test-quang-binh-ct19", "test-qb-meeting")
    meeting += (
        "events:\n  - key: 2023-quang-binh-hoi-nghi\n    kind: conference\n"
        "    organiser: tinh-uy-quang-bin\n"
    )
    (sources / "b.yaml").write_text(meeting, encoding="utf-8")
    with pytest.raises(RecordError) as error:
        build(None, data_dir=tmp_path, workers=workers)
    assert (error.value.field, error.value.code) == ("organiser", "record.key-unresolved-close")
    assert str(error.value).endswith(
        "no org with key 'tinh-uy-quang-bin' in these records or the store; "
        "did you mean: tinh-uy-quang-binh"
    )


def test_a_misspelt_vocabulary_code_is_reported_with_the_closest_codes(
    graph: Store, tmp_path: Path
) -> None:
    text = GOOD.read_text(encoding="utf-8")
    record = tmp_path / "code.yaml"
    record.write_text(text.replace("kind: conference", "kind: conferense"), encoding="utf-8")
    [finding] = validate_files([record], graph).findings
    assert finding.field == "kind"
    assert finding.message_en.startswith(
        "'conferense' is not a code of vocabulary 'eventkind'; did you mean: conference (known: "
    )
    assert "; có phải là: conference (các mã: " in finding.message_vi
    with pytest.raises(UnknownTermError) as far:
        concept("eventkind", "qqqq")
    assert far.value.code == "vocab.code-unknown"
