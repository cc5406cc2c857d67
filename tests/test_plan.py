"""A run is planned once: one walk over the data directory, links followed as the loader
follows them, every file hashed once; a file that changes between the plan and its load fails
the run, and nothing is published. Real files, real runs."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest.reporting import find_years
from pipelines.ingest.walk import is_year_name, walk_data_dir
from pipelines.settings import PROJECT_ROOT
from pipelines.warehouse.plan import Changes, Reload, what_to_reload
from tests import fixtures as fx
from tests.helpers import paths


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_log(warehouse: Path, path: str) -> str:
    """The SHA-256 the published build recorded for a file, as last loaded."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT sha256 FROM meta.load_log WHERE path = ? ORDER BY loaded_at DESC LIMIT 1", [path]
        ).fetchall()
    return rows[0][0]


def test_the_walk_follows_links_as_the_loader_does(tmp_path: Path) -> None:
    """A linked year folder and a linked units.csv are read through their links; a dangling
    link is nothing; a link back up the tree is walked once; the years are the loader's."""
    data = fx.make_data_dir(tmp_path / "data")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.move(data / "reporting" / "2007", elsewhere / "2007")
    (data / "reporting" / "2007").symlink_to(elsewhere / "2007")
    shutil.move(data / "units.csv", elsewhere / "units.csv")
    (data / "units.csv").symlink_to(elsewhere / "units.csv")
    (data / "context").mkdir(exist_ok=True)
    (data / "context" / "gone.csv").symlink_to(tmp_path / "nothing-here.csv")
    (data / "reporting" / "2007" / "loop").symlink_to(data / "reporting")
    (data / "reporting" / "２００８").mkdir()  # full-width digits: not a year folder

    walked = walk_data_dir(data)
    assert walked.years == tuple(find_years(data)) == (2007,)
    assert walked.files["units.csv"].sha256 == sha(elsewhere / "units.csv")
    assert walked.year_files(2007) == {  # the link back up the tree (loop) adds nothing
        ("reporting/2007/rapporter.csv", sha(elsewhere / "2007" / "rapporter.csv")),
        ("reporting/2007/tiltak.csv", sha(elsewhere / "2007" / "tiltak.csv")),
    }
    assert "context/gone.csv" not in walked.files
    assert not [p for p in walked.files if "/loop/" in p]
    # the loader takes its rule from the walk: one home
    assert [n for n in ("2009", "２００９", "209", "20091", "abcd") if is_year_name(n)] == ["2009"]


@pytest.mark.slow
def test_an_edit_in_a_linked_year_folder_or_units_csv_is_seen(cli, tmp_path: Path) -> None:
    """The loader reads through links, so the rerun's check does too: an edit behind a linked
    year folder, or behind a linked units.csv, is loaded, never «Nothing changed»."""
    data = fx.make_data_dir(tmp_path / "data")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.move(data / "reporting" / "2007", elsewhere / "2007")
    (data / "reporting" / "2007").symlink_to(elsewhere / "2007")
    shutil.move(data / "units.csv", elsewhere / "units.csv")
    (data / "units.csv").symlink_to(elsewhere / "units.csv")
    out = tmp_path / "out"
    assert cli("run", "-q", *paths(data, out)).code == 0
    assert cli("run", "-q", *paths(data, out)).out.startswith("Nothing changed since build ")

    measures = elsewhere / "2007" / "tiltak.csv"
    measures.write_text(
        measures.read_text(encoding="utf-8").replace("Leksehjelp", "Lekser"), encoding="utf-8"
    )
    again = cli("run", "-q", *paths(data, out))
    assert again.code == 0 and "Nothing changed" not in again.out
    assert load_log(out / "warehouse.duckdb", "reporting/2007/tiltak.csv") == sha(measures)

    units = elsewhere / "units.csv"
    units.write_text(units.read_text(encoding="utf-8").replace("Bergen", "Bergen kommune"), encoding="utf-8")
    again = cli("run", "-q", *paths(data, out))
    assert again.code == 0 and "Nothing changed" not in again.out
    with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("SELECT DISTINCT navn FROM marts.projects WHERE enhet_id = '1201'").fetchall() == [
            ("Bergen kommune",)
        ]


