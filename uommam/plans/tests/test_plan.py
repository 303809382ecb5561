"""The annual plan: drafted from the roadmaps, edited, issued with a number in the Party's layout, compared
with what happened."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tempfile
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse

from uommam.audit.models import AuditEntry
from uommam.documents.models import GeneratedDocument
from uommam.documents.rendering import docx_to_pdf
from uommam.documents.services import document_docx
from uommam.pipeline.models import CandidateEvent, EventKind
from uommam.pipeline.stages import Stage
from uommam.plans import services
from uommam.plans.models import AnnualPlan, PlanAction, PlanStatus
from uommam.plans.selectors import plan_vs_actual
from uommam.testing.libreoffice import require_libreoffice

from .conftest import TODAY

YEAR = "2026-2027"


def _draft(cell) -> AnnualPlan:
    return services.plan_draft(
        unit=cell.world.units["CB-S-A"], school_year=YEAR, actor=cell.world.users["cell_a"], today=TODAY
    )


def _lines(plan: AnnualPlan) -> set[tuple[str, str, str]]:
    return {(e.person.given_name, e.action, f"{e.month:%m/%Y}") for e in plan.entries.select_related("person")}


def test_draft_puts_each_roadmap_step_in_its_month(cell) -> None:
    plan = _draft(cell)
    assert _lines(plan) == {
        ("Xuân", PlanAction.ADMIT, "02/2027"),
        ("Hạ", PlanAction.LIST, "12/2026"),
        ("Hạ", PlanAction.CLASS, "02/2027"),
        ("Hạ", PlanAction.ADMIT, "02/2027"),
        ("Thu", PlanAction.REFER, "05/2027"),
    }
    refer = plan.entries.get(action=PlanAction.REFER)
    assert refer.note == "Đảng ủy xã Bình"
    assert AuditEntry.objects.filter(note="plan_draft", actor=cell.world.users["cell_a"]).count() == 1


def test_edits_stay_in_the_school_year_and_an_issued_plan_is_final(cell) -> None:
    plan = _draft(cell)
    line = plan.entries.get(action=PlanAction.LIST)
    with pytest.raises(services.PlanError, match="2026-2027"):
        services.plan_entry_update(entry=line, month=dt.date(2027, 10, 1), note="", actor=None)
    services.plan_entry_update(entry=line, month=dt.date(2026, 11, 1), note="Sớm hơn", actor=None)
    line.refresh_from_db()
    assert line.month == dt.date(2026, 11, 1) and line.note == "Sớm hơn"
    issued = services.plan_issue(plan=plan, actor=None, on=dt.date(2026, 9, 15))
    assert issued.status == PlanStatus.ISSUED and issued.document.number_text == "01-KH/CB"
    with pytest.raises(services.PlanError):
        services.plan_entry_update(entry=line, month=dt.date(2026, 12, 1), note="", actor=None)
    with pytest.raises(services.PlanError):
        _draft(cell)


def _issued_docx(cell) -> tuple[GeneratedDocument, bytes]:
    plan = services.plan_issue(plan=_draft(cell), actor=None, on=dt.date(2026, 9, 15), signer_name="Hoàng Thị Mai")
    assert plan.document is not None
    return plan.document, document_docx(plan.document)


def test_plan_document_has_the_party_header_its_number_and_the_tables(cell) -> None:
    document, data = _issued_docx(cell)
    parsed = docx.Document(io.BytesIO(data))
    header, entries, months, foot = parsed.tables
    assert header.rows[0].cells[0].text.split("\n") == ["ĐẢNG BỘ XÃ AN", "CHI BỘ TRƯỜNG THPT A", "*"]
    assert header.rows[0].cells[1].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert header.rows[1].cells[0].text == "Số 01-KH/CB"
    assert header.rows[1].cells[1].text.endswith("ngày 15 tháng 9 năm 2026")
    paragraphs = [p.text for p in parsed.paragraphs]
    title = paragraphs.index("KẾ HOẠCH")
    assert paragraphs[title + 1 : title + 3] == ["Phát triển đảng viên trong học sinh", "năm học 2026-2027"]
    rows = [[c.text for c in r.cells] for r in entries.rows]
    assert rows[0] == ["STT", "Họ và tên", "Ngày sinh", "Lớp", "Việc cần làm", "Tháng", "Ghi chú"]
    assert [
        "2",
        "Lý Thị Hạ",
        "10/02/2009",
        "12A1",
        "Cử đi học lớp bồi dưỡng nhận thức về Đảng",
        "02/2027",
        "Lớp 01/2027",
    ] in rows
    assert [[c.text for c in r.cells] for r in months.rows][1:] == [
        ["12/2026", "1", "0", "0", "0"],
        ["02/2027", "0", "1", "2", "0"],
        ["05/2027", "0", "0", "0", "1"],
    ]
    signature = foot.rows[0].cells[1].text
    assert signature.startswith("T/M CHI BỘ\nBÍ THƯ") and signature.endswith("Hoàng Thị Mai")
    assert document.kind == "KH" and document.purpose == "annual_plan"


def test_plan_pdf_renders_in_libreoffice_with_header_number_and_signature_kept_with_the_text(cell) -> None:
    require_libreoffice()
    _document, data = _issued_docx(cell)
    pdf = docx_to_pdf(data)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    pages = text.split("\f")
    first = pages[0]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first and "CHI BỘ TRƯỜNG THPT A" in first
    assert "Số 01-KH/CB" in first and "KẾ HOẠCH" in first
    signed = next(page for page in pages if "T/M CHI BỘ" in page)
    # The signature block never stands alone: the last section of the text is on its page.
    assert "Hoàng Thị Mai" in signed and "Nơi nhận:" in signed
    body_lines = signed.split("Nơi nhận:")[0].strip()
    assert "lộ trình" in body_lines or "kiểm điểm" in body_lines


def test_plan_document_command_numbers_on_issue_and_reuses_the_issued_plan(cell) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "kh.docx"
        call_command("plan", "document", "--unit", "CB-S-A", "--school-year", YEAR, "--format", "docx", "-o", str(out))
        first = docx.Document(str(out)).tables[0].rows[1].cells[0].text
        call_command("plan", "document", "--unit", "CB-S-A", "--school-year", YEAR, "--format", "docx", "-o", str(out))
    assert first == "Số 01-KH/CB"
    assert GeneratedDocument.objects.filter(purpose="annual_plan", unit__code="CB-S-A").count() == 1


def test_review_compares_the_plan_with_the_events(cell) -> None:
    plan = _draft(cell)
    CandidateEvent.objects.create(
        candidate=cell.needs_class,
        kind=EventKind.TRANSITION,
        transition="accept_sympathiser",
        from_stage=Stage.IDENTIFIED,
        to_stage=Stage.SYMPATHISER,
        effective_on=dt.date(2026, 12, 10),
    )
    months, statuses = plan_vs_actual(plan, as_of=dt.date(2027, 3, 5))
    december = next(m for m in months if m.month == dt.date(2026, 12, 1))
    assert december.planned[PlanAction.LIST] == 1 and december.done[PlanAction.LIST] == 1
    state = {(s.entry.person.given_name, s.entry.action): s.state for s in statuses}
    assert state[("Hạ", PlanAction.LIST)] == "done"
    assert state[("Hạ", PlanAction.CLASS)] == "overdue"
    assert state[("Thu", PlanAction.REFER)] == "ahead"


def test_plan_page_drafts_edits_and_issues_through_the_services(cell, client_for) -> None:
    unit = cell.world.units["CB-S-A"]
    client = client_for("cell_a")
    page = client.get(reverse("plans:plan") + f"?unit={unit.pk}&school_year={YEAR}")
    assert 'data-testid="no-plan"' in page.content.decode()
    client.post(reverse("plans:draft", args=[unit.pk]), {"school_year": YEAR})
    plan = AnnualPlan.objects.get(unit=unit)
    line = plan.entries.get(action=PlanAction.LIST)
    response = client.post(reverse("plans:entry", args=[plan.pk, line.pk]), {"month": "13/2026"}, follow=True)
    assert "mm/yyyy" in response.content.decode()
    client.post(reverse("plans:entry", args=[plan.pk, line.pk]), {"month": "11/2026", "note": ""})
    line.refresh_from_db()
    assert line.month == dt.date(2026, 11, 1)
    client.post(reverse("plans:issue", args=[plan.pk]), {"on": "15/09/2026", "signer_name": ""})
    page = client.get(reverse("plans:plan") + f"?unit={unit.pk}&school_year={YEAR}").content.decode()
    assert "01-KH/CB" in page and 'data-testid="issue-form"' not in page


def test_plan_pages_answer_404_outside_scope_and_403_to_readers(cell, client_for) -> None:
    unit = cell.world.units["CB-S-A"]
    assert client_for("cell_b").get(reverse("plans:plan") + f"?unit={unit.pk}").status_code == 404
    assert client_for("cell_b").post(reverse("plans:draft", args=[unit.pk]), {"school_year": YEAR}).status_code == 404
    assert client_for("viewer").post(reverse("plans:draft", args=[unit.pk]), {"school_year": YEAR}).status_code == 403
    assert client_for("viewer").get(reverse("plans:plan") + f"?unit={unit.pk}").status_code == 200
    assert not AnnualPlan.objects.filter(unit=unit).exists()


def test_committed_plan_template_is_what_build_template_writes() -> None:
    from uommam.documents.templates import committed_template_path
    from uommam.plans.build_template import NAME, build_plan_annual

    committed = docx.Document(str(committed_template_path(NAME)))
    built = build_plan_annual()
    assert [p.text for p in committed.paragraphs] == [p.text for p in built.paragraphs]
    assert [[c.text for c in r.cells] for t in committed.tables for r in t.rows] == [
        [c.text for c in r.cells] for t in built.tables for r in t.rows
    ]
