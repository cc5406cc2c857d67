"""Unit identity across municipal reforms (contract section 1).

Statistics Norway's KLASS change list (classification 131) says which municipality numbers
became which: renumbering (1902 → 5401 → 5501), mergers (0602, 0625, 0711 → 3005 → 3301) and
splits (1507 → 1508, 1580). A unit id that is not in units.csv is followed along that history,
forwards and backwards, to the units of units.csv it is connected to; exactly one candidate
(with a project in the row's scheme, when the row has one) resolves it, anything else is an
error that prints the chain, so a project never splits and two projects never merge silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines.contract import input_files
from pipelines.contract.problems import Problem
from pipelines.ingest.errors import ErrorLog
from pipelines.ingest.fields import TableRules
from pipelines.ingest.tables import SourceTable, read_csv_table

# The copy bundled with grant-eval (2006–2024; sources in docs/unit-history.md).
BUNDLED = Path(__file__).resolve().parents[1] / "contract" / "kommuneendringer.csv"
BUNDLED_NAME = "kommuneendringer.csv (bundled with grant-eval)"


@dataclass(frozen=True)
class Change:
    old: str
    old_name: str
    new: str
    new_name: str
    year: int  # the year the change took effect (1 January, as a rule)


@dataclass(frozen=True)
class Resolution:
    unit: str | None  # the unit of units.csv the id belongs to; None: not resolved
    problem: Problem | None = None
    rule: str = ""  # why not, with the chain of changes and the candidates


class UnitHistory:
    """The change list as a graph of codes, with the names each code has had."""

    def __init__(self, changes: Iterable[Change], source: str):
        listed = list(changes)  # read twice below: names from every row, edges from real changes
        self.source = source
        self.changes = [c for c in listed if c.old and c.new and c.old != c.new]
        self.later: dict[str, list[Change]] = {}
        self.earlier: dict[str, list[Change]] = {}
        self.names: dict[str, str] = {}
        for change in sorted(listed, key=lambda c: c.year):
            if change.old and change.old_name:
                self.names.setdefault(change.old, change.old_name)
            if change.new and change.new_name:
                self.names[change.new] = change.new_name
        for change in self.changes:
            self.later.setdefault(change.old, []).append(change)
            self.earlier.setdefault(change.new, []).append(change)

    def __contains__(self, code: str) -> bool:
        return code in self.later or code in self.earlier

    def _walk(self, code: str, forward: bool) -> list[str]:
        """Every code reached from `code` along the changes in one direction, nearest first."""
        edges = self.later if forward else self.earlier
        seen: list[str] = []
        todo = [code]
        while todo:
            current = todo.pop(0)
            for change in edges.get(current, []):
                step = change.new if forward else change.old
                if step not in seen and step != code:
                    seen.append(step)
                    todo.append(step)
        return seen

    def successors(self, code: str) -> list[str]:
        return self._walk(code, forward=True)

    def predecessors(self, code: str) -> list[str]:
        return self._walk(code, forward=False)

    def connected(self, code: str) -> list[str]:
        """The codes `code` continues or was continued by, each once: never a sibling of a merger.
        A number given up and taken back (1902 → 5401 → 1902) is one code, met both ways."""
        return list(dict.fromkeys(self.predecessors(code) + self.successors(code)))

    def label(self, code: str) -> str:
        name = self.names.get(code)
        return f"{code} {name}" if name else code

    def describe(self, code: str) -> str:
        """'Drammen (3301, from 2024) continues 0602 Drammen, 0625 Nedre Eiker, 0711 Svelvik
        (via 3005, 2020)', and/or '… became …' for the codes that followed it."""
        name = self.names.get(code, "")
        born = [c.year for c in self.earlier.get(code, [])]
        ended = [c.year for c in self.later.get(code, [])]
        span = f"from {min(born)}" if born else (f"until {max(ended) - 1}" if ended else "")
        head = f"{name} ({code}, {span})" if name else f"{code} ({span})"
        parts = []
        before = self.predecessors(code)
        if before:
            parts.append("continues " + self._path(before, self._ends(code, before, self.earlier)))
        after = self.successors(code)
        if after:
            parts.append("became " + self._path(after, self._ends(code, after, self.later)))
        return head + " " + " and ".join(parts)

    @staticmethod
    def _ends(code: str, walk: list[str], edges: dict[str, list[Change]]) -> list[str]:
        """The codes where a walk from `code` stops: no step on, or only back to `code` (a
        number taken back)."""
        return [c for c in walk if all(code in (e.old, e.new) for e in edges.get(c, []))]

    def _path(self, codes_: list[str], ends: list[str]) -> str:
        via = [c for c in codes_ if c not in ends]
        text = ", ".join(self.label(c) for c in sorted(ends))
        if via:
            text += " (via " + ", ".join(f"{c}, {self._year_of(c)}" for c in via) + ")"
        return text

    def _year_of(self, code: str) -> int:
        return min(c.year for c in self.earlier[code])


