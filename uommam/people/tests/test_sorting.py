"""Names sort the Vietnamese way in the database itself, identically on SQLite and PostgreSQL
(CI runs this file on both). The order is written out by hand, as a Vietnamese reader expects."""

from __future__ import annotations

import random

import pytest

from uommam.people.models import Person
from uommam.testing.world import World, student

# (family, middle, given) in the expected order: given name first (letters, then tones), then family
# name, then middle name.
EXPECTED = [
    ("Lê", "Thị", "An"),
    ("Đỗ", "Văn", "An Bình"),  # two-word given name: "An Bình" after "An", before "Anh"
    ("Lê", "Thị", "Anh"),
    ("Lê", "Thị Ngọc", "Anh"),  # same given and family: middle decides, shorter first
    ("Nguyễn", "Văn", "Anh"),
    ("Hoàng", "Văn", "Ảnh"),  # tones in order: ngang < huyền < hỏi < ngã < sắc < nặng
    ("Bùi", "Thị", "Ánh"),
    ("Triệu", "Thị", "Ạnh"),
    ("Lò", "Văn", "Ăn"),  # a < ă < â
    ("Bùi", "Thị", "Ân"),
    ("Hà", "Thị", "Dung"),
    ("Dương", "Văn", "Đức"),  # d < đ
    ("Đặng", "Văn", "Đức"),  # then family: Dương before Đặng because d < đ
    ("Ma", "Thị", "Ngọc Anh"),
    ("Vàng", "A", "Páo"),
    ("Lý", "Thị", "Thu"),
    ("Hoàng", "Văn", "Thư"),  # u < ư
    ("Giàng", "Seo", "Ước"),  # ư after u, even at the start
]


@pytest.mark.django_db
def test_database_orders_tricky_names_the_vietnamese_way(world: World) -> None:
    school = world.units["S-A"]
    shuffled = EXPECTED[:]
    random.Random(7).shuffle(shuffled)
    for family, middle, given in shuffled:
        student(school, family, middle, given)
    rows = Person.objects.filter(school=school).exclude(pk=world.students["a"].pk).vn_ordered()
    assert [(p.family_name, p.middle_name, p.given_name) for p in rows] == EXPECTED


@pytest.mark.django_db
def test_decomposed_input_sorts_and_searches_like_composed(world: World) -> None:
    import unicodedata

    school = world.units["S-A"]
    nfd = student(school, unicodedata.normalize("NFD", "Nguyễn"), "Văn", unicodedata.normalize("NFD", "Đức"))
    nfd.refresh_from_db()
    assert nfd.full_name == "Nguyễn Văn Đức"  # stored NFC
    assert list(Person.objects.search("nguyen van duc")) == [nfd]
