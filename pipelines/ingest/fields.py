"""Column rules of the data contract, applied to whole columns at once.

Each rule returns the normalised column and adds one error per offending row; rows with an
error keep a missing value so later rules can still run and report their own errors.
`TableRules.stage` applies the rule of every column an input file declares
(pipelines/contract/input_files.py) and checks the file's key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

import pandas as pd

from pipelines.contract import concepts, input_files
from pipelines.contract.problems import Problem
from pipelines.ingest.errors import ErrorLog
from pipelines.ingest.tables import LOC, SourceTable

# 150000, 150 000 (space, no-break or narrow no-break space between groups of three), and a
# spreadsheet's float 150000.0. Never 150.000 or 150,000: their separator is ambiguous.
_WHOLE = re.compile(r"^-?(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:\.0)?$")
_UNIT = re.compile(r"^(\d+)(?:\.0)?$")
# Whole numbers are stored as BIGINT; more digits than this cannot be a count or an amount.
MAX_DIGITS = 15

# Control characters a text cell may not hold: C0 but tab and the line breaks (LF, CR); DEL; C1;
# the bidirectional embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

WHOLE_RULE = "must be a whole number such as 150000, 150 000 or 150000.0"


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
                    Problem.MISSING_COLUMN,
                    self.table.file,
                    self.table.header_location,
                    name,
                    "",
                    "required column is missing from the header",
                )
        return not self.missing

    def text(self, column: str) -> pd.Series:
        if column not in self.frame.columns:
            return pd.Series([""] * len(self.frame), index=self.frame.index, dtype=object)
        return self.frame[column]

    def fail(
        self, mask: pd.Series, column: str, code: Problem, rule: str, values: pd.Series | None = None
    ) -> None:
        if not mask.any():
            return
        shown = self.text(column) if values is None else values
        for idx in mask[mask].index:
            where = self.table.location(self.frame.at[idx, LOC])
            self.errors.add(code, self.table.file, where, column, shown[idx], rule)

    def checked(self, column: str) -> bool:
        """A column missing from the header was reported once; its cells are not."""
        return column not in self.missing

    # -- the declared schema ----------------------------------------------------------------
    def stage(self, schema: input_files.InputFile) -> pd.DataFrame:
        """Every declared column, normalised by its rule; the key checked; `_loc` kept."""
        self.require_columns(schema.required)
        frame = pd.DataFrame({c.name: self.column(c) for c in schema.columns}, index=self.frame.index)
        if schema.key:
            self.unique(list(schema.key), frame[list(schema.key)], schema.key_rule)
        frame[LOC] = self.frame[LOC]
        return frame

    def column(self, column: input_files.Column) -> pd.Series:
        name = column.name
        if column.kind == concepts.UNIT_ID:
            return self.unit_id(name, blank_ok=column.blank_ok)
        if column.kind == concepts.CODE:
            return self.code(
                name, column.codes, upper=column.upper, blank_ok=column.blank_ok, aliases=column.aliases
            )
        if column.kind == concepts.CODE_LIST:
            return self.code_list(name, column.codes)
        if column.kind == concepts.WHOLE:
            return self.whole(name, minimum=column.minimum, blank_ok=column.blank_ok)
        if column.kind == concepts.YEAR:
            return self.year(name, blank_ok=column.blank_ok)
        if column.kind == concepts.SHARE:
            return self.share(name)
        self.plain_text(name)
        values = self.text(name)
        return values if column.blank_ok else self.non_empty(name)

    # -- column rules ------------------------------------------------------------------------
    def plain_text(self, column: str) -> None:
        """A text cell holds no control character (C0 but tab, LF and CR; DEL; C1) and no
        bidirectional override or isolate: they break a download's XML, hide in a page or turn
        a name around. An error names the first one as U+XXXX with its position (1 = first)."""
        values = self.text(column)
        if not self.checked(column) or not len(values):
            return
        for idx in values.index[values.str.contains(_CONTROL, regex=True, na=False)]:
            text = values[idx]
            found = _CONTROL.search(text)
            if found is None:  # pragma: no cover - the mask found one
                continue
            self.errors.add(
                Problem.CONTROL_CHARACTER,
                self.table.file,
                self.table.location(self.frame.at[idx, LOC]),
                column,
                _CONTROL.sub(lambda m: f"<U+{ord(m.group()[0]):04X}>", text),
                f"holds the control character U+{ord(found.group()[0]):04X} at position {found.start() + 1}; "
                "text may not hold control characters or bidirectional overrides",
            )

    def non_empty(self, column: str) -> pd.Series:
        values = self.text(column)
        if self.checked(column):
            self.fail(values == "", column, Problem.BLANK, "must not be blank")
        return values

    def unit_id(self, column: str = "enhet_id", blank_ok: bool = False) -> pd.Series:
        values = self.text(column)
        normalised = by_value(values, normalise_unit_id)
        bad = normalised.isna() & ~((values == "") & blank_ok)
        if self.checked(column):
            # nine digits are an organisation's number whose check digit failed
            organisation = bad & by_value(
                values, lambda v: bool(_UNIT.match(v)) and len(v.split(".")[0]) == 9
            )
            self.fail(organisation, column, Problem.BAD_ORGANISATION_NUMBER, ORGANISATION_RULE)
            self.fail(
                bad & ~organisation,
                column,
                Problem.BAD_UNIT_ID,
                UNIT_ID_RULE + (", or blank" if blank_ok else ""),
            )
        return normalised

    def code(
        self,
        column: str,
        allowed: Iterable[str],
        *,
        upper: bool = False,
        blank_ok: bool = False,
        aliases: Mapping[str, str] | None = None,
    ) -> pd.Series:
        allowed = list(allowed)
        values = self.text(column)
        folded = by_value(values, str.upper if upper else str.lower)
        if aliases:
            folded = folded.map(lambda v: aliases.get(v, v))
        valid = folded.isin(allowed) | ((folded == "") & blank_ok)
        if self.checked(column):
            blank_note = " (or blank)" if blank_ok else ""
            self.fail(~valid, column, Problem.BAD_CODE, f"must be one of {', '.join(allowed)}{blank_note}")
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
        parsed = by_value(values, parse)
        if self.checked(column):
            self.fail(
                parsed.isna(),
                column,
                Problem.BAD_CODE_LIST,
                f"must be a list of codes separated by '|', each one of {', '.join(allowed)}",
            )
        return parsed

    def whole(self, column: str, *, minimum: int = 0, blank_ok: bool = False) -> pd.Series:
        values = self.text(column)
        numbers = by_value(values, parse_whole)
        too_long = numbers.map(lambda n: n is not None and len(str(abs(n))) > MAX_DIGITS)
        parsed = numbers.mask(too_long).astype("Int64")
        blank = values == ""
        bad_format = numbers.isna() & ~blank
        too_small = (parsed < minimum).fillna(False).astype(bool)
        if self.checked(column):
            self.fail(bad_format, column, Problem.BAD_WHOLE_NUMBER, WHOLE_RULE)
            self.fail(
                too_long, column, Problem.NUMBER_TOO_LARGE, f"is too large: at most {MAX_DIGITS} digits"
            )
            self.fail(too_small, column, Problem.BELOW_MINIMUM, f"must be a whole number ≥ {minimum}")
            if not blank_ok:
                self.fail(blank, column, Problem.BLANK, "must not be blank")
        return parsed.mask(too_small)

    def year(self, column: str = "aar", blank_ok: bool = False) -> pd.Series:
        values = self.text(column)
        parsed = by_value(values, parse_year).astype("Int64")
        bad = parsed.isna() & ~((values == "") & blank_ok)
        if self.checked(column):
            self.fail(
                bad,
                column,
                Problem.BAD_YEAR,
                "must be a four-digit year or blank" if blank_ok else "must be a four-digit year",
            )
        return parsed

    def share(self, column: str) -> pd.Series:
        """A percentage 0–100, with a decimal comma or point."""
        values = self.text(column)
        share = pd.to_numeric(values.str.replace(",", ".", regex=False), errors="coerce")
        ok = share.between(0, 100).fillna(False).astype(bool)
        if self.checked(column):
            self.fail(~ok, column, Problem.BAD_SHARE, "must be a number from 0 to 100 (per cent)")
        return share.where(ok)

    def unique(self, columns: list[str], keys: pd.DataFrame, rule: str) -> None:
        complete = keys.notna().all(axis=1)
        repeated = keys.duplicated(keep="first") & complete
        if repeated.any():
            self.fail(repeated, "+".join(columns), Problem.DUPLICATE_KEY, rule, join_keys(keys))


def by_value(values: pd.Series, func: Callable[[str], object]) -> pd.Series:
    """func of each cell, computed once per distinct value: a column of codes or years holds
    a few values many times, and the results share their objects instead of one per row."""
    distinct = pd.unique(values)
    if len(distinct) * 2 > len(values):
        results = [func(value) for value in values]
    else:
        computed = {value: func(value) for value in distinct}
        results = [computed[value] for value in values]
    # object, as the rules expect: None stays None (map() would infer pandas' str dtype)
    return pd.Series(results, index=values.index, dtype=object)


UNIT_ID_RULE = (
    "must be a unit id: 4 digits (kommune), 6 digits (bydel) or 9 digits (organisasjon); "
    "3 or 5 digits are read as having lost a leading zero"
)
ORGANISATION_RULE = (
    "is not an organisasjonsnummer: its check digit (modulus 11, weights 3, 2, 7, 6, 5, 4, 3, 2) fails"
)


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
    if len(digits) == 9:  # an organisation: its number's check digit must hold
        return digits if organisation_number_valid(digits) else None
    return digits if len(digits) in (4, 6) else None


# The Central Coordinating Register's weights for an organisasjonsnummer's check digit.
ORGANISATION_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def organisation_number_valid(digits: str) -> bool:
    """Modulus 11 over the first eight digits (weights 3, 2, 7, 6, 5, 4, 3, 2): the ninth is
    11 minus the remainder (0 when the remainder is 0; a remainder of 1 gives no valid number)."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    remainder = sum(int(d) * w for d, w in zip(digits[:8], ORGANISATION_WEIGHTS, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return check < 10 and check == int(digits[8])


def parse_whole(value: object) -> int | None:
    """'150000', '150 000' (space or no-break space), '150000.0' -> 150000; else None."""
    text = str(value).strip()
    if not _WHOLE.match(text):
        return None
    text = text.split(".")[0]
    return int(re.sub(r"[ \u00a0\u202f]", "", text))


def parse_year(value: object) -> int | None:
    """A four-digit year ('2007', or '2007.0' from a spreadsheet); else None."""
    number = parse_whole(value)
    return number if number is not None and 1000 <= number <= 9999 else None
