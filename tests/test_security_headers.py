"""Security headers and production configuration (SECURITY.md, "Headers and configuration")."""

from __future__ import annotations

import pytest

from consult import create_app


@pytest.mark.parametrize("path", ["/", "/p/lip", "/barrierefreiheit", "/does-not-exist"])
def test_security_headers_on_every_response(client, make_process, path):
    make_process()
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_no_inline_script_in_pages(client, make_process):
    data = make_process()
    for path in ("/", "/p/lip", f"/p/lip/v/{data['v2']}", f"/p/lip/v/{data['v2']}/s/g1"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page
        assert " onclick=" not in page and " style=" not in page


def test_production_refuses_default_secret_key(monkeypatch):
    monkeypatch.setenv("CONSULT_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_cookies_are_secure(monkeypatch):
    monkeypatch.setenv("CONSULT_ENV", "production")
    from config import ProductionConfig

    assert ProductionConfig.SESSION_COOKIE_SECURE is True
    assert ProductionConfig.SESSION_COOKIE_HTTPONLY is True
    assert ProductionConfig.SESSION_COOKIE_SAMESITE == "Lax"


def test_errors_are_pages_not_stack_traces(app_config):
    app = create_app({**app_config, "TESTING": False})

    @app.get("/__boom")
    def boom():
        raise RuntimeError("secret internal detail")

    response = app.test_client().get("/__boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "secret internal detail" not in body and "Traceback" not in body
    assert '<html lang="de"' in body
