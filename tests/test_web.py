"""``danvan serve``: search, entity pages, the catalogue, validate and add, through the
app itself (Starlette's test client, no mocks: the real store built from the records)."""

from __future__ import annotations

import html
import json
import operator
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

pytest.importorskip("starlette", reason="the web extras (starlette, httpx) are not installed")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's note that httpx2 is the new client
    from starlette.testclient import TestClient

from danvan_kg import queries
from danvan_kg.stores import Store
from danvan_kg.validate import render_text, validate_files
from danvan_kg.web import Settings, create_app
from danvan_kg.web.search import SearchIndex

# One worker runs this module (tests/test_workers.py): its module fixtures are made
# once a run, not once on each worker its tests were dealt to.
pytestmark = pytest.mark.xdist_group("test_web")

# A page waits this long for its large parts (lineage, coverage, a unit's activity): the
# default 2 s could pass on a busy machine and show "still being computed" instead.
PATIENT = 60.0

TESTS = Path(__file__).parent
GOOD = TESTS / "good_records" / "thanh-liem-2024-so-ket.yaml"
BAD = TESTS / "bad_records" / "bad-identifier.yaml"
DIRECTIVE = "/id/document/tinh-uy-ha-nam/ct-19-2013"
TOKEN = "s3cret-editor-token"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DV = "https://w3id.org/danvan/ontology#"
GAZETTEER = "https://w3id.org/danvan/graph/gazetteer"


MARKUP_NODE = "https://w3id.org/danvan/id/org/test-markup"
MARKUP = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def store(curated_quads: list[ox.Quad]) -> Store:
    """The shipped records (a copy of the session's build: the same quads, without
    building them again), and one node whose label carries markup (the record checks
    refuse markup in records, so it is written straight into the store)."""
    built = Store.embedded()
    built.extend(curated_quads)
    node = ox.NamedNode(MARKUP_NODE)
    graph = ox.NamedNode("https://w3id.org/danvan/graph/source/test-markup")
    built.extend(
        [
            ox.Quad(
                node, ox.NamedNode(RDFS_LABEL), ox.Literal(MARKUP + " Ban", language="vi"), graph
            ),
            ox.Quad(node, ox.NamedNode(RDFS_LABEL), ox.Literal(MARKUP, language="en"), graph),
            # an organisation by its class, as every record's node has one
            ox.Quad(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(DV + "Organisation"), graph),
        ]
    )
    return built


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(
        create_app(store, Settings(max_body=200_000, part_wait=PATIENT))
    ) as test_client:
        yield test_client


