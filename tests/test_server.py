"""The web app and JSON API through httpx (FastAPI's TestClient): reads, filters, writes, security."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from storytrace import open_store
from storytrace.model import Article, Flag
from storytrace.server import create_app
from test_report_hostile_data import EVIL, PAYLOADS

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def client(seeds_db):
    with TestClient(create_app(seeds_db)) as c:
        yield c


@pytest.fixture
def writable(seeds_db, tmp_path):
    db = tmp_path / "copy.db"
    shutil.copy(seeds_db, db)
    with TestClient(create_app(db, allow_writes=True, token=TOKEN)) as c:
        yield c


def assert_error(r, status):
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "details"}
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["code"], str) and body["error"]["message"]
    return body["error"]


# -- reads ----------------------------------------------------------------------------

def test_overview_counts_the_store(client, seeds_export):
    o = client.get("/api/overview").json()
    assert o["articles"] == len(seeds_export["articles"])
    assert o["stories"] == len(seeds_export.get("stories") or [])
    dated = sorted(a["published"][:10] for a in seeds_export["articles"] if a.get("published"))
    assert (o["first"], o["last"]) == (dated[0], dated[-1])


def test_articles_are_paginated(client, seeds_export):
    n = len(seeds_export["articles"])
    first = client.get("/api/articles", params={"per_page": 2}).json()
    assert first["total"] == n and first["pages"] == -(-n // 2) and len(first["items"]) == 2
    seen = {i["id"] for p in range(1, first["pages"] + 1)
            for i in client.get("/api/articles", params={"per_page": 2, "page": p}).json()["items"]}
    assert seen == {a["id"] for a in seeds_export["articles"]}
    assert client.get("/api/articles", params={"page": 99}).json()["items"] == []


def test_filters_narrow_the_list(client, seeds_export):
    arts = seeds_export["articles"]
    cnn = client.get("/api/articles", params={"outlet": "CNN"}).json()
    assert {i["id"] for i in cnn["items"]} == {a["id"] for a in arts if a.get("outlet") == "CNN"}
    day = client.get("/api/articles", params={"date_from": "2022-02-17", "date_to": "2022-02-17"}).json()
    assert {i["id"] for i in day["items"]} == {a["id"] for a in arts if (a.get("published") or "")[:10] == "2022-02-17"}
    kind = next(f["kind"] for a in arts for f in a["flags"])
    flagged = client.get("/api/articles", params={"flag": kind}).json()
    assert {i["id"] for i in flagged["items"]} == {a["id"] for a in arts if any(f["kind"] == kind for f in a["flags"])}
    for story in seeds_export.get("stories") or []:
        got = client.get("/api/articles", params={"story": story["id"]}).json()
        assert {i["id"] for i in got["items"]} == set(story["article_ids"])
        assert all(i["story_id"] == story["id"] for i in got["items"])


def test_search_finds_words_and_survives_fts_syntax(client, seeds_export):
    hits = client.get("/api/search", params={"q": "Thomas-Greenfield"}).json()
    expected = {a["id"] for a in seeds_export["articles"] if "Thomas-Greenfield" in a["text"]}
    assert expected and {i["id"] for i in hits["items"]} == expected
    assert all("[" in i["snippet"] for i in hits["items"])
    for q in ['"', "AND OR NOT", "a*b)(", "NEAR(", "-"]:
        r = client.get("/api/search", params={"q": q})
        assert r.status_code == 200, (q, r.text)


def test_one_article_carries_its_findings(client, seeds_export):
    a = seeds_export["articles"][0]
    got = client.get(f"/api/articles/{a['id']}").json()
    assert got["text"] == a["text"] and got["flags"] == a["flags"]
    assert {"reuse", "quotes", "figures", "story_id"} <= set(got)
    assert all(a["id"] in (r["source_id"], r["copy_id"]) for r in got["reuse"])
    assert all(q["article_id"] == a["id"] for q in got["quotes"])


@pytest.mark.parametrize("section", ["stories", "storylines", "reuse", "quotes", "quote-groups",
                                     "figures", "figure-series", "timeline"])
def test_sections_match_the_export(client, seeds_export, section):
    got = client.get(f"/api/{section}", params={"per_page": 200}).json()
    assert got["items"] == (seeds_export.get(section.replace("-", "_")) or [])[:200]


def test_html_views_render(client, seeds_export):
    a = seeds_export["articles"][0]
    for url in ["/", "/articles", "/articles?q=Biden", "/articles?outlet=CNN&page=1", "/stories",
                "/quotes", "/figures", f"/articles/{a['id']}"]:
        r = client.get(url)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), url
        assert "<script>" in r.text and "Content-Security-Policy" in r.headers
    for st in seeds_export.get("stories") or []:
        r = client.get(f"/stories/{st['id']}")
        assert r.status_code == 200 and 'class="graph"' in r.text
    assert client.get("/search?q=troops", follow_redirects=False).headers["location"] == "/articles?q=troops"


# -- errors -----------------------------------------------------------------------------

@pytest.mark.parametrize(("method", "url", "status"), [
    ("GET", "/api/nothing-here", 404),
    ("GET", "/api/articles/ffffffffffff", 404),
    ("GET", "/api/stories/no-such-story", 404),
    ("GET", "/api/articles?page=0", 422),
    ("GET", "/api/articles?per_page=100000", 422),
    ("GET", "/api/articles?date_from=yesterday", 422),
    ("GET", "/api/search", 422),
    ("GET", "/api/search?q=" + "x" * 600, 422),
    ("DELETE", "/api/articles", 405),
    ("PUT", "/api/overview", 405),
    ("POST", "/api/articles", 403),
    ("GET", "/api/articles?q=" + "x" * 9000, 414),
])
def test_every_api_error_has_one_shape(client, method, url, status):
    assert_error(client.request(method, url, json={"text": "x"} if method == "POST" else None), status)


def test_unexpected_failures_keep_the_shape(seeds_db, monkeypatch):
    from storytrace.server import data

    def boom(*a, **k):
        raise RuntimeError("bug")

    monkeypatch.setattr(data.Reader, "articles", boom)
    with TestClient(create_app(seeds_db), raise_server_exceptions=False) as c:
        err = assert_error(c.get("/api/articles"), 500)
        assert "bug" not in err["message"]  # internals stay in the log
        r = c.get("/articles")
        assert r.status_code == 500 and r.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("url", [
    "/articles/..%2F..%2F..%2Fetc%2Fpasswd", "/api/articles/..%2F..%2Fetc%2Fpasswd",
    "/static/../../../../etc/passwd", "/..%2f..%2f..%2fetc/passwd", "/api/../../etc/passwd",
    "/stories/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
])
def test_no_path_traversal(client, url):
    r = client.get(url)
    assert r.status_code == 404
    assert "root:" not in r.text


def test_security_headers_on_every_response(client):
    for url in ["/", "/api/overview", "/api/missing"]:
        h = client.get(url).headers
        assert "default-src 'none'" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"
        assert h["x-frame-options"] == "DENY"


def test_foreign_host_headers_are_refused(seeds_db):
    with TestClient(create_app(seeds_db, allowed_hosts=["127.0.0.1", "localhost"]),
                    base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/overview").status_code == 200
        assert_error(c.get("/api/overview", headers={"host": "attacker.example"}), 400)


def test_no_docs_page_that_loads_from_a_cdn(client):
    assert client.get("/docs").status_code == 404
    schema = client.get("/api/openapi.json").json()
    assert "/api/articles" in schema["paths"]


def test_missing_store_is_a_clear_error(tmp_path):
    from storytrace.errors import StoreError

    with pytest.raises(StoreError):
        create_app(tmp_path / "none.db")
    with pytest.raises(ValueError):
        create_app(tmp_path / "none.db", allow_writes=True)


# -- writes -------------------------------------------------------------------------------

def test_read_only_by_default(client):
    err = assert_error(client.post("/api/articles", json={"text": "A new article."},
                                   headers={"authorization": f"Bearer {TOKEN}"}), 403)
    assert err["code"] == "writes_disabled"


def test_writes_need_the_token(writable):
    body = {"text": "The mayor said on Tuesday that the bridge will reopen in May.",
            "title": "Bridge to reopen", "outlet": "Local Times", "published": "2024-03-05"}
    assert_error(writable.post("/api/articles", json=body), 401)
    assert_error(writable.post("/api/articles", json=body, headers={"authorization": "Bearer nope"}), 401)
    ok = writable.post("/api/articles", json=body, headers={"authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 201 and ok.json()["status"] == "added"
    again = writable.post("/api/articles", json=body, headers={"authorization": f"Bearer {TOKEN}"})
    assert again.json() == {**ok.json(), "status": "skipped"}
    got = writable.get(f"/api/articles/{ok.json()['id']}").json()
    assert "bridge will reopen" in got["text"]
    assert writable.get("/api/search", params={"q": "bridge"}).json()["total"] == 1


def test_the_server_never_fetches_unless_enabled(writable, monkeypatch):
    import storytrace.server.api as server_api

    def no_network(*a, **k):
        raise AssertionError("the server tried to read a source")

    monkeypatch.setattr(server_api, "iter_documents", no_network)
    auth = {"authorization": f"Bearer {TOKEN}"}
    err = assert_error(writable.post("/api/articles", json={"url": "https://example.org/a"}, headers=auth), 403)
    assert err["code"] == "fetch_disabled"
    for url in ["file:///etc/passwd", "/etc/passwd", "../../etc/passwd", "javascript:alert(1)"]:
        assert_error(writable.post("/api/articles", json={"url": url}, headers=auth), 422)


def test_request_size_is_limited(seeds_db, tmp_path):
    db = tmp_path / "copy.db"
    shutil.copy(seeds_db, db)
    with TestClient(create_app(db, allow_writes=True, token=TOKEN, max_body=10_000)) as c:
        auth = {"authorization": f"Bearer {TOKEN}"}
        assert_error(c.post("/api/articles", json={"text": "x" * 20_000}, headers=auth), 413)

        def chunks():
            for _ in range(20):
                yield b"x" * 1000

        assert_error(c.post("/api/articles", content=chunks(), headers=auth), 413)
        assert_error(c.post("/api/articles", content=b"{not json", headers={**auth, "content-type": "application/json"}), 422)


# -- escaping in the app ----------------------------------------------------------------------

def test_hostile_articles_are_escaped_in_every_view(tmp_path):
    db = tmp_path / "evil.db"
    store = open_store(db)
    text = f"Officials said {EVIL}. The end."
    store.add_article(Article(
        id="e0e0e0e0e0e0", source=EVIL, text=text, url=PAYLOADS[3], title=EVIL, outlet=PAYLOADS[1],
        authors=[EVIL], published="2022-01-01", content_hash="evil", language="en",
        flags=[Flag(EVIL, {"why": EVIL}, 0.5, "ingest")]))
    store.close()
    with TestClient(create_app(db)) as c:
        for url in ["/", "/articles", "/articles/e0e0e0e0e0e0", f"/articles?q={EVIL[:40]}",
                    "/articles?outlet=%22%3E%3Cscript%3E", "/nope%3Cscript%3Ealert(1)%3C/script%3E"]:
            html = c.get(url).text
            assert "<script>window" not in html and "<img" not in html and "<svg onload" not in html, url
            assert 'href="javascript:' not in html, url
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in c.get("/articles/e0e0e0e0e0e0").text


def test_the_store_opens_in_datasette(seeds_db, tmp_path):
    datasette_app = pytest.importorskip("datasette.app", reason="needs datasette (the bench extra)")
    import asyncio

    db = tmp_path / "storytrace.db"
    shutil.copy(seeds_db, db)

    async def browse():
        ds = datasette_app.Datasette([str(db)], immutables=[])
        tables = (await ds.client.get("/storytrace.json")).json()["tables"]
        hits = (await ds.client.get("/storytrace/articles.json?_search=Blinken&_fts_table=articles_fts&_fts_pk=seq&_shape=objects")).json()
        return {t["name"] for t in tables}, hits

    names, hits = asyncio.run(browse())
    assert {"articles", "flags", "runs", "articles_fts"} <= names
    assert hits["rows"] and all("Blinken" in r["text"] for r in hits["rows"])


def test_serve_command_refuses_what_it_cannot_do(tmp_path, seeds_db, monkeypatch):
    from typer.testing import CliRunner

    from storytrace.cli import app

    runner = CliRunner()
    r = runner.invoke(app, ["serve", "--db", str(tmp_path / "missing.db")])
    assert r.exit_code == 2 and "no such store" in r.output
    monkeypatch.delenv("STORYTRACE_TOKEN", raising=False)
    r = runner.invoke(app, ["serve", "--db", str(seeds_db), "--allow-writes"])
    assert r.exit_code == 2 and "STORYTRACE_TOKEN" in r.output
    started = {}
    monkeypatch.setattr("uvicorn.run", lambda web, **kw: started.update(kw, app=web))
    r = runner.invoke(app, ["serve", "--db", str(seeds_db), "--port", "8123"])
    assert r.exit_code == 0, r.output
    assert started["host"] == "127.0.0.1" and started["port"] == 8123
