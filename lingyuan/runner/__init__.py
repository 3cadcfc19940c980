"""The runner wing (``python -m lingyuan run``): the run matrix (:mod:`.matrix`), the
cache (:mod:`.cache`), kernel execution (:mod:`.execute`, with :mod:`.kernelfork` and
:mod:`.kernelclient`), the scheduler (:mod:`.schedule`), the command (:mod:`.cli`),
the report pages (:mod:`.pages`) and the site (:mod:`.publish`). Notebooks are read
by :mod:`.notebook`; :mod:`.basics` holds the small helpers every module shares.

From Python: ``run_matrix(...) -> RunSummary`` and ``load_matrix(...) -> Matrix``.
"""
from lingyuan.runner.basics import input_files  # noqa: F401
from lingyuan.runner.cache import (  # noqa: F401
    CACHE_DIR,
    CACHE_NAME,
    KEY_VERSION,
    Cache,
    FileHashes,
    RunnerError,
    package_hash,
    run_key,
)
from lingyuan.runner.cli import run_arguments, run_command  # noqa: F401
from lingyuan.runner.execute import OutputGuard, RunResult, report_paths  # noqa: F401
from lingyuan.runner.matrix import (  # noqa: F401
    DEFAULT_MATRIX,
    ENTITIES_CSV,
    FIGURES_CSV,
    MAX_NAME,
    MAX_RUNS,
    Matrix,
    MatrixError,
    Run,
    check_parameters,
    entities_with_figures,
    load_matrix,
    name_problem,
)
from lingyuan.runner.notebook import cells_hash, notebook_parameters, read_notebook  # noqa: F401
from lingyuan.runner.schedule import (  # noqa: F401
    DEFAULT_KERNEL,
    DEFAULT_TIMEOUT,
    PACKAGE_DIR,
    RunSummary,
    Scheduler,
    run_matrix,
)
