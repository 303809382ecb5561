"""Whole read pages of the load mix served from the cache to every officer of the same scope.

The pages officers open all day (lists, records, the dashboard, the journal) change only when the data
changes, and every change is a journalled service (uommam/core/pagecache.py, "data mark"). So the
rendered page is stored under a key made of:

- the viewer's scope (`orgs.scope.scope_key`: each role and the unit it is held in, "staff:", or
  "admin"). Everything a page shows or hides – which students, which fields in full or masked
  (people/privacy.py decides by role and unit), which buttons – follows from it, so officers with the
  same roles in the same units see the same page and nobody reaches another scope's entry;
- the page: the URL name, the full path with its query string, and the HTMX headers (a fragment is not
  the page);
- the language, the day (dates like "due today", the print header), the data mark and the write token
  (any change of a project row, journalled or not); the journal page also follows log-ins, which do not
  move the data mark.

What belongs to one user is never stored: while a cacheable page is rendered, the CSRF token and the
user's name are placeholders (`context` below, read by templates/base.html and `{% csrf_token %}`),
replaced per request – a form on a page served from the cache posts with the reader's own token. A page
is not stored when it is not a 200 HTML answer, sets a cookie, shows or adds a flash message, changes
the session, or the session holds a form kept across an idle logout; such requests run the view as
before. Only GET requests of signed-in users on the pages of `SHARED_PAGES` are concerned.

The entry is the compressed body plus the headers the view set; the backend is the `default` cache
(process-local memory unless CACHE_URL says otherwise, docs/deployment.md).
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.html import escape

from uommam.core import pagecache
from uommam.orgs.scope import assignments, remember_assignments, scope_key
from uommam.orgs.tree import SUBTREE_PREFIXES

from . import kept_form

# The read pages of the load mix (bench/load.py) by URL name. Each is a pure function of scope, path,
# language, day and data: nothing on them depends on who the user is beyond their roles and units.
SHARED_PAGES = frozenset(
    {
        "core:home",
        "people:list",
        "people:detail",
        "pipeline:index",
        "pipeline:candidate",
        "training:class_list",
        "training:class_detail",
        "referrals:index",
        "referrals:inbox",
        "reports:dashboard",
        "audit:list",
        "orgs:tree",
    }
)
# Pages that show log-ins (recorded in the journal without moving the data mark).
FOLLOW_EVERY_ENTRY = frozenset({"audit:list"})

# Placeholders rendered instead of per-user values, then replaced per request. Plain letters and
# digits: HTML escaping leaves them as they are.
CSRF_PLACEHOLDER = "uommamSharedCsrf7c1e0b"
NAME_PLACEHOLDER = "uommamSharedName7c1e0b"
SHORT_NAME_PLACEHOLDER = "uommamSharedShort7c1e0b"
_RENDERING = "_uommam_shared_render"

TIMEOUT = pagecache.DEFAULT_TIMEOUT
HTML = "text/html"


def context(request: HttpRequest) -> dict[str, Any]:
    """Template context processor: placeholders for the per-user values of a page that may be shared."""
    if not getattr(request, _RENDERING, False):
        return {}
    return {"csrf_token": CSRF_PLACEHOLDER, "account_name": NAME_PLACEHOLDER, "account_short": SHORT_NAME_PLACEHOLDER}


def _every_entry_mark() -> int:
    entry = apps.get_model("audit", "AuditEntry")
    return entry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _known_roles(request: HttpRequest, mark: int) -> tuple[str, int]:
    """The user's role assignments (the scope) from the cache while the data mark stands: granting or
    taking a role is a journalled write, so a changed role is read afresh at the next page.

    Returns the entry's key and how many of its units carried their subtree's path prefixes (`orgs.tree`,
    a query or two for a committee), for `_keep_prefixes` after the page."""
    user = request.user
    cache = pagecache.page_cache()
    key = f"uommam:roles:{user.pk}:{mark}:{pagecache.write_token()}"
    held = cache.get(key)
    if held is None:
        cache.set(key, assignments(user), TIMEOUT)
    else:
        remember_assignments(user, held)
    return key, _prefixed(assignments(user))


def _prefixed(held: list[Any]) -> int:
    return sum(hasattr(a.unit, SUBTREE_PREFIXES) for a in held)


def _keep_prefixes(request: HttpRequest, key: str, before: int) -> None:
    """Store the roles again when the page computed a unit's subtree prefixes: every later page of the user
    that filters by that unit's subtree then reads them with the roles (a moved unit is a journalled write)."""
    held = assignments(request.user)
    if _prefixed(held) > before:
        pagecache.page_cache().set(key, held, TIMEOUT)


