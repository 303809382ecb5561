"""`python -m uommam COMMAND` (or the `uommam` script): manage.py for an installed wheel.

A production installation has no checkout, so no manage.py: docs/deployment.md runs every command as
`/srv/uommam/venv/bin/python -m uommam …` with the settings of config/settings.py.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["uommam", *sys.argv[1:]])


if __name__ == "__main__":
    main()