class UnitResolver:
    """Resolves the unit ids of one load against units.csv and the projects of grants.csv."""

    def __init__(
        self,
        history: UnitHistory,
        units: set[str],
        projects: set[tuple[str, str]] | None,
        evaluated: tuple[str, ...] = (),
    ):
        self.history = history
        self.evaluated = evaluated  # the programme's schemes that make projects
        self.units = units
        self.projects = projects or set()
        self._cache: dict[tuple[str, str | None], Resolution] = {}

    def resolve(self, code: str, scheme: str | None) -> Resolution:
        if code in self.units:
            return Resolution(code)
        if len(code) == 9:  # an organisation's number never changes with a municipal reform
            return Resolution(
                None,
                Problem.UNKNOWN_UNIT,
                "the organisation is not in units.csv (an organisation is not followed through the "
                "municipal change history)",
            )
        if scheme not in self.evaluated:
            scheme = None  # only the evaluated schemes make projects
        key = (code, scheme)
        if key not in self._cache:
            self._cache[key] = self._resolve(code, scheme)
        return self._cache[key]

    def _resolve(self, code: str, scheme: str | None) -> Resolution:
        if code not in self.history:
            return Resolution(
                None,
                Problem.UNKNOWN_UNIT,
                "the unit is not in units.csv, and the change history "
                f"({self.history.source}) has no change for it",
            )
        chain = self.history.describe(code)
        listed = [c for c in self.history.connected(code) if c in self.units]
        if not listed:
            return Resolution(
                None,
                Problem.UNKNOWN_UNIT,
                f"{chain}; none of these is in units.csv: add the unit to units.csv or correct the id",
            )
        candidates = listed if scheme is None else [c for c in listed if (c, scheme) in self.projects]
        if len(candidates) == 1:
            return Resolution(candidates[0])
        names = _join([self.history.label(c) for c in sorted(listed)])
        if not candidates:
            return Resolution(
                None,
                Problem.NOT_A_PROJECT,
                f"{chain}; {names} in units.csv {'has' if len(listed) == 1 else 'have'} no {scheme} "
                "project in grants.csv: correct the id or the scheme",
            )
        both = "both" if len(candidates) == 2 else "all"
        what = f"have {_article(scheme)} {scheme} project" if scheme else "are in units.csv"
        return Resolution(
            None,
            Problem.AMBIGUOUS_UNIT,
            f"{chain}; {_join(sorted(candidates))} {both} {what}: name the unit in units.csv or "
            "report under its old number",
        )


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def read_history(data_dir: Path, errors: ErrorLog) -> tuple[UnitHistory, SourceTable | None]:
    """reference/kommuneendringer.csv when the data directory has one, else the bundled copy.
    Returns the history and the file as read (None for the bundled copy)."""
    path = data_dir / input_files.KOMMUNEENDRINGER.path
    own = path.is_file()
    shown = input_files.KOMMUNEENDRINGER.path if own else BUNDLED_NAME
    table = read_csv_table(path if own else BUNDLED, shown, errors)
    if table is None:
        return UnitHistory([], shown), None
    rules = TableRules(table, errors)
    frame = rules.stage(input_files.KOMMUNEENDRINGER)
    old, new = frame["oldcode"], frame["newcode"]
    occurred = frame["changeoccurred"].map(_parse_date)
    rules.fail(
        occurred.isna(),
        "changeoccurred",
        Problem.BAD_DATE,
        "must be a date, YYYY-MM-DD",
    )
    changes = [
        Change(o if isinstance(o, str) else "", on, n if isinstance(n, str) else "", nn, when.year)
        for o, on, n, nn, when in zip(old, frame["oldname"], new, frame["newname"], occurred, strict=True)
        if when is not None
    ]
    return UnitHistory(changes, shown), (table if own else None)


def history_version(data_dir: Path) -> str:
    """Which change history a build used, with the first 12 hex digits of its SHA-256:
    'reference/kommuneendringer.csv sha256:…' or 'bundled sha256:…'."""
    own = data_dir / input_files.KOMMUNEENDRINGER.path
    path, name = (own, input_files.KOMMUNEENDRINGER.path) if own.is_file() else (BUNDLED, "bundled")
    return f"{name} sha256:{hashlib.sha256(path.read_bytes()).hexdigest()[:12]}"


def staged_changes(history: UnitHistory) -> pd.DataFrame:
    """The changes in force, for staging.unit_changes."""
    rows = [(c.old, c.old_name, c.new, c.new_name, c.year, history.source) for c in history.changes]
    return pd.DataFrame(
        rows, columns=["old_code", "old_name", "new_code", "new_name", "change_year", "source"]
    ).astype({"change_year": "Int64"})


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _article(scheme: str) -> str:
    return "an" if scheme[:1] in "AEIOU" else "a"
