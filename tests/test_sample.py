"""The bundled sample is what its generator writes, and it holds the published marginals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

from devtools.sample.generate import generate
from devtools.sample.year2024 import generate_2024
from pipelines.settings import DEFAULT_DATA_DIR

SAMPLE_2024 = DEFAULT_DATA_DIR.parent / "sample-2024"


@pytest.mark.parametrize(
    ("committed_dir", "write"),
    [(DEFAULT_DATA_DIR, generate), (SAMPLE_2024, generate_2024)],
    ids=["sample", "2024"],
)
def test_generator_reproduces_the_committed_sample(
    tmp_path: Path, committed_dir: Path, write: Callable[[Path], Path]
) -> None:
    fresh = write(tmp_path / "sample")
    committed = sorted(p.relative_to(committed_dir) for p in committed_dir.rglob("*") if p.is_file())
    assert committed == sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    for relative in committed:
        old, new = committed_dir / relative, fresh / relative
        if relative.suffix in (".csv", ".qdpx", ".json"):
            assert old.read_bytes() == new.read_bytes(), relative
        elif relative.suffix == ".xlsx":  # workbooks carry a save time: compare the cells
            a, b = pd.read_excel(old, sheet_name=None), pd.read_excel(new, sheet_name=None)
            assert a.keys() == b.keys()
            for sheet in a:
                pd.testing.assert_frame_equal(a[sheet], b[sheet])
        elif relative.suffix == ".sav":  # .sav headers carry a creation time
            (da, ma), (db, mb) = pyreadstat.read_sav(str(old)), pyreadstat.read_sav(str(new))
            pd.testing.assert_frame_equal(da, db)
            assert ma.missing_ranges == mb.missing_ranges
            assert ma.variable_value_labels == mb.variable_value_labels
        else:
            raise AssertionError(f"unexpected file {relative}")
