"""The input files as Dagster sees them: observable source assets whose data version is the
SHA-256 of their files.

Every run observes them before it loads, so each raw table records which version of its files
it was loaded from. Observing them again later (the «Observe sources» button, or the
`observe_inputs_every_10_minutes` schedule, off by default) shows every table loaded from an
edited file as stale in the UI («has a new dependency data version»). The reporting years are
one source partitioned like the reporting layer, so an edited file of one year makes only that
year stale.
"""

# No `from __future__ import annotations`: Dagster reads the context annotation at runtime.
import hashlib
import warnings
from collections.abc import Iterator
from pathlib import Path

import dagster as dg

from pipelines.contract import input_files
from pipelines.defs.resources import DataDirectory
from pipelines.ingest.digest import hash_file

SOURCE = "source"
# dagster marks observable sources beta; the warning says nothing to a user of grant-eval.
warnings.filterwarnings(
    "ignore",
    message=".*(observable_source_asset|DataVersionsByPartition).*",
    category=dg.BetaWarning,
)
# Which files each register source is read from, relative to the data directory.
REGISTER_FILES: dict[str, tuple[str, ...]] = {
    "units": (input_files.UNITS.path,),
    "regions": (input_files.REGIONS.path,),
    "grants": ("grants.csv",),
    "programme": ("programme",),
    "survey": ("survey",),
    "interviews": ("interviews",),
    "context": ("context",),
    "reference": (input_files.KOMMUNEENDRINGER.path,),
}
# The source each raw table is loaded from.
RAW_FROM: dict[str, str] = {
    "units": "units",
    "regions": "regions",
    "grants": "grants",
    "survey": "survey",
    "informants": "interviews",
    "segments": "interviews",
    "lavinntekt": "context",
    "statbank": "context",
    "kommuneendringer": "reference",
    "programme": "programme",
    "rapporter": "reporting",
    "tiltak": "reporting",
}


# What every staging table is checked against: the units, their regions, the grants and the
# change history (ingest/read_registers.py), and the programme definition, which each loading
# step reads itself. A changed register file so makes every year's reports stale too, as
# `grant-eval run` then reloads them.
CHECKED_AGAINST = ("units", "regions", "grants", "reference", "programme")


def source_key(raw_table: str) -> dg.AssetKey:
    return dg.AssetKey([SOURCE, RAW_FROM[raw_table]])


def checked_against() -> list[dg.AssetKey]:
    return [dg.AssetKey([SOURCE, name]) for name in CHECKED_AGAINST]


def files_version(data_dir: Path, relative: tuple[str, ...]) -> tuple[str, dict[str, int]]:
    """The SHA-256 (16 hex digits) of the files at these paths, names and contents; a folder
    counts every file in it. A path that is not there counts as absent, so adding it is a change."""
    digest = hashlib.sha256()
    n_files = n_bytes = 0
    for name in relative:
        path = data_dir / name
        found = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in found:
            if not file.is_file():
                digest.update(f"absent:{name}\x00".encode())
                continue
            digest.update(f"{file.relative_to(data_dir).as_posix()}\x00".encode())
            n_bytes += hash_file(digest, file)
            n_files += 1
    return digest.hexdigest()[:16], {"files": n_files, "bytes": n_bytes}


@dg.multi_observable_source_asset(
    specs=[
        dg.AssetSpec(
            [SOURCE, name],
            group_name=SOURCE,
            description=f"Input files: {', '.join(relative)} (data version: their SHA-256).",
        )
        for name, relative in REGISTER_FILES.items()
    ],
    name="observe_register_files",
)
def register_sources(data_directory: DataDirectory) -> Iterator[dg.ObserveResult]:
    """Every register file in one step: a step of its own each would cost more than the hashing."""
    data_dir = Path(data_directory.data_dir)
    for name, relative in REGISTER_FILES.items():
        version, counts = files_version(data_dir, relative)
        yield dg.ObserveResult(
            asset_key=[SOURCE, name], data_version=dg.DataVersion(version), metadata=counts
        )


def reporting_source(partitions: dg.PartitionsDefinition) -> dg.SourceAsset:
    """The year folders, partitioned like the reporting layer."""

    @dg.observable_source_asset(
        key=[SOURCE, "reporting"],
        group_name=SOURCE,
        description="Input files: reporting/<year>/ (data version per year: the folder's SHA-256).",
        partitions_def=partitions,
    )
    def observe(context: dg.OpExecutionContext, data_directory: DataDirectory) -> dg.DataVersionsByPartition:
        data_dir = Path(data_directory.data_dir)
        years = partitions.get_partition_keys(dynamic_partitions_store=context.instance)
        return dg.DataVersionsByPartition(
            {year: files_version(data_dir, (f"reporting/{year}",))[0] for year in years}
        )

    return observe


# Observing the inputs on a schedule shows edited files as stale without anyone pressing
# «Observe sources». Off by default: a run of its own every ten minutes, started in the UI.
observe_inputs = dg.define_asset_job(
    "observe_inputs",
    selection=dg.AssetSelection.assets(*[[SOURCE, name] for name in REGISTER_FILES], [SOURCE, "reporting"]),
    description="Observe the input files: their SHA-256 as data versions.",
)
observe_inputs_schedule = dg.ScheduleDefinition(
    name="observe_inputs_every_10_minutes",
    job=observe_inputs,
    cron_schedule="*/10 * * * *",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)
