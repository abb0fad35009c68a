"""The HTML cleaner: saved pages of several site styles -> the article's blocks and metadata.

Fixtures are our own pages in the styles users save (a Ukrainian portal with JSON-LD and a
related feed, an old Russian table-layout portal, a Russian portal whose article is split by
inserts and ads, an English newspaper with OpenGraph, a WordPress blog, a Chrome "Save page as"
file full of base64 and scripts, a page without a single class name, a bare list of paragraphs). Each ``*.expected.json`` holds the article body.
"""

from __future__ import annotations

import base64
import json
import random
from datetime import date
from pathlib import Path

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marginalia.core.blocks import HEADING, LIST_ITEM, PARAGRAPH, PREFORMATTED, QUOTE, Block, normalize_inline
from marginalia.core.errors import BadInput
from marginalia.core.importing.html import blocks_from_tree, clean_html, confirm_title, drop_title_heading
from marginalia.core.importing.sanitize import looks_like_chrome, safe_href

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def load(name: str) -> str:
    return (FIXTURES / f"{name}.html").read_text(encoding="utf-8")


def expected(name: str) -> list[tuple]:
    return [tuple(b) for b in json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))]


def shape(blocks: list[Block]) -> list[tuple]:
    return [(b.kind, b.text, b.level) if b.level else (b.kind, b.text) for b in blocks]


# Text from navigation, sidebars, feeds, comments, share bars, footers, scripts and styles.
JUNK = {
    "uk_portal_jsonld": ["Популярне", "новий міст через Ворсклу", "Подробиці", "показати більше",
                         "Рятувальники ліквідували", "Коментарі", "Нарешті хоч щось", "Поділитися",
                         "Копіювати посилання", "Усі права захищено", "Пошук по сайту", "Головна",
                         "dataLayer", "Реклама", "1 204 переглядів", "Фото: пресслужба ОВА"],
    "ru_portal_cp1251": ["Рубрики", "Курсы валют", "Самое читаемое", "перекрытии улицы Ленина",
                         "Перепечатка материалов", "counter_id", "Архив"],
    "en_newspaper_og": ["We use cookies", "Accept all", "Most viewed", "Storm warning", "Related",
                        "Ferry operator warns", "Sign up to Coastal Mornings", "Share on X",
                        "All rights reserved", "Photograph: Sam Okafor", "Local news",
                        "local affairs correspondent", "cdn.example.com"],
    "wordpress_blog": ["Перейти до вмісту", "Про старі папери", "Поділитися", "Схожі записи",
                       "Що робити зі старим фотоальбомом", "Рубрика", "Позначки", "Попередній запис",
                       "думки про", "Дякую за пораду", "Залишити коментар", "Останні записи", "Архіви",
                       "Працює на WordPress", "wp--preset"],
    "chrome_saved_base64": ["Скрытая новость из скрипта", "Иконка поделиться", "Космос",
                            "Видео недоступно", "Включите JavaScript", "Подпишитесь", "Читайте также",
                            "Комета этой осени", "18+", "base64", "alert", "Дарья Лебедева"],
    "uk_feed_no_classes": ["Подробиці", "пункт обігріву", "Фото: ДСНС", "показати більше", "25.11",
                           "Суспільство"],
    "minimal_paragraphs": [],
    "ru_split_segments": ["Войти", "Читайте также", "Объезд по улице Садовой", "Реклама", "Новости партнёров",
                          "Врачи назвали", "Последние новости", "фестиваль уличной еды", "16+", "19 июня 2023"],
}
# Lines that belong to the article container but are calls to action: the boilerplate filter
# may remove them; the cleaner itself must not be relied on either way.
OPTIONAL = {
    "uk_portal_jsonld": {"Підписуйтесь на сторінку \"Вістей Регіону\" у Facebook"},
    "uk_feed_no_classes": {"Підписуйтесь на нашу сторінку у Facebook"},
}

