"""The report pages through the client: scope, query count, targets, downloads."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from uommam.audit.models import AuditEntry
from uommam.reports.models import Target
from uommam.testing.libreoffice import require_libreoffice
from uommam.testing.world import PASSWORD

from .helpers import FULL, aware, candidacy, make_student

D = dt.date
PERIOD = {"date_from": "2023-09-01", "date_to": "2024-08-31", "as_of": "2026-01-01"}


@pytest.fixture
def filled(world):
    a, b = world.units["S-A"], world.units["S-B"]
    candidacy(make_student(a, given="Bình", ethnicity="01"), world.units["CB-S-A"], FULL, helper=world.members["a"])
    candidacy(make_student(a, given="An"), world.units["CB-S-A"], FULL[:3], notes='=HYPERLINK("x")')
    candidacy(make_student(b, given="Cúc"), world.units["CB-S-B"], FULL)
    return world


def client_for(client, world, persona):
    client.force_login(world.users[persona])
    return client


def params(world, code, **extra):
    return {"unit": world.units[code].pk, **PERIOD, **extra}


class TestScope:
    def test_district_officer_sees_the_closed_district_figures(self, client, filled):
        response = client_for(client, filled, "district").get(reverse("reports:dashboard"), params(filled, "HU-D"))
        assert response.status_code == 200
        assert response.context["funnel"].stages["admitted"] == 2

    def test_cell_secretary_gets_404_for_the_sibling_school(self, client, filled):
        response = client_for(client, filled, "cell_a").get(reverse("reports:dashboard"), params(filled, "S-B"))
        assert response.status_code == 404

    def test_commune_officer_gets_404_for_the_province(self, client, filled):
        c = client_for(client, filled, "commune_a")
        for name in ("reports:dashboard", "reports:export_funnel_xlsx", "reports:report_docx", "reports:names"):
            assert c.get(reverse(name), params(filled, "TU-T")).status_code == 404

    def test_default_unit_is_the_users_own(self, client, filled):
        response = client_for(client, filled, "commune_a").get(reverse("reports:dashboard"))
        assert response.context["funnel"].unit.code == "DU-A"

    def test_unit_selector_lists_closed_units_in_scope(self, client, filled):
        response = client_for(client, filled, "province").get(reverse("reports:dashboard"))
        labels = [u["label"] for u in response.context["units"]]
        assert any("Huyện ủy Thử nghiệm" in label and "30/06/2025" in label for label in labels)

    def test_htmx_request_gets_only_the_report_fragment(self, client, filled):
        response = client_for(client, filled, "province").get(
            reverse("reports:dashboard"), params(filled, "TU-T"), HTTP_HX_REQUEST="true"
        )
        html = response.content.decode()
        assert 'id="report"' in html and "<html" not in html


def test_dashboard_query_count_does_not_grow_with_data(client, filled, django_assert_max_num_queries):
    c = client_for(client, filled, "province")
    url = reverse("reports:dashboard")
    with django_assert_max_num_queries(20):
        c.get(url, params(filled, "TU-T"))
    for i in range(15):
        school = filled.units["S-A" if i % 2 else "S-B"]
        candidacy(make_student(school, cohort=2020 + i % 4), filled.units[f"CB-{school.code}"], FULL)
    with django_assert_max_num_queries(20):
        response = c.get(url, params(filled, "TU-T"))
    assert response.context["funnel"].stages["admitted"] == 17


def test_dashboard_shows_the_figures_in_accessible_tables(client, filled):
    html = (
        client_for(client, filled, "province")
        .get(reverse("reports:dashboard"), params(filled, "TU-T"))
        .content.decode()
    )
    assert 'data-testid="funnel-table"' in html and "<caption>" in html
    assert 'data-testid="admission-rate">66,7%' in html
    # Every breakdown ends with its total, equal to the sum of its rows (targets are not summed).
    assert html.count('data-testid="total-row"') == 5
    assert "data-chart=" in html and "<script>" not in html


class TestTargets:
    def test_cell_secretary_cannot_set_targets(self, client, filled):
        c = client_for(client, filled, "cell_a")
        response = c.post(
            reverse("reports:targets"),
            {
                "unit": filled.units["CB-S-A"].pk,
                "school_year": "2025-2026",
                "students_to_class": 5,
                "students_to_admit": 1,
            },
        )
        assert response.status_code == 403
        assert not Target.objects.exists()

    def test_committee_officer_sets_targets_for_units_below_only(self, client, filled):
        c = client_for(client, filled, "commune_a")
        data = {"school_year": "2023-2024", "students_to_class": 10, "students_to_admit": 4}
        response = c.post(reverse("reports:targets"), {"unit": filled.units["CB-S-A"].pk, **data})
        assert response.status_code == 302
        own = c.post(reverse("reports:targets"), {"unit": filled.units["DU-A"].pk, **data})
        sibling = c.post(reverse("reports:targets"), {"unit": filled.units["CB-S-B"].pk, **data})
        school = c.post(reverse("reports:targets"), {"unit": filled.units["S-A"].pk, **data})
        assert own.status_code == sibling.status_code == school.status_code == 200  # form error: not a choice
        assert list(Target.objects.values_list("unit__code", flat=True)) == ["CB-S-A"]
        assert AuditEntry.objects.filter(model__iexact="reports.target").exists()

    def test_a_school_holds_no_target_its_cell_does(self, filled):
        from django.core.exceptions import ValidationError

        from uommam.reports.services import target_set

        with pytest.raises(ValidationError):
            target_set(
                unit=filled.units["S-A"],
                school_year="2023-2024",
                students_to_class=4,
                students_to_admit=2,
                actor=filled.users["province"],
            )
        assert not Target.objects.exists()

    def test_a_committees_target_is_its_own_never_the_sum_of_its_childrens(self, client, filled):
        from uommam.reports.services import target_set

        province = filled.users["province"]
        target_set(
            unit=filled.units["DU-A"], school_year="2023-2024", students_to_class=9, students_to_admit=3, actor=province
        )
        target_set(
            unit=filled.units["CB-S-A"],
            school_year="2023-2024",
            students_to_class=4,
            students_to_admit=2,
            actor=province,
        )
        response = client_for(client, filled, "commune_a").get(reverse("reports:dashboard"), params(filled, "DU-A"))
        funnel = response.context["funnel"]
        assert funnel.targets["students_to_admit"] == 3 and funnel.targets["students_to_class"] == 9
        school_a = next(row for row in funnel.by_school if row.label == "Trường THPT A")
        assert school_a.target_admit == 2
        # The province has no target of its own: its cells' targets are not added up into one.
        tu = client.get(reverse("reports:dashboard"), params(filled, "TU-T"))
        assert tu.status_code == 404 or tu.context["funnel"].targets["students_to_admit"] is None
        client.force_login(province)
        assert (
            client.get(reverse("reports:dashboard"), params(filled, "TU-T"))
            .context["funnel"]
            .targets["students_to_admit"]
            is None
        )

    def test_multi_year_targets_add_up_name_the_years_without_and_compare_the_same_years(self, client, filled):
        from uommam.reports.services import target_set

        province = filled.users["province"]
        target_set(
            unit=filled.units["DU-A"], school_year="2023-2024", students_to_class=9, students_to_admit=3, actor=province
        )
        target_set(
            unit=filled.units["DU-A"], school_year="2024-2025", students_to_class=5, students_to_admit=1, actor=province
        )
        # Admitted on 01/04/2024 (in 2023-2024), a period from 01/08/2022 to 30/06/2025.
        period = {"date_from": "2022-08-01", "date_to": "2025-06-30", "as_of": "2026-01-01"}
        response = client_for(client, filled, "commune_a").get(
            reverse("reports:dashboard"), {"unit": filled.units["DU-A"].pk, **period}
        )
        targets = response.context["funnel"].targets
        assert targets["school_years"] == ["2021-2022", "2022-2023", "2023-2024", "2024-2025"]
        assert targets["students_to_class"] == 14 and targets["students_to_admit"] == 4
        assert targets["years_without_target"] == ["2021-2022", "2022-2023"]
        assert targets["admitted_in_those_years"] == 1
        assert "2021-2022, 2022-2023" in response.content.decode()

    def test_a_targets_actual_is_the_same_whoever_looks(self, client, filled):
        from uommam.reports.services import target_set

        target_set(
            unit=filled.units["DU-A"],
            school_year="2023-2024",
            students_to_class=9,
            students_to_admit=3,
            actor=filled.users["province"],
        )
        seen = {}
        for persona in ("province", "commune_a", "viewer"):
            client.force_login(filled.users[persona])
            rows = client.get(reverse("reports:targets")).context["targets"]
            seen[persona] = [(t.unit.code, t.progress) for t in rows]
        assert seen["province"] == seen["commune_a"] == seen["viewer"] == [("DU-A", (2, 1))]


class TestExports:
    def test_funnel_xlsx_has_real_numbers_frozen_header_and_is_journaled(self, client, filled):
        response = client_for(client, filled, "province").get(
            reverse("reports:export_funnel_xlsx"), params(filled, "TU-T", purpose="filing")
        )
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        sheet = book["Tổng hợp"]
        assert sheet.freeze_panes == "A4"
        values = {row[0]: row[1:] for row in sheet.iter_rows(min_row=4, values_only=True)}
        assert values["Được cấp giấy chứng nhận"][0] == 3
        assert values["Có quyết định kết nạp"][0] == 2
        assert values["Tỷ lệ kết nạp (kết nạp ÷ được cấp giấy chứng nhận)"][1] == pytest.approx(2 / 3)
        assert [c.value for c in sheet[3]][:3] == ["Chỉ tiêu thống kê", "Số lượng", "Tỷ lệ"]
        # Print-ready: A4, every column on the page width, the heading and header rows on every page.
        assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$3"
        assert AuditEntry.objects.filter(action="export", object_repr__startswith="funnel.xlsx").count() == 1

    def test_name_list_xlsx_sorted_vietnamese_way_with_dates_and_no_formulas(self, client, filled):
        response = client_for(client, filled, "province").get(
            reverse("reports:export_names_xlsx"), params(filled, "TU-T", stage="certified", purpose="filing")
        )
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(min_row=4, values_only=True))
        assert [r[1].split()[-1] for r in rows] == ["An", "Bình", "Cúc"]
        assert isinstance(rows[1][2], dt.datetime) and sheet.cell(row=5, column=3).number_format == "dd/mm/yyyy"
        assert rows[0][13] == '\'=HYPERLINK("x")'
        assert rows[1][8] == "Nông Văn GiúpA"
        assert sheet.freeze_panes == "A4"

    def test_report_download_before_issue_is_a_draft_without_number(self, client, filled):
        import docx

        from uommam.documents.models import DocumentSequence, GeneratedDocument

        response = client_for(client, filled, "province").get(
            reverse("reports:report_docx"), params(filled, "TU-T", purpose="filing")
        )
        assert response.status_code == 200
        parsed = docx.Document(io.BytesIO(response.content))
        text = "\n".join(_docx_text(parsed))
        assert "DỰ THẢO" in "\n".join(p.text for s in parsed.sections for p in s.header.paragraphs)
        assert "01-BC" not in text and "-BC/TU" in text
        assert "3 học sinh được cấp giấy chứng nhận" in text
        assert "kết nạp vào Đảng: 2 đồng chí, đạt tỷ lệ 66,7% (2/3)" in text
        assert not GeneratedDocument.objects.exists() and not DocumentSequence.objects.exists()

    def test_an_officer_issues_by_post_with_a_purpose_and_gets_the_next_number(self, client, filled):
        from uommam.documents.models import GeneratedDocument

        c = client_for(client, filled, "province")
        assert c.get(reverse("reports:issue"), params(filled, "TU-T", purpose="filing")).status_code == 405
        prompt = c.post(reverse("reports:issue"), params(filled, "TU-T"))
        assert prompt.status_code == 200 and not GeneratedDocument.objects.exists()  # asked for the purpose
        first = c.post(reverse("reports:issue"), params(filled, "TU-T", purpose="report"))
        assert first.status_code == 302
        document = GeneratedDocument.objects.get()
        assert document.number_text == "01-BC/TU" and document.unit == filled.units["TU-T"]
        assert AuditEntry.objects.filter(action="generate", note__contains="01-BC/TU").exists()
        # The same report again that day is the same document; another period takes the next number.
        c.post(reverse("reports:issue"), params(filled, "TU-T", purpose="report"))
        c.post(reverse("reports:issue"), params(filled, "TU-T", purpose="report", date_from="2023-10-01"))
        assert sorted(GeneratedDocument.objects.values_list("number_text", flat=True)) == ["01-BC/TU", "02-BC/TU"]

    def test_issued_document_downloads_again_unchanged_also_for_a_viewer(
        self, client, filled, settings, tmp_path, django_capture_on_commit_callbacks
    ):
        from uommam.documents.models import GeneratedDocument
        from uommam.reports.documents import report_issue
        from uommam.reports.funnel import compute_funnel

        settings.MEDIA_ROOT = tmp_path
        funnel = compute_funnel(unit=filled.units["TU-T"], date_from=D(2023, 9, 1), date_to=D(2024, 8, 31))
        with django_capture_on_commit_callbacks(execute=True):  # the issue commits: its file is stored
            document = report_issue(funnel=funnel, actor=filled.users["province"])
        issued = document.docx_bytes
        url = reverse("reports:issued_download", args=[document.pk, "docx"])
        viewer = client_for(client, filled, "viewer")
        listing = viewer.get(reverse("reports:documents"))
        assert "01-BC/TU" in listing.content.decode()
        assert viewer.get(url, {"purpose": "filing"}).content == issued
        client.force_login(filled.users["province"])
        assert client.get(url, {"purpose": "filing"}).content == issued
        assert GeneratedDocument.objects.count() == 1
        client.force_login(filled.users["viewer_b"])
        assert client.get(url, {"purpose": "filing"}).status_code == 404

    def test_a_viewers_get_creates_nothing_and_drafts_are_refused(self, client, filled):
        from uommam.documents.models import DocumentSequence, GeneratedDocument

        viewer = client_for(client, filled, "viewer")
        for name in ("reports:report_docx", "reports:report_pdf", "reports:export_funnel_xlsx"):
            assert viewer.get(reverse(name), params(filled, "TU-T", purpose="filing")).status_code == 403
        assert viewer.post(reverse("reports:issue"), params(filled, "TU-T", purpose="filing")).status_code == 403
        page = viewer.get(reverse("reports:dashboard"), params(filled, "TU-T"))
        assert page.status_code == 200 and 'data-testid="issue-form"' not in page.content.decode()
        assert not GeneratedDocument.objects.exists() and not DocumentSequence.objects.exists()

    def test_youth_union_and_cell_of_another_school_may_not_issue(self, client, filled):
        for persona, code in (("youth_a", "S-A"), ("cell_b", "CB-S-A")):
            c = client_for(client, filled, persona)
            status = c.post(reverse("reports:issue"), params(filled, code, purpose="filing")).status_code
            assert status in (403, 404), persona

    @pytest.mark.libreoffice
    def test_report_pdf_draft_text(self, client, filled):
        require_libreoffice()
        from pypdf import PdfReader

        response = client_for(client, filled, "province").get(
            reverse("reports:report_pdf"), params(filled, "TU-T", purpose="filing")
        )
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        assert "66,7%" in text and "DỰ THẢO" in text and "01-BC" not in text


def _docx_text(document):
    for paragraph in document.paragraphs:
        yield paragraph.text
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield cell.text


@pytest.mark.libreoffice
@pytest.mark.parametrize("name,suffix", [("reports:export_funnel_xlsx", "xlsx"), ("reports:report_docx", "docx")])
def test_libreoffice_opens_the_generated_file(client, filled, tmp_path, name, suffix):
    soffice = require_libreoffice()
    response = client_for(client, filled, "district").get(reverse(name), params(filled, "HU-D", purpose="filing"))
    source = tmp_path / f"generated.{suffix}"
    source.write_bytes(response.content)
    profile = tmp_path / "profile"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "generated.pdf").stat().st_size > 1000


def test_monthly_review_lists_who_joined_and_moved_on(client, filled):
    response = client_for(client, filled, "province").get(
        reverse("reports:review"), {"unit": filled.units["TU-T"].pk, "month": "2023-11"}
    )
    review = response.context["review"]
    assert len(review.moved_on) == 3 and not review.added
    october = client.get(reverse("reports:review"), {"unit": filled.units["TU-T"].pk, "month": "2023-10"})
    assert len(october.context["review"].added) == 3
    assert october.context["review"].on_list_after == 3


def test_monthly_review_exports_to_excel_word_and_pdf(client, filled):
    import docx

    c = client_for(client, filled, "province")
    query = {"unit": filled.units["TU-T"].pk, "month": "2023-10", "purpose": "filing"}
    sheet = load_workbook(io.BytesIO(c.get(reverse("reports:export_review", args=["xlsx"]), query).content)).active
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert [r[0] for r in rows] == ["Được đưa vào danh sách cảm tình Đảng"] * 3
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4) and sheet.print_title_rows == "$1:$4"
    parsed = docx.Document(io.BytesIO(c.get(reverse("reports:export_review", args=["docx"]), query).content))
    text = "\n".join(p.text for p in parsed.paragraphs)
    assert "Được đưa vào danh sách cảm tình Đảng: 3" in text and "3 cuối tháng" in text
    assert parsed.tables[0].rows[0]._tr.trPr.xml.count("tblHeader") == 1
    assert AuditEntry.objects.filter(action="export", object_repr__startswith="review.").count() == 2
    viewer = client_for(client, filled, "viewer")
    assert viewer.get(reverse("reports:export_review", args=["xlsx"]), query).status_code == 403


@pytest.mark.libreoffice
def test_monthly_review_pdf(client, filled):
    require_libreoffice()
    c = client_for(client, filled, "province")
    query = {"unit": filled.units["TU-T"].pk, "month": "2023-10", "purpose": "filing"}
    response = c.get(reverse("reports:export_review", args=["pdf"]), query)
    assert response.content.startswith(b"%PDF")


def test_dashboard_takes_both_time_axes(client, filled):
    from uommam.pipeline.models import CandidateEvent

    # Everything was typed on the day it happened (helpers.candidacy); one decision only in 2025.
    CandidateEvent.objects.filter(to_stage="decided").update(at=aware(D(2025, 1, 10)))
    c = client_for(client, filled, "province")
    unit = filled.units["TU-T"].pk
    cut = c.get(reverse("reports:dashboard"), {"unit": unit, **PERIOD, "as_of": "30/04/2024"})
    assert cut.context["funnel"].stages["admitted"] == 2 and cut.context["funnel"].recorded_on is None
    then = c.get(
        reverse("reports:dashboard"), {"unit": unit, **PERIOD, "as_of": "30/04/2024", "recorded_on": "30/04/2024"}
    )
    assert then.context["funnel"].stages["admitted"] == 0 and then.context["funnel"].stages["certified"] == 3
    assert "theo dữ liệu ghi nhận đến ngày 30/04/2024" in then.content.decode()


def test_name_list_page(client, filled):
    response = client_for(client, filled, "cell_a").get(
        reverse("reports:names"), params(filled, "S-A", stage="admitted")
    )
    assert [r.candidate.person.given_name for r in response.context["rows"]] == ["Bình"]
    assert "01/03/2007" in response.content.decode()


def test_password_is_the_worlds(filled):
    assert PASSWORD


def test_report_command_json_is_exactly_the_documented_shape(filled, capsys):
    import json

    from django.core.management import call_command

    call_command("report", "funnel", "--unit", "HU-D", "--from", "2023-09-01", "--to", "2024-08-31")
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"unit", "from", "to", "classes", "stages", "rates", "targets"}
    assert data["stages"]["certified"] == 3 and data["stages"]["admitted"] == 2
    assert data["rates"]["admission_rate"] == pytest.approx(2 / 3, abs=1e-6)


def test_report_command_writes_xlsx_and_docx(filled, tmp_path):
    import docx
    from django.core.management import call_command

    for fmt in ("xlsx", "docx"):
        call_command(
            "report",
            "funnel",
            "--unit",
            "HU-D",
            "--from",
            "2023-09-01",
            "--to",
            "2024-08-31",
            "--format",
            fmt,
            "-o",
            str(tmp_path / f"r.{fmt}"),
        )
    assert load_workbook(tmp_path / "r.xlsx")["Tổng hợp"]["A3"].value == "Chỉ tiêu thống kê"
    assert any("66,7%" in p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs)


def test_an_issued_report_whose_figures_changed_is_marked_corrected_and_its_file_is_unchanged(
    client, filled, settings, tmp_path, django_capture_on_commit_callbacks
):
    from uommam.reports.documents import report_issue
    from uommam.reports.funnel import compute_funnel

    settings.MEDIA_ROOT = tmp_path
    funnel = compute_funnel(unit=filled.units["TU-T"], date_from=D(2023, 9, 1), date_to=D(2024, 8, 31))
    with django_capture_on_commit_callbacks(execute=True):
        document = report_issue(funnel=funnel, actor=filled.users["province"])
    issued = document.docx_bytes
    officer = client_for(client, filled, "province")
    listing = officer.get(reverse("reports:documents"))
    assert "01-BC/TU" in listing.content.decode() and 'data-testid="corrected"' not in listing.content.decode()

    # A certificate of the period is entered late: the issued figures no longer hold.
    candidacy(make_student(filled.units["S-B"], given="Dũng"), filled.units["CB-S-B"], FULL[:3])
    listing = officer.get(reverse("reports:documents"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'data-testid="corrected"' in listing
    certified = funnel.stages["certified"]
    assert f"{certified} khi ban hành, {certified + 1} hiện nay" in listing
    url = reverse("reports:issued_download", args=[document.pk, "docx"])
    assert officer.get(url, {"purpose": "filing"}).content == issued
