"""The start-up preview reads the same first page as the full library, without SQLAlchemy."""

import subprocess
import sys

from marginalia.core.peek import peek
from tests.helpers.articles import add_article


def test_preview_matches_the_library(library):
    for i in range(5):
        add_article(library, [f"Текст статті номер {i}."], title=f"Стаття {i}", site="Вісті")
    library.add_tags(3, ["оборона", "Литва"])
    library.add_highlight(2, quote="Текст")
    count, rows = peek(library.db_path, limit=3)
    assert count == 5
    assert rows == library.list_articles(limit=3)


def test_no_preview_for_a_missing_or_foreign_file(tmp_path):
    assert peek(tmp_path / "none.sqlite3") is None
    other = tmp_path / "other.sqlite3"
    other.write_bytes(b"not a database" * 100)
    assert peek(other) is None


def test_preview_does_not_import_sqlalchemy(library):
    add_article(library, ["Текст."], title="Одна")
    code = (f"import sys; from marginalia.core.peek import peek; r = peek({str(library.db_path)!r}); "
            "assert r[0] == 1; assert 'sqlalchemy' not in sys.modules, 'sqlalchemy imported'")
    subprocess.run([sys.executable, "-c", code], check=True)
