"""units.csv, regions.csv, grants.csv and context/lavinntekt.csv."""

from __future__ import annotations

import pandas as pd

from pipelines.contract import codes, input_files
from pipelines.contract.problems import Problem
from pipelines.ingest.fields import TableRules


def stage_units(rules: TableRules, region_map: dict[str, str], own_map: bool) -> pd.DataFrame:
    """Units with county, region and size class (contract section 1)."""
    units = rules.stage(input_files.UNITS)
    units["fylke"] = units["enhet_id"].str[:2]
    units["region"] = units["fylke"].map(region_map)
    no_region = units["enhet_id"].notna() & units["region"].isna()
    rules.fail(
        no_region,
        "enhet_id",
        Problem.NO_REGION,
        "the unit's county (first two digits) has no region" + (" in regions.csv" if own_map else ""),
    )
    units["size_class"] = units["innbyggere"].map(lambda n: codes.size_class(None if pd.isna(n) else int(n)))
    return units


def stage_regions(rules: TableRules) -> dict[str, str]:
    """regions.csv as a county -> region map."""
    frame = rules.stage(input_files.REGIONS)
    fylke = frame["fylke"].map(lambda v: v.zfill(2) if v.isdigit() and len(v) <= 2 else None)
    rules.fail(
        fylke.isna() & (frame["fylke"] != ""),
        "fylke",
        Problem.BAD_COUNTY,
        "must be a county number of one or two digits",
    )
    return {f: r for f, r in zip(fylke, frame["region"], strict=True) if f is not None and r}


def stage_grants(rules: TableRules) -> pd.DataFrame:
    return rules.stage(input_files.GRANTS)


def stage_low_income(rules: TableRules) -> pd.DataFrame:
    return rules.stage(input_files.LAVINNTEKT)
