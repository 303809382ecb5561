"""Spreadsheet import benchmark (issue 5): ours vs the raw limit vs django-import-export, on SQLite.

    .venv/bin/python bench/import_bench.py [--rows 20000]

Builds an N-row student list in the national-database layout, then measures in one run, each on an empty
``people_person`` table of a throwaway SQLite file:

- limit: python-calamine's raw read of the file plus one ``executemany`` of the same rows into the table;
- ours: ``uommam.imports.services.import_file`` (parse, repair, validate, match, commit with audit entries);
- peer: django-import-export, a default ``ModelResource`` for Person importing the same rows.

The last line is ``RESULT rows=N limit_ratio=X.XX peer_speedup=Y.YY`` (ours ÷ limit; peer ÷ ours).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FAMILY = ["Nguyễn", "Ma", "Hoàng", "Nông", "Lý", "Triệu", "Hà", "Quan", "Bàn", "Đặng", "La", "Phạm", "Trần", "Lê"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quốc", "Thanh", "Hữu", "Thị Thu", "Văn Hải"]
GIVEN = ["Hợi", "Lan", "Anh", "Hường", "Tú", "Mai", "Quyết", "Chiến", "Phương", "Hạnh", "Lâm", "Dũng", "Yến"]
ETHNIC = ["Tày", "Kinh", "Dao", "Mông", "Nùng", "Sán Chay"]
HEADERS = ["STT", "Mã lớp", "Mã định danh Bộ GD&ĐT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc",
           "Số định danh cá nhân"]  # fmt: skip


def make_rows(n: int) -> list[list[object]]:
    rng = random.Random(5)
    rows = []
    for i in range(n):
        sex = rng.choice("MF")
        dob = date(2008, 1, 1) + timedelta(days=rng.randint(0, 1000))
        century = ("2" if sex == "M" else "3") if dob.year >= 2000 else ("0" if sex == "M" else "1")
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        rows.append([
            i + 1, f"{rng.randint(10, 12)}A{rng.randint(1, 8)}", f"HS{i:08d}", name, dob.strftime("%d/%m/%Y"),
            "Nam" if sex == "M" else "Nữ", rng.choice(ETHNIC), f"008{century}{dob.year % 100:02d}{i:06d}",
        ])  # fmt: skip
    return rows


def make_xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(["DANH SÁCH HỌC SINH NĂM HỌC 2025-2026"])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    sheet.append([f"Tổng số: {len(rows)} học sinh"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def setup_django(db_path: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    # Production-like: with DEBUG on, Django formats and keeps every query it runs.
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-0123456789abcdef0123456789")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("AXES_ENABLED", "false")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def empty_tables() -> None:
    from uommam.audit.models import AuditEntry
    from uommam.imports.models import ImportBatch
    from uommam.people.models import Person

    Person.objects.all().delete()
    ImportBatch.objects.all().delete()
    AuditEntry.objects.filter(model__in=["people.Person", "imports.ImportBatch"]).delete()


def run_limit(data: bytes, school_id: int) -> float:
    from django.db import connection, transaction
    from django.utils import timezone
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    now = timezone.now()
    params = []
    for r in rows[2:-1]:
        family, middle, given = r[3].split(" ", 1)[0], "", r[3].rsplit(" ", 1)[-1]
        params.append(
            (
                now,
                now,
                1,
                family,
                middle,
                given,
                r[3],
                r[3],
                r[3],
                r[4],
                "M" if r[5] == "Nam" else "F",
                "01",
                r[7],
                r[2],
                r[1],
                school_id,
                2025,
            )
        )
    sql = (
        "INSERT INTO people_person (created_at, updated_at, version, family_name, middle_name, given_name, full_name,"
        " sort_key, search_key, dob, sex, ethnicity, citizen_id, moet_id, class_name, school_id, cohort, religion,"
        " home_province, home_address, phone, email, father_name, mother_name, notes, ethnicity_note, old_id_number,"
        " parent_phone)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', '', '', '', '', '', '', '',"
        " '', '', '')"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return time.perf_counter() - start


def run_ours(data: bytes, school) -> tuple[float, int]:
    from uommam.imports.services import import_file

    start = time.perf_counter()
    outcome = import_file(actor=None, school=school, data=data, file_name="bench.xlsx")
    return time.perf_counter() - start, outcome.batch.created


def run_peer(rows: list[list[object]], school_id: int) -> tuple[float, int]:
    import tablib
    from import_export import resources

    from uommam.people.models import Person

    class PersonResource(resources.ModelResource):
        class Meta:
            model = Person

    dataset = tablib.Dataset(
        headers=[
            "family_name",
            "middle_name",
            "given_name",
            "dob",
            "sex",
            "ethnicity",
            "citizen_id",
            "moet_id",
            "class_name",
            "school",
            "cohort",
        ]  # fmt: skip
    )
    ethnic_codes = {"Tày": "02", "Kinh": "01", "Dao": "09", "Mông": "08", "Nùng": "07", "Sán Chay": "20"}
    for r in rows:
        parts = r[3].split()
        d, m, y = r[4].split("/")
        dataset.append([parts[0], " ".join(parts[1:-1]), parts[-1], f"{y}-{m}-{d}", "M" if r[5] == "Nam" else "F",
                        ethnic_codes[r[6]], r[7], r[2], r[1], school_id, 2025])  # fmt: skip
    start = time.perf_counter()
    result = PersonResource().import_data(dataset, dry_run=False, raise_errors=True)
    elapsed = time.perf_counter() - start
    return elapsed, result.totals.get("new", 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--skip-peer", action="store_true", help="leave out django-import-export (slow)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="uommam-bench-") as tmp:
        os.environ.setdefault("MEDIA_ROOT", tmp)
        setup_django(str(Path(tmp) / "bench.sqlite3"))
        from django.conf import settings

        settings.UOMMAM_IMPORT_MAX_ROWS = max(settings.UOMMAM_IMPORT_MAX_ROWS, args.rows)
        settings.UOMMAM_IMPORT_MAX_BYTES = max(settings.UOMMAM_IMPORT_MAX_BYTES, 50 * 1024 * 1024)
        from uommam.demo.builders import orgs
        from uommam.demo.builders.context import DemoContext
        from uommam.people.models import Person

        ctx = DemoContext(stdout=io.StringIO())
        orgs.build(ctx)
        school = ctx.unit("THPT-CHIEMHOA")
        rows = make_rows(args.rows)
        data = make_xlsx(rows)
        print(f"file: {args.rows} rows, {len(data) / 1024:.0f} KiB")

        limit = run_limit(data, school.pk)
        assert Person.objects.count() == args.rows
        print(f"limit (calamine read + one executemany): {limit:.3f} s")
        empty_tables()

        ours, created = run_ours(data, school)
        assert created == args.rows, created
        print(f"ours (parse, repair, validate, match, commit + audit): {ours:.3f} s")
        empty_tables()

        if args.skip_peer:
            peer = float("nan")
        else:
            peer, peer_created = run_peer(rows, school.pk)
            assert peer_created == args.rows, peer_created
            print(f"django-import-export (default ModelResource): {peer:.3f} s")
        print(f"RESULT rows={args.rows} limit_ratio={ours / limit:.2f} peer_speedup={peer / ours:.2f}")


if __name__ == "__main__":
    main()