META = {
    "uk_portal_jsonld": dict(
        title="Громади Полтавщини отримають мобільні котельні до морозів", author="Ярина Олійник",
        published=date(2024, 11, 25), site="Вісті Регіону",
        url="https://visti-regionu.example.ua/news/2024/11/25/kotelni-poltava"),
    "ru_portal_cp1251": dict(
        title="В Новосельске открыли музей речного транспорта", author="Игорь Селезнёв",
        published=date(2024, 11, 22), site="Городские ведомости", url=None),
    "en_newspaper_og": dict(
        title="Harbour town votes to keep its last ferry running", author="Martha Greenhalgh",
        published=date(2024, 3, 14), site="The Coastal Herald",
        url="https://www.coastalherald.example.com/news/2024/mar/14/kellmouth-ferry-vote"),
    "wordpress_blog": dict(
        title="Як я оцифровував родинний архів листів", author="Богдан Місюра",
        published=date(2023, 9, 3), site="Нотатки архіваріуса",
        url="https://notatky.example.org/2023/09/tsyfruvannia-lystiv/"),
    "chrome_saved_base64": dict(
        title="Учёные объяснили, почему лёд на северных озёрах стал тоньше", author="Дарья Лебедева",
        published=date(2024, 10, 8), site="Наука сегодня",
        url="https://nauka-segodnya.example.ru/articles/2024/10/ozero-bajkal-led"),
    "uk_feed_no_classes": dict(
        title="Волонтери відремонтували сільську амбулаторію за два місяці", author=None,
        published=date(2024, 11, 25), site=None, url=None),
    "minimal_paragraphs": dict(title="", author=None, published=None, site=None, url=None),
    "ru_split_segments": dict(
        title="Жители Заречного района добились ремонта моста", author="Павел Ермаков",
        published=date(2023, 6, 19), site="Новости Приволжья", url=None),
}


@pytest.mark.parametrize("name", sorted(META))
def test_the_article_body_is_kept_whole_and_in_order(name: str) -> None:
    article = clean_html(load(name))
    got = [b for b in shape(article.blocks) if b[1] not in OPTIONAL.get(name, ())]
    assert got == expected(name)
    assert article.kind == "html"


@pytest.mark.parametrize("name", sorted(JUNK))
def test_page_chrome_and_feeds_do_not_reach_the_text(name: str) -> None:
    text = clean_html(load(name)).text
    leaked = [junk for junk in JUNK[name] if junk in text]
    assert leaked == []


@pytest.mark.parametrize("name", sorted(META))
def test_page_metadata_reaches_the_article(name: str) -> None:
    article = clean_html(load(name))
    got = {key: getattr(article, key) for key in META[name]}
    assert got == META[name]
    assert article.language is None


def test_a_first_heading_repeating_the_title_is_dropped_but_later_headings_stay() -> None:
    article = clean_html(load("wordpress_blog"))
    headings = [b.text for b in article.blocks if b.kind == HEADING]
    assert article.title not in headings
    assert headings == ["Обладнання", "Як я називаю файли"]


@pytest.mark.parametrize("markup, chrome", [
    ('<div class="related-news">', True), ('<section class="article__related">', True),
    ('<div class="relatedPosts">', True), ('<div class="c-share-buttons">', True), ('<div id="comments">', True),
    ('<div class="ad-slot">', True), ('<div class="widget popular">', True), ('<div class="read-also">', True),
    ('<nav>', True), ('<aside>', True), ('<div role="navigation">', True), ('<p class="byline">', True),
    ('<p class="article__kicker">', True),
    ('<div class="site-content has-sidebar">', False), ('<div class="content-with-sidebar">', False),
    ('<div class="commentary">', False), ('<div class="entry-content">', False), ('<div class="header">', False),
    ('<div class="loading shadow">', False), ('<p class="tags">', False), ('<article class="related">', False),
])
def test_class_names_that_mark_page_furniture(markup: str, chrome: bool) -> None:
    assert looks_like_chrome(lxml.html.fragment_fromstring(markup + "x")) is chrome


def test_an_article_container_named_like_furniture_is_kept() -> None:
    paragraphs = [f"Абзац {i}: мешканці громади обговорили новий бюджет, ремонт доріг і шкіл на зборах." for i in range(4)]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = (f"<html><body><div class='post share-enabled'><h1>Збори громади</h1>{body}</div>"
            "<div class='share-bar'><a href='/fb'>Facebook</a></div></body></html>")
    assert [b.text for b in clean_html(page).blocks] == paragraphs


