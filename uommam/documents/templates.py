"""Which Word file a template name means: the administrator's active override, else the committed one."""

from __future__ import annotations

import hashlib
from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates_docx"


class TemplateNotFound(LookupError):
    pass


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def committed_template_path(name: str) -> Path:
    path = TEMPLATES_DIR / f"{name}.docx"
    if not path.is_file():
        raise TemplateNotFound(name)
    return path


def resolve_template(name: str) -> tuple[Path, str]:
    """`(path, version)`; the version is the sha256 of the .docx, stored with every generated document."""
    from .models import DocumentTemplate

    override = DocumentTemplate.objects.filter(name=name, active=True).first()
    if override is not None and override.file:
        path = Path(override.file.path)
        if path.is_file():
            return path, override.version
    path = committed_template_path(name)
    return path, sha256_bytes(path.read_bytes())
