"""Synthetic Ukrainian news corpus for the benchmarks (search, import).

The vocabulary is built from real Ukrainian lemmas inflected by pymorphy3 into their case,
number, gender and tense forms, and words are drawn with a Zipf distribution over lemmas, so
the index sees what it sees on real news: many inflected forms of a few thousand words, a long
tail, function words everywhere. Everything is deterministic for a given seed.

Use :func:`generate_articles` for plain documents and the ``render_*`` functions for the raw
shapes users import: a whole page dump with a related-news feed (``render_page_text``), a clean
article whose first line is ``date YYYY-MM-DD <title>`` (``render_clean_text``) and a saved HTML
page in a given encoding (``render_html``).
"""

from __future__ import annotations

import html
import itertools
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Iterator

NOUNS = """україна росія війна уряд президент міністр оборона безпека переговори армія військо союзник
країна держава місто область село регіон фронт атака удар ракета дрон обстріл енергетика економіка
бюджет податок ціна гривня долар банк кредит інфляція зерно експорт імпорт торгівля порт корабель море
кордон митниця санкція закон парламент депутат рада комітет суд прокурор поліція злочин корупція
розслідування журналіст видання газета заява інтерв'ю коментар джерело інформація звіт документ угода
договір допомога підтримка зброя техніка танк літак гелікоптер артилерія снаряд боєприпас командир
генерал солдат бригада операція наступ позиція територія окупація окупант населення людина житель
дитина родина жінка чоловік школа університет студент вчитель лікар лікарня здоров'я медицина вакцина
хвороба погода зима літо осінь весна тиждень місяць рік день ніч ранок вечір година хвилина мир
перемир'я гарантія мета план стратегія рішення питання проблема ситуація розвиток реформа вибори
кандидат партія політик політика дипломат посол посольство візит зустріч саміт конференція делегація
лідер канцлер адміністрація офіс служба розвідка агентство компанія підприємство завод виробництво
робота працівник зарплата пенсія виплата програма проєкт фонд інвестиція ринок газ нафта вугілля
станція мережа світло відключення тепло вода транспорт залізниця потяг автомобіль дорога міст будинок
квартира житло руйнування відновлення волонтер культура музей театр фільм книга мова історія пам'ять
свято спорт футбол команда матч чемпіонат перемога поразка втрата жертва сила засіб внесок дискусія
напрямок брехня увага подробиця наслідок причина умова вимога рівень кількість частина учасник
експерт аналітик дослідження опитування громадянин суспільство свобода право демократія незалежність
столиця громада мер губернатор чиновник керівник голова представник речник фермер протест блокада
вантажівка перевізник пункт перехід біженець евакуація укриття тривога сирена перехоплення уламок
пожежа рятувальник пошкодження електростанція підстанція ремонт графік""".split()

PROPER = """Київ Харків Одеса Львів Дніпро Запоріжжя Херсон Миколаїв Полтава Чернігів Суми Донеччина
Луганщина Крим Франція Німеччина Польща Литва Британія Америка Європа Туреччина Китай Японія Канада
Зеленський Макрон Шольц Байден Трамп Туск Ердоган Буданов""".split()

ADJECTIVES = """український російський європейський американський французький британський німецький
польський новий великий головний важливий міжнародний державний національний місцевий цивільний
енергетичний економічний політичний військовий останній наступний перший другий сильний складний
безпековий офіційний спільний західний східний південний північний масований ворожий окупаційний
нічний фінансовий гуманітарний дипломатичний регіональний обласний міський критичний додатковий
ключовий стратегічний тимчасовий""".split()

VERBS = """заявити повідомити сказати зазначити наголосити підтвердити оголосити вирішити підписати
обговорити провести отримати передати надати допомогти атакувати знищити звільнити захистити
відновити збільшити зменшити розпочати продовжити планувати готувати працювати говорити відбутися
стати мати могти хотіти знати бачити вважати закликати пояснити розповісти погодитися відмовитися
дозволити заборонити запровадити скасувати відкрити закрити отримувати надавати постачати
обстрілювати""".split()

