"""The reader loads nothing: articles imported with images, icons, frames and Markdown images that
point at a loopback HTTP server (which counts requests) and at a local file (a named pipe that
records any attempt to open it) are shown in the real main window; afterwards the server has had
no request, the pipe was never opened, the document holds no image, and links open only on a
click and only for http/https."""

from __future__ import annotations

import errno
import os
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from tests.ui.conftest import open_and_wait


class _CountingHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server API
        self.server.paths.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(b"\x89PNG\r\n\x1a\n")

    do_POST = do_HEAD = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback():
    """A loopback HTTP server on a free port; ``server.paths`` lists every request it got."""
    server = HTTPServer(("127.0.0.1", 0), _CountingHandler)
    server.paths = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def watched_file(tmp_path):
    """A named pipe behind a ``file://`` URL. Opening it to read blocks until a writer comes, so
    a watcher that keeps trying to open it for writing sees the first attempt (and unblocks it)."""
    pipe = tmp_path / "secret-photo.png"
    os.mkfifo(pipe)
    opened, stop = [], threading.Event()

    def watch():
        while not stop.is_set():
            try:
                fd = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:  # ENXIO: nobody has it open for reading
                    raise
                stop.wait(0.002)
                continue
            opened.append(True)
            # One open is proof enough: let this reader finish, and later ones find a plain file.
            pipe.unlink()
            pipe.write_bytes(b"SECRET-PIXELS")
            try:
                os.set_blocking(fd, True)
                os.write(fd, b"SECRET-PIXELS")
            except OSError:
                pass
            finally:
                os.close(fd)
            return

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    yield pipe, opened
    stop.set()
    thread.join()


def _pages(base: str, local: str) -> dict[str, str]:
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Фотовиставка у старій пошті</title>
<meta property="og:image" content="{base}/og.png">
<link rel="icon" href="{base}/favicon.ico"><link rel="stylesheet" href="{base}/style.css">
<style>body {{ background: url({base}/bg.png) }}</style>
<script src="{base}/tracker.js"></script>
</head><body style="background-image:url({base}/body.png)"><article>
<h1>Фотовиставка у старій пошті</h1>
<p>У приміщенні старої пошти відкрили виставку знімків місцевих фотографів про життя міста.</p>
<p><img src="{base}/photo1.jpg" alt="Фасад пошти"> Серед робіт — панорами набережної та портрети
майстрів, які ремонтують годинники на ринку.</p>
<figure><img src="{local}" srcset="{base}/photo2.jpg 2x"><figcaption>Годинникар за роботою</figcaption></figure>
<p><picture><source srcset="{base}/photo3.webp"><img src="{base}/photo3.jpg"></picture>
Організатори <a href="{base}/details">розповіли подробиці</a> та запросили всіх охочих на
<a href="https://example.org/vystavka">сторінку виставки</a>.</p>
<iframe src="{base}/frame.html"></iframe><object data="{base}/movie.swf"></object>
<p>Виставка працюватиме до кінця місяця щодня, крім понеділка, з десятої ранку.</p>
</article></body></html>"""
    markdown = f"""# Нотатки з виставки

Мені сподобалися панорами набережної, особливо знімок з туманом над річкою.

![туман]({base}/fog.png) і ще <img src="{local}"> та <img src="{base}/raw.png">

Треба написати авторові й попросити дозволу на передрук у нашому збірнику.
"""
    return {"vystavka.html": html, "notatky.md": markdown}


def test_reader_loads_nothing_from_the_network_or_local_files(make_window, qtbot, tmp_path, loopback,
                                                               watched_file, monkeypatch):
    base = f"http://127.0.0.1:{loopback.server_port}"
    pipe, opened = watched_file
    folder = tmp_path / "incoming"
    folder.mkdir()
    for name, text in _pages(base, pipe.as_uri()).items():
        (folder / name).write_text(text, encoding="utf-8")
    links_opened = []
    monkeypatch.setattr("marginalia.ui.reader.QDesktopServices.openUrl",
                        lambda url: links_opened.append(url.toString()))
    ids = []

    def prepare(lib):
        report = lib.import_paths([folder])
        assert report.count("imported") == 2, [r.reason for r in report.results]
        ids.extend(r.article_id for r in report.results)

    window = make_window(prepare)
    reader = window.reader
    for article_id in ids:
        open_and_wait(qtbot, window, article_id)
        doc = reader.document()
        assert not any(fmt.isImageFormat() for fmt in doc.allFormats())
        assert doc.toHtml().count("<img") == 0
        # Whatever the article still names, nothing fetches it.
        for url in (f"{base}/photo1.jpg", f"{base}/fog.png", pipe.as_uri(), str(pipe)):
            for kind in (QTextDocument.ResourceType.ImageResource, QTextDocument.ResourceType.StyleSheetResource,
                         QTextDocument.ResourceType.HtmlResource):
                assert reader.loadResource(kind.value, QUrl(url)) is None
                assert doc.loadResource(kind.value, QUrl(url)) is None
        qtbot.wait(300)  # give any lazy loader a chance to run before counting
        assert reader.text and "SECRET-PIXELS" not in reader.text
    assert loopback.paths == [], f"the reader or the importer fetched {loopback.paths}"
    assert opened == [], "something opened the local file behind the file:// image"

    # Links: a loopback link is kept for the reader but opens only when clicked, in the browser.
    assert links_opened == []
    reader.anchorClicked.emit(QUrl(f"{base}/details"))
    reader.anchorClicked.emit(QUrl(pipe.as_uri()))
    assert links_opened == [f"{base}/details"]
    assert loopback.paths == []  # handed to the (fake) system browser, never fetched by the app


def test_imported_articles_keep_no_resource_urls(library, tmp_path, loopback, watched_file):
    base = f"http://127.0.0.1:{loopback.server_port}"
    pipe, opened = watched_file
    folder = tmp_path / "incoming"
    folder.mkdir()
    for name, text in _pages(base, pipe.as_uri()).items():
        (folder / name).write_text(text, encoding="utf-8")
    report = library.import_paths([folder])
    assert report.count("imported") == 2
    for summary in library.list_articles():
        detail = library.get_article(summary.id)
        hrefs = [run.href for block in detail.blocks for run in block.runs if run.href]
        assert all(h.startswith(("http://", "https://")) for h in hrefs)
        for value in hrefs + [detail.url or "", detail.site or ""]:
            assert not any(part in value for part in ("photo", ".png", ".jpg", ".css", ".js", "frame", "file:"))
        assert "SECRET-PIXELS" not in detail.text
        assert "виставк" in detail.title + detail.text
    assert loopback.paths == []
    assert opened == []
