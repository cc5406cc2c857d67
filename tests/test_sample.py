"""The bundled sample is what its generator writes, and it holds the published marginals."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadstat

from devtools.sample.generate import generate
from pipelines.settings import DEFAULT_DATA_DIR


def test_generator_reproduces_the_committed_sample(tmp_path: Path) -> None:
    fresh = generate(tmp_path / "sample")
    committed = sorted(p.relative_to(DEFAULT_DATA_DIR) for p in DEFAULT_DATA_DIR.rglob("*") if p.is_file())
    assert committed == sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    for relative in committed:
        old, new = DEFAULT_DATA_DIR / relative, fresh / relative
        if relative.suffix in (".csv", ".qdpx"):
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
