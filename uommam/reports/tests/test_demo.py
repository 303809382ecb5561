"""On the demo: the article's figures, counted from the raw records, in the funnel and the report."""

from __future__ import annotations

import datetime as dt
import io
import json

import docx
import pytest
from django.core.management import call_command

from uommam.orgs.models import OrgUnit
from uommam.reports.documents import report_docx, report_issue
from uommam.reports.funnel import compute_funnel
from uommam.vn.numbers import format_percent


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
def test_chiem_hoa_funnel_shows_the_articles_figures(demo, capsys):
    call_command("report", "funnel", "--unit", "HU-CHIEMHOA", "--from", "2020-08-01", "--to", "2025-06-30")
    data = json.loads(capsys.readouterr().out)
    assert data["classes"] == 10
    assert data["stages"]["certified"] == 371
    assert data["stages"]["admitted"] == 12
    assert format_percent(data["rates"]["admission_rate"]) == "3,2%"


@pytest.mark.django_db
def test_chiem_hoa_report_docx_says_so(demo):
    funnel = compute_funnel(
        unit=OrgUnit.objects.get(code="HU-CHIEMHOA"), date_from=dt.date(2020, 8, 1), date_to=dt.date(2025, 6, 30)
    )
    document = report_issue(funnel=funnel, actor=None)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(report_docx(document))).paragraphs)
    assert "Đã mở 10 lớp bồi dưỡng nhận thức về Đảng" in text
    assert "371 học sinh được cấp giấy chứng nhận" in text
    assert "12 đồng chí, đạt tỷ lệ 3,2%" in text
    assert document.number_text.endswith("-BC/HU")
