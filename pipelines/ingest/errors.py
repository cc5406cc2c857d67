"""Input errors: each names file, location, column, value, the rule it breaks and its code."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelines.contract.problems import Problem

# Enough to see a pattern; the count of the rest is still reported.
MAX_REPORTED_ERRORS = 200


@dataclass(frozen=True)
class InputError:
    file: str
    location: str  # "line 12", "sheet 'tiltak', row 4", "case 7", or "" for the whole file
    column: str
    value: str
    rule: str  # the message: what the value must be
    code: Problem  # stable: what tests and tools match on

    def __str__(self) -> str:
        where = f"{self.file}: {self.location}" if self.location else self.file
        parts = [where]
        if self.column:
            parts.append(f"column {self.column}")
        if self.value != "":
            parts.append(f"value {self.value!r}")
        return ": ".join(parts) + f": {self.rule}"


@dataclass
class ErrorLog:
    """Collects every error of a run so they are reported together."""

    errors: list[InputError] = field(default_factory=list)

    def add(
        self,
        code: Problem,
        file: str,
        location: str = "",
        column: str = "",
        value: object = "",
        rule: str = "",
    ) -> None:
        self.errors.append(InputError(file, location, column, _show(value), rule, code))

    def extend(self, errors: list[InputError]) -> None:
        self.errors.extend(e for e in errors if e not in self.errors)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __len__(self) -> int:
        return len(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)


def _show(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


class InvalidInput(Exception):
    """The inputs break the data contract; nothing was written."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        super().__init__(self.report())

    def report(self, limit: int = MAX_REPORTED_ERRORS) -> str:
        return report_lines([str(e) for e in self.errors], limit)


def report_lines(errors: list[str], limit: int = MAX_REPORTED_ERRORS) -> str:
    """The message a user reads: the count, then each error, capped."""
    lines = [f"{len(errors)} input error(s); nothing was written:"]
    lines += [f"  {e}" for e in errors[:limit]]
    if len(errors) > limit:
        lines.append(f"  ... and {len(errors) - limit} more")
    return "\n".join(lines)
