"""Preloaded kernels (lingyuan.runner.kernelfork): what `python -m lingyuan run` relies on when
it forks kernels from one process that imported the notebooks' libraries once.

A forked kernel must behave as a kernel started anew: papermill drives it, it is a
session of its own (so the runner's kill reaches it alone), its parent poller
watches the fork server, matplotlib figures show inline, NumPy's generator differs
from its siblings', and it works in the folder it is given. Kernels it cannot fork
(another interpreter, another environment) start the usual way, and closing the
server leaves no kernel behind.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from jupyter_client.connect import write_connection_file

from lingyuan import PROJECT_VARIABLE, runner
from lingyuan.runner.execute import Kernels, kernel_manager_class
from lingyuan.runner.kernelfork import KERNEL_MODULES, ForkServer, notebook_imports, server_environment
from lingyuan.runner.notebook import import_papermill

pytestmark = pytest.mark.notebook

PROBE = """\
import json, os, sys
print(json.dumps({
    "pid": os.getpid(), "ppid": os.getppid(), "sid": os.getsid(0),
    "cwd": os.getcwd(), "parent_env": os.environ.get("JPY_PARENT_PID"),
    "preloaded": all(m in sys.modules for m in ("pandas", "matplotlib.pyplot", "lingyuan.analysis.charts")),
}))
"""
PLOT = "import matplotlib.pyplot as plt\nplt.plot([1, 3, 2]);"
RANDOM = "import numpy\nprint(numpy.random.randint(1 << 30))"
#: the toy notebooks of the runner's tests: a server for them preloads only ipykernel's modules
TOY = sorted((Path(__file__).parent / "data" / "notebooks").glob("*.ipynb"))


@pytest.fixture
def forks():
    """A ready fork server, started when the test body runs: pytest changes the
    environment between phases (PYTEST_CURRENT_TEST), and a kernel whose environment
    differs from the server's is rightly started anew."""
    servers = []

    def start(env: dict | None = None, notebooks=None) -> ForkServer:
        server = ForkServer(env=env, notebooks=notebooks)
        servers.append(server)
        assert server.settled.wait(60) and server.ready.is_set(), "the fork server did not get ready"
        return server

    yield start
    for server in servers:
        server.close()


def _notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in (PROBE, PLOT, RANDOM)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "probe.ipynb"
    nbformat.write(nb, path)
    return path


def _execute(path: Path, out: Path, forks, cwd: Path | None = None, env: dict | None = None):
    papermill = import_papermill()
    km_class = kernel_manager_class(Kernels(), out.parent, forks, env)
    return papermill.execute_notebook(
        str(path), str(out), kernel_name=runner.DEFAULT_KERNEL, progress_bar=False,
        log_output=False, shutdown_kernel="immediate", kernel_manager_class=km_class,
        cwd=None if cwd is None else str(cwd), extra_arguments=["--IPKernelApp.log_level=ERROR"])


def _stdout(cell) -> str:
    return "".join(o.get("text", "") for o in cell["outputs"] if o.get("name") == "stdout")


