"""Records → RDF: golden output, identity across sources, normalisation, bad input."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pyoxigraph as ox
import pytest

from danvan_kg.errors import RecordError
from danvan_kg.gazetteer import Gazetteer, unit_resolver
from danvan_kg.records import RecordFile, convert, parse_record_text, read_batch, read_record_file

FIXTURES = Path(__file__).parent / "fixtures"
HEADER = "format: danvan-record/1\nsource: {key: test-source, kind: article, title: Thử}\n"


def convert_files(*paths: Path) -> list[ox.Quad]:
    return convert(read_batch(paths), resolve_unit=unit_resolver(Gazetteer.load())).quads


def convert_text(text: str, name: str = "test.yaml") -> list[ox.Quad]:
    files = [RecordFile(name, parse_record_text(text, file=name))]
    return convert(files, resolve_unit=unit_resolver(Gazetteer.load())).quads


def test_golden_record_produces_exactly_the_reviewed_graph() -> None:
    produced = set(convert_files(FIXTURES / "golden-conference.yaml"))
    with (FIXTURES / "golden-conference.trig").open("rb") as stream:
        expected = set(ox.parse(stream, ox.RdfFormat.TRIG))
    assert produced == expected


def test_every_statement_lands_in_the_source_graph() -> None:
    graphs = {quad.graph_name.value for quad in convert_files(FIXTURES / "golden-conference.yaml")}
    assert graphs == {"https://w3id.org/danvan/graph/source/golden-conference"}


def test_old_tone_marks_and_nfd_give_the_same_literals() -> None:
    nfd = unicodedata.normalize("NFD", "Trần Văn Thuỳ")
    quads = convert_text(HEADER + f'people:\n  - key: p\n    name: "{nfd}"\n')
    labels = [
        q.object.value
        for q in quads
        if q.predicate.value.endswith("#label") and "person" in q.subject.value
    ]
    assert labels == ["Trần Văn Thùy"]


def test_the_same_document_from_two_sources_is_one_node(tmp_path: Path) -> None:
    body = (
        "organisations:\n  - {key: btw, name: Ban Bí thư, kind: secretariat, level: central}\n"
        "documents:\n  - {key: kl-114, identifier: 114-KL/TW, issuer: btw, date: 2015-07-14}\n"
    )
    first = tmp_path / "a.yaml"
    second = tmp_path / "b.yaml"
    first.write_text(HEADER.replace("test-source", "source-a") + body, encoding="utf-8")
    second.write_text(
        HEADER.replace("test-source", "source-b")
        + "documents:\n  - {key: kl-114, identifier: '114 - KL/TW', issuer: btw, year: 2015}\n",
        encoding="utf-8",
    )
    quads = convert_files(first, second)
    documents = {q.subject.value for q in quads if q.predicate.value.endswith("#identifier")}
    assert documents == {"https://w3id.org/danvan/id/document/btw/kl-114-2015"}
    graphs = {q.graph_name.value.rsplit("/", 1)[-1] for q in quads if q.subject.value in documents}
    assert graphs == {"source-a", "source-b"}


def test_an_undated_mention_joins_the_dated_record(tmp_path: Path) -> None:
    org = "organisations:\n  - {key: tu, name: Tỉnh ủy X, kind: party-committee, level: province}\n"
    (tmp_path / "a.yaml").write_text(
        HEADER.replace("test-source", "a")
        + org
        + "documents:\n  - {key: ct-19, identifier: 19-CT/TU, issuer: tu}\n",
        encoding="utf-8",
    )
    (tmp_path / "b.yaml").write_text(
        HEADER.replace("test-source", "b")
        + "documents:\n  - {key: ct-19, identifier: 19-CT/TU, issuer: tu, date: 2013-10-16}\n",
        encoding="utf-8",
    )
    quads = convert_files(tmp_path / "a.yaml", tmp_path / "b.yaml")
    subjects = {q.subject.value for q in quads if "/document/" in q.subject.value}
    assert subjects == {"https://w3id.org/danvan/id/document/tu/ct-19-2013"}


def test_two_provinces_directives_with_one_symbol_stay_apart() -> None:
    text = HEADER + (
        "organisations:\n"
        "  - {key: tu-a, name: Tỉnh ủy A, kind: party-committee, level: province}\n"
        "  - {key: tu-b, name: Tỉnh ủy B, kind: party-committee, level: province}\n"
        "documents:\n"
        "  - {key: ct-19-a, identifier: 19-CT/TU, issuer: tu-a, year: 2013}\n"
        "  - {key: ct-19-b, identifier: 19-CT/TU, issuer: tu-b, year: 2013}\n"
    )
    subjects = {q.subject.value for q in convert_text(text) if "/document/" in q.subject.value}
    assert len(subjects) == 2


@pytest.mark.parametrize(
    ("body", "record", "field", "message"),
    [
        (
            "documents:\n  - {key: d, identifier: 19-CT/TU, date: '2020-02-31'}\n",
            "documents[0] (d)",
            "date",
            "is not a real date",
        ),
        (
            "documents:\n  - {key: d, identifier: 19-CT/TU, date: 31/02/2020}\n",
            "documents[0] (d)",
            "date",
            "is not an ISO date",
        ),
        (
            "documents:\n  - {key: d, identifier: 19-XX/TU}\n",
            "documents[0] (d)",
            "identifier",
            "unknown document type",
        ),
        (
            "people:\n  - {key: p, name: A, nmae: B}\n",
            "people[0] (p)",
            "nmae",
            "unknown field 'nmae'",
        ),
        ("people:\n  - {key: P Q, name: A}\n", "people[0] (P Q)", "key", "is not a key"),
        (
            "events:\n  - {key: e, date: 2020-01-01}\n",
            "events[0] (e)",
            "kind",
            "required field is missing",
        ),
        (
            "events:\n  - {key: e, kind: party, date: 2020-01-01}\n",
            "events[0] (e)",
            "kind",
            "'party' is not a code of vocabulary 'eventkind'",
        ),
        (
            "events:\n  - {key: e, kind: conference, date: 2020-01-01, organiser: nobody}\n",
            "events[0] (e)",
            "organiser",
            "no org with key 'nobody'",
        ),
        (
            "events:\n  - {key: e, kind: conference, date: 2020-01-01, place: atlantis}\n",
            "events[0] (e)",
            "place",
            "unit 'atlantis' is not in this file",
        ),
        (
            "units:\n  - {key: u, name: Atlantis, level: district, province: Hà Nam}\n",
            "units[0] (u)",
            "name",
            "Atlantis",
        ),
        (
            "figures:\n  - {key: f, measure: models-registered, value: -3}\n",
            "figures[0] (f)",
            "value",
            "is not a whole number",
        ),
        (
            "models:\n  - {key: m, name: M, period: 2023-2021}\n",
            "models[0] (m)",
            "period",
            "ends before it starts",
        ),
    ],
)
def test_bad_records_name_file_record_and_field(
    body: str, record: str, field: str, message: str
) -> None:
    with pytest.raises(RecordError) as caught:
        convert_text(HEADER + body, name="bad.yaml")
    error = caught.value
    assert (error.file, error.record, error.field) == ("bad.yaml", record, field)
    assert message in error.bare("en")


def test_non_utf8_bytes_are_reported_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(HEADER.encode() + "people:\n  - {key: p, name: Thành}\n".encode("latin-1"))
    with pytest.raises(RecordError, match=r"latin1.yaml: not UTF-8: byte 0xe0 at line 4"):
        read_record_file(path)


def test_malformed_yaml_reports_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(HEADER + "people:\n  - key: p\n   name: [unclosed\n", encoding="utf-8")
    with pytest.raises(RecordError, match=r"broken.yaml: malformed YAML at line \d+"):
        read_record_file(path)


def test_duplicate_yaml_keys_are_refused() -> None:
    with pytest.raises(RecordError, match="duplicate key 'name'"):
        parse_record_text(
            HEADER + "people:\n  - key: p\n    name: A\n    name: B\n", file="dup.yaml"
        )


def test_yaml_tags_that_build_python_objects_are_refused() -> None:
    with pytest.raises(RecordError, match="malformed YAML"):
        parse_record_text(
            HEADER + "people: !!python/object/apply:os.system ['true']\n", file="evil.yaml"
        )


def test_a_missing_format_marker_is_an_error() -> None:
    with pytest.raises(RecordError, match="format marker"):
        parse_record_text("source: {key: s, kind: article, title: T}\n", file="old.yaml")


def test_corrected_value_keeps_what_the_source_states() -> None:
    quads = convert_files(FIXTURES / "golden-conference.yaml")
    stated = [q.object.value for q in quads if q.predicate.value.endswith("#statedValue")]
    corrected = [q.object.value for q in quads if q.predicate.value.endswith("#correctedValue")]
    dates = [q.object.value for q in quads if q.predicate.value.endswith("#date")]
    assert stated == ["29/11"]
    assert corrected == dates == ["2023-11-29"]


def test_a_located_error_survives_the_trip_from_a_build_worker() -> None:
    # Build workers send pass-1 errors back pickled; a wrapped IdentifierError must keep
    # its own message, in both languages.
    import pickle

    from danvan_kg.records import check_file

    text = HEADER + "documents:\n  - {key: d, identifier: 19-CT}\n"
    check = check_file(RecordFile("bad.yaml", parse_record_text(text, file="bad.yaml")))
    error = pickle.loads(pickle.dumps(check.error))
    assert isinstance(error, RecordError)
    assert (error.record, error.field) == ("documents[0] (d)", "identifier")
    assert "not a document identifier: '19-CT' (no issuer" in error.bare("en")
    assert "thiếu cơ quan ban hành" in error.bare("vi")


def test_an_unquoted_colon_in_a_value_gets_the_quoted_line_as_the_fix(tmp_path: Path) -> None:
    # Issue 13: "mapping values are not allowed here" said nothing about quoting.
    block = tmp_path / "block.yaml"
    block.write_text(
        "format: danvan-record/1\nsource:\n  key: k\n  kind: article\n"
        "  title: Thanh Liêm: sơ kết năm 2024\n",
        encoding="utf-8",
    )
    flow = tmp_path / "flow.yaml"
    flow.write_text(
        "format: danvan-record/1\n"
        "source: {key: k, kind: article, title: Lý Nhân: sơ kết, published: 2024-01-02}\n",
        encoding="utf-8",
    )
    for path, fixed in (
        (block, 'title: "Thanh Liêm: sơ kết năm 2024"'),
        (flow, 'title: "Lý Nhân: sơ kết"'),
    ):
        with pytest.raises(RecordError) as caught:
            read_record_file(path)
        assert caught.value.code == "record.yaml-unquoted-colon"
        assert caught.value.message("en").endswith(f"write it as {fixed}")
        assert fixed in caught.value.message("vi")


def test_a_unit_level_mistake_is_reported_under_level(tmp_path: Path) -> None:
    # Issue 13: `level: huyen` was reported under the unit's name.
    path = tmp_path / "level.yaml"
    path.write_text(
        "format: danvan-record/1\nsource: {key: k, kind: article, title: T}\n"
        "units:\n  - {key: thanh-liem, name: Thanh Liêm, level: huyen, province: Hà Nam}\n",
        encoding="utf-8",
    )
    with pytest.raises(RecordError) as caught:
        convert_files(path)
    assert (caught.value.record, caught.value.field) == ("units[0] (thanh-liem)", "level")


def test_a_source_keeps_its_url_and_when_it_was_retrieved() -> None:
    # Issue 13, "what the format could not say": the source's own address and read date.
    quads = convert_text(
        "format: danvan-record/1\n"
        "source: {key: test-source, kind: article, title: Thử,"
        " url: 'https://www.baoquangbinh.vn/chinh-tri/202008/bai-2180314/',"
        " published: 2020-08-12, retrieved: 2026-12-06}\n"
    )
    found = {(q.predicate.value.rsplit("#", 1)[-1], q.object) for q in quads}
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert (
        "sourceUrl",
        ox.Literal(
            "https://www.baoquangbinh.vn/chinh-tri/202008/bai-2180314/",
            datatype=ox.NamedNode(xsd + "anyURI"),
        ),
    ) in found
    assert ("retrievedDate", ox.Literal("2026-12-06", datatype=ox.NamedNode(xsd + "date"))) in found
    with pytest.raises(RecordError) as caught:
        convert_text(HEADER.replace("title: Thử}", "title: Thử, url: 'ftp://x'}"))
    assert caught.value.field == "url"


def test_one_document_under_two_keys_in_one_batch_is_refused() -> None:
    text = HEADER + (
        "documents:\n"
        "  - {key: ct-19-a, identifier: 19-CT/TU, issuer: tinh-uy-ha-nam, year: 2013}\n"
        "  - {key: ct-19-b, identifier: 19-CT/TU, issuer: tinh-uy-ha-nam, year: 2013}\n"
    )
    with pytest.raises(RecordError) as caught:
        convert_text(text)
    assert caught.value.code == "record.document-known-as"
    assert (caught.value.record, caught.value.field) == ("documents[1] (ct-19-b)", "key")
    assert "'ct-19-a'" in caught.value.message("en")


def test_oversize_input_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    from danvan_kg.records.loading import MAX_FILE_BYTES, MAX_RECORDS
    from danvan_kg.records.values import MAX_TEXT_CHARS

    big = tmp_path / "big.yaml"
    big.write_text(HEADER + "# " + "x" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        read_record_file(big)
    assert caught.value.code == "record.file-too-large"
    assert len(caught.value.message("en")) < 300  # the value is never quoted whole
    long_title = HEADER.replace("title: Thử}", "title: " + "a" * (MAX_TEXT_CHARS + 1) + "}")
    with pytest.raises(RecordError) as caught:
        convert_text(long_title)
    assert (caught.value.code, caught.value.field) == ("record.text-too-long", "title")
    many = (
        HEADER
        + "people:\n"
        + "".join(f"  - {{key: p{i}, name: N}}\n" for i in range(MAX_RECORDS + 1))
    )
    with pytest.raises(RecordError) as caught:
        parse_record_text(many)
    assert caught.value.code == "record.too-many-records"


def test_labels_name_records_as_people_know_them(graph) -> None:
    # Issue 16: "Dự: tran-xuan-thanh", "Tổng kết: ct-19-tu-ha-nam-2013" showed keys. A
    # record named in the batch, or already stored, is shown by its name.
    from danvan_kg.validate import validate_files

    good = Path(__file__).parent / "good_records" / "thanh-liem-2024-so-ket.yaml"
    report = validate_files([good], graph)
    labels = {
        quad.object.value
        for quads in report.graphs.values()
        for quad in quads
        if quad.predicate.value.endswith("rdf-schema#label")
    }
    assert "Trần Xuân Thành (Chủ trì)" in labels  # a stored person
    assert "Assessment: Directive 19-CT/TU" in labels  # a stored document
    assert "Phó Bí thư Thường trực, Huyện ủy Thanh Liêm" in labels
    assert not any("tran-xuan-thanh" in text or "ct-19-tu" in text for text in labels)
