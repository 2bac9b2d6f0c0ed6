"""``danvan serve``: the pages by kind (an event's sections, a document's coverage, a
unit's activity on both maps) on the embedded store and over a SPARQL endpoint, and the
extract flow (/extract → /validate → /add) with its refusals and its escaping."""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

pytest.importorskip("starlette", reason="the web extras (starlette, httpx) are not installed")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's note that httpx2 is the new client
    from starlette.testclient import TestClient

from conftest import corpus_text
from danvan_kg.stores import Store
from danvan_kg.validate import validate_files
from danvan_kg.web import Settings, create_app
from oxigraph_server import Server, copy_store_folder

# One worker runs the modules that ask the session's `oxigraph serve` (group "server"):
# one server started and loaded a run, not one a worker.
pytestmark = pytest.mark.xdist_group("server")

# A page waits this long for its large parts (lineage, coverage, a unit's activity): the
# default 2 s could pass on a busy machine and show "still being computed" instead.
PATIENT = 60.0

EVENT = "/id/event/2023-11-29-thanh-liem-tong-ket-ct19"
MINH_LONG_EVENT = "/id/event/2024-01-12-minh-long-tong-ket"
DIRECTIVE = "/id/document/tinh-uy-ha-nam/ct-19-2013"
NO_COVERAGE = "/id/document/ban-bi-thu/kl-114-2015"
MINH_LONG = "/id/unit/old/district/531"
QUANG_NGAI_2025 = "/id/unit/new/province/51"
QUANG_NGAI_OLD = "/id/unit/old/province/51"
BA_DINH = "/id/unit/old/district/001"
TOKEN = "kinds-editor-token"
MARKUP = "<script>alert(1)</script>"
ARTICLE = (
    "<p>Ngày 12/01/2024, Huyện ủy Minh Long tổ chức Hội nghị tổng kết công tác dân vận "
    "năm 2023 &lt;script&gt;alert(1)&lt;/script&gt;.</p>"
)


@pytest.fixture(scope="module", params=["embedded", "endpoint"])
def client(request: pytest.FixtureRequest, graph: Store) -> Iterator[TestClient]:
    """The app over the session's built graph, and over ``oxigraph serve`` holding it."""
    if request.param == "embedded":
        store = graph
    else:
        server: Server = request.getfixturevalue("server")
        if server.dirty:
            server.restore(request.getfixturevalue("built")[1])
        store = server.remote()
    with TestClient(create_app(store, Settings(part_wait=PATIENT))) as test_client:
        yield test_client


def text_of(page: str) -> str:
    """What a reader sees: tags dropped, entities decoded, spaces tidied."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def section(page: str, name: str) -> str:
    """The reader's text of one section (``participants``, ``coverage``, ``activity`` …)."""
    found = re.search(rf'<section class="(?:kind )?{name}">(.*?)</section>', page, re.S)
    assert found, f"no section {name}"
    return found.group(1)


