"""The evaluation's tables (schema `marts`): one SQL statement each, over the staging layer."""

from pipelines.marts.registry import MARTS, MartSpec

__all__ = ["MARTS", "MartSpec"]
