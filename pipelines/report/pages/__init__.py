"""The report's pages, one module each: the front page, one chapter per research question,
data and method, and the accessibility statement."""

from __future__ import annotations

from pipelines.report.data import ReportData
from pipelines.report.model import Page
from pipelines.report.pages import (
    accessibility,
    continuation,
    front,
    goals,
    measures,
    method,
    organisation,
    understanding,
)


def build_pages(data: ReportData) -> list[Page]:
    return [front.page(data), understanding.page(data), organisation.page(data),
            measures.page(data), goals.page(data), continuation.page(data),
            method.page(data), accessibility.page()]
