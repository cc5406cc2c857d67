"""Column rules of the data contract, applied to whole columns at once.

Each rule returns the normalised column and adds one error per offending row; rows with an
error keep a missing value so later rules can still run and report their own errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from pipelines.ingest.errors import ErrorLog
from pipelines.ingest.tables import LOC, SourceTable

_WHOLE = re.compile(r"^-?(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:\.0+)?$")
_UNIT = re.compile(r"^(\d+)(?:\.0+)?$")


class TableRules:
    """Validates the columns of one SourceTable, reporting into a shared ErrorLog."""

    def __init__(self, table: SourceTable, errors: ErrorLog):
        self.table = table
        self.frame = table.frame
        self.errors = errors
        self.missing: set[str] = set()

    # -- structure -------------------------------------------------------------------------
    def require_columns(self, required: Iterable[str]) -> bool:
        for name in required:
            if name not in self.frame.columns:
                self.missing.add(name)
                self.errors.add(
                    self.table.file, self.table.header_location, name, "",
                    "required column is missing from the header",
                )
        return not self.missing

    def text(self, column: str) -> pd.Series:
        if column not in self.frame.columns:
            return pd.Series([""] * len(self.frame), index=self.frame.index, dtype=object)
        return self.frame[column]

    def fail(self, mask: pd.Series, column: str, rule: str, values: pd.Series | None = None) -> None:
        if not mask.any():
            return
        shown = self.text(column) if values is None else values
        for idx in mask[mask].index:
            self.errors.add(self.table.file, self.frame.at[idx, LOC], column, shown[idx], rule)

    # -- column rules ------------------------------------------------------------------------
    def non_empty(self, column: str) -> pd.Series:
        values = self.text(column)
        if column not in self.missing:
            self.fail(values == "", column, "must not be blank")
        return values

    def unit_id(self, column: str = "enhet_id") -> pd.Series:
        values = self.text(column)
        normalised = values.map(normalise_unit_id)
        if column not in self.missing:
            self.fail(
                normalised.isna(), column,
                "must be a unit id: 4 digits (kommune) or 6 digits (bydel); "
                "3 or 5 digits are read as having lost a leading zero",
            )
        return normalised

    def code(
        self, column: str, allowed: Iterable[str], *, upper: bool = False, blank_ok: bool = False,
        aliases: dict[str, str] | None = None,
    ) -> pd.Series:
        allowed = list(allowed)
        values = self.text(column)
        folded = values.str.upper() if upper else values.str.lower()
        if aliases:
            folded = folded.map(lambda v: aliases.get(v, v))
        valid = folded.isin(allowed) | ((folded == "") & blank_ok)
        if column not in self.missing:
            blank_note = " (or blank)" if blank_ok else ""
            self.fail(~valid, column, f"must be one of {', '.join(allowed)}{blank_note}")
        return folded.where(valid & (folded != ""), None)

    def code_list(self, column: str, allowed: Iterable[str]) -> pd.Series:
        """A '|'-separated list of codes; blank is an empty list. Returns 'a|b' normalised."""
        allowed = list(allowed)

        def parse(value: str) -> str | None:
            if value == "":
                return ""
            items = [item.strip().lower() for item in value.split("|")]
            if any(item not in allowed for item in items):
                return None
            return "|".join(dict.fromkeys(items))  # repeated codes count once

        values = self.text(column)
        parsed = values.map(parse)
        if column not in self.missing:
            self.fail(
                parsed.isna(), column,
                f"must be a list of codes separated by '|', each one of {', '.join(allowed)}",
            )
        return parsed

    def whole(
        self, column: str, *, minimum: int = 0, blank_ok: bool = False, rule: str | None = None,
    ) -> pd.Series:
        values = self.text(column)
        parsed = values.map(parse_whole).astype("Int64")
        blank = values == ""
        bad_format = parsed.isna() & ~blank
        too_small = (parsed < minimum).fillna(False).astype(bool)
        if column not in self.missing:
            word = "≥ 0" if minimum == 0 else f"≥ {minimum}"
            self.fail(
                bad_format, column,
                rule or "must be a whole number such as 150000, 150 000 or 150000.0",
            )
            self.fail(too_small, column, f"must be a whole number {word}")
            if not blank_ok:
                self.fail(blank, column, "must not be blank")
        return parsed.mask(too_small)

    def year(self, column: str = "aar") -> pd.Series:
        values = self.text(column)
        parsed = values.map(parse_whole).astype("Int64")
        ok = parsed.between(1000, 9999).fillna(False).astype(bool)
        if column not in self.missing:
            self.fail(~ok, column, "must be a four-digit year")
        return parsed.mask(~ok)

    def unique(self, columns: list[str], keys: pd.DataFrame, rule: str) -> None:
        complete = keys.notna().all(axis=1)
        repeated = keys.duplicated(keep="first") & complete
        if repeated.any():
            self.fail(repeated, "+".join(columns), rule, join_keys(keys))


def join_keys(keys: pd.DataFrame) -> pd.Series:
    """Show a composite key as 'a / b / c' (missing parts blank)."""
    return keys.apply(lambda row: " / ".join("" if pd.isna(v) else str(v) for v in row), axis=1)


def normalise_unit_id(value: object) -> str | None:
    """'0301', '301', '301.0' -> '0301'; '030101', '30101' -> '030101'; else None."""
    match = _UNIT.match(str(value).strip())
    if not match:
        return None
    digits = match.group(1)
    if len(digits) in (3, 5):
        digits = "0" + digits
    return digits if len(digits) in (4, 6) else None


def parse_whole(value: object) -> int | None:
    """'150000', '150 000' (space or no-break space), '150000.0' -> 150000; else None."""
    text = str(value).strip()
    if not _WHOLE.match(text):
        return None
    text = text.split(".")[0]
    return int(re.sub(r"[ \u00a0\u202f]", "", text))
