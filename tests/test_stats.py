"""The chi-square test against reference values (as computed by scipy.stats)."""

from __future__ import annotations

import pytest

from pipelines.marts.stats import chi_square_homogeneity, chi_square_sf


@pytest.mark.parametrize(
    ("x", "dof", "expected"),
    [
        (3.841458820694124, 1, 0.05),
        (5.991464547107979, 2, 0.05),
        (7.3, 4, 0.12085874882121235),
        (0.2, 3, 0.9775892977616494),
        (40, 5, 1.493367900050393e-07),
        (0.0, 2, 1.0),
    ],
)
def test_survival_function(x: float, dof: int, expected: float) -> None:
    assert chi_square_sf(x, dof) == pytest.approx(expected, rel=1e-9)


def test_sample_goal_attainment_across_years() -> None:
    # Both schemes, reached all goals / not, 2006–2008: 27/34, 33/34, 31/33.
    statistic, dof, p = chi_square_homogeneity([[27, 34], [33, 34], [31, 33]])
    assert (dof, statistic, p) == (2, pytest.approx(0.3608495955008805), pytest.approx(0.834915465857346))
