"""danvan-kg: a knowledge graph of Vietnamese Party directives and dân vận work."""

__version__ = "0.1.0"
