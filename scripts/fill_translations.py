"""Fill a .po catalogue from a Python dict of translations: `python scripts/fill_translations.py PO DICT.py`.

The dict file defines `T = {msgid: msgstr}` and optionally `PLURALS = {msgid: [forms]}`. Existing
translations are kept unless the dict gives a new one; fuzzy flags are cleared for filled entries.
Prints the msgids still untranslated."""

from __future__ import annotations

import runpy
import sys

import polib


def main(po_path: str, dict_path: str) -> int:
    values = runpy.run_path(dict_path)
    table: dict[str, str] = values.get("T", {})
    plurals: dict[str, list[str]] = values.get("PLURALS", {})
    catalogue = polib.pofile(po_path)
    catalogue.metadata_is_fuzzy = False
    catalogue.metadata.update(
        {"Project-Id-Version": "Ươm Mầm", "Language": "vi", "Language-Team": "Ươm Mầm <uommam@localhost>"}
    )
    for entry in catalogue:
        if entry.msgid_plural and entry.msgid in plurals:
            entry.msgstr_plural = dict(enumerate(plurals[entry.msgid]))
        elif entry.msgid in table:
            entry.msgstr = table[entry.msgid]
        else:
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save(po_path)
    catalogue.save_as_mofile(po_path[:-3] + ".mo")
    missing = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
    for msgid in missing:
        print("untranslated:", msgid)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
