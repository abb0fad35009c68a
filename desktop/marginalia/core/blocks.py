"""Typed blocks of an article body and the canonical text built from them.

An article's cleaned body is a list of :class:`Block` (heading, paragraph, quote, list item,
preformatted) with simple inline :class:`Run` spans (bold, italic, link, code). The *canonical
text* is the blocks' text joined by :data:`SEPARATOR`; offsets into it (in code points) are what
highlights, the index and exports use. Keep this module free of any I/O: it is the contract
between the cleaners, storage, anchoring and the reader.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

SEPARATOR = "\n\n"

HEADING = "heading"
PARAGRAPH = "paragraph"
QUOTE = "quote"
LIST_ITEM = "list_item"
PREFORMATTED = "preformatted"
BLOCK_KINDS = (HEADING, PARAGRAPH, QUOTE, LIST_ITEM, PREFORMATTED)

RUN_STYLES = ("bold", "italic", "link", "code")

_SPACE_RE = re.compile(r"\s+")
_BLANK_LINES_RE = re.compile(r"\n\s*\n+")


@dataclass(frozen=True)
class Run:
    """An inline style over ``text[start:end]`` of one block (offsets relative to the block)."""

    start: int
    end: int
    style: str
    href: str | None = None


@dataclass(frozen=True)
class Block:
    """One block of an article body. ``level`` is 1-6 for headings, 0 otherwise."""

    kind: str
    text: str
    level: int = 0
    runs: tuple[Run, ...] = field(default_factory=tuple)

    def to_json(self) -> dict:
        data: dict = {"kind": self.kind, "text": self.text}
        if self.level:
            data["level"] = self.level
        if self.runs:
            data["runs"] = [
                {k: v for k, v in (("start", r.start), ("end", r.end), ("style", r.style), ("href", r.href)) if v is not None}
                for r in self.runs
            ]
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Block":
        runs = tuple(
            Run(int(r["start"]), int(r["end"]), str(r["style"]), r.get("href")) for r in data.get("runs", ())
        )
        return cls(kind=data["kind"], text=data["text"], level=int(data.get("level", 0)), runs=runs)


def normalize_inline(text: str) -> str:
    """Collapse all whitespace (including newlines and NBSP) to single spaces and strip."""
    return _SPACE_RE.sub(" ", text.replace("\u00ad", "")).strip()


def normalize_pre(text: str) -> str:
    """Keep line breaks of preformatted text but never an empty line (the separator's shape)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return _BLANK_LINES_RE.sub("\n", text)


def make_block(kind: str, text: str, *, level: int = 0, runs: Sequence[Run] = ()) -> Block | None:
    """Build a block with normalised text, or None when nothing visible is left.

    Runs given here must already refer to the normalised text.
    """
    if kind not in BLOCK_KINDS:
        raise ValueError(f"unknown block kind {kind!r}")
    clean = normalize_pre(text) if kind == PREFORMATTED else normalize_inline(text)
    if not clean.strip():
        return None
    return Block(kind=kind, text=clean, level=level if kind == HEADING else 0, runs=tuple(runs))


def canonical_text(blocks: Iterable[Block]) -> str:
    """The canonical text: block texts joined by :data:`SEPARATOR`."""
    return SEPARATOR.join(b.text for b in blocks)


def block_starts(blocks: Sequence[Block]) -> list[int]:
    """Offset in the canonical text at which each block begins."""
    starts, pos = [], 0
    for b in blocks:
        starts.append(pos)
        pos += len(b.text) + len(SEPARATOR)
    return starts


def blocks_to_json(blocks: Iterable[Block]) -> str:
    return json.dumps([b.to_json() for b in blocks], ensure_ascii=False, separators=(",", ":"))


def blocks_from_json(data: str) -> list[Block]:
    return [Block.from_json(d) for d in json.loads(data or "[]")]


_WORD_RE = re.compile(r"\w+(?:['’ʼ-]\w+)*", re.UNICODE)


def word_count(text: str) -> int:
    return sum(1 for _ in _WORD_RE.finditer(text))
