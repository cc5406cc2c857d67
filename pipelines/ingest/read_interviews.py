"""The interviews: informants.csv (names dropped) and the coded transcripts."""

from __future__ import annotations

import logging

from pipelines.contract import input_files
from pipelines.contract.problems import Problem
from pipelines.ingest import interviews
from pipelines.ingest.across_files import CrossFileRules
from pipelines.ingest.fields import TableRules
from pipelines.ingest.loading import raw_frame, record_file
from pipelines.ingest.tables import LOC

log = logging.getLogger("grant_eval")


class InterviewsReading(CrossFileRules):
    """The interviews: informants.csv (names dropped) and the coded transcripts."""

    def load_interviews(self) -> None:
        # Personal data: only the contract's columns are kept, and no other cell is ever shown.
        table = self._csv(input_files.INFORMANTS.path, private=True)
        interview_ids: set[str] | None = None
        if table is not None:
            kept = [c for c in input_files.INFORMANTS.header if c in table.frame.columns]
            dropped = [c for c in table.columns if c not in kept and c != input_files.INFORMANT_NAME]
            if dropped:
                log.warning(
                    f"{table.file}: column(s) {', '.join(dropped)} dropped on read: only "
                    f"{', '.join(input_files.INFORMANTS.header)} are kept (personal data)"
                )
            table.frame = table.frame[[*kept, LOC]]
            rules = TableRules(table, self.errors)
            informants = interviews.stage_informants(rules)
            self._resolve_units(rules, informants)
            interview_ids = set(informants["intervju_id"]) - {""}
            self.loaded.raw["informants"] = raw_frame(table)
            self.loaded.staging["informants"] = informants
        self._load_segments(interview_ids)

    def _load_segments(self, interview_ids: set[str] | None) -> None:
        folder = self.data_dir / "interviews"
        csv_path = folder / "segments.csv"
        qdpx = sorted(folder.glob("*.qdpx")) if folder.is_dir() else []
        sources = ([csv_path] if csv_path.is_file() else []) + qdpx
        if not self._exactly_one(
            sources, "interviews", "interviews/ must hold exactly one of segments.csv or a .qdpx file"
        ):
            return
        unknown_rule = "is not an intervju_id in interviews/informants.csv"
        if sources[0] == csv_path:
            table = self._csv(input_files.SEGMENTS.path)
            if table is None:
                return
            rules = TableRules(table, self.errors)
            segments = interviews.stage_segments_csv(rules, self.programme.themes)
            if interview_ids is not None:
                unknown = (segments["intervju_id"] != "") & ~segments["intervju_id"].isin(interview_ids)
                rules.fail(unknown, "intervju_id", Problem.UNKNOWN_INTERVIEW, unknown_rule)
            self.loaded.raw["segments"] = raw_frame(table)
        else:
            path = sources[0]
            relative = f"interviews/{path.name}"
            self.say(f"reading {relative}")
            read = interviews.read_qdpx(path, relative, self.errors, self.programme.themes)
            if read is None:
                return
            segments = read
            record_file(self.loaded, path, relative, len(segments))
            if interview_ids is not None:
                for name in sorted(set(segments["intervju_id"]) - interview_ids):
                    self.errors.add(
                        Problem.UNKNOWN_INTERVIEW,
                        relative,
                        f"TextSource '{name}'",
                        "name",
                        name,
                        unknown_rule,
                    )
            self.loaded.raw["segments"] = segments.rename(columns={LOC: "_loc"}).assign(_file=relative)
        segments.insert(0, "segment_id", range(1, len(segments) + 1))
        self.loaded.staging["segments"] = segments
