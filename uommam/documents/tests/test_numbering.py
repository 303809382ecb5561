from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from uommam.documents.models import DocType, DocumentSequence, GeneratedDocument, Term
from uommam.documents.numbering import allocate_number, format_number


def test_format_number_pads_to_two_digits() -> None:
    assert format_number(5, "CV", "CB") == "05-CV/CB"
    assert format_number(12, "BC", "ĐU") == "12-BC/ĐU"
    assert format_number(123, "NQ", "CB") == "123-NQ/CB"


def test_numbers_count_up_per_type(cell) -> None:
    on = date(2026, 9, 15)
    assert allocate_number(unit=cell, doc_type=DocType.CV, on=on).text == "01-CV/CB"
    assert allocate_number(unit=cell, doc_type=DocType.CV, on=on).text == "02-CV/CB"
    assert allocate_number(unit=cell, doc_type=DocType.NQ, on=on).text == "01-NQ/CB"


def test_numbers_restart_per_term_not_per_year(cell) -> None:
    Term.objects.create(unit=cell, label="2022–2025", starts_on=date(2022, 6, 1), ends_on=date(2025, 5, 31))
    Term.objects.create(unit=cell, label="2025–2030", starts_on=date(2025, 6, 1))
    assert allocate_number(unit=cell, doc_type=DocType.CV, on=date(2024, 12, 30)).number == 1
    assert allocate_number(unit=cell, doc_type=DocType.CV, on=date(2025, 1, 5)).number == 2  # new year, same term
    first_of_term = allocate_number(unit=cell, doc_type=DocType.CV, on=date(2025, 6, 2))
    assert (first_of_term.number, first_of_term.term_label) == (1, "2025–2030")


def test_one_sequence_row_per_unit_type_term(cell) -> None:
    DocumentSequence.objects.create(unit=cell, doc_type="CV", term_label="")
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentSequence.objects.create(unit=cell, doc_type="CV", term_label="")


def test_a_number_is_never_issued_twice(cell) -> None:
    fields = {
        "kind": "CV",
        "unit": cell,
        "term_label": "",
        "number": 1,
        "number_text": "01-CV/CB",
        "issued_on": date(2026, 1, 1),
    }
    GeneratedDocument.objects.create(**fields, template_name="x", template_version="v", sha256="s")
    with pytest.raises(IntegrityError), transaction.atomic():
        GeneratedDocument.objects.create(**fields, template_name="x", template_version="v", sha256="s")


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_get_distinct_numbers(cell) -> None:
    if connection.vendor == "sqlite":
        # The in-memory test database uses a shared cache whose table locks fail fast instead of
        # waiting: the row lock is exercised on PostgreSQL; sequencing and uniqueness are tested above.
        pytest.skip("concurrency is tested on PostgreSQL (SQLite's shared-cache test database locks tables)")
    threads_count = 8
    results: list[int] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(allocate_number(unit=cell, doc_type="TB", on=date(2026, 3, 1)).number)
        except BaseException as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(threads_count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(results) == list(range(1, threads_count + 1))
