"""Charts and the coverage map: drawn from the shipped graph, PNG and SVG."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from danvan_kg import charts, views
from danvan_kg.errors import DanvanError
from danvan_kg.stores import Store


@pytest.mark.parametrize("suffix", [".png", ".svg"])
@pytest.mark.parametrize(
    ("kind", "options"),
    [
        ("activity", {}),
        ("fields", {}),
        ("heatmap", {"target": "dan-van-kheo"}),
        ("heatmap", {"level": "province", "epoch": "new", "counting": "all"}),
        ("map", {"target": "dan-van-kheo"}),
        ("map", {"level": "province", "epoch": "new"}),
        ("map", {"level": "province", "epoch": "new", "target": "ct-19-tu-ha-nam-2013"}),
        ("map", {"level": "province"}),
    ],
)
def test_draw(
    graph: Store, tmp_path: Path, kind: str, options: dict[str, str], suffix: str
) -> None:
    path = charts.draw(graph, kind, tmp_path / f"{kind}{suffix}", **options)
    data = path.read_bytes()
    assert len(data) > 5000
    assert data.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in data[:2000]


# The target, period, level and map of each comparison with `danvan coverage`: a
# provincial directive and a movement, both maps, a period and every year.
COMPARED = [
    ("ct-19-tu-ha-nam-2013", "2013-2023", "district", "old"),
    ("ct-19-tu-ha-nam-2013", None, "province", "new"),
    ("dan-van-kheo", "2013-2023", "district", "old"),
    ("dan-van-kheo", None, "province", "old"),
    ("dan-van-kheo", "2020-2023", "province", "new"),
]


def _legend(figure: object) -> tuple[str, list[str]]:
    (axes,) = figure.axes
    legend = axes.get_legend()
    return legend.get_title().get_text(), [text.get_text() for text in legend.get_texts()]


@pytest.mark.parametrize("counting", [None, "awards", "all"])
@pytest.mark.parametrize(("target", "period", "level", "epoch"), COMPARED)
def test_the_map_and_the_heatmap_count_what_coverage_counts(
    graph: Store, target: str, period: str | None, level: str, epoch: str, counting: str | None
) -> None:
    # Issue 16/11: one definition of activity. A unit's number on the map, and its row's
    # total on the heatmap, are its events + documents + awards in `danvan coverage` for
    # the same target, period, level, map and counting.
    import matplotlib.pyplot as plt

    from danvan_kg.charts import map as coverage_map

    table = views.coverage(graph, target, period=period, level=level, map=epoch, counting=counting)
    expected = {
        row.unit: row.events + row.documents + row.awards
        for row in table.rows
        if row.events + row.documents + row.awards
    }
    assert expected and len(expected) == table.totals.covered
    options = {"level": level, "epoch": epoch, "period": period, "counting": counting}
    assert dict(charts.unit_counts(graph, target, **options)) == expected
    units, _, matrix = charts.coverage_matrix(graph, target, **options)
    names = charts.unit_names(expected)
    assert dict(zip(units, (sum(row) for row in matrix), strict=True)) == {
        names[iri]: count for iri, count in expected.items()
    }
    # What the map draws: the units without activity are the view's uncovered ones, the
    # highest colour class ends at the view's highest count, and the legend's title says
    # what is counted in the relations' words.
    figure = coverage_map.map_figure(graph, target, **options)
    title, labels = _legend(figure)
    plt.close(figure)
    idle = labels.index(f"không có hoạt động / no activity ({table.totals.uncovered})")
    assert labels[idle - 1].endswith(str(max(expected.values())))  # the highest class
    assert ("thực hiện" in title) == (counting != "awards")
    assert ("dẫn chiếu" in title) == (counting == "all")
    assert "khen thưởng" in title and "awards" not in title  # labels, not keys


def test_a_read_only_store_is_asked_a_question_once(
    graph: Store, curated_quads: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    # views/coverage.py keeps a read-only store's activities by question (the map, the
    # table and the heatmap ask the same one): the same answer as a store that is asked
    # each time, each caller's list its own; a writable store's answer follows its data.
    from danvan_kg.views.coverage import _KEPT, coverage_activities, forget_answers
    from danvan_kg.vocab import DV

    question = {"period": "2013-2023", "counting": "awards"}
    kept = coverage_activities(graph, "dan-van-kheo", **question)
    kept.clear()
    again = coverage_activities(graph, "dan-van-kheo", **question)
    assert again and again is not coverage_activities(graph, "dan-van-kheo", **question)
    assert graph in _KEPT
    awards = [quad for quad in curated_quads if quad.predicate == DV.awardedFor]
    writable = Store.embedded()
    writable.extend(quad for quad in curated_quads if quad.predicate != DV.awardedFor)
    assert coverage_activities(writable, "dan-van-kheo", **question) == []
    writable.extend(awards)
    assert coverage_activities(writable, "dan-van-kheo", **question) == again
    assert writable not in _KEPT
    # An answer larger than the bound is given, not kept.
    monkeypatch.setattr(sys.modules[coverage_activities.__module__], "KEPT_ACTIVITIES", 1)
    _KEPT[graph].clear()
    assert coverage_activities(graph, "dan-van-kheo", **question) == again
    assert len(again) > 1 and not _KEPT[graph]
    # What the benchmark does before each timed run: nothing kept for the store after.
    monkeypatch.undo()
    coverage_activities(graph, "dan-van-kheo", **question)
    assert _KEPT[graph]
    forget_answers(graph)
    assert graph not in _KEPT


def test_a_read_only_store_keeps_the_coverage_rows(
    graph: Store, graph_copy: object, tmp_path: Path
) -> None:
    # The table's catalogue rows are kept as its activities are: the same table again,
    # from memory, for a read-only store; a writable copy asks its data each time.
    from danvan_kg.views.coverage import _KEPT, forget_answers

    forget_answers(graph)
    first = views.coverage(graph, "ct-19-tu-ha-nam-2013", period="2013-2023", map="new")
    assert any(key[:2] == ("rows", "coverage-2025") for key in _KEPT[graph])
    again = views.coverage(graph, "ct-19-tu-ha-nam-2013", period="2013-2023", map="new")
    assert again.to_dict() == first.to_dict() and again.rows is not first.rows
    writable = graph_copy(tmp_path / "store")
    assert (
        views.coverage(writable, "ct-19-tu-ha-nam-2013", period="2013-2023", map="new").to_dict()
        == first.to_dict()
    )
    assert writable not in _KEPT


def test_a_narrower_counting_counts_less(graph: Store) -> None:
    wide = charts.unit_counts(graph, "dan-van-kheo")
    awards = charts.unit_counts(graph, "dan-van-kheo", counting=["awards"])
    thanh_liem = "https://w3id.org/danvan/id/unit/old/district/351"
    assert wide[thanh_liem] == 3 and awards[thanh_liem] == 2
    assert set(awards) <= set(wide) and sum(awards.values()) < sum(wide.values())
    with pytest.raises(DanvanError, match="awardz"):
        charts.unit_counts(graph, "dan-van-kheo", counting="awardz")


def test_a_chart_of_every_activity_counts_each_once(graph: Store) -> None:
    # No target: the activities on any directive, movement or campaign. An activity on
    # two targets is one; every target's activities are among them.
    every = charts.unit_counts(graph)
    for target in ("ct-19-tu-ha-nam-2013", "dan-van-kheo"):
        one = charts.unit_counts(graph, target)
        assert all(every[unit] >= count for unit, count in one.items())
    thanh_liem = "https://w3id.org/danvan/id/unit/old/district/351"
    # 3 on Dân vận khéo, 2 on 19-CT/TU: the tổng kết conference of 29 Nov 2023 reviewed both
    assert every[thanh_liem] == 4
    _, years, matrix = charts.coverage_matrix(graph)
    assert sum(map(sum, matrix)) == sum(every.values()) and years == list(
        range(years[0], years[-1] + 1)
    )


def test_bad_period_and_map(graph: Store, tmp_path: Path) -> None:
    with pytest.raises(charts.ChartError, match=r"'recent' is not YYYY-YYYY \(e.g. 2021-2023\)"):
        charts.draw(graph, "heatmap", tmp_path / "x.png", period="recent")
    with pytest.raises(charts.ChartError, match="no districts"):
        charts.draw(graph, "map", tmp_path / "x.png", epoch="new", level="district")


def test_the_heatmap_is_readable(graph: Store, tmp_path: Path) -> None:
    # Issue 16: axis labels, whole-number ticks for counts, text kept as text in the SVG,
    # and the target named as a reader knows it, not by its key.
    svg = charts.draw(graph, "heatmap", tmp_path / "h.svg", target="dan-van-kheo").read_text(
        encoding="utf-8"
    )
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "Năm (year)" in texts and "Huyện (district)" in texts
    assert any("Dân vận khéo" in text for text in texts)
    assert not any("dan-van-kheo" in text for text in texts)
    assert not any(re.fullmatch(r"\d+\.\d+", text.strip()) for text in texts)  # no 0.5 ticks
    assert "fill: #ffffff" in svg or "fill:#ffffff" in svg  # light text on dark cells


@pytest.fixture(scope="module")
def national(synthetic_built: tuple[Store, object]) -> Store:
    """The synthetic national graph, as a read-only store: the same in-memory data (no
    test writes to ``synthetic_built``), so the coverage view keeps its answers for it
    as for ``graph``. The national question is the most expensive this file asks, and
    ``national_units``, the heatmap and the old map below ask the same one: run once."""
    from danvan_kg.stores.embedded import EmbeddedStore

    return EmbeddedStore(synthetic_built[0].engine, None, read_only=True)


@pytest.fixture(scope="module")
def national_units(national: Store) -> list[str]:
    """The names of the synthetic graph's active districts, every year: the heatmap's
    rows before the cap, and what a national map could name."""
    return charts.coverage_matrix(national)[0]


@pytest.mark.xdist_group("synthetic")
def test_a_national_heatmap_shows_the_most_active_units(
    national: Store,
    national_units: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The test's national set is small (about 50 active districts): a lower cap shows it.
    monkeypatch.setattr(charts, "HEATMAP_ROWS", 20)
    store = national
    units = national_units
    assert len(units) > charts.HEATMAP_ROWS
    svg = charts.draw(store, "heatmap", tmp_path / "all.svg").read_text(encoding="utf-8")
    assert f"{charts.HEATMAP_ROWS} most active of {len(units)}" in svg
    height = float(re.search(r'height="([\d.]+)pt"', svg).group(1))
    assert height < 2000  # not the 28,560 px of every district


def test_a_provincial_directive_is_mapped_in_its_province(graph: Store, tmp_path: Path) -> None:
    # Issue 16: 19-CT/TU of Hà Nam was drawn against all 696 districts of the country.
    svg = charts.draw(
        graph, "map", tmp_path / "m.svg", target="ct-19-tu-ha-nam-2013", period="2013-2023"
    ).read_text(encoding="utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert any("Tỉnh Hà Nam" in text for text in texts)
    assert any("Chỉ thị 19-CT/TU" in text for text in texts)  # the label, not the key
    assert "không có hoạt động / no activity (5)" in texts  # Hà Nam's other five districts
    assert "Thanh Liêm" in texts and "1" in texts  # its name, and the colour class
    assert "ranh giới tỉnh / province" in texts  # the outlines explained
    assert any("Voronoi" in text and "not legal boundaries" in text for text in texts)


def _names(figure: object) -> list[object]:
    from danvan_kg.charts.map import NAME_GID

    return [
        text
        for axes in figure.axes
        for text in axes.texts
        if (text.get_gid() or "").startswith(NAME_GID)
    ]


def _assert_readable(figure: object) -> int:
    """No unit name overlaps another, measured by matplotlib's renderer; how many."""
    renderer = figure.canvas.get_renderer()
    boxes = [text.get_window_extent(renderer) for text in _names(figure)]
    for number, box in enumerate(boxes):
        for other in boxes[number + 1 :]:
            assert not box.overlaps(other), (box, other)
    return len(boxes)


