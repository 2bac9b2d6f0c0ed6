"""Regenerate every picture in docs/screenshots/ that a CLI command draws.

    python scripts/screenshots.py [--store .danvan/store] [--synthetic 0.02]

Written here, with the functions ``danvan chart`` and ``danvan export`` call:

- ``chart-activity.png``, ``chart-fields.png``: activity per year, models per field;
- ``chart-heatmap.png``: the unit × year heatmap of "Dân vận khéo";
- ``map-old.png``: the district map of "Dân vận khéo" (the country, before 1 July 2025);
- ``map-new.png``: the 2025 province map of every activity;
- ``map-province.png``, ``map-province-new.png``: a provincial directive (19-CT/TU of Hà
  Nam) in its province, on the old map and the 2025 one;
- ``map-national.png``: with ``--synthetic SCALE``, every activity of a synthetic
  national data set (built in memory, seed 7) on the district map;
- ``lineage.png``: ``danvan export --format png`` of the lineage of 19-CT/TU.

Made by the browser tests instead (they need Chromium; run them with the variable set):

- ``web-*.png``: ``DANVAN_SCREENSHOTS=1 pytest tests/test_web_browser.py``;
- ``extract-annotate.png``: ``DANVAN_SCREENSHOTS=1 pytest tests/test_extract_browser.py``;
- ``lineage-html.png``: the HTML export in Chromium (tests/test_browser.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from danvan_kg import charts
from danvan_kg import export as ex
from danvan_kg.stores import Store

ROOT = Path(__file__).resolve().parent.parent
PROVINCIAL = "ct-19-tu-ha-nam-2013"
MOVEMENT = "dan-van-kheo"


def pictures(store: Store) -> dict[str, Callable[[Path], Path]]:
    """File name → how to draw it from ``store``."""
    return {
        "chart-activity.png": lambda p: charts.draw(store, "activity", p),
        "chart-fields.png": lambda p: charts.draw(store, "fields", p),
        "chart-heatmap.png": lambda p: charts.draw(store, "heatmap", p, target=MOVEMENT),
        "map-old.png": lambda p: charts.draw(store, "map", p, target=MOVEMENT),
        "map-new.png": lambda p: charts.draw(store, "map", p, level="province", epoch="new"),
        "map-province.png": lambda p: charts.draw(store, "map", p, target=PROVINCIAL),
        "map-province-new.png": lambda p: charts.draw(
            store, "map", p, target=PROVINCIAL, level="province", epoch="new"
        ),
        "lineage.png": lambda p: ex.export(ex.select_lineage(store, PROVINCIAL), "png", p),
    }


def synthetic_store(scale: float) -> Store:
    """A national synthetic data set, built in memory."""
    from danvan_kg import synth
    from danvan_kg.build import build

    folder = Path(tempfile.mkdtemp(prefix="danvan-synth-")) / "data"
    synth.write_dataset(folder, scale, seed=7)
    store, _report = build(None, data_dir=folder, workers=1)
    return store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, default=ROOT / ".danvan" / "store")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--synthetic", type=float, metavar="SCALE", help="also map-national.png")
    args = parser.parse_args(argv)
    store = Store.embedded(args.store, read_only=True)
    jobs = pictures(store)
    if args.synthetic:
        national = synthetic_store(args.synthetic)
        jobs["map-national.png"] = lambda p: charts.draw(national, "map", p)
    for name, draw in jobs.items():
        started = time.perf_counter()
        draw(args.out / name)
        print(f"{name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
