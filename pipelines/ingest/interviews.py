"""interviews/: informants.csv and coded transcripts (segments.csv or a REFI-QDA .qdpx)."""

from __future__ import annotations

import zipfile
from collections.abc import Collection
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd

from pipelines.contract import codes, input_files
from pipelines.contract.problems import Problem
from pipelines.ingest.errors import ErrorLog
from pipelines.ingest.fields import TableRules
from pipelines.ingest.tables import check_archive

QDA_NS = "urn:QDA-XML:project:1.0"
_NS = {"q": QDA_NS}


def stage_informants(rules: TableRules) -> pd.DataFrame:
    """Informants without their names: `navn` is never read into the result."""
    frame = rules.stage(input_files.INFORMANTS)
    frame["tittel"] = frame["tittel"].where(frame["tittel"] != "", frame["rolle"].map(codes.INFORMANT_ROLES))
    return frame


def normalise_code(value: str, themes: Collection[str]) -> tuple[str, str] | None:
    """'Samarbeid/Frivillige' -> ('samarbeid', 'samarbeid/frivillige'); unknown -> None."""
    full = "/".join(part.strip().lower() for part in value.strip().split("/"))
    top = full.split("/")[0]
    if top in themes:
        return top, full
    return None


def code_rule(themes: Collection[str]) -> str:
    return "must be a codebook code (" + ", ".join(themes) + ") or parent/child"


def stage_segments_csv(rules: TableRules, themes: Collection[str]) -> pd.DataFrame:
    frame = rules.stage(input_files.SEGMENTS)
    parsed = frame["kode"].map(lambda value: normalise_code(value, themes))
    if rules.checked("kode"):
        rules.fail(parsed.isna(), "kode", Problem.BAD_INTERVIEW_CODE, code_rule(themes))
    frame["kode"] = parsed.map(lambda p: p[0] if p else None)
    frame.insert(2, "kode_full", parsed.map(lambda p: p[1] if p else None))
    frame["sitat"] = frame["sitat"] == "ja"
    return frame


def read_qdpx(path: Path, shown: str, errors: ErrorLog, themes: Collection[str]) -> pd.DataFrame | None:
    """Segments from a REFI-QDA project: one row per coded selection and top-level code."""
    if not check_archive(path, shown, errors):
        return None
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        errors.add(Problem.UNREADABLE_FILE, shown, rule=f"not a readable REFI-QDA .qdpx (zip) file ({exc})")
        return None
    with archive:
        try:
            root = ElementTree.fromstring(archive.read("project.qde"))
        except KeyError:
            errors.add(Problem.BAD_QDPX, shown, rule="the .qdpx holds no project.qde")
            return None
        except (ElementTree.ParseError, zipfile.BadZipFile, OSError) as exc:
            errors.add(Problem.BAD_QDPX, shown, "project.qde", rule=f"project.qde is not valid XML ({exc})")
            return None
        if root.tag != f"{{{QDA_NS}}}Project":
            errors.add(
                Problem.BAD_QDPX,
                shown,
                "project.qde",
                "",
                root.tag,
                f"the root must be Project in namespace {QDA_NS}",
            )
            return None
        code_names = _codebook(root)
        rows: list[dict[str, object]] = []
        for source in root.iterfind(".//q:Sources/q:TextSource", _NS):
            name = (source.get("name") or "").strip()
            where = f"TextSource '{name}'"
            text = _source_text(source, archive, shown, where, errors)
            if text is None:
                continue
            for selection in source.iterfind("q:PlainTextSelection", _NS):
                _selection_rows(selection, name, text, code_names, shown, where, errors, rows, themes)
    frame = pd.DataFrame(rows, columns=["intervju_id", "kode", "kode_full", "tekst", "sitat", "_loc"])
    return frame


def _codebook(root: ElementTree.Element) -> dict[str, str]:
    """Code guid -> full path name ('parent/child') over the nested codebook."""
    names: dict[str, str] = {}

    def walk(element: ElementTree.Element, prefix: str) -> None:
        for code in element.iterfind("q:Code", _NS):
            path = f"{prefix}/{code.get('name', '')}" if prefix else code.get("name", "")
            names[code.get("guid", "")] = path
            walk(code, path)

    for codes_el in root.iterfind("q:CodeBook/q:Codes", _NS):
        walk(codes_el, "")
    return names


def _source_text(
    source: ElementTree.Element, archive: zipfile.ZipFile, shown: str, where: str, errors: ErrorLog
) -> str | None:
    inline = source.find("q:PlainTextContent", _NS)
    if inline is not None and inline.text is not None:
        return inline.text
    target = source.get("plainTextPath", "")
    if not target.startswith("internal://"):
        errors.add(
            Problem.BAD_QDPX,
            shown,
            where,
            "plainTextPath",
            target,
            "needs inline PlainTextContent or plainTextPath internal://<file>",
        )
        return None
    member = "Sources/" + target.removeprefix("internal://")
    try:
        return archive.read(member).decode("utf-8-sig")
    except KeyError:
        errors.add(Problem.BAD_QDPX, shown, where, "plainTextPath", target, f"the zip holds no {member}")
    except UnicodeDecodeError:
        errors.add(Problem.NOT_UTF8, shown, where, "plainTextPath", target, "the source text is not UTF-8")
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        errors.add(
            Problem.UNREADABLE_FILE,
            shown,
            where,
            "plainTextPath",
            target,
            f"{member} is damaged in the zip ({exc})",
        )
    return None


def _selection_rows(
    selection: ElementTree.Element,
    interview: str,
    text: str,
    code_names: dict[str, str],
    shown: str,
    where: str,
    errors: ErrorLog,
    rows: list[dict[str, object]],
    themes: Collection[str],
) -> None:
    sel_where = f"{where}, PlainTextSelection '{selection.get('guid', '')}'"
    try:
        start = int(selection.get("startPosition", ""))
        end = int(selection.get("endPosition", ""))
    except ValueError:
        errors.add(
            Problem.BAD_POSITION,
            shown,
            sel_where,
            "startPosition/endPosition",
            f"{selection.get('startPosition')}-{selection.get('endPosition')}",
            "positions must be whole numbers",
        )
        return
    if not 0 <= start < end <= len(text):
        errors.add(
            Problem.BAD_POSITION,
            shown,
            sel_where,
            "startPosition/endPosition",
            f"{start}-{end}",
            f"positions must satisfy 0 ≤ start < end ≤ {len(text)} (the text's length)",
        )
        return
    segment_codes: list[tuple[str, str]] = []
    quotable = False
    for ref in selection.iterfind("q:Coding/q:CodeRef", _NS):
        target = ref.get("targetGUID", "")
        name = code_names.get(target)
        if name is None:
            errors.add(
                Problem.DANGLING_CODE_REF,
                shown,
                sel_where,
                "CodeRef",
                target,
                "targets no Code in the codebook",
            )
            continue
        if name.strip().lower() == codes.QUOTE_CODE:
            quotable = True
            continue
        parsed = normalise_code(name, themes)
        if parsed is None:
            errors.add(Problem.BAD_INTERVIEW_CODE, shown, sel_where, "Code", name, code_rule(themes))
            continue
        segment_codes.append(parsed)
    passage = text[start:end].strip()
    for top, full in dict.fromkeys(segment_codes):
        rows.append(
            {
                "intervju_id": interview,
                "kode": top,
                "kode_full": full,
                "tekst": passage,
                "sitat": quotable,
                "_loc": sel_where,
            }
        )
