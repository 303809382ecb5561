"""Import pages: upload → preview (fix the column mapping) → commit; history with undo; the template."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from uommam.core.http import paginate, render_page
from uommam.core.xlsx import XLSX_CONTENT_TYPE
from uommam.orgs.capabilities import may_somewhere
from uommam.training.models import AwarenessClass
from uommam.training.scopes import MANAGE_CLASS

from . import services
from .forms import KIND_CHOICES, UploadForm
from .kinds import spec_for
from .models import ImportBatch, ImportKind, ImportStatus
from .reader import ImportFileError
from .rights import preview_for
from .selectors import batches_for, import_classes, import_schools, may_import
from .template import build_template

if TYPE_CHECKING:
    from uommam.accounts.models import User
    from uommam.core.requests import AuthenticatedHttpRequest

COMMITTED = {
    ImportKind.STUDENTS: gettext_lazy("Import committed: %(created)s students added, %(updated)s updated."),
    ImportKind.SCHOOL_RESULTS: gettext_lazy("Import committed: %(created)s school records added, %(updated)s updated."),
    ImportKind.CLASS_ROSTER: gettext_lazy("Import committed: %(created)s students enrolled, %(updated)s updated."),
}

XLSX = XLSX_CONTENT_TYPE
PREVIEW_LIMIT = 200


def _batch_for(request: AuthenticatedHttpRequest, pk: int) -> ImportBatch:
    """A batch of a school the user may write students of; anything else is 404."""
    batch = batches_for(request.user).filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def _check_roster_access(request: AuthenticatedHttpRequest, classes: Any) -> None:
    """A roster goes into a class the user manages: no manager role → 403, another class → 404."""
    if request.POST.get("kind") != ImportKind.CLASS_ROSTER:
        return
    if not may_somewhere(request.user, MANAGE_CLASS, AwarenessClass):
        raise PermissionDenied
    chosen = request.POST.get("awareness_class", "")
    if chosen and not (chosen.isdigit() and classes.filter(pk=int(chosen)).exists()):
        raise Http404


@login_required
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_import(request.user):
        raise PermissionDenied
    schools, classes = import_schools(request.user), import_classes(request.user)
    if request.method == "POST":
        _check_roster_access(request, classes)
    form = UploadForm(request.POST or None, request.FILES or None, schools=schools, classes=classes)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        try:
            batch = services.import_preview(
                actor=request.user,
                school=form.cleaned_data["school"] if kind != ImportKind.CLASS_ROSTER else None,
                data=upload_file.read(),
                file_name=upload_file.name,
                kind=kind,
                school_year=form.cleaned_data.get("school_year") or "",
                awareness_class=form.cleaned_data["awareness_class"] if kind == ImportKind.CLASS_ROSTER else None,
                include_hidden=form.cleaned_data["include_hidden"],
            )
        except (ImportFileError, services.ImportRefused) as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("imports:preview", pk=batch.pk)
    context = {"form": form, "templates": KIND_CHOICES}
    return render_page(request, "imports/upload.html", context)


def _preview_context(batch: ImportBatch, user: User) -> dict[str, Any]:
    report = preview_for(user, batch.school_id, batch.report or {})
    mapping = report.get("mapping", {})
    headers = report.get("headers", [])
    columns = [
        {"index": i, "header": header, "selected": mapping.get(str(i), "")}
        for i, header in enumerate(headers)
        if header or mapping.get(str(i))
    ]
    other_layouts = [
        {
            "signature": entry["signature"],
            "sheets": ", ".join(entry["sheets"]),
            "columns": [
                {"index": i, "header": header, "selected": entry["mapping"].get(str(i), "")}
                for i, header in enumerate(entry["headers"])
                if header or entry["mapping"].get(str(i))
            ],
        }
        for entry in report.get("layouts", [])
    ]
    labels = dict(spec_for(batch.kind).choices)
    column_list = [
        {**c, "label": labels.get(c["field"], "") if c.get("field") else ""} for c in report.get("columns", [])
    ]
    return {
        "batch": batch,
        "report": report,
        "columns": columns,
        "column_list": column_list,
        "other_layouts": other_layouts,
        "not_imported": [c for c in column_list if not c["field"]],
        "sheets": report.get("sheets", []),
        # The mapping step opens when a column is left out or a required one is missing.
        "open_mapping": batch.error_count
        or any(
            w.get("code") in ("columns_not_imported", "ethnicity_column_missing") for w in report.get("warnings", [])
        ),
        "choices": spec_for(batch.kind).choices,
        "kind_label": dict(KIND_CHOICES).get(batch.kind, batch.get_kind_display()),
        "errors": report.get("errors", [])[:PREVIEW_LIMIT],
        "warnings": report.get("warnings", [])[:PREVIEW_LIMIT],
        "students": report.get("students", [])[:PREVIEW_LIMIT],
        "converted_total": sum(report.get("converted", {}).values()),
        "can_commit": batch.status == ImportStatus.PREVIEWED and batch.valid > 0,
    }


@login_required
def preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    return render_page(request, "imports/preview.html", _preview_context(batch, request.user), partial="preview")


@login_required
@require_POST
def remap(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    valid_keys = set(spec_for(batch.kind).by_key)
    mapping = {}
    for name, value in request.POST.items():
        if name.startswith("col_") and name[4:].isdigit() and value in valid_keys:
            mapping[int(name[4:])] = value
    # Other layouts of the workbook: "lay_N" holds the layout's signature, "lay_N_I" the field of column I.
    others: dict[str, dict[int, str]] = {}
    for name, signature in request.POST.items():
        if name.startswith("lay_") and name[4:].isdigit():
            prefix = f"{name}_"
            others[cast(str, signature)] = {  # items() gives each key's last value: a string
                int(key[len(prefix) :]): value
                for key, value in request.POST.items()
                if key.startswith(prefix) and key[len(prefix) :].isdigit() and value in valid_keys
            }
    try:
        batch = services.import_remap(batch=batch, actor=request.user, mapping=mapping, others=others)
    except (ImportFileError, services.ImportRefused) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The column mapping was saved for files with this layout."))
    if getattr(request, "htmx", False):
        return render_page(request, "imports/preview.html", _preview_context(batch, request.user), partial="preview")
    return redirect("imports:preview", pk=batch.pk)


@login_required
@require_POST
def commit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    try:
        batch = services.import_commit(
            batch=batch, actor=request.user, skip_invalid=bool(request.POST.get("skip_invalid"))
        )
    except (ImportFileError, services.ImportRefused) as exc:
        messages.error(request, exc.message)
        return redirect("imports:preview", pk=batch.pk)
    messages.success(request, COMMITTED[ImportKind(batch.kind)] % {"created": batch.created, "updated": batch.updated})
    return redirect("imports:history")


@login_required
def history(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_import(request.user):
        raise PermissionDenied
    page = paginate(request, batches_for(request.user))
    for batch in page:
        batch.undo_blocker = services.undo_blockers(batch) if batch.status == ImportStatus.COMMITTED else None
    return render_page(request, "imports/history.html", {"page": page}, partial="table")


@login_required
@require_POST
def undo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    try:
        services.import_undo(batch=batch, actor=request.user)
    except services.ImportRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The import was undone."))
    return redirect("imports:history")


TEMPLATE_NAMES: dict[str, str] = {
    ImportKind.STUDENTS: "mau-danh-sach-hoc-sinh.xlsx",
    ImportKind.SCHOOL_RESULTS: "mau-ket-qua-hoc-tap-ren-luyen.xlsx",
    ImportKind.CLASS_ROSTER: "mau-danh-sach-hoc-vien.xlsx",
}


@login_required
def template_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", ImportKind.STUDENTS)
    if kind not in TEMPLATE_NAMES:
        kind = ImportKind.STUDENTS
    response = HttpResponse(build_template(kind), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_NAMES[kind]}"'
    return response
