"""`flask consult send-notices`: send the final notices still waiting and retry failed ones
(for a cron job or after a mail server outage)."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import select

from consult.accountability import notices
from consult.cli import consult_cli
from consult.extensions import db
from consult.plans.models import Process


@consult_cli.command("send-notices")
@click.option("--process", "slug", default=None, help="Only this process (its slug).")
@click.option(
    "--plan", is_flag=True,
    help="First prepare notices for published answers that are in no notice yet.",
)
def send_notices(slug: str | None, plan: bool):
    """Send pending final notices and retry failed ones; each is sent at most once."""
    base = current_app.config.get("SERVER_NAME_FOR_MAIL") or "http://localhost"
    # Links in the messages are built as in a request.
    with current_app.test_request_context("/", base_url=base):
        process = None
        if slug is not None:
            process = db.session.scalar(select(Process).where(Process.slug == slug))
            if process is None:
                raise click.ClickException(f"There is no process {slug!r}.")
        if plan:
            processes = [process] if process is not None else list(
                db.session.scalars(select(Process).order_by(Process.id))
            )
            planned = sum(notices.plan_missing(p, None) for p in processes)
            db.session.commit()
            click.echo(f"Prepared {planned} final notice(s).")
        result = notices.send_pending(process=process, retry=True)
    click.echo(
        f"Final notices: {result.sent} sent, {result.failed} failed, "
        f"{result.opted_out} not sent (opted out), {result.waiting} still waiting."
    )
    if result.failed or result.waiting:
        raise SystemExit(1)
