"""danvan-kg benchmark: ``make bench`` (or ``python bench/run.py``).

For each size (synthetic data from :mod:`danvan_kg.synth`, record triples ≈ 100k, 1M,
5M; every graph also holds the gazetteer and the ontology, ≈155k quads):

* build: record files → on-disk store, in a child process (time, quads/s, peak RSS);
* every catalogue query, and the ``lineage`` / ``coverage`` views when
  ``danvan_kg.views`` exists, side by side in one child process: through danvan
  (``queries.run``: parameter resolution + ``Store.select``), straight on the engine
  (``pyoxigraph.Store.query`` on the same text, terms written in once, rows materialised), on an
  Oxigraph server over HTTP (``oxigraph serve-read-only``, through ``Store.remote``
  when ``danvan_kg.stores`` exists) and on rdflib's own SPARQL engine (own child
  process, a time cap per query, "> cap" when it runs out); answers compared;
* ``validate`` of 100 new records against the big graph, and ``add`` of the same 100
  (validate + atomic load, on a copy of the store), when ``danvan_kg.validate`` exists.

Environment: ``BENCH_SIZES`` (default ``100k,1M,5M``), ``BENCH_RUNS`` (timed runs per
query, default 5), ``BENCH_BUILD_RUNS`` (default 3), ``BENCH_CAP`` (rdflib seconds per
query, default 60), ``BENCH_LIMIT`` (seconds for all the runs of one query, on all
engines, before it is stopped; default ``BENCH_CAP × (BENCH_RUNS + 2)``),
``BENCH_RDFLIB_SIZES`` (default ``100k``), ``BENCH_DIR`` (work
folder, default ``/tmp/danvan-bench``), ``BENCH_OUT`` (default ``docs/benchmarks.md``;
empty: do not write). Results are also written as JSON to ``$BENCH_DIR/results.json``.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# Record-triple targets → synth scale (TRIPLES_BASE + S × TRIPLES_PER_S, measured).
SIZES = {"100k": 0.01, "1M": 0.62, "5M": 3.6}
SEED = 0
WORK = Path(os.environ.get("BENCH_DIR", "/tmp/danvan-bench"))


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def stats(values: list[float]) -> dict[str, float]:
    return {
        "min": min(values),
        "median": statistics.median(values),
        "max": max(values),
        "n": len(values),
    }


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(*args: str, timeout: float | None = None) -> dict[str, Any]:
    """Run ``bench/run.py ARGS`` in a fresh interpreter; its last stdout line is JSON."""
    completed = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, timeout=timeout
    )
    if completed.returncode != 0:
        raise RuntimeError(f"child {args[0]} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- data


def dataset_dir(size: str) -> Path:
    from danvan_kg import synth

    folder = WORK / f"data-{size}-s{SIZES[size]:g}-seed{SEED}"
    if not (folder / ".complete").exists():
        say(f"{size}: writing synthetic records (scale {SIZES[size]:g})")
        started = time.perf_counter()
        report = synth.write_dataset(folder, SIZES[size], SEED)
        (folder / ".complete").write_text(json.dumps(report.__dict__))
        say(
            f"{size}: {report.files} files, {report.records} records, {report.bytes / 1e6:.1f} MB "
            f"in {time.perf_counter() - started:.1f} s"
        )
    return folder


# --------------------------------------------------------------------------- children


class TreeMemory:
    """Peak memory of this process and its descendants (the build's worker processes),
    sampled from /proc every ``interval`` seconds in a thread.

    ``rss_mb`` sums resident sets: an upper bound, since forked workers share pages
    with the main process and each other. ``pss_mb`` sums proportional set sizes
    (shared pages split between their sharers): what the tree really occupies. Both
    can miss a peak shorter than the interval; ``RUSAGE_SELF`` covers the main
    process exactly, so the figures reported are at least that.
    """

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.rss_mb = 0.0
        self.pss_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = pss = 0.0
            for pid in _process_tree(os.getpid()):
                rss += _proc_kb(f"/proc/{pid}/status", "VmRSS:")
                pss += _proc_kb(f"/proc/{pid}/smaps_rollup", "Pss:")
            self.rss_mb = max(self.rss_mb, rss / 1024)
            self.pss_mb = max(self.pss_mb, pss / 1024)
            self._stop.wait(self.interval)


def _process_tree(root: int) -> list[int]:
    """``root`` and its descendants (each thread's ``children`` file lists the processes
    that thread started)."""
    tree, stack = [], [root]
    while stack:
        pid = stack.pop()
        tree.append(pid)
        with contextlib.suppress(OSError):
            for thread in os.listdir(f"/proc/{pid}/task"):
                with contextlib.suppress(OSError):
                    children = Path(f"/proc/{pid}/task/{thread}/children").read_text()
                    stack.extend(int(child) for child in children.split())
    return tree


def _proc_kb(path: str, field: str) -> float:
    with contextlib.suppress(OSError, ValueError):
        for line in Path(path).read_text().splitlines():
            if line.startswith(field):
                return float(line.split()[1])
    return 0.0


def child_build(data: str, target: str) -> None:
    from danvan_kg.build import build

    in_memory = target == "-"
    if not in_memory:
        shutil.rmtree(target, ignore_errors=True)
    started = time.perf_counter()
    with TreeMemory() as memory:
        _store, report = build(None if in_memory else target, data_dir=data)
    seconds = time.perf_counter() - started
    graphs = report.graphs
    records = sum(
        n for g, n in graphs.items() if "/graph/source/" in g or g.endswith("/graph/inferred")
    )
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # Worker processes have been joined, so their CPU time is in RUSAGE_CHILDREN.
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "compact_s": report.compact_seconds,
                "cpu_s": usage.ru_utime + usage.ru_stime + workers.ru_utime + workers.ru_stime,
                "quads": report.quads,
                "record_quads": records,
                # Peak of the whole process tree (main + workers), see TreeMemory.
                "maxrss_mb": max(memory.rss_mb, maxrss_mb()),
                "pss_mb": max(memory.pss_mb, maxrss_mb()) if memory.pss_mb else None,
                "main_maxrss_mb": maxrss_mb(),
                "graphs": len(graphs),
            }
        )
    )


def query_params(data: Path) -> dict[str, dict[str, str]]:
    """Parameters that exist in the synthetic graph (the catalogue's defaults name the
    shipped sample data)."""
    import yaml

    from danvan_kg import synth

    province = synth.geography()[0]
    keys = synth.ProvinceKeys(province)
    district = province.districts[0]
    central = next(c for c in synth.CENTRAL_DOCUMENTS if c["key"] == "kl-114-tw-2015")
    award = None
    for path in sorted((data / "sources").glob("*.yaml")):
        content = yaml.load(
            path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
        if content.get("awards"):
            award = content["awards"][0]["key"]
            break
    directive = keys.directive(central)
    return {
        "lineage": {"directive": "kl-114-tw-2015"},
        "lineage-edges": {"directive": "kl-114-tw-2015"},
        "coverage": {
            "target": "kl-114-tw-2015",
            "start": "2016",
            "end": "2023",
            "level": "district",
        },
        "coverage-2025": {"target": "kl-114-tw-2015", "start": "2016", "end": "2023"},
        "reviews-of-directive": {"directive": directive},
        "awards-for": {"directive": keys.district_plan(district, central)},
        "models-under": {"target": directive},
        "statement-sources": {"subject": "kl-114-tw-2015"},
        "upstream-chain": {"item": award or "kl-114-tw-2015"},
        "units-2025": {"level": "district"},
    }


def _answer(rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    """Row count and an order-free digest of the answer (term values as text)."""
    import hashlib

    canon = sorted("\x1f".join("" if t is None else _text(t) for t in row) for row in rows)
    return {"rows": len(rows), "digest": hashlib.sha1("\x1e".join(canon).encode()).hexdigest()[:12]}


def _text(term: Any) -> str:
    value = getattr(term, "value", None)
    text = str(value) if value is not None and not isinstance(term, str) else str(term)
    # Numbers print differently between engines ("1.0E0" vs "1.0"); compare them as numbers.
    with contextlib.suppress(ValueError):
        number = float(text)
        return repr(round(number, 9))
    return text


def _timed(function: Any, runs: int) -> tuple[list[float], Any]:
    result = function()  # warm-up (not counted): opens files, fills caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return times, result


def _timed_pair(first: Any, second: Any, runs: int) -> tuple[list[float], Any, list[float], Any]:
    """Both warmed up, then timed in turns: whichever ran first would otherwise meet
    colder caches, a bias as large as the overhead being measured (up to 1.3x at 1M)."""
    first_result, second_result = first(), second()
    first_times, second_times = [], []
    for _ in range(runs):
        for function, times in ((first, first_times), (second, second_times)):
            started = time.perf_counter()
            result = function()
            times.append(time.perf_counter() - started)
            if function is first:
                first_result = result
            else:
                second_result = result
    return first_times, first_result, second_times, second_result


def child_queries(store_path: str, data: str, runs: str, endpoint: str, only: str = "") -> None:
    """Catalogue queries (all, or only ``only``: names separated by commas, or "-" for
    none) through danvan and straight on the engine (and remote); then the views."""
    from danvan_kg import queries
    from danvan_kg.stores import Store, bind_values
    from danvan_kg.vocab import PREFIXES

    runs_n = int(runs)
    store = Store.embedded(store_path, read_only=True)
    params = query_params(Path(data))
    remote = None
    remote_reason = ""
    if endpoint:
        try:
            remote = Store.remote(endpoint, timeout=float(os.environ.get("BENCH_CAP", "60")))
        except Exception as error:
            remote_reason = f"remote store unavailable: {error}"
    else:
        remote_reason = "no server"
    results: dict[str, Any] = {}
    wanted = set(only.split(",")) if only else None
    for name, query in sorted(queries.catalogue().items()):
        if wanted is not None and name not in wanted:
            continue
        values = params.get(name, {})
        entry: dict[str, Any] = {"params": values}
        try:
            bindings = queries.bind(query, store, values)
            # The engine gets the very text danvan sends, its terms written in once here
            # and outside the timing: what is left to danvan is resolving the parameters,
            # writing the terms in, and building the table.
            text = bind_values(query.text, bindings)

            def direct(text: str = text) -> list[tuple[Any, ...]]:
                solutions = store.engine.query(
                    text, use_default_graph_as_union=True, prefixes=PREFIXES
                )
                return [tuple(solution) for solution in solutions]

            danvan_times, table, engine_times, rows = _timed_pair(
                lambda query=query, values=values: queries.run(query, store, values),
                direct,
                runs_n,
            )
            entry["danvan"] = {**stats(danvan_times), **_answer(list(table.rows))}
            entry["engine"] = {**stats(engine_times), **_answer(rows)}
            entry["bindings"] = {k: str(v) for k, v in bindings.items()}
        except Exception as error:
            entry["error"] = f"{type(error).__name__}: {error}"
        if remote is not None and "error" not in entry:
            try:
                remote_times, table = _timed(
                    lambda query=query, values=values: queries.run(query, remote, values),
                    max(1, runs_n // 2),
                )
                entry["server"] = {**stats(remote_times), **_answer(list(table.rows))}
            except Exception as error:
                entry["server"] = {"error": f"{type(error).__name__}: {str(error)[:200]}"}
        elif "error" not in entry:
            entry["server"] = {"error": remote_reason}
        results[name] = entry
        print(
            f"  {name}: "
            + ", ".join(
                f"{k} {v['median']:.3f}s/{v['rows']}"
                for k, v in entry.items()
                if isinstance(v, dict) and "median" in v
            ),
            file=sys.stderr,
            flush=True,
        )
    views: dict[str, Any] = {}
    if wanted is not None and "views" not in wanted:
        views = {"skipped": "not asked"}
        print(json.dumps({"queries": results, "views": views, "maxrss_mb": maxrss_mb()}))
        return
    try:
        from danvan_kg import views as views_module
    except ImportError as error:
        views = {"skipped": f"danvan_kg.views missing ({error})"}
        print(f"  views skipped: {views['skipped']}", file=sys.stderr, flush=True)
    else:
        views = _bench_views(views_module, store, params, runs_n)
    print(json.dumps({"queries": results, "views": views, "maxrss_mb": maxrss_mb()}))


def _bench_views(
    module: Any, store: Any, params: dict[str, dict[str, str]], runs: int
) -> dict[str, Any]:
    """``lineage`` / ``coverage`` of danvan_kg.views, called with whatever of (store,
    directive/target, start, end, level) their signatures take."""
    import inspect

    from danvan_kg.views.coverage import forget_answers

    found: dict[str, Any] = {}
    offered = {
        "store": store,
        "directive": "kl-114-tw-2015",
        "target": "kl-114-tw-2015",
        "key": "kl-114-tw-2015",
        "document": "kl-114-tw-2015",
        "start": 2016,
        "end": 2023,
        "level": "district",
    }
    for name in ("lineage", "coverage"):
        function = getattr(module, name, None)
        if function is None:
            found[name] = {"error": f"danvan_kg.views has no {name}()"}
            continue
        try:
            signature = inspect.signature(function)
            args = []
            kwargs = {}
            for parameter in signature.parameters.values():
                if parameter.name in offered:
                    if (
                        parameter.kind
                        in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
                        and not kwargs
                    ):
                        args.append(offered[parameter.name])
                    else:
                        kwargs[parameter.name] = offered[parameter.name]
                elif parameter.default is inspect.Parameter.empty and parameter.kind not in (
                    parameter.VAR_POSITIONAL,
                    parameter.VAR_KEYWORD,
                ):
                    args.append(offered["directive"])
            def once(function: Any = function, args: list = args, kwargs: dict = kwargs) -> Any:
                # a read-only store keeps coverage answers (views/coverage.py): each run
                # must pay for the query, as a first request does
                forget_answers(store)
                return function(*args, **kwargs)

            times, result = _timed(once, runs)
            size = len(result) if hasattr(result, "__len__") else None
            found[name] = {**stats(times), "size": size, "call": f"{name}{signature}"}
        except Exception as error:
            found[name] = {"error": f"{type(error).__name__}: {str(error)[:300]}"}
        print(f"  view {name}: {found[name]}", file=sys.stderr, flush=True)
    return found


def child_rdflib(nquads: str, data: str, cap: str) -> None:
    """The catalogue on rdflib's own SPARQL engine, each query capped at ``cap`` s."""
    import rdflib

    from danvan_kg import queries
    from danvan_kg.stores import Store
    from danvan_kg.vocab import PREFIXES

    cap_s = int(float(cap))
    started = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(nquads, format="nquads")
    load_s = time.perf_counter() - started
    params = query_params(Path(data))
    # Bind parameters the way danvan does (key → IRI) with an embedded store of the same data.
    results: dict[str, Any] = {}

    class QueryCapError(Exception):
        pass

    def alarm(*_: Any) -> None:
        raise QueryCapError

    signal.signal(signal.SIGALRM, alarm)
    bindings_all = json.loads(os.environ.get("BENCH_BINDINGS", "{}"))
    for name, query in sorted(queries.catalogue().items()):
        init = {}
        for key, value in bindings_all.get(name, {}).items():
            init[key] = _to_rdflib(value)
        signal.alarm(cap_s)
        began = time.perf_counter()
        try:
            rows = [
                tuple(row) for row in dataset.query(query.text, initNs=PREFIXES, initBindings=init)
            ]
            seconds = time.perf_counter() - began
            signal.alarm(0)
            results[name] = {"seconds": seconds, **_answer(rows)}
        except QueryCapError:
            results[name] = {"seconds": None, "capped": cap_s}
        except Exception as error:
            signal.alarm(0)
            results[name] = {"error": f"{type(error).__name__}: {str(error)[:200]}"}
        print(f"  rdflib {name}: {results[name]}", file=sys.stderr, flush=True)
    del Store, params
    print(json.dumps({"load_s": load_s, "queries": results, "maxrss_mb": maxrss_mb()}))


def _to_rdflib(n3: str) -> Any:
    """An N-Triples term (``str()`` of a pyoxigraph term) → an rdflib term."""
    import rdflib
    from rdflib.util import from_n3

    return from_n3(n3) if not n3.startswith("<") else rdflib.URIRef(n3[1:-1])


def child_validate(store_path: str, batch: str) -> None:
    """validate (read-only) and add (on a copy) of a batch of ~100 new records."""
    from danvan_kg import validate
    from danvan_kg.stores import Store

    out: dict[str, Any] = {}
    store = Store.embedded(store_path, read_only=True)
    times, report = _timed(lambda: validate.validate_files([batch], store), 3)
    out["validate"] = {
        **stats(times),
        "findings": len(report.findings),
        "conforms": report.conforms,
    }
    store = None
    copy = Path(store_path + ".add-copy")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store_path, copy)
    writable = Store.embedded(copy)
    started = time.perf_counter()
    result = validate.add_files([batch], writable, accept_warnings=True)
    out["add"] = {"seconds": time.perf_counter() - started, "added": result.added}
    writable.close()
    shutil.rmtree(copy, ignore_errors=True)
    out["maxrss_mb"] = maxrss_mb()
    print(json.dumps(out))


