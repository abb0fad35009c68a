"""Signal-based removal of page junk from a cleaned list of blocks.

Used on plain-text page dumps and after readability on HTML pages. Every block is first given a
*class* from its own shape (length, sentence punctuation, stop-word density, share of letters) and
from small keyword families in Ukrainian, Russian and English (photo credits, subscribe calls,
share/tag/comment lines, copyright, cookie notices, "read also" headers, date stamps, counters).
Short lines that repeat on the page are category labels; a block repeating an earlier one is a
teaser of the article in a feed.

Then the page is cut where the junk clusters: a tail (the related-news feed, the footer) and a
head (menus, cookie notice) are found as the longest end regions in which junk weight never
falls behind prose, scored block by block. Inside the article only blocks that are junk by
themselves go; a short sentence, a quote, a subheading stay.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from marginalia.core.blocks import HEADING, LIST_ITEM, PREFORMATTED, Block

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʼ\-][^\W\d_]+)*")
_LETTER_RE = re.compile(r"[^\W\d_]")
_KEY_RE = re.compile(r"[^\W_]+(?:['’ʼ\-][^\W_]+)*")
_TOKEN_RE = re.compile(r"[^\s,;|•·∙/»›>→–—]+")
_TERMINAL_RE = re.compile(r"[.!?…][\"'»”’)\]]*$")
_URL_RE = re.compile(r"^(?:https?://|www\.)\S+$|^[\w.-]+\.(?:com|net|org|ua|ru|info|io|me)(?:/\S*)?$", re.I)

_STOP_WORDS = frozenset(
    # Ukrainian
    "і й та в у на з із зі до що як не це за від для по про при але а або чи він вона воно вони ми ви "
    "його її їх був була було були буде є вже ще також який яка яке які якого цього цієї цей ця ці "
    "після під над між через щоб так коли тому лише тільки бо якщо де там тут може можуть своїх свої "
    # Russian
    "и во с со к ко как это от о об но или ли она оно они мы вы ее её был была было были будет есть уже "
    "еще ещё также который которая которое которые после между чтобы когда только если где из же бы "
    # English
    "the a an and or but of to in on at for with from by as is are was were be been has have had it its "
    "that this which who he she they we you not will would can could after before about than then there "
    "their his her said into over".split()
)

# Small keyword families. Each matches the *start* (or the whole) of a casefolded line.
_HEADER_WORDS = (
    r"читайте також|читайте также|читай також|дивіться також|смотрите также|read also|also read|"
    r"see also|related(?: stories| articles| news| posts| coverage| content| reading)?|more (?:stories|news|"
    r"on this story|from \w+)|більше (?:новин|на тему|статей|матеріалів)|больше (?:новостей|по теме|статей)|"
    r"по темі|по теме|на тему|новини партнерів|новости партнеров|partner news|from our partners|"
    r"вас (?:може|можуть) зацікавити|вам (?:може|можуть) сподобатися|вам может (?:быть интересно|понравиться)|"
    r"you (?:may|might) (?:also )?(?:like|be interested in)|recommended(?: for you| stories)?|"
    r"рекомендуємо|рекомендуем|популярне|популярное|популярні новини|популярные новости|"
    r"most (?:read|popular|viewed)|найпопулярніше|найчитаніше|самое (?:читаемое|популярное)|"
    r"останні новини|последние новости|latest(?: news| stories)?|top stories|головне|главное|"
    r"топ новини|стрічка новин|лента новостей|news feed|інші новини|другие новости|other news|"
    r"новини за темою|новости по теме|схожі (?:новини|матеріали)|похожие (?:новости|материалы)|trending|"
    r"в тренді|в тренде|вибір редакції|выбор редакции|editor'?s picks|explore more(?: on these topics)?|"
    r"more on this (?:topic|story)|читайте більше|лента новостей|стрічка новин|головне сьогодні|"
    r"главное сегодня|головне за день|главное за день"
)
_HEADER_RE = re.compile(rf"^(?:{_HEADER_WORDS})\s*[:.!»>→]*$")
_READ_ALSO_RE = re.compile(
    r"^(?:(?:читайте|читай|дивіться|дивись|смотрите|read|see)\s+(?:також|также|тоже|also|more)|also read)"
    r"\s*(?:[:.\-—–»>→]+|\s)\s*\S|"
    r"^(?:related|по темі|по теме|на тему|більше на тему|більше про це|подробнее|детальніше)\s*[:—–»>→]+\s*\S"
)
_CREDIT_RE = re.compile(
    r"^(?:(?:ілюстративне|иллюстративное|архівне|архивное|illustrative|file|archive) (?:фото|photo|image)|"
    r"(?:фото|фотографія|фотография|photos?|image|images|picture|зображення|изображение|ілюстрація|"
    r"иллюстрация|illustration|скрін|скрин|скріншот|скриншот|screenshot|колаж|коллаж|collage|"
    r"інфографіка|инфографика|infographic|відео|видео|video|кадр|джерело фото|источник фото|автор фото|"
    r"photo credit|credit|photograph|фотограф)(?:\s*$|\s*[:©|/—–\-(]|\s+(?:з|із|зі|с|со|із|from|by|via|of|courtesy|"
    r"ілюстративне|иллюстративное|архівне|архивное|ілюстрація|illustrative|надане|предоставлено|"
    r"provided|автора)\b|\s+\S+\.[a-z]{2,}|\s+[A-ZА-ЯІЇЄҐ]))",
    re.I,
)
_CAPTION_CREDIT_RE = re.compile(
    r"(?:[.!?]|^)\s*\(?(?:фото|photo|photograph|колаж|коллаж|скрін\w*|скрин\w*|image|credit)\s*[:©]\s*[^.!?]{1,60}\)?\.?$|"
    r"(?:©|\(c\)|getty images|shutterstock|ap photo|depositphotos|unsplash)",
    re.I,
)
_CTA_RE = re.compile(
    r"підписуйтес[ья]|підпишіться|підписатися на|підпишись|подписывайтесь|подпишитесь|подписаться на|"
    r"подпишись|subscribe|sign up for|follow us|follow (?:our|the) |стежте за (?:нами|новинами)|"
    r"слідкуйте за (?:нами|новинами)|следите за (?:нами|новостями)|приєднуйтес[ья]|присоединяйтесь|"
    r"join us|join our|читайте нас|дивіться нас|смотрите нас|read us on|наш (?:telegram|телеграм|канал)|"
    r"наш telegram|our (?:telegram|newsletter|channel|app)|newsletter|розсилк[уаи]|рассылк[уаи]|"
    r"завантажуйте (?:наш )?додаток|скачивайте (?:наше )?приложение|download (?:our|the) app|"
    r"(?:підтримайте|поддержите|support) (?:нас|us|редакцію|редакцию|проєкт|проект|незалежн\w+|"
    r"independent|our)|стати патроном|become a (?:member|patron|subscriber)|(?:в|у|in|on) google news|"
    r"(?:type|enter) your e-?mail|введіть (?:ваш |свій )?(?:e-?mail|email|імейл|електронну пошту)|"
    r"введите (?:ваш |свой )?(?:e-?mail|email|электронную почту)"
)
_SOCIAL = frozenset(
    "facebook twitter x telegram viber whatsapp instagram youtube tiktok linkedin reddit email e-mail "
    "pinterest vk вконтакте threads mastodon bluesky rss messenger flipboard pocket copy link print share "
    "поділитися поделиться надіслати отправить".split()
)
_SHARE_RE = re.compile(
    r"^(?:(?:поділитис[ья]|поделиться|share(?: this(?: article| story| page| post)?)?|tweet|твітнути|"
    r"копіювати посилання|скопіювати посилання|скопировать ссылку|copy link|copy url)"
    r"(?:\s*(?:on|via|у|в|:)?\s*[\w-]*)?|роздрукувати|распечатать|друк|печать|print|зберегти|сохранить|save)$"
)
_TAGS_RE = re.compile(
    r"^(?:теги|тэги|мітки|метки|tags?|topics?|теми|темы|ключові слова|ключевые слова|keywords|"
    r"рубрик[аи]|категорі[яї]|категори[яи]|categor(?:y|ies)|filed under|розділи?|разделы?|sections?)"
    r"\s*(?:[:：]|$)"
)
_COMMENTS_RE = re.compile(
    r"^(?:\d+\s+)?(?:коментар(?:і|ів|я)?|комментари(?:и|ев|й|я)|comments?|відгуки|отзывы|обговорення|"
    r"обсуждение|discussion|replies)\b\s*(?:\(\d+\)|:\s*\d+|\d+)?\s*$|"
    r"^(?:залишити|залиште|додати|написати|оставить|оставьте|добавить|написать|leave|add|post|write|view|"
    r"show|показати|показать|читати|читать|join the)\s+(?:a\s+|all\s+|\d+\s+)?(?:коментар\w*|комментари\w*|"
    r"comments?|reply|відгук|отзыв|discussion|conversation)|"
    r"(?:увійдіть|войдите|log in|sign in|login|зареєструйтес[ья]|зарегистрируйтесь).{0,40}"
    r"(?:коментув|комментир|коментар|комментар|comment)"
)
_COPYRIGHT_RE = re.compile(
    r"©|\(c\)\s*\d{4}|\bcopyright\b|(?:усі|всі) права захищен|все права защищен|all rights reserved|"
    r"при (?:використанні|цитуванні|копіюванні|передруку) матеріал|"
    r"при (?:использовании|цитировании|копировании|перепечатке) материал|використання матеріалів|"
    r"использование материалов|передрук матеріалів|перепечатка материалов|гіперпосилання на|"
    r"гиперссылка на|may not be (?:reproduced|republished)|reproduction (?:of|in whole)"
)
_COOKIE_RE = re.compile(r"\bcookies?\b|\bкуки\b|\bкукі\b|файл(?:и|ы|ів|ов)? cookie")
_MORE_RE = re.compile(
    r"^(?:(?:показати|показать|show|load|view|see|завантажити|загрузить|дивитися|смотреть|читати|читать|"
    r"read)\s+(?:більше|ще|ещё|еще|more|all|всі|все|усі|далі|далее|full|повністю|полностью)\b.*|"
    r"(?:більше|ще|ещё|еще|more|всі|усі|все|all)\s+(?:новин|новини|новости|news|stories|статті|статьи|"
    r"articles|публікації|публикации)|детальніше|подробнее|далі|далее|continue reading|next|previous|"
    r"наступна|попередня|следующая|предыдущая|назад|вперед|вперёд|back|more|більше|ещё|еще)[\s.:!»>→…]*$"
)
_PREV_NEXT_RE = re.compile(
    r"^(?:←|→|«|»)?\s*(?:попередн\w*|наступн\w*|предыдущ\w*|следующ\w*|previous|next|older|newer)\s+"
    r"(?:запис\w*|стат\w*|публікац\w*|публикац\w*|новин\w*|новост\w*|post|posts|article|entry|story)\b"
)
_NAV_PHRASES = frozenset(
    "головна,главная,home,menu,меню,пошук,поиск,search,увійти,войти,вхід,вход,login,log in,sign in,"
    "sign up,реєстрація,регистрация,register,контакти,контакты,contacts,contact,contact us,про нас,о нас,"
    "about,about us,реклама,advertisement,advertising,ad,sponsored,спонсорський матеріал,rss,прийняти,"
    "принять,accept,accept all,закрити,закрыть,close,ok,got it,skip to content,перейти до вмісту,"
    "перейти к содержанию,skip to main content,skip to navigation,main menu,головне меню,"
    "english,українська,русский,укр,рус,eng,ua,ru,en,"
    "політика конфіденційності,политика конфиденциальности,privacy policy,terms of use,terms of service,"
    "умови використання,условия использования,редакція,редакция,newsroom,архів,архив,archive,вакансії,"
    "вакансии,jobs,careers,партнерський матеріал,промо,promo,subscribe,підписатися,подписаться,like,"
    "вподобати,comment,коментувати,комментировать,reply,відповісти,ответить,follow,restack,repost,"
    "start writing,get the app,завантажити додаток,скачать приложение,terms,privacy,collection notice,"
    "cookie policy,cookies,sitemap,мапа сайту,карта сайта,help,допомога,помощь,faq".split(",")
)
_COUNTER_WORDS = (
    r"перегляд\w*|просмотр\w*|views?|reads?|коментар\w*|комментари\w*|comments?|відгук\w*|отзыв\w*|"
    r"likes?|вподобан\w*|лайк\w*|shares?|репост\w*|reposts?|читач\w*|читател\w*"
)
_COUNTER_RE = re.compile(
    rf"^(?:[^\w\s]{{1,3}}\s*)?\d[\d\s.,]*[kкmм]?\s*(?:тис\.?|тыс\.?)?\s*(?:{_COUNTER_WORDS})?$|"
    rf"^(?:{_COUNTER_WORDS})\s*[:(]?\s*\d[\d\s.,]*[kк]?\)?$"
)
_RELATIVE = frozenset(
    "сьогодні вчора позавчора сегодня вчера позавчера today yesterday тому назад ago щойно just now "
    "хвилину хвилини хвилин хв годину години годин год день дні днів дня дней тиждень тижні тижнів "
    "місяць місяці місяців минуту минуты минут мин час часа часов ч неделю недели недель месяц месяца "
    "месяцев minute minutes min mins hour hours hr hrs day days week weeks month months an a о в at on "
    "р року г года updated оновлено обновлено".split()
)
_STAMP_TOKEN_RE = re.compile(
    r"^(?:\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}(?::\d{2})?|\d{1,4}|"
    r"\d{1,2}(?:am|pm))\.?$"
)


@dataclass
class _Info:
    """A block's class and its weight in the junk-vs-prose score (junk > 0, prose < 0)."""

    kind: str
    weight: float
    content: bool = False
    marker: bool = False  # a sign of a feed, menu or footer by itself


