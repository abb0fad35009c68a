"""Recognising files by content as well as extension, and refusing binaries with a clear reason."""

import pytest

from marginalia.core.errors import BadInput
from marginalia.core.importing.sniff import check_binary, detect_kind

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100)


@pytest.mark.parametrize("data, word", [(PNG, "PNG"), (b"%PDF-1.7\n...", "PDF"), (b"PK\x03\x04rest", "ZIP"),
                                        (b"\xff\xd8\xff\xe0JFIF", "JPEG"), (b"\x7fELF\x02\x01", "executable")])
def test_binary_formats_get_a_named_reason(data, word):
    with pytest.raises(BadInput, match=word):
        check_binary(data)


def test_empty_file():
    with pytest.raises(BadInput, match="empty"):
        check_binary(b"")


def test_nul_bytes_mean_binary():
    with pytest.raises(BadInput, match="binary"):
        check_binary(b"hello\x00\x01\x02world" * 10)


def test_utf16_text_is_not_binary():
    check_binary("Привіт, світе".encode("utf-16-le"))


def test_kind_by_content_beats_extension():
    html = "<!DOCTYPE html><html><body><p>Hi</p></body></html>"
    assert detect_kind(html, "saved.txt") == "html"
    assert detect_kind(html, "noextension") == "html"
    assert detect_kind("Just words.\n\nMore words.", "page.html") == "text"
    assert detect_kind("<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'><body/></html>", "a.xhtml") == "html"


def test_markdown_by_extension_and_by_content():
    md = "# Title\n\nSome *text* with a [link](https://example.org).\n\n- item\n- item\n"
    assert detect_kind(md, "note.md") == "markdown"
    assert detect_kind(md, "note") == "markdown"
    assert detect_kind("date 2026-01-07 Заголовок\nТекст статті.", "a.txt") == "text"
