"""Norwegian number formats: decimal comma, no-break space for thousands, «44 %»."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

NBSP = "\u00a0"
# Statistics Norway's symbols (data contract, section 5).
SUPPRESSED = ":"  # hidden for privacy
MISSING = ".."  # not reported, or no answers to compute it from


def missing(value: object) -> bool:
    """None, NaN and pandas' NA all read as no value (a text or a list is a value)."""
    return value is None or (not isinstance(value, str | list | tuple) and bool(pd.isna(value)))


def round_half_up(value: float, digits: int = 0) -> Decimal:
    quantum = Decimal(1).scaleb(-digits)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def number(value: object, digits: int = 0) -> str:
    """150000 -> '150 000'; 1.25 (digits=1) -> '1,3'; None -> '..'."""
    if missing(value):
        return MISSING
    rounded = round_half_up(float(value), digits)  # type: ignore[arg-type]
    text = f"{rounded:,.{digits}f}"
    return text.replace(",", NBSP).replace(".", ",").replace("-", "−")


def percent(value: object) -> str:
    """44.26 -> '44 %' (whole per cent, as the evaluation reported)."""
    return MISSING if missing(value) else f"{number(value)}{NBSP}%"


def points(value: object) -> str:
    """A difference of percentages: 12.3 -> '12 prosentpoeng'."""
    return MISSING if missing(value) else f"{number(value)}{NBSP}prosentpoeng"


def nok(value: object) -> str:
    return MISSING if missing(value) else f"{number(value)}{NBSP}kr"


_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}(?!\d))|(?<=[<>≤≥]) (?=\d)")


def keep_together(text: str) -> str:
    """'Under 5 000 innbyggere' with a no-break space in '5 000' (and after '<', '≥'), so that a
    number never breaks over two lines."""
    return _THOUSANDS.sub(NBSP, text)
