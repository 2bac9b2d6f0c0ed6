"""The project vocabulary as closed namespaces read from ``ontology/*.ttl``.

``DV.date`` is the IRI of ``dv:date``; ``DV.dat`` raises, because a term that the
ontology does not declare is a typo, not a new term. ``concept("doctype", "CT")`` does
the same for the SKOS vocabularies.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pyoxigraph as ox

from danvan_kg.errors import DanvanError
from danvan_kg.resources import resource_files
from danvan_kg.text import closest

BASE = "https://w3id.org/danvan/"
DV_IRI = BASE + "ontology#"
VOCAB_IRI = BASE + "vocab/"
ID_IRI = BASE + "id/"
GRAPH_IRI = BASE + "graph/"

PREFIXES: dict[str, str] = {
    "dv": DV_IRI,
    "dvv": VOCAB_IRI,
    "dvi": ID_IRI,
    "dvg": GRAPH_IRI,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "time": "http://www.w3.org/2006/time#",
    "sh": "http://www.w3.org/ns/shacl#",
}

RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
RDFS_LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
SKOS_ALT_LABEL = ox.NamedNode(PREFIXES["skos"] + "altLabel")
SKOS_NOTATION = ox.NamedNode(PREFIXES["skos"] + "notation")
SKOS_IN_SCHEME = ox.NamedNode(PREFIXES["skos"] + "inScheme")
ORG_POST = ox.NamedNode(PREFIXES["org"] + "Post")
ORG_POST_IN = ox.NamedNode(PREFIXES["org"] + "postIn")
ORG_ROLE = ox.NamedNode(PREFIXES["org"] + "role")
ORG_HOLDS = ox.NamedNode(PREFIXES["org"] + "holds")
PROV_WAS_DERIVED_FROM = ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom")

ONTOLOGY_GRAPH = ox.NamedNode(GRAPH_IRI + "ontology")
GAZETTEER_GRAPH = ox.NamedNode(GRAPH_IRI + "gazetteer")
INFERRED_GRAPH = ox.NamedNode(GRAPH_IRI + "inferred")


class UnknownTermError(DanvanError, AttributeError):
    """A name that the ontology or a vocabulary does not declare."""


@cache
def ontology_quads() -> tuple[ox.Quad, ...]:
    """Every quad of ``ontology/*.ttl``, in the ontology graph."""
    quads: list[ox.Quad] = []
    for path in resource_files("ontology", ".ttl"):
        with path.open("rb") as stream:
            quads.extend(
                ox.Quad(t.subject, t.predicate, t.object, ONTOLOGY_GRAPH)
                for t in ox.parse(stream, ox.RdfFormat.TURTLE, base_iri=DV_IRI)
            )
    return tuple(quads)


@cache
def _declared_terms() -> frozenset[str]:
    return frozenset(
        quad.subject.value[len(DV_IRI) :]
        for quad in ontology_quads()
        if isinstance(quad.subject, ox.NamedNode)
        and quad.subject.value.startswith(DV_IRI)
        and quad.predicate == RDF_TYPE
    )


@cache
def vocabulary_codes() -> dict[str, frozenset[str]]:
    """Scheme name → the codes of its concepts, e.g. ``{"doctype": {"CT", "NQ", …}}``."""
    schemes: dict[str, set[str]] = {}
    for quad in ontology_quads():
        if quad.predicate == SKOS_IN_SCHEME and quad.subject.value.startswith(VOCAB_IRI):
            scheme, _, code = quad.subject.value[len(VOCAB_IRI) :].partition("/")
            schemes.setdefault(scheme, set()).add(code)
    return {scheme: frozenset(codes) for scheme, codes in schemes.items()}


class _ClosedNamespace:
    """Attribute access to the ``dv:`` terms the ontology declares, and nothing else."""

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        if name not in _declared_terms():
            raise UnknownTermError("vocab.term-unknown", term=f"dv:{name}")
        term = ox.NamedNode(DV_IRI + name)
        # Converting records asks for the same few terms millions of times: keep each as
        # an attribute, so the next access does not come here at all.
        self.__dict__[name] = term
        return term

    def __getitem__(self, name: str) -> ox.NamedNode:
        return self.__getattr__(name)

    def __contains__(self, name: str) -> bool:
        return name in _declared_terms()


DV = _ClosedNamespace()


def concept(scheme: str, code: str) -> ox.NamedNode:
    """The IRI of a SKOS concept, checked against the vocabularies; an unknown code is
    an error that names the closest codes.

    >>> concept("doctype", "CT").value
    'https://w3id.org/danvan/vocab/doctype/CT'
    >>> try:
    ...     concept("level", "distrct")
    ... except UnknownTermError as error:
    ...     print(error.message("en").split(";")[1])
     did you mean: district (known: central, commune, district, province, village)
    """
    codes = vocabulary_codes().get(scheme)
    if codes is None:
        raise UnknownTermError("vocab.scheme-unknown", scheme=scheme)
    if code not in codes:
        known = ", ".join(sorted(codes))
        close = closest(code, codes)
        if close:
            raise UnknownTermError(
                "vocab.code-unknown-close",
                code=code,
                scheme=scheme,
                close=", ".join(close),
                known=known,
            )
        raise UnknownTermError("vocab.code-unknown", code=code, scheme=scheme, known=known)
    return ox.NamedNode(f"{VOCAB_IRI}{scheme}/{code}")


def sparql_prefixes() -> str:
    """``PREFIX`` lines for every namespace above, for queries written by hand."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


SKOS_PREF_LABEL = ox.NamedNode(PREFIXES["skos"] + "prefLabel")


@cache
def _labels() -> dict[tuple[str, str], str]:
    """(IRI, language) → the label the ontology files give it: ``skos:prefLabel`` for a
    concept, ``rdfs:label`` for a class or property (the first one written wins)."""
    labels: dict[tuple[str, str], str] = {}
    for quad in ontology_quads():
        if quad.predicate in (SKOS_PREF_LABEL, RDFS_LABEL) and isinstance(quad.object, ox.Literal):
            labels.setdefault((quad.subject.value, quad.object.language or ""), quad.object.value)
    return labels


def label(iri: str, language: str) -> str | None:
    """The label of an ontology term or a concept in ``language`` (``vi`` or ``en``), read
    from the packaged ``ontology/*.ttl`` (no store needed); None when it has none.

    >>> label(DV_IRI + "carriesOut", "en")
    'carries out'
    >>> label(VOCAB_IRI + "level/district", "vi")
    'Cấp huyện'
    """
    return _labels().get((iri, language))


@cache
def _codes() -> dict[str, str]:
    return {
        concept(scheme, code).value: code
        for scheme, codes in vocabulary_codes().items()
        for code in codes
    }


def code_of(iri: str) -> str | None:
    """The record code of a concept (the inverse of :func:`concept`), None for an IRI
    that is no concept of the packaged vocabularies.

    >>> code_of(VOCAB_IRI + "doctype/DA"), code_of("urn:x")
    ('DA', None)
    """
    return _codes().get(iri)


def code_label(scheme: str, code: str | None, language: str) -> str:
    """The label of the concept ``code`` of vocabulary ``scheme``, or the code itself when
    the vocabulary has no such concept (data may carry a code a reader still must see).

    >>> code_label("reviewkind", "final-review", "en"), code_label("level", "moon", "en")
    ('Final review', 'moon')
    """
    if not code:
        return ""
    return label(f"{VOCAB_IRI}{scheme}/{code}", language) or code


def concept_label(scheme: str, code: str, language: str) -> str:
    """The ``skos:prefLabel`` of a concept in ``language`` (``vi`` or ``en``).

    >>> concept_label("doctype", "CT", "vi")
    'Chỉ thị'
    """
    return label(concept(scheme, code).value, language) or code


def compact_iri(iri: str, prefixes: Iterable[str] | None = None) -> str:
    """An IRI shortened with the longest matching prefix of :data:`PREFIXES` (or only of
    ``prefixes``); an IRI no prefix covers, or a bare namespace, is returned whole.

    >>> compact_iri("https://w3id.org/danvan/ontology#Directive")
    'dv:Directive'
    >>> compact_iri("http://www.w3.org/2000/01/rdf-schema#label", ("dv", "dvi"))
    'http://www.w3.org/2000/01/rdf-schema#label'
    """
    best = ""
    for name in PREFIXES if prefixes is None else prefixes:
        base = PREFIXES[name]
        if (
            iri.startswith(base)
            and len(iri) > len(base)
            and len(base) > len(PREFIXES.get(best, ""))
        ):
            best = name
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else iri


@cache
def document_class(type_code: str) -> ox.NamedNode:
    """The OWL class of a document type, from the vocabulary's ``dv:documentClass``.

    >>> document_class("CT").value
    'https://w3id.org/danvan/ontology#Directive'
    """
    iri = concept("doctype", type_code)
    for quad in ontology_quads():
        if quad.subject == iri and quad.predicate.value == DV_IRI + "documentClass":
            return quad.object  # type: ignore[return-value]
    raise UnknownTermError("vocab.no-document-class", code=type_code)
