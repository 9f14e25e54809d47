"""Configuration from environment variables.

Every setting has a safe default for the embedded SQLite set-up; production
(`CONSULT_ENV=production`) refuses to start without a real secret key.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent

DEFAULT_LANGUAGES = "de,en,tr,ar,ru,uk,pl,fa"
DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused in production


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{BASE_DIR / 'instance' / 'consult.sqlite3'}"
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Config:
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False

    LANGUAGES = [
        code.strip() for code in os.environ.get("CONSULT_LANGUAGES", DEFAULT_LANGUAGES).split(",")
        if code.strip()
    ]
    BABEL_DEFAULT_LOCALE = os.environ.get("CONSULT_DEFAULT_LANGUAGE", "de")
    BABEL_DEFAULT_TIMEZONE = os.environ.get("CONSULT_TIMEZONE", "Europe/Berlin")
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _bool("MAIL_USE_SSL")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "consult@localhost")

    REDIS_URL = os.environ.get("REDIS_URL", "")
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    CONTRIBUTION_RATE_LIMIT = os.environ.get("CONTRIBUTION_RATE_LIMIT", "30 per hour")
    MAIL_RATE_LIMIT = os.environ.get("MAIL_RATE_LIMIT", "5 per hour")
    # Unconfirmed statements sent without an account are removed after this many hours.
    UNCONFIRMED_STATEMENT_HOURS = int(os.environ.get("UNCONFIRMED_STATEMENT_HOURS", "72"))
    MAX_ATTACHMENTS = int(os.environ.get("MAX_ATTACHMENTS", "5"))
    MAX_ATTACHMENT_BYTES = int(os.environ.get("MAX_ATTACHMENT_BYTES", str(10 * 1024 * 1024)))
    COMMENT_EDIT_MINUTES = int(os.environ.get("COMMENT_EDIT_MINUTES", "15"))
    COMMENT_REPORT_RATE_LIMIT = os.environ.get("COMMENT_REPORT_RATE_LIMIT", "20 per hour")
    ACCOUNT_RATE_LIMIT = os.environ.get("ACCOUNT_RATE_LIMIT", "10 per minute")
    # A Redis outage must not take the site down: fall back to per-process limits.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True

    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(BASE_DIR / "instance" / "uploads"))
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(30 * 1024 * 1024)))

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    PERMANENT_SESSION_LIFETIME = int(os.environ.get("SESSION_LIFETIME_SECONDS", str(8 * 3600)))
    WTF_CSRF_TIME_LIMIT = int(os.environ.get("CSRF_TIME_LIMIT_SECONDS", str(8 * 3600)))

    TOKEN_MAX_AGE_SECONDS = int(os.environ.get("TOKEN_MAX_AGE_SECONDS", str(24 * 3600)))
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
    LOGIN_LOCK_SECONDS = int(os.environ.get("LOGIN_LOCK_SECONDS", "900"))
    # Final notices sent in the request that publishes decisions; the rest by the command.
    FINAL_NOTICES_PER_REQUEST = int(os.environ.get("FINAL_NOTICES_PER_REQUEST", "200"))
    EXPORT_RATE_LIMIT = os.environ.get("EXPORT_RATE_LIMIT", "30 per minute")
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    SERVER_NAME_FOR_MAIL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    # Pages kept per worker for anonymous readers (bytes; 0 turns the cache off) and how long.
    # Every instance of one site must use the same setting (writes bump a shared counter).
    PAGE_CACHE_BYTES = int(os.environ.get("PAGE_CACHE_BYTES", str(16 * 1024 * 1024)))
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
    # Benchmark only: send each request's number of SQL statements in an X-Query-Count header.
    QUERY_COUNT_HEADER = _bool("QUERY_COUNT_HEADER")


class ProductionConfig(Config):
    ENV_NAME = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)


def load_config() -> type[Config]:
    if os.environ.get("CONSULT_ENV", "development") == "production":
        return ProductionConfig
    return Config
