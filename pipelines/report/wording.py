"""Norwegian wording that follows the numbers: the quantifier a share earns, lists, and
differences taken from the figures as the reader sees them (rounded), so that a sentence
can never contradict the table beside it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipelines.report import format as fmt

ACRONYM = re.compile(r"^[A-ZÆØÅ]{2,}\b")  # NAV, a scheme's code: kept in capitals in a sentence


def quantifier(pct: float) -> str:
    """How much of a whole a share is, in words, judged on the whole per cent a reader sees:
    «alle», «nesten alle», «de fleste», «et flertall», «omtrent halvparten», «et mindretall»,
    «få», «ingen»."""
    shown = int(fmt.round_half_up(pct))
    if shown == 100:
        return "alle"
    if shown >= 95:
        return "nesten alle"
    if shown >= 75:
        return "de fleste"
    if shown > 60:
        return "et flertall"
    if shown >= 40:
        return "omtrent halvparten"
    if shown >= 15:
        return "et mindretall"
    return "få" if shown > 0 else "ingen"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(label: str) -> str:
    """A label inside a sentence: 'Sosialtjenesten/NAV' -> 'sosialtjenesten/NAV' (an acronym
    keeps its capitals)."""
    return label if ACRONYM.match(label) else label[:1].lower() + label[1:]


def listing(items: Sequence[str]) -> str:
    """'a', 'a og b', 'a, b og c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def shown(pct: float) -> int:
    """A percentage as the reader sees it: whole per cent, half up."""
    return int(fmt.round_half_up(pct))


def difference(first: float, second: float) -> int:
    """The difference of two percentages as the reader can check it: of the rounded figures."""
    return shown(first) - shown(second)


def over_years(pairs: list[tuple[int, float]], most: int = 6) -> str:
    """Shares over the years as a sentence can carry them: each year when there are a few
    («44 % i 2011, 49 % i 2012»), else the first, the last and the range between."""
    if len(pairs) <= most:
        return ", ".join(f"{fmt.percent(pct)} i {year}" for year, pct in pairs)
    (first_year, first), (last_year, last) = pairs[0], pairs[-1]
    seen = [shown(pct) for _year, pct in pairs]
    return (
        f"fra {fmt.percent(first)} i {first_year} til {fmt.percent(last)} i {last_year}, "
        f"mellom {min(seen)} og {max(seen)}\u00a0% i perioden"
    )