def test_a_short_article_is_not_merged_with_a_long_discussion_below_it() -> None:
    article = ["Коротка новина про відкриття нового парку на лівому березі, де висадили триста дерев і кущів.",
               "Парк відкрили після двох років робіт, на території облаштували доріжки й дитячий майданчик."]
    replies = "".join(f"<div class='reply'><div class='reply-body'><p>Відповідь {i}: я живу поруч і скажу, що дерева "
                      f"висадили дуже густо, побачимо, скільки з них переживе наступне спекотне літо.</p></div></div>"
                      for i in range(12))
    page = ("<html><body><div class='page'><div class='news'><h1>Новий парк</h1>"
            + "".join(f"<p>{p}</p>" for p in article)
            + f"</div><div class='discussion'>{replies}</div></div></body></html>")
    texts = [b.text for b in clean_html(page).blocks]
    assert texts[:2] == article and not any(t.startswith("Відповідь") for t in texts)


def test_drop_title_heading_ignores_case_and_punctuation_and_keeps_other_headings() -> None:
    blocks = [Block(HEADING, "Уряд ухвалив бюджет!", level=1), Block(PARAGRAPH, "Текст статті.")]
    assert drop_title_heading(blocks, "уряд ухвалив бюджет") == blocks[1:]
    other = [Block(HEADING, "Інший заголовок", level=2), Block(PARAGRAPH, "Текст статті.")]
    assert drop_title_heading(other, "уряд ухвалив бюджет") == other


def test_a_decorated_title_is_cut_to_the_part_the_article_repeats() -> None:
    blocks = [Block(PARAGRAPH, "В области построят три новые школы"), Block(PARAGRAPH, "Строительство начнётся весной.")]
    assert confirm_title("Новости :: В области построят три новые школы", blocks) == "В области построят три новые школы"
    assert confirm_title("Війна в Україні: головне за добу", [Block(HEADING, "Головне за добу", level=2)]) == \
        "Війна в Україні: головне за добу"
    assert confirm_title("", [Block(HEADING, "Заголовок зі сторінки", level=2)]) == "Заголовок зі сторінки"
    assert confirm_title("", [Block(PARAGRAPH, "Просто текст.")]) == ""


def test_an_old_page_with_a_bold_first_line_and_br_paragraphs() -> None:
    page = """<html><head><title>Новости :: В области построят три новые школы</title></head><body>
    <div id="menu"><a href="/">Главная</a> <a href="/n">Новости</a></div>
    <div id="article"><b>В области построят три новые школы</b><br><br>
    Строительство начнётся весной: первые две школы появятся в пригородных посёлках, где классы переполнены.<br><br>
    По словам министра образования, проекты уже прошли экспертизу, а подрядчиков выберут в феврале.<br>
    Третью школу построят в районном центре к 2027 году.<br><br>
    Родители учеников уже направили в министерство предложения по оснащению спортивных залов.
    </div><div id="footer">© Новости области 2005-2024</div></body></html>"""
    article = clean_html(page)
    assert article.title == "В области построят три новые школы"
    assert [b.text for b in article.blocks] == [
        "Строительство начнётся весной: первые две школы появятся в пригородных посёлках, где классы переполнены.",
        "По словам министра образования, проекты уже прошли экспертизу, а подрядчиков выберут в феврале.",
        "Третью школу построят в районном центре к 2027 году.",
        "Родители учеников уже направили в министерство предложения по оснащению спортивных залов.",
    ]


def test_links_keep_absolute_http_addresses_resolved_against_the_page() -> None:
    article = clean_html(load("uk_portal_jsonld"))
    block = next(b for b in article.blocks if "Кременчуцька" in b.text)
    links = [(block.text[r.start:r.end], r.href) for r in block.runs if r.style == "link"]
    assert links == [("Кременчуцька", "https://visti-regionu.example.ua/tag/kremenchuk")]
    en = clean_html(load("en_newspaper_og"))
    block = next(b for b in en.blocks if b.text.startswith("The operator"))
    runs = {(r.style, block.text[r.start:r.end], r.href) for r in block.runs}
    assert ("link", "Tarrow Ferries", "https://www.tarrowferries.example.com/") in runs
    assert ("italic", "Morwenna", None) in runs


