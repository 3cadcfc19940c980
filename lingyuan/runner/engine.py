"""The papermill engine of ``python -m lingyuan run``: papermill's own (nbclient), writing
the executed notebook once at the end instead of after every cell.

papermill's engine writes the whole notebook (validated by nbformat, then serialised)
when each cell starts and when it ends: two writes of a notebook that grows to half a
megabyte of charts, per cell, in the runner's process, while the kernels wait for the
CPU. Nobody reads those intermediate files: the runner keeps the executed notebook
under a temporary name until the run is over. So this engine keeps the notebook in
memory, and writes it where papermill would have, with everything the cells had
recorded, only when the run ends with an exception (a kernel that died or was killed
by ``--timeout``): that file is what the runner reads to tell which cell was running.
papermill itself writes the notebook when the run ends normally, and, with the
error banner, when a cell raised.

Only imported where papermill already is (``lingyuan.runner.notebook.import_papermill``).
"""
from __future__ import annotations

from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

#: The engine's name for ``papermill.execute_notebook(engine_name=...)``.
ENGINE_NAME = "lingyuan"


class _DeferredSaves(NotebookExecutionManager):
    """papermill's execution manager, whose per-cell saves keep the notebook in memory."""

    def save(self, **kwargs) -> None:
        self.last_save_time = self.now()

    def write(self) -> None:
        NotebookExecutionManager.save(self)


class OneWriteEngine(NBClientEngine):
    @classmethod
    def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=True, log_output=False,
                         autosave_cell_every=30, **kwargs):
        nb_man = _DeferredSaves(nb, output_path=output_path, progress_bar=progress_bar,
                                log_output=log_output, autosave_cell_every=autosave_cell_every)
        nb_man.notebook_start()
        try:
            cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
        except BaseException:
            nb_man.write()  # as papermill's last per-cell save had left it
            raise
        finally:
            nb_man.cleanup_pbar()
            nb_man.notebook_complete()
        return nb_man.nb


papermill_engines.register(ENGINE_NAME, OneWriteEngine)
