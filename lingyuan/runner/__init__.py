"""The runner wing (``python -m lingyuan run``): the run matrix (:mod:`.matrix`), the
cache (:mod:`.cache`), kernel execution (:mod:`.execute`, with :mod:`.kernelfork` and
:mod:`.kernelclient`), the scheduler (:mod:`.schedule`), the command (:mod:`.cli`) and
the published HTML reports (:mod:`.publish`).

From Python: ``run_matrix(...) -> RunSummary`` and ``load_matrix(...) -> Matrix``.
"""
from lingyuan.runner.cache import (  # noqa: F401
    CACHE_DIR,
    CACHE_NAME,
    KEY_VERSION,
    Cache,
    RunnerError,
    _FileHashes,
    input_files,
    package_hash,
    run_key,
)
from lingyuan.runner.cli import run_arguments, run_command  # noqa: F401
from lingyuan.runner.execute import (  # noqa: F401
    OutputGuard,
    RunResult,
    _Kernels,
    _kernel_manager_class,
    _papermill,
    report_paths,
)
from lingyuan.runner.matrix import (  # noqa: F401
    DEFAULT_MATRIX,
    ENTITIES_CSV,
    FIGURES_CSV,
    MAX_NAME,
    MAX_RUNS,
    Matrix,
    MatrixError,
    Run,
    _relative,
    cells_hash,
    check_parameters,
    entities_with_figures,
    load_matrix,
    name_problem,
    notebook_parameters,
    read_notebook,
)
from lingyuan.runner.schedule import (  # noqa: F401
    DEFAULT_KERNEL,
    DEFAULT_TIMEOUT,
    PACKAGE_DIR,
    RunSummary,
    Scheduler,
    run_matrix,
)
