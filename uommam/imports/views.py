"""Import pages: upload → preview (fix the column mapping) → commit; history with undo; the template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uommam.core.http import paginate, render_page
from uommam.orgs.scope import require_role
from uommam.people.scopes import PERSON_WRITE_ROLES

from . import services
from .columns import STUDENT_COLUMNS
from .forms import UploadForm
from .models import ImportBatch, ImportStatus
from .reader import ImportFileError
from .selectors import batches_for, import_schools
from .template import build_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_LIMIT = 200


def _batch_for(request: HttpRequest, pk: int) -> ImportBatch:
    """A batch of a school the user may write students of; anything else is 404."""
    batch = batches_for(request.user).filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *PERSON_WRITE_ROLES)
    form = UploadForm(request.POST or None, request.FILES or None, schools=import_schools(request.user))
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            batch = services.import_preview(
                actor=request.user,
                school=form.cleaned_data["school"],
                data=upload_file.read(),
                file_name=upload_file.name,
                kind=form.cleaned_data["kind"],
            )
        except (ImportFileError, services.ImportRefused) as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("imports:preview", pk=batch.pk)
    return render_page(request, "imports/upload.html", {"form": form})


def _preview_context(batch: ImportBatch) -> dict:
    report = batch.report or {}
    mapping = report.get("mapping", {})
    headers = report.get("headers", [])
    columns = [
        {"index": i, "header": header, "selected": mapping.get(str(i), "")}
        for i, header in enumerate(headers)
        if header or mapping.get(str(i))
    ]
    return {
        "batch": batch,
        "report": report,
        "columns": columns,
        "choices": [(c.key, c.label) for c in STUDENT_COLUMNS],
        "errors": report.get("errors", [])[:PREVIEW_LIMIT],
        "warnings": report.get("warnings", [])[:PREVIEW_LIMIT],
        "students": report.get("students", [])[:PREVIEW_LIMIT],
        "converted_total": sum(report.get("converted", {}).values()),
        "can_commit": batch.status == ImportStatus.PREVIEWED and batch.valid > 0,
    }


@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    return render_page(request, "imports/preview.html", _preview_context(batch), partial="preview")


@login_required
@require_POST
def remap(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    valid_keys = {c.key for c in STUDENT_COLUMNS}
    mapping = {}
    for name, value in request.POST.items():
        if name.startswith("col_") and name[4:].isdigit() and value in valid_keys:
            mapping[int(name[4:])] = value
    try:
        batch = services.import_remap(batch=batch, actor=request.user, mapping=mapping)
    except (ImportFileError, services.ImportRefused) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The column mapping was saved for files with this layout."))
    if getattr(request, "htmx", False):
        return render_page(request, "imports/preview.html", _preview_context(batch), partial="preview")
    return redirect("imports:preview", pk=batch.pk)


@login_required
@require_POST
def commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    try:
        batch = services.import_commit(
            batch=batch, actor=request.user, skip_invalid=bool(request.POST.get("skip_invalid"))
        )
    except (ImportFileError, services.ImportRefused) as exc:
        messages.error(request, exc.message)
        return redirect("imports:preview", pk=batch.pk)
    messages.success(
        request,
        _("Import committed: %(created)s students added, %(updated)s updated.")
        % {"created": batch.created, "updated": batch.updated},
    )
    return redirect("imports:history")


@login_required
def history(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *PERSON_WRITE_ROLES)
    page = paginate(request, batches_for(request.user))
    for batch in page:
        batch.undo_blocker = services.undo_blockers(batch) if batch.status == ImportStatus.COMMITTED else None
    return render_page(request, "imports/history.html", {"page": page}, partial="table")


@login_required
@require_POST
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    try:
        services.import_undo(batch=batch, actor=request.user)
    except services.ImportRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The import was undone."))
    return redirect("imports:history")


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(build_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-hoc-sinh.xlsx"'
    return response
