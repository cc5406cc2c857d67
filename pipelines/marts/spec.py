"""What a mart is: its SQL, its grain, its columns and the rules its numbers obey."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MartSpec:
    name: str
    description: str  # English, shown in Dagster and as the table comment
    norsk: str  # the Norwegian name of the table, as the report uses it
    sql: str  # a SELECT over staging (and earlier marts)
    columns: dict[str, str]  # column -> "norsk term — English meaning"
    keys: tuple[str, ...]  # one row per these columns
    deps: tuple[str, ...]  # staging.* / marts.* tables read
    # (count column, base column) pairs where count ≤ base must hold
    within: tuple[tuple[str, str], ...] = field(default=())
    order_by: str = ""

    @property
    def table(self) -> str:
        return f"marts.{self.name}"

    @property
    def percent_columns(self) -> list[str]:
        return [c for c in self.columns if c.startswith("pct") or c.startswith("ci_")]
