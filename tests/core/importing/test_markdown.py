"""Markdown notes: typed blocks, inline runs on the normalised text, front matter, the title."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marginalia.core.blocks import HEADING, LIST_ITEM, PARAGRAPH, PREFORMATTED, QUOTE, normalize_inline
from marginalia.core.errors import BadInput
from marginalia.core.importing.markdown import clean_markdown, normalise_with_map, parse_front_matter

NOTE = """---
title: "Нотатки з редакційної наради"
author: [Олена Коваль, Ihor Savchuk]
date: 2026-11-18 09:12
url: https://www.example.org/notes/meeting
tags:
  - редакція
  - планування
---

# Нотатки з редакційної наради

Перший   пункт був **дуже  важливим**,  а *друга  тема* — про [перевірку фактів](https://factcheck.example.org)
і команду `grep -r`.

## Що вирішили

1. Перевіряти **кожне** джерело
2. Зберігати *копії* сторінок

- пункт із [дивним посиланням](javascript:alert(1))
  - вкладений пункт з [локальним](/notes/local.md)

> Цитата з **виступу**
> у два рядки.

```python
print("привіт")

x = 1
```

| Мова | Статей |
|------|--------|
| uk   | **12** |

Напишіть на [пошту](mailto:desk@example.org).
"""


def runs_of(block) -> list[tuple[str, str, str | None]]:
    return [(r.style, block.text[r.start:r.end], r.href) for r in block.runs]


def test_front_matter_gives_metadata_and_the_repeated_h1_is_dropped() -> None:
    article = clean_markdown(NOTE)
    assert article.kind == "markdown"
    assert article.title == "Нотатки з редакційної наради"
    assert article.author == "Олена Коваль, Ihor Savchuk"
    assert article.published == date(2026, 11, 18)
    assert article.url == "https://www.example.org/notes/meeting"
    assert article.site == "example.org"
    assert article.language is None
    assert article.blocks[0].kind == PARAGRAPH
    assert "редакція" not in article.text  # tags are not body text


def test_block_kinds_and_levels() -> None:
    article = clean_markdown(NOTE)
    kinds = [(b.kind, b.level) for b in article.blocks]
    assert kinds == [
        (PARAGRAPH, 0),
        (HEADING, 2),
        (LIST_ITEM, 0),
        (LIST_ITEM, 0),
        (LIST_ITEM, 0),
        (LIST_ITEM, 0),
        (QUOTE, 0),
        (PREFORMATTED, 0),
        (PARAGRAPH, 0),
        (PARAGRAPH, 0),
        (PARAGRAPH, 0),
    ]


def test_inline_runs_point_into_the_normalised_text() -> None:
    first = clean_markdown(NOTE).blocks[0]
    assert first.text == (
        "Перший пункт був дуже важливим, а друга тема — про перевірку фактів і команду grep -r."
    )
    assert runs_of(first) == [
        ("bold", "дуже важливим", None),
        ("italic", "друга тема", None),
        ("link", "перевірку фактів", "https://factcheck.example.org"),
        ("code", "grep -r", None),
    ]


def test_ordered_items_keep_numbers_and_runs_shift_with_them() -> None:
    blocks = clean_markdown(NOTE).blocks
    assert blocks[2].text == "1. Перевіряти кожне джерело"
    assert runs_of(blocks[2]) == [("bold", "кожне", None)]
    assert blocks[3].text == "2. Зберігати копії сторінок"
    assert runs_of(blocks[3]) == [("italic", "копії", None)]


def test_only_http_https_and_mailto_links_keep_a_href() -> None:
    blocks = clean_markdown(NOTE).blocks
    assert blocks[4].text == "пункт із дивним посиланням"
    assert blocks[4].runs == ()
    assert blocks[5].text == "вкладений пункт з локальним"
    assert blocks[5].runs == ()
    assert runs_of(blocks[-1]) == [("link", "пошту", "mailto:desk@example.org")]


def test_quote_code_and_table() -> None:
    blocks = clean_markdown(NOTE).blocks
    assert blocks[6].text == "Цитата з виступу у два рядки."
    assert runs_of(blocks[6]) == [("bold", "виступу", None)]
    assert blocks[7].text == 'print("привіт")\nx = 1'
    assert [blocks[8].text, blocks[9].text] == ["Мова | Статей", "uk | 12"]
    assert runs_of(blocks[9]) == [("bold", "12", None)]


def test_first_h1_is_the_title_without_front_matter() -> None:
    article = clean_markdown("Intro line.\n\n# Real title\n\nBody text.\n\n# Second h1\n")
    assert article.title == "Real title"
    assert [b.text for b in article.blocks] == ["Intro line.", "Body text.", "Second h1"]


def test_setext_heading_and_no_title() -> None:
    assert clean_markdown("Title here\n==========\n\nText.").title == "Title here"
    article = clean_markdown("## Only a subheading\n\nText.")
    assert article.title == ""
    assert article.blocks[0].kind == HEADING and article.blocks[0].level == 2


def test_nested_emphasis_and_links_give_overlapping_runs() -> None:
    block = clean_markdown("Read **the [full  report](https://example.org/r)** today.").blocks[0]
    assert block.text == "Read the full report today."
    assert sorted(runs_of(block)) == [
        ("bold", "the full report", None),
        ("link", "full report", "https://example.org/r"),
    ]


def test_front_matter_variants() -> None:
    meta, body = parse_front_matter("---\ntitle: 'A: B'\nauthors:\n  - Ann\n  - Bob\n---\nText")
    assert meta == {"title": "A: B", "authors": ["Ann", "Bob"]}
    assert body == "Text"
    assert parse_front_matter("No front matter\n---\n") == ({}, "No front matter\n---\n")


def test_front_matter_with_a_bad_date_and_a_non_web_url() -> None:
    article = clean_markdown("---\ntitle: T\ndate: someday\nurl: file:///etc/passwd\n---\nText.")
    assert article.published is None
    assert article.url is None


@pytest.mark.parametrize("text", ["", "  \n\n", "\ufeff"])
def test_empty_markdown_is_bad_input(text: str) -> None:
    with pytest.raises(BadInput):
        clean_markdown(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ç\n\t\u00a0\u00ad*_`[]()#>-")), max_size=60))
def test_any_markdown_gives_runs_inside_their_blocks(text: str) -> None:
    article = clean_markdown(text) if text.strip() else None
    for block in article.blocks if article else []:
        assert block.text == (block.text if block.kind == PREFORMATTED else normalize_inline(block.text))
        for run in block.runs:
            assert 0 <= run.start < run.end <= len(block.text)
            assert not block.text[run.start].isspace() and not block.text[run.end - 1].isspace()


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\t\u00a0\u00ad")), max_size=40))
def test_normalise_with_map_agrees_with_normalize_inline(raw: str) -> None:
    text, where = normalise_with_map(raw)
    assert text == normalize_inline(raw)
    assert len(where) == len(raw) + 1
    assert all(0 <= w <= len(text) for w in where)
    assert where == sorted(where)