FUNCTION_WORDS = """в у на з із до про за від не як що та і й але або це той цей який свій він вона
вони ми ви щодо після через під над між для без також вже ще лише тільки зокрема навіть кілька понад
близько його її їх так коли де там тут якщо щоб бо адже проте однак""".split()

#: Fixed collocations dropped into sentences, so phrase queries have something to find.
COLLOCATIONS = [
    "гарантії безпеки", "міністр оборони", "збройні сили", "мирні переговори",
    "енергетична інфраструктура", "експорт зерна", "повітряна тривога", "прем'єр-міністр Британії",
    "обласна військова адміністрація", "Верховна Рада", "Генеральний штаб", "морський коридор",
    "ракетний удар", "відключення світла", "санкції проти Росії", "допомога Україні",
    "гуманітарна допомога", "лінія фронту", "Міністерство закордонних справ", "ціни на газ",
]

SITES = [
    ("Українська правда", "www.pravda.com.ua"), ("РБК-Україна", "www.rbc.ua"),
    ("Укрінформ", "www.ukrinform.ua"), ("Новинарня", "novynarnia.com"),
    ("Главком", "glavcom.ua"), ("Суспільне", "suspilne.media"), ("Дзеркало тижня", "zn.ua"),
    ("Економічна правда", "www.epravda.com.ua"), ("ЛІГА.net", "news.liga.net"),
    ("Радіо Свобода", "www.radiosvoboda.org"), ("hromadske", "hromadske.ua"),
    ("Фокус", "focus.ua"),
]

AUTHORS = [
    "Олена Коваленко", "Андрій Шевчук", "Ірина Бондар", "Максим Ткаченко", "Наталія Мельник",
    "Тарас Кравець", "Оксана Литвин", "Богдан Савченко", "Юлія Руденко", "Дмитро Олійник",
    "Світлана Марченко", "Віктор Гнатюк", None, None,
]

TAGS = [
    "війна", "економіка", "енергетика", "дипломатія", "санкції", "фронт", "політика", "суспільство",
    "регіони", "культура", "cold war", "НАТО", "ЄС", "зерно", "освіта", "медицина",
]

COLORS = [("yellow", "key point"), ("red", "contested claim"), ("green", "evidence"),
          ("blue", "background"), ("purple", "follow up")]

_ZIPF_S = 1.05  # Zipf-Mandelbrot exponent and offset over lemma ranks
_ZIPF_Q = 2.7


@dataclass
class NewsArticle:
    """One generated news article: plain fields, body paragraphs, a deterministic date."""

    id: int
    title: str
    lead: str
    paragraphs: list[str]
    author: str | None
    site: str
    domain: str
    url: str
    published: date
    tags: list[str] = field(default_factory=list)
    language: str = "uk"

    @property
    def body(self) -> str:
        """The canonical text: lead and paragraphs joined by a blank line."""
        return "\n\n".join([self.lead, *self.paragraphs])

    @property
    def imported(self) -> datetime:
        return datetime.combine(self.published, datetime.min.time()) + timedelta(days=3, hours=9)


@dataclass
class NewsHighlight:
    """A highlight a reader could have made on a generated article."""

    id: int
    article_id: int
    article_title: str
    quote: str
    note: str
    tags: list[str]
    color: str
    color_name: str
    created: datetime
    published: date


