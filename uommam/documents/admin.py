from __future__ import annotations

from typing import Any

from django.contrib import admin

from .models import DocumentSequence, DocumentTemplate, GeneratedDocument, Term
from .templates import sha256_bytes


@admin.register(Term)
class TermAdmin(admin.ModelAdmin[Term]):
    list_display = ["unit", "label", "starts_on", "ends_on"]
    search_fields = ["unit__name", "unit__code", "label"]
    autocomplete_fields = ["unit"]


@admin.register(DocumentSequence)
class DocumentSequenceAdmin(admin.ModelAdmin[DocumentSequence]):
    list_display = ["unit", "doc_type", "term_label", "last_number"]
    list_filter = ["doc_type"]
    search_fields = ["unit__name", "unit__code"]
    readonly_fields = ["unit", "doc_type", "term_label"]


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin[DocumentTemplate]):
    list_display = ["name", "version", "active", "uploaded_at", "uploaded_by"]
    list_filter = ["active", "name"]
    readonly_fields = ["version", "uploaded_at", "uploaded_by"]

    def save_model(self, request: Any, obj: DocumentTemplate, form: Any, change: bool) -> None:
        upload = form.cleaned_data.get("file")
        if upload is not None and hasattr(upload, "read"):
            upload.seek(0)
            obj.version = sha256_bytes(upload.read())
            upload.seek(0)
        if not change:
            obj.uploaded_by = request.user
        if obj.active:
            DocumentTemplate.objects.filter(name=obj.name, active=True).exclude(pk=obj.pk).update(active=False)
        super().save_model(request, obj, form, change)


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin[GeneratedDocument]):
    list_display = ["number_text", "unit", "kind", "issued_on", "template_name", "purpose", "created_by"]
    list_filter = ["kind", "template_name"]
    search_fields = ["number_text", "unit__name", "summary"]
    readonly_fields = [field.name for field in GeneratedDocument._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False
