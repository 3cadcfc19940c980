"""Exploring in JupyterLab, as `make lab` starts it: a real JupyterLab server (started
here with the Makefile's own arguments, on 127.0.0.1, a free port, a token,
--allow-root when root, --no-browser) opens at the notebooks folder, and headless
Debian Chromium opens one of the project's notebooks, runs all its cells, and sees no
error output and at least one chart.

The notebook is a copy whose figures go to a temporary folder (data are read from the
project's data/processed), so the test leaves figures/ alone. Also here: the git
filter that keeps notebook outputs out of commits (scripts/strip_outputs.py).
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from lingyuan import NOTEBOOKS_DIR, PROJECT_ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NOTEBOOK = "40_audit.ipynb"
STRIP = PROJECT_ROOT / "scripts" / "strip_outputs.py"


def makefile_lab_args() -> list[str]:
    """The arguments `make lab` gives JupyterLab (LAB_ARGS in the Makefile)."""
    text = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^LAB_ARGS\s*:?=\s*(.+)$", text, re.M)
    assert match, "the Makefile defines LAB_ARGS for `make lab`"
    return match.group(1).split()


def test_make_lab_passes_allow_root_only_to_root():
    text = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^lab:.*\n\t(.+)$", text, re.M).group(1)
    assert "$(LAB_ARGS)" in recipe and "$(ROOT_ARGS)" in recipe
    assert re.search(r"^ROOT_ARGS\s*=\s*\$\(if \$\(filter 0,\$\(shell id -u\)\),--allow-root\)", text, re.M)
    assert "--ServerApp.root_dir=." in makefile_lab_args(), "the project root, so data/ is reachable"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of one notebook; yields (base URL, token, folder)."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does it)")
    root = tmp_path_factory.mktemp("lab")
    figures = root / "figures"
    nb = json.loads((NOTEBOOKS_DIR / NOTEBOOK).read_text(encoding="utf-8"))
    params = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    source = "".join(params["source"])
    assert 'figures_dir: str = "figures"' in source
    params["source"] = source.replace('figures_dir: str = "figures"', f'figures_dir: str = "{figures}"')
    (root / "notebooks").mkdir()
    (root / "notebooks" / NOTEBOOK).write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT),
               JUPYTER_RUNTIME_DIR=str(root / ".runtime"), JUPYTERLAB_WORKSPACES_DIR=str(root / ".workspaces"))
    args = [str(Path(sys.executable).parent / "jupyter"), "lab", *makefile_lab_args(), "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", "--expose-app-in-browser"]
    if os.geteuid() == 0:
        args.append("--allow-root")
    log = open(root / "lab.log", "wb")
    server = subprocess.Popen(args, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n" + (root / "lab.log").read_text(errors="replace")[-3000:])
                time.sleep(0.5)
        yield base, token, root
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)  # the server we started and its kernels
            server.wait()
        log.close()


@pytest.mark.browser
def test_lab_opens_at_the_notebooks_folder(lab):
    base, token, _ = lab
    with urllib.request.urlopen(f"{base}/?token={token}", timeout=30) as response:
        assert response.url.split("?")[0].endswith("/lab/tree/notebooks")


@pytest.mark.browser
def test_a_notebook_runs_in_jupyterlab_with_charts_and_no_error(lab):
    from playwright.sync_api import sync_playwright

    base, token, root = lab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{base}/lab/tree/notebooks/{NOTEBOOK}?token={token}")
            page.wait_for_function(
                "() => window.jupyterapp && jupyterapp.shell.currentWidget"
                " && jupyterapp.shell.currentWidget.sessionContext"
                " && jupyterapp.shell.currentWidget.sessionContext.session"
                " && jupyterapp.shell.currentWidget.sessionContext.session.kernel", timeout=120_000)
            page.evaluate("async () => { await jupyterapp.shell.currentWidget.sessionContext.ready; }")
            page.evaluate("async () => { await jupyterapp.commands.execute('notebook:run-all-cells'); }")
            page.wait_for_function(
                """() => { const w = jupyterapp.shell.currentWidget; const cells = w.content.model.cells;
                    if (w.sessionContext.session.kernel.status !== 'idle') return false;
                    for (let i = 0; i < cells.length; i++) {
                        const c = cells.get(i);
                        if (c.type === 'code' && c.sharedModel.getSource().trim() && !c.executionCount) return false;
                    }
                    return true; }""", timeout=120_000)
            outputs = page.evaluate(
                """() => { const cells = jupyterapp.shell.currentWidget.content.model.cells; const out = [];
                    for (let i = 0; i < cells.length; i++) {
                        const c = cells.get(i);
                        if (c.type === 'code') out.push(c.toJSON().outputs.map(o => [o.output_type, o.ename || '', o.evalue || '']));
                    }
                    return out; }""")
            errors = [o for cell in outputs for o in cell if o[0] == "error"]
            assert not errors, f"error outputs in JupyterLab: {errors}"
            page.wait_for_selector(".jp-OutputArea-output img", timeout=30_000)
            images = page.evaluate(
                "Array.from(document.querySelectorAll('.jp-OutputArea-output img')).map(i => i.naturalWidth)")
            assert images and all(w > 0 for w in images), "at least one chart is shown"
            assert list((root / "figures").rglob("*.png")), "the notebook wrote its charts where it was told"
        finally:
            browser.close()


# ---------------------------------------------------------------------------
# Outputs stay out of commits
# ---------------------------------------------------------------------------

def _strip(text: str) -> str:
    return subprocess.run([sys.executable, str(STRIP)], input=text.encode("utf-8"),
                          capture_output=True, check=True).stdout.decode("utf-8")


def test_the_git_filter_strips_what_a_lab_session_leaves():
    path = NOTEBOOKS_DIR / NOTEBOOK
    committed = path.read_text(encoding="utf-8")
    assert _strip(committed) == committed, "a clean notebook passes unchanged (no spurious diff)"
    nb = json.loads(committed)
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["42\n"]}]
    code["execution_count"] = 3
    code["metadata"]["execution"] = {"iopub.status.busy": "2026-11-28T18:00:00Z"}
    nb["metadata"]["widgets"] = {"state": {}}
    assert _strip(json.dumps(nb, indent=1, ensure_ascii=False)) == committed
    assert _strip("not a notebook {") == "not a notebook {", "anything else passes through"


def test_the_filter_is_declared_for_notebooks_and_set_up_by_make_setup():
    attributes = (PROJECT_ROOT / ".gitattributes").read_text(encoding="utf-8")
    assert re.search(r"^\*\.ipynb\s+filter=strip-outputs\s*$", attributes, re.M)
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    setup = makefile.split("\nsetup:", 1)[1].split("\n\n", 1)[0]
    assert 'filter.strip-outputs.clean "python3 scripts/strip_outputs.py"' in setup
    check = subprocess.run([sys.executable, str(STRIP), "--check", *map(str, NOTEBOOKS_DIR.glob("*.ipynb"))],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
