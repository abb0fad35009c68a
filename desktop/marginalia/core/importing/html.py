"""The HTML cleaner: a saved web page (already decoded to ``str``) -> :class:`CleanedArticle`.

Steps: parse safely and read the page metadata (:mod:`.sanitize`, :mod:`.metadata`); remove
everything active or invisible; drop obvious page chrome (navigation, share bars, related
feeds, comment widgets); let readability-lxml pick the main content (falling back to
``<article>``/``<main>``/``<body>``); walk that tree into typed :class:`Block` s with inline
runs; drop a first heading that repeats the title; hand the blocks to the boilerplate filter.

Only blocks leave this module, so no script, style, form, frame or attribute of the page can
reach storage. Links keep their address only when it is ``http``, ``https`` or ``mailto``.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement
from readability.readability import REGEXES, Document

from marginalia.core.blocks import (
    HEADING, LIST_ITEM, PARAGRAPH, PREFORMATTED, QUOTE, Block, Run, make_block, normalize_inline,
)
from marginalia.core.errors import BadInput
from marginalia.core.importing.article import CleanedArticle
from marginalia.core.importing.metadata import extract_metadata
from marginalia.core.importing.sanitize import base_url_of, drop_page_chrome, parse_page, safe_href, sanitize_tree

logging.getLogger("readability").addHandler(logging.NullHandler())

MIN_READABLE_CHARS = 80
"""A readability result shorter than this is "almost nothing": use the page's container."""

MAX_SCORED_ELEMENTS = 250_000
"""Pages with more paragraphs and cells than this skip readability (its scoring is slow)."""


_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p "
    "pre section summary table tbody td tfoot th thead tr ul".split()
)
# Inside a table cell, these make the table a layout table rather than a table of data.
_LAYOUT_TAGS = frozenset(
    "address article aside blockquote dl dd dt fieldset figure footer form h1 h2 h3 h4 h5 h6 header "
    "li main menu nav ol p pre section table ul".split()
)
_SKIP_TAGS = frozenset(
    "head title script style noscript template svg math img picture video audio canvas iframe object "
    "embed applet button select textarea input option meta link base wbr area map source track".split()
)
_STYLE_OF_TAG = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic",
                 "code": "code", "kbd": "code", "samp": "code", "tt": "code"}
_MEDIA_XPATH = ".//img | .//picture | .//video | .//audio | .//iframe | .//svg | .//object | .//embed"
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACE_RE = re.compile(r"\s+")
_TITLE_SEPARATORS = (" | ", " — ", " – ", " - ", " :: ", " / ", " » ")


def clean_html(html: str, *, source_url: str | None = None) -> CleanedArticle:
    """Clean one saved page. Raises :class:`BadInput` with a one-line reason when it cannot."""
    try:
        return _clean(html, source_url)
    except BadInput:
        raise
    except RecursionError as err:
        raise BadInput("the page is too deeply nested to read") from err
    except MemoryError as err:
        raise BadInput("the page is too large to read") from err
    except (etree.LxmlError, ValueError, TypeError, AttributeError) as err:
        reason = " ".join(str(err).split())[:120] or type(err).__name__
        raise BadInput(f"the page could not be cleaned ({reason})") from err


def _clean(html: str, source_url: str | None) -> CleanedArticle:
    parsed = parse_page(html)
    root = parsed.root
    warnings = list(parsed.warnings)
    meta = extract_metadata(root, source_url=source_url)
    base_url = base_url_of(root, meta.url or source_url)
    sanitize_tree(root)
    drop_page_chrome(root)
    content = main_content(root, warnings)
    blocks = blocks_from_tree(content, base_url=base_url)
    if not blocks:
        fallback = _fallback_container(root)
        if fallback is not content:
            blocks = blocks_from_tree(fallback, base_url=base_url)
    title = confirm_title(meta.title or "", blocks)
    blocks = drop_title_heading(blocks, title)
    from marginalia.core.importing.boilerplate import strip_boilerplate

    blocks = strip_boilerplate(blocks, title=title)
    if not blocks:
        raise BadInput("no readable text")
    return CleanedArticle(
        title=title, blocks=blocks, kind="html", author=meta.author, published=meta.published,
        site=meta.site, url=meta.url or source_url, language=None, warnings=warnings,
    )


# -- choosing the content -----------------------------------------------------------------------


