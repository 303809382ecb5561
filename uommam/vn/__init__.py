"""Vietnamese text and data helpers: pure Python, no Django, safe to import anywhere.

- :mod:`~uommam.vn.text` — NFC, whitespace, accent-insensitive search keys, name casing
- :mod:`~uommam.vn.collation` — Vietnamese sort keys storable in a database column
- :mod:`~uommam.vn.legacy` — TCVN3 / VNI / NFD / Windows-1258 repair and CSV decoding
- :mod:`~uommam.vn.dates` — strict day-first parsing and official date formats
- :mod:`~uommam.vn.numbers` — 1.496 and 3,2%
- :mod:`~uommam.vn.citizen_id` — 12-digit citizen ID checks
- :mod:`~uommam.vn.ethnicity` — the 54 ethnic groups and their local groups
- :mod:`~uommam.vn.phone` — Vietnamese telephone numbers
"""

from uommam.vn.citizen_id import CitizenIdCheck, Issue, check_citizen_id, province_for_code
from uommam.vn.collation import name_sort_key, sort_key
from uommam.vn.dates import DateParseError, format_vn, format_vn_long, parse_day_first
from uommam.vn.ethnicity import ETHNIC_GROUPS, ethnicity_key, match_ethnicity
from uommam.vn.legacy import (
    UndecodableFile,
    decode_csv_bytes,
    detect_column_encoding,
    looks_like_tcvn3,
    looks_like_vni,
    repair,
    repair_column,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)
from uommam.vn.numbers import format_decimal, format_int, format_percent
from uommam.vn.syllable import is_vietnamese_syllable
from uommam.vn.text import clean_spaces, fold, nfc, title_case_name

__all__ = [
    "ETHNIC_GROUPS",
    "CitizenIdCheck",
    "DateParseError",
    "Issue",
    "UndecodableFile",
    "check_citizen_id",
    "clean_spaces",
    "decode_csv_bytes",
    "detect_column_encoding",
    "ethnicity_key",
    "fold",
    "format_decimal",
    "format_int",
    "format_percent",
    "format_vn",
    "format_vn_long",
    "is_vietnamese_syllable",
    "looks_like_tcvn3",
    "looks_like_vni",
    "match_ethnicity",
    "name_sort_key",
    "nfc",
    "parse_day_first",
    "province_for_code",
    "repair",
    "repair_column",
    "sort_key",
    "tcvn3_to_unicode",
    "title_case_name",
    "unicode_to_tcvn3",
    "unicode_to_vni",
    "vni_to_unicode",
]
