"""units.csv, regions.csv, grants.csv and context/lavinntekt.csv."""

from __future__ import annotations

import pandas as pd

from pipelines.contract import codes, input_files
from pipelines.contract.problems import Problem
from pipelines.contract.programme import RECIPIENT_KINDS, Programme, recipient_kind
from pipelines.ingest.fields import TableRules


def stage_units(rules: TableRules, region_map: dict[str, str], own_map: bool) -> pd.DataFrame:
    """Units with county, region and size class (contract section 1)."""
    units = rules.stage(input_files.UNITS)
    # an organisation's region is its municipality's (contract §1)
    organisation = units["enhet_id"].str.len() == 9
    rules.fail(
        (organisation & units["kommune"].isna() & (rules.text("kommune") == "")).fillna(False).astype(bool),
        "kommune",
        Problem.BLANK,
        "an organisation needs the municipality it works in (kommune)",
    )
    not_municipality = units["kommune"].notna() & (units["kommune"].str.len() != 4)
    rules.fail(
        not_municipality.astype(bool),
        "kommune",
        Problem.BAD_UNIT_ID,
        "must be a municipality number (4 digits)",
    )
    units["kommune"] = units["kommune"].where(~not_municipality, None)
    units["fylke"] = units["kommune"].where(organisation, units["enhet_id"]).str[:2]
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


def stage_grants(rules: TableRules, programme: Programme) -> pd.DataFrame:
    """Grants, each in a year its scheme ran and to a kind of recipient it admits (§8)."""
    grants = rules.stage(programme.grants_file())
    known = grants["ordning"].notna() & grants["aar"].notna()
    # once for every scheme: each row's year and kind of recipient
    years = grants["aar"].astype("object")
    kinds = grants["enhet_id"].map(lambda u: recipient_kind(u) if isinstance(u, str) else "")
    for scheme in programme.schemes:
        mine = known & (grants["ordning"] == scheme.code)
        if scheme.years:
            outside = mine & years.map(
                lambda y, s=scheme: y is not None and pd.notna(y) and not s.runs_in(int(y))
            )
            rules.fail(
                outside.astype(bool),
                "aar",
                Problem.SCHEME_NOT_RUNNING,
                f"{scheme.code} gave grants in {scheme.years}: not in this year",
            )
        refused = mine & grants["enhet_id"].notna() & ~kinds.isin(scheme.recipients)
        admitted = ", ".join(f"{k} ({RECIPIENT_KINDS[k]})" for k in scheme.recipients)
        rules.fail(
            refused.astype(bool),
            "enhet_id",
            Problem.RECIPIENT_NOT_ADMITTED,
            f"{scheme.code} admits only {admitted}",
        )
    above = grants["soknad_nok"].notna() & (grants["soknad_nok"] < grants["belop_nok"]).fillna(False)
    rules.fail(
        above.astype(bool),
        "soknad_nok",
        Problem.PART_ABOVE_WHOLE,
        "the amount applied for is below the grant",
    )
    return grants


def stage_low_income(rules: TableRules) -> pd.DataFrame:
    return rules.stage(input_files.LAVINNTEKT)