def main_content(root: HtmlElement, warnings: list[str]) -> HtmlElement:
    """readability-lxml's choice of the main content, or the page's own container."""
    if sum(1 for _ in root.iter("p", "td", "pre", "blockquote")) > MAX_SCORED_ELEMENTS:
        warnings.append("the page is very large; main content detection was skipped")
        return _fallback_container(root)
    try:
        reader = _Reader(root)
        reader.summary(html_partial=True)
        found = reader.result
    except Exception as err:  # readability wraps every failure; any of them means "use fallback"
        warnings.append(f"main content detection failed ({type(err).__name__}); used the whole page")
        return _fallback_container(root)
    if found is None or len(normalize_inline(found.text_content())) < MIN_READABLE_CHARS:
        fallback = _fallback_container(root)
        if found is None or len(normalize_inline(fallback.text_content())) >= MIN_READABLE_CHARS:
            warnings.append("main content detection found almost nothing; used the whole page")
            return fallback
    return _prose_cluster(root, found) if found is not None else found


def _prose_cluster(root: HtmlElement, found: HtmlElement) -> HtmlElement:
    """Correct readability when it kept one or two paragraphs of an article whose paragraphs are
    each wrapped in their own containers (it only looks one and two levels up).

    The page's prose paragraphs are summed up their ancestors; the deepest element holding 70%
    of the prose replaces ``found`` when ``found`` has under a third of it, and most of that
    element's prose is wrapped the same way as the paragraph readability chose.
    """
    found_prose = _prose_elements(found)
    if not found_prose or len(found_prose) > 2:
        return found
    page_prose = _prose_elements(root)
    page_len = sum(n for _, n in page_prose)
    if page_len < 600 or sum(n for _, n in found_prose) * 3 > page_len:
        return found
    totals: dict[HtmlElement, int] = {}
    for el, n in page_prose:
        for anc in el.iterancestors():
            totals[anc] = totals.get(anc, 0) + n
    cluster = min((e for e, n in totals.items() if n >= 0.7 * page_len), key=totals.get, default=None)
    probe = normalize_inline(found_prose[0][0].text_content())[:80]
    chosen = next((el for el, _ in page_prose if normalize_inline(el.text_content()).startswith(probe)), None)
    if cluster is None or cluster.tag == "html" or chosen is None or cluster not in set(chosen.iterancestors()):
        return found
    shape = _wrapping(chosen, cluster)
    alike = sum(n for el, n in page_prose if cluster in set(el.iterancestors()) and _wrapping(el, cluster) == shape)
    return cluster if alike >= 0.6 * totals[cluster] else found


def _wrapping(el: HtmlElement, container: HtmlElement) -> tuple[tuple[str, str], ...]:
    """Tags and classes of the elements between ``container`` and ``el`` (``el`` included)."""
    chain = []
    while el is not None and el is not container:
        chain.append((el.tag, el.get("class", "")))
        el = el.getparent()
    return tuple(chain)


def _prose_elements(root: HtmlElement) -> list[tuple[HtmlElement, int]]:
    """Paragraphs of running text (80+ characters, few of them links) with their lengths."""
    prose = []
    for el in root.iter("p", "div"):
        if el.tag == "div" and any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el):
            continue
        n = len(normalize_inline(el.text_content()))
        if n >= 80 and sum(len(a.text_content()) for a in el.iter("a")) < 0.3 * n:
            prose.append((el, n))
    return prose


def _fallback_container(root: HtmlElement) -> HtmlElement:
    for xpath in ("//*[@itemprop='articleBody']", "//article", "//main", "//body"):
        found = root.xpath(xpath)
        if len(found) == 1 or (found and xpath == "//body"):
            return found[0]
    return root


class _Reader(Document):
    """readability's Document working on our sanitised tree (a fresh copy for each of its
    passes) and keeping the resulting tree rather than only a re-serialised string."""

    result: HtmlElement | None = None

    def __init__(self, root: HtmlElement) -> None:
        super().__init__(root, min_text_length=25, retry_length=250)

    def _parse(self, input):  # noqa: A002 - readability's own signature
        return copy.deepcopy(input)

    def remove_unlikely_candidates(self) -> None:
        """readability's own rule, visiting only elements that have a class or an id (the
        original walks every element of the page in Python, the slowest part on big pages)."""
        unlikely, maybe = REGEXES["unlikelyCandidatesRe"], REGEXES["okMaybeItsACandidateRe"]
        for elem in self.html.xpath("//*[@class or @id]"):
            s = "{} {}".format(elem.get("class", ""), elem.get("id", ""))
            if (
                len(s) >= 2
                and unlikely.search(s)
                and not maybe.search(s)
                and elem.tag not in ("html", "body")
                and not elem.xpath("ancestor-or-self::pre | ancestor-or-self::code")
                and not elem.xpath("descendant-or-self::main | descendant-or-self::article | descendant-or-self::math")
            ):
                elem.drop_tree()

    def get_clean_html(self) -> str:
        self.result = self.html
        return etree.tostring(self.html, method="html", encoding="unicode")


