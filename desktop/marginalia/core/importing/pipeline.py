"""One file's way from bytes to a :class:`CleanedArticle`; runs inside a worker process.

Nothing here touches the database: the worker only decodes and cleans, the Library stores.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from marginalia.core.errors import BadInput
from marginalia.core.blocks import blocks_to_json, word_count
from marginalia.core.importing.article import CleanedArticle, content_hash
from marginalia.core.importing.decode import decode_bytes
from marginalia.core.importing.sniff import check_binary, detect_kind
from marginalia.core.language import detect_language

CLEANER_VERSION = 1
# Plain text and Markdown longer than this are books, not articles. HTML has its own limits,
# counted after inline data (base64 images, scripts) is stripped, in importing.html.
MAX_TEXT_CHARS = 10_000_000


def prepare(data: bytes, filename: str | None = None) -> CleanedArticle:
    """Decode, recognise and clean one input. Raises BadInput with a one-line reason."""
    check_binary(data)
    text, encoding = decode_bytes(data)
    if not text.strip():
        raise BadInput("blank file: nothing but white space")
    kind = detect_kind(text, filename)
    if kind != "html" and len(text) > MAX_TEXT_CHARS:
        raise BadInput(f"too large for an article: {len(text) / 1e6:.0f} million characters of {kind} "
                       f"(the limit is {MAX_TEXT_CHARS // 1_000_000} million)")
    try:
        article = _clean(kind, text)
    except BadInput:
        raise
    except RecursionError:
        raise BadInput("the page is nested too deeply to read") from None
    except MemoryError:
        raise BadInput("the page needs too much memory to clean") from None
    except Exception as exc:  # a cleaner bug must not stop the batch; say what happened
        raise BadInput(f"could not clean this {kind} file ({type(exc).__name__}: {exc})"[:300]) from None
    if not article.blocks:
        raise BadInput("no readable text found")
    if not article.title.strip():
        article.title = _fallback_title(article, filename)
    article.encoding = encoding
    article.language = article.language or detect_language(article.title + "\n" + article.text)
    return article


@dataclass
class PreparedArticle:
    """A cleaned article with everything storing it needs already computed (in the worker, so
    the one writer only runs SQL): canonical text, hashes, word count, blocks as JSON."""

    cleaned: CleanedArticle
    text: str
    content_hash: str
    word_count: int
    blocks_json: str


def prepare_for_store(data: bytes, filename: str | None = None) -> PreparedArticle:
    """:func:`prepare`, plus the derived values the database row needs. Raises BadInput."""
    article = prepare(data, filename)
    text = article.text
    return PreparedArticle(cleaned=article, text=text, content_hash=content_hash(article.title, text),
                           word_count=word_count(text), blocks_json=blocks_to_json(article.blocks))


def _clean(kind: str, text: str) -> CleanedArticle:
    if kind == "html":
        from marginalia.core.importing.html import clean_html

        return clean_html(text)
    if kind == "markdown":
        from marginalia.core.importing.markdown import clean_markdown

        return clean_markdown(text)
    from marginalia.core.importing.text import clean_text

    return clean_text(text)


def _fallback_title(article: CleanedArticle, filename: str | None) -> str:
    first = article.blocks[0].text
    if len(first) <= 120:
        return first
    if filename:
        return PurePath(filename).stem
    return first[:80].rsplit(" ", 1)[0] + "…"
