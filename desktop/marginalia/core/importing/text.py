"""Plain text and page dumps -> :class:`CleanedArticle` (kind ``"text"``).

The text is split into blocks (blank-line separated paragraphs; one block per line when the text
has no hard wrapping; list items; ``>`` quotes), a ``date YYYY-MM-DD <title>`` first line or a
headline-like first line gives the title, byline lines (dates, ``Автор:``, ``By ...``, ``Джерело:
https://...``) give the metadata and leave the body, and :func:`strip_boilerplate` removes the page
around the article. Short unpunctuated lines between paragraphs become level-2 headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from marginalia.core.blocks import HEADING, LIST_ITEM, PARAGRAPH, QUOTE, Block, make_block, word_count
from marginalia.core.errors import BadInput
from marginalia.core.importing.article import CleanedArticle
from marginalia.core.importing.boilerplate import junk_kind, strip_boilerplate
from marginalia.core.importing.dates import AUTHOR_ALONE_RE, AUTHOR_RE, parse_date, person_name, read_byline

_DATE_HEADER_RE = re.compile(
    r"^\s*date\s+(\d{4}-\d{2}-\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?\s+(.+?)\s*$", re.IGNORECASE
)
_BLANK_RE = re.compile(r"^[\s\u00a0\u200b\u200c\u200d\u2060\ufeff]*$")
_BULLET_RE = re.compile(r"^\s*(?:[-•*▪●◦]\s+(?P<text>.+)|(?P<num>\d{1,3})[.)]\s+(?P<ntext>.+))$")
_QUOTE_RE = re.compile(r"^\s*>\s?(?P<text>.*)$")
_TERMINAL_RE = re.compile(r"[.!?…][\"'»”’)\]]*$")
_SOURCE_RE = re.compile(
    r"^(?:джерело|источник|source|оригінал|оригинал|original|url|посилання|ссылка|link|адреса|адрес|"
    r"(?:first|originally) published (?:at|on|in))\s*[:：\-—–]?\s*(?P<url>https?://\S+)\s*$",
    re.IGNORECASE,
)
_BARE_URL_RE = re.compile(r"^\s*(?P<url>https?://\S+)\s*$")
_DATE_PREFIX_RE = re.compile(
    r"^\s*(?:опубліковано|опубликовано|published(?: on)?|posted(?: on)?|дата(?: публікації| публикации)?|date)"
    r"\s*[:\-—–]?\s*",
    re.IGNORECASE,
)


@dataclass
class _Meta:
    """What the byline lines said."""

    author: str | None = None
    published: date | None = None
    updated: date | None = None
    url: str | None = None
    used: set[int] = field(default_factory=set)


# -- splitting ---------------------------------------------------------------------------------


def _prepare(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return text.lstrip("\ufeff\u200b")


def _is_blank(line: str) -> bool:
    return bool(_BLANK_RE.match(line))


def _wrap_width(lines: list[str]) -> int | None:
    """The column at which the text is hard-wrapped, or None when lines are whole paragraphs."""
    inner = [len(a.strip()) for a, b in zip(lines, lines[1:]) if not _is_blank(a) and not _is_blank(b)]
    lengths = sorted(len(line.strip()) for line in lines if not _is_blank(line))
    if len(inner) < 4 or not lengths:
        return None
    width = lengths[int(0.95 * (len(lengths) - 1))]
    if width > 110 or width < 50:
        return None
    full = sum(n >= 0.6 * width for n in inner)
    open_ends = sum(
        not _TERMINAL_RE.search(a.strip())
        for a, b in zip(lines, lines[1:])
        if not _is_blank(a) and not _is_blank(b)
    )
    return width if full >= 0.6 * len(inner) and open_ends >= 0.5 * len(inner) else None


def _joins(prev: str, line: str, width: int | None) -> bool:
    prev, line = prev.rstrip(), line.strip()
    if width is not None:
        return len(prev) >= 0.6 * width
    first = line[:1]
    return first.isalpha() and first.islower() and not re.search(r"[.!?…:;]$", prev)


def split_blocks(text: str) -> list[Block]:
    """Blocks of a plain text: paragraphs, list items, ``>`` quotes, one per line unless wrapped."""
    lines = text.split("\n")
    width = _wrap_width(lines)
    pieces: list[tuple[str, list[str]]] = []
    previous_blank = True
    for line in lines:
        if _is_blank(line):
            previous_blank = True
            continue
        bullet, quote = _BULLET_RE.match(line), _QUOTE_RE.match(line)
        if bullet:
            body = bullet["text"] or f"{bullet['num']}. {bullet['ntext']}"
            pieces.append((LIST_ITEM, [body]))
        elif quote:
            if pieces and pieces[-1][0] == QUOTE and not previous_blank:
                pieces[-1][1].append(quote["text"])
            else:
                pieces.append((QUOTE, [quote["text"]]))
        elif pieces and not previous_blank and _joins(pieces[-1][1][-1], line, width):
            pieces[-1][1].append(line)
        else:
            pieces.append((PARAGRAPH, [line]))
        previous_blank = False
    blocks = []
    for kind, parts in pieces:
        block = make_block(kind, " ".join(part.strip() for part in parts))
        if block is not None:
            blocks.append(block)
    return blocks


# -- byline ------------------------------------------------------------------------------------


def _byline(text: str) -> dict | None:
    """Read a line that is only metadata: a date, an author, a source URL. None for anything else."""
    source = _SOURCE_RE.match(text.strip())
    if source:
        return {"url": source["url"]}
    return read_byline(text)


def _read_meta(blocks: list[Block], header_end: int, title_at: int | None) -> _Meta:
    """Read the byline lines: dates and authors near the headline, source lines anywhere."""
    meta = _Meta()
    for i, block in enumerate(blocks):
        in_header = i < header_end
        found = _byline(block.text)
        if found is None:
            if AUTHOR_ALONE_RE.match(block.text) and i + 1 < len(blocks):
                name = person_name(blocks[i + 1].text)
                if name and meta.author is None:
                    meta.author = name
                    meta.used.update((i, i + 1))
            elif i < 3 and meta.url is None and _BARE_URL_RE.match(block.text):
                meta.url = _BARE_URL_RE.match(block.text)["url"]
                meta.used.add(i)
            continue
        if i == title_at:
            continue
        explicit_date = bool(_DATE_PREFIX_RE.match(block.text))
        is_date = "date" in found or "updated" in found
        if is_date and not (in_header or explicit_date):
            continue  # a date far from the byline: leave it to the boilerplate filter
        if "author" in found and not in_header and not AUTHOR_RE.match(block.text):
            continue
        meta.used.add(i)
        meta.author = meta.author or found.get("author")
        meta.url = meta.url or found.get("url")
        meta.published = meta.published or found.get("date")
        meta.updated = meta.updated or found.get("updated")
    if meta.author is None:
        # A bare name right next to the byline date: "Jane Roe" / "Nov 20, 2026".
        for i in sorted(meta.used):
            for j in (i - 1, i + 1):
                if 0 <= j < min(header_end, len(blocks)) and j not in meta.used and j != title_at:
                    name = person_name(blocks[j].text)
                    if name and 2 <= word_count(name) <= 4 and name == blocks[j].text.strip():
                        meta.author = name
                        meta.used.add(j)
                        return meta
    return meta


# -- title and headings ------------------------------------------------------------------------


def _menu_runs(blocks: list[Block]) -> set[int]:
    """Indexes of runs of three or more very short unpunctuated lines (a site menu)."""
    short = [word_count(b.text) <= 3 and not re.search(r"[.!?…:,]$", b.text) for b in blocks]
    found: set[int] = set()
    start = 0
    for i in range(len(short) + 1):
        if i == len(short) or not short[i]:
            if i - start >= 3:
                found.update(range(start, i))
            start = i + 1
    return found


def _headline_like(text: str, *, more_than: int = 0) -> bool:
    n = word_count(text)
    return (
        more_than < n <= 30
        and len(text) <= 250
        and not re.search(r"[.,;:]$", text)
        and not text[:1].islower()
        and junk_kind(text) is None
        and _byline(text) is None
    )


def _is_meta_or_junk(text: str) -> bool:
    return junk_kind(text) is not None or _byline(text) is not None or bool(AUTHOR_ALONE_RE.match(text))


def _first_paragraph(blocks: list[Block]) -> int | None:
    """Where the article's prose starts: the first real paragraph of the page."""
    for i, block in enumerate(blocks[:80]):
        n = word_count(block.text)
        if block.kind != PARAGRAPH or _is_meta_or_junk(block.text):
            continue
        if (_TERMINAL_RE.search(block.text) and n >= 8) or n >= 20:
            return i
    return None