# -- walking the tree into blocks ---------------------------------------------------------------


@dataclass
class _Segment:
    """Consecutive text pieces sharing the same inline styles."""

    parts: list[str]
    styles: tuple[tuple[str, str | None], ...]

    @property
    def text(self) -> str:
        return "".join(self.parts)


class _BlockBuilder:
    """Collects inline text with its styles and turns it into blocks at block boundaries."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.segments: list[_Segment] = []
        self.styles: list[tuple[str, str | None]] = []
        self.kind_stack: list[tuple[str, int]] = [(PARAGRAPH, 0)]
        self.cell_pending = False
        self.has_text = False
        self.table_depth = 0
        self._rows: dict[HtmlElement, bool] = {}

    def in_data_row(self, el: HtmlElement) -> bool:
        """Whether ``el`` sits in a table row whose cells hold only inline content: such a row
        becomes one paragraph with its cells joined by `` | ``. Layout tables (cells holding
        paragraphs, lists, other tables) are walked like ``<div>`` s instead."""
        if self.table_depth <= 0 or el.tag in ("tr", "table"):
            return False
        row = el.getparent() if el.tag in ("td", "th") else next(
            (a for a in el.iterancestors() if a.tag in ("tr", "table")), None)
        if row is None or row.tag != "tr":
            return False
        cached = self._rows.get(row)
        if cached is None:
            cached = not any(isinstance(d.tag, str) and d.tag in _LAYOUT_TAGS for d in row.iterdescendants())
            self._rows[row] = cached
        return cached

    def add_text(self, text: str | None) -> None:
        if not text:
            return
        visible = not text.isspace()
        if self.cell_pending and visible:
            if self.has_text:
                self._append(" | ", ())
            self.cell_pending = False
        self.has_text = self.has_text or visible
        self._append(text, tuple(self.styles))

    def _append(self, text: str, styles: tuple[tuple[str, str | None], ...]) -> None:
        if self.segments and self.segments[-1].styles == styles:
            self.segments[-1].parts.append(text)
        else:
            self.segments.append(_Segment([text], styles))

    def flush(self) -> None:
        segments, self.segments, self.cell_pending, self.has_text = self.segments, [], False, False
        if not segments:
            return
        kind, level = self.kind_stack[-1]
        if kind == PREFORMATTED:
            block = make_block(PREFORMATTED, "".join(s.text for s in segments))
        else:
            text, runs = assemble_inline(segments)
            block = make_block(kind, text, level=level, runs=runs)
            if block is not None and block.text != text:
                block = make_block(kind, text, level=level)
        if block is not None:
            self.blocks.append(block)


def assemble_inline(segments: list[_Segment]) -> tuple[str, list[Run]]:
    """Join styled segments into normalised text (whitespace collapsed as
    :func:`blocks.normalize_inline` does) and runs whose offsets refer to that text."""
    pieces: list[str] = []
    spans: list[tuple[int, int, tuple[str, str | None]]] = []
    length = 0
    after_space = True  # at the start, a leading space is dropped
    for seg in segments:
        piece = _SPACE_RE.sub(" ", _INVISIBLE_RE.sub("", seg.text))
        if after_space and piece.startswith(" "):
            piece = piece[1:]
        if not piece:
            continue
        start, length = length, length + len(piece)
        pieces.append(piece)
        after_space = piece.endswith(" ")
        spans.extend((start, length, key) for key in seg.styles)
    text = "".join(pieces)
    if text.endswith(" "):
        text = text[:-1]
    return text, _merge_runs(text, spans)


def _merge_runs(text: str, spans: list[tuple[int, int, tuple[str, str | None]]]) -> list[Run]:
    merged: list[list] = []
    for start, end, key in sorted(spans, key=lambda s: (s[2][0], s[2][1] or "", s[0])):
        if merged and merged[-1][2] == key and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, key])
    runs: list[Run] = []
    for start, end, (style, href) in merged:
        end = min(end, len(text))
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        if start < end:
            runs.append(Run(start, end, style, href))
    return sorted(runs, key=lambda r: (r.start, r.end, r.style))


def blocks_from_tree(root: HtmlElement, *, base_url: str | None = None) -> list[Block]:
    """Typed blocks of a (sanitised) content tree, walked without recursion."""
    builder = _BlockBuilder()
    walker = etree.iterwalk(root, events=("start", "end"))
    opened: dict[HtmlElement, int] = {}
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if not tag or tag in _SKIP_TAGS or _is_media_caption(el):
                walker.skip_subtree()
                opened[el] = _SKIPPED
                continue
            opened[el] = _open(builder, el, tag, base_url)
            builder.add_text(el.text)
        else:
            _close(builder, opened.pop(el, _SKIPPED))
            if el is not root:
                builder.add_text(el.tail)
    builder.flush()
    return builder.blocks


# What an element's start did, so that its end can undo it.
_SKIPPED, _INLINE, _STYLED, _CELL, _BLOCK, _KIND_BLOCK, _TABLE = range(7)


def _open(builder: _BlockBuilder, el: HtmlElement, tag: str, base_url: str | None) -> int:
    kind = builder.kind_stack[-1][0]
    if tag == "br":
        if kind == PREFORMATTED:
            builder.add_text("\n")
        elif kind in (PARAGRAPH, QUOTE) and not builder.in_data_row(el):
            builder.flush()
        else:
            builder.add_text(" ")
        return _INLINE
    if tag not in _BLOCK_TAGS:
        style = _inline_style(el, tag, base_url)
        if style is None or kind == PREFORMATTED:
            return _INLINE
        builder.styles.append(style)
        return _STYLED
    if kind == PREFORMATTED:
        builder.add_text("\n")
        return _INLINE
    if builder.in_data_row(el):
        if tag in ("td", "th"):
            builder.cell_pending = True
            return _CELL
        builder.add_text(" ")  # a <div> wrapper inside a cell
        return _INLINE
    builder.flush()
    if tag == "table":
        builder.table_depth += 1
        return _TABLE
    new_kind = _block_kind(tag)
    if new_kind is None:
        return _BLOCK
    builder.kind_stack.append(new_kind)
    return _KIND_BLOCK


def _close(builder: _BlockBuilder, opened: int) -> None:
    if opened == _STYLED:
        builder.styles.pop()
    elif opened == _INLINE and builder.kind_stack[-1][0] == PREFORMATTED:
        return
    elif opened == _BLOCK:
        builder.flush()
    elif opened == _TABLE:
        builder.flush()
        builder.table_depth -= 1
    elif opened == _KIND_BLOCK:
        builder.flush()
        builder.kind_stack.pop()


def _block_kind(tag: str) -> tuple[str, int] | None:
    if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
        return (HEADING, int(tag[1]))
    if tag == "pre":
        return (PREFORMATTED, 0)
    if tag == "blockquote":
        return (QUOTE, 0)
    if tag == "li":
        return (LIST_ITEM, 0)
    return None


def _inline_style(el: HtmlElement, tag: str, base_url: str | None) -> tuple[str, str | None] | None:
    if tag == "a":
        href = safe_href(el.get("href"), base_url)
        return ("link", href) if href else None
    style = _STYLE_OF_TAG.get(tag)
    return (style, None) if style else None


def _is_media_caption(el: HtmlElement) -> bool:
    """A figure caption next to an image or video (photo credits are not body text)."""
    if el.tag != "figcaption":
        return False
    figure = el.getparent()
    return figure is not None and figure.tag == "figure" and bool(figure.xpath(_MEDIA_XPATH))


# -- title --------------------------------------------------------------------------------------


def confirm_title(title: str, blocks: list[Block]) -> str:
    """The title, cut to the part the article's own first lines repeat when it is decorated
    ("Новости :: В области построят школы" with a bold first line "В области построят школы");
    the first heading when the page gives no title at all."""
    if not title:
        return blocks[0].text if blocks and blocks[0].kind == HEADING else ""
    firsts = {_title_key(b.text) for b in blocks[:3] if len(b.text) <= 300}
    for sep in _TITLE_SEPARATORS:
        if sep in title:
            for part in title.split(sep):
                if len(part.split()) >= 2 and _title_key(part) in firsts:
                    return part.strip()
    return title


def drop_title_heading(blocks: list[Block], title: str) -> list[Block]:
    """Remove the first heading (within the first blocks) when it repeats the title."""
    key = _title_key(title)
    if not key:
        return blocks
    for i, block in enumerate(blocks[:4]):
        if block.kind == HEADING or (i == 0 and block.kind == PARAGRAPH):
            if _title_key(block.text) == key:
                return blocks[:i] + blocks[i + 1:]
            if block.kind == HEADING:
                break
    return blocks


def _title_key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())
