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
