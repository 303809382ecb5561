"""Text replaced inside generated and stored files: Word and Excel files are zip archives of XML.

Used to give a role a masked copy of an issued document (a receiving officer's referral letter shows
the citizen ID masked, as every page does) and, by erasure, to blank a person inside stored files.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from xml.sax.saxutils import escape

from .privacy import MASK, mask_citizen_id

TEXT_PARTS = (".xml", ".rels", ".txt", ".csv")


def replace_in_archive(data: bytes, replacements: Mapping[str, str]) -> bytes:
    """The archive with every `old` text (as stored in XML: escaped) replaced by `new` in its text parts."""
    pairs = [(escape(old).encode(), escape(new).encode()) for old, new in replacements.items() if old]
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.endswith(TEXT_PARTS):
                for old, new in pairs:
                    content = content.replace(old, new)
            target.writestr(info, content)
    return out.getvalue()


def contains_in_archive(data: bytes, needles: list[str]) -> bool:
    """Whether any of `needles` occurs in a text part of the archive (or in the bytes, if not an archive)."""
    encoded = [escape(n).encode() for n in needles if n]
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return any(n in data for n in encoded)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            content = archive.read(name)
            if any(n in content for n in encoded):
                return True
    return False


def limited_copy(data: bytes, person: object) -> bytes:
    """A copy of a Word/Excel file about `person` for a role that sees the ID masked and no relatives."""
    replacements = {getattr(person, "citizen_id", ""): mask_citizen_id(getattr(person, "citizen_id", ""))}
    for name in ("father_name", "mother_name"):
        replacements[getattr(person, name, "")] = MASK * 3
    return replace_in_archive(data, replacements)
