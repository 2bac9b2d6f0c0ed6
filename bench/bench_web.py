"""Load benchmark of ``danvan serve`` (issue 15, "Load"): not a test, never run by ``make test``.

    PYTHONPATH=src .venv/bin/python bench/bench_web.py [--sizes 1M,5M] [--clients 20,100]

For each size it makes (or reuses) the synthetic store the way ``bench/run.py`` does
(``synth`` scale 0.62 for 1M, 3.6 for 5M; ``build`` on disk, in a child process) under
``--work`` (default ``bench/results/``, which git ignores), starts ``danvan serve`` on it
on 127.0.0.1 (a real process, read-only) and waits until it answers. Then, with a bounded
asyncio load generator (``httpx.AsyncClient``; each of C clients sends its next request
as soon as its last one is answered, for ``--duration`` seconds or ``--requests``
requests, then the ones in flight are awaited):

* **search**: ``/search.json?q=`` over names (whole, a part, without diacritics, upper
  case), identifiers (as stored, ``số …``, lower case) and record keys picked from the store;
* **entity**: the HTML pages of documents, units and conferences picked from the store;
* **catalogue**: the HTML pages of the catalogue queries that look one thing up (a
  parameter naming a document, target or thing), each with the parameters
  ``bench/run.py`` uses on the synthetic graph (the catalogue's own defaults name the
  shipped sample data); the whole-graph listings are fetched once each, one at a time
  (``listings``): at 5M several take longer alone than a load run lasts;
* **sparql**: the same lookup queries as SPARQL text with their parameters bound
  (``queries.bind`` + ``bind_values``, the text ``danvan query --show`` prints) POSTed to
  danvan's ``/sparql`` and to ``oxigraph serve-read-only`` on the same store files, in
  turns (danvan, Oxigraph, danvan, Oxigraph; half the duration each), answers as SPARQL
  JSON; requests/s and the ratio;
* **runaway**: the page mix (search + entity + catalogue) at the first client count,
  once alone and once with a cross product that never ends sent to ``/sparql`` one second
  in: p95 of the pages with and without it, and the runaway's status (503 expected) and
  time (``--query-timeout`` expected). The engine cannot cancel the query, so the server
  is killed afterwards.

Before the load runs every distinct request of each mix is sent once, one at a time: those
times are reported as "first requests" (nothing kept yet: the server keeps pages, parts of
pages and answers until an add), then the script waits ``--settle`` seconds for parts of
pages still being computed. The server's resident memory (``/proc/PID/status``) is read
after start, after the search index is read, after the warm-up, after each run and at the
end (with its peak). ``--query-workers`` is passed to ``danvan serve`` (default: its own).

Every answer but the runaway's must be 200; other statuses are counted as errors. The
figures are printed as Markdown tables (``--out FILE`` also writes them there) and kept as
JSON in ``WORK/web-results.json`` (sizes run separately accumulate). The machine note
states the load average seen at each run: the load generator shares the machine's cores
with the server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import run as bench_run  # noqa: E402  (bench/run.py: data, builds, the Oxigraph server)

SEED = 15
# A cross product with no end: three patterns over every triple.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LOOKUP_TYPES = {"document", "target", "thing"}
MIXES = ("search", "entity", "catalogue")


def say(message: str) -> None:
    print(f"[web {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- load


@dataclass(frozen=True)
class Call:
    """One request of a mix: what it is, and how to send it."""

    kind: str
    label: str
    method: str
    url: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    kind: str
    label: str
    status: int | str
    seconds: float
    started: float


@dataclass
class Run:
    """A load run: every request's outcome, the wall time, and what the machine did."""

    clients: int
    outcomes: list[Outcome]
    wall: float
    load_before: float
    load_after: float
    server_cpu: float
    client_cpu: float

    def by_label(self) -> dict[str, dict[str, Any]]:
        """Count, p50 and p95 of each request label (a query's name, a kind of page)."""
        found = {}
        for label in sorted({o.label for o in self.outcomes}):
            times = sorted(o.seconds for o in self.outcomes if o.label == label)
            found[label] = {
                "requests": len(times),
                "p50": percentile(times, 50),
                "p95": percentile(times, 95),
            }
        return found

    def summary(self, kind: str | None = None, expected: int = 200) -> dict[str, Any]:
        chosen = [o for o in self.outcomes if kind is None or o.kind == kind]
        times = sorted(o.seconds for o in chosen)
        errors = [o for o in chosen if o.status != expected]
        return {
            "requests": len(chosen),
            "errors": len(errors),
            "error_statuses": sorted({str(o.status) for o in errors}),
            "per_s": len(chosen) / self.wall if self.wall else 0.0,
            "p50": percentile(times, 50),
            "p95": percentile(times, 95),
            "max": times[-1] if times else None,
            "clients": self.clients,
            "wall": self.wall,
            "load": [self.load_before, self.load_after],
            "server_cpu_s": self.server_cpu,
            # CPU the server spent per answer: what a shared machine disturbs least.
            "cpu_per_request": self.server_cpu / len(chosen) if chosen else None,
            "client_cpu_s": self.client_cpu,
        }


