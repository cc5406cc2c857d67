"""survey/<name>.sav: the evaluation questionnaire, one case per responding project."""

from __future__ import annotations

import faulthandler
import os
import pickle
from pathlib import Path

import pandas as pd

from pipelines.contract import input_files
from pipelines.contract.problems import Problem
from pipelines.contract.programme import Programme, Wave
from pipelines.ingest.errors import ErrorLog
from pipelines.ingest.fields import UNIT_ID_RULE, join_keys, normalise_unit_id


def read_survey(
    path: Path, shown: str, errors: ErrorLog, programme: Programme, wave: Wave
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame] | None:
    """Return (raw, staged, value labels) survey frames, or None when the file cannot be read.

    The value labels are the file's own (variable, code, label), kept for analysts; the
    programme's codes are what the answers are checked against. Each of the wave's items is
    staged under its concept's column (SurveyItem.column), whatever the file calls it.

    pyreadstat turns system-missing and the file's declared user-missing values into NaN,
    which is exactly the contract's "not answered".
    """
    try:
        raw, value_labels = read_sav_isolated(path)
    except SavUnreadable as exc:
        errors.add(Problem.UNREADABLE_FILE, shown, rule=str(exc))
        return None
    raw.columns = [c.strip().lower() for c in raw.columns]
    locations = [f"case {i}" for i in range(1, len(raw) + 1)]
    raw = raw.reset_index(drop=True)

    variables = wave.variables()
    required = [*input_files.SURVEY_KEY, *variables]
    missing = [v for v in required if v not in raw.columns]
    for variable in missing:
        errors.add(
            Problem.MISSING_VARIABLE, shown, "", variable, "", "required variable is missing from the file"
        )
    if "enhet_id" in missing or "ordning" in missing:
        return None

    def fail(mask: pd.Series, variable: str, code: Problem, rule: str, values: pd.Series) -> None:
        for idx in mask[mask].index:
            errors.add(code, shown, locations[idx], variable, _plain(values[idx]), rule)

    ids_text = raw["enhet_id"].map(_plain)
    unit_ids = ids_text.map(normalise_unit_id)
    fail(unit_ids.isna(), "enhet_id", Problem.BAD_UNIT_ID, UNIT_ID_RULE, raw["enhet_id"])
    scheme = raw["ordning"].map(_plain).str.strip().str.upper()
    bad_scheme = ~scheme.isin(programme.evaluated)
    fail(
        bad_scheme,
        "ordning",
        Problem.BAD_CODE,
        f"must be one of {', '.join(programme.evaluated)}",
        raw["ordning"],
    )

    staged = pd.DataFrame(
        {
            "case_number": range(1, len(raw) + 1),
            "enhet_id": unit_ids,
            "ordning": scheme.where(~bad_scheme, None),
        }
    )
    for variable, item in variables.items():
        labels = programme.labels(item.code_list)
        if variable not in raw.columns:
            staged[item.column] = pd.array([None] * len(raw), dtype="Int64")
            continue
        numbers = pd.to_numeric(raw[variable], errors="coerce")
        answered = raw[variable].notna() & raw[variable].map(lambda v: v != "")
        valid = numbers.isin([int(code) for code in labels])
        bad = answered & ~valid
        allowed = ", ".join(f"{k} {v}" for k, v in labels.items())
        fail(
            bad,
            variable,
            Problem.BAD_SURVEY_CODE,
            f"must be one of the codes {allowed}, or missing",
            raw[variable],
        )
        staged[item.column] = numbers.where(valid).astype("Int64")

    # An item asked only where another's answer means something (NAV, where it is established).
    by_item = {i.item: i for i in wave.items if not i.subject}
    for variable, item in variables.items():
        condition = by_item.get(item.condition.split("=")[0]) if item.condition else None
        if condition is None or variable not in raw.columns or condition.variable not in raw.columns:
            continue
        meaning = item.condition.split("=", 1)[1]
        codes = [int(c) for c in programme.codes(condition.code_list).meaning(meaning)]
        off_route = staged[item.column].notna() & ~staged[condition.column].isin(codes).fillna(False)
        fail(
            off_route.astype(bool),
            variable,
            Problem.OFF_ROUTE,
            f"answered although {condition.variable} is not {' or '.join(map(str, codes))} "
            f"(asked only where {item.condition})",
            raw[variable],
        )

    keys = staged[["enhet_id", "ordning"]]
    repeated = keys.duplicated() & keys.notna().all(axis=1)
    fail(
        repeated, "enhet_id+ordning", Problem.DUPLICATE_KEY, "a project may answer only once", join_keys(keys)
    )

    raw_out = raw.copy()
    raw_out.insert(0, "_case", range(1, len(raw) + 1))
    labels = pd.DataFrame(
        [
            (variable.lower(), int(code), str(label))
            for variable, mapping in value_labels.items()
            if variable.lower() in variables
            for code, label in mapping.items()
            if float(code).is_integer()
        ],
        columns=["variable", "code", "label"],
    )
    return raw_out, staged, labels


class SavUnreadable(Exception):
    """The .sav file cannot be read; the message says why."""


def read_sav_isolated(path: Path) -> tuple[pd.DataFrame, dict[str, dict[float, str]]]:
    """Read a .sav file in a child process: a damaged file can crash the C reader (a
    segmentation fault), and that must not take grant-eval down with it. The child is a fork
    with the reader already imported: it starts in milliseconds and takes no lock."""
    import pyreadstat  # the C extension: only when a survey is read

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read, send the result back, leave at once
        faulthandler.disable()  # a crash here is expected of a damaged file: no dump on stderr
        os.close(read_end)
        try:
            frame, meta = pyreadstat.read_sav(str(path))
            payload = pickle.dumps((frame, dict(meta.variable_value_labels or {}), None))
        except Exception as exc:  # pyreadstat's own errors for files it can tell are damaged
            payload = pickle.dumps((None, None, f"not a readable SPSS .sav file ({exc})"))
        with os.fdopen(write_end, "wb") as out:
            out.write(payload)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as source:
        data = source.read()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status) or not data:
        raise SavUnreadable("a damaged SPSS file: the reader crashed on it")
    frame, labels, problem = pickle.loads(data)
    if problem is not None:
        raise SavUnreadable(problem)
    return frame, labels


def _plain(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
