"""``danvan serve`` under load (issue 15, "Load"): bounded pages, bounded queues, kept answers.

A document with more conferences under it than a page lists shows counts, the first
``FIRST_ITEMS`` and a link to the query listing them all; catalogue pages are cut into
pages of ``PAGE_ROWS`` rows, capped by the result cap and abandoned at the deadline with a
message; queries wait in a bounded queue (503 when it is full); kept pages are forgotten
when an add changes the store; ``danvan serve --query-workers`` reaches the app.
"""

from __future__ import annotations

import asyncio
import html
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from danvan_kg import cli, queries
from danvan_kg.stores import Store
from danvan_kg.web import Settings, create_app
from danvan_kg.web import catalogue as catalogue_page
from danvan_kg.web.cache import PENDING, Cache
from danvan_kg.web.entity import FIRST_ITEMS
from danvan_kg.web.sparql import BusyError, Runner

# One worker runs this module (tests/test_workers.py): its module fixtures are made
# once a run, not once on each worker its tests were dealt to.
pytestmark = pytest.mark.xdist_group("test_web_load")

TESTS = Path(__file__).parent
GOOD = TESTS / "good_records" / "thanh-liem-2024-so-ket.yaml"
TOKEN = "s3cret-editor-token"
DV = "https://w3id.org/danvan/ontology#"
ID = "https://w3id.org/danvan/id/"
DIRECTIVE = ID + "document/tinh-uy-ha-nam/ct-19-2013"
PAGE = "/id/document/tinh-uy-ha-nam/ct-19-2013"
MANY = FIRST_ITEMS + 13
SOURCE = ox.NamedNode("https://w3id.org/danvan/graph/source/test-many-reviews")