def text_of(page: str) -> str:
    """What a reader sees: tags dropped, entities decoded, spaces tidied."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


# --------------------------------------------------------------------------- search


@pytest.mark.parametrize(
    "query", ["19-CT/TU", "số 19-CT/TU", "19-ct/tu", "ct-19-tu-ha-nam-2013", "CHI THI 19-CT/TU"]
)
def test_search_finds_the_directive_by_identifier_key_or_name(
    client: TestClient, query: str
) -> None:
    found = client.get("/search.json", params={"q": query}).json()
    pages = [hit["page"] for hit in found["groups"].get("document", [])]
    assert DIRECTIVE in pages, found


def test_search_ignores_case_and_diacritics(client: TestClient) -> None:
    plain = client.get("/search.json", params={"q": "huyen uy thanh liem"}).json()
    marked = client.get("/search.json", params={"q": "HUYỆN ỦY THANH LIÊM"}).json()
    assert plain == {**marked, "query": plain["query"]}
    assert "/id/org/huyen-uy-thanh-liem" in [hit["page"] for hit in plain["groups"]["org"]]


def test_search_groups_by_kind_and_the_page_lists_them(client: TestClient) -> None:
    found = client.get("/search.json", params={"q": "thanh liêm"}).json()
    assert {"org", "unit"} <= set(found["groups"])
    page = client.get("/search", params={"q": "thanh liêm"})
    assert page.status_code == 200
    # each group under its kind's name in the page's language
    assert "<h2>Tổ chức</h2>" in page.text and "/id/org/huyen-uy-thanh-liem" in page.text
    english = client.get("/search", params={"q": "thanh liêm", "lang": "en"}).text
    assert "<h2>Organisations</h2>" in english and "<h2>Administrative units</h2>" in english


def test_search_with_nothing_found(client: TestClient) -> None:
    assert client.get("/search.json", params={"q": "zzzqqq"}).json()["count"] == 0
    assert "zzzqqq" in text_of(client.get("/search", params={"q": "zzzqqq"}).text)


def test_search_query_is_data_not_markup(client: TestClient) -> None:
    page = client.get("/search", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --------------------------------------------------------------------------- entities


def test_entity_page_in_vietnamese_and_english(client: TestClient) -> None:
    vi = client.get(DIRECTIVE)
    assert vi.status_code == 200 and vi.headers["content-type"].startswith("text/html")
    seen = text_of(vi.text)
    assert "Chỉ thị 19-CT/TU" in seen
    assert "số, ký hiệu" in seen  # dv:identifier under its Vietnamese label
    assert "dvg:source/thanh-liem-2023" in seen  # which source states the fact
    en = text_of(client.get(DIRECTIVE, params={"lang": "en"}).text)
    assert "Directive 19-CT/TU" in en


def test_a_document_page_has_its_lineage_and_its_questions(client: TestClient) -> None:
    page = client.get(DIRECTIVE)
    seen = text_of(page.text)
    assert "Phả hệ văn bản" in seen
    assert "Hội nghị 2023-11-29-thanh-liem-tong-ket-ct19" in seen  # as danvan lineage draws it
    link = re.search(r'href="(/queries/coverage\?[^"]+)"', page.text)
    assert link is not None
    answer = client.get(html.unescape(link.group(1)))
    assert answer.status_code == 200 and "dòng" in text_of(answer.text)


def test_entity_page_lists_incoming_links(client: TestClient) -> None:
    seen = text_of(client.get(DIRECTIVE).text)
    assert "Được liên kết từ" in seen
    assert "nội dung được sơ kết, tổng kết" in seen  # a review of the directive links here


@pytest.mark.parametrize(
    ("accept", "fmt", "media", "parse_as"),
    [
        ("text/turtle", "turtle", "text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", "ntriples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", "jsonld", "application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_entity_rdf_by_accept_and_by_format(
    client: TestClient, store: Store, accept: str, fmt: str, media: str, parse_as: Any
) -> None:
    subject = ox.NamedNode("https://w3id.org/danvan" + DIRECTIVE)
    expected = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(subject)}
    for response in (
        client.get(DIRECTIVE, headers={"Accept": accept}),
        client.get(DIRECTIVE, params={"format": fmt}),
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media)
        got = {(t.subject, t.predicate, t.object) for t in ox.parse(response.content, parse_as)}
        assert got == expected


def test_unknown_format_and_unacceptable_type(client: TestClient) -> None:
    assert client.get(DIRECTIVE, params={"format": "xls"}).status_code == 400
    assert client.get(DIRECTIVE, headers={"Accept": "image/png"}).status_code == 406


def test_unknown_iri_is_404_with_suggestions(client: TestClient) -> None:
    response = client.get("/id/org/huyen-uy-thanh-lie")
    assert response.status_code == 404
    assert "/id/org/huyen-uy-thanh-liem" in response.text  # a suggestion
    assert client.get("/id/org/nothing-here", headers={"Accept": "text/turtle"}).status_code == 404


@pytest.mark.parametrize(
    "path", ["/id/%2e%2e/%2e%2e/etc/passwd", "/id/org/..%2f..%2fsecret", "/id/a/./b", "/id/a//b"]
)
def test_path_traversal_is_refused(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert "root:" not in response.text


def test_other_iris_have_a_resource_page(client: TestClient) -> None:
    response = client.get(
        "/resource", params={"iri": "https://w3id.org/danvan/ontology#identifier"}
    )
    assert response.status_code == 200
    assert "số, ký hiệu" in text_of(response.text)
    assert client.get("/resource", params={"iri": "not an iri"}).status_code == 400


# --------------------------------------------------------------------------- catalogue


def test_catalogue_lists_every_query(client: TestClient) -> None:
    page = client.get("/queries").text
    listed = client.get("/queries.json").json()
    assert sorted(item["name"] for item in listed) == sorted(queries.catalogue())
    for name in queries.catalogue():
        assert f'href="/queries/{name}?' in page


@pytest.mark.parametrize("name", sorted(queries.catalogue()))
def test_every_catalogue_query_page_gives_the_rows_of_danvan_query(
    client: TestClient, store: Store, name: str
) -> None:
    query = queries.catalogue()[name]
    expected = queries.run(query, store)
    page = client.get(f"/queries/{name}")
    assert page.status_code == 200, text_of(page.text)[:300]
    assert f"{len(expected.rows)} dòng" in text_of(page.text)
    as_csv = client.get(f"/queries/{name}.csv")
    assert as_csv.text == queries.format_table(expected, "csv")
    as_json = client.get(f"/queries/{name}.json").json()
    assert as_json == json.loads(queries.format_table(expected, "json"))


def test_query_parameters_come_from_the_url_and_reproduce_the_answer(
    client: TestClient, store: Store
) -> None:
    with_params = [q for q in queries.catalogue().values() if q.params]
    query = next(q for q in with_params if q.params[0].type in ("document", "target"))
    parameter = query.params[0].name
    expected = queries.run(query, store, {parameter: "19-CT/TU"})
    url = f"/queries/{query.name}.csv?{parameter}=19-CT/TU"
    assert client.get(url).text == queries.format_table(expected, "csv")
    page = client.get(f"/queries/{query.name}", params={parameter: "19-CT/TU"})
    assert 'value="19-CT/TU"' in page.text


def test_a_bad_parameter_is_an_error_on_the_form(client: TestClient) -> None:
    query = next(q for q in queries.catalogue().values() if q.params)
    page = client.get(f"/queries/{query.name}", params={query.params[0].name: "<b>nope</b>"})
    assert page.status_code == 400
    assert "<b>nope</b>" not in page.text
    assert (
        client.get(f"/queries/{query.name}.json?{query.params[0].name}=zz-nope").status_code == 400
    )
    assert client.get("/queries/no-such-query").status_code == 404


# --------------------------------------------------------------------------- validate


def test_validate_a_bad_file_gives_the_findings_of_danvan_validate(
    client: TestClient, store: Store, tmp_path: Path
) -> None:
    for lang in ("vi", "en"):
        response = client.post(
            f"/validate?lang={lang}",
            files={"file": (BAD.name, BAD.read_bytes(), "application/yaml")},
        )
        assert response.status_code == 200
        copy = tmp_path / BAD.name
        copy.write_bytes(BAD.read_bytes())
        expected = render_text(validate_files([copy], store), lang).replace(f"{tmp_path}/", "")
        shown = re.search(r'<pre class="text">(.*?)</pre>', response.text, re.DOTALL)
        assert shown is not None
        assert html.unescape(shown.group(1)) == expected
        assert "identifier" in text_of(response.text)


def test_validate_pasted_text(client: TestClient) -> None:
    response = client.post("/validate?lang=en", data={"text": GOOD.read_text(encoding="utf-8")})
    assert response.status_code == 200
    assert "Valid —" in text_of(response.text)


def test_markup_in_a_record_is_shown_as_text(client: TestClient) -> None:
    record = BAD.read_text(encoding="utf-8").replace(
        "identifier: 19-CT", 'identifier: "<script>alert(1)</script>"'
    )
    response = client.post("/validate?lang=en", data={"text": record})
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_validate_refuses_nothing_and_odd_files(client: TestClient) -> None:
    assert client.post("/validate", data={"text": "  "}).status_code == 400
    response = client.post("/validate", files={"file": ("x.exe", b"MZ", "application/x")})
    assert response.status_code == 400


def test_an_oversize_upload_is_413(client: TestClient) -> None:
    big = b"# " + b"x" * 300_000
    response = client.post("/validate", files={"file": ("big.yaml", big, "application/yaml")})
    assert response.status_code == 413


# --------------------------------------------------------------------------- add


@pytest.fixture(scope="module")
def records_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the editor's adds keep their record files (as `danvan serve` sets it)."""
    return tmp_path_factory.mktemp("web-records")


