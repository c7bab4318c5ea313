"""Real inputs for source tests, written with real libraries: WARC files (warcio), JSONL (plain,
gzip, zstd), article pages in several languages. Our own text."""
from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

PARAGRAPHS = {
    "en": ["The river council met on Thursday evening to decide the future of the old ferry landing, "
           "which has been closed since the spring floods damaged its timber pilings.",
           "Residents who spoke at the meeting asked for a footbridge instead, arguing that a bridge "
           "would serve cyclists and school children all year round, not only in the summer months.",
           "The council will publish the engineers' estimates next month and vote before the winter."],
    "fr": ["Le conseil municipal a approuvé mardi le budget de la nouvelle médiathèque, dont les travaux "
           "doivent commencer au printemps dans l'ancien marché couvert du centre-ville.",
           "Les habitants pourront consulter les plans à la mairie pendant trois semaines et déposer "
           "leurs remarques dans un registre ouvert à cet effet, a précisé l'adjointe à la culture.",
           "Le café du marché restera ouvert pendant toute la durée du chantier."],
    "de": ["Die Stadtwerke haben am Montag angekündigt, das Fernwärmenetz im Norden der Stadt bis zum "
           "Jahr 2030 auszubauen und dafür mehrere alte Heizkraftwerke stillzulegen.",
           "Nach Angaben des Unternehmens sollen rund viertausend Haushalte angeschlossen werden, die "
           "bislang mit Öl oder Gas heizen und deren Kessel in den nächsten Jahren ersetzt werden müssen.",
           "Die Kosten für den Anschluss werden teilweise durch Fördermittel des Landes gedeckt."],
}


def article_html(n: int, lang: str = "en", title: str | None = None) -> str:
    paras = PARAGRAPHS[lang]
    title = title or f"Report number {n}"
    body = "".join(f"<p>{p} (Item {n}.)</p>" for p in paras)
    return (f"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body><nav><a href=\"/\">Home</a> | <a href=\"/news\">News</a></nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>Contact us</footer></body></html>")


@dataclass
class WarcPlan:
    """What a built WARC holds, so tests assert against it."""

    documents: dict[str, str] = field(default_factory=dict)  # url -> a phrase its article must contain
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count
    truncated_url: str | None = None


def _chunked(body: bytes, size: int = 64) -> bytes:
    out = b""
    for i in range(0, len(body), size):
        part = body[i:i + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


def write_warc(path: Path, *, gzip_records: bool, truncate_last: bool = False, pages: int = 3) -> WarcPlan:
    """A crawl as crawlers write it: request+response pairs, a revisit, a 404, a PDF, a chunked and a
    gzip-encoded body, a latin-1 page declared in the HTTP header, warcinfo and metadata records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    plan = WarcPlan()
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gzip_records)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "test-crawler/1.0"}))
        plan.skipped["warc_warcinfo"] = 1

        def response(url, body, headers, status="200 OK", date="2024-03-05T10:20:30Z"):
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                                warc_headers_dict={"WARC-Date": date}))

        def request(url):
            http = StatusAndHeaders(f"GET {url.split('/', 3)[-1]} HTTP/1.1", [("Host", "news.example")],
                                    is_http_request=True)
            w.write_record(w.create_warc_record(url, "request", http_headers=http))
            plan.skipped["warc_request"] = plan.skipped.get("warc_request", 0) + 1

        html_type = [("Content-Type", "text/html; charset=utf-8")]
        for n in range(pages):
            url = f"https://news.example/en/{n}"
            request(url)
            response(url, article_html(n).encode(), html_type, date=f"2024-03-05T10:2{n}:00Z")
            plan.documents[url] = f"(Item {n}.)"
        # latin-1 bytes, charset only in the HTTP header (the page's <meta> says nothing)
        fr = article_html(100, "fr").replace('<meta charset="utf-8">', "").encode("latin-1")
        response("https://news.example/fr/budget", fr, [("Content-Type", "text/html; charset=ISO-8859-1")])
        plan.documents["https://news.example/fr/budget"] = "Le café du marché"
        de = article_html(200, "de").encode()
        response("https://news.example/de/gz", gzip.compress(de), [("Content-Type", "text/html"),
                                                                  ("Content-Encoding", "gzip")])
        plan.documents["https://news.example/de/gz"] = "Fernwärmenetz"
        response("https://news.example/en/chunked", _chunked(article_html(300).encode()),
                 [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")])
        plan.documents["https://news.example/en/chunked"] = "(Item 300.)"
        response("https://news.example/missing", b"<html><body>Not found</body></html>", html_type,
                 status="404 Not Found")
        plan.skipped["http_status_404"] = 1
        response("https://news.example/report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n",
                 [("Content-Type", "application/pdf")])
        plan.skipped["not_html"] = 1
        revisit = w.create_revisit_record("https://news.example/en/0", digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                          refers_to_uri="https://news.example/en/0", refers_to_date="2024-03-05T10:20:00Z")
        w.write_record(revisit)
        plan.skipped["warc_revisit"] = 1
        meta = w.create_warc_record("https://news.example/en/0", "metadata", payload=io.BytesIO(b"outlinks: 3\n"),
                                    warc_content_type="application/warc-fields")
        w.write_record(meta)
        plan.skipped["warc_metadata"] = 1
        last = "https://news.example/en/last"
        response(last, article_html(999).encode() * 3, html_type)
        if truncate_last:
            plan.truncated_url = last
        else:
            plan.documents[last] = "(Item 999.)"
    if truncate_last:
        data = path.read_bytes()
        path.write_bytes(data[:-400])
    return plan


def write_many_warc(path: Path, n: int, *, gzip_records: bool = True) -> list[str]:
    """n response records with distinct article pages (for kill/re-run and benchmarks)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    urls = []
    langs = list(PARAGRAPHS)
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gzip_records)
        for i in range(n):
            url = f"https://site{i % 7}.example/story/{i}"
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            body = article_html(i, langs[i % 3]).encode()
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
            urls.append(url)
    return urls


def write_jsonl(path: Path, rows: list, *, compress: str | None = None) -> None:
    data = "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows).encode()
    if compress == "gzip":
        data = gzip.compress(data)
    elif compress == "zstd":
        import zstandard

        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)
