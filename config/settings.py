"""Settings for Ươm Mầm: one file, every deployment knob read from the environment.

Each variable is documented in `.env.example`. Development defaults are safe on a laptop
(SQLite file in the project folder, DEBUG on); production sets DEBUG=false and must give a
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

# `admin.ModelAdmin[Model]`, `forms.ModelForm[Model]`…: the type arguments mypy checks must also be valid at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
# The project-wide templates/, static/ and locale/: next to manage.py in a checkout; in an installed wheel
# (the supported production install, docs/deployment.md) under <venv>/share/uommam, where pyproject.toml's
# data-files put them.
SHARE_DIR = BASE_DIR if (BASE_DIR / "manage.py").is_file() else Path(sys.prefix) / "share" / "uommam"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)

_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is off (see .env.example). Make one with: "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Ours, bottom to top: an app imports only from apps listed before it (tests/test_layering.py
    # fails otherwise; docs/architecture.md draws the order). `uommam.rules` and `uommam.vn` are
    # pure-Python packages under all of them and import none of them.
    "uommam.core",
    "uommam.audit",
    "uommam.orgs",
    "uommam.accounts",
    "uommam.people",
    "uommam.pipeline",
    "uommam.training",
    "uommam.documents",
    "uommam.referrals",
    "uommam.imports",
    "uommam.reports",
    "uommam.plans",
    "uommam.demo",
]

MIDDLEWARE = [
    # First: /healthz answers a local check without the public Host or HTTPS (uommam/core/health.py).
    "uommam.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are compressed (20–58 KB of HTML become 3–5 KB); its random length padding mitigates BREACH.
    # After WhiteNoise, which serves static files already compressed (docs/deployment.md).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After OTP: idle timeout and the second-factor step (uommam/accounts/middleware.py).
    "uommam.accounts.middleware.SessionGuardMiddleware",
    # A POST body that is not a readable form gets a 400 with a message (uommam/core/request_guard.py).
    "uommam.core.request_guard.RequestBodyGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "uommam.core.middleware.SecurityHeadersMiddleware",
    # Read pages shared by the officers of one scope (uommam/accounts/sharedpage.py): inside every middleware
    # that reads the session, the user, messages and HTMX, and inside the security headers.
    "uommam.accounts.sharedpage.SharedPageCacheMiddleware",
    # Last, as django-axes asks: it inspects the response of the login view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Django's form renderer with the drop-down lists written in Python (uommam/core/formrenderer.py).
FORM_RENDERER = "uommam.core.formrenderer.FastSelectRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SHARE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "uommam.accounts.context_processors.navigation",
                # Idle-logout warning and the form kept across an idle logout.
                "uommam.accounts.kept_form.context",
                # Last: placeholders for the CSRF token and the user's name on a page that may be shared.
                "uommam.accounts.sharedpage.context",
            ],
            "builtins": ["uommam.core.templatetags.vn"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo serve readers while a writer commits; IMMEDIATE avoids the
    # "database is locked" upgrade deadlock between two writers.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# Optional read replica (PostgreSQL streaming replica) for the report pages: uommam/core/db_router.py.
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"), conn_max_age=env_int("DB_CONN_MAX_AGE", 60)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["uommam.core.db_router.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware"),
        "uommam.core.db_router.ReplicaMiddleware",
    )
# Keep connections open between requests (a new PostgreSQL connection costs a few ms of CPU on each side),
# and check a kept connection before reuse, so a restarted server costs no failed request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_MAX_AGE"] != 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions (docs/deployment.md, "Cache") ------------------------------------
# The page cache (uommam/core/pagecache.py) is correct with a cache per process, because its keys end
# with the newest journal entry rather than relying on deletion. CACHE_URL makes the cache shared:
#   redis://127.0.0.1:6379/1   Redis (needs the `redis` Python package)
#   db                         the database table `uommam_cache` (`manage.py createcachetable`)
#   file:///var/cache/uommam   files in that directory: shared by the workers of one server, no service
#                              to run; the measured best on the one-box install (docs/benchmarks.md, "Load")
# A shared cache also holds the sessions (cached_db: read from the cache, written to the database only
# when the session changes), so a log-out on one worker is a log-out on all.
CACHE_URL = env_str("CACHE_URL")
CACHES: dict[str, dict[str, Any]]
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL == "db":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "uommam_cache"}}
elif CACHE_URL.startswith("file:///"):
    CACHES = {
        "default": {
            # Django's file cache, counting its files every few seconds rather than on every write.
            "BACKEND": "uommam.core.filecache.FileCache",
            "LOCATION": CACHE_URL.removeprefix("file://"),
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000)},
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured(
        f"CACHE_URL must be empty, 'db', a file:/// directory or a redis:// address, not {CACHE_URL!r}"
    )
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "uommam",
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 2000)},
        }
    }
# Sessions stay in the database with a process-local cache: a session cached in one worker would outlive
# a log-out handled by another. Either way a page view does not write the session: the idle-timeout
# middleware refreshes its timestamp at most once a minute (uommam/accounts/middleware.py).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if CACHE_URL else "django.contrib.sessions.backends.db"
# The to-do list and the dashboard's figures, cached until the next write (uommam/core/pagecache.py).
UOMMAM_PAGE_CACHE = env_bool("UOMMAM_PAGE_CACHE", True)
# Whole read pages shared by the officers of one scope, until the next write (uommam/accounts/sharedpage.py);
# needs UOMMAM_PAGE_CACHE as well.
UOMMAM_SHARED_PAGES = env_bool("UOMMAM_SHARED_PAGES", True)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    # Django's rules with help texts in the house style (uommam/accounts/passwords.py).
    {"NAME": "uommam.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "uommam.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "uommam.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "uommam.accounts.passwords.NumericPasswordValidator"},
    # Username, full name (with or without accents) and unit names; Vietnamese common passwords.
    {"NAME": "uommam.accounts.passwords.PersonalDataPasswordValidator"},
    {"NAME": "uommam.accounts.passwords.VietnameseCommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock an account+address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Proxies in front of gunicorn that append to X-Forwarded-For (1 behind nginx): the client's address.
UOMMAM_PROXY_COUNT = env_int("UOMMAM_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "uommam.accounts.network.client_ip"

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Log out after this many seconds without a request (0 disables); SESSION_COOKIE_AGE caps the whole session.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 60 * 60)
# Roles that must use a TOTP second factor (e.g. "admin,committee_officer"); empty: optional for them.
UOMMAM_REQUIRE_TOTP_FOR = env_list("UOMMAM_REQUIRE_TOTP_FOR", [])
# Roles that may enrol a TOTP second factor.
UOMMAM_TOTP_ROLES = ["admin", "committee_officer"]
OTP_TOTP_ISSUER = "Ươm Mầm"

# --- Language, time, formats -------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [SHARE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static and media --------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [SHARE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail (reminders) ------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Ươm Mầm <uommam@localhost>")

# --- Security (production) ---------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the cookie-less meta tag, not the cookie
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# --- Domain settings ---------------------------------------------------------------------
# Values that domain.md marks uncertain ([U]) are settings with documented defaults; the pure
# rules package receives them through uommam.core.rules_config.
UOMMAM_AGE_POLICY = env_str("UOMMAM_AGE_POLICY", "month")  # "month" or "day"
UOMMAM_EXTRA_DAYS_OFF = env_list("UOMMAM_EXTRA_DAYS_OFF", [])  # ISO dates
UOMMAM_EXTRA_WORKING_DAYS = env_list("UOMMAM_EXTRA_WORKING_DAYS", [])  # ISO dates (make-up Saturdays)
# Any other field of uommam.rules.RulesSettings, e.g. {"personal_history_validity_months": 12}.
UOMMAM_RULES: dict[str, object] = {}
# A TOML file of regulation sets that adds to or overrides uommam/rules/data/regulation_sets.toml (e.g. the
# effective date of a 2026 set, or a newer set); checked at start-up. See docs/rules.md, "Regulation sets".
UOMMAM_REGULATION_SETS_FILE = env_str("UOMMAM_REGULATION_SETS_FILE", "")
# Functions (user → list of to-do sections) that fill the "Việc cần làm" landing page.
UOMMAM_TODO_PROVIDERS = [
    "uommam.pipeline.todo.todo_sections",
    "uommam.referrals.reminders.todo_sections",
    "uommam.plans.todo.todo_sections",
]
UOMMAM_PAGE_SIZE = env_int("UOMMAM_PAGE_SIZE", 50)
# Address used for links in reminder e-mails, e.g. "https://uommam.tuyenquang.dcs.vn".
UOMMAM_BASE_URL = env_str("UOMMAM_BASE_URL", "http://127.0.0.1:8000" if DEBUG else "")
# Verifiable documents and packages between installations (docs/referrals.md): the Ed25519 key file
# made by `manage.py uommam_signing_key` (never committed), and the name other installations see.
UOMMAM_SIGNING_KEY_FILE = env_str("UOMMAM_SIGNING_KEY_FILE", "")
UOMMAM_INSTALLATION_NAME = env_str("UOMMAM_INSTALLATION_NAME", "")
# Nomination ranking weights (uommam.pipeline.selectors.DEFAULT_NOMINATION_WEIGHTS); a unit's own
# criteria, e.g. {"results": 3, "conduct": 2, "awards": 1, "awards_cap": 5, "youth_union": 1}.
UOMMAM_NOMINATION_WEIGHTS: dict[str, float] = {}
# Personal data (Decree 13/2023/NĐ-CP): years after leaving school before `erase_personal_data` anonymises a student.
UOMMAM_RETENTION_YEARS_AFTER_LEAVING = env_int("UOMMAM_RETENTION_YEARS_AFTER_LEAVING", 5)
# How many months ahead the to-do pages warn of an awareness certificate that expires (the cell's
# candidates and the students referred on). One value for both (uommam.pipeline.todo, uommam.referrals.reminders).
UOMMAM_CERTIFICATE_WARNING_MONTHS = 6
# Event dates typed or passed in a URL may lie at most this many years ahead (uommam.core.dates).
UOMMAM_EVENT_YEARS_AHEAD = env_int("UOMMAM_EVENT_YEARS_AHEAD", 3)
# Spreadsheet import limits: upload size, data rows, and the uncompressed size of an .xlsx (zip bombs).
UOMMAM_IMPORT_MAX_BYTES = env_int("UOMMAM_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
UOMMAM_IMPORT_MAX_ROWS = env_int("UOMMAM_IMPORT_MAX_ROWS", 20_000)
UOMMAM_IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("UOMMAM_IMPORT_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024)