def text_of(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _conferences(count: int) -> list[ox.Quad]:
    """``count`` conferences, each reviewing the directive, keys and dates of their own."""
    quads = []
    for number in range(count):
        event = ox.NamedNode(f"{ID}event/test-many-{number:03}")
        review = ox.NamedNode(f"{ID}event/test-many-{number:03}/review")
        for s, p, o in (
            (event, ox.NamedNode(DV + "hasReview"), review),
            (review, ox.NamedNode(DV + "reviewOf"), ox.NamedNode(DIRECTIVE)),
            (event, ox.NamedNode(DV + "recordKey"), ox.Literal(f"test-many-{number:03}")),
            (event, ox.NamedNode(DV + "date"), ox.Literal(f"2020-01-{number % 28 + 1:02}")),
        ):
            quads.append(ox.Quad(s, p, o, SOURCE))
    return quads


@pytest.fixture(scope="module")
def crowded(curated_quads: list[ox.Quad]) -> Iterator[TestClient]:
    """The shipped graph (a copy of the session's build) with MANY more conferences
    reviewing 19-CT/TU."""
    store = Store.embedded()
    store.extend(curated_quads)
    store.extend(_conferences(MANY))
    with TestClient(create_app(store, Settings(part_wait=30))) as client:
        yield client


def test_a_document_with_many_conferences_shows_counts_and_the_first_few(
    crowded: TestClient,
) -> None:
    page = crowded.get(PAGE).text
    listed = re.search(r'<ul class="under" data-kind="conference">(.*?)</ul>', page, re.S)
    assert listed is not None
    items = re.findall(r"<li>", listed.group(1))
    assert len(items) == FIRST_ITEMS
    total = MANY + 1  # the shipped conference and the added ones
    assert f"{total} hội nghị" in text_of(page)
    more = re.search(r'<li class="more"><a href="([^"]+)">([^<]+)</a>', listed.group(1))
    assert more is not None
    assert html.unescape(more.group(1)).startswith("/queries/reviews-of-directive?directive=")
    assert f"và {total - FIRST_ITEMS} mục khác" in more.group(2)
    # The lineage tree is drawn without the conferences (they are listed above) …
    tree = re.search(r'<pre class="lineage">(.*?)</pre>', page, re.S)
    assert tree is not None
    assert "test-many-" not in tree.group(1)
    # … and the "more" link lists them all.
    everything = crowded.get(html.unescape(more.group(1)))
    assert everything.status_code == 200
    assert len(set(re.findall(r"test-many-\d{3}", everything.text))) == MANY


def test_the_page_is_kept_and_forgotten_after_an_add(
    tmp_path: Path, curated_quads: list[ox.Quad]
) -> None:
    store = Store.embedded()  # a writable copy of the session's build
    store.extend(curated_quads)
    settings = Settings(editor_token=TOKEN, records=tmp_path)
    with TestClient(create_app(store, settings)) as client:
        before = client.get(PAGE).text
        assert "2024-12-10-thanh-liem-so-ket-dvk" not in before
        # Few conferences under it: the whole tree, as `danvan lineage` draws it, no lists.
        assert "Hội nghị 2023-11-29-thanh-liem-tong-ket-ct19" in text_of(before)
        assert 'class="under"' not in before
        assert client.get(PAGE).text == before  # kept
        form = client.get("/validate").text
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', form).group(1)  # type: ignore[union-attr]
        added = client.post(
            "/add",
            data={"text": GOOD.read_text(encoding="utf-8"), "token": TOKEN, "csrf": csrf},
        )
        assert added.status_code == 200
        after = client.get(PAGE).text
        assert "2024-12-10-thanh-liem-so-ket-dvk" in after  # the new review, in the tree


CAP = 25


@pytest.fixture
def capped(graph: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """Pages of 10 rows (PAGE_ROWS is 100: the shipped graph has no answer that long)."""
    monkeypatch.setattr(catalogue_page, "PAGE_ROWS", 10)
    with TestClient(create_app(graph, Settings(result_cap=CAP))) as client:
        yield client


def test_a_long_answer_is_paged_and_capped(capped: TestClient, graph: Store) -> None:
    name = "statement-sources"
    whole = len(queries.run(queries.catalogue()[name], graph, {}).rows)
    assert whole > CAP  # else this test proves nothing
    first = capped.get(f"/queries/{name}")
    assert first.status_code == 200
    rows = re.findall(r"<tr>", first.text.split('<table class="results">')[1])
    assert len(rows) == 10 + 1  # the header row and a page of rows
    seen = text_of(first.text)
    assert f"{CAP} dòng" in seen and "đang hiện dòng 1–10" in seen and "trang 1/3" in seen
    assert f"chỉ {CAP} dòng đầu" in seen  # the cap, stated
    following = re.search(r'<a rel="next" href="([^"]+)"', first.text)
    assert following is not None
    second = capped.get(html.unescape(following.group(1)))
    assert "đang hiện dòng 11–20" in text_of(second.text)
    assert re.search(r'<a rel="prev"', second.text)
    last = capped.get(f"/queries/{name}?page=99")  # past the end: the last page
    assert "đang hiện dòng 21–25" in text_of(last.text)
    as_csv = capped.get(f"/queries/{name}.csv")
    assert as_csv.headers["X-Danvan-Truncated"] == "true"
    assert as_csv.headers["X-Danvan-Result-Cap"] == str(CAP)
    assert len(as_csv.text.strip().splitlines()) == CAP + 1


def test_a_short_answer_is_not_capped(capped: TestClient) -> None:
    answer = capped.get("/queries/reviews-per-year.csv")
    assert answer.headers["X-Danvan-Truncated"] == "false"
    page = capped.get("/queries/reviews-per-year").text
    assert "trang 1/" not in page and "dòng đầu" not in page


def test_a_slow_catalogue_query_is_abandoned_with_a_message(
    graph: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = queries.run

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(1.0)
        return real(*args, **kwargs)

    monkeypatch.setattr(catalogue_page.queries, "run", slow)
    with TestClient(create_app(graph, Settings(query_timeout=0.2))) as client:
        page = client.get("/queries/reviews-per-year?lang=en")
        assert page.status_code == 503
        assert "the query took longer than 0.2 s" in text_of(page.text)
        assert client.get("/queries/reviews-per-year.json").status_code == 503


def test_queries_wait_in_a_bounded_queue() -> None:
    runner = Runner(Settings(query_workers=1, queue_size=1, queue_wait=0.3, query_timeout=5))
    release = threading.Event()

    async def scenario() -> list[Any]:
        holding = asyncio.ensure_future(runner.run(lambda: release.wait(5) and "first"))
        await asyncio.sleep(0.05)
        waiting = asyncio.ensure_future(runner.run(lambda: "second"))
        await asyncio.sleep(0.05)
        refused: Any = None
        try:
            await runner.run(lambda: "third")  # the queue (1) is full
        except BusyError as problem:
            refused = problem
        # The second waited longer than the queue wait: dropped, never run.
        second = await asyncio.gather(waiting, return_exceptions=True)
        release.set()
        return [refused, second[0], await holding]

    refused, second, first = asyncio.run(scenario())
    assert isinstance(refused, BusyError)
    assert isinstance(second, BusyError)
    assert first == "first"
    assert runner.waiting == 0


def test_the_deadline_counts_from_the_start_of_the_run() -> None:
    runner = Runner(Settings(query_workers=1, queue_wait=5, query_timeout=0.5))

    async def scenario() -> list[Any]:
        slow = asyncio.ensure_future(runner.run(lambda: time.sleep(0.4) or "slow"))
        await asyncio.sleep(0.01)
        quick = asyncio.ensure_future(runner.run(lambda: time.sleep(0.2) or "quick"))
        # 0.4 s in the queue + 0.2 s running > 0.5 s, yet within its deadline
        return list(await asyncio.gather(slow, quick))

    assert asyncio.run(scenario()) == ["slow", "quick"]


def test_a_busy_sparql_endpoint_answers_503_with_retry_after(graph: Store) -> None:
    app = create_app(graph, Settings(query_workers=1, queue_size=1, queue_wait=0.2))
    release = threading.Event()
    app.state.sparql.pool.submit(lambda: release.wait(5))  # the one worker is taken
    try:
        with TestClient(app) as client:
            answer = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
            assert answer.status_code == 503
            assert answer.headers["Retry-After"] == "1"
            assert "đều bận" in answer.text
    finally:
        release.set()


def test_the_cache_is_bounded_and_computes_once() -> None:
    cache = Cache(max_items=100, max_bytes=1000)
    for number in range(50):
        cache.put(number, "x" * 100)
    assert len(cache) == 10  # 1000 bytes of 100 each
    calls: list[int] = []
    gate = threading.Event()

    def work() -> str:
        calls.append(1)
        gate.wait(5)
        return "done"

    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(2)
    assert cache.compute("part", work, pool.submit, 0.05) is PENDING
    assert cache.compute("part", work, pool.submit, 0.05) is PENDING  # not started again
    gate.set()
    assert cache.compute("part", work, pool.submit, 5) == "done"
    assert cache.get("part") == "done"
    assert len(calls) == 1
    pool.shutdown()


def test_the_cache_takes_work_finished_before_it_is_waited_for() -> None:
    # A worker may finish before compute() registers its callback (fast work, a busy
    # machine); the callback then runs at once in the caller's thread. It used to be
    # registered under the cache's lock, which it takes too: the page hung for good.
    from concurrent.futures import Future

    def at_once(work: Any) -> Future[Any]:
        finished: Future[Any] = Future()
        finished.set_result(work())
        return finished

    cache = Cache(max_items=10, max_bytes=1000)
    answer: list[object] = []
    caller = threading.Thread(
        target=lambda: answer.append(cache.compute("k", lambda: "v", at_once, 1)), daemon=True
    )
    caller.start()
    caller.join(5)
    assert not caller.is_alive(), "compute() deadlocked on a finished future"
    assert answer == ["v"] and cache.get("k") == "v"


def test_serve_takes_query_workers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    started: dict[str, Any] = {}

    def fake_run(app: Any, **options: Any) -> None:
        started["settings"] = app.state.settings
        started["workers"] = app.state.sparql.pool._max_workers

    import uvicorn

    monkeypatch.setattr(uvicorn, "run", fake_run)
    store = tmp_path / "store"
    Store.embedded(store).close()
    code = cli.main(["serve", "--store", str(store), "--query-workers", "3", "--queue-wait", "2.5"])
    assert code == 0
    assert started["settings"].query_workers == 3
    assert started["settings"].queue_wait == 2.5
    assert started["workers"] == 3


def test_a_page_whose_parts_find_the_queue_full_says_they_are_coming(graph: Store) -> None:
    app = create_app(graph, Settings(query_workers=1, queue_size=1, part_wait=0.2))
    release = threading.Event()
    app.state.sparql.pool.submit(lambda: release.wait(10))  # the one worker is taken
    app.state.sparql.submit(lambda: None)  # and the one place in the queue
    try:
        with TestClient(app) as client:
            busy = client.get(PAGE)
            assert busy.status_code == 200
            assert busy.text.count('<p class="pending">') == 2  # lineage and coverage
            assert "Phần này vẫn đang được tính" in busy.text
            release.set()
            for _ in range(100):  # the parts are started by the next request, and kept
                later = client.get(PAGE).text
                if '<p class="pending">' not in later:
                    break
                time.sleep(0.1)
            assert "Hội nghị 2023-11-29-thanh-liem-tong-ket-ct19" in text_of(later)
    finally:
        release.set()
