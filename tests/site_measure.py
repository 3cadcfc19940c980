"""What a reader meets on a page of the site, measured in a real browser (Chromium through
playwright): used by the browser tests and by ``python tests/site_measure.py REPORTS``,
which prints the measures of every reader page and data page at 390 and 1280 px (and
their weights, with the average of the reader pages), then the smallest text of each chart
of each reader page at both widths, in CSS px (the layout the page shows at that width).

- ``tables``: every table wider than its column (the page's main column), with both widths;
- ``latin`` / ``cjk``: the Latin letters and the Chinese characters of the text a reader sees
  (``innerText``: what is hidden is not counted);
- ``text``: that text, for the build-talk and doubled-word checks (:func:`problems`).
"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTHS = (390, 1280)

MEASURE = """() => {
  const main = document.querySelector('main') || document.body;
  const cs = getComputedStyle(main);
  const column = main.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  const tables = Array.from(document.querySelectorAll('table')).filter(t => t.offsetParent !== null)
    .map(t => [Math.round(t.getBoundingClientRect().width), t.scrollWidth]);
  const text = document.body.innerText;
  return {column: Math.round(column), tables: tables, text: text,
          latin: (text.match(/[A-Za-z]/g) || []).length,
          cjk: (text.match(/[\\u3400-\\u9fff]/g) || []).length};
}"""

#: words of the build that a reader page must not show
BUILD_TALK = ("JupyterLab", "lang 参数", "`lang`", "parameter lang", "chart files this run wrote",
              "本次运行写出的图表文件", "figures folder", "图表文件夹", "figure_id", "数字编号")
_DOUBLED_EN = re.compile(r"\b([A-Za-z]+)[ \u00a0]+\1\b", re.I)  # within a line: not across table cells
_DOUBLED_ZH = ("约约", "不超过不超过", "以上以上", "的的")


#: per chart of the page: the smallest text of the layout shown, in CSS px, and that text
CHART_SMALLEST = """() => Array.from(document.querySelectorAll('.chart')).map(chart => {
  const svg = Array.from(chart.querySelectorAll(':scope > svg')).find(s => s.getBoundingClientRect().width > 0);
  if (!svg) return null;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim())
    .map(t => [parseFloat(getComputedStyle(t).fontSize) * scale, t.textContent.trim()]);
  sizes.sort((a, b) => a[0] - b[0]);
  return [svg.getAttribute('class'), sizes[0]];
})"""


def doubled_words(text: str) -> list[str]:
    """Words written twice in a row ("about about", "约约")."""
    found = [m.group(0) for m in _DOUBLED_EN.finditer(text)]
    return found + [w for w in _DOUBLED_ZH if w in text]


def measure(page, path: Path, width: int) -> dict:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path.as_uri(), wait_until="load")
    m = page.evaluate(MEASURE)
    m["wide"] = [t for t in m["tables"] if max(t) > m["column"] + 1]
    m["share"] = m["latin"] / max(1, m["latin"] + m["cjk"])
    return m


def shown_ids(text: str, ids) -> list[str]:
    """The *ids* (of figures, derived numbers, checks: the data page's entries) that *text*
    shows as words: an id where a reader should read a name."""
    return sorted(i for i in ids if "-" in i and re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text))


def problems(name: str, m: dict, lang: str | None, ids=()) -> list[str]:
    """What is wrong with a reader page (its measures *m*; *ids*: the ids no reader page shows)."""
    out = [f"{name}: table {w} px wider than its column ({m['column']} px)" for w in m["wide"]]
    if lang == "zh" and m["share"] > 0.10:
        out.append(f"{name}: {m['share']:.0%} Latin letters ({m['latin']} Latin, {m['cjk']} Chinese)")
    out += [f"{name}: build talk {t!r}" for t in BUILD_TALK if t in m["text"]]
    out += [f"{name}: doubled word {w!r}" for w in doubled_words(m["text"])]
    out += [f"{name}: the id {i!r} shown as text" for i in shown_ids(m["text"], ids)]
    if re.search(r"\bdtype: \w+", m["text"]):
        out.append(f"{name}: a pandas printout (dtype: ...)")
    return out


def open_browser(playwright, profile: Path):
    return playwright.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM,
                                                         headless=True, args=FLAGS)


def main(reports: Path) -> None:
    import tempfile

    from playwright.sync_api import sync_playwright

    paths = sorted(reports.glob("*.reader.html")) + sorted(reports.glob("data*.html"))
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = open_browser(p, Path(profile))
        page = context.new_page()
        print("page\tKB\twidth\ttables\twide\tlatin\tcjk\tlatin share")
        charts = []
        for path in paths:
            for width in WIDTHS:
                m = measure(page, path, width)
                print(f"{path.name}\t{path.stat().st_size // 1024}\t{width}\t{len(m['tables'])}\t{len(m['wide'])}"
                      f"\t{m['latin']}\t{m['cjk']}\t{m['share']:.3f}")
                if path.name.endswith(".reader.html"):
                    charts += [(path.name, k, width, c) for k, c in enumerate(page.evaluate(CHART_SMALLEST)) if c]
        context.close()
    readers = [p.stat().st_size / 1024 for p in paths if p.name.endswith(".reader.html")]
    print(f"\nreader pages: {len(readers)}, {min(readers):.0f}-{max(readers):.0f} KB, "
          f"{sum(readers) / len(readers):.0f} KB on average")
    for path in paths:
        if not path.name.endswith(".reader.html"):
            print(f"{path.name}: {path.stat().st_size / 1024:.0f} KB")
    print("\npage\tchart\twidth\tlayout\tsmallest text (CSS px)\tthat text")
    for name, k, width, (layout, (size, text)) in charts:
        print(f"{name}\t{k}\t{width}\t{layout}\t{size:.1f}\t{text[:40]}")
    sizes = {w: [c[3][1][0] for c in charts if c[2] == w] for w in WIDTHS}
    for w, found in sizes.items():
        if found:
            print(f"at {w} px: {len(found)} charts, smallest text {min(found):.1f}-{max(found):.1f} CSS px")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())