def test_a_forked_kernel_runs_a_notebook_like_a_new_one(forks, tmp_path):
    forks = forks()
    path = _notebook(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    first = _execute(path, tmp_path / "one.ipynb", forks, cwd=work)
    second = _execute(path, tmp_path / "two.ipynb", forks)
    assert forks.forked == 2

    probe = json.loads(_stdout(first.cells[0]))
    assert probe["ppid"] == forks.proc.pid          # a child of the fork server ...
    assert probe["preloaded"]                        # ... which had imported the libraries
    assert probe["sid"] == probe["pid"]              # a session of its own: killpg reaches it alone
    assert probe["parent_env"] == str(forks.proc.pid)
    assert Path(probe["cwd"]) == work.resolve()      # the folder papermill asked for

    # matplotlib's inline backend is active: the plot is an image output
    assert any("image/png" in o.get("data", {}) for o in first.cells[1]["outputs"])
    # NumPy's global generator is reseeded in every kernel
    assert _stdout(first.cells[2]) != _stdout(second.cells[2])


# a kernel's first chart, written to the folder given; what the kernel had imported before it
CHART = """\
import json, sys
warm = "matplotlib.backends.backend_svg" in sys.modules
from lingyuan.analysis import chartfiles, profile
fig = profile.profile_chart(profile.load(), "beifangshen", "zh")
chartfiles.save(fig, "p", topic="t", lang="zh", figures_dir={folder!r}, formats=["png", "svg"], show=False)
print(json.dumps({{"warm": warm}}))
"""


def _font_files(pid: int) -> list[str]:
    """The font files process *pid* holds open."""
    links = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            links.append(os.readlink(fd))
        except OSError:  # closed meanwhile
            continue
    return [link for link in links if link.lower().endswith((".ttf", ".otf", ".ttc"))]


def test_kernels_forked_after_the_first_start_warm_and_draw_the_same_bytes(forks, tmp_path):
    """Once the first kernel is forked, the server draws a sample chart (``WARM``): a kernel
    forked later has the chart backends imported before its first chart, draws it byte for
    byte as a new interpreter does, and shares no font file with the server (two processes
    reading glyphs through one inherited file would share its offset)."""
    forks = forks()

    def chart(name: str) -> tuple[dict, bytes, bytes]:
        folder = tmp_path / name
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CHART.format(folder=str(folder)))])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(nb, path)
        out = _execute(path, tmp_path / f"{name}.out.ipynb", forks)
        return (json.loads(_stdout(out.cells[0])),
                *((folder / "zh" / f"t_p.{fmt}").read_bytes() for fmt in ("png", "svg")))

    first, second = chart("first"), chart("second")
    assert forks.forked == 2
    assert not first[0]["warm"]   # forked before the server drew anything
    assert second[0]["warm"]      # forked after the sample chart
    assert _font_files(forks.proc.pid) == []
    fresh = tmp_path / "fresh"
    subprocess.run([sys.executable, "-c", CHART.format(folder=str(fresh))], check=True,
                   capture_output=True, env={**os.environ, "MPLBACKEND": "agg"})
    assert first[1:] == second[1:] == tuple((fresh / "zh" / f"t_p.{fmt}").read_bytes() for fmt in ("png", "svg"))


def test_the_server_preloads_what_the_notebooks_to_run_import(forks, tmp_path):
    """A matrix of notebooks that import little gets a server that imports little (the
    project's preload costs about a second of CPU per `run`): a kernel forked for the toy
    notebooks starts without pandas or matplotlib, one for the project's with them."""
    small = forks(notebooks=TOY)
    path = _notebook(tmp_path)
    probe = json.loads(_stdout(_execute(path, tmp_path / "small.ipynb", small).cells[0]))
    assert probe["ppid"] == small.proc.pid and not probe["preloaded"]
    project = forks()
    probe = json.loads(_stdout(_execute(path, tmp_path / "project.ipynb", project).cells[0]))
    assert probe["ppid"] == project.proc.pid and probe["preloaded"]


def test_notebook_imports_reads_the_import_statements_of_the_code_cells(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("import markdown_is_not_code"),
                nbformat.v4.new_code_cell("import json, os.path\nfrom lingyuan.analysis import charts, words as w"),
                nbformat.v4.new_code_cell("%matplotlib inline\n!ls\nfrom . import local\nfrom csv import *\nimport json"),
                nbformat.v4.new_code_cell("def broken(:\n    import never")]
    nbformat.write(nb, tmp_path / "a.ipynb")
    assert notebook_imports([tmp_path / "a.ipynb", tmp_path / "missing.ipynb"]) == [
        "json", "os.path", "lingyuan.analysis", "lingyuan.analysis.charts", "lingyuan.analysis.words", "csv"]
    assert "ipykernel.kernelapp" in KERNEL_MODULES


# what the project's tables were when the kernel started, and what its notebook loads
TABLES = """\
import json, sys
from lingyuan import dataset
kept = len(sys.modules["lingyuan.dataset.load"]._READ)
tables = dataset.load()
print(json.dumps({"kept": kept, "value": tables.value("hospital-costs").to_eng_string()}))
"""


