"""Parameters bound into SPARQL text as RDF terms: the one binder of both stores.

The SPARQL 1.1 Protocol cannot carry variable bindings, and Oxigraph's own
``substitutions`` are applied after its optimiser (a parameter that anchors a query was
applied only at the end: upstream-chain at 5M took 8 s with substitutions, 3 ms bound).
So both stores bind parameters here, by a structural rewrite of the query text: the
token ``?name`` becomes the term in N-Triples syntax, written by pyoxigraph and checked
again here. A term is never query text: ``"} ; DROP ALL ; #`` stays one string literal.

>>> bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": ox.Literal('"} ; DROP ALL ; #')})
'SELECT ?s WHERE { ?s ?p "\\\\"} ; DROP ALL ; #" }'

Nothing here knows a store or HTTP: the functions take text and terms and return text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from danvan_kg.errors import QueryError
from danvan_kg.stores.base import Term
from danvan_kg.vocab import PREFIXES

_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# IRIREF of the SPARQL grammar: no spaces, quotes, braces; so "a < b" is not an IRI.
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_NAME_CHAR = re.compile(r"[\w:\-.]")
_VAR = re.compile(r"[?$](\w+)")


def _skip(text: str, position: int) -> int | None:
    """If a comment, string or IRI starts at ``position``, the index just after it."""
    char = text[position]
    if char == "#":
        end = text.find("\n", position)
        return len(text) if end < 0 else end + 1
    if char in "\"'":
        long_quote = char * 3
        if text.startswith(long_quote, position):
            index = position + 3
            while index < len(text):
                if text[index] == "\\":
                    index += 2
                    continue
                if text.startswith(long_quote, index):
                    return index + 3
                index += 1
            raise QueryError("binding.unterminated-string")
        index = position + 1
        while index < len(text):
            if text[index] == "\\":
                index += 2
                continue
            if text[index] == char:
                return index + 1
            if text[index] == "\n":
                break
            index += 1
        raise QueryError("binding.unterminated-string")
    if char == "<":
        match = _IRIREF.match(text, position)
        if match:
            return match.end()
    return None


def _tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """The tokens that matter for binding, outside comments, strings and IRIs.

    Yields ``(start, end, token)``: token is one of ``{ } ( ) *``, a variable as
    ``?name`` (``$name`` too), or an upper-cased keyword; prefixed names are skipped.
    """
    index = 0
    while index < len(text):
        after = _skip(text, index)
        if after is not None:
            index = after
            continue
        char = text[index]
        if char in "{}()*":
            yield index, index + 1, char
            index += 1
        elif char in "?$" and (match := _VAR.match(text, index)):
            yield index, match.end(), "?" + match.group(1)
            index = match.end()
        elif char.isalpha() and (index == 0 or not _NAME_CHAR.match(text[index - 1])):
            end = index
            while end < len(text) and _NAME_CHAR.match(text[end]):
                end += 1
            word = text[index:end]
            if ":" not in word:
                yield index, end, word.upper().rstrip(".")
            index = end
        else:
            index += 1


def where_position(query: str) -> int:
    """Index just after the ``{`` that opens the outermost WHERE group of a query."""
    form = None
    depth = 0
    parens = 0
    template_done = False
    for _start, end, token in _tokens(query):
        if form is None:
            if token in ("SELECT", "ASK", "DESCRIBE", "CONSTRUCT"):
                form = token
            elif token in _UPDATE_WORDS:
                raise QueryError("binding.in-update")
            continue
        if token == "(":
            parens += 1
        elif token == ")":
            parens -= 1
        elif token == "{":
            if depth == 0 and parens == 0:
                if form == "CONSTRUCT" and not template_done:
                    depth += 1
                    continue
                return end
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0 and form == "CONSTRUCT":
                template_done = True
        elif token == "WHERE" and form == "CONSTRUCT" and depth == 0 and not template_done:
            raise QueryError("binding.construct-where")
    raise QueryError("binding.no-where")


_UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


def term_text(name: str, term: Term) -> str:
    r"""One parameter's term in N-Triples syntax, checked: an IRI or a literal only.

    pyoxigraph writes the term, escaping the quotes, backslashes and newlines of a
    literal; it refuses an IRI with a space, quote, brace or angle bracket when the
    NamedNode is made, and pyoxigraph's term classes cannot be subclassed, so no text
    can leave its ``<…>`` or ``"…"``. Anything else (a str, a blank node) is refused.

    >>> print(term_text("o", ox.Literal('a "b"\nc', language="vi")))
    "a \"b\"\nc"@vi
    """
    if not _VARNAME.fullmatch(name):
        raise QueryError("binding.not-a-variable", name=name)
    if not isinstance(term, ox.NamedNode | ox.Literal):
        raise QueryError("binding.term-kind", name=name)
    return str(term)


def _check_bindings(bindings: Mapping[str, Term]) -> dict[str, str]:
    """Each parameter's term in N-Triples syntax (see :func:`term_text`)."""
    return {name: term_text(name, term) for name, term in bindings.items()}


def values_block(bindings: Mapping[str, Term]) -> str:
    """``VALUES (?a ?b) { (<iri> "text"@vi) }`` — the terms in N-Triples syntax."""
    written = _check_bindings(bindings)
    names = " ".join(f"?{name}" for name in written)
    return f"VALUES ({names}) {{ ({' '.join(written.values())}) }}"


def inject_values(query: str, bindings: Mapping[str, Term] | None) -> str:
    """The query with ``bindings`` as a VALUES block opening its outermost WHERE group.

    >>> inject_values(
    ...     "SELECT * WHERE { ?x ?p ?v }", {"v": ox.Literal("} ; DROP ALL ; #", language="vi")}
    ... )
    'SELECT * WHERE { VALUES (?v) { ("} ; DROP ALL ; #"@vi) } ?x ?p ?v }'
    """
    if not bindings:
        return query
    position = where_position(query)
    return f"{query[:position]} {values_block(bindings)}{query[position:]}"


# How an edit rewrites a variable token: text before the term, the parameter whose term
# goes there (None: no term), text after it.
_Replacement = tuple[str, str | None, str]
_DROP: _Replacement = ("", None, "")


@dataclass
class _Select:
    """A SELECT (the query's or a sub-select's) while the query is scanned."""

    depth: int  # brace depth where the SELECT keyword stands
    projects: set[str] = field(default_factory=set)
    star: bool = False
    phase: str = "projection"  # then "where", then "modifiers"
    where_depth: int = -1
    parens: int = 0
    by: bool = False  # inside GROUP BY / ORDER BY
    items: int = 0  # variables and (expressions) projected
    by_items: int = 0  # conditions in the current GROUP BY / ORDER BY
    by_pending: list[tuple[int, int, _Replacement]] = field(default_factory=list)

    def end_by(self, edits: list[tuple[int, int, _Replacement]]) -> None:
        """Grouping or ordering by a constant does nothing (and Virtuoso rejects it):
        drop a bound parameter there, unless it is the clause's only condition."""
        keep = self.by_items == len(self.by_pending)
        edits += [(a, b, text if keep else _DROP) for a, b, text in self.by_pending]
        self.by, self.by_items, self.by_pending = False, 0, []

    pending: list[tuple[int, int, _Replacement]] = field(default_factory=list)

    def sees(self, name: str) -> bool:
        return self.star or name in self.projects


def bind_values(query: str, bindings: Mapping[str, Term] | None) -> str:
    """The query with each parameter variable replaced by its term, as Oxigraph does.

    The SPARQL protocol cannot carry bindings, so this is the remote counterpart of
    Oxigraph's ``substitutions``: the token ``?name`` (or ``$name``) becomes the term in
    N-Triples syntax, written by pyoxigraph — one IRI or literal token, never raw text.
    Where the grammar needs a variable it is kept as one: ``SELECT ?name`` becomes
    ``SELECT (<term> AS ?name)``, ``GROUP BY ?name`` becomes ``GROUP BY (<term>)``,
    ``BOUND(?name)`` becomes ``true``. A sub-select that does not project ``?name`` has a
    variable of its own and is left alone. A query that is ``SELECT *`` gets a VALUES
    block at the start of its WHERE group instead (:func:`inject_values`).

    >>> bind_values("SELECT ?x ?v WHERE { ?x ?p ?v }", {"v": ox.Literal('"} ; DROP ALL ; #')})
    'SELECT ?x ("\\\\"} ; DROP ALL ; #" AS ?v) WHERE { ?x ?p "\\\\"} ; DROP ALL ; #" }'
    """
    if not bindings:
        return query
    terms = _check_bindings(bindings)
    edits = _binding_edits(query, frozenset(terms))
    if edits is None:
        return inject_values(query, bindings)
    pieces, done = [], 0
    for start, end, (before, name, after) in edits:
        pieces += [query[done:start], before, terms[name] if name else "", after]
        done = end
    return "".join(pieces) + query[done:]


@functools.lru_cache(maxsize=256)
def _binding_edits(
    query: str, names: frozenset[str]
) -> tuple[tuple[int, int, _Replacement], ...] | None:
    """Where :func:`bind_values` writes the parameters ``names`` into ``query``, in text
    order (None: a ``SELECT *`` query, which gets a VALUES block instead).

    The edits depend on the text and the names only, not on the terms, so they are
    found once per query: scanning a long query costs milliseconds (2 ms for
    lineage.rq), more than the engine takes to answer the small ones.
    """
    tokens = list(_tokens(query))
    edits: list[tuple[int, int, _Replacement]] = []
    selects: list[_Select] = []
    form = None
    depth = 0
    previous = ""
    values_list = 0  # 1 right after VALUES, 2 inside its (variable list)
    skip_to = -1
    for position, (start, end, token) in enumerate(tokens):
        if position < skip_to:
            continue
        if form is None:
            if token in ("SELECT", "ASK", "DESCRIBE", "CONSTRUCT"):
                form = token
            elif token in _UPDATE_WORDS:
                raise QueryError("binding.in-update")
            if token != "SELECT":
                previous = token
                continue
        if token == "SELECT":
            selects.append(_Select(depth))
        current = selects[-1] if selects else None
        in_projection = current is not None and current.phase == "projection"
        if token == "{":
            if in_projection and current.parens == 0:
                current.phase, current.where_depth = "where", depth
                # A sub-select need not project a bound parameter: the group around it
                # has the term already. Drop it, unless nothing else would be projected.
                keep = current.items == len(current.pending)
                edits += [(a, b, text if keep else _DROP) for a, b, text in current.pending]
                if len(selects) == 1 and form == "SELECT" and current.star:
                    return None
            depth += 1
        elif token == "}":
            depth -= 1
            if current and current.phase == "where" and depth == current.where_depth:
                current.phase = "modifiers"
            elif current and current.phase == "modifiers" and depth < current.depth:
                current.end_by(edits)
                selects.pop()
        elif token in ("(", ")"):
            if in_projection and token == "(" and current.parens == 0:
                current.items += 1
            if current and current.by and token == "(" and current.parens == 0:
                current.by_items += 1
            if current and current.phase in ("projection", "modifiers"):
                current.parens += 1 if token == "(" else -1
            if values_list == 1 and token == "(":
                values_list = 2
            elif values_list == 2 and token == ")":
                values_list = 0
        elif (
            token == "*"
            and in_projection
            and current.parens == 0
            and previous in ("SELECT", "DISTINCT", "REDUCED")
        ):
            current.star = True
        elif token in ("GROUP", "ORDER") and current and current.phase == "modifiers":
            current.end_by(edits)
            current.by = True
        elif (
            token in ("HAVING", "LIMIT", "OFFSET", "VALUES")
            and current
            and current.phase == "modifiers"
        ):
            current.end_by(edits)
        elif token.startswith("?"):
            name = token[1:]
            if in_projection and current.parens == 0:
                current.projects.add(name)
                current.items += 1
            if current and current.by and current.parens == 0:
                current.by_items += 1
            if name in names and _visible(selects, name, in_projection):
                if previous == "AS":
                    raise QueryError("binding.assigned", name=name)
                if values_list:
                    raise QueryError("binding.has-values", name=name)
                if in_projection and current.parens == 0 and len(selects) > 1:
                    current.pending.append((start, end, ("(", name, f" AS ?{name})")))
                elif in_projection and current.parens == 0:
                    edits.append((start, end, ("(", name, f" AS ?{name})")))
                elif previous == "(" and position >= 2 and tokens[position - 2][2] == "BOUND":
                    closing = tokens[position + 1] if position + 1 < len(tokens) else None
                    if closing is None or closing[2] != ")":
                        raise QueryError("binding.in-bound", name=name)
                    edits.append((tokens[position - 2][0], closing[1], ("true", None, "")))
                    skip_to = position + 2
                elif (
                    current and current.phase == "modifiers" and current.by and current.parens == 0
                ):
                    current.by_pending.append((start, end, ("(", name, ")")))
                else:
                    edits.append((start, end, ("", name, "")))
            if values_list == 1:
                values_list = 0
        if token == "VALUES":
            values_list = 1
        elif values_list == 1 and token not in ("(",) and not token.startswith("?"):
            values_list = 0
        previous = token
    if form is None:
        raise QueryError("binding.no-form")
    for select in selects:
        select.end_by(edits)
    return tuple(sorted(edits, key=lambda edit: edit[0]))


def _visible(selects: list[_Select], name: str, in_projection: bool) -> bool:
    """Whether ``?name`` here is the query's own variable, not one local to a sub-select."""
    inner = selects[1:]
    if in_projection and inner:
        inner = inner[:-1]  # a sub-select's projection belongs to the group around it
    return all(select.sees(name) for select in inner)


_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
# Where one of danvan's prefixes is used: ``name:`` not inside a longer word or a
# variable. One pass for all of them, where a search per prefix read the text sixteen
# times (an INSERT DATA of 5,000 quads is 0.7 MB: 0.12 s, now 0.04 s). The lookahead
# matches nothing, so a prefixed name can never hide the next one from the scan; no
# prefix name holds a colon, so at most one of them matches at any place, and the set
# of names found is the set the searches found one by one.
_USED = re.compile(r"(?<![\w?$])(?=(" + "|".join(re.escape(name) for name in PREFIXES) + r"):)")


def with_prefixes(text: str) -> str:
    """The query with PREFIX lines for danvan's prefixes it uses but does not declare."""
    declared = {match.group(1) or "" for match in _DECLARED.finditer(text)}
    used = {match.group(1) for match in _USED.finditer(text)}
    missing = [name for name in PREFIXES if name not in declared and name in used]
    if not missing:
        return text
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in missing) + text