class Vocabulary:
    """Inflected word forms with Zipf weights over lemmas; :meth:`words` draws a sample.

    Ranks: function words first (mostly), then the hand-picked news lemmas above, then a long
    tail of ``tail`` real lemmas taken from the pymorphy3 dictionary. Without the tail every
    content word would be in most articles, far denser than real news, where a word a user
    searches for is typically in 1-20 % of the articles.
    """

    def __init__(self, seed: int = 7, tail: int = 6000) -> None:
        rng = random.Random(seed)
        words = [(w, "FUNC") for w in FUNCTION_WORDS] + [(w, "NOUN") for w in NOUNS]
        words += [(w, "PROPER") for w in PROPER] + [(w, "ADJF") for w in ADJECTIVES]
        words += [(w, "VERB") for w in VERBS]
        # Function words tend to rank first, content words spread over the head.
        words.sort(key=lambda item: rng.random() * (0.25 if item[1] == "FUNC" else 1.0))
        known = {w.lower() for w, _ in words}
        words += [item for item in _tail_lemmas(tail, seed) if item[0] not in known]
        entries = [(lemma, [lemma] if pos == "FUNC" else _inflect(lemma, pos)) for lemma, pos in words]
        self.lemmas = [lemma for lemma, _ in entries]
        self.forms_of = {lemma: forms for lemma, forms in entries}
        forms: list[str] = []
        weights: list[float] = []
        for rank, (_, lemma_forms) in enumerate(entries, start=1):
            lemma_weight = 1.0 / (rank + _ZIPF_Q) ** _ZIPF_S
            # The first forms of a lexeme (nominative, genitive...) are the most frequent ones.
            form_weights = [1.0 / (i + 1) for i in range(len(lemma_forms))]
            total = sum(form_weights)
            for form, fw in zip(lemma_forms, form_weights):
                forms.append(form)
                weights.append(lemma_weight * fw / total)
        self.forms = forms
        self.cum_weights = list(itertools.accumulate(weights))

    def words(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.forms, cum_weights=self.cum_weights, k=k)

    def lemma_by_rank(self, rank: int) -> str:
        """The lemma of a given frequency rank (0 = most frequent), function words included."""
        return self.lemmas[rank]

    def content_lemmas(self) -> list[str]:
        """Lemmas that are not function words, most frequent first."""
        skip = set(FUNCTION_WORDS)
        return [lemma for lemma in self.lemmas if lemma not in skip]


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="uk")


def _inflect(lemma: str, pos: str) -> list[str]:
    """All distinct forms of a lemma (pymorphy3 lexeme), the lemma first; names keep capitals."""
    word = lemma.lower()
    wanted = {"NOUN": ("NOUN",), "PROPER": ("NOUN",), "ADJF": ("ADJF",), "VERB": ("VERB", "INFN")}[pos]
    parses = [p for p in _morph().parse(word) if p.tag.POS in wanted and p.is_known]
    forms = [word]
    if parses:
        for form in parses[0].lexeme:
            if form.word not in forms and "-" not in form.word:
                forms.append(form.word)
    if pos == "PROPER":
        forms = [f[:1].upper() + f[1:] for f in forms]
    return forms[:24]


def _tail_lemmas(count: int, seed: int) -> list[tuple[str, str]]:
    """``count`` real lemmas (nouns, adjectives, verbs) picked from the pymorphy3 dictionary under
    random three-letter beginnings, at most two per beginning."""
    morph = _morph()
    words = morph.dictionary.words
    rng = random.Random(seed * 31 + 5)
    alphabet = "абвгдежзиклмнопрстуфхцчшщюяєії"
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    pos_of = {"NOUN": "NOUN", "ADJF": "ADJF", "INFN": "VERB"}
    while len(out) < count:
        prefix = "".join(rng.choice(alphabet) for _ in range(3))
        taken = 0
        for key in itertools.islice(words.iterkeys(prefix), 0, 300):
            if key in seen or len(key) < 5 or not key.isalpha():
                continue
            parses = [p for p in morph.parse(key)
                      if p.is_known and p.normal_form == key and p.tag.POS in pos_of]
            if not parses:
                continue
            seen.add(key)
            out.append((key, pos_of[parses[0].tag.POS]))
            taken += 1
            if taken == 2 or len(out) == count:
                break
    return out


@lru_cache(maxsize=4)
def vocabulary(seed: int = 7) -> Vocabulary:
    return Vocabulary(seed)


