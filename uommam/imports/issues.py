"""Every problem the importer reports: a stable code and an English msgid, rendered in Vietnamese.

Messages go to people who fill in school spreadsheets, and into the JSON of ``import_students``,
so they are Vietnamese whatever the interface language.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_noop, override

MESSAGES: dict[str, str] = {
    # The file as a whole
    "file_missing": gettext_noop("The uploaded file is no longer available: upload it again."),
    "file_too_large": gettext_noop("The file is %(size)s MB; the limit is %(limit)s MB."),
    "file_empty": gettext_noop("The file is empty."),
    "file_unreadable": gettext_noop("The file is neither an Excel workbook nor a text (CSV) file."),
    "file_not_workbook": gettext_noop("The file is not a valid Excel workbook."),
    "file_no_sheet": gettext_noop("The workbook has no sheet."),
    "zip_bomb": gettext_noop("The workbook expands to far more data than a student list holds; it was not opened."),
    "too_many_rows": gettext_noop("The file has %(rows)s rows; at most %(limit)s rows can be imported at once."),
    "too_many_cells": gettext_noop(
        "The file has %(cells)s filled cells; at most %(limit)s cells can be imported at once."
    ),
    "header_not_found": gettext_noop(
        "No header row was found: the file needs a row with column titles such as “Họ và tên”, “Ngày sinh”."
    ),
    "header_not_found_sheets": gettext_noop(
        "No sheet of the workbook (%(sheets)s) has a header row: a student list needs a row with column titles "
        "such as “Họ và tên”, “Ngày sinh”."
    ),
    "column_missing": gettext_noop("The file has no column for “%(field)s”; choose it in the column mapping."),
    "column_twice": gettext_noop("Two columns are mapped to “%(field)s”; keep only one."),
    "no_rows": gettext_noop("The file has no data rows below the header."),
    "sheet_not_used": gettext_noop("The sheet “%(sheet)s” holds no student list (no header row); it was not read."),
    "columns_not_imported": gettext_noop(
        "These columns are not imported: %(columns)s. Choose a field for them in the column mapping if needed."
    ),
    "class_from_sheet": gettext_noop(
        "The file has no class column: the class %(value)s is taken from the name of the sheet “%(sheet)s”."
    ),
    "ethnicity_column_missing": gettext_noop(
        "The file has no ethnic-group column: the ethnic group is left blank, to be completed in the dossier."
    ),
    "row_hidden": gettext_noop(
        "The row is hidden or filtered out in the workbook and was not imported; choose to import hidden rows "
        "if it should be."
    ),
    "row_hidden_imported": gettext_noop("The row is hidden or filtered out in the workbook; it was imported as asked."),
    # Cells
    "name_missing": gettext_noop("The student's name is missing."),
    "name_one_word": gettext_noop("The name “%(value)s” has only one word; a family name and a given name are needed."),
    "name_too_long": gettext_noop("The name “%(value)s” is too long."),
    "name_not_text": gettext_noop("The name “%(value)s” contains digits or symbols."),
    "dob_missing": gettext_noop("The date of birth is missing."),
    "dob_out_of_range": gettext_noop("The date of birth %(value)s is not plausible for a secondary-school student."),
    "sex_missing": gettext_noop("The sex is missing."),
    "sex_unknown": gettext_noop("“%(value)s” is not a sex; write Nam or Nữ."),
    "ethnicity_missing": gettext_noop("The ethnic group is blank; it is left blank, to be completed in the dossier."),
    "ethnicity_subgroup": gettext_noop(
        "“%(value)s” is a local group of the %(group)s people: recorded as %(group)s, the written form is kept as a "
        "note."
    ),
    "dob_year_only": gettext_noop(
        "Only the year of birth %(year)s: the full date of birth is needed to compute the age in months."
    ),
    "dob_part_invalid": gettext_noop("“%(value)s” is not a day, month or year of a date of birth."),
    "dob_two_sexes": gettext_noop("A date of birth is written under both “Nam” and “Nữ”; keep only one."),
    "sex_marked_twice": gettext_noop("The row is marked both “Nam” and “Nữ”; keep only one."),
    "phone_zero_restored": gettext_noop(
        "The phone number %(value)s had lost its leading 0 (it was stored as a number); the 0 was restored."
    ),
    "phone_length": gettext_noop(
        "The phone number %(value)s does not have the length of a Vietnamese number (10 digits for a mobile, "
        "11 for a fixed line); check it."
    ),
    "phone_not_number": gettext_noop("“%(value)s” is not a phone number; it is kept as written."),
    "old_id_invalid": gettext_noop("The ID card number (CMND) “%(value)s” must have 9 or 12 digits."),
    "cmnd_in_citizen_id_column": gettext_noop(
        "%(value)s has 9 digits: it is an old ID card number (CMND), recorded as such, not as a citizen ID."
    ),
    "ethnicity_unknown": gettext_noop("“%(value)s” is not one of the 54 ethnic groups of Vietnam."),
    "moet_id_invalid": gettext_noop("The national student ID “%(value)s” must contain only letters and digits."),
    "class_too_long": gettext_noop("The class “%(value)s” is longer than 20 characters."),
    "birth_year_invalid": gettext_noop("“%(value)s” is not a year of birth."),
    "province_unknown": gettext_noop("The province “%(value)s” is not known; it is kept in the address only."),
    "duplicate_in_file": gettext_noop("This student already appears in row %(other)s of the file (%(key)s)."),
    "exists_in_other_school": gettext_noop(
        "A student with this %(key)s is already registered at another school; transfer them there first."
    ),
    "citizen_id_not_for_role": gettext_noop(
        "This citizen ID cannot be entered with your role for this row; leave it empty, the cell secretary enters it."
    ),
    "matched_by_name": gettext_noop(
        "Matched by name and date of birth with a student already registered; the record will be updated."
    ),
    "text_converted": gettext_noop("The text was converted from %(encoding)s."),
    "not_supported_yet": gettext_noop("This kind of import is not available yet."),
    # School results and class rosters
    "school_required": gettext_noop("Choose the school."),
    "class_required": gettext_noop("Choose the awareness class."),
    "school_year_invalid": gettext_noop(
        "“%(value)s” is not a school year; write two consecutive years, e.g. 2024-2025."
    ),
    "identity_missing": gettext_noop(
        "The student cannot be identified: give the date of birth, the citizen ID or the national student ID."
    ),
    "student_not_found": gettext_noop("The student was not found in the school's student list."),
    "roster_student_not_found": gettext_noop(
        "The student was not found among the students of the schools this class enrols from."
    ),
    "matched_several": gettext_noop(
        "Several registered students have this name and date of birth; add the citizen ID or the national student ID."
    ),
    "matched_by_name_only": gettext_noop(
        "Identified by name and date of birth only; check that this is the right student."
    ),
    "academic_missing": gettext_noop("The academic result is missing."),
    "academic_unknown": gettext_noop(
        "“%(value)s” is not an academic result; write Tốt, Khá, Đạt, Chưa đạt or Giỏi, Khá, Trung bình, Yếu, Kém."
    ),
    "conduct_missing": gettext_noop("The conduct grade is missing."),
    "conduct_unknown": gettext_noop(
        "“%(value)s” is not a conduct grade; write Tốt, Khá, Đạt, Chưa đạt or Tốt, Khá, Trung bình, Yếu."
    ),
    "scales_mixed": gettext_noop(
        "The academic result “%(academic)s” and the conduct “%(conduct)s” belong to different grading scales."
    ),
    "scale_unexpected_new": gettext_noop(
        "Grades on the 2018 curriculum's scale (Tốt/Khá/Đạt/Chưa đạt) for a year and grade that used the old scale."
    ),
    "scale_unexpected_old": gettext_noop(
        "Grades on the old scale (Giỏi/Khá/Trung bình/Yếu/Kém) for a year and grade that used the new scale."
    ),
    "grade_level_invalid": gettext_noop("“%(value)s” is not a grade of upper secondary school (10, 11 or 12)."),
    "grade_level_missing": gettext_noop("The grade is missing: give a “Khối” column or a class such as 11A2."),
    "grade_level_mismatch": gettext_noop("Grade %(value)s does not match the class %(cls)s."),
    "school_unknown": gettext_noop("“%(value)s” is not one of the schools this class enrols from."),
    "score_invalid": gettext_noop("The essay score “%(value)s” must be a number from 0 to 10."),
    "class_result_unknown": gettext_noop("“%(value)s” is not a class result; write Đạt or Không đạt."),
    "certificate_number_too_long": gettext_noop("The certificate number “%(value)s” is longer than 40 characters."),
    "certificate_number_missing": gettext_noop("A certificate date is given without a certificate number."),
    "certificate_date_missing": gettext_noop("The certificate number is given without the date of issue."),
    "certificate_dates_differ": gettext_noop(
        "The certificates of a class are issued on one date: %(value)s differs from %(first)s in row %(other)s."
    ),
    "certificate_not_passed": gettext_noop("A certificate is only issued to a student who passed (Đạt)."),
    "already_certified": gettext_noop(
        "This student already holds certificate %(number)s: the result and certificate can no longer change."
    ),
    "class_finished": gettext_noop("The class has finished: no more students can be enrolled."),
    "class_full": gettext_noop(
        "The class holds %(capacity)s students: %(free)s places are left, but the file adds %(wanted)s."
    ),
    "roster_refused": gettext_noop("The class roster could not be saved."),
    "import_has_errors": gettext_noop(
        "The file has %(count)s errors; correct them or choose to skip the invalid rows."
    ),
    "not_allowed": gettext_noop("You may not import into this school or class."),
    "not_previewed": gettext_noop("This import is not waiting for confirmation."),
    "file_changed": gettext_noop("The stored file no longer matches the preview."),
    "undo_not_committed": gettext_noop("Only a committed import can be undone."),
    "undo_changed": gettext_noop(
        "%(count)s students of this import were changed afterwards; it can no longer be undone."
    ),
    "undo_roster": gettext_noop(
        "A class roster cannot be undone here: enrolments moved candidacies forward; change them on the class page."
    ),
    "undo_records_changed": gettext_noop(
        "%(count)s school records of this import were changed afterwards; it can no longer be undone."
    ),
    "undo_dependents": gettext_noop(
        "%(count)s students of this import already have other records linked to them; it can no longer be undone."
    ),
}

KEY_LABELS: dict[str, str] = {
    "citizen_id": gettext_noop("citizen ID"),
    "moet_id": gettext_noop("national student ID"),
    "name_dob": gettext_noop("name and date of birth"),
}


def message(code: str, **params: Any) -> str:
    """The Vietnamese message for ``code``."""
    with override("vi"):
        text = gettext(MESSAGES[code])
        if "key" in params and params["key"] in KEY_LABELS:
            params["key"] = gettext(KEY_LABELS[params["key"]])
        return text % params if params else text


def issue(row: int, column: str, code: str, text: str | None = None, **params: Any) -> dict[str, Any]:
    """One entry of the report: ``{"row", "column", "code", "message"}`` (the JSON contract)."""
    return {
        "row": row,
        "column": column,
        "code": code,
        "message": text if text is not None else message(code, **params),
    }
