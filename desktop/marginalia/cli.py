"""Command line: import, list, show, search, export... — headless access to the same Library
facade the desktop app uses. Exit codes: 0 all good, 1 some inputs failed or an error, 2 usage.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager

import click

from marginalia import __version__
from marginalia.core.errors import MarginaliaError, NotFound, UsageError


class _Context:
    def __init__(self, library_dir: str | None) -> None:
        self.library_dir = library_dir
        self._lib = None

    def library(self):
        if self._lib is None:
            from marginalia.core.library import Library

            self._lib = Library.open(self.library_dir)
        return self._lib

    def close(self) -> None:
        if self._lib is not None:
            self._lib.close()


def emit_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@contextmanager
def user_errors():
    """Turn errors meant for the user into one line on stderr and the right exit code."""
    try:
        yield
    except UsageError as exc:
        click.echo(f"marginalia: {exc}", err=True)
        sys.exit(2)
    except (MarginaliaError, NotFound) as exc:
        click.echo(f"marginalia: {exc}", err=True)
        sys.exit(1)


class _TqdmProgress:
    """The Progress protocol drawn as a tqdm bar on stderr."""

    cancelled = False

    def __init__(self) -> None:
        from tqdm import tqdm

        self._bar = tqdm(total=0, unit="file", file=sys.stderr, dynamic_ncols=True, leave=False)

    def update(self, done: int, total: int, message: str = "") -> None:
        self._bar.total = total
        self._bar.n = done
        self._bar.set_postfix_str(message[:40], refresh=False)
        self._bar.refresh()

    def close(self) -> None:
        self._bar.close()


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--library", "library_dir", metavar="DIR", envvar="MARGINALIA_LIBRARY",
              help="Library folder (default: the user data dir; env MARGINALIA_LIBRARY).")
@click.version_option(__version__, "--version", prog_name="marginalia")
@click.pass_context
def cli(ctx: click.Context, library_dir: str | None) -> None:
    """Marginalia: read, highlight, annotate, search and export saved articles, offline.

    Without a command, the desktop app starts.
    """
    ctx.obj = _Context(library_dir)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        ctx.invoke(gui)


@cli.command()
@click.argument("url", required=False)
@click.pass_obj
def gui(obj: _Context, url: str | None) -> None:
    """Start the desktop app (optionally opening a marginalia://article/<id> link)."""
    try:
        from marginalia.ui.app import run
    except ImportError as exc:
        raise click.ClickException(f"the desktop app cannot start: {exc} (is PySide6 installed? "
                                   "the command-line commands work without it)") from None
    sys.exit(run(library_dir=obj.library_dir, url=url))


@cli.command("import")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--samples", is_flag=True, help="Also import the sample articles that come with Marginalia.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with every result.")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Cleaning processes (default: cores).")
@click.pass_obj
def import_cmd(obj: _Context, paths: tuple[str, ...], samples: bool, as_json: bool, workers: int | None) -> None:
    """Import files and folders (HTML, plain text, Markdown; folders recursively)."""
    if samples:
        from marginalia.samples import sample_paths

        paths = (*paths, *(str(p) for p in sample_paths()))
    if not paths:
        raise click.UsageError("give the files or folders to import (or --samples)")
    with user_errors():
        lib = obj.library()
        bar = _TqdmProgress() if not as_json and sys.stderr.isatty() else None
        try:
            report = lib.import_paths(list(paths), progress=bar, workers=workers)
        finally:
            if bar:
                bar.close()
    if as_json:
        emit_json(report.to_json())
    else:
        for r in report.results:
            if r.status == "imported":
                click.echo(f"imported   #{r.article_id}  {r.title or ''}  ({r.path})")
            elif r.status == "duplicate":
                click.echo(f"duplicate  #{r.article_id}  {r.path}: {r.reason}")
            else:
                click.echo(f"failed     {r.path}: {r.reason}", err=True)
        click.echo(f"{report.count('imported')} imported, {report.count('duplicate')} duplicates, "
                   f"{report.count('failed')} failed")
    sys.exit(1 if report.count("failed") else 0)


@cli.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.option("--sort", type=click.Choice(["imported", "published", "title", "site", "highlights", "id"]), default="imported")
@click.option("--tag", default=None, help="Only articles with this tag.")
@click.option("--limit", type=click.IntRange(1), default=None)
@click.pass_obj
def list_cmd(obj: _Context, as_json: bool, sort: str, tag: str | None, limit: int | None) -> None:
    """List the articles of the library."""
    with user_errors():
        rows = obj.library().list_articles(sort=sort, tag=tag, limit=limit,
                                           descending=sort not in ("title", "site"))
    if as_json:
        emit_json([r.to_json() for r in rows])
        return
    for r in rows:
        date = r.published.isoformat() if r.published else "          "
        click.echo(f"{r.id:>6}  {date}  {r.language or '--':<2}  {r.title[:70]}  [{r.site or ''}]")


@cli.command()
@click.argument("article_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def show(obj: _Context, article_id: int, as_json: bool) -> None:
    """Show one article: its metadata and canonical text."""
    with user_errors():
        art = obj.library().get_article(article_id)
    if as_json:
        emit_json(art.to_json())
        return
    click.echo(art.title)
    meta = " · ".join(x for x in (art.author, art.site, art.published.isoformat() if art.published else None, art.url) if x)
    if meta:
        click.echo(meta)
    click.echo("")
    click.echo(art.text)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # A desktop entry or browser hands over a bare marginalia:// link: open it in the app.
    links = [a for a in argv if a.startswith("marginalia://")]
    if links and "gui" not in argv:
        argv = [a for a in argv if a not in links] + ["gui", links[0]]
    try:
        cli.main(args=argv, prog_name="marginalia", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


# Command groups live in their own modules; importing them registers them on ``cli``.
from marginalia import cli_annotations, cli_data, cli_export, cli_search  # noqa: E402,F401
