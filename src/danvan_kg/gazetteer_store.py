"""The gazetteer as a ready-made on-disk store, kept in a cache folder, from which every
on-disk build starts.

Every build holds the same ~150,000 gazetteer quads. Making them in Python and loading
them into RocksDB costs about 3.5 s a build; copying a compacted store that holds them
(a RocksDB checkpoint: hard links where it can) costs about 0.1 s. The cache is made by
the first on-disk build of a version of the package and reused by every later one, in
any process.

The cache folder is ``$DANVAN_CACHE_DIR`` when set (``off`` turns the cache off), else
``$XDG_CACHE_HOME/danvan-kg``, else ``~/.cache/danvan-kg``. Each entry is named by a
digest of everything its quads are made from (the package's code and the gazetteer's
data files), so a changed package never reads a stale entry; entries of other digests
are removed when a new one is made. Anything that goes wrong with the cache (a folder
that cannot be written, a damaged entry) makes the build load the gazetteer itself, as
it would without a cache: the cache can make a build faster, never different.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from danvan_kg.gazetteer import gazetteer_data_files, gazetteer_quads
from danvan_kg.vocab import GAZETTEER_GRAPH

CACHE_VARIABLE = "DANVAN_CACHE_DIR"
_ENTRY_PREFIX = "gazetteer-"
_META = "danvan-entry.json"
_MAKING = ".making-"


_NQUADS = "gazetteer.nq"


@functools.cache
def gazetteer_graph() -> tuple[ox.Quad, ...]:
    """The gazetteer's quads in their named graph, once per process.

    Made in Python they cost ~0.8 s of CPU; parsed by Oxigraph from the N-Quads that the
    cache entry keeps beside its store (written from these very quads, checked by count
    and digest) ~0.3 s. An in-memory build, which cannot copy the cached store, pays this
    once per process."""
    cached = _cached_quads()
    if cached is not None:
        return cached
    return tuple(gazetteer_quads(GAZETTEER_GRAPH.value))


def _cached_quads() -> tuple[ox.Quad, ...] | None:
    """The quads of the current cache entry's N-Quads, or None when there is no such
    file or it does not match its note (any doubt: the caller makes them itself)."""
    folder = cache_dir()
    if folder is None:
        return None
    entry = folder / (_ENTRY_PREFIX + _digest())
    try:
        meta = json.loads((entry / _META).read_text(encoding="utf-8"))
        data = (entry / _NQUADS).read_bytes()
        if not isinstance(meta, dict) or meta.get("nquads_sha256") != _sha256(data):
            return None
        quads = tuple(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    except (OSError, ValueError, SyntaxError):
        return None
    return quads if len(quads) == meta.get("quads") else None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cache_dir() -> Path | None:
    """Where cached stores live, or None when the cache is turned off."""
    setting = os.environ.get(CACHE_VARIABLE)
    if setting is not None:
        return None if setting.strip().lower() in ("", "off") else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "danvan-kg"


def digest() -> str:
    """The digest that names what is cached from the gazetteer (this store, the map's
    outlines: danvan_kg.charts.geometry)."""
    return _digest()


@functools.cache
def _digest() -> str:
    """A digest of what the gazetteer's quads are made from: this package's code (any
    change to it may change them), the gazetteer's data files and the engine's version
    (the store's file format)."""
    digest = hashlib.sha256(ox.__version__.encode())
    package = Path(__file__).parent
    sources = sorted(package.rglob("*.py")) + [Path(path) for path in gazetteer_data_files()]
    for path in sources:
        digest.update(str(path.relative_to(path.anchor)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def start_from_gazetteer(target: Path) -> int | None:
    """Make ``target`` (a folder that must not exist yet, or an empty one) a copy of the
    cached gazetteer store, making the cache entry first if need be.

    Returns how many gazetteer quads the copy holds, or None when there is no cache to
    copy from (turned off, not writable, damaged): the caller then loads the gazetteer
    itself."""
    folder = cache_dir()
    if folder is None:
        return None
    entry = folder / (_ENTRY_PREFIX + _digest())
    try:
        count = _entry_count(entry)
        if count is None:
            count = _make_entry(folder, entry, gazetteer_graph())
        if target.exists():
            target.rmdir()  # an empty staging folder: the checkpoint makes its own
        ox.Store.read_only(str(entry / "store")).backup(str(target))
    except (OSError, ValueError, RuntimeError):
        # A damaged entry is removed, so the next build makes it again.
        shutil.rmtree(entry, ignore_errors=True)
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True, exist_ok=True)
        return None
    return count


def _entry_count(entry: Path) -> int | None:
    """The number of quads a finished entry holds (written last, when it was complete)."""
    try:
        meta = json.loads((entry / _META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    count = meta.get("quads") if isinstance(meta, dict) else None
    return count if isinstance(count, int) and (entry / "store").is_dir() else None


def _make_entry(folder: Path, entry: Path, quads: Sequence[ox.Quad]) -> int:
    """Write a new entry beside the others and move it into place in one rename (two
    processes making it at once: the second finds the place taken and keeps the first)."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=_MAKING, dir=folder))
    try:
        store = ox.Store(str(staging / "store"))
        store.bulk_extend(quads)
        store.flush()
        store.optimize()
        del store  # closes the RocksDB files before the folder moves
        # The same quads as text, for in-memory builds of other processes (gazetteer_graph).
        nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        (staging / _NQUADS).write_bytes(nquads)
        meta = {"quads": len(quads), "nquads_sha256": _sha256(nquads)}
        (staging / _META).write_text(json.dumps(meta), encoding="utf-8")
        if entry.exists() and _entry_count(entry) is None:
            shutil.rmtree(entry)  # entries move in with their note: this one is damaged
        try:
            staging.rename(entry)
        except OSError:
            if _entry_count(entry) is None:
                raise
        else:
            _remove_other_entries(folder, keep=entry)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(quads)


def _remove_other_entries(folder: Path, keep: Path) -> None:
    """Entries of other versions, and what processes killed while making one left
    (an hour old: one being made now is left alone)."""
    for other in folder.glob(_ENTRY_PREFIX + "*"):
        if other != keep:
            shutil.rmtree(other, ignore_errors=True)
    for left in folder.glob(_MAKING + "*"):
        with contextlib.suppress(OSError):
            if time.time() - left.stat().st_mtime > 3600:
                shutil.rmtree(left, ignore_errors=True)
