"""The reader: exact offsets between the document and the canonical text, typography, themes,
links, no resources, search-hit marks, find in article and the remembered reading position."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings as hsettings, strategies as st
from PySide6.QtCore import QPoint, QUrl
from PySide6.QtGui import QPalette, QTextCursor, QTextDocument

from marginalia.core.blocks import HEADING, LIST_ITEM, PARAGRAPH, PREFORMATTED, QUOTE, Block, Run, canonical_text
from marginalia.ui.find_bar import FindBar, find_all
from marginalia.ui.reader import ReaderView
from marginalia.ui.reader_document import DocumentSpec, THEMES, build_document, column_width
from tests.ui.conftest import WAIT_MS, add_blocks_article, open_and_wait, paragraphs, wait_idle

BLOCKS = [
    Block(HEADING, "Як громада рахувала кошти", 2),
    Block(PARAGRAPH, "Староста показав таблицю 📊 витрат: метал, бетон і 𝕏-подібні опори.", 0,
          (Run(0, 8, "bold"), Run(17, 24, "italic"), Run(40, 45, "link", "https://example.org/zvit"))),
    Block(LIST_ITEM, "метал — 240 тисяч"),
    Block(LIST_ITEM, "бетон — 130 тисяч"),
    Block(QUOTE, "«Ми не чекали на кошторис з області», — сказав він."),
    Block(PREFORMATTED, "рядок 1\n    рядок 2 з відступом\nрядок 3"),
    Block(PARAGRAPH, "Last paragraph in English, with an emoji 👍🏽 at the end."),
]


class FakeDetail:
    """The fields of ArticleDetail that the reader uses."""

    def __init__(self, blocks, title="Звіт про міст", article_id=1):
        self.id = article_id
        self.title = title
        self.blocks = tuple(blocks)
        self.text = canonical_text(blocks)
        self.author, self.site, self.url = "Ірина Коваль", "Вісті громад", "https://example.org/mist"
        self.published = date(2025, 10, 14)
        self.read_position = 0
        self.is_read = True


def doc_text(doc: QTextDocument, start: int, end: int) -> str:
    cursor = QTextCursor(doc)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


def as_qt(text: str) -> str:
    """How canonical text reads back from a document selection."""
    return text.replace("\n\n", "\u2029").replace("\n", "\u2028")


def test_every_canonical_offset_maps_to_the_same_character(qapp):
    doc, pmap = build_document(DocumentSpec("Звіт", BLOCKS), theme=THEMES["light"], font_size=13)
    text = canonical_text(BLOCKS)
    for k, ch in enumerate(text):
        if ch == "\n" and (text[k - 1:k] == "\n" or text[k + 1:k + 2] == "\n"):
            continue  # the separator between blocks is not a document character
        position = pmap.to_doc(k)
        assert doc_text(doc, position, pmap.to_doc(k + 1)) == as_qt(ch), (k, ch)
        assert pmap.to_canon(position) == k
    assert doc_text(doc, *pmap.doc_range(0, len(text))) == as_qt(text)


block_text = st.text(alphabet=st.sampled_from(list("абвгґєїщьюя ABC xyz'’.,—") + ["😀", "𝕏", "👍", "🏽", "\t"]),
                     min_size=1, max_size=40).map(str.strip).filter(bool)


@hsettings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([PARAGRAPH, HEADING, QUOTE, LIST_ITEM, PREFORMATTED]), block_text,
                          st.booleans()), min_size=1, max_size=8), st.data())
def test_any_selection_reads_back_as_its_canonical_range(qapp, specs, data):
    blocks = []
    for kind, text, twoline in specs:
        if kind == PREFORMATTED and twoline:
            text = text + "\n" + text
        blocks.append(Block(kind, text, 2 if kind == HEADING else 0))
    doc, pmap = build_document(DocumentSpec("T", blocks), theme=THEMES["sepia"], font_size=11)
    text = canonical_text(blocks)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    # the middle of a block separator has no document position: it is the end of the block
    start, end = (k - 1 if text[k - 1:k + 1] == "\n\n" else k for k in (start, end))
    a, b = pmap.doc_range(start, end)
    assert doc_text(doc, a, b) == as_qt(text[start:end])
    assert pmap.canon_range(a, b) == ((start, end) if end > start else None)


def test_blocks_keep_their_kind_in_the_document(qapp):
    doc, pmap = build_document(DocumentSpec("Звіт", BLOCKS), theme=THEMES["light"], font_size=13)
    first = [doc.findBlock(p) for p in pmap.doc_starts]
    assert first[0].blockFormat().headingLevel() == 2
    assert first[2].textList() is not None and first[2].textList() == first[3].textList()
    assert first[4].blockFormat().leftMargin() > 0
    assert first[5].charFormat().fontFixedPitch() or "mono" in first[5].charFormat().fontFamilies()[0].lower() \
        or first[5].charFormat().font().fixedPitch()
    link = doc.findBlock(pmap.to_doc(41)).begin()
    anchors = []
    while not link.atEnd():
        fmt = link.fragment().charFormat()
        if fmt.isAnchor():
            anchors.append(fmt.anchorHref())
        link += 1
    assert anchors == ["https://example.org/zvit"]


def test_serif_font_covers_cyrillic_and_line_length_is_limited(qtbot):
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.resize(1600, 800)
    reader.show()
    reader.show_article(FakeDetail(BLOCKS))
    family = reader.document().defaultFont().families()[0]
    assert "Serif" in family or family in ("Georgia", "Times New Roman", "PT Serif")
    margin = reader.document().rootFrame().frameFormat().leftMargin()
    text_width = reader.viewport().width() - 2 * margin
    assert margin > reader.document().documentMargin()
    assert abs(text_width - column_width(reader.font_size)) < 4


def test_theme_and_font_size_change_without_losing_the_place(qtbot):
    detail = FakeDetail([Block(PARAGRAPH, f"Абзац номер {i}: " + "слово " * 60) for i in range(40)])
    reader = ReaderView(theme="light", font_size=13)
    qtbot.addWidget(reader)
    reader.resize(700, 500)
    reader.show()
    reader.show_article(detail)
    target = detail.text.index("Абзац номер 20")
    reader.scroll_to_offset(target, align_top=True)
    before = reader.top_offset()
    assert abs(before - target) < 400
    reader.set_theme("dark")
    assert reader.viewport().palette().color(QPalette.ColorRole.Base).name() == THEMES["dark"].background
    with qtbot.waitSignal(reader.font_size_changed):
        reader.zoom_in()
    assert reader.font_size == 14
    assert abs(reader.top_offset() - before) < 400


def test_links_open_only_on_click_and_only_on_the_web(qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr("marginalia.ui.reader.QDesktopServices.openUrl", lambda url: opened.append(url.toString()))
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.show_article(FakeDetail(BLOCKS))
    assert opened == []
    reader.anchorClicked.emit(QUrl("https://example.org/zvit"))
    with qtbot.waitSignal(reader.message):
        reader.anchorClicked.emit(QUrl("file:///etc/passwd"))
    reader.anchorClicked.emit(QUrl("javascript:alert(1)"))
    assert opened == ["https://example.org/zvit"]
    assert not reader.openLinks() and not reader.openExternalLinks()


def test_the_document_loads_no_resources(qtbot):
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.show_article(FakeDetail(BLOCKS))
    for url in ("file:///etc/hostname", "https://example.org/pixel.png", "data:image/png;base64,AAAA"):
        assert reader.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(url)) is None
        assert reader.document().loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(url)) is None


def test_search_words_are_marked_as_whole_words_in_any_case(qtbot):
    detail = FakeDetail(paragraphs("Переговори тривали довго.", "Після переговорів — угода; передпереговорів немає.",
                                   "ПЕРЕГОВОРІВ було три раунди."))
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.show_article(detail, hit_words=["переговорів"])
    marked = [detail.text[a:b] for a, b in reader.hit_ranges]
    assert marked == ["переговорів", "ПЕРЕГОВОРІВ"]
    assert len(reader.extraSelections()) == 2


def test_find_in_article_counts_steps_and_clears(qtbot):
    detail = FakeDetail(paragraphs("Місцева влада обіцяла міст.", "Міст збудували люди, не влада.",
                                   "Тепер через міст ходять діти."))
    reader = ReaderView()
    qtbot.addWidget(reader)
    bar = FindBar(reader)
    qtbot.addWidget(bar)
    reader.show_article(detail)
    bar.open_bar()
    bar.edit.setText("міст")
    bar.search()
    assert [detail.text[a:b] for a, b in bar.matches] == ["міст", "Міст", "міст"]
    assert bar.count_label.text() == "1 of 3"
    bar.next()
    bar.next()
    assert bar.count_label.text() == "3 of 3"
    bar.next()
    assert bar.count_label.text() == "1 of 3"
    bar.close_bar()
    assert reader.extraSelections() == []
    assert find_all("об'єкт і об’єкт", "об'єкт") == [(0, 6), (9, 15)]


def test_clicking_a_highlight_activates_it(qtbot):
    detail = FakeDetail(paragraphs("Перший абзац тексту для перевірки.", "Другий абзац має виділення всередині."))

    class H:
        id, article_id, orphan, color = 7, 1, False, "green"
        start = detail.text.index("виділення")
        end = start + len("виділення")

    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.resize(700, 400)
    reader.show()
    reader.show_article(detail, [H()])
    rect = reader.range_rect(H.start + 2, H.start + 3)
    with qtbot.waitSignal(reader.highlight_clicked) as signal:
        qtbot.mouseClick(reader.viewport(), qtbot_left(), pos=QPoint(rect.center().x(), rect.center().y()))
    assert signal.args == [7]
    assert reader.active_highlight == 7


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_reading_position_is_remembered_between_runs(make_window, qtbot):
    long_text = [f"Розділ {i}. " + "Довгий текст про відбудову мосту. " * 25 for i in range(30)]
    ids = {}

    def prepare(lib):
        ids["a"] = add_blocks_article(lib, paragraphs(*long_text), title="Довга стаття")

    window = make_window(prepare)
    open_and_wait(qtbot, window, ids["a"])
    target = window.reader.text.index("Розділ 17.")
    window.reader.scroll_to_offset(target, align_top=True)
    with qtbot.waitSignal(window.reader.position_changed, timeout=WAIT_MS) as signal:
        window.reader.verticalScrollBar().setValue(window.reader.verticalScrollBar().value() + 1)
    saved = signal.args[1]
    assert abs(saved - target) < 500
    wait_idle(qtbot, window)
    assert window.library.get_article(ids["a"]).read_position == saved
    window.reader.clear_article()
    open_and_wait(qtbot, window, ids["a"])
    assert abs(window.reader.top_offset() - saved) < 200