_FEED_MARKERS = frozenset({"byline", "stamp", "label", "header", "dup", "counter", "more", "nav", "menu", "cookie"})
# Junk classes removed wherever they are; the others go only with a cut head or tail.
_ALWAYS_DROP = frozenset({
    "stamp", "counter", "header", "read_also", "credit", "cta", "share", "tags", "comments",
    "copyright", "cookie", "more", "nav", "symbols", "dup", "label", "byline",
})
_TEASER_NEIGHBOURS = frozenset({"stamp", "counter", "label", "label2", "dup", "more", "header"})
_WEIGHTS = {"credit": 0.5, "shortline": 0.5, "url": 0.5, "noise": 0.5}


# Junk is short: a block longer than this is never junk by itself, and long blocks are
# compared and measured on a sample, so a 20-million-character block costs what a page does.
LONG_BLOCK = 1500
SAMPLE = 4000


@lru_cache(maxsize=4096)
def normalize_key(text: str) -> str:
    """A comparison key: casefolded words only (quotes, dashes and spacing ignored)."""
    if len(text) > SAMPLE:
        text = f"{text[:SAMPLE]} {len(text)}"
    return " ".join(_KEY_RE.findall(text.casefold().replace("’", "'").replace("ʼ", "'")))


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def _is_stamp(low: str) -> bool:
    """A date/time stamp such as ``25.11``, ``23:15``, ``Вчора, 12:30``, ``2 hours ago``."""
    from marginalia.core.importing.dates import month_number

    tokens = _TOKEN_RE.findall(low)
    if not tokens or len(tokens) > 7:
        return False
    dated = other = 0
    for token in tokens:
        bare = token.strip(".:()[]")
        if _STAMP_TOKEN_RE.match(token) or month_number(bare):
            dated += 1
        elif bare in _RELATIVE:
            dated += bare in ("сьогодні", "вчора", "сегодня", "вчера", "today", "yesterday", "ago",
                              "тому", "назад", "позавчора", "позавчера")
        else:
            other += 1
    if dated == 0:
        return False
    if other == 0:
        return True
    numeric = any(re.match(r"^\d{1,2}[.:/]\d{2}", t) for t in tokens)
    return numeric and other <= 2 and len(tokens) <= 5 and not _TERMINAL_RE.search(low)


