"""Page metadata of a saved HTML page: title, author, date, site, canonical URL, language hint.

:func:`extract_metadata` reads what publishers put in the page for machines: ``<title>``,
OpenGraph and ``article:*`` meta tags, JSON-LD (``NewsArticle``/``Article``/``BlogPosting``,
also inside ``@graph``), ``<link rel=canonical>``, Dublin Core and other date metas and, as a
last resort, ``<time>`` elements. It never follows a link or loads anything.

It must run on the page *before* sanitising, because the cleaner removes ``<head>`` metas and
``<script type="application/ld+json">``.
"""

from __future__ import annotations

import re
from itertools import islice
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from marginalia.core.blocks import normalize_inline
from marginalia.core.importing.dates import find_date, parse_date
from marginalia.core.importing.jsonld import as_list, first_text, linked_data

_DATE_META_NAMES = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "date", "pubdate", "publishdate", "publish-date", "publish_date",
    "dc.date", "dc.date.issued", "dc.date.created", "dcterms.date", "dcterms.issued",
    "dcterms.created", "sailthru.date", "parsely-pub-date", "article.published", "citation_date",
)
_AUTHOR_META_NAMES = ("author", "article:author", "dc.creator", "dcterms.creator", "sailthru.author", "parsely-author", "byl")
_TITLE_SEPARATORS = (" | ", " || ", " — ", " – ", " - ", " :: ", " / ", " » ", " « ", " · ", " • ", " ~ ")
_ISO_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s_]|[+-]\d\d:?\d\d|Z)")
_COMPACT_DATE_RE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:$|T)")
_SAVED_FROM_RE = re.compile(r"(?:saved from url=\(\d+\)|Page saved with SingleFile\s+url:)\s*(https?://\S+)", re.I)
_NOT_ALNUM_RE = re.compile(r"[\W_]+", re.UNICODE)
_GENERIC_LABELS = {"www", "m", "mobile", "amp", "com", "net", "org", "gov", "edu", "co", "ua", "ru", "uk", "info", "news", "kiev", "kyiv", "in"}


@dataclass
class PageMeta:
    """What the page says about itself. Every field may be missing (None)."""

    title: str | None = None
    author: str | None = None
    published: date | None = None
    site: str | None = None
    url: str | None = None
    lang_hint: str | None = None
    description: str | None = None


def extract_metadata(tree_or_html: HtmlElement | str, *, source_url: str | None = None) -> PageMeta:
    """Read the page's own metadata. ``tree_or_html`` is a parsed (unsanitised) page or its text."""
    root = _as_root(tree_or_html)
    nodes = _gather(root)
    metas = _collect_metas(nodes.metas)
    ld = linked_data(nodes.scripts)
    article = ld.article
    url = _page_url(root, nodes.links, metas, source_url)
    publisher = ld.name_of(article.get("publisher"))
    named_site = first_text(metas.get("og:site_name"), publisher, ld.website_name, metas.get("application-name"))
    h1 = _first_text(nodes.h1s)
    title, title_site = _choose_title(
        decorated=_first_text(nodes.titles),
        clean_candidates=[article.get("headline"), article.get("name") if "headline" not in article else None,
                          metas.get("og:title"), metas.get("twitter:title")],
        h1=h1,
        site_names=[named_site, metas.get("og:site_name"), publisher, *_domain_names(url)],
    )
    site = named_site or title_site or _domain(url)
    author = first_text(
        ld.authors_of(article.get("author")),
        *(_human_author(metas.get(n)) for n in _AUTHOR_META_NAMES),
        _first_text(nodes.rel_authors),
        _itemprop_author(nodes.itemprops.get("author", [])),
    )
    if author and site and _norm(author) == _norm(site):
        author = None
    return PageMeta(
        title=title,
        author=author,
        published=_published(nodes, metas, article, _headline_element(nodes.h1s, title)),
        site=site,
        url=url,
        lang_hint=_lang_hint(root, metas),
        description=first_text(metas.get("og:description"), metas.get("description"), first_text(article.get("description"))),
    )


