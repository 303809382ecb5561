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

from uommam.testing.world import EDITS_SCHOOL_A, PERSONAS, SEES_SCHOOL_A, World

ALL_PERSONAS = {"admin", *PERSONAS}
LOGGED_IN = ALL_PERSONAS
# The marker student of school B: no page may show it to someone outside school B's scope.
SEES_SCHOOL_B = {"admin", "province", "district", "commune_b", "cell_b", "viewer", "viewer_b"}
LEAK_MARKER = "Zzleak"


@dataclass(frozen=True)
class Case:
    """How to call one URL and who gets what.

    kind: "public" – anyone; "login" – anonymous only (others are redirected); "page" – every logged-in user; "view" – those in `sees`, others 404;
    "write" – those in `edits`, others in `sees` 403, the rest 404; "roles" – those in `allowed`
    200, other logged-in users 403.
    """

    kind: str
    kwargs: Callable[[World], dict[str, Any]] = lambda world: {}
    sees: frozenset[str] = frozenset()
    edits: frozenset[str] = frozenset()
    allowed: frozenset[str] = frozenset()
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)


def _student_a(world: World) -> dict[str, Any]:
    return {"pk": world.students["a"].pk}


def _unit_school_a(world: World) -> dict[str, Any]:
    return {"pk": world.units["S-A"].pk}


def _consent_of_student_a(world: World) -> dict[str, Any]:
    from uommam.people.models import ParentalConsent

    # A document name without a file: the page asks for the download's purpose before opening it.
    consent, _ = ParentalConsent.objects.get_or_create(
        person=world.students["a"],
        defaults={
            "given_by": "Ma Văn Cha",
            "relation": "father",
            "given_on": "2025-09-01",
            "scope": "x",
            "document": "consents/walk.pdf",
        },  # fmt: skip
    )
    return {"pk": world.students["a"].pk, "consent_pk": consent.pk}


# Who sees a school-A student's citizen ID, relatives and consents in full (uommam/people/privacy.py).
DETAILS_SCHOOL_A = frozenset({"admin", "province", "district", "commune_a", "cell_a"})


CASES: dict[str, Case] = {
    "login": Case("login"),
    "logout": Case("page", method="post"),
    "password_change": Case("page"),
    "password_change_done": Case("page"),
    "set_language": Case("public", method="post", data={"language": "en", "next": "/"}),
    "javascript-catalog": Case("public"),
    "core:home": Case("page"),
    "core:healthz": Case("public"),
    "people:list": Case("page"),
    "people:members": Case("page"),
    "people:create": Case("roles", allowed=frozenset(EDITS_SCHOOL_A | {"commune_b", "cell_b"})),
    "people:detail": Case("view", _student_a, sees=frozenset(SEES_SCHOOL_A)),
    "people:edit": Case("write", _student_a, sees=frozenset(SEES_SCHOOL_A), edits=frozenset(EDITS_SCHOOL_A)),
    "people:archive": Case(
        "write", _student_a, sees=frozenset(SEES_SCHOOL_A), edits=frozenset(EDITS_SCHOOL_A), method="post"
    ),
    "people:restore": Case(
        "write", _student_a, sees=frozenset(SEES_SCHOOL_A), edits=frozenset(EDITS_SCHOOL_A), method="post"
    ),
    "people:consent_add": Case(
        "write", _student_a, sees=frozenset(SEES_SCHOOL_A), edits=DETAILS_SCHOOL_A, method="post"
    ),
    "people:consent_withdraw": Case(
        "write", _consent_of_student_a, sees=frozenset(SEES_SCHOOL_A), edits=DETAILS_SCHOOL_A, method="post"
    ),
    "people:consent_document": Case(
        "write", _consent_of_student_a, sees=frozenset(SEES_SCHOOL_A), edits=DETAILS_SCHOOL_A
    ),
    "otp_setup": Case("roles", allowed=frozenset({"admin", "province", "district", "commune_a", "commune_b"})),
    "otp_verify": Case("page"),
    "otp_disable": Case(
        "roles", allowed=frozenset({"admin", "province", "district", "commune_a", "commune_b"}), method="post"
    ),
    "audit:list": Case("roles", allowed=frozenset({"admin", "province", "district", "commune_a", "commune_b"})),
    "orgs:tree": Case("page"),
    "orgs:detail": Case(
        "view",
        _unit_school_a,
        sees=frozenset(SEES_SCHOOL_A | {"commune_a"}),
    ),
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


def _call(client: Client, case: Case, url: str) -> Any:
    if case.method == "post":
        return client.post(url, case.data)
    return client.get(url)


def _expected(case: Case, persona: str | None) -> int:
    if case.kind == "public":
        return 200
    if case.kind == "login":
        return 200 if persona is None else 302  # already logged in: sent to the start page
    if persona is None:
        return 302
    if case.kind == "page":
        return 200
    if case.kind == "roles":
        return 200 if persona in case.allowed else 403
    if case.kind == "view":
        return 200 if persona in case.sees else 404
    if case.kind == "write":
        if persona in case.edits:
            return 200
        return 403 if persona in case.sees else 404
    raise AssertionError(case.kind)


def _ok(status: int, expected: int, case: Case) -> bool:
    if expected == 200:
        # A successful POST answers with a redirect; a public POST (language) too.
        return status == 200 or (case.method == "post" and status == 302)
    return status == expected


@pytest.mark.parametrize("name", sorted(CASES))
def test_url_answers_each_persona_as_its_scope_says(name: str, world: World, client_for: Callable[[str], Client]):
    case = CASES[name]
    url = reverse(name, kwargs=case.kwargs(world))
    problems = []
    for persona in [None, *sorted(ALL_PERSONAS)]:
        client = Client() if persona is None else client_for(persona)
        response = _call(client, case, url)
        expected = _expected(case, persona)
        if not _ok(response.status_code, expected, case):
            problems.append(f"{persona or 'anonymous'}: {response.status_code}, expected {expected}")
        if expected == 302 and persona is None and response.status_code == 302:
            assert "/accounts/login/" in response["Location"]
        if persona not in SEES_SCHOOL_B and response.status_code == 200:
            body = response.content.decode(errors="replace")
            if LEAK_MARKER in body:
                problems.append(f"{persona or 'anonymous'}: page shows a school-B student")
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
        assert status in (200, 302), (name, status)
        checked += 1
    assert checked > 20