def _is_byline(text: str) -> bool:
    """A dated byline or an explicit "Автор:"/"By" line: metadata, not article text."""
    from marginalia.core.importing.dates import AUTHOR_RE, read_byline

    found = read_byline(text)
    return found is not None and ("date" in found or "updated" in found or bool(AUTHOR_RE.match(text.strip())))


def _is_nav(low: str) -> bool:
    parts = [p.strip() for p in re.split(r"\s*[|•·∙/»›>→]\s*|\s{2,}", low) if p.strip()]
    if not parts:
        return False
    if all(p.strip(".:!") in _NAV_PHRASES for p in parts):
        return True
    tokens = _TOKEN_RE.findall(low)
    if tokens and all(t.strip(".:!") in _NAV_PHRASES or t.strip(".:!") in _SOCIAL for t in tokens):
        return True
    # a breadcrumb: Головна > Новини > Політика
    return len(parts) >= 3 and bool(re.search(r"[>»›→]|\s/\s|\|", low)) and all(
        len(p.split()) <= 4 and not _TERMINAL_RE.search(p) for p in parts
    )


@lru_cache(maxsize=4096)
def junk_kind(text: str) -> str | None:
    """The kind of page junk ``text`` is by itself ("credit", "cta", "stamp", ...), or None."""
    if len(text) > LONG_BLOCK:
        return None
    low = " ".join(text.casefold().replace("\u00a0", " ").split())
    if not low:
        return "symbols"
    words = _words(low)
    n = len(words)
    if not words:
        return "counter" if _COUNTER_RE.match(low) else "symbols"
    if n <= 7 and _is_stamp(low):
        return "stamp"
    if n <= 16 and _is_byline(text):
        return "byline"
    if n <= 4 and _COUNTER_RE.match(low):
        return "counter"
    if n <= 8 and _HEADER_RE.match(low):
        return "header"
    if n <= 35 and _READ_ALSO_RE.match(low):
        return "read_also"
    if n <= 20 and len(low) <= 200 and _CREDIT_RE.match(text.strip()):
        return "credit"
    if n <= 25 and _CAPTION_CREDIT_RE.search(low) and not _COPYRIGHT_RE.search(low):
        return "credit"
    if n <= 35 and _CTA_RE.search(low):
        return "cta"
    if n <= 6 and _SHARE_RE.match(low):
        return "share"
    if n <= 40 and _TAGS_RE.match(low) or (low.startswith("#") and all(t.startswith("#") for t in low.split())):
        return "tags"
    if n <= 15 and _COMMENTS_RE.search(low):
        return "comments"
    if n <= 60 and _COPYRIGHT_RE.search(low):
        return "copyright"
    if n <= 70 and _COOKIE_RE.search(low):
        return "cookie"
    if n <= 6 and _MORE_RE.match(low):
        return "more"
    if n <= 14 and _PREV_NEXT_RE.match(low):
        return "more"
    if n <= 12 and _is_nav(low):
        return "nav"
    return None


