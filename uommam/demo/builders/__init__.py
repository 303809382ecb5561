"""Demo builders, run in this order by `manage.py demo`. Each is idempotent and deterministic:
it looks up what it would create by a stable key and creates only what is missing.

Later features add their builder (awareness classes, pipeline, referrals…) to `STEPS`.
"""

from __future__ import annotations

from . import orgs, people, pipeline, referrals, users

STEPS = [orgs.build, users.build, people.build, pipeline.build, referrals.build]
