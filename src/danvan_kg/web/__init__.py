"""``danvan serve``: the graph on the web (search, a page per IRI, the catalogue, a SPARQL
endpoint, validation). :func:`create_app` builds the ASGI app over a store."""

from danvan_kg.web.app import create_app
from danvan_kg.web.common import Settings

__all__ = ["Settings", "create_app"]
