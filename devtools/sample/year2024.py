"""The second bundled example, data/sample-2024: the sample plus a reporting year 2024 written
as an evaluator receives it today.

- Reports and grants under the current municipality numbers: Tromsø 5501 (was 1902), Bergen
  4601 (1201), Trondheim 5001 (1601), Bærum 3201 (0219), Ålesund 1508 (1504, split in 2024) and
  Drammen 3301, a merger of 0602 Drammen and 0625 Nedre Eiker in which only Drammen has a BLD
  project, so the BLD report is resolved to it.
- One new unit in a modern county: 5601 Alta (Finnmark), a new BLD project from 2024.
- units.csv saved as Excel's «CSV (semikolondelt)» on Norwegian Windows (Windows-1252).
- reference/kommuneendringer.csv: the change history as KLASS exports it (UTF-8, ';': its Sámi
  names have letters ISO-8859-1 lacks).
- context/: table 08764 as the statbank's wide CSV (title line, ISO-8859-1, decimal comma,
  symbols) and table 12944 as JSON-stat 2.0; both with whole-country and county rows, and
  rows the pipeline skips (Oslo, not a grant unit; 3301, which continues two units).

The figures are synthetic, drawn from a fixed seed. Run: python -m devtools.sample.year2024
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from devtools import formats
from devtools.sample.generate import generate
from devtools.sample.units import UNITS
from pipelines.ingest.unit_history import BUNDLED

SEED = 2024
YEAR = 2024
# (number reported under, scheme): the 2024 reports
REPORTS = [
    ("5501", "BLD"),
    ("5501", "AVDIR"),
    ("4601", "BLD"),
    ("4601", "AVDIR"),
    ("5001", "BLD"),
    ("5001", "AVDIR"),
    ("3201", "BLD"),
    ("3201", "AVDIR"),
    ("1508", "BLD"),
    ("3301", "BLD"),
    ("5601", "BLD"),
]
NEW_UNIT = ("5601", "Alta", 21000)
MEASURES = [
    ("Sommerjobb for ungdom", "arbeid", "individ"),
    ("Fritidskort for alle barn", "fritid", "alle"),
    ("Utstyrssentral", "materiell", "alle"),
    ("Familieveiledning", "familie", "individ"),
    ("Leksehjelp på biblioteket", "kompetanse", "alle"),
]
# Region cells as the statbank writes them, with the figure's base level
REGIONS = [
    ("0 Hele landet", 12.4),
    ("55 Troms", 9.8),
    ("56 Finnmark", 11.0),
    ("46 Vestland", 10.6),
    ("50 Trøndelag", 10.9),
    ("32 Akershus", 9.2),
    ("33 Buskerud", 13.1),
    ("1902 Tromsø (-2019)", None),
    ("5501 Tromsø", 9.0),
    ("4601 Bergen", 11.4),
    ("5001 Trondheim", 10.8),
    ("3201 Bærum", 6.1),
    ("1508 Ålesund", 8.7),
    ("3301 Drammen", 16.2),
    ("5601 Alta", 10.2),
    ("0301 Oslo", 15.9),
]


def generate_2024(out: Path | str) -> Path:
    """Write data/sample-2024 to `out`: the sample, then the 2024 year and its reference files."""
    out = generate(out)
    rng = random.Random(SEED)
    _write_units(out / "units.csv")
    _add_grants(out / "grants.csv", rng)
    _write_year(out / "reporting" / str(YEAR), rng)
    reference = out / "reference" / "kommuneendringer.csv"
    reference.parent.mkdir(parents=True, exist_ok=True)
    reference.write_text(_semicolons(BUNDLED.read_text(encoding="utf-8")), encoding="utf-8")
    _write_08764(out / "context" / "08764_barn_lavinntekt.csv", rng)
    _write_12944(out / "context" / "12944_vedvarende_lavinntekt.json", rng)
    return out


def _semicolons(text: str) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _write_units(path: Path) -> None:
    """units.csv as Excel on Norwegian Windows saves it: ';', Windows-1252, CRLF."""
    rows: list[list[object]] = [
        list(formats.header("units")),
        *([u, n, p] for u, n, p, _, _ in UNITS),
        list(NEW_UNIT),
    ]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("cp1252"))


def _add_grants(path: Path, rng: random.Random) -> None:
    with path.open("a", encoding="utf-8", newline="") as handle:
        for unit, scheme in REPORTS:
            handle.write(f"{unit},{scheme},{YEAR},{rng.randrange(20, 60) * 10_000}\n")


def _write_year(folder: Path, rng: random.Random) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    reports, measures = [], []
    for unit, scheme in REPORTS:
        reached = rng.random() < 0.55
        reasons = "" if reached else rng.choice(["tid", "personale|ressurser", "brukerrespons"])
        factors = rng.choice(["samarbeid", "samarbeid|ildsjeler", "organisering"]) if reached else ""
        reports.append(
            [
                unit,
                scheme,
                YEAR,
                "alle" if reached else "ikke_alle",
                reasons,
                factors,
                rng.choice(["alle", "de_fleste", "noen"]),
                rng.choice(["ja", "nei", "usikker"]),
                rng.choice(["ja", "nei"]),
            ]
        )
        for name, category, target in rng.sample(MEASURES, 2):
            new = rng.random() < 0.4
            measures.append(
                [
                    unit,
                    scheme,
                    YEAR,
                    name,
                    category,
                    target,
                    rng.randrange(5, 40) * 10_000,
                    rng.randrange(5, 80),
                    "ny" if new else "videreført",
                    "" if new else rng.choice([2021, 2022, 2023]),
                ]
            )
    formats.write_csv(folder / "rapporter.csv", [formats.header("rapporter"), *reports], ",", False)
    formats.write_csv(folder / "tiltak.csv", [formats.header("tiltak"), *measures], ",", False)


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


# Children under 18 per region (made up, of a plausible size): the count of children in low-income
# households beside the share is the share of these.
CHILDREN = {
    "0": 1_120_000, "55": 35_000, "56": 16_000, "46": 140_000, "50": 100_000, "32": 160_000,
    "33": 57_000, "5501": 16_000, "4601": 58_000, "5001": 41_000, "3201": 30_000, "1508": 14_000,
    "3301": 22_000, "5601": 5_000, "0301": 125_000,
}  # fmt: skip


def _write_08764(path: Path, rng: random.Random) -> None:
    """The statbank's wide CSV download: title line, ISO-8859-1, ';', decimal comma, symbols."""
    years = (2022, 2023, 2024)
    lines = [
        '"08764: Barn under 18 år i husholdninger med lavinntekt (prosent), etter region, '
        'inntektsgrense, statistikkvariabel og år"',
        "",
        '"region";"inntektsgrense";"statistikkvariabel";' + ";".join(f'"{y}"' for y in years),
    ]
    for region, base in REGIONS:
        for limit, shift in (("EU-skala 60 prosent", 0.0), ("OECD-skala 50 prosent", -3.1)):
            shares: list[str] = []
            counts: list[str] = []
            for offset, _year in enumerate(years):
                if base is None:
                    shares.append('"."')  # the number ceased in 2020
                elif region.startswith("1508") and offset == 0:
                    shares.append('"."')  # Ålesund's number exists from 2024 on
                elif region.startswith("5601") and offset == 2 and shift:
                    shares.append('":"')  # confidential
                else:
                    share = base + shift + 0.3 * offset + rng.uniform(-0.3, 0.3)
                    shares.append(_number(share))
                    counts.append(str(round(CHILDREN[region.split()[0]] * round(share, 1) / 100)))
                    continue
                counts.append(shares[-1])
            lines.append(f'"{region}";"{limit}";"Andel barn under 18 år (prosent)";' + ";".join(shares))
            lines.append(
                f'"{region}";"{limit}";"Barn under 18 år i husholdninger med lavinntekt (antall)";'
                + ";".join(counts)
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("latin-1"))


