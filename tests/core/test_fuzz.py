"""Property-based fuzzing of what users feed us: random and mutated bytes into the importer,
random text into the query parser. Only clean outcomes are allowed: an article or a BadInput
from the importer, results or a QueryError from search — never another exception."""

from hypothesis import HealthCheck, given, settings, strategies as st

from marginalia.core.errors import BadInput, QueryError, UsageError
from marginalia.core.importing.article import CleanedArticle
from marginalia.core.importing.pipeline import prepare

SEEDS = [
    b"<!DOCTYPE html><html><head><meta charset='windows-1251'><title>T</title></head><body><article><h1>T</h1>"
    + "<p>Перший абзац статті про події тижня в регіоні.</p><p>Другий абзац.</p>".encode("cp1251")
    + b"</article></body></html>",
    " date 2026-01-07 Заголовок новини\nПерший абзац новини про події.\nДругий абзац.\n".encode("utf-8"),
    b"# Note\n\nSome *text* with a [link](https://example.org).\n\n- item\n",
    '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaa">]><html xmlns="http://www.w3.org/1999/xhtml"><body><p>&a;</p></body></html>'.encode(),
]


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for pos, cut, insert in edits:
        if not out:
            out.extend(insert)
            continue
        pos %= len(out)
        out[pos:pos + cut] = insert
    return bytes(out)


def _clean_outcome(data: bytes, name: str) -> None:
    try:
        article = prepare(data, name)
    except BadInput as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(article, CleanedArticle) and article.blocks and article.title.strip()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000), st.sampled_from(["a.html", "a.txt", "a.md", "noext", "a.xhtml"]))
def test_random_bytes_give_an_article_or_a_clear_reason(data, name):
    _clean_outcome(data, name)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SEEDS), st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 8), st.binary(max_size=8)),
                                        max_size=12), st.sampled_from(["a.html", "a.txt", "a.md"]))
def test_mutated_documents_give_an_article_or_a_clear_reason(seed, edits, name):
    _clean_outcome(_mutate(seed, edits), name)


QUERY_ATOMS = ["переговори", "Україну", '"гарантії безпеки"', "OR", "AND", "NOT", "-", "*", "tag:", "title:", "site:",
               "date:", "2024-01..2024-06", ">2025-03-01", "(", ")", '"', ":", "has:highlights", "is:unread",
               "color:red", "прем'єр-міністр", "grain", "exports*", "^2", "~", "[", "]", "{", "}", "\\", "'"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=60), st.lists(st.sampled_from(QUERY_ATOMS), max_size=8).map(" ".join),
                 st.lists(st.sampled_from(QUERY_ATOMS), max_size=8).map("".join)))
def test_any_query_gives_results_or_a_clear_error(tmp_path_factory, query):
    index = _index(tmp_path_factory)
    try:
        hits = index.search(query, limit=5)
    except (QueryError, UsageError) as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    assert isinstance(hits, list)


_INDEX = {}


def _index(tmp_path_factory):
    if "index" not in _INDEX:
        from datetime import date, datetime, timezone

        from marginalia.core.search.index import SearchIndex
        from marginalia.core.search.schema import ArticleDoc

        index = SearchIndex.open(tmp_path_factory.mktemp("fuzzindex"))
        index.apply(upsert=[ArticleDoc(id=1, title="Переговори про гарантії безпеки", body="Україна і союзники.",
                                       author=None, site="example.ua", url=None, tags=["безпека"], language="uk",
                                       published=date(2025, 1, 2), imported=datetime.now(timezone.utc),
                                       is_read=False, has_highlights=False, has_notes=False)])
        _INDEX["index"] = index
    return _INDEX["index"]