def test_the_map_is_a_choropleth_of_cells(graph: Store) -> None:
    from matplotlib.collections import PathCollection

    from danvan_kg.charts import map as coverage

    figure = coverage.map_figure(graph, "ct-19-tu-ha-nam-2013", period="2013-2023")
    (axes,) = figure.axes
    fills = [c for c in axes.collections if isinstance(c, PathCollection)]
    # Neighbours for orientation, Hà Nam's six districts, the province outlines.
    districts = next(c for c in fills if len(c.get_paths()) == 6)
    colours = {tuple(colour) for colour in districts.get_facecolors()}
    assert len(colours) == 2  # one district with activity, five without
    assert _assert_readable(figure) == 6  # a province: every district named


@pytest.mark.xdist_group("synthetic")
def test_a_national_map_names_only_what_can_be_read(
    national: Store,
    national_units: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from danvan_kg.charts import map as coverage

    monkeypatch.setattr(coverage, "MAP_LABELS", 400)  # the renderer alone decides
    store = national
    figure = coverage.map_figure(store)
    active = len(national_units)
    written = _assert_readable(figure)
    assert 5 <= written < active  # some names, not one per active district
    new = coverage.map_figure(store, level="province", epoch="new")
    assert _assert_readable(new) >= 5


def test_cells_approximate_the_units() -> None:
    import shapely

    from danvan_kg.charts import geometry
    from danvan_kg.gazetteer import Gazetteer

    gazetteer = Gazetteer.load()
    districts = geometry.unit_cells("old", "district")
    assert len(districts) == 696 and not any(cell.is_empty for cell in districts.values())
    inside = sum(
        cell.contains(shapely.Point(unit.longitude, unit.latitude))
        for unit in gazetteer.units("old", "district")
        for cell in [districts[unit.iri]]
    )
    assert inside > 0.9 * 696  # a district's own coordinates lie in its cell
    provinces = geometry.unit_cells("new", "province")
    assert len(provinces) == 34
    outline, source = geometry.country_outline()
    assert source == "natural-earth"
    mainland = shapely.union_all(list(provinces.values()))
    assert mainland.area == pytest.approx(outline.area, rel=0.05)  # no sea, no gaps
    assert geometry.unit_cells("old", "district") is districts  # computed once a process


def _svg_texts(path: Path) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text(encoding="utf-8"))


