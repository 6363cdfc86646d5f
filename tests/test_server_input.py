"""The web app against hostile or wrong input, and its offline API docs (issue #30).

The store here is only ingested (no analysis), so these run in seconds.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from storytrace import add
from storytrace.server import create_app
from storytrace.server.docs import ASSETS

TOKEN = "s3cret-token"
TEXT = ("Officials said on Tuesday that the flooded bridge over the river will reopen in May, "
        "after engineers found the piers sound. The mayor called the closure a false flag "
        "for the town's tourism season.\n")


@pytest.fixture
def client(tmp_path):
    src = tmp_path / "bridge.txt"
    src.write_text(TEXT, encoding="utf-8")
    db = tmp_path / "s.db"
    assert add([str(src)], str(db)).ok
    with TestClient(create_app(db, allow_writes=True, token=TOKEN)) as c:
        yield c


@pytest.mark.parametrize("path", ["/api/articles", "/api/search", "/articles"])
@pytest.mark.parametrize("q", ["\x00", "bridge\x00", "\x00\x00 bridge", "\x1f"])
def test_control_characters_in_a_search_are_no_server_error(client, path, q):
    r = client.get(path, params={"q": q})
    assert r.status_code == 200, r.text
    if path.startswith("/api") and "bridge" in q:
        assert r.json()["total"] == 1  # the word around the NUL is still searched


def test_a_published_value_that_is_not_a_date_is_refused(client):
    auth = {"authorization": f"Bearer {TOKEN}"}
    body = {"text": "The council voted on Monday to close the old market hall for repairs.",
            "title": "Market hall to close"}
    r = client.post("/api/articles", json={**body, "published": "not-a-date"}, headers=auth)
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    assert err["message"].startswith("body.published:") and "'not-a-date' is not a date" in err["message"]
    assert client.get("/api/articles").json()["total"] == 1  # nothing stored
    ok = client.post("/api/articles", json={**body, "published": "2024-03-05T09:00:00Z"}, headers=auth)
    assert ok.status_code == 201, ok.text
    got = client.get(f"/api/articles/{ok.json()['id']}").json()
    assert got["published"].startswith("2024-03-05")


def test_interactive_api_docs_are_served_offline_under_a_strict_policy(client):
    page = client.get("/api/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    for kind in ("script-src", "style-src", "connect-src"):
        assert directives[kind] == "'self'", kind  # no CDN, no inline code, no eval
    html = page.text
    assert "http://" not in html and "https://" not in html  # every asset from this server
    assert "<script>" not in html and "onload=" not in html  # no inline script
    for src in ["/api/docs/swagger-ui-bundle.js", "/api/docs/init.js", "/api/docs/swagger-ui.css"]:
        assert f'"{src}"' in html
        r = client.get(src)
        assert r.status_code == 200 and len(r.content) > 200, src
        assert r.headers["content-security-policy"] == csp
    assert "SwaggerUIBundle" in client.get("/api/docs/swagger-ui-bundle.js").text
    init = client.get("/api/docs/init.js").text
    assert '"/api/openapi.json"' in init and "validatorUrl: null" in init
    assert client.get("/api/openapi.json").status_code == 200
    # Only the named package files are served, never a path the client picks.
    assert set(ASSETS) >= {"swagger-ui-bundle.js", "swagger-ui.css"}
    for bad in ["index.html", "..%2F..%2F__init__.py", "swagger-ui.js.map"]:
        assert client.get(f"/api/docs/{bad}").status_code == 404, bad
    # The app's own pages keep their hash-based policy.
    assert "'self'" not in client.get("/").headers["content-security-policy"].split("script-src", 1)[1].split(";")[0]
