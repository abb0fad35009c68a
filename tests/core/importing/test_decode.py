"""Decoding: BOMs, UTF-16, declared charsets trusted only when clean, Cyrillic single-byte detection."""

import pytest

from marginalia.core.errors import BadInput
from marginalia.core.importing.decode import declared_charset, decode_bytes

UK = ("Міністр оборони заявив, що країна готова направити кілька сотень військових "
      "після настання миру. Переговори тривають, союзники обговорюють гарантії безпеки для України.")
RU = ("Министр обороны заявил, что страна готова направить несколько сотен военных "
      "после наступления мира. Переговоры продолжаются, союзники обсуждают гарантии безопасности.")


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_unicode_encodings_with_and_without_bom(codec):
    data = UK.encode(codec)
    text, _ = decode_bytes(data)
    assert text == UK


@pytest.mark.parametrize("text, codec", [(UK, "cp1251"), (UK, "koi8_u"), (UK, "iso8859_5"), (UK, "mac_cyrillic"),
                                         (RU, "cp1251"), (RU, "koi8_r"), (RU, "iso8859_5"), (RU, "cp866"),
                                         (RU, "mac_cyrillic")])
def test_cyrillic_single_byte_encodings_are_detected(text, codec):
    decoded, encoding = decode_bytes(text.encode(codec))
    assert decoded == text, encoding


def test_short_cyrillic_line_in_windows_1251():
    text = "Привіт, світе! Як справи у Києві сьогодні?"
    assert decode_bytes(text.encode("cp1251"))[0] == text


def test_declared_charset_is_used_when_it_decodes_cleanly():
    html = f'<html><head><meta charset="windows-1251"></head><body><p>{UK}</p></body></html>'
    text, encoding = decode_bytes(html.encode("cp1251"))
    assert UK in text and encoding == "cp1251"


def test_wrong_declared_charset_is_not_trusted():
    # Declares UTF-8 but the bytes are KOI8-U: UTF-8 fails, detection takes over.
    html = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><p>{UK}</p></body></html>'
    text, encoding = decode_bytes(html.encode("koi8_u"))
    assert UK in text
    assert encoding == "koi8-u"


def test_declared_charset_label_parsing():
    assert declared_charset(b'<meta charset="KOI8-U">') == "koi8-u"
    assert declared_charset(b"<?xml version='1.0' encoding='windows-1251'?>") == "cp1251"
    assert declared_charset(b"<meta charset=nonsense-charset>") is None


def test_western_latin1_page():
    text = "Caf\u00e9 cr\u00e8me, na\u00efve fa\u00e7ade \u2014 d\u00e9j\u00e0 vu. " * 5
    decoded, _ = decode_bytes(text.encode("cp1252"))
    assert decoded == text


def test_random_control_bytes_are_rejected():
    data = bytes(range(1, 32)) * 50
    with pytest.raises(BadInput):
        decode_bytes(data)
