"""The offline API docs (Swagger UI at /api/docs) in a real headless Chromium.

Under the docs' Content Security Policy the page must render every route of the schema with
no console error (a CSP violation is one) and without any request leaving the machine.
Skipped, with the reason, where Chromium is not installed (.ci/install-system.sh installs it).
"""

from __future__ import annotations

import pytest

from storytrace import add
from test_browser import browser, console_errors, serving, shot  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow


def test_swagger_ui_renders_offline_with_no_console_error(browser, tmp_path):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    src = tmp_path / "a.txt"
    src.write_text("The mayor said on Tuesday that the bridge will reopen in May.\n", encoding="utf-8")
    db = tmp_path / "s.db"
    add([str(src)], str(db))
    with serving(db) as url:
        browser.get(url + "/api/docs")
        WebDriverWait(browser, 30).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock-summary-path"))
        paths = {e.text.replace("\u200b", "") for e in
                 browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")}
        shot(browser, "app-api-docs")
        resources = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
    assert {"/api/articles", "/api/search", "/api/overview"} <= paths
    assert all(r.startswith(url) for r in resources), resources
    assert console_errors(browser) == []