@pytest.fixture(scope="module")
def editor(
    records_folder: Path, curated_quads: list[ox.Quad]
) -> Iterator[tuple[TestClient, Store]]:
    """A graph of its own (a copy of the session's build), served with an editor token
    and a records folder."""
    copy = Store.embedded()
    copy.extend(curated_quads)
    settings = Settings(editor_token=TOKEN, records=records_folder, part_wait=PATIENT)
    with TestClient(create_app(copy, settings)) as test_client:
        yield test_client, copy


def csrf_of(client: TestClient) -> str:
    page = client.get("/validate").text
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert found is not None
    return found.group(1)


def test_add_is_off_without_an_editor_token(client: TestClient) -> None:
    response = client.post("/add", data={"text": GOOD.read_text(encoding="utf-8"), "token": "x"})
    assert response.status_code == 403
    assert "Thêm vào đồ thị" not in client.get("/validate").text


def test_add_needs_the_token_and_the_csrf_token(editor: tuple[TestClient, Store]) -> None:
    client, store = editor
    before = len(store)
    record = GOOD.read_text(encoding="utf-8")
    csrf = csrf_of(client)
    assert client.post("/add", data={"text": record, "csrf": csrf}).status_code == 401
    wrong = client.post("/add", data={"text": record, "csrf": csrf, "token": "guess"})
    assert wrong.status_code == 403
    no_csrf = client.post("/add", data={"text": record, "token": TOKEN})
    assert no_csrf.status_code == 403
    forged = client.post("/add", data={"text": record, "token": TOKEN, "csrf": "0" * 64})
    assert forged.status_code == 403
    assert len(store) == before


