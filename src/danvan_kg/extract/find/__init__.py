"""Stage 2: finders, one module per kind of mention; each takes the cleaned text (and
what earlier finders found) and returns :class:`~danvan_kg.extract.model.Mention` lists."""
