"""Every named URL, walked as every persona: nothing leaks outside a user's scope.

Each URL name of the project has a `Case` below saying which object it is about and who may see or
change it. A URL without a case fails `test_every_named_url_has_a_case`, so a new page cannot ship
without being walked. Django admin URLs are walked generically (staff only).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from uommam.testing.walk import Walk
from uommam.testing.world import EDITS_SCHOOL_A, PERSONAS, SEES_SCHOOL_A, Records, World

ALL_PERSONAS = {"admin", *PERSONAS}
# The marker student of school B: no page may show it to someone outside school B's scope.
SEES_SCHOOL_B = {"admin", "province", "district", "commune_b", "cell_b", "viewer", "viewer_b"}
LEAK_MARKER = "Zzleak"


@dataclass(frozen=True)
class Case:
    """How to call one URL and who gets what.

    kind: "public" – anyone; "login" – anonymous only (others are redirected); "logout" – everyone ends
    on the login page; "page" – every logged-in
    user; "roles" – those in `allowed` succeed, other logged-in users get 403; "object" – those in
    `allowed` succeed, others who can see the object get 403, everyone else 404.
    """

    kind: str
    kwargs: Callable[[World, Records], dict[str, Any]] = lambda world, records: {}
    allowed: frozenset[str] = frozenset()
    sees: frozenset[str] = frozenset()
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)


def case(kind: str, kwargs: Any = None, *, allowed: Any = (), sees: Any = (), method: str = "get", **data: Any) -> Case:
    allowed_set = frozenset(allowed)
    return Case(
        kind,
        kwargs or (lambda world, records: {}),
        allowed_set,
        frozenset(sees) | allowed_set,
        method,
        data,
    )


# Who stands where (see uommam/testing/world.py).
SCHOOL_A = SEES_SCHOOL_A  # admin, province, district, commune_a, cell_a, youth_a, viewer
STUDENT_A = SCHOOL_A | {"centre"}  # student A attends the district centre's class
EDIT_A = EDITS_SCHOOL_A  # admin, province, district, commune_a, cell_a, youth_a
CELL_A_WRITERS = {"admin", "province", "district", "commune_a", "cell_a"}
COMMITTEES = {"admin", "province", "district", "commune_a", "commune_b"}
STUDENT_IMPORTERS = {"admin", "province", "district", "commune_a", "commune_b", "cell_a", "cell_b", "youth_a"}
IMPORTERS = STUDENT_IMPORTERS | {"centre"}  # a political centre imports its class rosters
CLASS_D = {"admin", "province", "district", "commune_a", "cell_a", "youth_a", "centre", "viewer"}
CLASS_D_MANAGERS = {"admin", "province", "district", "centre"}
PLAN_A_WRITERS = {"admin", "province", "district", "commune_a", "cell_a"}
# Who may ask for the erasure of student A's data (and see the request); who decides on it.
ERASE_A = {"admin", "province", "district", "commune_a", "cell_a"}
DECIDE_A = ERASE_A - {"cell_a"}  # the cell secretary asked: another officer decides
REFERRAL_A = {"admin", "province", "district", "commune_a", "cell_a", "receiver", "viewer"}


READ_ONLY = {"viewer", "viewer_b"}
ISSUERS = {"admin", "province", "commune_a", "commune_b", "cell_a", "cell_b"}


def issued_report(world: World, records: Records) -> dict[str, Any]:
    """A report of the province, issued."""
    import datetime as dt

    from uommam.reports.documents import report_issue
    from uommam.reports.funnel import compute_funnel

    funnel = compute_funnel(unit=world.units["TU-T"], date_from=dt.date(2024, 9, 1), date_to=dt.date(2025, 8, 31))
    return {"pk": report_issue(funnel=funnel, actor=world.users["province"]).pk, "extension": "docx"}


def student_a(world: World, records: Records) -> dict[str, Any]:
    return {"pk": world.students["a"].pk}


def consent_a(world: World, records: Records) -> dict[str, Any]:
    return {"pk": world.students["a"].pk, "consent_pk": records.consent_a.pk}


def candidate_a(world: World, records: Records) -> dict[str, Any]:
    return {"pk": records.candidate_a.pk}


def class_d(world: World, records: Records) -> dict[str, Any]:
    return {"pk": records.class_d.pk}


def referral_a(world: World, records: Records) -> dict[str, Any]:
    return {"pk": records.referral_a.pk}


def official_document_a(world: World, records: Records) -> dict[str, Any]:
    from uommam.referrals.services import referral_documents_issue

    # Issued once (a second call returns the same documents), so every persona asks for the same file.
    referral_documents_issue(referral=records.referral_a, actor=world.users["cell_a"])
    return {"pk": records.referral_a.pk, "kind": "introduction-letter"}


def erasure_a(world: World, records: Records) -> dict[str, Any]:
    from uommam.people.models import ErasureGround, ErasureRequest

    request = ErasureRequest.objects.create(
        person=world.students["a"], ground=ErasureGround.CONSENT_WITHDRAWN, requested_by=world.users["cell_a"]
    )
    return {"pk": request.pk}


def import_a(world: World, records: Records) -> dict[str, Any]:
    return {"pk": records.import_a.pk}


def letter_token(world: World, records: Records) -> dict[str, Any]:
    from django.core.cache import cache

    from uommam.referrals.tokens import token_for

    cache.clear()  # the walk calls each public page 26 times from one address: start with a fresh throttle
    return {"token": token_for(records.referral_a.verification_tokens.get().code)}


def inbound_x(world: World, records: Records) -> dict[str, Any]:
    """A referral imported from another installation into the university committee's inbox."""
    from uommam.referrals.verification_models import InboundReferral, TrustedInstallation

    origin = TrustedInstallation.objects.create(origin="https://other.example", name="Ươm Mầm khác", keys=[])
    inbound = InboundReferral.objects.create(
        origin=origin, package_id="ABCDEFGHJK", to_unit=world.units["DU-U-X"], payload={}, letter_name="letter.pdf"
    )
    return {"pk": inbound.pk}