def _write_12944(path: Path, rng: random.Random) -> None:
    """JSON-stat 2.0 as the statbank's API returns it: persistent low income by age."""
    regions = [(r.split(" ", 1)[0], r.split(" ", 1)[1]) for r, base in REGIONS if base is not None]
    ages = [("0-17", "0-17 år"), ("18-34", "18-34 år")]
    periods = ["2020-2022", "2021-2023"]
    values: list[float | None] = []
    status: dict[str, str] = {}
    bases = {code: base for (code, _), (_, base) in zip(regions, [x for x in REGIONS if x[1]], strict=True)}
    for code, _label in regions:
        for age, _age_label in ages:
            for offset, _period in enumerate(periods):
                index = len(values)
                if code == "5601" and offset == 0:
                    values.append(None)
                    status[str(index)] = ".."
                    continue
                base = (bases[code] or 10.0) - 1.5 + (1.8 if age == "18-34" else 0.0)
                values.append(round(base + 0.2 * offset + rng.uniform(-0.2, 0.2), 1))
    doc: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": "12944: Personer i husholdninger med vedvarende lavinntekt, etter region, alder, "
        "statistikkvariabel og treårsperiode",
        "source": "Statistisk sentralbyrå",
        "updated": "2025-05-13T06:00:00Z",
        "id": ["Region", "Alder", "ContentsCode", "Tid"],
        "size": [len(regions), len(ages), 1, len(periods)],
        "dimension": {
            "Region": _dimension("region", regions),
            "Alder": _dimension("alder", ages),
            "ContentsCode": _dimension(
                "statistikkvariabel", [("EU60", "Vedvarende lavinntekt, EU-skala 60 prosent (prosent)")]
            ),
            "Tid": _dimension("treårsperiode", [(p, p) for p in periods]),
        },
        "role": {"time": ["Tid"], "metric": ["ContentsCode"], "geo": ["Region"]},
        "value": values,
        "status": status,
        "extension": {"px": {"tableid": "12944", "decimals": 1}},
    }
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _dimension(label: str, categories: Sequence[tuple[str, str]]) -> dict[str, Any]:
    return {
        "label": label,
        "category": {
            "index": {code: i for i, (code, _) in enumerate(categories)},
            "label": dict(categories),
        },
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="data/sample-2024", help="folder to write")
    args = parser.parse_args(argv)
    print(f"wrote {generate_2024(args.out)}")


if __name__ == "__main__":
    main()
