"""Sources: every input kind read from real fixtures; every bad input one clear failure."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import httpx
import pytest

from storytrace.model import Failure, RawDocument
from storytrace.sources import SourceOptions, iter_documents
from storytrace.sources.decode import decode_bytes, sniff_kind

FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"
OFFLINE = SourceOptions(fetch=False)


def read(*specs: str | Path, options: SourceOptions = OFFLINE, **kw) -> list[RawDocument | Failure]:
    return list(iter_documents([str(s) for s in specs], options, **kw))


def docs(items):
    return [d for d in items if isinstance(d, RawDocument)]


def fails(items):
    return [d for d in items if isinstance(d, Failure)]


def test_folder_is_walked_recursively_in_sorted_order_skipping_notes(tmp_path, examples_dir):
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "sub/a.txt", "README.md", ".hidden.txt"):
        (tmp_path / name).write_text("Officials said the talks would resume on Monday in Geneva.",
                                     encoding="utf-8")
    got = read(tmp_path)
    assert [Path(d.source).relative_to(tmp_path).as_posix() for d in got] == ["b.txt", "sub/a.txt"]
    examples = docs(read(examples_dir))
    assert [Path(d.source).name[:3] for d in examples] == ["000", "001", "002", "003", "004"]
    assert all(d.kind == "text" for d in examples)


def test_explicit_file_keeps_the_source_exactly_as_given(examples_dir):
    spec = str(examples_dir / "001_830e599125b3c77b.txt")
    (doc,) = read(spec)
    assert doc.source == spec and doc.content.startswith(" date 2022-02-17")


def test_html_and_gzipped_html():
    plain, zipped = read(FIX / "page_000.html", FIX / "page_001.html.gz")
    assert plain.kind == zipped.kind == "html"
    assert "<article>" in plain.content and "Russia has expelled Bart Gorman" in zipped.content


def test_jsonl_accepts_common_field_names_and_reports_bad_lines():
    items = read(FIX / "articles.jsonl")
    good, bad = docs(items), fails(items)
    assert [d.source.rsplit("#", 1)[1] for d in good] == ["1", "2"]
    assert good[0].meta["title"] == "Zelensky invites Biden to Ukraine"  # title
    assert good[0].meta["published"] == "2022-02-14 08:00:00"  # date_publish
    assert good[0].meta["outlet"] == "telegraph.example.co.uk"  # source_domain
    assert good[0].url.startswith("https://telegraph.example.co.uk/")
    assert good[1].meta["title"] == "US troops on heightened alert"  # headline
    assert good[1].meta["outlet"] == "CNN"  # publisher.name
    assert good[1].content.startswith("US Secretary of Defense")  # articleBody
    assert [(f.source.rsplit("#", 1)[1], f.reason.split(" (")[0]) for f in bad] == [
        ("3", "malformed JSON on line 3"), ("4", "JSON object has no article text")]


def test_json_list_with_stray_values_keeps_its_objects(tmp_path):
    # A list mixing article objects with other values used to fail as a whole
    # ("holds no article objects"); each stray value is now its own failure.
    body = "The minister said the plan would help 300 families in the region this week."
    f = tmp_path / "mixed.json"
    f.write_text(json.dumps([{"text": body, "authors": [None, 5]}, "stray", 5, None]), encoding="utf-8")
    items = read(f)
    assert [d.source.rsplit("#", 1)[1] for d in docs(items)] == ["1"]
    assert [(x.source.rsplit("#", 1)[1], x.reason) for x in fails(items)] == [
        ("2", "item 2 is not a JSON object"), ("3", "item 3 is not a JSON object"),
        ("4", "item 4 is not a JSON object")]


def test_single_json_object_with_byline_and_rfc822_date():
    (doc,) = read(FIX / "article.json")
    assert doc.kind == "json" and doc.url == "https://news.example.net/russia-expels-us-diplomat"
    assert doc.meta["authors"] == ["By Jane Example and Joe Sample"]
    assert doc.meta["published_from"] == "json"


def test_rss_full_entries_are_articles_and_link_only_entries_are_reported_when_offline():
    items = read(FIX / "feed.rss")
    (full,) = docs(items)
    assert full.source.endswith("#https://feeds.example.com/2022/01/24/us-troops-alert")
    assert full.meta["published"] == "2022-01-24" and full.meta["published_from"] == "feed"
    assert full.meta["authors"] == ["Ellie Kaufman"] and full.meta["outlet"] == "Example World News"
    (teaser,) = fails(items)
    assert teaser.reason == "feed entry has only a link and fetching is off"


def test_atom_feed():
    (doc,) = read(FIX / "feed.atom")
    assert doc.meta["title"] == "Zelensky invites Biden to Ukraine"
    assert doc.meta["authors"] == ["Roland Oliphant"] and "Kuleba" in doc.content


def test_warc_yields_html_responses_only_with_capture_date():
    (doc,) = read(FIX / "crawl.warc.gz")
    assert doc.source.endswith("#https://warc.example.co.uk/news/zelensky-biden")
    assert doc.kind == "html" and doc.url == "https://warc.example.co.uk/news/zelensky-biden"
    assert doc.meta["capture_date"].startswith("2023-03-31")


@pytest.mark.parametrize("name, reason", [
    ("binary.txt", "binary file (not text)"),
    ("empty.txt", "empty (no content)"),
    ("malformed.json", "malformed JSON (Unterminated string"),
    ("broken.rss", "malformed feed ("),
    ("not_a.warc", "malformed WARC (it does not start with a WARC/1.x record header)"),
    ("truncated.warc.gz", "malformed WARC (the archive ends inside a gzip member, after 0 whole"),
])
def test_bad_files_give_one_failure_naming_source_and_reason(name, reason):
    (f,) = read(FIX / name)
    assert isinstance(f, Failure) and f.source == str(FIX / name)
    assert f.reason.startswith(reason)


def test_missing_and_unreadable_files(tmp_path, monkeypatch):
    (f,) = read(tmp_path / "nope.txt")
    assert f.reason == "no such file or folder"
    locked = tmp_path / "locked.txt"
    locked.write_text("text", encoding="utf-8")

    def denied(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    (f,) = read(locked)
    assert f.reason == "cannot read (Permission denied)"


def test_oversized_file_and_gzip_bomb_respect_the_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 400, encoding="utf-8")
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"<p>" + b"a" * 100_000 + b"</p>"))
    small = SourceOptions(max_bytes=1000, fetch=False)
    f1, f2 = read(big, bomb, options=small)
    assert f1.reason == "larger than the size limit (2,000 > 1,000 bytes; see --max-bytes)"
    assert f2.reason.startswith("larger than the size limit") and f2.reason.endswith("once decompressed")


def test_mis_encoded_text_is_detected_not_mangled():
    (cp,), (latin,) = read(FIX / "cp1252.txt"), read(FIX / "latin1.txt")
    assert cp.meta["encoding"] == "cp1252" and latin.meta["encoding"] == "cp1252"
    assert "Kyiv’s mayor" in cp.content and "déjà vu" in cp.content and "São Paulo" in cp.content
    assert "déjà vu" in latin.content and "Zürich" in latin.content


def test_decode_honours_bom_and_declared_charset():
    assert decode_bytes("\ufeffKyiv".encode("utf-8")) == ("Kyiv", "utf-8-sig")
    html = '<html><head><meta charset="windows-1251"></head><body>Киев</body></html>'.encode("cp1251")
    text, enc = decode_bytes(html)
    assert "Киев" in text and enc == "windows-1251"
    assert sniff_kind("<?xml version='1.0'?><rss version='2.0'>") == "feed"
    assert sniff_kind("<!DOCTYPE html><html>") == "html" and sniff_kind('[{"a": 1}]') == "json"


def test_stdin_is_read_and_sniffed(examples_dir):
    raw = (examples_dir / "003_0cefb2d2c84d1677.txt").read_bytes()
    stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    (doc,) = read("-", stdin=stdin)
    assert doc.source == "-" and doc.kind == "text" and "Kuleba" in doc.content
    (f,) = read("-", stdin=None)
    assert f.reason == "no standard input to read"


# -- http(s) ------------------------------------------------------------------------------

PAGE = (FIX / "page_000.html").read_bytes()
FEED = (FIX / "feed.rss").read_bytes()


def _handler(seen: list[str]):
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        assert request.headers["user-agent"].startswith("storytrace/")
        path = request.url.path
        if path == "/feed.xml":
            return httpx.Response(200, content=FEED, headers={"content-type": "application/rss+xml"})
        if path == "/gone":
            return httpx.Response(404)
        if path == "/huge":
            return httpx.Response(200, content=b"<p>" + b"x" * 5000 + b"</p>",
                                  headers={"content-type": "text/html"})
        return httpx.Response(200, content=PAGE, headers={"content-type": "text/html; charset=utf-8"})
    return handle


def test_url_page_is_fetched_once_then_served_from_the_page_cache(store):
    seen: list[str] = []
    opts = SourceOptions(transport=httpx.MockTransport(_handler(seen)))
    url = "https://news.example.com/2022/02/17/politics/russia-ukraine/"
    (doc,) = read(url, options=opts, store=store)
    assert doc.kind == "html" and doc.source == url and doc.url == url
    assert store.get_page(url)["status"] == 200
    (again,) = read(url, options=SourceOptions(fetch=False), store=store)  # no network at all
    assert again.content == doc.content and seen == [url]


def test_url_feed_fetches_link_only_entries(store):
    seen: list[str] = []
    opts = SourceOptions(transport=httpx.MockTransport(_handler(seen)))
    items = read("https://feeds.example.com/feed.xml", options=opts, store=store)
    assert len(docs(items)) == 2 and not fails(items)
    assert seen == ["https://feeds.example.com/feed.xml", "https://feeds.example.com/2022/02/17/teaser-only"]
    teaser = docs(items)[1]
    assert teaser.meta["title"] == "Teaser only" and teaser.meta["published_from"] == "feed"


def test_unreachable_404_oversized_and_offline_urls_fail_clearly(store):
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    (f,) = read("https://down.example.com/a", options=SourceOptions(transport=httpx.MockTransport(refuse)))
    assert f.source == "https://down.example.com/a" and f.reason == "unreachable (connection refused)"
    opts = SourceOptions(max_bytes=1000, transport=httpx.MockTransport(_handler([])))
    gone, huge = read("https://x.example.com/gone", "https://x.example.com/huge", options=opts, store=store)
    assert gone.reason == "HTTP 404 Not Found"
    assert huge.reason.startswith("larger than the size limit")
    assert store.get_page("https://x.example.com/gone") is None
    (off,) = read("https://never.example.com/", options=SourceOptions(fetch=False), store=store)
    assert off.reason == "not in the page cache and fetching is off (--no-fetch)"


def test_xml_that_is_not_a_feed_is_refused(tmp_path):
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text('<?xml version="1.0"?><urlset><url><loc>https://x.example/a</loc></url></urlset>',
                       encoding="utf-8")
    (f,) = read(sitemap)
    assert f.reason == "XML that is neither an RSS/Atom feed nor an HTML page"


@pytest.mark.parametrize("text, encoding", [
    ("The minister said the £5m “package” was agreed – a first, officials said.", "cp1252"),
    ("Les œuvres du musée de Zürich ont été prêtées à São Paulo.", "cp1252"),
    ("Президент заявил, что переговоры продолжатся в понедельник.", "cp1251"),
    ("Zażółć gęślą jaźń — prezydent powiedział, że rozmowy będą kontynuowane.", "cp1250"),
    ("Ο πρόεδρος δήλωσε ότι οι συνομιλίες θα συνεχιστούν τη Δευτέρα.", "cp1253"),
])
def test_legacy_encodings_are_read_correctly(text, encoding):
    decoded, used = decode_bytes(text.encode(encoding))
    assert decoded == text
    if encoding == "cp1252":
        assert used == "cp1252"


# -- parts of a folder or an archive that cannot be read are said, never skipped (#30) ----------

TEXT = "Officials said the talks would resume on Monday in Geneva after a week of delays.\n"


def test_a_symlink_loop_in_a_folder_is_one_failure_and_the_rest_is_read(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text(TEXT.replace("Geneva", "Vienna"), encoding="utf-8")
    (tmp_path / "sub" / "back").symlink_to("..")  # leads back to the folder being read
    got = read(tmp_path)
    assert sorted(Path(d.source).relative_to(tmp_path).as_posix() for d in docs(got)) == [
        "a.txt", "sub/b.txt"]
    (loop,) = fails(got)
    assert loop.source == str(tmp_path / "sub" / "back")
    assert loop.reason.startswith("symbolic link loop: it leads back to ")


def test_a_symlink_loop_or_dangling_link_named_directly_says_so(tmp_path):
    (tmp_path / "self").symlink_to("self")
    (tmp_path / "gone").symlink_to("nowhere.txt")
    (f,) = read(tmp_path / "self")
    assert f.reason == "symbolic link loop (too many levels of symbolic links)"
    (f,) = read(tmp_path / "gone")
    assert f.reason == "broken symbolic link (it points to 'nowhere.txt', which does not exist)"


def test_an_unreadable_subfolder_is_one_failure_and_the_rest_is_read(tmp_path, monkeypatch):
    import os

    import storytrace.sources.files as files

    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # the files are root's in CI; chmod 000 would not stop root
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    got = read(tmp_path)
    assert [Path(d.source).name for d in docs(got)] == ["a.txt"]
    (f,) = fails(got)
    assert (f.source, f.reason) == (str(tmp_path / "locked"), "cannot list folder (Permission denied)")
    (f,) = read(tmp_path / "locked")  # named directly: not "folder holds no files"
    assert f.reason == "cannot list folder (Permission denied)"


def test_a_truncated_warc_gz_keeps_its_whole_records_and_reports_the_break(tmp_path):
    whole = (FIX / "crawl.warc.gz").read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[:-40])  # the download stopped inside the last record (the image)
    got = read(cut)
    (doc,) = docs(got)
    assert doc.url == "https://warc.example.co.uk/news/zelensky-biden"
    (f,) = fails(got)
    assert f.source == str(cut)
    assert f.reason == ("truncated WARC: the archive ends inside a gzip member, after 2 whole "
                        "records; the 1 HTML records before it were read")


def test_a_warc_gz_bomb_is_refused_without_expanding_it(tmp_path):
    big = gzip.compress(b"WARC/1.0\r\n" + b"\0" * 5_000_000)
    (tmp_path / "bomb.warc.gz").write_bytes(big)
    (f,) = read(tmp_path / "bomb.warc.gz", options=SourceOptions(fetch=False, max_bytes=100_000))
    assert "larger than the size limit once decompressed" in f.reason
