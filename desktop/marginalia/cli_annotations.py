"""CLI commands for highlights, tags, notes and re-cleaning (registered on ``cli.cli``)."""

from __future__ import annotations

import sys

import click

from marginalia.cli import _Context, cli, emit_json, user_errors


def _print_highlight(h) -> None:
    where = "orphan" if h.orphan else f"{h.start}-{h.end}"
    tags = " ".join(f"#{t}" for t in h.tags)
    click.echo(f"{h.id:>6}  article {h.article_id}  [{where}]  {h.color} ({h.color_name})  “{h.quote[:80]}”  {tags}")
    if h.note:
        click.echo(f"        note: {h.note[:200]}")


@cli.group()
def highlight() -> None:
    """Add, list, edit, delete and restore highlights."""


@highlight.command("add")
@click.argument("article_id", type=int)
@click.option("--quote", help="The text to highlight, as it appears in the article.")
@click.option("--occurrence", type=click.IntRange(1), help="Which occurrence, when the quote repeats.")
@click.option("--start", type=click.IntRange(0), help="Start offset in the canonical text.")
@click.option("--end", type=click.IntRange(0), help="End offset in the canonical text.")
@click.option("--color", help="Palette key or meaning, e.g. red or 'contested claim'.")
@click.option("--note", default="", help="A note (Markdown).")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def highlight_add(obj: _Context, article_id, quote, occurrence, start, end, color, note, tags, as_json) -> None:
    """Highlight a quote (or START..END) of an article."""
    if quote is None and (start is None or end is None):
        raise click.UsageError("give --quote TEXT or both --start and --end")
    if quote is not None and (start is not None or end is not None):
        raise click.UsageError("give either --quote or --start/--end, not both")
    with user_errors():
        h = obj.library().add_highlight(article_id, quote=quote, occurrence=occurrence, start=start, end=end,
                                        color=color, note=note, tags=list(tags))
    emit_json(h.to_json()) if as_json else _print_highlight(h)