def _shape(block: Block) -> _Info:
    """Class of a block that is not junk by itself: prose, a short line, a URL, noise."""
    text = block.text[:SAMPLE]
    words = _words(text)
    n = len(words)
    letters = len(_LETTER_RE.findall(text))
    visible = (len(text) - text.count(" ")) or 1
    terminal = bool(_TERMINAL_RE.search(text.rstrip()))
    stop = sum(w.casefold() in _STOP_WORDS for w in words) / (n or 1)
    if _URL_RE.match(text.strip()):
        return _Info("url", 0.5)
    if letters / visible < 0.45 and not terminal:
        return _Info("noise", 0.5)
    if block.kind == LIST_ITEM and not terminal:
        return _Info("item", 0.0)
    prose = (terminal and n >= 4) or (n >= 14 and stop >= 0.1) or n >= 30
    if block.kind == HEADING and not prose:
        return _Info("heading", 0.0)  # the page's own structure: neither prose nor junk
    if prose:
        long = n >= 40 or len(text) >= 280
        return _Info("long" if long else "prose", -3.0 if long else -1.5, content=True)
    if terminal and n >= 1 and not text.rstrip().endswith(":"):
        return _Info("prose", -1.0, content=True)  # a very short sentence: "Так." / "Слава Україні!"
    if n >= 3 and not any(w.casefold() in _STOP_WORDS for w in words) and all(w[:1].isupper() for w in words) \
            and not re.search(r"[,:;!?]", text):
        return _Info("menu", 1.0, marker=True)
    if n >= 4:
        return _Info("shortline", 0.5)  # headline-like: a teaser link, a subheading
    return _Info("fragment", 0.25)  # a word or two: a label, a menu entry, a list entry


