"""No SQL built from data, checked in the code (issue 22, item 1): the SQL handed to DuckDB
(`.execute`, `.executemany`, `.sql`, `.query`, and the warehouse's `run_sql` and `fetch_df`)
is a string written in the code, or is built only from

- the quoting helpers of pipelines/warehouse/sql.py (`ident`, `qualified`, `table_ref`,
  `literal`, `sql_type`),
- module-level constants (UPPER_CASE names) and numbers (`int(...)`),
- local names assigned only such values (and `", ".join(...)` of such values).

Anything else (an f-string over a parameter, `%`, `.format`) is refused, unless the call carries
`# sql: trusted — <why>` on its lines or the line above: for SQL written purely from code
constants that the rule cannot follow (a staging table's SELECT)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from pipelines.settings import PROJECT_ROOT

PIPELINES = PROJECT_ROOT / "pipelines"
QUOTING = {"ident", "qualified", "table_ref", "literal", "sql_type"}
NUMBERS = {"int", "len"}
METHODS = {"execute", "executemany", "sql", "query"}
FUNCTIONS = {"run_sql": 1, "fetch_df": 1}  # the SQL's position among the arguments
MARKER = "# sql: trusted"

# TEMPORARY: files whose SQL is being rewritten by the lead (the marts from a programme
# definition; the report's frames). The rule reads them, and they are held to it once their
# rewrite lands: remove a file from here when test_allowed_files_still_need_it fails for it.
TEMPORARILY_ALLOWED: set[str] = set()


def sql_calls(tree: ast.AST) -> Iterator[tuple[ast.Call, ast.expr]]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in METHODS and node.args:
            yield node, node.args[0]
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        position = FUNCTIONS.get(name)
        if position is not None and len(node.args) > position:
            yield node, node.args[position]


class Scope:
    """The assignments of one function (or of the module), to follow a local name."""

    def __init__(self, node: ast.AST) -> None:
        self.assigned: dict[str, list[ast.expr]] = {}
        for child in ast.walk(node):
            if isinstance(child, ast.Assign):
                for target in child.targets:
                    self._bind(target, child.value)
            elif isinstance(child, ast.AnnAssign | ast.AugAssign) and child.value is not None:
                self._bind(child.target, child.value)
            elif isinstance(child, ast.For | ast.comprehension):
                self._bind(child.target, child.iter, element=True)

    def _bind(self, target: ast.expr, value: ast.expr, element: bool = False) -> None:
        if isinstance(target, ast.Name):
            self.assigned.setdefault(target.id, []).append(
                ast.Subscript(value, ast.Constant(0)) if element else value
            )
        elif isinstance(target, ast.Tuple):  # unpacking: each name from an element of the value
            for part in target.elts:
                self._bind(part, ast.Subscript(value, ast.Constant(0)), element)


def safe(node: ast.expr, scope: Scope, seen: frozenset[str] = frozenset()) -> bool:
    """Whether `node` can only be code-written SQL, quoted names and literals, or numbers."""
    match node:
        case ast.Constant():
            return isinstance(node.value, str | int | float)
        case ast.JoinedStr():
            return all(safe(part, scope, seen) for part in node.values)
        case ast.FormattedValue():
            return safe(node.value, scope, seen)
        case ast.BinOp(op=ast.Add() | ast.Mult()):  # `"?, " * n` is code too
            return safe(node.left, scope, seen) and safe(node.right, scope, seen)
        case ast.IfExp():
            return safe(node.body, scope, seen) and safe(node.orelse, scope, seen)
        case ast.Name(id=name) | ast.Attribute(attr=name) if name.isupper():
            return True  # a module-level constant, here or imported (`codes.SCHEMES`)
        case ast.Name(id=name):
            values = scope.assigned.get(name, [])
            return bool(values) and name not in seen and all(safe(v, scope, seen | {name}) for v in values)
        case ast.Subscript(value=ast.Name(id=name) | ast.Attribute(attr=name)) if name.isupper():
            return True  # an element of a constant
        case ast.Call(func=ast.Name(id=name) | ast.Attribute(attr=name)) if name in QUOTING | NUMBERS:
            return True
        case ast.Call(func=ast.Attribute(value=ast.Constant(value=str()), attr="join"), args=[arg]):
            return safe(arg, scope, seen)
        case ast.GeneratorExp() | ast.ListComp():
            return safe(node.elt, scope, seen)
    return False


def marked(call: ast.Call, lines: list[str]) -> bool:
    span = lines[max(call.lineno - 2, 0) : call.end_lineno or call.lineno]
    return any(MARKER in line and line.split(MARKER, 1)[1].strip(" —-:") for line in span)


def violations(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines = source.splitlines()
    found = []
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    module = Scope(tree)
    for call, sql in sql_calls(tree):
        owner = next(
            (f for f in functions if f.lineno <= call.lineno <= (f.end_lineno or f.lineno)),
            None,
        )
        scope = Scope(owner) if owner is not None else module
        if not safe(sql, scope) and not marked(call, lines):
            found.append(f"{path.relative_to(PROJECT_ROOT)}:{call.lineno}: {ast.unparse(sql)[:80]}")
    return found


def modules() -> list[Path]:
    return sorted(PIPELINES.rglob("*.py"))


def test_no_sql_is_built_from_data() -> None:
    found = [
        v
        for path in modules()
        if str(path.relative_to(PROJECT_ROOT)) not in TEMPORARILY_ALLOWED
        for v in violations(path)
    ]
    assert found == []


def test_allowed_files_still_need_it() -> None:
    """The allow-list shrinks: a file that now keeps the rule comes off it."""
    assert {f for f in TEMPORARILY_ALLOWED if violations(PROJECT_ROOT / f)} == TEMPORARILY_ALLOWED


def check(code: str) -> list[str]:
    """The rule over a piece of code, as a module of its own."""
    path = PIPELINES / "_lint_example.py"
    path.write_text(code, encoding="utf-8")
    try:
        return [v.split(": ", 1)[1] for v in violations(path)]
    finally:
        path.unlink()


def test_the_rule_refuses_sql_from_a_parameter() -> None:
    assert check(
        "def f(con, column, value, table):\n"
        "    con.execute(f'COMMENT ON COLUMN raw.t.{column} IS 1')\n"
        "    run_sql(con, 'SELECT %s' % value)\n"
        "    fetch_df(con, 'SELECT {}'.format(value))\n"
        "    statement = f'ALTER TABLE {table} ADD COLUMN x VARCHAR'\n"
        "    run_sql(con, statement)\n"
        "    con.sql(', '.join(f'{c}' for c in column))\n"
        "    run_sql(con, f'SELECT {value}')  # sql: trusted\n"
    ) == [
        "f'COMMENT ON COLUMN raw.t.{column} IS 1'",
        "'SELECT %s' % value",
        "'SELECT {}'.format(value)",
        "statement",
        "', '.join((f'{c}' for c in column))",
        "f'SELECT {value}'",  # a marker without a reason does not count
    ]


def test_the_rule_accepts_quoted_names_constants_and_numbers() -> None:
    assert (
        check(
            "SCHEMAS = ('raw',)\n"
            "def f(con, column, table, years, text):\n"
            "    con.execute(f'COMMENT ON COLUMN {table_ref(table)}.{ident(column)} IS {literal(text)}')\n"
            "    for schema in SCHEMAS:\n"
            "        run_sql(con, f'CREATE SCHEMA {ident(schema)}')\n"
            "    select = 'SELECT * FROM incoming'\n"
            "    if years:\n"
            "        select = 'SELECT ' + ', '.join(f'CAST({ident(c)} AS {sql_type(t)})' for c, t in years)\n"
            "    run_sql(con, f'INSERT INTO {qualified(\"raw\", table)} {select} LIMIT {int(years[0])}')\n"
            "    fetch_df(con, SCHEMAS[0], [text])\n"
            "    # sql: trusted — written in staging.py from code constants\n"
            "    run_sql(con, f'CREATE TABLE x AS {table.sql}')\n"
        )
        == []
    )
