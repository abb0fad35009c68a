"""Safe parsing and sanitising of untrusted saved HTML pages.

Everything here is about making a hostile or broken page harmless and cheap to process:

* huge inline ``data:`` URIs (base64 images and fonts of "Save page as" / SingleFile pages) are
  cut before parsing, so a 50 MB page does not make the tree 50 MB;
* the XML declaration and the DOCTYPE with its internal subset are removed, and the page is
  always parsed with lxml's *HTML* parser, which never expands DTD entities and never touches
  the network or the file system (no entity bomb, no external entity);
* nesting deeper than the parser's limit is detected; the page is then re-parsed with the
  inline and container tags removed, or refused with a clear reason;
* :func:`sanitize_tree` removes scripts, styles, comments, forms, frames, embedded objects,
  meta refresh, ``on*`` event attributes and ``javascript:`` links (lxml-html-clean's Cleaner)
  plus hidden elements and other never-text subtrees (svg, noscript, templates, media);
* :func:`drop_page_chrome` removes what markup marks as page furniture (navigation, sidebars,
  share bars, related feeds, comment widgets), which is never article text either;
* :func:`safe_href` is the only way a link address leaves a page: absolute ``http``,
  ``https`` or ``mailto``, never ``javascript:`` and the like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

try:
    from lxml_html_clean import Cleaner
except ImportError:  # older lxml bundles the cleaner
    from lxml.html.clean import Cleaner  # type: ignore[no-redef]

from marginalia.core.errors import BadInput

MAX_PAGE_CHARS = 200_000_000
"""Larger decoded pages are refused before any work is done."""

MAX_DEPTH = 512
"""Pages nested deeper are flattened (tags that only nest are removed) or, failing that, refused.
Real pages stay well under 100 levels; deeper trees come from broken or hostile markup."""
_DEPTH_PROBE = "boolean(" + "/*" * MAX_DEPTH + ")"

MAX_MARKUP_CHARS = 80_000_000
"""Larger pages, once inline data is cut, are refused (the tree would not fit a worker)."""

DATA_URI_KEEP = 1024
"""``data:`` URIs longer than this many characters are replaced by an empty ``data:,``."""

_DATA_URI_RE = re.compile(r"data:[^,\"'\s<>()]{0,200},[^\"'<>()\s]{%d,}" % DATA_URI_KEEP, re.I)
_XML_DECL_RE = re.compile(r"^\s*(?:\ufeff)?\s*<\?xml[^>]{0,500}\?>", re.I)
# A DOCTYPE with an optional internal subset: the subset is dropped with it, so DTD entity
# declarations never reach any parser and no "]>" leaks into the text.
_DOCTYPE_RE = re.compile(r"<!DOCTYPE[^>\[]{0,2000}(?:\[[^\]]{0,1000000}\][^>]{0,200})?>", re.I)
_DOCTYPE_START_RE = re.compile(r"<!DOCTYPE", re.I)
# For pathologically deep pages only: every tag but those that keep raw text apart (script,
# style...) or that cannot nest (p, li, headings, which close each other) is removed, which
# flattens the nesting and keeps all text.
_FLATTEN_TAG_RE = re.compile(
    r"</?(?!(?:html|head|body|title|meta|link|base|script|style|noscript|template|textarea|xmp|plaintext|"
    r"p|br|hr|li|h[1-6]|pre)\b)[a-z][a-z0-9:_-]*(?:\s[^<>]*)?/?>",
    re.I,
)
# Void in HTML but not to libxml2's HTML parser, which would make them swallow the rest of their
# parent (an <embed> would take the article's remaining paragraphs with it when killed).
_VOID_TAG_RE = re.compile(r"<(embed|source|track|wbr|keygen|bgsound|image)\b([^<>]*?)/?>", re.I)
_HIDDEN_STYLE_RE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)", re.I)

_LINK_SCHEMES = ("http", "https", "mailto")
_URL_TAB_RE = re.compile("[\t\n\r]+")
_C0_AND_SPACE = "".join(map(chr, range(33)))
_SCHEME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_CONTROL_RE = re.compile(r"[\x00-\x20\x7f]+")
_SCRIPT_URL_PREFIXES = ("javascript:", "vbscript:", "livescript:", "data:text/html", "data:application", "data:image/svg")

NEVER_TEXT_TAGS = (
    "script", "style", "noscript", "template", "svg", "math", "canvas", "video", "audio", "picture",
    "source", "track", "map", "object", "embed", "applet", "iframe", "frame", "frameset", "noframes",
    "dialog", "button", "select", "textarea", "input", "option", "datalist", "meter", "progress",
)


_FAST_LOOKUP = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)


@dataclass
class ParsedPage:
    """A parsed page and what had to be done to it (warnings are one line each)."""

    root: HtmlElement
    warnings: list[str] = field(default_factory=list)


def strip_inline_data(html: str) -> str:
    """Replace long ``data:`` URIs (inline images, fonts) by ``data:,`` without parsing."""
    return _DATA_URI_RE.sub("data:,", html)


def strip_declarations(html: str) -> str:
    """Remove the XML declaration and the DOCTYPE (with its internal DTD subset); close the
    void elements libxml2 does not know are void."""
    html = _XML_DECL_RE.sub("", html, count=1)
    start = _DOCTYPE_START_RE.search(html, 0, 65_536)  # only the page's own, at its top
    if start:
        found = _DOCTYPE_RE.match(html, start.start())
        if found:
            html = html[: found.start()] + html[found.end():]
    return _VOID_TAG_RE.sub(r"<\1\2/>", html)


def parse_page(html: str) -> ParsedPage:
    """Parse untrusted page text into an lxml HTML tree (never an XML parser, never the network).

    Raises :class:`BadInput` for empty, oversized or pathologically nested pages.
    """
    if len(html) > MAX_PAGE_CHARS:
        raise BadInput(f"page is too large to read ({len(html) // 1_000_000} million characters)")
    warnings: list[str] = []
    text = strip_declarations(strip_inline_data(html))
    if len(text) > MAX_MARKUP_CHARS:
        raise BadInput(f"page is too large to read ({len(text) // 1_000_000} million characters of markup)")
    if not text.strip():
        raise BadInput("no readable text")
    root, too_deep = _parse(text)
    if too_deep:
        root, too_deep = _parse(_FLATTEN_TAG_RE.sub(" ", text))
        if too_deep:
            raise BadInput(f"the page is too deeply nested to read (more than {MAX_DEPTH} levels)")
        warnings.append("the page was nested too deeply; its layout and inline formatting were flattened")
    return ParsedPage(root=root, warnings=warnings)


def _parse(text: str) -> tuple[HtmlElement, bool]:
    """Parse with a fresh parser; also say whether the parser stopped at its depth limit."""
    parser = lxml.html.HTMLParser(
        encoding="utf-8", huge_tree=True, no_network=True, remove_pis=True, default_doctype=False
    )
    # lxml.html's default lookup is Python code run for every element touched; the few
    # special classes it chooses (form controls) are removed by sanitising anyway.
    parser.set_element_class_lookup(_FAST_LOOKUP)
    data = text.encode("utf-8", "replace")
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except etree.ParserError as err:  # "Document is empty"
        raise BadInput("no readable text") from err
    except (etree.LxmlError, ValueError) as err:
        raise BadInput(f"the page cannot be parsed as HTML ({_one_line(err)})") from err
    too_deep = any("depth" in (e.message or "").lower() for e in parser.error_log if e.level >= 3)
    # Deeper than MAX_DEPTH (but within the parser's own limit) is not an error for libxml2, but
    # content scoring is quadratic in depth; an absolute path of MAX_DEPTH steps finds it in C.
    return root, too_deep or bool(root.xpath(_DEPTH_PROBE))


def sanitize_tree(root: HtmlElement) -> HtmlElement:
    """Remove everything active or never-visible, in place; return the root.

    After this, the tree holds no script, style, comment, form control, frame, embedded object,
    meta refresh, event attribute or ``javascript:`` link.
    """
    cleaner = Cleaner(
        scripts=True,
        comments=True,
        # javascript=False only skips the Cleaner's slow per-element loops: every event
        # attribute and script URL is removed by _drop_scripting_attributes below, and
        # stylesheets (where the Cleaner would look for script) are removed entirely.
        javascript=False,
        style=True,
        inline_style=False,  # style attributes say what is hidden; stripped after drop_hidden
        links=True,
        meta=True,
        page_structure=False,
        processing_instructions=True,
        embedded=True,
        frames=True,
        forms=True,
        annoying_tags=True,
        kill_tags=NEVER_TEXT_TAGS,
        remove_unknown_tags=False,
        safe_attrs_only=False,
    )
    cleaner(root)
    drop_hidden(root)
    etree.strip_attributes(root, "style")
    _drop_scripting_attributes(root)
    return root


def drop_hidden(root: HtmlElement) -> bool:
    """Remove elements a browser would not show (``hidden``, ``display:none``, ``visibility:hidden``).

    A page saved from its source may hide the whole article until a script shows it; when the
    hidden elements hold most of the page's text they are kept. Returns whether they were dropped.
    """
    doomed: list[HtmlElement] = []
    seen: set[HtmlElement] = set()
    for el in root.xpath("//*[@hidden or @style]"):
        if _is_hidden(el) and not any(a in seen for a in el.iterancestors()):
            doomed.append(el)
            seen.add(el)
    if not doomed:
        return True
    hidden_len = sum(len(el.text_content()) for el in doomed)
    if hidden_len > 500 and hidden_len > len(root.text_content()) // 2:
        return False
    for el in doomed:
        el.drop_tree()
    return True


def _is_hidden(el: HtmlElement) -> bool:
    if el.tag in ("html", "body"):
        return False
    hidden = el.get("hidden")
    if hidden is not None and hidden.strip().lower() != "until-found":  # until-found: collapsed, not hidden
        return True
    style = el.get("style")
    return bool(style) and bool(_HIDDEN_STYLE_RE.search(style))


# -- page chrome ----------------------------------------------------------------------------------

_CHROME_TAGS = frozenset(("nav", "aside", "menu"))
_CHROME_ROLES = frozenset(("navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog"))
# Parts of class/id names (split at "-", "_", "__" and spaces) that name page furniture.
# Words that never name an article's own container: such an element goes however much text it has.
_STRONG_CHROME_WORDS = frozenset((
    "breadcrumb", "breadcrumbs", "comment", "comments", "consent", "cookie", "cookies", "disqus", "discussion",
    "newsletter", "outbrain", "recommend", "recommended", "related", "replies", "reply", "taboola",
    "mostread", "mostviewed", "mostpopular", "readalso", "seealso", "morenews",
))
# Words that may also sit on a wrapper of the article ("post social-enabled"): such an element is
# kept when it holds a large part of the page's text.
_CHROME_WORDS = _STRONG_CHROME_WORDS | frozenset((
    "ad", "ads", "advert", "adverts", "advertisement", "banner", "banners", "popular", "promo", "share",
    "shares", "sharing", "sharethis", "sidebar", "social", "sponsor", "sponsored", "subscribe",
    "subscription", "tag", "tags", "teaser", "teasers", "widget", "widgets",
))
_CHROME_PREFIXES = ("related", "recommend", "subscri", "newsletter", "breadcrumb", "advert", "sharing", "social")
# A part before the word that says the element only *mentions* it ("has-sidebar", "no-comments").
_NEGATING_WORDS = frozenset(("has", "with", "no", "without", "hide", "show", "toggle", "after", "before"))
# Lines about the article rather than of it: the author is in the metadata, a pull quote repeats
# the text. These go whatever the element, paragraphs included.
_META_WORDS = frozenset(("byline", "kicker", "eyebrow", "pullquote", "readalso", "readmore"))
_NEVER_CHROME_TAGS = frozenset("p a span b strong i em h1 h2 h3 li td tr tbody table body html article main".split())
_CHROME_CANDIDATES_XPATH = "descendant::*[@class or @id or @role or self::nav or self::aside or self::menu]"
_CONTENT_XPATH = "self::article | self::main | .//article | .//main | .//h1 | .//*[@itemprop='articleBody']"
_NAME_PART_RE = re.compile(r"[-_\s]+")
_CHROME_HINT_RE = re.compile(
    "|".join(sorted(w for w in _CHROME_WORDS | _META_WORDS | set(_CHROME_PREFIXES) if len(w) > 2))
    + r"|(?:^|[\s_-])ads?(?:$|[\s_-])|read|pull|more|most|see",
    re.I,
)


def drop_page_chrome(root: HtmlElement) -> None:
    """Remove navigation, sidebars, share bars, related feeds and comment widgets, in place.

    Only markup says what these are (class and id names, ``<nav>``, ``<aside>``, ARIA roles);
    the block-level boilerplate filter never sees it, so it is used here. An element is kept
    when it holds the article (``<article>``, ``<main>``, ``<h1>``, ``itemprop=articleBody``),
    or a large part of the page's text unless its name is unambiguous (comments, related...).
    """
    body = root.find("body")
    if body is None:
        return
    total = len(body.text_content()) or 1
    doomed: list[HtmlElement] = []
    gone: set[HtmlElement] = set()
    for el in body.xpath(_CHROME_CANDIDATES_XPATH):  # document order: ancestors first
        kind = chrome_kind(el)
        if not kind or any(a in gone for a in el.iterancestors()):
            continue
        if el.xpath(_CONTENT_XPATH) or (kind == _WEAK and len(el.text_content()) > total * 0.3):
            continue
        doomed.append(el)
        gone.add(el)
    for el in doomed:
        el.drop_tree()


_WEAK, _STRONG = 1, 2


def looks_like_chrome(el: HtmlElement) -> bool:
    """Whether an element's tag, role or class/id names make it page furniture."""
    return bool(chrome_kind(el))


