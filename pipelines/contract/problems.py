"""The stable codes of input errors (data contract, section 3).

Every input error carries one of these codes beside its message, in the manner of
frictionless's error types: tests and tools match on the code, so a message can be reworded
without breaking them.
"""

from __future__ import annotations

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
