"""A first look at a library without SQLAlchemy: the article count and the newest page.

The desktop app shows this while the full library (SQLAlchemy, migrations, the index) opens
in the background, so a large library is listed well within a second of the window appearing.
Standard-library sqlite3 only, read-only, and nothing is returned (None) when the file is
missing or does not have the expected columns — the full open then does the work.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path

from marginalia.core.records import ArticleSummary
from marginalia.core.paths import read_only_uri

_COLUMNS = "id, title, site, author, url, published, imported, language, word_count, highlight_count, is_read"


def _datetime(value) -> datetime:
    dt = datetime.fromisoformat(value) if isinstance(value, str) else datetime.now(timezone.utc)
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def peek(db_path: Path, *, limit: int = 200) -> tuple[int, list[ArticleSummary]] | None:
    """``(count, newest articles first)`` read straight from the file, or None."""
    if not Path(db_path).is_file():
        return None
    try:
        con = sqlite3.connect(read_only_uri(db_path), uri=True, timeout=1.0)
    except sqlite3.Error:
        return None
    try:
        count = con.execute("SELECT count(*) FROM article").fetchone()[0]
        rows = con.execute(f"SELECT {_COLUMNS} FROM article ORDER BY imported DESC, id DESC LIMIT ?",
                           (limit,)).fetchall()
        ids = [r[0] for r in rows]
        tags: dict[int, list[str]] = {}
        if ids:
            marks = ",".join("?" * len(ids))
            for aid, name in con.execute(
                    f"SELECT at.article_id, t.name FROM article_tag at JOIN tag t ON t.id = at.tag_id "
                    f"WHERE at.article_id IN ({marks}) ORDER BY t.name", ids):
                tags.setdefault(aid, []).append(name)
        summaries = [
            ArticleSummary(id=r[0], title=r[1], site=r[2], author=r[3], url=r[4],
                           published=date.fromisoformat(r[5]) if r[5] else None, imported=_datetime(r[6]),
                           language=r[7], word_count=r[8], tags=tuple(tags.get(r[0], ())), highlight_count=r[9],
                           is_read=bool(r[10]))
            for r in rows
        ]
        return count, summaries
    except (sqlite3.Error, ValueError):
        return None
    finally:
        con.close()
