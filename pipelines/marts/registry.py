"""Every mart, in dependency order."""

from __future__ import annotations

from pipelines.marts import cooperation, goals, measures, programme
from pipelines.marts.spec import MartSpec

MARTS: list[MartSpec] = [*programme.MARTS, *goals.MARTS, *cooperation.MARTS, *measures.MARTS]
BY_NAME: dict[str, MartSpec] = {m.name: m for m in MARTS}
