"""The industry and income notebooks run headlessly through papermill in both
languages, write valid charts, show no error or missing-glyph warning, and stop in
their first cells on a bad parameter with a message listing the valid values.

The Chinese runs are those of the session's real build (conftest.real_project: the runner's
papermill runs of the project's notebooks, each executed notebook kept as reports/RUN.ipynb
and each file it wrote recorded in .cache/runs.json), not executed a second time here; the
English runs (that build gives three villages hostile English names), the bad parameters
and the township filter are run here."""
from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from lingyuan import DATA_PROCESSED, NOTEBOOKS_DIR
from project_copy import recorded_outputs

pytestmark = pytest.mark.notebook
papermill = pytest.importorskip("papermill")

EXPECTED = {
    "10_industry_projects": ["industry_reach", "industry_capacity", "industry_beilu_villages",
                             "industry_beifangshen_grapes", "industry_erangou", "industry_cooperatives"],
    "20_income": ["income_per_capita", "income_collective_vs_targets", "income_earnings"],
}
RUNS = [(nb, lang) for nb in EXPECTED for lang in ("zh", "en")]
BAD_WORDS = ("Glyph", "missing from font", "findfont", "Traceback")
#: the languages whose runs of RUNS are the session's real build's (its hostile names are English)
BUILT = {"zh"}


def _execute(notebook: str, output, **parameters):
    """Run a notebook with absolute paths (no cwd: papermill's cwd is process-wide);
    retry once when the kernel dies before running (the kernel port race)."""
    kwargs = dict(parameters=parameters, progress_bar=False, log_output=False, kernel_name="python3")
    for attempt in (1, 2):
        try:
            return papermill.execute_notebook(str(NOTEBOOKS_DIR / f"{notebook}.ipynb"), str(output), **kwargs)
        except papermill.PapermillExecutionError:
            raise
        except RuntimeError:
            if attempt == 2:
                raise


BAD = [
    ("20_income", {"lang": "fr"}, "valid values: zh, en"),
    ("10_industry_projects", {"township": "宋杖子"},
     "did you mean 宋杖子镇? valid values: all, beilu (北炉乡, Beilu Township), goumenzi (沟门子镇, Goumenzi Town), "
     "sandaohezi (三道河子镇, Sandaohezi Town), siguanyingzi (四官营子镇, Siguanyingzi Town), "
     "songzhangzi (宋杖子镇, Songzhangzi Town), wulanbai (乌兰白镇, Wulanbai Town)"),
    ("20_income", {"formats": ["gif"]}, "valid values: png, svg, pdf"),
]


@pytest.fixture(scope="module")
def runs(tmp_path_factory, real_project):
    """Every run of this module: {key: (output notebook, figures dir, exception or None, names
    of the charts the run wrote)}. Keys are (notebook, lang) for the good runs (the Chinese
    ones the real build's, its figures dir shared by its runs), ("bad", i) for the bad
    parameters, "township" for the filter (run here two at a time: the kernels are separate
    processes)."""
    if not (DATA_PROCESSED / "figures.csv").is_file():
        pytest.skip("data/processed is not built; run `make data`")
    root = tmp_path_factory.mktemp("nb")
    jobs = {}
    for notebook, lang in RUNS:
        if lang not in BUILT:
            jobs[(notebook, lang)] = (notebook, dict(lang=lang, formats=["png", "svg"]))
    for i, (notebook, parameters, _) in enumerate(BAD):
        jobs[("bad", i)] = (notebook, parameters)
    jobs["township"] = ("10_industry_projects", dict(lang="en", township="沟门子镇", formats=["png"]))

    def one(key):
        notebook, parameters = jobs[key]
        name = "-".join(map(str, key)) if isinstance(key, tuple) else key
        out, figs = root / f"{name}.ipynb", root / f"figures-{name}"
        error = None
        try:
            _execute(notebook, out, data_dir=str(DATA_PROCESSED), figures_dir=str(figs), **parameters)
        except papermill.PapermillExecutionError as err:
            error = err
        written = sorted(p.name for p in figs.glob("*/*"))
        return key, (out, figs, error, written)

    with ThreadPoolExecutor(2) as pool:
        done = dict(pool.map(one, jobs))
    recorded = recorded_outputs(real_project)
    for notebook, lang in RUNS:
        if lang in BUILT:
            done[(notebook, lang)] = (real_project / "reports" / f"{notebook}.{lang}.ipynb", real_project / "figures",
                                      None, sorted(p.name for p in recorded[f"{notebook}.{lang}"]))
    return done


