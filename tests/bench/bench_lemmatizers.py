"""Measure lemmatisers for search: recall on the word list, traps, speed, load time, memory.

Not a test (pytest does not collect bench_*.py). Run by hand::

    .venv/bin/python tests/bench/bench_lemmatizers.py [--text FILE ...] [--repeat N]

Every backend runs inside the same analyzer (tokens, folding, hyphens, stop words); only the
lemma function changes. Backends:

- ``pymorphy3 all``   every dictionary lemma, predictions for unknown words (what we ship);
- ``pymorphy3 best``  only the best-scored parse's lemma;
- ``simplemma``       simplemma.lemmatize(word, lang=("uk", "ru"));
- ``simplemma greedy`` the same with greedy=True;
- ``fold only``       no lemmas at all (lower-cased, folded words).

Columns: match pairs found (of the test word list), traps that wrongly meet, distinct word
forms/s with an empty cache (the lemmatiser's real cost), tokens/s of a first pass over the
text with an empty cache (words repeat, as in real articles), tokens/s through the whole
analyzer with a warm cache, warm articles/s of ~600 words, load time and RSS growth of the
lemmatiser in a fresh process. All timings are CPU time of the process (the machine may be
shared with other work), the speeds the best of 3 runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from marginalia.core.search import analysis, lemmas

HERE = Path(__file__).resolve().parent
WORDLIST = HERE.parent / "core" / "search" / "test_wordlist.py"

# Our own text in the style of the corpus (Ukrainian news, some Russian and English).
SAMPLE_TEXT = """
Уряд погодив план відновлення енергосистеми після масованих атак на теплоелектростанції.
Прем’єр-міністерка заявила, що до кінця зими громади отримають нові когенераційні установки,
а обленерго мають подати перелік пошкоджених підстанцій. За її словами, ремонтні бригади
працюють цілодобово, попри повторні обстріли прикордонних районів Сумщини та Харківщини.
Міністр закордонних справ провів переговори з колегами з країн Балтії та Скандинавії щодо
гарантій безпеки. Сторони обговорили спільне виробництво боєприпасів, постачання систем
протиповітряної оборони та посилення санкцій проти тіньового флоту. «Ми розраховуємо, що
рішення ухвалять уже на найближчому саміті», — наголосив дипломат. Експерти зауважують, що
переговорний процес залежатиме від того, чи збережуть партнери єдність позицій.
У столиці тим часом відкрили пункти незламності, де мешканці можуть зарядити телефони,
отримати гарячий чай і доступ до інтернету. Міська рада повідомила про графіки відключень,
які оновлюватимуться щодня о сьомій ранку. Рятувальники нагадують про правила безпеки під час
повітряної тривоги та закликають не ігнорувати сигнали оповіщення.
Аналітики оцінюють, що експорт зерна через морський коридор зріс на третину порівняно з
минулим роком, хоча страхові ставки для суден досі високі. Аграрії скаржаться на логістику,
подорожчання пального та брак працівників, яких мобілізували до війська.
В Москве заявили о готовности продолжить переговоры, однако наступление войск под Покровском
продолжается, сообщают военные корреспонденты. Экономисты отмечают рост цен на топливо.
Grain exports through the maritime corridor rose again this month, according to shipping
analysts, while insurers kept war-risk premiums high for vessels calling at Odesa ports.
"""


# Pairs written down without first looking at any lemmatiser's answer (the test list was grown
# while trying, so it flatters whichever backend was tried): the fairer recall figure.
HELD_OUT_PAIRS = [tuple(pair.split(" ~ ")) for pair in """
обстрілами ~ обстріл|окупантів ~ окупанти|Запоріжжям ~ Запоріжжя|Херсонщини ~ Херсонщина
енергетиків ~ енергетик|електроенергії ~ електроенергія|відключення ~ відключень
тривоги ~ тривога|ракетами ~ ракета|балістичних ~ балістичний|виборах ~ вибори
депутатів ~ депутат|законопроєкту ~ законопроєкт|Кабміну ~ Кабмін|мобілізації ~ мобілізація
військовослужбовців ~ військовослужбовець|полонених ~ полонений|обміну ~ обмін
загиблих ~ загиблий|рятувальники ~ рятувальник|Укренерго ~ Укренерго|Нафтогазу ~ Нафтогаз
зерна ~ зерно|експорту ~ експорт|гривні ~ гривня|інфляції ~ інфляція|бюджету ~ бюджет
Євросоюзу ~ Євросоюз|Пентагону ~ Пентагон|Кремля ~ Кремль|Путіна ~ Путін|Байдена ~ Байден
Шольца ~ Шольц|Туреччини ~ Туреччина|Ердогана ~ Ердоган|Білорусі ~ Білорусь|Криму ~ Крим
Донеччині ~ Донеччина|Авдіївки ~ Авдіївка|Бахмуті ~ Бахмут|бігли ~ бігти|їхали ~ їхати
росіяни ~ росіянин|українців ~ українець|дітей ~ дитина|жінок ~ жінка|шкіл ~ школа
лікарень ~ лікарня|сіл ~ село|вулиць ~ вулиця|обстрелами ~ обстрел|Киеве ~ Киев
солдат ~ солдаты|детей ~ дети|drones ~ drone|attacking ~ attack|officials ~ official
elections ~ election|missiles ~ missile|в'язниці ~ вʼязниця|об’єкт ~ об'єктів
п'ятниці ~ п’ятниця|соціально-економічного ~ соціально-економічний|Буданов ~ Буданова
Сирським ~ Сирський|Залужному ~ Залужний|Кличка ~ Кличко|Порошенка ~ Порошенко
Шевченка ~ Шевченко|Тимошенко ~ Тимошенко|Мадуро ~ Мадуро|Урсулою ~ Урсула
Маску ~ Маск|Стубба ~ Стубб|Фредеріксен ~ Фредеріксен|Кадирова ~ Кадиров
""".replace("\n", "|").strip("|").split("|")]
HELD_OUT_TRAPS = [tuple(pair.split(" ~ ")) for pair in """
лід ~ лідер|кран ~ країна|сон ~ сонце|рак ~ ракета|рука ~ рукав|мати ~ математика
пара ~ парламент|сало ~ салон|бал ~ балістичний|кіт ~ кіно|сіль ~ сільський
гора ~ город|мак ~ Макрон|рим ~ Римма|банк ~ банкрут|мова ~ мовчати
""".replace("\n", "|").strip("|").split("|")]


def load_wordlist() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    spec = importlib.util.spec_from_file_location("wordlist", WORDLIST)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.MATCH_PAIRS, module.NO_MATCH_PAIRS


# --- backends: (word_lemmas, compound_lemmas) replacing the shipped ones -------------------

def _simplemma(greedy: bool) -> tuple[Callable[[str], tuple[str, ...]], Callable]:
    import simplemma

    def word(w: str) -> tuple[str, ...]:
        if lemmas.is_cyrillic(w) and w.replace("'", "").isalpha():
            return (simplemma.lemmatize(w, lang=("uk", "ru"), greedy=greedy).lower(),)
        return lemmas.word_lemmas(w) if not lemmas.is_cyrillic(w) else (w,)

    def compound(w: str) -> tuple[str, ...]:
        return word(w) if lemmas.is_cyrillic(w) else lemmas.compound_lemmas(w)

    return word, compound


def _pymorphy_best() -> tuple[Callable[[str], tuple[str, ...]], Callable]:
    def word(w: str) -> tuple[str, ...]:
        if lemmas.is_cyrillic(w) and w.replace("'", "").isalpha():
            langs = ["ru"] if set(w) & lemmas.RU_LETTERS else ["uk"]
            return (lemmas.morphology(langs[0]).parse(w)[0].normal_form,)
        return lemmas.word_lemmas(w)

    return word, lambda w: word(w) if lemmas.is_cyrillic(w) else lemmas.compound_lemmas(w)


def _fold_only() -> tuple[Callable[[str], tuple[str, ...]], Callable]:
    return (lambda w: (w,)), (lambda w: (w,))


BACKENDS: dict[str, Callable[[], tuple[Callable, Callable]]] = {
    "pymorphy3 all": lambda: (lemmas.word_lemmas, lemmas.compound_lemmas),
    "pymorphy3 best": _pymorphy_best,
    "simplemma": lambda: _simplemma(False),
    "simplemma greedy": lambda: _simplemma(True),
    "fold only": _fold_only,
}

LOAD_SNIPPETS = {
    "pymorphy3 all": "from marginalia.core.search import lemmas; lemmas.preload(); "
    "lemmas.word_lemmas('переговорів')",
    "pymorphy3 best": "from marginalia.core.search import lemmas; lemmas.preload()",
    "simplemma": "import simplemma; simplemma.lemmatize('переговорів', lang=('uk','ru'))",
    "simplemma greedy": "import simplemma; "
    "simplemma.lemmatize('переговорів', lang=('uk','ru'), greedy=True)",
    "fold only": "pass",
}


def use_backend(name: str) -> None:
    word, compound = BACKENDS[name]()
    analysis.word_lemmas = word  # type: ignore[attr-defined]
    analysis.compound_lemmas = compound  # type: ignore[attr-defined]
    analysis._word_terms.cache_clear()


def finds(query: str, target: str) -> bool:
    target_terms = set(analysis.analyze(target))
    groups = analysis.position_groups(query)
    return bool(groups) and all(set(g) & target_terms for g in groups)


def measure_load(name: str) -> tuple[float, float]:
    """(seconds, MB of RSS growth) to load a backend in a fresh interpreter."""
    code = (
        "import time, psutil, os; p = psutil.Process(os.getpid()); "
        "import whoosh.analysis; r0 = p.memory_info().rss; t0 = time.process_time(); "
        f"{LOAD_SNIPPETS[name]}; "
        "print(time.process_time() - t0, (p.memory_info().rss - r0) / 2**20)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, megabytes = out.stdout.split()
    return float(seconds), float(megabytes)


def distinct_forms(text: str, at_least: int) -> list[str]:
    """Distinct word forms of the text, extended with inflected forms of its words."""
    forms = dict.fromkeys(m.group() for m in analysis.WORD_RE.finditer(text))
    if len(forms) < at_least:
        morph = lemmas.morphology("uk")
        for word in list(forms):
            if lemmas.is_cyrillic(word) and len(forms) < at_least:
                for form in morph.parse(word.lower())[0].lexeme:
                    forms.setdefault(form.word, None)
    return list(forms)


def cold_rate(forms: list[str]) -> float:
    """Distinct word forms analysed per second with an empty cache."""
    analysis._word_terms.cache_clear()
    t0 = time.process_time()
    for form in forms:
        analysis._word_terms(form)
    return len(forms) / (time.process_time() - t0)


def first_pass_rate(text: str) -> float:
    """Tokens per second analysing the whole text once, starting with an empty cache."""
    analysis._word_terms.cache_clear()
    ana = analysis.analyzer()
    t0 = time.process_time()
    count = sum(1 for _ in ana(text, positions=True, chars=True, mode="index"))
    del count
    return len(analysis.WORD_RE.findall(text)) / (time.process_time() - t0)


def warm_seconds(ana: analysis.MarginaliaAnalyzer, article: str, repeat: int) -> float:
    """Seconds to run the whole analyzer over the article ``repeat`` times (warm cache)."""
    t0 = time.process_time()
    for _ in range(repeat):
        for _ in ana(article, positions=True, chars=True, mode="index"):
            pass
    return time.process_time() - t0


def article_of(text: str, words: int = 600) -> str:
    tokens = text.split()
    while len(tokens) < words:
        tokens += tokens
    return " ".join(tokens[:words])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", type=Path, action="append", default=[],
                        help="extra UTF-8 text file(s) for the speed columns")
    parser.add_argument("--repeat", type=int, default=300, help="articles in the warm run")
    args = parser.parse_args()
    text = SAMPLE_TEXT + "\n".join(p.read_text(encoding="utf-8") for p in args.text)
    match_pairs, traps = load_wordlist()
    forms = distinct_forms(text, 5000)
    article = article_of(text)
    n_tokens = len(analysis.WORD_RE.findall(article))

    header = (f"{'backend':18} {'pairs':>7} {'held-out':>8} {'traps':>6} {'cold w/s':>9} "
              f"{'1st tok/s':>10} "
              f"{'warm tok/s':>11} "
              f"{'art/s':>7} {'load s':>7} {'RSS MB':>7}")
    print(f"{len(match_pairs)} + {len(HELD_OUT_PAIRS)} held-out pairs, "
          f"{len(traps)} + {len(HELD_OUT_TRAPS)} traps, {len(forms)} distinct forms, "
          f"article = {n_tokens} tokens\n{header}\n{'-' * len(header)}")
    for name in BACKENDS:
        load_s, rss = measure_load(name)
        use_backend(name)
        lemmas.preload()  # load both dictionaries outside the timed parts
        analysis.analyze("прогрів переговорах")
        found = sum(finds(q, t) for q, t, _ in match_pairs)
        wrong = sum(finds(q, t) for q, t, _ in traps) + sum(finds(q, t) for q, t in HELD_OUT_TRAPS)
        held = sum(finds(q, t) for q, t in HELD_OUT_PAIRS)
        cold = max(cold_rate(forms) for _ in range(3))
        first = max(first_pass_rate(text) for _ in range(3))
        ana = analysis.analyzer()
        for _ in ana(article):  # warm the cache for this article
            pass
        elapsed = min(warm_seconds(ana, article, args.repeat) for _ in range(3))
        print(f"{name:18} {found:>3}/{len(match_pairs):<3} {held:>3}/{len(HELD_OUT_PAIRS):<4} "
              f"{wrong:>6} {cold:>9.0f} {first:>10.0f} "
              f"{n_tokens * args.repeat / elapsed:>11.0f} {args.repeat / elapsed:>7.0f} "
              f"{load_s:>7.2f} {rss:>7.1f}")
        if name in ("pymorphy3 all", "simplemma"):
            missed = [(q, t) for q, t, *_ in match_pairs + HELD_OUT_PAIRS if not finds(q, t)]
            wrong_traps = [(q, t) for q, t, *_ in traps + HELD_OUT_TRAPS if finds(q, t)]
            print(f"{'':18} missed: {missed[:14]}\n{'':18} traps met: {wrong_traps}")


if __name__ == "__main__":
    main()
