"""Turn the data rows of a sheet into checked student records, column by column, then row by row."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from uommam.people.models import Person
from uommam.vn.citizen_id import check_citizen_id
from uommam.vn.dates import DateParseError, parse_day_first
from uommam.vn.legacy import repair_column
from uommam.vn.school_year import school_year_start as vn_school_year_start
from uommam.vn.text import fold

from .columns import DOB_KEYS, SEX_KEYS, Column, DateOfBirth, as_text, is_ignored
from .issues import issue, message
from .kinds import IDENTITY_KEYS, STUDENTS, KindSpec
from .layout import Layout, data_rows
from .reader import Sheet

ADDRESS_KEYS = ("address", "commune", "district", "province")
NAME_KEYS = ("full_name", "family_middle_name", "family_name", "middle_name", "given_name")
_GRADE = re.compile(r"^(\d{1,2})")
# A sheet named after a class: "10A1", "Lớp 10A1", "12 C3".
_CLASS_SHEET = re.compile(r"^(?:lop\s*)?(1[0-2]|[6-9])\s*([a-z]{1,3}\s*\d{0,2})$")


@dataclass
class RowResult:
    row: int
    data: dict[str, Any]
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    person_id: int | None = None
    action: str = "create"  # or "update"
    sheet: str = ""

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def full_name(self) -> str:
        name: str = self.data.get("full_name", "")
        return name


@dataclass
class Analysis:
    headers: list[str]
    mapping: dict[int, str]
    layout: Layout | None
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[dict[str, Any]] = field(default_factory=list)
    converted: dict[str, int] = field(default_factory=lambda: {"tcvn3": 0, "vni": 0, "cp1258": 0, "nfd": 0})
    # Warnings about the file rather than a row: columns not imported, hidden rows left out, …
    file_warnings: list[dict[str, Any]] = field(default_factory=list)
    # {"name", "rows", "used"} per sheet of the workbook; {"sheet", "index", "header", "field"} per column.
    sheets: list[dict[str, Any]] = field(default_factory=list)
    columns: list[dict[str, Any]] = field(default_factory=list)
    # Per used sheet: its layout and mapping (the first one is ``layout`` / ``mapping``).
    plans: list[tuple[str, Layout, dict[int, str]]] = field(default_factory=list)

    @property
    def errors(self) -> list[dict[str, Any]]:
        return self.file_errors + [_on_sheet(e, r.sheet) for r in self.rows for e in r.errors]

    @property
    def warnings(self) -> list[dict[str, Any]]:
        return self.file_warnings + [_on_sheet(w, r.sheet) for r in self.rows for w in r.warnings]

    @property
    def valid_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.valid] if not self.file_errors else []

    def counts(self) -> dict[str, int]:
        valid = self.valid_rows
        return {
            "rows": len(self.rows),
            "valid": len(valid),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "to_create": sum(1 for r in valid if r.action == "create"),
            "to_update": sum(1 for r in valid if r.action == "update"),
        }


def _on_sheet(entry: dict[str, Any], sheet: str) -> dict[str, Any]:
    return entry if "sheet" in entry else {**entry, "sheet": sheet}


def class_from_sheet_name(name: str) -> str:
    """ "10A1" for a sheet named "10A1", "Lớp 10 A1"…; "" when the name is not a class."""
    match = _CLASS_SHEET.match(" ".join(fold(name).split()))
    return f"{match.group(1)}{match.group(2).replace(' ', '')}".upper() if match else ""


def school_year_start(today: date | None = None) -> int:
    """The start year of the current school year (September–August, `uommam.vn.school_year`)."""
    return vn_school_year_start(today or timezone.localdate())


def cohort_for(class_name: str, dob: date | None, start_year: int) -> int:
    """The year the student entered grade 10: from the class ("11A2" → last year) or else the birth year."""
    match = _GRADE.match(class_name or "")
    if match and 10 <= int(match.group(1)) <= 12:
        return start_year - (int(match.group(1)) - 10)
    if dob is not None:
        return dob.year + 15
    return start_year


def check_mapping(mapping: dict[int, str], header_row: int, spec: KindSpec = STUDENTS) -> list[dict[str, Any]]:
    problems: list[dict[str, Any]] = []
    by_key = spec.by_key
    counts = Counter(mapping.values())
    for key, n in counts.items():
        if n > 1 and key in by_key:
            problems.append(issue(header_row, "", "column_twice", field=_vi_label(spec, key)))
    keys = set(mapping.values())
    has_name = "full_name" in keys or ("given_name" in keys and keys & {"family_name", "family_middle_name"})
    if not has_name:
        problems.append(issue(header_row, "", "column_missing", field=_vi_label(spec, "full_name")))
    # A date may come split in sub-columns or under the sex; the sex may be a column marked x.
    alternatives = {"dob": set(DOB_KEYS), "sex": set(SEX_KEYS)}
    for key in spec.required:
        if not keys & alternatives.get(key, {key}):
            problems.append(issue(header_row, "", "column_missing", field=_vi_label(spec, key)))
    parts = keys & {"dob_day", "dob_month", "dob_year"}
    for key in ("dob_day", "dob_month", "dob_year") if parts else ():
        if key not in keys:
            problems.append(issue(header_row, "", "column_missing", field=_vi_label(spec, key)))
    if spec.identify_only and not keys & set(IDENTITY_KEYS):
        problems.append(issue(header_row, "", "column_missing", field=_vi_label(spec, "dob")))
    return problems


def _vi_label(spec: KindSpec, key: str) -> str:
    from django.utils.translation import override

    with override("vi"):
        return str(spec.by_key[key].label)


def analyse_book(
    sheets: list[Sheet],
    plans: list[tuple[Sheet, Layout, dict[int, str]]],
    spec: KindSpec = STUDENTS,
    *,
    include_hidden: bool = False,
) -> Analysis:
    """Every used sheet analysed, rows in workbook order, each row and message carrying its sheet."""
    first_sheet, first_layout, first_mapping = plans[0]
    total = Analysis(headers=first_layout.headers, mapping=first_mapping, layout=first_layout)
    used = {id(sheet) for sheet, _layout, _mapping in plans}
    for sheet, layout, mapping in plans:
        default_class = ""
        if "class_name" not in mapping.values() and "class_name" in spec.by_key:
            default_class = class_from_sheet_name(sheet.name)
        part = analyse_sheet(sheet, layout, mapping, spec, include_hidden=include_hidden, default_class=default_class)
        total.rows.extend(part.rows)
        total.file_errors.extend(part.file_errors)
        total.file_warnings.extend(part.file_warnings)
        total.columns.extend(part.columns)
        total.plans.append((sheet.name, layout, mapping))
        for key, count in part.converted.items():
            total.converted[key] += count
    for sheet in sheets:
        count = sum(1 for r in total.rows if r.sheet == sheet.name) if id(sheet) in used else 0
        total.sheets.append({"name": sheet.name, "rows": count, "used": id(sheet) in used})
        if id(sheet) not in used and any(any(v not in (None, "") for v in row) for row in sheet.rows):
            total.file_warnings.append(issue(0, "", "sheet_not_used", sheet=sheet.name) | {"sheet": sheet.name})
    return total


def _column_report(analysis: Analysis, sheet: Sheet, layout: Layout, mapping: dict[int, str]) -> None:
    """List every column with a header, imported or not, and say which are not."""
    left_out: list[str] = []
    for index, header in enumerate(layout.headers):
        key = mapping.get(index)
        if not header and not key:
            continue
        analysis.columns.append({"sheet": sheet.name, "index": index, "header": header, "field": key})
        if key is None and not is_ignored(layout.normalised[index]):
            left_out.append(f"“{header}”")
    if left_out:
        line = layout.header_row + 1
        analysis.file_warnings.append(
            issue(line, "", "columns_not_imported", columns=", ".join(left_out)) | {"sheet": sheet.name}
        )


def analyse_sheet(
    sheet: Sheet,
    layout: Layout,
    mapping: dict[int, str],
    spec: KindSpec = STUDENTS,
    *,
    include_hidden: bool = False,
    default_class: str = "",
) -> Analysis:
    analysis = Analysis(headers=layout.headers, mapping=mapping, layout=layout)
    # A CSV file in Windows-1258, TCVN3 or VNI is decoded as a whole while reading; count its cells here.
    analysis.converted[{"tcvn3": "tcvn3", "vni": "vni"}.get(sheet.encoding or "", "cp1258")] = sheet.cp1258_cells
    header_line = layout.header_row + 1
    by_key = spec.by_key
    _column_report(analysis, sheet, layout, mapping)
    analysis.file_errors = [e | {"sheet": sheet.name} for e in check_mapping(mapping, header_line, spec)]
    here = {"sheet": sheet.name}
    if default_class:
        analysis.file_warnings.append(
            issue(header_line, "", "class_from_sheet", value=default_class, sheet=sheet.name) | here
        )
    if spec is STUDENTS and "ethnicity" not in mapping.values():
        analysis.file_warnings.append(issue(header_line, "", "ethnicity_column_missing") | here)
    rows = data_rows(sheet.rows, layout, set(mapping))
    if sheet.hidden:
        code = "row_hidden_imported" if include_hidden else "row_hidden"
        for number, _cells in rows:
            if number in sheet.hidden:
                analysis.file_warnings.append(issue(number, "", code) | here)
        if not include_hidden:
            rows = [(number, cells) for number, cells in rows if number not in sheet.hidden]
    if not rows:
        analysis.file_errors.append(issue(header_line, "", "no_rows") | here)
        return analysis
    columns: dict[str, tuple[int, Column]] = {}
    for index, key in mapping.items():
        if key in by_key and key not in columns:
            columns[key] = (index, by_key[key]())
    parsed: dict[str, list[tuple[Any, list[Any]]]] = {}
    texts: dict[str, list[str]] = {}
    for key, (index, column) in columns.items():
        raw: list[Any] = [cells[index] if index < len(cells) else None for _, cells in rows]
        if column.text:
            as_str: list[str | None] = [v if isinstance(v, str) else (None if v is None else as_text(v)) for v in raw]
            repaired, applied = repair_column(as_str)
            for conversion in applied:
                if conversion in ("tcvn3", "vni", "nfd"):
                    analysis.converted[conversion] += 1
            raw = repaired
            if key in ADDRESS_KEYS:
                texts[key] = [as_text(v) for v in repaired]
        parsed[key] = column.parse_all(raw)
    header_of = {key: layout.headers[index] or str(by_key[key].label) for key, (index, _c) in columns.items()}
    start_year = school_year_start()
    identity_headers = {header_of[k] for k in IDENTITY_KEYS if k in header_of}
    message_cache: dict[tuple[str, str], str] = {}

    for i, (row_number, _cells) in enumerate(rows):
        errors: list[dict[str, Any]] = []
        warnings: list[dict[str, Any]] = []
        values: dict[str, Any] = {}
        for key, column_values in parsed.items():
            value, problems = column_values[i]
            values[key] = value
            for severity, code, params, text in problems:
                if text is None:
                    cache_key = (code, repr(sorted(params.items())))
                    text = message_cache.get(cache_key) or message_cache.setdefault(cache_key, message(code, **params))
                target = errors if severity == "error" else warnings
                target.append(issue(row_number, header_of[key], code, text))
        data = _assemble(values, row_number, header_of, errors, texts, i, start_year)
        if default_class and not data.get("class_name"):
            data["class_name"] = default_class
            data["cohort"] = cohort_for(default_class, data.get("dob"), start_year)
        if "ethnicity" not in values and spec is STUDENTS:
            data["ethnicity"] = ""
        cid_digits = as_text(values.get("citizen_id")).replace(" ", "")
        if len(cid_digits) == 9 and cid_digits.isdigit() and not data.get("old_id_number"):
            # The old 9-digit identity card typed into the citizen-ID column: it is a CMND, keep it as one.
            data["old_id_number"] = cid_digits
            warnings.append(issue(row_number, header_of["citizen_id"], "cmnd_in_citizen_id_column", value=cid_digits))
            values["citizen_id"] = ""
        if "citizen_id" in values and values["citizen_id"] not in (None, ""):
            dob = data.get("dob")
            check = check_citizen_id(
                values["citizen_id"], sex=data.get("sex"), birth_year=dob.year if isinstance(dob, date) else None
            )
            for problem in check.errors:
                errors.append(issue(row_number, header_of["citizen_id"], problem.code, problem.message_vi))
            for problem in check.warnings:
                warnings.append(issue(row_number, header_of["citizen_id"], problem.code, problem.message_vi))
            data["citizen_id"] = check.value or ""
        if spec.identify_only:
            for key in spec.extra_keys:
                if key in values:
                    data[key] = values[key]
            if not any(data.get(k) for k in IDENTITY_KEYS) and not any(e["column"] in identity_headers for e in errors):
                errors.append(issue(row_number, header_of.get("dob", ""), "identity_missing"))
        analysis.rows.append(RowResult(row=row_number, data=data, errors=errors, warnings=warnings, sheet=sheet.name))
    return analysis


def _assemble(
    values: dict[str, Any],
    row_number: int,
    header_of: dict[str, str],
    errors: list[dict[str, Any]],
    texts: dict[str, list[str]],
    i: int,
    start_year: int,
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    name_column = next((k for k in NAME_KEYS if k in header_of), "full_name")
    name_failed = any(values.get(k) is None and k in values for k in NAME_KEYS)
    full = values.get("full_name")
    family = middle = given = ""
    if full:
        parts = full.split()
        if len(parts) < 2:
            errors.append(issue(row_number, header_of["full_name"], "name_one_word", value=full))
        else:
            family, middle, given = parts[0], " ".join(parts[1:-1]), parts[-1]
    elif values.get("given_name"):
        given = values["given_name"]
        if values.get("family_middle_name"):
            head = values["family_middle_name"].split()
            family, middle = head[0], " ".join(head[1:])
            if values.get("middle_name"):
                middle = f"{middle} {values['middle_name']}".strip()
        else:
            family, middle = values.get("family_name") or "", values.get("middle_name") or ""
    if not (family and given) and not name_failed and not any(e["code"] == "name_one_word" for e in errors):
        errors.append(issue(row_number, header_of.get(name_column, ""), "name_missing"))
    data.update(family_name=family, middle_name=middle, given_name=given)
    if family and given:
        # The derived columns (full name, sort and search keys) exactly as Person.save() computes them.
        names = SimpleNamespace(family_name=family, middle_name=middle, given_name=given)
        Person.refresh_derived(names)  # type: ignore[arg-type]  # a stand-in with the name fields: it sets the derived ones
        data.update(vars(names))
    for key in ("dob", "sex", "moet_id", "class_name", "religion", "phone", "parent_phone", "old_id_number"):
        if key in values and values[key] is not None:
            data[key] = values[key]
    if values.get("ethnicity") is not None:
        data["ethnicity"], data["ethnicity_note"] = values["ethnicity"]
    _compose_dob_and_sex(values, data, row_number, header_of, errors)
    if "province" in values:
        data["home_province"] = values["province"] or ""
    for parent in ("father", "mother"):
        if values.get(f"{parent}_name"):
            data[f"{parent}_name"] = values[f"{parent}_name"]
        if values.get(f"{parent}_birth_year"):
            data[f"{parent}_birth_year"] = values[f"{parent}_birth_year"]
    address = [texts[k][i] for k in ("address", "commune", "district", "province") if k in texts and texts[k][i]]
    if address:
        data["home_address"] = ", ".join(address)[:255]
    data["cohort"] = cohort_for(data.get("class_name", ""), data.get("dob"), start_year)
    return data


def _compose_dob_and_sex(
    values: dict[str, Any], data: dict[str, Any], row_number: int, header_of: dict[str, str], errors: list[Any]
) -> None:
    """The date and sex from sub-columns: "Ngày | Tháng | Năm", or the date under "Nam" or "Nữ", or a
    column marked x for one sex."""
    if "dob_day" in values and "dob_month" in values and "dob_year" in values:
        parts = (values["dob_day"], values["dob_month"], values["dob_year"])
        column = header_of.get("dob_day", "")
        if all(p is not None for p in parts):
            try:
                data["dob"] = parse_day_first(f"{parts[0]}/{parts[1]}/{parts[2]}")
            except DateParseError as exc:
                errors.append(issue(row_number, column, exc.code, exc.message_vi))
            else:
                _, problems = DateOfBirth().parse(data["dob"])
                for _severity, code, params, _text in problems:
                    errors.append(issue(row_number, column, code, **params))
                    data.pop("dob", None)
        elif not any(e["column"] in (header_of.get(k) for k in ("dob_day", "dob_month", "dob_year")) for e in errors):
            errors.append(issue(row_number, column, "dob_missing"))
    if "dob_male" in values or "dob_female" in values:
        male, female = values.get("dob_male"), values.get("dob_female")
        column = header_of.get("dob_male") or header_of.get("dob_female", "")
        if male is not None and female is not None:
            errors.append(issue(row_number, column, "dob_two_sexes"))
        elif male is not None or female is not None:
            data["dob"] = male if male is not None else female
            data.setdefault("sex", "M" if male is not None else "F")
        elif not any(e["column"] in (header_of.get("dob_male"), header_of.get("dob_female")) for e in errors):
            errors.append(issue(row_number, column, "dob_missing"))
    if "sex" not in values and ("female_mark" in values or "male_mark" in values) and "sex" not in data:
        female, male = values.get("female_mark"), values.get("male_mark")
        column = header_of.get("female_mark") or header_of.get("male_mark", "")
        if female and male:
            errors.append(issue(row_number, column, "sex_marked_twice"))
        elif female or (male is False and "male_mark" in values and "female_mark" not in values):
            data["sex"] = "F"
        elif male or "male_mark" not in values:
            data["sex"] = "M"
        else:
            errors.append(issue(row_number, column, "sex_missing"))
