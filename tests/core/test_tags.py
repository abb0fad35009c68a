"""Tags on articles and highlights: add, remove, rename, merge, delete, counts."""

import pytest

from marginalia.core.errors import NotFound, UsageError
from tests.helpers.articles import add_article


def test_tag_lifecycle(library):
    a = add_article(library, ["Перший текст про оборону і безпеку країни."], title="A")
    b = add_article(library, ["Другий текст про економіку та бюджет."], title="B")
    library.add_tags(a, ["оборона", "Литва"])
    library.add_tags(b, ["ОБОРОНА", "economy"])  # same tag regardless of case
    h = library.add_highlight(b, quote="бюджет", tags=["economy"])
    counts = {t.name: (t.articles, t.highlights) for t in library.list_tags()}
    assert counts == {"оборона": (2, 0), "Литва": (1, 0), "economy": (1, 1)}
    assert [x.id for x in library.list_articles(tag="оборона")] == [b, a]

    library.rename_tag("economy", "економіка")
    assert library.get_highlight(h.id).tags == ("економіка",)
    library.merge_tags("Литва", "оборона")
    counts = {t.name: (t.articles, t.highlights) for t in library.list_tags()}
    assert counts == {"оборона": (2, 0), "економіка": (1, 1)}

    library.remove_tags(a, ["оборона"])
    assert library.get_article(a).tags == ()
    library.delete_tag("економіка")
    assert library.get_highlight(h.id).tags == ()
    assert library.get_article(b).tags == ("оборона",)


def test_tag_errors(library):
    a = add_article(library, ["Текст."], title="A")
    library.add_tags(a, ["one", "two"])
    with pytest.raises(UsageError, match="merge"):
        library.rename_tag("one", "TWO")
    with pytest.raises(NotFound):
        library.rename_tag("missing", "x")
    with pytest.raises(UsageError):
        library.add_tags(a, ["   "])
