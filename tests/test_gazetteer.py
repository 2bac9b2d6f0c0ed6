"""The gazetteer against the real data shipped by ``vietnamadminunits`` (no mocks)."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pyoxigraph as ox
import pytest

from danvan_kg.errors import DanvanError
from danvan_kg.gazetteer import (
    DEFAULT_GRAPH_IRI,
    AmbiguousUnit,
    Gazetteer,
    Unit,
    UnitNotFound,
    gazetteer_quads,
)

# One worker runs this module (tests/test_workers.py): its module fixtures are made
# once a run, not once on each worker its tests were dealt to.
pytestmark = pytest.mark.xdist_group("test_gazetteer")

DV = "https://w3id.org/danvan/ontology#"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def quads() -> list[ox.Quad]:
    return list(gazetteer_quads())


@pytest.fixture(scope="module")
def store(quads: list[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(quads)
    return store


# -- counts and codes -------------------------------------------------------------------


def test_counts_are_those_of_the_data(gaz: Gazetteer) -> None:
    counts = Counter((unit.epoch, unit.level) for unit in gaz.units())
    # old map (to 30 June 2025): 63 provinces, 696 districts, 10,035 communes (five island
    # districts had none); new map: 34 provinces and 3,321 communes, no districts.
    assert counts == {
        ("old", "province"): 63,
        ("old", "district"): 696,
        ("old", "commune"): 10_035,
        ("new", "province"): 34,
        ("new", "commune"): 3_321,
    }
    assert len(gaz) == sum(counts.values())


def test_load_is_cached(gaz: Gazetteer) -> None:
    assert Gazetteer.load() is gaz


def test_units_filters_and_rejects_bad_arguments(gaz: Gazetteer) -> None:
    assert {unit.level for unit in gaz.units("new")} == {"province", "commune"}
    assert all(unit.epoch == "old" for unit in gaz.units("old", "district"))
    with pytest.raises(ValueError, match="no district level"):
        list(gaz.units("new", "district"))
    with pytest.raises(ValueError):
        list(gaz.units("1990"))  # type: ignore[arg-type]


def test_get_by_code_accepts_numbers_and_padding(gaz: Gazetteer) -> None:
    thanh_liem = gaz.get("old", "district", "351")
    assert thanh_liem.full_name == "Huyện Thanh Liêm"
    assert gaz.get("old", "district", 351) is thanh_liem
    assert gaz.get("old", "province", 1).full_name == "Thành phố Hà Nội"
    assert gaz.get("old", "province", "1") is gaz.get("old", "province", "01")
    with pytest.raises(UnitNotFound) as caught:
        gaz.get("new", "province", "35")  # Hà Nam's code: merged into Ninh Bình (37)
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, DanvanError)


def test_codes_have_official_widths_and_iris_follow_them(gaz: Gazetteer) -> None:
    width = {"province": 2, "district": 3, "commune": 5}
    for unit in gaz.units():
        assert unit.code.isdigit() and len(unit.code) == width[unit.level]
        assert unit.iri == f"https://w3id.org/danvan/id/unit/{unit.epoch}/{unit.level}/{unit.code}"


def test_hierarchy(gaz: Gazetteer) -> None:
    long_mai = gaz.resolve("Long Mai", "commune", district="Minh Long")
    assert gaz.parent(long_mai) == gaz.get("old", "district", "531")
    assert gaz.province_of(long_mai).full_name == "Tỉnh Quảng Ngãi"
    assert gaz.describe(long_mai) == "Xã Long Mai, Huyện Minh Long, Tỉnh Quảng Ngãi"
    minh_long = gaz.get("old", "district", "531")
    assert [unit.name for unit in gaz.children(minh_long)] == [
        "Long Sơn",
        "Long Mai",
        "Thanh An",
        "Long Môn",
        "Long Hiệp",
    ]
    for unit in gaz.units():
        parent = gaz.parent(unit)
        if unit.level == "province":
            assert parent is None
        else:
            assert parent is not None and parent.epoch == unit.epoch
            assert unit in gaz.children(parent)


# -- names ------------------------------------------------------------------------------


def test_names_are_clean(gaz: Gazetteer) -> None:
    for unit in gaz.units():
        assert unicodedata.is_normalized("NFC", unit.full_name)
        assert "(" not in unit.name  # the data's "Kỳ Anh (Huyện)" disambiguators are gone
        assert unit.full_name.startswith(unit.kind + " ")
        assert unit.full_name.endswith(unit.name)
    # the data writes "Thành Phố Bắc Kạn" and "Thị Trấn Năm Căn"
    assert gaz.resolve("Bắc Kạn", "district").full_name == "Thành phố Bắc Kạn"
    numbered = gaz.resolve("Quận 1", "district")
    assert (numbered.name, numbered.english_name) == ("Quận 1", "District 1")


def test_english_names() -> None:
    unit = Gazetteer.load().get("old", "district", "351")
    assert unit.english_name == "Thanh Liem District"
    hcmc = Gazetteer.load().resolve("Hồ Chí Minh", "province", epoch="new")
    assert hcmc.english_name == "Ho Chi Minh City"


def test_resolve_exact(gaz: Gazetteer) -> None:
    unit = gaz.resolve("Thanh Liêm", "district", province="Hà Nam")
    assert (unit.epoch, unit.level, unit.code, unit.name, unit.full_name) == (
        "old",
        "district",
        "351",
        "Thanh Liêm",
        "Huyện Thanh Liêm",
    )
    assert unit.parent_code == "35"
    assert unit.latitude == pytest.approx(20.47, abs=0.01)
    assert unit.longitude == pytest.approx(105.90, abs=0.01)


@pytest.mark.parametrize(
    "query",
    [
        "Thanh Liem",  # no diacritics
        "huyện Thanh Liêm",  # kind prefix, lower case
        "HUYỆN THANH LIÊM",
        "Huyen Thanh Liem",
        unicodedata.normalize("NFD", "Huyện Thanh Liêm"),  # decomposed input
        "  Thanh   Liêm ",
    ],
)
def test_resolve_variants(gaz: Gazetteer, query: str) -> None:
    assert gaz.resolve(query, "district", province="Hà Nam").code == "351"
    assert gaz.resolve(query, "district").code == "351"


@pytest.mark.parametrize("query", ["Thanh Hoá", "Thanh Hóa", "Tỉnh Thanh Hoá", "thanh hoa"])
def test_resolve_ignores_tone_placement(gaz: Gazetteer, query: str) -> None:
    unit = gaz.resolve(query, "province")
    assert (unit.code, unit.full_name) == ("38", "Tỉnh Thanh Hóa")


def test_resolve_city_prefixes_and_punctuation(gaz: Gazetteer) -> None:
    assert gaz.resolve("TP. Hồ Chí Minh", "province").code == "79"
    assert gaz.resolve("Thành phố Hồ Chí Minh", "province", epoch="new").code == "79"
    assert gaz.resolve("Bà Rịa Vũng Tàu", "province").full_name == "Tỉnh Bà Rịa - Vũng Tàu"
    assert gaz.resolve("Đăk Lăk", "province").full_name == "Tỉnh Đắk Lắk"


def test_resolve_prefers_exact_over_diacritic_free(gaz: Gazetteer) -> None:
    # "Phú Lý" is not a district; without diacritics it is Phủ Lý.
    assert gaz.resolve("Phủ Lý", "district").full_name == "Thành phố Phủ Lý"
    assert gaz.resolve("Phu Ly", "district").full_name == "Thành phố Phủ Lý"


@pytest.mark.parametrize("name", ["Long Mai", "Long Môn", "Long Sơn"])
def test_minh_long_communes(gaz: Gazetteer, name: str) -> None:
    commune = gaz.resolve(name, "commune", district="Minh Long", province="Quảng Ngãi")
    assert commune.full_name == f"Xã {name}"
    assert gaz.parent(commune) == gaz.get("old", "district", "531")
    assert gaz.resolve(name, "commune", district="Minh Long") is commune
    assert gaz.resolve(name, "commune", province="Quảng Ngãi") is commune
    assert gaz.resolve(name, "commune", district=gaz.get("old", "district", 531)) is commune


def test_resolve_scope_by_code_or_unit(gaz: Gazetteer) -> None:
    ha_nam = gaz.resolve("Hà Nam", "province")
    assert gaz.resolve("Thanh Liêm", "district", province=ha_nam).code == "351"
    assert gaz.resolve("Thanh Liêm", "district", province="35").code == "351"


def test_unknown_name_suggests_close_names(gaz: Gazetteer) -> None:
    with pytest.raises(UnitNotFound) as caught:
        gaz.resolve("Thanh Lim", "district", province="Hà Nam")
    error = caught.value
    assert not isinstance(error, AmbiguousUnit)
    assert "Huyện Thanh Liêm" in error.suggestions
    assert "Thanh Lim" in str(error) and "did you mean" in str(error)
    assert error.sought == "Thanh Lim"


def test_name_outside_scope_says_where_it_is(gaz: Gazetteer) -> None:
    with pytest.raises(UnitNotFound, match="Tỉnh Hà Nam"):
        gaz.resolve("Thanh Liêm", "district", province="Nam Định")


def test_new_name_on_old_map_points_to_new_map(gaz: Gazetteer) -> None:
    with pytest.raises(UnitNotFound, match="epoch='new'"):
        gaz.resolve("Sơn Mai", "commune", province="Quảng Ngãi")
    assert gaz.resolve("Sơn Mai", "commune", province="Quảng Ngãi", epoch="new").code


def test_ambiguous_name_lists_candidates(gaz: Gazetteer) -> None:
    with pytest.raises(AmbiguousUnit) as caught:
        gaz.resolve("Cao Lãnh", "district")
    assert {unit.full_name for unit in caught.value.candidates} == {
        "Thành phố Cao Lãnh",
        "Huyện Cao Lãnh",
    }
    assert "Thành phố Cao Lãnh" in str(caught.value)
    assert isinstance(caught.value, UnitNotFound)
    # the full name, or the scope, decides
    assert gaz.resolve("Huyện Cao Lãnh", "district").full_name == "Huyện Cao Lãnh"
    with pytest.raises(AmbiguousUnit):
        gaz.resolve("Châu Thành", "district")
    assert gaz.resolve("Châu Thành", "district", province="Đồng Tháp").parent_code == "87"


def test_bad_arguments_are_value_errors(gaz: Gazetteer) -> None:
    with pytest.raises(ValueError):
        gaz.resolve("Thanh Liêm", "district", epoch="new")
    with pytest.raises(ValueError):
        gaz.resolve("Thanh Liêm", "huyện")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        gaz.resolve("Long Mai", "commune", district="Minh Long", epoch="new")


def test_new_map_resolve(gaz: Gazetteer) -> None:
    ninh_binh = gaz.resolve("Ninh Bình", "province", epoch="new")
    assert (ninh_binh.code, ninh_binh.full_name) == ("37", "Tỉnh Ninh Bình")
    commune = gaz.resolve("Thanh Liêm", "commune", province="Ninh Bình", epoch="new")
    assert commune.parent_code == "37"


# -- the 2025 conversion ----------------------------------------------------------------

PROJECT_DISTRICTS = [
    ("Thanh Liêm", "Hà Nam", "37", "Tỉnh Ninh Bình"),
    ("Tháp Mười", "Đồng Tháp", "82", "Tỉnh Đồng Tháp"),
    ("Chợ Đồn", "Bắc Kạn", "19", "Tỉnh Thái Nguyên"),
    ("Quế Sơn", "Quảng Nam", "48", "Thành phố Đà Nẵng"),
    ("Minh Long", "Quảng Ngãi", "51", "Tỉnh Quảng Ngãi"),
]


@pytest.mark.parametrize(("district", "province", "code", "new_name"), PROJECT_DISTRICTS)
def test_project_districts_roll_up(
    gaz: Gazetteer, district: str, province: str, code: str, new_name: str
) -> None:
    old = gaz.resolve(district, "district", province=province)
    new = gaz.new_province_of(old)
    assert (new.epoch, new.level, new.code, new.full_name) == ("new", "province", code, new_name)
    assert gaz.successors(old) == [new]
    assert gaz.successors(gaz.province_of(old)) == [new]
    assert all(gaz.parent(c) == new for c in gaz.successor_communes(old))


def test_minh_long_communes_successors(gaz: Gazetteer) -> None:
    successors = {}
    for name in ("Long Mai", "Long Môn", "Long Sơn"):
        commune = gaz.resolve(name, "commune", district="Minh Long")
        successors[name] = [unit.full_name for unit in gaz.successors(commune)]
    assert successors == {
        "Long Mai": ["Xã Sơn Mai"],
        "Long Môn": ["Xã Minh Long"],
        "Long Sơn": ["Xã Sơn Mai"],
    }


def test_every_old_unit_has_successors_on_the_new_map(gaz: Gazetteer) -> None:
    for unit in gaz.units("old"):
        successors = gaz.successors(unit)
        assert successors, unit
        expected = "commune" if unit.level == "commune" else "province"
        assert all(s.epoch == "new" and s.level == expected for s in successors)
    assert gaz.successors(gaz.get("new", "province", "37")) == []


def test_no_old_district_is_split_between_new_provinces(gaz: Gazetteer) -> None:
    # What the shipped data says: every district (and commune) stays within the province
    # its old province merged into.
    for district, new_province in gaz.district_rollup():
        assert gaz.successors(district) == [new_province]
        assert gaz.successors(gaz.province_of(district)) == [new_province]


def test_split_communes_list_the_default_part_first(gaz: Gazetteer) -> None:
    split = [unit for unit in gaz.units("old", "commune") if len(gaz.successors(unit)) > 1]
    assert len(split) == 471  # old communes divided between several new communes
    for unit in split:
        assert len({s.code for s in gaz.successors(unit)}) == len(gaz.successors(unit))


def test_predecessors(gaz: Gazetteer) -> None:
    ninh_binh = gaz.get("new", "province", "37")
    assert [unit.full_name for unit in gaz.predecessors(ninh_binh)] == [
        "Tỉnh Hà Nam",
        "Tỉnh Nam Định",
        "Tỉnh Ninh Bình",
    ]
    assert sum(len(gaz.predecessors(p)) for p in gaz.units("new", "province")) == 63
    for commune in gaz.units("new", "commune"):
        assert gaz.predecessors(commune), commune
    ly_son = gaz.resolve("Lý Sơn", "commune", province="Quảng Ngãi", epoch="new")
    assert ly_son.kind == "Đặc khu"
    assert [(u.level, u.full_name) for u in gaz.predecessors(ly_son)] == [
        ("district", "Huyện Lý Sơn")
    ]
    old_ly_son = gaz.resolve("Lý Sơn", "district")
    assert gaz.successor_communes(old_ly_son) == [ly_son]
    assert gaz.new_province_of(old_ly_son).full_name == "Tỉnh Quảng Ngãi"


def test_new_province_of_any_unit(gaz: Gazetteer) -> None:
    long_mai = gaz.resolve("Long Mai", "commune", district="Minh Long")
    assert gaz.new_province_of(long_mai).code == "51"
    da_nang = gaz.get("new", "province", "48")
    assert gaz.new_province_of(da_nang) is da_nang
    assert gaz.new_province_of(gaz.get("old", "province", "49")) is da_nang  # Quảng Nam


def test_coordinates(gaz: Gazetteer) -> None:
    for unit in gaz.units():
        assert unit.latitude is not None and unit.longitude is not None, unit
        assert 8 < unit.latitude < 24 and 102 < unit.longitude < 118, unit


# -- RDF --------------------------------------------------------------------------------


def test_quads_load_into_a_store_without_duplicates(
    quads: list[ox.Quad], store: ox.Store, gaz: Gazetteer
) -> None:
    assert len(store) == len(quads)  # no quad twice
    assert {quad.graph_name for quad in quads} == {ox.NamedNode(DEFAULT_GRAPH_IRI)}
    query = """
        PREFIX dv: <https://w3id.org/danvan/ontology#>
        SELECT (COUNT(DISTINCT ?unit) AS ?n) WHERE { GRAPH ?g { ?unit a dv:AdministrativeUnit } }
    """
    assert int(next(iter(store.query(query)))["n"].value) == len(gaz)


def test_one_iri_per_epoch_level_and_code(store: ox.Store) -> None:
    query = """
        PREFIX dv: <https://w3id.org/danvan/ontology#>
        SELECT ?epoch ?level ?code (COUNT(DISTINCT ?unit) AS ?n) WHERE { GRAPH ?g {
            ?unit a dv:AdministrativeUnit ; dv:level ?level ; dv:unitCode ?code .
            OPTIONAL { ?unit dv:validFrom ?from }
            BIND (IF(BOUND(?from), "new", "old") AS ?epoch)
        } }
        GROUP BY ?epoch ?level ?code HAVING (COUNT(DISTINCT ?unit) > 1)
    """
    assert list(store.query(query)) == []
    query = """
        PREFIX dv: <https://w3id.org/danvan/ontology#>
        SELECT ?unit WHERE { GRAPH ?g { ?unit a dv:AdministrativeUnit ; dv:unitCode ?a , ?b .
            FILTER (?a != ?b) } }
    """
    assert list(store.query(query)) == []


def test_unit_statements(store: ox.Store) -> None:
    query = """
        SELECT ?p ?o WHERE { GRAPH ?g { <https://w3id.org/danvan/id/unit/old/district/351> ?p ?o } }
    """
    found = {(row["p"].value, str(row["o"])) for row in store.query(query)}
    assert {
        (DV + "level", "<https://w3id.org/danvan/vocab/level/district>"),
        (DV + "unitCode", '"351"'),
        (DV + "validUntil", '"2025-06-30"^^<http://www.w3.org/2001/XMLSchema#date>'),
        (DV + "within", "<https://w3id.org/danvan/id/unit/old/province/35>"),
        (DV + "succeededBy", "<https://w3id.org/danvan/id/unit/new/province/37>"),
        (DV + "latitude", '"20.469906"^^<http://www.w3.org/2001/XMLSchema#decimal>'),
        ("http://www.w3.org/2000/01/rdf-schema#label", '"Huyện Thanh Liêm"@vi'),
        ("http://www.w3.org/2000/01/rdf-schema#label", '"Thanh Liem District"@en'),
        ("http://www.w3.org/2004/02/skos/core#altLabel", '"Thanh Liêm"@vi'),
    } <= found


def test_unit_changes(store: ox.Store) -> None:
    query = """
        PREFIX dv: <https://w3id.org/danvan/ontology#>
        SELECT ?change ?date (COUNT(?old) AS ?n) ?new WHERE { GRAPH ?g {
            ?change a dv:UnitChange ; dv:changeDate ?date ; dv:resultingUnit ?new ;
                    dv:originalUnit ?old .
        } } GROUP BY ?change ?date ?new
    """
    rows = list(store.query(query))
    assert len(rows) == 34
    assert {row["date"].value for row in rows} == {"2025-07-01"}
    assert sum(int(row["n"].value) for row in rows) == 63
    by_new = {row["new"].value.rsplit("/", 1)[1]: int(row["n"].value) for row in rows}
    assert by_new["37"] == 3  # Hà Nam, Nam Định, Ninh Bình → Ninh Bình
    assert by_new["01"] == 1  # Hà Nội unchanged


def test_roll_up_query_on_the_store(store: ox.Store) -> None:
    query = """
        PREFIX dv: <https://w3id.org/danvan/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?name WHERE { GRAPH ?g {
            ?d dv:unitCode "509" ; dv:level <https://w3id.org/danvan/vocab/level/district> ;
               dv:succeededBy ?p . ?p rdfs:label ?name . FILTER (lang(?name) = "vi")
        } }
    """
    assert [row["name"].value for row in store.query(query)] == ["Thành phố Đà Nẵng"]


def test_terms_are_declared_by_the_ontology(quads: list[ox.Quad]) -> None:
    from danvan_kg.vocab import DV as DECLARED  # the closed namespace of ontology/danvan.ttl

    assert "unitCode" in DECLARED and "noSuchTerm" not in DECLARED
    # Every dv: class and property the gazetteer writes is declared in ontology/danvan.ttl
    # (a misspelt or undeclared term would be a dangling IRI in the graph).
    used = {
        iri.value[len(DV) :]
        for quad in quads
        for iri in (quad.predicate, quad.object)
        if isinstance(iri, ox.NamedNode) and iri.value.startswith(DV)
    }
    assert {"AdministrativeUnit", "UnitChange", "unitCode", "level", "succeededBy"} <= used
    undeclared = sorted(name for name in used if name not in DECLARED)
    assert undeclared == []


def test_unit_is_frozen(gaz: Gazetteer) -> None:
    unit = next(gaz.units())
    assert isinstance(unit, Unit)
    with pytest.raises(AttributeError):
        unit.name = "x"  # type: ignore[misc]
