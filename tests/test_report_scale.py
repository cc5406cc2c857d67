"""The report stays readable when the data grows: on the benchmark's ×10 dataset (200 units,
10 years, 300 interviews) the measures are listed a page per year, a chart never shows more
series or bars than a reader can tell apart, and a theme shows a few quotes, not all."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench.scale import write_dataset
from pipelines.report import charts
from pipelines.report.pages.common import MAX_QUOTES
from pipelines.report.pages.understanding import MAX_BARS
from tests.conftest import Built, build_plain


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("large")
    return build_plain(write_dataset(root / "data", 10), root)


def _charts(page: Path) -> dict[str, dict]:
    text = page.read_text(encoding="utf-8")
    return {
        chart_id: json.loads(payload)
        for chart_id, payload in re.findall(r'data-chart="([^"]+)">(.*?)</script>', text, re.S)
    }


def test_measures_a_page_per_year(large: Built) -> None:
    years = [f"tiltak-{year}.html" for year in range(2006, 2016)]
    assert sorted(p.name for p in large.reports_dir.glob("tiltak-*.html")) == years
    chapter = (large.reports_dir / "kapittel-3-tiltakene.html").read_text(encoding="utf-8")
    assert all(f'<a href="{name}">' in chapter for name in years)
    assert "<tbody>" not in chapter.split('id="tiltaksliste"')[1]  # links, not the lists
    assert all((large.reports_dir / name).stat().st_size < 1_000_000 for name in years)


def test_charts_show_no_more_than_can_be_told_apart(large: Built) -> None:
    for page in large.reports_dir.glob("*.html"):
        for chart_id, spec in _charts(page).items():
            assert len(spec["data"]) <= charts.MAX_SERIES, (page.name, chart_id)
    categories = _charts(large.reports_dir / "kapittel-3-tiltakene.html")["figur-kategorier"]
    assert [trace["name"] for trace in categories["data"]] == [str(y) for y in range(2011, 2016)]
    assert "de siste 5 årene" in categories["layout"]["title"]["text"]
    low_income = _charts(large.reports_dir / "kapittel-1-forstaelse.html")["figur-lavinntekt"]
    bars = low_income["data"][0]["y"]
    assert len(bars) == MAX_BARS and f"de {MAX_BARS} høyeste av 200" in low_income["layout"]["title"]["text"]
    values = low_income["data"][0]["x"]
    assert values == sorted(values, reverse=True)


def test_a_few_quotes_per_theme(large: Built) -> None:
    for page in large.reports_dir.glob("kapittel-*.html"):
        text = page.read_text(encoding="utf-8")
        for section in re.findall(r'<section id="sitater-[^"]+".*?</section>', text, re.S):
            shown = section.count('<figure class="quote">')
            assert 0 < shown <= MAX_QUOTES, page.name
            if shown == MAX_QUOTES:
                assert re.search(rf"Et utvalg på {MAX_QUOTES} av \d+ sitater", section)


def test_many_years_are_lines_and_summarised(large: Built) -> None:
    """Ten years: a series over the years is a line per scheme, told apart by dash as well as
    colour, and a sentence gives the first year, the last and the range, not all ten."""
    goals = _charts(large.reports_dir / "kapittel-4-maloppnaelse.html")["figur-maloppnaelse"]
    assert [t["type"] for t in goals["data"]] == ["scatter"] * 3
    assert len({t["line"]["dash"] for t in goals["data"]}) == 3
    assert len(goals["data"][0]["x"]) == 10
    front = (large.reports_dir / "index.html").read_text(encoding="utf-8")
    sentence = next(s for s in re.findall(r"<li>(.*?)</li>", front, re.S) if "nådd alle sine mål" in s)
    assert re.search(
        r"fra \d+\u00a0% i 2006 til \d+\u00a0% i 2015, mellom \d+ og \d+\u00a0% i perioden", sentence
    )


def test_findings_hold_at_scale(large: Built) -> None:
    """The sentences checked on the sample and the reversed data hold on data shaped unlike
    either: the widest gap and the leading actors as the marts have them."""
    from tests.test_report_findings import check_gap_and_agencies, summary

    check_gap_and_agencies(large)
    assert summary(large).startswith("Sammendrag Fra 2006 til 2015 fikk")
