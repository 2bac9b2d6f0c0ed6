"""Time and peak memory of `danvan validate` on the largest allowed and refused inputs.

    .venv/bin/python bench/bench_limits.py [--store .danvan/store]

Each input is made in a temporary folder and validated by a fresh `danvan` process, run
under a wrapper process that reports its child's peak resident memory; figures go to
stdout as a Markdown table (docs/adversarial.md). Run `danvan build` first.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from danvan_kg.records.loading import MAX_FILE_BYTES, MAX_RECORDS
from danvan_kg.records.values import MAX_TEXT_CHARS

HEADER = "format: danvan-record/1\nsource: {key: bench-limits, kind: article, title: Thử}\n"
WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "started = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], capture_output=True).returncode\n"
    "print(code, time.perf_counter() - started,"
    " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def inputs(folder: Path) -> dict[str, Path]:
    """The inputs, by what they are."""
    made: dict[str, str] = {}
    people = "".join(f"  - {{key: p{n}, name: Người {n}}}\n" for n in range(MAX_RECORDS))
    made[f"{MAX_RECORDS:,} records (the most allowed)"] = HEADER + "people:\n" + people
    note = "x" * (MAX_TEXT_CHARS - 10)
    count = (MAX_FILE_BYTES - 4096) // (MAX_TEXT_CHARS + 40)
    made[f"{count} records with a {MAX_TEXT_CHARS - 10:,}-character note (near 16 MiB)"] = (
        HEADER
        + "people:\n"
        + "".join(f"  - {{key: q{n}, name: Q, note: {note}}}\n" for n in range(count))
    )
    made[f"{MAX_RECORDS + 1:,} records (refused)"] = (
        HEADER + "people:\n" + people + "  - {key: one-more, name: N}\n"
    )
    made["a 40 MB file (refused)"] = HEADER + "# " + "x" * 40_000_000 + "\n"
    made["a 10 MB title (refused)"] = HEADER.replace(
        "title: Thử}", "title: " + "a" * 10_000_000 + "}"
    )
    aliases = ["a: &a [x, x, x, x, x, x, x, x, x]"] + [
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]" for n in range(8)
    ]
    made["an alias bomb used as the source key (9^9 leaves)"] = (
        "format: danvan-record/1\n"
        + "\n".join(aliases)
        + "\nsource: {key: *i, kind: article, title: T}\n"
    )
    paths = {}
    for number, (what, text) in enumerate(made.items()):
        path = folder / f"input-{number}.yaml"
        path.write_text(text, encoding="utf-8")
        paths[what] = path
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", default=".danvan/store")
    store = parser.parse_args().store
    danvan = str(Path(sys.executable).with_name("danvan"))
    print("| input | size | exit | seconds | peak memory |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for what, path in inputs(Path(folder)).items():
            done = subprocess.run(
                [sys.executable, "-c", WRAPPER, danvan, "validate", str(path), "--store", store],
                capture_output=True,
                text=True,
                check=True,
            )
            code, seconds, peak_kb = done.stdout.split()
            size = path.stat().st_size / 1e6
            print(
                f"| {what} | {size:.1f} MB | {code} | {float(seconds):.1f} |"
                f" {int(peak_kb) / 1024:.0f} MB |"
            )
    print(json.dumps({"measured": time.strftime("%Y-%m-%d")}), file=sys.stderr)


if __name__ == "__main__":
    main()
