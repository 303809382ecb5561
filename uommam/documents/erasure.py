"""Erasing a student from generated documents: the stored context and the .docx are rewritten, the PDF
dropped (converted again on demand). Registered with `people.erasure.register_copy_eraser` (people sits
below documents)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.db.models import TextField
from django.db.models.functions import Cast

from uommam.people.erasure import contains_q, replace_json, rewrite_file
from uommam.people.models import Person

from .models import GeneratedDocument


def erase_in_documents(person: Person, replacements: dict[str, str]) -> int:
    count = 0
    documents = GeneratedDocument.objects.annotate(context_text=Cast("context", TextField()))
    for document in documents.filter(contains_q("context", replacements)):
        document.context = replace_json(document.context, replacements)
        stored = document.file.name and document.file.storage.exists(document.file.name)
        if stored and rewrite_file(Path(document.file.path), replacements):
            document.sha256 = hashlib.sha256(Path(document.file.path).read_bytes()).hexdigest()
        if document.pdf_file.name:  # a FieldFile is true exactly when it names a file
            document.pdf_file.storage.delete(document.pdf_file.name)
            document.pdf_file = ""
            document.pdf_sha256 = ""
        document.save()
        count += 1
    return count
