"""Markdown export for note apps (Obsidian, Logseq, any CommonMark reader).

Layout, one section per article::

    # Article title

    Author · Title · Site · published 2025-11-25 · <https://…> · imported 2025-11-26

    > the quote, every line prefixed with ">"
    > second line of the quote

    The note, as the user wrote it (Markdown).

    Colour: contested claim · Tags: #cold-war #Україна · [Open in Marginalia](marginalia://article/3#highlight=17)

Quotes, titles and other plain text are escaped so that no character sequence inside them can
start a heading, list, table, link, HTML, emphasis, Obsidian tag/math/comment/highlight, or
leave the blockquote. Notes are Markdown and kept as written, except the few constructs that
would break the document's structure: ATX/setext headings, blockquote markers and HTML blocks
that only end at an explicit closing tag are escaped, and an unclosed code fence is closed.
The result is then parsed (markdown-it, CommonMark + tables); a note that would still leak
into what follows it is written as escaped plain text instead.
Tags become Obsidian tags: spaces and punctuation turn into ``-`` (``cold war`` ->
``#cold-war``), apostrophes are dropped, letters of any script are kept, a tag of digits only
gets a leading ``_`` (Obsidian ignores ``#1984``). Only http(s) URLs become links.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from markdown_it import MarkdownIt

from marginalia.core.export.model import ExportArticle, exportable
from marginalia.core.records import ArticleDetail, HighlightRecord

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")
_ENTITY_AMP = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_DOUBLED = re.compile(r"=(?==)|(?<==)=|%(?=%)|(?<=%)%")
_LINE_START = re.compile(r"^([-+=])")
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])")

_NOTE_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_NOTE_ATX = re.compile(r"^((?:[ \t]*(?:[-+*]|\d{1,9}[.)])(?=[ \t]))*[ \t]*)(?=#{1,6}(?:[ \t]|$))")
_NOTE_SETEXT = re.compile(r"^([ \t]*)(?=(?:=+|-+)[ \t]*$)")
_NOTE_QUOTE = re.compile(r"^( {0,3})(?=>)")
_NOTE_HTML = re.compile(r"^( {0,3})(?=<(?:(?:script|pre|style|textarea)(?:[\s>]|$)|[!?]))", re.IGNORECASE)

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_SENTINEL = "MARGINALIA-END-OF-NOTE"
_RISKY_IN_NOTE = re.compile(r"[#=\->`~<]")  # without these no heading, blockquote or open block can appear

_APOSTROPHES = re.compile(r"['’ʼ`]")
_TAG_BAD = re.compile(r"[^\w/-]")
_TAG_LONE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_AUTOLINK_UNSAFE = re.compile(r"[\x00-\x20\x7f<>]")


def to_markdown(items: Iterable[ExportArticle]) -> str:
    """The whole export as one Markdown document (``\\n`` line ends, ending with a newline)."""
    sections = [_article_section(item) for item in items]
    return "\n\n".join(sections) + "\n" if sections else ""


def escape_inline(text: str) -> str:
    """One line of plain text, safe anywhere in a Markdown paragraph or heading."""
    line = " ".join(_CONTROL.sub("", text).split())
    return _escape_line(line)


def obsidian_tag(tag: str) -> str | None:
    """``tag`` as an Obsidian ``#tag`` (without the ``#``), or None if nothing usable is left."""
    text = "".join(ch for ch in unicodedata.normalize("NFC", tag) if unicodedata.category(ch) != "Mn")
    text = _APOSTROPHES.sub("", text.strip())
    text = _TAG_BAD.sub("-", "-".join(text.split()))
    text = _TAG_LONE_UNDERSCORE.sub("-", text)
    text = re.sub(r"[-/]*/[-/]*", "/", re.sub(r"-{2,}", "-", text)).strip("-/")
    if not text:
        return None
    if not any(ch.isalpha() for ch in text):
        text = "_" + text
    return text


def highlight_link(highlight: HighlightRecord) -> str:
    """The app link that opens the article scrolled to this highlight."""
    return f"marginalia://article/{highlight.article_id}#highlight={highlight.id}"


def _article_section(item: ExportArticle) -> str:
    article = item.article
    parts = [f"# {escape_inline(article.title) or 'Untitled article'}", _citation_line(article)]
    parts.extend(_highlight_section(h) for h in exportable(item.highlights))
    return "\n\n".join(parts)


