"""The tests' memo of LibreOffice conversions (uommam/testing/office_cache.py) may only ever hand back the PDF of
the same document: a wrong hit would let a test check another document's PDF."""

from __future__ import annotations

import io
import zipfile

import pytest

from uommam.testing import office_cache


def _docx(body: str, *, when: tuple[int, int, int, int, int, int]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("word/document.xml", date_time=when), body)
        archive.writestr(zipfile.ZipInfo("[Content_Types].xml", date_time=when), "<Types/>")
    return buffer.getvalue()


FIRST = (2026, 11, 30, 8, 0, 0)
LATER = (2026, 11, 30, 8, 0, 2)


def test_the_same_document_written_in_another_second_has_the_same_key() -> None:
    one, two = _docx("<w:t>Quyết định</w:t>", when=FIRST), _docx("<w:t>Quyết định</w:t>", when=LATER)
    assert one != two  # the zip's timestamps differ
    assert office_cache.content_key(one) == office_cache.content_key(two)


def test_documents_that_differ_in_one_word_have_different_keys() -> None:
    one, two = _docx("<w:t>Quyết định 12</w:t>", when=FIRST), _docx("<w:t>Quyết định 13</w:t>", when=FIRST)
    assert office_cache.content_key(one) != office_cache.content_key(two)


def test_a_conversion_is_remembered_by_content_and_a_failure_is_not(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office_cache, "_pdfs", {})
    calls: list[bytes] = []
    fail = {"now": True}

    def convert(docx: bytes, *, timeout: int) -> bytes:
        calls.append(docx)
        if fail["now"]:
            raise RuntimeError("LibreOffice missing")
        return b"%PDF " + str(len(calls)).encode()

    remembering = office_cache._remembering(convert)
    document = _docx("<w:t>Giấy chứng nhận</w:t>", when=FIRST)
    with pytest.raises(RuntimeError):
        remembering(document)
    fail["now"] = False
    first = remembering(document)
    assert remembering(_docx("<w:t>Giấy chứng nhận</w:t>", when=LATER)) == first  # remembered
    other = remembering(_docx("<w:t>Giấy giới thiệu</w:t>", when=FIRST))
    assert other != first
    assert len(calls) == 3  # the failure, the first document, the other one
