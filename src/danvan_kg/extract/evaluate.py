"""Gold annotations and precision/recall/F1 per kind (``danvan extract --evaluate``).

A gold file (``danvan-gold/1``, see tests/gold/README.md) names an article of the
shared corpus and lists the mentions a careful reader finds in its cleaned text:
kind, span, the short surface string, the normalised value. A predicted mention counts
as found when one gold mention of the same kind overlaps it and has the same key
(:func:`mention_key`); each gold mention is matched at most once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from danvan_kg.extract.batch import ExtractError, read_article
from danvan_kg.extract.clean import clean_with_metadata
from danvan_kg.extract.model import Article, Mention, Metadata
from danvan_kg.extract.pipeline import find_mentions
from danvan_kg.text import match_key

GOLD_FORMAT = "danvan-gold/1"
EVALUATED = ("document", "date", "person", "figure", "model")


def mention_key(kind: str, value: dict[str, Any], text: str = "") -> str:
    """What must agree for a predicted and a gold mention to be the same fact."""
    if kind == "document":
        return str(value.get("identifier") or f"{value.get('type')} {value.get('number')}")
    if kind == "date":
        return str(value.get("iso"))
    if kind == "person":
        return f"{match_key(str(value.get('name')))}|{value.get('role')}"
    if kind == "figure":
        number = value.get("number")
        return str(number if number is not None else value.get("as_stated"))
    if kind == "model":
        return match_key(str(value.get("name")))
    return match_key(text)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class Score:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


# libyaml's parser when PyYAML has it: the same safe loading, ~10x faster (an evaluation
# reads hundreds of gold files).
_SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_gold(path: Path) -> dict[str, Any]:
    try:
        gold = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except (OSError, yaml.YAMLError) as error:
        raise ExtractError("extract.gold-invalid", path=str(path), detail=str(error)) from None
    if not isinstance(gold, dict) or gold.get("format") != GOLD_FORMAT:
        raise ExtractError(
            "extract.gold-invalid", path=str(path), detail=f"format is not {GOLD_FORMAT}"
        )
    return gold


def gold_metadata(gold: dict[str, Any]) -> Metadata:
    published = gold.get("published")
    return Metadata(published=str(published) if published else None, province=gold.get("province"))


def score_article(
    predicted: Iterable[Mention], gold: dict[str, Any], scores: dict[str, Score], name: str
) -> None:
    """Add one article's counts to ``scores`` (kinds the gold file annotates only)."""
    kinds = [kind for kind in gold.get("kinds", EVALUATED) if kind in EVALUATED]
    wanted = [g for g in gold.get("mentions") or [] if g["kind"] in kinds]
    used: set[int] = set()
    for kind in kinds:
        scores.setdefault(kind, Score())
    for mention in predicted:
        if mention.kind not in kinds:
            continue
        score = scores[mention.kind]
        score.predicted += 1
        key = mention_key(mention.kind, mention.value, mention.text)
        for index, entry in enumerate(wanted):
            if index in used or entry["kind"] != mention.kind:
                continue
            if (
                entry["start"] < mention.end
                and mention.start < entry["end"]
                and gold_key(entry) == key
            ):
                used.add(index)
                score.true_positives += 1
                break
        else:
            score.false_alarms.append(f"{name}: {mention.text!r} → {key}")
    for index, entry in enumerate(wanted):
        scores[entry["kind"]].gold += 1
        if index not in used:
            scores[entry["kind"]].misses.append(f"{name}: {entry['text']!r} → {gold_key(entry)}")


def gold_key(entry: dict[str, Any]) -> str:
    kind = entry["kind"]
    value = entry.get("value")
    if kind == "document":
        return str(value)
    if kind == "date":
        return str(value)
    if kind == "person":
        return f"{match_key(str(value))}|{entry.get('role')}"
    if kind == "figure":
        return str(value)
    return match_key(str(value))


def _corpus_roots(corpus: Path | Sequence[Path]) -> list[Path]:
    return [corpus] if isinstance(corpus, Path) else list(corpus)


def _manifest_url(path: Path) -> str | None:
    """The address ``MANIFEST.tsv`` beside ``path`` gives for it (columns file, url …)."""
    manifest = path.parent / "MANIFEST.tsv"
    if not manifest.is_file():
        return None
    for line in manifest.read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) > 1 and cells[0] == path.name:
            return cells[1]
    return None


