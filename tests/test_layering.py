"""Imports flow one way: an app of ours imports only apps listed before it in INSTALLED_APPS.

Every module under `uommam/` is parsed with `ast` – imports at the top, inside functions, inside
`if` blocks, relative or absolute – so a lazy import inside a function cannot hide an upward step.
What is treated specially, and why:

- `uommam.rules` and `uommam.vn` are pure Python under every app: they import no app of ours and no
  Django (their own tests may set Django up).
- `tests/` folders of every app are not checked: tests run with the whole project installed and
  build the persona world from all apps (a backup test of `core` restores students of `people`).
- `uommam.testing` (the persona world, LibreOffice helpers) is test support above every app; it is
  not checked either, and shipped code must not import it.
- Migrations and `demo` are ordinary code: migrations obey the rule like their app, and `demo` is
  simply the last app, so it may import every other.
- The user model (`uommam.accounts.models`) may be named for type annotations anywhere, under
  `if TYPE_CHECKING:` – as every app refers to `settings.AUTH_USER_MODEL` – but not imported at run
  time by an app below `accounts`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "uommam"
PURE = ("rules", "vn")
TEST_SUPPORT = "testing"
TYPE_ONLY_ANYWHERE = ("uommam.accounts.models",)


@dataclass(frozen=True)
class Import:
    line: int
    module: str
    type_only: bool


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else test.attr if isinstance(test, ast.Attribute) else ""
            if name == "TYPE_CHECKING":
                for inner in node.body:
                    lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def imports_of(path: Path, package: tuple[str, ...]) -> Iterator[Import]:
    """Every module `path` imports, resolved to an absolute dotted name (`package`: its own package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    type_only = _type_checking_lines(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            # `from uommam import orgs` and `from .. import orgs` import the app itself.
            whole = node.module is None or module == package[0]
            names = [f"{module}.{alias.name}" for alias in node.names] if whole else [module]
        else:
            continue
        for name in names:
            yield Import(node.lineno, name, node.lineno in type_only)


def violations(root: Path, order: list[str]) -> list[str]:
    """Every import under the package `root` that breaks the layering of `order` (bottom first)."""
    found = []
    top = root.name
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if len(parts) < 2:
            continue  # the package's own __init__/__main__: the command-line entry, above every app
        app = parts[0]
        if "tests" in parts[:-1] or app == TEST_SUPPORT:
            continue
        package = (top, *parts[:-1])
        where = f"{path.relative_to(root.parent)}"
        for imp in imports_of(path, package):
            if app in PURE and not imp.module.startswith(f"{top}.{app}"):
                if imp.module.split(".")[0] in (top, "django"):
                    found.append(f"{where}:{imp.line} {app} is pure Python but imports {imp.module}")
                continue
            if not imp.module.startswith(f"{top}."):
                continue
            target = imp.module.split(".")[1]
            if target == app or target in PURE:
                continue
            if target == TEST_SUPPORT:
                found.append(f"{where}:{imp.line} shipped code imports the test support {imp.module}")
            elif app not in order or target not in order:
                found.append(f"{where}:{imp.line} {app} → {target}: an app missing from INSTALLED_APPS")
            elif order.index(target) > order.index(app):
                if imp.type_only and any(imp.module == m for m in TYPE_ONLY_ANYWHERE):
                    continue
                found.append(f"{where}:{imp.line} {app} imports {imp.module}, listed after it in INSTALLED_APPS")
    return found


def installed_order() -> list[str]:
    return [name.split(".", 1)[1] for name in settings.INSTALLED_APPS if name.startswith("uommam.")]


def test_every_app_imports_only_apps_listed_before_it_and_rules_and_vn_import_none():
    assert violations(PACKAGE, installed_order()) == []


def test_every_app_of_the_package_is_in_installed_apps_or_is_pure_or_test_support():
    apps = {p.parent.name for p in PACKAGE.glob("*/apps.py")}
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert apps == set(installed_order())
    assert packages - apps == {*PURE, TEST_SUPPORT}


def test_architecture_page_lists_the_apps_in_the_installed_order():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = [line.split("`")[1] for line in text.splitlines() if line.startswith("| `")]
    assert [name for name in table if name not in PURE] == installed_order()


def app_edges(root: Path) -> set[tuple[str, str]]:
    """(app, app it imports) for the shipped code under `root`, `rules` and `vn` as one node "pure";
    imports only for annotations are left out."""
    edges = set()
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if len(parts) < 2 or "tests" in parts[:-1] or parts[0] == TEST_SUPPORT:
            continue
        for imp in imports_of(path, (root.name, *parts[:-1])):
            if imp.module.startswith(f"{root.name}.") and not imp.type_only:
                source, target = ("pure" if a in PURE else a for a in (parts[0], imp.module.split(".")[1]))
                if source != target:
                    edges.add((source, target))
    return edges


def reduced(edges: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The edges no longer path implies (the transitive reduction of an acyclic graph)."""

    def reachable(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for a, b in edges:
                if a == todo[-1] and b not in seen:
                    seen.add(b)
                    todo.append(b)
                    break
            else:
                todo.pop()
        return seen

    return {(a, b) for a, b in edges if not any(b in reachable(c) for x, c in edges if x == a and c != b)}


def drawn_edges(markdown: str) -> set[tuple[str, str]]:
    block = markdown.split("```mermaid\nflowchart BT\n", 1)[1].split("```", 1)[0]
    edges = set()
    for line in block.splitlines():
        if "-->" in line:
            source, targets = (side.strip() for side in line.split("-->"))
            edges |= {(source, target.strip()) for target in targets.split("&")}
    return edges


def test_the_drawn_dependency_graph_is_the_real_one():
    real = reduced(app_edges(PACKAGE))
    for name in ("README.md", "docs/architecture.md"):
        assert drawn_edges((ROOT / name).read_text(encoding="utf-8")) == real, name


def test_readme_and_contributing_give_the_same_order():
    order = " → ".join(installed_order())
    for name in ("README.md", "CONTRIBUTING.md", "docs/architecture.md"):
        assert order in (ROOT / name).read_text(encoding="utf-8"), name


# --- The check itself: a planted upward import is found --------------------------------------


def _plant(root: Path, files: dict[str, str]) -> Path:
    package = root / "uommam"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for folder in [path.parent, *path.parent.parents]:
            if folder == root:
                break
            (folder / "__init__.py").touch()
        path.write_text(text, encoding="utf-8")
    return package


ORDER = ["low", "accounts", "high"]


def test_a_clean_tree_passes(tmp_path):
    package = _plant(
        tmp_path, {"low/a.py": "from uommam.rules import age\n", "high/b.py": "from uommam.low import a\n"}
    )
    assert violations(package, ORDER) == []


@pytest.mark.parametrize(
    "source",
    [
        "from uommam.high.models import Thing\n",
        "import uommam.high.models\n",
        "def f():\n    from uommam.high import views\n",
        "from ..high import views\n",
        "from uommam import high\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from uommam.high.models import Thing\n",
    ],
    ids=["top level", "plain import", "inside a function", "relative", "the app itself", "type only"],
)
def test_an_upward_import_is_found_however_it_is_written(tmp_path, source):
    package = _plant(tmp_path, {"low/mod.py": source, "high/models.py": ""})
    found = violations(package, ORDER)
    assert len(found) == 1 and found[0].startswith("uommam/low/mod.py:") and "uommam.high" in found[0]


def test_the_user_model_may_be_named_below_accounts_only_for_annotations(tmp_path):
    typed = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from uommam.accounts.models import User\n"
    package = _plant(tmp_path, {"low/typed.py": typed, "low/runtime.py": "from uommam.accounts.models import User\n"})
    assert [v.split(":")[0] for v in violations(package, ORDER)] == ["uommam/low/runtime.py"]


def test_rules_and_vn_may_import_no_app_and_no_django(tmp_path):
    package = _plant(
        tmp_path,
        {
            "rules/age.py": "from uommam.vn import dates\n",
            "vn/dates.py": "from django.utils import timezone\n",
            "rules/ok.py": "import datetime\nfrom .age import x\n",
        },
    )
    found = violations(package, ORDER)
    assert [v.split(":")[0] for v in found] == ["uommam/rules/age.py", "uommam/vn/dates.py"]


def test_shipped_code_may_not_import_the_test_support_but_tests_may(tmp_path):
    package = _plant(
        tmp_path,
        {
            "high/views.py": "from uommam.testing.world import build_world\n",
            "low/tests/test_x.py": "from uommam.high import views\nfrom uommam.testing import world\n",
        },
    )
    assert [v.split(":")[0] for v in violations(package, ORDER)] == ["uommam/high/views.py"]


def test_an_import_a_longer_path_implies_is_not_drawn_but_a_missing_arrow_is_a_difference(tmp_path):
    package = _plant(
        tmp_path,
        {
            "high/a.py": "from uommam.accounts import b\nfrom uommam.low import c\n",
            "accounts/b.py": "from uommam.low import c\n",
            "low/c.py": "from uommam.rules import age\n",
        },
    )
    assert reduced(app_edges(package)) == {("high", "accounts"), ("accounts", "low"), ("low", "pure")}
    drawn = "```mermaid\nflowchart BT\n    high --> accounts\n    accounts --> low\n```\n"
    assert drawn_edges(drawn) != reduced(app_edges(package))
