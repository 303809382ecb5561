"""WSGI entry point: `gunicorn config.wsgi`.

The application is warmed up as soon as it is built (uommam/core/warmup.py): under gunicorn with
`preload_app` that happens once in the master, and every worker forked from it starts warm.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from uommam.core.warmup import warm_up  # noqa: E402  (needs the apps loaded by get_wsgi_application)

warm_up()
