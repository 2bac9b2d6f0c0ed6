"""The message catalogue: every code speaks both languages, and code raises only codes."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import danvan_kg
from danvan_kg.errors import DanvanError, RecordError
from danvan_kg.messages import LANGUAGES, CatalogueError, catalogue, fields, render

SOURCE = Path(danvan_kg.__file__).parent
LOCATION_ARGUMENTS = {"file", "record", "field"}


def test_every_code_has_both_languages_with_the_same_fields() -> None:
    for code, templates in catalogue().items():
        assert set(templates) == set(LANGUAGES), code
        assert all(templates[language].strip() for language in LANGUAGES), code
        assert fields(templates["vi"]) == fields(templates["en"]), code


def test_vietnamese_is_not_a_copy_of_english() -> None:
    same = [
        code
        for code, templates in catalogue().items()
        if templates["vi"] == templates["en"] and any(c.isalpha() for c in templates["en"])
    ]
    assert not same, f"these codes have no Vietnamese of their own: {same}"


def test_an_unknown_code_cannot_be_raised() -> None:
    with pytest.raises(CatalogueError, match="unknown code"):
        RecordError("no-such.code", file="x.yaml")


def test_a_missing_argument_is_a_bug_not_half_a_message() -> None:
    with pytest.raises(CatalogueError, match="cannot be filled"):
        render("cli.internal-error", {"kind": "X"}, "en")


def test_arguments_are_shortened_before_they_are_shown() -> None:
    text = render("cli.internal-error", {"kind": "X", "detail": "y" * 50_000}, "vi")
    assert len(text) < 400
    assert "50,000 characters" in text


def test_errors_render_in_both_languages_with_their_location() -> None:
    error = RecordError("cli.internal-error", file="a.yaml", field="date", kind="K", detail="d")
    assert (
        error.message("en") == "a.yaml: date: internal error: K: d (set DANVAN_DEBUG=1 for details)"
    )
    assert error.message("vi").startswith("a.yaml: date: lỗi nội bộ: K: d")
    assert str(error) == error.message("en")
    assert error.bare("vi").startswith("lỗi nội bộ")


def _error_classes() -> set[str]:
    for module in pkgutil.walk_packages(danvan_kg.__path__, "danvan_kg."):
        if module.name.endswith("__main__"):
            continue
        importlib.import_module(module.name)
    names: set[str] = set()
    pending = [DanvanError]
    while pending:
        cls = pending.pop()
        names.add(cls.__name__)
        pending.extend(cls.__subclasses__())
    return names


def _raise_sites() -> list[tuple[str, int, ast.Call]]:
    """Every construction of a danvan error (and every ``where.error(…)``) in the package."""
    classes = _error_classes()
    sites = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in classes or name in ("error", "fail"):
                sites.append((str(path.relative_to(SOURCE)), node.lineno, node))
    return sites


def test_every_error_is_raised_with_a_known_code_and_its_arguments() -> None:
    problems = []
    sites = _raise_sites()
    assert len(sites) > 20, "the scan found too few raise sites to be looking at the code"
    for path, line, call in sites:
        first = call.args[0] if call.args else None
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            # A variable code is allowed only when it is passed on: from another error
            # (``error.code``), or by a raising helper (``where.error(code)``,
            # ``self.fail(code)``) whose own call sites this scan checks.
            if isinstance(first, ast.Attribute) and first.attr == "code":
                continue
            if isinstance(first, ast.Name) and first.id == "code":
                continue
            problems.append(f"{path}:{line}: the code is not a string literal")
            continue
        code = first.value
        if code not in catalogue():
            problems.append(f"{path}:{line}: unknown code {code!r}")
            continue
        if any(keyword.arg is None for keyword in call.keywords):
            continue  # **params: checked when rendered (tests reach every code)
        given = {keyword.arg for keyword in call.keywords} - LOCATION_ARGUMENTS
        needed = fields(catalogue()[code]["en"])
        if needed - given:
            problems.append(f"{path}:{line}: {code!r} lacks {sorted(needed - given)}")
    assert not problems, "\n".join(problems)
