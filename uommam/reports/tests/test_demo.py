"""On the demo: the article's figures for Huyện ủy Chiêm Hóa, 01/08/2020–30/06/2025 — 10 classes, 371
certified, 12 admitted, 3,2 % — with and without "Số liệu tính đến ngày 30/06/2025", on the page, in
`manage.py report funnel --json` and in the .docx and .pdf."""

from __future__ import annotations

import io
import json
import shutil
import subprocess

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse

from uommam.accounts.models import User
from uommam.orgs.models import OrgUnit
from uommam.testing.libreoffice import require_libreoffice
from uommam.vn.numbers import format_percent

PERIOD = ["--unit", "HU-CHIEMHOA", "--from", "2020-08-01", "--to", "2025-06-30"]
AS_OF = [[], ["--as-of", "2025-06-30"]]


@pytest.mark.django_db
@pytest.mark.parametrize("as_of", AS_OF, ids=["today", "as-of-30-06-2025"])
def test_chiem_hoa_funnel_shows_the_articles_figures(demo, capsys, as_of):
    call_command("report", "funnel", *PERIOD, *as_of)
    data = json.loads(capsys.readouterr().out)
    assert data["classes"] == 10
    assert data["stages"]["certified"] == 371
    assert data["stages"]["admitted"] == 12
    assert format_percent(data["rates"]["admission_rate"]) == "3,2%"


@pytest.mark.django_db
@pytest.mark.parametrize("as_of", ["", "30/06/2025"], ids=["today", "as-of-30-06-2025"])
def test_chiem_hoa_dashboard_shows_the_articles_figures(demo, client, as_of):
    admin = User.objects.create_superuser(username="demo-acceptance", password="x-demo-acceptance-2026")
    client.force_login(admin)
    unit = OrgUnit.objects.get(code="HU-CHIEMHOA")
    query = {"unit": unit.pk, "date_from": "01/08/2020", "date_to": "30/06/2025", "as_of": as_of}
    html = client.get(reverse("reports:dashboard"), query).content.decode()
    assert 'data-testid="classes">10<' in html
    assert 'data-testid="certified">371<' in html
    assert 'data-testid="admitted">12<' in html
    assert 'data-testid="admission-rate">3,2%<' in html


@pytest.mark.django_db
@pytest.mark.parametrize("as_of", AS_OF, ids=["today", "as-of-30-06-2025"])
def test_chiem_hoa_report_docx_says_so(demo, tmp_path, as_of):
    target = tmp_path / "report.docx"
    call_command("report", "funnel", *PERIOD, *as_of, "--format", "docx", "-o", str(target), stderr=io.StringIO())
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Đã mở 10 lớp bồi dưỡng nhận thức về Đảng" in text
    assert "371 học sinh được cấp giấy chứng nhận" in text
    assert "12 đồng chí, đạt tỷ lệ 3,2% (12/371)" in text


@pytest.mark.django_db
@pytest.mark.libreoffice
def test_chiem_hoa_report_pdf_says_so(demo, tmp_path):
    require_libreoffice()
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed to read the PDF")
    target = tmp_path / "report.pdf"
    call_command("report", "funnel", *PERIOD, *AS_OF[1], "--format", "pdf", "-o", str(target), stderr=io.StringIO())
    text = " ".join(subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout.split())
    assert "Đã mở 10 lớp bồi dưỡng nhận thức về Đảng" in text
    assert "371 học sinh được cấp giấy chứng nhận" in text
    assert "3,2% (12/371)" in text