def _classify(blocks: list[Block]) -> list[_Info]:
    keys = [normalize_key(b.text) for b in blocks]
    short_counts = Counter(
        k for b, k in zip(blocks, keys)
        if k and len(k.split()) <= 4 and not _TERMINAL_RE.search(b.text) and not b.text.rstrip().endswith(":")
    )
    seen: set[str] = set()
    infos: list[_Info] = []
    for block, key in zip(blocks, keys):
        if block.kind == PREFORMATTED:
            infos.append(_Info("pre", -1.5, content=True))
            continue
        kind = junk_kind(block.text)
        if kind is None and key in seen and len(key.split()) >= 5:
            kind = "dup"
        elif kind is None and short_counts.get(key, 0) >= 2:
            kind = "label"
        if kind is not None:
            weight = _WEIGHTS.get(kind, 1.0)
            infos.append(_Info(kind, weight, marker=kind in _FEED_MARKERS))
            if kind == "label" and short_counts[key] < 3:
                infos[-1].kind = "label2"  # twice only: junk in a feed, kept inside the article
        else:
            infos.append(_shape(block))
        if key:
            seen.add(key)
    # A short paragraph standing next to a date stamp or a category label is a feed teaser.
    for i, info in enumerate(infos):
        if info.kind == "prose" and info.weight < -1.0:
            before = infos[i - 1].kind if i else ""
            after = infos[i + 1].kind if i + 1 < len(infos) else ""
            if before in _TEASER_NEIGHBOURS or (after in _TEASER_NEIGHBOURS and after != "header"):
                info.kind, info.weight = "teaser", -0.75
    return infos


