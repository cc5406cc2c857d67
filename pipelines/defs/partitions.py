"""The reporting years as Dagster partitions, one per `reporting/<year>/` folder.

By default they are a static list: the year folders found when the code location loads, so a
new folder appears in the UI when the code location is reloaded. With
GRANT_EVAL_YEAR_PARTITIONS=dynamic they are dynamic partitions instead, and the
`reporting_year_folders` sensor adds a partition for each new folder within a minute, without a
reload; `grant-eval run` adds the years it loads itself. Off by default: the static list needs
no daemon and keeps every run's years in the code.
"""

# No `from __future__ import annotations`: Dagster reads the context annotation at runtime.
from pathlib import Path

import dagster as dg

from pipelines import settings
from pipelines.defs.resources import DataDirectory
from pipelines.ingest.reporting import find_years

YEAR_PARTITIONS = "reporting_year"  # the dynamic partitions' name
MODE_VARIABLE = settings.YEAR_PARTITIONS
SENSOR_SECONDS = 15  # how often the sensor looks for new year folders


def dynamic_years() -> bool:
    return settings.dynamic_years()


def year_partitions(years: list[int]) -> dg.PartitionsDefinition:
    """The reporting layer's partitions: `years` as a static list, or the dynamic partitions."""
    if dynamic_years():
        return dg.DynamicPartitionsDefinition(name=YEAR_PARTITIONS)
    return dg.StaticPartitionsDefinition([str(y) for y in years])


def add_years(instance: dg.DagsterInstance, years: list[int]) -> None:
    """Make sure each year is a partition (dynamic mode); in year order, since a run takes a
    range of partitions in the order they were added."""
    if not dynamic_years():
        return
    known = set(instance.get_dynamic_partitions(YEAR_PARTITIONS))
    missing = [str(y) for y in sorted(years) if str(y) not in known]
    if missing:
        instance.add_dynamic_partitions(YEAR_PARTITIONS, missing)


@dg.sensor(
    name="reporting_year_folders",
    minimum_interval_seconds=SENSOR_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,  # only there when dynamic years are chosen
    description="Adds a reporting-year partition for each new reporting/<year>/ folder.",
)
def reporting_year_folders(
    context: dg.SensorEvaluationContext, data_directory: DataDirectory
) -> dg.SensorResult | dg.SkipReason:
    found = [str(y) for y in find_years(Path(data_directory.data_dir))]
    known = set(context.instance.get_dynamic_partitions(YEAR_PARTITIONS))
    new = [year for year in found if year not in known]
    if not new:
        return dg.SkipReason(f"no new year folder (years: {', '.join(found) or 'none'})")
    context.log.info(f"new reporting years: {', '.join(new)}")
    return dg.SensorResult(
        dynamic_partitions_requests=[
            dg.DynamicPartitionsDefinition(name=YEAR_PARTITIONS).build_add_request(new)
        ]
    )


def sensors() -> list[dg.SensorDefinition]:
    return [reporting_year_folders] if dynamic_years() else []
