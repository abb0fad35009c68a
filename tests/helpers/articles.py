"""Put articles straight into a library (no cleaning), for tests of highlights, tags, search."""

from __future__ import annotations

from datetime import date

from marginalia.core import articles, db
from marginalia.core.blocks import PARAGRAPH, make_block
from marginalia.core.importing.article import CleanedArticle


def add_article(library, paragraphs: list[str], *, title: str = "Test article", site: str | None = None,
                author: str | None = None, url: str | None = None, published: date | None = None,
                language: str | None = "uk") -> int:
    cleaned = CleanedArticle(title=title, blocks=[make_block(PARAGRAPH, p) for p in paragraphs], kind="text",
                             author=author, site=site, url=url, published=published, language=language)
    data = ("\n\n".join([title, *paragraphs])).encode()
    with library.write_lock, db.write_session(library.engine) as s:
        return articles.insert_article(s, cleaned, data=data, digest=articles.raw_hash(data), filename="t.txt",
                                       source_path=None)
