"""A survey file with thousands of variables (issue 22, item 7): the raw table keeps each as a
column, and its comments cost memory linear in the columns (each COMMENT ON copied the table's
catalogue entry: 10,000 variables took 3.3 GB). A real build in a child process, its peak
resident set size measured."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests import fixtures as fx

VARIABLES = 3_000
# The child's interpreter, pandas, DuckDB and the build take about 250 MiB; one comment per
# column took 2.5 GB at 3,000 variables.
PEAK_MIB = 600


@pytest.mark.slow
def test_a_wide_survey_builds_in_bounded_memory(tmp_path: Path) -> None:
    data = fx.make_data_dir(tmp_path / "data")
    extra = {f"v{i:05d}": i % 5 for i in range(VARIABLES)}
    fx.write_sav(data / "survey" / "survey.sav", [{**r, **extra} for r in fx.SURVEY_ROWS])
    warehouse = tmp_path / "w.duckdb"
    # the child says its own peak: RUSAGE_CHILDREN is the largest of every child this test
    # worker has had, so another test's build could hide this one's
    script = (
        "import resource, sys; from pathlib import Path; from pipelines.build import build; "
        "assert build(Path(sys.argv[1]), Path(sys.argv[2]), None, progress=lambda _m: None) == []; "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(data), str(warehouse)],
        check=True,
        timeout=600,
        capture_output=True,
        text=True,
    )
    peak = int(done.stdout.split()[-1]) / 1024
    assert 100 < peak < PEAK_MIB
    with duckdb.connect(str(warehouse), read_only=True) as con:
        comments = dict(
            con.execute(
                "SELECT column_name, comment FROM duckdb_columns() "
                "WHERE schema_name = 'raw' AND table_name = 'survey'"
            ).fetchall()
        )
        (table_comment,) = con.execute(
            "SELECT comment FROM duckdb_tables() WHERE schema_name = 'raw' AND table_name = 'survey'"
        ).fetchone()
    assert len(comments) > VARIABLES
    assert {c for c, text in comments.items() if text is None} == set(extra)
    assert comments["rolle"] == "rolle — survey code: the respondent's role"
    assert comments["viktig_skole"].startswith("viktig_skole — survey code: how important")
    assert comments["viktig_skole"].endswith("(skole)")
    assert table_comment.endswith(
        "Columns the contract does not declare are kept under the file's own header, as read."
    )
