"""The right words: every page of the URL walk, rendered in Vietnamese as each kind of user, has

- no English left untranslated (a text or label that is an English msgid of our catalogues, or reads
  as an English sentence),
- no "bạn" in interface text (the house style addresses users as "đồng chí"),
- no button labelled with a noun from another context (a column or section title: "Hồ sơ" on the vote's
  submit button came from the journal's "Record" column, because the button had no entry of its own).

The pages are those of tests/access/test_url_walk.py (its CASES), so a new page is checked here too.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
from django.test import Client
from django.urls import reverse

from tests.access.test_url_walk import CASES
from uommam.testing.walk import Walk

# One persona per kind of user (see uommam/testing/world.py); the admin sees every page there is.
READERS = ("cell_a", "youth_a", "commune_a", "centre", "receiver", "admin")
# Pages that are not interface text in the user's language: files, JSON, the language switch.
NOT_HTML = ("javascript-catalog", "core:healthz", "uommam_keys", "keepalive", "set_language")
# English that is a name, not a word to translate.
PROPER = {"PDF", "Word", "Excel", "Word (.docx)", "Excel (.xlsx)", "English", "Tiếng Việt", "OTP", "QR", "CSV", "ID"}
ENGLISH_GLUE = {"the", "of", "and", "to", "is", "not", "for", "with", "your", "this", "by", "or", "be", "are", "was"}
BAN = re.compile(r"\bbạn\b", re.IGNORECASE)


def _catalogues() -> list[polib.POFile]:
    root = Path(__file__).resolve().parents[2]
    return [polib.pofile(str(p)) for p in root.glob("**/locale/vi/LC_MESSAGES/django.po") if ".venv" not in p.parts]


def _english_msgids() -> set[str]:
    """Our English source strings that read differently in Vietnamese (placeholders-free ones)."""
    found = set()
    for catalogue in _catalogues():
        for entry in catalogue:
            if entry.obsolete or "%" in entry.msgid or "{" in entry.msgid:
                continue
            if entry.msgstr and entry.msgstr != entry.msgid and len(entry.msgid) > 3:
                found.add(entry.msgid)
    return found - PROPER


class _Page(HTMLParser):
    """Interface texts of a page: text nodes and the labels people read (title, placeholder, aria-label),
    the labels of buttons, and the titles of columns and sections."""

    SKIP = {"script", "style", "code", "pre", "textarea", "option"}
    BUTTONS = {"button", "summary"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.buttons: list[str] = []
        self.nouns: set[str] = set()
        self._stack: list[tuple[str, bool]] = []  # (tag, is a button)
        self._skip = 0
        self._button: list[str] | None = None
        self._noun: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for name in ("title", "placeholder", "aria-label", "alt"):
            if a.get(name):
                self.texts.append(a[name] or "")
        if tag in self.SKIP:
            self._skip += 1
        classes = (a.get("class") or "").split()
        is_button = (tag in self.BUTTONS or (tag == "a" and "btn" in classes)) and a.get("type") != "button"
        if tag == "input" and a.get("type") == "submit" and a.get("value"):
            self.buttons.append(a["value"] or "")
        if is_button and self._button is None:
            self._button = []
        if tag == "th" and a.get("scope") == "col":
            self._noun = []
        if tag in ("br", "input", "img", "meta", "link", "hr"):
            return
        self._stack.append((tag, is_button))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        while self._stack:
            open_tag, was_button = self._stack.pop()
            if was_button and self._button is not None:
                label = " ".join(" ".join(self._button).split())
                if label:
                    self.buttons.append(label)
                self._button = None
            if open_tag == "th" and self._noun is not None:
                noun = " ".join(" ".join(self._noun).split())
                if noun:
                    self.nouns.add(noun)
                self._noun = None
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        text = " ".join(data.split())
        if not text:
            return
        self.texts.append(text)
        if self._button is not None:
            self._button.append(text)
        if self._noun is not None:
            self._noun.append(text)


def _reads_as_english(text: str, msgids: set[str]) -> bool:
    if text in PROPER or not text.isascii():
        return False
    if text in msgids:
        return True
    words = re.findall(r"[A-Za-z]+", text.lower())
    return len(words) >= 3 and sum(word in ENGLISH_GLUE for word in words) >= 2


def _pages(walk: Walk):
    world, records = walk.world, walk.records
    made: dict[object, dict] = {}  # one object per maker: the walk's makers create records
    for name, case in sorted(CASES.items()):
        if case.method != "get" or name in NOT_HTML:
            continue
        if case.kwargs not in made:
            made[case.kwargs] = case.kwargs(world, records)
        url = reverse(name, kwargs=made[case.kwargs])
        readers = [None] if case.kind in ("public", "login") else READERS
        for persona in readers:
            client = Client() if persona is None else walk.client(persona)
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
            if response.streaming or "text/html" not in response.get("Content-Type", ""):
                continue
            yield f"{name} as {persona or 'anonymous'} ({response.status_code})", response.content.decode()


def test_every_page_of_the_walk_speaks_formal_vietnamese_with_its_own_words(walk: Walk) -> None:
    msgids = _english_msgids()
    pages = [(where, _parse(body)) for where, body in _pages(walk)]
    assert len(pages) > 100  # the walk really rendered the pages
    # Titles of columns anywhere in the application: a button carrying one names a thing, not an action.
    nouns = set().union(*(page.nouns for _, page in pages))
    problems: set[str] = set()
    for where, page in pages:
        for text in page.texts:
            if BAN.search(text):
                problems.add(f"{where}: “bạn” in {text!r}")
            if _reads_as_english(text, msgids):
                problems.add(f"{where}: untranslated {text!r}")
        for label in page.buttons:
            if label in nouns:
                problems.add(f"{where}: the button {label!r} is labelled with a column title")
    assert not problems, "\n".join(sorted(problems))


def _parse(body: str) -> _Page:
    page = _Page()
    page.feed(body)
    return page


def test_the_checks_catch_the_words_they_are_for() -> None:
    """The parser and rules above on a page with each mistake (so the walk test can fail)."""
    page = _parse(
        "<table><thead><tr><th scope='col'>Hồ sơ</th></tr></thead></table>"
        "<button type='submit'>Hồ sơ</button><p>Ở bước này, bạn không có thao tác nào.</p>"
        "<a class='btn' href='#'>Ghi nhận</a><p title='Save the file to this folder'>Lưu</p><p>Nothing was recorded:</p>"
    )
    assert page.nouns == {"Hồ sơ"} and page.buttons == ["Hồ sơ", "Ghi nhận"]
    assert any(BAN.search(text) for text in page.texts)
    msgids = {"Nothing was recorded:"}
    assert [text for text in page.texts if _reads_as_english(text, msgids)] == [
        "Save the file to this folder",
        "Nothing was recorded:",
    ]
