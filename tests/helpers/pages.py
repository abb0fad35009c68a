"""Small original article fixtures in the styles users import (written for the tests)."""

from __future__ import annotations

from pathlib import Path

UK_DATED = """ date 2026-03-14 Уряд погодив програму відновлення мостів на Чернігівщині
Кабінет міністрів затвердив програму відновлення дванадцяти мостів, зруйнованих під час бойових дій на Чернігівщині.
Про це повідомила пресслужба обласної військової адміністрації.
"Перші чотири мости мають відкрити для руху до кінця літа", - зазначив очільник громади.
Фінансування передбачене з фонду ліквідації наслідків збройної агресії.
"""

EN_PLAIN = """Library volunteers digitise a century of local newspapers

By Maria Kowalska
November 20, 2026

Volunteers at the town library have scanned more than forty thousand pages of local newspapers printed between 1890 and 1990.

The project began three years ago with a single flatbed scanner and a borrowed laptop.

"People find their grandparents in these pages every week," said the head librarian.
"""

RU_HTML = """<!DOCTYPE html>
<html lang="ru"><head><meta charset="windows-1251">
<title>Городской совет утвердил бюджет на ремонт школ | Вечерние вести</title>
<meta property="og:site_name" content="Вечерние вести">
<meta property="article:published_time" content="2026-09-03T10:15:00+03:00">
<meta name="author" content="Ольга Петренко">
</head><body>
<nav><a href="/">Главная</a> <a href="/news">Новости</a></nav>
<article>
<h1>Городской совет утвердил бюджет на ремонт школ</h1>
<p>Депутаты городского совета на внеочередной сессии утвердили бюджет на капитальный ремонт
восьми школ и двух детских садов в следующем году.</p>
<p>Больше всего средств получит гимназия номер три, где необходимо заменить крышу и систему
отопления, которые не ремонтировали с семидесятых годов.</p>
<p>Работы планируют начать весной, сразу после окончания отопительного сезона, и завершить до
первого сентября.</p>
<script>alert('x')</script>
</article>
<footer>© 2026 Вечерние вести. Все права защищены.</footer>
</body></html>
"""


def write(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path
