"""Convenience views built on the query catalogue: a directive's lineage tree and coverage.

Both are plain Python objects a notebook can use directly, and the ``danvan lineage`` and
``danvan coverage`` commands print them::

    >>> tree = lineage(store, "05-CT/TW")                        # doctest: +SKIP
    >>> print(tree.render())                                     # doctest: +SKIP
    >>> table = coverage(store, "ct-19-tu-ha-nam-2013", period=(2013, 2023))  # doctest: +SKIP
    >>> table.totals.covered, table.totals.total                 # doctest: +SKIP
    (1, 6)

Every fact comes from a named query (``queries/*.rq``, and the internal ones in
``queries/system/``) run through :func:`danvan_kg.queries.run`; there is no SPARQL in
this package. A directive is named by its record key (``ct-19-tu-ha-nam-2013``), its
identifier (``19-CT/TU``; an identifier that names more than one document is an error
listing their keys) or its IRI, looked up by :func:`danvan_kg.lookup.resolve`.

- :mod:`~danvan_kg.views.lineage`: the lineage tree (:func:`lineage`);
- :mod:`~danvan_kg.views.render`: the tree as text;
- :mod:`~danvan_kg.views.coverage`: covered and uncovered units (:func:`coverage`);
- :mod:`~danvan_kg.views.words`: the views' words, labels read from the ontology.
"""

from __future__ import annotations

from danvan_kg.lookup import parse_period
from danvan_kg.views.coverage import (
    COVERAGE_RELATIONS,
    DEFAULT_COUNTING,
    LEVELS,
    MAPS,
    CoverageRow,
    CoverageTable,
    CoverageTotals,
    counting_label,
    coverage,
    parse_counting,
)
from danvan_kg.views.lineage import (
    Ancestor,
    Award,
    Conference,
    LineageNode,
    LineageTree,
    Model,
    lineage,
)
from danvan_kg.views.words import LANGUAGES

__all__ = [
    "COVERAGE_RELATIONS",
    "DEFAULT_COUNTING",
    "LANGUAGES",
    "LEVELS",
    "MAPS",
    "Ancestor",
    "Award",
    "Conference",
    "CoverageRow",
    "CoverageTable",
    "CoverageTotals",
    "LineageNode",
    "LineageTree",
    "Model",
    "counting_label",
    "coverage",
    "lineage",
    "parse_counting",
    "parse_period",
]
