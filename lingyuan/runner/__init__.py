"""The runner wing: the run matrix, the cache, kernel execution (forked kernels), the
scheduler and the published HTML reports (``python -m lingyuan run``)."""
from lingyuan.runner.core import *  # noqa: F401,F403
from lingyuan.runner.core import (  # noqa: F401
    _kernel_manager_class,
    _Kernels,
    _papermill,
    _relative,
    run_arguments,
    run_command,
)
