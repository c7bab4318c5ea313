"""A real HTTP server on loopback (a thread in the test process) serving a small news site: pages
with ETags, robots.txt, redirects (one to a private address), a slow page, an oversized body, a 429
with Retry-After, RSS and Atom feeds, a sitemap index with a gzipped sitemap. It records requests."""
from __future__ import annotations

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .builders import article_html

SLOW_SECONDS = 3.0


class Site:
    def __init__(self):
        self.requests: list[tuple[str, dict]] = []
        self.busy_hits = 0
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802
                site.requests.append((self.path, dict(self.headers)))
                site.route(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]

    @staticmethod
    def send(h, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", headers=()):
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        for k, v in headers:
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    def route(self, h) -> None:
        path = h.path
        b = self.base
        if path == "/robots.txt":
            return self.send(h, 200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path.startswith("/page/"):
            n = int(path.rsplit("/", 1)[1])
            etag = f'"v1-{n}"'
            if h.headers.get("If-None-Match") == etag:
                return self.send(h, 304, headers=[("ETag", etag)])
            return self.send(h, 200, article_html(1000 + n).encode(), headers=[("ETag", etag)])
        if path == "/latin1":
            body = article_html(5000, "fr").replace('<meta charset="utf-8">', "").encode("latin-1")
            return self.send(h, 200, body, "text/html; charset=iso-8859-1")
        if path == "/moved":
            return self.send(h, 302, headers=[("Location", "/page/1")])
        if path == "/to-private":
            return self.send(h, 302, headers=[("Location", "http://10.0.0.1/internal")])
        if path == "/loop":
            return self.send(h, 302, headers=[("Location", "/loop")])
        if path == "/private/secret":
            return self.send(h, 200, article_html(6000).encode())
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
            return self.send(h, 200, article_html(7000).encode())
        if path == "/big":
            return self.send(h, 200, b"<html><body>" + b"<p>filler text</p>" * 200_000 + b"</body></html>")
        if path == "/big-chunked":
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Transfer-Encoding", "chunked")
            h.end_headers()
            chunk = b"<p>filler text</p>" * 1000
            try:
                for _ in range(300):
                    h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                h.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        if path == "/busy":
            self.busy_hits += 1
            if self.busy_hits == 1:
                return self.send(h, 429, b"slow down", "text/plain", headers=[("Retry-After", "1")])
            return self.send(h, 200, article_html(8000).encode())
        if path == "/report.pdf":
            return self.send(h, 200, b"%PDF-1.7\n", "application/pdf")
        if path == "/feed.rss":
            items = "".join(f"<item><title>Story {n}</title><link>{b}/page/{n}</link>"
                            f"<pubDate>{d}</pubDate></item>"
                            for n, d in ((10, "Mon, 04 Mar 2024 09:00:00 GMT"), (11, "Fri, 01 Dec 2023 09:00:00 GMT")))
            return self.send(h, 200, f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{items}'
                                     "</channel></rss>".encode(), "application/rss+xml")
        if path == "/feed.atom":
            entries = "".join(f"<entry><title>Story {n}</title><link href=\"{b}/page/{n}\"/><id>{n}</id>"
                              f"<updated>2024-03-0{n - 19}T10:00:00Z</updated></entry>" for n in (20, 21))
            return self.send(h, 200, ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                                      f"<title>News</title>{entries}</feed>").encode(), "application/atom+xml")
        if path == "/sitemap_index.xml":
            return self.send(h, 200, ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                      f"<sitemap><loc>{b}/sitemap-news.xml.gz</loc></sitemap></sitemapindex>").encode(),
                             "application/xml")
        if path == "/sitemap-news.xml.gz":
            urls = "".join(f"<url><loc>{b}/page/{n}</loc><lastmod>2024-0{m}-01</lastmod></url>"
                           for n, m in ((30, 1), (31, 5), (32, 6)))
            xml = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            return self.send(h, 200, gzip.compress(xml.encode()), "application/x-gzip")
        return self.send(h, 404, b"<html><body>Not here</body></html>")
