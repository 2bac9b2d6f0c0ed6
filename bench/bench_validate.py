"""Benchmark: validating ~100 new records inside a graph of ≥ 1 million triples, against
validating the whole graph. Not a test (nothing here asserts a time): run

    python bench/bench_validate.py [--scale 0.85] [--runs 3] [--pyshacl-cap 900]

It writes a synthetic national dataset (:mod:`danvan_kg.synth`), builds it into an on-disk
store, makes a batch of new records that refer to what is stored (organisations, people,
documents, units), and times, with both engines:

* **new records + context** — what ``danvan validate`` does (:func:`validate_files`):
  convert the batch, fetch one hop of context from the store, validate the new nodes;
* **new records inside the whole graph** — the same focus nodes, but the engine is handed
  every triple of the store (the approach the design notes measured at 7–12 s);
* **the whole graph** — every target in the store validated (a full audit).

pySHACL runs on the whole graph go to a child process with a time cap (``> cap`` when it
runs out). Figures are written into ``docs/benchmarks.md`` under ``## Validation`` (that
section only; the file is created if missing) and as JSON into the work folder.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## Validation"


# --------------------------------------------------------------------------- data


def prepare_graph(work: Path, scale: float, seed: int) -> tuple[Path, dict[str, Any]]:
    """Synthetic records → on-disk store, reused when the same scale was built before."""
    from danvan_kg.build import build
    from danvan_kg.synth import write_dataset

    data, store, marker = work / "data", work / "store", work / "built.json"
    wanted = {"scale": scale, "seed": seed}
    if marker.exists() and json.loads(marker.read_text())["params"] == wanted and store.exists():
        return store, json.loads(marker.read_text())
    for old in (data, store):
        if old.exists():
            subprocess.run(["rm", "-rf", str(old)], check=True)
    started = time.perf_counter()
    write_dataset(data, scale, seed)
    opened, report = build(store, data_dir=data)
    info = {"params": wanted, "quads": report.quads, "build_s": time.perf_counter() - started}
    opened.close()
    marker.write_text(json.dumps(info))
    return store, info


def new_batch(path: Path, seed: int, records: int = 100) -> int:
    """About ``records`` new records for one province in 2024, as a staff member would add
    them: new events, models, awards, decisions and figures that refer to the stored
    organisations, people, documents and units (``seed`` is the stored data's: it decides
    who the people are). Keys the batch defines get a ``new-`` prefix so they do not
    collide with the stored year's records."""
    from danvan_kg import synth

    record = synth.source_file(seed, 4.0, synth.geography()[0], 2024)
    assert record is not None
    sections = ("documents", "events", "models", "awards", "figures")
    defined = {item["key"] for section in sections for item in record.get(section, [])}

    def rename(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: rename(item) for key, item in value.items()}
        if isinstance(value, list):
            return [rename(item) for item in value]
        return f"new-{value}" if isinstance(value, str) and value in defined else value

    record = rename(record)
    record["source"]["key"] = "bench-new-batch"
    record["source"]["title"] = "Bản ghi mới cho phép đo kiểm tra"
    # Whole events with everything that refers to them, until ~``records`` records.
    kept: list[dict[str, Any]] = []
    models, awards, figures, decisions = [], [], [], []
    for event in record["events"]:
        key = event["key"]
        mine_models = [m for m in record.get("models", []) if key in m.get("reported_at", [])]
        mine_awards = [a for a in record.get("awards", []) if a.get("presented_at") == key]
        mine_figures = [f for f in record.get("figures", []) if f.get("reported_at") == key]
        wanted = {a.get("decision") for a in mine_awards}
        mine_decisions = [d for d in record.get("documents", []) if d["key"] in wanted]
        size = 1 + len(mine_models) + len(mine_awards) + len(mine_figures) + len(mine_decisions)
        if (
            kept
            and len(kept) + len(models) + len(awards) + len(figures) + len(decisions) + size
            > records
        ):
            break
        kept.append(event)
        models += mine_models
        awards += mine_awards
        figures += mine_figures
        decisions += mine_decisions
    record.update(events=kept, models=models, awards=awards, figures=figures, documents=decisions)
    path.write_text(synth.dump(record), encoding="utf-8")
    return sum(len(record[section]) for section in sections)


# --------------------------------------------------------------------------- timing


