"""Fail when a user-facing string has no Vietnamese translation, or a compiled catalogue is stale.

Runs `makemessages -l vi` on a scratch copy of the project (so the working tree is untouched) and
compares every resulting catalogue with the committed one: a msgid that is new, untranslated or fuzzy
is an error; so is a `.mo` file whose translations differ from its `.po`. Needs gettext (xgettext).

    python scripts/check_messages.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SKIP = shutil.ignore_patterns(".git", ".venv", "staticfiles", "media", "__pycache__", "*.sqlite3*", "node_modules")
IGNORE = [".venv/*", "static/*", "staticfiles/*", "bench/*", "tests/*", "uommam/testing/*", "*/tests/*"]


def _catalogues(base: Path) -> dict[Path, Path]:
    return {
        po.relative_to(base): po for po in base.glob("**/locale/vi/LC_MESSAGES/django.po") if ".venv" not in po.parts
    }


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def main() -> int:
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "project"
        shutil.copytree(ROOT, copy, ignore=SKIP)
        command = [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location", "--no-obsolete"]
        for pattern in IGNORE:
            command += ["-i", pattern]
        subprocess.run(command, cwd=copy, check=True, capture_output=True)
        fresh = _catalogues(copy)
        committed = _catalogues(ROOT)
        for relative, po_path in sorted(fresh.items()):
            if relative not in committed:
                problems.append(f"{relative}: catalogue missing from the repository")
                continue
            known = {_key(e): e for e in polib.pofile(str(committed[relative])) if not e.obsolete}
            for entry in polib.pofile(str(po_path)):
                if entry.obsolete:
                    continue
                old = known.get(_key(entry))
                if old is None:
                    problems.append(f"{relative}: new string without translation: {entry.msgid!r}")
                elif not old.translated():
                    problems.append(f"{relative}: untranslated or fuzzy: {entry.msgid!r}")
    for relative, po_path in sorted(_catalogues(ROOT).items()):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists():
            problems.append(f"{relative}: no compiled .mo")
            continue
        compiled = {_key(e): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in polib.mofile(str(mo_path))}
        for entry in polib.pofile(str(po_path)):
            current = (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
            if entry.translated() and not entry.obsolete and compiled.get(_key(entry)) != current:
                problems.append(f"{relative}: .mo is stale (recompile: make messages)")
                break
    for line in problems:
        print(line)
    print(f"check_messages: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
