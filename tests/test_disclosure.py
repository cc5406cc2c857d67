"""No suppressed cell can be recovered by subtraction from what the same table, or its
download, still shows (data contract, section 5): from the total minus the shown cells of its
breakdown, from the complementary count, or from the percentage beside it."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from pipelines.report.disclosure import protect
from tests import fixtures as fx
from tests.conftest import Built, build_plain

COUNTS = ("n_respondents", "n_nonrespondents")
PERCENTS = {
    "pct": "n_respondents",
    "pct_of_respondents": "n_respondents",
    "pct_of_nonrespondents": "n_nonrespondents",
}


def recoveries(rows: list[dict[str, str]]) -> list[str]:
    """Every hidden count or share a reader can work out from the response table's download."""
    found = []
    total = next(r for r in rows if r["dimension"] == "total")
    for dimension in ("region", "size_class"):
        group = [r for r in rows if r["dimension"] == dimension]
        for column in COUNTS:
            hidden = [r for r in group if r[column] == ""]
            if len(hidden) == 1:  # the total minus the shown cells
                found.append(f"{dimension} {hidden[0]['value']} {column}: total minus the others")
        for row in group:
            pair = [row[c] == "" for c in COUNTS]
            if any(pair) and not all(pair):  # projects minus the shown count
                found.append(f"{dimension} {row['value']}: projects minus the shown count")
            for pct, count in PERCENTS.items():
                if row[count] == "" and row[pct] != "":  # the share times its base
                    found.append(f"{dimension} {row['value']} {count}: from {pct}")
        assert total["n_respondents"] != ""  # the total stays shown: the breakdowns must protect
    return found


def download(built: Built) -> list[dict[str, str]]:
    with open(
        built.reports_dir / "nedlasting" / "tabell-svarprosent-data.csv", encoding="utf-8-sig"
    ) as handle:
        rows = list(csv.DictReader(handle))
    # The download shows labels; the dimension and value codes come back from them.
    dims = {"I alt": "total", "Ordning": "ordning", "Landsdel": "region", "Kommunestørrelse": "size_class"}
    return [{**r, "dimension": dims[r["dim_label"]], "value": r["value_label"]} for r in rows]


def test_no_suppressed_response_cell_can_be_recovered(
    sample_build: Built, fixture_build: Built, tmp_path: Path
) -> None:
    # The fixture: Vest (1 answered, 1 not) and Nord (0 answered, 2 not) and Øst (1, 0).
    fixture_rows = download(fixture_build)
    assert [r["value"] for r in fixture_rows if r["n_respondents"] == ""] != []  # something is hidden
    assert recoveries(fixture_rows) == []
    assert recoveries(download(sample_build)) == []
    # One small region among large ones: its cell alone would be the total minus the others.
    data = fx.make_data_dir(tmp_path / "data")
    units = [*fx.UNITS, ["0301", "Oslo", "700000"], ["1103", "Stavanger", "140000"]]
    grants = [*fx.GRANTS, ["0301", "BLD", "2007", "1000"], ["1103", "BLD", "2007", "1000"]]
    fx.write_csv(data / "units.csv", units)
    fx.write_csv(data / "grants.csv", grants)
    rows = download(build_plain(data, tmp_path / "out"))
    assert len([r for r in rows if r["dimension"] == "region" and r["n_respondents"] == ""]) >= 2
    assert recoveries(rows) == []


def test_secondary_suppression_hides_one_more_cell() -> None:
    frame = pd.DataFrame(
        {"n_respondents": [2, 10, 12, 24], "n_nonrespondents": [5, 6, 7, 18], "n_projects": [7, 16, 19, 42]}
    )
    hidden = protect(
        frame,
        [[0, 1, 2]],
        counts=list(COUNTS),
        complements=[COUNTS],
        percents={"pct": ("n_respondents", "n_projects")},
    )
    # 2 is small; its pair, then the smallest other in each column, and their pairs and shares.
    assert {c for c in hidden if c[1] in COUNTS} == {
        (0, "n_respondents"),
        (0, "n_nonrespondents"),
        (1, "n_respondents"),
        (1, "n_nonrespondents"),
    }
    assert {c for c in hidden if c[1] == "pct"} == {(0, "pct"), (1, "pct")}
    assert not any(pos == 3 for pos, _ in hidden)  # the total row is never hidden
