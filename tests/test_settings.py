"""A setting of the environment grant-eval cannot use is a usage error (issue 22, item 7): exit
status 2 and a message that names the variable and what it must be, before anything runs —
not a traceback at import and exit 1 (the status for invalid input). Real processes."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests import fixtures as fx
from tests.helpers import GRANT_EVAL

BAD = [
    ("GRANT_EVAL_LOCK_WAIT", "ti minutter", "must be a number of seconds, such as 600"),
    ("GRANT_EVAL_LOCK_WAIT", "-5", "must be a number of seconds, such as 600"),
    ("GRANT_EVAL_LOCK_WAIT", "nan", "must be a number of seconds, such as 600"),
    ("GRANT_EVAL_YEAR_PARTITIONS", "dynamisk", "must be static or dynamic"),
    ("GRANT_EVAL_STORAGE_VERSION", "v9.9", "must be a DuckDB storage version, such as v1.4.0"),
]


@pytest.mark.parametrize(("variable", "value", "rule"), BAD, ids=[f"{v}={x}" for v, x, _ in BAD])
def test_a_bad_setting_is_a_usage_error_naming_it(
    tmp_path: Path, variable: str, value: str, rule: str
) -> None:
    data = fx.make_data_dir(tmp_path / "data")
    out = tmp_path / "out"
    done = subprocess.run(
        [
            GRANT_EVAL,
            "run",
            "-q",
            "--data-dir",
            str(data),
            "--warehouse",
            str(out / "w.duckdb"),
            "--reports-dir",
            str(out / "site"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, variable: value},
    )
    assert (done.returncode, done.stderr) == (
        2,
        f"grant-eval: {variable}={value!r}: {rule}. Nothing was run.\n",
    )
    assert not out.exists()


def test_a_good_setting_is_taken(tmp_path: Path) -> None:
    data = fx.make_data_dir(tmp_path / "data")
    env = {**os.environ, "GRANT_EVAL_LOCK_WAIT": " 30 ", "GRANT_EVAL_YEAR_PARTITIONS": "Static"}
    done = subprocess.run(
        [GRANT_EVAL, "check", "-q", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert (done.returncode, done.stderr) == (0, "")