def test_relative_links_resolve_against_source_url_when_the_page_names_no_address() -> None:
    page = ("<html><body><p>Прочитайте <a href='../docs/report.pdf'>звіт комісії</a> і "
            "<a href='#top'>нагору</a> та <a href='page2.html'>другу сторінку</a> матеріалу.</p></body></html>")
    article = clean_html(page, source_url="https://example.org/news/2024/story.html")
    assert article.url == "https://example.org/news/2024/story.html"
    hrefs = [r.href for r in article.blocks[0].runs if r.style == "link"]
    assert hrefs == ["https://example.org/news/docs/report.pdf", "https://example.org/news/2024/page2.html"]
    bare = clean_html(page)
    assert [r for r in bare.blocks[0].runs if r.style == "link"] == []


def test_run_offsets_refer_to_the_collapsed_text() -> None:
    page = """<html><body><p>
        Перше   речення\u00a0з <b>  жирним
        словом </b>,<i>курсивом</i>  і
        <a href="https://example.com/a">  посиланням
        </a>; далі   <code>код()</code>
        та <b><i>обидва</i> стилі</b> разом, а ще пере\u00adнос.
    </p></body></html>"""
    block = clean_html(page).blocks[0]
    assert block.text == ("Перше речення з жирним словом ,курсивом і посиланням ; далі код() "
                          "та обидва стилі разом, а ще перенос.")
    spans = sorted((r.style, block.text[r.start:r.end], r.href) for r in block.runs)
    assert spans == sorted([
        ("bold", "жирним словом", None),
        ("italic", "курсивом", None),
        ("link", "посиланням", "https://example.com/a"),
        ("code", "код()", None),
        ("bold", "обидва стилі", None),
        ("italic", "обидва", None),
    ])


TEXT_PIECES = st.sampled_from(["a", "б", "слово", "word", " ", "  ", "\n", "\t", "\u00a0", "\u00ad",
                               "x\u200by", ",", "«", "ї"])
INLINE_TAGS = ["b", "strong", "i", "em", "a", "code", "span"]
STYLE = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "a": "link", "code": "code"}


def _inline_tree() -> st.SearchStrategy:
    return st.recursive(
        st.lists(TEXT_PIECES, min_size=1, max_size=4).map(lambda xs: ("text", "".join(xs))),
        lambda inner: st.tuples(st.sampled_from(INLINE_TAGS), st.lists(inner, min_size=1, max_size=4)),
        max_leaves=20,
    )


def _render(node, in_link: bool = False) -> tuple[str, list[tuple[str, frozenset]]]:
    """HTML for a generated node, and each of its characters with the styles around it.
    (A link inside a link is not HTML: the parser would close the outer one, so it becomes a span.)"""
    if node[0] == "text":
        text = node[1]
        html = text.replace("&", "&amp;").replace("<", "&lt;")
        return html, [(ch, frozenset()) for ch in text]
    tag, children = node
    if tag == "a" and in_link:
        tag = "span"
    parts = [_render(c, in_link or tag == "a") for c in children]
    attrs = ' href="https://example.com/x"' if tag == "a" else ""
    html = f"<{tag}{attrs}>" + "".join(h for h, _ in parts) + f"</{tag}>"
    style = STYLE.get(tag)
    chars = [(ch, styles | {style} if style else styles) for _, cs in parts for ch, styles in cs]
    return html, chars


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_inline_tree(), min_size=1, max_size=5))
def test_runs_cover_exactly_the_styled_characters_after_whitespace_collapse(nodes) -> None:
    rendered = [_render(n) for n in nodes]
    html = "<div><p>" + "".join(h for h, _ in rendered) + "</p></div>"
    chars = [(ch, s) for _, cs in rendered for ch, s in cs if ch not in "\u00ad\u200b"]
    blocks = blocks_from_tree(lxml.html.fromstring(html))
    plain = normalize_inline("".join(ch for ch, _ in chars))
    if not plain:
        assert blocks == []
        return
    (block,) = blocks
    assert block.text == plain
    visible = [(ch, s) for ch, s in chars if not ch.isspace()]
    positions = [i for i, ch in enumerate(block.text) if ch != " "]
    assert [block.text[i] for i in positions] == [ch for ch, _ in visible]
    for style in ("bold", "italic", "link", "code"):
        covered = {i for r in block.runs if r.style == style for i in range(r.start, r.end)}
        assert {i for i, (_, s) in zip(positions, visible) if style in s} == covered & set(positions)
    for run in block.runs:
        assert 0 <= run.start < run.end <= len(block.text)
        assert block.text[run.start] != " " and block.text[run.end - 1] != " "