def certificate_d(world: World, records: Records) -> dict[str, Any]:
    enrolment = records.class_d.enrolments.get()
    enrolment.result, enrolment.certificate_number = "passed", "GCN-D-01"
    enrolment.certificate_issued_on = records.class_d.ends_on
    enrolment.save()
    return {"pk": enrolment.pk}


def plan_a(world: World, records: Records) -> dict[str, Any]:
    """Cell A's annual plan, issued (so its document can be downloaded)."""
    import datetime

    from uommam.plans.models import AnnualPlan, PlanEntry
    from uommam.plans.services import plan_issue

    plan, created = AnnualPlan.objects.get_or_create(unit=world.units["CB-S-A"], school_year="2025-2026")
    if created:
        PlanEntry.objects.create(plan=plan, person=world.students["a"], action="admit", month=datetime.date(2026, 1, 1))
        plan = plan_issue(plan=plan, actor=None, on=datetime.date(2025, 9, 15))
    return {"pk": plan.pk}


def plan_entry_a(world: World, records: Records) -> dict[str, Any]:
    from uommam.plans.models import PlanEntry

    pk = plan_a(world, records)["pk"]
    return {"pk": pk, "entry_pk": PlanEntry.objects.filter(plan_id=pk).first().pk}


CASES: dict[str, Case] = {
    # Accounts, language, start page
    "login": case("login"),
    "logout": case("logout", method="post"),
    "password_change": case("page"),
    "password_change_done": case("page"),
    "otp_setup": case("roles", allowed=COMMITTEES),
    "otp_verify": case("page"),
    "otp_disable": case("roles", allowed=COMMITTEES, method="post"),
    "keepalive": case("page"),
    "set_language": case("public", method="post", language="en", next="/"),
    "javascript-catalog": case("public"),
    "core:home": case("page"),
    "core:healthz": case("public"),
    "audit:list": case("roles", allowed=COMMITTEES),
    # Students
    "people:list": case("page"),
    "people:members": case("page"),
    "people:create": case("roles", allowed=STUDENT_IMPORTERS),
    "people:detail": case("object", student_a, allowed=STUDENT_A),
    "people:edit": case("object", student_a, allowed=EDIT_A, sees=STUDENT_A),
    "people:archive": case("object", student_a, allowed=EDIT_A, sees=STUDENT_A, method="post"),
    "people:restore": case("object", student_a, allowed=EDIT_A, sees=STUDENT_A, method="post"),
    "people:consent_add": case("object", student_a, allowed=CELL_A_WRITERS, sees=STUDENT_A, method="post"),
    "people:consent_withdraw": case("object", consent_a, allowed=CELL_A_WRITERS, sees=STUDENT_A, method="post"),
    "people:consent_document": case("object", consent_a, allowed=CELL_A_WRITERS, sees=STUDENT_A),
    "people:erasure_list": case("roles", allowed=COMMITTEES | {"cell_a", "cell_b"}),
    "people:erasure_request": case("object", student_a, allowed=ERASE_A, sees=STUDENT_A, method="post"),
    "people:erasure_decide": case("object", erasure_a, allowed=DECIDE_A, sees=ERASE_A, method="post"),
    "people:erasure_execute": case("object", erasure_a, allowed=DECIDE_A, sees=ERASE_A, method="post"),
    "people:erasure_certificate": case("object", erasure_a, allowed=ERASE_A),
    "orgs:tree": case("page"),
    "orgs:detail": case("object", lambda world, records: {"pk": world.units["S-A"].pk}, allowed=SCHOOL_A),
    # Pipeline
    "pipeline:index": case("page"),
    "pipeline:nomination": case("page"),
    "pipeline:candidate": case("object", candidate_a, allowed=STUDENT_A),
    "pipeline:list_directly": case(
        "object", lambda world, records: {"person_pk": world.students["a"].pk}, allowed=CELL_A_WRITERS, sees=STUDENT_A
    ),
    "pipeline:transition": case(
        "object",
        lambda world, records: {"pk": records.candidate_a.pk, "name": "record_vote"},
        allowed={"admin", "cell_a"},
        sees=STUDENT_A,
        method="post",
    ),
    "pipeline:dossier_save": case("object", candidate_a, allowed=CELL_A_WRITERS, sees=STUDENT_A, method="post"),
    "pipeline:dossier_all": case("object", candidate_a, allowed=CELL_A_WRITERS, sees=STUDENT_A),
    "pipeline:dossier_file": case(
        "object",
        lambda world, records: {"pk": records.candidate_a.pk, "item_pk": records.dossier_item_a.pk},
        allowed=CELL_A_WRITERS,  # scans hold relatives: not for a viewer (it sees no relatives)
        sees=STUDENT_A,
    ),
    "pipeline:introducer_add": case("object", candidate_a, allowed=CELL_A_WRITERS, sees=STUDENT_A, method="post"),
    "pipeline:introducer_replace": case(
        "object",
        lambda world, records: {"pk": records.candidate_a.pk, "assignment_pk": records.introducer_a.pk},
        allowed=CELL_A_WRITERS,
        sees=STUDENT_A,
        method="post",
    ),
    "pipeline:helper_change": case("object", candidate_a, allowed=CELL_A_WRITERS, sees=STUDENT_A, method="post"),
    "pipeline:theory_course": case("object", candidate_a, allowed=CELL_A_WRITERS, sees=STUDENT_A, method="post"),
    "pipeline:timeline_print": case("object", candidate_a, allowed=STUDENT_A),
    "pipeline:void_step": case("object", candidate_a, allowed=CELL_A_WRITERS, sees=STUDENT_A, method="post"),
    "pipeline:check_records": case("roles", allowed=COMMITTEES),
    # Awareness classes
    "training:class_list": case("page"),
    "training:class_create": case("roles", allowed=COMMITTEES | {"centre"}),
    "training:class_detail": case("object", class_d, allowed=CLASS_D),
    "training:class_edit": case("object", class_d, allowed=CLASS_D_MANAGERS, sees=CLASS_D),
    "training:class_enrol": case("object", class_d, allowed=CLASS_D_MANAGERS, sees=CLASS_D),
    "training:class_attendance": case("object", class_d, allowed=CLASS_D_MANAGERS, sees=CLASS_D),
    "training:class_results": case("object", class_d, allowed=CLASS_D_MANAGERS, sees=CLASS_D),
    "training:class_certificates": case("object", class_d, allowed=CLASS_D_MANAGERS, sees=CLASS_D),
    "training:class_roster_print": case("object", class_d, allowed=CLASS_D),
    "training:class_certificate_list_print": case("object", class_d, allowed=CLASS_D),
    # Referrals
    "referrals:index": case("page"),
    "referrals:inbox": case("roles", allowed=COMMITTEES | {"receiver"}),
    "referrals:forecast": case("roles", allowed=ALL_PERSONAS - {"centre", "receiver"}),
    "referrals:forecast_export": case("roles", allowed=ALL_PERSONAS - {"centre", "receiver"}),
    "referrals:send": case("roles", allowed={"admin", "cell_a", "cell_b"}),
    "referrals:metrics": case("roles", allowed=ALL_PERSONAS - {"centre"}),
    "referrals:detail": case("object", referral_a, allowed=REFERRAL_A),
    "referrals:acknowledge": case("object", referral_a, allowed={"admin", "receiver"}, sees=REFERRAL_A, method="post"),
    "referrals:paper_acknowledgement": case(
        "object", referral_a, allowed=CELL_A_WRITERS, sees=REFERRAL_A, method="post"
    ),
    "referrals:assign_helper": case(
        "object", referral_a, allowed={"admin", "receiver"}, sees=REFERRAL_A, method="post"
    ),
    "referrals:record_outcome": case(
        "object", referral_a, allowed={"admin", "receiver"}, sees=REFERRAL_A, method="post"
    ),
    "referrals:pass_on": case("object", referral_a, allowed={"admin", "receiver"}, sees=REFERRAL_A, method="post"),
    "referrals:letter_docx": case("object", referral_a, allowed=REFERRAL_A),
    "referrals:letter_pdf": case("object", referral_a, allowed=REFERRAL_A),
    "referrals:issue_documents": case(
        "object", referral_a, allowed={"admin", "cell_a"}, sees=REFERRAL_A, method="post"
    ),
    "referrals:official_document": case("object", official_document_a, allowed=REFERRAL_A),
    # Imports
    "imports:history": case("roles", allowed=IMPORTERS),
    "imports:upload": case("roles", allowed=IMPORTERS),
    "imports:template": case("page"),
    "imports:preview": case("object", import_a, allowed=EDIT_A),
    "imports:remap": case("object", import_a, allowed=EDIT_A, method="post"),
    "imports:commit": case("object", import_a, allowed=EDIT_A, method="post"),
    "imports:undo": case("object", import_a, allowed=EDIT_A, method="post"),
    # Reports: every page shows the user's own scope; the leak check below guards their content.
    "reports:dashboard": case("page"),
    "reports:review": case("page"),
    "reports:names": case("page"),
    "reports:targets": case("page"),
    # Drafts and exports: everyone but the read-only viewers (who download issued documents only).
    "reports:export_funnel_xlsx": case("roles", allowed=ALL_PERSONAS - READ_ONLY),
    "reports:export_names_xlsx": case("roles", allowed=ALL_PERSONAS - READ_ONLY),
    "reports:export_review": case("roles", lambda w, r: {"extension": "xlsx"}, allowed=ALL_PERSONAS - READ_ONLY),
    "reports:report_docx": case("roles", allowed=ALL_PERSONAS - READ_ONLY),
    "reports:report_pdf": case("roles", allowed=ALL_PERSONAS - READ_ONLY),
    # Issuing (POST; without a purpose the officer is asked for one): officers of the body that issues
    # about their default unit. The closed district's reports are issued by its successor DU-A.
    "reports:issue": case("roles", allowed=ISSUERS, method="post"),
    "reports:documents": case("page"),
    "reports:issued_download": case("object", issued_report, allowed={"admin", "province", "viewer"}),
    # Verifiable documents and the exchange between installations (issue 16).
    "verify:code_form": case("public"),
    "verify:document": case("public", letter_token),
    "verify:acknowledge": case("public", letter_token),
    "verify:outcome": case("public", letter_token),
    "uommam_keys": case("public"),
    "exchange:import": case("page"),
    "exchange:inbound_list": case("roles", allowed=COMMITTEES | {"receiver"}),
    "exchange:inbound_detail": case("object", inbound_x, allowed={"admin", "receiver"}),
    "exchange:inbound_letter": case("object", inbound_x, allowed={"admin", "receiver"}),
    "exchange:reply_package": case("object", inbound_x, allowed={"admin", "receiver"}),
    "exchange:referral_package": case("object", referral_a, allowed=CELL_A_WRITERS, sees=REFERRAL_A),
    "exchange:revoke_code": case("object", referral_a, allowed=CELL_A_WRITERS, sees=REFERRAL_A, method="post"),
    "certificates:print": case("object", certificate_d, allowed=CLASS_D),
    # Plans and roadmaps: units the user sees; drafting and editing for the cell's writers.
    "plans:plan": case("roles", allowed=ALL_PERSONAS - {"centre"}),
    "plans:roadmaps": case("roles", allowed=ALL_PERSONAS - {"centre", "receiver"}),
    "plans:draft": case(
        "object",
        lambda world, records: {"unit_pk": world.units["CB-S-A"].pk},
        allowed=PLAN_A_WRITERS,
        sees=SCHOOL_A,
        method="post",
    ),
    "plans:text": case("object", plan_a, allowed=PLAN_A_WRITERS, sees=SCHOOL_A, method="post"),
    "plans:entry": case("object", plan_entry_a, allowed=PLAN_A_WRITERS, sees=SCHOOL_A, method="post"),
    "plans:issue": case("object", plan_a, allowed=PLAN_A_WRITERS, sees=SCHOOL_A, method="post"),
    "plans:download": case("object", lambda w, r: {**plan_a(w, r), "fmt": "docx"}, allowed=SCHOOL_A),
}


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, list[str]]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = list(getattr(entry.pattern, "converters", {}) or entry.pattern.regex.groupindex)
            yield f"{namespace}{entry.name}", converters