# The run as a program, with an audit hook that rewrites one file the second time anything
# opens it: the first open is the plan's hash, so the rewrite falls between the plan and the
# load (a real file changed by a real writer, nothing of the run replaced).
REWRITE_DURING_RUN = """
import sys
from pathlib import Path
target, text = sys.argv[1], sys.argv[2]
opened = [0]
def rewrite_at_second_open(event, args):
    if event == "open" and args and isinstance(args[0], (str, Path)) and str(args[0]) == target:
        opened[0] += 1
        if opened[0] == 2:
            Path(target).write_text(text, encoding="utf-8")
sys.addaudithook(rewrite_at_second_open)
from pipelines.cli import main
sys.exit(main(sys.argv[3:]))
"""


@pytest.mark.slow
def test_a_file_rewritten_between_plan_and_load_fails_the_run(cli, tmp_path: Path) -> None:
    """The build would record the plan's hash for bytes it did not read: the run fails with
    exit 3 and says which file changed; nothing is published; the next run loads the new file."""
    data = fx.make_data_dir(tmp_path / "data")
    out = tmp_path / "out"
    assert cli("run", "-q", *paths(data, out)).code == 0
    published = (out / "warehouse.duckdb").resolve()

    measures = data / "reporting" / "2007" / "tiltak.csv"
    before = sha(measures)
    rewritten = measures.read_text(encoding="utf-8").replace("Leksehjelp", "Lekser")
    result = subprocess.run(
        [sys.executable, "-c", REWRITE_DURING_RUN, str(measures), rewritten, "run", "-q", "--force"]
        + paths(data, out),
        capture_output=True,
        text=True,
        timeout=600,
        cwd=PROJECT_ROOT,
    )
    after = sha(measures)
    assert after != before
    assert result.returncode == 3, result.stderr
    assert result.stderr == (
        f"grant-eval: reporting/2007/tiltak.csv changed while the run read it (SHA-256 {before[:12]}… "
        f"when the run began, {after[:12]}… after it was read). Nothing was published: run again "
        "when the files are complete.\n"
    )
    assert (out / "warehouse.duckdb").resolve() == published
    assert not [p.name for p in (out / ".warehouse.duckdb.builds").iterdir() if p.name.endswith(".building")]

    again = cli("run", "-q", *paths(data, out))
    assert again.code == 0 and "Nothing changed" not in again.out
    assert load_log(out / "warehouse.duckdb", "reporting/2007/tiltak.csv") == after
    assert os.path.exists(out / "site" / "index.html")


@pytest.mark.parametrize(
    ("registers_same", "changed", "chosen", "everything", "expected"),
    [
        (False, None, (), False, Reload([2006, 2007, 2008], years_only=False, complete=True)),
        (True, [2007], (), False, Reload([2007], years_only=True, complete=True)),
        (True, [], (), False, Reload([2006, 2007, 2008], years_only=False, complete=True)),
        (True, None, (), False, Reload([2006, 2007, 2008], years_only=False, complete=True)),
        (True, [2006], (2007,), False, Reload([2007], years_only=True, complete=False)),
        (True, [2007], (2007,), False, Reload([2007], years_only=True, complete=True)),
        (True, [2007], (), True, Reload([2006, 2007, 2008], years_only=False, complete=True)),
    ],
    ids=[
        "registers changed",
        "a year changed",
        "a setting changed",
        "a year gone",
        "another year",
        "it",
        "force",
    ],
)
def test_what_a_run_reloads(
    registers_same: bool,
    changed: list[int] | None,
    chosen: tuple[int, ...],
    everything: bool,
    expected: Reload,
) -> None:
    """The plan's rule for what to load, as tests/test_reruns.py runs it end to end."""
    years = list(chosen) or [2006, 2007, 2008]
    changes = Changes(published=None, registers_same=registers_same, changed_years=changed)
    assert what_to_reload(changes, years, chosen, everything) == expected