def test_block_kinds_lists_quotes_code_tables_and_line_breaks() -> None:
    page = """<html><body><article>
      <h2>Підсумки <br>року</h2>
      <p>Перший рядок адреси<br>Другий рядок адреси</p>
      <ol><li>пункт один</li><li>пункт <b>два</b><ul><li>вкладений пункт</li></ul></li></ol>
      <blockquote><p>Цитата перша.</p><p>Цитата друга.</p></blockquote>
      <pre>  відступ
    зберігся

кінець</pre>
      <table><tr><th>Область</th><th>Громади</th></tr><tr><td>Полтавська</td><td></td><td>60</td></tr>
        <tr><td><div>Сумська</div><div>(північ)</div></td><td><span>51</span><br>громада</td></tr></table>
      <dl><dt>Термін</dt><dd>Пояснення терміна</dd></dl>
    </article></body></html>"""
    blocks = blocks_from_tree(lxml.html.fromstring(page))
    assert shape(blocks) == [
        (HEADING, "Підсумки року", 2),
        (PARAGRAPH, "Перший рядок адреси"),
        (PARAGRAPH, "Другий рядок адреси"),
        (LIST_ITEM, "пункт один"),
        (LIST_ITEM, "пункт два"),
        (LIST_ITEM, "вкладений пункт"),
        (QUOTE, "Цитата перша."),
        (QUOTE, "Цитата друга."),
        (PREFORMATTED, "  відступ\n    зберігся\nкінець"),
        (PARAGRAPH, "Область | Громади"),
        (PARAGRAPH, "Полтавська | 60"),
        (PARAGRAPH, "Сумська (північ) | 51 громада"),
        (PARAGRAPH, "Термін"),
        (PARAGRAPH, "Пояснення терміна"),
    ]


def test_layout_tables_are_walked_like_containers() -> None:
    page = """<table><tr><td><p>Перший абзац статті в комірці макета.</p><p>Другий абзац.</p></td>
              <td><div>Бічна колонка</div></td></tr></table>"""
    assert [b.text for b in blocks_from_tree(lxml.html.fromstring(page))] == [
        "Перший абзац статті в комірці макета.", "Другий абзац.", "Бічна колонка"]


def test_images_captions_of_photos_and_alt_text_are_not_body_text() -> None:
    page = """<div><p>До <img src="a.jpg" alt="АЛЬТ-ТЕКСТ"> тексту.</p>
      <figure><img src="b.jpg"><figcaption>Фото: агенція</figcaption></figure>
      <figure><blockquote>Слова без картинки.</blockquote><figcaption>— Автор цитати</figcaption></figure></div>"""
    assert [b.text for b in blocks_from_tree(lxml.html.fromstring(page))] == [
        "До тексту.", "Слова без картинки.", "— Автор цитати"]