def _htmx(request: HttpRequest) -> list[tuple[str, str]]:
    """The HTMX headers that may change the answer (a fragment, its target); not the page's own URL."""
    return sorted(
        (name.lower(), value)
        for name, value in request.headers.items()
        if name.lower().startswith("hx-") and name.lower() != "hx-current-url"
    )


def page_key(request: HttpRequest, view_name: str) -> str:
    """The cache key of `request`'s page for its viewer's scope (see the module docstring)."""
    htmx = _htmx(request)
    mark = _every_entry_mark() if view_name in FOLLOW_EVERY_ENTRY else pagecache.data_mark()
    return _key(request, view_name, htmx, mark)


def _key(request: HttpRequest, view_name: str, htmx: list[tuple[str, str]], mark: int) -> str:
    parts = (
        scope_key(request.user),
        view_name,
        request.get_full_path(),
        htmx,
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        mark,
        pagecache.write_token(),
    )
    return "uommam:page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _personalise(request: HttpRequest, body: bytes) -> bytes:
    """The stored body with this request's CSRF token and user name in place of the placeholders."""
    if CSRF_PLACEHOLDER.encode() in body:
        body = body.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    user = request.user
    body = body.replace(NAME_PLACEHOLDER.encode(), escape(str(user)).encode())
    short = getattr(user, "short_label", "") or ""
    return body.replace(SHORT_NAME_PLACEHOLDER.encode(), escape(short).encode())


def _storable(request: HttpRequest, response: HttpResponse, session_before: dict[str, Any]) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith(HTML)
        and not response.has_header("Content-Disposition")
        and len(messages.get_messages(request)) == 0
        and dict(request.session.items()) == session_before
    )


class SharedPageCacheMiddleware:
    """Serves and stores the pages of `SHARED_PAGES` (after the session guard, messages and HTMX)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view_name = self._eligible(request)
        if view_name is None:
            return self.get_response(request)
        cache = pagecache.page_cache()
        if view_name in FOLLOW_EVERY_ENTRY:
            key = page_key(request, view_name)
            mark = None
            roles_key, prefixed = "", 0
        else:
            # A GET of these pages writes nothing: the mark read for the key serves the page's own figures.
            mark = pagecache.data_mark()
            roles_key, prefixed = _known_roles(request, mark)
            key = _key(request, view_name, _htmx(request), mark)
        hit = cache.get(key)
        if hit is not None:
            return self._serve(request, hit)
        # Officers of one scope opening the same page together: one renders it, the others wait for its entry.
        with pagecache.filling(cache, key) as claimed:
            if not claimed:
                hit = pagecache.wait_for_fill(cache, key)
                if hit is not None:
                    return self._serve(request, hit)
            response = self._render(request, cache, key, mark)
        if mark is not None:
            _keep_prefixes(request, roles_key, prefixed)
        return response

    @staticmethod
    def _serve(request: HttpRequest, hit: tuple[bytes, list[tuple[str, str]]]) -> HttpResponse:
        body, headers = hit
        response = HttpResponse(_personalise(request, zlib.decompress(body)))
        for name, value in headers:
            response[name] = value
        return response

    def _render(self, request: HttpRequest, cache: Any, key: str, mark: int | None) -> HttpResponse:
        """The page rendered by the view, stored under `key` when it may be shared."""
        session_before = dict(request.session.items())
        setattr(request, _RENDERING, True)
        known = pagecache.request_mark.set(mark)
        try:
            response = self.get_response(request)
        finally:
            pagecache.request_mark.reset(known)
            setattr(request, _RENDERING, False)
        if response.streaming or not response.get("Content-Type", "").startswith(HTML):
            return response
        body = response.content
        if _storable(request, response, session_before):
            headers = [(n, v) for n, v in response.items() if n.lower() not in ("content-length", "set-cookie")]
            cache.set(key, (zlib.compress(body, 1), headers), TIMEOUT)
        response.content = _personalise(request, body)
        return response

    def _eligible(self, request: HttpRequest) -> str | None:
        """The URL name of a page that may be shared, or None (not a GET of a signed-in user's read page)."""
        if request.method != "GET" or not getattr(settings, "UOMMAM_PAGE_CACHE", True):
            return None
        if not getattr(settings, "UOMMAM_SHARED_PAGES", True):
            return None
        if not getattr(request.user, "is_authenticated", False):
            return None
        try:
            view_name = resolve(request.path_info).view_name
        except Resolver404:
            return None
        if view_name not in SHARED_PAGES:
            return None
        # A pending flash message or a form kept across an idle logout is shown once, to this user only.
        if len(messages.get_messages(request)) or kept_form.SESSION_KEY in request.session:
            return None
        return view_name
