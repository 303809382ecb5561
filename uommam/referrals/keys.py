"""This installation's Ed25519 signing key, and the public keys it publishes.

The private key lives in a PEM file named by the setting `UOMMAM_SIGNING_KEY_FILE` (environment
variable of the same name), made once with `manage.py uommam_signing_key`; it is never committed
and never stored in the database. The public half is published at `/.well-known/uommam-keys.json`
so that another installation can check the packages this one signs. No central server: each
installation decides itself whom it trusts (`TrustedInstallation`).
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

KEYS_FORMAT = "uommam-keys/1"


class SigningKeyMissing(RuntimeError):
    """No signing key is configured: packages cannot be signed here."""


def key_file() -> Path | None:
    configured = getattr(settings, "UOMMAM_SIGNING_KEY_FILE", "")
    return Path(configured) if configured else None


def generate_key_file(path: Path) -> Ed25519PrivateKey:
    """Write a new private key to `path` (readable by its owner only); refuses to overwrite."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as handle:  # "x": never replace an existing key
        handle.write(pem)
    path.chmod(0o600)
    return key


def private_key() -> Ed25519PrivateKey:
    path = key_file()
    if path is None or not path.is_file():
        raise SigningKeyMissing("No signing key: set UOMMAM_SIGNING_KEY_FILE and run `manage.py uommam_signing_key`.")
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyMissing(f"{path} does not hold an Ed25519 private key.")
    return key


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw)


def key_id(public: bytes) -> str:
    """A short, stable name of a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public).hexdigest()[:16]


def origin() -> str:
    """This installation's address, as other installations know it (`UOMMAM_BASE_URL`)."""
    return getattr(settings, "UOMMAM_BASE_URL", "").rstrip("/")


def installation_name() -> str:
    return getattr(settings, "UOMMAM_INSTALLATION_NAME", "") or "Ươm Mầm"


def published_keys() -> dict[str, Any]:
    """The document served at `/.well-known/uommam-keys.json` (no keys when none is configured)."""
    keys = []
    try:
        public = raw_public(private_key().public_key())
    except SigningKeyMissing:
        public = b""
    if public:
        keys.append({"kid": key_id(public), "alg": "Ed25519", "public_key": base64.b64encode(public).decode("ascii")})
    return {"format": KEYS_FORMAT, "origin": origin(), "name": installation_name(), "keys": keys}


def public_key_from(entry: dict[str, Any]) -> Ed25519PublicKey:
    if entry.get("alg") != "Ed25519":
        raise ValueError("unsupported key algorithm")
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(entry["public_key"], validate=True))
