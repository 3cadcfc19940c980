"""The runner wing (``python -m lingyuan run``): the run matrix (:mod:`.matrix`), the
cache (:mod:`.cache`), kernel execution (:mod:`.execute`, with :mod:`.kernelfork` and
:mod:`.kernelclient`), the scheduler (:mod:`.schedule`), the command (:mod:`.cli`),
the report pages (:mod:`.pages`) and the site (:mod:`.publish`). Notebooks are read
by :mod:`.notebook`; :mod:`.basics` holds the small helpers every module shares.

From Python: ``run_matrix(...) -> RunSummary`` and ``load_matrix(...) -> Matrix``.

The names below are imported when first used (PEP 562), so that ``python -m lingyuan
run`` with nothing to do loads only the modules that decide so.
"""
from __future__ import annotations

import importlib

# public name -> the module that defines it
_EXPORTS = {
    **dict.fromkeys(("input_files",), "basics"),
    **dict.fromkeys(("CACHE_DIR", "CACHE_NAME", "KEY_VERSION", "Cache", "FileHashes", "RunnerError",
                     "package_hash", "run_key"), "cache"),
    **dict.fromkeys(("run_arguments", "run_command"), "cli"),
    **dict.fromkeys(("OutputGuard",), "execute"),
    **dict.fromkeys(("RunResult", "report_paths"), "results"),
    **dict.fromkeys(("DEFAULT_MATRIX", "ENTITIES_CSV", "FIGURES_CSV", "MAX_NAME", "MAX_RUNS", "Matrix",
                     "MatrixError", "Run", "check_parameters", "entities_with_figures", "load_matrix",
                     "name_problem"), "matrix"),
    **dict.fromkeys(("cells_hash", "notebook_parameters", "read_notebook"), "notebook"),
    **dict.fromkeys(("DEFAULT_KERNEL", "DEFAULT_TIMEOUT", "PACKAGE_DIR", "RunSummary", "Scheduler",
                     "run_matrix"), "schedule"),
}


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