HOSTILE = """<!DOCTYPE html><html><head><title>Тест безпеки</title>
<meta http-equiv="refresh" content="0; url=https://evil.example/">
<base href="javascript:alert('BASE')//">
<script>document.write("SCRIPT_TEXT")</script><style>body{background:url("javascript:STYLE_TEXT")}</style>
</head><body onload="alert('ONLOAD')">
<article>
<p>Перший справжній абзац статті, який читач має побачити повністю після очищення сторінки.</p>
<p>Картинка <img src="x.png" onerror="alert('ONERROR')" alt="IMG_ALT"> і
<a href="javascript:alert('JS_LINK')">javascript-посилання</a>,
<a href=" JaVaScRiPt:alert(1)">друге</a>, <a href="java&#x09;script:alert(2)">третє</a>,
<a href="vbscript:msgbox(1)">vb</a>, <a href="data:text/html,&lt;script&gt;alert(3)&lt;/script&gt;">data</a>,
<a href="https://example.com/ok" onclick="alert('ONCLICK')">нормальне</a>,
<a href="mailto:editor@example.com">пошта</a>.</p>
<iframe src="https://evil.example/frame">IFRAME_FALLBACK</iframe>
<form action="https://evil.example/steal"><input value="INPUT_VALUE"><textarea>TEXTAREA_TEXT</textarea>
<select><option>OPTION_TEXT</option></select><button>BUTTON_TEXT</button></form>
<object data="x.swf"><param name="movie" value="x.swf">OBJECT_FALLBACK</object><embed src="x.swf">
<svg><script>SVG_SCRIPT</script><text>SVG_TEXT</text></svg>
<math><mi>MATH_TEXT</mi></math>
<noscript>NOSCRIPT_TEXT</noscript><template><p>TEMPLATE_TEXT</p></template>
<div style="display:none">HIDDEN_TEXT</div><p hidden>HIDDEN_ATTR_TEXT</p>
<p>Другий справжній абзац, теж достатньо довгий, щоб бути частиною основного тексту статті.</p>
</article></body></html>"""
HOSTILE_MARKERS = ["SCRIPT_TEXT", "STYLE_TEXT", "ONLOAD", "ONERROR", "IMG_ALT", "JS_LINK", "ONCLICK",
                   "IFRAME_FALLBACK", "INPUT_VALUE", "TEXTAREA_TEXT", "OPTION_TEXT", "BUTTON_TEXT",
                   "OBJECT_FALLBACK", "SVG_SCRIPT", "SVG_TEXT", "MATH_TEXT", "NOSCRIPT_TEXT", "TEMPLATE_TEXT",
                   "HIDDEN_TEXT", "HIDDEN_ATTR_TEXT", "BASE", "alert", "evil"]


def test_active_and_hidden_content_never_reaches_blocks_or_runs() -> None:
    article = clean_html(HOSTILE, source_url="https://news.example.org/a.html")
    dump = json.dumps([b.to_json() for b in article.blocks], ensure_ascii=False)
    assert [m for m in HOSTILE_MARKERS if m in dump] == []
    hrefs = [r.href for b in article.blocks for r in b.runs if r.style == "link"]
    assert hrefs == ["https://example.com/ok", "mailto:editor@example.com"]
    assert article.blocks[0].text.startswith("Перший справжній абзац")
    assert article.blocks[-1].text.startswith("Другий справжній абзац")
    assert "javascript-посилання" in article.blocks[1].text  # the words stay, the link goes


def test_an_article_hidden_until_a_script_shows_it_is_kept() -> None:
    paragraphs = [f"Абзац {i} статті, яку сторінка показує лише після запуску скрипта, тому в збереженому "
                  f"коді вона прихована стилем, хоча читач бачив її в браузері." for i in range(12)]
    page = ("<html><head><script>" + "var config = 1;" * 20_000 + "</script></head>"
            "<body><div class='loader' style='display:none'><article>"
            + "".join(f"<p>{p}</p>" for p in paragraphs)
            + "</article></div><div class='tip' hidden>Підказка</div><p>Завантаження…</p></body></html>")
    texts = [b.text for b in clean_html(page).blocks]
    assert texts[:12] == paragraphs


def test_collapsed_sections_marked_until_found_are_text() -> None:
    page = ("<html><body><article><p>Відкрита частина статті, яку видно одразу після завантаження сторінки.</p>"
            "<div hidden='until-found'><p>Згорнута частина статті, яку браузер розгортає під час пошуку.</p></div>"
            "</article></body></html>")
    assert "Згорнута частина статті" in clean_html(page).text


@pytest.mark.parametrize("href", ["javascript:alert(1)", " JAVASCRIPT:x", "java\tscript:x", "\x01javascript:x",
                                  "vbscript:x", "data:text/html,x", "file:///etc/passwd", "#anchor", "",
                                  "//example.com/x", "relative/page.html"])
def test_unsafe_or_unresolvable_hrefs_give_no_link(href: str) -> None:
    assert safe_href(href, None) is None


def test_safe_hrefs_are_resolved() -> None:
    assert safe_href("//cdn.example.com/x", "https://site.example/a/b") == "https://cdn.example.com/x"
    assert safe_href(" /c?d=1 ", "https://site.example/a/b") == "https://site.example/c?d=1"
    assert safe_href("MAILTO:a@b.example", None) == "MAILTO:a@b.example"


PARA = "<p>Звичайний абзац тексту, який читач має побачити навіть на дуже дивно зверстаній сторінці.</p>"


