"""What a Dagster run shows of itself, in the UI's terms: a wait for the warehouse's lock in the
run's own log with who holds it, the published path as the warehouse tag, each partition's own
row count, and the data dictionary's column descriptions in the column schema."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.run import all_years_tags
from pipelines.warehouse import files
from tests import fixtures as fx

pytestmark = pytest.mark.slow


def _run(
    data: Path, out: Path, monkeypatch: pytest.MonkeyPatch, instance: dg.DagsterInstance, years: list[int]
):
    monkeypatch.setenv("GRANT_EVAL_DATA_DIR", str(data))
    monkeypatch.setenv("GRANT_EVAL_WAREHOUSE", str(out / "warehouse.duckdb"))
    monkeypatch.setenv("GRANT_EVAL_REPORTS_DIR", str(out / "site"))
    from pipelines.definitions import defs

    job = defs().resolve_implicit_global_asset_job_def()
    return job.execute_in_process(
        instance=instance, raise_on_error=False, tags={**all_years_tags(years), "grant-eval/force": "true"}
    )


HOLD = """
import sys, time
from pathlib import Path
from pipelines.warehouse import files
with files.exclusive_run(Path(sys.argv[1]), holder="run held-by-test, pid " + sys.argv[2]):
    print("held", flush=True)
    time.sleep(float(sys.argv[3]))
"""


@pytest.mark.parametrize("managed", [False, True], ids=["default", "grant_eval-managed"])
def test_what_a_run_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, managed: bool) -> None:
    """`managed`: with `grant_eval` among the instance's managed_python_loggers, as
    docs/deployment.md's dagster.yaml has it: each message is still in the run's log once."""
    data = fx.make_data_dir(tmp_path / "data")
    fx.copy_year(data, 2008)
    out = tmp_path / "out"
    managing = {"managed_python_loggers": ["grant_eval"], "python_log_level": "INFO"}
    settings = {"python_logs": managing} if managed else None
    instance = dg.DagsterInstance.ephemeral(settings=settings)
    assert _run(data, out, monkeypatch, instance, [2007, 2008]).success
    assert (out / "warehouse.duckdb").is_symlink()  # published: a link into the build store

    # Another writer holds the lock for 3 s: the run's own log says it waits, and for whom.
    monkeypatch.setattr(files, "LOCK_REPORT_SECONDS", 1)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(out / "warehouse.duckdb"), str(os.getpid()), "3"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    started = time.monotonic()
    result = _run(data, out, monkeypatch, instance, [2007, 2008])
    assert holder.wait(timeout=30) == 0
    assert result.success and time.monotonic() - started >= 2
    said = [e.user_message for e in instance.all_logs(result.run_id) if e.user_message]
    lock = out / "warehouse.duckdb.lock"
    held_by = f"held by run held-by-test, pid {os.getpid()}"
    assert (
        f"another grant-eval run is writing {out / 'warehouse.duckdb'}; "
        f"waiting for its lock {lock} ({held_by})" in said
    )
    assert f"still waiting for {lock} after 1 s ({held_by})" in said
    assert f"got the lock {lock}" in said
    assert not (out / "warehouse.duckdb.lock.holder").exists()  # the holder's note goes with it
    assert said.count(f"got the lock {lock}") == 1 and said.count("reading units.csv") == 1

    # The warehouse tag is the published path, the same for every build, not the build's file.
    recorded = instance.get_run_by_id(result.run_id)
    assert recorded is not None
    assert recorded.tags["grant-eval/warehouse"] == str(out.resolve() / "warehouse.duckdb")

    # Each partition's materialisation counts that year's rows; the table holds both years.
    with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
        by_year = dict(con.execute("SELECT aar, count(*) FROM staging.rapporter GROUP BY 1").fetchall())
        raw_total = con.execute("SELECT count(*) FROM raw.rapporter").fetchall()[0][0]
        comments = dict(
            con.execute(
                "SELECT column_name, comment FROM duckdb_columns() "
                "WHERE schema_name = 'marts' AND table_name = 'goal_attainment'"
            ).fetchall()
        )
    assert by_year == {2007: 4, 2008: 4} and raw_total == 8

    def counts(key: list[str]) -> dict[str, int]:
        events = result.get_asset_materialization_events()
        return {
            e.materialization.partition: e.materialization.metadata["dagster/row_count"].value
            for e in events
            if e.asset_key == dg.AssetKey(key) and e.materialization.partition is not None
        }

    assert counts(["raw", "rapporter"]) == {"2007": 4, "2008": 4}
    assert counts(["staging", "tiltak"]) == {"2007": 3, "2008": 3}

    # The column schema carries the data dictionary's descriptions (the DuckDB comments).
    mart = next(
        e.materialization
        for e in result.get_asset_materialization_events()
        if e.asset_key == dg.AssetKey(["marts", "goal_attainment"])
    )
    schema = mart.metadata["dagster/column_schema"].value
    assert {c.name: c.description for c in schema.columns} == comments
    assert schema.columns[0].description == "år — reporting year"

    # Column lineage where the SQL makes it plain: a staging column from the raw column of its
    # name; a mart's key column from the one table it reads that has it.
    def lineage(key: list[str]) -> dict[str, list[tuple[str, str]]]:
        event = next(e for e in result.get_asset_materialization_events() if e.asset_key == dg.AssetKey(key))
        deps = event.materialization.metadata["dagster/column_lineage"].value.deps_by_column
        return {c: [(d.asset_key.to_user_string(), d.column_name) for d in ds] for c, ds in deps.items()}

    assert lineage(["staging", "rapporter"])["enhet_id"] == [("raw/rapporter", "enhet_id")]
    assert "enhet_id_rapportert" not in lineage(["staging", "rapporter"])  # worked out, not read
    assert lineage(["marts", "goal_attainment"]) == {"aar": [("staging/rapporter", "aar")]}