def test_the_chart_command_takes_counting(
    built: tuple[Store, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from danvan_kg.cli import main

    _, store = built
    common = ["--target", "ct-19-tu-ha-nam-2013", "--period", "2013-2023", "--store", str(store)]
    out = tmp_path / "awards.svg"
    assert main(["chart", "map", *common, "--counting", "awards", "-o", str(out)]) == 0
    texts = _svg_texts(out)
    assert any("khen thưởng" in text for text in texts)
    assert not any("thực hiện" in text for text in texts)
    assert "2" not in texts  # Thanh Liêm: one award, not the review as well
    default = tmp_path / "default.svg"
    assert main(["chart", "map", *common, "-o", str(default)]) == 0
    assert "2" in _svg_texts(default)  # the review and the award
    heatmap = tmp_path / "heatmap.svg"
    counting = ["--counting", "reviews", "--counting", "cites"]
    assert main(["chart", "heatmap", *common, *counting, "-o", str(heatmap)]) == 0
    note = " ".join(_svg_texts(heatmap))
    assert "sơ kết, tổng kết; dẫn chiếu" in note and "review; cites" in note
    capsys.readouterr()
    assert main(["chart", "map", *common, "--counting", "visits", "-o", str(out)]) == 2
    assert "visits" in capsys.readouterr().err


def test_the_chart_route_passes_counting(graph: Store) -> None:
    from starlette.testclient import TestClient

    from danvan_kg.web import Settings, create_app

    with TestClient(create_app(graph, Settings())) as client:
        params = {"target": "dan-van-kheo", "kind": "map", "format": "svg"}
        awards = client.get("/chart", params={**params, "counting": "awards"})
        assert awards.status_code == 200, awards.text
        assert awards.headers["content-type"] == "image/svg+xml"
        texts = re.findall(r"<text[^>]*>([^<]*)</text>", awards.text)
        assert any("khen thưởng" in text for text in texts)
        assert not any("liên quan đến" in text for text in texts)
        default = client.get("/chart", params=params).text
        assert any("liên quan đến" in t for t in re.findall(r"<text[^>]*>([^<]*)</text>", default))
        bad = client.get("/chart", params={**params, "counting": "visits"})
        assert bad.status_code == 400 and "visits" in bad.text


def test_every_gazetteer_unit_is_found_by_its_iri() -> None:
    from danvan_kg.gazetteer import Gazetteer, unit_iri

    gazetteer = Gazetteer.load()
    units = list(gazetteer.units())
    assert len(units) > 10_000
    for unit in units:
        assert gazetteer.unit_by_iri(unit.iri) is unit
    assert gazetteer.unit_by_iri(unit_iri("old", "district", "351")).full_name == (
        "Huyện Thanh Liêm"
    )
    for unknown in (
        unit_iri("old", "district", "999"),
        unit_iri("old", "district", "0351"),  # a code as the gazetteer never writes it
        unit_iri("new", "district", "351"),  # the 2025 map has no districts
        "https://w3id.org/danvan/id/document/tinh-uy-ha-nam/ct-19-2013",
        "",
    ):
        assert gazetteer.unit_by_iri(unknown) is None


def test_the_charts_run_no_sparql_of_their_own_and_parse_no_iris() -> None:
    # Issue 11: queries live in queries/ (system/chart-*.rq); a unit is looked up by its
    # IRI in the gazetteer's index, not read back out of the IRI's path.
    for path in Path(charts.__file__).parent.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(SELECT|ASK|CONSTRUCT)\b[\s\S]{0,300}?\bWHERE\s*\{", source), path
        assert "/unit/" not in source and 'rsplit("/"' not in source, path
