"""Student registry pages: list with search and filters, profile, create, edit, archive."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uommam.audit.selectors import history_for
from uommam.core import pagecache
from uommam.core.errors import StaleEdit
from uommam.core.http import paginate, query_without_page, render_page
from uommam.core.integrity import RecordRefused
from uommam.orgs.capabilities import may
from uommam.orgs.models import OrgUnit, UnitKind
from uommam.orgs.scope import get_visible_or_404, may_change, require_role, visible, writable

from . import consent_views, privacy, services
from .erasure import REQUEST_ERASURE
from .erasure_views import ErasureRequestForm
from .forms import PersonFilterForm, PersonForm
from .models import Person
from .scopes import PERSON_WRITE_ROLES
from .selectors import person_list as select_people
from .selectors import schools_visible_to

if TYPE_CHECKING:
    from uommam.accounts.models import User
    from uommam.core.requests import AuthenticatedHttpRequest


def _writable_schools(user: User) -> QuerySet[OrgUnit]:
    return writable(OrgUnit.objects.filter(kind=UnitKind.SCHOOL), user, PERSON_WRITE_ROLES).order_by("sort_key")


def _communes() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(kind=UnitKind.LOCALITY).order_by("sort_key")


@login_required
def person_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PersonFilterForm(request.GET or None, schools=schools_visible_to(request.user))
    filters = form.cleaned_data if form.is_valid() else {"status": "current"}
    page = paginate(request, select_people(user=request.user, filters=filters))
    can_create = _writable_schools(request.user).exists()
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "can_create": can_create,
        "today": timezone.localdate(),
    }
    return render_page(request, "people/person_list.html", context, partial="results")


def _record_rows(person: Person) -> dict[str, Any]:
    """The student's school years, awards and latest changes: the same whoever may open the page (the
    journal's values are masked when shown, per viewer), so read once for every officer who opens the
    student until the next write (uommam/core/pagecache.py)."""

    def read() -> dict[str, Any]:
        return {
            "records": list(person.school_records.all()),
            "awards": list(person.awards.all()),
            # Who made each change is shown by name: a cached copy carries no password hash.
            "history": list(history_for(person).defer("actor__password")[:20]),
        }

    return pagecache.cached("student-rows", (person.pk,), read)


@login_required
def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(Person.objects.select_related("school", "home_commune"), request.user, pk)
    can_edit = may_change(request.user, person, PERSON_WRITE_ROLES)
    # Candidacies are defined by the pipeline app above this one: reach them through the reverse
    # relation when it is installed, and show only those the user may see.
    candidacies = getattr(person, "candidacies", None)
    context = {
        "person": person,
        "candidacies": visible(candidacies.select_related("cell"), request.user) if candidacies is not None else [],
        **_record_rows(person),
        "can_edit": can_edit,
        **consent_views.consent_context(request.user, person),
        "erasure_form": ErasureRequestForm() if may(request.user, REQUEST_ERASURE, person) else None,
    }
    return render_page(request, "people/person_detail.html", context)


@login_required
def person_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_role(request.user, *PERSON_WRITE_ROLES)
    schools = _writable_schools(request.user)
    form = PersonForm(request.POST or None, schools=schools, communes=_communes())
    privacy.restrict_person_form(form, request.user, None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, data=form.service_data())
        except RecordRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
        else:
            for warning in form.warnings:
                messages.warning(request, warning)
            messages.success(request, _("Student %(name)s was added.") % {"name": person.full_name})
            return redirect("people:detail", pk=person.pk)
    return render_page(request, "people/person_form.html", {"form": form, "person": None})


@login_required
def person_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(Person.objects.all(), request.user, pk, write_roles=PERSON_WRITE_ROLES)
    form = PersonForm(
        request.POST or None, instance=person, schools=_writable_schools(request.user), communes=_communes()
    )
    privacy.restrict_person_form(form, request.user, person)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                person=person,
                data=form.service_data(),
                actor=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except RecordRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
        except StaleEdit as exc:
            # Keep what the user typed; show what the other person changed.
            stale = exc
            kept = cast(QueryDict, form.data).copy()  # a bound form's data is the request's QueryDict
            kept["version"] = str(exc.current.version)
            form.data = kept
        else:
            for warning in form.warnings:
                messages.warning(request, warning)
            messages.success(request, _("Changes saved."))
            return redirect("people:detail", pk=person.pk)
    return render_page(request, "people/person_form.html", {"form": form, "person": person, "stale": stale})


@login_required
@require_POST
def person_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(Person.objects.all(), request.user, pk, write_roles=PERSON_WRITE_ROLES)
    services.person_archive(person=person, actor=request.user, reason=request.POST.get("reason", "")[:255])
    messages.success(request, _("The student record was archived; its history is kept."))
    return redirect("people:detail", pk=person.pk)


@login_required
@require_POST
def person_restore(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(Person.objects.all(), request.user, pk, write_roles=PERSON_WRITE_ROLES)
    services.person_restore(person=person, actor=request.user)
    messages.success(request, _("The student record was restored."))
    return redirect("people:detail", pk=person.pk)


@login_required
def member_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    from .selectors import party_members_visible_to

    page = paginate(request, party_members_visible_to(request.user))
    return render_page(request, "people/member_list.html", {"page": page, "query": query_without_page(request)})
