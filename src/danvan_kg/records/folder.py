"""The records folder of a store: where ``danvan add`` keeps the files it added, so that
``danvan build`` rebuilds them (the record files are the source of truth; the store is
made from them).

A store at ``.danvan/store`` has its folder at ``.danvan/records`` (``sources/{key}.yaml``,
one file per source). Adding is two writes — the file and the store — made into one by a
pending file:

1. the new file is written as ``sources/{key}.yaml.pending`` (flushed to disk);
2. the store is written in one transaction: this is the moment the add happens;
3. the pending file is renamed over ``sources/{key}.yaml``.

A crash before 2 leaves a pending file and the store as it was; a crash between 2 and 3
leaves a pending file whose records the store holds. :meth:`RecordsFolder.recover`, run by
every add and build before anything else, tells the two apart — does the store's graph
of that source hold exactly what the pending file converts to? — and finishes the rename
or removes the pending file. Either way the folder and the store agree again. The
lineage closure, recomputed after the store is written, is marked stale in the folder
until it is, so that a crash before it leaves the next add or build to recompute it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

PENDING = ".pending"


@dataclass(frozen=True)
class Staged:
    """A record file written as pending, waiting for the store's transaction."""

    pending: Path
    final: Path


class RecordsFolder:
    """The folder of the record files added to one store (see the module's docstring)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    @classmethod
    def beside(cls, store_path: Path | str) -> RecordsFolder:
        """The records folder of the store at ``store_path``: ``records`` next to it."""
        return cls(Path(store_path).parent / "records")

    def __repr__(self) -> str:
        return f"RecordsFolder({str(self.root)!r})"

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    def paths(self) -> list[Path]:
        """The record files kept here, sorted (none when the folder does not exist)."""
        return sorted(self.sources.glob("*.yaml")) if self.sources.is_dir() else []

    def pending(self) -> list[Path]:
        return sorted(self.sources.glob(f"*.yaml{PENDING}")) if self.sources.is_dir() else []

    def path_for(self, source_key: str) -> Path:
        return self.sources / f"{source_key}.yaml"

    def stage(self, files: Iterable[tuple[Path, str]]) -> list[Staged]:
        """Step 1: write each (file, source key) as a pending file, flushed to disk.

        A file that already is the kept copy (the user added it from here) or has the
        same bytes as the kept copy needs no new one and is left out."""
        self.sources.mkdir(parents=True, exist_ok=True)
        staged: list[Staged] = []
        try:
            for path, key in files:
                final = self.path_for(key)
                data = Path(path).read_bytes()
                if final.exists() and final.read_bytes() == data:
                    continue
                pending = final.with_name(final.name + PENDING)
                _write_durably(pending, data)
                staged.append(Staged(pending, final))
        except BaseException:
            self.abandon(staged)
            raise
        return staged

    def commit(self, staged: Sequence[Staged]) -> None:
        """Step 3, after the store's transaction: every pending file takes its place."""
        for item in staged:
            os.replace(item.pending, item.final)
        _sync_directory(self.sources)

    def abandon(self, staged: Sequence[Staged]) -> None:
        """The store was not written: remove the pending files."""
        for item in staged:
            item.pending.unlink(missing_ok=True)

    def recover(self, stored_as: Callable[[Path], bool]) -> list[tuple[Path, bool]]:
        """Finish what a crashed add left: each pending file is kept (renamed into place)
        when ``stored_as(pending)`` says the store holds exactly its records, else
        removed. Returns (final path, kept) per pending file found."""
        outcome = []
        for pending in self.pending():
            final = pending.with_name(pending.name[: -len(PENDING)])
            kept = stored_as(pending)
            if kept:
                os.replace(pending, final)
            else:
                pending.unlink()
            outcome.append((final, kept))
        if outcome:
            _sync_directory(self.sources)
        return outcome

    # A marker written before an add writes the store and removed once the lineage
    # closure is recomputed: found by the next add or build, it says the closure may
    # miss what the last add wrote.
    @property
    def _stale_marker(self) -> Path:
        return self.root / "closure-stale"

    def mark_closure_stale(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        _write_durably(self._stale_marker, b"")

    def closure_stale(self) -> bool:
        return self._stale_marker.exists()

    def clear_closure_stale(self) -> None:
        self._stale_marker.unlink(missing_ok=True)


def same_quads(stored: Iterable[ox.Quad], converted: Iterable[ox.Quad]) -> bool:
    """Whether a stored graph holds exactly the quads a file converts to."""
    return set(stored) == set(converted)


def _write_durably(path: Path, data: bytes) -> None:
    with path.open("wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _sync_directory(folder: Path) -> None:
    # A rename is durable once its directory is; not every platform can open one.
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
