"""`flask consult demo`: the demo process (written for consult, modelled on the seeds).

Loads the process "Lokaler Integrationsplan 2.0" with its phases and three versions, and demo
accounts for every role. The texts live in `consult.demo_content`; this module only loads them,
through the plan services, so the demo holds exactly what staff could have written by hand.

Running it again changes nothing: an existing process "lip" is left alone, and existing accounts
keep their passwords unless `--reset-passwords` is given.
"""

from __future__ import annotations

import inspect
import secrets
from datetime import date, timedelta
from typing import Any

import click
from sqlalchemy import select

from consult.accounts.models import Membership, Organisation, User
from consult.accounts.passwords import hash_password
from consult.cli import consult_cli
from consult.demo_content import accounts as account_content
from consult.demo_content import plan as plan_content
from consult.demo_content import process as process_content
from consult.demo_content import translations as translation_content
from consult.demo_content import versions as version_content
from consult.extensions import db
from consult.models import utcnow
from consult.plans import services
from consult.plans.models import (
    Process,
    Section,
    SectionVersion,
    TextOrigin,
    Version,
    VersionStatus,
)


def load_demo(reset_passwords: bool = False, today: date | None = None) -> dict[str, Any]:
    """Create the demo process and accounts unless they exist; commit; return a summary.

    The summary holds the credentials: a password only for accounts created (or reset)
    now, None for accounts that existed already.
    """
    accounts = _ensure_accounts(reset_passwords)
    organisations = _ensure_organisations()
    process = db.session.scalar(select(Process).where(Process.slug == process_content.SLUG))
    created = process is None
    if created:
        author = db.session.scalar(select(User).where(User.email == account_content.AUTHOR))
        process = _build_process(author, today or date.today())
    db.session.commit()
    return {
        "process": {
            "slug": process.slug,
            "title": process.title(process.original_language),
            "created": created,
            "versions": [
                {"number": v.number, "label": v.title(process.original_language), "status": v.status}
                for v in process.versions
            ],
        },
        "accounts": accounts,
        "organisations": organisations,
    }


# --- accounts --------------------------------------------------------------


def _ensure_accounts(reset_passwords: bool) -> list[dict[str, Any]]:
    result = []
    for spec in account_content.ACCOUNTS:
        user = db.session.scalar(select(User).where(User.email == spec["email"]))
        password = None
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User(
                email=spec["email"],
                password_hash=hash_password(password),
                display_name=spec["display_name"],
                role=spec["role"],
                preferred_language=spec["preferred_language"],
                email_confirmed_at=utcnow(),
            )
            db.session.add(user)
            status = "created"
        elif reset_passwords:
            password = secrets.token_urlsafe(12)
            user.password_hash = hash_password(password)
            user.password_changed_at = utcnow()
            user.failed_logins = 0
            user.locked_until = None
            status = "reset"
        else:
            status = "exists"
        result.append(
            {
                "label": spec["label"],
                "email": spec["email"],
                "role": user.role,
                "password": password,
                "status": status,
            }
        )
    db.session.flush()
    return result


def _ensure_organisations() -> list[dict[str, Any]]:
    result = []
    for spec in account_content.ORGANISATIONS:
        organisation = db.session.scalar(
            select(Organisation).where(Organisation.slug == spec["slug"])
        )
        created = organisation is None
        if created:
            organisation = Organisation(
                slug=spec["slug"],
                name=spec["name"],
                kind=spec["kind"],
                description=spec["description"],
                website=spec["website"],
                contact_email=spec["contact_email"],
            )
            if spec["verified"]:
                verifier = db.session.scalar(
                    select(User).where(User.email == account_content.VERIFIER)
                )
                organisation.verified_at = utcnow()
                organisation.verified_by_id = verifier.id
            db.session.add(organisation)
            db.session.flush()
        for email, role in spec["members"]:
            user = db.session.scalar(select(User).where(User.email == email))
            if user is None or _membership(user, organisation) is not None:
                continue
            db.session.add(Membership(user_id=user.id, organisation_id=organisation.id, role=role))
            db.session.flush()
        result.append({"name": organisation.name, "slug": organisation.slug, "created": created})
    return result


def _membership(user: User, organisation: Organisation) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.organisation_id == organisation.id
        )
    )


# --- the process -----------------------------------------------------------


def _markdown(body: str) -> str:
    """A body from the content modules as stored: dedented (gender stars stay as written)."""
    return inspect.cleandoc(body)


def _build_process(author: User | None, today: date) -> Process:
    title, summary, body = process_content.TEXTS[process_content.ORIGINAL_LANGUAGE]
    process = services.create_process(
        slug=process_content.SLUG,
        original_language=process_content.ORIGINAL_LANGUAGE,
        languages=process_content.LANGUAGES,
        title=title,
        summary=summary,
        body=_markdown(body),
        is_public=True,
        actor=author,
    )
    for language, (title, summary, body) in process_content.TEXTS.items():
        if language != process_content.ORIGINAL_LANGUAGE:
            services.set_process_text(
                process, language, title=title, summary=summary, body=_markdown(body),
                actor=author,
            )
    for phase in process_content.PHASES:
        start, end = phase["days"]
        services.save_phase(
            process,
            name=phase["name"],
            description=phase["description"],
            starts_on=today + timedelta(days=start),
            ends_on=today + timedelta(days=end),
            opens=phase["opens"],
            actor=author,
        )

    first = services.create_version(
        process,
        label=version_content.VERSION_1["label"],
        changelog=_changelog(version_content.VERSION_1),
        actor=author,
    )
    for field in plan_content.FIELDS:
        _add_tree(first, field, parent=None, depth=0, actor=author)
    services.renumber(first)
    for language, texts in translation_content.VERSION_1.items():
        _translate(first, language, texts, author)
    _finish(first, version_content.VERSION_1, author)

    previous = first
    for spec in version_content.VERSIONS[1:]:
        version = services.create_version(
            process,
            label=spec["label"],
            changelog=_changelog(spec),
            copy_from=previous,
            actor=author,
        )
        _apply_changes(version, spec, author)
        _finish(version, spec, author)
        previous = version
    return process


