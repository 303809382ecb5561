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
# PostgreSQL on the same 2-core box, 30/11/2026, the box shared with other test runs (load average 22–26):
#   5 sync workers:                 50 → 4.1/s, p95 15.5 s;  150 → 3.3/s, p95 48.6 s; 0 errors;
#                                   CPU per request: gunicorn 45–51 ms, PostgreSQL 15–17 ms.
#   3 gthread workers × 4 threads:  50 → 11.8/s, p95 7.1 s (load average 15, not comparable with the line above);
#                                   CPU per request: gunicorn 34 ms, PostgreSQL 12 ms; the 150 run failed
#                                   (a bug of the CPU meter, since fixed).
# On the shared box the neighbours' load decided these figures, not the worker class. The page work is
# CPU-bound (templates, Python under the GIL), so threads are expected to add concurrency, not throughput, on
# 2 cores: sync workers, 2 × cores + 1, stay the default until a quiet-machine run says otherwise.
# Database connections: each worker (each thread with gthread) keeps one for DB_CONN_MAX_AGE = 60 s, checked
# before reuse (CONN_HEALTH_CHECKS, config/settings.py); keep workers × threads well under PostgreSQL's
# max_connections (100). Not re-measured against DB_CONN_MAX_AGE=0 on the shared box.
# Re-measure on the production box before changing: `.venv/bin/python bench/load.py --compare
# --worker-class gthread --workers 3 --threads 4 --no-record`.
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS") or "sync"
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
# Report and document generation (Word/PDF through LibreOffice) can take several seconds.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 120)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows unbounded.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 2000)
max_requests_jitter = 200
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
