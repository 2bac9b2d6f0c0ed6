"""Find the files danvan-kg ships: ontology, shapes, queries and the curated data.

They live at the top of the repository (where people edit them) and are linked into
the package as ``danvan_kg/resources/*``, so an installed wheel and a source checkout
find them the same way.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path


def resource(*parts: str) -> Traversable:
    """The packaged file or folder ``resources/<parts>``.

    >>> resource("ontology", "danvan.ttl").name
    'danvan.ttl'
    """
    node = files("danvan_kg").joinpath("resources")
    for part in parts:
        node = node.joinpath(part)
    return node


def resource_path(*parts: str) -> Path:
    """Like :func:`resource` but as a filesystem path (the package is never zipped)."""
    return Path(str(resource(*parts)))


def resource_files(folder: str, suffix: str) -> list[Path]:
    """Every file under ``resources/<folder>`` ending in ``suffix``, sorted by path."""
    root = resource_path(folder)
    return sorted(path for path in root.rglob(f"*{suffix}") if path.is_file())
