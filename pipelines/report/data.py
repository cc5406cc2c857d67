"""The report's data layer: everything the pages show, read once from the warehouse, and each
page's frames, shaped once (sorted, labelled) so that its prose, charts and tables all rest on
the same rows. Years come from the data, never from here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import duckdb
import pandas as pd

from pipelines.contract import codes
from pipelines.contract.programme import Programme
from pipelines.contract.programme_files import from_texts
from pipelines.report import wording
from pipelines.warehouse.database import FILES_AS_LOADED, fetch_df, run_sql
from pipelines.warehouse.sql import qualified


@dataclass
class ReportData:
    """Everything the pages show, read once from the warehouse; a year's measures are read
    when its page is made, so the connection stays open while the site is written."""

    marts: dict[str, pd.DataFrame]
    measures_of: Callable[[int], pd.DataFrame]  # a year's measures: read when its page is made
    quotes: pd.DataFrame
    low_income: pd.DataFrame
    load_log: pd.DataFrame
    years: list[int]
    programme: Programme  # the definition the build evaluated (staging.programme_files)

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection) -> ReportData:
        names = [
            r[0] for r in run_sql(con, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts'")
        ]
        marts = {name: fetch_df(con, f"SELECT * FROM {qualified('marts', name)}") for name in names}
        for name, mart in marts.items():
            if "wave" in mart.columns and len(mart):  # the survey marts: the latest wave
                marts[name] = mart[mart["wave"] == mart["wave"].max()].reset_index(drop=True)
        measures_sql = """
            WITH current_names AS (  -- a number's name after the change that made it
                SELECT new_code, arg_max(new_name, change_year) AS new_name
                FROM staging.unit_changes GROUP BY new_code
            )
            SELECT t.aar,
                   -- reported under another number: its name there beside the register's name
                   CASE WHEN t.enhet_id_rapportert = t.enhet_id THEN u.navn
                        ELSE u.navn || ' (rapportert som ' || t.enhet_id_rapportert
                             || coalesce(' ' || c.new_name, '') || ')' END AS navn,
                   t.ordning, t.tiltak_navn, t.kategori, t.malgruppe,
                   t.budsjett_nok, t.deltakere, t.status
            FROM staging.tiltak t JOIN staging.units u USING (enhet_id)
            LEFT JOIN current_names c ON c.new_code = t.enhet_id_rapportert
            WHERE t.aar = ?
            -- every column, so that the order never depends on how the rows were read
            ORDER BY u.navn, t.ordning, t.tiltak_navn, 2, t.kategori, t.malgruppe,
                     t.budsjett_nok, t.deltakere, t.status"""

        def measures_of(year: int) -> pd.DataFrame:
            # One year at a time: every year's measures at once is most of a large site's memory.
            return fetch_df(con, measures_sql, [year])

        # Quotes: text and the speakers' titles only; never names, ids or the municipality.
        quotes = fetch_df(
            con,
            """
            SELECT s.kode, s.tekst, list_sort(list(DISTINCT i.tittel)) AS titler,
                   count(DISTINCT i.informant_id) AS n_informants, min(s.segment_id) AS sort
            FROM staging.segments s JOIN staging.informants i USING (intervju_id)
            WHERE s.sitat
            GROUP BY s.kode, s.tekst
            ORDER BY sort""",
        )
        low_income = fetch_df(
            con,
            """
            SELECT l.aar, l.enhet_id, u.navn, l.andel_barn_lavinntekt
            FROM staging.lavinntekt l JOIN staging.units u USING (enhet_id)
            ORDER BY l.aar, u.navn, l.enhet_id""",
        )
        load_log = fetch_df(con, FILES_AS_LOADED)
        load_log = load_log.sort_values("path").reset_index(drop=True)
        years = [int(y) for y in marts["goal_attainment"]["aar"].drop_duplicates().sort_values()]
        files = run_sql(con, "SELECT file, text, programme FROM staging.programme_files ORDER BY file")
        programme = from_texts({f: t for f, t, _ in files}, files[0][2])
        return cls(marts, measures_of, quotes, low_income, load_log, years, programme)

    def series_breaks(self, series: str) -> dict[int, list[str]]:
        """The years where a series breaks, with the reasons (marts.series_breaks)."""
        breaks: dict[int, list[str]] = {}
        for row in self.marts.get("series_breaks", pd.DataFrame(columns=["series"])).itertuples():
            if row.series == series:
                breaks.setdefault(int(row.aar), []).append(str(row.reason))
        return breaks

    def label(self, domain: str, code: str) -> str:
        """The Norwegian label of a code (marts.code_labels), or the code itself without one."""
        return self._labels.get(domain, {}).get(code, code)

    @cached_property
    def _labels(self) -> dict[str, dict[str, str]]:
        labels: dict[str, dict[str, str]] = {}
        for row in self.marts["code_labels"].itertuples():
            labels.setdefault(str(row.domain), {})[str(row.code)] = str(row.label)
        return labels

    @property
    def year_span(self) -> str:
        if not self.years:
            return "ingen år"
        return str(self.years[0]) if len(self.years) == 1 else f"{self.years[0]}–{self.years[-1]}"

    @property
    def published(self) -> str:
        """The date of the run that loaded the data (Norwegian time), «29.11.2026»; "" without."""
        if not len(self.load_log):
            return ""
        loaded = pd.Timestamp(self.load_log["loaded_at"].max())
        return loaded.tz_convert("Europe/Oslo").strftime("%d.%m.%Y")

    # -- who received grants --------------------------------------------------------------------
    def response_total(self) -> pd.Series:
        response = self.marts["response"]
        return response[response["dimension"] == "total"].iloc[0]

    def funding_overlap(self) -> pd.DataFrame:
        overlap = self.marts["funding_overlap"].copy()
        overlap["label"] = overlap["category"].map(lambda c: self.label("funding_category", c))
        return overlap

    def projects_by_region(self) -> pd.DataFrame:
        order = {r: i for i, r in enumerate(codes.REGION_ORDER)}
        regions = self.marts["projects_by_region"].copy()
        regions = regions.sort_values("region", key=lambda s: s.map(lambda r: order.get(r, 99)))
        return regions.reset_index(drop=True)

    def response(self) -> pd.DataFrame:
        """The response table in display order, with Norwegian labels."""
        response = self.marts["response"].copy()
        dims = codes.RESPONSE_DIMENSIONS
        response["dim_order"] = response["dimension"].map(list(dims).index)
        response = response.sort_values(["dim_order", "value"]).reset_index(drop=True)
        response["dim_label"] = response["dimension"].map(dims)
        response["value_label"] = [
            "Alle"
            if d == "total"
            else self.programme.scheme_short.get(v, v)
            if d == "ordning"
            else self.label("size_class", v)
            if d == "size_class"
            else v
            for d, v in zip(response["dimension"], response["value"], strict=True)
        ]
        return response

    # -- organisation and cooperation (survey) -----------------------------------------------------
    def agencies(self) -> pd.DataFrame:
        agencies = self.marts["agencies_involved"].sort_values("sort").reset_index(drop=True)
        agencies["label"] = agencies["actor"].map(lambda a: self.label("actor", a))
        return agencies

    def cooperation_gaps(self) -> pd.DataFrame:
        gaps = self.marts["cooperation_gaps"].sort_values("sort").reset_index(drop=True)
        gaps["label"] = gaps["partner"].map(lambda p: self.label("partner", p))
        # The gap as a reader can check it: the difference of the two rounded shares.
        gaps["gap_shown"] = [
            None if pd.isna(a) or pd.isna(b) else wording.difference(a, b)
            for a, b in zip(gaps["pct_very_important"], gaps["pct_agree"], strict=True)
        ]
        return gaps

    def widest_gap(self) -> pd.Series | None:
        """The partner with the widest gap as shown (ties: the wider unrounded gap first)."""
        gaps = self.cooperation_gaps().dropna(subset=["gap_shown"])
        ranked = gaps.sort_values(["gap_shown", "gap_pp"], ascending=False, kind="stable")
        return ranked.iloc[0] if len(ranked) else None

    def nav(self) -> pd.DataFrame:
        nav = self.marts["nav_significance"].sort_values(["period", "aspect", "code"])
        nav = nav.reset_index(drop=True)
        nav["periode"] = nav["period"].map(codes.NAV_PERIODS)
        return nav

    def nav_easier(self) -> pd.DataFrame:
        """Where a NAV office is established: 'lettere å samordne innsats'."""
        nav = self.nav()
        first_period = next(iter(codes.NAV_PERIODS))
        return nav[(nav["period"] == first_period) & (nav["aspect"] == "samordning") & (nav["code"] == 1)]

    # -- measures -------------------------------------------------------------------------------
    def measures_by_year(self) -> pd.DataFrame:
        return self.marts["measures_by_year"].sort_values("aar").reset_index(drop=True)

    def measure_categories(self) -> pd.DataFrame:
        cats = self.marts["measure_categories"].sort_values(["aar", "sort"]).reset_index(drop=True)
        cats["label"] = cats["kategori"].map(lambda c: self.label("kategori", c))
        return cats

    def budget_bands(self) -> pd.DataFrame:
        return self.marts["measure_budget_bands"].sort_values("sort").reset_index(drop=True)

    def reach(self) -> pd.DataFrame:
        reach = self.marts["measure_reach"].sort_values(["aar", "malgruppe"]).reset_index(drop=True)
        reach["label"] = reach["malgruppe"].map(self.programme.of_concept("malgruppe").short_labels)
        return reach

    def measures_listed(self, year: int) -> pd.DataFrame:
        """A year's measures as listed, with the labels of their codes."""
        measures = self.measures_of(year)
        measures["kategori_label"] = measures["kategori"].map(lambda c: self.label("kategori", c))
        measures["malgruppe_label"] = measures["malgruppe"].map(
            self.programme.of_concept("malgruppe").short_labels
        )
        measures["ordning_label"] = measures["ordning"].map(self.programme.scheme_short)
        return measures

    def by_year_and_scheme(self, mart: str) -> pd.DataFrame:
        """A mart of year × scheme rows in reading order (each evaluated scheme, then I alt, within
        each year), with the schemes' short names."""
        table = self.marts[mart].copy()
        table["scheme_order"] = table["ordning"].map(self.programme.schemes_and_total.index)
        table = table.sort_values(["aar", "scheme_order"]).reset_index(drop=True)
        table["ordning_label"] = table["ordning"].map(self.programme.scheme_short)
        return table

    def grants_by_year(self) -> pd.DataFrame:
        return self.by_year_and_scheme("grants_by_year")

    def grants_per_child(self) -> pd.DataFrame:
        """Per year and income limit, over the units with a count of children in low-income
        households: their grants, those children, and the grants per child (sum over sum)."""
        rows = self.marts["grants_per_child"]
        if rows.empty:
            return pd.DataFrame(
                columns=["aar", "measure", "n_units", "grant_nok", "n_children", "nok_per_child"]
            )
        per_year = (
            rows.groupby(["aar", "measure"], as_index=False)
            .agg(
                n_units=("enhet_id", "nunique"),
                grant_nok=("grant_nok", "sum"),
                n_children=("n_children", "sum"),
            )
            .sort_values(["aar", "measure"], ascending=[False, True])
            .reset_index(drop=True)
        )
        per_year["nok_per_child"] = per_year["grant_nok"] / per_year["n_children"]
        return per_year

    def user_participation(self) -> pd.DataFrame:
        return self.by_year_and_scheme("user_participation")

    def share_targeted(self) -> float:
        """Measures for identified children or families, all years, per cent."""
        per_year = self.marts["measures_by_year"]
        return 100.0 * per_year["n_targeted"].sum() / max(per_year["n_measures"].sum(), 1)

    # -- goals ----------------------------------------------------------------------------------
    def national_goals(self) -> pd.DataFrame:
        national = self.marts["national_goals"].sort_values("sort").reset_index(drop=True)
        national["label"] = national["answer"].map(lambda a: self.label("national_goals", a))
        return national

    def goal_attainment(self) -> pd.DataFrame:
        goals = self.by_year_and_scheme("goal_attainment")
        goals["pct_not_all"] = (100.0 - goals["pct_all"]).where(goals["n"] > 0)
        return goals

    def goal_attainment_both(self) -> pd.DataFrame:
        """Both schemes together, the years with answers."""
        goals = self.goal_attainment()
        return goals[(goals["ordning"] == codes.ALL_SCHEMES) & (goals["n"] > 0)]

    def goal_trend_both(self) -> pd.Series | None:
        trend = self.marts.get("goal_attainment_trend")
        if trend is None or not len(trend):
            return None
        return trend[trend["ordning"] == codes.ALL_SCHEMES].iloc[0]

    def goal_reasons(self, kind: str) -> tuple[pd.DataFrame, pd.Series]:
        """One row per year and code, a column per scheme; and the bases per (year, scheme)."""
        part = self.marts["goal_reasons"][self.marts["goal_reasons"]["kind"] == kind]
        wide = part.pivot_table(
            index=["aar", "code"], columns="ordning", values="pct", dropna=False
        ).reset_index()
        wide["label"] = wide["code"].map(lambda c: self.label(kind, c))
        concept = "arsaker_ikke_nadd" if kind == "arsak" else "suksessfaktorer"
        order = list(self.programme.of_concept(concept).values)
        wide["sort"] = wide["code"].map(order.index)
        wide = wide.sort_values(["aar", "sort"]).reset_index(drop=True)
        for scheme in self.programme.schemes_and_total:
            if scheme not in wide.columns:
                wide[scheme] = None
        return wide, part.groupby(["aar", "ordning"])["n_base"].max()

    # -- continuation ---------------------------------------------------------------------------
    def continuation_reported(self) -> pd.DataFrame:
        return self.marts["continuation_reported"].sort_values("aar").reset_index(drop=True)

    def continuation_survey(self) -> pd.DataFrame:
        survey = self.marts["continuation_survey"].sort_values("code").reset_index(drop=True)
        survey["label"] = survey["answer"].map(lambda a: self.label("continuation_survey", a))
        return survey

    # -- interviews and context -----------------------------------------------------------------
    def interview_themes(self) -> pd.DataFrame:
        themes = self.marts["interview_themes"].copy()
        themes["label"] = themes["kode"].map(lambda c: self.label("kode", c))
        return themes

    def n_interviews(self) -> int:
        themes = self.marts["interview_themes"]
        return int(themes["n_interviews_all"].max()) if len(themes) else 0

    def low_income_compared(self) -> pd.DataFrame:
        """Statbank figures per unit for the latest period of each table and measure, with the
        symbol in place of a missing number; empty without statbank exports."""
        figures = self.marts.get("low_income", pd.DataFrame())
        if figures.empty:
            return figures
        figures = figures[figures["table_id"] != "lavinntekt.csv"].copy()
        if figures.empty:
            return figures
        latest = figures.groupby(["table_id", "measure"])["last_year"].transform("max")
        figures = figures[figures["last_year"] == latest].copy()
        figures["shown"] = figures["value"].astype(object).where(figures["value"].notna(), figures["symbol"])
        figures["shown_national"] = (
            figures["value_national"]
            .astype(object)
            .where(figures["value_national"].notna(), figures["symbol_national"])
        )
        figures["maal"] = figures["measure"] + ", " + figures["period"]
        renamed = figures["region_code"] != figures["enhet_id"]
        figures.loc[renamed, "navn"] = (
            figures["navn"] + " (tall for " + figures["region_code"] + " " + figures["region_name"] + ")"
        )
        return figures.sort_values(["table_id", "measure", "navn"]).reset_index(drop=True)

    def low_income_wide(self) -> pd.DataFrame:
        """One row per unit, a column per year, highest share in the latest year first."""
        latest = int(self.low_income["aar"].max())
        frame = self.low_income.copy()
        # two units of one name (0137 and 0426 Våler) stay two rows, named with their number
        shared = frame.groupby("navn")["enhet_id"].transform("nunique") > 1
        frame.loc[shared, "navn"] = frame["navn"] + " (" + frame["enhet_id"] + ")"
        wide = frame.pivot_table(
            index=["navn", "enhet_id"], columns="aar", values="andel_barn_lavinntekt"
        ).reset_index()
        wide = wide.drop(columns="enhet_id").sort_values(latest, ascending=False).reset_index(drop=True)
        wide.columns = [str(c) for c in wide.columns]
        return wide
