"""The briefing and the web app in a real headless Chromium (Debian's chromium + chromedriver).

Pages must load with no console errors (a CSP violation is one), navigation
and search must work, and no hostile string may run. Screenshots go to
test-artifacts/. Skipped, with the reason, where Chromium is not installed
(.ci/install-system.sh installs it).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from storytrace.report import render_report
from storytrace.report.render import anchor
from test_report_hostile_data import hostile_export

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-dev-shm-usage", "--window-size=1280,1000"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        reason = "needs Debian's chromium and chromium-driver (run .ci/install-system.sh)"
        if os.environ.get("CI"):  # CI installs them: a missing browser there is a failure
            pytest.fail(reason)
        pytest.skip(reason)
    webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium (the test extra)")
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never download a driver
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for f in FLAGS:
        opts.add_argument(f)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.set_page_load_timeout(60)
    ARTIFACTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def shot(driver, name: str) -> None:
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def wait_for_url(driver, part: str) -> None:
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 15).until(ec.url_contains(part))
    WebDriverWait(driver, 15).until(
        lambda d: d.execute_script("return document.readyState") == "complete")


def visible(driver, element_id: str) -> bool:
    return driver.execute_script(
        "var e = document.getElementById(arguments[0]); return !!e && e.offsetParent !== null;",
        element_id)


# -- the offline briefing ---------------------------------------------------------------------

def test_briefing_loads_and_navigates(browser, seeds_export, tmp_path):
    from selenium.webdriver.common.by import By

    path = tmp_path / "briefing.html"
    path.write_text(render_report(seeds_export), encoding="utf-8")
    browser.get(path.as_uri())
    assert "Briefing" in browser.find_element(By.TAG_NAME, "h1").text
    shot(browser, "report-overview")
    first = seeds_export["articles"][0]
    view = anchor("a", first["id"])
    assert not visible(browser, view)
    assert not browser.find_element(By.ID, "article-table").is_displayed()  # folded under the summary
    browser.find_element(By.CSS_SELECTOR, "#articles > details > summary").click()
    browser.find_element(By.CSS_SELECTOR, f'#article-table a[href="#{view}"]').click()
    assert visible(browser, view) and not visible(browser, "overview")
    shot(browser, "report-article")
    browser.find_element(By.CSS_SELECTOR, f"#{view} a.back").click()
    assert visible(browser, "overview") and not visible(browser, view)
    # The table filter hides what does not match.
    box = browser.find_element(By.ID, "filter")
    box.send_keys("zzzz-no-such-article")
    rows = browser.find_elements(By.CSS_SELECTOR, "#article-table tbody tr")
    assert rows and not any(r.is_displayed() for r in rows)
    box.clear()
    box.send_keys(" ")
    assert console_errors(browser) == []


def test_briefing_graph_nodes_open_articles(browser, seeds_export, tmp_path):
    from selenium.webdriver.common.by import By

    if not seeds_export.get("stories"):
        pytest.skip("the stories layer is not in this export yet")
    path = tmp_path / "briefing.html"
    path.write_text(render_report(seeds_export), encoding="utf-8")
    browser.get(path.as_uri() + "#stories")
    node = browser.find_element(By.CSS_SELECTOR, "svg.graph a.node")
    target = browser.execute_script("return arguments[0].getAttribute('href')", node).split("#", 1)[1]
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", node)
    assert visible(browser, target)
    assert console_errors(browser) == []


def test_briefing_on_a_phone(browser, seeds_export, tmp_path):
    path = tmp_path / "briefing.html"
    path.write_text(render_report(seeds_export), encoding="utf-8")
    browser.set_window_size(390, 844)
    try:
        browser.get(path.as_uri())
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        shot(browser, "report-phone")
        assert overflow <= 1, "the page scrolls sideways on a phone"
    finally:
        browser.set_window_size(1280, 1000)


def test_hostile_briefing_runs_no_injected_script(browser, tmp_path):
    path = tmp_path / "hostile.html"
    path.write_text(render_report(hostile_export()), encoding="utf-8")
    browser.get(path.as_uri())
    for view in ("a-a1", "a-a2"):
        browser.get(path.as_uri() + "#" + view)
        assert visible(browser, view)
    shot(browser, "report-hostile")
    assert browser.execute_script("return window.__pwned === undefined")
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, "long unbroken strings push the page sideways"
    assert console_errors(browser) == []


PHONE = 390


def phone_overflow(driver, url: str) -> dict:
    """Load ``url`` 390 px wide with every fold open: the page's width and any link squeezed to a sliver."""
    driver.get(url)
    return driver.execute_script("""
        document.querySelectorAll('details').forEach(function (d) { d.open = true; });
        var thin = [];
        document.querySelectorAll('td a, li a').forEach(function (a) {
          var r = a.getBoundingClientRect();
          if (r.width > 0 && r.width < 48 && a.textContent.trim().length > 10) { thin.push(a.textContent.slice(0, 40)); }
        });
        return {width: document.scrollingElement.scrollWidth, viewport: document.documentElement.clientWidth,
                thin: thin};""")