def _holds(path: Path, gold: dict[str, Any]) -> bool:
    """Whether ``path`` is the gold file's article: it exists and, when both the gold file
    and the folder's manifest name an address, they name the same one. Held-out sets kept
    outside the project all number their files ``001.txt`` …, so a name alone does not
    say which set a file belongs to."""
    if not path.is_file():
        return False
    url = gold.get("url")
    listed = _manifest_url(path) if url else None
    return listed is None or listed == url


def _find_text(gold: dict[str, Any], roots: list[Path]) -> tuple[Path, tuple[str, Metadata]] | None:
    """The article of ``gold`` under the first root that holds it with the annotated text,
    and that article cleaned (its text and its meta tags' metadata).

    Two sets may use the same relative name (``001.txt`` in two roots): a root whose
    manifest gives the file another address does not hold it, and a root whose file
    cleans to another text is passed over while another root's file matches the hash; if
    none matches, the first existing file is returned so the caller reports the change.
    The cleaning done for the hash is the one returned: an article is cleaned once.
    """
    existing = [root / str(gold["article"]) for root in roots]
    existing = [path for path in existing if _holds(path, gold)]
    if not existing:
        return None
    wanted = gold.get("text_sha256")
    texts = [(path, read_article(path)) for path in existing]
    first: tuple[Path, tuple[str, Metadata]] | None = None
    for path, raw in texts:
        found = clean_with_metadata(raw)
        first = first or (path, found)
        if not wanted or text_hash(found[0]) == wanted:
            return path, found
    return first


def evaluate(
    gold_files: Path | Sequence[Path],
    corpus: Path | Sequence[Path],
    *,
    skipped: list[str] | None = None,
) -> dict[str, Score]:
    """Scores per kind over the ``*.yaml`` gold files of the folder ``gold_files`` (or over
    the gold files listed, to score one set without reading the others).

    ``corpus`` is one folder or several (the shared corpus, a held-out set kept outside
    the project): a gold file's ``article`` is looked up under each. A gold file whose
    article is under none of them is left out and its name appended to ``skipped``; if no
    gold file's article is found at all, the first is reported missing (a wrong
    ``--corpus`` should not print an empty table).
    """
    roots = _corpus_roots(corpus)
    scores: dict[str, Score] = {}
    missing: list[tuple[Path, dict[str, Any]]] = []
    evaluated = 0
    if isinstance(gold_files, Path):
        gold_files = sorted(gold_files.glob("*.yaml"))
    for path in gold_files:
        gold = load_gold(path)
        found = _find_text(gold, roots)
        if found is None:
            missing.append((path, gold))
            continue
        article, (text, metadata) = found
        # Scoring needs the mentions only: the draft record is not built (it is checked
        # elsewhere, and a fault in it should not hide the finders' scores).
        cleaned = Article(text, gold_metadata(gold).merged(metadata), article.name)
        mentions = find_mentions(cleaned)
        if gold.get("text_sha256") and gold["text_sha256"] != text_hash(text):
            raise ExtractError(
                "extract.gold-invalid",
                path=str(path),
                detail="the cleaned text changed; re-check the spans",
            )
        score_article(mentions, gold, scores, str(gold["article"]))
        evaluated += 1
    if missing and not evaluated:
        path, gold = missing[0]
        raise ExtractError(
            "extract.gold-text-missing",
            path=str(path),
            article=gold["article"],
            corpus=", ".join(str(root) for root in roots),
        )
    if skipped is not None:
        skipped.extend(path.name for path, _ in missing)
    return scores


def render_scores(scores: dict[str, Score]) -> str:
    lines = [f"{'kind':<10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'found':>5}"]
    for kind in EVALUATED:
        if kind in scores:
            s = scores[kind]
            rates = f"{s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}"
            lines.append(f"{kind:<10} {rates} {s.gold:5d} {s.predicted:5d}")
    return "\n".join(lines) + "\n"


def place_spans(text: str, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Authoring aid: give entries written in reading order (kind, text, value …) their
    span — the next occurrence of ``text`` at or after the previous entry's start."""
    cursor = 0
    placed = []
    for entry in entries:
        start = text.find(entry["text"], cursor)
        if start < 0:
            raise ValueError(f"{entry['text']!r} not found after offset {cursor}")
        placed.append(
            {"kind": entry["kind"], "start": start, "end": start + len(entry["text"]), **entry}
        )
        cursor = start + 1
    return placed
