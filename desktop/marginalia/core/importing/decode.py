"""Bytes -> text: BOMs, declared charsets (trusted only when they decode cleanly), detection.

Detection leans on charset-normalizer, with one piece of our own: for Cyrillic single-byte
encodings (windows-1251, KOI8-U, ISO-8859-5, CP866, Mac Cyrillic), which statistical detectors
often confuse on short news texts, the candidates are re-scored by how word-like the decoded
Cyrillic is (lowercase letters inside words, capitals only at word starts).
"""

from __future__ import annotations

import codecs
import re
from collections import Counter

from marginalia.core.errors import BadInput

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED_RE = re.compile(
    rb"""(?:<meta[^>]+charset\s*=\s*["']?\s*|<\?xml[^>]+encoding\s*=\s*["']|^\s*charset\s*[:=]\s*)([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
CYRILLIC_CODECS = ("cp1251", "koi8_u", "iso8859_5", "cp866", "mac_cyrillic")
_CYR_WORD_RE = re.compile(r"[^\W\d_]+")
_CYR_CHAR_RE = re.compile(r"[\u0400-\u04ff]")
_GOOD_WORD_RE = re.compile(r"^[А-ЯЁЇІЄҐ]?[а-яёїієґ]+$|^[А-ЯЁЇІЄҐ]+$")
# Labels that mean "Latin-1" in HTML really mean windows-1252 (WHATWG encoding standard).
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}


def declared_charset(data: bytes) -> str | None:
    """The charset a document declares in its first bytes (HTML meta or XML declaration)."""
    match = _DECLARED_RE.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace").strip().lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: one byte of each pair (the high byte) takes very few values
    (0x00 for Latin, 0x04 for Cyrillic, 0x20 for punctuation) while the other varies."""
    sample = data[: 4096 - 4096 % 2]
    if len(sample) < 8 or len(data) % 2:
        return None
    for codec, high, low in (("utf-16-le", sample[1::2], sample[0::2]), ("utf-16-be", sample[0::2], sample[1::2])):
        if not high.count(0):
            continue
        top_high = sum(c for _, c in Counter(high).most_common(3)) / len(high)
        top_low = sum(c for _, c in Counter(low).most_common(3)) / len(low)
        if top_high >= 0.95 and top_low < 0.7:
            return codec
    return None


def cyrillic_score(text: str) -> float:
    """Share of Cyrillic words that look like real words (0..1); -1 when there is no Cyrillic."""
    words = [w for w in _CYR_WORD_RE.findall(text[:20000]) if _CYR_CHAR_RE.search(w)]
    if not words:
        return -1.0
    good = sum(1 for w in words if _GOOD_WORD_RE.match(w))
    return good / len(words)


def _best_cyrillic(data: bytes) -> tuple[float, str, str] | None:
    best = None
    for codec in CYRILLIC_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = cyrillic_score(text)
        if best is None or score > best[0]:
            best = (score, codec, text)
    return best


# Control characters (except tab, line breaks and form feed), private-use code points and the
# replacement character: what a wrong decoding or a binary file produces.
_NOT_TEXT_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\ue000-\uf8ff\ufffd]")


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    sample = text[:20000]
    bad = len(_NOT_TEXT_RE.findall(sample))
    return bad <= max(2, len(sample) // 200)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` to text; return ``(text, encoding name)``. Raises BadInput if impossible."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), codec
            except UnicodeDecodeError as exc:
                raise BadInput(f"invalid {codec} text after its byte-order mark (byte {exc.start})") from None
    utf16 = utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
            if _looks_like_text(text):
                return text, utf16
        except UnicodeDecodeError:
            pass
    declared = declared_charset(data)
    if declared:
        try:
            text = data.decode(declared)
            if _looks_like_text(text):
                return text, declared
        except UnicodeDecodeError:
            pass  # a declared charset is trusted only if it decodes cleanly
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _detect(data)
    if not _looks_like_text(text):
        raise BadInput("not a text document: the file is mostly control characters")
    return text, "utf-8"


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    cyr = _best_cyrillic(data)
    if cyr and cyr[0] >= 0.6:
        score, codec, text = cyr
        if _looks_like_text(text) and len(_CYR_CHAR_RE.findall(text[:20000])) >= 20:
            return text, codecs.lookup(codec).name
    matches = list(from_bytes(data[:200_000]))
    if not matches:
        raise BadInput("undecodable bytes: no text encoding fits this file")
    codec = matches[0].encoding
    # windows-1252 is by far the most common legacy Western encoding; statistical detection
    # often prefers a Baltic or Central European sibling on short texts. Prefer 1252 when it fits
    # about as well.
    for m in matches:
        if m.encoding == "cp1252" and m.chaos <= matches[0].chaos + 0.2:
            codec = "cp1252"
            break
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        text = data.decode(codec, errors="replace")
    if not _looks_like_text(text):
        raise BadInput("undecodable bytes: this file is not text in any known encoding")
    return text, codecs.lookup(codec).name