def new_batch(path: Path, seed: int = SEED) -> int:
    """~100 new records (events, models, awards, decisions, figures) referring to
    organisations, people, documents and units already in the graph (the benchmark data's
    seed, so the people it names exist; with another seed the batch names officials the
    store does not have and validation stops at the first unknown key)."""
    from danvan_kg import synth

    province = synth.geography()[0]
    record = synth.source_file(seed, 4.0, province, 2024)
    assert record is not None
    prefixes = ("hn-", "mh-", "sl-", "kt-", "qd-2")

    def rename(value: Any, field: str = "") -> Any:
        if isinstance(value, dict):
            return {k: rename(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [rename(v, field) for v in value]
        if (
            isinstance(value, str)
            and value.startswith(prefixes)
            and field in ("key", "reported_at", "presented_at", "breakdown_of", "decision")
        ):
            return "new-" + value
        return value

    record = rename(record)
    # A new source, not the stored province-year again: its own title and date, and its
    # own decision numbers (a document with the same number, issuer and year is the
    # stored one, and validation rightly refuses a second key for it).
    record["source"]["key"] = "bench-new-batch"
    record["source"]["title"] += " — bổ sung"
    record["source"]["published"] = "2025-01-15"
    for document in record.get("documents", []):
        number, _, rest = str(document["identifier"]).partition("/")
        document["identifier"] = f"9{number}/{rest}"
    # Keep the first events with everything that refers to them, up to ~100 records.
    events = record["events"][:20]
    keep = {e["key"] for e in events}
    record["events"] = events
    record["models"] = [m for m in record.get("models", []) if m["reported_at"][0] in keep]
    record["awards"] = [a for a in record.get("awards", []) if a["presented_at"] in keep]
    decisions = {a["decision"] for a in record["awards"]}
    record["documents"] = [d for d in record.get("documents", []) if d["key"] in decisions]
    record["figures"] = [f for f in record.get("figures", []) if f["reported_at"] in keep]
    count = sum(len(record[s]) for s in ("events", "models", "awards", "documents", "figures"))
    path.write_text(synth.dump(record), encoding="utf-8")
    return count


# --------------------------------------------------------------------------- orchestration


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def oxigraph_server(store: Path) -> Any:
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        yield None, "oxigraph CLI not installed (pip install oxigraph)"
        return
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "serve-read-only",
            "--location",
            str(store),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), timeout=0.2),
            ):
                break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/query", ""
    finally:
        process.terminate()
        process.wait(timeout=30)


