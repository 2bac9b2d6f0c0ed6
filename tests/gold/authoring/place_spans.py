"""Write tests/gold/*.yaml from the hand-written entries in this folder.

Each ``*.yaml`` here lists an article's mentions in reading order as
``[kind, surface text, value]`` (``[…, role]`` for a person), as they were annotated by
reading the text. This script cleans the article, finds each surface string from the
previous one on (``danvan_kg.extract.evaluate.place_spans``) and writes the gold file with
spans and the cleaned text's hash. Two helpers for repeated short strings: a surface
written with its opening quotation mark (``"“Name"``) is found with it and trimmed, and
``"context⟩text"`` is found with its context, then only ``text`` is kept.

An entry with ``corpus: heldout3`` names an article of the third held-out set, kept
outside the project in ``heldout3/`` beside the repository (``/work/heldout3``; its
``MANIFEST.tsv`` gives each file's address): its gold file is ``ext-NNN.yaml`` and carries
the ``url``. ``corpus: heldout4`` (the ``f*.yaml`` entries) is the fourth held-out set, in
``heldout4/`` beside the repository, written to ``ext4-NNN.yaml`` the same way, and
``corpus: heldout5`` (the ``g*.yaml`` entries) the fifth, in ``heldout5/``, written to
``ext5-NNN.yaml``; ``corpus: heldout6`` (the ``h*.yaml`` entries) the sixth, in
``heldout6/``, written to ``ext6-NNN.yaml``; ``corpus: heldout7`` (the ``i*.yaml`` entries)
the seventh, in ``heldout7/``, written to ``ext7-NNN.yaml``; ``corpus: heldout8`` (the
``j*.yaml`` entries) the eighth, in ``heldout8/``, written to ``ext8-NNN.yaml``;
``corpus: heldout9`` (the ``k*.yaml`` entries) the ninth, in ``heldout9/``, written to
``ext9-NNN.yaml``; ``corpus: heldout10`` (the ``l*.yaml`` entries) the tenth, in ``heldout10/``,
written to ``ext10-NNN.yaml``; ``corpus: heldout11`` (the ``m*.yaml`` entries) the eleventh,
in ``heldout11/``, written to ``ext11-NNN.yaml``; ``corpus: heldout12`` (the ``n*.yaml``
entries) the twelfth, in ``heldout12/``, written to ``ext12-NNN.yaml``; ``corpus: heldout13``
(the ``o*.yaml`` entries) the thirteenth, in ``heldout13/``, written to ``ext13-NNN.yaml``;
``corpus: heldout14`` (the ``p*.yaml`` entries) the fourteenth, in ``heldout14/``, written to
``ext14-NNN.yaml``; ``corpus: heldout15`` (the ``q*.yaml`` entries) the fifteenth, in
``heldout15/``, written to ``ext15-NNN.yaml``; ``corpus: heldout16`` (the ``r*.yaml``
entries) the sixteenth, in ``heldout16/``, written to ``ext16-NNN.yaml``; ``corpus:
heldout17`` (the ``s*.yaml`` entries) the seventeenth, in ``heldout17/``, written to
``ext17-NNN.yaml``; ``corpus: heldout18`` (the ``t*.yaml`` entries) the eighteenth, in
``heldout18/``, written to ``ext18-NNN.yaml``; ``corpus: heldout19`` (the ``u*.yaml`` entries)
the nineteenth, in ``heldout19/``, written to ``ext19-NNN.yaml``; ``corpus: heldout20`` (the
``v*.yaml`` entries) the twentieth, in ``heldout20/``, written to ``ext20-NNN.yaml``;
``corpus: heldout21`` (the ``w*.yaml`` entries) the twenty-first, in ``heldout21/``, written
to ``ext21-NNN.yaml``. An entry
whose article is absent here is left as it is (its gold file too).

    PYTHONPATH=src python tests/gold/authoring/place_spans.py
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from danvan_kg.extract import clean
from danvan_kg.extract.evaluate import EVALUATED, GOLD_FORMAT, place_spans, text_hash

HERE = Path(__file__).resolve().parent
GOLD = HERE.parent
CORPUS = HERE.parents[3] / "shared" / "corpus"
# Corpus roots by the name an authoring file gives in ``corpus`` (default: the shared one).
ROOTS = {
    "shared": CORPUS,
    "heldout3": HERE.parents[3] / "heldout3",
    "heldout4": HERE.parents[3] / "heldout4",
    "heldout5": HERE.parents[3] / "heldout5",
    "heldout6": HERE.parents[3] / "heldout6",
    "heldout7": HERE.parents[3] / "heldout7",
    "heldout8": HERE.parents[3] / "heldout8",
    "heldout9": HERE.parents[3] / "heldout9",
    "heldout10": HERE.parents[3] / "heldout10",
    "heldout11": HERE.parents[3] / "heldout11",
    "heldout12": HERE.parents[3] / "heldout12",
    "heldout13": HERE.parents[3] / "heldout13",
    "heldout14": HERE.parents[3] / "heldout14",
    "heldout15": HERE.parents[3] / "heldout15",
    "heldout16": HERE.parents[3] / "heldout16",
    "heldout17": HERE.parents[3] / "heldout17",
    "heldout18": HERE.parents[3] / "heldout18",
    "heldout19": HERE.parents[3] / "heldout19",
    "heldout20": HERE.parents[3] / "heldout20",
    "heldout21": HERE.parents[3] / "heldout21",
}
# The gold file's name prefix for each held-out set kept outside the project.
PREFIXES = {
    "heldout3": "ext",
    "heldout4": "ext4",
    "heldout5": "ext5",
    "heldout6": "ext6",
    "heldout7": "ext7",
    "heldout8": "ext8",
    "heldout9": "ext9",
    "heldout10": "ext10",
    "heldout11": "ext11",
    "heldout12": "ext12",
    "heldout13": "ext13",
    "heldout14": "ext14",
    "heldout15": "ext15",
    "heldout16": "ext16",
    "heldout17": "ext17",
    "heldout18": "ext18",
    "heldout19": "ext19",
    "heldout20": "ext20",
    "heldout21": "ext21",
}


def _entry(row: list[Any]) -> tuple[dict[str, Any], int]:
    kind, surface, value = row[0], str(row[1]), row[2]
    value = value.isoformat() if hasattr(value, "isoformat") else value
    trim = 0
    if "⟩" in surface:
        trim = len(surface.split("⟩")[0])
        surface = surface.replace("⟩", "")
    elif surface[:1] in '“"':
        trim = 1
    entry = {"kind": kind, "text": surface, "value": value}
    if kind == "person":
        entry["role"] = row[3] if len(row) > 3 else None
    return entry, trim


def gold_file(source: Path) -> tuple[str, dict[str, Any]] | None:
    authored = yaml.safe_load(source.read_text(encoding="utf-8"))
    root = authored.get("corpus", "shared")
    article = ROOTS[root] / authored["article"]
    if not article.is_file():
        return None
    text = clean(article.read_text(encoding="utf-8"))
    entries, trims = zip(*(_entry(row) for row in authored["m"]), strict=True)
    mentions = []
    for placed, trim in zip(place_spans(text, list(entries)), trims, strict=True):
        mention = {key: placed[key] for key in ("kind", "start", "end", "text", "value")}
        mention["start"] += trim
        mention["text"] = mention["text"][trim:]
        if placed["kind"] == "person":
            mention["role"] = placed["role"]
        mentions.append(mention)
    published = authored.get("published")
    stem = Path(authored["article"]).stem
    if root in PREFIXES:
        name = f"{PREFIXES[root]}-{stem}"
    else:
        name = f"seed-{stem.split('_')[0]}" if "_" in stem else f"dev-{stem}"
    extra = {"url": authored["url"]} if authored.get("url") else {}
    return name, {
        "format": GOLD_FORMAT,
        "article": authored["article"],
        **extra,
        "text_sha256": text_hash(text),
        "published": str(published) if published else None,
        "province": authored.get("province"),
        "kinds": list(EVALUATED),
        "mentions": mentions,
    }


def main() -> None:
    for source in sorted(HERE.glob("*.yaml")):
        made = gold_file(source)
        if made is None:
            print(f"{source.name}: article absent, gold file left as it is")
            continue
        name, gold = made
        dumped = yaml.safe_dump(
            gold, allow_unicode=True, sort_keys=False, width=200, default_flow_style=None
        )
        (GOLD / f"{name}.yaml").write_text(dumped, encoding="utf-8")
        print(f"{name}: {len(gold['mentions'])} mentions")


if __name__ == "__main__":
    main()
