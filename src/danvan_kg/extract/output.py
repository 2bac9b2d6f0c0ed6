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

import yaml

from danvan_kg.extract.model import Extraction

JSON_FORMAT = "danvan-extract/1"


def to_yaml(extraction: Extraction) -> str:
    """The draft record, ready for ``danvan validate``."""
    return yaml.safe_dump(extraction.record, allow_unicode=True, sort_keys=False, width=100)


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
