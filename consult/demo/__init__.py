"""`flask consult demo`: the demo process (written for consult, modelled on the seeds).

Loads the process "Lokaler Integrationsplan 2.0" with its phases and three versions, and demo
accounts for every role. The texts live in `consult.demo_content`; this package only loads them,
through the plan services, so the demo holds exactly what staff could have written by hand.

With the process come the voices of the participation phase (`consult.demo_content.participation`
and `consult.demo_content.forum`): comments on the second discussion draft, one of them hidden by
moderation, written statements through every channel, and the first Integration Forum with its
tables and cards. They are stored through the comment, statement and forum services.

Then the triage in progress (`consult.demo.triage`) and the road to adoption
(`consult.demo.council`, from `consult.demo_content.council`): the advisory council reads the
administrative draft before it is public and sends its recommendations; the draft goes to the
council committees, where two amendments are voted point by point; the adopted version is
generated from the adopted points; reports and the milestones of the timeline tell the story.

Running it again changes nothing: an existing process "lip" is left alone (it only gets the
participation content if it has no contributions and no events yet, the triage if it has no
groups, replies or suggestions, and the council stretch if it has none of it), and existing
accounts keep their passwords unless `--reset-passwords` is given.

The modules: `accounts` (demo accounts and organisations), `plan` (the process, its phases,
versions and translations), `participation` (comments, statements, the forum), `pdf` (the
scans of paper statements), `triage` and `council`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click
from flask_babel import force_locale
from sqlalchemy import select

from consult.accounts.models import User
from consult.cli import consult_cli
from consult.demo.accounts import ensure_accounts, ensure_organisations
from consult.demo.council import add_council
from consult.demo.participation import add_participation, has_participation
from consult.demo.plan import build_process
from consult.demo.triage import add_triage
from consult.demo_content import accounts as account_content
from consult.demo_content import process as process_content
from consult.extensions import db
from consult.plans.models import Process
from consult.statements import uploads

__all__ = ["demo_command", "load_demo"]


def load_demo(reset_passwords: bool = False, today: date | None = None) -> dict[str, Any]:
    """Create the demo process and accounts unless they exist; commit; return a summary.

    The summary holds the credentials: a password only for accounts created (or reset)
    now, None for accounts that existed already.
    """
    accounts = ensure_accounts(reset_passwords)
    organisations = ensure_organisations()
    process = db.session.scalar(select(Process).where(Process.slug == process_content.SLUG))
    created = process is None
    if created:
        author = db.session.scalar(select(User).where(User.email == account_content.AUTHOR))
        process = build_process(author, today or date.today())
    participation = None
    stored_files: list[str] = []
    if created or not has_participation(process):
        # The services word their (unused) messages in a language; a command has no request.
        with force_locale(process.original_language):
            participation = add_participation(process, stored_files)
    accounts += add_triage(process, reset_passwords)
    council = add_council(process, reset_passwords)
    accounts += council["accounts"]
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        uploads.delete(stored_files)
        raise
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
        "participation": participation,
        "council": council["added"],
    }


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
    participation = summary["participation"]
    if participation:
        click.echo(
            f"Added participation: {participation['comments']} comments "
            f"({participation['hidden']} hidden by moderation), "
            f"{participation['statements']} written statements, "
            f"the event “{participation['event']}” with {participation['tables']} tables "
            f"and {participation['cards']} forum cards."
        )
    else:
        click.echo(
            "No participation content was added: the process has contributions or events "
            "already, or no phase for comments."
        )
    council = summary["council"]
    if council:
        click.echo(
            f"Added the road to adoption: {council['bodies']} bodies of the council, "
            f"{council['body_comments']} comments and {council['recommendations']} "
            f"recommendations of the advisory council on the internal administrative draft, "
            f"{council['amendments']} amendments with {council['points']} points and "
            f"{council['votes']} votes, version {council['adopted']['number']} "
            f"“{council['adopted']['label']}” (adopted), {council['milestones']} milestones "
            f"and {council['reports']} reports."
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
