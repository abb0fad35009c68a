"""Export ordering: articles by date or title, quotes in reading order, orphans last."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from marginalia.core.errors import UsageError
from marginalia.core.export.model import ExportArticle, order_articles, title_sort_key

from .samples import make_article, make_highlight, sample_items


def titles(items) -> list[str]:
    return [item.article.title for item in items]


def test_by_date_uses_published_else_imported_oldest_first():
    items = [
        ExportArticle(make_article(id=1, title="B", published=date(2025, 3, 1))),
        ExportArticle(make_article(id=2, title="A", published=None, imported=datetime(2025, 1, 15, 10))),
        ExportArticle(make_article(id=3, title="C", published=date(2024, 12, 31))),
    ]
    assert titles(order_articles(items)) == ["C", "A", "B"]
    assert titles(order_articles(items, newest_first=True)) == ["B", "A", "C"]


def test_same_date_falls_back_to_title():
    items = [ExportArticle(make_article(id=i, title=t, published=date(2025, 5, 5))) for i, t in enumerate(["Яр", "Ґанок", "Айстра"])]
    assert titles(order_articles(items)) == ["Айстра", "Ґанок", "Яр"]


def test_by_title_follows_the_ukrainian_alphabet_and_ignores_case_and_quotes():
    names = ["Їжак", "яблуко", "«Ґудзик»", "Євген", "Інна", "Иван", "Дуб", "ганок", "Apple", "  zebra"]
    items = [ExportArticle(make_article(id=i, title=t)) for i, t in enumerate(names)]
    assert titles(order_articles(items, by="title")) == [
        "Apple", "  zebra", "ганок", "«Ґудзик»", "Дуб", "Євген", "Иван", "Інна", "Їжак", "яблуко"]


def test_highlights_in_reading_order_with_orphans_last():
    a, b = make_highlight(start=50, end=60), make_highlight(start=5, end=9)
    orphan = make_highlight(start=0, end=0, orphan=True)
    item = ExportArticle(make_article(), [orphan, a, b])
    [ordered] = order_articles([item])
    assert ordered.highlights == [b, a, orphan]
    assert item.highlights == [orphan, a, b]  # the input is left alone


def test_unknown_sort_key_is_a_usage_error():
    with pytest.raises(UsageError, match="date.*title"):
        order_articles(sample_items(), by="colour")


def test_title_key_is_stable_for_empty_titles():
    assert title_sort_key("") == ()
    assert title_sort_key("«Ми»") == title_sort_key("ми")

