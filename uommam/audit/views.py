"""The searchable audit journal: administrators see everything, committee officers their subtree."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from uommam.core.http import paginate, query_without_page, render_page
from uommam.vn.collation import sort_key

from .forms import AuditFilterForm
from .presentation import model_label
from .selectors import audit_search, audit_visible_to


@login_required
@require_safe
def audit_list(request: HttpRequest) -> HttpResponse:
    visible = audit_visible_to(request.user)  # 403 for roles that may not read the journal
    labels = visible.order_by().values_list("model", flat=True).distinct()
    record_types = sorted(
        ((label, model_label(label)) for label in labels if label), key=lambda pair: sort_key(str(pair[1]))
    )
    form = AuditFilterForm(request.GET or None, record_types=record_types)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, audit_search(user=request.user, filters=filters))
    context = {"form": form, "page": page, "query": query_without_page(request)}
    return render_page(request, "audit/audit_list.html", context, partial="results")
