"""The stable codes of input errors (data contract, section 3).

Every input error carries one of these codes beside its message, in the manner of
frictionless's error types: tests and tools match on the code, so a message can be reworded
without breaking them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Problem(StrEnum):
    # the data directory and its layout
    NO_DATA_DIR = "no_data_dir"
    MISSING_FILE = "missing_file"
    NO_YEAR_FOLDERS = "no_year_folders"
    NO_SUCH_YEAR = "no_such_year"
    UNEXPECTED_FILE = "unexpected_file"
    UNEXPECTED_FOLDER = "unexpected_folder"
    EMPTY_YEAR_FOLDER = "empty_year_folder"
    INCOMPLETE_LAYOUT = "incomplete_layout"
    FILE_COUNT = "file_count"  # exactly one survey file, exactly one segments source
    # reading a file
    UNREADABLE_FILE = "unreadable_file"
    NOT_UTF8 = "not_utf8"
    EMPTY_FILE = "empty_file"
    MALFORMED_CSV = "malformed_csv"
    DUPLICATE_HEADER = "duplicate_header"
    EXTRA_CELLS = "extra_cells"
    MISSING_SHEET = "missing_sheet"
    SHEET_COUNT = "sheet_count"
    MISSING_COLUMN = "missing_column"
    FORMULA_WITHOUT_VALUE = "formula_without_value"  # an XLSX formula no program has computed
    ARCHIVE_TOO_LARGE = "archive_too_large"  # an XLSX or .qdpx member inflates past the cap
    # values
    BLANK = "blank"
    BAD_UNIT_ID = "bad_unit_id"
    BAD_CODE = "bad_code"
    BAD_CODE_LIST = "bad_code_list"
    BAD_WHOLE_NUMBER = "bad_whole_number"
    NUMBER_TOO_LARGE = "number_too_large"
    BELOW_MINIMUM = "below_minimum"
    BAD_YEAR = "bad_year"
    BAD_SHARE = "bad_share"
    BAD_COUNTY = "bad_county"
    BAD_DATE = "bad_date"
    BAD_CONTEXT_FILE = "bad_context_file"  # a file in context/ that is no statbank export
    JSON_TOO_DEEP = "json_too_deep"  # a JSON-stat file nested past the reader's bound
    TOO_MANY_CELLS = "too_many_cells"  # a JSON-stat cube larger than the reader's cap
    BAD_JSON_STAT_INDEX = "bad_json_stat_index"  # an index or size that does not fit the cube
    DUPLICATE_KEY = "duplicate_key"
    CONTROL_CHARACTER = "control_character"  # a control character or bidirectional override in text
    # references between files
    UNKNOWN_UNIT = "unknown_unit"
    AMBIGUOUS_UNIT = "ambiguous_unit"  # a changed unit id continues more than one unit or project
    NO_REGION = "no_region"
    NOT_A_PROJECT = "not_a_project"
    NO_REPORT = "no_report"
    WRONG_YEAR = "wrong_year"
    FIRST_YEAR_AFTER_REPORT = "first_year_after_report"
    FIRST_YEAR_WHEN_NEW = "first_year_when_new"
    UNKNOWN_INTERVIEW = "unknown_interview"
    # the survey
    MISSING_VARIABLE = "missing_variable"
    BAD_SURVEY_CODE = "bad_survey_code"
    OFF_ROUTE = "off_route"
    # coded interviews (REFI-QDA)
    BAD_INTERVIEW_CODE = "bad_interview_code"
    BAD_QDPX = "bad_qdpx"
    BAD_POSITION = "bad_position"
    DANGLING_CODE_REF = "dangling_code_ref"
    # the programme definition (programme/, contract §7)
    UNKNOWN_KEY = "unknown_key"  # a key (a column or a program.csv key) the format does not have
    MISSING_KEY = "missing_key"
    UNKNOWN_LIST = "unknown_list"
    UNKNOWN_SCHEME = "unknown_scheme"
    UNKNOWN_CONCEPT = "unknown_concept"
    BAD_CROSSWALK = "bad_crosswalk"
    BAD_RULE = "bad_rule"
    OVERLAPPING_FORMS = "overlapping_forms"
    # the programme's rules on the data (contract §1, §8)
    SCHEME_NOT_RUNNING = "scheme_not_running"  # a grant or report in a year outside its scheme's years
    RECIPIENT_NOT_ADMITTED = "recipient_not_admitted"  # a kind of unit its scheme does not admit
    BAD_ORGANISATION_NUMBER = "bad_organisation_number"  # nine digits whose check digit fails
    NO_FORM = "no_form"  # a reporting year no form of the programme covers
    NO_WAVE = "no_wave"  # a survey file whose wave the programme does not provide for
    PART_ABOVE_WHOLE = "part_above_whole"  # a breakdown summing past its total
    PART_WITHOUT_WHOLE = "part_without_whole"  # a breakdown given while its total is blank
    NOT_ZERO = "not_zero"  # a count above zero where the form's rule says zero or blank
    NOT_A_SUBSET = "not_a_subset"  # a code not in the column it must be part of


# -- what each code means (docs/errors.md is generated from this) ------------------------------
# Kept apart from the enum so a new code is one line above and one entry here; a test fails for a
# code without an entry.


@dataclass(frozen=True)
class Description:
    meaning: str  # what the error means to an evaluator and what to do about it
    example: str  # one message as `grant-eval check` prints it ("" while no code raises it)


# The enum's groups, in its order, each code with its description.
GROUPS: dict[str, dict[Problem, Description]] = {
    "The data directory and its layout": {
        Problem.NO_DATA_DIR: Description(
            "The folder given with `--data-dir` (or the default `data/sample`) does not exist. "
            "Check the path; nothing else is checked until it is right.",
            "data/evaluering: the data directory does not exist",
        ),
        Problem.MISSING_FILE: Description(
            "A file the contract requires (or the programme definition needs) is not there. "
            "Add it under the name shown, spelt exactly so.",
            "grants.csv: required file is missing",
        ),
        Problem.NO_YEAR_FOLDERS: Description(
            "`reporting/` holds no folder named with a four-digit year, so there are no annual "
            "reports to evaluate. Put each year's reports in `reporting/<year>/`.",
            "reporting: no year folders (reporting/<year>/) were found",
        ),
        Problem.NO_SUCH_YEAR: Description(
            "A year asked for with `--year` has no folder under `reporting/`. Ask for a year "
            "that is there, or add its folder.",
            "reporting/2012: value '2012': no such year folder under reporting/",
        ),
        Problem.UNEXPECTED_FILE: Description(
            "A year folder holds a file that is not one of the reporting files, so grant-eval cannot "
            "be sure which file is meant. Move notes and copies out of the year folder.",
            "reporting/2007/notater.txt: unexpected file: a year folder holds rapporter.csv and "
            "tiltak.csv, or rapporter.xlsx and tiltak.xlsx, or one .xlsx workbook with sheets "
            "'rapporter' and 'tiltak', and nothing else",
        ),
        Problem.UNEXPECTED_FOLDER: Description(
            "A year folder holds a folder; nothing inside it would be read. Move it out of "
            "`reporting/<year>/` (an old version kept there belongs elsewhere).",
            "reporting/2007/gammelt: unexpected folder: a year folder holds rapporter.csv and "
            "tiltak.csv, or rapporter.xlsx and tiltak.xlsx, or one .xlsx workbook with sheets "
            "'rapporter' and 'tiltak', and nothing else",
        ),
        Problem.EMPTY_YEAR_FOLDER: Description(
            "A year folder is empty, so that year has no reports. Add the year's files, or remove "
            "the folder if the year is not to be evaluated.",
            "reporting/2008: the year folder is empty: a year folder holds rapporter.csv and "
            "tiltak.csv, or rapporter.xlsx and tiltak.xlsx, or one .xlsx workbook with sheets "
            "'rapporter' and 'tiltak', and nothing else",
        ),
        Problem.INCOMPLETE_LAYOUT: Description(
            "A year folder holds only part of a layout, for example the reports without the "
            "measures. Add the missing file (the value lists what is there).",
            "reporting/2007: value 'rapporter.csv': incomplete layout: a year folder holds "
            "rapporter.csv and tiltak.csv, or rapporter.xlsx and tiltak.xlsx, or one .xlsx workbook "
            "with sheets 'rapporter' and 'tiltak', and nothing else",
        ),
        Problem.FILE_COUNT: Description(
            "A folder holds more (or fewer) files of a kind than it may: one survey file per wave "
            "in `survey/`, and one source of coded segments in `interviews/`. Keep only the one "
            "meant (the value lists those found).",
            "survey: value 'copy.sav, survey.sav': the survey folder must hold exactly one .sav file "
            "(2 found)",
        ),
    },
    "Reading a file": {
        Problem.UNREADABLE_FILE: Description(
            "The file cannot be read as what its name says (a damaged or cut-off .sav, .xlsx or "
            ".qdpx, or another format renamed). Export it again from the program that made it.",
            "survey/survey.sav: not a readable SPSS .sav file (Unable to read from file)",
        ),
        Problem.NOT_UTF8: Description(
            "A CSV file is neither UTF-8 nor Windows-1252 text. Save it again as UTF-8, or as "
            "«CSV (semikolondelt)» from Excel.",
            "units.csv: not readable text: neither UTF-8 (byte 35: 0x81) nor Windows-1252 (byte 35: "
            "0x81); save it as UTF-8 or «CSV (semikolondelt)» from Excel",
        ),
        Problem.EMPTY_FILE: Description(
            "The file has no header row (it is empty or only blank lines). Write the header, and "
            "the rows if there are any.",
            "grants.csv: the file is empty: a header row is required",
        ),
        Problem.MALFORMED_CSV: Description(
            "A CSV file cannot be split into cells, usually because a quote is never closed. Fix "
            "the quoting on the line shown (or save the file again from a spreadsheet).",
            'units.csv: line 3: a quoted cell is never closed: a " without its pair',
        ),
        Problem.DUPLICATE_HEADER: Description(
            "The header names a column twice, so grant-eval cannot tell which is meant. Rename or "
            "remove one of them.",
            "units.csv: line 1: column navn: value 'navn': the header names this column twice",
        ),
        Problem.EXTRA_CELLS: Description(
            "A row has more cells than the header, often a comma inside a cell that is not in "
            "quotes. Quote that cell, or remove the extra cells.",
            "units.csv: line 6: value 'extra': the row has more cells than the header (3) (a comma "
            "inside a cell needs quotes)",
        ),
        Problem.MISSING_SHEET: Description(
            "A workbook that holds a year's reporting lacks one of the sheets 'rapporter' and "
            "'tiltak'. Add the sheet, or rename the one that holds it.",
            "reporting/2007/rapportering.xlsx: the workbook has no sheet named 'tiltak'",
        ),
        Problem.SHEET_COUNT: Description(
            "rapporter.xlsx or tiltak.xlsx holds data on more than one sheet (or on none), so "
            "grant-eval cannot tell which sheet is the table. Keep the table on one sheet and "
            "empty or delete the others.",
            "reporting/2007/tiltak.xlsx: the workbook must hold exactly one sheet with data",
        ),
        Problem.MISSING_COLUMN: Description(
            "A column the contract (or the programme's form for that year) requires is not in "
            "the header. Add it; its cells may be blank where the column allows that.",
            "units.csv: line 1: column innbyggere: required column is missing from the header",
        ),
        Problem.FORMULA_WITHOUT_VALUE: Description(
            "An XLSX cell holds a formula whose value no program has computed and saved (the file "
            "was written by a program, not Excel). Open the file in Excel and save it again.",
            "reporting/2007/rapportering.xlsx: sheet 'tiltak', row 3: column budsjett_nok: value "
            "'=40+2': a formula saved without its value: open the file in Excel and save it again",
        ),
        Problem.ARCHIVE_TOO_LARGE: Description(
            "An XLSX or .qdpx file (both are zip archives) would unpack to more than grant-eval "
            "reads: a damaged or hostile file. Export it again; do not run files of unknown origin.",
            "interviews/t.qdpx: project.qde: the archive inflates to more than grant-eval reads "
            "(256 MiB a member, 512 MiB in all): a damaged or hostile file",
        ),
    },
    "Values": {
        Problem.BLANK: Description(
            "A cell that must be filled in is blank. Fill it in.",
            "units.csv: line 3: column navn: must not be blank",
        ),
        Problem.BAD_UNIT_ID: Description(
            "A unit id is not a unit number: 4 digits for a municipality, 6 for a city district "
            "(9 for an organisation, where the contract admits them). Correct the number; a "
            "leading zero a spreadsheet dropped is restored, so that is not the cause.",
            "units.csv: line 2: column enhet_id: value '12': must be a unit id: 4 digits (kommune), "
            "6 digits (bydel) or 9 digits (organisasjon); 3 or 5 digits are read as having lost a "
            "leading zero",
        ),
        Problem.BAD_CODE: Description(
            "A value is not one of the codes its column allows (a scheme, an answer, a category). "
            "Use one of the codes the message lists; the programme definition says what they mean.",
            "grants.csv: line 3: column ordning: value 'KOMMUNE': must be one of BLD, AVDIR, BUT, "
            "UNGE_UTENFOR, UTSATTE_UNGE, NORDLAND",
        ),
        Problem.BAD_CODE_LIST: Description(
            "A cell that holds several codes separated by '|' has one that is not allowed. Correct "
            "or remove that code.",
            "reporting/2007/rapporter.csv: line 3: column arsaker_ikke_nadd: value 'tid|penger': "
            "must be a list of codes separated by '|', each one of personale, tid, brukerrespons, "
            "ressurser, organisering, annet",
        ),
        Problem.BAD_WHOLE_NUMBER: Description(
            "A count or an amount is not a whole number (text, decimals, or a dot or comma as the "
            "thousands separator). Write the plain number, such as 150000 or 150 000.",
            "units.csv: line 2: column innbyggere: value 'mange': must be a whole number such as "
            "150000, 150 000 or 150000.0",
        ),
        Problem.NUMBER_TOO_LARGE: Description(
            "A number has more digits than any real count or amount (at most 15). Correct it; it "
            "is usually two cells run together.",
            "units.csv: line 2: column innbyggere: value '12345678901234567890': is too large: at "
            "most 15 digits",
        ),
        Problem.BELOW_MINIMUM: Description(
            "A number is below the least its column allows (a negative count, a grant of 0 NOK). "
            "Correct it, or leave the cell blank where blank is allowed.",
            "units.csv: line 2: column innbyggere: value '-5': must be a whole number ≥ 0",
        ),
        Problem.BAD_YEAR: Description(
            "A year is not written with four digits. Write it in full, such as 2007.",
            "grants.csv: line 2: column aar: value '07': must be a four-digit year",
        ),
        Problem.BAD_SHARE: Description(
            "A share or a statistics figure is not a number in its range (a share from 0 to 100 "
            "per cent, a count whole). Correct the figure, or download the table again.",
            "context/lavinntekt.csv: line 2: column andel_barn_lavinntekt: value '120': must be a "
            "number from 0 to 100 (per cent)",
        ),
        Problem.BAD_COUNTY: Description(
            "A county number in regions.csv is not one or two digits. Write the county's number, "
            "not its name.",
            "regions.csv: line 2: column fylke: value 'Vestland': must be a county number of one or "
            "two digits",
        ),
        Problem.BAD_DATE: Description(
            "A date is not written as YYYY-MM-DD. Write it so, such as 2020-01-01.",
            "reference/kommuneendringer.csv: line 2: column changeoccurred: value '1.1.2020': must be "
            "a date, YYYY-MM-DD",
        ),
        Problem.BAD_CONTEXT_FILE: Description(
            "A file in `context/` is not a Statistics Norway statbank export grant-eval reads "
            "(table 08764 or 12944, as CSV or JSON-stat 2.0) nor lavinntekt.csv. Download the table "
            "again from the statbank, or move the file out of `context/`.",
            "context/ukjent.csv: names neither table 08764 nor 12944 (in a title line, a header or "
            "the file name)",
        ),
        Problem.JSON_TOO_DEEP: Description(
            "A JSON file in `context/` nests arrays and objects deeper than any statbank dataset "
            "does, so it is not one (or it is damaged). Download the table again as JSON-stat 2.0.",
            "context/12944_dyp.json: nests arrays and objects more than 32 levels deep (a statbank "
            "dataset has five)",
        ),
        Problem.TOO_MANY_CELLS: Description(
            "A JSON-stat file's dimensions make more cells than a statbank table holds here, so it "
            "is checked before anything is read into memory. Download only the regions, years and "
            "measures the evaluation needs.",
            "context/08764.json: value '3 × 1 × 1 × 2 × 300 × 300 × 200': its dimensions make "
            "108,000,000 cells, more than the 2,000,000 a statbank table may hold here",
        ),
        Problem.BAD_JSON_STAT_INDEX: Description(
            "A JSON-stat file's index, size or category numbering does not fit its own dimensions "
            "(a cell number past the end, a negative one, a size that disagrees). The file is "
            "damaged or edited by hand: download it again.",
            "context/08764.json: value: value '6': an index of «value» must be a cell number from 0 to 5",
        ),
        Problem.DUPLICATE_KEY: Description(
            "Something that must be unique appears twice: a unit, a grant for the same unit, scheme "
            "and year, a second report, a survey respondent, a code. Remove the repeat, or merge "
            "the two rows.",
            "units.csv: line 6: column enhet_id: value '1201': enhet_id must be unique in units.csv",
        ),
    },
    "References between files": {
        Problem.CONTROL_CHARACTER: Description(
            "A text cell holds a control character or a bidirectional override, which no name or "
            "free text needs and which can hide or reorder what a reader sees. Retype the cell, or "
            "save the file again from the spreadsheet.",
            "units.csv: line 2: column navn: value 'Ber<U+202E>gen': holds the control character "
            "U+202E at position 4; text may not hold control characters or bidirectional overrides",
        ),
        Problem.UNKNOWN_UNIT: Description(
            "A unit id is not in units.csv, directly or through the municipal change history. "
            "Add the unit to units.csv, or correct the id.",
            "grants.csv: line 2: column enhet_id: value '0602': Drammen (0602, until 2019) became "
            "3301 Drammen (via 3005, 2020); none of these is in units.csv: add the unit to units.csv "
            "or correct the id",
        ),
        Problem.AMBIGUOUS_UNIT: Description(
            "A unit id that came of a merger continues more than one unit or project in units.csv, "
            "so its reports cannot be given to one. Name the new unit in units.csv, or report under "
            "its old number.",
            "reporting/2024/rapporter.csv: line 2: column enhet_id: value '3301': Drammen (3301, "
            "from 2024) continues 0602 Drammen, 0625 Nedre Eiker, 0711 Svelvik (via 3005, 2020); 0602 "
            "and 0625 both have a BLD project: name the unit in units.csv or report under its old "
            "number",
        ),
        Problem.NO_REGION: Description(
            "A unit's county (the first two digits of its id) has no region in regions.csv (or the "
            "bundled list). Add the county to regions.csv, or correct the unit id.",
            "units.csv: line 5: column enhet_id: value '2111': the unit's county (first two digits) "
            "has no region",
        ),
        Problem.NOT_A_PROJECT: Description(
            "A report or a survey answer names a unit and scheme that grants.csv gives no grant, "
            "so it is no project of the evaluation. Correct the unit or scheme, or add the grant.",
            "reporting/2007/rapporter.csv: line 4: column enhet_id+ordning: value '1902 / AVDIR': is "
            "not a project: grants.csv has no grant for this unit and scheme",
        ),
        Problem.NO_REPORT: Description(
            "A measure belongs to a project that has no report for that year. Add the project's "
            "report to rapporter, or correct the measure's unit or scheme.",
            "reporting/2007/tiltak.csv: line 5: column enhet_id+ordning: value '1902 / BLD': the "
            "project has no report (rapporter) for 2007",
        ),
        Problem.WRONG_YEAR: Description(
            "A row's year differs from the year folder it is in. Move the row to its year's folder, "
            "or correct the year.",
            "reporting/2007/rapporter.csv: line 2: column aar: value '2008': must equal the folder's "
            "year 2007",
        ),
        Problem.FIRST_YEAR_AFTER_REPORT: Description(
            "A measure's first supported year is after the year it is reported in. Correct the first year.",
            "reporting/2007/tiltak.csv: line 3: column forste_aar: value '2009': the year first "
            "supported cannot be after the report year 2007",
        ),
        Problem.FIRST_YEAR_WHEN_NEW: Description(
            "A measure marked as new (status 'ny') also has a first year. Leave the first year "
            "blank, or change the status if the measure continues from an earlier year.",
            "reporting/2007/tiltak.csv: line 2: column forste_aar: value '2006': must be blank when "
            "status is 'ny'",
        ),
        Problem.UNKNOWN_INTERVIEW: Description(
            "A coded segment names an interview that informants.csv does not list. Add the "
            "interview to informants.csv, or correct its id (in the .qdpx: the source's name).",
            "interviews/segments.csv: line 2: column intervju_id: value 'INT9': is not an "
            "intervju_id in interviews/informants.csv",
        ),
    },
    "The survey": {
        Problem.MISSING_VARIABLE: Description(
            "The survey file lacks a variable the programme's questionnaire for its wave maps. "
            "Export the file with every variable, or correct the mapping in the programme's "
            "sporreskjema.csv.",
            "survey/survey.sav: column videreforing: required variable is missing from the file",
        ),
        Problem.BAD_SURVEY_CODE: Description(
            "A survey answer is not one of its question's codes (nor missing). Correct the answer, "
            "or declare the value as missing in the .sav file.",
            "survey/survey.sav: case 1: column nasjonale_mal: value '7': must be one of the codes 1 i "
            "stor grad, 2 i noen grad, 3 i liten grad, 4 ikke sikker, or missing",
        ),
        Problem.OFF_ROUTE: Description(
            "A question is answered although the questionnaire's routing did not ask it of this "
            "respondent. Check the routing answer it depends on, or set the answer to missing.",
            "survey/survey.sav: case 2: column nav_samordning: value '1': answered although "
            "nav_etablert is not 1 (asked only where nav_established=ja)",
        ),
    },
    "Coded interviews (REFI-QDA)": {
        Problem.BAD_INTERVIEW_CODE: Description(
            "A segment is coded with a code not in the programme's codebook. Use a codebook code "
            "(or parent/child under one), or add the code to kodebok.csv.",
            "interviews/segments.csv: line 3: column kode: value 'okonomi': must be a codebook code "
            "(forstaelse, malgrupper, organisering, samarbeid, nav, tiltak, malsetting, videreforing, "
            "finansiering, ildsjeler, brukermedvirkning) or parent/child",
        ),
        Problem.BAD_QDPX: Description(
            "A .qdpx project is not a REFI-QDA project grant-eval can read (no project.qde, invalid "
            "XML, a text source missing from the archive). Export the project again from the "
            "analysis program.",
            "interviews/x.qdpx: the .qdpx holds no project.qde",
        ),
        Problem.BAD_POSITION: Description(
            "A coded selection's start and end fall outside its interview's text. Export the "
            "project again; if it persists, recode the selection.",
            "interviews/t.qdpx: TextSource 'INT1', PlainTextSelection 's0-0': column "
            "startPosition/endPosition: value '3-99': positions must satisfy 0 ≤ start < end ≤ 11 "
            "(the text's length)",
        ),
        Problem.DANGLING_CODE_REF: Description(
            "A coded selection refers to a code the project's codebook does not hold. Export the "
            "project again, or recode the selection.",
            "interviews/t.qdpx: TextSource 'INT1', PlainTextSelection 's0-0': column CodeRef: value "
            "'k9': targets no Code in the codebook",
        ),
    },
    "The programme definition (programme/, contract §7)": {
        Problem.UNKNOWN_KEY: Description(
            "A column of a programme file, or a key of program.csv, is not one the format has "
            "(often a misspelling). Correct it to one of the keys listed (docs/programme.md).",
            "programme/program.csv: line 7: column nokkel: value 'alle_kortnavnet': must be one of "
            "navn, alle_navn, alle_kortnavn, alle_evaluerte_kategori, alle_evaluerte_etikett, "
            "innledning",
        ),
        Problem.MISSING_KEY: Description(
            "program.csv lacks a key every programme must give. Add a row for it.",
            "programme/program.csv: column nokkel: value 'alle_kortnavn': required key is missing",
        ),
        Problem.UNKNOWN_LIST: Description(
            "A programme file names a code list (or a code of one) that kodelister.csv does not "
            "hold. Add the list to kodelister.csv, or correct the name.",
            "programme/skjema.csv: line 5: column liste: value 'maal': no code list of that name",
        ),
        Problem.UNKNOWN_SCHEME: Description(
            "A scheme's successor is not a scheme of ordninger.csv. Add the successor scheme, or "
            "correct its code.",
            "programme/ordninger.csv: line 3: column etterfolger: value 'NASJONALT': not a scheme of "
            "ordninger.csv",
        ),
        Problem.UNKNOWN_CONCEPT: Description(
            "A programme file maps a column, survey item or chapter to a concept the evaluation "
            "does not have (or to one of another type), or files a codebook theme under a chapter "
            "rapport.csv does not list. Use one of the concepts listed (docs/programme.md).",
            "programme/rapport.csv: line 5: column kapittel: value 'tiltakene': must be one of "
            "forstaelse, organisering, tiltak, maloppnaelse, videreforing",
        ),
        Problem.BAD_CROSSWALK: Description(
            "A code list's series crosswalk (`serie`, <list>:<code>) is incomplete or points to a "
            "code that list lacks, so counts over the years could not be carried across. Give "
            "every code of the list a target that exists, all in one list.",
            "programme/kodelister.csv: line 38: column serie: value 'kategori:jobb': list kategori has "
            "no code jobb",
        ),
        Problem.BAD_RULE: Description(
            "A rule between columns in skjema.csv (or a survey item's condition) is not written as "
            "the format allows. Write `del_av:<concept>` or `delmengde_av:<concept>` (a condition: "
            "<item>=<meaning>).",
            "programme/skjema.csv: line 8: column regel: value 'under:deltakere': must be "
            "del_av:<concept> or delmengde_av:<concept>",
        ),
        Problem.OVERLAPPING_FORMS: Description(
            "Two reporting forms in skjema.csv cover the same year, so a year's files could be read "
            "two ways. Make the periods (fra_aar, til_aar) follow one another.",
            "programme/skjema.csv: column fra_aar: value '2004–2021 and 2021–': the forms' periods "
            "overlap: each year has one form",
        ),
    },
    "The programme's rules on the data (contract §1, §8)": {
        Problem.SCHEME_NOT_RUNNING: Description(
            "A grant or a report is in a year its scheme did not run (ordninger.csv's fra_aar and "
            "til_aar). Correct the year, or the scheme: after a merger, the successor's code.",
            "grants.csv: line 10: column aar: value '2018': BLD gave grants in 2004–2016: not in this year",
        ),
        Problem.RECIPIENT_NOT_ADMITTED: Description(
            "A grant goes to a kind of unit (municipality, city district, organisation) its scheme "
            "does not admit. Correct the scheme or the unit, or the scheme's `mottakere` in "
            "ordninger.csv.",
            "grants.csv: line 4: column enhet_id: value '030101': AVDIR admits only kommune (a "
            "municipality (4 digits))",
        ),
        Problem.BAD_ORGANISATION_NUMBER: Description(
            "A nine-digit organisation number fails its check digit (modulus 11), so it is "
            "mistyped. Look the number up in the Central Coordinating Register (Brønnøysund) and "
            "correct it.",
            "units.csv: line 4: column enhet_id: value '998877661': is not an organisasjonsnummer: "
            "its check digit (modulus 11, weights 3, 2, 7, 6, 5, 4, 3, 2) fails",
        ),
        Problem.NO_FORM: Description(
            "A reporting year is covered by no reporting form of the programme, so its columns are "
            "unknown. Add a form for the year to skjema.csv, or use the programme the year belongs "
            "to.",
            "reporting/2007: the programme definition programme/ has no reporting form for 2007 "
            "(forms: 2008–2021, 2022–)",
        ),
        Problem.NO_WAVE: Description(
            "A survey file's wave is not one the programme provides for (or the file name does not "
            "say its year). Name the file sporreskjema_<year>.sav, or add the wave to "
            "sporreskjema.csv.",
            "survey/survey.sav: value 'survey.sav': the programme definition programme/ provides for "
            "the survey waves 2009, 2023: name each file with its year (sporreskjema_<year>.sav)",
        ),
        Problem.PART_ABOVE_WHOLE: Description(
            "Figures that are parts of a whole add up to more than the whole (participants by age "
            "above all participants, the grant above the amount applied for). Correct the parts or "
            "the whole.",
            "grants.csv: line 2: column soknad_nok: value '450000': the amount applied for is below "
            "the grant",
        ),
        Problem.PART_WITHOUT_WHOLE: Description(
            "A breakdown (participants by age, gender or in the target group) is given while the "
            "whole it is part of is blank. Give the whole, or leave the breakdown blank too.",
            "reporting/2022/tiltak.csv: line 5: column deltakere_malgruppe: value '10': "
            "deltakere_malgruppe given while deltakere is blank",
        ),
        Problem.NOT_ZERO: Description(
            "A count is above zero where the form's rule says it must be zero or blank (children "
            "under six at activities for ages 10–24). Correct the count or the activity type.",
            "reporting/2022/tiltak.csv: line 3: column deltakere_0_5: value '1': must be 0 or blank "
            "where aktivitetstype is los or moteplass",
        ),
        Problem.NOT_A_SUBSET: Description(
            "A code list cell holds a code that is not in the column it must be a part of (a "
            "`delmengde_av` rule in skjema.csv). Add the code to that column, or remove it here.",
            "reporting/2022/rapporter.csv: line 3: column kriterier_nadd: value 'b|c': each code "
            "must also be in kriterier_mal",
        ),
    },
}


def description(code: Problem) -> Description:
    for codes in GROUPS.values():
        if code in codes:
            return codes[code]
    raise KeyError(f"{code.name} has no description in GROUPS")