def rows(table_html: str) -> list[list[str]]:
    return [
        [text_of(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table_html.split("<tbody>", 1)[-1], re.S)
    ]


# --------------------------------------------------------------------------- events


def test_an_event_page_has_its_participants_reviews_figures_and_awards(client: TestClient) -> None:
    page = client.get(EVENT).text
    people = rows(section(page, "participants"))
    assert [
        "Hoàng Mạnh Dũng",
        "Chủ tịch, Ủy ban nhân dân huyện Thanh Liêm; Phó Bí thư, Huyện ủy Thanh Liêm",
        "Dự",
        "dvg:source/thanh-liem-2023",
    ] in people
    assert len(people) == 6
    assert 'href="/id/person/' in section(page, "participants")
    reviewed = rows(section(page, "reviewed"))
    assert ["Chỉ thị 19-CT/TU", "Tổng kết", "2013–2023", "dvg:source/thanh-liem-2023"] in reviewed
    assert ["Dân vận khéo", "Sơ kết", "2021–2023", "dvg:source/thanh-liem-2023"] in reviewed
    figures = rows(section(page, "figures"))
    assert [row[1:3] for row in figures] == [
        ["Số mô hình xây dựng được", "hàng trăm"],
        ["Số mô hình điển hình, tiêu biểu", "23"],
        ["Số mô hình điển hình, tiêu biểu", "76"],
        ["Số mô hình được công nhận", "13"],
    ]
    awards = rows(section(page, "awards"))
    assert [
        "Khen thưởng (5 tập thể)",
        "Chỉ thị 19-CT/TU",
        "Ban Thường vụ Huyện ủy Thanh Liêm",
        "dvg:source/thanh-liem-2023",
    ] in awards
    assert 'class="kind models"' not in page  # no model was reported at this conference


def test_an_event_page_lists_the_models_reported_there_in_english(client: TestClient) -> None:
    page = client.get(MINH_LONG_EVENT + "?lang=en").text
    models = rows(section(page, "models"))
    assert len(models) == 17
    camera = next(row for row in models if row[0] == "Camera an ninh Nhân dân")
    assert camera[2:4] == ["Minh Long District", "Minh Long District Police"]
    people = rows(section(page, "participants"))
    assert people[0][0] == "Lê Thanh Bình" and people[0][2] == "Chair"
    assert "Models reported" in text_of(page)


def test_markup_in_a_participant_shows_as_text(graph_copy: object, tmp_path: Path) -> None:
    store = graph_copy(tmp_path / "store")  # type: ignore[operator]  # on disk: hard links
    event = ox.NamedNode("https://w3id.org/danvan/id/event/2023-11-29-thanh-liem-tong-ket-ct19")
    participation = ox.NamedNode("https://w3id.org/danvan/id/participation/test-markup")
    person = ox.NamedNode("https://w3id.org/danvan/id/person/test-markup")
    graph = ox.NamedNode("https://w3id.org/danvan/graph/source/test-markup")
    dv = "https://w3id.org/danvan/ontology#"
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    store.extend(
        [
            ox.Quad(event, ox.NamedNode(dv + "hasParticipation"), participation, graph),
            ox.Quad(participation, ox.NamedNode(dv + "participant"), person, graph),
            ox.Quad(person, label, ox.Literal(MARKUP, language="vi"), graph),
        ]
    )
    with TestClient(create_app(store, Settings(part_wait=PATIENT))) as test_client:
        page = test_client.get(EVENT).text
    assert MARKUP not in page
    assert html.escape(MARKUP, quote=False) in section(page, "participants")
    assert "dvg:source/test-markup" in section(page, "participants")


# --------------------------------------------------------------------------- documents


def test_a_document_page_has_its_coverage_by_level_and_the_map(client: TestClient) -> None:
    page = client.get(DIRECTIVE).text
    coverage = section(page, "coverage")
    tables = dict(re.findall(r'data-level="(\w+)">(.*?)</table>', coverage, re.S))
    assert rows(tables["province"]) == [
        [
            "Tỉnh Hà Nam",
            "",
            "1",
            "0",
            "1",
            "2023-11-29",
            "2023-11-29",
            "sơ kết, tổng kết; khen thưởng",
        ]
    ]
    english = section(client.get(DIRECTIVE + "?lang=en").text, "coverage")
    assert "review; award" in english  # the relations in words, never their codes
    assert rows(tables["district"])[0][:5] == ["Huyện Thanh Liêm", "Tỉnh Hà Nam", "1", "0", "1"]
    assert "Tổng cộng: 6 đơn vị — 1 có hoạt động, 5 chưa có" in text_of(coverage)
    image = re.search(r'<img id="coverage-map" src="([^"]+)"', coverage)
    assert image and image.group(1).startswith("/chart?kind=map&amp;format=png&amp;target=https%3A")


def test_the_coverage_map_on_the_page_is_an_image(graph: Store) -> None:
    with TestClient(create_app(graph, Settings(part_wait=PATIENT))) as test_client:
        page = test_client.get(DIRECTIVE).text
        source = html.unescape(re.search(r'<img id="coverage-map" src="([^"]+)"', page).group(1))  # type: ignore[union-attr]
        answer = test_client.get(source)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/png"
    assert answer.content.startswith(b"\x89PNG")


def test_a_document_without_coverage_has_no_coverage_section(client: TestClient) -> None:
    page = client.get(NO_COVERAGE).text
    assert 'class="coverage"' not in page
    assert "coverage-map" not in page


# --------------------------------------------------------------------------- units


def test_an_old_district_shows_its_activity_by_year_and_its_2025_successor(
    client: TestClient,
) -> None:
    page = client.get(MINH_LONG).text
    activity = section(page, "activity")
    tables = dict(re.findall(r'data-map="(\w+)">(.*?)</table>', activity, re.S))
    # year, events, models, awards, figures, total, bar
    assert [row[:6] for row in rows(tables["old"])] == [
        ["2024", "1", "17", "0", "1", "19"],
        ["không rõ năm", "2", "0", "0", "0", "2"],
    ]
    assert "new" in tables
    successor = re.search(r'<p class="successor">(.*?)</p>', activity, re.S)
    assert successor and 'href="/id/unit/new/province/51?lang=vi"' in successor.group(1)
    assert "Tỉnh Quảng Ngãi" in text_of(successor.group(1))
    assert "/queries/units-2025?level=district" in page


def test_a_2025_province_lists_its_predecessors_activity(client: TestClient) -> None:
    page = client.get(QUANG_NGAI_2025 + "?lang=en").text
    activity = section(page, "activity")
    assert "25 units of the old map went into it" in text_of(activity)
    predecessors = re.search(r'<ul class="predecessors">(.*?)</ul>', activity, re.S)
    assert predecessors
    assert "Minh Long District 21" in text_of(predecessors.group(1))
    assert 'href="/id/unit/old/district/531?lang=en"' in predecessors.group(1)
    table = re.search(r'data-map="new">(.*?)</table>', activity, re.S)
    assert table and rows(table.group(1))[0][:6] == ["2024", "1", "17", "0", "1", "19"]


def test_an_old_province_links_to_its_coverage_questions(client: TestClient) -> None:
    page = client.get(QUANG_NGAI_OLD).text
    assert (
        "/queries/coverage?province=https%3A%2F%2Fw3id.org%2Fdanvan%2Fid%2Funit%2Fold%2Fprovince%2F51"
        in page
    )
    assert "/queries/coverage-2025?province=" in page
    answer = client.get(
        "/queries/coverage-2025?province=https%3A%2F%2Fw3id.org%2Fdanvan%2Fid%2Funit%2Fold%2Fprovince%2F51"
    )
    assert answer.status_code == 200


def test_a_unit_without_activity_says_so(client: TestClient) -> None:
    activity = text_of(section(client.get(BA_DINH).text, "activity"))
    assert activity.count("Chưa có hoạt động nào được ghi nhận.") == 2
    assert "Thành phố Hà Nội" in activity


# --------------------------------------------------------------------------- extract


@pytest.fixture(scope="module")
def editor(
    built: tuple[Store, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """The app with an editor token, over a writable copy (the add below writes): on disk,
    its table files hard-linked to the built store's (no 157k quads to load)."""
    folder = tmp_path_factory.mktemp("editor") / "store"
    copy_store_folder(built[1], folder)
    copy = Store.embedded(folder)
    settings = Settings(editor_token=TOKEN, max_body=100_000)
    try:
        with TestClient(create_app(copy, settings)) as test_client:
            yield test_client
    finally:
        copy.close()


def csrf_of(test_client: TestClient, path: str = "/extract") -> str:
    page = test_client.get(path).text
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def test_the_header_links_to_the_extract_page(client: TestClient) -> None:
    assert 'href="/extract?lang=vi"' in client.get("/").text


def test_extract_shows_the_annotated_article_and_the_draft(client: TestClient) -> None:
    csrf = csrf_of(client)
    answer = client.post(
        "/extract?lang=en",
        data={
            "article": ARTICLE,
            "csrf": csrf,
            "published": "2024-01-13",
            "province": "Quảng Ngãi",
        },
    )
    assert answer.status_code == 200
    page = answer.text
    assert "<script>" not in page  # the article's markup is text, and the page has no script
    frame = re.search(r'<iframe class="annotated"[^>]* sandbox srcdoc="([^"]*)"', page)
    assert frame, "the annotated article is in a sandboxed frame"
    inner = html.unescape(frame.group(1))
    assert inner.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in inner
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in inner  # escaped inside the frame too
    assert '<mark class="k-unit"' in inner
    draft = draft_of(page)
    assert draft.startswith("format: danvan-record/1")
    assert "published: '2024-01-13'" in draft or "published: 2024-01-13" in draft
    assert "province: Quảng Ngãi" in draft
    found = text_of(re.search(r'<p class="found">(.*?)</p>', page, re.S).group(1))  # type: ignore[union-attr]
    assert "event 1" in found and "unit 1" in found
    assert 'action="/validate?lang=en"' in page
    assert 'formaction="/add' not in page  # no editor token: no add button


def test_the_extract_form_refuses_what_it_must(editor: TestClient) -> None:
    csrf = csrf_of(editor)
    assert editor.post("/extract", data={"article": ARTICLE}).status_code == 403
    assert editor.post("/extract", data={"article": ARTICLE, "csrf": "0" * 64}).status_code == 403
    assert editor.post("/extract", data={"article": " ", "csrf": csrf}).status_code == 400
    wrong_date = {"article": ARTICLE, "csrf": csrf, "published": "13/01/2024"}
    assert editor.post("/extract", data=wrong_date).status_code == 400
    pdf = editor.post("/extract", data={"csrf": csrf}, files={"file": ("a.pdf", b"%PDF")})
    assert pdf.status_code == 400 and "a.pdf" in text_of(pdf.text)
    binary = editor.post("/extract", data={"csrf": csrf}, files={"file": ("a.txt", b"\xff\x00")})
    assert binary.status_code == 400
    big = editor.post("/extract", data={"csrf": csrf}, files={"file": ("a.txt", b"x" * 200_000)})
    assert big.status_code == 413


def draft_of(page: str) -> str:
    found = re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, "no draft on the page"
    return html.unescape(found.group(1))


def test_a_draft_carrying_markup_is_refused_with_its_finding_as_text(editor: TestClient) -> None:
    csrf = csrf_of(editor)
    page = editor.post("/extract?lang=en", data={"article": ARTICLE, "csrf": csrf}).text
    draft = draft_of(page)
    assert MARKUP in draft  # the article's words, kept as written
    checked = editor.post("/validate?lang=en", data={"text": draft, "csrf": csrf})
    assert checked.status_code == 200
    assert "<script>" not in checked.text
    findings = rows(
        re.search(r'<table class="findings">(.*?)</table>', checked.text, re.S).group(1)
    )  # type: ignore[union-attr]
    assert [(row[2], row[3]) for row in findings] == [("title", "unusable")]
    assert "the text holds HTML (<script>)" in text_of(checked.text)


def test_an_uploaded_article_goes_on_to_validate_and_add(
    editor: TestClient, graph: Store, tmp_path: Path
) -> None:
    csrf = csrf_of(editor)
    plain = ARTICLE.replace(" &lt;script&gt;alert(1)&lt;/script&gt;", "")
    page = editor.post(
        "/extract?lang=en",
        data={"csrf": csrf, "published": "2024-01-13"},
        files={"file": ("../minh long.html", plain.encode())},
    ).text
    assert "The article, annotated: minh_long.html" in text_of(page)
    assert 'formaction="/add?lang=en"' in page
    draft = draft_of(page)
    checked = editor.post("/validate?lang=en", data={"text": draft, "csrf": csrf})
    assert checked.status_code == 200
    # What the CLI's validate says of the same draft (the node count follows the extractor).
    (tmp_path / "draft.yaml").write_text(draft, encoding="utf-8")
    nodes = validate_files([tmp_path / "draft.yaml"], graph).focus_nodes
    assert nodes >= 3  # the source, the event, its organiser at least
    assert f"Valid — 1 files, {nodes} nodes checked" in text_of(checked.text)
    assert editor.post("/add", data={"text": draft, "csrf": csrf}).status_code == 401
    assert editor.post("/add", data={"text": draft, "token": TOKEN}).status_code == 403
    warned = editor.post("/add?lang=en", data={"text": draft, "csrf": csrf, "token": TOKEN})
    assert warned.status_code == 422  # a warning remains (the event has no place)
    added = editor.post(
        "/add?lang=en",
        data={"text": draft, "csrf": csrf, "token": TOKEN, "accept_warnings": "on"},
    )
    assert added.status_code == 200 and "Wrote " in text_of(added.text)
    found = editor.get("/search.json?q=2024-01-12-event-tong-ket").json()
    assert found["count"] >= 1


def test_a_seed_article_extracts_and_its_draft_validates(editor: TestClient) -> None:
    article = corpus_text("000_")
    csrf = csrf_of(editor)
    page = editor.post("/extract?lang=en", data={"article": article, "csrf": csrf}).text
    draft = draft_of(page)
    assert draft.startswith("format: danvan-record/1")
    checked = editor.post("/validate?lang=en", data={"text": draft, "csrf": csrf})
    assert checked.status_code == 200
    assert re.search(r'<table class="findings">|<pre class="text">', checked.text)


def test_extract_answers_the_same_as_the_command(tmp_path: Path, client: TestClient) -> None:
    from danvan_kg.extract import Metadata, extract
    from danvan_kg.extract.output import to_yaml

    csrf = csrf_of(client)
    page = client.post(
        "/extract", data={"article": ARTICLE, "csrf": csrf, "published": "2024-01-13"}
    ).text
    shown = draft_of(page)
    assert shown == to_yaml(extract(ARTICLE, Metadata(published="2024-01-13")))