def run_queries(store: Path, data: Path, runs: int, endpoint: str, cap: float) -> dict[str, Any]:
    """One child per catalogue query (and one for the views), each stopped after
    ``$BENCH_LIMIT`` seconds (default ``cap × (runs + 2)``), so one slow query cannot
    stall the benchmark."""
    from danvan_kg import queries

    found: dict[str, Any] = {"queries": {}, "views": {}, "maxrss_mb": 0.0}
    limit = float(os.environ.get("BENCH_LIMIT") or cap * (runs + 2))
    for name in [*sorted(queries.catalogue()), "views"]:
        only = name
        try:
            answer = child(
                "queries", str(store), str(data), str(runs), endpoint, only, timeout=limit
            )
        except subprocess.TimeoutExpired:
            say(f"  {name}: > {limit:.0f} s for a warm-up and {runs} runs; stopped")
            answer = {
                "queries": {name: {"error": f"> {limit:.0f} s (warm-up + {runs} runs); stopped"}},
                "views": {"error": "stopped"} if name == "views" else {},
                "maxrss_mb": 0.0,
            }
        except RuntimeError as error:
            answer = {
                "queries": {name: {"error": str(error)[-300:]}},
                "views": {},
                "maxrss_mb": 0.0,
            }
        found["queries"].update(answer["queries"])
        if name == "views":
            found["views"] = answer["views"]
        found["maxrss_mb"] = max(found["maxrss_mb"], answer["maxrss_mb"])
        entry = answer["queries"].get(name, answer.get("views"))
        say(
            f"  {name}: "
            + json.dumps(
                {
                    k: (round(v["median"], 4), v.get("rows", v.get("size")))
                    if isinstance(v, dict) and "median" in v
                    else v
                    for k, v in (entry or {}).items()
                    if k not in ("params", "bindings")
                }
            )[:400]
        )
    return found