def parse_iso_date(value: Any) -> date | None:
    """The date of an ISO 8601 string (``2024-11-25``, ``2024-11-25T10:30:00+02:00``, ``20241125``).

    The date is taken as written (the publisher's local date), not converted to UTC.
    """
    if not isinstance(value, str):
        return None
    m = _ISO_DATE_RE.match(value) or _COMPACT_DATE_RE.match(value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_any_date(value: Any) -> date | None:
    """ISO first, then a human date ("25 листопада 2024", "25.11.2024 10:30") via :mod:`.dates`."""
    found = parse_iso_date(value)
    if found is not None or not isinstance(value, str) or not value.strip():
        return found
    try:
        return parse_date(value)
    except Exception:  # a helper's bug must not fail an import
        return None


def strip_site_from_title(title: str, site_names: list[str | None]) -> str:
    """Remove ``| Site``, ``- Site``, ``— Site``, ``Site: `` parts that name the site."""
    names = {_norm(n) for n in site_names if n and _norm(n)}
    changed = True
    while changed and names:
        changed = False
        for sep in _TITLE_SEPARATORS + (": ",):
            head, found, tail = title.rpartition(sep)
            if found and head.strip() and _is_site_part(tail, names):
                title, changed = head.strip(), True
                break
            head, found, tail = title.partition(sep)
            if found and tail.strip() and _is_site_part(head, names):
                title, changed = tail.strip(), True
                break
    return title


# -- helpers -----------------------------------------------------------------------------------


def _as_root(tree_or_html: HtmlElement | str) -> HtmlElement:
    if isinstance(tree_or_html, str):
        from marginalia.core.importing.sanitize import parse_page

        return parse_page(tree_or_html).root
    if hasattr(tree_or_html, "getroot"):
        return tree_or_html.getroot()
    return tree_or_html


@dataclass
class _Nodes:
    """The elements metadata comes from, found in one pass over the page."""

    titles: list[HtmlElement] = field(default_factory=list)
    h1s: list[HtmlElement] = field(default_factory=list)
    metas: list[HtmlElement] = field(default_factory=list)
    links: list[HtmlElement] = field(default_factory=list)
    scripts: list[HtmlElement] = field(default_factory=list)
    times: list[HtmlElement] = field(default_factory=list)
    rel_authors: list[HtmlElement] = field(default_factory=list)
    itemprops: dict[str, list[HtmlElement]] = field(default_factory=dict)


def _gather(root: HtmlElement) -> _Nodes:
    nodes = _Nodes()
    lists = {"title": nodes.titles, "h1": nodes.h1s, "meta": nodes.metas, "link": nodes.links,
             "script": nodes.scripts, "time": nodes.times}
    for el in root.iter(*lists):
        lists[el.tag].append(el)
    for el in root.xpath("//*[@itemprop or @rel]"):
        if el.tag != "link" and "author" in (el.get("rel") or "").lower().split():
            nodes.rel_authors.append(el)
        for prop in (el.get("itemprop") or "").split():
            nodes.itemprops.setdefault(prop, []).append(el)
    return nodes


def _collect_metas(elements: list[HtmlElement]) -> dict[str, str]:
    """Meta tags by lower-cased ``property``/``name``/``itemprop``/``http-equiv``; the first wins."""
    metas: dict[str, str] = {}
    for el in elements:
        content = el.get("content")
        if content is None or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (el.get(attr) or "").strip().lower()
            if key and key not in metas:
                metas[key] = normalize_inline(content)
    return metas


def _first_text(elements: list[HtmlElement]) -> str | None:
    for el in elements:
        text = normalize_inline(el.text_content())
        if text:
            return text
    return None


def _itemprop_author(elements: list[HtmlElement]) -> str | None:
    for el in elements:
        if el.tag == "meta":
            continue
        names = el.xpath(".//*[@itemprop='name']")
        value = names[0].get("content") or names[0].text_content() if names else el.text_content()
        text = normalize_inline(value or "")
        if text and len(text) <= 120:
            return text
    return None


def _human_author(value: str | None) -> str | None:
    """An author meta value that names a person, not a profile URL."""
    if not value or re.match(r"^\s*(https?:|www\.|//)", value, re.I):
        return None
    return value


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    return host[4:] if host.startswith("www.") else host or None


def _domain_names(url: str | None) -> list[str]:
    """The host without ``www.`` and its main label (``pravda`` of ``www.pravda.com.ua``)."""
    host = _domain(url)
    if not host:
        return []
    labels = [x for x in host.split(".") if x not in _GENERIC_LABELS]
    return [host] + ([max(labels, key=len)] if labels else [])


def _http_url(value: str | None, base: str | None) -> str | None:
    if not value or not value.strip():
        return None
    value = "".join(ch for ch in value.strip() if ord(ch) > 32)
    try:
        resolved = urljoin(base, value) if base else value
        parts = urlsplit(resolved)
    except ValueError:
        return None
    return resolved if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _page_url(root: HtmlElement, links: list[HtmlElement], metas: dict[str, str],
              source_url: str | None) -> str | None:
    base = _http_url(source_url, None) or _http_url(metas.get("og:url"), None) or _saved_from_url(root)
    for link in links:
        if "canonical" in (link.get("rel") or "").lower().split():
            found = _http_url(link.get("href"), base)
            if found:
                return found
    return _http_url(metas.get("og:url"), base) or _http_url(source_url, None) or _saved_from_url(root)


def _saved_from_url(root: HtmlElement) -> str | None:
    """The address a browser or SingleFile wrote in a comment when the page was saved."""
    head = root.find("head")
    nodes = [*root.itersiblings(preceding=True), *root, *(head if head is not None else ())]
    for node in nodes:
        if node.tag is etree.Comment and node.text:
            m = _SAVED_FROM_RE.search(node.text)
            if m:
                return _http_url(m.group(1), None)
    return None


def _lang_hint(root: HtmlElement, metas: dict[str, str]) -> str | None:
    raw = (
        root.get("lang")
        or root.get("{http://www.w3.org/XML/1998/namespace}lang")
        or root.get("xml:lang")
        or metas.get("content-language")
        or metas.get("og:locale")
        or ""
    )
    primary = re.split(r"[-_,;\s]", raw.strip().lower(), maxsplit=1)[0]
    if not re.fullmatch(r"[a-z]{2,3}", primary):
        return None
    return "uk" if primary == "ua" else primary  # "ua" is a common mistake for Ukrainian


def _headline_element(h1s: list[HtmlElement], title: str | None) -> HtmlElement | None:
    """The ``<h1>`` of the article: the one repeating the title, else the first outside the
    page header (some pages put their logo in an ``<h1>``)."""
    key = _norm(title)
    for h1 in h1s:
        if key and _norm(h1.text_content()) == key:
            return h1
    for h1 in h1s:
        if not any(a.tag in ("header", "nav") for a in h1.iterancestors()):
            return h1
    return None


def _published(nodes: _Nodes, metas: dict[str, str], article: dict, h1: HtmlElement | None) -> date | None:
    for value in (metas.get("article:published_time"), article.get("datePublished"), article.get("dateCreated")):
        found = parse_any_date(value) if isinstance(value, str) else None
        if found:
            return found
    for name in _DATE_META_NAMES:
        found = parse_any_date(metas.get(name))
        if found:
            return found
    times = nodes.itemprops.get("datePublished", []) + [
        t for t in nodes.times if "pub" in (t.get("class") or "")] + nodes.times
    for el in times:
        found = parse_any_date(el.get("datetime") or el.get("content") or "")
        if found:
            return found
    for el in times[:5]:
        found = parse_any_date(normalize_inline(el.text_content()))
        if found:
            return found
    return _date_near_headline(h1) if h1 is not None else None


def _date_near_headline(h1: HtmlElement) -> date | None:
    """A date in a short line just after the headline ("25.11.2024 12:40", "Anna Kim · Mar 2, 2024")."""
    nearby: list[HtmlElement] = list(h1.itersiblings())[:4]
    parent = h1.getparent()
    if parent is not None:
        nearby += list(parent.itersiblings())[:3]
    for el in nearby:
        for part in islice(el.iter(etree.Element), 30):
            text = normalize_inline(part.text_content())
            if 6 <= len(text) <= 80:
                found = parse_any_date(text) or _find_date(text)
                if found:
                    return found
    return None


def _find_date(text: str) -> date | None:
    try:
        return find_date(text)
    except Exception:  # a helper's bug must not fail an import
        return None


# -- title -------------------------------------------------------------------------------------


def _choose_title(*, decorated: str | None, clean_candidates: list[Any], h1: str | None,
                  site_names: list[str | None]) -> tuple[str | None, str | None]:
    """The title, preferring a headline the page gives for sharing, else ``<title>`` without its
    site part; and the site name that ``<title>`` revealed, if any."""
    cut, site_part = None, None
    if decorated:
        stripped = strip_site_from_title(decorated, site_names)
        cut, site_part = _cut_unknown_site(stripped, h1)
        if cut == stripped and h1 and len(h1) >= 15 and _norm(h1) != _norm(stripped) and _norm(h1) in _norm(stripped):
            cut = h1
    sites = {_norm(n) for n in site_names if n}
    for candidate in clean_candidates:
        text = first_text(candidate)
        if not text or _norm(text) in sites:  # some sites put their own name in og:title
            continue
        if h1 and text.endswith(("…", "...")) and h1.startswith(text.rstrip("….").rstrip()):
            return h1, site_part  # a headline shortened for search engines
        return _cut_unknown_site(strip_site_from_title(text, site_names), h1)[0], site_part
    return cut or h1, site_part


def _cut_unknown_site(title: str, h1: str | None) -> tuple[str, str | None]:
    """Drop a part the h1 shows is not the headline, or a short last part after `` | ``;
    return the title and the dropped part (a site name, as far as one can tell)."""
    if h1 and _norm(title) != _norm(h1):
        for sep in _TITLE_SEPARATORS + (": ",):
            head, found, tail = title.rpartition(sep)
            if found and _norm(head) == _norm(h1) and _headline_like(head, tail):
                return head.strip(), _site_like(tail)
            head, found, tail = title.partition(sep)
            if found and _norm(tail) == _norm(h1) and _headline_like(tail, head):
                return tail.strip(), _site_like(head)
    for sep in (" | ", " || "):
        head, found, tail = title.rpartition(sep)
        if found and len(tail.split()) <= 4 and len(head.split()) >= 3 and len(head) >= 2 * len(tail):
            return head.strip(), _site_like(tail)
    return title, None


def _headline_like(part: str, other: str) -> bool:
    """Whether the part of a title that an ``<h1>`` repeats is the headline, not a logo's site
    name (pages that put their logo in an ``<h1>`` exist): it is the longer part."""
    return len(part) >= len(other) or (len(other.split()) <= 4 and len(part.split()) >= 3)


def _site_like(part: str) -> str | None:
    part = normalize_inline(part)
    return part if part and len(part.split()) <= 5 and not any(s.strip() in part for s in _TITLE_SEPARATORS) else None


def _norm(text: str | None) -> str:
    return _NOT_ALNUM_RE.sub("", (text or "").casefold())


def _is_site_part(part: str, names: set[str]) -> bool:
    """Whether a title part names the site: its name, its domain, or the domain's main label."""
    norm = _norm(part)
    if not norm or len(part.split()) > 6:
        return False
    for name in names:
        if norm == name:
            return True
        if min(len(name), len(norm)) >= 4 and (name in norm or norm in name) and len(part.split()) <= 4:
            return True
    return False
