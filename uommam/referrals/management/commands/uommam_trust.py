"""Trust another installation's published keys: `manage.py uommam_trust https://other.example/`
fetches `<address>/.well-known/uommam-keys.json`; `--file keys.json` reads one handed over instead."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uommam.referrals.packages import PackageRefused, installation_trust

WELL_KNOWN = "/.well-known/uommam-keys.json"


class Command(BaseCommand):
    help = "Trust the signing keys of another Ươm Mầm installation for referral packages."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", help="the other installation's address, e.g. https://uommam.example.vn")
        parser.add_argument("--file", help="a key list (uommam-keys.json) handed over instead of fetched")

    def handle(self, *args: Any, **options: Any) -> None:
        address = options["address"].rstrip("/")
        try:
            if options.get("file"):
                with open(options["file"], encoding="utf-8") as handle:
                    document = json.load(handle)
            else:
                with urllib.request.urlopen(address + WELL_KNOWN, timeout=20) as response:  # noqa: S310
                    document = json.loads(response.read(1_000_000))
            trusted = installation_trust(document=document, actor=None, origin=address)
        except (OSError, ValueError, PackageRefused) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"trusted {trusted} with {len(trusted.keys)} key(s)")
