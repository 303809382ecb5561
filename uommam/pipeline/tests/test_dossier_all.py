"""The whole dossier in one form: every item of the route by form number, saved at once or not at all."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from uommam.audit.models import AuditEntry
from uommam.orgs.models import Role
from uommam.pipeline import services
from uommam.pipeline.dossier import checklist, form_label
from uommam.pipeline.models import DossierForm, DossierItem, Route
from uommam.pipeline.stages import Stage

pytestmark = pytest.mark.django_db
TODAY = date(2024, 6, 3)


def _rows(client, candidate):
    page = client.get(reverse("pipeline:dossier_all", args=[candidate.pk]))
    assert page.status_code == 200
    return page, page.context["forms"]


def _post_data(forms, values):
    """The form as the browser sends it: every row's current values, with `values` typed over them."""
    data = {}
    for f in forms:
        for name, field in f.fields.items():
            if name == "file":
                continue
            initial = f.initial.get(name, field.initial)
            if callable(initial):
                initial = initial()
            if isinstance(initial, date):
                initial = initial.strftime("%d/%m/%Y")
            data[f"{f.prefix}-{name}"] = "" if initial is None else initial
    data.update(values)
    return data


def test_checklist_is_in_form_number_order_with_names(make_candidate):
    c = make_candidate(Stage.DOSSIER, route=Route.YOUTH_UNION)
    rows = checklist(c)
    assert [r.code for r in rows] == ["1-KNĐ", "2-KNĐ", "3-KNĐ", "4-KNĐ", "5-KNĐ", "20-KNĐ"]
    assert all(r.label.startswith(r.code + " ") for r in rows)


def test_candidate_page_lists_missing_items_by_name_not_bare_code(make_candidate, client_for):
    c = make_candidate(Stage.DOSSIER, route=Route.YOUTH_UNION)
    with time_machine.travel(TODAY, tick=False):
        body = client_for(Role.CELL_SECRETARY).get(reverse("pipeline:candidate", args=[c.pk])).content.decode()
    dossier = body[body.index('data-testid="dossier"') :]
    assert form_label(DossierForm.KND1) in dossier
    positions = [dossier.index(form_label(code)) for code in ("1-KNĐ", "2-KNĐ", "3-KNĐ", "4-KNĐ", "5-KNĐ", "20-KNĐ")]
    assert positions == sorted(positions)


def test_whole_dossier_is_recorded_in_one_submit(make_candidate, client_for):
    c = make_candidate(Stage.DOSSIER, route=Route.YOUTH_UNION)
    client = client_for(Role.CELL_SECRETARY)
    with time_machine.travel(TODAY, tick=False):
        _, forms = _rows(client, c)
        values = {}
        for f in forms:
            values[f"{f.prefix}-status"] = "checked"
            values[f"{f.prefix}-dated_on"] = "10/05/2024"
            values[f"{f.prefix}-received_on"] = "20/05/2024"
        relative = next(f for f in forms if "subject" in f.fields)
        values[f"{relative.prefix}-subject"] = "Bố: Ma Văn Hùng"
        values[f"{forms[0].prefix}-file"] = SimpleUploadedFile("don.pdf", b"%PDF-1.4 scan", "application/pdf")
        response = client.post(reverse("pipeline:dossier_all", args=[c.pk]), _post_data(forms, values))
    assert response.status_code == 302
    items = DossierItem.objects.filter(candidate=c)
    assert items.count() == 6 and {i.status for i in items} == {"checked"}
    assert items.get(form=DossierForm.KND1).file
    assert items.get(form=DossierForm.KND20).subject == "Bố: Ma Văn Hùng"
    assert AuditEntry.objects.filter(model__iendswith="dossieritem").count() == 6


def test_a_refused_row_is_named_with_both_dates_and_nothing_is_written(make_candidate, client_for):
    c = make_candidate(Stage.DOSSIER, route=Route.YOUTH_UNION)
    client = client_for(Role.CELL_SECRETARY)
    with time_machine.travel(TODAY, tick=False):
        _, forms = _rows(client, c)
        values = {f"{forms[0].prefix}-status": "received", f"{forms[0].prefix}-dated_on": "10/05/2024"}
        # 2-KNĐ received before the date it bears.
        values[f"{forms[1].prefix}-status"] = "received"
        values[f"{forms[1].prefix}-dated_on"] = "20/05/2024"
        values[f"{forms[1].prefix}-received_on"] = "12/05/2024"
        response = client.post(reverse("pipeline:dossier_all", args=[c.pk]), _post_data(forms, values))
    assert response.status_code == 200
    errors = " ".join(response.context["errors"])
    assert form_label(DossierForm.KND2) in errors and "20/05/2024" in errors and "12/05/2024" in errors
    assert not DossierItem.objects.filter(candidate=c).exists()


def test_an_item_changed_by_someone_else_since_the_page_opened_stops_the_whole_save(
    make_candidate, client_for, personas
):
    c = make_candidate(Stage.DOSSIER, route=Route.YOUTH_UNION)
    officer = personas.user(Role.COMMITTEE_OFFICER)
    with time_machine.travel(TODAY, tick=False):
        services.dossier_item_save(candidate=c, actor=officer, form=DossierForm.KND1, status="received")
    client = client_for(Role.CELL_SECRETARY)
    with time_machine.travel(date(2024, 6, 4), tick=False):
        _, forms = _rows(client, c)
        values = {f"{forms[0].prefix}-status": "missing", f"{forms[2].prefix}-status": "received"}
        data = _post_data(forms, values)  # as shown on 04/06, with its seen-at time
    with time_machine.travel(date(2024, 6, 5), tick=False):
        services.dossier_item_save(
            candidate=c, actor=officer, form=DossierForm.KND1, status="checked", item=DossierItem.objects.get()
        )
        response = client.post(reverse("pipeline:dossier_all", args=[c.pk]), data)
    assert response.status_code == 200 and response.context["errors"]
    assert DossierItem.objects.get(form=DossierForm.KND1).status == "checked"
    assert not DossierItem.objects.filter(form=DossierForm.KND3).exists()


def test_unchanged_rows_are_not_saved_again(make_candidate, client_for, secretary):
    c = make_candidate(Stage.DOSSIER, route=Route.YOUTH_UNION)
    with time_machine.travel(TODAY, tick=False):
        services.dossier_item_save(candidate=c, actor=secretary, form=DossierForm.KND1, status="received")
        client = client_for(Role.CELL_SECRETARY)
        _, forms = _rows(client, c)
        values = {f"{forms[1].prefix}-status": "received"}
        client.post(reverse("pipeline:dossier_all", args=[c.pk]), _post_data(forms, values))
    assert DossierItem.objects.get(form=DossierForm.KND1).version == 1
    assert DossierItem.objects.filter(candidate=c).count() == 2


def test_viewer_may_not_open_the_dossier_form(make_candidate, client_for):
    c = make_candidate(Stage.DOSSIER)
    assert client_for(Role.VIEWER).get(reverse("pipeline:dossier_all", args=[c.pk])).status_code in (403, 404)
