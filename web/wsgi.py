"""The WSGI entry point gunicorn serves: ``gunicorn web.wsgi:app``."""

import gc

from web import create_app

app = create_app()

# What start-up made (modules, routes, templates, the API document) lives as long as the
# worker. Frozen, it is left out of the collector's full passes, which otherwise walked it
# every few hundred requests and held one of them up by about 100 ms (the p95 of the event
# log page at a million events: 112 -> 32 ms in-process).
gc.collect()
gc.freeze()
