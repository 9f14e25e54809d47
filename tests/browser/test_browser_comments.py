"""Commenting on a section in the browser: an organisation member writes in Arabic."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.accounts.models import Organisation
from consult.extensions import db
from consult.models import utcnow
from consult.participation.models import Contribution, ContributionKind

pytestmark = pytest.mark.browser

ARABIC_COMMENT = (
    "نطلب المزيد من دورات اللغة للأهالي في المساء، لأن كثيرا منهم يعملون طوال النهار "
    "ولا يستطيعون الحضور صباحا."
)


def verify(app, organisation_id: int, verifier_id: int) -> None:
    with app.app_context():
        organisation = db.session.get(Organisation, organisation_id)
        organisation.verified_at = utcnow()
        organisation.verified_by_id = verifier_id
        db.session.commit()


def test_organisation_member_comments_on_a_section_in_arabic(
    app, page, page_errors, make_process, make_user, make_organisation, log_in
):
    data = make_process()
    member = log_in("resident")
    organisation = make_organisation(name="Verein Brücke e.V.", members=[member])
    verify(app, organisation.id, make_user(role="staff").id)

    section_path = f"/p/lip/v/{data['v2']}/s/g1"
    page.goto(section_path)
    form = page.locator("section.comments form.stacked")
    expect(form).to_be_visible()

    form.get_by_role("radio", name=organisation.name).check()
    form.locator("textarea[name=body]").fill(ARABIC_COMMENT)
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**{section_path}?*")

    comment = page.locator("section.comments article.comment").filter(has_text=ARABIC_COMMENT)
    expect(comment).to_have_count(1)
    expect(comment.locator(".comment-author")).to_have_text(organisation.name)
    expect(comment.locator(".badge-ok")).to_be_visible()
    text = comment.locator(".user-text")
    expect(text).to_have_text(ARABIC_COMMENT)
    expect(text).to_have_attribute("lang", "ar")
    expect(text).to_have_attribute("dir", "auto")
    # The count next to the heading counts it.
    expect(page.locator("h2#comments .count-badge")).to_have_text("1")
    assert page_errors == [], page_errors

    with app.app_context():
        rows = db.session.scalars(
            select(Contribution).where(Contribution.kind == ContributionKind.COMMENT.value)
        ).all()
        assert len(rows) == 1
        stored = rows[0]
        assert stored.body == ARABIC_COMMENT
        assert stored.language == "ar"
        assert stored.organisation_id == organisation.id
        assert stored.author_id == member.id
        assert stored.submitter_type == "organisation"
        assert stored.section.key == "g1"