def test_an_editor_adds_a_record_and_finds_it(
    editor: tuple[TestClient, Store], records_folder: Path
) -> None:
    client, store = editor
    before = len(store)
    index: SearchIndex = client.app.state.names.get()  # type: ignore[attr-defined]
    record = GOOD.read_text(encoding="utf-8")
    response = client.post("/add", data={"text": record, "token": TOKEN, "csrf": csrf_of(client)})
    assert response.status_code == 200, text_of(response.text)[-400:]
    assert len(store) > before
    # The index read again after the add, the graphs it wrote only, is what reading every
    # name gives: the same names in the same order, kinds and best names.
    refreshed: SearchIndex = client.app.state.names.get()  # type: ignore[attr-defined]
    fresh = SearchIndex.load(store)
    # (columns compared, not Entry objects: the doctests may import a second Entry class)
    assert columns(refreshed) == columns(fresh) and refreshed.names == fresh.names
    assert len(fresh.texts) > len(index.texts)
    # … and the gazetteer's names were not read again: they are the old index's own.
    old, new = index._graphs[GAZETTEER], refreshed._graphs[GAZETTEER]  # type: ignore[index]
    assert index.texts[old] and all(map(operator.is_, index.texts[old], refreshed.texts[new]))
    # Kept in the records folder, as the CLI's add keeps it: a rebuild makes it again.
    kept = records_folder / "sources" / "test-thanh-liem-2024-so-ket.yaml"
    assert kept.read_text(encoding="utf-8") == record
    found = client.get("/search.json", params={"q": "2024-12-10-thanh-liem-so-ket-dvk"}).json()
    page = client.get(found["groups"]["event"][0]["page"])
    assert page.status_code == 200
    assert "Hội nghị sơ kết phong trào thi đua" in text_of(page.text)


def columns(index: SearchIndex) -> tuple[list[str], ...]:
    """Every name of ``index``: its node, property, text, folded text, kind and language."""
    return index.nodes, index.properties, index.texts, index.folded, index.kinds, index.languages


