"""Messages by code: one catalogue of templates in Vietnamese and English.

Code raises a code with arguments (``RecordError("record.field-unknown", field=…)``);
this module turns the pair into text in the reader's language, so no sentence is ever
translated from another. The templates live in ``messages/*.yaml`` (see its README).

>>> render("cli.internal-error", {"kind": "KeyError", "detail": "'x'"}, "vi")
"lỗi nội bộ: KeyError: 'x' (đặt DANVAN_DEBUG=1 để xem chi tiết)"
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import cache
from typing import Any, Literal

import yaml

from danvan_kg.resources import resource_files

Language = Literal["vi", "en"]
LANGUAGES: tuple[Language, ...] = ("vi", "en")
MAX_ARGUMENT = 200  # characters of one argument a message may show (inputs can be huge)


class CatalogueError(Exception):
    """The catalogue itself is broken (a developer's mistake, caught by the tests)."""


# libyaml's safe loader where PyYAML has it: the same data as yaml.safe_load, ~10x faster
# (the catalogue is read by the first error of every process, a CLI's included).
_SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every code → {language: template}, read once from ``messages/*.yaml``."""
    found: dict[str, dict[str, str]] = {}
    origin: dict[str, str] = {}
    for path in resource_files("messages", ".yaml"):
        entries = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}
        if not isinstance(entries, dict):
            raise CatalogueError(f"{path.name}: expected a mapping of codes")
        for code, templates in entries.items():
            if code in found:
                raise CatalogueError(f"{path.name}: code {code!r} is also in {origin[code]}")
            if not isinstance(templates, dict) or set(templates) != set(LANGUAGES):
                raise CatalogueError(f"{path.name}: {code!r} needs exactly {LANGUAGES}")
            found[code] = {language: str(templates[language]) for language in LANGUAGES}
            origin[code] = path.name
    return found


def fields(template: str) -> set[str]:
    """The argument names a template uses.

    >>> sorted(fields("{a!r} and {b} and {a}"))
    ['a', 'b']
    """
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def shorten(value: Any, limit: int = MAX_ARGUMENT) -> Any:
    """A value safe to show: long text cut with an ellipsis, numbers as they are.

    >>> shorten("x" * 300)[-18:]
    '… (300 characters)'
    >>> shorten(12)
    12
    """
    if isinstance(value, bool | int | float) or value is None:
        return value
    text = value if isinstance(value, str) else str(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def render(code: str, args: Mapping[str, Any] | None = None, language: Language = "en") -> str:
    """The message of ``code`` in ``language``, its fields filled from ``args``.

    An unknown code or a missing argument is a bug in danvan, so it raises
    :class:`CatalogueError` rather than printing something half-made.
    """
    try:
        template = catalogue()[code][language]
    except KeyError as error:
        raise CatalogueError(f"no message {code!r} in language {language!r}") from error
    values = {name: shorten(value) for name, value in (args or {}).items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError) as error:
        raise CatalogueError(f"message {code!r} cannot be filled from {sorted(values)}") from error