def named_urls() -> dict[str, list[str]]:
    return dict(_walk(get_resolver().url_patterns))


def test_every_named_url_has_a_case() -> None:
    missing = sorted(name for name in named_urls() if not name.startswith("admin:") and name not in CASES)
    assert not missing, f"add an access case for: {missing}"


def _call(client: Client, case: Case, url: str, *, htmx: bool = False) -> Any:
    # HTMX requests get fragments from the same views: they must obey the same scope.
    headers = {"HX-Request": "true", "HX-Current-URL": url} if htmx else {}
    if case.method == "post":
        return client.post(url, case.data, headers=headers)
    return client.get(url, headers=headers)


def _expected(case: Case, persona: str | None) -> str:
    """ "ok", "login" (redirect to the login page), "403" or "404"."""
    if case.kind == "public":
        return "ok"
    if case.kind == "login":
        return "ok" if persona is None else "redirect"
    if case.kind == "logout" or persona is None:
        return "login"
    if case.kind == "page":
        return "ok"
    if case.kind == "roles":
        return "ok" if persona in case.allowed else "403"
    if case.kind == "object":
        if persona in case.allowed:
            return "ok"
        return "403" if persona in case.sees else "404"
    raise AssertionError(case.kind)


def _outcome(response: Any, case: Case) -> str:
    status = response.status_code
    if status == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    if status in (200, 302) or (case.method == "post" and status == 400):
        # A form posted empty may answer 400 with its errors: the user was let in.
        return "redirect" if status == 302 and case.kind == "login" else "ok"
    return str(status)


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("name", sorted(CASES))
def test_url_answers_each_persona_as_its_scope_says(name: str, walk: Walk) -> None:
    # `walk`: the persona world with its records and every persona logged in twice, replayed for each case
    # (uommam/testing/walk.py); each request below has a session of its own, as if just logged in.
    world, records = walk.world, walk.records
    case = CASES[name]
    url = reverse(name, kwargs=case.kwargs(world, records))
    problems = []
    for persona in [None, *sorted(ALL_PERSONAS)]:
        for htmx in (False, True):
            client = Client() if persona is None else walk.client(persona, session=int(htmx))
            response = _call(client, case, url, htmx=htmx)
            expected, outcome = _expected(case, persona), _outcome(response, case)
            who = f"{persona or 'anonymous'}{' (HTMX)' if htmx else ''}"
            if outcome != expected:
                problems.append(f"{who}: {response.status_code} ({outcome}), expected {expected}")
            if persona not in SEES_SCHOOL_B and LEAK_MARKER.encode() in _body(response):
                problems.append(f"{who}: the page shows a school-B student")
    assert not problems, f"{name} ({url}): " + "; ".join(problems)


