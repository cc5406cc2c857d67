"""Benchmark: `grant-eval run` against the bare DuckDB script at ×1, ×10, ×50 and ×200.

    .venv/bin/python -m bench.run [--sizes 1 10 50 200] [--no-write]

For each size it generates the dataset (bench/out/, not committed), runs the pipeline and the
bare script as separate processes, and records wall time and peak memory (the child's maximum
resident set size). It also measures the fixed cost (importing the Dagster definitions, a whole
run on a tiny dataset), a rerun with nothing changed, Dagster's floor for this asset graph
(bench/floor.py), adding one year to ×50, and how long `dagster dev` takes to answer. Results
go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import duckdb

from bench.scale import write_dataset
from devtools.commands import GRANT_EVAL, dagster_dev, paths
from pipelines.defs.instance import write_default_config

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
# The targets of issue 10: whole runs against the bare script, both with compiled bytecode.
TARGETS = {1: 4.0, 200: 3.0}
RERUN_TARGET = 0.5  # a rerun with nothing changed, against the bare script at ×1
PROGRAMME_TARGET_S = 0.2  # what a programme definition may add to a run (issue 18)
ADD_YEAR_TARGET = 0.5  # adding one year to ×50, against a full ×50 run
MEMORY_TARGET_MIB = 400  # at ×200
DEV_TARGET_S = 6.0  # `dagster dev` answering
KEPT = "\n## Measured by other scripts\n"  # docs/performance.md below this is not generated


@dataclass
class Measure:
    seconds: float
    peak_mib: float


def measure(args: list[str], env: dict[str, str] | None = None) -> Measure:
    """Run a command; wall time and the child's peak resident memory (from wait4)."""
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    stderr = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{stderr}")
    return Measure(seconds, usage.ru_maxrss / 1024)


def rows_in(data: Path) -> int:
    return sum(max(0, sum(1 for _ in p.open(encoding="utf-8-sig")) - 1) for p in data.rglob("*.csv"))


def same_marts(a: Path, b: Path) -> bool:
    with duckdb.connect(str(a), read_only=True) as x, duckdb.connect(str(b), read_only=True) as y:
        for name in (
            "goal_attainment",
            "goal_reasons",
            "funding_overlap",
            "measure_categories",
            "cooperation_gaps",
            "interview_themes",
            "response",
        ):
            columns = ", ".join(
                c[0]
                for c in y.execute(
                    f"SELECT column_name FROM duckdb_columns() WHERE schema_name = 'marts' "
                    f"AND table_name = '{name}'"
                ).fetchall()
            )
            query = f"SELECT {columns} FROM marts.{name} ORDER BY ALL"
            if x.execute(query).fetchall() != y.execute(query).fetchall():
                return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description="grant-eval benchmark")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 50, 200])
    parser.add_argument("--no-write", action="store_true", help="do not update docs/performance.md")
    args = parser.parse_args()
    env = {**os.environ, "DAGSTER_HOME": str(OUT / "dagster_home")}
    write_default_config(OUT / "dagster_home")

    print("fixed cost ...", flush=True)
    imports = measure([PYTHON, "-c", "import pipelines.definitions"], env)
    tiny = write_dataset(OUT / "tiny" / "data", 0)
    floor = measure(_pipeline(tiny, OUT / "tiny"), env)
    results = []
    for size in args.sizes:
        print(f"×{size}: generating ...", flush=True)
        data = write_dataset(OUT / f"x{size}" / "data", size)
        rows = rows_in(data)
        print(f"×{size}: {rows} rows; pipeline ...", flush=True)
        pipeline = measure(_pipeline(data, OUT / f"x{size}"), env)
        print(f"×{size}: bare script ...", flush=True)
        bare_db = OUT / f"x{size}" / "bare.duckdb"
        bare = measure([PYTHON, "-m", "bench.bare", str(data), str(bare_db)], env)
        equal = same_marts(OUT / f"x{size}" / "warehouse.duckdb", bare_db)
        site = sum(p.stat().st_size for p in (OUT / f"x{size}" / "site").rglob("*") if p.is_file())
        results.append((size, rows, pipeline, bare, equal, site))
        print(
            f"×{size}: pipeline {pipeline.seconds:.1f} s / {pipeline.peak_mib:.0f} MiB, bare "
            f"{bare.seconds:.1f} s / {bare.peak_mib:.0f} MiB, ratio "
            f"{pipeline.seconds / bare.seconds:.2f}, same marts: {equal}",
            flush=True,
        )
    extra = extras(env, results)
    report = render(imports, floor, results, extra)
    print(report)
    if not args.no_write:
        target = ROOT / "docs" / "performance.md"
        # what other scripts measured (bench.memory, by hand) stays below the generated part
        kept = target.read_text(encoding="utf-8").partition(KEPT)[2] if target.exists() else ""
        target.write_text(report + (KEPT + kept if kept else ""), encoding="utf-8")


