"""The 67 grant units of the sample: real 2006–2008 municipality numbers and Oslo districts.

Populations are rounded approximations for 2007. Scheme assignments are constructed so that the
sample reproduces the published marginals (29 BLD + 57 AVDIR projects in 67 units, 19 units with
both; the funding overlap of the evaluation's table 23); which unit got what is illustrative.
"""

from __future__ import annotations

# enhet_id, navn, innbyggere, evaluated schemes ("B" BLD, "A" AVDIR, "BA" both), other schemes
UNITS: list[tuple[str, str, int, str, tuple[str, ...]]] = [
    # Øst/Oslo: 22 units, 29 projects
    ("030101", "Bydel Gamle Oslo", 42000, "BA", ("BUT",)),
    ("030102", "Bydel Grünerløkka", 44000, "A", ("BUT", "UNGE_UTENFOR")),
    ("030103", "Bydel Sagene", 32000, "A", ("BUT",)),
    ("030109", "Bydel Bjerke", 25000, "A", ("BUT",)),
    ("030110", "Bydel Grorud", 26000, "A", ("BUT",)),
    ("030111", "Bydel Stovner", 29000, "B", ("BUT", "UNGE_UTENFOR")),
    ("030112", "Bydel Alna", 44000, "A", ("BUT",)),
    ("030115", "Bydel Søndre Nordstrand", 35000, "A", ("BUT",)),
    ("0101", "Halden", 28000, "BA", ()),
    ("0104", "Moss", 30000, "A", ("BUT", "UNGE_UTENFOR")),
    ("0105", "Sarpsborg", 51000, "BA", ()),
    ("0106", "Fredrikstad", 71000, "BA", ()),
    ("0213", "Ski", 28000, "A", ("UNGE_UTENFOR",)),
    ("0219", "Bærum", 108000, "BA", ()),
    ("0220", "Asker", 54000, "A", ()),
    ("0231", "Skedsmo", 47000, "A", ("UNGE_UTENFOR",)),
    ("0235", "Ullensaker", 28000, "A", ()),
    ("0402", "Kongsvinger", 17000, "A", ()),
    ("0403", "Hamar", 28000, "BA", ("UTSATTE_UNGE",)),
    ("0412", "Ringsaker", 32000, "A", ()),
    ("0501", "Lillehammer", 26000, "B", ()),
    ("0502", "Gjøvik", 28000, "BA", ()),
    # Sør: 16 units, 18 projects
    ("0602", "Drammen", 59000, "BA", ()),
    ("0604", "Kongsberg", 24000, "A", ()),
    ("0605", "Ringerike", 28000, "A", ()),
    ("0625", "Nedre Eiker", 22000, "A", ()),
    ("0701", "Horten", 25000, "A", ()),
    ("0704", "Tønsberg", 38000, "A", ("BUT",)),
    ("0706", "Sandefjord", 43000, "A", ("BUT",)),
    ("0709", "Larvik", 42000, "B", ("BUT",)),
    ("0805", "Porsgrunn", 34000, "A", ("BUT", "UNGE_UTENFOR")),
    ("0806", "Skien", 51000, "B", ("BUT", "UNGE_UTENFOR")),
    ("0807", "Notodden", 12000, "A", ()),
    ("0901", "Risør", 7000, "A", ()),
    ("0904", "Grimstad", 20000, "A", ()),
    ("0906", "Arendal", 40000, "B", ()),
    ("1001", "Kristiansand", 78000, "BA", ()),
    ("1002", "Mandal", 14000, "A", ()),
    # Vest: 7 units, 9 projects
    ("1102", "Sandnes", 63000, "A", ("BUT",)),
    ("1103", "Stavanger", 119000, "BA", ()),
    ("1106", "Haugesund", 33000, "B", ("BUT",)),
    ("1201", "Bergen", 247000, "BA", ("BUT",)),
    ("1247", "Askøy", 24000, "A", ("UTSATTE_UNGE",)),
    ("1401", "Flora", 11500, "A", ("UTSATTE_UNGE",)),
    ("1432", "Førde", 12000, "A", ("UTSATTE_UNGE",)),
    # Midt: 7 units, 9 projects
    ("1502", "Molde", 24500, "B", ("UTSATTE_UNGE",)),
    ("1504", "Ålesund", 41000, "BA", ()),
    ("1505", "Kristiansund", 17000, "A", ("UTSATTE_UNGE",)),
    ("1601", "Trondheim", 163000, "BA", ("BUT",)),
    ("1624", "Rissa", 6400, "A", ("UTSATTE_UNGE",)),
    ("1702", "Steinkjer", 21000, "A", ("UTSATTE_UNGE",)),
    ("1703", "Namsos", 12500, "A", ("UTSATTE_UNGE",)),
    # Nord: 15 units, 21 projects
    ("1804", "Bodø", 45000, "BA", ("NORDLAND",)),
    ("1805", "Narvik", 18000, "BA", ()),
    ("1820", "Alstahaug", 7300, "A", ("NORDLAND",)),
    ("1824", "Vefsn", 13400, "B", ("NORDLAND",)),
    ("1833", "Rana", 25000, "BA", ()),
    ("1860", "Vestvågøy", 10800, "A", ("NORDLAND",)),
    ("1870", "Sortland", 9800, "B", ()),
    ("1902", "Tromsø", 65000, "BA", ()),
    ("1903", "Harstad", 23000, "BA", ()),
    ("1931", "Lenvik", 11200, "A", ()),
    ("1933", "Balsfjord", 5600, "A", ()),
    ("2002", "Vardø", 2300, "A", ()),
    ("2003", "Vadsø", 6100, "B", ()),
    ("2004", "Hammerfest", 9300, "BA", ()),
    ("2030", "Sør-Varanger", 9500, "A", ()),
]

# The 11 case units of the interviews: ten municipalities and one Oslo district,
# with the number of interviews held in each (30 in all).
CASE_UNITS: list[tuple[str, int]] = [
    ("030101", 4),
    ("1201", 3),
    ("1601", 3),
    ("1804", 3),
    ("1902", 3),
    ("0602", 3),
    ("0806", 3),
    ("1502", 2),
    ("2004", 2),
    ("0412", 2),
    ("1401", 2),
]