def test_student_lists_show_each_persona_only_their_scope(world: World, client_for: Callable[[str], Client]):
    for persona in sorted(ALL_PERSONAS):
        body = client_for(persona).get(reverse("people:list")).content.decode()
        assert (world.students["a"].full_name in body) == (persona in SEES_SCHOOL_A), persona
        assert (LEAK_MARKER in body) == (persona in SEES_SCHOOL_B), persona


def _admin_kwargs(name: str, converters: list[str], world: World) -> dict[str, Any] | None:
    if not converters:
        return {}
    if converters == ["app_label"]:
        return {"app_label": "orgs"}
    if "object_id" in converters or "id" in converters:
        label = name.removeprefix("admin:").rsplit("_", 1)[0]
        for model in apps.get_models():
            if f"{model._meta.app_label}_{model._meta.model_name}" == label:
                obj = model._default_manager.order_by("pk").first()
                if obj is None:
                    return None
                key = "object_id" if "object_id" in converters else "id"
                return {key: obj.pk}
    return None


def _admin_refuses(name: str, kwargs: dict[str, Any], world: World) -> bool:
    """Whether the model's own ModelAdmin refuses this page to a superuser (append-only journals)."""
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = world.users["admin"]
    label, _, action = name.removeprefix("admin:").rpartition("_")
    for model, model_admin in admin.site._registry.items():
        if f"{model._meta.app_label}_{model._meta.model_name}" != label:
            continue
        if action == "add":
            return not model_admin.has_add_permission(request)
        if action == "delete":
            obj = model._default_manager.get(pk=kwargs["object_id"])
            return not model_admin.has_delete_permission(request, obj)
    return False


def test_admin_site_is_for_staff_only(world: World, client_for: Callable[[str], Client]):
    skipped_actions = {"admin:logout", "admin:view_on_site", "admin:autocomplete", "admin:login", "admin:jsi18n"}
    checked = 0
    for name, converters in sorted(named_urls().items()):
        if not name.startswith("admin:") or name in skipped_actions:
            continue
        kwargs = _admin_kwargs(name, converters, world)
        if kwargs is None:
            continue
        url = reverse(name, kwargs=kwargs)
        for persona in ("cell_a", "viewer", "province"):
            response = client_for(persona).get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"], (name, persona)
        status = client_for("admin").get(url).status_code
        refused = _admin_refuses(name, kwargs, world)
        assert status == 403 if refused else status in (200, 302), (name, status)
        checked += 1
    assert checked > 20