def versions() -> dict[str, str]:
    import importlib.metadata as md

    found = {"python": platform.python_version()}
    for package in ("danvan-kg", "pyoxigraph", "oxigraph", "rdflib", "PyYAML", "pyshacl"):
        with contextlib.suppress(md.PackageNotFoundError):
            found[package] = md.version(package)
    return found


def machine() -> dict[str, str]:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    return {"cpu": cpu, "cores": str(os.cpu_count()), "memory": memory, "os": platform.platform()}


def main() -> None:
    sizes = [s.strip() for s in os.environ.get("BENCH_SIZES", "100k,1M,5M").split(",") if s.strip()]
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    build_runs = int(os.environ.get("BENCH_BUILD_RUNS", "3"))
    cap = os.environ.get("BENCH_CAP", "60")
    rdflib_sizes = [
        s.strip() for s in os.environ.get("BENCH_RDFLIB_SIZES", "100k").split(",") if s.strip()
    ]
    WORK.mkdir(parents=True, exist_ok=True)
    results_path = WORK / "results.json"
    results: dict[str, Any] = json.loads(results_path.read_text()) if results_path.exists() else {}
    results["machine"], results["versions"] = machine(), versions()
    results.setdefault("sizes", {})
    for size in sizes:
        if size not in SIZES:
            raise SystemExit(f"unknown size {size!r} (known: {', '.join(SIZES)})")
        data = dataset_dir(size)
        store = WORK / f"store-{size}"
        entry: dict[str, Any] = {"scale": SIZES[size]}
        for key, target in (("build_memory", "-"), ("build", str(store))):
            builds = []
            for run in range(build_runs):
                say(f"{size}: {key} run {run + 1}/{build_runs}")
                builds.append(child("build", str(data), target))
                say(
                    f"{size}: {builds[-1]['quads']} quads in {builds[-1]['seconds']:.1f} s, "
                    f"peak {builds[-1]['maxrss_mb']:.0f} MB"
                )
            seconds = [b["seconds"] for b in builds]
            entry[key] = {
                **stats(seconds),
                "quads": builds[0]["quads"],
                "record_quads": builds[0]["record_quads"],
                "quads_per_s": stats([b["quads"] / b["seconds"] for b in builds]),
                "maxrss_mb": stats([b["maxrss_mb"] for b in builds]),
                "cpu_s": stats([b.get("cpu_s", float("nan")) for b in builds]),
                "compact_s": stats([b.get("compact_s", 0.0) for b in builds]),
            }
        with oxigraph_server(store) as (endpoint, reason):
            if reason:
                say(f"{size}: Oxigraph server skipped: {reason}")
            say(f"{size}: queries ({runs} runs each; danvan, engine, server)")
            entry["queries"] = run_queries(store, data, runs, endpoint or "", float(cap))
        if size in rdflib_sizes:
            nquads = WORK / f"dump-{size}.nq"
            import pyoxigraph as ox

            engine = ox.Store.read_only(str(store))
            engine.dump(str(nquads), ox.RdfFormat.N_QUADS)
            del engine
            bindings = {
                name: q.get("bindings", {}) for name, q in entry["queries"]["queries"].items()
            }
            os.environ["BENCH_BINDINGS"] = json.dumps(bindings)
            say(f"{size}: rdflib (cap {cap} s per query)")
            try:
                entry["rdflib"] = child("rdflib", str(nquads), str(data), cap)
            except Exception as error:
                entry["rdflib"] = {"error": str(error)[-500:]}
            nquads.unlink(missing_ok=True)
        else:
            entry["rdflib"] = {
                "skipped": f"not run at {size} (BENCH_RDFLIB_SIZES={','.join(rdflib_sizes)})"
            }
        try:
            import danvan_kg.validate  # noqa: F401
        except ImportError as error:
            entry["validate"] = {"skipped": f"danvan_kg.validate missing ({error})"}
            say(f"{size}: validate skipped: {error}")
        else:
            batch = WORK / "new-batch.yaml"
            count = new_batch(batch)
            say(f"{size}: validate/add of {count} new records")
            try:
                entry["validate"] = {"records": count, **child("validate", str(store), str(batch))}
            except Exception as error:
                entry["validate"] = {"error": str(error)[-800:]}
        results["sizes"][size] = entry
        results_path.write_text(json.dumps(results, indent=1, ensure_ascii=False))
        say(f"{size}: done; results in {results_path}")
    out = os.environ.get("BENCH_OUT", str(ROOT / "docs" / "benchmarks.md"))
    if out:
        from report import write_report  # bench/report.py

        write_report(results, Path(out))
        say(f"wrote {out}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        command, *rest = sys.argv[1:]
        {
            "build": child_build,
            "queries": child_queries,
            "rdflib": child_rdflib,
            "validate": child_validate,
        }[command](*rest)
    else:
        main()