def chrome_kind(el: HtmlElement) -> int:
    """0 for content, 1 for a name that suggests furniture, 2 for unambiguous furniture."""
    if el.tag in _CHROME_TAGS or (el.get("role") or "").lower() in _CHROME_ROLES:
        return _WEAK
    if el.tag in ("html", "body", "article", "main", "h1"):
        return 0
    names = f"{el.get('class', '')} {el.get('id', '')}"
    if not _CHROME_HINT_RE.search(names):  # one C-level search rules out most elements
        return 0
    words = _name_words(names)
    if words & _META_WORDS:
        return _STRONG
    if el.tag in _NEVER_CHROME_TAGS:
        return 0
    return _STRONG if words & _STRONG_CHROME_WORDS else _WEAK if words & _CHROME_WORDS else 0


def _name_words(names: str) -> set[str]:
    """Words of class/id names: parts, joined neighbours ("read-also" -> "readalso") and known
    prefixes of camelCase names ("relatedNews" -> "related"), minus negated ones ("has-sidebar")."""
    words: set[str] = set()
    for token in names.lower().split():
        parts = [p for p in _NAME_PART_RE.split(token) if p]
        for i, part in enumerate(parts):
            if i and parts[i - 1] in _NEGATING_WORDS:
                continue
            words.add(part)
            if i + 1 < len(parts):
                words.add(part + parts[i + 1])
            words.update(prefix for prefix in _CHROME_PREFIXES if part.startswith(prefix))
    return words