def _citation_line(article: ArticleDetail) -> str:
    bits = [escape_inline(v) for v in (article.author, article.title, article.site) if v and v.strip()]
    if article.published:
        bits.append(f"published {article.published.isoformat()}")
    if article.url and article.url.strip():
        bits.append(_url(article.url.strip()))
    bits.append(f"imported {article.imported.date().isoformat()}")
    return " · ".join(b for b in bits if b)


def _url(url: str) -> str:
    if re.match(r"(?i)^https?://[^\s/]", url):
        return "<" + _AUTOLINK_UNSAFE.sub(lambda m: "%{:02X}".format(ord(m.group())), url) + ">"
    return escape_inline(url)


def _highlight_section(highlight: HighlightRecord) -> str:
    parts = [_blockquote(highlight.quote)]
    note = _safe_note(highlight.note)
    if note:
        parts.append(note)
    parts.append(_meta_line(highlight))
    return "\n\n".join(parts)


def _blockquote(quote: str) -> str:
    lines: list[str] = []
    for raw in _CONTROL.sub("", quote).splitlines():
        line = raw.strip()
        if line or (lines and lines[-1]):
            lines.append(_escape_line(line))
    while lines and not lines[-1]:
        lines.pop()
    if not lines:
        lines = ["(empty quote)"]
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def _escape_line(line: str) -> str:
    """Escape one stripped line of plain text (no newlines) for Markdown."""
    line = _INLINE_SPECIAL.sub(r"\\\1", line)
    line = _ENTITY_AMP.sub(r"\\&", line)
    line = _DOUBLED.sub(lambda m: "\\" + m.group(), line)
    line = _LINE_START.sub(r"\\\1", line)
    return _ORDERED_MARKER.sub(r"\1\\\2", line)


def _safe_note(note: str) -> str:
    """The user's Markdown note, unable to break the document's structure.

    Block starts that would add a heading or a blockquote or swallow what follows are
    neutralised and an unclosed fence is closed; if a CommonMark parse still shows the note
    leaking (anything after it not parsed as a fresh paragraph, or a heading or blockquote
    in it), the note is written as escaped plain text instead.
    """
    text = _CONTROL.sub("", (note or "").replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.rstrip().split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return ""
    out: list[str] = []
    fence: tuple[str, str] | None = None  # (indent, marker) of an open code fence
    for line in lines:
        if fence is not None:
            out.append(line)
            if re.match(rf"^ {{0,3}}{re.escape(fence[1][0])}{{{len(fence[1])},}}[ \t]*$", line):
                fence = None
            continue
        opening = _NOTE_FENCE.match(line)
        if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            fence = (line[: len(line) - len(line.lstrip(" "))], opening.group(1))
            out.append(line)
            continue
        for pattern in (_NOTE_ATX, _NOTE_SETEXT, _NOTE_QUOTE, _NOTE_HTML):
            line = pattern.sub(r"\1\\", line, count=1)
        out.append(line)
    if fence is not None:
        out.append(fence[0] + fence[1])
    safe = "\n".join(out)
    if not _RISKY_IN_NOTE.search(safe) or _stays_contained(safe):
        return safe
    plain = [_escape_line(line.strip()) for line in lines]
    return "\n".join(plain)


def _stays_contained(note: str) -> bool:
    """True when ``note`` parses without headings or blockquotes and ends where it should."""
    tokens = _PARSER.parse(f"{note}\n\n{_SENTINEL}")
    if any(t.type in ("heading_open", "blockquote_open") for t in tokens):
        return False
    tail = tokens[-3:]
    return (
        len(tail) == 3
        and tail[0].type == "paragraph_open"
        and tail[0].level == 0
        and tail[1].content == _SENTINEL
    )


def _meta_line(highlight: HighlightRecord) -> str:
    bits: list[str] = []
    meaning = (highlight.color_name or highlight.color or "").strip()
    if meaning:
        bits.append(f"Colour: {escape_inline(meaning)}")
    tags = []
    for tag in highlight.tags:
        cleaned = obsidian_tag(tag)
        if cleaned and cleaned not in tags:
            tags.append(cleaned)
    if tags:
        bits.append("Tags: " + " ".join(f"#{t}" for t in tags))
    if highlight.orphan:
        bits.append("Orphaned: its place in the article was lost after re-cleaning")
    bits.append(f"[Open in Marginalia]({highlight_link(highlight)})")
    return " · ".join(bits)
