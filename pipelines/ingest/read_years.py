"""The reporting years: reporting/<year>/rapporter and tiltak, each year under its form."""

from __future__ import annotations

import logging

import pandas as pd

from pipelines.contract.problems import Problem
from pipelines.ingest import reporting
from pipelines.ingest.across_files import CrossFileRules, fail_unknown_projects
from pipelines.ingest.fields import TableRules
from pipelines.ingest.loading import (
    raw_frame,
    record_file,
    set_row_counts,
    stack_years,
)

log = logging.getLogger("grant_eval")


class YearsReading(CrossFileRules):
    """The reporting years: reporting/<year>/rapporter and tiltak, each year under its form."""

    def load_reporting(self) -> None:
        staged: dict[str, list[pd.DataFrame]] = {"rapporter": [], "tiltak": []}
        raw: dict[str, list[pd.DataFrame]] = {"rapporter": [], "tiltak": []}
        for year in self.loaded.years:
            if self.programme.form_for(year) is None:
                continue  # an error already: the programme has no form for it
            self.say(f"reading reporting/{year}")
            files = reporting.read_year(self.data_dir, year, self.errors)
            for path in files.files:
                record_file(self.loaded, path, str(path.relative_to(self.data_dir)), None)
            year_reports = None
            if files.rapporter is not None:
                rules = TableRules(files.rapporter, self.errors)
                year_reports = reporting.stage_reports(rules, self.programme, year)
                reports_file = self.programme.input_file("rapporter", year)
                assert reports_file is not None
                self._resolve_units(rules, year_reports, "ordning", reports_file.key, reports_file.key_rule)
                self._check_projects(rules, year_reports)
                if self.keep_reporting:
                    staged["rapporter"].append(year_reports.assign(_file=files.rapporter.file))
                    raw["rapporter"].append(raw_frame(files.rapporter).assign(_year=year))
                else:
                    self._count_rows(files.rapporter)
            if files.tiltak is not None:
                rules = TableRules(files.tiltak, self.errors)
                year_measures = reporting.stage_measures(rules, self.programme, year)
                self._resolve_units(rules, year_measures, "ordning")
                self._check_projects(rules, year_measures)
                self._check_grant_spent(rules, year_measures, year)
                self._check_sums(files.tiltak.file, "tiltak", year_measures)
                if year_reports is not None:
                    reported = set(zip(year_reports["enhet_id"], year_reports["ordning"], strict=True))
                    fail_unknown_projects(
                        rules,
                        year_measures,
                        reported,
                        Problem.NO_REPORT,
                        f"the project has no report (rapporter) for {year}",
                    )
                if self.keep_reporting:
                    staged["tiltak"].append(year_measures.assign(_file=files.tiltak.file))
                    raw["tiltak"].append(raw_frame(files.tiltak).assign(_year=year))
                else:
                    self._count_rows(files.tiltak)
        set_row_counts(self.loaded, raw["rapporter"] + raw["tiltak"])
        for name in ("rapporter", "tiltak"):
            # one year's frames are let go as soon as they are joined: a large year is not
            # held three times over
            for parts, target in ((staged, self.loaded.staging), (raw, self.loaded.raw)):
                frames = parts.pop(name)
                if frames:
                    target[name] = stack_years(frames)
                del frames
