"""An expired CSRF token never loses what someone typed: the form comes back filled in."""

from __future__ import annotations


def test_register_form_comes_back_with_input_after_csrf_failure(csrf_client):
    response = csrf_client.post(
        "/account/register?lang=en",
        data={"display_name": "Ayşe Yılmaz", "email": "ayse@example.org", "csrf_token": "expired"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code in (400, 422)
    assert 'value="Ayşe Yılmaz"' in page and 'value="ayse@example.org"' in page
    # A fresh token is in the form, so sending again works.
    assert 'name="csrf_token" type="hidden" value="' in page


def test_actions_without_a_form_get_the_expired_page(csrf_client):
    response = csrf_client.post("/language", data={"lang": "en", "next": "/"})
    assert response.status_code == 400