_ACRONYMS = frozenset(("ai", "eu", "un", "usa", "uk", "сша", "ес", "єс", "оон", "нато"))


def _menu_like(text: str) -> bool:
    """Three or more capitalised words, no punctuation, no small words: "Home About Archive"."""
    words = re.findall(r"[^\W\d_]+", text)
    return (
        len(words) >= 3
        and all(w[:1].isupper() for w in words)
        and not re.search(r"[,.:;!?\"«»“”]", text)
        and not any(len(w) <= 3 and w.casefold() not in _ACRONYMS for w in words)
    )


def _title_above(blocks: list[Block], anchor: int) -> int | None:
    """The headline just above the first paragraph, past bylines, credits, deks and kickers.

    Going up from the paragraph, lines that are metadata or junk are passed over until the first
    headline-like line; the title is the topmost of the headline-like lines standing together there
    (a dek sits below its headline), stopping at a menu, junk or prose.
    """
    menu = _menu_runs(blocks[:anchor])
    found: list[int] = []
    looked = 0
    for i in range(anchor - 1, max(-1, anchor - 40), -1):
        text = blocks[i].text
        n = word_count(text)
        if not found and _is_meta_or_junk(text):
            continue  # share buttons, bylines, credits between the headline and the text
        looked += 1
        if looked > 12:
            break
        candidate = blocks[i].kind == PARAGRAPH and n >= 4 and _headline_like(text)
        if found and not candidate and (n > 3 or _is_meta_or_junk(text)):
            break  # the group of headline lines ends here
        if found and _menu_like(text):
            break
        if i in menu or (_TERMINAL_RE.search(text) and n >= 4 and not _is_meta_or_junk(text)):
            break
        if candidate:
            found.append(i)
    found.reverse()  # top to bottom
    if len(found) >= 2 and word_count(blocks[found[0]].text) <= 4 < word_count(blocks[found[1]].text):
        found = found[1:]  # a section label (kicker) above the headline
    return found[0] if found else None