def percentile(ordered: list[float], p: float) -> float | None:
    """The nearest-rank percentile of an ordered list."""
    if not ordered:
        return None
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (and its reaped children) from /proc."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    return 0.0


def rss(pid: int) -> dict[str, int]:
    """The process's resident memory now and at its peak (VmRSS, VmHWM), in bytes."""
    found = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found["now" if name == "VmRSS" else "peak"] = int(value.split()[0]) * 1024
    return found


def client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _load(
    base: str,
    calls: list[Call],
    clients: int,
    duration: float,
    requests: int,
    extra: list[tuple[float, Call]],
    timeout: float,
) -> tuple[list[Outcome], float]:
    outcomes: list[Outcome] = []
    limits = httpx.Limits(max_connections=clients + len(extra), max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
        counter = itertools.count()
        began = time.perf_counter()
        deadline = began + duration

        async def send(call: Call) -> None:
            started = time.perf_counter()
            try:
                answer = await client.request(
                    call.method, call.url, content=call.body, headers=call.headers
                )
                status: int | str = answer.status_code
            except httpx.HTTPError as problem:
                status = type(problem).__name__
            outcomes.append(
                Outcome(
                    call.kind, call.label, status, time.perf_counter() - started, started - began
                )
            )

        async def worker() -> None:
            while time.perf_counter() < deadline:
                number = next(counter)
                if requests and number >= requests:
                    return
                await send(calls[number % len(calls)])

        async def later(delay: float, call: Call) -> None:
            await asyncio.sleep(delay)
            await send(call)

        await asyncio.gather(*(worker() for _ in range(clients)), *(later(d, c) for d, c in extra))
        return outcomes, time.perf_counter() - began


def load(
    base: str,
    calls: list[Call],
    clients: int,
    duration: float,
    requests: int = 0,
    server_pid: int | None = None,
    extra: list[tuple[float, Call]] | None = None,
    timeout: float = 600.0,
) -> Run:
    """C clients sending ``calls`` in turn (each the next one as soon as its last is
    answered) until ``duration`` s (or ``requests`` requests) have passed; the requests
    in flight are awaited. ``extra``: (delay, call) sent once, apart from the clients."""
    load_before = os.getloadavg()[0]
    cpu_before = cpu_seconds(server_pid) if server_pid else 0.0
    client_before = client_cpu()
    outcomes, wall = asyncio.run(
        _load(base, calls, clients, duration, requests, extra or [], timeout)
    )
    return Run(
        clients=clients,
        outcomes=outcomes,
        wall=wall,
        load_before=load_before,
        load_after=os.getloadavg()[0],
        server_cpu=(cpu_seconds(server_pid) - cpu_before) if server_pid else 0.0,
        client_cpu=client_cpu() - client_before,
    )


# --------------------------------------------------------------------------- servers


@contextlib.contextmanager
def danvan_server(
    store: Path, query_timeout: float, result_cap: int, query_workers: int | None = None
) -> Any:
    """``danvan serve`` on ``store`` (read-only) on a free port of 127.0.0.1; yields
    (base URL, process). Killed on leaving: a runaway query keeps a worker thread
    (which Python would join at exit) busy for ever."""
    port = bench_run.free_port()
    binary = Path(sys.executable).parent / "danvan"
    command = [str(binary)] if binary.exists() else [sys.executable, "-m", "danvan_kg.cli"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("DANVAN_EDITOR_TOKEN", None)
    log = (store.parent / f"serve-{store.name}.log").open("w")
    process = subprocess.Popen(
        [
            *command,
            "serve",
            "--store",
            str(store),
            "--port",
            str(port),
            "--query-timeout",
            str(query_timeout),
            "--result-cap",
            str(result_cap),
            *(["--query-workers", str(query_workers)] if query_workers else []),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if process.poll() is not None:
                raise RuntimeError(f"danvan serve ended ({process.returncode}); see {log.name}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(base + "/queries.json", timeout=2).status_code == 200:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("danvan serve did not answer in 120 s")
        yield base, process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def oxigraph_pid(endpoint: str) -> int | None:
    """The pid of the ``oxigraph`` process listening on the endpoint's port (for its CPU
    time; bench/run.py's context manager does not hand the process out)."""
    port = endpoint.rsplit(":", 1)[1].split("/", 1)[0]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            command = (entry / "cmdline").read_bytes().split(b"\0")
            if (
                command
                and command[0].endswith(b"oxigraph")
                and f"127.0.0.1:{port}".encode() in command
            ):
                return int(entry.name)
    return None


# --------------------------------------------------------------------------- mixes


def sparql(base: str, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT on danvan's /sparql as {variable: value}."""
    answer = httpx.post(
        base + "/sparql",
        content=query.encode(),
        headers={
            "content-type": "application/sparql-query",
            "accept": "application/sparql-results+json",
        },
        timeout=600,
    )
    answer.raise_for_status()
    return [
        {name: cell["value"] for name, cell in row.items()}
        for row in answer.json()["results"]["bindings"]
    ]


def pick(rows: list[dict[str, str]], count: int, rng: random.Random) -> list[dict[str, str]]:
    return rng.sample(rows, min(count, len(rows)))


def search_calls(base: str, rng: random.Random, count: int) -> list[Call]:
    """Names (whole, a part, without diacritics, upper case), identifiers (as stored,
    ``số …``, lower case) and record keys, picked from the store."""
    from danvan_kg.text import strip_diacritics

    names = sparql(
        base,
        "SELECT ?text WHERE { ?node skos:prefLabel ?text } LIMIT 20000",
    )
    identifiers = sparql(base, "SELECT ?text WHERE { ?node dv:identifier ?text } LIMIT 20000")
    keys = sparql(base, "SELECT ?text WHERE { ?node dv:recordKey ?text } LIMIT 20000")
    texts: list[tuple[str, str]] = []
    for row in pick(names, count, rng):
        name = row["text"]
        parts = name.split()
        texts += [
            ("name", name),
            ("name part", " ".join(parts[-2:]) if len(parts) > 2 else name),
            ("name without diacritics", strip_diacritics(name).lower()),
            ("name in capitals", name.upper()),
        ]
    for row in pick(identifiers, count, rng):
        identifier = row["text"]
        texts += [
            ("identifier", identifier),
            ("identifier with số", f"số {identifier}"),
            ("identifier lower case", identifier.lower()),
        ]
    texts += [("key", row["text"]) for row in pick(keys, count, rng)]
    rng.shuffle(texts)
    return [
        Call("search", label, "GET", "/search.json?" + urlencode({"q": q})) for label, q in texts
    ]


def entity_calls(base: str, rng: random.Random, count: int) -> list[Call]:
    """HTML pages of documents, units and conferences picked from the store."""
    from danvan_kg.web.search import page_path

    kinds = {
        "document": "SELECT ?node WHERE { ?node a dv:Document } LIMIT 20000",
        "unit": "SELECT ?node WHERE { ?node a dv:AdministrativeUnit } LIMIT 20000",
        "conference": "SELECT ?node WHERE { ?node dv:eventKind "
        "<https://w3id.org/danvan/vocab/eventkind/conference> } "
        "LIMIT 20000",
    }
    calls = []
    for kind, query in kinds.items():
        for row in pick(sparql(base, query), count, rng):
            calls.append(
                Call("entity", kind, "GET", page_path(row["node"]), headers={"accept": "text/html"})
            )
    rng.shuffle(calls)
    return calls


def catalogue_split() -> tuple[list[str], list[str]]:
    """Catalogue queries that look one thing up, and the whole-graph listings."""
    from danvan_kg import queries

    lookups, listings = [], []
    for name, query in sorted(queries.catalogue().items()):
        if any(parameter.type in LOOKUP_TYPES for parameter in query.params):
            lookups.append(name)
        else:
            listings.append(name)
    return lookups, listings


def catalogue_calls(names: list[str], params: dict[str, dict[str, str]]) -> list[Call]:
    return [
        Call("catalogue", name, "GET", f"/queries/{name}?" + urlencode(params.get(name, {})))
        for name in names
    ]


def sparql_texts(base: str, names: list[str], params: dict[str, dict[str, str]]) -> dict[str, str]:
    """Each query's SPARQL text with its parameters bound as danvan binds them (keys
    resolved through danvan's own endpoint)."""
    from danvan_kg import queries
    from danvan_kg.stores import Store, bind_values

    store = Store.remote(base + "/sparql", timeout=600)
    known = queries.catalogue()
    texts = {}
    for name in names:
        query = known[name]
        texts[name] = bind_values(query.text, queries.bind(query, store, params.get(name, {})))
    return texts


def sparql_calls(texts: dict[str, str], path: str, danvan: bool) -> list[Call]:
    """POST ``application/sparql-query``. Oxigraph's server has no ``PREFIX``-free
    defaults, so the text gets danvan's prefixes written in front for it."""
    from danvan_kg.vocab import PREFIXES

    header = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    return [
        Call(
            "sparql",
            name,
            "POST",
            path,
            body=(text if danvan else header + text).encode(),
            headers={
                "content-type": "application/sparql-query",
                "accept": "application/sparql-results+json",
            },
        )
        for name, text in texts.items()
    ]


# --------------------------------------------------------------------------- phases


def bench_size(size: str, args: argparse.Namespace) -> dict[str, Any]:
    bench_run.WORK = args.work
    data = bench_run.dataset_dir(size)
    store = args.work / f"store-{size}"
    if not (store / ".built").exists():
        say(f"{size}: building the store on disk (bench/run.py build)")
        built = bench_run.child("build", str(data), str(store))
        (store / ".built").write_text(json.dumps(built))
    built = json.loads((store / ".built").read_text())
    say(f"{size}: {built['quads']:,} quads")
    rng = random.Random(SEED)
    params = bench_run.query_params(data)
    lookups, listings = catalogue_split()
    entry: dict[str, Any] = {"quads": built["quads"], "runs": {}, "listings": {}}
    phases = set(args.phases)
    memory: dict[str, Any] = {}
    entry["memory"] = memory
    with danvan_server(store, args.query_timeout, args.result_cap, args.query_workers) as (
        base,
        server,
    ):
        memory["start"] = rss(server.pid)["now"]
        started = time.perf_counter()
        httpx.get(base + "/search.json?q=a", timeout=600).raise_for_status()
        entry["index_s"] = time.perf_counter() - started
        memory["index"] = rss(server.pid)["now"]
        say(f"{size}: server up at {base}; search index read in {entry['index_s']:.1f} s")
        mixes = {
            "search": search_calls(base, rng, args.samples),
            "entity": entity_calls(base, rng, args.samples),
            "catalogue": catalogue_calls(lookups, params),
        }
        entry["first"] = {}
        for kind, calls in mixes.items():
            # Warm-up (not in the load figures): every distinct request once, one at a
            # time; its times are those of a first request, before anything is kept.
            if kind in phases or "runaway" in phases:
                first = load(base, calls, 1, 1e9, requests=len(calls), server_pid=server.pid)
                entry["first"][kind] = first.summary()
                say(f"{size}: first requests, {kind}: {brief(entry['first'][kind])}")
        if "entity" in phases or "runaway" in phases:
            # Parts of pages still being computed after the warm-up land in the cache
            # meanwhile; the load runs measure the pages as served once they are.
            time.sleep(args.settle)
        memory["warm"] = rss(server.pid)["now"]
        for clients in args.clients:
            for kind in MIXES:
                if kind not in phases:
                    continue
                say(f"{size}: {kind}, {clients} clients, {args.duration:g} s")
                run = load(base, mixes[kind], clients, args.duration, args.requests, server.pid)
                entry["runs"][f"{kind}/{clients}"] = summary = run.summary()
                summary["rss"] = rss(server.pid)["now"]
                summary["by_label"] = run.by_label()
                say(f"  {brief(summary)}")
        if "listings" in phases:
            for name in listings:
                calls = catalogue_calls([name], params)
                run = load(base, calls, 1, 1e9, requests=1, server_pid=server.pid)
                entry["listings"][name] = run.summary()
                say(f"{size}: listing {name}: {brief(entry['listings'][name])}")
        if "sparql" in phases:
            entry["sparql"] = bench_sparql(base, server.pid, store, lookups, params, args)
        memory["end"] = rss(server.pid)
        if "runaway" in phases:
            entry["runaway"] = bench_runaway(base, server.pid, mixes, args)
    return entry


def bench_sparql(
    base: str,
    server_pid: int,
    store: Path,
    names: list[str],
    params: dict[str, dict[str, str]],
    args: argparse.Namespace,
) -> dict[str, Any]:
    texts = sparql_texts(base, names, params)
    clients = args.clients[0]
    found: dict[str, Any] = {"clients": clients, "queries": names}
    with bench_run.oxigraph_server(store) as (endpoint, reason):
        if reason:
            say(f"sparql: Oxigraph server skipped: {reason}")
            found["oxigraph_error"] = reason
            return found
        oxigraph = endpoint.rsplit("/", 1)[0]
        ox_pid = oxigraph_pid(endpoint)
        targets = {
            "danvan": (base, sparql_calls(texts, "/sparql", True), server_pid),
            "oxigraph": (oxigraph, sparql_calls(texts, "/query", False), ox_pid),
        }
        # Warm-up of both, and the answers compared (row counts).
        for name, (url, calls, _pid) in targets.items():
            counts = {}
            for call in calls:
                answer = httpx.request(
                    call.method,
                    url + call.url,
                    content=call.body,
                    headers=call.headers,
                    timeout=600,
                )
                answer.raise_for_status()
                counts[call.label] = len(answer.json()["results"]["bindings"])
            found[f"{name}_rows"] = counts
        found["same_rows"] = found["danvan_rows"] == found["oxigraph_rows"]
        runs: dict[str, list[Run]] = {"danvan": [], "oxigraph": []}
        for turn in range(2):
            for name, (url, calls, pid) in targets.items():
                say(f"sparql: {name}, {clients} clients, turn {turn + 1}/2")
                runs[name].append(load(url, calls, clients, args.duration / 2, 0, pid))
        for name, made in runs.items():
            merged = Run(
                clients=clients,
                outcomes=[o for r in made for o in r.outcomes],
                wall=sum(r.wall for r in made),
                load_before=made[0].load_before,
                load_after=made[-1].load_after,
                server_cpu=sum(r.server_cpu for r in made),
                client_cpu=sum(r.client_cpu for r in made),
            )
            found[name] = merged.summary()
            found[name]["by_label"] = merged.by_label()
            say(f"  {name}: {brief(found[name])}")
    found["ratio"] = found["danvan"]["per_s"] / found["oxigraph"]["per_s"]
    return found


def bench_runaway(
    base: str, server_pid: int, mixes: dict[str, list[Call]], args: argparse.Namespace
) -> dict[str, Any]:
    """The page mix alone, then with a query that never ends sent one second in."""
    calls = [call for kind in MIXES for call in mixes[kind]]
    random.Random(SEED).shuffle(calls)
    clients = args.clients[0]
    duration = max(args.duration, args.query_timeout + 5)
    found: dict[str, Any] = {"clients": clients, "query_timeout": args.query_timeout}
    say(f"runaway: pages alone, {clients} clients, {duration:g} s")
    alone = load(base, calls, clients, duration, 0, server_pid)
    runaway = Call(
        "runaway",
        "runaway",
        "POST",
        "/sparql",
        body=RUNAWAY.encode(),
        headers={"content-type": "application/sparql-query"},
    )
    say(f"runaway: pages with the runaway query, {clients} clients, {duration:g} s")
    with_it = load(base, calls, clients, duration, 0, server_pid, extra=[(1.0, runaway)])
    pages = Run(
        clients,
        [o for o in with_it.outcomes if o.kind != "runaway"],
        with_it.wall,
        with_it.load_before,
        with_it.load_after,
        with_it.server_cpu,
        with_it.client_cpu,
    )
    found["alone"] = alone.summary()
    found["with"] = pages.summary()
    # The pages answered while the runaway was running (between its start and its 503).
    stopped = next(o for o in with_it.outcomes if o.kind == "runaway")
    # The pages asked for while the runaway was pending (from its start to its 503).
    during = Run(
        clients,
        [
            o
            for o in pages.outcomes
            if stopped.started <= o.started <= stopped.started + stopped.seconds
        ],
        stopped.seconds,
        0.0,
        0.0,
        0.0,
        0.0,
    )
    found["during"] = during.summary()
    found["runaway"] = {"status": stopped.status, "seconds": stopped.seconds}
    for kind in MIXES:
        found[f"alone/{kind}"] = alone.summary(kind)
        found[f"with/{kind}"] = pages.summary(kind)
    say(
        f"  alone p95 {ms(found['alone']['p95'])}, with {ms(found['with']['p95'])}, "
        f"during {ms(found['during']['p95'])}; runaway {stopped.status} in {stopped.seconds:.2f} s"
    )
    return found


# --------------------------------------------------------------------------- report


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def mb(size: int | None) -> str:
    if not size:
        return "—"
    return f"{size / 2**20:,.0f} MB" if size < 2**30 else f"{size / 2**30:.2f} GB"


def brief(summary: dict[str, Any]) -> str:
    return (
        f"{summary['requests']} requests, {summary['errors']} errors, "
        f"{summary['per_s']:.1f}/s, p50 {ms(summary['p50'])}, p95 {ms(summary['p95'])}, "
        f"max {ms(summary['max'])}, load {summary['load'][0]:.1f}→{summary['load'][1]:.1f}"
    )


def markdown(results: dict[str, Any]) -> str:
    sizes = results.get("sizes", {})
    lines = [
        f"Machine: {results['machine'].get('cpu', '')}, {results['machine'].get('cores')} cores, "
        f"{results['machine'].get('memory', '')}; Python {results['versions'].get('python')}, "
        f"pyoxigraph {results['versions'].get('pyoxigraph')}, "
        f"oxigraph {results['versions'].get('oxigraph', '—')}. Settings: "
        + ", ".join(f"{k} {v}" for k, v in results.get("settings", {}).items())
        + ".",
        "",
        "| size | mix | clients | requests | errors | req/s | p50 | p95 | max "
        "| server CPU a request | server RSS after | load avg |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size, entry in sizes.items():
        for key, s in entry.get("runs", {}).items():
            kind, clients = key.split("/")
            lines.append(
                f"| {size} | {kind} | {clients} | {s['requests']} | {s['errors']} | "
                f"{s['per_s']:.1f} | {ms(s['p50'])} | {ms(s['p95'])} | {ms(s['max'])} | "
                f"{ms(s.get('cpu_per_request'))} | {mb(s.get('rss'))} | "
                f"{s['load'][0]:.1f}–{s['load'][1]:.1f} |"
            )
    first_rows = [(size, entry["first"]) for size, entry in sizes.items() if entry.get("first")]
    if first_rows:
        lines += [
            "",
            "First requests (the warm-up: each distinct request once, one at a time, "
            "before anything is kept):",
            "",
            "| size | mix | requests | errors | p50 | p95 | max | server CPU a request |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for size, first in first_rows:
            for kind, s in first.items():
                lines.append(
                    f"| {size} | {kind} | {s['requests']} | {s['errors']} "
                    f"({', '.join(s['error_statuses']) or '—'}) | {ms(s['p50'])} | "
                    f"{ms(s['p95'])} | {ms(s['max'])} | {ms(s.get('cpu_per_request'))} |"
                )
    memory_rows = [(size, entry["memory"]) for size, entry in sizes.items() if "memory" in entry]
    if memory_rows:
        lines += [
            "",
            "Server memory (resident set):",
            "",
            "| size | after start | search index read | after the warm-up | after the load runs "
            "| peak |",
            "|---|---|---|---|---|---|",
        ]
        for size, m in memory_rows:
            end = m.get("end", {})
            lines.append(
                f"| {size} | {mb(m.get('start'))} | {mb(m.get('index'))} | {mb(m.get('warm'))} "
                f"| {mb(end.get('now'))} | {mb(end.get('peak'))} |"
            )
    listing_rows = [
        (size, name, s)
        for size, entry in sizes.items()
        for name, s in entry.get("listings", {}).items()
    ]
    if listing_rows:
        lines += ["", "Whole-graph listings, one page at a time:", ""]
        names = sorted({name for _, name, _ in listing_rows})
        lines += [
            "| query | " + " | ".join(sizes) + " |",
            "|---|" + "---|" * len(sizes),
        ]
        for name in names:
            cells = [
                ms(sizes[size].get("listings", {}).get(name, {}).get("max"))
                + (
                    ""
                    if not sizes[size].get("listings", {}).get(name, {}).get("errors")
                    else " (error)"
                )
                for size in sizes
            ]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    sparql_rows = [(size, entry["sparql"]) for size, entry in sizes.items() if "sparql" in entry]
    if sparql_rows:
        lines += [
            "",
            "`/sparql` against `oxigraph serve-read-only` on the same store, lookup queries:",
            "",
            "| size | clients | danvan req/s | p50 / p95 | CPU a request | errors "
            "| Oxigraph req/s | p50 / p95 | CPU a request | errors | ratio | same rows |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for size, s in sparql_rows:
            if "danvan" not in s:
                continue
            d, o = s["danvan"], s["oxigraph"]
            lines.append(
                f"| {size} | {s['clients']} | {d['per_s']:.1f} | {ms(d['p50'])} / {ms(d['p95'])} | "
                f"{ms(d.get('cpu_per_request'))} | {d['errors']} | {o['per_s']:.1f} | "
                f"{ms(o['p50'])} / {ms(o['p95'])} | {ms(o.get('cpu_per_request'))} | "
                f"{o['errors']} | **{s['ratio']:.2f}×** | {'yes' if s['same_rows'] else 'NO'} |"
            )
    runaway_rows = [(size, entry["runaway"]) for size, entry in sizes.items() if "runaway" in entry]
    if runaway_rows:
        lines += [
            "",
            "A runaway query (an endless cross product on `/sparql`) during the page load:",
            "",
            "| size | clients | pages p95 alone / with it / asked while it ran "
            "| search p95 alone / with it | errors | req/s alone / with | runaway answer | after |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for size, s in runaway_rows:
            a, w, d = s["alone"], s["with"], s["during"]
            lines.append(
                f"| {size} | {s['clients']} | {ms(a['p95'])} / {ms(w['p95'])} / {ms(d['p95'])} | "
                f"{ms(s['alone/search']['p95'])} / {ms(s['with/search']['p95'])} | "
                f"{a['errors']} / {w['errors']} | {a['per_s']:.1f} / {w['per_s']:.1f} | "
                f"{s['runaway']['status']} | {s['runaway']['seconds']:.2f} s "
                f"(timeout {s['query_timeout']:g} s) |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    env = os.environ.get
    parser.add_argument("--sizes", default=env("BENCH_WEB_SIZES", "1M,5M"))
    parser.add_argument("--clients", default=env("BENCH_WEB_CLIENTS", "20,100"))
    parser.add_argument(
        "--duration",
        type=float,
        default=float(env("BENCH_WEB_DURATION", "20")),
        help="Seconds of each load run.",
    )
    parser.add_argument(
        "--requests",
        type=int,
        default=int(env("BENCH_WEB_REQUESTS", "0")),
        help="Stop a load run after this many requests (0: only the duration).",
    )
    parser.add_argument(
        "--samples", type=int, default=30, help="Names, nodes… picked of each kind."
    )
    parser.add_argument(
        "--phases",
        default=env("BENCH_WEB_PHASES", "search,entity,catalogue,listings,sparql,runaway"),
    )
    parser.add_argument("--query-timeout", type=float, default=10.0, help="danvan serve's.")
    parser.add_argument(
        "--result-cap",
        type=int,
        default=1_000_000,
        help="danvan serve's (high, so that /sparql answers whole, as Oxigraph does).",
    )
    parser.add_argument(
        "--query-workers",
        type=int,
        default=int(env("BENCH_WEB_QUERY_WORKERS", "0")) or None,
        help="danvan serve's (default: its own, the number of cores).",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=float(env("BENCH_WEB_SETTLE", "30")),
        help="Seconds to wait after the warm-up for parts of pages still being computed.",
    )
    parser.add_argument(
        "--work", type=Path, default=Path(env("BENCH_DIR", ROOT / "bench" / "results"))
    )
    parser.add_argument("--out", type=Path, help="Also write the Markdown tables here.")
    args = parser.parse_args()
    args.clients = [int(c) for c in str(args.clients).split(",") if c.strip()]
    args.phases = [p.strip() for p in str(args.phases).split(",") if p.strip()]
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    path = args.work / "web-results.json"
    results: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    results["machine"], results["versions"] = bench_run.machine(), bench_run.versions()
    results["settings"] = {
        "duration": f"{args.duration:g} s a run",
        "query timeout": f"{args.query_timeout:g} s",
        "result cap": f"{args.result_cap:,}",
        "query workers": str(args.query_workers or f"{os.cpu_count()} (default: the cores)"),
    }
    results.setdefault("sizes", {})
    for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        if size not in bench_run.SIZES:
            raise SystemExit(f"unknown size {size!r} (known: {', '.join(bench_run.SIZES)})")
        entry = bench_size(size, args)
        # A size run again with some phases keeps the figures of the others.
        kept = results["sizes"].get(size, {})
        for key in ("runs", "listings"):
            entry[key] = {**kept.get(key, {}), **entry[key]}
        results["sizes"][size] = {**kept, **entry}
        path.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    text = markdown(results)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
