"""The student registry as its users meet it: search, filters, forms, stale edits, archiving."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from uommam.audit.models import AuditEntry
from uommam.people.models import Person
from uommam.testing.world import World, student

pytestmark = pytest.mark.django_db


def _valid_form(world: World, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "family_name": "hoàng",
        "middle_name": "thị  THU",
        "given_name": "hà",
        "dob": "05/09/2009",
        "sex": "F",
        "ethnicity": "02",
        "citizen_id": "008309012345",
        "school": world.units["S-A"].pk,
        "class_name": "11A2",
        "cohort": "2024",
        "expected_leaving_on": "31/05/2027",
    }
    data.update(changes)
    return data


def test_search_ignores_accents_and_case(world: World, client_for: Callable[[str], Client]) -> None:
    student(world.units["S-A"], "Nguyễn", "Văn", "Đức")
    student(world.units["S-A"], "Nguyễn", "Thị", "Lan")
    body = client_for("cell_a").get(reverse("people:list"), {"q": "NGUYEN van"}).content.decode()
    assert "Nguyễn Văn Đức" in body
    assert "Nguyễn Thị Lan" not in body


def test_search_by_citizen_id_prefix(world: World, client_for: Callable[[str], Client]) -> None:
    body = client_for("cell_a").get(reverse("people:list"), {"q": "0083081"}).content.decode()
    assert world.students["a"].full_name in body


def test_filters_by_class_cohort_and_youth_union(world: World, client_for: Callable[[str], Client]) -> None:
    school = world.units["S-A"]
    student(school, "Lý", "Văn", "Quân", class_name="10A3", cohort=2025, youth_union_joined_on=None)
    client = client_for("cell_a")
    body = client.get(reverse("people:list"), {"class_name": "10a3"}).content.decode()
    assert "Lý Văn Quân" in body and world.students["a"].full_name not in body
    body = client.get(reverse("people:list"), {"youth_union": "no"}).content.decode()
    assert "Lý Văn Quân" in body and world.students["a"].full_name not in body
    body = client.get(reverse("people:list"), {"cohort": "2023"}).content.decode()
    assert "Lý Văn Quân" not in body and world.students["a"].full_name in body


def test_htmx_search_returns_only_the_results_fragment(world: World, client_for: Callable[[str], Client]) -> None:
    response = client_for("cell_a").get(reverse("people:list"), {"q": "ma thi"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert world.students["a"].full_name in body
    assert "<html" not in body


def test_list_is_paginated_in_vietnamese_name_order(
    world: World, client_for: Callable[[str], Client], settings
) -> None:
    settings.UOMMAM_PAGE_SIZE = 2
    school = world.units["S-A"]
    for given in ("Yến", "Bình", "Ánh"):
        student(school, "Hà", "Thị", given)
    first_page = client_for("cell_a").get(reverse("people:list")).content.decode()
    # Ánh (Hà Thị) < Ánh (Ma Thị) < Bình < Yến: the first page holds the two Ánh.
    assert first_page.index("Hà Thị Ánh") < first_page.index("Ma Thị Ánh")
    assert "Bình" not in first_page
    second = client_for("cell_a").get(reverse("people:list"), {"page": 2}).content.decode()
    assert "Hà Thị Bình" in second and "Hà Thị Yến" in second


def test_cell_secretary_adds_a_student_with_names_normalised_and_audited(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("cell_a").post(reverse("people:create"), _valid_form(world))
    person = Person.objects.get(citizen_id="008309012345")
    assert response.status_code == 302
    assert person.full_name == "Hoàng Thị Thu Hà"
    assert person.created_by == world.users["cell_a"]
    entry = AuditEntry.objects.get(model="people.Person", object_pk=str(person.pk), action="create")
    assert entry.actor == world.users["cell_a"]


def test_bad_input_gets_vietnamese_messages_and_writes_nothing(
    world: World, client_for: Callable[[str], Client]
) -> None:
    before = Person.objects.count()
    with translation.override("vi"):
        response = client_for("cell_a").post(
            reverse("people:create"),
            _valid_form(world, dob="31/02/2009", citizen_id="12345", given_name=""),
            HTTP_ACCEPT_LANGUAGE="vi",
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nhập ngày theo dạng ngày/tháng/năm" in body
    assert "Chưa có dữ liệu nào được lưu" in body
    assert Person.objects.count() == before


def test_month_first_dates_are_never_guessed(world: World, client_for: Callable[[str], Client]) -> None:
    client_for("cell_a").post(reverse("people:create"), _valid_form(world, dob="05/09/2009"))
    assert Person.objects.get(citizen_id="008309012345").dob == date(2009, 9, 5)


def test_citizen_id_that_lost_its_leading_zero_is_restored_with_a_warning(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("cell_a").post(
        reverse("people:create"), _valid_form(world, citizen_id="8309012345"), follow=True
    )
    assert Person.objects.filter(citizen_id="008309012345").exists()
    assert any(m.level_tag == "warning" for m in response.context["messages"])


def test_cell_secretary_cannot_file_a_student_into_a_sibling_school(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("cell_a").post(reverse("people:create"), _valid_form(world, school=world.units["S-B"].pk))
    assert response.status_code == 200
    assert not Person.objects.filter(citizen_id="008309012345").exists()


def test_stale_edit_keeps_the_users_input_and_shows_the_other_change(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = world.students["a"]
    url = reverse("people:edit", args=[person.pk])
    form = client_for("cell_a").get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"dob": "17/05/2008", "expected_leaving_on": "31/05/2026", "youth_union_joined_on": "26/03/2023"})
    # Someone else saves first.
    other = client_for("youth_a")
    other_data = dict(data, class_name="12A9")
    assert other.post(url, other_data).status_code == 302
    # The first user's save is refused, their input kept.
    response = client_for("cell_a").post(url, dict(data, phone="0912345678"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="stale-warning"' in body
    assert "0912345678" in body
    person.refresh_from_db()
    assert person.class_name == "12A9" and person.phone == ""


def test_archived_students_leave_the_list_but_keep_their_history(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = world.students["a"]
    client = client_for("cell_a")
    client.post(reverse("people:archive", args=[person.pk]))
    assert person.full_name not in client.get(reverse("people:list")).content.decode()
    assert person.full_name in client.get(reverse("people:list"), {"archived": "on"}).content.decode()
    assert Person.objects.filter(pk=person.pk).exists()
    assert AuditEntry.objects.filter(object_pk=str(person.pk), action="archive").exists()


def test_viewer_sees_no_edit_button(world: World, client_for: Callable[[str], Client]) -> None:
    body = client_for("viewer").get(reverse("people:detail", args=[world.students["a"].pk])).content.decode()
    assert reverse("people:edit", args=[world.students["a"].pk]) not in body


def test_the_school_list_shows_current_students_and_alumni_on_request_with_their_status(
    world: World, client_for: Callable[[str], Client]
) -> None:
    school = world.units["S-A"]
    student(school, "Hoàng", "Văn", "Đang", left_school_on=None)
    student(school, "Hoàng", "Thị", "Đãra", left_school_on=date(2021, 5, 31))
    client = client_for("cell_a")
    with translation.override("vi"):
        default = client.get(reverse("people:list")).content.decode()
        alumni = client.get(reverse("people:list"), {"status": "left"}).content.decode()
        everyone = client.get(reverse("people:list"), {"status": "all"}).content.decode()
    assert "Hoàng Văn Đang" in default and "Hoàng Thị Đãra" not in default
    assert "Hoàng Thị Đãra" in alumni and "Hoàng Văn Đang" not in alumni
    assert "ra trường ngày 31/05/2021" in alumni
    assert "Hoàng Văn Đang" in everyone and "Hoàng Thị Đãra" in everyone


def test_a_graduate_whose_expected_leaving_date_passed_is_alumni_without_a_typed_departure(
    world: World, client_for: Callable[[str], Client]
) -> None:
    school = world.units["S-A"]
    today = timezone.localdate()
    student(school, "Hoàng", "Văn", "Hômnay", expected_leaving_on=today)  # the last school day: still at school
    graduate = today - timedelta(days=200)
    student(school, "Hoàng", "Thị", "Tốtnghiệp", expected_leaving_on=graduate, left_school_on=None)
    client = client_for("cell_a")
    with translation.override("vi"):
        default = client.get(reverse("people:list")).content.decode()
        alumni = client.get(reverse("people:list"), {"status": "left"}).content.decode()
    assert "Hoàng Văn Hômnay" in default and "Hoàng Thị Tốtnghiệp" not in default
    assert "Hoàng Thị Tốtnghiệp" in alumni and "Hoàng Văn Hômnay" not in alumni
    assert f"ra trường ngày {graduate:%d/%m/%Y}" in alumni


def test_a_youth_union_date_before_birth_is_refused_with_both_dates_and_the_right_one_saves(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("cell_a")
    with translation.override("vi"):
        refused = client.post(reverse("people:create"), _valid_form(world, youth_union_joined_on="26/03/2005"))
    body = refused.content.decode()
    assert refused.status_code == 200 and "26/03/2005" in body and "05/09/2009" in body
    assert not Person.objects.filter(given_name="Hà").exists()
    saved = client.post(reverse("people:create"), _valid_form(world, youth_union_joined_on="26/03/2024"))
    assert saved.status_code == 302
    assert Person.objects.get(given_name="Hà").youth_union_joined_on == date(2024, 3, 26)
