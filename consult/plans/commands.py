"""Plan commands: `flask consult import-version FILE --process SLUG`."""

from __future__ import annotations

from pathlib import Path

import click
from flask_babel import force_locale
from sqlalchemy import select

from consult.cli import consult_cli
from consult.errors import DomainError
from consult.extensions import db
from consult.plans import importers, queries, services
from consult.plans.models import Process


@consult_cli.command("import-version")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--process", "slug", required=True, help="Short name (slug) of the process.")
@click.option("--label", default=None, help="Label of the new version (default: file name).")
@click.option("--language", default=None, help="Language of the text (default: original).")
@click.option(
    "--match/--no-match", default=True, show_default=True,
    help="Keep the identity of sections whose number and title equal the latest version's.",
)
@click.option("--dry-run", is_flag=True, help="Show the sections found; save nothing.")
def import_version_command(
    file: Path, slug: str, label: str | None, language: str | None, match: bool, dry_run: bool
) -> None:
    """Create a draft version from a Markdown (.md) or Word (.docx) FILE."""
    with force_locale("en"):
        _import_version(file, slug, label, language, match, dry_run)


def _import_version(
    file: Path, slug: str, label: str | None, language: str | None, match: bool, dry_run: bool
) -> None:
    process = db.session.scalar(select(Process).where(Process.slug == slug))
    if process is None:
        raise click.ClickException(f"No process with the short name {slug!r}.")
    language = language or process.original_language
    if language not in process.languages:
        raise click.ClickException(
            f"The process does not offer the language {language!r} "
            f"(it offers: {', '.join(process.languages)})."
        )
    if file.stat().st_size > importers.MAX_UPLOAD_BYTES:
        raise click.ClickException("The file is larger than 5 MB.")
    try:
        result = importers.parse_upload(file.read_bytes(), file.name)
    except importers.ImportFailed as error:
        raise click.ClickException(str(error)) from error

    matches = (
        queries.import_matches(process, result.sections, language)
        if match else [None] * len(result.sections)
    )
    for section, found in zip(result.sections, matches, strict=True):
        note = f"  (kept: {found.old_number})" if found is not None else ""
        click.echo(f"{'  ' * section.depth}{section.number} {section.title} [{section.kind}]{note}")
    for warning in result.warnings:
        click.echo(f"Note: {warning}", err=True)
    if result.errors:
        for error in result.errors:
            click.echo(f"Error: {error}", err=True)
        raise click.ClickException("The file cannot be imported.")
    if not result.sections:
        raise click.ClickException("No sections found.")
    kept = sum(1 for m in matches if m is not None)
    click.echo(f"{len(result.sections)} sections, {kept} kept from the latest version.")
    if dry_run:
        click.echo("Dry run: nothing saved.")
        return
    try:
        version = services.import_version(
            process, result.sections, language=language,
            label=(label or file.stem)[:200], match_existing=match, source_name=file.name,
        )
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created version {version.number} (draft) of {process.slug}.")
