"""Benchmark `danvan extract`: articles per second on one core, for ~5 kB articles.

The articles are the 47 texts of ../shared/corpus (5 source articles and 42 excerpts),
joined and cut into pieces of about 5,000 characters at line breaks, so the measured
text is real news prose. Each piece runs the whole pipeline (clean, find, resolve,
draft) in this one process; the gazetteer is loaded once before timing, as a folder
run does before its workers fork. Prints the figures for docs/extraction.md.

    python bench/bench_extract.py [--size 5000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from danvan_kg.extract import extract
from danvan_kg.gazetteer import Gazetteer

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def pieces(size: int) -> list[str]:
    files = sorted(CORPUS.glob("*.txt")) + sorted((CORPUS / "dev").glob("*.txt"))
    if not files:
        sys.exit(f"no articles in {CORPUS}")
    lines = "\n".join(p.read_text(encoding="utf-8") for p in files).split("\n")
    out: list[str] = []
    current: list[str] = []
    length = 0
    for line in lines:
        current.append(line)
        length += len(line) + 1
        if length >= size:
            out.append("\n".join(current))
            current, length = [], 0
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=5000, help="characters per article")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    gazetteer = Gazetteer.load().prepare()
    load = time.perf_counter() - started
    articles = pieces(args.size)
    started = time.perf_counter()
    extract(articles[0], gazetteer=gazetteer)  # builds the loose unit-name index, regexes
    first = time.perf_counter() - started
    rates = []
    cpu_rates = []
    for _ in range(args.rounds):
        started, cpu_started = time.perf_counter(), time.process_time()
        mentions = sum(len(extract(a, gazetteer=gazetteer).mentions) for a in articles)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        rates.append(len(articles) / elapsed)
        cpu_rates.append(len(articles) / cpu)
    mean_chars = statistics.mean(len(a) for a in articles)
    print(
        f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(f"gazetteer load + name index: {load:.2f} s; first article {first:.2f} s (once per run)")
    print(
        f"{len(articles)} articles of {mean_chars:,.0f} characters on average, {mentions} mentions"
    )
    print(
        f"articles/second, wall clock: {statistics.median(rates):.1f} (median of {args.rounds};"
        f" min {min(rates):.1f}, max {max(rates):.1f}; load average {os.getloadavg()[0]:.1f})"
    )
    # CPU time of this one process: what one core does, whatever else the machine runs
    print(f"articles/second of CPU time (one core): {statistics.median(cpu_rates):.1f}")


if __name__ == "__main__":
    main()
