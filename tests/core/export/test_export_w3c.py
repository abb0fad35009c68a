"""W3C Web Annotation export, validated against a JSON Schema written from the model's rules."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from marginalia.core.export.model import ExportArticle, order_articles
from marginalia.core.export.w3c import to_w3c

from .samples import MARKDOWN_NOTE, MULTILINE_QUOTE, make_article, make_highlight, sample_items

SCHEMA = json.loads((Path(__file__).parent / "w3c_schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)


def export(items=None) -> dict:
    return json.loads(to_w3c(order_articles(sample_items() if items is None else items)))


def annotations(document: dict) -> list[dict]:
    return document["first"]["items"] if "first" in document else []


def by_quote(document: dict) -> dict[str, dict]:
    return {a["target"]["selector"][0]["exact"]: a for a in annotations(document)}


def test_schema_itself_is_valid():
    Draft202012Validator.check_schema(SCHEMA)


def test_export_is_a_valid_annotation_collection():
    document = export()
    VALIDATOR.validate(document)
    assert document["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert document["type"] == "AnnotationCollection"
    assert document["total"] == len(annotations(document)) == 6
    assert document["first"]["type"] == "AnnotationPage"
    assert document["first"]["partOf"] == document["id"]


def test_empty_export_is_a_valid_collection_without_pages():
    document = export([])
    VALIDATOR.validate(document)
    assert document["total"] == 0 and "first" not in document


def test_annotation_with_note_tags_and_colour():
    note_annotation = by_quote(export())[MULTILINE_QUOTE]
    assert note_annotation["type"] == "Annotation"
    assert note_annotation["motivation"] == "commenting"
    assert note_annotation["id"].startswith("urn:marginalia:highlight:")
    assert (note_annotation["created"], note_annotation["modified"]) == ("2025-11-26T09:00:00Z", "2025-11-26T09:05:30Z")
    comment, *tags, colour = note_annotation["body"]
    assert comment == {"type": "TextualBody", "value": MARKDOWN_NOTE, "format": "text/markdown",
                       "language": "uk", "purpose": "commenting"}
    assert [t["value"] for t in tags] == ["cold war", "Україна", "бюджет/2025", "1984"]
    assert {t["purpose"] for t in tags} == {"tagging"}
    assert colour == {"type": "TextualBody", "value": "contested claim", "purpose": "classifying"}


def test_target_has_quote_and_position_selectors():
    annotation = by_quote(export())[MULTILINE_QUOTE]
    target = annotation["target"]
    assert target["source"] == "https://vistnyk.example.ua/news/2025/11/25/ukryttya-shkoly"
    quote, position = target["selector"]
    assert quote == {"type": "TextQuoteSelector", "exact": MULTILINE_QUOTE,
                     "prefix": "У міській раді уточнили, що ", "suffix": " Підрядників оберуть через"}
    assert position == {"type": "TextPositionSelector", "start": 900, "end": 1000}


def test_article_without_url_is_identified_by_its_content_hash():
    article = make_article(url=None)
    [annotation] = annotations(export([ExportArticle(article, [make_highlight()])]))
    assert annotation["target"]["source"] == f"urn:sha256:{article.content_hash}"
    assert annotation["motivation"] == "highlighting"


def test_orphan_keeps_only_the_quote_selector():
    orphan = [a for a in annotations(export()) if len(a["target"]["selector"]) == 1]
    assert len(orphan) == 1
    assert orphan[0]["target"]["selector"][0]["type"] == "TextQuoteSelector"


def test_same_export_gives_the_same_document_and_ids_follow_the_content():
    items = sample_items()
    assert to_w3c(items) == to_w3c(list(items))
    assert json.loads(to_w3c(items))["id"] != json.loads(to_w3c(items[:1]))["id"]


def test_hostile_or_odd_urls_still_give_valid_iris():
    items = [
        ExportArticle(make_article(id=7, url="https://example.ua/шлях з пробілами?q=\"x\""), [make_highlight()]),
        ExportArticle(make_article(id=8, url="javascript:alert(1)"), [make_highlight()]),
        ExportArticle(make_article(id=9, url="", content_hash=""), [make_highlight()]),
    ]
    document = export(items)
    VALIDATOR.validate(document)
    sources = [a["target"]["source"] for a in annotations(document)]
    assert sources[0] == "https://example.ua/шлях%20з%20пробілами?q=%22x%22"
    assert sources[1].startswith("urn:sha256:")
    assert sources[2] == "urn:marginalia:article:9"


def _break(change):
    document = export()
    change(document)
    return document


def _first(document):
    return document["first"]["items"][0]


@pytest.mark.parametrize(
    "broken",
    [
        _break(lambda d: d.update({"@context": "http://www.w3.org/ns/oa.jsonld"})),
        _break(lambda d: d.pop("id")),
        _break(lambda d: d.update(type="Collection")),
        _break(lambda d: d.update(total=-1)),
        _break(lambda d: d["first"].update(items=[])),
        _break(lambda d: d["first"].pop("type")),
        _break(lambda d: _first(d).pop("target")),
        _break(lambda d: _first(d).update(type="Note")),
        _break(lambda d: _first(d).update(id="highlight 12")),
        _break(lambda d: _first(d).update(motivation="liking")),
        _break(lambda d: _first(d).update(created="26.11.2025 09:00")),
        _break(lambda d: _first(d).update(body=[{"type": "TextualBody", "purpose": "tagging"}])),
        _break(lambda d: _first(d).update(bodyValue="also a body")),
        _break(lambda d: _first(d)["target"].pop("source")),
        _break(lambda d: _first(d)["target"]["selector"][0].pop("exact")),
        _break(lambda d: _first(d)["target"]["selector"][0].update(prefix=["two", "prefixes"])),
        _break(lambda d: _first(d)["target"]["selector"].append({"type": "TextPositionSelector", "start": -1, "end": 4})),
        _break(lambda d: _first(d)["target"]["selector"].append({"type": "TextPositionSelector", "start": 4})),
        _break(lambda d: _first(d)["target"]["selector"].append({"start": 1, "end": 4})),
    ],
)
def test_schema_rejects_broken_annotations(broken):
    errors = list(VALIDATOR.iter_errors(broken))
    assert errors, json.dumps(broken, ensure_ascii=False)[:300]


def test_schema_accepts_valid_variants_the_model_allows():
    document = export()
    variant = copy.deepcopy(document)
    variant["@context"] = ["http://www.w3.org/ns/anno.jsonld", {"extra": "http://example.org/extra#"}]
    _first(variant)["target"] = ["https://example.org/page", {"source": "https://example.org/other"}]
    _first(variant)["motivation"] = ["highlighting", "tagging"]
    VALIDATOR.validate(variant)


ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=100, deadline=None)
@given(quote=ANY_TEXT.filter(str.strip), note=ANY_TEXT, tags=st.lists(ANY_TEXT, max_size=3),
       url=st.one_of(st.none(), ANY_TEXT, ANY_TEXT.map(lambda t: "https://example.org/" + t)),
       language=st.one_of(st.none(), ANY_TEXT, st.sampled_from(["uk", "ru", "en-GB", "uk_UA"])))
def test_any_content_gives_a_valid_collection(quote, note, tags, url, language):
    article = make_article(url=url, language=language)
    document = json.loads(to_w3c([ExportArticle(article, [make_highlight(quote=quote, note=note, tags=tuple(tags))])]))
    VALIDATOR.validate(document)
    assert annotations(document)[0]["target"]["selector"][0]["exact"] == quote