def _tail_start(infos: list[_Info], *, dip: float = -0.3, need: float = 1.0,
                worst: float = -3.0) -> int | None:
    """First index from which the page to the end is junk: the start of a feed or a footer.

    From there the running junk score never falls below ``dip``, no stretch inside scores below
    ``worst`` (two teasers in a row at most: more consecutive prose is an article), and the total
    reaches ``need`` with a feed marker, two other junk blocks or three headline-like lines. None
    when there is no such region, or when no prose would be left before it.
    """
    total = len(infos)
    first_content = next((i for i, info in enumerate(infos) if info.content), total)
    # Suffix tables, so each start is judged in constant time (pages can have thousands of lines).
    prefix = [0.0]
    for info in infos:
        prefix.append(prefix[-1] + info.weight)
    lowest = [float("inf")] * (total + 1)  # lowest prefix[j + 1] for j >= i
    worst_from = [0.0] * (total + 1)  # lowest sum of a stretch lying inside infos[i:]
    starting = 0.0  # lowest sum of a stretch starting at i
    markers = [0] * (total + 1)
    shortlines = [0] * (total + 1)
    for i in range(total - 1, -1, -1):
        info = infos[i]
        lowest[i] = min(prefix[i + 1], lowest[i + 1])
        starting = info.weight + min(0.0, starting)
        worst_from[i] = min(starting, worst_from[i + 1])
        markers[i] = markers[i + 1] + (2 if info.marker else info.kind in _ALWAYS_DROP)
        shortlines[i] = shortlines[i + 1] + (info.kind == "shortline")
    for start in range(first_content + 1, total):
        if infos[start].content:
            continue
        if lowest[start] - prefix[start] < dip or worst_from[start] < worst:
            continue
        if prefix[total] - prefix[start] >= need and (markers[start] >= 2 or shortlines[start] >= 3):
            return start
    return None