def test_markup_in_the_graph_is_shown_as_text(client: TestClient) -> None:
    found = client.get("/search.json", params={"q": "alert(1)"}).json()
    assert found["groups"]["org"][0]["iri"] == MARKUP_NODE
    for url in ("/id/org/test-markup", "/id/org/test-markup?lang=en", "/search?q=alert"):
        page = client.get(url).text
        assert MARKUP not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_refused_add_writes_nothing(editor: tuple[TestClient, Store]) -> None:
    client, store = editor
    before = sorted(str(quad) for quad in store.quads())
    response = client.post(
        "/add",
        data={"text": BAD.read_text(encoding="utf-8"), "token": TOKEN, "csrf": csrf_of(client)},
    )
    assert response.status_code == 422
    assert sorted(str(quad) for quad in store.quads()) == before


def test_search_index_names_in_each_language(client: TestClient) -> None:
    index: SearchIndex = client.app.state.names.get()  # type: ignore[attr-defined]
    assert index.name("https://w3id.org/danvan" + DIRECTIVE, "en") == "Directive 19-CT/TU"
    assert index.name("https://w3id.org/danvan" + DIRECTIVE, "vi") == "Chỉ thị 19-CT/TU"


# --------------------------------------------------------------------------- editor


def test_editor_is_preloaded_with_the_catalogue(client: TestClient) -> None:
    page = client.get("/editor")
    assert page.status_code == 200
    for name in queries.catalogue():
        assert f"{name} —" in page.text
    assert client.get("/static/editor.js").status_code == 200


def test_editor_serves_the_fetched_scripts_or_falls_back_to_a_text_area(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from danvan_kg.web.app import YASQE_BUILD

    monkeypatch.setenv("DANVAN_WEB_ASSETS", str(tmp_path / "absent"))
    with TestClient(create_app(store)) as bare:
        page = bare.get("/editor").text
        assert 'id="fallback"' in page and "yasqe.min.js" not in page
        assert bare.get("/assets/yasqe/yasqe.min.js").status_code == 404
    build_folder = tmp_path / "assets" / YASQE_BUILD
    build_folder.mkdir(parents=True)
    (build_folder / "yasqe.min.js").write_text("window.Yasqe = undefined;\n")
    (build_folder / "yasqe.min.css").write_text("\n")
    monkeypatch.setenv("DANVAN_WEB_ASSETS", str(tmp_path / "assets"))
    with TestClient(create_app(store)) as equipped:
        page = equipped.get("/editor").text
        assert '<script src="/assets/yasqe/yasqe.min.js">' in page and 'id="fallback"' not in page
        assert equipped.get("/assets/yasqe/yasqe.min.js").text == "window.Yasqe = undefined;\n"
        assert equipped.get("/assets/yasqe/../../../../etc/passwd").status_code == 404


def test_a_document_page_offers_its_exports_and_charts(client: TestClient) -> None:
    # Issue 15, "Downloads": every export format and chart from the pages where they make
    # sense, made by the same functions as `danvan export` and `danvan chart`.
    document = "/id/document/tinh-uy-ha-nam/ct-19-2013"
    page = client.get(document).text
    links = re.findall(r'<a href="(/(?:export|chart)\?[^"]+)" download>', page)
    assert len(links) == 7  # around ×3, lineage ×2, map, heatmap
    for link in links:
        response = client.get(html.unescape(link))
        assert response.status_code == 200, (link, response.text[:200])
        assert response.headers["content-disposition"].startswith("attachment; filename=")
        assert len(response.content) > 1000
    graphml = client.get(html.unescape(next(link for link in links if "graphml" in link)))
    assert graphml.text.startswith("<?xml") and "<graphml" in graphml.text
    png = client.get(html.unescape(next(link for link in links if "chart" in link)))
    assert png.content.startswith(b"\x89PNG")


def test_a_bad_download_is_400_and_an_unknown_node_404(client: TestClient) -> None:
    assert client.get("/export", params={"node": "x", "format": "exe"}).status_code == 400
    missing = client.get(
        "/export", params={"node": "https://w3id.org/danvan/id/org/nothing", "format": "html"}
    )
    assert missing.status_code == 404
    assert client.get("/chart", params={"target": "x", "kind": "pie"}).status_code == 400
