"""One lookup for every command: keys, identifiers in any spelling, IRIs, graphs, periods;
and labels and short IRIs from the vocabularies."""

from __future__ import annotations

import pytest

from danvan_kg.errors import QueryError
from danvan_kg.lookup import (
    AmbiguousIdentifierError,
    NotFoundError,
    check_period,
    parse_period,
    resolve,
    resolve_graph,
)
from danvan_kg.stores import Store
from danvan_kg.vocab import ID_IRI as ID
from danvan_kg.vocab import code_label, compact_iri, label

CT19 = "https://w3id.org/danvan/id/document/tinh-uy-ha-nam/ct-19-2013"


@pytest.mark.parametrize(
    "spelling",
    [
        "ct-19-tu-ha-nam-2013",
        "19-CT/TU",
        "19-ct/tu",
        "Chỉ thị số 19-CT/TU",
        "dvi:document/tinh-uy-ha-nam/ct-19-2013",
        CT19,
    ],
)
def test_every_spelling_finds_the_same_document(graph: Store, spelling: str) -> None:
    assert resolve(graph, spelling, ("document",)).value == CT19
    assert resolve(graph, spelling).value == CT19
    assert resolve(graph, spelling, ("document", "initiative")).value == CT19


def test_kinds_filter_and_order(graph: Store) -> None:
    movement = resolve(graph, "dan-van-kheo", ("document", "initiative"))
    assert movement.value.startswith("https://w3id.org/danvan/id/initiative/")
    with pytest.raises(NotFoundError) as error:
        resolve(graph, "dan-van-kheo", ("document",))
    assert str(error.value) == "no document with key or identifier 'dan-van-kheo' in the store"
    assert error.value.message("vi") == (
        "không có văn bản nào có khóa hay số hiệu 'dan-van-kheo' trong kho"
    )


def test_not_found_messages_by_kinds(graph: Store) -> None:
    cases = {
        None: "no node with IRI, key or identifier 'zzzz'",
        ("document", "initiative"): "no document or initiative with key or identifier 'zzzz'",
        ("event", "model"): "nothing with key or identifier 'zzzz' in the store",
        ("org",): "no org with key or identifier 'zzzz' in the store",
    }
    for kinds, message in cases.items():
        with pytest.raises(QueryError) as error:
            resolve(graph, "zzzz", kinds)
        assert str(error.value) == message


def test_a_mistyped_key_gets_the_closest_keys(graph: Store) -> None:
    with pytest.raises(NotFoundError) as error:
        resolve(graph, "ct-19-tu-ha-nam-2031", ("document",))
    assert error.value.suggestions == ("ct-19-tu-ha-nam-2013",)
    assert str(error.value).endswith("(did you mean ct-19-tu-ha-nam-2013?)")
    assert error.value.message("vi").endswith("(có phải là ct-19-tu-ha-nam-2013?)")


def test_an_identifier_of_two_documents_lists_their_keys() -> None:
    store = Store.embedded()
    store.update(
        f"INSERT DATA {{ GRAPH dvg:test {{"
        f" <{ID}document/a/ct-07> dv:identifier '07-CT/TU' ; dv:recordKey 'ct-07-a' ."
        f" <{ID}document/b/ct-07> dv:identifier '07-CT/TU' ; dv:recordKey 'ct-07-b' . }} }}"
    )
    with pytest.raises(AmbiguousIdentifierError) as error:
        resolve(store, "07-CT/TU", ("document",))
    assert str(error.value) == "'07-CT/TU' names 2 documents (ct-07-a, ct-07-b); give its key"


def test_a_key_of_two_kinds_is_ambiguous_without_a_kind() -> None:
    store = Store.embedded()
    store.update(
        f"INSERT DATA {{ GRAPH dvg:test {{"
        f" <{ID}event/x> a dv:Event ; dv:recordKey 'same' ."
        f" <{ID}model/x> a dv:Model ; dv:recordKey 'same' . }} }}"
    )
    with pytest.raises(AmbiguousIdentifierError, match="is the key of 2 nodes"):
        resolve(store, "same")
    assert resolve(store, "same", ("model",)).value.endswith("/model/x")


def test_graphs_by_key_prefixed_name_or_iri(graph: Store) -> None:
    iri = "https://w3id.org/danvan/graph/source/thanh-liem-2023"
    for spelling in (
        "thanh-liem-2023",
        "source/thanh-liem-2023",
        "dvg:source/thanh-liem-2023",
        iri,
    ):
        assert resolve_graph(graph, spelling) == iri
    with pytest.raises(QueryError, match="no named graph 'nowhere'"):
        resolve_graph(graph, "nowhere")


def test_periods() -> None:
    assert parse_period("2021–2023") == parse_period("2021/2023") == (2021, 2023)
    assert parse_period("") is None and check_period(None) is None
    assert check_period((2013, 2023)) == (2013, 2023)
    with pytest.raises(QueryError) as error:
        parse_period("recent")
    assert str(error.value) == "period 'recent' is not YYYY-YYYY (e.g. 2021-2023), YYYY or 'all'"
    with pytest.raises(QueryError, match=r"^period \(2021,\) is not a pair of years"):
        check_period((2021,))
    with pytest.raises(QueryError, match=r"give 2021-2023\)$"):
        check_period("2023-2021")


def test_labels_come_from_the_ontology() -> None:
    assert label("https://w3id.org/danvan/ontology#continues", "vi") == "tiếp tục thực hiện"
    assert code_label("level", "district", "vi") == "Cấp huyện"
    assert code_label("awardform", "certificate-of-merit", "vi") == "Giấy khen"
    assert code_label("field", "economy", "vi") == "Kinh tế"
    assert code_label("level", None, "vi") == ""
    assert label("https://example.org/none", "vi") is None


def test_compact_iri() -> None:
    assert compact_iri(CT19) == "dvi:document/tinh-uy-ha-nam/ct-19-2013"
    assert compact_iri("http://www.w3.org/ns/org#Organization") == "org:Organization"
    assert compact_iri("https://w3id.org/danvan/ontology#") == "https://w3id.org/danvan/ontology#"
    assert compact_iri("https://example.org/x") == "https://example.org/x"