def _drop_duplicates(blocks: list[Block], title: str | None) -> list[Block]:
    """Remove consecutive duplicates and a leading block that repeats the title."""
    out: list[Block] = []
    last = ""
    for block in blocks:
        key = normalize_key(block.text)
        if not block.text.strip() or (key and key == last):
            continue
        out.append(block)
        last = key
    if title and out and same_text(out[0].text, title):
        out = out[1:]
    return out


def same_text(a: str, b: str) -> bool:
    """True when two lines say the same (case, quotes, punctuation and a site suffix ignored)."""
    ka, kb = normalize_key(a), normalize_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    shorter, longer = sorted((ka, kb), key=len)
    if longer.startswith(shorter) and len(shorter) >= 0.7 * len(longer):
        return True
    from rapidfuzz import fuzz

    return fuzz.ratio(ka, kb) >= 92


def _drop_after_headers(blocks: list[Block], infos: list[_Info], keep: list[bool]) -> None:
    """A "read also" header inside the article takes the link lines below it along."""
    for i, info in enumerate(infos):
        if info.kind != "header":
            continue
        for j in range(i + 1, min(i + 7, len(blocks))):
            if infos[j].kind in ("shortline", "fragment", "item", "url", "menu") or not infos[j].content and \
                    infos[j].kind in _ALWAYS_DROP:
                keep[j] = False
            else:
                break


def strip_boilerplate(blocks: list[Block], *, title: str | None = None) -> list[Block]:
    """Remove page junk from ``blocks`` and return the article's blocks (in order, unchanged)."""
    blocks = _drop_duplicates(list(blocks), title)
    if not blocks:
        return []
    infos = _classify(blocks)
    keep = [True] * len(blocks)
    tail = _tail_start(infos)
    end = len(blocks) if tail is None else tail
    for i in range(end, len(blocks)):
        keep[i] = False
    # The same search from the top, above the feed; stricter, as menus seldom hold prose.
    head = _tail_start(infos[:end][::-1], need=2.0, worst=-1.5)
    if head is not None:
        for i in range(0, end - head):
            keep[i] = False
    for i, info in enumerate(infos):
        if info.kind in _ALWAYS_DROP:
            keep[i] = False
    _drop_after_headers(blocks, infos, keep)
    # Weak junk (menus, bare URLs, labels seen twice) at the very start goes too.
    for i, info in enumerate(infos):
        if not keep[i]:
            continue
        if info.kind in ("menu", "url", "noise", "label2"):
            keep[i] = False
            continue
        break
    if not any(keep[i] and infos[i].content for i in range(len(blocks))):
        # Nothing that reads like prose survived: better keep the text than lose the article.
        keep = [info.kind not in _ALWAYS_DROP for info in infos]
    result = [b for b, k in zip(blocks, keep) if k]
    return _drop_duplicates(result, title)
