from __future__ import annotations

import pytest

from uommam.orgs.models import OrgUnit, UnitKind
from uommam.orgs.services import orgunit_create


@pytest.fixture
def cell(db: None) -> OrgUnit:
    province = orgunit_create(code="TU-T", name="Tỉnh ủy Tuyên Quang", kind=UnitKind.PROVINCIAL_COMMITTEE)
    commune = orgunit_create(
        parent=province,
        code="DU-A",
        name="Đảng ủy xã Chiêm Hóa",
        kind=UnitKind.COMMUNE_COMMITTEE,
        place_name="Chiêm Hóa",
    )
    school = orgunit_create(parent=commune, code="S-A", name="Trường THPT Chiêm Hóa", kind=UnitKind.SCHOOL)
    return orgunit_create(
        parent=school,
        code="CB-A",
        name="Chi bộ Trường THPT Chiêm Hóa",
        kind=UnitKind.CELL,
        school=school,
        superior_committee=commune,
        document_code="CB",
        place_name="Chiêm Hóa",
    )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
