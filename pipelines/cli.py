"""grant-eval: run the evaluation pipeline, or check its inputs (data contract, section 6).

    grant-eval run   [--data-dir D] [--warehouse W] [--reports-dir R] [--year YYYY ...] [--force]
    grant-eval check [--data-dir D]
    grant-eval programme list
    grant-eval programme init --from NAME [--data-dir D]

Exit status: 0 done; 1 invalid input; 2 wrong usage; 3 any other failure.

Imports are deferred where they are heavy: `check` must start without Dagster.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from pipelines.settings import PROJECT_ROOT, SettingError, Settings, check_environment
from pipelines.warehouse import files
from pipelines.warehouse.database import check_storage_version
from pipelines.warehouse.fingerprint import nothing_changed, published_build, unchanged_build
from pipelines.warehouse.plan import plan_run

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3

log = logging.getLogger("grant_eval")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)  # exits 2 on wrong usage
    _setup_logging(args.quiet)
    try:  # a setting of the environment is usage too: named, before anything runs
        check_environment()
        if args.command == "run":
            check_storage_version()
    except SettingError as exc:
        print(f"grant-eval: {exc}. Nothing was run.", file=sys.stderr)
        return EXIT_USAGE
    defaults = Settings.from_env()
    settings = Settings(
        data_dir=Path(args.data_dir) if getattr(args, "data_dir", None) else defaults.data_dir,
        warehouse=Path(getattr(args, "warehouse", None) or defaults.warehouse),
        reports_dir=Path(getattr(args, "reports_dir", None) or defaults.reports_dir),
        years=tuple(sorted(set(getattr(args, "year", None) or ()))),
    )
    try:
        if args.command == "programme":
            return _programme(args, settings.data_dir)
        if args.command == "check":
            return _check(settings)
        return _run(settings, force=bool(getattr(args, "force", False)))
    except KeyboardInterrupt:
        print("grant-eval: interrupted; the warehouse and report were left as they were", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # a failure that is not the user's input: say so, briefly
        if args.debug:
            raise
        full_disk = files.out_of_space(str(exc))
        if full_disk is not None:
            print(full_disk, file=sys.stderr)
            return EXIT_FAILED
        print(
            f"grant-eval: failed: {exc.__class__.__name__}: {exc}\n"
            "The warehouse and report were left as they were. Rerun with --debug for details.",
            file=sys.stderr,
        )
        return EXIT_FAILED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grant-eval",
        description="Evaluation pipeline for the state grant schemes against child poverty.",
        epilog="Defaults come from GRANT_EVAL_DATA_DIR, GRANT_EVAL_WAREHOUSE and "
        "GRANT_EVAL_REPORTS_DIR, else the bundled sample, data/warehouse.duckdb and reports/site/.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="{run,check,programme}")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data-dir", metavar="D", help="the data directory (default: the sample)")
        p.add_argument("-q", "--quiet", action="store_true", help="print only errors and the result")
        p.add_argument("--debug", action="store_true", help="show a traceback on failure")

    run = sub.add_parser("run", help="load, compute and publish the warehouse and report site")
    common(run)
    run.add_argument("--warehouse", metavar="W", help="the DuckDB file to publish")
    run.add_argument("--reports-dir", metavar="R", help="the folder of the report site")
    run.add_argument(
        "--year",
        metavar="YYYY",
        type=_year,
        nargs="+",
        action="extend",
        help="load only these reporting years; keep the others already loaded",
    )
    run.add_argument(
        "--force",
        action="store_true",
        help="rebuild even when no input file and no code has changed since the published build",
    )
    check = sub.add_parser("check", help="validate the inputs and write nothing")
    common(check)
    programme = sub.add_parser("programme", help="the programme definitions (docs/programme.md)")
    actions = programme.add_subparsers(dest="action", required=True, metavar="{list,init}")
    listing = actions.add_parser("list", help="the bundled programme definitions")
    listing.add_argument("-q", "--quiet", action="store_true", help=argparse.SUPPRESS)
    listing.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    init = actions.add_parser("init", help="copy a bundled definition into D/programme/ to edit")
    common(init)
    init.add_argument("--from", dest="source", metavar="NAME", required=True, help="a bundled definition")
    return parser


def _programme(args: argparse.Namespace, data_dir: Path) -> int:
    from pipelines.contract.programme_files import DEFAULT, bundled, bundled_names, init_programme

    if args.action == "list":
        for name in bundled_names():
            programme = bundled(name)
            schemes = ", ".join(programme.evaluated)
            default = " (default: a data directory without programme/)" if name == DEFAULT else ""
            print(f"{name}: {programme.title}; evaluated schemes {schemes}{default}")
        return EXIT_OK
    try:
        target = init_programme(args.source, data_dir)
    except (LookupError, FileExistsError) as exc:
        print(f"grant-eval: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"grant-eval: copied {args.source} into {target}; edit it (docs/programme.md), then run check")
    return EXIT_OK


def _year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"not a four-digit year: {text!r}")
    return int(text)


def _setup_logging(quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("grant-eval: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    log.propagate = False


def _check(settings: Settings) -> int:
    from pipelines.ingest.errors import InvalidInput
    from pipelines.ingest.read import load_inputs

    try:
        # nothing is written: each reporting year is validated and let go
        loaded = load_inputs(settings.data_dir, settings.years or None, keep_reporting=False)
    except InvalidInput as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_INVALID
    rows = sum(f.n_rows for f in loaded.files)
    years = ", ".join(str(y) for y in loaded.years)
    print(f"OK: {len(loaded.files)} files, {rows} rows, reporting years {years} in {settings.data_dir}")
    return EXIT_OK


def _run(settings: Settings, force: bool = False) -> int:
    started = time.monotonic()
    try:  # the targets checked and the data directory hashed once, before Dagster is imported
        plan = plan_run(settings.data_dir, settings.warehouse, settings.reports_dir)
    except files.UnsafeTarget as exc:
        print(f"grant-eval: refused: {exc}. Nothing was written.", file=sys.stderr)
        return EXIT_USAGE
    if not settings.years and not force:
        published = published_build(plan.store.warehouse)
        build_id = unchanged_build(plan.store.reports_dir, published, plan.fingerprints.input)
        if build_id is not None:
            print(_up_to_date(build_id, settings))
            return EXIT_OK
    os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT / ".dagster"))
    from pipelines import run  # imports Dagster: only for `run`

    try:
        outcome = run.run_pipeline(settings, plan, everything=force)
    except run.RunFailed as exc:
        print(exc.message, file=sys.stderr)
        if exc.usage:
            return EXIT_USAGE
        return EXIT_INVALID if exc.invalid_input else EXIT_FAILED
    seconds = time.monotonic() - started
    if outcome.unchanged:  # found under the lock: another run had just published these files
        print(_up_to_date(outcome.build_id, settings))
        return EXIT_OK
    print(
        f"Done in {seconds:.1f} s: warehouse {settings.warehouse}, report "
        f"{settings.reports_dir / 'index.html'} (build {outcome.build_id})"
    )
    return EXIT_OK


def _up_to_date(build_id: str, settings: Settings) -> str:
    return (
        f"{nothing_changed(build_id)}: the warehouse {settings.warehouse} and report "
        f"{settings.reports_dir / 'index.html'} are up to date. Use --force to rebuild anyway."
    )


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
