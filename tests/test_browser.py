"""The shared reports in a real browser: headless Debian Chromium opens
reports/index.html and a report of a toy project built by the runner, with the
network effectively unused (every request must be a file: or data: URL).

Skipped only when Chromium is not installed (.ci/run installs Debian's chromium).
"""
from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from test_runner import TOY_RUNS, make_toy_project, run_toy, statuses

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does it)")
    root = make_toy_project(tmp_path_factory.mktemp("browser"))
    summary = run_toy(root)
    assert set(statuses(summary).values()) == {"ran"}
    return root / "reports"


@pytest.fixture(scope="module")
def browser(tmp_path_factory, reports):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield context
        finally:
            context.close()


def open_page(browser, path: Path):
    page = browser.new_page()
    requests: list[str] = []
    failed: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failed.append(r.url))
    response = page.goto(path.as_uri(), wait_until="load")
    assert response is None or response.ok, f"{path.name}: did not load"
    return page, requests, failed


def check_page(page, requests, failed, path: Path) -> None:
    remote = [u for u in requests if urlparse(u).scheme not in ("file", "data")]
    assert not remote, f"{path.name} fetched from the network: {remote}"
    assert not failed, f"{path.name}: failed requests {failed}"
    sizes = page.evaluate("Array.from(document.images).map(i => [i.currentSrc.slice(0, 40), i.complete, i.naturalWidth])")
    assert all(complete and width > 0 for _, complete, width in sizes), f"{path.name}: broken images {sizes}"
    for href in page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"):
        url = urlparse(href)
        if url.scheme == "file":
            assert Path(unquote(url.path)).is_file(), f"{path.name}: link to a missing file {href}"


def test_index_opens_with_every_link_and_thumbnail(browser, reports):
    index = reports / "index.html"
    page, requests, failed = open_page(browser, index)
    assert page.title() == "Lingyuan figures — reports"
    check_page(page, requests, failed, index)
    links = page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))")
    assert len(links) == 3 * len(TOY_RUNS)
    images = page.evaluate("Array.from(document.images).map(i => i.naturalWidth)")
    assert len(images) == 4 and all(w > 0 for w in images)
    # following a link lands on the report
    page.click('a[href="toy_chart.zh.reader.html"]')
    page.wait_for_load_state("load")
    assert page.url.endswith("toy_chart.zh.reader.html")
    page.close()


@pytest.mark.parametrize("name", ["toy_chart.en.html", "toy_chart.en.reader.html"])
def test_report_opens_with_its_chart(browser, reports, name):
    path = reports / name
    page, requests, failed = open_page(browser, path)
    check_page(page, requests, failed, path)
    widths = page.evaluate("Array.from(document.querySelectorAll('.jp-OutputArea img')).map(i => i.naturalWidth)")
    assert widths == [320], "the chart is shown at its size"
    code_shown = page.evaluate("document.querySelectorAll('.jp-CodeCell .jp-InputArea').length")
    assert (code_shown > 0) == (not name.endswith(".reader.html"))
    page.close()