def _pipeline(data: Path, out: Path, force: bool = True) -> list[str]:
    """A whole run; `force`: even when an earlier benchmark published the same build."""
    return [GRANT_EVAL, "run", "-q", *paths(data, out), *(["--force"] if force else [])]


def extras(env: dict[str, str], results: list) -> dict[str, float]:
    """A rerun with nothing changed (×1), Dagster's floor (×1, ×200), one year added to ×50,
    and `dagster dev` answering."""
    found: dict[str, float] = {}
    sizes = {r[0] for r in results}
    if 1 in sizes:
        print("×1: rerun with nothing changed ...", flush=True)
        found["rerun"] = measure(_pipeline(OUT / "x1" / "data", OUT / "x1", force=False), env).seconds
    for size in sorted(sizes & set(TARGETS)):
        print(f"×{size}: Dagster's floor (the whole graph with nothing to do) ...", flush=True)
        out = OUT / f"x{size}"
        floor_args = [str(out / "data"), str(out / "warehouse.duckdb"), str(out / "site")]
        found[f"floor{size}"] = measure([PYTHON, "-m", "bench.floor", *floor_args], env).seconds
    if 50 in sizes:
        # A share of two runs near the target: each is the best of two, measured back to back,
        # so that one slow moment of this machine does not decide it.
        print("×50: one year added ...", flush=True)
        data = OUT / "x50" / "data"
        out = OUT / "x50-add"
        last = max(int(p.name) for p in (data / "reporting").iterdir())
        held = OUT / f"held-{last}"
        added = []
        for _ in range(2):
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(held, ignore_errors=True)
            shutil.move(str(data / "reporting" / str(last)), held)
            try:
                measure(_pipeline(data, out), env)
            finally:
                shutil.move(str(held), data / "reporting" / str(last))
            added.append(measure([*_pipeline(data, out, force=False), "--year", str(last)], env).seconds)
        full = next(r[2].seconds for r in results if r[0] == 50)
        again = measure(_pipeline(data, OUT / "x50-full"), env).seconds
        found["add_year"], found["full50"] = min(added), min(full, again)
    print("the programme definition ...", flush=True)
    found["programme"] = programme_cost()
    print("dagster dev ...", flush=True)
    found["dev"] = dagster_dev_answers(env)
    return found


def programme_cost(repeat: int = 5) -> float:
    """What a programme definition adds to a run, in seconds, best of `repeat`: the lineage's own
    definition read and validated, staged as tables, written to a warehouse, and read back from
    it as the report does."""
    from pipelines.contract.programme_files import from_texts, programme_for
    from pipelines.ingest.errors import ErrorLog
    from pipelines.ingest.read_programme import programme_frames

    data = ROOT / "data" / "sample-lineage"
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        programme = programme_for(data, ErrorLog())
        assert programme is not None
        with duckdb.connect() as con:
            for name, frame in programme_frames(programme).items():
                con.register("frame", frame)
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame").fetchall()
                con.unregister("frame")
            rows = con.execute("SELECT file, text, programme FROM programme_files").fetchall()
        from_texts({f: t for f, t, _ in rows}, rows[0][2])
        best = min(best, time.perf_counter() - start)
    return best


