"""SQLModel tables: the database is the truth; the search index is rebuilt from it.

Small and declarative on purpose. Every table change needs an Alembic migration in
``core/migrations/versions`` (a test compares the migrated schema with these models).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


class Article(SQLModel, table=True):
    """A cleaned article. ``text`` is the canonical text, ``blocks_json`` its typed blocks."""

    __tablename__ = "article"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(index=True)
    author: str | None = None
    site: str | None = Field(default=None, index=True)
    url: str | None = Field(default=None, index=True)
    published: date | None = Field(default=None, index=True)
    imported: datetime = Field(index=True)
    updated: datetime
    language: str | None = None
    word_count: int = 0
    kind: str = "text"
    content_hash: str = Field(index=True)
    text: str
    blocks_json: str
    note: str = ""
    is_read: bool = Field(default=False, index=True)
    read_position: int = 0
    highlight_count: int = Field(default=0, index=True)
    cleaner_version: int = 1
    source_path: str | None = None


class RawInput(SQLModel, table=True):
    """The bytes an article was made from and where they came from, kept for re-cleaning."""

    __tablename__ = "raw_input"

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", unique=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    raw_hash: str = Field(index=True)
    filename: str | None = None
    source_path: str | None = None
    encoding: str | None = None
    size: int = 0
    imported: datetime


class Tag(SQLModel, table=True):
    """A tag name as the user wrote it; ``key`` (its Unicode case fold) is unique, so «Оборона»
    and «оборона» are one tag (SQLite's NOCASE only folds ASCII)."""

    __tablename__ = "tag"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    key: str = Field(unique=True)


class ArticleTag(SQLModel, table=True):
    __tablename__ = "article_tag"

    article_id: int = Field(foreign_key="article.id", primary_key=True, ondelete="CASCADE")
    tag_id: int = Field(foreign_key="tag.id", primary_key=True, ondelete="CASCADE", index=True)


class Highlight(SQLModel, table=True):
    """A highlight: W3C-style position selector (start/end code points into the canonical text)
    and quote selector (exact, prefix, suffix). ``deleted`` set means soft-deleted (restorable);
    ``orphan`` means it could not be re-anchored and keeps only its quote and note."""

    __tablename__ = "highlight"

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", index=True)
    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""
    color: str = "yellow"
    note: str = ""
    orphan: bool = False
    created: datetime
    updated: datetime
    deleted: datetime | None = Field(default=None, index=True)


class HighlightTag(SQLModel, table=True):
    __tablename__ = "highlight_tag"

    highlight_id: int = Field(foreign_key="highlight.id", primary_key=True, ondelete="CASCADE")
    tag_id: int = Field(foreign_key="tag.id", primary_key=True, ondelete="CASCADE", index=True)


class ColorMeaning(SQLModel, table=True):
    """A palette colour and the meaning the user gave it ("contested claim")."""

    __tablename__ = "color_meaning"

    key: str = Field(primary_key=True)
    name: str
    hex: str
    position: int = 0


class IndexDebt(SQLModel, table=True):
    """What the search index still owes: written in the same transaction as the change."""

    __tablename__ = "index_debt"
    __table_args__ = (UniqueConstraint("kind", "target_id"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str  # "article" | "highlight"
    target_id: int


class Setting(SQLModel, table=True):
    """Small key/value settings that belong to the library (not to one machine)."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str = ""


DEFAULT_COLORS: tuple[tuple[str, str, str], ...] = (
    ("yellow", "key point", "#fde68a"),
    ("red", "contested claim", "#fca5a5"),
    ("green", "evidence", "#86efac"),
    ("blue", "definition", "#93c5fd"),
    ("purple", "question", "#d8b4fe"),
    ("orange", "to follow up", "#fdba74"),
)
