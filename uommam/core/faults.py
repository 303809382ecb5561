"""Test-only fault injection: pause a request at a named point so a test can kill the server there.

Inert unless the environment variable ``UOMMAM_FAULT_SLEEP_IN`` is set, which no deployment does:
`pause()` then costs one dictionary lookup. The fault tests (tests/faults/) start a server with

    UOMMAM_FAULT_SLEEP_IN=audit:transition      # comma-separated point names
    UOMMAM_FAULT_SIGNAL_FILE=/tmp/…/reached     # touched when a point is reached
    UOMMAM_FAULT_SLEEP_SECONDS=60               # how long to wait there (default 60)

and send SIGKILL once the signal file exists. Points: ``audit:<action>`` after every audit entry is
written inside its transaction (``audit:transition`` for workflow steps, ``audit:import`` for the end
of an import commit), i.e. after every other write of the transaction and before COMMIT.
"""

from __future__ import annotations

import os
import time
from pathlib import Path


def pause(point: str) -> None:
    wanted = os.environ.get("UOMMAM_FAULT_SLEEP_IN")
    if not wanted or point not in {name.strip() for name in wanted.split(",")}:
        return
    signal_file = os.environ.get("UOMMAM_FAULT_SIGNAL_FILE")
    if signal_file:
        Path(signal_file).write_text(point)
    time.sleep(float(os.environ.get("UOMMAM_FAULT_SLEEP_SECONDS", "60")))
