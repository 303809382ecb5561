"""The committed front-end files are intact, and nothing is loaded from a CDN.

Ươm Mầm must run with no internet access: htmx, Bootstrap and Chart.js live under ``static/vendor/``
(see ``static/vendor/VERSIONS.md``) and templates reference them through ``{% static %}``.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"
SUMS = VENDOR / "SHA256SUMS"

EXPECTED_FILES = {
    "htmx.min.js",
    "css/bootstrap.min.css",
    "chart.umd.min.js",
    "VERSIONS.md",
}


def _read_sums() -> dict[str, str]:
    sums: dict[str, str] = {}
    for line in SUMS.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        digest, name = line.split(maxsplit=1)
        sums[name.lstrip("*")] = digest
    return sums


def _template_files() -> list[Path]:
    files = list((ROOT / "templates").glob("**/*.html")) if (ROOT / "templates").is_dir() else []
    files += (ROOT / "uommam").glob("**/templates/**/*.html")
    return sorted(set(files))


def test_sha256sums_lists_the_expected_files() -> None:
    sums = _read_sums()
    assert set(sums) >= EXPECTED_FILES, f"missing from SHA256SUMS: {EXPECTED_FILES - set(sums)}"
    assert any(name.startswith("licenses/") for name in sums), "licence files must be listed"


def test_every_vendor_file_is_listed_in_sha256sums() -> None:
    listed = set(_read_sums())
    on_disk = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert on_disk == listed, f"unlisted: {sorted(on_disk - listed)}, missing: {sorted(listed - on_disk)}"


@pytest.mark.parametrize("name", sorted(_read_sums()))
def test_vendor_file_matches_its_checksum(name: str) -> None:
    digest = _read_sums()[name]
    assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, f"{name} was modified"


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED_FILES if n.endswith((".js", ".css"))))
def test_no_source_map_reference(name: str) -> None:
    # No .map files are shipped, so a sourceMappingURL would break the manifest storage.
    assert "sourceMappingURL" not in (VENDOR / name).read_text(encoding="utf-8")


# <script src="https://…">, <link href="//cdn…">, and the same with single quotes or no quotes.
REMOTE_ASSET = re.compile(
    r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//",
    re.IGNORECASE,
)
REMOTE_CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*[\"']?(?:https?:)?//", re.IGNORECASE)


def test_templates_load_no_remote_scripts_or_stylesheets() -> None:
    offenders = []
    for path in _template_files():
        text = path.read_text(encoding="utf-8")
        for pattern in (REMOTE_ASSET, REMOTE_CSS_IMPORT):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)}")
    assert not offenders, "templates must use {% static %} files, not a CDN:\n" + "\n".join(offenders)


def test_cdn_pattern_catches_remote_and_allows_static() -> None:
    assert REMOTE_ASSET.search('<script src="https://unpkg.com/htmx.org"></script>')
    assert REMOTE_ASSET.search("<link rel='stylesheet' href='//cdn.example/bootstrap.css'>")
    assert REMOTE_ASSET.search("<SCRIPT defer src=http://x/y.js></SCRIPT>")
    assert not REMOTE_ASSET.search("<script src=\"{% static 'vendor/htmx.min.js' %}\"></script>")
    assert not REMOTE_ASSET.search('<a href="https://example.org/">a link is fine</a>')


def test_collectstatic_with_compressed_manifest_storage(settings, tmp_path) -> None:
    """The deploy step works: every static file (vendor files included) survives the manifest storage."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    paths = json.loads((settings.STATIC_ROOT / "staticfiles.json").read_text(encoding="utf-8"))["paths"]
    for name in sorted(n for n in EXPECTED_FILES if n.endswith((".js", ".css"))):
        assert f"vendor/{name}" in paths, f"vendor/{name} not collected (is static/ in STATICFILES_DIRS?)"
        assert (settings.STATIC_ROOT / paths[f"vendor/{name}"]).is_file()
        assert (settings.STATIC_ROOT / f"{paths[f'vendor/{name}']}.gz").is_file()


# Bootstrap's class families. Its CSS is trimmed to what the templates used when it was built
# (scripts/build-bootstrap-css): a template that starts using another of its classes needs a rebuild.
BOOTSTRAP_CLASS = re.compile(
    r"^(?:btn|col|row|d|[mp][trblxyse]?|text|bg|border|rounded|alert|badge|table|form|input-group|card|list-group|"
    r"nav|navbar|dropdown|breadcrumb|pagination|page|g[xy]?|gap|justify-content|align-items|align-self|align|flex|"
    r"fw|fs|fst|lh|h[1-6]|small|lead|display|w|h|mw|mh|position|top|start|end|bottom|float|overflow|shadow|"
    r"visually-hidden|container|progress|spinner|ratio|sticky|fixed|order|offset|opacity|link|vstack|hstack|"
    r"text-truncate|accordion|modal|collapse|figure|blockquote|img|user-select|z|object-fit|font-monospace|"
    r"invalid-feedback|valid-feedback|was-validated|is-invalid)(?:-|$)"
)
CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')
TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}")


def _stylesheets() -> str:
    sheets = [VENDOR / "css" / "bootstrap.min.css", *(ROOT / "static" / "css").glob("*.css")]
    sheets += (ROOT / "uommam").glob("*/static/**/*.css")
    return "\n".join(path.read_text(encoding="utf-8") for path in sheets)


def test_every_bootstrap_class_a_template_uses_is_in_the_trimmed_css() -> None:
    css = _stylesheets()
    missing: dict[str, str] = {}
    for path in _template_files():
        for value in CLASS_ATTRIBUTE.findall(path.read_text(encoding="utf-8")):
            for name in TEMPLATE_CODE.sub(" ", value).split():
                if name.endswith("-"):
                    continue  # the start of a class a variable completes: alert-{{ tags }}
                if BOOTSTRAP_CLASS.match(name) and not re.search(rf"\.{re.escape(name)}(?![\w-])", css):
                    missing.setdefault(name, str(path.relative_to(ROOT)))
    assert not missing, (
        "Bootstrap classes used in templates but not in static/vendor/css/bootstrap.min.css "
        f"(run scripts/build-bootstrap-css): {missing}"
    )
