"""units.csv, grants.csv, regions.csv and context/lavinntekt.csv."""

from __future__ import annotations

import pandas as pd

from pipelines.contract import codes
from pipelines.ingest.fields import TableRules
from pipelines.ingest.tables import SourceTable


def stage_units(table: SourceTable, rules: TableRules) -> pd.DataFrame:
    rules.require_columns(["enhet_id", "navn", "innbyggere"])
    frame = pd.DataFrame(
        {
            "enhet_id": rules.unit_id(),
            "navn": rules.non_empty("navn"),
            "innbyggere": rules.whole("innbyggere", blank_ok=True),
        }
    )
    rules.unique(["enhet_id"], frame[["enhet_id"]], "enhet_id must be unique in units.csv")
    frame["_loc"] = table.frame["_loc"]
    return frame


def stage_regions(table: SourceTable, rules: TableRules) -> dict[str, str]:
    rules.require_columns(["fylke", "region"])
    fylke = rules.text("fylke").map(lambda v: v.zfill(2) if v.isdigit() and len(v) <= 2 else None)
    rules.fail(fylke.isna(), "fylke", "must be a county number of one or two digits")
    region = rules.non_empty("region")
    keys = pd.DataFrame({"fylke": fylke})
    rules.unique(["fylke"], keys, "a county may appear only once in regions.csv")
    return {f: r for f, r in zip(fylke, region, strict=True) if f is not None and r}


def stage_grants(rules: TableRules) -> pd.DataFrame:
    rules.require_columns(["enhet_id", "ordning", "aar", "belop_nok"])
    frame = pd.DataFrame(
        {
            "enhet_id": rules.unit_id(),
            "ordning": rules.code("ordning", codes.SCHEMES, upper=True),
            "aar": rules.year("aar"),
            "belop_nok": rules.whole("belop_nok", minimum=1),
        }
    )
    rules.unique(
        ["enhet_id", "ordning", "aar"], frame[["enhet_id", "ordning", "aar"]],
        "a grant may appear only once per unit, scheme and year",
    )
    frame["_loc"] = rules.frame["_loc"]
    return frame


def stage_low_income(rules: TableRules) -> pd.DataFrame:
    rules.require_columns(["enhet_id", "aar", "andel_barn_lavinntekt"])
    raw_share = rules.text("andel_barn_lavinntekt")
    share = pd.to_numeric(raw_share.str.replace(",", ".", regex=False), errors="coerce")
    ok = share.between(0, 100).fillna(False).astype(bool)
    rules.fail(~ok, "andel_barn_lavinntekt", "must be a number from 0 to 100 (per cent)")
    frame = pd.DataFrame(
        {
            "enhet_id": rules.unit_id(),
            "aar": rules.year("aar"),
            "andel_barn_lavinntekt": share.where(ok),
        }
    )
    rules.unique(
        ["enhet_id", "aar"], frame[["enhet_id", "aar"]],
        "a unit may appear only once per year in lavinntekt.csv",
    )
    frame["_loc"] = rules.frame["_loc"]
    return frame
