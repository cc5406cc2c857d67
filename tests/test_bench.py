"""The benchmark's yardstick still computes the same marts as the pipeline: bench/bare.py reads
the sample (as CSV) with DuckDB alone and must agree with the plain build on the sample."""

from __future__ import annotations

from pathlib import Path

from bench.bare import compute
from bench.run import same_marts
from bench.scale import write_dataset
from tests.conftest import Built


def test_bare_script_agrees_with_the_pipeline(sample_build: Built, tmp_path: Path) -> None:
    data = write_dataset(tmp_path / "x1", 1)
    bare = tmp_path / "bare.duckdb"
    compute(data, bare)
    assert same_marts(sample_build.warehouse, bare)
