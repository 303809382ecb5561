"""Mutation score of the two pure packages, uommam/rules and uommam/vn (docs/testing.md).

Runs mutmut (configured in pyproject.toml's [tool.mutmut]: only the packages' own tests, without Django), reads
every mutant's status and prints, per package, the percentage of non-equivalent mutants that the tests kill.
Mutants listed in bench/mutation-equivalents.toml (reviewed: each with the reason why no test can tell it from
the original) are left out of the count; a listed mutant that is killed anyway is reported as stale.

    .venv/bin/python bench/mutation.py                 # run both packages, then report
    .venv/bin/python bench/mutation.py --package rules  # one package (or a module: uommam.vn.legacy)
    .venv/bin/python bench/mutation.py --no-run        # report on the results of the last run

The last line is ``RESULT rules=X vn=Y`` (percent killed; "n/a" for a package without results).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = ROOT / ".venv" / "bin" / "mutmut"
EQUIVALENTS = ROOT / "bench" / "mutation-equivalents.toml"
PACKAGES = {"rules": "uommam.rules", "vn": "uommam.vn"}
# A timeout means the mutant made the tests hang (e.g. a loop that never ends): the tests noticed it.
KILLED = {"killed", "timeout", "caught by type check", "segfault"}
RESULT_LINE = re.compile(r"^\s*(?P<name>[\w.]+__mutmut_\d+): (?P<status>.+?)\s*$")


def run_mutmut(pattern: str, max_children: int) -> None:
    subprocess.run([str(MUTMUT), "run", "--max-children", str(max_children), pattern], cwd=ROOT, check=False)


def statuses() -> dict[str, str]:
    out = subprocess.run(
        [str(MUTMUT), "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return {m["name"]: m["status"] for m in map(RESULT_LINE.match, out.splitlines()) if m}


def equivalents() -> dict[str, str]:
    data = tomllib.loads(EQUIVALENTS.read_text(encoding="utf-8"))
    return {name: entry["reason"] for name, entry in data.get("mutant", {}).items()}


def package_of(mutant: str) -> str | None:
    return next((key for key, prefix in PACKAGES.items() if mutant.startswith(prefix + ".")), None)


def report(results: dict[str, str], equivalent: dict[str, str]) -> dict[str, float | None]:
    scores: dict[str, float | None] = {}
    for key in PACKAGES:
        mine = {name: status for name, status in results.items() if package_of(name) == key}
        counted = {name: status for name, status in mine.items() if name not in equivalent}
        by_status = Counter(mine.values())
        killed = sum(1 for status in counted.values() if status in KILLED)
        checked = sum(1 for status in counted.values() if status != "not checked")
        scores[key] = 100 * killed / checked if checked else None
        print(f"\n{PACKAGES[key]}: {len(mine)} mutants — " + ", ".join(f"{s} {n}" for s, n in by_status.most_common()))
        print(f"  equivalent (listed): {len(mine) - len(counted)}; counted: {checked}; killed: {killed}")
        for name, status in sorted(counted.items()):
            if status not in KILLED and status != "not checked":
                print(f"  NOT KILLED {status}: {name}")
        for name in sorted(set(mine) & set(equivalent)):
            if mine[name] in KILLED:
                print(f"  STALE equivalent (killed now, remove it from the list): {name}")
        if by_status.get("not checked"):
            print(f"  {by_status['not checked']} mutants not checked: the run did not finish")
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", default="all", help="rules, vn, all, or a module such as uommam.vn.legacy")
    parser.add_argument("--no-run", action="store_true", help="only report on the last run's results")
    parser.add_argument("--max-children", type=int, default=2)
    args = parser.parse_args()
    started = time.monotonic()
    if not args.no_run:
        targets = list(PACKAGES.values()) if args.package == "all" else [PACKAGES.get(args.package, args.package)]
        for target in targets:
            run_mutmut(f"{target}*", args.max_children)
    scores = report(statuses(), equivalents())
    print(f"\nwall time {time.monotonic() - started:.0f} s")
    shown = {key: "n/a" if score is None else f"{score:.1f}" for key, score in scores.items()}
    print(f"RESULT rules={shown['rules']} vn={shown['vn']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
