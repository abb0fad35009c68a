"""CSL-JSON export: one bibliography entry per exported article (Zotero, Pandoc, citeproc).

Choices:

* ``type``: ``article-newspaper`` when the article has a site and a publication date, or its
  site or address looks like a news outlet (news/новини/новости/pravda/times… words);
  ``webpage`` for other articles with a URL or site; ``document`` for local notes with neither.
* ``author``: the byline is split into people on ``;``, ``&``, `` and ``, `` та ``, `` і ``,
  `` и `` and on commas between full names. A person of two to four capitalised words becomes
  ``{"family", "given"}`` (family = last word; with a patronymic such as ``Іванович`` the
  Slavic orders ``Given Patronymic Family`` and ``Family Given Patronymic`` are both
  recognised; ``Family, Given`` is read as such). Anything else -- one word, all capitals,
  digits, agency words such as ``Reuters``, ``Редакція``, ``Staff`` -- is an organisation:
  ``{"literal": …}``. A leading "By"/"Автор:" is dropped.
* ``issued`` is the publication date, ``accessed`` the import date, ``language`` the article's
  detected language code. ``id`` is ``marginalia-<article id>``.
"""

from __future__ import annotations

import json
import re
from typing import Iterable

from marginalia.core.export.model import ExportArticle
from marginalia.core.records import ArticleDetail

_NEWS_WORDS = re.compile(
    r"news|новин|новост|pravda|правда|times|gazette|газет|tribune|herald|telegraph|reuters|bbc|cnn"
    r"|unian|уніан|ukrinform|укрінформ|interfax|інтерфакс|интерфакс|tass|тасс",
    re.IGNORECASE,
)
_ORG_WORDS = re.compile(
    r"\b(news|agency|staff|team|desk|editor(ial|s)?|press|service|office|reuters|associated|редакц\w*|агентств\w*"
    r"|служб\w*|прес\w*|пресс\w*|видання|издание|новин\w*|новост\w*|інформ\w*|информ\w*|центр\w*|міністерств\w*"
    r"|министерств\w*|рада|уряд|компан\w*|group|institute|інститут\w*|институт\w*|university|університет\w*)\b",
    re.IGNORECASE,
)
_BYLINE_LEAD = re.compile(r"^\s*(by|автор(ка)?|author|текст|written by)\s*[:\-–—]?\s+", re.IGNORECASE)
_PEOPLE_SPLIT = re.compile(r"\s*(?:;|&|\band\b|\bта\b|\bі\b|\bи\b)\s*", re.IGNORECASE)
_PATRONYMIC = re.compile(r"(ович|евич|йович|ьович|ич|ївна|івна|овна|евна|ична|ічна)$", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’ʼ.-]*(?:['’ʼ.-][^\W\d_]+)*\.?$")


def to_csl(items: Iterable[ExportArticle]) -> str:
    """CSL-JSON array text, one entry per article (pretty-printed, non-ASCII kept)."""
    return json.dumps([csl_entry(item.article) for item in items], ensure_ascii=False, indent=2) + "\n"


def csl_entry(article: ArticleDetail) -> dict:
    """One article as a CSL-JSON item."""
    entry: dict = {"id": f"marginalia-{article.id}", "type": csl_type(article), "title": article.title or "Untitled"}
    if article.site:
        entry["container-title"] = article.site
    authors = csl_names(article.author or "")
    if authors:
        entry["author"] = authors
    if article.published:
        entry["issued"] = {"date-parts": [[article.published.year, article.published.month, article.published.day]]}
    if article.url:
        entry["URL"] = article.url
    accessed = article.imported.date()
    entry["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
    if article.language:
        entry["language"] = article.language
    return entry


def csl_type(article: ArticleDetail) -> str:
    """``article-newspaper``, ``webpage`` or ``document`` (see the module docstring)."""
    if article.site and article.published:
        return "article-newspaper"
    if _NEWS_WORDS.search(f"{article.site or ''} {article.url or ''}"):
        return "article-newspaper"
    return "webpage" if (article.url or article.site) else "document"


def csl_names(byline: str) -> list[dict]:
    """A byline as CSL name objects (people split into family/given, organisations literal)."""
    text = _BYLINE_LEAD.sub("", " ".join(byline.split())).strip(" ,;")
    if not text:
        return []
    if re.fullmatch(r"[^,]+,\s*[^,]+", text):  # "Family, Given" or "Person, Person"
        family, given = (p.strip() for p in text.split(","))
        if len(family.split()) == 1 and len(given.split()) <= 3 and _is_person([*given.split(), family]):
            return [{"family": family, "given": given}]
    people = [p for chunk in _PEOPLE_SPLIT.split(text) for p in chunk.split(",")]
    names = [_name(p.strip()) for p in people if p.strip()]
    if len(names) > 1 and any("literal" in n for n in names):
        return [{"literal": text}]  # not a list of people: keep the byline whole
    return names


def _name(text: str) -> dict:
    words = text.split()
    if not _is_person(words):
        return {"literal": text}
    if len(words) == 3 and _PATRONYMIC.search(words[2].rstrip(".")) and not _PATRONYMIC.search(words[1]):
        return {"family": words[0], "given": " ".join(words[1:])}
    return {"family": words[-1], "given": " ".join(words[:-1])}


def _is_person(words: list[str]) -> bool:
    if not 2 <= len(words) <= 4 or _ORG_WORDS.search(" ".join(words)):
        return False
    for word in words:
        if not _NAME_WORD.match(word) or not word[0].isupper():
            return False
        letters = [ch for ch in word if ch.isalpha()]
        if len(letters) > 1 and "." not in word and all(ch.isupper() for ch in letters):
            return False  # "BBC NEWS", "ТСН": an acronym, not a name
    return True
