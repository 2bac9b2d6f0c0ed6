"""Reading record files: UTF-8, safe YAML with clear errors, the format marker, sections.

:func:`read_record_file` turns bytes into a checked Python mapping or raises a
:class:`RecordError` naming the file (and the line, for YAML errors).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from danvan_kg.errors import RecordError
from danvan_kg.records.schema import FORMAT, SECTIONS

# Limits on one record file, checked before it is parsed or as its records are counted:
# an article's records are a few kilobytes; these leave room for reference files of a
# whole province and refuse, with one line, what would take minutes or gigabytes
# (docs/records.md, "Limits").
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_RECORDS = 10_000


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text (we parse them with clear errors) and
    refuses duplicate keys (the second silently winning hides typos)."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _DuplicateKeyError(yaml.constructor.ConstructorError):
    """A key given twice in one mapping (the second silently winning hides typos)."""

    def __init__(self, key: Any, mark: yaml.Mark) -> None:
        self.key = key
        super().__init__(None, None, f"duplicate key {key!r}", mark)


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise _DuplicateKeyError(key, key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# The same loader on libyaml's C parser (about 10× faster on large files), when PyYAML
# was built with it. Same resolvers and constructors, so the same documents; on any
# YAML error the file is parsed again with the pure-Python loader above, so error
# messages (problem and mark) are exactly those of _StrictLoader.
if getattr(yaml, "__with_libyaml__", False):

    class _FastStrictLoader(yaml.CSafeLoader):  # type: ignore[name-defined,misc]
        yaml_implicit_resolvers = _StrictLoader.yaml_implicit_resolvers
        yaml_constructors = _StrictLoader.yaml_constructors

    _LOADERS: tuple[type, ...] = (_FastStrictLoader, _StrictLoader)
else:  # pragma: no cover - PyYAML without libyaml
    _LOADERS = (_StrictLoader,)

_YAML_TAG = "tag:yaml.org,2002:"
_PLAIN_SCALAR_TAGS = frozenset(_YAML_TAG + kind for kind in ("null", "bool", "int", "float"))


class _UnusualYamlError(Exception):
    """A document that the plain construction below leaves to the loader's own."""


def _load_plain(text: str, loader_class: type) -> Any:
    """Load YAML made of mappings, lists and plain scalars, as ``loader_class`` would.

    The general constructor spends more time on bookkeeping (deep construction, state
    generators) than the C parser on parsing; records need none of it. Anything else
    (other tags, duplicate keys, recursive aliases) raises :class:`_UnusualYamlError`,
    and the caller loads the text the general way.
    """
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _construct_plain(node, loader, {})
        except Exception as error:
            raise _UnusualYamlError from error
    finally:
        loader.dispose()


def _construct_plain(node: yaml.Node, loader: Any, built: dict[int, Any]) -> Any:
    kind, tag = type(node), node.tag
    if kind is yaml.ScalarNode:
        if tag == _YAML_TAG + "str":
            return node.value
        if tag in _PLAIN_SCALAR_TAGS:
            return loader.yaml_constructors[tag](loader, node)
        raise _UnusualYamlError(tag)
    # An alias is the very same node again: give the very same object, as PyYAML does.
    if id(node) in built:
        if built[id(node)] is None:
            raise _UnusualYamlError("a recursive alias")
        return built[id(node)]
    built[id(node)] = None
    result: Any
    if kind is yaml.MappingNode and tag == _YAML_TAG + "map":
        result = {}
        for key_node, value_node in node.value:
            key = _construct_plain(key_node, loader, built)
            if key in result:
                raise _UnusualYamlError("a duplicate key")
            result[key] = _construct_plain(value_node, loader, built)
    elif kind is yaml.SequenceNode and tag == _YAML_TAG + "seq":
        result = [_construct_plain(item, loader, built) for item in node.value]
    else:
        raise _UnusualYamlError(tag)
    built[id(node)] = result
    return result


def _load_yaml(text: str) -> Any:
    try:
        return _load_plain(text, _LOADERS[0])
    except _UnusualYamlError:
        pass
    except yaml.YAMLError:
        return yaml.load(text, Loader=_LOADERS[-1])  # for the reference error message
    for loader in _LOADERS[:-1]:
        try:
            return yaml.load(text, Loader=loader)
        except yaml.YAMLError:
            break  # parse again below for the reference error message
    return yaml.load(text, Loader=_LOADERS[-1])


