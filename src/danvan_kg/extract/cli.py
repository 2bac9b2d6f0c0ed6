"""The work behind ``danvan extract`` (the click command in danvan_kg.cli is its shell)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from danvan_kg.extract.annotate import annotate as annotate_page
from danvan_kg.extract.batch import ExtractError, article_files, extract_file, extract_paths
from danvan_kg.extract.evaluate import evaluate, render_scores
from danvan_kg.extract.model import Extraction, Metadata
from danvan_kg.extract.output import to_json, to_yaml
from danvan_kg.messages import render


def _write(extraction: Extraction, fmt: str, annotate: Path | None, output: Path | None,
           echo: Callable[..., None]) -> None:  # fmt: skip
    body = to_json(extraction) if fmt == "json" else to_yaml(extraction)
    if output is None:
        echo(body, nl=False)
    else:
        output.write_text(body, encoding="utf-8")
    if annotate is not None:
        annotate.write_text(annotate_page(extraction), encoding="utf-8")


def run_extract(
    path: Path,
    metadata: dict[str, str | None],
    *,
    output_format: str,
    annotate: Path | None,
    output: Path | None,
    jobs: int | None,
    store_path: Path | None,
    echo: Callable[..., None],
    progress: Callable[[str], None],
) -> int:
    """Extract ``path`` (a file or a folder); returns how many files failed."""
    meta = Metadata(**metadata)
    if not path.is_dir():
        store: Any = None
        if store_path is not None:
            from danvan_kg.stores import Store

            store = Store.embedded(store_path, read_only=True)
        _write(extract_file(path, meta, store=store), output_format, annotate, output, echo)
        return 0
    if output is None:
        raise ExtractError("extract.output-folder", output=str(path))
    files = article_files(path)
    output.mkdir(parents=True, exist_ok=True)
    if annotate is not None:
        annotate.mkdir(parents=True, exist_ok=True)
    suffix = ".json" if output_format == "json" else ".yaml"
    failed = 0

    def report(done: int, total: int) -> None:
        if done == total or done % 10 == 0:
            progress(f"{done}/{total} articles")

    for file, result in extract_paths(files, meta, jobs=jobs, progress=report):
        if isinstance(result, ExtractError):
            echo(f"danvan: error: {result}", err=True)
            failed += 1
            continue
        page = annotate / f"{file.stem}.html" if annotate is not None else None
        _write(result, output_format, page, output / f"{file.stem}{suffix}", echo)
    return failed


def run_evaluate(gold_dir: Path, corpus: Path | Sequence[Path]) -> str:
    """The P/R/F1 table of the gold files in ``gold_dir`` whose articles are under
    ``corpus`` (one folder or several), and a line naming the gold files left out."""
    skipped: list[str] = []
    table = render_scores(evaluate(gold_dir, corpus, skipped=skipped))
    if skipped:
        table += (
            render("extract.gold-skipped", {"count": len(skipped), "names": ", ".join(skipped)})
            + "\n"
        )
    return table
