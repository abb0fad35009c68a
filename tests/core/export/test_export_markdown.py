"""Markdown export: parsed back with markdown-it-py, the structure must be what a note app shows."""

from __future__ import annotations

from urllib.parse import unquote

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from marginalia.core.export.markdown import obsidian_tag, to_markdown
from marginalia.core.export.model import ExportArticle, order_articles

from .samples import MULTILINE_QUOTE, make_article, make_highlight, sample_items

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def parse(markdown: str):
    return PARSER.parse(markdown)


def top_level_headings(tokens) -> list[str]:
    return [inline_text(tokens[i + 1])[0] for i, t in enumerate(tokens) if t.type == "heading_open" and t.level == 0]


def inline_text(inline) -> tuple[str, set[str]]:
    """Rendered plain text of an inline token and the kinds of child tokens other than text."""
    parts, other = [], set()
    for child in inline.children or []:
        if child.type == "text":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        else:
            other.add(child.type)
    return "".join(parts), other


def blockquotes(tokens) -> list[tuple[list[str], set[str]]]:
    """Each top-level blockquote as (paragraph texts, non-text token kinds found inside)."""
    found, depth, current, kinds = [], 0, [], set()
    for token in tokens:
        if token.type == "blockquote_open":
            depth += 1
            if depth == 1:
                current, kinds = [], set()
            else:
                kinds.add("nested blockquote")
        elif token.type == "blockquote_close":
            depth -= 1
            if depth == 0:
                found.append((current, kinds))
        elif depth:
            if token.type == "inline":
                text, other = inline_text(token)
                current.append(text)
                kinds |= other
            elif token.type not in ("paragraph_open", "paragraph_close"):
                kinds.add(token.type)
    return found


def expected_paragraphs(quote: str) -> list[str]:
    paragraphs, lines = [], []
    for line in quote.splitlines():
        if line.strip():
            lines.append(line.strip())
        elif lines:
            paragraphs.append("\n".join(lines))
            lines = []
    if lines:
        paragraphs.append("\n".join(lines))
    return paragraphs


def links(tokens) -> list[str]:
    hrefs = []
    for token in tokens:
        for child in token.children or []:
            if child.type == "link_open":
                hrefs.append(child.attrGet("href"))
    return hrefs


def test_one_heading_per_article_even_when_a_note_contains_a_heading():
    items = order_articles(sample_items())
    headings = top_level_headings(parse(to_markdown(items)))
    assert headings == [item.article.title for item in items]


def test_every_quote_is_its_own_blockquote_with_the_exact_text():
    items = order_articles(sample_items())
    quotes = blockquotes(parse(to_markdown(items)))
    expected = [h.quote for item in items for h in item.highlights]
    assert len(quotes) == len(expected) == 6
    for (paragraphs, kinds), quote in zip(quotes, expected):
        assert kinds == set(), quote
        assert paragraphs == expected_paragraphs(quote)


def test_multiline_quote_keeps_the_marker_on_every_line():
    item = ExportArticle(make_article(), [make_highlight(quote=MULTILINE_QUOTE)])
    section = to_markdown([item]).split("\n\n", 2)[2]
    quote_lines = section.split("\n\nColour:")[0].splitlines()
    assert len(quote_lines) == len(MULTILINE_QUOTE.splitlines())
    assert all(line == ">" or line.startswith("> ") for line in quote_lines)


def test_citation_line_has_the_article_details_and_a_working_link():
    item = ExportArticle(make_article(), [make_highlight()])
    tokens = parse(to_markdown([item]))
    citation = tokens[4]  # heading (3 tokens), then the citation paragraph's inline
    text, _ = inline_text(citation)
    for part in ("Олена Дмитрук", "Черкаський вісник", "published 2025-11-25", "imported 2025-11-26"):
        assert part in text
    assert "https://vistnyk.example.ua/news/2025/11/25/ukryttya-shkoly" in links([citation])


def test_missing_author_date_and_url_leave_no_gaps():
    article = make_article(author=None, site=None, url=None, published=None, title="Local note")
    text = to_markdown([ExportArticle(article, [make_highlight()])])
    citation = text.split("\n\n")[1]
    assert citation == "Local note · imported 2025-11-26"
    assert "None" not in text


def test_url_with_spaces_and_cyrillic_still_links_and_scripts_do_not():
    url = "https://vistnyk.example.ua/статті/2025/рішення ради (повний текст)"
    hrefs = links(parse(to_markdown([ExportArticle(make_article(url=url), [])])))
    assert len(hrefs) == 1 and unquote(hrefs[0]) == url
    hostile = to_markdown([ExportArticle(make_article(url="javascript:alert(1)"), [])])
    assert links(parse(hostile)) == [] and "javascript:alert(1)" in hostile


def test_each_quote_links_back_to_its_highlight_in_the_app():
    items = order_articles(sample_items())
    hrefs = links(parse(to_markdown(items)))
    for item in items:
        for h in item.highlights:
            assert f"marginalia://article/{h.article_id}#highlight={h.id}" in hrefs


