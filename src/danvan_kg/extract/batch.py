"""Reading articles from disk, one or a folder at a time, safely.

A file is refused before it is read when it is larger than :data:`MAX_BYTES`, and after
when it is not text; in a folder such a file gives one error and the others go on.
Folders run in worker processes (the gazetteer is loaded once, before they fork).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from danvan_kg.errors import DanvanError
from danvan_kg.extract.model import Extraction, Metadata
from danvan_kg.extract.pipeline import extract
from danvan_kg.gazetteer import Gazetteer

MAX_BYTES = 5_000_000  # the longest real article pages are a few hundred kB
SUFFIXES = (".txt", ".html", ".htm")


class ExtractError(DanvanError):
    """An article that cannot be extracted (missing, too large, binary, unreadable)."""


def read_article(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The text of ``path``: size checked before reading; NUL bytes or bytes that are not
    UTF-8 make it "not text" (old Vietnamese encodings such as TCVN3 are not decoded)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ExtractError("extract.not-found", path=str(path)) from None
    except OSError as error:
        raise ExtractError("extract.unreadable", path=str(path), detail=error.strerror) from None
    if size > max_bytes:
        raise ExtractError("extract.too-large", path=str(path), size=size, limit=max_bytes)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ExtractError("extract.unreadable", path=str(path), detail=error.strerror) from None
    if b"\x00" in data[:65536]:
        raise ExtractError("extract.binary", path=str(path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtractError("extract.binary", path=str(path)) from None


def article_files(folder: Path) -> list[Path]:
    """The articles of ``folder`` (not recursive), by name."""
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
    if not files:
        raise ExtractError("extract.no-articles", folder=str(folder))
    return files


def extract_file(path: Path, metadata: Metadata | None = None, *, store: Any = None) -> Extraction:
    """Read and extract one article file."""
    return extract(read_article(path), metadata, name=path.name, store=store)


_WORKER_METADATA: Metadata | None = None


def _init_worker(metadata: Metadata | None) -> None:
    global _WORKER_METADATA
    _WORKER_METADATA = metadata


def _work(path: Path) -> Extraction | ExtractError:
    try:
        return extract_file(path, _WORKER_METADATA)
    except ExtractError as error:
        return error


def extract_paths(
    paths: Sequence[Path],
    metadata: Metadata | None = None,
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[tuple[Path, Extraction | ExtractError]]:
    """Extract every file, in order of ``paths``; an unusable file yields its error.

    ``jobs`` worker processes (default: the CPUs); ``progress(done, total)`` after each.
    """
    Gazetteer.load().prepare()  # before forking: the workers share the loaded index
    jobs = jobs or os.cpu_count() or 1
    total = len(paths)
    if jobs == 1 or total < 2:
        _init_worker(metadata)
        results = map(_work, paths)
        for done, (path, result) in enumerate(zip(paths, results, strict=True), 1):
            yield path, result
            if progress:
                progress(done, total)
        return
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(metadata,)) as pool:
        for done, (path, result) in enumerate(zip(paths, pool.map(_work, paths), strict=True), 1):
            yield path, result
            if progress:
                progress(done, total)
