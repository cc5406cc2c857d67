"""The report's sentences follow the numbers: on the sample, on the hand-made fixture and on a
dataset where the ranking, the majority and the direction are reversed, every sentence is
checked against the marts it rests on."""

from __future__ import annotations

import html
import re

import duckdb
import pytest

from pipelines.contract.programme_files import bundled
from pipelines.report import format as fmt
from pipelines.report import wording
from pipelines.report.format import percent
from tests import fixtures as fx
from tests.conftest import Built, build_plain

PROGRAMME = bundled()  # the 2009 evaluation's vocabulary


def findings(built: Built) -> list[str]:
    page = (built.reports_dir / "index.html").read_text(encoding="utf-8")
    section = page[page.index('id="hovedfunn"') :]
    section = section[: section.index("</section>")]
    return [
        html.unescape(re.sub("<[^>]+>", "", item)).strip()
        for item in re.findall(r"<li>(.*?)</li>", section, re.S)
    ]


def summary(built: Built) -> str:
    page = (built.reports_dir / "index.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="sammendrag"') :]
    text = html.unescape(re.sub("<[^>]+>", "", section[: section.index("</section>")]))
    return " ".join(text.split())


def captions(built: Built, page: str) -> list[str]:
    """The figures' statements, without their numbers («Figur 2.1»)."""
    text = (built.reports_dir / f"{page}.html").read_text(encoding="utf-8")
    text = re.sub(r'<span class="number">[^<]*</span>\s*', "", text)
    return [
        html.unescape(re.sub("<[^>]+>", "", c)).strip()
        for c in re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", text, re.S)
    ]


def one(built: Built, sql: str) -> tuple:
    with duckdb.connect(str(built.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()[0]


def check_gap_and_agencies(built: Built) -> None:
    """The widest gap's sentence names the partner with the widest gap as shown, and its
    difference is the difference of the two figures it shows; the actors named lead."""
    rows = []
    with duckdb.connect(str(built.warehouse), read_only=True) as con:
        for partner, important, agree in con.execute(
            "SELECT partner, pct_very_important, pct_agree FROM marts.cooperation_gaps"
        ).fetchall():
            rows.append((wording.difference(important, agree), partner, important, agree))
        agencies = con.execute(
            "SELECT actor, pct FROM marts.agencies_involved WHERE pct > 0 ORDER BY pct DESC"
        ).fetchall()
    found = [f for f in findings(built) if "samarbeid" in f.lower() and "%" in f or "Samarbeidet" in f]
    gap, partner, important, agree = max(rows)
    if gap > 0:
        sentence = next(f for f in found if "Størst er avstanden" in f)
        label = wording.lower_first(PROGRAMME.codes("partner").labels[partner])
        assert f"samarbeid med {label}: {percent(important)}" in sentence
        assert f"{percent(agree)} sier" in sentence and f"({gap}\u00a0prosentpoeng)" in sentence
    else:
        assert any(f.startswith("Samarbeidet er på plass") for f in found)
    caption = next(
        c for c in captions(built, "kapittel-2-organisering") if c.startswith(("Oftest", "Ingen etat"))
    )
    if agencies:
        top = PROGRAMME.codes("aktor").labels[agencies[0][0]]
        assert caption.startswith(
            f"Oftest med i driften er {wording.lower_first(top)} ({percent(agencies[0][1])})"
        )


def test_sentences_on_the_sample(sample_build: Built) -> None:
    check_gap_and_agencies(sample_build)
    sentences = findings(sample_build)
    # in the order of the evaluation's questions, each linking to its chapter
    assert [s.rsplit("Mer i kapittel ", 1)[1][0] for s in sentences] == list("1222334445")
    assert any(s.startswith("Omtrent halvparten av prosjektene oppgir") for s in sentences)  # 44, 49, 48 %
    assert sentences[0].startswith("Andelen barn i husholdninger med vedvarende lavinntekt varierer fra")
    open_share, targeted = re.findall(r"(\d+)\u00a0% av tiltakene|(\d+)\u00a0% er rettet", sentences[0])
    assert int(open_share[0]) + int(targeted[1]) == 100  # the two shares as shown add up
    assert "for mange er betydningen av NAV-reformen uklar" not in " ".join(sentences)
    budget = next(c for c in captions(sample_build, "kapittel-3-tiltakene") if "under 100\u00a0000" in c)
    with duckdb.connect(str(sample_build.warehouse), read_only=True) as con:
        shares = [
            r[0]
            for r in con.execute(
                "SELECT pct FROM marts.measure_budget_bands ORDER BY sort LIMIT 2"
            ).fetchall()
        ]
    assert budget.startswith(percent(sum(wording.shown(s) for s in shares)))
    # the summary: the grants over every year, then the chapters' own sentences
    first, last, total = one(
        sample_build,
        "SELECT min(aar), max(aar), sum(total_nok) FROM marts.grants_by_year WHERE ordning = 'ALLE'",
    )
    units = one(sample_build, "SELECT count(*), count(DISTINCT enhet_id) FROM marts.projects")
    text = summary(sample_build)
    assert text.startswith(
        f"Sammendrag Fra {first} til {last} fikk {units[0]} prosjekter i {units[1]} kommuner og bydeler "
        f"til sammen {fmt.number(total / 1e6, 1)} millioner kroner"
    )
    assert (first, last, units) == (2004, 2008, (86, 67))
    assert "Omtrent halvparten av prosjektene oppgir at de har nådd alle sine mål" in text


@pytest.fixture(scope="module")
def reversed_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Reality above the ideal for every partner, only the police running measures, a minority
    reaching all goals, and as many going on without the grant as with it."""
    root = tmp_path_factory.mktemp("reversed")
    data = fx.make_data_dir(root / "data")
    everyone = {
        **{f"viktig_{p}": 2 for p in PROGRAMME.codes("partner").labels},
        **{f"tilstede_{p}": 1 for p in PROGRAMME.codes("partner").labels},
        **{f"drift_{a}": 0 for a in PROGRAMME.codes("aktor").labels},
        "drift_politi": 1,
    }
    fx.write_sav(data / "survey" / "survey.sav", [{**row, **everyone} for row in fx.SURVEY_ROWS])
    reports = [row[:] for row in fx.REPORTS_2007]
    for row in reports[1:]:
        row[7] = "ja" if row[6] else ""  # videreforing_uten_tilskudd
    fx.write_csv(data / "reporting/2007/rapporter.csv", reports)
    return build_plain(data, root / "out")


def test_sentences_when_everything_is_reversed(reversed_build: Built) -> None:
    check_gap_and_agencies(reversed_build)
    sentences = findings(reversed_build)
    assert any(
        s.startswith("Et mindretall av prosjektene oppgir at de har nådd alle sine mål: 33\u00a0%")
        for s in sentences
    )
    assert any(s.startswith("Samarbeidet er på plass der prosjektene mener det er viktig") for s in sentences)
    assert not any("avstand" in s for s in sentences)
    chapter2 = captions(reversed_build, "kapittel-2-organisering")
    assert "Oftest med i driften er politi (100\u00a0%)." in chapter2
    assert any(c.startswith("For hver samarbeidspartner sier minst like mange") for c in chapter2)
    chapter5 = captions(reversed_build, "kapittel-5-videreforing")
    assert (
        "Et flertall vil videreføre alle eller de fleste tiltakene, og minst like mange vil gjøre det "
        "om tilskuddet opphører." in chapter5
    )


def test_the_quantifiers() -> None:
    words = [wording.quantifier(p) for p in (0, 4, 20, 44.6, 50, 60.4, 61, 74.4, 77, 94.4, 95, 99.6, 100)]
    assert words == [
        "ingen",
        "få",
        "et mindretall",
        "omtrent halvparten",
        "omtrent halvparten",
        "omtrent halvparten",
        "et flertall",
        "et flertall",
        "de fleste",
        "de fleste",
        "nesten alle",
        "alle",
        "alle",
    ]
    assert wording.listing(["a", "b", "c"]) == "a, b og c"
    assert wording.lower_first("Sosialtjenesten/NAV") == "sosialtjenesten/NAV"
    assert wording.lower_first("NAV-kontor") == "NAV-kontor"
    assert wording.difference(80.6, 53.4) == 28  # 81 % − 53 %, as the reader sees them
