"""What a cleaner produces: a :class:`CleanedArticle`, plain data that crosses process borders."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from marginalia.core.blocks import Block, canonical_text, word_count


@dataclass
class CleanedArticle:
    """A cleaned article before storage. ``blocks`` is the body only (no title block).

    ``kind`` is the source format: ``"html"``, ``"text"`` or ``"markdown"``.
    """

    title: str
    blocks: list[Block]
    kind: str
    author: str | None = None
    published: date | None = None
    site: str | None = None
    url: str | None = None
    language: str | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return canonical_text(self.blocks)

    @property
    def word_count(self) -> int:
        return word_count(self.text)

    @property
    def content_hash(self) -> str:
        return content_hash(self.title, self.text)


def content_hash(title: str, text: str) -> str:
    """Identity of an article's content: the same words in the same order give the same hash.

    Case and whitespace differences do not count, so re-saving a page or re-typing line breaks
    does not create a second copy.
    """
    norm = " ".join(text.casefold().split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()
