"""The optional context: lavinntekt.csv and Statistics Norway's statbank exports."""

from __future__ import annotations

import logging

import pandas as pd

from pipelines.contract import input_files
from pipelines.contract.problems import Problem
from pipelines.ingest import register
from pipelines.ingest.across_files import CrossFileRules
from pipelines.ingest.fields import TableRules
from pipelines.ingest.loading import raw_frame, record_file
from pipelines.ingest.statbank import (
    NATIONAL,
    Figure,
    PlacedFigure,
    iter_context_files,
    read_context_file,
    unique_figures,
)
from pipelines.ingest.tables import LOC

log = logging.getLogger("grant_eval")


class ContextReading(CrossFileRules):
    """The optional context: lavinntekt.csv and Statistics Norway's statbank exports."""

    def load_context(self) -> None:
        table = self._csv(input_files.LAVINNTEKT.path, optional=True)
        if table is not None:
            rules = TableRules(table, self.errors)
            low_income = register.stage_low_income(rules)
            self._resolve_units(
                rules, low_income, key=input_files.LAVINNTEKT.key, key_rule=input_files.LAVINNTEKT.key_rule
            )
            self.loaded.raw["lavinntekt"] = raw_frame(table)
            self.loaded.staging["lavinntekt"] = low_income
        self._load_statbank()

    def _load_statbank(self) -> None:
        """Statistics Norway's own exports in context/: every figure with its table, measure,
        period and symbol; the country and the counties kept as reference rows."""
        figures: list[Figure] = []
        for path in iter_context_files(self.data_dir / "context"):
            relative = f"context/{path.name}"
            if path.suffix.lower() not in (".csv", ".json"):
                self.errors.add(
                    Problem.BAD_CONTEXT_FILE,
                    relative,
                    rule="context/ holds lavinntekt.csv, the statbank's CSV download (.csv) of table "
                    "08764 or 12944, or its JSON-stat 2.0 (.json); nothing else",
                )
                continue
            self.say(f"reading {relative}")
            read = read_context_file(path, relative, self.errors)
            placed, skipped = self._place(read)
            record_file(self.loaded, path, relative, len(read))
            self.loaded.files[-1].n_skipped = skipped
            if skipped:
                log.info(f"{relative}: {skipped} figure(s) for municipalities outside units.csv skipped")
            figures += placed
        if figures:
            frame = pd.DataFrame([f.__dict__ for f in figures])
            self.loaded.raw["statbank"] = frame.rename(columns={"file": "_file", "location": LOC}).drop(
                columns=["enhet_id", "level"]
            )
            self.loaded.staging["context_figures"] = unique_figures(frame)

    def _place(self, figures: list[Figure]) -> tuple[list[PlacedFigure], int]:
        """Each figure's unit (through the change history), or the country or a county; figures
        for other municipalities are skipped and counted."""
        placed, skipped = [], 0
        for figure in figures:
            if figure.region_code == NATIONAL:
                placed.append(PlacedFigure(**figure.__dict__, enhet_id=None, level="land"))
            elif len(figure.region_code) == 2:
                placed.append(PlacedFigure(**figure.__dict__, enhet_id=None, level="fylke"))
            else:
                found = self.resolver.resolve(figure.region_code, None) if self.resolver else None
                if found is None or found.unit is None:
                    skipped += 1
                else:
                    placed.append(PlacedFigure(**figure.__dict__, enhet_id=found.unit, level="enhet"))
        return placed, skipped