def test_a_forked_kernel_loads_the_tables_as_they_are_now(forks, tmp_project, tmp_path):
    """The server reads the project's tables once for the kernels it forks; a kernel
    forked after they changed loads the new ones."""
    env = {**os.environ, PROJECT_VARIABLE: str(tmp_project)}
    forks = forks(env)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(TABLES)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "tables.ipynb"
    nbformat.write(nb, path)

    def loaded(out: str) -> dict:
        return json.loads(_stdout(_execute(path, tmp_path / out, forks, env=env).cells[0]))

    first = loaded("one.ipynb")
    assert first == {"kept": 3, "value": "59532000"}     # read by the server, before the fork
    figures = tmp_project / "data" / "processed" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",59532000,", ",59532001,"),
                       encoding="utf-8")
    assert loaded("two.ipynb")["value"] == "59532001"
    assert forks.forked == 2


def test_kernels_it_cannot_fork_start_the_usual_way(forks, tmp_path):
    forks = forks(notebooks=TOY)  # (preloading little: quicker)
    kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", "x.json"]
    assert forks.can_fork(kernel, None)
    # jupyter_client's own variables do not count; ipykernel's default backend neither
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    assert forks.can_fork(kernel, {**env, "JPY_PARENT_PID": "1", "JPY_SESSION_NAME": "x"})
    # another interpreter, another kernel, another environment: no
    assert not forks.can_fork(["/opt/other/bin/python", *kernel[1:]], None)
    assert not forks.can_fork([sys.executable, "-m", "other_kernel", "-f", "x.json"], None)
    assert not forks.can_fork(kernel, {**server_environment(), "EXTRA_SETTING": "1"})
    assert forks.spawn([sys.executable, "-m", "other_kernel"], None) is None

    # and the runner then starts it anew: the notebook still runs
    path = _notebook(tmp_path)
    nb = _execute(path, tmp_path / "out.ipynb", None)
    assert json.loads(_stdout(nb.cells[0]))["ppid"] == os.getpid()
    assert forks.forked == 0


def _start_idle_kernel(forks, folder: Path):
    connection = folder / "kernel.json"
    write_connection_file(str(connection), transport="ipc", ip=str(folder / "k"))
    kernel = forks.spawn([sys.executable, "-m", "ipykernel_launcher", "-f", str(connection),
                          "--IPKernelApp.log_level=ERROR"], server_environment(), str(folder))
    assert kernel is not None and kernel.poll() is None
    os.kill(kernel.pid, 0)  # alive
    return kernel


def _gone(pid: int, within: float = 10.0) -> bool:
    """The process ended (an orphan's zombie, waiting for init to reap it, counts)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


def test_a_killed_kernel_reports_the_signal(forks, tmp_path):
    forks = forks(notebooks=TOY)  # (preloading little: quicker)
    kernel = _start_idle_kernel(forks, tmp_path)
    kernel.kill()
    assert kernel.wait(10) == -signal.SIGKILL
    assert _gone(kernel.pid)


def test_closing_the_server_kills_the_kernels_it_forked(forks, tmp_path):
    forks = forks(notebooks=TOY)  # (preloading little: quicker)
    kernel = _start_idle_kernel(forks, tmp_path)
    forks.close()
    assert forks.proc.returncode is not None
    assert kernel.wait(10) == -signal.SIGKILL
    assert _gone(kernel.pid)
    assert forks.spawn([sys.executable, "-m", "ipykernel_launcher"], None) is None


def test_a_server_that_dies_leaves_no_kernel_and_spawns_nothing(forks, tmp_path):
    forks = forks(notebooks=TOY)  # (preloading little: quicker)
    kernel = _start_idle_kernel(forks, tmp_path)
    os.kill(forks.proc.pid, signal.SIGKILL)
    forks.proc.wait(10)
    # its kernels notice their parent is gone (ipykernel's parent poller, once a second)
    assert _gone(kernel.pid, within=15)
    assert kernel.wait(10) is not None
    assert forks.spawn([sys.executable, "-m", "ipykernel_launcher"], None) is None
