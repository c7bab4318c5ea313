"""WARC throughput: the reader alone (FastWARC, as ingest reads it, next to warcio on the same file)
and `ingest run` on a generated WARC next to the same pages as files, in the same process.

    .venv/bin/python bench/bench_sources.py [--records 5000] [--rounds 2]

Prints records/s read, documents/s landed+stored, and the per-document ratio WARC / files (target:
≤ 1.0, a WARC not slower per document than files). Measured interleaved, rounds alternating order,
so a slow spell of a shared machine falls on both.
"""
from __future__ import annotations

import argparse
import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest import runs  # noqa: E402
from ingest.records import RawDocument  # noqa: E402
from ingest.settings import Settings  # noqa: E402
from ingest.sources.dispatch import SourceContext, iter_items  # noqa: E402

LANGS = ("en", "fr", "de")
WORDS = {"en": "the council voted on the new bridge plan after residents asked for safer crossings".split(),
         "fr": "le conseil a voté le plan du nouveau pont après la demande des habitants".split(),
         "de": "der rat hat den plan für die neue brücke nach dem wunsch der anwohner beschlossen".split()}


def page(i: int) -> bytes:
    lang = LANGS[i % 3]
    words = WORDS[lang]
    paras = "".join("<p>" + " ".join(words[(i + j + k) % len(words)] for k in range(60)).capitalize()
                    + f". Item {i}-{j}.</p>" for j in range(5))
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>Story {i}</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>Story {i}</h1>{paras}</article>"
            f"<footer>Contact</footer></body></html>").encode()


def build(tmp: Path, n: int) -> tuple[Path, Path]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    warc, files = tmp / "crawl.warc.gz", tmp / "pages"
    files.mkdir()
    with open(warc, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i in range(n):
            body = page(i)
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://s{i % 9}.example/{i}", "response",
                                                payload=io.BytesIO(body), http_headers=http))
            (files / f"{i:06d}.html").write_bytes(body)
    return warc, files


def read_ours(warc: Path) -> int:
    return sum(isinstance(x, RawDocument) for x in iter_items([str(warc)], SourceContext(Settings())))


def read_warcio(warc: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with open(warc, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                record.content_stream().read()
                n += 1
    return n


def run_once(tmp: Path, source: Path, tag: str, k: int) -> tuple[float, int]:
    db = tmp / f"{tag}{k}.db"
    zone = tmp / f"{tag}{k}-zone"
    t = time.perf_counter()
    s = runs.run([str(source)], Settings(store_url=f"sqlite:///{db}", raw_zone=zone))
    return time.perf_counter() - t, s.stored


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=5000)
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-sources-"))
    try:
        warc, files = build(tmp, a.records)
        print(f"{a.records} records: WARC {warc.stat().st_size / 1e6:.1f} MB (gzip per record), same pages as files")
        ours, theirs = [], []
        for r in range(3):
            for name, fn, out in (("fastwarc", read_ours, ours), ("warcio", read_warcio, theirs))[:: 1 if r % 2 == 0 else -1]:
                t = time.perf_counter()
                assert fn(warc) == a.records, name
                out.append(a.records / (time.perf_counter() - t))
        print(f"reader alone   ingest (FastWARC) {statistics.median(ours):8.0f} records/s   "
              f"warcio {statistics.median(theirs):8.0f} records/s   ratio {statistics.median(ours) / statistics.median(theirs):.1f}x")
        per_doc = {"warc": [], "files": []}
        for r in range(a.rounds):
            order = (("warc", warc), ("files", files)) if r % 2 == 0 else (("files", files), ("warc", warc))
            for tag, src in order:
                secs, stored = run_once(tmp, src, tag, r)
                assert stored == a.records, (tag, stored)
                per_doc[tag].append(secs / a.records)
        w, f = statistics.median(per_doc["warc"]), statistics.median(per_doc["files"])
        print(f"ingest run     WARC {1 / w:8.0f} documents/s ({w * 1000:.2f} ms/doc)   "
              f"files {1 / f:8.0f} documents/s ({f * 1000:.2f} ms/doc)   WARC/files per document {w / f:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
