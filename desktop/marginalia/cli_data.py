"""CLI commands for the safety of the user's data: ``backup``, ``backups``, ``restore``."""

from __future__ import annotations

import click

from marginalia.cli import _Context, cli, emit_json, user_errors


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def backup(obj: _Context, as_json) -> None:
    """Take a verified backup of the library database now."""
    with user_errors():
        info = obj.library().backup(force=True)
    if as_json:
        emit_json(info.to_json())
    else:
        click.echo(f"backup written: {info.path} ({info.size / 1024:.0f} KB)")


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def backups(obj: _Context, as_json) -> None:
    """List the backups of the library, newest first."""
    with user_errors():
        rows = obj.library().list_backups()
    if as_json:
        emit_json([b.to_json() for b in rows])
        return
    for b in rows:
        click.echo(f"{b.created.astimezone():%Y-%m-%d %H:%M}  {b.size / 1024:>8.0f} KB  {b.path}")
    if not rows:
        click.echo("no backups yet")


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def restore(obj: _Context, file, as_json) -> None:
    """Replace the library database with a backup FILE (the current one is moved aside)."""
    with user_errors():
        aside = obj.library().restore(file)
    if as_json:
        emit_json({"restored": file, "previous_moved_to": str(aside) if aside else None})
    else:
        click.echo(f"restored {file}" + (f"; the previous database was moved to {aside}" if aside else ""))
