"""gunicorn settings for Ươm Mầm (`gunicorn config.wsgi -c /etc/uommam/gunicorn.conf.py`).

Installed as /etc/uommam/gunicorn.conf.py (docs/deployment.md). Every value can be overridden from the
environment (the systemd unit reads /etc/uommam/env); an empty variable means the default here.
"""

import multiprocessing
import os

# nginx forwards to this address; never expose gunicorn directly.
bind = os.environ.get("GUNICORN_BIND") or "127.0.0.1:8001"
# The one place the worker set-up is decided (GUNICORN_WORKERS, GUNICORN_WORKER_CLASS, GUNICORN_THREADS
# override it). Measured with `bench/load.py --compare` (docs/benchmarks.md, "Load"), 50 then 150 officers,
# PostgreSQL and the load generator on the same 2-core box, the shared page cache in a directory shared by the
# workers (CACHE_URL=file://…), 30/11/2026 23:38–23:52 UTC, the box shared with two other engineers' test runs:
#   5 sync workers (2 × cores + 1):  50 → 39.5/s, p95 1,412 ms;  150 → 94.3/s, p95 2,635 ms; 0 errors;
#                                    CPU per request 8.0–10.6 ms gunicorn, 2.6–4.4 ms PostgreSQL;
#                                    load average 7–9.
#   2 gthread workers × 8 threads:   50 → 43.7/s, p95 611 ms;    150 → 114.3/s, p95 2,258 ms; 0 errors;
#                                    CPU per request 7.7–10.8 ms gunicorn, 2.4–4.1 ms PostgreSQL;
#                                    load average 8–12 (busier than the sync run, and still better).
# Re-measured on the quiet box after the merge, 01/12/2026 00:32–00:50 UTC (load average 1–3 before each run):
#   2 gthread workers × 8 threads:   50 → 46.9/s, p95 174 ms;    150 → 121.6/s, p95 1,424 ms; 0 errors.
#   4 gthread workers × 4 threads:   50 → 45.3/s, p95 260 ms;    150 → 125.3/s, p95 970 ms;   0 errors;
#                                    CPU per request 9.2 ms gunicorn, 2.8 ms PostgreSQL at 150.
# With fewer threads per process, fewer requests wait on one interpreter lock: two workers per core, four
# threads each.
# After the cheaper page misses, 01/12/2026 (docs/benchmarks.md, "Load goal", session 5):
#   4 gthread workers × 4 threads:   50 → 48.5/s, p95 88 ms;      150 → 140.0/s, p95 291 ms;   0 errors;
#                                    CPU per request 7.9 ms gunicorn, 1.3 ms PostgreSQL at 150.
#   150 officers only, three runs each under load average 8–12: 4 gthread × 4, 6 sync and 8 gthread × 2
#   served 113–125/s within noise of each other (sync used the least CPU per request); gthread stays.
# With the application preloaded and warm, 01/12/2026 05:02–06:52 UTC (docs/benchmarks.md, "Load goal", session 6):
#   4 gthread workers × 4 threads:   150 → 139.8–144.2/s in nine runs, 0 errors, p95 156–535 ms (the cold start,
#                                    which moved with the box's own speed); 8 sync workers 139.5/s, 242 ms;
#                                    4 × 12 threads 137.9/s, 366 ms; --worker-connections 4: 143.2/s, 311 ms.
# Before the shared page cache (5 sync workers, quiet box): 150 → 46.9/s, p95 3,859 ms, ~41 ms CPU per request.
# A page is now mostly a cache read and three small queries: threads overlap those waits, and one process per
# core shares its database connections and memory; a slow LibreOffice document blocks one thread, not a
# worker. Hence gthread, two workers per core, 4 threads each – re-measure on the production box before
# changing: `.venv/bin/python bench/load.py --compare --worker-class sync --workers 5 --no-record`.
# Database connections: each thread keeps one for DB_CONN_MAX_AGE = 60 s, checked before reuse
# (CONN_HEALTH_CHECKS, config/settings.py); 4 × 4 = 16, well under PostgreSQL's max_connections (100).
workers = int(os.environ.get("GUNICORN_WORKERS") or 2 * multiprocessing.cpu_count())
worker_class = os.environ.get("GUNICORN_WORKER_CLASS") or "gthread"
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
# Report and document generation (Word/PDF through LibreOffice) can take several seconds.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 120)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows unbounded – but not every minute: a new worker
# costs ~1.3 s of CPU to import the application (measured 01/12/2026) plus its cold template and
# translation caches, and at 2,000 requests the four workers all restarted within the 150-officer minute
# of bench/load.py (~2,100 requests each). 20,000 is about ten minutes of a reporting-deadline peak.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 20000)
max_requests_jitter = 2000
# Build and warm the application once, in the master, before forking the workers (`when_ready` below,
# uommam/core/warmup.py): every worker – also one started later by max_requests – starts with the views
# imported, the translation catalogues read and the templates compiled, shares that memory with its
# siblings, and no officer's request pays for it. Without it each fresh worker spent ~1.3 s of CPU in its
# first requests (docs/benchmarks.md, "Load goal"), four workers at once just after every start.
# The price: `systemctl reload uommam` (HUP) restarts the workers from the code the master already holds, so
# installing a new release means `systemctl restart uommam` (docs/deployment.md, "Upgrades").
preload_app = (os.environ.get("GUNICORN_PRELOAD") or "true").lower() != "false"


def when_ready(server: object) -> None:
    """In the master, once the application is loaded (preload_app) and before the workers are forked."""
    if preload_app:
        from uommam.core.warmup import warm_up

        warm_up()


def post_worker_init(worker: object) -> None:
    """In a worker that loaded the application itself (GUNICORN_PRELOAD=false), before its first request."""
    if not preload_app:
        from uommam.core.warmup import warm_up

        warm_up()


# Trust X-Forwarded-Proto only from nginx on the same machine.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS") or "127.0.0.1"
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL") or "info"
# Uploads (spreadsheets, scans) are buffered by nginx; keep headers bounded.
limit_request_line = 8190
limit_request_fields = 100
# No control socket: gunicorn 25.1+ would create one under $HOME (read-only for the service, so it logs
# "Permission denied" at every start). systemd (`systemctl reload uommam`) is how workers are managed.
control_socket_disable = True
