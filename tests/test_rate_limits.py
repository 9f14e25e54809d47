"""Rate limits are shared across app instances through Redis when REDIS_URL is set."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from consult import create_app
from consult.extensions import db


@pytest.fixture
def redis_url():
    import redis

    url = "redis://127.0.0.1:6379/15"
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.fail("Redis must run on 127.0.0.1:6379 (see .ci/run)")
    yield url
    client.flushdb()
    client.close()


@pytest.fixture
def two_instances(app_config, redis_url):
    """Two app instances, as two gunicorn processes would be, sharing one Redis."""
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    config = {
        **app_config,
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_KEY_PREFIX": prefix,
        "LOGIN_RATE_LIMIT": "3 per minute",
    }
    instance = create_app(config)
    yield instance, config
    with instance.app_context():
        db.session.remove()
        db.engine.dispose()
    # The limiter object is shared in this process: point it back at per-process memory.
    create_app(app_config)


SECOND_INSTANCE = """
import json, sys
from consult import create_app
config = json.loads(sys.argv[1])
app = create_app(config)
response = app.test_client().post("/account/login?lang=en", data=json.loads(sys.argv[2]))
print(response.status_code)
"""


def test_login_limit_is_shared_between_instances(two_instances, make_user):
    """Three attempts at one instance; the fourth, at another process, is refused."""
    import redis

    instance, config = two_instances
    user = make_user()
    data = {"email": user.email, "password": "wrong password here"}
    client = instance.test_client()
    statuses = [client.post("/account/login?lang=en", data=data).status_code for _ in range(3)]
    assert 429 not in statuses
    keys = redis.Redis.from_url(config["RATELIMIT_STORAGE_URI"]).keys(f"*{config['RATELIMIT_KEY_PREFIX']}*")
    assert keys, "the counts are kept in Redis"
    settings = {k: v for k, v in config.items() if isinstance(v, str | int | bool | float)}
    result = subprocess.run(
        [sys.executable, "-c", SECOND_INSTANCE, json.dumps(settings), json.dumps(data)],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.stdout.strip().splitlines()[-1] == "429"


def test_without_redis_limits_are_per_instance(app_config, make_user):
    config = {**app_config, "RATELIMIT_STORAGE_URI": "memory://", "LOGIN_RATE_LIMIT": "2 per minute"}
    user = make_user()
    instance = create_app(config)
    try:
        client = instance.test_client()
        data = {"email": user.email, "password": "wrong password here"}
        statuses = [client.post("/account/login", data=data).status_code for _ in range(3)]
        assert statuses[-1] == 429
    finally:
        with instance.app_context():
            db.session.remove()
            db.engine.dispose()
