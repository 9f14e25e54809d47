"""The benchmark suite: a city-scale dataset, served by gunicorn, measured from another process.

`make bench` (or `python -m bench`) writes `bench/RESULTS.md`. `bench.server` also starts the
app instances that the multi-instance, load and fault tests drive.
"""