def test_hostile_and_real_briefings_fit_a_phone(browser, seeds_export, tmp_path):
    hostile = tmp_path / "hostile.html"
    hostile.write_text(render_report(hostile_export()), encoding="utf-8")
    real = tmp_path / "briefing.html"
    real.write_text(render_report(seeds_export), encoding="utf-8")
    browser.set_window_size(PHONE, 844)
    try:
        for url in (real.as_uri(), real.as_uri() + "#" + anchor("a", seeds_export["articles"][-1]["id"]),
                    hostile.as_uri(), hostile.as_uri() + "#a-a1"):
            got = phone_overflow(browser, url)
            assert got["width"] <= min(got["viewport"], PHONE), f"{url} scrolls sideways on a phone ({got})"
            assert got["thin"] == [], f"links broken letter by letter in {url}"
        shot(browser, "report-phone-unfolded")
    finally:
        browser.set_window_size(1280, 1000)
    assert console_errors(browser) == []


def test_a_briefing_of_1000_articles(browser, seeds_export, tmp_path):
    """At 1,000 articles (the examples resampled, as benchmarks/report.py does): < 4 MB, fits a phone."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from _resample import resample

    path = tmp_path / "briefing-1k.html"
    path.write_text(render_report(resample(seeds_export, 1000)), encoding="utf-8")
    assert path.stat().st_size < 4_000_000
    browser.set_window_size(PHONE, 844)
    try:
        got = phone_overflow(browser, path.as_uri())
        assert got["width"] <= min(got["viewport"], PHONE) and got["thin"] == []
    finally:
        browser.set_window_size(1280, 1000)
    assert console_errors(browser) == []


# -- the web app ---------------------------------------------------------------------------------

@contextmanager
def serving(db):
    """``storytrace serve`` on a free loopback port, in a thread; yields its base URL."""
    import uvicorn

    from storytrace.server import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                                        log_level="warning"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        t.join(10)


@pytest.fixture(scope="module")
def server(seeds_db):
    with serving(seeds_db) as url:
        yield url


def test_app_search_and_navigation(browser, server, seeds_export):
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    shot(browser, "app-overview")
    box = browser.find_element(By.CSS_SELECTOR, "header form input[name=q]")
    box.send_keys("Thomas-Greenfield")
    box.submit()
    wait_for_url(browser, "/articles?q=Thomas-Greenfield")
    expected = [a for a in seeds_export["articles"] if "Thomas-Greenfield" in a["text"]]
    links = browser.find_elements(By.CSS_SELECTOR, "#article-table tbody a")
    assert len(links) == len(expected)
    shot(browser, "app-search")
    links[0].click()
    wait_for_url(browser, "/articles/")
    assert browser.find_element(By.CSS_SELECTOR, ".article-view .text").text.strip()
    shot(browser, "app-article")
    for path in ("/stories", "/quotes", "/figures", "/articles?page=1"):
        browser.get(server + path)
        assert browser.find_element(By.TAG_NAME, "h1").text
    assert console_errors(browser) == []


def test_app_on_a_phone(browser, server, seeds_export):
    browser.set_window_size(390, 844)
    try:
        for path in ("/", "/articles", f"/articles/{seeds_export['articles'][0]['id']}", "/quotes"):
            browser.get(server + path)
            overflow = browser.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{path} scrolls sideways on a phone"
        shot(browser, "app-phone")
    finally:
        browser.set_window_size(1280, 1000)
    assert console_errors(browser) == []


def test_app_outlet_filter_fits_a_phone(browser, tmp_path):
    """A long outlet name (a web page's site name) must not widen the filter form past the screen."""
    from storytrace import open_store
    from storytrace.model import Article

    db = tmp_path / "outlets.db"
    store = open_store(db)
    outlet = "The Daily Chronicle of Western Pennsylvania and the Greater Ohio Valley Region — Breaking News"
    store.add_article(Article(id="0a0a0a0a0a0a", source="page.html", text="Officials said the bridge reopened.",
                              title="Bridge reopens", outlet=outlet, published="2022-01-01", content_hash="o1"))
    store.close()
    browser.set_window_size(PHONE, 844)
    try:
        with serving(db) as url:
            browser.get(url + "/articles")
            width, viewport = browser.execute_script(
                "return [document.scrollingElement.scrollWidth, document.documentElement.clientWidth]")
            shot(browser, "app-phone-outlets")
            assert width <= min(viewport, PHONE), (width, viewport)
    finally:
        browser.set_window_size(1280, 1000)


def test_app_runs_no_injected_script(browser, tmp_path):
    from storytrace import open_store
    from storytrace.model import Article, Flag
    from test_report_hostile_data import EVIL, PAYLOADS

    db = tmp_path / "evil.db"
    store = open_store(db)
    store.add_article(Article(
        id="e0e0e0e0e0e0", source=EVIL, text=f"Officials said {EVIL}. The end.", url=PAYLOADS[3],
        title=EVIL, outlet=PAYLOADS[1], authors=[EVIL], published="2022-01-01", content_hash="evil",
        flags=[Flag(EVIL, {"why": EVIL}, 0.5, "ingest")]))
    store.close()
    with serving(db) as url:
        for path in ("/", "/articles", "/articles/e0e0e0e0e0e0", "/articles?q=pwned",
                     "/nothing%3Cscript%3Ewindow.__pwned=9%3C/script%3E"):
            browser.get(url + path)
            assert browser.execute_script("return window.__pwned === undefined"), path
        shot(browser, "app-hostile")
    errors = [e for e in console_errors(browser) if "status of 404" not in e]  # the 404 we asked for
    assert errors == []
