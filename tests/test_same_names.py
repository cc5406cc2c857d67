"""Two municipalities with the same name (issue 22, items 5 and 6): there are two Våler, 0137 in
Østfold and 0426 in Hedmark. Their figures are kept apart by unit id everywhere: the low-income
table has a row for each, its name shown with the municipality number."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.report.data import ReportData
from tests import fixtures as fx
from tests.conftest import build_plain


@pytest.fixture(scope="module")
def two_valer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("two_valer")
    data = fx.make_data_dir(root / "data")
    fx.write_csv(data / "units.csv", [*fx.UNITS, ["0137", "Våler", "5600"], ["0426", "Våler", "3700"]])
    fx.write_csv(
        data / "context" / "lavinntekt.csv",
        [["enhet_id", "aar", "andel_barn_lavinntekt"], ["0137", "2007", "12.0"], ["0426", "2007", "6.0"]],
    )
    return build_plain(data, root / "out").warehouse


def test_the_mart_keeps_both(two_valer: Path) -> None:
    with duckdb.connect(str(two_valer), read_only=True) as con:
        rows = con.execute(
            "SELECT enhet_id, navn, value FROM marts.low_income WHERE navn = 'Våler' ORDER BY 1"
        ).fetchall()
    assert rows == [("0137", "Våler", 12.0), ("0426", "Våler", 6.0)]


def test_the_low_income_table_has_a_row_for_each(two_valer: Path) -> None:
    with duckdb.connect(str(two_valer), read_only=True) as con:
        wide = ReportData.read(con).low_income_wide()
    assert wide[["navn", "2007"]].values.tolist() == [["Våler (0137)", 12.0], ["Våler (0426)", 6.0]]
