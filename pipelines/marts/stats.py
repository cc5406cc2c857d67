"""Small statistics in plain Python: Pearson's chi-square test of homogeneity.

Written here rather than imported from scipy, whose import alone took 1.6 s of every run.
"""

from __future__ import annotations

import math


def chi_square_homogeneity(table: list[list[int]]) -> tuple[float, int, float]:
    """Pearson's chi-square for an r × c table of counts: (statistic, dof, p-value)."""
    rows = [sum(r) for r in table]
    columns = [sum(c) for c in zip(*table, strict=True)]
    total = sum(rows)
    statistic = 0.0
    for i, row in enumerate(table):
        for j, observed in enumerate(row):
            expected = rows[i] * columns[j] / total
            statistic += (observed - expected) ** 2 / expected
    dof = (len(table) - 1) * (len(columns) - 1)
    return statistic, dof, chi_square_sf(statistic, dof)


def chi_square_sf(x: float, dof: int) -> float:
    """P(X ≥ x) for a chi-square distribution with `dof` degrees of freedom."""
    if x <= 0:
        return 1.0
    return regularized_gamma_q(dof / 2, x / 2)


def regularized_gamma_q(a: float, x: float) -> float:
    """Upper regularized incomplete gamma Q(a, x): a series below a + 1, a continued fraction above."""
    log_prefix = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1:
        term = total = 1.0 / a
        n = 1
        while abs(term) > abs(total) * 1e-16:
            term *= x / (a + n)
            total += term
            n += 1
        return max(0.0, 1.0 - total * math.exp(log_prefix))
    tiny = 1e-300
    b = x + 1 - a
    c, d = 1 / tiny, 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16:
            break
    return math.exp(log_prefix) * h
