"""The receiving side of the round-trip test, run as a separate Ươm Mầm installation: its own
process, its own SQLite database (`DATABASE_URL`), its own signing key and address.

    manage.py shell -c "from uommam.referrals.tests.peer_installation import main; main()"

Reads the sender's published key list and package from `PEER_DIR`, and writes there what the test
checks: `result.json` (what was imported and refused), `reply.zip` and `keys.json` (this side's
published keys).
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from uommam.orgs.models import UnitKind
from uommam.orgs.services import orgunit_create
from uommam.referrals import keys, packages
from uommam.referrals.verification_models import InboundReferral


def _one_byte_changed(data: bytes, position: int) -> bytes:
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1 :]


def main() -> None:
    work = Path(os.environ["PEER_DIR"])
    keys.generate_key_file(Path(os.environ["UOMMAM_SIGNING_KEY_FILE"]))
    (work / "keys.json").write_text(json.dumps(keys.published_keys()), encoding="utf-8")
    packages.installation_trust(document=json.loads((work / "sender-keys.json").read_text()), actor=None)
    unit = orgunit_create(
        code="DU-CDTQ", name="Đảng ủy Trường Cao đẳng Tuyên Quang", kind=UnitKind.GRASSROOTS_COMMITTEE
    )
    package = (work / "package.zip").read_bytes()

    # Every single-byte change of the package is refused, before anything is written.
    refused = 0
    positions = sorted({0, len(package) - 1, *range(0, len(package), max(1, len(package) // 300))})
    for position in positions:
        try:
            packages.package_import(data=_one_byte_changed(package, position), actor=None, to_unit=unit)
        except packages.PackageRefused:
            refused += 1
    assert not InboundReferral.objects.exists()

    inbound = packages.package_import(data=package, actor=None, to_unit=unit)
    again = packages.package_import(data=package, actor=None, to_unit=unit)
    assert isinstance(inbound, InboundReferral) and again == inbound
    packages.inbound_acknowledge(
        inbound=inbound,
        actor=None,
        on=date.fromisoformat(os.environ["PEER_ACK_ON"]),
        officer_name="Hà Văn Nam",
        officer_position="Phó Bí thư Đảng ủy",
        contact="nam.hv@cdtq.example",
    )
    packages.inbound_record_outcome(
        inbound=inbound,
        actor=None,
        status="admitted",
        on=date.fromisoformat(os.environ["PEER_OUTCOME_ON"]),
        decision_number="45-QĐ/ĐU",
    )
    (work / "reply.zip").write_bytes(packages.reply_package(inbound=InboundReferral.objects.get(pk=inbound.pk)))
    result = {
        "positions": len(positions),
        "refused": refused,
        "inbound": InboundReferral.objects.count(),
        "student": inbound.payload["student"]["full_name"],
        "letter_name": inbound.letter_name,
        "letter_bytes": len(bytes(inbound.letter)),
        "has_citizen_id": "citizen_id" in json.dumps(inbound.payload),
    }
    (work / "result.json").write_text(json.dumps(result), encoding="utf-8")
