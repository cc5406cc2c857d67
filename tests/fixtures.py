"""Small hand-made data directories in contract form, with exact, known contents."""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd

from devtools import formats
from pipelines.contract import input_files
from pipelines.contract.programme_files import bundled

PROGRAMME = bundled()  # the 2009 evaluation's vocabulary

UNITS = [
    formats.header("units"),
    ["1201", "Bergen", "247000"],
    ["030101", "Bydel Gamle Oslo", "42000"],
    ["1902", "Tromsø", "65000"],
    ["1933", "Balsfjord", ""],
]
GRANTS = [
    formats.header("grants"),
    ["1201", "BLD", "2007", "500000"],
    ["1201", "AVDIR", "2007", "400000"],
    ["030101", "AVDIR", "2007", "300000"],
    ["1902", "BLD", "2006", "200000"],
    ["1902", "BUT", "2007", "800000"],
    ["1933", "AVDIR", "2007", "100000"],
]
REPORT_HEADER = formats.header("rapporter")
REPORTS_2007 = [
    REPORT_HEADER,
    ["1201", "BLD", "2007", "alle", "", "samarbeid|ledelse", "alle", "ja", "ja"],
    ["1201", "AVDIR", "2007", "ikke_alle", "tid|personale", "", "de_fleste", "usikker", "nei"],
    ["030101", "AVDIR", "2007", "ikke_alle", "", "", "noen", "nei", ""],
    ["1933", "AVDIR", "2007", "", "", "", "", "", ""],
]
MEASURE_HEADER = formats.header("tiltak")
MEASURES_2007 = [
    MEASURE_HEADER,
    ["1201", "BLD", "2007", "Leksehjelp", "kompetanse", "individ", "40000", "12", "ny", ""],
    ["1201", "AVDIR", "2007", "Ferietur", "fritid", "alle", "150000", "30", "videreført", "2006"],
    ["030101", "AVDIR", "2007", "Utstyrsbank", "materiell", "alle", "600000", "", "ny", ""],
]
INFORMANTS = [
    formats.header("informants", input_files.INFORMANT_NAME),
    ["I1", "INT1", "1201", "administrativ_leder", "kommunalsjef", "Kari Fjellheim"],
    ["I2", "INT1", "1201", "prosjektleder", "", "Ola Strandvik"],
    ["I3", "INT2", "030101", "prosjektmedarbeider", "", "Siri Bakkeli"],
]
SEGMENTS = [
    formats.header("segments"),
    ["INT1", "forstaelse", "Vi snakker heller om barn som ikke får delta.", "ja"],
    ["INT1", "samarbeid/skole", "Skolen tar kontakt.", ""],
    ["INT2", "samarbeid", "Frivillige stiller opp.", ""],
    ["INT2", "videreforing", "Uten øremerkede midler blir det vanskelig.", "ja"],
]
# Two respondents: Bergen BLD and Gamle Oslo AVDIR.
SURVEY_ROWS: list[dict[str, object]] = [
    {
        "enhet_id": "1201",
        "ordning": "BLD",
        "rolle": 1,
        "nasjonale_mal": 1,
        "nav_etablert": 1,
        "nav_samordning": 1,
        "nav_oppmerksomhet": 2,
        "nav_samordning_sikt": 1,
        "nav_oppmerksomhet_sikt": 3,
        "videreforing": 1,
        "plan_forankret": 1,
    },
    {
        "enhet_id": "030101",
        "ordning": "AVDIR",
        "rolle": 2,
        "nasjonale_mal": 4,
        "nav_etablert": 2,
        "nav_samordning": None,
        "nav_oppmerksomhet": None,
        "nav_samordning_sikt": 2,
        "nav_oppmerksomhet_sikt": 1,
        "videreforing": 3,
        "plan_forankret": 3,
    },
]
SURVEY_DEFAULTS = {
    **{f"viktig_{p}": 1 for p in PROGRAMME.codes("partner").labels},
    **{f"tilstede_{p}": 2 for p in PROGRAMME.codes("partner").labels},
    **{f"drift_{a}": 0 for a in PROGRAMME.codes("aktor").labels},
}


write_csv = formats.write_csv
write_xlsx = formats.write_xlsx


def write_sav(
    path: Path,
    rows: list[dict[str, object]],
    missing_ranges: dict | None = None,
    value_labels: dict | None = None,
) -> Path:
    """The survey with these respondents; unlisted variables take SURVEY_DEFAULTS."""
    frame = pd.DataFrame([{**SURVEY_DEFAULTS, **r} for r in rows])
    return formats.write_sav(
        path, frame, missing_ranges=missing_ranges or {}, variable_value_labels=value_labels or {}
    )


def make_data_dir(root: Path) -> Path:
    """A tiny valid data directory: 4 units, 5 projects, one reporting year (2007)."""
    write_csv(root / "units.csv", UNITS)
    write_csv(root / "grants.csv", GRANTS)
    write_csv(root / "reporting" / "2007" / "rapporter.csv", REPORTS_2007)
    write_csv(root / "reporting" / "2007" / "tiltak.csv", MEASURES_2007)
    write_sav(root / "survey" / "survey.sav", SURVEY_ROWS)
    write_csv(root / "interviews" / "informants.csv", INFORMANTS)
    write_csv(root / "interviews" / "segments.csv", SEGMENTS)
    return root


def write_qdpx(path: Path, sources: list[dict[str, object]], codebook: str) -> Path:
    """Write a REFI-QDA project; each source: name, text, inline (bool), selections."""
    parts = []
    files = {}
    for i, source in enumerate(sources):
        selections = "".join(
            f'<PlainTextSelection guid="s{i}-{j}" startPosition="{start}" endPosition="{end}">'
            + "".join(
                f'<Coding guid="c{i}-{j}-{k}"><CodeRef targetGUID="{ref}"/></Coding>'
                for k, ref in enumerate(refs)
            )
            + "</PlainTextSelection>"
            for j, (start, end, refs) in enumerate(source["selections"])  # type: ignore[arg-type]
        )
        if source.get("inline", True):
            body = f"<PlainTextContent>{escape(str(source['text']))}</PlainTextContent>"
            attr = ""
        else:
            files[f"Sources/src{i}.txt"] = str(source["text"])
            body, attr = "", f' plainTextPath="internal://src{i}.txt"'
        parts.append(f'<TextSource guid="t{i}" name="{source["name"]}"{attr}>{body}{selections}</TextSource>')
    project = formats.qdpx_project(
        codebook, "".join(parts), declaration='<?xml version="1.0" encoding="utf-8"?>'
    )
    return formats.write_qdpx(path, project, files)


def copy_year(root: Path, year: int) -> None:
    """Another year folder in a fixture data directory: 2007's reports and measures, relabelled."""
    shutil.copytree(root / "reporting" / "2007", root / "reporting" / str(year))
    for name in ("rapporter.csv", "tiltak.csv"):
        path = root / "reporting" / str(year) / name
        path.write_text(path.read_text(encoding="utf-8").replace(",2007,", f",{year},"), encoding="utf-8")


def append_row_csv(path: Path, row: list[str]) -> None:
    """One more row at the end of a CSV fixture."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(",".join(row) + "\n")
