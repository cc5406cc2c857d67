"""Nothing programme-specific is left in code (contract §7): no scheme code, category or activity
code, survey variable or codebook theme of a bundled definition appears in `pipelines/` outside
the definitions themselves.

Scheme codes and survey variables are looked for anywhere in a string or a comment (they are no
Norwegian words). Category codes and codebook themes are ordinary words that the code's own prose
uses too («samarbeid», «fritid»), so for them a string that is exactly the code is what counts:
the way a code is written into a dict, a list or SQL.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

from pipelines.contract import concepts
from pipelines.contract.programme_files import bundled, bundled_names
from pipelines.settings import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "pipelines"
# The error codes' example messages quote real errors on the 2009 fixtures (docs/errors.md), and
# a test keeps them equal to what the loader says: they are documentation, not vocabulary.
QUOTING_MESSAGES = PACKAGE / "contract" / "problems.py"
# The code's own vocabulary: the concepts a form feeds, the chapters, the files' names.
# The report's sections for the cooperation battery and the NAV items are named after the
# evaluation's concepts (anchors readers link to), like the chapters.
OWN = {
    *concepts.REPORT,
    *concepts.MEASURE,
    *concepts.CHAPTERS,
    "rapporter",
    "tiltak",
    "rolle",
    "samarbeid",
    "nav",
}


def _vocabulary() -> tuple[set[str], set[str]]:
    anywhere: set[str] = set()
    exact: set[str] = set()
    for name in bundled_names():
        programme = bundled(name)
        anywhere |= set(programme.scheme_codes)
        anywhere |= {i.variable for w in programme.waves for i in w.items if "_" in i.variable}
        for listed in ("kategori", "aktivitetstype"):
            if listed in programme.code_lists:
                exact |= set(programme.code_lists[listed].values)
        exact |= {t.code for t in programme.codebook}
        exact |= {i.variable for w in programme.waves for i in w.items if "_" not in i.variable}
    return anywhere - OWN, exact - OWN


def _strings_and_comments(path: Path) -> list[tuple[int, str, bool]]:
    """(line, text, is_string) of every string literal and comment of a module."""
    found = []
    fstring_middle = getattr(tokenize, "FSTRING_MIDDLE", None)
    for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
        if token.type == tokenize.STRING or token.type == fstring_middle:
            found.append((token.start[0], token.string, True))
        elif token.type == tokenize.COMMENT:
            found.append((token.start[0], token.string, False))
    return found


def test_vocabulary_is_not_trivial() -> None:
    anywhere, exact = _vocabulary()
    assert {"BLD", "AVDIR", "INKLUDERING", "viktig_skole", "nav_etablert", "nasjonale_mal"} <= anywhere
    assert {"materiell", "moteplass", "malsetting", "ildsjeler", "plan_forankret"} - exact == {
        "plan_forankret"
    }


def test_no_programme_code_in_pipelines() -> None:
    anywhere, exact = _vocabulary()
    word = re.compile(
        r"(?<![\w-])(" + "|".join(sorted(map(re.escape, anywhere), key=len, reverse=True)) + r")(?![\w-])"
    )
    whole = {f"'{c}'" for c in exact} | {f'"{c}"' for c in exact}
    hits = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == QUOTING_MESSAGES:
            continue
        for line, text, is_string in _strings_and_comments(path):
            where = f"{path.relative_to(PROJECT_ROOT)}:{line}"
            hits += [f"{where}: {m.group(1)}" for m in word.finditer(text)]
            if is_string and text.strip("rfbu") in whole:
                hits.append(f"{where}: {text}")
    assert hits == [], "programme codes written in code:\n" + "\n".join(hits)