def timed(function: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return times, result


def median(times: list[float]) -> float:
    return statistics.median(times)


def child_pyshacl(data_path: str, focus_path: str) -> None:
    """In a child process: pySHACL on an N-Triples file; prints seconds and result count."""
    import pyshacl
    import rdflib

    from danvan_kg.validate import shapes_graph

    shapes = shapes_graph()
    started = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(data_path, format="nt")
    parsed = time.perf_counter() - started
    focus = json.loads(Path(focus_path).read_text()) if focus_path != "-" else None
    _conforms, report, _ = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", focus_nodes=focus
    )
    results = len(
        set(
            report.subjects(
                rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#ValidationResult")
            )
        )
    )
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "parse_s": parsed,
                "results": results,
                "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def run_child(args: list[str], cap: float) -> dict[str, Any]:
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", *args],
            capture_output=True,
            text=True,
            timeout=cap,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return {"capped": cap}
    except subprocess.CalledProcessError as error:
        return {"error": error.stderr[-400:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- the benchmark


def measure(work: Path, scale: float, runs: int, cap: float, seed: int) -> dict[str, Any]:
    from danvan_kg import validate
    from danvan_kg.stores import Store

    say = lambda message: print(f"· {message}", file=sys.stderr, flush=True)  # noqa: E731
    work.mkdir(parents=True, exist_ok=True)
    load = [os.getloadavg()[0]]  # the machine may be shared: the figures need this beside them
    say(f"synthetic graph at scale {scale} (reused if already built)")
    store_path, built = prepare_graph(work, scale, seed)
    store = Store.embedded(store_path, read_only=True)
    batch = work / "new-batch.yaml"
    records = new_batch(batch, seed)
    out: dict[str, Any] = {
        "quads": len(store),
        "build": built,
        "records": records,
        "runs": runs,
        "cap_s": cap,
    }
    say(f"{len(store):,} quads; {records} new records")

    # 1. What danvan validate does: new records + one hop of context.
    findings = {}
    for engine in ("turbo", "pyshacl"):
        validate.validate_files([batch], store, engine=engine)  # warm up: shapes, gazetteer
        times, report = timed(
            lambda engine=engine: validate.validate_files([batch], store, engine=engine), runs
        )
        out[f"context_{engine}"] = {
            "median_s": median(times),
            "times": times,
            "focus_nodes": report.focus_nodes,
            "data_triples": report.data_triples,
            "violations": report.count(validate.Severity.VIOLATION),
            "warnings": report.count(validate.Severity.WARNING),
            "findings": len(report.findings),
        }
        findings[engine] = [finding.as_dict() for finding in report.findings]
        if engine == "turbo":  # turbo reports only on the focus nodes: comparable below
            out["context_turbo"]["results"] = len(
                set(report.report_graph.objects(None, validate.SH.result))
            )
        say(
            f"new records + context, {engine}: {median(times):.3f} s,"
            f" {report.focus_nodes} focus nodes, {report.data_triples} data triples,"
            f" {len(report.findings)} findings"
        )
    out["same_findings"] = findings["turbo"] == findings["pyshacl"]
    batch_obj, _ = validate.load_batch([batch], store)
    conversion_times, _ = timed(lambda: validate.load_batch([batch], store), runs)
    context_times, context = timed(lambda: validate.fetch_context(store, batch_obj), runs)
    out["steps"] = {
        "convert_s": median(conversion_times),
        "context_s": median(context_times),
        "context_triples": len(context),
    }

    # 2. and 3. The engine handed the whole graph (every named graph, flattened).
    started = time.perf_counter()
    new_triples = {ox.Triple(q.subject, q.predicate, q.object) for q in batch_obj.quads}
    replaced = {ox.NamedNode(graph) for graph in batch_obj.graphs}
    stored = (
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store.quads()
        if q.graph_name not in replaced
    )
    whole = (
        ox.serialize(stored, format=ox.RdfFormat.N_TRIPLES)
        + ox.serialize(sorted(new_triples, key=str), format=ox.RdfFormat.N_TRIPLES)
        + validate._ontology_ntriples()
    )
    out["serialise_whole_s"] = time.perf_counter() - started
    out["whole_triples"] = whole.count(b"\n")
    focus = validate.focus_nodes(batch_obj)
    values = sorted({t.object.value for t in new_triples if isinstance(t.object, ox.NamedNode)})
    say(
        f"whole graph: {out['whole_triples']:,} triples,"
        f" serialised in {out['serialise_whole_s']:.1f} s"
    )

    started = time.perf_counter()
    flat = ox.Store()  # the whole graph in a store (validate.run_engine hands turbo the text)
    flat.load(whole, ox.RdfFormat.N_TRIPLES)
    out["load_whole_s"] = time.perf_counter() - started

    def turbo(focus_list: list[str] | None) -> int:
        graph = validate._turbo_program().validate(flat, focus_nodes=focus_list)[1]
        return len(set(graph.objects(None, validate.SH.result)))

    times, count = timed(lambda: turbo(focus), runs)
    out["inside_turbo"] = {"median_s": median(times), "times": times, "results": count}
    say(f"new records inside the whole graph, turbo: {median(times):.2f} s ({count} results)")
    times, count = timed(lambda: turbo(None), 1)
    out["whole_turbo"] = {"median_s": median(times), "times": times, "results": count}
    say(f"whole graph, turbo: {median(times):.2f} s ({count} results)")

    with tempfile.TemporaryDirectory(dir=work) as folder:
        data_path = Path(folder) / "whole.nt"
        data_path.write_bytes(whole)
        focus_path = Path(folder) / "focus.json"
        focus_path.write_text(json.dumps(sorted({*focus, *values})))
        del whole
        say(f"new records inside the whole graph, pySHACL (cap {cap:.0f} s)")
        out["inside_pyshacl"] = run_child(["pyshacl", str(data_path), str(focus_path)], cap)
        say(f"  {out['inside_pyshacl']}")
        say(f"whole graph, pySHACL (cap {cap:.0f} s)")
        out["whole_pyshacl"] = run_child(["pyshacl", str(data_path), "-"], cap)
        say(f"  {out['whole_pyshacl']}")
    load.append(os.getloadavg()[0])
    out["load"] = load
    out["machine"] = (
        f"{platform.machine()}, Python {platform.python_version()}, {os.cpu_count()} cores"
    )
    out["versions"] = versions()
    return out


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("pyshacl", "pyshacl-turbo", "pyoxigraph", "rdflib"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


# --------------------------------------------------------------------------- report


def seconds(entry: dict[str, Any]) -> str:
    if "median_s" in entry:
        return f"{entry['median_s']:.3f}" if entry["median_s"] < 10 else f"{entry['median_s']:.1f}"
    if "seconds" in entry:
        return f"{entry['seconds']:.1f}"
    if "capped" in entry:
        return f"> {entry['capped']:.0f}"
    return "error"


def markdown(out: dict[str, Any]) -> str:
    turbo, py, v = out["context_turbo"], out["context_pyshacl"], out["versions"]
    scale = out["build"]["params"]["scale"]
    load = " to ".join(f"{value:.1f}" for value in out.get("load", []))
    same = "the same findings" if out["same_findings"] else "DIFFERENT findings"
    whole = f"{out['whole_triples']:,}"
    lines = [
        SECTION,
        "",
        f"`python bench/bench_validate.py --scale {scale}`: {out['records']} new records (one"
        " synthetic province-year: events with their reviews and participants, models, awards,"
        f" decisions, figures) validated against a store of {out['quads']:,} quads (synthetic"
        " national data, the gazetteer and the ontology), against validating the whole graph."
        f" {out['machine']}, shared with other work (1-minute load average {load});"
        f" pySHACL {v['pyshacl']}, pyshacl-turbo {v['pyshacl-turbo']},"
        f" pyoxigraph {v['pyoxigraph']}. Seconds, median of {out['runs']} runs (¹: one run).",
        "",
        "| what the engine is handed | focus nodes | data triples | pyshacl-turbo s | pySHACL s |",
        "|---|---|---|---|---|",
        f"| new records + one hop of context (`danvan validate`) | {turbo['focus_nodes']} |"
        f" {turbo['data_triples']:,} + ontology | {seconds(turbo)} | {seconds(py)} |",
        f"| new records inside the whole graph | {turbo['focus_nodes']} | {whole} |"
        f" {seconds(out['inside_turbo'])} | {seconds(out['inside_pyshacl'])} ¹ |",
        f"| the whole graph (every target) | all | {whole} |"
        f" {seconds(out['whole_turbo'])} ¹ | {seconds(out['whole_pyshacl'])} ¹ |",
        "",
        "`danvan validate` times are end to end (read and convert the YAML, resolve keys and"
        " units, fetch context, validate, locate the findings); converting took"
        f" {out['steps']['convert_s']:.3f} s and fetching {out['steps']['context_triples']:,}"
        f" context triples {out['steps']['context_s']:.3f} s. On the batch both engines give"
        f" {same} ({turbo['violations']} violations, {turbo['warnings']} warnings,"
        f" {turbo['findings']} findings in all; pySHACL {py['findings']}). Handed the whole"
        f" graph instead, turbo finds {out['inside_turbo']['results']} results on the new"
        f" records, against {turbo['results']} with one hop of context."
        " The whole-graph rows exclude serialising the store to N-Triples"
        f" ({out['serialise_whole_s']:.1f} s) and, for turbo, loading that into an in-memory"
        f" store ({out['load_whole_s']:.1f} s); the pySHACL ones include parsing it into rdflib"
        f' and ran in a child process capped at {out["cap_s"]:.0f} s ("> cap": stopped).'
        f" Building the store took {out['build']['build_s']:.0f} s.",
        "",
    ]
    return "\n".join(lines)


def write_section(path: Path, text: str) -> None:
    """Replace (or add) the ``## Validation`` section of ``path``; leave the rest alone."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(old):
        new = pattern.sub(lambda _match: text + "\n", old, count=1)
    else:
        new = old.rstrip("\n") + "\n\n" + text
    path.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_pyshacl(*sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", type=float, default=0.85, help="synthetic scale (0.85 ≈ 1.2M quads)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--pyshacl-cap", type=float, default=900.0, help="seconds per whole-graph pySHACL run"
    )
    parser.add_argument(
        "--work", type=Path, default=Path(os.environ.get("BENCH_DIR", "/tmp/danvan-bench-validate"))
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument(
        "--no-write", action="store_true", help="print the section, do not edit the docs"
    )
    args = parser.parse_args()
    out = measure(args.work, args.scale, args.runs, args.pyshacl_cap, args.seed)
    (args.work / "validation.json").write_text(json.dumps(out, indent=1))
    text = markdown(out)
    print(text)
    if not args.no_write:
        write_section(args.out, text)
        print(f"· wrote the {SECTION!r} section of {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
