"""The programme definition as staging tables (staging.programme_*)."""

from __future__ import annotations

import logging

import pandas as pd

from pipelines.contract.programme import Programme
from pipelines.ingest.loading import LoadState, record_file

log = logging.getLogger("grant_eval")


class ProgrammeReading(LoadState):
    """The programme definition as staging tables (staging.programme_*)."""

    def stage_programme(self) -> None:
        """The definition as tables, so the warehouse says what its figures rest on and the
        marts and the report read the programme's codes, schemes and codebook from it."""
        p = self.programme
        own = self.data_dir / "programme"
        if own.is_dir():
            for name in sorted(p.files):
                record_file(self.loaded, own / name, f"programme/{name}", p.files[name].count("\n"))
        frames = programme_frames(p)
        self.loaded.raw["programme"] = frames["programme_files"].rename(columns={"file": "_file"})
        self.loaded.staging.update(frames)


def programme_frames(p: Programme) -> dict[str, pd.DataFrame]:
    """The definition as staging tables (staging.programme_*)."""
    frames: dict[str, pd.DataFrame] = {}
    frames["programme_files"] = pd.DataFrame(
        {"file": list(p.files), "text": list(p.files.values()), "programme": p.name}
    )
    frames["programme_schemes"] = pd.DataFrame(
        [
            (
                s.code,
                i,
                s.name,
                s.short or s.code,
                s.administrator,
                s.first_year,
                s.last_year,
                s.evaluated,
                "|".join(s.recipients),
                s.successor or None,
                s.lineage or None,
            )
            for i, s in enumerate(p.schemes, start=1)
        ],
        columns=[
            "code",
            "sort",
            "name",
            "short",
            "administrator",
            "first_year",
            "last_year",
            "evaluated",
            "recipients",
            "successor",
            "lineage",
        ],
    )
    frames["programme_codes"] = pd.DataFrame(
        [
            (name, c.code, i, c.label, c.short or c.label, c.series or None)
            for name, listed in p.code_lists.items()
            for i, c in enumerate(listed.codes, start=1)
        ],
        columns=["list", "code", "sort", "label", "short", "series"],
    )
    frames["programme_survey_items"] = pd.DataFrame(
        [
            (w.year, i.item, i.subject, n, i.variable, i.column, i.code_list)
            for w in p.waves
            for n, i in enumerate(w.items, start=1)
        ],
        columns=["wave", "item", "subject", "sort", "variable", "column_name", "code_list"],
    )
    frames["programme_texts"] = pd.DataFrame(list(p.texts.items()), columns=["key", "value"])
    frames["programme_form_columns"] = pd.DataFrame(
        [
            (
                f.period,
                f.first_year,
                f.last_year,
                c.file,
                c.name,
                c.concept,
                c.kind,
                c.code_list or None,
                c.blank_ok,
                n,
            )
            for f in p.forms
            for n, c in enumerate(f.columns, start=1)
        ],
        columns=[
            "period",
            "first_year",
            "last_year",
            "file",
            "column_name",
            "concept",
            "kind",
            "code_list",
            "blank_ok",
            "sort",
        ],
    )
    frames["programme_codebook"] = pd.DataFrame(
        [(t.code, i, t.label, t.chapter or None) for i, t in enumerate(p.codebook, start=1)],
        columns=["code", "sort", "label", "chapter"],
    )

    return frames
