"""docs/errors.md is generated from the error codes; every code is described, and every code
is raised by at least one validation case that asserts it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pipelines.contract.errors_doc import render
from pipelines.contract.problems import GROUPS, Problem
from pipelines.settings import PROJECT_ROOT

TESTS = PROJECT_ROOT / "tests"

# The validation tests: each case breaks one rule on a real file and asserts the error's code.
VALIDATION_TESTS = (
    "test_validation.py",
    "test_unit_history.py",
    "test_statbank.py",
    "test_ingest_variations.py",
    "test_programme.py",  # the programme definition's cases
)
PROGRAMME_TESTS = "test_programme.py"
PROGRAMME_GROUPS = (
    "The programme definition (programme/, contract §7)",
    "The programme's rules on the data (contract §1, §8)",
)


def test_errors_doc_is_current() -> None:
    assert (PROJECT_ROOT / "docs" / "errors.md").read_text(encoding="utf-8") == render(), (
        "regenerate: python -m pipelines.contract.errors_doc > docs/errors.md"
    )


def test_every_code_is_described_once_in_the_enums_order() -> None:
    described = [code for codes in GROUPS.values() for code in codes]
    assert described == list(Problem)
    for codes in GROUPS.values():
        for code, text in codes.items():
            assert text.meaning.strip() and text.meaning.endswith("."), code.name
            assert "\n" not in text.example, code.name
    assert set(PROGRAMME_GROUPS) <= set(GROUPS)


def asserted_codes(path: Path) -> set[str]:
    """The Problem members a test file asserts: inside an assert statement, in the arguments of
    a pytest.mark.parametrize decorator (or of a module-level table it names, as CASES), or in
    the arguments of a helper named assert_*. Aliases (P = Problem) are followed."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases = {"Problem"}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            aliases |= {a.asname for a in node.names if a.name == "Problem" and a.asname}
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            aliases |= {t.id for t in node.targets if isinstance(t, ast.Name)}

    def members(node: ast.AST) -> set[str]:
        return {
            n.attr
            for n in ast.walk(node)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id in aliases
        }

    def is_parametrize(node: ast.AST) -> bool:
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "parametrize"
        )

    def asserts(node: ast.AST) -> bool:
        if isinstance(node, ast.Assert):
            return True
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id.startswith("assert_")
        )

    found: set[str] = set()
    tables: set[str] = set()  # module-level names a parametrize decorator reads, as CASES
    for node in ast.walk(tree):
        if asserts(node):
            found |= members(node)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in filter(is_parametrize, node.decorator_list):
                found |= members(decorator)
                tables |= {n.id for n in ast.walk(decorator) if isinstance(n, ast.Name)}
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id in tables for t in targets):
                found |= members(node.value)
    return found


def test_asserted_codes_counts_only_assertions(tmp_path: Path) -> None:
    path = tmp_path / "test_x.py"
    path.write_text(
        "from pipelines.contract.problems import Problem\n"
        "P = Problem\n"
        "CASES = [('a', P.BLANK)]\n"
        "OTHER = [P.BAD_YEAR]\n"
        "@pytest.mark.parametrize(('case', 'code'), CASES)\n"
        "def test_a(case, code):\n"
        "    log.add(Problem.BAD_DATE, 'x')\n"  # raised by the test itself, not asserted
        "    assert errors == [Problem.EMPTY_FILE]\n"
        "    assert_error(errors, P.NO_REPORT)\n",
        encoding="utf-8",
    )
    assert asserted_codes(path) == {"BLANK", "EMPTY_FILE", "NO_REPORT"}


def _unasserted(groups: list[str], files: list[Path]) -> list[str]:
    asserted = set().union(*(asserted_codes(f) for f in files))
    unknown = asserted - {c.name for c in Problem}
    assert not unknown, f"tests assert codes Problem does not have: {sorted(unknown)}"
    return [code.name for g in groups for code in GROUPS[g] if code.name not in asserted]


def _existing() -> list[Path]:
    return [TESTS / name for name in VALIDATION_TESTS if (TESTS / name).exists()]


def test_every_code_is_raised_by_a_validation_case() -> None:
    groups = [g for g in GROUPS if g not in PROGRAMME_GROUPS]
    missing = _unasserted(groups, _existing())
    assert missing == [], f"no validation case asserts {missing}: add one (tests/test_validation.py)"


def test_every_programme_code_is_raised_by_a_validation_case() -> None:
    if not (TESTS / PROGRAMME_TESTS).exists():
        pytest.skip(f"tests/{PROGRAMME_TESTS}, which holds the programme definition's cases, is not here yet")
    missing = _unasserted(list(PROGRAMME_GROUPS), _existing())
    assert missing == [], f"no validation case asserts {missing}: add one (tests/{PROGRAMME_TESTS})"
