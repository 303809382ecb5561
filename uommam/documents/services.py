"""Issuing official documents: number, render, store (after commit), and PDF on demand."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from uommam.audit.services import audit_record
from uommam.orgs.models import OrgUnit

from .header import official_header
from .models import GeneratedDocument
from .numbering import allocate_number
from .rendering import docx_to_pdf, render_docx, soffice_path
from .templates import resolve_template, sha256_bytes

if TYPE_CHECKING:
    from uommam.accounts.models import User


class DocumentFileMissing(FileNotFoundError):
    pass


def plain_context(context: dict[str, Any]) -> dict[str, Any]:
    plain: dict[str, Any] = json.loads(json.dumps(context, cls=DjangoJSONEncoder))
    return plain


def _store_after_commit(document: GeneratedDocument, field: str, name: str, data: bytes) -> None:
    """Write the file once the row is committed: a rolled-back issue leaves no orphan file."""

    def write() -> None:
        stored = default_storage.save(name, ContentFile(data))
        if stored != name:
            GeneratedDocument.objects.filter(pk=document.pk).update(**{field: stored})

    transaction.on_commit(write)


def document_issue(
    *,
    unit: OrgUnit,
    doc_type: str,
    template_name: str,
    context: dict[str, Any],
    on: date,
    actor: User | None = None,
    summary: str = "",
    recipients: Sequence[str] = (),
    signer_name: str = "",
    signer_title: str = "BÍ THƯ",
    authority: str | None = None,
    related: models.Model | None = None,
    purpose: str = "",
    reason: str = "",
    with_pdf: bool = False,
) -> GeneratedDocument:
    """Number, render and record one document of `unit`. The returned instance carries `docx_bytes`.

    `reason` (the purpose the officer gave) goes into the journal; `with_pdf` also converts and stores
    the PDF now (when LibreOffice is installed), so that later downloads only read stored files."""
    with transaction.atomic():
        allocated = allocate_number(unit=unit, doc_type=doc_type, on=on)
        header = official_header(
            unit=unit,
            doc_type=doc_type,
            number_text=allocated.text,
            on=on,
            summary=summary,
            recipients=recipients,
            signer_name=signer_name,
            signer_title=signer_title,
            authority=authority,
        )
        path, version = resolve_template(template_name)
        full_context = plain_context({**context, "h": header})
        docx = render_docx(path, full_context)
        name = f"documents/{unit.pk}/{on.year}/{allocated.text.replace('/', '-')}-{uuid.uuid4().hex[:10]}.docx"
        document = GeneratedDocument.objects.create(
            kind=doc_type,
            unit=unit,
            term_label=allocated.term_label,
            number=allocated.number,
            number_text=allocated.text,
            issued_on=on,
            summary=summary[:255],
            purpose=purpose,
            template_name=template_name,
            template_version=version,
            context=full_context,
            file=name,
            sha256=sha256_bytes(docx),
            content_type=ContentType.objects.get_for_model(related) if related is not None else None,
            object_id=str(related.pk) if related is not None else "",
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _store_after_commit(document, "file", name, docx)
        if with_pdf and soffice_path() is not None:
            pdf = docx_to_pdf(docx)
            document.pdf_file.name = name.removesuffix(".docx") + ".pdf"
            document.pdf_sha256 = sha256_bytes(pdf)
            document.save(update_fields=["pdf_file", "pdf_sha256"])
            _store_after_commit(document, "pdf_file", document.pdf_file.name, pdf)
        audit_record(
            actor=actor,
            action="generate",
            note=f"{template_name} {allocated.text}" + (f" – {reason}" if reason else ""),
            obj=document,
            unit=unit,
            after={"number": allocated.text, "template": template_name, "template_version": version},
        )
    document.docx_bytes = docx  # type: ignore[attr-defined]  # the rendered file, handed on to the caller; not a field
    return document


def document_docx(document: GeneratedDocument) -> bytes:
    """The stored Word file; re-rendered from the recorded context when the file was lost and the
    same template version is still available."""
    if document.file and document.file.name and default_storage.exists(document.file.name):
        with default_storage.open(document.file.name, "rb") as handle:
            data: bytes = handle.read()
            return data
    path, version = resolve_template(document.template_name)
    if version != document.template_version:
        raise DocumentFileMissing(document.file.name)
    docx = render_docx(path, document.context)
    stored = default_storage.save(document.file.name or f"documents/{document.pk}.docx", ContentFile(docx))
    GeneratedDocument.objects.filter(pk=document.pk).update(file=stored)
    document.file.name = stored
    return docx


def document_pdf(document: GeneratedDocument) -> bytes:
    """The PDF of the document, converted by LibreOffice on first request and kept."""
    if document.pdf_file and document.pdf_file.name and default_storage.exists(document.pdf_file.name):
        with default_storage.open(document.pdf_file.name, "rb") as handle:
            data: bytes = handle.read()
            return data
    pdf = docx_to_pdf(document_docx(document))
    name = (document.file.name or f"documents/{document.pk}.docx").removesuffix(".docx") + ".pdf"
    stored = default_storage.save(name, ContentFile(pdf))
    document.pdf_file.name = stored
    document.pdf_sha256 = sha256_bytes(pdf)
    GeneratedDocument.objects.filter(pk=document.pk).update(pdf_file=stored, pdf_sha256=document.pdf_sha256)
    return pdf


def documents_for(obj: models.Model) -> models.QuerySet[GeneratedDocument]:
    return GeneratedDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("-created_at")


def template_upload(*, name: str, data: bytes, actor: User | None = None) -> Any:
    """Make an uploaded .docx the active template `name` (the previous override is kept, inactive)."""
    from .models import DocumentTemplate

    version = sha256_bytes(data)
    with transaction.atomic():
        DocumentTemplate.objects.filter(name=name, active=True).update(active=False)
        template = DocumentTemplate(name=name, version=version, uploaded_by=actor)
        template.file.save(f"{name}.docx", ContentFile(data), save=False)
        template.save()
        audit_record(
            actor=actor, action="create", obj=template, after={"name": name, "version": version}, note="template_upload"
        )
    return template
