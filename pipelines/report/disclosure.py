"""Disclosure control for small numbers (data contract, section 5; Statistics Norway's practice).

In a breakdown of survey or interview results by region, size class or case unit, a count of
1–3, and a percentage whose base is below 5, is shown as ':'. A hidden cell must not be
recoverable from what the table still shows: from the total minus the shown cells of its
breakdown, from the complementary count, or from the percentage beside it. `protect` adds the
further cells that takes (secondary suppression).
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence

import pandas as pd

SMALL_COUNT = range(1, 4)
MIN_BASE = 5
FOOTNOTE = (
    "«:» betyr at tallet er skjult av personvernhensyn: antall 1–3, og prosenter med "
    "færre enn 5 i grunnlaget, vises ikke i fordelinger etter landsdel, kommunestørrelse "
    "eller caseenhet."
)


def hide_count(count: object) -> bool:
    # numbers.Real: Python's numbers and numpy's, as pandas hands them out, but not NA
    return isinstance(count, numbers.Real) and not pd.isna(count) and int(float(count)) in SMALL_COUNT


def hide_percent(base: object) -> bool:
    return isinstance(base, numbers.Real) and not pd.isna(base) and float(base) < MIN_BASE


Cell = tuple[int, str]  # (row position, column)


def protect(
    frame: pd.DataFrame,
    breakdowns: Sequence[Sequence[int]],
    counts: Sequence[str],
    complements: Sequence[tuple[str, str]] = (),
    percents: Mapping[str, tuple[str, str]] | None = None,
) -> set[Cell]:
    """The cells to hide in a table of breakdowns whose totals stay shown.

    `breakdowns`: the row positions of each breakdown (rows that add up to a shown total);
    `counts`: count columns under the 1–3 rule; `complements`: pairs of count columns whose
    sum the table shows (hiding one hides the other); `percents`: percentage column ->
    (the count it is made from, its base column), hidden with the count or when the base is
    under 5.
    """
    hidden: set[Cell] = {
        (pos, col) for rows in breakdowns for pos in rows for col in counts if hide_count(frame.at[pos, col])
    }
    changed = True
    while changed:
        changed = False
        for rows in breakdowns:
            for pos in rows:
                for first, second in complements:
                    if ((pos, first) in hidden) != ((pos, second) in hidden):
                        hidden |= {(pos, first), (pos, second)}
                        changed = True
            for col in counts:
                shown = [pos for pos in rows if (pos, col) not in hidden]
                if len(rows) - len(shown) == 1 and shown:
                    # One hidden cell is the total minus the others: hide the smallest other
                    # (a non-zero one where there is one) so that no single cell can be told.
                    nonzero = [pos for pos in shown if frame.at[pos, col]]
                    hidden.add((min(nonzero or shown, key=lambda p: frame.at[p, col]), col))
                    changed = True
    for rows in breakdowns:
        for pos in rows:
            for pct, (count, base) in (percents or {}).items():
                if (pos, count) in hidden or hide_percent(frame.at[pos, base]):
                    hidden.add((pos, pct))
    return hidden
