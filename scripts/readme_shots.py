"""The README's phone pictures of the site, taken again from a built site in headless Chromium
(the browser the tests use), so that they show the pages as they are:

- ``docs/img/site_report_phone.png``: a village profile's figures on a 390 px phone, each row
  a stacked block, each indicator a link to its entry on the data page;
- ``docs/img/site_data_phone.png``: the data page at a figure's entry (the row a link lands on,
  highlighted), on a 390 px phone;
- ``docs/img/report_phone.png``: a chart of the income report in its narrow layout (at twice
  the pixels, as a phone's screen shows it), with the sentence before it.

    python scripts/readme_shots.py [REPORTS]   (default: reports/, after ``make report``)
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

#: what each picture shows: the page, the heading or figure it starts at
REPORT = ("50_village_profile.zh.erangou.reader.html", "村的数字")
DATA = ("data.html", "pepper-area")
CHART = ("20_income.zh.reader.html", "目标：")
PHONE = {"width": 390, "height": 844}


def main(reports: Path) -> None:
    from playwright.sync_api import sync_playwright

    from site_measure import CHROMIUM, FLAGS

    if CHROMIUM is None:
        sys.exit("chromium is not installed")
    out = ROOT / "docs" / "img"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport=PHONE)
        page.goto((reports / REPORT[0]).as_uri(), wait_until="load")
        page.get_by_role("heading", name=REPORT[1]).evaluate("h => window.scrollTo(0, h.offsetTop - 16)")
        page.screenshot(path=str(out / "site_report_phone.png"))
        page.goto((reports / DATA[0]).as_uri() + "#" + DATA[1], wait_until="load")
        page.evaluate(f"window.scrollTo(0, document.getElementById({DATA[1]!r}).getBoundingClientRect().top"
                      " + window.scrollY - 250)")
        page.screenshot(path=str(out / "site_data_phone.png"))
        page = browser.new_page(viewport=PHONE, device_scale_factor=2)
        page.goto((reports / CHART[0]).as_uri(), wait_until="load")
        box = page.evaluate("""text => {
            const chart = Array.from(document.querySelectorAll('.chart')).find(c =>
                Array.from(c.querySelectorAll('.chart-narrow text')).some(t => t.textContent.includes(text)));
            const cell = chart.closest('.jp-Cell'), before = cell.previousElementSibling;
            const top = (before || cell).getBoundingClientRect().top + window.scrollY;
            const bottom = cell.getBoundingClientRect().bottom + window.scrollY;
            return {x: 0, y: top, width: document.documentElement.clientWidth, height: bottom - top};
        }""", CHART[1])
        page.screenshot(path=str(out / "report_phone.png"), clip=box, full_page=True)
        browser.close()
    for name in ("site_report_phone", "site_data_phone", "report_phone"):
        print(out / f"{name}.png")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "reports").resolve())
