"""CLI commands for search and index upkeep: ``search``, ``reindex``, ``check``."""

from __future__ import annotations

import html
import re
import sys

import click

from marginalia.cli import _Context, cli, emit_json, user_errors

_MARK_RE = re.compile(r"<mark>(.*?)</mark>", re.S)


def terminal_snippet(snippet: str, color: bool) -> str:
    """A ``<mark>``-ed HTML snippet as terminal text (hits bold when the terminal has colour)."""
    if color:
        marked = _MARK_RE.sub(lambda m: click.style(m.group(1), bold=True, underline=True), snippet)
    else:
        marked = _MARK_RE.sub(lambda m: f"[{m.group(1)}]", snippet)
    return html.unescape(marked)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True)
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option("--kind", type=click.Choice(["article", "highlight"]), default=None, help="Only one kind of result.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.pass_obj
def search(obj: _Context, query, as_json, limit, kind, sort) -> None:
    """Search articles and highlights.

    \b
    Grammar: words (all must match, any word form), "a phrase", a OR b, -word, prefix*,
    title: tag: site: author: lang: color: note:, has:highlights has:notes is:read is:unread,
    date:2024-01..2024-06  date:>2025-03-01  date:2025
    """
    text = " ".join(query)
    with user_errors():
        hits = obj.library().search(text, limit=limit, kind=kind, sort=sort)
    if as_json:
        emit_json([h.to_json() for h in hits])
        return
    if not hits:
        click.echo("no results", err=True)
    color = sys.stdout.isatty()
    for h in hits:
        label = "article  " if h.kind == "article" else "highlight"
        ident = f"#{h.article_id}" + (f"/h{h.highlight_id}" if h.highlight_id else "")
        click.echo(f"{label} {ident:<12} {h.title[:80]}")
        if h.snippet:
            click.echo("    " + terminal_snippet(h.snippet, color))


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def reindex(obj: _Context, as_json) -> None:
    """Rebuild the search index from the database."""
    with user_errors():
        n = obj.library().reindex()
    emit_json({"documents": n}) if as_json else click.echo(f"index rebuilt: {n} documents")


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def check(obj: _Context, as_json) -> None:
    """Check database integrity and index drift (exit 0 clean, 1 problems found)."""
    with user_errors():
        report = obj.library().check()
    if as_json:
        emit_json(report.to_json())
    else:
        click.echo(f"database integrity: {report.integrity}; foreign key errors: {report.foreign_key_errors}")
        click.echo(f"articles: {report.articles}, highlights: {report.highlights}, "
                   f"index documents: {report.index_documents}, pending index work: {report.pending_debt}")
        if report.index_error:
            click.echo(f"index: {report.index_error}")
        for label, items in (("missing from the index", report.missing_from_index),
                             ("in the index but not the database", report.extra_in_index),
                             ("out of date in the index", report.stale_in_index)):
            if items:
                click.echo(f"{len(items)} {label}: {', '.join(items[:10])}{' …' if len(items) > 10 else ''}")
        click.echo("clean" if report.ok else "problems found (run `marginalia reindex` to rebuild the index)")
    sys.exit(0 if report.ok else 1)