def dagster_dev_answers(env: dict[str, str], port: int = 3999) -> float:
    """Seconds from starting `dagster dev -w workspace.yaml` until its web server answers."""
    started = time.perf_counter()
    with dagster_dev(port, env, ROOT):
        while time.perf_counter() - started < 120:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=1) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.2)
    return float("nan")


def render(imports: Measure, floor: Measure, results: list, extra: dict[str, float]) -> str:
    lines = [
        "# Performance",
        "",
        "Measured by `.venv/bin/python -m bench.run` (the benchmark is a script, not a test).",
        f"Latest run: {dt.date.today().isoformat()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}.",
        "",
        "Each size runs `grant-eval run` (validation, raw and staging layers, marts with their "
        "checks, the report site, build-and-swap) and `bench/bare.py` (the same staging tables and "
        "marts with DuckDB alone, no validation, no Dagster, no report) as separate processes, on "
        "the same files. Peak memory is the process's maximum resident set size.",
        "",
        "| size | input rows | pipeline | peak memory | bare script | bare memory | ratio | "
        "ratio above the fixed cost | same marts |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for size, rows, pipeline, bare, equal, _site in results:
        ratio = pipeline.seconds / bare.seconds
        variable = max(pipeline.seconds - floor.seconds, 0.0) / bare.seconds
        lines.append(
            f"| ×{size} | {rows:,} | {pipeline.seconds:.1f} s | {pipeline.peak_mib:.0f} MiB | "
            f"{bare.seconds:.1f} s | {bare.peak_mib:.0f} MiB | {ratio:.1f} | {variable:.1f} | "
            f"{'yes' if equal else 'NO'} |"
        )
    lines += [
        "",
        "## The fixed cost",
        "",
        f"- importing the Dagster code location (`import pipelines.definitions`): "
        f"{imports.seconds:.1f} s, {imports.peak_mib:.0f} MiB;",
        f"- a whole run on a tiny dataset (2 units, 1 year): {floor.seconds:.1f} s, "
        f"{floor.peak_mib:.0f} MiB. This is Dagster's start-up, its run and event storage "
        "(`DAGSTER_HOME`), one step per asset, and the report's static files; it does not grow "
        "with the data. The column «ratio above the fixed cost» subtracts it.",
        "",
        "## Against the targets",
        "",
    ]
    by_size = {r[0]: r for r in results}
    for size, target in TARGETS.items():
        if size in by_size:
            _s, _rows, pipeline, bare, _e, _site = by_size[size]
            ratio = pipeline.seconds / bare.seconds
            lines.append(
                f"- ratio at ×{size}: {ratio:.1f} against a target of at most {target} "
                f"({'met' if ratio <= target else 'not met'})."
            )
    if 200 in by_size:
        peak = by_size[200][2].peak_mib
        lines.append(
            f"- peak memory at ×200: {peak:.0f} MiB against a target of at most "
            f"{MEMORY_TARGET_MIB} MiB ({'met' if peak <= MEMORY_TARGET_MIB else 'not met'})."
        )
    if "programme" in extra:
        cost = extra["programme"]
        lines.append(
            f"- the programme definition (the lineage's: read, validated, staged, written and read "
            f"back by the report): {1000 * cost:.0f} ms a run, against a target of at most "
            f"{PROGRAMME_TARGET_S} s ({'met' if cost <= PROGRAMME_TARGET_S else 'not met'})."
        )
    if "rerun" in extra and 1 in by_size:
        ratio = extra["rerun"] / by_size[1][3].seconds
        lines.append(
            f"- a rerun with nothing changed (×1): {extra['rerun']:.1f} s, {ratio:.2f} × the bare "
            f"script, against a target of at most {RERUN_TARGET} "
            f"({'met' if ratio <= RERUN_TARGET else 'not met'})."
        )
    for size in TARGETS:
        if f"floor{size}" in extra and size in by_size:
            floor_s = extra[f"floor{size}"]
            share = floor_s / by_size[size][3].seconds
            lines.append(
                f"- Dagster's floor at ×{size} (`bench/floor.py`: the whole asset graph run when "
                f"nothing changed, every step started and every check run, nothing loaded, computed "
                f"or rendered): {floor_s:.1f} s, {share:.1f} × the bare script"
                + (f", itself above the target of {TARGETS[size]}." if share > TARGETS[size] else ".")
            )
    if "add_year" in extra:
        share = extra["add_year"] / extra["full50"]
        lines.append(
            f"- adding one year to ×50 (`--year`): {extra['add_year']:.1f} s, {share:.2f} of a full "
            f"×50 run ({extra['full50']:.1f} s; each the best of two), against a target of at most "
            f"{ADD_YEAR_TARGET} "
            f"({'met' if share <= ADD_YEAR_TARGET else 'not met'})."
        )
    if "dev" in extra:
        lines.append(
            f"- `dagster dev -w workspace.yaml` answering: {extra['dev']:.1f} s, against a target of "
            f"at most {DEV_TARGET_S:.0f} s ({'met' if extra['dev'] <= DEV_TARGET_S else 'not met'})."
        )
    sized = sorted(r for r in results if r[0] > 1)
    if len(sized) >= 2:
        (small, large) = (sized[0], sized[-1])
        data_growth = large[1] / small[1]
        above_small = small[2].seconds - floor.seconds
        if above_small < 1.0:  # within the fixed cost and its noise: no growth can be read
            lines.append(
                f"- growth from ×{small[0]} to ×{large[0]}: not readable in this run, as ×{small[0]} "
                f"took no more than the tiny run's fixed cost (to within a second)."
            )
        else:
            cost_growth = (large[2].seconds - floor.seconds) / above_small
            faster = cost_growth > data_growth * 1.1
            verdict = "faster than the data" if faster else "no faster than the data"
            lines.append(
                f"- growth from ×{small[0]} to ×{large[0]}: input rows ×{data_growth:.1f}, "
                f"pipeline time above the fixed cost ×{cost_growth:.1f} ({verdict}; ×1 sits "
                "within the fixed cost, so the growth is read between the larger sizes)."
            )
    lines += [
        "",
        "## What was profiled and fixed",
        "",
        "Profiled with pyinstrument on ×1 and ×50:",
        "",
        "- the chi-square test imported `scipy.stats`, 1.6 s of every run: replaced by a "
        "plain-Python test (`pipelines/marts/stats.py`, checked against scipy's values);",
        "- the XLSX downloads through openpyxl took 8 s of a ×50 run (the yearly measure lists): "
        "replaced by a minimal writer (`pipelines/report/xlsx.py`), which also makes the files "
        "byte-identical between runs;",
        "- rendering table rows cell by cell in Jinja took 3 s at ×50: rows are now built in "
        "Python with every cell escaped;",
        "- each mart was its own Dagster step (about 0.1 s of bookkeeping each): the marts now run "
        "as one multi-asset step, still one asset per table with its own checks in the UI;",
        "- `grant-eval check` no longer imports Dagster (settings moved out of the resources);",
        "- a year's list of measures travels once, as data in its page, and each distinct value is "
        "formatted once: the site at ×200 takes 5.7 s instead of 15.6 s and is 8 MiB instead of 61 "
        "(`pipelines/report/downloads.py`);",
        "- a run of chosen years (`--year`) whose registers and code are as published reloads only "
        "those years and recomputes only what depends on them (`meta.build_info.register_fingerprint`);",
        "- Dagster's SQLite run and event storages create a SQLAlchemy engine and open a connection "
        "for every statement, about 1,600 in a small run. `grant-eval run` keeps one engine per "
        "SQLite file for the length of its run (`pipelines/defs/instance.py`: the same files and "
        "schema, which the UI reads as before). The tiny run went from about 12.5 s to about 9 s;",
        "- column comments are written in one transaction per table, and the asset metadata reads "
        "a table's columns with `DESCRIBE` rather than `information_schema` (about 0.4 s a run);",
        "- reading a CSV file: one pass over a row's cells; the ×200 reporting files read in 0.77 s "
        "instead of 1.15 s;",
        "- a run from the UI with nothing changed loads, computes and renders nothing (README).",
        "",
        "What remains of the fixed cost is mostly Dagster. A profile of a whole run on the tiny "
        "dataset (pyinstrument, 2026-11-29, 11.6 s under the profiler on a busy machine):",
        "",
        "- imports: Dagster 1.6 s, its SQLite storages (SQLAlchemy, Alembic) 1.0 s, pandas and the "
        "code location, about 3.5 s in all;",
        "- Dagster's own work in the run, about 3.4 s: about 290 events written one by one, each in "
        "its own transaction and, for asset events, into the index tables too; the data "
        "provenance of each materialisation; the planned-materialisation events written when the "
        "run is created. Checks reported inside their materialisation write as many events "
        "(measured on a toy multi-asset), so only fewer assets or checks would cut this;",
        "- our own work on the tiny data, about 4 s: the report site 1.4 s (pages and charts), the "
        "registers 1.4 s (the SPSS reader's import, the tables' DDL with comments and keys), the "
        "marts 0.7 s, the reports 0.5 s.",
        "",
        "A `DAGSTER_HOME` on a memory file system made little difference (SQLite's commits are "
        "not the cost). The targets compare whole runs, and Dagster's floor alone (the lines "
        "«Dagster's floor» above: the same run with nothing to load, compute or render) takes "
        "more than four times the bare script at ×1 and three times it at ×200. The "
        "column «ratio above the fixed cost» shows what the pipeline's validation, layers and "
        "report add to the bare computation. At ×200 the run's own step durations were: the "
        "reports 4.3 s, the registers 1.2 s, the marts 1.1 s, the site 4.5 s. Reading and typing "
        "the files in DuckDB SQL (a prototype did the ingest at ×200 in 2.5 s instead of 6.2 s) "
        "is the next lever, not built: it has to keep every error message exactly. Timings on "
        "this 2-core machine vary by up to a fifth between runs of the benchmark, the bare "
        "script's too.",
        "",
        "Adding one year to ×50 cost 0.48 of a full run when a full run took 24.6 s; the full "
        "run has since become cheaper faster than adding a year has. In a `--year` run at ×50 "
        "(2026-11-29, from its step durations) loading the year took 0.55 s and the marts 0.73 s, "
        "but the report took 3.0 s, as much as in a full run: a new year changes every page (the "
        "menu, the summary, the charts and tables over the years), so the whole site is rendered "
        "again. With about 3.5 s of imports and start-up before the run, that leaves no room "
        "under half of a 13 s full run.",
        "",
        "`dagster dev` cannot answer within 6 s here: it starts the Dagster command line (1.6 s of "
        "imports), then the web server, whose imports alone take 2.9 to 4 s "
        "(`dagster_webserver`, `dagster_graphql`'s schema, SQLAlchemy and Alembic), and the code "
        "server, which imports the code location (1.8 to 2.8 s), on two cores at once; the web "
        "server answers once it has loaded the code location from the code server.",
    ]
    lines += [
        "",
        "Report site size: " + ", ".join(f"×{r[0]} {r[5] / 1024 / 1024:.1f} MiB" for r in results) + ".",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
