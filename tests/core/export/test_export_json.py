"""Marginalia's JSON annotation file: written, read back, and refused with a clear reason."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest

from marginalia.core.errors import BadInput
from marginalia.core.export.json_format import AnnotationSet, read_annotations, to_json
from marginalia.core.export.model import ExportArticle, order_articles
from marginalia.core.export.w3c import to_w3c
from marginalia.core.export.csl import to_csl

from .samples import MULTILINE_QUOTE, make_article, make_highlight, sample_items

EXPORTED = datetime(2025, 12, 1, 10, 30, tzinfo=timezone.utc)


def exported_document(items=None) -> dict:
    return json.loads(to_json(order_articles(items or sample_items()), exported=EXPORTED))


def test_document_has_the_versioned_envelope_and_fields():
    document = exported_document()
    assert (document["format"], document["version"], document["exported"]) == ("marginalia-annotations", 1, "2025-12-01T10:30:00Z")
    article = document["articles"][-1]
    assert set(article) == {"content_hash", "url", "title", "site", "author", "published", "highlights"}
    assert article["published"] == "2025-11-25"
    highlight = article["highlights"][-1]
    assert set(highlight) == {"id", "start", "end", "exact", "prefix", "suffix", "color", "color_name", "note",
                              "tags", "created", "updated", "orphan"}
    assert highlight["orphan"] is True


def test_text_is_written_as_readable_utf8():
    text = to_json(sample_items(), exported=EXPORTED)
    assert "Черкаський вісник" in text and "🇺🇦" in text and "\\u04" not in text


def test_round_trip_keeps_every_field():
    items = order_articles(sample_items())
    sets = read_annotations(to_json(items, exported=EXPORTED).encode("utf-8"))
    assert [s.title for s in sets] == [item.article.title for item in items]
    for annotation_set, item in zip(sets, items):
        assert isinstance(annotation_set, AnnotationSet)
        assert annotation_set.content_hash == item.article.content_hash
        assert annotation_set.url == item.article.url
        assert annotation_set.published == item.article.published
        assert len(annotation_set.highlights) == len(item.highlights)
        for read, original in zip(annotation_set.highlights, item.highlights):
            assert (read.id, read.start, read.end, read.exact, read.prefix, read.suffix) == (
                original.id, original.start, original.end, original.quote, original.prefix, original.suffix)
            assert (read.color, read.color_name, read.note, read.tags, read.orphan) == (
                original.color, original.color_name, original.note, original.tags, original.orphan)
            assert (read.created, read.updated) == (original.created, original.updated)
    assert any(h.exact == MULTILINE_QUOTE for s in sets for h in s.highlights)


def test_reads_a_file_with_a_bom_and_with_unknown_extra_keys():
    document = exported_document()
    document["articles"][0]["reading_time"] = 5
    data = b"\xef\xbb\xbf" + json.dumps(document).encode("utf-8")
    assert len(read_annotations(data)) == len(document["articles"])
    assert len(read_annotations("\ufeff" + json.dumps(document))) == len(document["articles"])


def test_deleted_highlights_are_not_exported():
    trashed = make_highlight(deleted=datetime(2025, 11, 27))
    document = exported_document([ExportArticle(make_article(), [trashed, make_highlight()])])
    assert len(document["articles"][0]["highlights"]) == 1


def test_article_without_url_author_or_date():
    article = make_article(url=None, author=None, site=None, published=None)
    [read] = read_annotations(to_json([ExportArticle(article, [make_highlight(note="")])]))
    assert (read.url, read.author, read.site, read.published) == (None, None, None, None)
    assert read.content_hash == article.content_hash


def _broken(change) -> str:
    document = exported_document()
    change(document)
    return json.dumps(document)


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"{\"format\": \"\xcf\xf0\xe8\xe2\xb3\xf2\"}", "not UTF-8 text"),  # windows-1251 bytes
        ("{ not json", "not valid JSON"),
        ("", "not valid JSON"),
        ("[1, 2]", "JSON list"),
        ('"text"', "expected a JSON object"),
        ('{"format": "something-else", "version": 1, "articles": []}', '"format" should be'),
        ('{"format": "marginalia-annotations", "version": 7, "articles": []}', "version 7, made by a newer Marginalia"),
        ('{"format": "marginalia-annotations", "version": "1", "articles": []}', '"version" must be'),
        ('{"format": "marginalia-annotations", "version": 1}', '"articles" must be a list'),
        (_broken(lambda d: d["articles"][1]["highlights"][0].update(start=-3)), "articles[1].highlights[0].start"),
        (_broken(lambda d: d["articles"][1]["highlights"][0].update(start=10**6)), '"start" must not be after "end"'),
        (_broken(lambda d: d["articles"][1]["highlights"][0].pop("exact")), "articles[1].highlights[0].exact"),
        (_broken(lambda d: d["articles"][2]["highlights"][0].update(tags="one, two")), "articles[2].highlights[0].tags"),
        (_broken(lambda d: d["articles"][2]["highlights"][0].update(orphan="no")), "orphan must be true or false"),
        (_broken(lambda d: d["articles"][2]["highlights"][0].update(created="вчора")), "created must be a date and time"),
        (_broken(lambda d: d["articles"][2].update(published="25.11.2025")), "published must be a date"),
        (_broken(lambda d: d["articles"][2].update(content_hash=None, url=None)), 'needs a "content_hash" or a "url"'),
        (_broken(lambda d: d["articles"][2].update(highlights={})), "articles[2].highlights must be a list"),
        (_broken(lambda d: d["articles"][2].update(title=42)), "articles[2].title must be text"),
    ],
)
def test_wrong_files_are_refused_with_a_one_line_reason(data, reason):
    with pytest.raises(BadInput) as caught:
        read_annotations(data)
    message = str(caught.value)
    assert reason in message
    assert "\n" not in message


def test_other_export_formats_are_recognised_and_refused_clearly():
    with pytest.raises(BadInput, match="W3C Web Annotation file"):
        read_annotations(to_w3c(sample_items()))
    with pytest.raises(BadInput, match="JSON list"):
        read_annotations(to_csl(sample_items()))


def test_empty_export_reads_as_no_sets():
    assert read_annotations(to_json([], exported=EXPORTED)) == []


def test_exported_defaults_to_now_in_utc():
    stamp = json.loads(to_json([]))["exported"]
    parsed = datetime.fromisoformat(stamp)
    assert parsed.tzinfo is not None and stamp.endswith("Z")
    assert parsed.date() >= date(2025, 1, 1)