@pytest.mark.parametrize("opening", ["<div>", "<span>", "<font>", "<blockquote>", "<table><tr><td>", "<x-card>"])
def test_sixty_thousand_levels_of_nesting_still_give_the_text(opening: str) -> None:
    page = "<html><body>" + opening * 60_000 + PARA + "</body></html>"
    article = clean_html(page)
    assert "Звичайний абзац тексту" in article.text
    assert any("nested too deeply" in w for w in article.warnings)


def test_nesting_that_cannot_be_flattened_is_refused_with_a_clear_reason() -> None:
    with pytest.raises(BadInput, match="too deeply nested"):
        clean_html("<html><body>" + PARA + "<pre>" * 60_000 + "код</body></html>")


def test_moderate_nesting_keeps_structure() -> None:
    page = "<html><body>" + "<div class='wrap'>" * 300 + PARA + PARA.replace("Звичайний", "Другий") + "</div>" * 300
    article = clean_html(page + "</body></html>")
    assert len(article.blocks) == 2 and article.warnings == []


def test_xhtml_entity_bomb_and_external_entities_are_never_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    bomb = f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd" [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY secret SYSTEM "{secret.as_uri()}">
  <!ENTITY remote SYSTEM "http://127.0.0.1:9/evil.dtd">
]>
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en"><head><title>Entity test page</title></head>
<body><p>Before &lol9; and &secret; and &remote; after: the paragraph goes on to be long enough.</p>{PARA}</body></html>"""
    article = clean_html(bomb)
    assert "lollol" not in article.text
    assert "TOP-SECRET" not in article.text
    assert "]>" not in article.text
    assert article.text.startswith("Before")
    assert article.title == "Entity test page"


@pytest.mark.parametrize("page", ["", "   \n ", "<html><head><title>Порожньо</title></head><body></body></html>",
                                  "<html><body><img src='a.png' alt='тільки картинка'><script>var x = 'текст'</script></body></html>",
                                  "<!-- лише коментар -->", "<html><body><form><input value='x'></form></body></html>"])
def test_pages_without_readable_text_are_refused(page: str) -> None:
    with pytest.raises(BadInput, match="no readable text"):
        clean_html(page)


def test_malformed_markup_still_gives_the_text_in_order() -> None:
    page = ("<html><body><div><p>Перший абзац <b>з незакритим жирним<p>Другий абзац</i> продовжується</div>"
            "</span></table><p>Третій & останній < абзац > тут")
    texts = [b.text for b in clean_html(page).blocks]
    assert texts == ["Перший абзац з незакритим жирним", "Другий абзац продовжується", "Третій & останній < абзац > тут"]


def test_a_page_saved_with_megabytes_of_inline_images_and_scripts() -> None:
    rnd = random.Random(5)
    image = base64.b64encode(rnd.randbytes(300_000)).decode()
    script = "<script>window.__STATE__ = " + json.dumps({"items": ["x" * 200] * 2000}) + ";</script>"
    paragraphs = [f"Абзац номер {i}: " + " ".join(rnd.choice(["громада", "рада", "бюджет", "школа", "дорога",
                                                               "лікарня", "вулиця"]) for _ in range(40)) + "."
                  for i in range(300)]
    body = "".join(f"<p>{p}</p>" + (f'<img src="data:image/jpeg;base64,{image}">{script}' if i % 30 == 0 else "")
                   for i, p in enumerate(paragraphs))
    page = f"<html><head><title>Великий збережений матеріал</title></head><body><article>{body}</article></body></html>"
    assert len(page) > 4_000_000
    article = clean_html(page)
    assert [b.text for b in article.blocks] == paragraphs


def test_readability_keeping_one_wrapped_paragraph_is_corrected() -> None:
    rnd = random.Random(9)
    words = ["річка", "міст", "берег", "човен", "вода", "весло", "хвиля", "причал", "рибалка", "туман"]
    paragraphs = [" ".join(rnd.choice(words) for _ in range(25)).capitalize() + "." for _ in range(8)]
    wrapped = "".join(f"<div class='blk'><div class='inner'><p>{p}</p></div></div>" for p in paragraphs)
    page = f"<html><body><div class='story'>{wrapped}</div><div class='x'><a href='/'>Головна</a></div></body></html>"
    assert [b.text for b in clean_html(page).blocks] == paragraphs
