"""Importing a hostile folder: symlink loops, links out of the folder (to a secret file, to a
whole tree), odd names with ``..``, a pipe, an unreadable file and folder, an XHTML page with
external entities and an entity bomb. Each bad entry gets one clear reason (or is skipped as not an
article), nothing outside the folder is read, the import ends, and the good articles are in."""

from __future__ import annotations

import os
import stat

import pytest

from marginalia.core.importing import files
from marginalia.core.library import Library

SECRET_MARK = "ТАЄМНИЙ-ПАРОЛЬ-7741"


def _article(n: int) -> str:
    return (f" date 2024-05-{n + 10:02d} Сільська бібліотека отримала нові книжки {n}\n\n"
            f"До бібліотеки в селі номер {n} привезли понад триста книжок для дітей і дорослих.\n\n"
            f"Бібліотекарка розповіла, що читачі найчастіше просять історичні романи й довідники.\n")


XXE_PAGE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html [
  <!ENTITY lol "хаха">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY passwd SYSTEM "file:///etc/passwd">
  <!ENTITY secret SYSTEM "{secret_uri}">
]>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Звіт про ремонт дороги</title></head>
<body><article><h1>Звіт про ремонт дороги</h1>
<p>Дорожники завершили ремонт траси між двома районними центрами раніше строку.</p>
<p>Паролі: &passwd; і &secret;. Сміх: &lol8;</p>
<p>Наступного року планують відремонтувати ще два мости через річку та об'їзну дорогу.</p>
</article></body></html>
"""


@pytest.fixture
def hostile(tmp_path):
    """(folder to import, the secret folder outside it, what the test expects to be imported)."""
    outside = tmp_path / "private"
    outside.mkdir()
    secret = outside / "passwords.txt"
    secret.write_text(f"{SECRET_MARK}\n\nЦей файл не можна імпортувати з чужої теки.\n", encoding="utf-8")
    (outside / "diary.md").write_text(f"# Щоденник\n\n{SECRET_MARK} записи, які мають лишитися поза бібліотекою.\n",
                                      encoding="utf-8")
    root = tmp_path / "downloaded"
    sub = root / "розділ"
    sub.mkdir(parents=True)
    expected = {"good.txt", "report..final.txt", "два..крапки...txt", "page.xhtml", "nested.txt",
                "unreadable.txt"}
    (root / "good.txt").write_text(_article(1), encoding="utf-8")
    (root / "report..final.txt").write_text(_article(2), encoding="utf-8")
    (root / "два..крапки...txt").write_text(_article(3), encoding="utf-8")
    (sub / "nested.txt").write_text(_article(4), encoding="utf-8")
    (root / "page.xhtml").write_text(XXE_PAGE.replace("{secret_uri}", secret.as_uri()), encoding="utf-8")
    os.symlink("..", sub / "up-loop")                     # a folder loop back to the top
    os.symlink(root, sub / "root-loop")                     # the same loop, absolute
    os.symlink(root / "b.txt", root / "a.txt")            # a file loop: a -> b -> a
    os.symlink(root / "a.txt", root / "b.txt")
    os.symlink(root / "missing.txt", root / "dangling.txt")
    os.symlink(secret, root / "looks-harmless.txt")         # a file outside the folder
    os.symlink(outside, root / "more-articles")             # a folder outside the folder
    os.symlink(root / "good.txt", sub / "same-as-good.txt")  # inside: followed, one copy
    os.mkfifo(root / "pipe.txt")                            # would block a reader forever
    os.mkfifo(root / "pipe-without-suffix")
    locked = root / "unreadable.txt"
    locked.write_text(_article(5), encoding="utf-8")
    locked.chmod(0)
    yield root, outside, expected
    locked.chmod(stat.S_IRUSR | stat.S_IWUSR)


def _reasons(report) -> dict[str, str]:
    return {os.path.basename(r.path): r.reason for r in report.results if r.status == "failed"}


def test_hostile_folder_imports_the_good_and_gives_one_reason_per_bad_entry(library, hostile):
    root, outside, expected = hostile
    root_can_read = os.access(root / "unreadable.txt", os.R_OK)  # root ignores chmod 000
    report = library.import_paths([root])
    reasons = _reasons(report)
    imported = {os.path.basename(r.path) for r in report.results if r.status == "imported"}

    if not root_can_read:
        expected = expected - {"unreadable.txt"}
        assert reasons.pop("unreadable.txt") == "permission denied"
    assert imported == expected
    loops = {"a.txt", "b.txt", "dangling.txt"}
    links_out = {"looks-harmless.txt", "more-articles"}
    assert set(reasons) == loops | links_out, reasons
    for name in loops:
        assert "loops or leads nowhere" in reasons[name]
    for name in links_out:
        assert "outside the imported folder" in reasons[name]
    assert all(reason and "\n" not in reason for reason in reasons.values())

    # Nothing from outside the folder, no copy twice, no entity expanded.
    texts = [library.get_article(a.id).text for a in library.list_articles()]
    assert len(texts) == len(expected)
    assert not any(SECRET_MARK in t for t in texts)
    page = next(t for t in texts if "Дорожники" in t)
    assert "root:" not in page and "/bin/" not in page
    assert "хаха" not in page
    assert "мости через річку" in page
    assert sum("в селі номер 1 привезли" in t for t in texts) == 1
    assert library.check().ok


def test_folder_loops_are_walked_once(hostile):
    root, _, _ = hostile
    listed = files.collect([root])
    usable = [c.path for c in listed if c.reason is None]
    assert len(usable) == len({p.resolve() for p in usable})
    assert not any("up-loop" in str(p) or "root-loop" in str(p) for p in usable)
    assert not any(c.path.name.startswith("pipe") for c in listed)


def test_named_links_are_followed_but_loops_get_a_reason(tmp_path, hostile):
    root, outside, _ = hostile
    listed = {c.path.name: c.reason for c in files.collect([root / "a.txt", root / "looks-harmless.txt",
                                                            root / "pipe.txt", root / "розділ" / ".." / "good.txt"])}
    assert "loops or leads nowhere" in listed["a.txt"]
    assert listed["looks-harmless.txt"] is None  # named by the user: their choice
    assert listed["pipe.txt"] == "not a regular file"
    assert listed["good.txt"] is None


def test_unopenable_sub_folder_gets_a_reason(library_dir, tmp_path, monkeypatch):
    root = tmp_path / "articles"
    (root / "closed").mkdir(parents=True)
    (root / "open.txt").write_text(_article(6), encoding="utf-8")
    (root / "closed" / "inside.txt").write_text(_article(7), encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):  # what chmod 000 on a folder does for a user who is not root
        if os.path.basename(os.fspath(path)) == "closed":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    listed = files.collect([root])
    assert sorted((c.path.name, c.reason or "") for c in listed) == [
        ("closed", "cannot open the folder (Permission denied)"), ("open.txt", "")]
    monkeypatch.undo()
    lib = Library.open(library_dir)
    try:
        report = lib.import_paths([root])
        assert report.count("imported") == 2
    finally:
        lib.close()
