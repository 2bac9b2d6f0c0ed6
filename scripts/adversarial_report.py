"""Write the corpus table of docs/adversarial.md from tests/bad_records/cases.yaml.

    .venv/bin/python scripts/adversarial_report.py

Between the markers of the doc, one row per case: the file, what it gets (exit code and
the severity of its findings), the field, and the start of the English message; then the
count by outcome. tests/test_docs.py fails when the table is stale.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "bad_records" / "cases.yaml"
DOC = ROOT / "docs" / "adversarial.md"
START, END = "<!-- corpus:start -->", "<!-- corpus:end -->"
EXIT = {"unusable": 2, "violation": 1, "warning": 0}
OUTCOME = {
    2: "refused: unusable (exit 2)",
    1: "refused: violation (exit 1)",
    0: "admitted with a warning (exit 0; add needs --accept-warnings)",
}


def table() -> str:
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))["cases"]
    rows = ["| file | exit | severity | field | message (en, start) |", "|---|---:|---|---|---|"]
    outcomes: Counter[int] = Counter()
    for case in cases:
        severities = [expected["severity"] for expected in case["expect"]]
        code = max(EXIT[severity] for severity in severities)
        outcomes[code] += 1
        first = case["expect"][0]
        message = first["en"].replace("|", "\\|")
        rows.append(
            f"| `{case['file']}` | {code} | {', '.join(sorted(set(severities)))} |"
            f" `{first.get('field', '')}` | {message} |"
        )
    summary = [f"{len(cases)} cases:"] + [
        f"- {count} {OUTCOME[code]}" for code, count in sorted(outcomes.items(), reverse=True)
    ]
    return "\n".join([*summary, "", *rows])


def render(text: str) -> str:
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table()}\n{END}{tail}"


def main() -> None:
    current = DOC.read_text(encoding="utf-8")
    updated = render(current)
    if updated != current:
        DOC.write_text(updated, encoding="utf-8")
        print(f"{DOC}: updated")
    else:
        print(f"{DOC}: up to date")


if __name__ == "__main__":
    sys.exit(main())
