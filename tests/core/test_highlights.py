"""Highlights through the facade: selectors, quotes with occurrences, colours, soft delete."""

import pytest

from marginalia.core.errors import BadInput, NotFound, UsageError
from tests.helpers.articles import add_article

PARAS = [
    "Міністр оборони Литви заявив, що після настання миру країна могла б направити кілька сотень військових.",
    "Про це повідомляє агентство з посиланням на державне радіо.",
    "Союзники планують узяти на себе реальні зобов’язання щодо гарантій безпеки. Гарантії безпеки обговорили в Парижі.",
]


@pytest.fixture
def article_id(library):
    return add_article(library, PARAS)


def test_highlight_from_offsets_stores_both_selectors(library, article_id):
    text = library.get_article(article_id).text
    start = text.index("кілька сотень")
    h = library.add_highlight(article_id, start=start, end=start + len("кілька сотень військових"))
    assert h.quote == "кілька сотень військових"
    assert text[h.start:h.end] == h.quote
    assert text.endswith(h.suffix) is False and h.prefix == text[max(0, h.start - 32):h.start]
    assert len(h.prefix) == 32 and h.suffix == text[h.end:h.end + 32]
    assert h.color == "yellow" and h.color_name == "key point" and not h.orphan
    assert library.list_articles()[0].highlight_count == 1


def test_highlight_from_typed_quote_with_other_apostrophe_and_spacing(library, article_id):
    h = library.add_highlight(article_id, quote="реальні  зобов'язання", color="contested claim", note="Чи *справді*?")
    assert h.quote == "реальні зобов’язання"
    assert h.color == "red" and h.note == "Чи *справді*?"


def test_repeated_quote_needs_an_occurrence(library, article_id):
    with pytest.raises(BadInput, match="occurs 2 times"):
        library.add_highlight(article_id, quote="безпеки")
    second = library.add_highlight(article_id, quote="безпеки", occurrence=2)
    text = library.get_article(article_id).text
    assert second.start == text.rindex("безпеки")
    with pytest.raises(BadInput, match="occurrence"):
        library.add_highlight(article_id, quote="безпеки", occurrence=3)


def test_bad_requests_are_clear(library, article_id):
    with pytest.raises(BadInput, match="not found"):
        library.add_highlight(article_id, quote="цього немає в тексті")
    with pytest.raises(UsageError):
        library.add_highlight(article_id, start=5, end=10_000)
    with pytest.raises(UsageError, match="unknown colour"):
        library.add_highlight(article_id, quote="Про це", color="ultraviolet")
    with pytest.raises(NotFound):
        library.add_highlight(9999, quote="x")


def test_edit_tags_and_times(library, article_id):
    h = library.add_highlight(article_id, quote="державне радіо", tags=["джерела"])
    edited = library.edit_highlight(h.id, color="green", note="перевірити", add_tags=["Литва"])
    assert edited.color == "green" and edited.color_name == "evidence" and edited.note == "перевірити"
    assert set(edited.tags) == {"джерела", "Литва"}
    assert edited.updated >= edited.created
    replaced = library.edit_highlight(h.id, tags=["один"])
    assert replaced.tags == ("один",)


def test_soft_delete_restore_and_empty_trash(library, article_id):
    h = library.add_highlight(article_id, quote="Про це повідомляє", note="важлива нотатка")
    library.delete_highlight(h.id)
    assert library.list_highlights(article_id) == []
    assert [x.id for x in library.list_highlights(article_id, deleted=True)] == [h.id]
    assert library.list_articles()[0].highlight_count == 0
    restored = library.restore_highlight(h.id)
    assert restored.note == "важлива нотатка" and restored.deleted is None
    library.delete_highlight(h.id)
    assert library.empty_trash() == 1
    with pytest.raises(NotFound):
        library.get_highlight(h.id)


def test_listing_is_in_text_order(library, article_id):
    late = library.add_highlight(article_id, quote="державне радіо")
    early = library.add_highlight(article_id, quote="Міністр оборони")
    assert [h.id for h in library.list_highlights(article_id)] == [early.id, late.id]


def test_colour_meanings_are_editable(library, article_id):
    assert len(library.palette()) >= 6
    h = library.add_highlight(article_id, quote="Про це", color="blue")
    library.set_color_name("blue", "term to define")
    assert library.get_highlight(h.id).color_name == "term to define"
    assert library.add_highlight(article_id, quote="державне", color="term to define").color == "blue"


def test_article_note_read_state_and_position(library, article_id):
    library.set_article_note(article_id, "Порівняти з французькими джерелами.")
    library.set_read(article_id)
    library.set_reading_position(article_id, 120)
    art = library.get_article(article_id)
    assert art.note.startswith("Порівняти") and art.is_read and art.read_position == 120
    assert library.list_articles(unread_only=True) == []
