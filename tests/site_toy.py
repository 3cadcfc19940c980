"""A small bilingual project for the tests of the reports site (test_report.py,
test_browser.py): two notebooks written here with nbformat, tagged as the project's
notebooks are (markdown cells `lang-zh` / `lang-en`, a `build` cell, a chart whose
alternative text holds its title and subtitle, a generated finding, a wide table),
a run matrix, and a copy of the project's data/processed for the village names.

The numbers in these notebooks are made up: they only need to look like findings.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import lingyuan
from lingyuan import runner

PACKAGE = Path(lingyuan.__file__).resolve().parent
DATA = lingyuan.PROJECT_ROOT / "data" / "processed"
RUNS = ["t10_topic.zh", "t10_topic.en", "t50_village.zh.beifangshen", "t50_village.zh.erangou",
        "t50_village.en.beifangshen", "t50_village.en.erangou"]
FINDING = {"zh": "示例村的收入增长最快", "en": "The example village's income grew fastest"}
BUILD_MARKER = "BUILD_STEP_MARKER"
CODE_MARKER = "CODE_ONLY_MARKER"

MATRIX = """\
paths: [data_dir]
notebooks:
  t10_topic:
    inputs: [data/processed/*]
    parameters:
      lang: [zh, en]
      data_dir: data/processed
  t50_village:
    inputs: [data/processed/*]
    parameters:
      lang: [zh, en]
      village: [beifangshen, erangou]
      data_dir: data/processed
"""

CHART = '''\
import io
from PIL import Image, ImageDraw
from IPython.display import Image as IPImage, Markdown, display

TITLE = {"zh": ("%(zh)s", "单位：元（示例）"), "en": ("%(en)s", "yuan (an example)")}[lang]
image = Image.new("RGB", (640, 360), "white")
draw = ImageDraw.Draw(image)
for i, h in enumerate((120, 200, 90)):
    draw.rectangle([80 + 160 * i, 320 - h, 180 + 160 * i, 320], fill=(31, 119, 180))
buffer = io.BytesIO()
image.save(buffer, format="PNG")
display(IPImage(data=buffer.getvalue(), format="png", alt=f"{TITLE[0]}{'。' if lang == 'zh' else '. '}{TITLE[1]}"))
display(Markdown({"zh": "**发现**：示例村领先。", "en": "**Finding:** the example village leads."}[lang]))
''' % FINDING

WIDE_TABLE = '''\
from IPython.display import HTML
columns = ["村庄名称", "所属乡镇", "产业项目", "带动人口", "合作社", "集体收入", "光伏电站",
           "危房改造", "低保人数", "五保人数", "医疗救助", "教育资助"]
row = "".join(f"<td>北房身村示例{i}</td>" for i in range(len(columns)))
HTML("<table><thead><tr>" + "".join(f"<th>{c}</th>" for c in columns) + "</tr></thead>"
     f"<tbody><tr>{row}</tr></tbody></table>")
'''


def _md(text: str, *tags: str):
    return new_markdown_cell(text, metadata={"tags": list(tags)} if tags else {})


def _code(text: str, *tags: str):
    return new_code_cell(text, metadata={"tags": list(tags)} if tags else {})


def topic_notebook():
    return new_notebook(cells=[
        _md("# 10 · 收入：示例专题", "lang-zh"),
        _md("# 10 · Income: an example topic", "lang-en"),
        _code('lang: str = "zh"  # language of the page: zh or en\n'
              'data_dir: str = "data/processed"  # tidy dataset folder', "parameters"),
        _code(f'assert lang in ("zh", "en"), lang\nprint("{BUILD_MARKER}: parameters checked")', "build"),
        _md("下面的图表给出各村的收入。", "lang-zh"),
        _md("The chart below gives each village's income.", "lang-en"),
        _code(f"# {CODE_MARKER}\n" + CHART),
        _code(WIDE_TABLE),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def village_notebook():
    return new_notebook(cells=[
        _md("# 50 · 村庄概况", "lang-zh"),
        _md("# 50 · Village profile", "lang-en"),
        _code('village: str = "beifangshen"  # village id\n'
              'lang: str = "zh"  # language of the page: zh or en\n'
              'data_dir: str = "data/processed"  # tidy dataset folder', "parameters"),
        _code("from IPython.display import Markdown, display\n"
              "display(Markdown({'zh': f'**{village}**：村里的数字。', 'en': f'**{village}**: its figures.'}[lang]))"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def make_site_project(root: Path) -> Path:
    """The project under *root*: notebooks/ (two notebooks, runs.yaml) and data/processed."""
    notebooks = root / "notebooks"
    notebooks.mkdir(parents=True)
    nbformat.write(topic_notebook(), notebooks / "t10_topic.ipynb")
    nbformat.write(village_notebook(), notebooks / "t50_village.ipynb")
    (notebooks / "runs.yaml").write_text(MATRIX, encoding="utf-8")
    shutil.copytree(DATA, root / "data" / "processed")
    return root


def build_site(root: Path, **kw) -> runner.RunSummary:
    """Run the project's matrix with the real runner (which writes the site)."""
    kw.setdefault("jobs", 2)
    kw.setdefault("out", None)
    return runner.run_matrix(root / "notebooks" / "runs.yaml", package_dir=PACKAGE, **kw)