def _outputs_text(path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    texts = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if out["output_type"] == "error":
                texts.append(f"ERROR {out['ename']}: {out['evalue']}")
            elif out["output_type"] == "stream":
                texts.append(f"{out['name']}: {''.join(out['text'])}")
            else:
                data = out.get("data", {})
                texts.append("".join(data.get("text/plain", "")))
    return texts


@pytest.mark.parametrize("notebook, lang", RUNS)
def test_notebook_writes_valid_charts(runs, notebook, lang):
    out, figs, error, written = runs[(notebook, lang)]
    assert error is None, error
    assert json.loads(out.read_text(encoding="utf-8"))["metadata"]["papermill"]["parameters"]["lang"] == lang
    for stem in EXPECTED[notebook]:
        png = (figs / lang / f"{stem}.png").read_bytes()
        svg = (figs / lang / f"{stem}.svg").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n", stem
        assert len(png) > 20_000, f"{stem}.png is suspiciously small"
        assert b"<svg" in svg[:500] and svg.rstrip().endswith(b"</svg>"), stem
    assert written == sorted(f"{s}.{ext}" for s in EXPECTED[notebook] for ext in ("png", "svg"))


def test_every_chart_of_the_real_build_was_written_by_a_run_that_recorded_it(real_project):
    """No chart of the shared figures folder escapes the runs' records, which the tests
    above compare with each notebook's charts."""
    figures = real_project / "figures"
    recorded = {p for paths in recorded_outputs(real_project).values() for p in paths if p.is_relative_to(figures)}
    assert recorded and recorded == {p for p in figures.rglob("*") if p.is_file()}


@pytest.mark.parametrize("notebook, lang", RUNS)
def test_notebook_output_is_clean(runs, notebook, lang):
    out, _, _, _ = runs[(notebook, lang)]
    texts = _outputs_text(out)
    bad = [t for t in texts if t.startswith("ERROR") or t.startswith("stderr")
           or any(w in t for w in BAD_WORDS)]
    assert not bad, f"{out.name}:\n" + "\n".join(bad)
    nb = json.loads(out.read_text(encoding="utf-8"))
    images = [o for c in nb["cells"] for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == len(EXPECTED[notebook])  # every chart is shown inline too


@pytest.mark.parametrize("i", range(len(BAD)), ids=[f"{nb}-{next(iter(p))}" for nb, p, _ in BAD])
def test_bad_parameter_stops_in_the_first_cells(runs, i):
    out, figs, error, _ = runs[("bad", i)]
    assert isinstance(error, papermill.PapermillExecutionError), "the notebook ran to the end"
    assert error.ename == "ParameterError"
    assert BAD[i][2] in error.evalue and BAD[i][2] in str(error)
    assert not figs.exists()  # stopped before any chart


def test_township_filter_skips_the_other_villages(runs):
    out, figs, error, written = runs["township"]
    assert error is None, error
    assert "industry_erangou.png" in written
    assert "industry_beilu_villages.png" not in written and "industry_beifangshen_grapes.png" not in written
    assert any("skipped: this chart is about Beilu Township (beilu)" in t for t in _outputs_text(out))


ANALYSIS = ["10_industry_projects", "20_income", "30_social_security", "40_audit", "50_village_profile"]


@pytest.mark.parametrize("notebook", ANALYSIS)
def test_static_cells_come_in_both_languages_and_build_cells_are_tagged(notebook):
    nb = json.loads((NOTEBOOKS_DIR / f"{notebook}.ipynb").read_text(encoding="utf-8"))
    cells = nb["cells"]
    tags = [set(c.get("metadata", {}).get("tags", [])) for c in cells]
    markdown = [t for c, t in zip(cells, tags) if c["cell_type"] == "markdown"]
    assert all(len(t & {"lang-zh", "lang-en"}) == 1 for t in markdown), "every markdown cell names its language"
    assert sum("lang-zh" in t for t in markdown) == sum("lang-en" in t for t in markdown)
    # the title in both languages, then the parameters cell, then the build cell checking them
    assert [c["cell_type"] for c in cells[:3]] == ["markdown", "markdown", "code"] and "parameters" in tags[2]
    assert "build" in tags[3] and "check_all" in "".join(cells[3]["source"])
    for c, t in zip(cells, tags):
        if c["cell_type"] == "code" and "written_table" in "".join(c["source"]):
            assert "build" in t
        assert not c.get("outputs"), "notebooks are committed without outputs"


def _markdown_outputs(path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(o["data"]["text/markdown"]) for c in nb["cells"] for o in c.get("outputs", [])
            if "text/markdown" in o.get("data", {})]


@pytest.mark.parametrize("notebook", list(EXPECTED))
def test_findings_are_written_in_the_language_of_the_run(runs, notebook):
    cjk = re.compile(r"[\u4e00-\u9fff]")
    zh = _markdown_outputs(runs[(notebook, "zh")][0])
    en = _markdown_outputs(runs[(notebook, "en")][0])
    assert len(zh) == len(en) >= 4
    for text in zh:  # Chinese prose: mostly Chinese characters
        assert len(cjk.findall(text)) > len(re.findall(r"[A-Za-z]", text)), text
    for text in en:  # English prose: Chinese only in quoted terms of the page
        assert len(cjk.findall(text)) < len(re.findall(r"[A-Za-z]", text)) / 10, text