def test_tags_colour_meaning_and_orphan_status_are_shown():
    items = sample_items()
    text = to_markdown(items)
    assert "Colour: contested claim · Tags: #cold-war #Україна #бюджет/2025 #_1984 ·" in text
    assert "Orphaned" in text.split(items[0].highlights[2].quote)[1].split("\n\n#")[0]


def test_note_markdown_is_kept_and_an_unclosed_fence_is_closed():
    items = sample_items()
    tokens = parse(to_markdown(items[:1]))
    kinds = {t.type for t in tokens}
    assert {"bullet_list_open", "fence"} <= kinds
    assert any(c.type == "strong_open" for t in tokens for c in (t.children or []))
    assert "https://rada.example.ua/protokol-14" in links(tokens)
    fence = next(t for t in tokens if t.type == "fence")
    assert fence.content == "незакритий блок коду\n"


def test_empty_note_adds_no_paragraph():
    text = to_markdown([ExportArticle(make_article(), [make_highlight(note="  \n ")])])
    blocks = text.strip().split("\n\n")
    assert len(blocks) == 4  # heading, citation, quote, meta line
    assert blocks[3].startswith("Colour: key fact")


def test_obsidian_specific_markup_in_quotes_is_escaped():
    quote = "Ціна зросла на $5, а ==помітно== %%приховано%% #тег"
    text = to_markdown([ExportArticle(make_article(), [make_highlight(quote=quote)])])
    assert r"\$5" in text and r"\=\=помітно\=\=" in text and r"\%\%приховано\%\%" in text and r"\#тег" in text


def test_tag_conversion():
    assert obsidian_tag("cold war") == "cold-war"
    assert obsidian_tag("Україна") == "Україна"
    assert obsidian_tag("обов'язкові   витрати") == "обовязкові-витрати"
    assert obsidian_tag("1984") == "_1984"
    assert obsidian_tag("snake_case") == "snake_case"
    assert obsidian_tag("_hidden_") == "hidden"
    assert obsidian_tag("питання / 2025") == "питання/2025"
    assert obsidian_tag(" # ") is None
    assert obsidian_tag("") is None


def test_no_articles_gives_an_empty_document():
    assert to_markdown([]) == ""


TRICKY = st.sampled_from(list("#>|*_-+=`~[]()<>!&\\$%^:;.,'\"\t \n1234") + ["\n\n", "&amp;", "```", "---", "1.", "  ", "é", "Ї", "🇺🇦", "\u00a0", "<!--", "<pre>", "http://x.y"])
WORDS = st.sampled_from(["Київ", "рада", "word", "Рішення", "3"])
TEXT = st.lists(st.one_of(TRICKY, WORDS), min_size=1, max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(quote=TEXT.filter(lambda q: q.strip()), title=TEXT)
def test_any_quote_and_title_stay_inside_their_block(quote, title):
    article = make_article(title=title)
    tokens = parse(to_markdown([ExportArticle(article, [make_highlight(quote=quote)])]))
    assert top_level_headings(tokens) == [" ".join(title.split()) or "Untitled article"]
    quotes = blockquotes(tokens)
    assert len(quotes) == 1
    paragraphs, kinds = quotes[0]
    assert kinds == set()
    assert paragraphs == expected_paragraphs(quote)


@settings(max_examples=200, deadline=None)
@given(note=TEXT, tags=st.lists(TEXT, max_size=4))
def test_any_note_and_tags_leave_the_document_structure_intact(note, tags):
    highlights = [make_highlight(note=note, tags=tuple(tags)), make_highlight(quote="друга цитата")]
    tokens = parse(to_markdown([ExportArticle(make_article(), highlights)]))
    assert top_level_headings(tokens) == [make_article().title]
    assert [q[0] for q in blockquotes(tokens)] == [[highlights[0].quote], ["друга цитата"]]
    last = tokens[-2]
    text, kinds = inline_text(last)
    assert text.startswith("Colour: key fact") and kinds == {"link_open", "link_close"}
    meta_lines = [inline_text(t)[0] for t in tokens if t.type == "inline" and inline_text(t)[0].startswith("Colour:")]
    assert len(meta_lines) == 2
    for tag in tags:
        cleaned = obsidian_tag(tag)
        if cleaned:
            assert f"#{cleaned}" in meta_lines[0].split()


def test_note_whose_fence_sits_in_an_html_block_is_written_as_plain_text():
    note = "<div>\n```\n\nпісля блоку"
    highlights = [make_highlight(note=note), make_highlight(quote="наступна цитата")]
    tokens = parse(to_markdown([ExportArticle(make_article(), highlights)]))
    assert [q[0] for q in blockquotes(tokens)] == [[highlights[0].quote], ["наступна цитата"]]
    texts = [inline_text(t)[0] for t in tokens if t.type == "inline"]
    assert "<div>\n```" in texts and "після блоку" in texts