# -- links ---------------------------------------------------------------------------------------


def safe_href(href: str | None, base_url: str | None) -> str | None:
    """An absolute ``http``/``https``/``mailto`` address, or None (``javascript:``, fragments...).

    Like a browser, tabs and line breaks anywhere and control characters at the ends are
    ignored, so ``java&#9;script:`` is still recognised for what it is.
    """
    if not href:
        return None
    href = _URL_TAB_RE.sub("", href).strip(_C0_AND_SPACE)
    if not href or href.startswith("#"):
        return None
    try:
        resolved = href if _SCHEME_RE.match(href) or not base_url else urljoin(base_url, href)
        parts = urlsplit(resolved)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _LINK_SCHEMES or (scheme != "mailto" and not parts.netloc):
        return None
    return resolved


def base_url_of(root: HtmlElement, page_url: str | None) -> str | None:
    """The address relative links resolve against: ``<base href>`` (if absolute http) or the page."""
    for base in root.iter("base"):
        href = safe_href(base.get("href"), page_url)
        if href and not href.startswith("mailto:"):
            return href
    return page_url


def _drop_scripting_attributes(root: HtmlElement) -> None:
    """Remove every ``on*`` event attribute and every attribute whose value is a
    ``javascript:``/``vbscript:`` URL (or an HTML ``data:`` URL).

    The Cleaner's own pass does this with a Python loop over every element and every link,
    which takes tens of seconds on a very large page; XPath finds the few culprits in C.
    """
    for value in root.xpath("//@*[starts-with(name(), 'on')]"):
        value.getparent().attrib.pop(value.attrname, None)
    suspicious = root.xpath(
        "//@*[contains(translate(., 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), 'script')"
        " or contains(translate(., 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), 'data:')]"
    )
    for value in suspicious:
        squeezed = _CONTROL_RE.sub("", value).lower()
        if squeezed.startswith(_SCRIPT_URL_PREFIXES) or "javascript:" in squeezed:
            value.getparent().attrib.pop(value.attrname, None)


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())[:160] or type(err).__name__
