"""Disclosure control for small numbers (data contract, section 5; Statistics Norway's practice).

In a breakdown of survey or interview results by region, size class or case unit, a count of
1–3, and a percentage whose base is below 5, is shown as ':'.
"""

from __future__ import annotations

SMALL_COUNT = range(1, 4)
MIN_BASE = 5
FOOTNOTE = (
    "«:» betyr at tallet er skjult av personvernhensyn: antall 1–3, og prosenter med "
    "færre enn 5 i grunnlaget, vises ikke i fordelinger etter landsdel, kommunestørrelse "
    "eller caseenhet."
)


def hide_count(count: object) -> bool:
    return isinstance(count, int | float) and int(count) in SMALL_COUNT


def hide_percent(base: object) -> bool:
    return isinstance(base, int | float) and int(base) < MIN_BASE