@highlight.command("list")
@click.argument("article_id", type=int, required=False)
@click.option("--deleted", is_flag=True, help="List the trash instead.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def highlight_list(obj: _Context, article_id, deleted, as_json) -> None:
    """List highlights (of one article, or all) in text order."""
    with user_errors():
        rows = obj.library().list_highlights(article_id, deleted=deleted)
    if as_json:
        emit_json([h.to_json() for h in rows])
    else:
        for h in rows:
            _print_highlight(h)


@highlight.command("edit")
@click.argument("highlight_id", type=int)
@click.option("--color")
@click.option("--note")
@click.option("--tag", "tags", multiple=True, help="Replace the tags with these (repeatable).")
@click.option("--add-tag", "add_tags", multiple=True)
@click.option("--remove-tag", "remove_tags", multiple=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def highlight_edit(obj: _Context, highlight_id, color, note, tags, add_tags, remove_tags, as_json) -> None:
    """Change a highlight's colour, note or tags."""
    with user_errors():
        h = obj.library().edit_highlight(highlight_id, color=color, note=note, tags=list(tags) if tags else None,
                                         add_tags=add_tags, remove_tags=remove_tags)
    emit_json(h.to_json()) if as_json else _print_highlight(h)


@highlight.command("reattach")
@click.argument("highlight_id", type=int)
@click.option("--start", type=click.IntRange(0), required=True)
@click.option("--end", type=click.IntRange(0), required=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def highlight_reattach(obj: _Context, highlight_id, start, end, as_json) -> None:
    """Place a highlight (an orphan, usually) on START..END of its article."""
    with user_errors():
        h = obj.library().reattach_highlight(highlight_id, start=start, end=end)
    emit_json(h.to_json()) if as_json else _print_highlight(h)


@highlight.command("delete")
@click.argument("highlight_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def highlight_delete(obj: _Context, highlight_id, as_json) -> None:
    """Move a highlight to the trash (restorable)."""
    with user_errors():
        obj.library().delete_highlight(highlight_id)
    emit_json({"id": highlight_id, "deleted": True}) if as_json else click.echo(f"highlight {highlight_id} moved to the trash")


@highlight.command("restore")
@click.argument("highlight_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def highlight_restore(obj: _Context, highlight_id, as_json) -> None:
    """Bring a highlight back from the trash."""
    with user_errors():
        h = obj.library().restore_highlight(highlight_id)
    emit_json(h.to_json()) if as_json else _print_highlight(h)


@highlight.command("empty-trash")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def highlight_empty_trash(obj: _Context, as_json) -> None:
    """Delete for good the highlights in the trash."""
    with user_errors():
        n = obj.library().empty_trash()
    emit_json({"deleted": n}) if as_json else click.echo(f"{n} highlights deleted for good")


@cli.group()
def tag() -> None:
    """Tag articles; rename, merge, delete and count tags."""


def _ok(as_json: bool, message: str, **data) -> None:
    emit_json({"ok": True, **data}) if as_json else click.echo(message)


@tag.command("add")
@click.argument("article_id", type=int)
@click.argument("names", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def tag_add(obj: _Context, article_id, names, as_json) -> None:
    """Add tags to an article."""
    with user_errors():
        obj.library().add_tags(article_id, list(names))
        tags = list(obj.library().get_article(article_id).tags)
    _ok(as_json, f"article {article_id}: {', '.join(tags)}", article_id=article_id, tags=tags)


@tag.command("remove")
@click.argument("article_id", type=int)
@click.argument("names", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def tag_remove(obj: _Context, article_id, names, as_json) -> None:
    """Remove tags from an article."""
    with user_errors():
        obj.library().remove_tags(article_id, list(names))
        tags = list(obj.library().get_article(article_id).tags)
    _ok(as_json, f"article {article_id}: {', '.join(tags) or '(no tags)'}", article_id=article_id, tags=tags)


@tag.command("rename")
@click.argument("old")
@click.argument("new")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def tag_rename(obj: _Context, old, new, as_json) -> None:
    """Rename a tag everywhere."""
    with user_errors():
        obj.library().rename_tag(old, new)
    _ok(as_json, f"renamed {old!r} to {new!r}", old=old, new=new)


@tag.command("merge")
@click.argument("source")
@click.argument("into")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def tag_merge(obj: _Context, source, into, as_json) -> None:
    """Merge tag SOURCE into INTO (SOURCE disappears)."""
    with user_errors():
        obj.library().merge_tags(source, into)
    _ok(as_json, f"merged {source!r} into {into!r}", source=source, into=into)


@tag.command("delete")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def tag_delete(obj: _Context, name, as_json) -> None:
    """Delete a tag from every article and highlight."""
    with user_errors():
        obj.library().delete_tag(name)
    _ok(as_json, f"deleted tag {name!r}", name=name)


@tag.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def tag_list(obj: _Context, as_json) -> None:
    """Tags with their article and highlight counts."""
    with user_errors():
        rows = obj.library().list_tags()
    if as_json:
        emit_json([t.to_json() for t in rows])
    else:
        for t in rows:
            click.echo(f"{t.name:<30} {t.articles:>6} articles {t.highlights:>6} highlights")


@cli.command()
@click.argument("article_id", type=int)
@click.argument("text", required=False)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def note(obj: _Context, article_id, text, as_json) -> None:
    """Show or set (with TEXT; '-' reads stdin) an article's note."""
    with user_errors():
        lib = obj.library()
        if text is not None:
            lib.set_article_note(article_id, sys.stdin.read() if text == "-" else text)
        value = lib.get_article(article_id).note
    emit_json({"article_id": article_id, "note": value}) if as_json else click.echo(value)


@cli.command()
@click.argument("article_ids", nargs=-1, type=int)
@click.option("--all", "all_", is_flag=True, help="Every article of the library.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def reclean(obj: _Context, article_ids, all_, as_json) -> None:
    """Clean articles again from their stored raw input and move their highlights."""
    if not article_ids and not all_:
        raise click.UsageError("give article ids or --all")
    with user_errors():
        report = obj.library().reclean(None if all_ else list(article_ids))
    if as_json:
        emit_json(report.to_json())
    else:
        click.echo(f"{report.articles} articles cleaned again ({report.changed} changed); highlights: "
                   f"{report.exact} exact, {report.moved} moved, {report.fuzzy} fuzzy, {report.orphaned} orphaned")
        for f in report.failed:
            click.echo(f"failed: article {f['article_id']}: {f['reason']}", err=True)
    sys.exit(1 if report.failed else 0)
