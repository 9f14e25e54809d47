"""WSGI entry point: `gunicorn wsgi:app`."""

import gc

from consult import create_app

app = create_app()

# What starting made (modules, templates, mappings) lives as long as the worker: leave it out
# of the garbage collector's sweeps, and sweep less often, so requests do not pay for it.
gc.collect()
gc.freeze()
gc.set_threshold(10_000, 10, 10)
