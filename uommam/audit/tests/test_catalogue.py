"""The audit app's Vietnamese words are the project's: the project catalogue wins Django's lookup,
so a different wording here would show one word two ways depending on which catalogue was read."""

from __future__ import annotations

from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

AUDIT = Path(__file__).resolve().parents[1] / "locale" / "vi" / "LC_MESSAGES"
PROJECT = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _text(entry: polib._BaseEntry) -> object:
    return tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr


def _entries(path: Path) -> dict[tuple[str | None, str], object]:
    return {(e.msgctxt, e.msgid): _text(e) for e in polib.pofile(str(path)) if e.msgid and not e.obsolete}


def test_words_in_both_catalogues_are_translated_identically() -> None:
    project, audit = _entries(PROJECT), _entries(AUDIT / "django.po")
    differing = {key: (audit[key], project[key]) for key in audit.keys() & project.keys() if audit[key] != project[key]}
    assert differing == {}


def test_compiled_catalogue_matches_its_source() -> None:
    compiled = {(e.msgctxt, e.msgid): _text(e) for e in polib.mofile(str(AUDIT / "django.mo")) if e.msgid}
    assert compiled == {k: v for k, v in _entries(AUDIT / "django.po").items() if v}


def test_audit_words_read_as_the_project_translates_them() -> None:
    with translation.override("vi"):
        assert translation.gettext("record") == "bản ghi" and translation.gettext("All") == "Tất cả"
