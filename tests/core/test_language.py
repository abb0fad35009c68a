"""Language detection: Ukrainian and Russian told apart, English and others recognised."""

from marginalia.core.language import detect_language


def test_ukrainian_and_russian_told_apart():
    assert detect_language("Міністр оборони заявив, що країна могла б направити до України кілька сотень військових.") == "uk"
    assert detect_language("Министр обороны заявил, что страна могла бы направить на Украину несколько сотен военных.") == "ru"


def test_english_and_german():
    assert detect_language("The defence minister said the country could send several hundred troops after peace.") == "en"
    assert detect_language("Der Verteidigungsminister sagte, das Land könne nach dem Frieden mehrere hundert Soldaten schicken.") == "de"


def test_too_little_text_gives_none():
    assert detect_language("ok") is None
    assert detect_language("12.11.2026 — 15:30") is None
