"""The survey: one .sav file per wave of the programme, each with its frame and items."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pandas as pd

from pipelines.contract.problems import Problem
from pipelines.contract.programme import Programme, Wave
from pipelines.ingest.across_files import CrossFileRules
from pipelines.ingest.loading import record_file
from pipelines.ingest.survey import read_survey

log = logging.getLogger("grant_eval")


class SurveyReading(CrossFileRules):
    """The survey: one .sav file per wave of the programme, each with its frame and items."""

    def load_survey(self) -> None:
        """One .sav file per wave of the programme (contract §2): each wave's own frame and items."""
        folder = self.data_dir / "survey"
        savs = sorted(folder.glob("*.sav")) if folder.is_dir() else []
        files = self._survey_waves(savs)
        if files is None:
            return
        raws, stageds, labelled, frames = [], [], [], []
        read: list[tuple[Wave, pd.DataFrame]] = []
        for path, year, wave in files:
            relative = f"survey/{path.name}"
            self.say(f"reading {relative}")
            result = read_survey(path, relative, self.errors, self.programme, wave)
            if result is None:
                continue
            raw_survey, survey, survey_labels = result
            record_file(self.loaded, path, relative, len(raw_survey))
            self._check_respondents(survey, relative, year, wave.frame_years)
            survey.insert(0, "survey_file", relative)
            survey.insert(2, "wave", pd.array([year] * len(survey), dtype="Int64"))
            raws.append(raw_survey.assign(_file=relative) if len(files) > 1 else raw_survey)
            stageds.append(survey)
            read.append((wave, survey))
            labelled.append(survey_labels)
            frames.append((relative, year, wave.frame_years))
        if not stageds:
            return
        self.loaded.staging["survey_frame"] = pd.DataFrame(
            {
                "survey_file": [f for f, _, _ in frames],
                "survey_year": pd.array([y for _, y, _ in frames], dtype="Int64"),
                "frame_years": pd.array([n for _, _, n in frames], dtype="Int64"),
            }
        )
        self.loaded.raw["survey"] = pd.concat(raws, ignore_index=True) if len(raws) > 1 else raws[0]
        self.loaded.staging["survey"] = (
            pd.concat(stageds, ignore_index=True) if len(stageds) > 1 else stageds[0]
        )
        self.loaded.staging["survey_answers"] = survey_answers(self.programme, read)
        self.loaded.staging["survey_value_labels"] = (
            pd.concat(labelled, ignore_index=True).drop_duplicates() if len(labelled) > 1 else labelled[0]
        )

    def _survey_waves(self, savs: list[Path]) -> list[tuple[Path, int | None, Wave]] | None:
        """Each survey file with its year and the programme's wave for it; None after an error."""
        programme = self.programme
        if len(programme.waves) == 1 and programme.waves[0].year is None:
            # the definition's one wave, any file name (contract version 2)
            if not self._exactly_one(savs, "survey", "the survey folder must hold exactly one .sav file"):
                return None
            return [(savs[0], survey_year(savs[0].name), programme.waves[0])]
        if not savs:
            self._exactly_one(savs, "survey", "the survey folder must hold one .sav file per wave")
            return None
        provided = ", ".join(str(w.year) for w in programme.waves)
        found: list[tuple[Path, int | None, Wave]] = []
        years: dict[int, str] = {}
        for path in savs:
            shown = f"survey/{path.name}"
            year = survey_year(path.name)
            wave = programme.wave_for(year) if year is not None else None
            if year is None or wave is None:
                self.errors.add(
                    Problem.NO_WAVE,
                    shown,
                    "",
                    "",
                    path.name,
                    f"the programme definition {programme.name} provides for the survey waves {provided}: "
                    "name each file with its year (sporreskjema_<year>.sav)",
                )
            elif year in years:
                self.errors.add(
                    Problem.FILE_COUNT,
                    shown,
                    "",
                    "",
                    path.name,
                    f"a second file for the {year} wave ({years[year]})",
                )
            else:
                years[year] = path.name
                found.append((path, year, wave))
        return found if len(found) == len(savs) else None


def survey_answers(programme: Programme, waves: list[tuple[Wave, pd.DataFrame]]) -> pd.DataFrame:
    """Each wave's answers long, an answered item a row, with what its code means."""
    parts = []
    for wave, staged in waves:
        for item in wave.items:
            answered = staged[staged[item.column].notna()]
            meanings = {int(c.code): c.series or None for c in programme.codes(item.code_list).codes}
            codes = answered[item.column].astype(int)
            parts.append(
                pd.DataFrame(
                    {
                        "survey_file": answered["survey_file"],
                        "wave": answered["wave"],
                        "enhet_id": answered["enhet_id"],
                        "ordning": answered["ordning"],
                        "item": item.item,
                        "subject": item.subject,
                        "code": codes,
                        "meaning": codes.map(meanings),
                    }
                )
            )
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def survey_year(file_name: str) -> int | None:
    """The survey year a file name ends in (sporreskjema_2009.sav -> 2009), else None: then
    every project was asked, as in version 1 of the contract."""
    match = re.search(r"(?<!\d)(\d{4})$", Path(file_name).stem)
    return int(match.group(1)) if match else None
