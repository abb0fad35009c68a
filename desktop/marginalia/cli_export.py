"""CLI commands for export and for importing annotations from another library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from marginalia.cli import _Context, cli, emit_json, user_errors


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["markdown", "csv", "json", "w3c", "csl", "clipboard"]),
              required=True, help="markdown, csv, json (ours, restorable), w3c (Web Annotation), csl (CSL-JSON).")
@click.option("--out", "out", type=click.Path(dir_okay=False), required=True, help="File to write ('-' for stdout).")
@click.option("--article", "article_ids", type=int, multiple=True, help="An article id (repeatable).")
@click.option("--tag", default=None, help="Articles and highlights with this tag.")
@click.option("--query", default=None, help="A search query: the highlights it finds.")
@click.option("--query-articles", is_flag=True, help="With --query: all highlights of the articles it finds.")
@click.option("--highlight", "highlight_ids", type=int, multiple=True, help="A highlight id (repeatable).")
@click.option("--order", type=click.Choice(["date", "title"]), default="date", show_default=True)
@click.option("--bom", is_flag=True, help="CSV: start with a UTF-8 byte-order mark (for spreadsheets).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@click.pass_obj
def export(obj: _Context, fmt, out, article_ids, tag, query, query_articles, highlight_ids, order, bom, force,
           as_json) -> None:
    """Export annotated quotes (the whole library when no scope is given)."""
    scope = dict(article_ids=article_ids, tag=tag, query=query,
                 query_scope="articles" if query_articles else "highlights", highlight_ids=highlight_ids,
                 order=order)
    with user_errors():
        lib = obj.library()
        if out == "-":
            click.echo(lib.export_text(fmt, bom=bom, **scope), nl=False)
            return
        path = lib.export_to_file(out, fmt, force=force, bom=bom, **scope)
    size = path.stat().st_size
    if as_json:
        emit_json({"path": str(path), "format": fmt, "bytes": size})
    else:
        click.echo(f"wrote {path} ({size} bytes, {fmt})")


@cli.command("import-annotations")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def import_annotations(obj: _Context, file, as_json) -> None:
    """Put highlights from a Marginalia JSON export onto the matching articles here."""
    with user_errors():
        report = obj.library().import_annotations(Path(file).read_bytes())
    if as_json:
        emit_json(report.to_json())
    else:
        click.echo(f"{report.added} highlights added ({report.orphaned} as orphans), "
                   f"{report.skipped_existing} already there; {report.matched_articles} articles matched")
        for title in report.unmatched_articles:
            click.echo(f"no matching article: {title}", err=True)
    sys.exit(1 if report.unmatched_articles else 0)
