"""The layout holds: imports run one way, no module depends on being imported second, and every
file and name docs/architecture.md points to exists."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

from pipelines.settings import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "pipelines"
# Lower layers never import higher ones (docs/architecture.md).
LAYERS = {
    "pipelines.settings": 0,
    "pipelines.contract": 0,
    "pipelines": 0,
    "pipelines.ingest": 1,
    "pipelines.warehouse": 2,
    "pipelines.marts": 3,
    "pipelines.report": 4,
    "pipelines.build": 5,
    "pipelines.defs": 5,
    "pipelines.definitions": 6,
    "pipelines.run": 7,
    "pipelines.cli": 8,
}
# Imports deferred into a function on purpose: `grant-eval check` starts without Dagster.
DEFERRED_OK = {"pipelines.cli"}


def modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def layer(module: str) -> int:
    # The longest prefix decides: "pipelines" itself is only the package's docstring.
    for prefix, rank in sorted(LAYERS.items(), key=lambda item: -len(item[0])):
        if module == prefix or module.startswith(prefix + "."):
            return rank
    raise AssertionError(f"{module} is in no layer: add it to LAYERS and docs/architecture.md")


def imported(tree: ast.AST) -> list[tuple[str, bool]]:
    """(module, inside a function) for each import of the package."""
    found = []
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    nested = {id(n) for f in functions for n in ast.walk(f)}
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            if name.startswith("pipelines"):
                found.append((name, id(node) in nested))
    return found


def test_every_module_is_in_a_layer() -> None:
    for module in modules():
        layer(module)


def test_imports_run_one_way() -> None:
    """CLI → run → definitions → defs → report → marts → warehouse → ingest → contract."""
    wrong = []
    for module in modules():
        path = PACKAGE.parent / (module.replace(".", "/") + ".py")
        if not path.exists():
            path = PACKAGE.parent / module.replace(".", "/") / "__init__.py"
        for target, deferred in imported(ast.parse(path.read_text(encoding="utf-8"))):
            target_module = target if target in modules() else target.rsplit(".", 1)[0]
            if target_module not in modules():
                continue
            if layer(target_module) > layer(module):
                wrong.append(f"{module} imports {target_module} (a higher layer)")
            if deferred and module not in DEFERRED_OK:
                wrong.append(f"{module} imports {target_module} inside a function")
    assert wrong == []


def test_every_module_imports_on_its_own() -> None:
    """Each module imported first, in a fresh state of the package: a cycle that only works in
    one import order ("partially initialized module") fails here."""
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        f"for name in {modules()!r}:\n"
        "    for loaded in [m for m in sys.modules if m.split('.')[0] in ('pipelines', 'devtools')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as exc:\n"
        "        failed.append(f'{name}: {exc!r}')\n"
        "print('\\n'.join(failed))\n"
        "sys.exit(1 if failed else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_architecture_doc_names_only_what_exists() -> None:
    """Every `path` and `path:name` the recipes give exists, so the doc cannot drift."""
    doc = (PROJECT_ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    references = re.findall(r"`((?:pipelines|tests|devtools|bench|docs|scripts)/[\w/.-]+)(?::(\w+))?`", doc)
    assert len(references) > 20
    for path, name in references:
        target = PROJECT_ROOT / path
        assert target.exists(), path
        if name:
            text = target.read_text(encoding="utf-8")
            assert re.search(rf"^(?:def |class |){name}\b", text, re.M) or re.search(
                rf"^\s*(?:def |class ){name}\b", text, re.M
            ), f"{path}:{name}"
