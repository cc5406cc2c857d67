"""The chart colours can be told apart by readers with the common colour-vision deficiencies,
and each stands out from the white page (WCAG 1.4.11, 3:1). Simulated with the matrices of
Machado, Oliveira and Fernandes (2009) at full severity, compared in CIELAB."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from pipelines.report.charts import COLOURS

SIMULATIONS = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}
# Clearly different for a bar beside a bar (ΔE 2.3 is just noticeable).
MIN_DELTA_E = 20.0


def _linear(colour: str) -> np.ndarray:
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255.0
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > 0.008856, np.cbrt(t), 7.787 * t + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("vision", SIMULATIONS)
def test_every_pair_of_colours_differs(vision: str) -> None:
    seen = {c: _lab(np.clip(SIMULATIONS[vision] @ _linear(c), 0, 1)) for c in COLOURS}
    closest = min(
        (float(np.linalg.norm(seen[a] - seen[b])), a, b) for a, b in itertools.combinations(COLOURS, 2)
    )
    assert closest[0] >= MIN_DELTA_E, closest


def test_every_colour_stands_out_from_white() -> None:
    for colour in COLOURS:
        linear = _linear(colour)
        luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
        assert 1.05 / (luminance + 0.05) >= 3.0, colour
