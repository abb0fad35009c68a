"""Recognise what a file is by its content (magic numbers, markup) as well as its extension."""

from __future__ import annotations

import re
from pathlib import PurePath

from marginalia.core.errors import BadInput
from marginalia.core.importing.decode import utf16_without_bom as looks_like_utf16

HTML_EXTENSIONS = {".html", ".htm", ".xhtml", ".shtml", ".xht"}
MARKDOWN_EXTENSIONS = {".md", ".markdown", ".mdown", ".mkd"}
TEXT_EXTENSIONS = {".txt", ".text", ""}
DOCUMENT_EXTENSIONS = HTML_EXTENSIONS | MARKDOWN_EXTENSIONS | TEXT_EXTENSIONS

# First bytes of common binary formats, with the name the user is told.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF media file (WebP/WAV/AVI)"),
    (b"%PDF", "a PDF document (not supported yet)"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an executable program"),
    (b"MZ", "a Windows executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x00\x00\x01\x00", "an icon image"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg media file"),
    (b"\x1a\x45\xdf\xa3", "a Matroska/WebM video"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)
_HTML_START_RE = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAG_RE = re.compile(r"</?(?:p|div|br|span|a|h[1-6]|article|section|table|li|ul|meta|title)\b[^>]*>", re.I)
_MD_SIGNAL_RE = re.compile(r"^(?:#{1,6} \S|```|> \S|\* \S|- \S|\d+\. \S)|\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*", re.M)


def check_binary(data: bytes) -> None:
    """Raise BadInput for empty input or bytes that are clearly not a text document."""
    if not data:
        raise BadInput("empty file")
    for magic, name in _MAGIC:
        if data.startswith(magic):
            raise BadInput(f"not a text document: the file is {name}")
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16/32 text has NULs in a regular pattern; the decoder deals with it.
        if looks_like_utf16(data) or head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return
        raise BadInput("not a text document: the file contains binary data")


def detect_kind(text: str, filename: str | None) -> str:
    """``"html"``, ``"markdown"`` or ``"text"``: by content first, the extension as a tie-breaker."""
    ext = PurePath(filename or "").suffix.lower()
    head = text[:20000]
    if _HTML_START_RE.match(head):
        return "html"
    tags = len(_HTML_TAG_RE.findall(head))
    if ext in HTML_EXTENSIONS and tags >= 1:
        return "html"
    if tags >= 5 and tags * 40 > len(head.split("\n")):
        return "html"
    if ext in MARKDOWN_EXTENSIONS:
        return "markdown"
    if head.lstrip().startswith("---\n") or len(_MD_SIGNAL_RE.findall(head)) >= 3 and ext not in {".txt", ".text"}:
        return "markdown"
    return "text"