def _sentence(vocab: Vocabulary, rng: random.Random, length: int) -> str:
    words = vocab.words(rng, length)
    if rng.random() < 0.06:
        words.insert(rng.randrange(len(words)), rng.choice(COLLOCATIONS))
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words)), str(rng.randint(2, 2025)))
    text = " ".join(words)
    text = text[:1].upper() + text[1:]
    if rng.random() < 0.12:
        cut = text.find(" ", len(text) // 2)
        if cut > 0:
            text = text[:cut] + "," + text[cut:]
    return text + rng.choice(".......!?")


def _paragraph(vocab: Vocabulary, rng: random.Random, words_left: int) -> tuple[str, int]:
    sentences, used = [], 0
    for _ in range(rng.randint(1, 4)):
        n = rng.randint(6, 22)
        sentences.append(_sentence(vocab, rng, n))
        used += n
        if used >= words_left:
            break
    text = " ".join(sentences)
    if rng.random() < 0.2:
        quote = _sentence(vocab, rng, rng.randint(6, 14))
        text = f"«{quote}», — {rng.choice(['заявив', 'сказала', 'наголосив', 'зазначила'])} {rng.choice(PROPER)}."
    return text, used


def generate_articles(n: int, *, seed: int = 1, min_words: int = 300, max_words: int = 900,
                      start: date = date(2022, 1, 1), days: int = 1460) -> Iterator[NewsArticle]:
    """Yield ``n`` articles with ids 1..n, each ``min_words``..``max_words`` words long."""
    vocab = vocabulary()
    rng = random.Random(seed)
    for article_id in range(1, n + 1):
        target = rng.randint(min_words, max_words)
        title = _sentence(vocab, rng, rng.randint(6, 12)).rstrip(".!?")
        lead = _sentence(vocab, rng, rng.randint(10, 20))
        paragraphs, words = [], 0
        while words < target:
            text, used = _paragraph(vocab, rng, target - words)
            paragraphs.append(text)
            words += used
        site, domain = rng.choice(SITES)
        published = start + timedelta(days=rng.randrange(days))
        slug = "-".join(str(rng.randint(100, 999)) for _ in range(2))
        yield NewsArticle(
            id=article_id,
            title=title,
            lead=lead,
            paragraphs=paragraphs,
            author=rng.choice(AUTHORS),
            site=site,
            domain=domain,
            url=f"https://{domain}/news/{published:%Y/%m/%d}/{article_id}-{slug}/",
            published=published,
            tags=rng.sample(TAGS, rng.randint(0, 3)),
        )


def make_highlights(article: NewsArticle, rng: random.Random, first_id: int, count: int) -> list[NewsHighlight]:
    """``count`` highlights on sentences of ``article`` (ids from ``first_id``), some with notes."""
    sentences = [s for p in article.paragraphs for s in p.split(". ") if len(s) > 40]
    out = []
    for i in range(min(count, len(sentences))):
        color, name = rng.choice(COLORS)
        note = ""
        if rng.random() < 0.4:
            note = " ".join(vocabulary().words(rng, rng.randint(4, 15)))
        out.append(NewsHighlight(
            id=first_id + i, article_id=article.id, article_title=article.title,
            quote=rng.choice(sentences), note=note, tags=rng.sample(TAGS, rng.randint(0, 2)),
            color=color, color_name=name, created=article.imported + timedelta(hours=i + 1),
            published=article.published,
        ))
    return out


def _related_feed(rng: random.Random, items: int) -> list[str]:
    vocab = vocabulary()
    lines: list[str] = []
    for _ in range(items):
        lines.append(f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}")
        lines.append(rng.choice(["Подробиці", "Подробиці", "Економіка", "Стиль життя"]))
        lines.append(f"Фото: {rng.choice(['АрміяІнформ', 'РосЗМІ', 'МВС', 'Вікіпедія', 'facebook.com/' + rng.choice(SITES)[1]])}")
        lines.append("")
        lines.append(_sentence(vocab, rng, rng.randint(10, 25)))
        lines.append("")
    lines.append(f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}")
    lines.append("показати більше")
    return lines


def render_page_text(article: NewsArticle, *, seed: int = 0) -> str:
    """A whole-page text dump: the article, photo credits, then a related-news feed and a call to
    action, in the shape of a page saved as text."""
    rng = random.Random(seed * 1_000_003 + article.id)
    credit = f"Фото ілюстративне: {article.domain}"
    lines = [article.title, "", article.lead, "", credit, credit]
    for p in article.paragraphs:
        lines += ["", p]
    lines += ["", "Читайте також", ""]
    lines += _related_feed(rng, rng.randint(4, 12))
    lines += ["", "Підписуйтесь на наш Telegram-канал та сторінку у Facebook, щоб першими дізнаватися новини"]
    return "\n".join(lines) + "\n"


def render_clean_text(article: NewsArticle) -> str:
    """A clean article whose first line is `` date YYYY-MM-DD <title>`` (note the leading space)."""
    return f" date {article.published.isoformat()} {article.title}\n" + "\n".join(
        [article.lead, *article.paragraphs]) + "\n"


def render_html(article: NewsArticle, *, encoding: str = "utf-8", seed: int = 0) -> bytes:
    """A saved news page: navigation, the article with meta tags, a related feed and a footer."""
    rng = random.Random(seed * 1_000_003 + article.id)
    esc = html.escape
    nav = "".join(f'<li><a href="/{i}/">{esc(t)}</a></li>' for i, t in enumerate(rng.sample(TAGS, 6)))
    body = "".join(f"<p>{esc(p)}</p>" for p in article.paragraphs)
    feed = "".join(
        f'<div class="teaser"><span class="date">{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}</span>'
        f'<a href="/n/{rng.randint(1000, 9999)}/">Подробиці</a><p>{esc(_sentence(vocabulary(), rng, 14))}</p></div>'
        for _ in range(rng.randint(4, 10))
    )
    author = f'<meta name="author" content="{esc(article.author)}">' if article.author else ""
    page = (
        f'<!DOCTYPE html><html lang="uk"><head><meta charset="{encoding}">'
        f"<title>{esc(article.title)} | {esc(article.site)}</title>{author}"
        f'<meta property="og:site_name" content="{esc(article.site)}">'
        f'<meta property="og:url" content="{esc(article.url)}">'
        f'<meta property="article:published_time" content="{article.published.isoformat()}T10:00:00+02:00">'
        f"<script>window.dataLayer=[];</script></head><body>"
        f'<header><ul class="menu">{nav}</ul></header>'
        f'<main><article><h1>{esc(article.title)}</h1><p class="lead"><strong>{esc(article.lead)}</strong></p>'
        f'<figure><img src="/img/{article.id}.jpg"><figcaption>Фото ілюстративне: {esc(article.domain)}</figcaption></figure>'
        f"{body}</article>"
        f'<aside class="related"><h2>Читайте також</h2>{feed}<a class="more">показати більше</a></aside></main>'
        f"<footer>Підписуйтесь на наш Telegram-канал. © {article.published.year} {esc(article.site)}</footer>"
        f"</body></html>"
    )
    return page.encode(encoding, errors="xmlcharrefreplace")


def query_words(vocab: Vocabulary, rng: random.Random, *, band: tuple[int, int] = (30, 3000)) -> str:
    """A content word whose lemma rank is drawn log-uniformly from ``band`` (so frequent and rare
    words are equally likely), in a random inflected form (not always the lemma)."""
    lemmas = vocab.content_lemmas()
    low, high = band[0] + 1, min(band[1], len(lemmas))
    rank = int(math.exp(rng.uniform(math.log(low), math.log(high)))) - 1
    lemma = lemmas[min(rank, len(lemmas) - 1)]
    return rng.choice(vocab.forms_of[lemma])