def _find_title(blocks: list[Block]) -> int | None:
    """Index of the headline: above the first paragraph, else the first headline-like line."""
    anchor = _first_paragraph(blocks)
    if anchor is not None:
        found = _title_above(blocks, anchor)
        if found is not None:
            return found
    return _title_from_top(blocks)


def _title_from_top(blocks: list[Block]) -> int | None:
    """Index of the first short line that looks like a headline, before any long paragraph."""
    menu = _menu_runs(blocks[:14])
    for i, block in enumerate(blocks[:12]):
        text = block.text
        n = word_count(text)
        if len(text) > 250 or n > 35:
            return None
        if i in menu:
            continue
        if block.kind != PARAGRAPH or _byline(text) is not None or AUTHOR_ALONE_RE.match(text):
            continue
        if junk_kind(text) is not None or n < 1 or text[:1].islower():
            continue
        if text.endswith((",", ";", ":")):
            continue
        if text.endswith("."):
            return None  # the text starts with prose, not with a headline
        if n <= 3 and i + 1 < len(blocks) and _headline_like(blocks[i + 1].text, more_than=n):
            continue  # a section label (kicker) above the real headline
        return i
    return None


def _heading_like(text: str) -> bool:
    n = word_count(text)
    return (
        1 <= n <= 16
        and len(text) <= 120
        and not re.search(r"[.,;:!?…]$", text)
        and not text[:1].islower()
        and not re.search(r"[.!?]\s", text)
    )


def _is_prose(block: Block) -> bool:
    return block.kind in (PARAGRAPH, QUOTE, LIST_ITEM) and (
        bool(_TERMINAL_RE.search(block.text)) or word_count(block.text) >= 20
    )


def mark_headings(blocks: list[Block]) -> list[Block]:
    """Turn short unpunctuated paragraphs standing between paragraphs into level-2 headings."""
    out = list(blocks)
    for i in range(1, len(out) - 1):
        block = out[i]
        if block.kind != PARAGRAPH or not _heading_like(block.text):
            continue
        following = out[i + 1]
        if out[i - 1].kind != HEADING and _is_prose(out[i - 1]) and (
            following.kind == LIST_ITEM or following.kind == PARAGRAPH and _is_prose(following)
        ):
            out[i] = Block(HEADING, block.text, level=2)
    return out


# -- the cleaner -------------------------------------------------------------------------------


def _site(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host or None


def clean_text(text: str) -> CleanedArticle:
    """Clean a plain text or a page dump into an article (title, body blocks, byline metadata)."""
    text = _prepare(text or "")
    if _is_blank(text.replace("\n", " ")):
        raise BadInput("the text is empty")
    lines = text.split("\n")
    title, published = "", None
    first = next(i for i, line in enumerate(lines) if not _is_blank(line))
    header = _DATE_HEADER_RE.match(lines[first].lstrip("\ufeff"))
    if header:
        title = " ".join(header[2].split())
        published = parse_date(header[1])
        del lines[first]
    blocks = split_blocks("\n".join(lines))
    title_at = None if title else _find_title(blocks)
    long_at = next((i for i, b in enumerate(blocks) if word_count(b.text) >= 25), len(blocks))
    header_end = max(min(long_at, (title_at or 0) + 6), (title_at or -1) + 3)
    meta = _read_meta(blocks, header_end, title_at)
    if title_at is not None and title_at not in meta.used:
        title = blocks[title_at].text
        # What stands above the headline is the site's menu or a kicker, unless it reads as prose.
        meta.used.update(i for i in range(title_at + 1) if i == title_at or not _is_prose(blocks[i]))
    author_key = (meta.author or "").casefold()
    body = [b for i, b in enumerate(blocks) if i not in meta.used and b.text.casefold() != author_key]
    warnings: list[str] = []
    stripped = strip_boilerplate(body, title=title or None)
    if body and not stripped:
        stripped = body
        warnings.append("could not tell the article from the page around it; kept all the text")
    if not stripped and title:
        stripped = [Block(PARAGRAPH, title)]
    return CleanedArticle(
        title=title,
        blocks=mark_headings(stripped),
        kind="text",
        author=meta.author,
        published=published or meta.published or meta.updated,
        site=_site(meta.url),
        url=meta.url,
        language=None,
        warnings=warnings,
    )
