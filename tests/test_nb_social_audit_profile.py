"""Notebooks 30_social_security, 40_audit and 50_village_profile run headlessly through
papermill in both languages: they write the expected charts as valid images, their
outputs hold no error and no missing-glyph warning, and a bad parameter stops them in
the first cell with a message listing the valid values.

The Chinese runs of 30 and 40 are those of the session's real build (conftest.real_project),
as in test_nb_industry_income.py; the English ones, the village profiles (named by their
Chinese name and by id) and the bad parameters are run here."""
from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from lingyuan import DATA_PROCESSED, NOTEBOOKS_DIR
from project_copy import recorded_outputs

pytestmark = pytest.mark.notebook
papermill = pytest.importorskip("papermill")

SOCIAL = ["safety_net", "health", "education", "housing", "employment"]
# (notebook, lang, extra parameters, chart files expected in figures/<lang>/)
RUNS = [
    ("30_social_security", "zh", {}, [f"social_{n}" for n in SOCIAL]),
    ("30_social_security", "en", {}, [f"social_{n}" for n in SOCIAL]),
    ("40_audit", "zh", {}, ["audit_verdicts"]),
    ("40_audit", "en", {}, ["audit_verdicts"]),
    ("50_village_profile", "zh", {"village": "北房身村"}, ["village_beifangshen_profile"]),
    ("50_village_profile", "en", {"village": "nanlu"}, ["village_nanlu_profile"]),
]
BAD_TEXT = ("Glyph", "missing from font", "Traceback", "Warning")
#: the runs of RUNS that are the session's real build's (project_copy.REAL_SITE_RUNS; its
#: hostile names are English)
BUILT = {("30_social_security", "zh"), ("40_audit", "zh")}


def _execute(notebook: str, output: Path, parameters: dict):
    """Run one notebook in this process (absolute paths as parameters: never cwd= from threads);
    retry once when the kernel dies before its first cell (the kernel port race)."""
    for attempt in (1, 2):
        try:
            return papermill.execute_notebook(
                str(NOTEBOOKS_DIR / f"{notebook}.ipynb"), str(output), parameters=parameters,
                progress_bar=False, log_output=False, kernel_name="python3", shutdown_kernel="immediate")
        except papermill.PapermillExecutionError:
            raise  # a cell failed: the notebook's own error
        except RuntimeError:  # DeadKernelError and the like
            if attempt == 2:
                raise


@pytest.fixture(scope="module")
def executed(tmp_path_factory, real_project):
    """{(notebook, lang): (output notebook, figures dir, charts expected, the PNG charts the run
    wrote)}; the runs of BUILT are the real build's (its figures dir shared by its runs)."""
    if not (DATA_PROCESSED / "figures.csv").is_file():
        pytest.skip("data/processed is not built")
    root = tmp_path_factory.mktemp("notebooks")
    jobs = {}
    with ThreadPoolExecutor(2) as pool:
        for notebook, lang, extra, charts in RUNS:
            key = (notebook, lang)
            if key in BUILT:
                continue
            figures = root / f"{notebook}-{lang}" / "figures"
            output = root / f"{notebook}-{lang}.ipynb"
            params = {"lang": lang, "data_dir": str(DATA_PROCESSED), "figures_dir": str(figures),
                      "formats": ["png", "svg"], **extra}
            jobs[key] = (pool.submit(_execute, notebook, output, params), output, figures, charts)
        for future, *_ in jobs.values():
            future.result()  # a failed run raises here
        done = {key: (output, figures, charts, sorted((figures / key[1]).glob("*.png")))
                for key, (_, output, figures, charts) in jobs.items()}
    recorded = recorded_outputs(real_project)
    for notebook, lang, _, charts in RUNS:
        if (notebook, lang) in BUILT:
            written = sorted(p for p in recorded[f"{notebook}.{lang}"] if p.suffix == ".png")
            done[(notebook, lang)] = (real_project / "reports" / f"{notebook}.{lang}.ipynb", real_project / "figures", charts, written)
    return done


@pytest.mark.parametrize("notebook, lang", [(n, lang) for n, lang, _, _ in RUNS])
def test_notebook_writes_its_charts(executed, notebook, lang):
    from PIL import Image

    output, figures, charts, written = executed[(notebook, lang)]
    assert json.loads(output.read_text(encoding="utf-8"))["metadata"]["papermill"]["parameters"]["lang"] == lang
    for chart in charts:
        png, svg = figures / lang / f"{chart}.png", figures / lang / f"{chart}.svg"
        assert png.is_file() and svg.is_file(), f"{chart} not written"
        with Image.open(png) as im:
            im.verify()
            assert im.format == "PNG" and im.size[0] > 500
        assert ET.parse(svg).getroot().tag.endswith("svg")
    assert sorted(p.stem for p in written) == sorted(charts)


@pytest.mark.parametrize("notebook, lang", [(n, lang) for n, lang, _, _ in RUNS])
def test_outputs_are_clean(executed, notebook, lang):
    output, _, charts, _ = executed[(notebook, lang)]
    saved = json.loads(output.read_text(encoding="utf-8"))
    images = 0
    for cell in saved["cells"]:
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", out
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), out["text"]
            text = json.dumps({k: v for k, v in out.items() if k != "data"}) + "".join(
                out.get("data", {}).get("text/plain", ""))
            for bad in BAD_TEXT:
                assert bad not in text, f"{notebook} ({lang}): {bad!r} in an output: {text[:300]}"
            images += "image/png" in out.get("data", {})
    assert images == len(charts), "every chart is shown inline"


@pytest.mark.parametrize("notebook, parameters, valid", [
    ("30_social_security", {"lang": "fr"}, ["zh", "en"]),
    ("40_audit", {"formats": ["gif"]}, ["png", "svg", "pdf"]),
    ("50_village_profile", {"village": "北房神村"},
     ["did you mean 北房身村?", "beifangshen (北房身村, Beifangshen Village)", "nanlu", "erangou"]),
])
def test_bad_parameter_stops_in_the_first_cell(tmp_path, notebook, parameters, valid):
    with pytest.raises(papermill.PapermillExecutionError) as err:
        _execute(notebook, tmp_path / "out.ipynb", {"figures_dir": str(tmp_path / "figures"), **parameters})
    assert err.value.ename == "ParameterError"
    name, value = next(iter(parameters.items()))
    shown = value[0] if isinstance(value, list) else value
    assert f"{name}={shown!r} is not valid" in err.value.evalue
    for v in valid:
        assert v in err.value.evalue
    assert not (tmp_path / "figures").exists()


def test_runs_from_another_folder_with_defaults_but_the_figures(tmp_path):
    """The papermill command from an unrelated cwd: relative data_dir is the project's."""
    exe = Path(sys.executable).parent / "papermill"
    if not exe.exists():
        pytest.skip(f"the papermill command is not installed beside {sys.executable}")
    out = subprocess.run([str(exe), str(NOTEBOOKS_DIR / "50_village_profile.ipynb"), "out.ipynb",
                          "--no-progress-bar", "-p", "village", "erangou", "-p", "figures_dir",
                          str(tmp_path / "figures")], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert (tmp_path / "figures" / "zh" / "village_erangou_profile.png").is_file()
