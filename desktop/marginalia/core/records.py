"""Plain read models returned by :class:`marginalia.core.library.Library`.

They are frozen dataclasses, detached from any database session, safe to hold in a widget or
send across threads.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from marginalia.core.blocks import Block


@dataclass(frozen=True)
class ArticleSummary:
    id: int
    title: str
    site: str | None
    author: str | None
    url: str | None
    published: date | None
    imported: datetime
    language: str | None
    word_count: int
    tags: tuple[str, ...]
    highlight_count: int
    is_read: bool

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "site": self.site,
            "author": self.author,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "word_count": self.word_count,
            "tags": list(self.tags),
            "highlight_count": self.highlight_count,
        }


@dataclass(frozen=True)
class ArticleDetail(ArticleSummary):
    text: str = ""
    blocks: tuple[Block, ...] = ()
    note: str = ""
    content_hash: str = ""
    kind: str = ""
    source_path: str | None = None
    read_position: int = 0

    def to_json(self) -> dict:
        data = super().to_json()
        data.update(
            imported=self.imported.isoformat(timespec="seconds"),
            is_read=self.is_read,
            note=self.note,
            content_hash=self.content_hash,
            kind=self.kind,
            source_path=self.source_path,
            text=self.text,
            blocks=[b.to_json() for b in self.blocks],
        )
        return data


@dataclass(frozen=True)
class HighlightRecord:
    """A highlight with its selectors. ``start``/``end`` are code-point offsets into the article's
    canonical text (meaningless while ``orphan`` is true); ``quote`` is the exact text."""

    id: int
    article_id: int
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    color: str
    color_name: str
    note: str
    tags: tuple[str, ...]
    orphan: bool
    created: datetime
    updated: datetime
    deleted: datetime | None = None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "color": self.color,
            "color_name": self.color_name,
            "note": self.note,
            "tags": list(self.tags),
            "orphan": self.orphan,
            "created": self.created.isoformat(timespec="seconds"),
            "updated": self.updated.isoformat(timespec="seconds"),
            "deleted": self.deleted.isoformat(timespec="seconds") if self.deleted else None,
        }


@dataclass(frozen=True)
class ColorMeaning:
    """One colour of the palette: a stable key (``yellow``), a user-editable name, an RGB hex."""

    key: str
    name: str
    hex: str
    position: int


@dataclass(frozen=True)
class ImportResult:
    path: str
    status: str  # "imported" | "duplicate" | "failed"
    article_id: int | None = None
    reason: str | None = None
    title: str | None = None

    def to_json(self) -> dict:
        return {"path": self.path, "status": self.status, "article_id": self.article_id, "reason": self.reason}


@dataclass
class ImportReport:
    results: list[ImportResult] = field(default_factory=list)
    cancelled: bool = False

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def to_json(self) -> dict:
        return {
            "results": [r.to_json() for r in self.results],
            "imported": self.count("imported"),
            "duplicates": self.count("duplicate"),
            "failed": self.count("failed"),
        }


def as_dict(record) -> dict:
    return asdict(record)
