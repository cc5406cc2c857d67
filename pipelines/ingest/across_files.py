"""The rules that tie one input file to another: unit ids followed through the change history,
keys checked again on the units resolved, rows that must be a project's, a project's activities
within its grant, totals within what the marts can sum, and a survey wave's frame."""

from __future__ import annotations

import logging

import pandas as pd

from pipelines.contract import concepts
from pipelines.contract.problems import Problem
from pipelines.ingest.fields import TableRules, join_keys
from pipelines.ingest.loading import BIGINT_MAX, LoadState
from pipelines.ingest.unit_history import Resolution

log = logging.getLogger("grant_eval")


class CrossFileRules(LoadState):
    """The rules across files, used by every input family's reading."""

    def _resolve_units(
        self,
        rules: TableRules,
        frame: pd.DataFrame,
        scheme: str | None = None,
        key: tuple[str, ...] = (),
        key_rule: str = "",
    ) -> None:
        """Each enhet_id not in units.csv is followed through the change history to its unit;
        the id as written stays in enhet_id_rapportert. Unresolved ids are errors. With `key`,
        the key is checked again on the units resolved: the same grant under a unit's old and
        new number is a repeat (the file's own check saw two numbers)."""
        for rows, found in self._resolve(frame, scheme):
            assert found.problem is not None
            rules.fail(
                frame.index.isin(rows) & frame["enhet_id"].notna(), "enhet_id", found.problem, found.rule
            )
            frame.loc[rows, "enhet_id"] = None
        if key and (frame["enhet_id"] != frame["enhet_id_rapportert"]).any():
            keys = frame[list(key)]
            written = frame[["enhet_id_rapportert", *key[1:]]]
            # a repeat only once resolved: the rows the file's own key check let through
            repeated = (
                keys.duplicated(keep="first") & keys.notna().all(axis=1) & ~written.duplicated(keep="first")
            )
            rules.fail(
                repeated,
                "enhet_id",
                Problem.DUPLICATE_KEY,
                f"{key_rule} (the same unit under another number: followed through the change history)",
                join_keys(keys),
            )

    def _resolve(self, frame: pd.DataFrame, scheme: str | None) -> list[tuple[list, Resolution]]:
        """Resolve in place; return the rows that failed, grouped, with why."""
        frame.insert(frame.columns.get_loc("enhet_id") + 1, "enhet_id_rapportert", frame["enhet_id"])
        if self.resolver is None or self.known_units is None:
            return []
        unlisted = frame[frame["enhet_id"].notna() & ~frame["enhet_id"].isin(self.known_units)]
        schemes = unlisted[scheme].fillna("") if scheme else pd.Series("", index=unlisted.index)
        failed = []
        for (code, ordning), rows in unlisted.groupby(
            [unlisted["enhet_id"], schemes], sort=False
        ).groups.items():
            found = self.resolver.resolve(code, ordning or None)
            if found.unit is not None:
                frame.loc[rows, "enhet_id"] = found.unit
            else:
                failed.append((list(rows), found))
        return failed

    def _check_projects(self, rules: TableRules, frame: pd.DataFrame) -> None:
        if self.projects is not None:
            fail_unknown_projects(
                rules,
                frame,
                self.projects,
                Problem.NOT_A_PROJECT,
                "is not a project: grants.csv has no grant for this unit and scheme",
            )

    def _check_grant_spent(self, rules: TableRules, measures: pd.DataFrame, year: int) -> None:
        """A project's activities may not be granted more, together, than its grant that year (§8)."""
        grants = self.core.staging.get("grants")
        if (
            grants is None
            or "tilskudd_nok" not in measures.columns
            or not measures["tilskudd_nok"].notna().any()
        ):
            return
        granted = grants[grants["aar"] == year].groupby(["enhet_id", "ordning"])["belop_nok"].sum()
        spent = measures.groupby(["enhet_id", "ordning"])["tilskudd_nok"].transform("sum")
        keys = list(zip(measures["enhet_id"], measures["ordning"], strict=True))
        limit = pd.Series([granted.get(k) for k in keys], index=measures.index, dtype="Float64")
        first = ~measures.duplicated(["enhet_id", "ordning"])  # once per project, at its first activity
        name = self.programme.form_for(year)
        column = (
            next((c.name for c in name.of("tiltak") if c.concept == "tilskudd_nok"), "tilskudd_nok")
            if name
            else ""
        )
        over = (first & (spent > limit)).fillna(False).astype(bool)
        rules.fail(
            over,
            column,
            Problem.PART_ABOVE_WHOLE,
            f"the project's activities are granted more in {year} than its grant in grants.csv",
            spent.astype("Int64").astype(str),
        )

    def _check_sums(self, file: str, kind: str, frame: pd.DataFrame) -> None:
        """The marts add up whole numbers over every year: a total past what DuckDB's BIGINT holds
        would stop the run there, so it is an input error here, where `check` sees it too."""
        for concept in concepts.FORM_CONCEPTS[kind].values():
            if concept.kind != concepts.WHOLE or concept.name not in frame.columns:
                continue
            # in Python's integers: a pandas sum of int64 wraps around silently
            total = self.sums.get(concept.name, 0) + sum(int(v) for v in frame[concept.name].dropna())
            self.sums[concept.name] = total
            if total > BIGINT_MAX and concept.name not in self.summed_past:
                self.summed_past.add(concept.name)
                self.errors.add(
                    Problem.NUMBER_TOO_LARGE,
                    file,
                    "",
                    concept.name,
                    f"{total:,}".replace(",", " "),
                    f"the years loaded add up to more than a total can hold ({BIGINT_MAX:,}); "
                    "a figure is likely mistyped".replace(",", " "),
                )

    def _place_organisations(self, region_map: dict[str, str]) -> None:
        """An organisation's municipality followed through the change history to the unit of
        units.csv it continues, when there is one; its region is that municipality's (§1). A
        municipality with no unit of its own keeps the number as written."""
        units = self.core.staging.get("units")
        if units is None or self.resolver is None or "kommune" not in units.columns:
            return
        for idx in units.index[units["kommune"].notna()]:
            found = self.resolver.resolve(str(units.at[idx, "kommune"]), None)
            if found.unit is not None and found.unit != units.at[idx, "kommune"]:
                units.at[idx, "kommune"] = found.unit
                units.at[idx, "fylke"] = found.unit[:2]
                units.at[idx, "region"] = region_map.get(found.unit[:2], units.at[idx, "region"])

    def _in_frame(self, project: tuple[str, str], year: int, frame_years: int | None) -> bool:
        if frame_years is None:
            return (self.first_grant[project] or year) < year
        return any(year - frame_years <= y < year for y in self.grant_years.get(project, ()))

    def _check_respondents(
        self, survey: pd.DataFrame, relative: str, year: int | None, frame_years: int | None
    ) -> None:
        """Every answer is a project's, resolved through the change history, and in the wave's frame."""
        for rows, found in self._resolve(survey, "ordning"):
            assert found.problem is not None
            for idx in rows:
                case = survey.at[idx, "case_number"]
                code = survey.at[idx, "enhet_id"]
                self.errors.add(found.problem, relative, f"case {case}", "enhet_id", code, found.rule)
            survey.loc[rows, "enhet_id"] = None
        # a project answering twice, under its unit's old and new number
        keys = survey[["enhet_id", "ordning"]]
        again = keys.duplicated(keep="first") & keys.notna().all(axis=1)
        again &= ~survey[["enhet_id_rapportert", "ordning"]].duplicated(keep="first")
        for idx in again[again].index:
            self.errors.add(
                Problem.DUPLICATE_KEY,
                relative,
                f"case {survey.at[idx, 'case_number']}",
                "enhet_id+ordning",
                f"{survey.at[idx, 'enhet_id_rapportert']} / {survey.at[idx, 'ordning']}",
                f"a project may answer only once: {survey.at[idx, 'enhet_id_rapportert']} is "
                f"{survey.at[idx, 'enhet_id']} under another number (followed through the change history)",
            )
        if self.projects is None:
            return
        keys = zip(survey["enhet_id"], survey["ordning"], strict=True)
        for case, key in enumerate(keys, start=1):
            if None in key or pd.isna(key[0]):
                continue
            rule = ""
            if key not in self.projects:
                rule = "the project has no grant in grants.csv"
            elif year is not None and not self._in_frame(key, year, frame_years):
                window = f"in the {frame_years} years before" if frame_years else "before"
                rule = (
                    f"the project had no grant {window} the survey year {year} (from the "
                    "file name), so it was not asked"
                )
            if rule:
                self.errors.add(
                    Problem.NOT_A_PROJECT,
                    relative,
                    f"case {case}",
                    "enhet_id+ordning",
                    f"{key[0]} / {key[1]}",
                    rule,
                )


def fail_unknown_projects(
    rules: TableRules, frame: pd.DataFrame, known: set[tuple[str, str]], code: Problem, rule: str
) -> None:
    """Each complete (enhet_id, ordning) must be one of `known`."""
    pair = frame[["enhet_id", "ordning"]]
    complete = pair.notna().all(axis=1)
    # a set lookup per row: a MultiIndex would build a tuple for every row of a large file
    listed = [key in known for key in zip(frame["enhet_id"], frame["ordning"], strict=True)]
    unknown = complete & ~pd.Series(listed, index=frame.index, dtype=bool)
    if unknown.any():  # the keys are shown for the failing rows only: joining is slow
        rules.fail(unknown, "enhet_id+ordning", code, rule, join_keys(pair[unknown]))