def read_record_file(path: Path | str) -> dict[str, Any]:
    """Read one record file: UTF-8, safe YAML, the right format marker, known sections."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise RecordError("record.file-too-large", file=name, size=size, limit=MAX_FILE_BYTES)
        raw = path.read_bytes()
    except OSError as error:
        raise RecordError("record.unreadable", file=name, reason=error.strerror) from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise RecordError(
            "record.not-utf8", file=name, byte=f"{raw[error.start]:02x}", line=line
        ) from error
    return parse_record_text(text, file=name)


def _colon_in_value(problem: str) -> bool:
    # What PyYAML says when a value holds ": " (a title such as "Thanh Liêm: sơ kết"):
    # in a block it reads a second mapping, in a flow mapping a stray colon.
    return problem.startswith("mapping values are not allowed") or problem.endswith("but got ':'")


def _quoted(line: str, column: int) -> str:
    """The field at ``column`` of ``line`` with its value in double quotes: the fix for
    a colon inside a value (in a block or in a ``{…}`` flow mapping).

    >>> _quoted("  title: Thanh Liêm: sơ kết", 19)
    'title: "Thanh Liêm: sơ kết"'
    >>> _quoted("source: {key: k, title: Lý Nhân: sơ kết, kind: article}", 30)
    'title: "Lý Nhân: sơ kết"'
    """
    item = line
    if "{" in line:
        start = max(line.rfind(", ", 0, column) + 2, line.rfind("{", 0, column) + 1)
        ends = [end for end in (line.find(", ", column), line.find("}", column)) if end != -1]
        item = line[start : min(ends) if ends else len(line)]
    key, separator, value = item.strip().partition(": ")
    if not separator or not value.strip():
        return 'key: "…: …"'
    escaped = value.strip().replace("\\", "\\\\").replace('"', '\\"')
    return f'{key}: "{escaped}"'


def _yaml_error(error: yaml.YAMLError, file: str, text: str = "") -> RecordError:
    """PyYAML's problem (English, from the library) and where, in a coded message."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if isinstance(error, _DuplicateKeyError):
        return RecordError(
            "record.yaml-duplicate-key",
            file=file,
            key=repr(error.key),
            line=mark.line + 1,
            column=mark.column + 1,
        )
    if mark and _colon_in_value(problem):
        line_text = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
        return RecordError(
            "record.yaml-unquoted-colon",
            file=file,
            line=mark.line + 1,
            column=mark.column + 1,
            quoted=_quoted(line_text, mark.column),
        )
    if mark:
        return RecordError(
            "record.yaml-malformed-at",
            file=file,
            problem=problem,
            line=mark.line + 1,
            column=mark.column + 1,
        )
    return RecordError("record.yaml-malformed", file=file, problem=problem)


def parse_record_text(text: str, *, file: str = "<string>") -> dict[str, Any]:
    """Parse record YAML given as text; see :func:`read_record_file`."""
    if len(text) > MAX_FILE_BYTES:
        raise RecordError("record.file-too-large", file=file, size=len(text), limit=MAX_FILE_BYTES)
    try:
        document = _load_yaml(text)
    except yaml.YAMLError as error:
        raise _yaml_error(error, file, text) from error
    if not isinstance(document, dict):
        raise RecordError("record.not-a-mapping", file=file)
    if document.get("format") != FORMAT:
        raise RecordError("record.format-marker", file=file, field="format", format=FORMAT)
    unknown = sorted(set(document) - set(SECTIONS) - {"format"})
    if unknown:
        raise RecordError(
            "record.section-unknown", file=file, section=unknown[0], known=", ".join(SECTIONS)
        )
    if not isinstance(document.get("source"), dict):
        raise RecordError("record.source-missing", file=file, field="source")
    for section in SECTIONS:
        if section != "source" and not isinstance(document.get(section, []), list):
            raise RecordError("record.section-not-list", file=file, section=section)
    records = sum(len(document.get(section, [])) for section in SECTIONS if section != "source")
    if records > MAX_RECORDS:
        raise RecordError("record.too-many-records", file=file, count=records, limit=MAX_RECORDS)
    return document


@dataclass
class RecordFile:
    """One parsed record file and where it came from."""

    name: str
    content: dict[str, Any]

    @property
    def source_key(self) -> str:
        return str(self.content["source"]["key"])


def display_name(path: Path | str) -> str:
    """How errors name a file: relative to the working folder when it is inside it."""
    resolved = Path(path).resolve()
    try:
        return str(resolved.relative_to(Path.cwd()))
    except ValueError:
        return str(resolved)


def read_file(path: Path | str) -> RecordFile:
    """Read one record file; its errors name it as :func:`display_name` does."""
    name = display_name(path)
    try:
        content = read_record_file(path)
    except RecordError as error:
        error.file = name
        raise
    return RecordFile(name, content)


def read_batch(paths: Iterable[Path | str]) -> list[RecordFile]:
    """Read record files (all or nothing: the first unreadable file raises)."""
    return [read_file(path) for path in paths]
