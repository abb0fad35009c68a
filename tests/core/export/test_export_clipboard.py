"""Clipboard citations: one line per quote, with the source and the right quotation marks."""

from __future__ import annotations

from marginalia.core.export.clipboard import citation_text, to_clipboard
from marginalia.core.export.model import ExportArticle, order_articles

from .samples import MULTILINE_QUOTE, make_article, make_highlight, sample_items


def test_ukrainian_citation_uses_guillemets_and_lists_the_source():
    text = citation_text(make_article(), make_highlight(quote="Ремонт почнуть у «першій черзі» шкіл."))
    assert text == (
        "«Ремонт почнуть у „першій черзі“ шкіл.» — Олена Дмитрук, "
        "Міська рада Черкас ухвалила програму ремонту укриттів у школах, Черкаський вісник, 2025-11-25, "
        "https://vistnyk.example.ua/news/2025/11/25/ukryttya-shkoly"
    )


def test_english_citation_without_author_date_or_url():
    article = make_article(title="Notes on archiving", author=None, site=None, url=None, published=None, language="en")
    text = citation_text(article, make_highlight(quote='Keep the “raw” file.'))
    assert text == "“Keep the ‘raw’ file.” — Notes on archiving"


def test_unknown_language_and_multiline_quote_give_one_line():
    article = make_article(language=None, author="  ", site="Міська рада Черкас ухвалила програму ремонту укриттів у школах")
    text = citation_text(article, make_highlight(quote=MULTILINE_QUOTE))
    assert "\n" not in text and text.startswith("“Перший етап")
    assert text.count("Міська рада Черкас") == 1  # the site equal to the title is not repeated
    assert ", ," not in text


def test_clipboard_has_one_citation_per_highlight_separated_by_blank_lines():
    items = order_articles(sample_items())
    blocks = to_clipboard(items).split("\n\n")
    assert len(blocks) == sum(len(item.highlights) for item in items)
    assert blocks[1].startswith("«Депутаты назвали „непростым“ решение о ремонте.» — Пётр Сидоренко")
    assert to_clipboard([]) == ""
    assert to_clipboard([ExportArticle(make_article(), [])]) == ""
