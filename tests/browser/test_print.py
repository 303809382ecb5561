"""Printing from Chromium: the name list keeps every column on a landscape A4 page with the header
row on each page, and the class roster's signature block never starts a page alone."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from pypdf import PdfReader

from uommam.documents.pagination import pages_starting_with_signature, pdf_pages
from uommam.reports.tests.helpers import FULL, candidacy, make_student
from uommam.testing.world import PASSWORD, build_world


@pytest.mark.django_db(transaction=True)
def test_printed_name_list_has_every_column_on_landscape_pages(page: Any, live_server: Any, login: Any) -> None:
    world = build_world()
    for index in range(45):  # more than one page
        candidacy(make_student(world.units["S-A"], given=f"Em{index:02d}"), world.units["CB-S-A"], FULL)
    login(page, live_server, "province", PASSWORD)
    unit = world.units["TU-T"].pk
    page.goto(f"{live_server.url}/reports/names/?unit={unit}&stage=admitted&date_from=01/09/2023&date_to=31/08/2024")
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    pages = pdf_pages(pdf, layout=False)
    assert len(pages) > 1
    for lines in pages:
        text = " ".join(" ".join(lines).split())
        # The header row is repeated on every page, with the last columns too (narrow headers wrap:
        # "Lễ kết / nạp", "Chính / thức").
        assert "STT" in text and "Lễ kết" in text and "Chính" in text and "Ghi chú" in text, text
    # Landscape: the page is wider than it is high.
    box = PdfReader(io.BytesIO(pdf)).pages[1].mediabox
    assert box.width > box.height


def _roster_class(world: Any, *, code: str, number: str) -> Any:
    """A class of the district's political centre, in 11/2024, whose roster the tests print."""
    from uommam.training.models import AwarenessClass

    centre = world.units["TTCT-D"]
    return AwarenessClass.objects.create(
        organiser=centre,
        certificate_issuer=centre,
        code=code,
        number=number,
        name=f"Lớp {number}",
        starts_on=dt.date(2024, 11, 11),
        ends_on=dt.date(2024, 11, 15),
    )


@pytest.mark.django_db(transaction=True)
def test_roster_signature_block_never_starts_a_page(page: Any, live_server: Any, login: Any) -> None:
    from uommam.training.models import Enrolment

    world = build_world()
    klass = _roster_class(world, code="LOP-IN", number="01/2024")
    login(page, live_server, "admin", PASSWORD)
    url = f"{live_server.url}/classes/{klass.pk}/print/roster/"
    pages_seen = set()
    alone = []
    for count in range(14, 44):
        person = make_student(world.units["S-A"], given=f"Em{count:02d}")
        Enrolment.objects.create(
            awareness_class=klass, person=person, enrolled_on=dt.date(2024, 11, 1), school=world.units["S-A"]
        )
        page.goto(url)
        pdf = page.pdf(prefer_css_page_size=True)
        pages = pdf_pages(pdf)
        pages_seen.add(len(pages))
        assert any(line.startswith("THỦ TRƯỞNG ĐƠN VỊ") for line in pages[-1])
        if pages_starting_with_signature(pdf, ("Tổng số", "Tổng cộng", "THỦ TRƯỞNG ĐƠN VỊ")):
            alone.append(count)
    assert len(pages_seen) > 1  # the sweep crossed a page break
    assert alone == []


@pytest.mark.django_db(transaction=True)
def test_roster_signature_block_is_not_alone_on_page_three(page: Any, live_server: Any, login: Any) -> None:
    """The list that ends on page 3 (about 56 students) took its signature block there alone, with no row."""
    from uommam.training.models import Enrolment

    world = build_world()
    klass = _roster_class(world, code="LOP-IN3", number="02/2024")
    Enrolment.objects.bulk_create(
        Enrolment(
            awareness_class=klass,
            person=make_student(world.units["S-A"], given=f"Em{count:02d}"),
            enrolled_on=dt.date(2024, 11, 1),
            school=world.units["S-A"],
        )
        for count in range(50)
    )
    login(page, live_server, "admin", PASSWORD)
    url = f"{live_server.url}/classes/{klass.pk}/print/roster/"
    pages_seen, alone = set(), []
    for count in range(50, 62):
        person = make_student(world.units["S-A"], given=f"Em{count:02d}")
        Enrolment.objects.create(
            awareness_class=klass, person=person, enrolled_on=dt.date(2024, 11, 1), school=world.units["S-A"]
        )
        page.goto(url)
        pdf = page.pdf(prefer_css_page_size=True)
        pages = pdf_pages(pdf)
        pages_seen.add(len(pages))
        assert any(line.startswith("THỦ TRƯỞNG ĐƠN VỊ") for line in pages[-1])
        if pages_starting_with_signature(pdf, ("Tổng số", "Tổng cộng", "THỦ TRƯỞNG ĐƠN VỊ")):
            alone.append(count)
    assert 3 in pages_seen and len(pages_seen) > 1  # the sweep crossed the break onto page 3
    assert alone == []
