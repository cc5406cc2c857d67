"""A small hand-made data directory under the bundled `barnefattigdom` definition: a unit in
every scheme of the lineage, an organisation, and one year (2022) of the inclusion scheme's
form, with exact, known contents."""

from __future__ import annotations

from pathlib import Path

from devtools import formats
from pipelines.contract.programme_files import bundled, init_programme
from tests import fixtures as fx

PROGRAMME = bundled("barnefattigdom")
ORGANISATION = "998877660"  # a valid organisasjonsnummer (modulus 11)

UNITS = [
    ["enhet_id", "navn", "innbyggere", "kommune"],
    ["1201", "Bergen", "247000", ""],
    ["030101", "Bydel Gamle Oslo", "42000", ""],
    [ORGANISATION, "Frivillig lag", "", "1201"],
]
GRANTS = [
    ["enhet_id", "ordning", "aar", "belop_nok", "soknad_nok"],
    ["1201", "BLD", "2016", "500000", ""],
    ["1201", "AVDIR", "2016", "250000", ""],
    ["1201", "NASJONAL", "2018", "300000", "300000"],
    ["1201", "INKLUDERING", "2022", "400000", "450000"],
    [ORGANISATION, "INKLUDERING", "2022", "200000", "200000"],
    ["030101", "INKLUDERING", "2022", "100000", ""],
]
REPORT_HEADER = formats.header("rapporter", programme=PROGRAMME, year=2022)
REPORT_HEADER_2009 = formats.header("rapporter", programme=PROGRAMME, year=2016)
MEASURE_HEADER_2009 = formats.header("tiltak", programme=PROGRAMME, year=2016)
REPORTS_2022 = [
    REPORT_HEADER,
    # enhet_id, ordning, aar, kriterier_mal, kriterier_nadd, arsaker_ikke_nadd, suksessfaktorer,
    # videreforing, videreforing_uten_tilskudd, brukermedvirkning
    ["1201", "INKLUDERING", "2022", "a|b", "a|b", "", "samarbeid", "alle", "ja", "ja"],
    [ORGANISATION, "INKLUDERING", "2022", "b|g", "b", "tid", "", "de_fleste", "usikker", "ja"],
    ["030101", "INKLUDERING", "2022", "c", "", "", "", "noen", "nei", "nei"],
]
MEASURE_HEADER = formats.header("tiltak", programme=PROGRAMME, year=2022)
# tiltak_navn, aktivitetstype, malgruppe, tilskudd_nok, brukt_nok, deltakere, deltakere_malgruppe,
# ages 0_5 6_12 13_15 16_19 20_24, jenter, gutter, status, forste_aar
MEASURES_2022 = [
    MEASURE_HEADER,
    ["1201", "INKLUDERING", "2022", "Ferieklubb", "fritid_ferie", "alle", "250000", "240000", "40", "30",
     "0", "20", "15", "5", "0", "22", "18", "ny", ""],
    ["1201", "INKLUDERING", "2022", "Ungdomslos", "los", "individ", "100000", "", "8", "8",
     "0", "0", "2", "4", "2", "3", "5", "videreført", "2019"],
    [ORGANISATION, "INKLUDERING", "2022", "Utstyrssentralen", "utstyr", "alle", "150000", "150000", "", "",
     "", "", "", "", "", "", "", "ny", ""],
    ["030101", "INKLUDERING", "2022", "Møteplass", "moteplass", "alle", "80000", "60000", "25", "10",
     "", "5", "10", "10", "", "12", "13", "ny", ""],
]  # fmt: skip
# The 2023 wave: the 2009 variable names, no NAV items; asked of the projects granted 2020–2022.
SURVEY_2023 = [
    {"enhet_id": "1201", "ordning": "INKLUDERING", "rolle": 1, "nasjonale_mal": 2, "videreforing": 1,
     "plan_forankret": 1, "viktig_skole": 1, "tilstede_skole": 3},
    {"enhet_id": "030101", "ordning": "INKLUDERING", "rolle": 2, "nasjonale_mal": 3, "videreforing": 3,
     "plan_forankret": 2, "viktig_skole": 1, "tilstede_skole": 1},
]  # fmt: skip


def make_lineage_dir(root: Path) -> Path:
    fx.write_csv(root / "units.csv", UNITS)
    fx.write_csv(root / "grants.csv", GRANTS)
    fx.write_csv(root / "reporting" / "2022" / "rapporter.csv", REPORTS_2022)
    fx.write_csv(root / "reporting" / "2022" / "tiltak.csv", MEASURES_2022)
    wave_2023 = [{k: v for k, v in {**fx.SURVEY_DEFAULTS, **row}.items()} for row in SURVEY_2023]
    formats.write_sav(root / "survey" / "sporreskjema_2023.sav", _frame(wave_2023))
    fx.write_csv(root / "interviews" / "informants.csv", fx.INFORMANTS)
    fx.write_csv(root / "interviews" / "segments.csv", fx.SEGMENTS)
    init_programme("barnefattigdom", root)
    return root


def _frame(rows: list[dict[str, object]]):  # type: ignore[no-untyped-def]
    import pandas as pd

    return pd.DataFrame(rows)
