"""The register core: regions.csv, units.csv, the change history and grants.csv."""

from __future__ import annotations

import logging

import pandas as pd

from pipelines.contract import codes, input_files
from pipelines.ingest import register
from pipelines.ingest.across_files import CrossFileRules
from pipelines.ingest.fields import TableRules
from pipelines.ingest.loading import raw_frame, record_file
from pipelines.ingest.unit_history import UnitResolver, read_history, staged_changes

log = logging.getLogger("grant_eval")


class RegisterReading(CrossFileRules):
    """The register core: regions.csv, units.csv, the change history and grants.csv."""

    def load_register_core(self) -> None:
        region_map = dict(codes.DEFAULT_REGIONS)
        regions = self._core_csv(input_files.REGIONS.path, optional=True)
        if regions is not None:
            region_map = register.stage_regions(TableRules(regions, self.core_errors))
            self.core.raw["regions"] = raw_frame(regions)
        self.core.staging["regions"] = pd.DataFrame(sorted(region_map.items()), columns=["fylke", "region"])

        units_table = self._core_csv(input_files.UNITS.path)
        if units_table is not None:
            units = register.stage_units(
                TableRules(units_table, self.core_errors), region_map, own_map=regions is not None
            )
            self.core.raw["units"] = raw_frame(units_table)
            self.core.staging["units"] = units
            self.known_units = set(units["enhet_id"].dropna())

        history, own_history = read_history(self.data_dir, self.core_errors)
        if own_history is not None:
            path = self.data_dir / input_files.KOMMUNEENDRINGER.path
            record_file(self.core, path, input_files.KOMMUNEENDRINGER.path, len(own_history.frame))
            self.core.raw["kommuneendringer"] = raw_frame(own_history)
        self.core.staging["unit_changes"] = staged_changes(history)

        grants_table = self._core_csv("grants.csv")
        if self.known_units is not None:
            self.resolver = UnitResolver(history, self.known_units, None, self.programme.evaluated)
            self._place_organisations(region_map)
        if grants_table is not None:
            rules = TableRules(grants_table, self.core_errors)
            grants = register.stage_grants(rules, self.programme)
            grants_file = self.programme.grants_file()
            grants_key, grants_rule = grants_file.key, grants_file.key_rule
            if self.resolver is not None:
                # a grant under a changed number joins the project its unit already has
                listed = grants["enhet_id"].isin(self.known_units) & grants["ordning"].notna()
                self.resolver.projects = set(
                    zip(grants.loc[listed, "enhet_id"], grants.loc[listed, "ordning"], strict=True)
                )
            self._resolve_units(rules, grants, "ordning", grants_key, grants_rule)
            evaluated = grants[grants["enhet_id"].notna() & grants["ordning"].isin(self.programme.evaluated)]
            first = evaluated.groupby(["enhet_id", "ordning"])["aar"].min()
            self.first_grant = {key: (None if pd.isna(year) else int(year)) for key, year in first.items()}
            self.grant_years = {
                key: {int(y) for y in years.dropna()}
                for key, years in evaluated.groupby(["enhet_id", "ordning"])["aar"]
            }
            self.projects = set(self.first_grant)
            if self.resolver is not None:
                self.resolver.projects = self.projects
            self.core.raw["grants"] = raw_frame(grants_table)
            self.core.staging["grants"] = grants