def _changelog(spec: dict) -> dict[str, str]:
    return {language: _markdown(text) for language, text in spec["changelog"].items()}


def _add_tree(
    version: Version, item: dict, *, parent: SectionVersion | None, depth: int, actor
) -> None:
    title, body = item["de"]
    node = services.add_section(
        version,
        title=title,
        body=_markdown(body),
        parent=parent,
        kind=plan_content.KINDS[depth],
        key=item["key"],
        actor=actor,
        renumber_now=False,
    )
    _set_english(node, *item["en"], actor=actor)
    for child in item.get("children", ()):
        _add_tree(version, child, parent=node, depth=depth + 1, actor=actor)


def _set_english(node: SectionVersion, title: str, body: str, *, actor) -> None:
    services.set_section_text(
        node, "en", title=title, body=_markdown(body),
        origin=TextOrigin.HUMAN.value, reviewed=True, source_language="de", actor=actor,
    )


def _translate(version: Version, language: str, texts: dict, actor) -> None:
    """Translations from German into `language`: key → (title, body[, reviewed])."""
    for key, entry in texts.items():
        title, body, *rest = entry
        services.set_section_text(
            _node(version, key), language, title=title, body=_markdown(body),
            origin=TextOrigin.HUMAN.value, reviewed=rest[0] if rest else True,
            source_language="de", actor=actor,
        )


def _apply_changes(version: Version, spec: dict, actor) -> None:
    for key, languages in spec.get("texts", {}).items():
        node = _node(version, key)
        for language in ("de", "en"):
            change = languages[language]
            current = node.text(language)
            title = change.get("title", current.title)
            body = _markdown(change["body"]) if "body" in change else current.body
            if language == "de":
                services.set_section_text(node, "de", title=title, body=body, actor=actor)
            else:
                _set_english(node, title, body, actor=actor)
    for key in spec.get("remove", ()):
        services.remove_section(_node(version, key), actor=actor)
    for item in spec.get("add", ()):
        title, body = item["de"]
        parent = _node(version, item["parent"])
        node = services.add_section(
            version,
            title=title,
            body=_markdown(body),
            parent=parent,
            kind=plan_content.KINDS[parent.depth + 1],
            position=item.get("position"),
            key=item["key"],
            actor=actor,
        )
        _set_english(node, *item["en"], actor=actor)
    for item in spec.get("move", ()):
        node = _node(version, item["key"])
        parent = _node(version, item["parent"])
        position = item.get("position", len(_children(version, parent)))
        services.move_section(node, parent=parent, position=position, actor=actor)
    for language, texts in spec.get("translations", {}).items():
        _translate(version, language, texts, actor)


def _finish(version: Version, spec: dict, actor) -> None:
    status = VersionStatus(spec["status"])
    if status != VersionStatus.DRAFT:
        services.set_version_status(version, status, actor)


def _node(version: Version, key: str) -> SectionVersion:
    node = db.session.scalar(
        select(SectionVersion)
        .join(Section)
        .where(SectionVersion.version_id == version.id, Section.key == key)
    )
    if node is None:
        raise LookupError(f"Version {version.number} has no section {key!r}.")
    return node


def _children(version: Version, parent: SectionVersion) -> list[SectionVersion]:
    return list(
        db.session.scalars(
            select(SectionVersion).where(
                SectionVersion.version_id == version.id, SectionVersion.parent_id == parent.id
            )
        ).all()
    )


# --- the command -----------------------------------------------------------


@consult_cli.command("demo")
@click.option(
    "--reset-passwords",
    is_flag=True,
    help="Give the demo accounts new passwords and print them.",
)
def demo_command(reset_passwords: bool) -> None:
    """Load the demo process "Lokaler Integrationsplan 2.0" and demo accounts."""
    summary = load_demo(reset_passwords=reset_passwords)
    process = summary["process"]
    if process["created"]:
        click.echo(f"Created the demo process “{process['title']}”: /p/{process['slug']}")
        for version in process["versions"]:
            click.echo(f"  version {version['number']}: {version['label']} ({version['status']})")
    else:
        click.echo(
            f"The demo process exists already (/p/{process['slug']}); its content was left as is."
        )
    click.echo("Demo accounts:")
    for account in summary["accounts"]:
        if account["password"]:
            detail = f"password: {account['password']}"
            if account["status"] == "reset":
                detail += " (new)"
        else:
            detail = "exists (its password was printed when it was created)"
        click.echo(f"  {account['label']:<20} {account['email']:<24} {detail}")
    if not any(account["password"] for account in summary["accounts"]):
        click.echo("Use --reset-passwords to set and print new passwords.")
