"""One path for a stage change: only `pipeline/workflow.py` assigns `.stage` of a candidacy, and the
demo goes through `apply_transition` (issue 15, item 2)."""

from __future__ import annotations

import ast
from pathlib import Path

import uommam
from uommam import rules
from uommam.pipeline.models import Route

ROOT = Path(uommam.__file__).parent
ALLOWED = {ROOT / "pipeline" / "workflow.py"}


def _stage_assignments(path: Path) -> list[int]:
    """Lines that assign `<something>.stage = …` (plain, augmented or annotated), or set it with setattr."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "setattr"
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value == "stage"
        ):
            lines.append(node.lineno)
        for target in targets:
            for part in ast.walk(target):
                if isinstance(part, ast.Attribute) and part.attr == "stage" and isinstance(part.ctx, ast.Store):
                    lines.append(node.lineno)
    return lines


def test_only_the_workflow_assigns_a_stage():
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts and path not in ALLOWED
        if (lines := _stage_assignments(path))
    }
    assert offenders == {}


def test_the_check_finds_an_assignment_where_there_is_one(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("c.stage = 'official'\nsetattr(c, 'stage', 'x')\nc.stage_since = 1\n", encoding="utf-8")
    assert _stage_assignments(sample) == [1, 2]


def test_the_demo_steps_through_apply_transition():
    source = (ROOT / "demo" / "builders" / "pipeline.py").read_text(encoding="utf-8")
    assert "workflow.apply_transition(" in source
    assert _stage_assignments(ROOT / "demo" / "builders" / "pipeline.py") == []


def _builds_audit_rows(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "AuditEntry")
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "AuditEntry")
        )
    ]


def test_journal_rows_are_built_only_by_audit_entry():
    # The import app's rows move to `audit_entry` with its own rework (issue 14); every other app is held to it.
    exempt = {ROOT / "audit" / "services.py"} | set((ROOT / "imports").rglob("*.py"))
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and path not in exempt
        if (lines := _builds_audit_rows(path))
    }
    assert offenders == {}


def test_the_candidacys_routes_are_the_routes_the_rules_know() -> None:
    assert tuple(Route.values) == rules.INTRODUCTION_ROUTES
