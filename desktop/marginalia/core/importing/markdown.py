"""Markdown notes -> :class:`CleanedArticle` (kind ``"markdown"``), parsed with markdown-it-py.

Headings keep their level, paragraphs stay paragraphs, anything inside a blockquote becomes a quote
block, list items become list items (ordered ones keep their number, ``"2. text"``), fenced and
indented code is preformatted, table rows become paragraphs with cells joined by ``" | "``. Inline
bold, italic, code and links (``http``, ``https`` and ``mailto`` only) become :class:`Run` spans whose
offsets refer to the *normalised* block text. YAML front matter gives title, author, date and URL;
otherwise the first ``#`` heading is the title and leaves the body.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from marginalia.core.blocks import (
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    PREFORMATTED,
    QUOTE,
    Block,
    Run,
    make_block,
    normalize_inline,
)
from marginalia.core.errors import BadInput
from marginalia.core.importing.article import CleanedArticle
from marginalia.core.importing.dates import find_date, parse_date

_FRONT_MATTER_RE = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
_LINK_SCHEMES = ("http", "https", "mailto")
_STYLE_OF = {"strong": "bold", "em": "italic", "link": "link"}


# -- front matter ------------------------------------------------------------------------------


def _scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return value.strip()


def parse_front_matter(text: str) -> tuple[dict[str, str | list[str]], str]:
    """Split simple YAML front matter (``key: value`` and ``- item`` lists) from the Markdown body."""
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return {}, text
    data: dict[str, str | list[str]] = {}
    key = None
    for line in match.group(1).splitlines():
        item = re.match(r"^\s+-\s+(.*)$|^-\s+(.*)$", line)
        if item and key is not None:
            value = data.get(key)
            items = value if isinstance(value, list) else []
            items.append(_scalar(item.group(1) or item.group(2)))
            data[key] = items
            continue
        pair = _KEY_RE.match(line)
        if not pair:
            continue
        key, value = pair.group(1).casefold(), pair.group(2).strip()
        if value.startswith("[") and value.endswith("]"):
            data[key] = [_scalar(v) for v in value[1:-1].split(",") if v.strip()]
        else:
            data[key] = _scalar(value)
    return data, text[match.end():]


def _first(data: dict, *keys: str) -> str | None:
    for key in keys:
        value = data.get(key)
        if isinstance(value, list):
            value = ", ".join(v for v in value if v)
        if value:
            return str(value)
    return None


# -- inline runs -------------------------------------------------------------------------------


@dataclass
class _Inline:
    """Raw text of one block with style spans over it, built from inline tokens."""

    raw: list[str] = field(default_factory=list)
    spans: list[tuple[int, int, str, str | None]] = field(default_factory=list)
    size: int = 0

    def add(self, text: str) -> None:
        self.raw.append(text)
        self.size += len(text)

    def feed(self, children: list[Token]) -> None:
        opened: list[tuple[str, int, str | None]] = []
        for tok in children:
            kind = tok.type
            if kind == "text":
                self.add(tok.content)
            elif kind in ("softbreak", "hardbreak"):
                self.add("\n")
            elif kind == "code_inline":
                start = self.size
                self.add(tok.content)
                self.spans.append((start, self.size, "code", None))
            elif kind == "html_inline":
                if re.match(r"<br\s*/?>", tok.content, re.I):
                    self.add("\n")
            elif kind.endswith("_open") and kind[:-5] in _STYLE_OF:
                href = None
                if kind == "link_open":
                    href = str(tok.attrGet("href") or "")
                    href = href if urlsplit(href).scheme.lower() in _LINK_SCHEMES else None
                opened.append((kind[:-5], self.size, href))
            elif kind.endswith("_close") and kind[:-6] in _STYLE_OF:
                name = kind[:-6]
                for i in range(len(opened) - 1, -1, -1):
                    if opened[i][0] == name:
                        _, start, href = opened.pop(i)
                        if name != "link" or href:
                            self.spans.append((start, self.size, _STYLE_OF[name], href))
                        break
            elif kind == "image":
                continue  # pictures are not part of the text
            elif tok.children:
                self.feed(tok.children)
            elif tok.content and not kind.endswith(("_open", "_close")):
                self.add(tok.content)

    def block(self, kind: str, *, level: int = 0, prefix: str = "") -> Block | None:
        raw = prefix + "".join(self.raw)
        shift = len(prefix)
        text, where = normalise_with_map(raw)
        runs: list[Run] = []
        for start, end, style, href in self.spans:
            a, b = where[start + shift], where[end + shift]
            while a < b and text[a] == " ":
                a += 1
            while b > a and text[b - 1] == " ":
                b -= 1
            if a < b:
                runs.append(Run(a, b, style, href))
        runs.sort(key=lambda r: (r.start, -r.end))
        return make_block(kind, text, level=level, runs=runs)


def normalise_with_map(raw: str) -> tuple[str, list[int]]:
    """:func:`normalize_inline` of ``raw`` and, for each raw offset 0..len, its normalised offset.

    A removed character maps to the position of the next character kept, so a span's edges stay
    inside the text.
    """
    out: list[str] = []
    where: list[int] = []
    pending_space = False
    for ch in raw:
        where.append(len(out) + (1 if pending_space and out and not ch.isspace() and ch != "\u00ad" else 0))
        if ch == "\u00ad":
            continue
        if ch.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            pending_space = False
        out.append(ch)
    where.append(len(out))
    text = "".join(out)
    where = [min(w, len(text)) for w in where]
    if text != normalize_inline(raw):  # a whitespace class we do not know: no runs rather than wrong ones
        text = normalize_inline(raw)
        where = [0] * (len(raw) + 1)
    return text, where


# -- blocks ------------------------------------------------------------------------------------


def _html_text(source: str) -> str:
    source = re.sub(r"<!--.*?-->", " ", source, flags=re.S)
    source = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", source, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", source))


def markdown_blocks(body: str) -> list[Block]:
    """The blocks of a Markdown body (no front matter), in document order."""
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    md.validateLink = lambda url: True  # keep every link's text; _Inline keeps only safe hrefs
    tokens = md.parse(body)
    blocks: list[Block] = []
    containers: list[str] = []
    heading_level = 0
    item_prefix: str | None = None
    row: _Inline | None = None
    for tok in tokens:
        kind = tok.type
        if kind in ("blockquote_open", "bullet_list_open", "ordered_list_open"):
            containers.append(kind.split("_")[0])
        elif kind in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
            if containers:
                containers.pop()
        elif kind == "list_item_open":
            item_prefix = f"{tok.info}{tok.markup} " if tok.info else ""
        elif kind == "heading_open":
            heading_level = int(tok.tag[1:] or 1)
        elif kind == "heading_close":
            heading_level = 0
        elif kind == "tr_open":
            row = _Inline()
        elif kind == "tr_close" and row is not None:
            blocks.append(row.block(PARAGRAPH) or Block(PARAGRAPH, "|"))
            row = None
        elif kind == "inline" and row is not None:
            if row.size:
                row.add(" | ")
            row.feed(tok.children or [])
        elif kind == "inline":
            inline = _Inline()
            inline.feed(tok.children or [])
            if "blockquote" in containers:
                block = inline.block(QUOTE)
            elif containers and containers[-1] in ("bullet", "ordered"):
                block = inline.block(LIST_ITEM, prefix=item_prefix or "")
                item_prefix = ""
            elif heading_level:
                block = inline.block(HEADING, level=heading_level)
            else:
                block = inline.block(PARAGRAPH)
            if block is not None:
                blocks.append(block)
        elif kind in ("fence", "code_block"):
            kind_of = QUOTE if "blockquote" in containers else PREFORMATTED
            block = make_block(kind_of, tok.content)
            if block is not None:
                blocks.append(block)
        elif kind == "html_block":
            block = make_block(QUOTE if "blockquote" in containers else PARAGRAPH, _html_text(tok.content))
            if block is not None:
                blocks.append(block)
    return [b for b in blocks if b.text != "|"]


def clean_markdown(text: str) -> CleanedArticle:
    """Clean a Markdown note into an article: front matter metadata, typed blocks with inline runs."""
    text = (text or "").lstrip("\ufeff")
    if not text.strip():
        raise BadInput("the Markdown file is empty")
    meta, body = parse_front_matter(text)
    blocks = markdown_blocks(body)
    title = _first(meta, "title") or ""
    if title:
        if blocks and blocks[0].kind == HEADING and normalize_inline(blocks[0].text).casefold() == \
                normalize_inline(title).casefold():
            blocks = blocks[1:]
    else:
        at = next((i for i, b in enumerate(blocks) if b.kind == HEADING and b.level == 1), None)
        if at is not None:
            title = blocks[at].text
            blocks = blocks[:at] + blocks[at + 1:]
    raw_date = _first(meta, "date", "published", "pubdate", "published_at", "created", "updated")
    published = (parse_date(raw_date) or find_date(raw_date)) if raw_date else None
    url = _first(meta, "url", "source", "link", "canonical", "original_url", "source_url")
    url = url if url and urlsplit(url).scheme in ("http", "https") else None
    host = urlsplit(url).hostname if url else None
    return CleanedArticle(
        title=title,
        blocks=blocks,
        kind="markdown",
        author=_first(meta, "author", "authors", "by"),
        published=published,
        site=(host[4:] if host and host.startswith("www.") else host),
        url=url,
        language=None,
    )
